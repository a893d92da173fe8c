"""tools/session_length.py (issue 29): each notebook's minutes from a stated estimate, the plan in docs/teaching.md
recomputed from it, notebooks over 90 minutes flagged and split where the SPLITS say."""
import re
import sys

import nbformat
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import session_length as sl  # noqa: E402  (tools/session_length.py: a project tool, not library code)

TEACHING = ROOT / "docs" / "teaching.md"
NEW_SESSIONS = ["09-close-reading", "10-coding-together"]
# the sessions issue 29 split into files of their own, each with its worked solutions
SPLIT_FILES = ["02a-counting", "02b-keyness", "04a-fitting-topics", "04b-testing-topics",
               "05a-lexicon", "05b-judging-the-lexicon", "05c-coders-agree", "05d-frames-without-a-lexicon"]


def _notebook(cells):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source)
                      for kind, source in cells]
    return notebook


def _write(tmp_path, cells, name="99-test.ipynb"):
    path = tmp_path / name
    nbformat.write(_notebook(cells), path)
    return path


def test_the_estimate_adds_the_stated_constants(tmp_path):
    path = _write(tmp_path, [
        ("md", "# Title\n\n" + "word " * 148),  # 150 words with the title's two
        ("code", "x = 1\n\ny = 2\nz = 3\n"),  # 3 lines (a blank line is not read)
        ("code", "fig = None\nfr.save_figure(fig, 'slug')\n"),  # 2 lines, one figure
        ("md", "*Activity, 12 minutes:* read the text.\n\n## Exercises\n\n1. One.\n2. Two.\n3. Three."),
    ])
    estimate = sl.estimate(path)
    markdown_words = 150 + len("*Activity, 12 minutes:* read the text. ## Exercises 1. One. 2. Two. 3. Three.".split())
    assert (estimate.markdown_words, estimate.code_cells, estimate.code_lines, estimate.figures, estimate.exercises,
            estimate.activity_minutes) == (markdown_words, 2, 5, 1, 3, 12)
    by_hand = markdown_words / 100 + 2 * 1.5 + 5 * 0.1 + 1 * 4 + 3 * 3 + 12
    assert estimate.minutes == pytest.approx(by_hand)
    assert estimate.stated == 5 * round(by_hand / 5)


def test_a_notebook_over_the_limit_is_split_at_sections_each_part_with_its_opening_and_closing(tmp_path):
    opening = ("md", "# Title\n\n*About 90 minutes.*")
    closing = ("md", "## What this can and cannot show\n\nLittle.\n\n## Exercises\n\n1. a\n2. b\n3. c")
    sections = [("md", f"## Part {n}\n\n" + "word " * 1500) for n in range(4)]  # 15 minutes of prose each
    code = [("code", "\n".join(f"x{n} = {n}" for n in range(20)))] * 6  # 6 × (1.5 + 2) = 21 minutes a section
    cells = [opening]
    for section in sections:
        cells += [section] + code
    path = _write(tmp_path, cells + [closing])
    whole = sl.estimate(path).minutes
    assert whole > sl.SESSION_LIMIT
    parts = sl.proposed_parts(path)
    assert len(parts) >= 2 and all(minutes <= sl.SESSION_LIMIT for _, _, minutes in parts)
    assert parts[0][1] == "(the notebook's start)" and all(title.startswith("Part ") for _, title, _ in parts[1:])
    # each part repeats the opening and the closing: the parts add up to the whole plus those repeats
    frame = sl.estimate_cells(nbformat.v4.new_notebook(cells=[]).cells).minutes  # 0: an empty notebook
    assert frame == 0
    repeated = sl.estimate_cells([nbformat.v4.new_markdown_cell(opening[1]),
                                  nbformat.v4.new_markdown_cell(closing[1])]).minutes
    assert sum(m for _, _, m in parts) == pytest.approx(whole + (len(parts) - 1) * repeated)


def test_docs_plan_is_the_tools_plan():
    text = TEACHING.read_text(encoding="utf-8")
    assert sl.BEGIN in text and sl.END in text, "docs/teaching.md has no plan block"
    block = sl.BEGIN + text.split(sl.BEGIN, 1)[1].split(sl.END, 1)[0] + sl.END
    assert block == sl.plan_markdown(), (
        "the plan in docs/teaching.md is not the estimate of the notebooks as they are: run "
        "`python tools/session_length.py --write docs/teaching.md`")


def test_the_plan_adds_up_and_every_session_fits():
    block = TEACHING.read_text(encoding="utf-8").split(sl.BEGIN, 1)[1].split(sl.END, 1)[0]
    rows = re.findall(r"^\| (\d+[a-z]?) \| `([^`]+)` \| ([^|]*)\| (\d+) min \|", block, re.M)
    assert rows, "no session rows in the plan"
    minutes = [int(m) for _, _, _, m in rows]
    total = int(re.search(r"(\d+) minutes in class in all", block)[1])
    assert sum(minutes) == total
    assert max(minutes) <= sl.SESSION_LIMIT
    assert int(re.search(r"^(\d+) sessions", block, re.M)[1]) == len(rows)
    # every notebook of the course is in the plan, in order
    assert list(dict.fromkeys(name for _, name, _, _ in rows)) == [path.stem for path in sl.notebooks()]
    for session, name, part, minutes in rows:
        if part.strip() == "whole":  # a session that is a whole file: numbered by it (04b → 4b), its own estimate
            assert session == sl.session_number(name)
            assert int(minutes) == sl.estimate(ROOT / "notebooks" / f"{name}.ipynb").stated


