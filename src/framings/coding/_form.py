"""A coding form for JupyterLab: one paragraph at a time, one button per code, saved after every click.

:class:`CodingSession` holds the logic (which paragraph, set a code, save, resume) and
is tested without a browser; :func:`coding_form` puts ipywidgets on top of it. The
sheet on disk is the state: every click rewrites it atomically (a temporary file, then
``os.replace``), so a dead kernel loses nothing, and a new session resumes at the
first paragraph without a code. The file stays in the blind-sheet format of
:func:`framings.coding.write_coding_sample` (UTF-8 with BOM), so it can be scored, or opened
in a spreadsheet, at any time.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd

from .._io import atomic_write_bytes
from .._paths import default_corpus_path
from ..errors import CorpusError
from ._codebook import codebook_codes, load_codebook
from ._sample import SHEET_NAME, _csv_bytes, read_sheet


class CodingSession:
    """Save/resume logic of the coding form (no widgets).

    Parameters
    ----------
    path : path
        The coder's own sheet, e.g. ``corpus/coding/coder-a.csv``. If it does not exist
        it is created as a copy of ``blank``.
    codes : list of str, optional
        The codes offered (default: the project codebook's, :func:`framings.coding.codebook_codes`).
    blank : path, optional
        The blank sheet to start from (default ``<corpus>/coding/sheet.csv``).

    Examples
    --------
    >>> import tempfile, pathlib, framings as fr
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = fr.coding.write_coding_sample(fr.coding_sample(fr.paragraphs(fr.load_corpus()), n=3), folder)
    >>> session = fr.coding.CodingSession(folder / "test-coder.csv", blank=folder / "sheet.csv")
    >>> session.code("none")           # test data: a program, not a reader, chose this code
    >>> fr.coding.CodingSession(folder / "test-coder.csv").position, session.n_coded
    (1, 1)
    """

    def __init__(self, path: Path | str, codes: list[str] | None = None, blank: Path | str | None = None):
        if codes is None:

            codes = codebook_codes()
        self.codes = [str(c) for c in codes]
        self.path = Path(path)
        if not self.path.exists():
            if blank is None:

                blank = default_corpus_path() / "coding" / SHEET_NAME
            blank = Path(blank)
            if not blank.exists():
                raise CorpusError(f"{self.path}: no such sheet, and no blank sheet at {blank} to copy; "
                                  "draw one with python -m framings coding sample")
            sheet = read_sheet(blank, codes=self.codes)
            if sheet["code"].ne("").any():
                raise CorpusError(f"{blank}: not a blank sheet (it has codes); start from the blank sheet.csv")
            self.sheet = sheet
            self.save()
        self.sheet = read_sheet(self.path, codes=self.codes)
        if self.sheet.empty:
            raise CorpusError(f"{self.path}: the sheet has no rows")
        self.position = self._next_uncoded(0)

    # ------------------------------------------------------------------ state
    @property
    def n_total(self) -> int:
        """Number of paragraphs on the sheet."""
        return len(self.sheet)

    @property
    def n_coded(self) -> int:
        """Number of paragraphs with a code."""
        return int(self.sheet["code"].ne("").sum())

    @property
    def done(self) -> bool:
        """True when every paragraph has a code."""
        return self.n_coded == self.n_total

    @property
    def current(self) -> dict:
        """The paragraph at :attr:`position`: ``{"id", "text", "code", "notes"}``."""
        return self.sheet.iloc[self.position].to_dict()

    def _next_uncoded(self, start: int) -> int:
        """First uncoded row from ``start`` on, wrapping around; the last row when all are coded."""
        empty = self.sheet.index[self.sheet["code"].eq("")].tolist()
        if not empty:
            return self.n_total - 1
        later = [i for i in empty if i >= start]
        return later[0] if later else empty[0]

    # ------------------------------------------------------------------ actions
    def save(self) -> None:
        """Write the sheet atomically (the old file or the new one, never half of one).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = fr.coding.write_coding_sample(fr.coding_sample(fr.paragraphs(fr.load_corpus()), n=3), folder)
        >>> session = fr.coding.CodingSession(folder / "test-coder.csv", blank=folder / "sheet.csv")
        >>> session.save()
        >>> (folder / "test-coder.csv").is_file()
        True
        """
        atomic_write_bytes(self.path, _csv_bytes(self.sheet))

    def code(self, value: str, notes: str | None = None) -> None:
        """Give the current paragraph ``value`` (and ``notes``), save, move to the next uncoded one.

        Parameters
        ----------
        value : str
            One of :attr:`codes`.
        notes : str or None, default None
            A note to save with it; ``None`` keeps the paragraph's note.

        Raises
        ------
        CorpusError
            ``value`` is not one of :attr:`codes`.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = fr.coding.write_coding_sample(fr.coding_sample(fr.paragraphs(fr.load_corpus()), n=3), folder)
        >>> session = fr.coding.CodingSession(folder / "test-coder.csv", blank=folder / "sheet.csv")
        >>> session.code("none", notes="test data: chosen by a program, not a reader")
        >>> session.n_coded, session.position
        (1, 1)
        """
        if value not in self.codes:
            raise CorpusError(f"unknown code {value!r}; use one of {', '.join(self.codes)}")
        self.sheet.loc[self.position, "code"] = value
        if notes is not None:
            self.sheet.loc[self.position, "notes"] = str(notes)
        self.save()
        if not self.done:
            self.position = self._next_uncoded(self.position + 1)

    def note(self, notes: str) -> None:
        """Save a note on the current paragraph without coding it.

        Parameters
        ----------
        notes : str
            The note (replaces the paragraph's note).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = fr.coding.write_coding_sample(fr.coding_sample(fr.paragraphs(fr.load_corpus()), n=3), folder)
        >>> session = fr.coding.CodingSession(folder / "test-coder.csv", blank=folder / "sheet.csv")
        >>> session.note("unsure: two frames")
        >>> session.current["notes"], session.n_coded
        ('unsure: two frames', 0)
        """
        self.sheet.loc[self.position, "notes"] = str(notes)
        self.save()

    def go(self, position: int) -> None:
        """Show paragraph number ``position`` (0-based, clipped to the sheet), e.g. to revise a code.

        Parameters
        ----------
        position : int
            The row of the sheet to show.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = fr.coding.write_coding_sample(fr.coding_sample(fr.paragraphs(fr.load_corpus()), n=3), folder)
        >>> session = fr.coding.CodingSession(folder / "test-coder.csv", blank=folder / "sheet.csv")
        >>> session.go(99)
        >>> session.position
        2
        """
        self.position = max(0, min(int(position), self.n_total - 1))


def coding_form(path: Path | str, codebook: pd.DataFrame | Path | str | None = None,
                blank: Path | str | None = None) -> Any:
    """The coding form: an ipywidget showing one paragraph and one button per code.

    Parameters
    ----------
    path : path
        The coder's sheet (created from ``blank`` on first use); the coder's name is its stem.
    codebook : None, path or frame
        The codebook whose codes become buttons (their definitions are the tooltips).
    blank : path, optional
        The blank sheet (default ``<corpus>/coding/sheet.csv``).

    Returns
    -------
    ipywidgets.VBox
        Display it in JupyterLab (last expression of a cell). Its ``session`` attribute
        is the :class:`CodingSession`; every click saves the sheet.

    Examples
    --------
    >>> import tempfile, pathlib, framings as fr
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = fr.coding.write_coding_sample(fr.coding_sample(fr.paragraphs(fr.load_corpus()), n=3), folder)
    >>> form = fr.coding_form(folder / "test-coder.csv", blank=folder / "sheet.csv")
    >>> form.session.n_total
    3
    """
    import ipywidgets as widgets  # optional extra [notebooks]: imported on first use


    book = codebook if isinstance(codebook, pd.DataFrame) else load_codebook(codebook)
    labels = dict(zip(book["code"], book["label"]))
    tips = dict(zip(book["code"], book["definition"]))
    session = CodingSession(path, codes=list(book["code"]), blank=blank)

    progress = widgets.HTML()
    paragraph = widgets.HTML(layout=widgets.Layout(border="1px solid #bbb", padding="8px 12px", width="95%"))
    notes = widgets.Textarea(placeholder="notes (optional; saved with the code)",
                             layout=widgets.Layout(width="95%", height="3.2em"))
    status = widgets.HTML()
    buttons = []
    for code in session.codes:
        button = widgets.Button(description=code, tooltip=f"{labels.get(code, code)}: {tips.get(code, '')}"[:400],
                                layout=widgets.Layout(width="auto"))
        button.code = code
        buttons.append(button)
    back = widgets.Button(description="◀ previous", layout=widgets.Layout(width="auto"))
    forward = widgets.Button(description="next ▶", layout=widgets.Layout(width="auto"))

    def show(message: str = "") -> None:
        row = session.current
        done = " — all coded, thank you" if session.done else ""
        progress.value = (f"<b>{html.escape(session.path.stem)}</b>: paragraph {session.position + 1} of "
                          f"{session.n_total} (id {html.escape(row['id'])}); {session.n_coded} coded{done}")
        paragraph.value = f"<p style='font-size:1.05em;line-height:1.45'>{html.escape(row['text'])}</p>"
        notes.value = row["notes"]
        for button in buttons:
            button.button_style = "info" if button.code == row["code"] else ""
        status.value = f"<small>{html.escape(message)}</small>"

    def on_code(button) -> None:
        coded_id = session.current["id"]
        session.code(button.code, notes=notes.value)
        show(f"saved {coded_id} = {button.code} to {session.path.name}")

    def on_move(step: int):
        def handler(_button) -> None:
            if notes.value != session.current["notes"]:
                session.note(notes.value)
            session.go(session.position + step)
            show()
        return handler

    for button in buttons:
        button.on_click(on_code)
    back.on_click(on_move(-1))
    forward.on_click(on_move(+1))
    show(f"resuming at the first paragraph without a code; the sheet is saved after every click"
         if session.n_coded else "the sheet is saved after every click")
    form = widgets.VBox([progress, paragraph, widgets.HBox(buttons), notes, widgets.HBox([back, forward]), status])
    form.session = session
    return form
