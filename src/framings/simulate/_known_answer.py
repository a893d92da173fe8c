"""Does a method find a framing that is really there? Run the methods on corpora with a known answer.

:func:`framings.simulate.planted_tokens` builds a corpus in which one group's documents use a known set of
terms at a known extra rate (the *planted framing*), and the null corpus of the same seed without it. This
module runs five of the library's methods on such corpora — unchanged, as a notebook would call them — and
records what each one recovers and how often it raises a false alarm, seed after seed, the way *Text Mining
with R* (Silge & Robinson 2017, ch. 6, "the great library heist") checks a topic model on books whose chapters
it knows.

The methods and what counts as a finding (``alpha`` = 0.05 by default):

* ``keyness`` -- :func:`framings.keyness` (G², planted group against the other), a term flagged when its
  Benjamini-Hochberg adjusted p <= ``alpha``.
* ``log-odds`` -- :func:`framings.log_odds` (``method="monroe"``, informative Dirichlet prior), a term flagged
  when ``|z| > 1.96``. This is a per-term threshold with no correction for testing every term.
* ``permutation`` -- the document-level permutation test of :func:`framings.permutation_test`: the statistic
  is the largest ``|G²|`` of any term, recomputed after relabelling whole documents; a term is flagged when its
  ``|G²|`` reaches the ``1 − alpha`` quantile of that maximum (Westfall & Young 1993, single-step maxT), which
  holds the chance of any false alarm at ``alpha`` whatever the documents' words have in common.
* ``topics`` -- :func:`framings.fit_topics` (``k`` topics over documents) and :func:`framings.top_terms`
  (FREX); the terms flagged are the planted terms among the ``top_n`` terms of the topic that holds most of
  them. Not a test, so it has no nominal rate: its baseline is the same measure on the null corpus.
* ``lexicon`` -- :func:`framings.frame_scores` with a lexicon of the planted terms, a score per document
  (matches per 100 words), and :func:`framings.permutation_test` of the difference in mean score between the
  groups (one-sided: the planted group higher).

A method *finds* the framing when it flags at least ``found_share`` of the planted terms (keyness, log-odds,
permutation, topics) or when its p <= ``alpha`` (lexicon). A *false alarm* is any flagged term in the null
corpus (a p <= ``alpha`` for the lexicon; for topics, the finding rule met by the planted terms at their
background rate).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._check import require_columns
from ..frames import frame_scores
from ..stats import keyness, keyness_stats, log_odds, max_t_test, permutation_test, wilson_interval
from ..text import term_counts
from ..topics import document_term_matrix, fit_topics, top_terms
from ._planted import planted_paragraphs, planted_tokens

KNOWN_ANSWER_METHODS = ("keyness", "log-odds", "permutation", "topics", "lexicon")


RUN_COLUMNS = ["seed", "n_docs", "condition", "method", "n_tested", "n_flagged", "n_planted_flagged", "recall",
               "found", "false_alarm", "p_value", "extra_per_10k"]


SUMMARY_COLUMNS = ["n_docs", "extra_per_10k", "method", "measure", "runs", "events", "rate", "ci_low", "ci_high",
                   "nominal",
                   "interval"]


Z_LOG_ODDS = 1.96


def planted_lexicon(terms: Iterable[str], frame: str = "planted") -> pd.DataFrame:
    """A frame lexicon whose terms are ``terms``, in the form :func:`framings.frame_scores` takes.

    Parameters
    ----------
    terms : iterable of str
        The lexicon's terms (for a known-answer corpus, ``toks.attrs["planted_terms"]``).
    frame : str, default "planted"
        The frame's name.

    Returns
    -------
    pandas.DataFrame
        ``frame, term, rationale, case_sensitive``, one row per term.

    Raises
    ------
    ValueError
        If ``terms`` is empty.

    Examples
    --------
    >>> planted_lexicon(["zoqua", "nupix"])[["frame", "term"]].values.tolist()
    [['planted', 'zoqua'], ['planted', 'nupix']]
    """
    terms = [str(t) for t in terms]
    if not terms:
        raise ValueError("planted_lexicon(): no terms; pass the planted terms (toks.attrs['planted_terms'])")
    return pd.DataFrame({"frame": frame, "term": terms, "rationale": "planted by framings.simulate",
                         "case_sensitive": False})


def _flag_frame(method: str, terms, flagged, planted_terms, n_tested: int, p_value: float = np.nan,
                found_share: float = 0.5) -> dict:
    flagged = [str(t) for t in terms[np.asarray(flagged, dtype=bool)]] if len(terms) else []
    planted_flagged = len(set(flagged) & set(planted_terms))
    recall = planted_flagged / len(planted_terms)
    return {"method": method, "n_tested": int(n_tested), "n_flagged": len(flagged),
            "n_planted_flagged": planted_flagged, "recall": recall,
            "found": bool(recall >= found_share),
            "p_value": float(p_value), "flagged": flagged}


def _doc_matrix(toks: pd.DataFrame, group: str):
    """Documents × terms counts, each document's label, and the vocabulary."""
    doc_codes, docs = pd.factorize(toks["doc_id"].astype(str))
    term_codes, vocab = pd.factorize(toks["token"].astype(str))
    matrix = np.zeros((len(docs), len(vocab)), dtype=np.float64)
    np.add.at(matrix, (doc_codes, term_codes), 1.0)
    labels = toks.groupby(doc_codes, sort=True)[group].first().astype(str).to_numpy()
    return matrix, labels, np.asarray(vocab, dtype=object), np.asarray(docs, dtype=object)


