"""PDF, HTML and DOCX into a corpus (the optional ``import`` extra): files the tests make themselves."""
import hashlib

import pandas as pd
import pytest

import framings as fr
from framings import CorpusError
from framings.corpus import extract

pypdf = pytest.importorskip("pypdf")
trafilatura = pytest.importorskip("trafilatura")
docx = pytest.importorskip("docx")

BODY = "We, the people of the United States, in order to form a more perfect union, gather here tonight."


def make_pdf(path, pages):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with plt.rc_context({"pdf.fonttype": 42}), PdfPages(path) as pdf:
        for text in pages:
            fig = plt.figure(figsize=(8.5, 11))
            if text:
                fig.text(0.05, 0.9, text, fontsize=8)
            else:  # a scanned page: an image, no text layer
                fig.figimage([[0, 1], [1, 0]], resize=False)
            pdf.savefig(fig)
            plt.close(fig)
    return path


def make_html(path):
    nav = "".join(f"<li><a href='/p{n}'>Menu item {n}</a></li>" for n in range(12))
    path.write_text(f"""<!DOCTYPE html><html><head><title>Convention speech</title></head><body>
<nav><ul>{nav}</ul></nav><header><p>Subscribe to our newsletter</p></header>
<article><h1>Convention speech</h1><p>{BODY}</p>
<p>It's 1,000 towns and 7.8 million people who sent us here, and we will not let them down.</p>
<p>Let us build the future together, one community at a time, for every family in the land.</p></article>
<footer><p>Copyright 2024 Example News. All rights reserved.</p></footer></body></html>""", encoding="utf-8")
    return path


def make_docx(path):
    document = docx.Document()
    document.add_heading("Convention speech", level=1)
    document.add_paragraph(BODY)
    document.add_paragraph("Thank you, and good night.")
    document.save(path)
    return path


def test_pdf_text_and_page_count(tmp_path):
    data, info = extract(make_pdf(tmp_path / "speech.pdf", [BODY, "Second page: Türkiye and 1,000 jobs."]))
    text = data.decode("utf-8")
    assert BODY in text and "Türkiye and 1,000 jobs." in text
    assert info == {"reader": "pypdf", "pages": 2, "characters": len(text.strip()), "warnings": ""}


def test_pdf_without_a_text_layer_is_a_warning_or_an_error(tmp_path):
    _, info = extract(make_pdf(tmp_path / "half.pdf", [BODY, ""]))
    assert info["warnings"] == "no text on page(s) 2"
    with pytest.raises(CorpusError, match=r"scanned\.pdf: no text could be extracted \(no text layer — scanned PDF\?"):
        extract(make_pdf(tmp_path / "scanned.pdf", ["", ""]))


def test_html_main_text_without_navigation(tmp_path):
    data, info = extract(make_html(tmp_path / "page.html"))
    text = data.decode("utf-8")
    assert BODY in text and "one community at a time" in text
    assert "Menu item" not in text and "newsletter" not in text and "All rights reserved" not in text
    assert info["reader"] == "trafilatura" and info["warnings"] == ""


def test_docx_paragraphs(tmp_path):
    data, info = extract(make_docx(tmp_path / "speech.docx"))
    assert data.decode("utf-8").split("\n\n") == ["Convention speech", BODY, "Thank you, and good night.\n"]
    assert info["reader"] == "python-docx"


def test_init_from_mixed_formats(tmp_path):
    texts = tmp_path / "documents"
    texts.mkdir()
    make_pdf(texts / "Obama.pdf", [BODY])
    make_html(texts / "Palin.html")
    make_docx(texts / "McCain.docx")
    (texts / "Biden.txt").write_text("Plain text remarks. We will win.\n", encoding="utf-8")
    originals = {p.name: p.read_bytes() for p in texts.iterdir()}
    pd.DataFrame({"file": ["Obama.pdf", "Palin.html", "McCain.docx", "Biden.txt"],
                  "party": ["dem", "rep", "rep", "dem"]}).to_csv(tmp_path / "meta.csv", index=False)
    folder = tmp_path / "corpus"
    meta = fr.init_corpus(folder, texts, tmp_path / "meta.csv", framing_column="party")
    assert meta["doc_id"].tolist() == ["obama", "palin", "mccain", "biden"]
    # original bytes in sources/, untouched; extracted UTF-8 text in raw/ with its checksum
    for name, doc_id, suffix in [("Obama.pdf", "obama", ".pdf"), ("Palin.html", "palin", ".html"),
                                 ("McCain.docx", "mccain", ".docx")]:
        assert (folder / "sources" / f"{doc_id}{suffix}").read_bytes() == originals[name]
    assert {p.name: p.read_bytes() for p in texts.iterdir()} == originals
    assert not (folder / "sources" / "biden.txt").exists()
    for row in meta.itertuples():
        assert hashlib.sha256((folder / "raw" / row.file).read_bytes()).hexdigest() == row.sha256
    report = pd.read_csv(folder / "extraction-report.csv", dtype=str, keep_default_na=False)
    assert report["doc_id"].tolist() == ["obama", "palin", "mccain"]
    assert report["reader"].tolist() == ["pypdf", "trafilatura", "python-docx"]
    assert report.loc[0, "pages"] == "1" and int(report.loc[0, "characters"]) >= len(BODY)
    corpus = fr.load_corpus(folder)
    assert BODY in corpus.set_index("doc_id").loc["obama", "text"]


def test_xlsx_metadata(tmp_path):
    pytest.importorskip("openpyxl")
    texts = tmp_path / "t"
    texts.mkdir()
    (texts / "a.txt").write_text("First text.\n", encoding="utf-8")
    (texts / "b.txt").write_text("Second text.\n", encoding="utf-8")
    pd.DataFrame({"file": ["a.txt", "b.txt"], "side": ["x", "y"], "n": [1, 2]}).to_excel(tmp_path / "m.xlsx", index=False)
    meta = fr.init_corpus(tmp_path / "c", texts, tmp_path / "m.xlsx", framing_column="side")
    assert meta["framing"].tolist() == ["x", "y"] and meta["n"].tolist() == ["1", "2"]
