"""fr.export: tables to CSV or Excel in one call, neutralised for spreadsheets, written atomically."""
from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

import framings as fr
from framings import CorpusError

HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+5 percent", "- a list item", "@SUM(A1)", "\ttab", "plain"]


def test_export_is_a_verb_of_the_course_and_of_the_plots_stage():
    assert "export" in fr.__all__ and "export" in fr.plots.__all__
    assert fr.export is fr.plots.export


def test_a_csv_neutralises_text_keeps_numbers_and_reads_back_through_restore(tmp_path):
    table = pd.DataFrame({"text": HOSTILE, "count": [1, -2, 3, -4, 5, 6], "share": [0.5, -0.25, 1, 0, 2, 3.5]})
    path = fr.export(table, tmp_path / "t.csv")
    assert path == tmp_path / "t.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    back = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)
    # every text cell a spreadsheet would evaluate begins with the quote; the others are untouched
    assert back["text"].tolist() == ["'" + t for t in HOSTILE[:5]] + ["plain"]
    assert back["count"].tolist() == [1, -2, 3, -4, 5, 6]  # negative numbers are numbers, not formulas
    assert back["share"].tolist() == [0.5, -0.25, 1, 0, 2, 3.5]
    assert fr.export(table, tmp_path / "t.csv") == path  # rewriting is fine
    from framings._cells import restore_frame
    assert restore_frame(back)["text"].tolist() == HOSTILE


def test_no_cell_of_a_csv_starts_with_a_formula_trigger(tmp_path):
    import csv
    table = pd.DataFrame({"=col": HOSTILE, "x": [-np.inf, np.inf, np.nan, 1, 2, 3]})
    path = fr.export(table, tmp_path / "t.csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert cells[:2] == ["'=col", "x"]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'-inf" in cells and "inf" in cells


def test_an_informative_index_is_written_and_a_default_one_is_not(tmp_path):
    crosstab = pd.crosstab(pd.Series(["a", "b", "a"], name="coder_a"), pd.Series(["x", "y", "y"], name="coder_b"))
    back = pd.read_csv(fr.export(crosstab, tmp_path / "c.csv"), encoding="utf-8-sig")
    assert back.columns.tolist() == ["coder_a", "x", "y"]
    assert back.values.tolist() == [["a", 1, 1], ["b", 0, 1]]
    plain = pd.DataFrame({"a": [1, 2]})
    assert pd.read_csv(fr.export(plain, tmp_path / "p.csv"), encoding="utf-8-sig").columns.tolist() == ["a"]
    assert pd.read_csv(fr.export(plain, tmp_path / "i.csv", index=True),
                       encoding="utf-8-sig").columns.tolist() == ["index", "a"]


def test_several_tables_go_to_one_csv_each_beside_a_csv_name_or_into_a_folder(tmp_path):
    tables = {"terms": pd.DataFrame({"t": ["a"]}), "by doc": pd.Series([1, 2], name="n")}
    paths = fr.export(tables, tmp_path / "out.csv")
    assert {k: p.name for k, p in paths.items()} == {"terms": "out-terms.csv", "by doc": "out-by-doc.csv"}
    folder = fr.export(tables, tmp_path / "tables")
    assert {k: p.relative_to(tmp_path).as_posix() for k, p in folder.items()} == {
        "terms": "tables/terms.csv", "by doc": "tables/by-doc.csv"}
    assert pd.read_csv(folder["by doc"], encoding="utf-8-sig")["n"].tolist() == [1, 2]


def test_a_table_name_cannot_write_outside_the_folder(tmp_path):
    paths = fr.export({"../../escape": pd.DataFrame({"a": [1]})}, tmp_path / "tables")
    assert paths["../../escape"].parent == tmp_path / "tables"
    assert not list(tmp_path.glob("escape*"))


@pytest.mark.parametrize("tables, path, pattern", [
    (pd.DataFrame({"a": [1]}), "t.txt", r"\.csv or \.xlsx"),
    (pd.DataFrame({"a": [1]}), "folder", r"\.csv or \.xlsx"),
    ({}, "t.csv", "no table"),
    ({"a": [1, 2]}, "t.xlsx", "not a pandas DataFrame"),
    ({"a b": pd.DataFrame(), "a-b": pd.DataFrame()}, "t.csv", "same file name"),
    ({"...": pd.DataFrame()}, "t.csv", "no letter or digit"),
    ({"x" * 31 + "1": pd.DataFrame(), "x" * 31 + "2": pd.DataFrame()}, "t.xlsx", "same sheet name"),
    ({"": pd.DataFrame()}, "t.xlsx", "non-empty"),
])
def test_bad_requests_are_clear_errors_and_write_nothing(tmp_path, tables, path, pattern):
    with pytest.raises(CorpusError, match=pattern):
        fr.export(tables, tmp_path / path)
    assert list(tmp_path.iterdir()) == []


def test_an_xlsx_keeps_every_character_as_text_and_numbers_as_numbers(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    table = pd.DataFrame({"text": HOSTILE, "n": [1, -2, np.nan, 4, np.inf, -np.inf],
                          "day": pd.to_datetime(["2025-03-01"] * 6)})
    path = fr.export({"terms": table, "a/b:c": table.head(2)}, tmp_path / "t.xlsx")
    assert path == tmp_path / "t.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["terms", "a-b-c"]
    sheet = book["terms"]
    texts = [cell for cell in sheet["A"][1:]]
    assert [c.value for c in texts] == HOSTILE
    # stored as text, never as a formula; the ones a spreadsheet would evaluate carry Excel's text prefix
    assert {c.data_type for c in texts} == {"s"}
    assert [bool(c.quotePrefix) for c in texts] == [True] * 5 + [False]
    assert [c.value for c in sheet["B"][1:]] == [1, -2, None, 4, "inf", "-inf"]
    assert sheet["C"][1].value.isoformat() == "2025-03-01T00:00:00"
    back = pd.read_excel(path, sheet_name="terms")
    assert back["text"].tolist() == HOSTILE


def test_an_xlsx_without_openpyxl_names_the_install_line(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(CorpusError, match=r'pip install "framings\[import\]"'):
        fr.export(pd.DataFrame({"a": [1]}), tmp_path / "t.xlsx")
    assert not (tmp_path / "t.xlsx").exists()


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = fr.export(pd.DataFrame({"a": [1]}), tmp_path / "t.csv")
    before = path.read_bytes()
    import framings._io as io_module

    def broken(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(io_module.os, "replace", broken)
    with pytest.raises(OSError):
        fr.export(pd.DataFrame({"a": [2]}), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_a_failed_xlsx_save_leaves_no_file_and_no_temporary(tmp_path, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")

    def broken(self, filename):
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken)
    with pytest.raises(OSError):
        fr.export(pd.DataFrame({"a": [2]}), tmp_path / "t.xlsx")
    assert list(tmp_path.iterdir()) == []