@pytest.mark.parametrize("path", sl.notebooks(), ids=lambda path: path.stem)
def test_every_notebook_states_its_estimate(path):
    """Issue 29's acceptance: every notebook states its length, the tool's estimate (a notebook still split inside
    itself by SPLITS states its first part's)."""
    if path.stem in sl.SPLITS:
        return
    assert sl.stated_minutes(path) == sl.estimate(path).stated <= sl.SESSION_LIMIT


def test_a_session_is_numbered_by_its_file():
    assert [sl.session_number(name) for name in ["01-reading", "04a-fitting-topics", "04b-testing-topics",
                                                 "10-coding-together"]] == ["1", "4a", "4b", "10"]


def test_the_tool_refuses_a_file_over_the_limit(tmp_path, capsys):
    (tmp_path / "notebooks").mkdir()
    short = [("md", "# Short\n\n*About 5 minutes.*"), ("code", "x = 1")]
    long = [("md", "# Long\n\n*About 95 minutes.*"), ("md", "word " * 9500)]  # 95 minutes of prose, no section
    _write(tmp_path / "notebooks", short, "01-short.ipynb")
    _write(tmp_path / "notebooks", long, "02b-long.ipynb")
    assert sl.estimate(tmp_path / "notebooks" / "02b-long.ipynb").minutes > sl.SESSION_LIMIT
    assert sl.main(["--root", str(tmp_path)]) == 1
    assert "refused: session 2b (`02b-long`) is 95 minutes, over the 90-minute limit" in capsys.readouterr().out
    doc = tmp_path / "teaching.md"
    doc.write_text(f"{sl.BEGIN}\nold\n{sl.END}\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="plan not written: session 2b"):
        sl.write_plan(doc, tmp_path)
    assert doc.read_text(encoding="utf-8") == f"{sl.BEGIN}\nold\n{sl.END}\n"
    (tmp_path / "notebooks" / "02b-long.ipynb").unlink()  # within the limit, the plan is written
    assert sl.main(["--root", str(tmp_path)]) == 0 and sl.write_plan(doc, tmp_path)
    assert "| 1 | `01-short` | whole |" in doc.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NEW_SESSIONS + SPLIT_FILES)
def test_new_sessions_state_their_estimate(name):
    path = ROOT / "notebooks" / f"{name}.ipynb"
    assert sl.stated_minutes(path) == sl.estimate(path).stated <= sl.SESSION_LIMIT
    solutions = sl.solutions_of(path)
    assert sl.stated_minutes(solutions) == sl.estimate(solutions).stated


def test_a_split_at_named_sections_gives_parts_within_the_limit(tmp_path):
    # SPLITS is empty since 02, 04 and 05 became files; the mechanism is checked on a notebook of its own
    closing = "## What this can and cannot show\n\nLittle.\n\n## Exercises\n\n1. a\n2. b\n3. c"
    path = _write(tmp_path, [("md", "# Title"), ("md", "## One\n\n" + "word " * 6000),
                             ("md", "## Two\n\n" + "word " * 6000), ("md", closing)])
    assert sl.estimate(path).minutes > sl.SESSION_LIMIT
    cells = sl.split_cells(path, ["Two"])
    assert cells == [2]
    parts = sl.parts_at(path, cells)
    assert len(parts) == 2 and all(minutes <= sl.SESSION_LIMIT for minutes in parts)


def test_splits_name_sections_the_notebooks_have():
    for name, titles in sl.SPLITS.items():
        path = ROOT / "notebooks" / f"{name}.ipynb"
        if path.is_file() and sl.estimate(path).minutes > sl.SESSION_LIMIT:
            cells = sl.split_cells(path, titles)
            assert cells == sorted(cells)
            assert all(minutes <= sl.SESSION_LIMIT for minutes in sl.parts_at(path, cells))


def test_the_tool_prints_the_table_and_flags(capsys):
    assert sl.main([]) == 0
    out = capsys.readouterr().out
    assert all(path.stem in out for path in sl.notebooks())
    over = [row["notebook"] for row in sl.plan() if row["over"]]
    for name in over:
        assert f"{name}: " in out and "over 90" in out


def test_a_section_after_the_exercises_is_body_not_closing(tmp_path):
    closing = "## What this can and cannot show\n\nLittle.\n\n## Exercises\n\n1. a\n2. b\n3. c"
    path = _write(tmp_path, [("md", "# Title"), ("md", "## One\n\n" + "word " * 5000), ("md", closing),
                             ("md", "## Appended later\n\n" + "word " * 5000)])
    parts = sl.proposed_parts(path)
    # the appended section is a part of its own; it is not repeated in every part as the closing is
    assert [title for _, title, _ in parts] == ["(the notebook's start)", "Appended later"]
    assert parts[1][0] == 3
    repeated = sl.estimate_cells([nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_markdown_cell(closing)])
    assert sum(m for _, _, m in parts) == pytest.approx(sl.estimate(path).minutes + repeated.minutes)


def test_the_notebook_list_states_the_estimates():
    # docs/notebooks.md lists every notebook with its length: the tool's estimate, as the plan and the notebook say
    listed = dict(re.findall(r"\| `(\d\d[a-z]?-[a-z-]+)` \((\d+) min\)", (ROOT / "docs" / "notebooks.md").read_text(
        encoding="utf-8")))
    assert sorted(listed) == sorted(path.stem for path in sl.notebooks())
    assert {name: int(minutes) for name, minutes in listed.items()} == {
        path.stem: sl.estimate(path).stated for path in sl.notebooks()}
