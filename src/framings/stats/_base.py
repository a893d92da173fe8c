"""Checks shared by the statistics on count tables (groups x terms)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._check import require_group_labels
from ..errors import CorpusError

_CORRECTIONS = {None: None, "none": None, "williams": "williams", "yates": "yates"}


# --------------------------------------------------------------------------
# input checks
# --------------------------------------------------------------------------
def _check_counts(counts) -> tuple[np.ndarray, list, np.ndarray]:
    """Validate a group x term count table; return (matrix, groups, terms)."""
    if not isinstance(counts, pd.DataFrame):
        raise CorpusError(
            f"counts must be a pandas DataFrame (groups x terms), got {type(counts).__name__}; "
            "build it with framings.term_counts(toks, by=...)."
        )
    groups = list(counts.index)
    if len(set(groups)) != len(groups):
        raise CorpusError(
            "counts has duplicated group labels in its index; aggregate them first "
            "(e.g. counts.groupby(level=0).sum())."
        )
    if counts.shape[1] == 0:
        raise CorpusError(
            "counts has an empty vocabulary (no term columns); check the tokens passed to term_counts."
        )
    try:
        matrix = counts.to_numpy(dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise CorpusError(
            f"counts must hold numbers only ({err}); pass the output of framings.term_counts."
        ) from None
    if np.isnan(matrix).any() or (matrix < 0).any():
        raise CorpusError("counts must be non-negative with no missing values; fill gaps with 0.")
    if matrix.sum() == 0:
        raise CorpusError(
            "counts has an empty vocabulary (all counts are zero); check the tokens passed to term_counts."
        )

    require_group_labels(groups, "this comparison (keyness, compare_groups, log_odds)")
    terms = np.asarray(counts.columns.astype(str), dtype=object)
    return matrix, groups, terms


def _group_position(groups: list, label, what: str) -> int:
    for i, g in enumerate(groups):
        if g == label or str(g) == str(label):
            return i
    raise CorpusError(
        f"{what} {label!r} is not a group in counts; choose one of {[str(g) for g in groups]}."
    )


def _check_correction(correction):
    key = correction.lower() if isinstance(correction, str) else correction
    if key not in _CORRECTIONS:
        raise CorpusError(
            f"correction must be None, 'none', 'williams' or 'yates', got {correction!r}."
        )
    return _CORRECTIONS[key]


def _check_min_count(min_count) -> float:
    if isinstance(min_count, bool) or not isinstance(min_count, (int, float, np.integer, np.floating)):
        raise CorpusError(f"min_count must be a number >= 0, got {min_count!r}.")
    if min_count < 0:
        raise CorpusError(f"min_count must be >= 0, got {min_count!r}.")
    return float(min_count)


def _check_inputs(counts, correction, min_count, what: str):
    """Validated (matrix, groups, terms, correction, min_count) shared by keyness and compare_groups."""
    matrix, groups, terms = _check_counts(counts)
    correction = _check_correction(correction)
    min_count = _check_min_count(min_count)
    if len(groups) < 2:
        raise CorpusError(
            f"{what} needs at least 2 groups in counts, got {len(groups)}; group by a column with more levels."
        )
    return matrix, groups, terms, correction, min_count
