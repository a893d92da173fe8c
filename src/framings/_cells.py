"""Cells meant for a spreadsheet: formula injection neutralised, and undone on the way back.

A spreadsheet (Excel, LibreOffice Calc, Google Sheets) opening a CSV reads a cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula: a paragraph such as
``- TURKSOY (1993): ...`` becomes ``#NAME?``, and a hostile one (``=HYPERLINK(...)``) runs.
OWASP's "CSV Injection" page prescribes the cure used here: prefix such a cell with a single
quote ``'``, which spreadsheets read as "this is text".

:func:`neutralise_cell` adds the quote and :func:`restore_cell` removes it, exactly: a text that
already starts with quotes before a trigger (``'=x``) gets one more, so that restoring any
neutralised cell gives back the original text, whatever it was. :func:`is_spreadsheet_error`
recognises what a spreadsheet leaves in a cell it evaluated and could not compute (``#NAME?``,
LibreOffice's ``Err:508``), so a reader can tell such a cell from an edited one.
"""

from __future__ import annotations

import re

import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


# a cell whose first character after any run of quotes is a trigger: neutralised (one quote more) on the
# way out, one quote fewer on the way back, so neutralise/restore are exact inverses on every text
_QUOTES_THEN_TRIGGER = re.compile(r"'*[=+\-@\t\r]")


# the error values a spreadsheet shows (and saves to CSV) for a formula it cannot compute: Excel's and
# Google Sheets' (#NAME? ... #ERROR!) and LibreOffice Calc's (Err:501 ... Err:539, #NAME?, #VALUE!)
_SPREADSHEET_ERROR = re.compile(r"#(?:NAME\?|VALUE!|REF!|DIV/0!|N/A|NUM!|NULL!|ERROR!|SPILL!|CALC!|FIELD!|"
                                r"GETTING_DATA|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)|Err:\d{3}", re.IGNORECASE)


def neutralise_cell(value):
    """``value`` with a leading ``'`` when it is text a spreadsheet would read as a formula (OWASP); else as is.

    Examples
    --------
    >>> neutralise_cell("=1+2"), neutralise_cell("- a list item"), neutralise_cell("plain"), neutralise_cell(-5)
    ("'=1+2", "'- a list item", 'plain', -5)
    """
    if isinstance(value, str) and _QUOTES_THEN_TRIGGER.match(value):
        return "'" + value
    return value


def restore_cell(value):
    """The text :func:`neutralise_cell` was given: one leading ``'`` fewer before a trigger; else as is.

    Examples
    --------
    >>> restore_cell("'=1+2"), restore_cell("''=x"), restore_cell("'quoted"), restore_cell(3)
    ('=1+2', "'=x", "'quoted", 3)
    """
    if isinstance(value, str) and value.startswith("'") and _QUOTES_THEN_TRIGGER.match(value, 1):
        return value[1:]
    return value


def needs_neutralising(value) -> bool:
    """Whether :func:`neutralise_cell` changes ``value`` (text starting, after any quotes, with a trigger)."""
    return isinstance(value, str) and bool(_QUOTES_THEN_TRIGGER.match(value))


def is_spreadsheet_error(value) -> bool:
    """Whether ``value`` is an error a spreadsheet shows for a formula it could not compute (``#NAME?``)."""
    return isinstance(value, str) and bool(_SPREADSHEET_ERROR.fullmatch(value.strip()))


def _holds_text(column: pd.Series) -> bool:
    """Whether a column may hold text: object, string or categorical (numbers never need neutralising)."""
    return column.dtype == object or isinstance(column.dtype, (pd.StringDtype, pd.CategoricalDtype))


def _map_text(frame: pd.DataFrame, cell) -> pd.DataFrame:
    """A copy of ``frame`` with ``cell`` applied to every column name and every text cell."""
    out = frame.copy()
    out.columns = [cell(column) for column in out.columns]
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if _holds_text(column):
            out.isetitem(position, column.astype(object).map(cell, na_action="ignore"))
    return out


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell and column name passed through :func:`neutralise_cell`."""
    return _map_text(frame, neutralise_cell)


def restore_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell and column name passed through :func:`restore_cell`."""
    return _map_text(frame, restore_cell)
