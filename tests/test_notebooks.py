"""Every notebook runs top to bottom in a fresh kernel, follows the house rules, is deterministic,
and works unchanged on a corpus with a sixth document and a fourth framing."""
import json
import re
import shutil

import pytest

import framings as fr
from framings.reproduce import build_report, exercise_paths, notebook_paths, run_notebooks, write_catalogue

from conftest import ROOT, with_reduced_parameters

NOTEBOOKS = notebook_paths(ROOT / "notebooks")
EXERCISES = exercise_paths(ROOT / "notebooks" / "exercises")


def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "01-corpus.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS + EXERCISES, ids=lambda p: p.name)
def test_notebook_is_thin_and_stored_without_outputs(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert not any(c.get("outputs") for c in code), "store notebooks without outputs"
    source = "\n".join("".join(c["source"]) for c in code)
    assert not re.search(r"^\s*(def|class)\s", source, re.M), "move functions into src/framings/"
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
    pngs = sorted(first_run.glob(f"{path.name[:2]}-*.png"))
    assert pngs, f"{path.name} saved no figure"
    for png in pngs:
        sidecar = json.loads(png.with_suffix(".json").read_text(encoding="utf-8"))
        assert sidecar["notebook"] == path.name
        assert sidecar["title"].strip(), f"{png.name}: the sidecar records no title"
        assert sidecar["corpus_checksum"] == fr.corpus_checksum()
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


def test_report_has_a_page_per_notebook_with_its_figures_inline(first_run, tmp_path):
    index = build_report(first_run / "executed", tmp_path / "report")
    contents = index.read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        page = (tmp_path / "report" / f"{path.stem}.html").read_text(encoding="utf-8")
        assert f'href="{path.stem}.html"' in contents
        n_figures = len(list(first_run.glob(f"{path.name[:2]}-*.png")))
        assert page.count("data:image/png;base64") >= n_figures
        assert "Traceback" not in page


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
        assert list(figures.glob(f"{path.name[:2]}-*.png")), f"{path.name} made no figure on the larger corpus"
