"""Which words set one group apart: keyness of every term, one group against another or the rest.

Statistics of the 2 x 2 table follow quanteda.textstats' ``textstat_keyness`` (G², χ², PMI, Log Ratio), with
Benjamini-Hochberg FDR; ``counts`` is a frame from :func:`framings.term_counts` (groups x terms).
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable

import numpy as np
import pandas as pd

from .._check import require_columns
from .._tidy import factorize_str
from ..errors import CorpusError
from ._base import _check_correction, _check_counts, _check_inputs, _check_min_count, _group_position
from ._reference import _aligned, _is_reference

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


def _as_terms(terms) -> list[str]:
    if isinstance(terms, str):
        terms = [terms]
    terms = [str(t) for t in terms] if isinstance(terms, Iterable) else []
    if not terms:
        raise CorpusError("terms must be a term or a non-empty list of terms.")
    return list(dict.fromkeys(terms))


# --------------------------------------------------------------------------
# keyness
# --------------------------------------------------------------------------
def keyness_stats(a, b, t_total, r_total, correction):
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
        from scipy.special import xlogy  # heavy (scipy): imported on first use

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
    frame = toks[list(dict.fromkeys([by, "doc_id", "token"]))].dropna()  # by may be doc_id itself
    frame = frame.drop_duplicates()
    group_codes, group_labels = factorize_str(frame[by])
    term_codes, term_labels = factorize_str(frame["token"])
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
    from scipy.special import erfc  # heavy (scipy): imported on first use

    return erfc(np.sqrt(np.asarray(x, dtype=np.float64) / 2.0))


def simple_maths(target_per_million: float | np.ndarray, reference_per_million: float | np.ndarray,
                 smoothing: float = 1.0) -> np.ndarray:
    """Kilgarriff's (2009) simple maths for keywords: (fpm_target + N) / (fpm_reference + N).

    fpm is a word's frequency per million words in each corpus and N (``smoothing``) a constant that avoids
    dividing by zero and chooses the frequency range: small N (0.1, 1) favours rare words, large N (100, 1000)
    common ones (Kilgarriff 2009, "Simple maths for keywords", Corpus Linguistics conference, Liverpool; Sketch
    Engine's keyword score). :func:`framings.keyness` adds it as the ``simple_maths`` column.

    Parameters
    ----------
    target_per_million : float or numpy.ndarray
        Frequencies per million words in the focus (target) corpus.
    reference_per_million : float or numpy.ndarray
        Frequencies per million words in the reference corpus.
    smoothing : float, default 1.0
        Kilgarriff's N.

    Returns
    -------
    numpy.ndarray
        The scores (above 1: more frequent in the target).

    Raises
    ------
    ValueError
        When the arrays do not broadcast together (numpy's own error).

    Examples
    --------
    >>> # Sketch Engine's worked example: "shard", 35 in 112,289,776 words (BNC) and 263 in 1,559,716,979 (ukWaC)
    >>> round(float(fr.stats.simple_maths(35e6 / 112_289_776, 263e6 / 1_559_716_979)), 4)
    1.1224
    """
    return (np.asarray(target_per_million, dtype=np.float64) + smoothing) / (
        np.asarray(reference_per_million, dtype=np.float64) + smoothing)


def _check_smoothing(smoothing):
    if smoothing is None:
        return None
    if isinstance(smoothing, bool) or not isinstance(smoothing, (int, float, np.integer, np.floating)) \
            or not np.isfinite(smoothing) or smoothing <= 0:
        raise CorpusError(f"smoothing must be a positive number (Kilgarriff's N: 1, 10, 100, ...), got {smoothing!r}.")
    return float(smoothing)


def _keyness_frame(matrix, groups, terms, comparisons, correction, min_count, docs, totals=None, smoothing=None):
    """Stack keyness tables for a list of (label, target_idx, reference_idxs, reference_label).

    ``totals``: each row's tokens when they are not its sum (a reference corpus counts words we did not);
    ``smoothing``: add Kilgarriff's simple maths with this N.
    """
    from scipy.stats import (
        false_discovery_control,  # heavy (scipy): imported on first use
    )

    totals = matrix.sum(axis=1) if totals is None else np.asarray(totals, dtype=np.float64)
    extra = [] if smoothing is None else ["simple_maths"]
    alphabetical = np.argsort(terms, kind="stable")  # ties in g2 are broken by term
    cols = {k: [] for k in KEYNESS_COLUMNS[3:12] + extra}
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
        stats = keyness_stats(a, b, t_total, r_total, correction)
        p = _p_chi2_1df(np.abs(stats["g2"]))
        p_adj = false_discovery_control(p, method="bh") if len(p) else p
        order = np.argsort(-stats["g2"], kind="stable")
        term_idx.append(keep[order])
        lengths.append(len(order))
        cols["target_count"].append(a[order])
        cols["reference_count"].append(b[order])
        for key in ("target_per_10k", "reference_per_10k", "g2", "chi2", "log_ratio"):
            cols[key].append(stats[key][order])
        if smoothing is not None:
            cols["simple_maths"].append(simple_maths(stats["target_per_10k"][order] * 100,
                                                     stats["reference_per_10k"][order] * 100, smoothing))
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
        if key == "simple_maths":
            continue  # after the shared columns, so that the keyness schema stays one schema
        values = np.concatenate(parts)
        is_integer = key.endswith("_count") and np.allclose(values, np.round(values))
        out[key] = np.round(values).astype(np.int64) if is_integer else values
    if docs is None:
        out["docs_in_target"] = pd.arrays.IntegerArray(np.zeros(n, np.int64), np.ones(n, bool))
        out["single_document"] = pd.arrays.BooleanArray(np.zeros(n, bool), np.ones(n, bool))
    else:
        dv = np.concatenate(docs_in).astype(np.int64)
        out["docs_in_target"] = pd.arrays.IntegerArray(dv, np.zeros(n, bool))
        out["single_document"] = pd.arrays.BooleanArray(dv == 1, np.zeros(n, bool))
    if smoothing is not None:
        out["simple_maths"] = np.concatenate(cols["simple_maths"])
    return pd.DataFrame(out, copy=False)  # fresh arrays: skip the consolidating copy


def _docs_matrix(toks, counts, groups, terms):
    if toks is None:
        return None
    by = counts.index.name
    require_columns(toks, ["doc_id", by, "token"], "toks",
                    f"to count documents it needs doc_id, token and the grouping column {by!r} of counts (its "
                    "index name): pass the same token frame you gave term_counts")
    return _docs_per_group(toks, by, groups, terms)


def keyness(counts: pd.DataFrame, target: Hashable,
            reference: Hashable | list | pd.DataFrame | pd.Series | None = None,
            correction: str | None = None, min_count: int = 1, toks: pd.DataFrame | None = None, *,
            smoothing: float | None = None) -> pd.DataFrame:
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
    * ``p_value`` -- P(chi2 with 1 df > ``|g2|``) = ``erfc(sqrt(|g2| / 2))`` (equal to
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
      it: only when ``|ad - bc| >= N/2`` and some expected cell is below 5; then
      every cell moves 0.5 towards its expectation, for chi2
      (``N (|ad - bc| - N/2)^2 / margins``) and for G2 alike (as quanteda and
      ``scipy.stats.chi2_contingency(correction=True)`` do).

    quanteda's ``"default"`` is not accepted: its documentation (Williams for
    G2) and its code (Yates for G2) disagree, so ask for the one you want.

    **Against a reference corpus.** ``reference`` may be a table from
    :func:`framings.stats.reference_counts` (general English from wordfreq, or your own
    folder, table or counts file) or a Series term -> count. The 2 x 2 table is
    then the target's counts against the reference's: b is the term's count in the
    reference (0 when it lacks the term) and ``N_reference`` the reference's total
    (``attrs["total"]``: the stated nominal size for wordfreq). Every term of
    ``counts`` is compared; ``reference`` is the reference's name. One more column
    is added, ``simple_maths`` -- Kilgarriff's (2009) "simple maths for keywords",
    (fpm_target + N) / (fpm_reference + N) with fpm the frequency per million
    words and N = ``smoothing`` (default 1 against a reference corpus; larger N
    favours frequent words). Count the target as the reference was counted
    (:data:`framings.stats.REFERENCE_TOKENS`: every word, no phrases) and read
    :func:`framings.stats.reference_coverage`: a term the reference lacks looks
    key whatever its rate.

    Parameters
    ----------
    counts : pandas.DataFrame
        Groups x terms counts (from :func:`framings.term_counts`).
    target : hashable
        A group label (row of ``counts``).
    reference : hashable or list or pandas.DataFrame or pandas.Series or None, default None
        A group, a list of groups, None for all other groups, or a reference
        corpus (a table from :func:`framings.stats.reference_counts`, or a Series
        term -> count).
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
    smoothing : float or None, default None
        Kilgarriff's N: add the ``simple_maths`` column with it. None: only
        against a reference corpus, with N = 1.

    Returns
    -------
    pandas.DataFrame
        Columns ``term, target, reference, target_count,
        reference_count, target_per_10k, reference_per_10k, g2, chi2, log_ratio,
        p_value, p_adjusted, docs_in_target, single_document`` (and
        ``simple_maths`` as above), one row per term,
        sorted by ``g2`` descending (ties by term). ``reference`` is ``"rest"``
        when ``reference`` is None, the group(s) joined with ``"+"``, or the
        reference corpus' name.

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

    Against a reference corpus (here a small stored one; ``fr.stats.reference_counts("english")`` for general English):

    >>> english = pd.DataFrame({"term": ["war", "peace", "talks"], "count": [300, 200, 100]})
    >>> english.attrs["total"] = 1_000_000
    >>> fr.keyness(counts, "hawks", reference=english)[["term", "reference_count", "log_ratio", "simple_maths"]]
        term  reference_count  log_ratio  simple_maths
    0    war              300  11.117787   2214.842746
    1  talks              100  11.380822   2640.273927
    2  peace              200   8.380822    331.679934
    """
    smoothing = _check_smoothing(smoothing)
    if _is_reference(reference):
        matrix, groups, terms = _check_counts(counts)  # one group is enough against a reference corpus
        correction, min_count = _check_correction(correction), _check_min_count(min_count)
        t_idx = _group_position(groups, target, "target")
        docs = _docs_matrix(toks, counts, groups, terms)
        return _against_reference(matrix, groups, terms, [t_idx], reference, correction, min_count, docs,
                                  smoothing, pooled=False)
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
    return _keyness_frame(matrix, groups, terms, [(None, t_idx, r_idx, r_label)], correction, min_count, docs,
                          smoothing=smoothing)


def _against_reference(matrix, groups, terms, targets, reference, correction, min_count, docs, smoothing, pooled):
    """Keyness of each target group (and, ``pooled``, of all groups together) against a reference corpus."""
    ref_counts, ref_total, ref_name = _aligned(reference, terms.astype(str))
    if ref_total <= 0:
        raise CorpusError("the reference corpus has no tokens; pass a table from fr.stats.reference_counts")
    rows = [matrix[i] for i in targets]
    labels = [str(groups[i]) for i in targets]
    totals = [matrix[i].sum() for i in targets]
    docs_rows = None if docs is None else [docs[i] for i in targets]
    if pooled:
        # all groups as one target: "what makes the whole corpus unusual", before what separates its groups
        rows.insert(0, matrix.sum(axis=0))
        labels.insert(0, "all")
        totals.insert(0, matrix.sum())
        if docs_rows is not None:
            docs_rows.insert(0, docs.sum(axis=0))  # groups partition the documents, so their counts add up
    stacked = np.vstack([*rows, ref_counts])
    ref_row = len(rows)
    comparisons = [((f"{label} vs {ref_name}" if pooled or len(rows) > 1 else None), k, [ref_row], ref_name)
                   for k, label in enumerate(labels)]
    stacked_docs = None if docs_rows is None else np.vstack([*docs_rows, np.zeros(len(terms), np.int64)])
    return _keyness_frame(stacked, [*labels, ref_name], terms, comparisons, correction, min_count, stacked_docs,
                          totals=[*totals, ref_total], smoothing=1.0 if smoothing is None else smoothing)


def compare_groups(counts: pd.DataFrame, pairwise: bool = True, correction: str | None = None,
                   min_count: int = 1, toks: pd.DataFrame | None = None, *,
                   reference: pd.DataFrame | pd.Series | None = None,
                   smoothing: float | None = None) -> pd.DataFrame:
    """Keyness for every group against the rest and (``pairwise``) every pair.

    Stacks :func:`keyness` tables with a leading ``comparison`` column:
    ``"<group> vs rest"`` for each group (in the row order of ``counts``), then
    ``"<g_i> vs <g_j>"`` for each pair i < j (target g_i, reference g_j; a
    negative ``g2`` means key for g_j). Statistics, corrections, ``min_count``
    and ``toks`` are as in :func:`keyness`; ``p_adjusted`` is Benjamini &
    Hochberg (1995) within each comparison. Works for any number of groups >= 2.

    With ``reference`` (a reference corpus, as :func:`keyness` takes it) the
    comparisons are ``"all vs <reference>"`` (every group pooled: what makes the
    whole corpus unusual) and then ``"<group> vs <reference>"`` for each group
    (``pairwise`` is not used: no pair involves the reference); the
    ``simple_maths`` column is added as in :func:`keyness`. Then one group is enough.

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
    reference : pandas.DataFrame or pandas.Series or None, default None
        A reference corpus (:func:`framings.stats.reference_counts`); None: the groups among themselves.
    smoothing : float or None, default None
        Kilgarriff's N for the ``simple_maths`` column, as in :func:`keyness`.

    Returns
    -------
    pandas.DataFrame
        ``comparison`` followed by the columns of :func:`keyness`.

    Raises
    ------
    CorpusError
        As :func:`keyness`, and for fewer than two groups (without a reference corpus).

    Examples
    --------
    >>> counts = pd.DataFrame({"war": [10, 2], "peace": [1, 9], "talks": [4, 4]}, index=["hawks", "doves"])
    >>> table = fr.compare_groups(counts)
    >>> table["comparison"].unique().tolist()
    ['hawks vs rest', 'doves vs rest', 'hawks vs doves']
    >>> table.loc[table["term"].eq("war"), "g2"].round(2).tolist()
    [9.51, -9.51, 9.51]
    """
    if reference is not None:
        if not _is_reference(reference):
            raise CorpusError("compare_groups(reference=...) takes a reference corpus (fr.stats.reference_counts(...)); "
                              "to compare one group with others use fr.keyness(counts, target, reference=[...])")
        matrix, groups, terms = _check_counts(counts)  # one group is enough against a reference corpus
        correction, min_count = _check_correction(correction), _check_min_count(min_count)
        docs = _docs_matrix(toks, counts, groups, terms)
        return _against_reference(matrix, groups, terms, list(range(len(groups))), reference, correction,
                                  min_count, docs, _check_smoothing(smoothing), pooled=True)
    matrix, groups, terms, correction, min_count = _check_inputs(counts, correction, min_count, "compare_groups")
    smoothing = _check_smoothing(smoothing)
    comparisons = []
    for i, g in enumerate(groups):
        others = [j for j in range(len(groups)) if j != i]
        comparisons.append((f"{g} vs rest", i, others, "rest"))
    if pairwise:
        for i, j in itertools.combinations(range(len(groups)), 2):
            comparisons.append((f"{groups[i]} vs {groups[j]}", i, [j], str(groups[j])))
    docs = _docs_matrix(toks, counts, groups, terms)
    return _keyness_frame(matrix, groups, terms, comparisons, correction, min_count, docs, smoothing=smoothing)
