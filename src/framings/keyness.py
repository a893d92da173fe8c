"""Which words set one framing apart: keyness, weighted log-odds, dispersion,
keyword in context, collocations and bootstrap confidence intervals for rates.

Everything here is table in, table out (pandas), vectorised with numpy/scipy
over all terms at once, and prints or plots nothing.

Inputs follow the rest of the library:

* ``counts`` -- a DataFrame from :func:`framings.term_counts`: one row per
  group (index named after the grouping column, e.g. ``"framing"``), one
  column per term, integer counts.
* ``toks`` -- the tidy token frame (``doc_id, para_id, framing, position,
  token``; ``position`` counts words before stopword removal, so it may have
  gaps).
* ``paras`` -- the paragraph frame (``doc_id, para_id, framing, text, ...``).

Statistics of the 2 x 2 keyness table follow quanteda.textstats'
``textstat_keyness`` (R/textstat_keyness.R and src/keyness.cpp); the weighted
log-odds follow tidylo's ``bind_log_odds`` line by line; collocation measures
follow NLTK's ``BigramAssocMeasures``.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

import numpy as np
import pandas as pd

from .errors import CorpusError
from .logodds import log_odds  # noqa: F401  (moved to logodds.py; fr.keyness.log_odds still works)

__all__ = [
    "keyness",
    "compare_groups",
    "log_odds",
    "dispersion",
    "kwic",
    "collocations",
    "rate_ci",
    "association",
]

KEYNESS_COLUMNS = [
    "term",
    "target",
    "reference",
    "target_count",
    "reference_count",
    "target_per_10k",
    "reference_per_10k",
    "g2",
    "chi2",
    "log_ratio",
    "p_value",
    "p_adjusted",
    "docs_in_target",
    "single_document",
]

_CORRECTIONS = {None: None, "none": None, "williams": "williams", "yates": "yates"}
_COLLOCATION_MEASURES = ("g2", "pmi", "t", "chi2")
# NLTK's guard against division by zero and log(0) (nltk/metrics/association.py).
_SMALL = 1e-20
# Words for KWIC on raw text: letters/digits, with inner hyphens or apostrophes.
_WORD = re.compile(r"\w+(?:[-'\u2019]\w+)*")


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
    from .labels import _require_group_labels

    _require_group_labels(groups, "this comparison (keyness, compare_groups, log_odds)")
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


def _require_columns(frame, columns, what: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise CorpusError(f"{what} must be a pandas DataFrame, got {type(frame).__name__}.")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CorpusError(
            f"{what} lacks column(s) {missing}; pass the tidy token frame from framings.tokens()."
        )


def _as_terms(terms) -> list[str]:
    if isinstance(terms, str):
        terms = [terms]
    terms = [str(t) for t in terms] if isinstance(terms, Iterable) else []
    if not terms:
        raise CorpusError("terms must be a term or a non-empty list of terms.")
    return list(dict.fromkeys(terms))


def _factorize_str(values) -> tuple[np.ndarray, list[str]]:
    """Integer codes and their string labels for a column (fast for Categoricals)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), [str(u) for u in uniques]


def _paragraph_codes(toks: pd.DataFrame) -> np.ndarray:
    """One integer per paragraph: (doc_id, para_id) pairs, so para_id may restart per document."""
    keys = [c for c in ("doc_id", "para_id") if c in toks.columns]
    return toks.groupby(keys, sort=False, observed=True, dropna=False).ngroup().to_numpy(np.int64)


