"""Permutation tests at the level of documents: relabel whole units, keep the label counts.

With a handful of documents the documents are the sample. A test that treats
tokens or paragraphs as independent draws overstates what the corpus can show;
the honest test of "documents with the same label share X" reassigns the labels
across the *documents* (every paragraph or token of a document moves with it),
keeping how many documents carry each label, and asks how often a relabelled
corpus gives a statistic as extreme as the real one (Fisher 1935; Good 2005,
*Permutation, Parametric and Bootstrap Tests of Hypotheses*, ch. 3).

With label counts ``n_1, …, n_g`` over ``n`` units there are

    n! / (n_1! · … · n_g!)

distinct relabellings (30 for labels 2/1/2 over five documents; C(6, 3) = 20 for
three and three). When there are no more than ``n_resamples`` of them every one is
enumerated and the p-value is exact. Otherwise relabellings are drawn at random (seeded)
and the p-value is ``(b + 1) / (n_resamples + 1)`` (Phipson & Smyth 2010), as in
``scipy.stats.permutation_test``.

The smallest p-value a design allows is not ``1 / n_relabellings``: it counts the
relabellings that reach the most extreme *value* of the statistic. Relabellings that
give the same value tie, and a statistic that is symmetric in two equal-size labels
(a distance between the two groups, a same-label similarity) takes each value at
least twice, so 30 relabellings of labels 2/1/2 give at most 15 distinct values and
the smallest p is 2/30 = 0.067, never 1/30. ``.min_pvalue`` is that floor, read off
the null distribution itself; ``.n_distinct`` counts its distinct values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from .._check import require_columns
from ..errors import CorpusError

ALTERNATIVES = ("two-sided", "greater", "less")


@dataclass(frozen=True)
class PermutationTestResult:
    """Result of :func:`permutation_test`, shaped like ``scipy.stats.PermutationTestResult``.

    Attributes
    ----------
    statistic : float
        The statistic of the data as given.
    pvalue : float
        The p-value under ``alternative``.
    null_distribution : numpy.ndarray
        The statistic of every relabelling (exact: all distinct relabellings, the
        observed one included, in lexicographic order of the labels per unit;
        sampled: ``n_resamples`` random relabellings).
    exact : bool
        Whether every distinct relabelling was enumerated.
    n_relabellings : int
        The number of distinct relabellings, ``n! / Π n_g!``.
    min_pvalue : float
        The smallest p-value this design and statistic can give: the p-value of the most
        extreme value of the null distribution (for ``"greater"`` the share of relabellings
        reaching its largest value; ``"less"`` its smallest; two-sided twice the smaller of
        the two). Relabellings that tie count together, so it is ``1 / n_relabellings`` only
        when the most extreme value is reached once: a statistic symmetric in two equal-size
        labels reaches every value at least twice, and one that depends on a single label's
        documents takes at most C(n, n_g) values (1/10 for a label of two among five
        documents). Sampled: the share of the ``n_resamples + 1`` draws (the data included)
        at the sampled extreme, an estimate.
    n_distinct : int
        The number of distinct values in the null distribution (ties within the
        tolerance of the p-value count as one).
    alternative : str
        The alternative hypothesis tested.
    units : list
        The units (e.g. documents) in the order the labels were assigned.
    labels : list
        The observed label of each unit, in the order of ``units``.
    """

    statistic: float
    pvalue: float
    null_distribution: np.ndarray = field(repr=False)
    exact: bool
    n_relabellings: int
    min_pvalue: float
    n_distinct: int
    alternative: str
    units: list = field(repr=False, default_factory=list)
    labels: list = field(repr=False, default_factory=list)


def n_relabellings(counts: Iterable[int]) -> int:
    """Number of distinct assignments of labels with these counts to units: ``n! / Π n_g!``.

    Parameters
    ----------
    counts : sequence of int
        How many units carry each label.

    Returns
    -------
    int
        The multinomial coefficient.

    Examples
    --------
    >>> n_relabellings([2, 1, 2])
    30
    >>> n_relabellings([3, 3])
    20
    """
    counts = [int(c) for c in counts]
    total = math.factorial(sum(counts))
    for c in counts:
        total //= math.factorial(c)
    return total


def n_partitions(counts: Iterable[int]) -> int:
    """Distinct partitions of the units into unnamed groups of these sizes: ``n_relabellings`` / Π m_k!.

    ``m_k`` is the number of labels of size ``k``. A statistic that does not care which label is which — a
    same-label similarity, a within-label spread — gives the same value when two labels of equal size swap their
    documents, so it takes at most this many distinct values, and the smallest p-value it can reach with an
    exact permutation test is ``1 / n_partitions`` (when the most extreme partition is reached by no other).

    Parameters
    ----------
    counts : sequence of int
        How many units carry each label.

    Returns
    -------
    int
        The number of partitions.

    Examples
    --------
    >>> n_partitions([2, 1, 2])  # 30 relabellings, the two labels of two documents interchangeable
    15
    >>> n_partitions([2, 2, 2]), n_partitions([3, 3, 3])
    (15, 280)
    """
    counts = [int(c) for c in counts]
    total = n_relabellings(counts)
    for size in set(counts):
        total //= math.factorial(counts.count(size))
    return total


def _multiset_permutations(codes: np.ndarray):
    """Every distinct ordering of the integer multiset ``codes``, in lexicographic order."""
    n_codes = int(codes.max()) + 1 if codes.size else 0
    remaining = np.bincount(codes, minlength=n_codes).tolist()
    current = [0] * len(codes)

    def place(position):
        if position == len(current):
            yield tuple(current)
            return
        for code in range(n_codes):
            if remaining[code]:
                remaining[code] -= 1
                current[position] = code
                yield from place(position + 1)
                remaining[code] += 1

    yield from place(0)


def _pvalue(null: np.ndarray, observed: float, alternative: str, adjustment: int) -> float:
    if not np.isfinite(observed):
        return float("nan")  # nothing to compare: the statistic is undefined for the data
    # the comparison tolerance of scipy.stats.permutation_test: ties within 100 ulp count as ties
    gamma = abs(np.finfo(float).eps * 100 * observed)
    less = ((null <= observed + gamma).sum() + adjustment) / (len(null) + adjustment)
    greater = ((null >= observed - gamma).sum() + adjustment) / (len(null) + adjustment)
    if alternative == "less":
        p = less
    elif alternative == "greater":
        p = greater
    else:
        p = 2 * min(less, greater)
    return float(min(max(p, 0.0), 1.0))


def _ties(values: np.ndarray, reference: float) -> np.ndarray:
    """Which ``values`` tie with ``reference`` (within the tolerance of :func:`_pvalue`)."""
    return np.abs(values - reference) <= abs(np.finfo(float).eps * 100 * reference)


def _n_distinct(values: np.ndarray) -> int:
    """Distinct values of a sorted-or-not array, neighbours within the p-value's tolerance counted as one."""
    ordered = np.sort(values)
    if not ordered.size:
        return 0
    gaps = np.diff(ordered) > np.abs(np.finfo(float).eps * 100 * ordered[1:])
    return int(gaps.sum()) + 1