def _max_g2(matrix: np.ndarray, in_target: np.ndarray) -> np.ndarray:
    a = matrix[in_target].sum(axis=0)
    b = matrix[~in_target].sum(axis=0)
    return keyness_stats(a, b, a.sum(), b.sum(), None)["g2"]


def method_flags(toks: pd.DataFrame, methods: Iterable[str] = KNOWN_ANSWER_METHODS, *, alpha: float = 0.05,
                 found_share: float = 0.5, n_resamples: int = 199, k: int = 2, top_n: int | None = None,
                 random_state: int = 0) -> pd.DataFrame:
    """Run each method once on a known-answer corpus: what it flags and whether it finds the planted terms.

    Parameters
    ----------
    toks : pandas.DataFrame
        A corpus from :func:`framings.simulate.planted_tokens` (its ``.attrs`` name the planted terms and group).
    methods : iterable of str, default all of :data:`KNOWN_ANSWER_METHODS`
        Which of ``"keyness", "log-odds", "permutation", "topics", "lexicon"`` to run.
    alpha : float, default 0.05
        Significance level of keyness (FDR), the permutation test and the lexicon test.
    found_share : float, default 0.5
        Share of the planted terms a method must flag to count as finding the framing.
    n_resamples : int, default 199
        Relabellings of the two permutation tests (the smallest p is 1 / (n_resamples + 1)).
    k : int, default 2
        Number of topics.
    top_n : int or None, default None
        Top terms per topic examined; None: twice the number of planted terms.
    random_state : int, default 0
        Seed of the relabellings and of the topic model.

    Returns
    -------
    pandas.DataFrame
        One row per method: ``method, n_tested`` (terms tested), ``n_flagged, n_planted_flagged, recall`` (share
        of planted terms flagged; NaN for the lexicon, which is given them), ``found``, ``p_value`` (permutation
        and lexicon tests; NaN otherwise) and
        ``flagged`` (the list of flagged terms).

    Raises
    ------
    ValueError
        For an unknown method, an ``alpha`` or ``found_share`` outside (0, 1), or a frame without the
        ``planted_terms`` and ``planted_group`` attributes of :func:`~framings.simulate.planted_tokens`.

    Examples
    --------
    >>> from framings.simulate import planted_tokens
    >>> toks = planted_tokens(n_docs=20, extra_per_10k=60, random_state=3)
    >>> out = method_flags(toks, methods=["keyness", "lexicon"])
    >>> out[["method", "found"]].values.tolist()
    [['keyness', True], ['lexicon', True]]
    """


    methods = list(methods)
    unknown = [m for m in methods if m not in KNOWN_ANSWER_METHODS]
    if unknown:
        raise ValueError(f"method_flags(): unknown method(s) {unknown}; use some of {', '.join(KNOWN_ANSWER_METHODS)}")
    if not 0 < alpha < 1 or not 0 < found_share <= 1:
        raise ValueError(f"method_flags(): alpha={alpha} must lie in (0, 1) and found_share={found_share} in (0, 1]")
    planted_terms = list(toks.attrs.get("planted_terms", []))
    target = toks.attrs.get("planted_group")
    if not planted_terms or target is None:
        raise ValueError("method_flags(): toks has no planted_terms / planted_group attributes; build it with "
                         "framings.simulate.planted_tokens()")
    rows = []
    counts = term_counts(toks, by="framing")
    if "keyness" in methods:
        table = keyness(counts, target=target)
        rows.append(_flag_frame("keyness", table["term"].to_numpy(), table["p_adjusted"].to_numpy() <= alpha,
                                planted_terms, len(table), found_share=found_share))
    if "log-odds" in methods:
        table = log_odds(counts, method="monroe", target=target)
        rows.append(_flag_frame("log-odds", table["term"].to_numpy(),
                                table["log_odds_weighted"].abs().to_numpy() > Z_LOG_ODDS, planted_terms,
                                len(table), found_share=found_share))
    if "permutation" in methods:
        matrix, labels, vocab, docs = _doc_matrix(toks, "framing")
        units = pd.DataFrame({"doc_id": docs, "framing": labels})
        # single-step max-T over every term's |G²| (fr.stats.max_t_test): the adjusted p of a term is the share of
        # relabellings whose largest |G²| reaches the term's own
        table = max_t_test(units, lambda d: np.abs(_max_g2(matrix, d["framing"].to_numpy() == target)),
                           n_resamples=n_resamples, random_state=random_state)
        rows.append(_flag_frame("permutation", vocab, table["p_adjusted"].to_numpy() <= alpha, planted_terms,
                                len(vocab), p_value=float(table["p_adjusted"].min()), found_share=found_share))
    if "topics" in methods:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dtm = document_term_matrix(toks, by="doc_id", min_df=2, max_df=1.0)
            # variational LDA, as when notebook 07's recovery rates were first measured (its figures stay put)
            model = fit_topics(dtm, k=k, random_state=random_state, cache=False, engine="sklearn")
        top = top_terms(model, n=top_n or 2 * len(planted_terms), rank="frex")
        hits = top.assign(planted=top["term"].isin(planted_terms)).groupby("topic")["planted"].sum()
        best = top[top["topic"] == hits.idxmax()]
        rows.append(_flag_frame("topics", best["term"].to_numpy(), best["term"].isin(planted_terms).to_numpy(),
                                planted_terms, dtm.n_terms, found_share=found_share))
    if "lexicon" in methods:
        scores = frame_scores(planted_paragraphs(toks), lexicon=planted_lexicon(planted_terms))
        per_doc = scores.groupby(["doc_id", "framing"], sort=False)[["matches", "n_words"]].sum().reset_index()
        per_doc["score"] = 100.0 * per_doc["matches"] / per_doc["n_words"]
        score = per_doc["score"].to_numpy()
        result = permutation_test(
            per_doc[["doc_id", "framing"]],
            lambda d: score[d["framing"].to_numpy() == target].mean() - score[d["framing"].to_numpy() != target].mean(),
            alternative="greater", n_resamples=n_resamples, random_state=random_state)
        row = _flag_frame("lexicon", np.array([]), [], planted_terms, len(planted_terms), p_value=result.pvalue)
        row["found"] = bool(result.pvalue <= alpha)
        row["recall"] = np.nan  # the lexicon is given the planted terms; it tests them, it does not pick any
        rows.append(row)
    order = {m: i for i, m in enumerate(methods)}
    return pd.DataFrame(sorted(rows, key=lambda r: order[r["method"]]),
                        columns=["method", "n_tested", "n_flagged", "n_planted_flagged", "recall", "found",
                                 "p_value", "flagged"])


