"""Every notebook runs top to bottom in a fresh kernel and follows the house rules."""
import json
import re

import pytest

from framings.reproduce import execute_notebook, notebook_paths

from conftest import ROOT

NOTEBOOKS = notebook_paths(ROOT / "notebooks")


def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "01-corpus.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
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
def test_notebook_executes_and_writes_its_figures(path, tmp_path):
    execute_notebook(path, figures=tmp_path)
    number = path.name[:2]
    pngs = sorted(tmp_path.glob(f"{number}-*.png"))
    assert pngs, f"{path.name} saved no figure"
    for png in pngs:
        sidecar = json.loads(png.with_suffix(".json").read_text(encoding="utf-8"))
        assert sidecar["notebook"] == path.name
        assert len(sidecar["corpus_checksum"]) == 64
