"""Tables out: one call writes any table a notebook shows to CSV or Excel, safe to open in a spreadsheet.

It lives beside :func:`framings.save_figure` because it is the same act for a table: the last step of
the pipeline, writing what the stages below computed for a reader, atomically, computing nothing.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from .._cells import needs_neutralising, neutralise_frame
from .._io import atomic_path, atomic_write_bytes
from ..errors import CorpusError

EXPORT_SUFFIXES = (".csv", ".xlsx")


_SAFE_NAME = re.compile(r"[^\w.\-]+")


# the characters Excel does not allow in a sheet name, and its length limit
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


_SHEET_MAX = 31


def export(tables: pd.DataFrame | pd.Series | Mapping[str, pd.DataFrame | pd.Series], path: Path | str,
           index: bool | None = None) -> Path | dict[str, Path]:
    """Write a table, or several, to CSV or Excel in one call, safe to open in a spreadsheet.

    Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return) are neutralised as OWASP's "CSV Injection" page prescribes: in a CSV
    they get a leading ``'``; in an ``.xlsx`` they are stored as text cells marked "text"
    (quote prefix), so they keep every character. Numbers stay numbers; ``inf`` is written as the
    text ``inf`` (spreadsheets have no infinity), a missing value as an empty cell. Every file is
    written atomically: a reader sees the old file or the new one, never part of one.

    Parameters
    ----------
    tables : pandas.DataFrame, pandas.Series or dict of str to DataFrame
        One table, or several by name.
    path : pathlib.Path or str
        ``something.csv`` or ``something.xlsx``. An ``.xlsx`` holds one sheet per table (named by
        the dict's keys, ``table`` for a single one). With several tables and ``.csv``, each goes to
        ``something-<name>.csv``; a path without a suffix is a folder that gets ``<name>.csv``.
    index : bool or None, default None
        Write the row index as the first column(s); ``None``: only when it carries information
        (it is named, or is not the default ``0, 1, 2, ...``).

    Returns
    -------
    pathlib.Path or dict of str to pathlib.Path
        The file written; for several tables written as CSV, name → file.

    Raises
    ------
    CorpusError
        A suffix other than ``.csv``/``.xlsx``, a name that is empty or twice the same once made
        safe for a file or sheet, something other than a table, or ``.xlsx`` without openpyxl
        (the message gives the install line).

    Examples
    --------
    >>> import tempfile, pandas as pd, framings as fr
    >>> table = pd.DataFrame({"term": ["=1+2", "-corridor", "corridor"], "count": [3, -5, 7]})
    >>> path = fr.export(table, tempfile.mkdtemp() + "/terms.csv")
    >>> path.read_text(encoding="utf-8-sig").splitlines()
    ['term,count', "'=1+2,3", "'-corridor,-5", 'corridor,7']
    >>> paths = fr.export({"a": table, "b": table.head(1)}, tempfile.mkdtemp() + "/tables")
    >>> sorted(p.name for p in paths.values())
    ['a.csv', 'b.csv']
    """
    path = Path(path)
    suffix = path.suffix.lower()
    named = isinstance(tables, Mapping)
    if suffix not in EXPORT_SUFFIXES and not (named and suffix == ""):
        raise CorpusError(f"export(): {path.name!r}: write to a .csv or .xlsx file"
                          + (", or, for several tables, a folder" if named else ""))
    frames = _frames(tables if named else {"table": tables}, index)
    if suffix == ".xlsx":
        _write_xlsx(frames, path)
        return path
    if not named:
        atomic_write_bytes(path, _csv_bytes(frames["table"]))
        return path
    targets = _csv_targets(path, list(frames))
    for name, frame in frames.items():
        atomic_write_bytes(targets[name], _csv_bytes(frame))
    return targets


def _frames(tables: Mapping, index: bool | None) -> dict[str, pd.DataFrame]:
    """Each table as a frame with the index as columns (when wanted) and one flat header row."""
    if not tables:
        raise CorpusError("export(): no table given; pass a DataFrame or a dict of name -> DataFrame")
    frames = {}
    for name, table in tables.items():
        if not isinstance(name, str) or not name.strip():
            raise CorpusError(f"export(): table name {name!r}: give each table a non-empty text name")
        if isinstance(table, pd.Series):
            table = table.to_frame()
        if not isinstance(table, pd.DataFrame):
            raise CorpusError(f"export(): table {name!r} is a {type(table).__name__}, not a pandas DataFrame "
                              "or Series")
        keep_index = _index_informative(table.index) if index is None else bool(index)
        frame = table.reset_index() if keep_index else table.reset_index(drop=True)
        frame.columns = [_flat_name(column) for column in frame.columns]
        frames[name] = frame
    return frames


def _index_informative(index: pd.Index) -> bool:
    """A named index, or any other than 0, 1, 2, ... (a crosstab's labels), is worth a column."""
    if any(name is not None for name in index.names):
        return True
    return not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1)


def _flat_name(column) -> str:
    """A header cell: the levels of a MultiIndex column joined by ``' | '``."""
    if isinstance(column, tuple):
        return " | ".join(str(level) for level in column if str(level) != "")
    return str(column)


def _non_finite_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Float columns with ±inf as the text ``inf``/``-inf`` (no spreadsheet has infinity)."""
    out = frame.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if pd.api.types.is_float_dtype(column.dtype):
            values = column.to_numpy(dtype=float, na_value=np.nan)
            if np.isinf(values).any():
                out.isetitem(position, column.astype(object).map(
                    lambda v: ("inf" if v > 0 else "-inf") if isinstance(v, float) and math.isinf(v) else v))
    return out


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (Excel then reads it as UTF-8), CRLF (RFC 4180), text neutralised."""
    buffer = io.StringIO()
    neutralise_frame(_non_finite_as_text(frame)).to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def _safe_name(name: str) -> str:
    return _SAFE_NAME.sub("-", name.strip()).strip("-.")


def _csv_targets(path: Path, names: list[str]) -> dict[str, Path]:
    """``path-<name>.csv`` (or ``path/<name>.csv`` for a folder) per name; distinct, and inside the folder."""
    targets, seen = {}, {}
    for name in names:
        safe = _safe_name(name)
        if not safe:
            raise CorpusError(f"export(): table name {name!r} has no letter or digit to name a file by")
        if safe.lower() in seen:
            raise CorpusError(f"export(): table names {seen[safe.lower()]!r} and {name!r} give the same file "
                              f"name {safe!r}; rename one")
        seen[safe.lower()] = name
        targets[name] = (path / f"{safe}.csv") if path.suffix == "" else path.with_name(f"{path.stem}-{safe}.csv")
    return targets


def _sheet_names(names: list[str]) -> dict[str, str]:
    """Excel sheet names: no ``[]:*?/\\``, at most 31 characters, distinct regardless of case."""
    sheets, seen = {}, {}
    for name in names:
        sheet = _SHEET_FORBIDDEN.sub("-", name.strip()).strip("'")[:_SHEET_MAX].strip()
        if not sheet:
            raise CorpusError(f"export(): table name {name!r} cannot name an Excel sheet; rename it")
        if sheet.lower() in seen:
            raise CorpusError(f"export(): table names {seen[sheet.lower()]!r} and {name!r} give the same sheet "
                              f"name {sheet!r} (Excel: 31 characters, case ignored); rename one")
        seen[sheet.lower()] = name
        sheets[name] = sheet
    return sheets


def _excel_value(value):
    """A cell value openpyxl can store: Python numbers and text; missing → empty; ±inf → text."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return float(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if value is pd.NA:
        return None
    return value if isinstance(value, str) else str(value)


def _write_xlsx(frames: dict[str, pd.DataFrame], path: Path) -> None:
    try:
        from openpyxl import Workbook  # optional: the import extra
    except ImportError:
        raise CorpusError(f"export(): writing {path.name} (Excel) needs openpyxl: "
                          'pip install "framings[import]" (or pip install openpyxl); or write a .csv') from None
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, sheet_name in _sheet_names(list(frames)).items():
        frame = frames[name]
        sheet = workbook.create_sheet(sheet_name)
        rows = [list(frame.columns)] + frame.astype(object).to_numpy().tolist()
        for row_number, row in enumerate(rows, start=1):
            for column_number, value in enumerate(row, start=1):
                value = _excel_value(value)
                cell = sheet.cell(row=row_number, column=column_number)
                cell.value = value
                if isinstance(value, str):
                    # openpyxl takes text starting with "=" for a formula: store every text as text, and mark
                    # those a spreadsheet would read as a formula when edited with Excel's own "text" prefix
                    cell.data_type = "s"
                    if needs_neutralising(value):
                        cell.quotePrefix = True
    with atomic_path(path) as tmp:
        workbook.save(tmp)
