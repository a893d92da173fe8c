"""Small helpers on tidy frames that every stage shares: column checks, integer codes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import CorpusError


def require_token_columns(frame, columns, what: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise CorpusError(f"{what} must be a pandas DataFrame, got {type(frame).__name__}.")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CorpusError(
            f"{what} lacks column(s) {missing}; pass the tidy token frame from framings.tokens()."
        )


def factorize_str(values) -> tuple[np.ndarray, list[str]]:
    """Integer codes and their string labels for a column (fast for Categoricals)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), [str(u) for u in uniques]


def paragraph_codes(toks: pd.DataFrame) -> np.ndarray:
    """One integer per paragraph: (doc_id, para_id) pairs, so para_id may restart per document."""
    keys = [c for c in ("doc_id", "para_id") if c in toks.columns]
    return toks.groupby(keys, sort=False, observed=True, dropna=False).ngroup().to_numpy(np.int64)
