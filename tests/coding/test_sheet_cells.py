"""Coding sheets meet spreadsheets: formula-looking paragraphs are neutralised when written (OWASP), and
``coding score`` accepts both the neutralised form and the error value a spreadsheet saves in their place."""
from __future__ import annotations

import csv
import os
import shutil
import warnings

import pandas as pd
import pytest

import framings as fr
from framings.coding import CODING_SAMPLE_COLUMNS
from framings.project import main
from conftest import ROOT

CODING = ROOT / "corpus" / "coding"
HOSTILE = ["=HYPERLINK(\"http://example.org\",\"click\") is what the paragraph says.",
           "+5 percent in trade, the ministry reported.", "- Military exercises and training, the list goes on.",
           "@everyone was invited to the summit in Baku.", "\tAn indented paragraph about the corridor.",
           "A plain paragraph about the Middle Corridor."]


def _sample(texts):
    rows = [(f"S{i:02d}", f"doc_{i}", "no frame term", len(texts), len(texts), 1.0, text)
            for i, text in enumerate(texts, 1)]
    return pd.DataFrame(rows, columns=CODING_SAMPLE_COLUMNS)


def _cells(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_formula_looking_paragraphs_are_neutralised_in_the_sheet_and_read_back_exactly(tmp_path):
    paths = fr.coding.write_coding_sample(_sample(HOSTILE), tmp_path)
    rows = _cells(tmp_path / "sheet.csv")
    texts = [row[1] for row in rows[1:]]
    assert texts == ["'" + t for t in HOSTILE[:5]] + [HOSTILE[5]]
    assert not [c for row in rows for c in row if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert fr.coding.read_sheet(paths["sheet"])["text"].tolist() == HOSTILE
    assert fr.coding.read_key(paths["key"])["para_id"].tolist() == [f"doc_{i}" for i in range(1, 7)]


def test_a_coding_session_saves_neutralised_and_shows_the_text_as_it_is(tmp_path):
    fr.coding.write_coding_sample(_sample(HOSTILE), tmp_path)
    session = fr.coding.CodingSession(tmp_path / "coder.csv", blank=tmp_path / "sheet.csv", codes=["alliance"])
    assert session.current["text"] == HOSTILE[0]
    session.code("alliance", notes="-- unsure")
    rows = _cells(tmp_path / "coder.csv")
    assert rows[1][1] == "'" + HOSTILE[0] and rows[1][2] == "alliance" and rows[1][3] == "'-- unsure"
    again = fr.coding.CodingSession(tmp_path / "coder.csv", codes=["alliance"])
    assert again.sheet["text"].tolist() == HOSTILE and again.sheet.loc[0, "notes"] == "-- unsure"


def test_the_shipped_sheets_two_formula_looking_cells_are_read_and_scored(paras):
    shipped = _cells(CODING / "coder-a.csv")
    formula_like = [row[0] for row in shipped[1:] if row[1][:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert formula_like == ["S01", "S15"]
    key = fr.coding.read_key(CODING / "sample-key.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        codes = fr.read_coding_sheets([CODING / "coder-a.csv", CODING / "coder-b.csv"], key=key, paras=paras)
    assert set(codes["unit"]) == set(key["id"]) and len(codes) == 2 * len(key)


def _resaved(tmp_path, replace):
    """coder-a.csv as a spreadsheet would save it, with the two formula-looking cells replaced."""
    rows = _cells(CODING / "coder-a.csv")
    for row in rows[1:]:
        if row[0] in ("S01", "S15"):
            row[1] = replace(row[1])
    path = tmp_path / "coder-a.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


@pytest.mark.parametrize("replace, warned", [
    (lambda text: "'" + text, False),      # our own neutralised form, kept by the spreadsheet
    (lambda text: "#NAME?", True),         # Excel evaluated the cell, then saved its error
    (lambda text: "Err:508", True),        # LibreOffice Calc's error for the same
])
def test_neutralised_and_spreadsheet_mangled_cells_are_accepted_with_the_same_codes(tmp_path, paras, replace,
                                                                                    warned):
    key = CODING / "sample-key.csv"
    reference = fr.read_coding_sheets([CODING / "coder-a.csv"], key=key, paras=paras)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        codes = fr.read_coding_sheets([_resaved(tmp_path, replace)], key=key, paras=paras)
    pd.testing.assert_frame_equal(codes, reference)
    messages = [str(w.message) for w in caught if issubclass(w.category, fr.CorpusWarning)]
    if warned:
        assert len(messages) == 2 and "row 2 (id S01)" in messages[0] and "begins with '-'" in messages[0]
    else:
        assert messages == []


def test_a_spreadsheet_error_where_the_paragraph_is_not_formula_like_is_still_an_edit(tmp_path, paras):
    rows = _cells(CODING / "coder-a.csv")
    plain = next(i for i, row in enumerate(rows[1:], 1) if row[1][:1].isalpha())
    rows[plain][1] = "#NAME?"
    path = tmp_path / "coder-a.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(fr.CorpusError, match=rf"row {plain + 1} .*text was edited"):
        fr.read_coding_sheets([path], key=CODING / "sample-key.csv", paras=paras)


def test_cli_score_accepts_a_mangled_sheet(tmp_path, capsys):
    folder = tmp_path / "job"
    folder.mkdir()
    _resaved(folder, lambda text: "#NAME?")
    shutil.copy(CODING / "coder-b.csv", folder / "coder-b.csv")
    shutil.copy(CODING / "sample-key.csv", folder / "sample-key.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = main(["coding", "score", str(folder / "coder-a.csv"), str(folder / "coder-b.csv"), "--n-boot", "50"])
    assert code == 0
    assert "Krippendorff's alpha" in capsys.readouterr().out


def test_a_fifo_given_as_a_sheet_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "coder.csv"
    os.mkfifo(fifo)
    with pytest.raises(fr.CorpusError, match="not a regular file"):
        fr.coding.read_sheet(fifo)


def test_coding_sheets_skips_links_out_of_the_folder_and_fifos(tmp_path):
    folder = tmp_path / "coding"
    folder.mkdir()
    shutil.copy(CODING / "coder-a.csv", folder / "coder-a.csv")
    outside = tmp_path / "outside.csv"
    shutil.copy(CODING / "coder-b.csv", outside)
    os.symlink(outside, folder / "coder-b.csv")
    os.mkfifo(folder / "coder-c.csv")
    assert [p.name for p in fr.coding.coding_sheets(folder)] == ["coder-a.csv"]
