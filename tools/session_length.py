"""How long does each notebook take to teach? An explicit estimate from what the notebook holds (issue 29).

    python tools/session_length.py                 # the table, notebooks over 90 minutes flagged, split points
    python tools/session_length.py --markdown      # the same as a Markdown table (for docs/teaching.md)

A class runs the notebook together: someone reads the prose, everyone runs each cell, reads its output and
talks about each figure, and the exercises are read and started (finished as homework with the solutions).
The estimate adds, for each notebook:

* **prose**: Markdown words at ``WORDS_PER_MINUTE`` = 100. Silent reading of plain prose runs at about 240
  words a minute (Brysbaert 2019, a meta-analysis of 190 studies), a lecture is spoken at about 120-160; these
  cells define a new term in almost every paragraph and are read aloud or together and talked over, so 100.
* **code**: ``MINUTES_PER_CODE_CELL`` = 1.5 to run a cell and read what it prints (a table, a number, a
  sentence), plus ``MINUTES_PER_CODE_LINE`` = 0.1 (six seconds to read a line of code a student does not write).
* **figures**: ``MINUTES_PER_FIGURE`` = 4 for each ``save_figure`` call: reading the axes, the title's finding and
  its baseline, and one exchange about it.
* **exercises**: ``MINUTES_PER_EXERCISE`` = 3 in class to read each numbered exercise and start it.
* **activities**: what a cell's source cannot show — reading a whole document the notebook prints, coding a
  sheet — is declared in the Markdown as ``*Activity, N minutes:*`` and counted as declared (so its length is
  stated where the class sees it, and a reviewer can dispute it there).

Computing time is left out: every notebook runs in under a minute of computing once the topic-model cache is
filled (docs/performance.md). The constants are a model of a class, not a measurement of one: a teacher who times
a session should change them here, and the plan in docs/teaching.md follows (tests/test_session_length.py
recomputes it). A solutions notebook is homework, estimated by the same rules.

A notebook over ``SESSION_LIMIT`` = 90 minutes is flagged, with the ``##`` sections where splits leave the parts
most even (a part still over the limit is split again); each part also needs its own opening and closing cells
(question, what it can and cannot show, exercises), which are counted into every part. Where the concepts split is a
teacher's call: the tool only says what each candidate costs. A split is made into files, one per session, named by
the notebook's number and a letter (``04a-fitting-topics``, ``04b-testing-topics``); until then ``SPLITS`` names the
sections where the parts begin. A session over the limit (a file, or a part of one in ``SPLITS``) makes the tool
exit with status 1 and ``--write`` refuse to write the plan.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

WORDS_PER_MINUTE = 100
MINUTES_PER_CODE_CELL = 1.5
MINUTES_PER_CODE_LINE = 0.1
MINUTES_PER_FIGURE = 4
MINUTES_PER_EXERCISE = 3
SESSION_LIMIT = 90

ROOT = Path(__file__).resolve().parents[1]

# The proposed splits of a notebook over the limit, at the sections where its concepts split (issue 29): the part
# that opens with each named section becomes its own session until it is a file of its own. Empty since 02, 04 and
# 05 became files (02a-counting / 02b-keyness, 04a-fitting-topics / 04b-testing-topics, 05a-05d: docs/teaching.md);
# a notebook that grows over the limit is named here, or split, before the plan is written.
SPLITS: dict[str, list[str]] = {
}

# The block of docs/teaching.md this tool writes (python tools/session_length.py --write docs/teaching.md)
BEGIN = "<!-- session-length: begin (python tools/session_length.py --write docs/teaching.md) -->"
END = "<!-- session-length: end -->"

_STATED = re.compile(r"About (\d+) minutes", re.IGNORECASE)
_NUMBER = re.compile(r"^(\d+)([a-z]?)-")  # a notebook's number and the letter of a session split into files (04b)

_FIGURE = re.compile(r"\bsave_figure\(")
_EXERCISE = re.compile(r"^\d+\. ", re.MULTILINE)
_SECTION = re.compile(r"^## (.+)$", re.MULTILINE)
_ACTIVITY = re.compile(r"Activity, (\d+) minutes")


@dataclass
class Estimate:
    """What one notebook holds and the minutes the estimate gives it."""

    notebook: str
    markdown_cells: int
    markdown_words: int
    code_cells: int
    code_lines: int
    figures: int
    exercises: int
    activity_minutes: int = 0

    @property
    def prose_minutes(self) -> float:
        return self.markdown_words / WORDS_PER_MINUTE

    @property
    def code_minutes(self) -> float:
        return self.code_cells * MINUTES_PER_CODE_CELL + self.code_lines * MINUTES_PER_CODE_LINE

    @property
    def figure_minutes(self) -> float:
        return self.figures * MINUTES_PER_FIGURE

    @property
    def exercise_minutes(self) -> float:
        return self.exercises * MINUTES_PER_EXERCISE

    @property
    def minutes(self) -> float:
        return (self.prose_minutes + self.code_minutes + self.figure_minutes + self.exercise_minutes
                + self.activity_minutes)

    @property
    def stated(self) -> int:
        """The estimate as a notebook and the plan state it: rounded to the nearest 5 minutes."""
        return int(5 * round(self.minutes / 5))


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _cells(path: Path) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["cells"]


def _exercises(cells: list[dict]) -> int:
    """Numbered items after the last Markdown heading that says Exercises."""
    markdown = "\n".join(_source(c) for c in cells if c["cell_type"] == "markdown")
    if "Exercises" not in markdown:
        return 0
    return len(_EXERCISE.findall(markdown.rsplit("Exercises", 1)[-1]))


def estimate_cells(cells: list[dict], name: str = "") -> Estimate:
    """The estimate of a list of notebook cells (as in the .ipynb JSON)."""
    markdown = [_source(c) for c in cells if c["cell_type"] == "markdown"]
    code = [_source(c) for c in cells if c["cell_type"] == "code"]
    return Estimate(notebook=name, markdown_cells=len(markdown), markdown_words=sum(len(m.split()) for m in markdown),
                    code_cells=len(code), code_lines=sum(len([l for l in c.splitlines() if l.strip()]) for c in code),
                    figures=sum(len(_FIGURE.findall(c)) for c in code), exercises=_exercises(cells),
                    activity_minutes=sum(int(n) for m in markdown for n in _ACTIVITY.findall(m)))


def estimate(path: Path | str) -> Estimate:
    """The estimate of one notebook file."""
    return estimate_cells(_cells(Path(path)), Path(path).stem)


def sections(path: Path | str) -> list[tuple[int, str]]:
    """The ``##`` sections of a notebook as (index of the cell that opens it, title), in order."""
    return _sections(_cells(Path(path)))