# --------------------------------------------------------------------------
# keyness
# --------------------------------------------------------------------------
def _keyness_stats(a, b, t_total, r_total, correction):
    """Vectorised statistics of the 2 x 2 tables, one per term.

    ``a``/``b`` are the term's counts in target/reference, ``t_total``/``r_total``
    the token totals of target/reference (scalars or arrays broadcasting with
    ``a``). Cells: a, b (term); c = t_total - a, d = r_total - b (other terms).
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    c = t_total - a
    d = r_total - b
    n = a + b + c + d
    row1 = a + b
    row2 = c + d
    col1 = a + c
    col2 = b + d
    sign = np.where(a > row1 * col1 / n, 1.0, -1.0)  # quanteda: a > E ? 1 : -1
    ad_bc = a * d - b * c

    with np.errstate(divide="ignore", invalid="ignore"):
        if correction == "yates":
            # quanteda's yates_correction(): 0.5 only when |ad - bc| >= N/2 and
            # some expected cell count is below 5, else no correction.
            e_min = np.minimum.reduce([row1 * col1, row1 * col2, row2 * col1, row2 * col2]) / n
            delta = np.where((np.abs(ad_bc) >= n / 2) & (e_min < 5), 0.5, 0.0)
        else:
            delta = np.zeros_like(a)

        # Pearson chi2 (with Yates: N (|ad - bc| - N delta)^2 / margins)
        denom = row1 * row2 * col1 * col2
        chi2 = n * (np.abs(ad_bc) - n * delta) ** 2 / denom
        chi2 = np.where(denom > 0, chi2, 0.0)

        # G2 = 2 sum O ln(O/E); Yates moves every cell delta towards its expectation
        shift = np.where(ad_bc > 0, -delta, delta)
        cells = (a + shift, b - shift, c - shift, d + shift)
        expected = (row1 * col1 / n, row1 * col2 / n, row2 * col1 / n, row2 * col2 / n)
        from scipy.special import xlogy

        g2 = 2.0 * sum(xlogy(o, o / e) for o, e in zip(cells, expected))
        g2 = np.where(np.isfinite(g2), g2, 0.0)
        g2 = np.maximum(g2, 0.0)  # rounding can leave -1e-16

        if correction == "williams":
            # quanteda's williams_correction(): q = 1 when any cell is 0
            q = 1.0 + (n / row1 + n / row2 - 1.0) * (n / col1 + n / col2 - 1.0) / (6.0 * n)
            q = np.where(a * b * c * d == 0, 1.0, q)
            g2 = g2 / q

        # Hardie's Log Ratio: log2 of the ratio of relative frequencies, 0 -> 0.5
        log_ratio = np.log2((np.where(a > 0, a, 0.5) / t_total) / (np.where(b > 0, b, 0.5) / r_total))

    return {
        "g2": g2 * sign,
        "chi2": chi2 * sign,
        "log_ratio": log_ratio,
        "target_per_10k": a / t_total * 1e4,
        "reference_per_10k": b / r_total * 1e4,
    }


def _docs_per_group(toks: pd.DataFrame, by: str, groups: list, terms: list[str]) -> np.ndarray:
    """Matrix groups x terms: number of distinct doc_id of the group the term occurs in."""
    _require_columns(toks, ["doc_id", by, "token"], "toks")
    frame = toks[[by, "doc_id", "token"]].dropna()
    frame = frame.drop_duplicates()
    group_codes, group_labels = _factorize_str(frame[by])
    term_codes, term_labels = _factorize_str(frame["token"])
    # distinct (group, doc, term) rows -> count per (group, term)
    g_map = {str(g): i for i, g in enumerate(groups)}
    t_map = {t: j for j, t in enumerate(terms)}
    g_idx = np.array([g_map.get(g, -1) for g in group_labels], dtype=np.int64)[group_codes]
    t_idx = np.array([t_map.get(t, -1) for t in term_labels], dtype=np.int64)[term_codes]
    ok = (g_idx >= 0) & (t_idx >= 0)
    out = np.zeros((len(groups), len(terms)), dtype=np.int64)
    np.add.at(out, (g_idx[ok], t_idx[ok]), 1)
    return out


def _p_chi2_1df(x):
    """P(chi2 with 1 df > x) = erfc(sqrt(x / 2)): the same value as
    ``scipy.stats.chi2.sf(x, 1)`` to ~1e-14, about 50 times faster."""
    from scipy.special import erfc

    return erfc(np.sqrt(np.asarray(x, dtype=np.float64) / 2.0))


def _keyness_frame(matrix, groups, terms, comparisons, correction, min_count, docs):
    """Stack keyness tables for a list of (label, target_idx, reference_idxs, reference_label)."""
    from scipy.stats import false_discovery_control

    totals = matrix.sum(axis=1)
    alphabetical = np.argsort(terms, kind="stable")  # ties in g2 are broken by term
    cols = {k: [] for k in KEYNESS_COLUMNS[3:12]}
    term_idx, lengths, docs_in = [], [], []
    for _label, t_idx, r_idx, r_label in comparisons:
        a = matrix[t_idx]
        b = matrix[r_idx].sum(axis=0)
        t_total, r_total = totals[t_idx], totals[r_idx].sum()
        if t_total == 0 or r_total == 0:
            empty = groups[t_idx] if t_total == 0 else r_label
            raise CorpusError(f"group {str(empty)!r} has no tokens in counts; drop it before comparing.")
        wanted = ((a + b) >= min_count) & ((a + b) > 0)
        keep = alphabetical[wanted[alphabetical]]
        a, b = a[keep], b[keep]
        stats = _keyness_stats(a, b, t_total, r_total, correction)
        p = _p_chi2_1df(np.abs(stats["g2"]))
        p_adj = false_discovery_control(p, method="bh") if len(p) else p
        order = np.argsort(-stats["g2"], kind="stable")
        term_idx.append(keep[order])
        lengths.append(len(order))
        cols["target_count"].append(a[order])
        cols["reference_count"].append(b[order])
        for key in ("target_per_10k", "reference_per_10k", "g2", "chi2", "log_ratio"):
            cols[key].append(stats[key][order])
        cols["p_value"].append(p[order])
        cols["p_adjusted"].append(p_adj[order])
        if docs is not None:
            docs_in.append(docs[t_idx][keep[order]])

    def labels(values):
        return pd.array(np.repeat(np.asarray(values, dtype=object), lengths), dtype=str)

    n = int(sum(lengths))
    out = {}
    if comparisons[0][0] is not None:
        out["comparison"] = labels([c[0] for c in comparisons])
    out["term"] = pd.array(terms[np.concatenate(term_idx)], dtype=str)
    out["target"] = labels([str(groups[c[1]]) for c in comparisons])
    out["reference"] = labels([c[3] for c in comparisons])
    for key, parts in cols.items():
        values = np.concatenate(parts)
        out[key] = values.astype(np.int64) if key.endswith("_count") else values
    if docs is None:
        out["docs_in_target"] = pd.arrays.IntegerArray(np.zeros(n, np.int64), np.ones(n, bool))
        out["single_document"] = pd.arrays.BooleanArray(np.zeros(n, bool), np.ones(n, bool))
    else:
        dv = np.concatenate(docs_in).astype(np.int64)
        out["docs_in_target"] = pd.arrays.IntegerArray(dv, np.zeros(n, bool))
        out["single_document"] = pd.arrays.BooleanArray(dv == 1, np.zeros(n, bool))
    return pd.DataFrame(out, copy=False)  # fresh arrays: skip the consolidating copy


def _docs_matrix(toks, counts, groups, terms):
    if toks is None:
        return None
    by = counts.index.name
    if by is None or not isinstance(toks, pd.DataFrame) or by not in toks.columns:
        raise CorpusError(
            f"toks needs the grouping column {by!r} of counts (its index name) to count documents; "
            "pass the same token frame you gave term_counts."
        )
    return _docs_per_group(toks, by, groups, terms)


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


def keyness(counts: pd.DataFrame, target: Hashable, reference: Hashable | list | None = None,
            correction: str | None = None, min_count: int = 1, toks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Keyness of every term for a ``target`` group against a ``reference``.

    For each term a 2 x 2 table is built (rows: the term / all other terms;
    columns: target / reference), with cells ``a`` (term in target), ``b``
    (term in reference), ``c``, ``d`` (other terms), ``N = a + b + c + d`` and
    expected counts ``E = row total * column total / N``.

    * ``g2`` -- log-likelihood ratio G2 = 2 * sum O ln(O / E) over the four
      cells (Dunning 1993; the full-table form used by quanteda's
      ``textstat_keyness(measure = "lr")``; 0 ln 0 = 0).
    * ``chi2`` -- Pearson X2 = N (ad - bc)^2 / ((a+b)(c+d)(a+c)(b+d))
      (Pearson 1900; quanteda ``measure = "chi2"``).
    * Both are signed as in quanteda: negative when ``a`` is below its
      expectation, i.e. the term is relatively more frequent in the reference.
    * ``log_ratio`` -- Hardie's (2014) Log Ratio, log2((a / N_target) /
      (b / N_reference)), a zero count replaced by 0.5.
    * ``p_value`` -- P(chi2 with 1 df > |g2|) = erfc(sqrt(|g2| / 2)) (equal to
      ``scipy.stats.chi2.sf(|g2|, 1)``);
      ``p_adjusted`` -- Benjamini & Hochberg (1995) over the terms kept in
      this comparison (``scipy.stats.false_discovery_control``).
    * ``target_per_10k`` / ``reference_per_10k`` -- count / group tokens * 10,000.

    ``correction``:

    * ``None`` or ``"none"`` -- no correction (default).
    * ``"williams"`` -- Williams' (1976) correction, exactly as quanteda's
      ``williams_correction()``: G2 / q with q = 1 + (N/(a+b) + N/(c+d) - 1)
      (N/(a+c) + N/(b+d) - 1) / (6N), and q = 1 when any cell is 0. It applies
      to ``g2`` only (quanteda would also multiply chi2 by q, which is not
      Williams' correction; chi2 is left uncorrected).
    * ``"yates"`` -- Yates' (1934) continuity correction as quanteda applies
      it: only when |ad - bc| >= N/2 and some expected cell is below 5; then
      every cell moves 0.5 towards its expectation, for chi2
      (N (|ad - bc| - N/2)^2 / margins) and for G2 alike (as quanteda and
      ``scipy.stats.chi2_contingency(correction=True)`` do).

    quanteda's ``"default"`` is not accepted: its documentation (Williams for
    G2) and its code (Yates for G2) disagree, so ask for the one you want.

    Parameters
    ----------
    counts : pandas.DataFrame
        Groups x terms counts (from :func:`framings.term_counts`).
    target : hashable
        A group label (row of ``counts``).
    reference : hashable or list or None, default None
        A group, a list of groups, or None for all other groups.
    correction : {None, "none", "williams", "yates"}, default None
        Correction of G2 (and, for Yates, chi2), as described above.
    min_count : int, default 1
        Drop terms whose target + reference count is below this.
        Terms absent from both sides are always dropped.
    toks : pandas.DataFrame or None, default None
        Optional tidy token frame; adds ``docs_in_target`` (distinct
        ``doc_id`` of the target group containing the term) and
        ``single_document`` (``docs_in_target == 1``: key for the group but
        carried by one document). Without it both columns are NA.

    Returns
    -------
    pandas.DataFrame
        Columns ``term, target, reference, target_count,
        reference_count, target_per_10k, reference_per_10k, g2, chi2, log_ratio,
        p_value, p_adjusted, docs_in_target, single_document``, one row per term,
        sorted by ``g2`` descending (ties by term). ``reference`` is ``"rest"``
        when ``reference`` is None, else the group(s) joined with ``"+"``.

    Raises
    ------
    CorpusError
        For a target or reference that is not a group, an empty reference list, the target
        among the references, an unknown correction, or counts that are not a count table.

    Examples
    --------
    >>> counts = pd.DataFrame({"war": [10, 2], "peace": [1, 9], "talks": [4, 4]}, index=["hawks", "doves"])
    >>> table = fr.keyness(counts, target="hawks")
    >>> table[["term", "target_count", "reference_count", "g2", "log_ratio"]].iloc[[0, 2]].round(3)
        term  target_count  reference_count      g2  log_ratio
    0    war            10                2   9.505      2.322
    2  peace             1                9 -10.653     -3.170
    """
    matrix, groups, terms, correction, min_count = _check_inputs(counts, correction, min_count, "keyness")
    t_idx = _group_position(groups, target, "target")
    if reference is None:
        r_idx = [i for i in range(len(groups)) if i != t_idx]
        r_label = "rest"
    else:
        refs = [reference] if isinstance(reference, str) or not isinstance(reference, Iterable) else list(reference)
        if not refs:
            raise CorpusError("reference is an empty list; pass a group, a list of groups or None.")
        r_idx = list(dict.fromkeys(_group_position(groups, r, "reference") for r in refs))
        if t_idx in r_idx:
            raise CorpusError(f"target {str(target)!r} is also in reference; compare it with other groups.")
        r_label = "+".join(str(groups[i]) for i in r_idx)
    docs = _docs_matrix(toks, counts, groups, terms)
    return _keyness_frame(matrix, groups, terms, [(None, t_idx, r_idx, r_label)], correction, min_count, docs)