def _floor(null: np.ndarray, alternative: str, exact: bool) -> tuple[float, int]:
    """The smallest p-value the null distribution allows, and its number of distinct values."""
    finite = null[np.isfinite(null)]
    if not finite.size:
        return float("nan"), 0
    # the relabellings at the extreme value share its p: they tie, whichever of them is the data
    at_top = int(_ties(finite, float(finite.max())).sum())
    at_bottom = int(_ties(finite, float(finite.min())).sum())
    # sampled: the data is one more draw (Phipson & Smyth), so a value reached once gives 1 / (n + 1)
    total = len(null) if exact else len(null) + 1
    greater, less = at_top / total, at_bottom / total
    floor = {"greater": greater, "less": less}.get(alternative, 2 * min(greater, less))
    return float(min(1.0, floor)), _n_distinct(finite)


def _as_float(value, where: str) -> float:
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise CorpusError(f"permutation_test(): statistic returned {value!r} {where}; "
                          "it must return one number") from None
    return result


def _as_floats(values, n: int, where: str) -> np.ndarray:
    try:
        result = np.asarray(values, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise CorpusError(f"permutation_test(): vectorized statistic returned {values!r} {where}; "
                          "it must return one number per row of labels") from None
    if result.size != n:
        raise CorpusError(f"permutation_test(): vectorized statistic returned {result.size} value(s) {where} "
                          f"for {n} relabelling(s); it must return one number per row of labels")
    return result


# permutation_test hands the statistic frames whose attrs[RELABELLING_TAG] is one RelabellingMemo per test: a
# statistic may keep there what does not depend on the labels (own_label_verdict's score table) from one
# relabelling to the next; the memo lives as long as the test
RELABELLING_TAG = "framings.permutation_test"


class RelabellingMemo(dict):
    """What statistics keep across the relabellings of one permutation test; copies of a frame share it."""

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self  # pandas deep-copies attrs with every derived frame: all of them point to this one memo

    __eq__ = object.__eq__  # pandas compares attrs when it concatenates: by identity, not by contents
    __hash__ = object.__hash__


BATCH_CELLS = 2_000_000  # labels per call of a vectorized statistic (16 MB of labels): memory stays flat


def _vectorized_null(statistic, data: pd.DataFrame, assignments, label_values: np.ndarray,
                     unit_codes: np.ndarray) -> np.ndarray:
    """The statistic of every relabelling in ``assignments``, computed batch by batch."""
    batch = max(1, BATCH_CELLS // max(len(unit_codes), 1))
    null, pending = [], []
    code_type = np.min_scalar_type(max(len(label_values) - 1, 0))

    def flush():
        # relabellings × rows, as unit labels spread to rows; as small codes until the labels are taken (int64
        # codes were two more arrays the size of the labels: 64 MB of notebook 05a's 100 MB peak in the test)
        codes = np.asarray(pending, dtype=code_type)[:, unit_codes]
        null.append(_as_floats(statistic(data, label_values[codes]), len(pending), "for relabellings"))
        pending.clear()

    for assignment in assignments:
        pending.append(np.asarray(assignment))
        if len(pending) == batch:
            flush()
    if pending:
        flush()
    return np.concatenate(null) if null else np.array([], dtype=float)


def permutation_test(
    data: pd.DataFrame,
    statistic: Callable[[pd.DataFrame], float],
    *,
    group: str = "framing",
    unit: str = "doc_id",
    alternative: str = "two-sided",
    n_resamples: int = 9999,
    random_state: int | np.random.Generator | None = None,
    vectorized: bool = False,
) -> PermutationTestResult:
    """Permutation test that reassigns the ``group`` labels across ``unit`` s (documents).

    Each unit (value of ``unit``) carries one label (value of ``group``). A
    relabelling gives the units a new order of the same labels, keeping how many
    units carry each label, and maps each unit's new label to all its rows;
    ``statistic`` is called on the relabelled frame. With at most ``n_resamples``
    distinct relabellings, all are enumerated (the observed one included) and

        p_greater = #{relabellings with statistic ≥ observed} / n_relabellings

    (``p_less`` likewise with ≤; two-sided: ``min(1, 2 · min(p_less, p_greater))``,
    as ``scipy.stats.permutation_test``); the smallest p the design allows is
    ``.min_pvalue``, which counts tied relabellings together. Otherwise ``n_resamples`` relabellings are drawn
    uniformly (a random permutation of the units' labels each) and
    ``p = (b + 1) / (n_resamples + 1)``. Ties within ``100 · eps · |observed|`` count
    as ties, as in scipy. A statistic that is NaN for the data gives a NaN p-value; a NaN
    for a relabelling never counts as extreme.

    With ``vectorized=True`` (as ``scipy.stats.permutation_test``'s ``vectorized``) the
    statistic is called a few times in all instead of once per relabelling:
    ``statistic(data, labels)`` gets ``data`` unchanged and ``labels``, a 2-D array with
    one row per relabelling (the first call: the data's own labels) and one column per row
    of ``data``, and returns one number per row of ``labels``. The relabellings, their
    order and the random draws are those of the default path, so the result is the same;
    only the time differs (a statistic called per relabelling on a wide frame costs
    milliseconds each, 10,000 times per test).

    On the default path each frame handed to ``statistic`` carries
    ``attrs[RELABELLING_TAG]``, one dict for all relabellings of one test, where a statistic
    may keep what does not depend on the labels from one call to the next
    (:func:`framings.frames.own_label_verdict` keeps its score table there).

    Parameters
    ----------
    data : pandas.DataFrame
        Any frame with columns ``group`` and ``unit``: rows may be documents,
        paragraphs or tokens.
    statistic : callable
        ``statistic(frame) -> float``; receives a copy of ``data`` whose ``group``
        column holds the relabelled labels (other columns unchanged).
    group : str, default "framing"
        The label column.
    unit : str, default "doc_id"
        The column whose values are relabelled as wholes.
    alternative : {"two-sided", "greater", "less"}, default "two-sided"
        "greater": large statistics are evidence against the null.
    n_resamples : int, default 9999
        Enumerate exactly when the number of distinct relabellings is at most this;
        else the number of random relabellings drawn.
    random_state : int, numpy.random.Generator or None
        Seed of the sampling path (unused when exact).
    vectorized : bool, default False
        ``statistic(data, labels)`` computes the statistic of many relabellings at once
        (``labels``: relabellings × rows of ``data``; returns one value per relabelling).

    Returns
    -------
    PermutationTestResult
        ``.statistic``, ``.pvalue``, ``.null_distribution``, ``.exact``,
        ``.n_relabellings``, ``.min_pvalue``, ``.n_distinct``, ``.alternative``,
        ``.units``, ``.labels``.

    Raises
    ------
    CorpusError
        If a column is missing, a unit carries more than one label, fewer than two
        labels or units are present, ``alternative`` or ``n_resamples`` is invalid, or
        ``statistic`` does not return a number.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": list("abcdef"), "framing": list("xxxyyy"),
    ...                      "value": [6.0, 5.0, 4.0, 3.0, 2.0, 1.0]})
    >>> def gap(d):
    ...     means = d.groupby("framing")["value"].mean()
    ...     return means["x"] - means["y"]
    >>> result = permutation_test(docs, gap, alternative="greater")
    >>> result.n_relabellings, result.exact, result.pvalue
    (20, True, 0.05)

    A statistic symmetric in the two equal-size labels ties at least in pairs (these evenly spaced values
    tie more): 20 relabellings give 5 distinct values, the largest reached twice, so p cannot go below 2/20.

    >>> spread = permutation_test(docs, lambda d: abs(gap(d)), alternative="greater")
    >>> spread.n_distinct, spread.min_pvalue
    (5, 0.1)
    """
    require_columns(data, [group, unit], "permutation_test(): data",
                    f"pass a frame with a label column {group!r} and a unit column {unit!r}")
    if alternative not in ALTERNATIVES:
        raise CorpusError(f"permutation_test(): alternative={alternative!r}; use one of {', '.join(ALTERNATIVES)}")
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, (int, np.integer)) or n_resamples < 1:
        raise CorpusError(f"permutation_test(): n_resamples={n_resamples!r} must be a positive integer")
    if not callable(statistic):
        raise CorpusError("permutation_test(): statistic must be a function of the relabelled frame")
    unit_codes, units = pd.factorize(data[unit], sort=False)
    if (unit_codes < 0).any():
        raise CorpusError(f"permutation_test(): column {unit!r} has missing values; every row needs a unit")
    per_unit = pd.DataFrame({"unit": unit_codes, "label": data[group].to_numpy()}).drop_duplicates()
    if len(per_unit) != len(units):
        bad = per_unit.loc[per_unit["unit"].duplicated(), "unit"].iloc[0]
        raise CorpusError(f"permutation_test(): unit {units[bad]!r} carries more than one {group!r} label; "
                          "the labels must be constant within each unit")
    unit_labels = per_unit.sort_values("unit")["label"].to_numpy()
    label_codes, label_values = pd.factorize(unit_labels, sort=True)
    if len(units) < 2 or len(label_values) < 2:
        raise CorpusError(f"permutation_test(): needs at least two units and two labels "
                          f"(have {len(units)} unit(s), {len(label_values)} label(s))")
    label_values = np.asarray(label_values, dtype=object)
    total = n_relabellings(np.bincount(label_codes))

    memo = RelabellingMemo()
    # a string column is relabelled by taking from an array of its own dtype: assigning an object array made pandas
    # check and convert every row's string again, a third of each relabelling's time on 40,000 rows (notebook 05)
    given_dtype = data[group].dtype
    label_column = (pd.array(label_values, dtype=given_dtype) if isinstance(given_dtype, pd.StringDtype)
                    else label_values)

    def evaluate(assignment, where: str) -> float:
        relabelled = data.copy(deep=False)
        relabelled.attrs[RELABELLING_TAG] = memo
        relabelled[group] = label_column.take(np.asarray(assignment)[unit_codes])
        return _as_float(statistic(relabelled), where)

    exact = total <= n_resamples
    if exact:
        assignments = _multiset_permutations(label_codes)
        adjustment = 0
    else:
        rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)
        assignments = (rng.permutation(label_codes) for _ in range(int(n_resamples)))
        adjustment = 1
    if vectorized:
        row_labels = data[group].to_numpy()
        observed = float(_as_floats(statistic(data, row_labels[None, :]), 1, "for the data")[0])
        null = _vectorized_null(statistic, data, assignments, label_values, unit_codes)
    else:
        as_given = data.copy(deep=False)
        as_given.attrs[RELABELLING_TAG] = memo
        observed = _as_float(statistic(as_given), "for the data")
        null = np.array([evaluate(a, "for a relabelling") for a in assignments])
    smallest, distinct = _floor(null, alternative, exact)
    return PermutationTestResult(
        statistic=observed,
        pvalue=_pvalue(null, observed, alternative, adjustment),
        null_distribution=null,
        exact=exact,
        n_relabellings=int(total),
        min_pvalue=float(smallest),
        n_distinct=int(distinct),
        alternative=alternative,
        units=list(units),
        labels=list(unit_labels),
    )


