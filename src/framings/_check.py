"""Argument checks shared by every stage: the columns a frame must have, and labels for comparisons.

:func:`require_columns` is the one "missing columns" check: every verb that takes a frame says, in one
form, which of its columns are missing and what to pass instead.

A corpus may be unlabelled (``framing`` empty on every row, or the column absent from
``metadata.csv``): counts, tf-idf, topics, similarity, KWIC and frame scores per document
work as usual; functions that compare framings raise :class:`~framings.CorpusError`
saying they need labels (:func:`require_labels`).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .errors import CorpusError

PARAGRAPH_REQUIRED = ["doc_id", "para_id", "framing", "text"]


def require_columns(frame, columns: Iterable[str], what: str, hint: str) -> None:
    """Raise CorpusError ``"{what} lacks column(s) [...]; {hint}"`` unless ``frame`` is a DataFrame with ``columns``."""
    if not isinstance(frame, pd.DataFrame):
        raise CorpusError(f"{what} must be a pandas DataFrame, got {type(frame).__name__}; {hint}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CorpusError(f"{what} lacks column(s) {missing}; {hint}")


def check_paragraphs(paras, what: str) -> None:
    """Raise unless ``paras`` is a paragraph frame (``doc_id, para_id, framing, text``); ``what`` names the caller."""
    require_columns(paras, PARAGRAPH_REQUIRED, f"{what}: the paragraph frame", "pass fr.paragraphs(corpus)")


def is_labelled(frame: pd.DataFrame, column: str = "framing") -> bool:
    """Whether any row of ``frame`` has a non-empty ``framing`` (or ``column``).

    Parameters
    ----------
    frame : pd.DataFrame
        A corpus, paragraph, token or score frame.
    column : str, default 'framing'
        The label column.

    Returns
    -------
    bool
        False when the column is absent or empty on every row.

    Examples
    --------
    >>> import pandas as pd
    >>> is_labelled(pd.DataFrame({"framing": ["", ""]})), is_labelled(pd.DataFrame({"framing": ["a", ""]}))
    (False, True)
    """
    if not isinstance(frame, pd.DataFrame) or column not in frame.columns:
        return False
    values = frame[column]
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = pd.Series(values.cat.categories)
    return bool(values.astype(str).str.strip().ne("").any() if len(values) else False)


def require_labels(frame: pd.DataFrame, what: str, by: str = "framing") -> None:
    """Raise :class:`~framings.CorpusError` when ``what`` would compare framings of an unlabelled corpus.

    Only ``by="framing"`` needs labels; grouping by another column never raises.

    Parameters
    ----------
    frame : pd.DataFrame
        The frame being compared.
    what : str
        The function's name, for the message.
    by : str, default 'framing'
        The column the comparison groups by.

    Returns
    -------
    None

    Raises
    ------
    CorpusError
        ``by`` is ``"framing"`` and no row has a label.

    Examples
    --------
    >>> import pandas as pd
    >>> require_labels(pd.DataFrame({"framing": ["", ""]}), "keyness()", by="doc_id")  # fine
    """
    if by != "framing" or is_labelled(frame):
        return
    raise CorpusError(f"{what} compares framings, but this corpus is unlabelled (the 'framing' column is empty "
                      "or absent); label the documents (a 'framing' column in metadata.csv, e.g. "
                      "`python -m framings init ... --framing-column COL`) or group by another column "
                      "(by='doc_id')")


def require_group_labels(groups: list, what: str) -> None:
    """Raise when the groups of a count table are only the empty label (an unlabelled corpus by framing)."""
    labels = [str(g).strip() for g in groups]
    if labels and not any(labels):
        require_labels(pd.DataFrame({"framing": labels}), what)