def _sections(cells: list[dict]) -> list[tuple[int, str]]:
    found = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] == "markdown":
            found.extend((index, title.strip()) for title in _SECTION.findall(_source(cell)))
    return found


def _frame(cells: list[dict]) -> tuple[list[dict], list[dict], list[dict], list[int]]:
    """(opening cell, body, closing cells, positions): the closing is the cell that says "What this can and cannot
    show" and the cells after it up to the next section that is not Exercises (a section appended after the
    exercises is body, taught last); ``positions[i]`` is the notebook index of ``body[i]``."""
    start = next((i for i, c in enumerate(cells)
                  if c["cell_type"] == "markdown" and "can and cannot show" in _source(c)), len(cells))
    end = next((i for i in range(start + 1, len(cells)) if cells[i]["cell_type"] == "markdown"
                and any(not title.startswith(("Exercises", "What this can and cannot show"))
                        for title in _SECTION.findall(_source(cells[i])))), len(cells))
    positions = list(range(1, start)) + list(range(end, len(cells)))
    return cells[:1], [cells[i] for i in positions], cells[start:end], positions


def split_parts(path: Path | str, at_cell: int) -> tuple[float, float]:
    """Minutes of the two notebooks a split before cell ``at_cell`` makes, each with its own opening and closing."""
    opening, body, closing, positions = _frame(_cells(Path(path)))
    first, second = _halves(opening, body, closing, positions.index(at_cell))
    return estimate_cells(first).minutes, estimate_cells(second).minutes