MAX_T_COLUMNS = ["test", "statistic", "p_adjusted"]


def max_t_test(
    data: pd.DataFrame,
    statistics: Callable[[pd.DataFrame], object],
    *,
    group: str = "framing",
    unit: str = "doc_id",
    n_resamples: int = 9999,
    random_state: int | np.random.Generator | None = None,
) -> pd.DataFrame:
    """Many tests at once, family-wise: single-step max-T over document relabellings (Westfall & Young 1993).

    ``statistics(frame)`` returns one number per test (a term's ``|G²|``, a rate gap), large meaning
    evidence against the null. The labels are reassigned across the units as in :func:`permutation_test`;
    each relabelling contributes the *largest* statistic of all tests, and a test's adjusted p-value is the
    share of relabellings whose largest statistic reaches the test's own:

        p̃_j = #{relabellings r : max_i T_i(r) ≥ t_j} / R

    (Westfall & Young 1993, *Resampling-Based Multiple Testing*, algorithm 2.8, single step; exact when every
    relabelling is enumerated, ``(1 + #) / (R + 1)`` when sampled). Flagging the tests with ``p̃ ≤ α`` holds the
    chance of *any* false alarm at ``α`` whatever the tests share — the correction a test of terms chosen on
    the same data needs, because the chosen terms are the ones with the largest statistics.

    Parameters
    ----------
    data : pandas.DataFrame
        Any frame with columns ``group`` and ``unit`` (as :func:`permutation_test`).
    statistics : callable
        ``statistics(frame)`` returns a 1-D array, list or ``pandas.Series`` of one value per test (a Series'
        index names the tests). Take absolute values for a two-sided test.
    group, unit : str
        The label column and the column whose values are relabelled as wholes.
    n_resamples : int, default 9999
        Enumerate when there are at most this many relabellings, else draw this many.
    random_state : int, numpy.random.Generator or None
        Seed of the sampled path.

    Returns
    -------
    pandas.DataFrame
        ``test, statistic, p_adjusted``, one row per test in the order ``statistics`` returned them. ``attrs``:
        ``n_relabellings``, ``exact`` and ``min_pvalue`` (the smallest adjusted p the design allows: that of the
        largest value the maximum reaches).

    Raises
    ------
    CorpusError
        From :func:`permutation_test`, or when ``statistics`` returns no values or a different number of values
        for a relabelling.

    Examples
    --------
    Six documents, three per framing; the first term separates them perfectly, the second does not.

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": list("abcdef"), "framing": list("xxxyyy"),
    ...                      "gas": [9.0, 8.0, 7.0, 1.0, 2.0, 0.0], "oil": [1.0, 5.0, 2.0, 4.0, 3.0, 2.0]})
    >>> def gaps(d):
    ...     inside = d["framing"] == "x"
    ...     return (d.loc[inside, ["gas", "oil"]].mean() - d.loc[~inside, ["gas", "oil"]].mean()).abs()
    >>> max_t_test(docs, gaps)[["test", "p_adjusted"]].values.tolist()
    [['gas', 0.1], ['oil', 1.0]]
    """
    observed = statistics(data)
    names = list(observed.index) if isinstance(observed, pd.Series) else None
    observed = np.asarray(observed, dtype=float).reshape(-1)
    if not observed.size:
        raise CorpusError("max_t_test(): statistics returned no values; it must return one number per test")
    if names is None:
        names = list(range(len(observed)))

    def largest(frame: pd.DataFrame) -> float:
        values = np.asarray(statistics(frame), dtype=float).reshape(-1)
        if values.size != observed.size:
            raise CorpusError(f"max_t_test(): statistics returned {values.size} values for a relabelling and "
                              f"{observed.size} for the data; it must return one per test every time")
        finite = values[np.isfinite(values)]
        return float(finite.max()) if finite.size else float("nan")

    result = permutation_test(data, largest, group=group, unit=unit, alternative="greater",
                              n_resamples=n_resamples, random_state=random_state)
    null_max = np.sort(result.null_distribution[np.isfinite(result.null_distribution)])
    # a relabelling's maximum reaches t_j when it is at least t_j less the p-value's tie tolerance
    tolerance = np.abs(np.finfo(float).eps * 100 * observed)
    reach = len(null_max) - np.searchsorted(null_max, observed - tolerance, side="left")
    total = len(result.null_distribution)
    adjusted = reach / total if result.exact else (reach + 1) / (total + 1)
    adjusted = np.where(np.isfinite(observed), np.minimum(adjusted, 1.0), np.nan)
    out = pd.DataFrame({"test": names, "statistic": observed, "p_adjusted": adjusted}, columns=MAX_T_COLUMNS)
    out.attrs.update(n_relabellings=result.n_relabellings, exact=result.exact, min_pvalue=result.min_pvalue)
    return out