def compare_groups(counts: pd.DataFrame, pairwise: bool = True, correction: str | None = None,
                   min_count: int = 1, toks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Keyness for every group against the rest and (``pairwise``) every pair.

    Stacks :func:`keyness` tables with a leading ``comparison`` column:
    ``"<group> vs rest"`` for each group (in the row order of ``counts``), then
    ``"<g_i> vs <g_j>"`` for each pair i < j (target g_i, reference g_j; a
    negative ``g2`` means key for g_j). Statistics, corrections, ``min_count``
    and ``toks`` are as in :func:`keyness`; ``p_adjusted`` is Benjamini &
    Hochberg (1995) within each comparison. Works for any number of groups >= 2.

    Parameters
    ----------
    counts : pandas.DataFrame
        Groups x terms counts (from :func:`framings.term_counts`), two groups or more.
    pairwise : bool, default True
        Also every pair of groups, not only each group against the rest.
    correction : {None, "none", "williams", "yates"}, default None
        Correction of G2 (and, for Yates, chi2), as described above.
    min_count : int, default 1
        Drop terms whose target + reference count is below this.
        Terms absent from both sides are always dropped.
    toks : pandas.DataFrame or None, default None
        Optional tidy token frame; adds ``docs_in_target`` (distinct
        ``doc_id`` of the target group containing the term) and
        ``single_document`` (``docs_in_target == 1``: key for the group but
        carried by one document). Without it both columns are NA.

    Returns
    -------
    pandas.DataFrame
        ``comparison`` followed by the columns of :func:`keyness`.

    Raises
    ------
    CorpusError
        As :func:`keyness`, and for fewer than two groups.

    Examples
    --------
    >>> counts = pd.DataFrame({"war": [10, 2], "peace": [1, 9], "talks": [4, 4]}, index=["hawks", "doves"])
    >>> table = fr.compare_groups(counts)
    >>> table["comparison"].unique().tolist()
    ['hawks vs rest', 'doves vs rest', 'hawks vs doves']
    >>> table.loc[table["term"].eq("war"), "g2"].round(2).tolist()
    [9.51, -9.51, 9.51]
    """
    matrix, groups, terms, correction, min_count = _check_inputs(counts, correction, min_count, "compare_groups")
    comparisons = []
    for i, g in enumerate(groups):
        others = [j for j in range(len(groups)) if j != i]
        comparisons.append((f"{g} vs rest", i, others, "rest"))
    if pairwise:
        for i, j in itertools.combinations(range(len(groups)), 2):
            comparisons.append((f"{groups[i]} vs {groups[j]}", i, [j], str(groups[j])))
    docs = _docs_matrix(toks, counts, groups, terms)
    return _keyness_frame(matrix, groups, terms, comparisons, correction, min_count, docs)


# --------------------------------------------------------------------------
# dispersion
# --------------------------------------------------------------------------
def dispersion(toks: pd.DataFrame, by: str = "doc_id") -> pd.DataFrame:
    """Range and Gries' DP of every term across corpus parts.

    Parts are the values of ``by`` (``"doc_id"``: documents; ``"para_id"``:
    paragraphs, taken as (doc_id, para_id) pairs). With s_i the size of part i
    as a share of all tokens and v_i the share of the term's occurrences found
    in part i (Gries 2008):

    * ``range`` -- number of parts in which the term occurs;
    * ``DP`` = 0.5 * sum_i |v_i - s_i| (0: spread as expected from part sizes,
      towards 1: concentrated);
    * ``DP_norm`` = DP / (1 - min_i s_i) (Lijffijt & Gries 2012), scaled to
      [0, 1]; NaN when there is a single part.

    Part sizes count all tokens in ``toks`` (after stopword removal when the
    frame has had stopwords removed). Returns ``term, frequency, range, DP,
    DP_norm`` sorted by frequency descending, then term.

    Parameters
    ----------
    toks : pandas.DataFrame
        Tidy tokens (:func:`framings.tokens`).
    by : {"doc_id", "para_id"} or str, default "doc_id"
        The column whose values are the corpus parts.

    Returns
    -------
    pandas.DataFrame
        ``term, frequency, range, DP, DP_norm``, sorted by frequency descending, then term.

    Raises
    ------
    CorpusError
        When ``toks`` has no tokens, lacks ``by`` or has missing values in it.

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "para_id": ["a1", "a1", "b1", "b1"],
    ...                      "token": ["energy", "war", "energy", "energy"]})
    >>> fr.dispersion(toks).round(3)  # energy: v = (1/3, 2/3) against s = (1/2, 1/2)
         term  frequency  range     DP  DP_norm
    0  energy          3      2  0.167    0.333
    1     war          1      1  0.500    1.000
    """
    _require_columns(toks, ["token", by], "toks")
    frame = toks.dropna(subset=["token"])
    if frame.empty:
        raise CorpusError("toks has no tokens; nothing to measure.")
    if by == "para_id" and "doc_id" in frame.columns:
        part = frame.groupby(["doc_id", "para_id"], sort=False, observed=True, dropna=False).ngroup().to_numpy()
    else:
        part, _ = _factorize_str(frame[by])
        if (part < 0).any():
            raise CorpusError(f"toks has missing values in {by!r}; fill or drop them first.")
    term_codes, vocab = _factorize_str(frame["token"])
    n_parts = int(part.max()) + 1
    sizes = np.bincount(part, minlength=n_parts).astype(np.float64)
    s = sizes / sizes.sum()
    pair, f = np.unique(term_codes * n_parts + part, return_counts=True)
    pair_term = pair // n_parts
    pair_part = pair % n_parts
    freq = np.bincount(pair_term, weights=f, minlength=len(vocab))
    v = f / freq[pair_term]
    abs_occ = np.bincount(pair_term, weights=np.abs(v - s[pair_part]), minlength=len(vocab))
    s_occ = np.bincount(pair_term, weights=s[pair_part], minlength=len(vocab))
    # parts without the term contribute |0 - s_i| = s_i: sum = 1 - s_occ
    dp = 0.5 * (abs_occ + np.clip(1.0 - s_occ, 0.0, None))
    rng = np.bincount(pair_term, minlength=len(vocab))
    with np.errstate(divide="ignore", invalid="ignore"):
        dp_norm = dp / (1.0 - s.min()) if n_parts > 1 else np.full_like(dp, np.nan)
    out = pd.DataFrame(
        {
            "term": pd.Series(vocab, dtype=str),
            "frequency": freq.astype(np.int64),
            "range": rng.astype(np.int64),
            "DP": dp,
            "DP_norm": dp_norm,
        }
    )
    return out.sort_values(["frequency", "term"], ascending=[False, True], ignore_index=True)


# --------------------------------------------------------------------------
# keyword in context
# --------------------------------------------------------------------------
def _norm_word(word: str) -> str:
    """Case-folded word without a possessive 's (as framings.tokens does)."""
    word = word.casefold()
    return word[:-2] if len(word) > 2 and word.endswith(("'s", "\u2019s")) else word


