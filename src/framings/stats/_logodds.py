"""Weighted log-odds ratios with a Dirichlet prior (Monroe, Colaresi & Quinn 2008), two ways.

``method="tidylo"`` (the default) follows tidylo's ``bind_log_odds``: every group
against all groups pooled, on the tidy rows with n > 0. It answers "which words
does each group use more than the corpus as a whole?", for all groups at once.

``method="monroe"`` follows scattertext's ``LogOddsRatioInformativeDirichletPrior``
(``scale_type="none"``) and ``LogOddsRatioUninformativeDirichletPrior``: one
``target`` group against a ``reference`` (one group, several, or all the others),
every term of the two kept, zero counts included (the prior makes them finite). It
answers "which words separate this group from that one?".

With y_i, y_j a term's counts in target and reference, n_i, n_j their totals, a_w
the term's prior count and a_0 = Σ_w a_w,

    δ_w = ln[(y_i + a_w) / (n_i + a_0 − y_i − a_w)] − ln[(y_j + a_w) / (n_j + a_0 − y_j − a_w)]
    σ²_w = 1/(y_i + a_w) + 1/(n_i + a_0 − y_i − a_w) + 1/(y_j + a_w) + 1/(n_j + a_0 − y_j − a_w)
    z_w = δ_w / σ_w

(Monroe et al.'s log-odds-ratio with a Dirichlet prior, its approximate variance and
z-score; the variance keeps all four terms, as scattertext does). The informative prior is a_w = alpha × (the term's count in target plus
reference), alpha = 1 by default; the uninformative prior is a_w = alpha for every
term, alpha = 0.001 by default (scattertext's ``alpha_w``).

Why a small group's informative prior lifts every term (``method="tidylo"``): each row
gets the term's total count c_w as pseudo-count, but only the rows with n > 0 exist, so
a group's total n_i = N_i + Σ c_w adds the prior mass of the terms *it uses* only. A
small group uses few of the terms, so n_i stays below the pooled total and its odds
omega_wi = (n_wi + c_w) / (n_i − n_wi − c_w) exceed the pooled odds omega_w for nearly
every term it uses, even one it uses at the rate of the rest; the variance 1/y_wi + 1/y_w
is small because y_wi ≥ c_w, so frequent words reach large z. ``method="monroe"`` keeps zero counts, so
every group's total carries the whole prior mass, and compares the group with the
others directly; it answers "which words separate this group from that one".
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ._base import _check_counts, _group_position
from ._reference import _aligned

LOG_ODDS_METHODS = ("tidylo", "monroe")


PRIORS = ("informative", "uninformative")


# one schema for both methods, named as the keyness family's (KEYNESS_COLUMNS)
LOG_ODDS_COLUMNS = ["term", "target", "reference", "target_count", "reference_count", "prior", "log_odds",
                    "log_odds_weighted"]


DEFAULT_ALPHA = {"informative": 1.0, "uninformative": 0.001}


def log_odds(
    counts: pd.DataFrame,
    prior: str | pd.Series = "informative",
    *,
    method: str = "tidylo",
    target: Hashable | None = None,
    reference: Hashable | Iterable[Hashable] | None = None,
    alpha: float | None = None,
) -> pd.DataFrame:
    """Weighted log-odds ratio of each term: tidylo's group-vs-pooled, or Monroe et al.'s target-vs-reference.

    ``method="tidylo"`` implements tidylo's ``bind_log_odds`` (Schnoebelen, Silge &
    Hayes) exactly, i.e. Monroe, Colaresi & Quinn (2008) with a Dirichlet prior, on the
    tidy (group, term, n) rows with n > 0 -- the rows ``dplyr::count`` would produce,
    so zero cells of ``counts`` are not rows. With y_wi = n_wi + alpha_w, y_w =
    Σ_i y_wi, n_i = Σ_w y_wi over the group's rows and Y = Σ y_wi: omega_wi = y_wi /
    (n_i − y_wi), omega_w = y_w / (Y − y_w), ``log_odds`` delta_wi = ln omega_wi − ln
    omega_w (eq. 15), sigma²_wi = 1 / y_wi + 1 / y_w (eq. 18), ``log_odds_weighted`` =
    delta_wi / sigma_wi (eq. 21, a z-score). ``prior="informative"``: alpha_w = the
    term's total count over all groups; ``"uninformative"``: alpha_w = 1. Every group
    is a ``target`` in turn, in the row order of ``counts``, terms by
    ``log_odds_weighted`` descending within each group.

    ``method="monroe"`` compares ``target`` with ``reference`` as scattertext's
    ``LogOddsRatioInformativeDirichletPrior(priors, scale_type="none")`` and
    ``LogOddsRatioUninformativeDirichletPrior(alpha_w)`` compute it (formulas in the
    module docstring): every term with a positive count in target plus reference is
    kept, zero counts included, by ``log_odds_weighted`` descending; positive values
    lean to the target.

    Both methods return the same columns (``LOG_ODDS_COLUMNS``), so a notebook can
    swap one for the other by changing ``method``:

    ============================ ================================ ===================================
    column                       ``method="tidylo"``              ``method="monroe"``
    ============================ ================================ ===================================
    ``term``                     the term                         the term
    ``target``                   each group in turn               ``target``
    ``reference``                ``"pooled"`` (all groups)        ``"rest"``, or the reference
                                                                  group(s) joined with ``"+"``
    ``target_count``             n_wi (> 0: only used terms)      y_i (0 included)
    ``reference_count``          the term's count over all        y_j, summed over the reference
                                 groups, the target included      groups
    ``prior``                    alpha_w                          a_w
    ``log_odds``                 delta_wi (eq. 15)                delta_w
    ``log_odds_weighted``        the z-score (eq. 21)             the z-score
    ============================ ================================ ===================================

    Every column is filled by both methods; ``reference_count`` differs in meaning
    because tidylo's reference, the pooled corpus, contains the target.

    **A reference corpus as the informative prior** (``method="monroe"``,
    ``prior=fr.stats.reference_counts(...)``): the in-corpus informative prior takes its
    pseudo-counts from the very counts it then compares, using the data twice.
    Monroe et al. (2008, section 3.5.2) shrink towards word frequencies from a
    background corpus instead: a_w = alpha × (n_i + n_j) × π_w, where π_w = r_w /
    Σ r_v is the reference's share of the term among the kept terms (r_w its count
    there; a term the reference lacks counts 0.5, as Log Ratio treats a zero). The
    prior weighs as much as the in-corpus informative prior (a_0 = alpha × (n_i + n_j),
    alpha = 1 by default), so only where the prior comes from changes; its name in
    ``attrs["prior"]`` is ``"reference:<name>"``.

    Parameters
    ----------
    counts : pandas.DataFrame
        Groups × terms counts, as :func:`framings.term_counts` gives.
    prior : {"informative", "uninformative"} or pandas.Series or pandas.DataFrame, default "informative"
        The Dirichlet prior. With ``method="monroe"`` a Series (term → prior count,
        positive for every kept term) gives the prior counts directly (times ``alpha``);
        a reference corpus (a table from :func:`framings.stats.reference_counts`) gives the
        informative prior its *shape* from outside the data (see below).
    method : {"tidylo", "monroe"}, default "tidylo"
        Which comparison (see above).
    target : label, optional
        ``method="monroe"``: the group (row of ``counts``) to describe. Required there.
    reference : label or list of labels, optional
        ``method="monroe"``: the group(s) pooled as the reference; None: all other groups.
    alpha : float, optional
        ``method="monroe"``: the prior's scale: informative a_w = alpha × combined count
        (default 1, scattertext's ``scale_type="none"``); uninformative a_w = alpha
        (default 0.001, scattertext's ``alpha_w``). Not used by ``method="tidylo"``.

    Returns
    -------
    pandas.DataFrame
        ``term, target, reference, target_count, reference_count, prior, log_odds,
        log_odds_weighted`` (the table above); ``.attrs`` records ``method``, ``prior``,
        ``alpha``, ``target`` and ``reference`` (the list of groups) for ``method="monroe"``.

    Raises
    ------
    CorpusError
        For counts that are not a non-negative group × term table, fewer than two
        groups, an unknown method or prior, a target or reference that is not a
        group, target among the references, a missing target for ``"monroe"``, a
        non-positive alpha, or ``alpha``/``target``/``reference`` given to ``"tidylo"``.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"war": [10, 2], "peace": [1, 9]}, index=["hawks", "doves"])
    >>> out = log_odds(counts, method="monroe", target="hawks")
    >>> out[["term", "target", "reference", "target_count", "reference_count"]]
        term target reference  target_count  reference_count
    0    war  hawks      rest            10                2
    1  peace  hawks      rest             1                9
    >>> bool(out["log_odds_weighted"].iloc[0] > 0 > out["log_odds_weighted"].iloc[1])
    True
    >>> list(log_odds(counts).columns) == list(out.columns)
    True
    """

    if method not in LOG_ODDS_METHODS:
        raise CorpusError(f"log_odds(): method={method!r}; use one of {', '.join(LOG_ODDS_METHODS)}")
    matrix, groups, terms = _check_counts(counts)
    if len(groups) < 2:
        raise CorpusError(
            f"log_odds needs at least 2 groups in counts, got {len(groups)}; group by a column with more levels."
        )
    if method == "tidylo":
        if target is not None or reference is not None or alpha is not None:
            raise CorpusError("log_odds(method='tidylo') compares every group with the pooled corpus and has no "
                              "target, reference or alpha; pass method='monroe' for those")
        if isinstance(prior, (pd.Series, pd.DataFrame)) or prior not in PRIORS:
            raise CorpusError("log_odds(method='tidylo'): prior must be 'informative' or 'uninformative'; a Series "
                              "of prior counts or a reference corpus needs method='monroe' (and target=)")
        return _tidylo(matrix, groups, terms, prior)
    return _monroe(matrix, groups, terms, prior, target, reference, alpha)


def _tidylo(matrix: np.ndarray, groups: list, terms: np.ndarray, prior: str) -> pd.DataFrame:
    g_idx, t_idx = np.nonzero(matrix > 0)
    n = matrix[g_idx, t_idx]
    if prior == "informative":
        alpha = matrix.sum(axis=0)[t_idx]
    else:
        alpha = np.ones_like(n)
    y_wi = n + alpha
    y_w = np.bincount(t_idx, weights=y_wi, minlength=len(terms))[t_idx]
    n_i = np.bincount(g_idx, weights=y_wi, minlength=len(groups))[g_idx]
    total = y_wi.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        omega_wi = y_wi / (n_i - y_wi)
        omega_w = y_w / (total - y_w)
        delta = np.log(omega_wi) - np.log(omega_w)
        zeta = delta / np.sqrt(1.0 / y_wi + 1.0 / y_w)
    order = np.lexsort((-zeta, g_idx))
    return pd.DataFrame(
        {
            "term": pd.Series(np.asarray(terms, dtype=object)[t_idx[order]], dtype=str),
            "target": pd.Series([str(groups[i]) for i in g_idx[order]], dtype=str),
            "reference": pd.Series("pooled", index=range(len(order)), dtype=str),
            "target_count": n[order].astype(np.int64),
            "reference_count": matrix.sum(axis=0)[t_idx[order]].astype(np.int64),
            "prior": alpha[order].astype(np.float64),
            "log_odds": delta[order],
            "log_odds_weighted": zeta[order],
        },
        columns=LOG_ODDS_COLUMNS,
    )


def _positions(groups: list, labels, what: str) -> list[int]:
    if isinstance(labels, str) or not isinstance(labels, Iterable):
        labels = [labels]
    return [_group_position(groups, label, what) for label in labels]


def _monroe(matrix, groups, terms, prior, target, reference, alpha) -> pd.DataFrame:
    if target is None:
        raise CorpusError(f"log_odds(method='monroe') needs target=, one of {[str(g) for g in groups]}")
    (i,) = _positions(groups, target, "target")
    others = [j for j in range(len(groups)) if j != i] if reference is None else _positions(groups, reference,
                                                                                             "reference")
    if i in others:
        raise CorpusError(f"log_odds(): target {target!r} is also among the references; leave it out of reference=")
    if not others:
        raise CorpusError("log_odds(): reference= names no group; pass a label, a list of labels, or None")
    y_i = matrix[i]
    y_j = matrix[others].sum(axis=0)
    keep = (y_i + y_j) > 0
    y_i, y_j, kept_terms = y_i[keep], y_j[keep], np.asarray(terms, dtype=object)[keep]
    if isinstance(prior, pd.DataFrame):
        scale = 1.0 if alpha is None else float(alpha)
        reference_count, _total, name = _aligned(prior, kept_terms.astype(str))
        reference_count = np.where(reference_count > 0, reference_count, 0.5)  # a term it lacks: half a count
        base = (y_i.sum() + y_j.sum()) * reference_count / reference_count.sum()
        prior_name = f"reference:{name}"
    elif isinstance(prior, pd.Series):
        scale = 1.0 if alpha is None else float(alpha)
        base = pd.to_numeric(prior.reindex(pd.Index(kept_terms.astype(str))), errors="coerce").to_numpy(float)
        if np.isnan(base).any() or (base <= 0).any():
            bad = kept_terms[np.isnan(base) | ~(base > 0)][0]
            raise CorpusError(f"log_odds(): the prior Series gives no positive count for term {bad!r}; "
                              "give every term of target and reference a prior count > 0")
        prior_name = "custom"
    elif prior in PRIORS:
        scale = DEFAULT_ALPHA[prior] if alpha is None else float(alpha)
        base = (y_i + y_j) if prior == "informative" else np.ones_like(y_i)
        prior_name = prior
    else:
        raise CorpusError(f"prior must be 'informative', 'uninformative' or a Series of prior counts, got {prior!r}.")
    if not np.isfinite(scale) or scale <= 0:
        raise CorpusError(f"log_odds(): alpha={alpha!r} must be a positive number")
    a_w = base * scale
    a_0 = a_w.sum()
    n_i, n_j = y_i.sum(), y_j.sum()
    top_i, top_j = y_i + a_w, y_j + a_w
    rest_i, rest_j = n_i + a_0 - top_i, n_j + a_0 - top_j
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log(top_i / rest_i) - np.log(top_j / rest_j)
        zeta = delta / np.sqrt(1.0 / top_i + 1.0 / rest_i + 1.0 / top_j + 1.0 / rest_j)
    order = np.argsort(-zeta, kind="stable")
    # named as keyness() names its reference
    reference_label = "rest" if reference is None else "+".join(str(groups[j]) for j in others)
    out = pd.DataFrame({
        "term": pd.Series(kept_terms[order].astype(str), dtype=str),
        "target": pd.Series(str(groups[i]), index=range(len(order)), dtype=str),
        "reference": pd.Series(reference_label, index=range(len(order)), dtype=str),
        "target_count": y_i[order].astype(np.int64),
        "reference_count": y_j[order].astype(np.int64),
        "prior": a_w[order],
        "log_odds": delta[order],
        "log_odds_weighted": zeta[order],
    }, columns=LOG_ODDS_COLUMNS)
    out.attrs.update({"method": "monroe", "prior": prior_name, "alpha": scale, "target": str(groups[i]),
                      "reference": [str(groups[j]) for j in others]})
    return out