def known_answer_runs(n_docs: int | Iterable[int] = 40, seeds: Iterable[int] = range(20),
                      methods: Iterable[str] = KNOWN_ANSWER_METHODS, conditions: Iterable[str] = ("planted", "null"), *,
                      alpha: float = 0.05, found_share: float = 0.5, n_resamples: int = 199, k: int = 2,
                      top_n: int | None = None, extra_per_10k: float | Iterable[float] = 50.0,
                      **corpus_options: object) -> pd.DataFrame:
    """Run the methods on planted and null corpora over many seeds and sizes: one tidy row per run and method.

    Parameters
    ----------
    n_docs : int or iterable of int, default 40
        Corpus sizes (documents) to try.
    seeds : iterable of int, default range(20)
        One planted and one null corpus per seed and size (the seed also seeds the relabellings and topics).
    methods : iterable of str, default all of :data:`KNOWN_ANSWER_METHODS`
        Methods to run (see :func:`method_flags`).
    conditions : iterable of {"planted", "null"}, default both
        Which corpora to build.
    alpha, found_share, n_resamples, k, top_n
        As in :func:`method_flags`.
    extra_per_10k : float or iterable of float, default 50.0
        Strength(s) of the planted framing: extra occurrences of each planted term per 10,000 words in the
        documents that carry it (see :func:`framings.simulate.planted_tokens`).
    **corpus_options
        Passed to :func:`framings.simulate.planted_tokens` (``n_planted``, ``words_per_doc``,
        ``doc_concentration``, ...).

    Returns
    -------
    pandas.DataFrame
        ``seed, n_docs, condition, method, n_tested, n_flagged, n_planted_flagged, recall, found, false_alarm,
        p_value, extra_per_10k``. ``false_alarm`` is, for a null corpus, whether the method found anything (any
        flagged term; for the lexicon p <= ``alpha``; for topics the finding rule met); for a planted corpus, whether it
        flagged any term that was not planted (a false discovery beside the true ones; always False for the
        lexicon and topics).

    Raises
    ------
    ValueError
        For an unknown condition, or what :func:`method_flags` and
        :func:`~framings.simulate.planted_tokens` refuse.

    Examples
    --------
    >>> runs = known_answer_runs(n_docs=12, seeds=[0, 1], methods=["lexicon"], extra_per_10k=80.0)
    >>> runs[["seed", "condition", "found"]].values.tolist()
    [[0, 'planted', True], [0, 'null', False], [1, 'planted', True], [1, 'null', False]]
    """

    sizes = [int(n_docs)] if isinstance(n_docs, (int, np.integer)) else [int(n) for n in n_docs]
    conditions = list(conditions)
    bad = [c for c in conditions if c not in ("planted", "null")]
    if bad:
        raise ValueError(f"known_answer_runs(): unknown condition(s) {bad}; use 'planted' and/or 'null'")
    strengths = [float(extra_per_10k)] if isinstance(extra_per_10k, (int, float, np.number)) else \
        [float(x) for x in extra_per_10k]
    methods, seeds = list(methods), [int(seed) for seed in seeds]
    rows = []
    for size, strength, seed, condition in ((size, strength, seed, condition) for size in sizes
                                            for strength in strengths for seed in seeds for condition in conditions):
        toks = planted_tokens(size, planted=condition == "planted", random_state=int(seed), extra_per_10k=strength,
                              **corpus_options)
        flags = method_flags(toks, methods, alpha=alpha, found_share=found_share, n_resamples=n_resamples,
                             k=k, top_n=top_n, random_state=int(seed))
        planted_terms = set(toks.attrs["planted_terms"])
        for row in flags.to_dict("records"):
            if condition == "null":
                alarm = row["found"] if row["method"] in ("lexicon", "topics") else row["n_flagged"] > 0
            else:
                alarm = bool(set(row["flagged"]) - planted_terms) if row["method"] != "topics" else False
            rows.append({"seed": int(seed), "n_docs": size, "condition": condition,
                         **{key: row[key] for key in RUN_COLUMNS if key in row}, "false_alarm": bool(alarm),
                         "extra_per_10k": strength})
    return pd.DataFrame(rows, columns=RUN_COLUMNS)