def _halves(opening, body, closing, at: int) -> tuple[list[dict], list[dict]]:
    """The two notebooks a split of ``body`` before its cell ``at`` makes (each with the opening and closing)."""
    return opening + body[:at] + closing, opening + body[at:] + closing


def _split(opening: list[dict], body: list[dict], closing: list[dict], offset: int) -> list[tuple[int, str, float]]:
    """Parts of at most SESSION_LIMIT minutes, split at ``##`` sections: [(first cell, its section, minutes)].

    Each split is at the section that leaves the two parts most even; a part still over the limit is split again.
    """
    whole = estimate_cells(opening + body + closing).minutes
    candidates = []
    for at, title in _sections(body):
        if at > 0:
            first, second = _halves(opening, body, closing, at)
            minutes = (estimate_cells(first).minutes, estimate_cells(second).minutes)
            candidates.append((max(minutes), at, title))
    if whole <= SESSION_LIMIT or not candidates:
        return [(offset, "", whole)]
    _, at, title = min(candidates)
    left = _split(opening, body[:at], closing, offset)
    right = _split(opening, body[at:], closing, offset + at)
    right[0] = (right[0][0], title, right[0][2])
    return left + right


def parts_at(path: Path | str, cells: list[int]) -> list[float]:
    """Minutes of the parts a split before each of ``cells`` makes (each part with the opening and closing)."""
    opening, body, closing, positions = _frame(_cells(Path(path)))
    bounds = [0] + sorted(positions.index(cell) for cell in cells) + [len(body)]
    return [estimate_cells(opening + body[start:end] + closing).minutes for start, end in zip(bounds, bounds[1:])]


def section_minutes(path: Path | str) -> list[tuple[int, str, float]]:
    """Minutes of each ``##`` section's cells alone (without the opening and closing): [(cell, title, minutes)]."""
    opening, body, closing, positions = _frame(_cells(Path(path)))
    starts = [(0, "(before the first section)")] + [(at, title) for at, title in _sections(body) if at > 0]
    bounds = [at for at, _ in starts] + [len(body)]
    return [(positions[at], title, estimate_cells(body[at:end]).minutes) for (at, title), end in zip(starts, bounds[1:])]


def proposed_parts(path: Path | str) -> list[tuple[int, str, float]]:
    """The parts a notebook over the limit splits into: [(cell that opens the part, its section, minutes)].

    One part (the whole notebook) when it is within the limit. Every part is counted with the notebook's
    opening cell and its closing cells, which a split notebook needs again.
    """
    opening, body, closing, positions = _frame(_cells(Path(path)))
    parts = _split(opening, body, closing, 0)
    return [(positions[at], title or "(the notebook's start)", minutes) for at, title, minutes in parts]


def stated_minutes(path: Path | str) -> int | None:
    """The length a notebook states in its opening cell ("About 75 minutes"), or None."""
    cells = _cells(Path(path))
    found = _STATED.search(re.sub(r"[*_]", "", _source(cells[0]))) if cells else None
    return int(found.group(1)) if found else None


def split_cells(path: Path | str, titles: list[str]) -> list[int]:
    """The cells that open the sections named ``titles`` (an error names a title the notebook lacks)."""
    found = {title: index for index, title in sections(path)}
    missing = [title for title in titles if title not in found]
    if missing:
        raise SystemExit(f"{Path(path).name} has no section '## {missing[0]}'; update SPLITS in tools/session_length.py")
    return [found[title] for title in titles]