def _pattern_words(pattern) -> list[str]:
    if isinstance(pattern, str):
        words = [_norm_word(m.group()) for m in _WORD.finditer(pattern)]
    elif isinstance(pattern, Iterable):
        words = [str(w).casefold() for w in pattern if str(w).strip()]
    else:
        words = []
    if not words:
        raise CorpusError(f"pattern {pattern!r} has no words to search for; pass a word or a phrase.")
    return words


def _squash(text: str) -> str:
    return " ".join(text.split())


def _kwic_text(paras: pd.DataFrame, words: list[str], window: int) -> list[dict]:
    k = len(words)
    rows = []
    has_framing = "framing" in paras.columns
    for rec in paras.itertuples(index=False):
        text = getattr(rec, "text")
        if not isinstance(text, str) or not text:
            continue
        spans = [(m.start(), m.end(), _norm_word(m.group())) for m in _WORD.finditer(text)]
        norm = [w for _, _, w in spans]
        for i in range(len(spans) - k + 1):
            if norm[i] != words[0] or norm[i : i + k] != words:
                continue
            lo = spans[max(0, i - window)][0] if window else spans[i][0]
            last = i + k - 1
            hi = spans[min(len(spans) - 1, last + window)][1] if window else spans[last][1]
            rows.append(
                {
                    "doc_id": getattr(rec, "doc_id", pd.NA),
                    "para_id": getattr(rec, "para_id", pd.NA),
                    "framing": getattr(rec, "framing") if has_framing else pd.NA,
                    "left": _squash(text[lo : spans[i][0]]),
                    "keyword": _squash(text[spans[i][0] : spans[last][1]]),
                    "right": _squash(text[spans[last][1] : hi]),
                }
            )
    return rows


