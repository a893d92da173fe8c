"""Small helpers on tidy frames that every stage shares: integer codes of columns and paragraphs."""

from __future__ import annotations

import numpy as np
import pandas as pd


def factorize_str(values) -> tuple[np.ndarray, list[str]]:
    """Integer codes and their string labels for a column (fast for Categoricals)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), [str(u) for u in uniques]


def paragraph_codes(toks: pd.DataFrame) -> np.ndarray:
    """One integer per paragraph: (doc_id, para_id) pairs, so para_id may restart per document."""
    keys = [c for c in ("doc_id", "para_id") if c in toks.columns]
    return toks.groupby(keys, sort=False, observed=True, dropna=False).ngroup().to_numpy(np.int64)