def _interval(events: int, runs: int, level: float, interval: str) -> tuple[float, float]:
    """Clopper-Pearson (scipy's exact interval) or Wilson interval of ``events`` in ``runs``; NaNs for no runs."""
    from scipy.stats import binomtest  # heavy (scipy): imported on first use

    if runs == 0:
        return float("nan"), float("nan")
    if interval == "wilson":
        return wilson_interval(int(events), int(runs), level)
    ci = binomtest(int(events), int(runs)).proportion_ci(confidence_level=level, method="exact")
    return float(ci.low), float(ci.high)


def recovery_summary(runs: pd.DataFrame, *, alpha: float = 0.05, level: float = 0.95,
                     interval: str = "clopper-pearson") -> pd.DataFrame:
    """Recovery and false-alarm rates per size and method, with binomial intervals, beside the nominal rate.

    Parameters
    ----------
    runs : pandas.DataFrame
        From :func:`known_answer_runs`.
    alpha : float, default 0.05
        The nominal false-alarm rate of the methods that are tests (keyness, permutation, lexicon), and, per
        term, of log-odds' ``|z| > 1.96``.
    level : float, default 0.95
        Confidence level of the intervals.
    interval : {"clopper-pearson", "wilson"}, default "clopper-pearson"
        Clopper-Pearson (exact, ``scipy.stats.binomtest(...).proportion_ci``) or Wilson score interval
        (:func:`framings.stats.wilson_interval`).

    Returns
    -------
    pandas.DataFrame
        ``n_docs, extra_per_10k, method, measure, runs, events, rate, ci_low, ci_high, nominal, interval``.
        ``measure`` is
        ``"recovery"`` (planted corpora: share of runs that found the framing), ``"false alarm"`` (null corpora:
        share of runs with any false alarm; ``nominal`` = ``alpha`` for keyness, permutation and lexicon, NaN for
        log-odds and topics, which do not control it) or ``"false alarm per term"`` (null corpora, keyness and
        log-odds: share of all tested terms flagged; ``nominal`` = ``alpha`` for log-odds; its interval treats
        terms as independent, which they nearly are).

    Raises
    ------
    ValueError
        If ``runs`` lacks a column of :func:`known_answer_runs` or ``interval`` is unknown.

    Examples
    --------
    >>> runs = pd.DataFrame({"seed": [0, 1], "n_docs": 10, "condition": "null", "method": "lexicon",
    ...                      "n_tested": 8, "n_flagged": 0, "n_planted_flagged": 0, "recall": 0.0,
    ...                      "found": [False, True], "false_alarm": [False, True], "p_value": [0.4, 0.01],
    ...                      "extra_per_10k": 50.0})
    >>> recovery_summary(runs)[["measure", "runs", "events", "rate", "nominal"]].values.tolist()
    [['false alarm', 2, 1, 0.5, 0.05]]
    """
    require_columns(runs, RUN_COLUMNS, "recovery_summary(): runs", "pass the frame of known_answer_runs()")
    if interval not in ("clopper-pearson", "wilson"):
        raise ValueError(f"recovery_summary(): interval={interval!r}; use 'clopper-pearson' or 'wilson'")
    controlled = {"keyness", "permutation", "lexicon"}
    order = {m: i for i, m in enumerate(KNOWN_ANSWER_METHODS)}
    rows = []
    groups = runs.groupby(["n_docs", "extra_per_10k", "method"])
    for (size, strength, method), part in sorted(groups, key=lambda kv: (kv[0][0], kv[0][1], order.get(kv[0][2], 99))):
        planted = part[part["condition"] == "planted"]
        null = part[part["condition"] == "null"]
        measures = []
        if len(planted):
            measures.append(("recovery", len(planted), int(planted["found"].sum()), np.nan))
        if len(null):
            measures.append(("false alarm", len(null), int(null["false_alarm"].sum()),
                             alpha if method in controlled else np.nan))
            if method in ("keyness", "log-odds"):
                measures.append(("false alarm per term", int(null["n_tested"].sum()), int(null["n_flagged"].sum()),
                                 alpha if method == "log-odds" else np.nan))
        for measure, n, events, nominal in measures:
            low, high = _interval(events, n, level, interval)
            rows.append({"n_docs": int(size), "extra_per_10k": float(strength), "method": method,
                         "measure": measure, "runs": int(n),
                         "events": events, "rate": events / n, "ci_low": low, "ci_high": high, "nominal": nominal,
                         "interval": interval})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