def notebooks(root: Path = ROOT) -> list[Path]:
    """The course notebooks (``notebooks/NN-*.ipynb``, ``NNa-*.ipynb`` for a session split into files) in reading order."""
    return sorted((root / "notebooks").glob("[0-9][0-9]*-*.ipynb"))


def solutions_of(path: Path) -> Path:
    return path.parent / "exercises" / f"{path.stem}-solutions.ipynb"


def plan(root: Path = ROOT) -> list[dict]:
    """One row per notebook: its estimate, its solutions' estimate, and whether it is over the limit."""
    rows = []
    for path in notebooks(root):
        own = estimate(path)
        solutions = solutions_of(path)
        homework = estimate(solutions) if solutions.is_file() else None
        rows.append({"notebook": path.stem, "estimate": own, "minutes": own.stated,
                     "solutions": homework.stated if homework else None, "over": own.minutes > SESSION_LIMIT})
    return rows


def session_number(notebook: str) -> str:
    """The session a notebook file is: its number without the leading zero, and its letter ("04b-x" → "4b")."""
    number, letter = _NUMBER.match(notebook).groups()
    return f"{int(number)}{letter}"


def _rounded(minutes: float) -> int:
    return int(5 * round(minutes / 5))


def sessions(root: Path = ROOT) -> list[dict]:
    """The plan: one row per session, a notebook over the limit split as SPLITS proposes.

    Columns: ``session`` (the notebook's number, with its letter for a file or a part: 4a), ``notebook``, ``part``
    (the section it opens with, or ""), ``minutes`` (estimate, rounded to 5), ``exact`` (not rounded), ``stated`` (what
    the notebook says now), ``solutions``.
    """
    rows = []
    for row in plan(root):
        number = session_number(row["notebook"])  # numbered by its notebook, so numbers survive a new notebook
        path = root / "notebooks" / f"{row['notebook']}.ipynb"
        stated = stated_minutes(path)
        titles = SPLITS.get(row["notebook"], []) if row["over"] else []
        if not titles:
            rows.append({"session": str(number), "notebook": row["notebook"], "part": "", "minutes": row["minutes"],
                         "exact": row["estimate"].minutes, "stated": stated, "solutions": row["solutions"]})
            continue
        minutes = parts_at(path, split_cells(path, titles))
        for letter, (title, part) in enumerate(zip(["(start)"] + titles, minutes)):
            rows.append({"session": f"{number}{'abcdefgh'[letter]}", "notebook": row["notebook"], "part": title,
                         "minutes": _rounded(part), "exact": part, "stated": stated if letter == 0 else None,
                         "solutions": row["solutions"] if letter == 0 else None})
    return rows


