"""Every notebook runs top to bottom in a fresh kernel, follows the house rules, is deterministic,
and works unchanged on a corpus with a sixth document and a fourth framing.
(That no cell defines a function or class, and the guide to cell length, are checked in test_course.py.)"""
import html
import json
import pkgutil
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

import framings as fr
from framings.project import build_report, exercise_paths, notebook_paths, run_notebooks, scan_site, site_figures, stage_notebook, stage_site, write_catalogue

from conftest import ROOT, with_reduced_parameters

sys.path.insert(0, str(ROOT / "tools"))
from check_report import check_report  # noqa: E402  (tools/check_report.py: a project check, not library code)

NOTEBOOKS = notebook_paths(ROOT / "notebooks")
EXERCISES = exercise_paths(ROOT / "notebooks" / "exercises")


def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "01-reading.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS + EXERCISES, ids=lambda p: p.name)
def test_notebook_is_thin_and_stored_without_outputs(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert not any(c.get("outputs") or c.get("execution_count") is not None for c in code), (
        f"{path.name} is stored with outputs: run `.venv/bin/nbstripout --keep-id notebooks/*.ipynb "
        "notebooks/exercises/*.ipynb`, or `make install` to install the git filter that strips them on commit")
    source = "\n".join("".join(c["source"]) for c in code)
    assert not re.search(r"['\"]/(work|tmp|home|root)/", source), "no absolute paths"
    assert not re.search(r"^\s*[!%]pip", source, re.M)
    assert "parameters" in code[0].get("metadata", {}).get("tags", []), "first code cell holds the parameters"
    assert cells[0]["cell_type"] == "markdown" and "Question" in "".join(cells[0]["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_teaches(path):
    markdown = "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                         if c["cell_type"] == "markdown")
    assert "You will learn" in markdown
    assert "can and cannot show" in markdown
    exercises = markdown.split("Exercises", 1)[-1]
    assert 3 <= len(re.findall(r"^\d+\. ", exercises, re.M)) <= 6


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes_and_writes_its_figures(path, first_run):
    pngs = sorted(first_run.glob(f"{path.name.split('-')[0]}-*.png"))
    assert pngs, f"{path.name} saved no figure"
    for png in pngs:
        sidecar = json.loads(png.with_suffix(".json").read_text(encoding="utf-8"))
        assert sidecar["notebook"] == path.name
        assert sidecar["title"].strip(), f"{png.name}: the sidecar records no title"
        assert sidecar["corpus_checksum"] == fr.corpus.corpus_checksum()
        assert {"pandas", "matplotlib", "framings"} <= set(sidecar["packages"])


def test_a_second_run_gives_the_same_bytes(first_run, tmp_path):
    run_notebooks(NOTEBOOKS, jobs=2, figures=tmp_path)
    first = {p.name: p.read_bytes() for p in first_run.glob("*.*") if p.is_file()}
    second = {p.name: p.read_bytes() for p in tmp_path.glob("*.*")}
    assert first.keys() == second.keys()
    for number in {name[:2] for name in first}:
        assert any(name.startswith(number) and name.endswith(".png") for name in first)
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == [], f"not deterministic: {differing}"


def test_catalogue_lists_every_figure(first_run, tmp_path):
    # written into a copy: the first run is shared by tests running at the same time (xdist)
    shutil.copytree(first_run, tmp_path / "figures", ignore=shutil.ignore_patterns("executed"))
    catalogue = write_catalogue(tmp_path / "figures").read_text(encoding="utf-8")
    for png in first_run.glob("*.png"):
        assert f"`{png.name}`" in catalogue


@pytest.fixture(scope="module")
def site(first_run, tmp_path_factory):
    """The site built once (Sphinx, ~50 s on two busy cores) from the first run's executed notebooks."""
    out = tmp_path_factory.mktemp("site") / "site"
    build_report(first_run / "executed", out, figures_dir=first_run)
    return out


def test_site_has_a_page_per_notebook_folded_code_and_every_figure_on_the_landing_page(site, first_run):
    index = (site / "index.html").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        page = (site / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")
        assert f'href="notebooks/{path.stem}.html"' in index  # the left navigation
        n_code = sum(c.cell_type == "code" for c in nbformat.read(path, as_version=4).cells)
        assert page.count("tag_hide-input") == n_code, "every code cell folded behind its toggle"
        assert "Traceback" not in page
    pngs = sorted(first_run.glob("*.png"))
    assert pngs
    for png in pngs:
        info = json.loads(png.with_suffix(".json").read_text(encoding="utf-8"))
        anchor = f"figure-{png.stem}"
        assert f'src="_static/thumbs/{png.name}"' in index and (site / "_static" / "thumbs" / png.name).is_file()
        assert f'href="notebooks/{Path(info["notebook"]).stem}.html#{anchor}"' in index
        page = (site / "notebooks" / f"{Path(info['notebook']).stem}.html").read_text(encoding="utf-8")
        assert re.search(rf'<div class="cell[^"]*" id="{anchor}"', page), f"{png.name}: no anchor at its cell"
        assert html.escape(info["title"]) in index, f"{png.name}: its computed title is not a finding"


def test_site_has_glossary_api_reference_and_search(site):
    glossary = (site / "glossary.html").read_text(encoding="utf-8")
    terms = re.findall(r"^\*\*(.+?)\*\*", (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8"), re.M)
    assert terms and glossary.count('<dt id="term-') == len(terms)
    api = (site / "api.html").read_text(encoding="utf-8")
    assert 'href="generated/framings.corpus.html#framings.corpus.load_corpus"' in api
    for module in pkgutil.iter_modules([str(ROOT / "src" / "framings")]):
        if not module.name.startswith("_"):
            assert (site / "generated" / f"framings.{module.name}.html").is_file(), module.name
    corpus = (site / "generated" / "framings.corpus.html").read_text(encoding="utf-8")
    assert 'id="framings.corpus.load_corpus"' in corpus and "Parameters" in corpus
    assert (site / "search.html").is_file() and (site / "searchindex.js").is_file()
    assert scan_site(site).empty
    for page in site.rglob("*.html"):
        scripts = " ".join(re.findall(r"<(?:script|link)\b[^>]*>", page.read_text(encoding="utf-8"))).lower()
        # MathJax is served from the site itself (_static/mathjax/, sphinx-mathjax-offline), never from a CDN
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", scripts), page.name
        assert all(src.split("_static/", 1)[-1].startswith("mathjax/")
                   for src in re.findall(r'src="([^"]*mathjax[^"]*)"', scripts)), page.name
        assert "require" not in scripts and "fonts.g" not in scripts, page.name


def test_every_catalogued_figure_is_placed_at_the_cell_that_saves_it(first_run, tmp_path):
    figures = site_figures(first_run, first_run / "executed")
    assert sorted(figures["figure"]) == sorted(p.name for p in first_run.glob("*.png"))
    assert figures["anchor"].is_unique
    for row in figures.itertuples():
        notebook = nbformat.read(first_run / "executed" / row.notebook, as_version=4)
        assert "save_figure(" in notebook.cells[row.cell].source
        slug = re.sub(r"^[0-9][0-9][a-z]?-", "", row.figure)[:-4]  # 02a-top-terms.png -> top-terms
        assert f'"{slug}"' in notebook.cells[row.cell].source
        anchors = {}
        for other in figures[figures["notebook"] == row.notebook].itertuples():
            anchors.setdefault(other.cell, []).append(other.anchor)
        staged = stage_notebook(notebook, anchors)
        position = next(i for i, c in enumerate(staged.cells) if f"({row.anchor})=" in c.source.splitlines())
        assert staged.cells[position + 1].source == notebook.cells[row.cell].source
    # a sidecar whose notebook is gone cannot be placed: a clear error, not a dead link
    stale = tmp_path / "figures"
    stale.mkdir()
    (stale / "09-gone.json").write_text(json.dumps({"figure": "09-gone.png", "notebook": "09-gone.ipynb"}))
    with pytest.raises(fr.CorpusError, match="09-gone.json: its notebook '09-gone.ipynb'"):
        site_figures(stale, first_run / "executed")


def test_staged_copy_folds_code_and_carries_no_widget_state():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("SEED = 1", metadata={"tags": ["parameters"]}),
                                               nbformat.v4.new_code_cell("bar")])
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    view = {"application/vnd.jupyter.widget-view+json": {"model_id": "x"}, "text/plain": "50%"}
    notebook.cells[1].outputs = [nbformat.v4.new_output("display_data", data=view),
                                 nbformat.v4.new_output("display_data", data={k: view[k] for k in list(view)[:1]})]
    staged = stage_notebook(notebook)
    assert "widgets" not in staged.metadata
    assert [c.metadata["tags"] for c in staged.cells] == [["parameters", "hide-input"], ["hide-input"]]
    assert [dict(o["data"]) for o in staged.cells[1].outputs] == [{"text/plain": "50%"}]  # the view-only one is gone
    assert "widgets" in notebook.metadata and len(notebook.cells[1].outputs) == 2  # the original is untouched


def test_site_refuses_error_cells(first_run, tmp_path):
    executed = tmp_path / "executed"
    executed.mkdir()
    notebook = nbformat.read(first_run / "executed" / NOTEBOOKS[0].name, as_version=4)
    code = next(c for c in notebook.cells if c.cell_type == "code")
    code.outputs.append(nbformat.v4.new_output("error", ename="ValueError", evalue="planted", traceback=[]))
    nbformat.write(notebook, executed / NOTEBOOKS[0].name)
    with pytest.raises(fr.CorpusError, match="ValueError: planted"):
        stage_site(executed, first_run, tmp_path / "stage")


def test_scan_site_finds_cdn_assets_local_paths_and_error_cells(tmp_path):
    (tmp_path / "ok.html").write_text('<a href="https://example.org/paper">a link is not a request</a>'
                                      '<script src="_static/local.js"></script><img src="_images/x.png">')
    (tmp_path / "cdn.html").write_text('<script src="https://cdn.jsdelivr.net/npm/require.js"></script>'
                                       '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Lato">')
    (tmp_path / "style.css").write_text('@font-face { src: url("https://fonts.gstatic.com/x.woff2"); }')
    (tmp_path / "paths.html").write_text("<pre>PosixPath('/work/figures/01-size.png')</pre><p>see /home/ann/x</p>")
    (tmp_path / "error.html").write_text('<div class="output traceback highlight-ipythontb">ValueError</div>')
    (tmp_path / "generated").mkdir()  # API pages: a docstring's made-up example path is fine, this checkout's is not
    (tmp_path / "generated" / "framings.x.html").write_text(f"<p>/home/someone/results/01-size.png</p><p>{ROOT}/src</p>")
    found = scan_site(tmp_path)
    assert sorted(zip(found["file"], found["problem"])) == [
        ("cdn.html", "external asset"), ("cdn.html", "external asset"), ("error.html", "error cell"),
        ("generated/framings.x.html", "local path"),
        ("paths.html", "local path"), ("paths.html", "local path"), ("style.css", "external asset")]


def _chromium_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return shutil.which("chromium") is not None


@pytest.mark.skipif(not _chromium_available(), reason="needs Debian's chromium and the playwright package "
                                                       "(make check-report installs both)")
def test_check_report_passes_the_site_and_fails_a_page_that_goes_online(site, tmp_path):
    first = f"notebooks/{NOTEBOOKS[0].stem}.html"
    results = check_report(site, screenshots=tmp_path / "shots", pages=["index.html", first])
    assert {(r["page"], r["width"]) for r in results} == {(p, w) for p in ("index.html", first) for w in (1280, 420)}
    assert all(r["images"] > 0 and not r["broken"] and not r["external"] for r in results)
    assert (tmp_path / "shots" / "index-mobile.png").is_file()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "index.html").write_text('<html><body><img src="http://example.invalid/x.png"><img src="missing.png">'
                                    '<div style="width:900px">wide</div></body></html>')
    with pytest.raises(fr.CorpusError) as failure:
        check_report(bad, screenshots=tmp_path / "bad-shots")
    message = str(failure.value)
    assert "external request(s) ['http://example.invalid/x.png']" in message
    assert "2 broken image(s)" in message and "px horizontal overflow" in message


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_exercise_solutions_run(path, tmp_path):
    run_notebooks([path], jobs=1, figures=tmp_path)


def test_sixth_document_and_fourth_framing_need_no_code_change(corpus_copy, tmp_path):
    text = ("Azerbaijan's economic diplomacy after 2020 turns on gas exports to the European Union, the Middle "
            "Corridor through the South Caucasus and investment from China, Türkiye and the Gulf states.\n"
            "Energy contracts, transit fees and trade with Central Asia give Baku leverage that it uses to "
            "balance Russia and the West while it courts investors for the reconstruction of Karabakh.\n") * 6
    source = tmp_path / "economy.txt"
    source.write_text(text, encoding="utf-8")
    fr.add_document(source, framing="economic-partnership", title="A sixth source", doc_id="economy-2025",
                    date="2025", corpus_path=corpus_copy)
    corpus = fr.load_corpus(corpus_copy)
    assert len(corpus) == 6 and corpus["framing"].nunique() == 4
    figures = tmp_path / "figures"
    # fewer resamples and a smaller K sweep: this run checks that the notebooks work, not their numbers
    run_notebooks(with_reduced_parameters(NOTEBOOKS, tmp_path / "notebooks"), jobs=2, figures=figures,
                  corpus=corpus_copy)
    for path in NOTEBOOKS:
        assert list(figures.glob(f"{path.name.split('-')[0]}-*.png")), f"{path.name} made no figure on the larger corpus"