DESIGN_COLUMNS = ["setting", "n_docs", "method", "power", "power_low", "power_high", "planted_runs", "size",
                  "size_low", "size_high", "null_runs", "nominal"]


def known_answer_design(settings: dict, n_docs: int | Iterable[int] = (10, 20, 40, 80),
                        seeds: Iterable[int] = range(20), methods: Iterable[str] = KNOWN_ANSWER_METHODS,
                        **run_options: object) -> pd.DataFrame:
    """Power and size in the same conditions: planted and null corpora of every setting, size and seed.

    Each setting is a dict of options of :func:`framings.simulate.planted_tokens` (``doc_concentration``,
    ``rate_cv``, ``burst_share``, ``planted_share``, ``term_profile``, ``extra_per_10k``, ...); for every one,
    :func:`known_answer_runs` builds the planted corpus and its null twin of each seed and size — the null corpus
    has the same documents, the same heterogeneity and no insertions — so a method's power and its size are
    measured in the same conditions. Settings that differ only in how the framing is planted (``extra_per_10k``,
    ``planted_share``, ``rate_cv``, ``burst_share``, ``term_profile``) have the same null corpora, which are run
    once.

    Parameters
    ----------
    settings : dict
        Setting name → options of :func:`planted_tokens`.
    n_docs : int or iterable of int, default (10, 20, 40, 80)
        Corpus sizes.
    seeds : iterable of int, default range(20)
        Seeds (one planted and one null corpus each).
    methods : iterable of str
        As in :func:`method_flags`.
    **run_options
        ``alpha, found_share, n_resamples, k, top_n`` of :func:`known_answer_runs` (a setting's own
        ``extra_per_10k`` wins over one given here).

    Returns
    -------
    pandas.DataFrame
        ``setting`` and the columns of :func:`known_answer_runs`.

    Raises
    ------
    ValueError
        With no settings, or what :func:`known_answer_runs` refuses.

    Examples
    --------
    >>> runs = known_answer_design({"equal": {}, "half": {"planted_share": 0.5}}, n_docs=[8], seeds=[0],
    ...                            methods=["lexicon"], extra_per_10k=80.0)
    >>> runs[["setting", "condition", "found"]].values.tolist()
    [['equal', 'planted', True], ['equal', 'null', False], ['half', 'planted', False], ['half', 'null', False]]
    """
    if not settings:
        raise ValueError("known_answer_design(): no settings; pass {name: options of planted_tokens}")
    seeds = [int(seed) for seed in seeds]
    frames, nulls = [], {}
    for name, options in settings.items():
        merged = {**run_options, **dict(options)}
        planted = known_answer_runs(n_docs, seeds=seeds, methods=methods, conditions=["planted"], **merged)
        # the null corpus does not depend on how the framing would be planted: settings that differ only there
        # share their null runs (computed once)
        key = repr(sorted((k, v) for k, v in merged.items() if k not in PLANTING_ONLY))
        if key not in nulls:
            nulls[key] = known_answer_runs(n_docs, seeds=seeds, methods=methods, conditions=["null"], **merged)
        null = nulls[key].assign(extra_per_10k=planted["extra_per_10k"].iloc[0] if len(planted) else np.nan)
        both = pd.concat([planted, null], ignore_index=True)
        both = both.sort_values(["n_docs", "seed"], kind="stable")  # planted before null of each seed and size
        frames.append(both.assign(setting=str(name)))
    runs = pd.concat(frames, ignore_index=True)
    return runs[["setting"] + RUN_COLUMNS]