def _kwic_tokens(toks: pd.DataFrame, words: list[str], window: int) -> list[dict]:
    para = _paragraph_codes(toks)  # paragraphs in order of first appearance
    pos = toks["position"].to_numpy(np.int64) if "position" in toks.columns else np.arange(len(toks))
    order = np.lexsort((pos, para))  # corpus order, words in position order
    frame = toks.iloc[order].reset_index(drop=True)
    para, pos = para[order], pos[order]
    codes, vocab = _factorize_str(frame["token"])
    folded = np.array([v.casefold() for v in vocab] + [""], dtype=object)
    tok = folded[codes]  # code -1 (NA) -> ""
    n, k = len(frame), len(words)
    hit = np.zeros(n, dtype=bool)
    if n >= k:
        m = n - k + 1
        ok = np.ones(m, dtype=bool)
        for j, w in enumerate(words):
            ok &= tok[j : j + m] == w
            if j:
                ok &= (para[j : j + m] == para[:m]) & (pos[j : j + m] == pos[:m] + j)
        hit[:m] = ok
    joined = [" ".join(words), "_".join(words)] if k > 1 else []
    single = np.isin(tok, joined) & ~hit if joined else np.zeros(n, dtype=bool)
    bounds = np.r_[0, np.flatnonzero(np.diff(para)) + 1, n]
    which = np.searchsorted(bounds, np.arange(n), side="right") - 1
    para_start, para_end = bounds[which], bounds[which + 1]
    has = {c: c in frame.columns for c in ("doc_id", "para_id", "framing")}
    raw = frame["token"].astype(object).to_numpy()
    rows = []
    for i in np.flatnonzero(hit | single):
        span = 1 if single[i] else k
        lo = max(para_start[i], i - window)
        hi = min(para_end[i], i + span + window)
        rows.append(
            {
                "doc_id": frame.at[i, "doc_id"] if has["doc_id"] else pd.NA,
                "para_id": frame.at[i, "para_id"] if has["para_id"] else pd.NA,
                "framing": frame.at[i, "framing"] if has["framing"] else pd.NA,
                "left": " ".join(str(t) for t in raw[lo:i]),
                "keyword": " ".join(str(t) for t in raw[i : i + span]),
                "right": " ".join(str(t) for t in raw[i + span : hi]),
            }
        )
    return rows


