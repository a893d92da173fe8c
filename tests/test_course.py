"""The course (issue 17): every notebook and worked solution states its length (at most 90 minutes) in its first
cell, and no code cell but the parameters cell runs over 12 lines (comments and blank lines not counted)."""
import re

import nbformat
import pytest

from framings.project import exercise_paths, notebook_paths

from conftest import ROOT

NOTEBOOKS = notebook_paths(ROOT / "notebooks") + exercise_paths(ROOT / "notebooks" / "exercises")
MAX_MINUTES = 90
MAX_LINES = 12


def _code_lines(source: str) -> int:
    return sum(1 for line in source.splitlines() if line.strip() and not line.strip().startswith("#"))


def test_the_course_has_its_six_sessions_and_their_solutions():
    names = [path.stem for path in notebook_paths(ROOT / "notebooks")]
    for expected in ["01-reading", "02-counting", "03-log-odds", "04-topics", "05-frames", "06-labels"]:
        assert expected in names, f"notebooks/{expected}.ipynb is missing from the course"
        assert (ROOT / "notebooks" / "exercises" / f"{expected}-solutions.ipynb").exists(), \
            f"notebooks/exercises/{expected}-solutions.ipynb is missing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_states_its_length_in_its_first_cell(path):
    first = nbformat.read(path, as_version=4).cells[0]
    match = re.search(r"About (\d+) minutes", first.source)
    assert match, f"{path.name}: cell 0 does not state its length (write e.g. “*About 75 minutes.*”)"
    assert int(match[1]) <= MAX_MINUTES, f"{path.name}: cell 0 says {match[1]} minutes, more than {MAX_MINUTES}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_code_cell_but_the_parameters_is_over_twelve_lines(path):
    cells = nbformat.read(path, as_version=4).cells
    long = [(number, _code_lines(cell.source)) for number, cell in enumerate(cells)
            if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", [])
            and _code_lines(cell.source) > MAX_LINES]
    assert not long, f"{path.name}: " + "; ".join(
        f"cell {number} has {n} lines (at most {MAX_LINES}; move the plumbing into a framings function)"
        for number, n in long)


def test_the_line_count_ignores_comments_and_blank_lines():
    assert _code_lines("# why\nx = 1\n\n    # more\ny = 2\n") == 2