# options of planted_tokens that change only the inserted occurrences: the null corpus is the same whatever they are
PLANTING_ONLY = frozenset({"extra_per_10k", "planted_share", "rate_cv", "burst_share", "term_profile"})


def power_and_size(runs: pd.DataFrame, *, alpha: float = 0.05, level: float = 0.95) -> pd.DataFrame:
    """Power (share of planted corpora in which the method finds the framing) beside size (share of null corpora
    with a false alarm), per setting, size and method, each with its Clopper-Pearson interval.

    Parameters
    ----------
    runs : pandas.DataFrame
        From :func:`known_answer_design` (or :func:`known_answer_runs`, as one setting named ``""``).
    alpha : float, default 0.05
        The nominal size of the methods that are tests (keyness, permutation, lexicon); NaN for log-odds and
        topics, which promise no size.
    level : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        ``setting, n_docs, method, power, power_low, power_high, planted_runs, size, size_low, size_high,
        null_runs, nominal``.

    Examples
    --------
    >>> runs = pd.DataFrame({"setting": "s", "seed": [0, 0, 1, 1], "n_docs": 10, "method": "lexicon",
    ...                      "condition": ["planted", "null"] * 2, "n_tested": 8, "n_flagged": 0,
    ...                      "n_planted_flagged": 0, "recall": 0.0, "found": [True, False, True, True],
    ...                      "false_alarm": [False, False, False, True], "p_value": 0.01, "extra_per_10k": 50.0})
    >>> power_and_size(runs)[["power", "size", "nominal"]].values.tolist()
    [[1.0, 0.5, 0.05]]
    """
    runs = runs if "setting" in runs.columns else runs.assign(setting="")
    require_columns(runs, ["setting"] + RUN_COLUMNS, "power_and_size(): runs",
                    "pass the frame of known_answer_design()")
    controlled = {"keyness", "permutation", "lexicon"}
    order = {m: i for i, m in enumerate(KNOWN_ANSWER_METHODS)}
    settings = list(dict.fromkeys(runs["setting"]))
    rows = []
    for (setting, size, method), part in sorted(runs.groupby(["setting", "n_docs", "method"]),
                                                key=lambda kv: (settings.index(kv[0][0]), kv[0][1],
                                                                order.get(kv[0][2], 99))):
        planted = part[part["condition"] == "planted"]
        null = part[part["condition"] == "null"]
        power_events, size_events = int(planted["found"].sum()), int(null["false_alarm"].sum())
        power_low, power_high = _interval(power_events, len(planted), level, "clopper-pearson")
        size_low, size_high = _interval(size_events, len(null), level, "clopper-pearson")
        rows.append({"setting": setting, "n_docs": int(size), "method": method,
                     "power": power_events / len(planted) if len(planted) else np.nan, "power_low": power_low,
                     "power_high": power_high, "planted_runs": len(planted),
                     "size": size_events / len(null) if len(null) else np.nan, "size_low": size_low,
                     "size_high": size_high, "null_runs": len(null),
                     "nominal": alpha if method in controlled else np.nan})
    return pd.DataFrame(rows, columns=DESIGN_COLUMNS)


