"""The course (issue 17): every notebook and worked solution states its length (at most 90 minutes) in its first
cell and defines no function or class (anything reusable belongs in src/framings/). Cell length is a guide, not a
rule: a code cell over 20 lines (comments and blank lines not counted; the parameters cell exempt) is listed as a
warning, a hint that a verb may be missing, and the test still passes."""
import ast
import re
import warnings

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from framings.project import exercise_paths, notebook_paths

from conftest import ROOT

NOTEBOOKS = notebook_paths(ROOT / "notebooks") + exercise_paths(ROOT / "notebooks" / "exercises")
MAX_MINUTES = 90
LONG_CELL_LINES = 20


class LongCellWarning(UserWarning):
    """A notebook code cell longer than the guide (LONG_CELL_LINES)."""


def _code_lines(source: str) -> int:
    """Lines of a cell's source that are neither blank nor a comment."""
    return sum(1 for line in source.splitlines() if line.strip() and not line.strip().startswith("#"))


def _definitions(source: str) -> list[str]:
    """The ``def``/``class`` statements of a cell (IPython magics read as Python), as "def name" / "class name"."""
    tree = ast.parse(TransformerManager().transform_cell(source))
    definitions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    found = [node for node in ast.walk(tree) if isinstance(node, definitions)]
    return [f"{'class' if isinstance(node, ast.ClassDef) else 'def'} {node.name}"
            for node in sorted(found, key=lambda node: node.lineno)]


def test_the_course_has_its_six_sessions_and_their_solutions():
    names = [path.stem for path in notebook_paths(ROOT / "notebooks")]
    # sessions 02, 04 and 05 are files of their own since issue 29 split them (02a/02b, 04a/04b, 05a-05d)
    for expected in ["01-reading", "02a-counting", "02b-keyness", "03-log-odds", "04a-fitting-topics",
                     "04b-testing-topics", "05a-lexicon", "05b-judging-the-lexicon", "05c-coders-agree",
                     "05d-frames-without-a-lexicon", "06-labels"]:
        assert expected in names, f"notebooks/{expected}.ipynb is missing from the course"
        assert (ROOT / "notebooks" / "exercises" / f"{expected}-solutions.ipynb").exists(), \
            f"notebooks/exercises/{expected}-solutions.ipynb is missing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_states_its_length_in_its_first_cell(path):
    first = nbformat.read(path, as_version=4).cells[0]
    match = re.search(r"About (\d+) minutes", first.source)
    assert match, f"{path.name}: cell 0 does not state its length (write e.g. “*About 75 minutes.*”)"
    assert int(match[1]) <= MAX_MINUTES, f"{path.name}: cell 0 says {match[1]} minutes, more than {MAX_MINUTES}"


@pytest.mark.parametrize("path", notebook_paths(ROOT / "notebooks"), ids=lambda p: p.name)
def test_every_session_asks_for_a_written_finding_and_its_solution_answers(path):
    # issue 29: an exercise per session asks for a two-sentence finding with its uncertainty and provenance,
    # and the worked solutions answer it with a cell that prints the sentences
    notebook = nbformat.read(path, as_version=4)
    exercise = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"
                and re.search(r"\*\*Writ(ing|e it) up\.?\*\*", cell.source)]
    assert exercise and re.search(r"two[ -]sentence", exercise[0], re.IGNORECASE), path.name
    solutions = nbformat.read(ROOT / "notebooks" / "exercises" / f"{path.stem}-solutions.ipynb", as_version=4)
    headings = [index for index, cell in enumerate(solutions.cells) if cell.cell_type == "markdown"
                and re.search(r"^#+ .*Writ(ing|e it) up", cell.source, re.IGNORECASE | re.MULTILINE)]
    assert headings, f"{path.name}: no worked answer to its writing-up exercise"
    assert any(cell.cell_type == "code" and "print(" in cell.source for cell in solutions.cells[headings[0]:]), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_code_cell_defines_a_function_or_class(path):
    cells = nbformat.read(path, as_version=4).cells
    found = [(number, name) for number, cell in enumerate(cells) if cell.cell_type == "code"
             for name in _definitions(cell.source)]
    assert not found, f"{path.name}: " + "; ".join(
        f"cell {number} defines `{name}`" for number, name in found) + " (move it into src/framings/)"


def _warn_of_long_cells(path) -> None:
    """Warn (LongCellWarning) naming every code cell of the notebook over the guide, the parameters cell exempt."""
    cells = nbformat.read(path, as_version=4).cells
    long = [(number, _code_lines(cell.source)) for number, cell in enumerate(cells)
            if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", [])
            and _code_lines(cell.source) > LONG_CELL_LINES]
    if long:
        warnings.warn(f"{path.name}: " + "; ".join(f"cell {number} has {n} lines" for number, n in long)
                      + f" (a guide of {LONG_CELL_LINES}: one step of the argument per cell; much pandas plumbing "
                      "may mean a verb is missing)", LongCellWarning, stacklevel=2)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_long_code_cells_are_listed_as_a_warning(path):
    _warn_of_long_cells(path)


def test_the_line_count_ignores_comments_and_blank_lines():
    assert _code_lines("# why\nx = 1\n\n    # more\ny = 2\n") == 2


def test_definitions_are_found_at_any_depth_and_a_named_lambda_is_not_one():
    assert _definitions("if True:\n    def helper(x):\n        return x\nclass Table:\n    pass\n") == [
        "def helper", "class Table"]
    assert _definitions("async def fetch():\n    pass\n") == ["def fetch"]
    assert _definitions("top5 = lambda frame: frame.head(5)\n%matplotlib inline\nx = 1  # def not_code\n") == []
    assert _definitions('text = """\ndef inside_a_string():\n"""\n') == []


def test_a_long_cell_warns_and_passes(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("\n".join(f"x{i} = {i}" for i in range(30)), metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("\n".join(f"y{i} = {i}" for i in range(LONG_CELL_LINES + 1)))])
    path = tmp_path / "99-long.ipynb"
    nbformat.write(notebook, path)
    with pytest.warns(LongCellWarning, match=r"99-long.ipynb: cell 1 has 21 lines"):
        _warn_of_long_cells(path)


def test_a_session_split_into_files_saves_its_figures_under_its_own_number(tmp_path, monkeypatch):
    """Issue 29: 04a-fitting-topics draws figures/04a-*.png; a name without its number is still refused."""
    import matplotlib.pyplot as plt

    import framings as fr

    monkeypatch.setenv("FRAMINGS_FIGURES", str(tmp_path))
    fig, ax = plt.subplots()
    ax.set_title("a finding")
    png = fr.save_figure(fig, "choose-k", notebook="04a-fitting-topics")
    assert png.name == "04a-choose-k.png" and (tmp_path / "04a-choose-k.json").is_file()
    with pytest.raises(fr.CorpusError, match="does not start with its number"):
        fr.save_figure(fig, "choose-k", notebook="topics-a")
    plt.close(fig)
