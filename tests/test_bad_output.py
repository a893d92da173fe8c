"""Nothing gets out wrong: one table of outputs that meet hostile or degenerate text, each with its verdict.

The companion of ``tests/test_bad_input.py`` (whose harness it uses: a small corpus per case, a hang
guard, no outside byte in any output) for output encoding by destination (issue 26): cells meant for
spreadsheets (OWASP's CSV-injection rule, in ``fr.export`` and the coding sheets), coding sheets after a
spreadsheet mangled them, text drawn by matplotlib, characters that draw nothing inside words, and numbers
that cannot be (a weight of ``inf``, a negative number of bootstrap draws).
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from test_bad_input import (  # noqa: F401
    DOC_A,
    SECRET_SHA,
    Ctx,
    Err,
    Ok,
    _as_text,
    hang_guard,
    make_ctx,
)

import framings as fr
from framings import CorpusError
from framings.coding import CODING_SAMPLE_COLUMNS

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_PARAGRAPHS = [
    "- Military exercises and training were held with the partners of the corridor.",
    "=HYPERLINK(\"http://example.org\",\"the corridor\") is how a hostile paragraph begins.",
    "+5 percent in trade with Russia and the West was reported by the ministry.",
    "@everyone in Baku was invited to the summit on the Middle Corridor, it says.",
]


# --------------------------------------------------------------------------- helpers of the cases

def export_cells(table, name="t.csv", **options):
    """fr.export the table into the case's folder; the CSV's cells as a spreadsheet would parse them."""
    def action(ctx):
        path = fr.export(table, ctx.tmp / name, **options)
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return [cell for row in csv.reader(handle) for cell in row]
    return action


def no_trigger(cells):
    return not [c for c in cells if c[:1] in TRIGGERS]


def export_xlsx(table):
    def action(ctx):
        import openpyxl

        path = fr.export({"t": table}, ctx.tmp / "t.xlsx")
        return [(c.value, c.data_type, bool(c.quotePrefix)) for row in openpyxl.load_workbook(path)["t"].iter_rows()
                for c in row]
    return action


def without_openpyxl(ctx):
    ctx.monkeypatch.setitem(sys.modules, "openpyxl", None)


def formula_doc(ctx):
    """A document whose paragraphs begin like formulas (listed as doc ``f``)."""
    ctx.raw("f.txt", ("\n".join(FORMULA_PARAGRAPHS) + "\n").encode(), listed_as="f")


def _sample(ctx) -> tuple[pd.DataFrame, pd.DataFrame]:
    paras = fr.paragraphs(fr.load_corpus(ctx.folder))
    rows = [(f"S{i:02d}", row.para_id, "x", len(paras), len(paras), 1.0, row.text)
            for i, row in enumerate(paras.itertuples(), 1)]
    return pd.DataFrame(rows, columns=CODING_SAMPLE_COLUMNS), paras


def written_sheet(ctx):
    """``coding sample``'s blind sheet of every paragraph, its cells as a spreadsheet would parse them."""
    paths = fr.coding.write_coding_sample(_sample(ctx)[0], ctx.tmp / "s")
    with open(paths["sheet"], encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def coded_sheet(mangle=None, key_edit=None):
    """Write the sheet of every paragraph, code it, let ``mangle(text) -> text`` play the spreadsheet on the
    formula-looking cells, then read it back against the key and the paragraphs."""
    def action(ctx):
        sample, paras = _sample(ctx)
        fr.coding.write_coding_sample(sample, ctx.tmp / "coding")
        folder = ctx.tmp / "coding"
        with open(folder / "sheet.csv", encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        for row in rows[1:]:
            row[2] = "none"
            if mangle is not None and row[1].lstrip("'")[:1] in TRIGGERS:
                row[1] = mangle(row[1])
        sheet = folder / "coder-a.csv"
        with open(sheet, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
        if key_edit is not None:
            key_edit(folder / "sample-key.csv")
        return fr.read_coding_sheets([sheet], key=folder / "sample-key.csv", paras=paras, codes=["none", "x"])
    return action


def key_cell(column, value, row=0):
    def edit(path):
        key = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        key.loc[row, column] = value
        key.to_csv(path, index=False)
    return edit


def read_bad_key(column, value):
    def action(ctx):
        sample, _ = _sample(ctx)
        fr.coding.write_coding_sample(sample, ctx.tmp / "coding")
        key_cell(column, value)(ctx.tmp / "coding" / "sample-key.csv")
        return fr.coding.read_key(ctx.tmp / "coding" / "sample-key.csv")
    return action


def sheet_special(make):
    def action(ctx):
        path = ctx.tmp / "coder.csv"
        make(ctx, path)
        return fr.coding.read_sheet(path)
    return action


def fifo_sheet(ctx, path):
    import os
    os.mkfifo(path)


def big_sheet(ctx, path):
    ctx.env("FRAMINGS_MAX_FILE_BYTES", "100")
    path.write_text("id,text,code\n" + "".join(f"S{i},some text,\n" for i in range(50)), encoding="utf-8")


def latin1_sheet(ctx, path):
    path.write_bytes("id,text,code\nS01,Türkiye,none\n".encode("latin-1"))


def sheets_in_folder_with_link_out(ctx):
    import os

    folder = ctx.tmp / "coding"
    folder.mkdir()
    (folder / "coder-a.csv").write_text("id,text,code\nS01,a,none\n", encoding="utf-8")
    (ctx.outside / "coder-b.csv").write_text("id,text,code\nS01,OUTSIDE-SECRET,none\n", encoding="utf-8")
    os.symlink(ctx.outside / "coder-b.csv", folder / "coder-b.csv")
    os.mkfifo(folder / "coder-c.csv")
    return [p.name for p in fr.coding.coding_sheets(folder)]


def validity_with_weight(weight):
    def action(ctx):
        sample, paras = _sample(ctx)
        key = sample.drop(columns="text").assign(weight=[weight] + [1.0] * (len(sample) - 1))
        codes = pd.DataFrame({"unit": sample["id"], "coder": "a", "code": "none"})
        codebook = pd.DataFrame({"code": ["alliance", "autonomy", "none", "other"]})
        return fr.lexicon_validity(codes, key, paras, lexicon=ctx.folder / "lexicons" / "frames.yaml",
                                   codebook=codebook)
    return action


CODES = pd.DataFrame({"unit": [1, 1, 2, 2, 3, 3, 4, 4], "coder": list("abababab"),
                      "code": ["x", "x", "y", "y", "x", "y", "y", "y"]})


def sample_of(n):
    return lambda ctx: fr.coding_sample(fr.paragraphs(fr.load_corpus(ctx.folder)), n=n, codebook=False, min_words=1)


def score_cli(n_boot):
    """``coding score`` with ``--n-boot n_boot``: its exit code and what it printed to stderr."""
    def action(ctx):
        from framings.project import main

        code = main(["coding", "score", str(ctx.tmp / "coder-a.csv"), "--n-boot", str(n_boot),
                     "--corpus", str(ctx.folder)])
        return code, ctx.captured_err()
    return action


def agreement(**options):
    return lambda ctx: fr.agreement(CODES, **options)


def save_with(set_text):
    """Draw a figure whose texts ``set_text(fig, ax)`` sets, with matplotlib's default (mathtext on), save it."""
    def action(ctx):
        import matplotlib
        import matplotlib.pyplot as plt

        ctx.env("FRAMINGS_FIGURES", str(ctx.tmp / "figures"))
        with matplotlib.rc_context({"text.parse_math": True}):
            fig, ax = plt.subplots(figsize=(3, 2))
            set_text(fig, ax)
            png = fr.save_figure(fig, "case", notebook="01-case", corpus_path=ctx.folder)
        plt.close(fig)
        return (ctx.tmp / "figures" / png.name).stat().st_size
    return action


def dollars_drawn_literally(ctx):
    import matplotlib
    import matplotlib.pyplot as plt

    def pixels(title, plain):
        with matplotlib.rc_context({"text.parse_math": True}):
            fig, ax = plt.subplots(figsize=(3, 1))
            ax.set_title(title)
            if plain:
                fr.plots.plain_text(fig)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=50)
            plt.close(fig)
        buffer.seek(0)
        return plt.imread(buffer)

    # matplotlib's documented literal dollar is "\$"; the plain text of "US$ 5 vs $ 6" must look the same
    return np.array_equal(pixels("US$ 5 vs $ 6", True), pixels(r"US\$ 5 vs \$ 6", False))


def invisible_doc(char, word="Azerbaijan"):
    """Document ``a`` with ``char`` inside ``word`` (after its fourth letter)."""
    def setup(ctx):
        text = ("Azerbaijan balances Russia and the West in its foreign policy, the text argues.\n"
                "A second paragraph explains the Middle Corridor and its partners in detail.\n")
        text = text.replace(word, word[:4] + char + word[4:], 1)
        ctx.raw("a.txt", text.encode("utf-8"))
        ctx.set(0, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    return setup


def azerbaijan_count(ctx):
    paras = fr.paragraphs(fr.load_corpus(ctx.folder))
    counts = fr.term_counts(fr.tokens(paras[paras["doc_id"] == "a"], stopwords=None))
    return int(counts["azerbaijan"].sum()) if "azerbaijan" in counts.columns else 0


def report_rows(ctx):
    report = fr.cleaning_report(fr.load_corpus(ctx.folder))
    return report[report["rule"] == "invisible character"]


def _plain_error(ctx):
    """A spreadsheet error value where the paragraph does not begin like a formula: an edit, refused."""
    sample, paras = _sample(ctx)
    folder = ctx.tmp / "coding"
    fr.coding.write_coding_sample(sample, folder)
    with open(folder / "sheet.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][1] = "#NAME?"
    with open(folder / "coder-a.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return fr.read_coding_sheets([folder / "coder-a.csv"], key=folder / "sample-key.csv", paras=paras,
                                 codes=["none", "x"])


# (id, setup, action, expected)
CASES = [
    # ---- fr.export: CSV cells meant for spreadsheets (OWASP: a leading ' before = + - @ TAB CR) ------------
    ("export-csv-equals", None, export_cells(pd.DataFrame({"t": ["=1+2"]})), Ok(lambda r, c: r == ["t", "'=1+2"])),
    ("export-csv-plus", None, export_cells(pd.DataFrame({"t": ["+5 percent"]})), Ok(lambda r, c: r == ["t", "'+5 percent"])),
    ("export-csv-minus", None, export_cells(pd.DataFrame({"t": ["- a list item"]})), Ok(lambda r, c: r == ["t", "'- a list item"])),
    ("export-csv-at", None, export_cells(pd.DataFrame({"t": ["@SUM(A1)"]})), Ok(lambda r, c: r == ["t", "'@SUM(A1)"])),
    ("export-csv-tab", None, export_cells(pd.DataFrame({"t": ["\t=1"]})), Ok(lambda r, c: r == ["t", "'\t=1"])),
    ("export-csv-cr", None, export_cells(pd.DataFrame({"t": ["\r=1"]})), Ok(lambda r, c: r == ["t", "'\r=1"])),
    ("export-csv-dde-payload", None, export_cells(pd.DataFrame({"t": ["=cmd|' /C calc'!A0"]})), Ok(lambda r, c: no_trigger(r))),
    ("export-csv-hyperlink", None, export_cells(pd.DataFrame({"t": ['=HYPERLINK("http://x","y")']})), Ok(lambda r, c: no_trigger(r))),
    ("export-csv-header-formula", None, export_cells(pd.DataFrame({"=evil": [1]})), Ok(lambda r, c: r == ["'=evil", "1"])),
    ("export-csv-index-formula", None, export_cells(pd.DataFrame({"n": [1]}, index=pd.Index(["=x"], name="term"))), Ok(lambda r, c: r == ["term", "n", "'=x", "1"])),
    ("export-csv-already-quoted", None, export_cells(pd.DataFrame({"t": ["'=x"]})), Ok(lambda r, c: r == ["t", "''=x"], doc="one quote more: restoring is exact")),
    ("export-csv-negative-number", None, export_cells(pd.DataFrame({"n": [-5, -0.25]})), Ok(lambda r, c: r == ["n", "-5.0", "-0.25"], doc="numbers are not formulas")),
    ("export-csv-minus-inf", None, export_cells(pd.DataFrame({"n": [-np.inf, np.inf]})), Ok(lambda r, c: r == ["n", "'-inf", "inf"])),
    ("export-csv-categorical", None, export_cells(pd.DataFrame({"t": pd.Categorical(["=a", "b"])})), Ok(lambda r, c: r == ["t", "'=a", "b"])),
    ("export-xlsx-formula-is-text", None, export_xlsx(pd.DataFrame({"t": ["=1+2", "plain"]})), Ok(lambda r, c: r[1] == ("=1+2", "s", True) and r[2] == ("plain", "s", False))),
    ("export-xlsx-without-openpyxl", without_openpyxl, lambda c: fr.export(pd.DataFrame({"a": [1]}), c.tmp / "t.xlsx"), Err(r'pip install "framings\[import\]"', "t.xlsx")),
    ("export-bad-suffix", None, lambda c: fr.export(pd.DataFrame({"a": [1]}), c.tmp / "t.json"), Err(r"\.csv or \.xlsx", "t.json")),
    ("export-name-dotdot", None, lambda c: fr.export({"../../x": pd.DataFrame({"a": [1]})}, c.tmp / "out"), Ok(lambda r, c: all(p.parent == c.tmp / "out" for p in r.values()))),
    ("export-not-a-table", None, lambda c: fr.export({"terms": [1, 2]}, c.tmp / "t.csv"), Err("not a pandas DataFrame", "terms")),
    # ---- coding sheets: neutralised when written, accepted neutralised or as a spreadsheet's error value --------
    ("sheet-written-neutralised", formula_doc, written_sheet, Ok(lambda r, c: no_trigger([x for row in r for x in row]) and sum(row[1].startswith("'") for row in r) == 4)),
    ("sheet-read-back-exact", formula_doc, lambda c: fr.coding.read_sheet(fr.coding.write_coding_sample(_sample(c)[0], c.tmp / "s")["sheet"]), Ok(lambda r, c: r["text"].str[:1].isin(TRIGGERS).sum() == 4 and not r["text"].str.startswith("'").any())),
    ("sheet-kept-neutralised", formula_doc, coded_sheet(), Ok(lambda r, c: r["code"].eq("none").all())),
    ("sheet-quote-dropped", formula_doc, coded_sheet(lambda t: t[1:]), Ok(lambda r, c: r["code"].eq("none").all(), doc="a spreadsheet that ate the quote")),
    ("sheet-excel-name-error", formula_doc, coded_sheet(lambda t: "#NAME?"), Ok(lambda r, c: len(r) == 8, warns="a spreadsheet replaced the text by #NAME?")),
    ("sheet-excel-value-error", formula_doc, coded_sheet(lambda t: "#VALUE!"), Ok(lambda r, c: len(r) == 8, warns="#VALUE!")),
    ("sheet-libreoffice-err508", formula_doc, coded_sheet(lambda t: "Err:508"), Ok(lambda r, c: len(r) == 8, warns="Err:508")),
    ("sheet-edited-formula-cell", formula_doc, coded_sheet(lambda t: "an edited text"), Err("text was edited", "coder-a.csv")),
    ("sheet-error-on-plain-paragraph", None, _plain_error, Err("text was edited", "coder-a.csv")),
    ("sheet-fifo", None, sheet_special(fifo_sheet), Err("not a regular file", "coder.csv")),
    ("sheet-too-large", None, sheet_special(big_sheet), Err("above the limit", "coder.csv")),
    ("sheet-not-utf8", None, sheet_special(latin1_sheet), Err("not UTF-8.*CSV UTF-8", "coder.csv")),
    ("sheets-folder-link-out-and-fifo", None, sheets_in_folder_with_link_out, Ok(lambda r, c: r == ["coder-a.csv"])),
    # ---- numbers that cannot be ---------------------------------------------------------------------------
    ("key-weight-inf", None, read_bad_key("weight", "inf"), Err("weight must be a positive, finite number", "sample-key.csv, row 2")),
    ("key-weight-minus-inf", None, read_bad_key("weight", "-inf"), Err("positive, finite", "sample-key.csv")),
    ("key-weight-nan", None, read_bad_key("weight", "nan"), Err("positive, finite", "sample-key.csv")),
    ("key-weight-zero", None, read_bad_key("weight", "0"), Err("positive, finite", "sample-key.csv")),
    ("key-weight-text", None, read_bad_key("weight", "heavy"), Err("positive, finite", "sample-key.csv")),
    ("key-n-sampled-fraction", None, read_bad_key("n_sampled", "2.5"), Err("positive whole number", "sample-key.csv")),
    ("key-stratum-size-inf", None, read_bad_key("stratum_size", "inf"), Err("positive whole number", "sample-key.csv")),
    ("validity-weight-inf", None, validity_with_weight(np.inf), Err("positive, finite", "S01")),
    ("validity-weight-nan", None, validity_with_weight(np.nan), Err("positive, finite", "S01")),
    ("agreement-n-boot-negative", None, agreement(n_boot=-1), Err("n_boot must be a whole number >= 0", "agreement()")),
    ("agreement-n-boot-float", None, agreement(n_boot=2.5), Err("n_boot must be a whole number", "agreement()")),
    ("agreement-n-boot-bool", None, agreement(n_boot=True), Err("n_boot must be a whole number", "agreement()")),
    ("agreement-ci-one", None, agreement(ci=1.0), Err(r"between 0 and 1", "agreement()")),
    ("agreement-ci-nan", None, agreement(ci=float("nan")), Err(r"between 0 and 1", "agreement()")),
    ("score-cli-n-boot-zero", None, score_cli(0), Ok(lambda r, c: r[0] == 2 and "--n-boot" in r[1] and "at least 1" in r[1] and "nan" not in r[1])),
    ("score-cli-n-boot-negative", None, score_cli(-5), Ok(lambda r, c: r[0] == 2 and "at least 1" in r[1])),
    ("sample-n-fraction", None, sample_of(2.5), Err("a whole number; got 2.5", "coding_sample()")),
    ("sample-n-inf", None, sample_of(float("inf")), Err("a whole number; got inf", "coding_sample()")),
    ("sample-n-nan", None, sample_of(float("nan")), Err("a whole number; got nan", "coding_sample()")),
    ("sample-n-zero", None, sample_of(0), Err("choose 1 <= n <=", "coding_sample()")),
    ("agreement-n-boot-zero", None, agreement(n_boot=0), Ok(lambda r, c: np.isnan(r["ci_low"].iloc[0]) and round(float(r["krippendorff_alpha"].iloc[0]), 3) == 0.533, doc="documented: no interval")),
    # ---- matplotlib: text from data drawn as plain text ----------------------------------------------------
    ("plot-title-undefined-macro", None, save_with(lambda f, a: a.set_title(r"cost $\undefinedmacro$")), Ok(lambda r, c: r > 0)),
    ("plot-suptitle-undefined-macro", None, save_with(lambda f, a: f.suptitle(r"$\frac{$")), Ok(lambda r, c: r > 0)),
    ("plot-tick-labels-macro", None, save_with(lambda f, a: a.bar([r"$\undefinedmacro$", "b"], [1, 2])), Ok(lambda r, c: r > 0)),
    ("plot-legend-macro", None, save_with(lambda f, a: (a.plot([1, 2], label=r"$\bad{$"), a.legend())), Ok(lambda r, c: r > 0)),
    ("plot-annotation-macro", None, save_with(lambda f, a: a.annotate(r"$^^$", (0.5, 0.5))), Ok(lambda r, c: r > 0)),
    ("plot-dollars-literal", None, dollars_drawn_literally, Ok(lambda r, c: r is True)),
    # ---- characters that draw nothing, inside a word -------------------------------------------------------
    ("invisible-soft-hyphen", invisible_doc("\u00ad"), azerbaijan_count, Ok(lambda r, c: r == 1, doc="azerbaijan 1 of 1")),
    ("invisible-zwsp", invisible_doc("\u200b"), azerbaijan_count, Ok(lambda r, c: r == 1)),
    ("invisible-zwj-latin", invisible_doc("\u200d"), azerbaijan_count, Ok(lambda r, c: r == 1)),
    ("invisible-zwnj-latin", invisible_doc("\u200c"), azerbaijan_count, Ok(lambda r, c: r == 1)),
    ("invisible-word-joiner", invisible_doc("\u2060"), azerbaijan_count, Ok(lambda r, c: r == 1)),
    ("invisible-bom-inside", invisible_doc("\ufeff"), azerbaijan_count, Ok(lambda r, c: r == 1)),
    ("invisible-rlo", invisible_doc("\u202e"), azerbaijan_count, Ok(lambda r, c: r == 1)),
    ("invisible-lrm", invisible_doc("\u200e"), azerbaijan_count, Ok(lambda r, c: r == 1)),
    ("invisible-fsi", invisible_doc("\u2068"), azerbaijan_count, Ok(lambda r, c: r == 1)),
    ("invisible-report-counts", invisible_doc("\u00ad\u200b"), report_rows, Ok(lambda r, c: r.set_index("matched")["count"].to_dict() == {"soft hyphen (U+00AD)": 1, "zero-width space (U+200B)": 1})),
    ("invisible-kwic-finds", invisible_doc("\u00ad"), lambda c: fr.kwic(fr.paragraphs(fr.load_corpus(c.folder)), "azerbaijan"), Ok(lambda r, c: len(r) >= 1 and r["doc_id"].eq("a").any())),
    ("invisible-frame-match", invisible_doc("\u200b", "balances"), lambda c: fr.frame_scores(fr.paragraphs(fr.load_corpus(c.folder)), lexicon=c.folder / "lexicons" / "frames.yaml"), Ok(lambda r, c: int(r.loc[(r["doc_id"] == "a") & (r["frame"] == "autonomy"), "matches"].sum()) == 1, doc="bal<ZWSP>ances still matches 'balances'")),
    ("joiner-persian-kept", None, lambda c: fr.text.normalize_text("می\u200cخواهم"), Ok(lambda r, c: r == "می\u200cخواهم")),
]


@pytest.mark.usefixtures("hang_guard")
@pytest.mark.parametrize("case_id, setup, action, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_output(case_id, setup, action, expected, tmp_path, monkeypatch, capsys):
    ctx = make_ctx(tmp_path, monkeypatch)
    ctx.captured_err = lambda: capsys.readouterr().err
    if setup is not None:
        setup(ctx)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if isinstance(expected, Err):
            with pytest.raises(CorpusError) as info:
                action(ctx)
            message = str(info.value)
            assert re.search(expected.pattern, message), message
            assert expected.names in message, message
            output = message
        else:
            result = action(ctx)
            assert expected.check(result, ctx), result
            if expected.warns:
                assert any(expected.warns in str(w.message) for w in caught), [str(w.message) for w in caught]
            output = _as_text(result)
    assert "OUTSIDE-SECRET" not in output
    assert SECRET_SHA[:8] not in output


def test_the_table_has_at_least_30_cases_each_with_a_verdict():
    assert len(CASES) >= 30
    assert len({c[0] for c in CASES}) == len(CASES)
    assert all(isinstance(c[3], (Err, Ok)) for c in CASES)