def kwic(paras_or_toks: pd.DataFrame, pattern: str | list[str], window: int = 8) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``pattern`` with ``window`` words either side.

    ``paras_or_toks`` is either the paragraph frame (has ``text``; words are
    runs of letters/digits with inner hyphens or apostrophes, compared
    without a possessive 's, and the contexts are cut from the original
    text, punctuation kept) or the tidy
    token frame (has ``token``; contexts are the neighbouring tokens of the
    same paragraph). ``pattern`` is a word or a phrase (several words, or a
    list of words) matched case-insensitively on consecutive words; in a
    token frame a phrase must occupy consecutive ``position`` values, so a
    phrase interrupted by a removed stopword does not match, and a single
    token equal to the phrase joined by a space or underscore also matches.
    Contexts never cross paragraph boundaries.

    Returns ``doc_id, para_id, framing, left, keyword, right`` in corpus order.

    Parameters
    ----------
    paras_or_toks : pandas.DataFrame
        Paragraphs (:func:`framings.paragraphs`) or tidy tokens (:func:`framings.tokens`).
    pattern : str or list of str
        A word, a phrase, or a list of consecutive words.
    window : int, default 8
        Words of context either side.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, para_id, framing, left, keyword, right`` in corpus order.

    Raises
    ------
    CorpusError
        For a frame with neither ``text`` nor ``token``, an empty pattern, or a negative window.

    Examples
    --------
    >>> paras = pd.DataFrame({"doc_id": ["a", "b"], "para_id": ["a-p001", "b-p001"], "framing": ["x", "y"],
    ...                       "text": ["The energy corridor runs west; the energy deal is new.",
    ...                                "No energy here, only talks."]})
    >>> fr.kwic(paras, "energy", window=2)
      doc_id para_id framing       left keyword          right
    0      a  a-p001       x        The  energy  corridor runs
    1      a  a-p001       x  west; the  energy        deal is
    2      b  b-p001       y         No  energy     here, only
    """
    if not isinstance(paras_or_toks, pd.DataFrame):
        raise CorpusError(
            f"kwic needs the paragraph or token DataFrame, got {type(paras_or_toks).__name__}."
        )
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 0:
        raise CorpusError(f"window must be a whole number >= 0, got {window!r}.")
    words = _pattern_words(pattern)
    if "text" in paras_or_toks.columns:
        rows = _kwic_text(paras_or_toks, words, int(window))
    elif "token" in paras_or_toks.columns:
        rows = _kwic_tokens(paras_or_toks, words, int(window))
    else:
        raise CorpusError(
            "kwic needs a 'text' column (paragraphs) or a 'token' column (tokens); "
            "pass framings.paragraphs(...) or framings.tokens(...)."
        )
    columns = ["doc_id", "para_id", "framing", "left", "keyword", "right"]
    out = pd.DataFrame(rows, columns=columns)
    for col in ("left", "keyword", "right"):
        out[col] = out[col].astype(str)
    return out


# --------------------------------------------------------------------------
# collocations
# --------------------------------------------------------------------------
def association(n_ii: ArrayLike, n_ix: ArrayLike, n_xi: ArrayLike, n_xx: ArrayLike,
                measure: str = "g2") -> np.ndarray:
    """Bigram association scores from marginals, vectorised (NLTK's formulas).

    Arguments follow NLTK's ``BigramAssocMeasures`` (Manning & Schuetze 1999,
    ch. 5): ``n_ii`` joint count, ``n_ix`` / ``n_xi`` the two words'
    frequencies, ``n_xx`` the total. With the 2 x 2 contingency table built
    from them and expected counts E:

    * ``"g2"`` -- log-likelihood ratio 2 sum O ln(O/E) (Dunning 1993);
    * ``"chi2"`` -- Pearson X2 = n_xx * phi^2 (Manning & Schuetze 5.3.3);
    * ``"t"`` -- (n_ii - n_ix n_xi / n_xx) / sqrt(n_ii) (Church et al. 1991;
      Manning & Schuetze 5.3.1);
    * ``"pmi"`` -- log2(n_ii n_xx / (n_ix n_xi)) (Church & Hanks 1990).

    ``g2`` and ``chi2`` are signed here (negative when n_ii is below its
    expectation, i.e. the words repel); NLTK returns them unsigned.

    Parameters
    ----------
    n_ii : array_like
        Joint count of the two words.
    n_ix, n_xi : array_like
        Frequencies of the first and of the second word.
    n_xx : array_like
        Total number of tokens.
    measure : {"g2", "chi2", "t", "pmi"}, default "g2"
        The score.

    Returns
    -------
    numpy.ndarray
        One score per element of the (broadcast) inputs.

    Raises
    ------
    CorpusError
        For an unknown measure.

    Examples
    --------
    >>> from framings.keyness import association
    >>> float(association(5, 10, 10, 100, measure="pmi"))
    2.321928094887362...
    >>> round(float(association(5, 10, 10, 100, measure="g2")), 3)
    12.533
    """
    if measure not in _COLLOCATION_MEASURES:
        raise CorpusError(f"measure must be one of {list(_COLLOCATION_MEASURES)}, got {measure!r}.")
    n_ii, n_ix, n_xi, n_xx = (np.asarray(x, dtype=np.float64) for x in (n_ii, n_ix, n_xi, n_xx))
    expected_ii = n_ix * n_xi / n_xx
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "pmi":
            return np.log2(n_ii * n_xx) - np.log2(n_ix * n_xi)
        if measure == "t":
            return (n_ii - expected_ii) / np.sqrt(n_ii + _SMALL)
        sign = np.where(n_ii >= expected_ii, 1.0, -1.0)
        n_oi = n_xi - n_ii
        n_io = n_ix - n_ii
        n_oo = n_xx - n_ii - n_oi - n_io
        if measure == "chi2":
            phi_sq = (n_ii * n_oo - n_io * n_oi) ** 2 / (
                (n_ii + n_io) * (n_ii + n_oi) * (n_io + n_oo) * (n_oi + n_oo)
            )
            return sign * n_xx * phi_sq
        cont = (n_ii, n_oi, n_io, n_oo)
        g2 = 0.0
        for i in range(4):  # NLTK: E_i = (c_i + c_{i^1}) (c_i + c_{i^2}) / n
            exp = (cont[i] + cont[i ^ 1]) * (cont[i] + cont[i ^ 2]) / n_xx
            g2 = g2 + cont[i] * np.log(cont[i] / (exp + _SMALL) + _SMALL)
        return sign * 2.0 * g2


def collocations(toks: pd.DataFrame, node: str, window: int = 5, measure: str = "g2",
                 min_count: int = 1) -> pd.DataFrame:
    """Collocates of ``node`` within ``window`` words either side, scored.

    Co-occurrence is counted on the token frame: every token of the same
    paragraph whose ``position`` differs from an occurrence of ``node`` by 1
    to ``window`` (positions count words before stopword removal, so the
    window is measured in words of the text; paragraphs are never crossed).
    ``count`` is the number of (node occurrence, collocate occurrence) pairs.

    Scores follow NLTK's ``BigramCollocationFinder`` with a window (Church &
    Hanks 1990): the joint count is scaled by the number of window slots,
    n_ii = count / (2 * window), and scored with :func:`association` against
    n_ix = frequency of ``node``, n_xi = ``collocate_count`` (frequency of the
    collocate) and n_xx = number of tokens. ``measure`` is ``"g2"``
    (log-likelihood, Dunning 1993), ``"pmi"``, ``"t"`` or ``"chi2"``.
    Matching is case-insensitive; a phrase node ("strategic autonomy") also
    finds the token ``framings.tokens`` merged it into ("strategic_autonomy").
    Collocates seen fewer than ``min_count``
    times with the node are dropped.

    Returns ``node, collocate, count, collocate_count, score, measure``
    sorted by score descending.

    Parameters
    ----------
    toks : pandas.DataFrame
        Tidy tokens (:func:`framings.tokens`).
    node : str
        The word or phrase whose collocates are wanted.
    window : int, default 5
        Words either side.
    measure : {"g2", "pmi", "t", "chi2"}, default "g2"
        The association score (:func:`association`).
    min_count : int, default 1
        Drop collocates seen fewer times than this with the node.

    Returns
    -------
    pandas.DataFrame
        ``node, collocate, count, collocate_count, score, measure``, sorted by score descending.

    Raises
    ------
    CorpusError
        For an unknown measure, a window below 1, or an empty node.

    Examples
    --------
    >>> toks = fr.tokens(fr.paragraphs(fr.load_corpus()))
    >>> table = fr.collocations(toks, "energy", window=3, min_count=3)
    >>> table.columns.tolist()
    ['node', 'collocate', 'count', 'collocate_count', 'score', 'measure']
    >>> bool(table["score"].is_monotonic_decreasing)
    True
    """
    _require_columns(toks, ["doc_id", "position", "token"], "toks")
    if measure not in _COLLOCATION_MEASURES:
        raise CorpusError(f"measure must be one of {list(_COLLOCATION_MEASURES)}, got {measure!r}.")
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 1:
        raise CorpusError(f"window must be a whole number >= 1, got {window!r}.")
    if not isinstance(node, str) or not node.strip():
        raise CorpusError(f"node must be a non-empty word, got {node!r}.")
    frame = toks.dropna(subset=["token"]).reset_index(drop=True)
    codes, vocab = _factorize_str(frame["token"])
    folded_codes, folded_vocab = pd.factorize(np.array([v.casefold() for v in vocab], dtype=object))
    codes = np.asarray(folded_codes, dtype=np.int64)[codes]
    vocab = [str(v) for v in folded_vocab]
    key = node.strip().casefold()
    if key not in vocab and "_".join(key.split()) in vocab:  # phrase merged by framings.tokens
        key = "_".join(key.split())
    columns = ["node", "collocate", "count", "collocate_count", "score", "measure"]
    if key not in vocab:
        return pd.DataFrame(
            {
                "node": pd.Series(dtype=str),
                "collocate": pd.Series(dtype=str),
                "count": pd.Series(dtype=np.int64),
                "collocate_count": pd.Series(dtype=np.int64),
                "score": pd.Series(dtype=np.float64),
                "measure": pd.Series(dtype=str),
            }
        )
    node_code = vocab.index(key)
    freq = np.bincount(codes, minlength=len(vocab))
    para = _paragraph_codes(frame)
    pos = frame["position"].to_numpy(np.int64)
    # one integer per (paragraph, position); each paragraph gets a block wide
    # enough that position +- window never reaches a neighbouring paragraph
    span = int(pos.max() - pos.min()) + 2 * window + 1
    flat = para * span + (pos - pos.min() + window)
    order = np.argsort(flat, kind="stable")
    sorted_flat = flat[order]
    node_flat = flat[codes == node_code]
    offsets = np.r_[np.arange(-window, 0), np.arange(1, window + 1)]
    queries = (node_flat[:, None] + offsets[None, :]).ravel()
    lo = np.searchsorted(sorted_flat, queries, side="left")
    hi = np.searchsorted(sorted_flat, queries, side="right")
    n_hit = hi - lo
    # expand query ranges (several tokens may share a position)
    starts = np.repeat(lo, n_hit)
    within = np.arange(n_hit.sum()) - np.repeat(np.cumsum(n_hit) - n_hit, n_hit)
    hit_rows = order[starts + within]
    cooc = np.bincount(codes[hit_rows], minlength=len(vocab))
    keep = np.flatnonzero((cooc >= max(min_count, 1)))
    n_ii = cooc[keep] / (2.0 * window)
    score = association(n_ii, freq[node_code], freq[keep], float(len(frame)), measure)
    out = pd.DataFrame(
        {
            "node": key,
            "collocate": pd.Series(np.asarray(vocab, dtype=object)[keep], dtype=str),
            "count": cooc[keep].astype(np.int64),
            "collocate_count": freq[keep].astype(np.int64),
            "score": score,
            "measure": measure,
        },
        columns=columns,
    )
    return out.sort_values(["score", "count", "collocate"], ascending=[False, False, True], ignore_index=True)


# --------------------------------------------------------------------------
# bootstrap confidence intervals for rates
# --------------------------------------------------------------------------
def rate_ci(toks: pd.DataFrame, terms: str | Iterable[str], by: str = "framing", n_boot: int = 2000,
            random_state: int = 0, level: float = 0.95) -> pd.DataFrame:
    """Rate per 10,000 tokens of each term in each group, with a paragraph bootstrap CI.

    The point estimate is count / tokens * 10,000 over the group's tokens. The
    interval is a percentile bootstrap (Efron & Tibshirani 1993) that respects
    the corpus structure: in each of ``n_boot`` replicates every document's
    paragraphs are resampled with replacement (as many as it has), and the
    group's rate is recomputed over all tokens of its resampled paragraphs;
    ``ci_low``/``ci_high`` are the (1 - level)/2 and (1 + level)/2 quantiles.
    Random numbers come from ``numpy.random.default_rng(random_state)``, so the
    result is deterministic for a given ``random_state``.

    Returns ``group, term, rate_per_10k, ci_low, ci_high, n_boot``.

    Parameters
    ----------
    toks : pandas.DataFrame
        Tidy tokens (:func:`framings.tokens`), with ``doc_id`` and ``para_id``.
    terms : str or iterable of str
        The term(s) to measure.
    by : str, default "framing"
        The grouping column.
    n_boot : int, default 2000
        Bootstrap replicates.
    random_state : int, default 0
        Seed of the bootstrap.
    level : float, default 0.95
        Coverage of the percentile interval.

    Returns
    -------
    pandas.DataFrame
        ``group, term, rate_per_10k, ci_low, ci_high, n_boot``.

    Raises
    ------
    CorpusError
        For ``n_boot`` < 1, ``level`` outside (0, 1), or no tokens.

    Examples
    --------
    >>> toks = fr.tokens(fr.paragraphs(fr.load_corpus()))
    >>> table = fr.rate_ci(toks, ["energy"], n_boot=200, random_state=1)
    >>> bool(((table["ci_low"] <= table["rate_per_10k"]) & (table["rate_per_10k"] <= table["ci_high"])).all())
    True
    """
    _require_columns(toks, ["doc_id", "para_id", "token", by], "toks")
    from .labels import require_labels

    require_labels(toks, "rate_ci()", by)
    terms = _as_terms(terms)
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise CorpusError(f"n_boot must be a whole number >= 1, got {n_boot!r}.")
    if not 0 < level < 1:
        raise CorpusError(f"level must be between 0 and 1, got {level!r}.")
    frame = toks.dropna(subset=["token"])
    if frame.empty:
        raise CorpusError("toks has no tokens; nothing to measure.")
    para_keys = ["doc_id", "para_id"] if by in ("doc_id", "para_id") else [by, "doc_id", "para_id"]
    grouped = frame.groupby(para_keys, sort=True, observed=True, dropna=False)
    para = grouped.ngroup().to_numpy(np.int64)
    n_para = int(para.max()) + 1
    first = frame.assign(_p=para).drop_duplicates("_p").sort_values("_p")  # one row per paragraph
    group_codes, group_labels = _factorize_str(first[by])
    doc_codes, _ = _factorize_str(first["doc_id"])
    tokens_per_para = np.bincount(para, minlength=n_para).astype(np.float64)
    term_index = {t: j for j, t in enumerate(terms)}
    tok_codes, vocab = _factorize_str(frame["token"])
    col = np.array([term_index.get(v, -1) for v in vocab] + [-1], dtype=np.int64)[tok_codes]
    hit = col >= 0
    counts = np.zeros((n_para, len(terms)), dtype=np.float64)
    np.add.at(counts, (para[hit], col[hit]), 1.0)

    # strata = documents within groups; slots are laid out stratum by stratum
    stratum = pd.factorize(pd.MultiIndex.from_arrays([group_codes, doc_codes]))[0]
    slots = np.argsort(stratum, kind="stable")  # paragraph ids, grouped by stratum
    sizes = np.bincount(stratum)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    slot_start = starts[stratum[slots]]
    slot_size = sizes[stratum[slots]]

    rng = np.random.default_rng(random_state)
    q = [(1 - level) / 2, (1 + level) / 2]
    rates = np.empty((n_boot, len(group_labels), len(terms)))
    chunk = max(1, int(4_000_000 // max(n_para * max(len(terms), 1), 1)))
    group_of_slot = group_codes[slots]
    for b0 in range(0, n_boot, chunk):
        b = min(chunk, n_boot - b0)
        draw = slots[slot_start + np.floor(rng.random((b, n_para)) * slot_size).astype(np.int64)]
        for g in range(len(group_labels)):
            picked = draw[:, group_of_slot == g]
            num = counts[picked].sum(axis=1)
            den = tokens_per_para[picked].sum(axis=1)
            rates[b0 : b0 + b, g, :] = num / den[:, None] * 1e4
    low, high = np.quantile(rates, q, axis=0)
    point_num = np.zeros((len(group_labels), len(terms)))
    np.add.at(point_num, group_codes, counts)
    point_den = np.bincount(group_codes, weights=tokens_per_para, minlength=len(group_labels))
    point = point_num / point_den[:, None] * 1e4
    # groups come out in groupby order (sorted, or category order)
    g_rep = np.repeat(np.arange(len(group_labels)), len(terms))
    t_rep = np.tile(np.arange(len(terms)), len(group_labels))
    return pd.DataFrame(
        {
            "group": pd.Series(np.asarray(group_labels, dtype=object)[g_rep], dtype=str),
            "term": pd.Series(np.asarray(terms, dtype=object)[t_rep], dtype=str),
            "rate_per_10k": point[g_rep, t_rep],
            "ci_low": low[g_rep, t_rep],
            "ci_high": high[g_rep, t_rep],
            "n_boot": np.int64(n_boot),
        }
    )
