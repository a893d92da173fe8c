"""Precision of a lexicon: a sample of its matches to check, and the share that was right."""

from __future__ import annotations

import zlib
from io import BytesIO
from pathlib import Path

import numpy as np
import pandas as pd

from .._check import require_columns
from .._io import contained_path, read_limited
from ..errors import CorpusError
from ..stats import wilson_interval
from ._lexicon import _lexicon_folder, frame_order, resolve_lexicon
from ._match import frame_matches

PRECISION_COLUMNS = ["frame", "n", "correct", "precision", "ci_low", "ci_high"]


PRECISION_SAMPLE_COLUMNS = ["frame", "para_id", "term", "context", "correct", "checked_by", "method"]


def precision_sample(paras: pd.DataFrame, n: int = 25, lexicon: pd.DataFrame | str | Path | None = None,
                     random_state: int = 20261124, window: int = 8) -> pd.DataFrame:
    """Draw matches to check: ``n`` per frame, a simple random sample without replacement.

    Columns ``frame, para_id, term, context, correct, checked_by, method`` with ``correct``,
    ``checked_by`` and ``method`` empty, to be filled in by the checker (``checked_by`` says
    who checked -- a person, or software/an AI assistant -- and whether they knew the labels). ``context`` is
    ``left [match] right`` from :func:`frame_matches`. Frames with fewer than ``n``
    matches are taken whole.

    Parameters
    ----------
    paras : pandas.DataFrame
        Paragraphs (:func:`framings.paragraphs`).
    n : int, default 25
        Matches per frame.
    lexicon : pandas.DataFrame or str or pathlib.Path or None, default None
        As in :func:`frame_scores`: None (the corpus's lexicon), a path to a lexicon YAML
        file, or a frame from :func:`load_lexicon`.
    random_state : int, default 20261124
        Seed of the draw.
    window : int, default 8
        Words of context either side.

    Returns
    -------
    pandas.DataFrame
        ``frame, para_id, term, context, correct, checked_by, method``, the last three empty.

    Examples
    --------
    >>> paras = fr.paragraphs(fr.load_corpus())
    >>> sample = fr.frames.precision_sample(paras, n=3)
    >>> sample.groupby("frame").size().tolist(), bool(sample["correct"].eq("").all())
    ([3, 3, 3], True)
    """
    lexicon = resolve_lexicon(lexicon, paras)
    parts = []
    for frame in frame_order(lexicon):
        matches = frame_matches(paras, frame, lexicon=lexicon, window=window)
        if len(matches) > n:
            rng = np.random.default_rng([int(random_state), zlib.crc32(frame.encode("utf-8"))])
            matches = matches.iloc[np.sort(rng.choice(len(matches), size=n, replace=False))]
        parts.append(pd.DataFrame({
            "frame": frame,
            "para_id": matches["para_id"],
            "term": matches["term"],
            "context": (matches["left"] + " [" + matches["match"] + "] " + matches["right"]).str.strip(),
            "correct": "",
            "checked_by": "",
            "method": "",
        }, columns=PRECISION_SAMPLE_COLUMNS))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=PRECISION_SAMPLE_COLUMNS)


def lexicon_precision(sample: pd.DataFrame | str | Path | None = None) -> pd.DataFrame:
    """Precision of the frame lexicon from the checked sample, per frame.

    The shipped ``precision-sample.csv`` was checked by an AI assistant that knew each
    document's a-priori label (its ``checked_by`` column says so), not by a person.

    ``sample`` is None (``<corpus>/lexicons/precision-sample.csv``), a path, or a frame with
    columns ``frame`` and ``correct`` (true/false). Columns ``frame, n, correct, precision,
    ci_low, ci_high``: precision = correct / n, with a 95% Wilson score interval
    (Wilson 1927; :func:`framings.stats.wilson_interval`), because 20-odd checked matches per frame leave wide uncertainty.

    Parameters
    ----------
    sample : pandas.DataFrame or str or pathlib.Path or None, default None
        The checked sample (see above).

    Returns
    -------
    pandas.DataFrame
        ``frame, n, correct, precision, ci_low, ci_high``, one row per frame.

    Raises
    ------
    CorpusError
        When the sample is missing, lacks ``frame`` or ``correct``, or ``correct`` is not true/false.

    Examples
    --------
    >>> checked = pd.DataFrame({"frame": ["a"] * 4, "correct": [True, True, True, False]})
    >>> fr.frames.lexicon_precision(checked).round(3)
      frame  n  correct  precision  ci_low  ci_high
    0     a  4        3       0.75   0.301    0.954
    """
    if sample is None or isinstance(sample, (str, Path)):


        path = Path(sample) if sample is not None else _lexicon_folder() / "precision-sample.csv"
        if sample is None:  # the corpus's own file: inside its lexicons/ folder
            path = contained_path(path.parent, path.name, str(path), "precision sample")
        if not path.exists():
            raise CorpusError(f"{path}: no precision sample; draw one with precision_sample() and check it")
        sample = pd.read_csv(BytesIO(read_limited(path, str(path), "precision sample")), dtype=str,
                             keep_default_na=False, encoding="utf-8")
    require_columns(sample, ["frame", "correct"], "lexicon_precision(): the sample",
                    "pass None, a path or a frame of checked matches (fr.frames.precision_sample(), checked)")
    if sample.empty:
        return pd.DataFrame(columns=PRECISION_COLUMNS)
    truth = {"true": True, "false": False, "1": True, "0": False}
    flags = sample["correct"].map(lambda v: truth.get(str(v).strip().lower()))
    if flags.isna().any():
        bad = sample.loc[flags.isna(), "correct"].iloc[0]
        raise CorpusError(f"lexicon_precision(): 'correct' must be true or false, found {bad!r} "
                          f"(row {int(flags.isna().to_numpy().nonzero()[0][0]) + 2}); check that match")
    summary = (pd.DataFrame({"frame": sample["frame"].astype(str), "correct": flags.astype(bool)})
               .groupby("frame", sort=True)["correct"].agg(n="size", correct="sum").reset_index())
    summary["precision"] = summary["correct"] / summary["n"]
    low, high = wilson_interval(summary["correct"].to_numpy(float), summary["n"].to_numpy(float))
    summary["ci_low"], summary["ci_high"] = low, high
    return summary[PRECISION_COLUMNS]