def plan_markdown(root: Path = ROOT) -> str:
    """The plan as the Markdown block of docs/teaching.md (between BEGIN and END)."""
    rows = sessions(root)
    lines = [BEGIN, "",
             "| session | notebook | part (opens with the section) | estimate | the notebook says | worked solutions |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        part = f"'{row['part']}'" if row["part"] and row["part"] != "(start)" else ("from the start" if row["part"] else "whole")
        lines.append(f"| {row['session']} | `{row['notebook']}` | {part} | {row['minutes']} min | "
                     + (f"{row['stated']} min" if row["stated"] is not None else "—") + " | "
                     + (f"{row['solutions']} min" if row["solutions"] is not None else "—") + " |")
    total = sum(row["minutes"] for row in rows)
    homework = sum(row["solutions"] or 0 for row in rows)
    longest = max(rows, key=lambda row: row["minutes"])
    lines += ["", f"{len(rows)} sessions, {total} minutes in class in all (the sum of the estimates above), "
                  f"{homework} minutes of worked solutions; the longest session is {longest['session']} "
                  f"({longest['minutes']} min), within the {SESSION_LIMIT}-minute limit"
              if longest["minutes"] <= SESSION_LIMIT else
              f"{len(rows)} sessions, {total} minutes in class in all; session {longest['session']} is over the "
              f"{SESSION_LIMIT}-minute limit ({longest['minutes']} min)",
              "", END]
    lines[-3] += "."
    return "\n".join(lines)


def over_limit(root: Path = ROOT) -> list[dict]:
    """The sessions of the plan over SESSION_LIMIT by the estimate (not rounded): a file to split, or SPLITS to set."""
    return [row for row in sessions(root) if row["exact"] > SESSION_LIMIT]


def _refusal(rows: list[dict]) -> str:
    return "; ".join(f"session {row['session']} (`{row['notebook']}`) is {row['exact']:.0f} minutes, over the "
                     f"{SESSION_LIMIT}-minute limit" for row in rows) + ": split it into files (NNa-, NNb-) first"


def write_plan(doc: Path, root: Path = ROOT) -> bool:
    """Replace the plan block of ``doc`` with the current one; True when it changed.

    Refused (SystemExit, nothing written) when a session is over the limit: the plan states that every session fits.
    """
    over = over_limit(root)
    if over:
        raise SystemExit(f"{doc}: plan not written: {_refusal(over)}")
    text = doc.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{doc}: no plan block ({BEGIN} … {END}) to write")
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    new = head + plan_markdown(root) + tail
    doc.write_text(new, encoding="utf-8")
    return new != text


def _table(rows: list[dict], markdown: bool) -> str:
    header = ["notebook", "prose words", "code cells", "code lines", "figures", "exercises", "prose", "code",
              "figures", "exercises", "activities", "session", "solutions"]
    lines = []
    for row in rows:
        e = row["estimate"]
        flag = " over 90" if row["over"] else ""
        lines.append([row["notebook"], str(e.markdown_words), str(e.code_cells), str(e.code_lines), str(e.figures),
                      str(e.exercises), f"{e.prose_minutes:.0f}", f"{e.code_minutes:.0f}", f"{e.figure_minutes:.0f}",
                      f"{e.exercise_minutes:.0f}", str(e.activity_minutes), f"{row['minutes']} min{flag}",
                      f"{row['solutions']} min" if row["solutions"] is not None else "—"])
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(line) + " |" for line in lines]
        return "\n".join(out)
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths))]
    out += ["  ".join(v.ljust(w) for v, w in zip(line, widths)) for line in lines]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout (default: this one)")
    parser.add_argument("--write", type=Path, metavar="DOC", help="rewrite the plan block of DOC (docs/teaching.md)")
    args = parser.parse_args(argv)
    if args.write:
        changed = write_plan(args.write, args.root)
        print(f"{args.write}: plan {'rewritten' if changed else 'unchanged'}")
        return 0
    rows = plan(args.root)
    print(_table(rows, args.markdown))
    print(f"\nminutes: prose = words / {WORDS_PER_MINUTE}; code = {MINUTES_PER_CODE_CELL} a cell + "
          f"{MINUTES_PER_CODE_LINE} a line; {MINUTES_PER_FIGURE} a figure; {MINUTES_PER_EXERCISE} an exercise; "
          "session and solutions rounded to 5 minutes")
    for row in rows:
        if row["over"]:
            parts = proposed_parts(args.root / "notebooks" / f"{row['notebook']}.ipynb")
            print(f"\n{row['notebook']}: {row['estimate'].minutes:.0f} minutes, over {SESSION_LIMIT}; split at the "
                  f"sections that leave the parts most even, {len(parts)} parts:")
            for cell, title, minutes in parts:
                print(f"  from cell {cell}, '{title}': {minutes:.0f} minutes")
            print("  its sections alone:")
            for cell, title, minutes in section_minutes(args.root / "notebooks" / f"{row['notebook']}.ipynb"):
                print(f"    cell {cell:>2} {minutes:5.1f} min  {title}")
    over = over_limit(args.root)
    if over:
        print(f"\nrefused: {_refusal(over)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