def documents_for_power(table: pd.DataFrame, power: float = 0.8) -> pd.DataFrame:
    """The number of documents from which each method reaches ``power``, with the range its runs allow.

    With a few runs per size a power estimate is uncertain, so two sizes are given: ``n_docs``, the smallest size
    tried whose estimated power is at least ``power``, and ``n_docs_plausible``, the smallest size whose interval
    (``power_high``) reaches it — the crossing lies between them as far as the runs can tell.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`power_and_size` (``power_high`` optional: without it the two sizes coincide).
    power : float, default 0.8
        The target power.

    Returns
    -------
    pandas.DataFrame
        ``setting, method, n_docs`` (<NA> if no size reaches ``power``), ``n_docs_plausible`` (<NA> if no interval
        does), ``power, size`` (at ``n_docs``; at the largest size tried when none reaches it) and ``reached``.

    Examples
    --------
    >>> table = pd.DataFrame({"setting": "s", "n_docs": [10, 20, 40], "method": "lexicon",
    ...                       "power": [0.3, 0.6, 1.0], "power_high": [0.6, 0.9, 1.0], "size": [0.05, 0.0, 0.1]})
    >>> documents_for_power(table)[["n_docs", "n_docs_plausible", "power", "reached"]].values.tolist()
    [[40, 20, 1.0, True]]
    """
    require_columns(table, ["setting", "n_docs", "method", "power", "size"], "documents_for_power(): table",
                    "pass the frame of power_and_size()")
    rows = []
    for (setting, method), part in table.groupby(["setting", "method"], sort=False):
        part = part.sort_values("n_docs")
        enough = part[part["power"] >= power]
        plausible = part[part.get("power_high", part["power"]) >= power]
        at = enough.iloc[0] if len(enough) else part.iloc[-1]
        rows.append({"setting": setting, "method": method,
                     "n_docs": int(at["n_docs"]) if len(enough) else pd.NA,
                     "n_docs_plausible": int(plausible["n_docs"].iloc[0]) if len(plausible) else pd.NA,
                     "power": float(at["power"]), "size": float(at["size"]), "reached": bool(len(enough))})
    out = pd.DataFrame(rows, columns=["setting", "method", "n_docs", "n_docs_plausible", "power", "size", "reached"])
    out["n_docs"] = out["n_docs"].astype("Int64")
    out["n_docs_plausible"] = out["n_docs_plausible"].astype("Int64")
    return out
