"""The explorer's tables: every number the page shows, computed in Python with the library's own functions.

Keyness and log-odds per comparison, rates with bootstrap intervals, dispersion, concordance lines, topics and
their relevance lists (:func:`explorer_tables`); the page (:func:`framings.explore.explorer`) only lays them out.
"""

from __future__ import annotations

import inspect
import re
import sys
import time
from typing import Callable

import numpy as np
import pandas as pd

from .._check import require_columns
from .._words import CHAR_PAIRS
from ..errors import CorpusError
from ..frames import frame_communities, topic_network
from ..stats import keyness, log_odds, rate_ci
from ..text import CONTRACTIONS_S, Tokenizer, dispersion, kwic, term_counts, tokens
from ..topics import (
    document_term_matrix,
    fit_topics,
    prevalence,
    top_terms,
    topic_map,
    typical_paragraphs,
)

LAMBDAS = tuple(round(0.1 * i, 1) for i in range(11))  # relevance λ grid, 0.0 … 1.0


G2_SATURATION = 10.828  # chi2(1) quantile for p = 0.001: colours saturate beyond it


Z_SATURATION = 3.291  # standard normal two-sided p = 0.001


FDR_LEVEL = 0.05


REST = "rest"


REST_LABEL = "all the rest"


# --------------------------------------------------------------------------
# the tables (every number the page shows)
# --------------------------------------------------------------------------
def _check_paras(paras, by: str) -> None:
    require_columns(paras, ["doc_id", "para_id", "text", by], "explorer(): paras", "pass framings.paragraphs(corpus)")
    if paras[by].dropna().nunique() < 2:
        raise CorpusError(f"explorer needs at least 2 values of {by!r} to compare, got {paras[by].dropna().nunique()}.")


def _positive_int(value, name: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise CorpusError(f"explorer: {name}={value!r} must be a whole number >= {minimum}.")
    return int(value)


def _comparisons(groups: list[str]) -> list[tuple[str, str]]:
    """(target, reference) pairs: each group against the rest, then against each other group."""
    out = [(g, REST) for g in groups]
    out += [(g, h) for g in groups for h in groups if g != h]
    return out


# the word of fr.kwic on paragraphs (framings.text): letters/digits with inner hyphens or apostrophes,
# compared case-folded and without a possessive 's; tests check the lines against fr.kwic term by term
_KWIC_WORD = re.compile(r"\w+(?:[-'\u2019]\w+)*")


def _kwic_fold(word: str) -> str:
    word = word.casefold()
    return word[:-2] if len(word) > 2 and word.endswith(("'s", "\u2019s")) else word


class _Concordance:
    """fr.kwic's lines on paragraph text, each paragraph's words found once for every term searched in it
    (3,000 terms × 20 paragraphs would otherwise split the same paragraphs again and again)."""

    def __init__(self, texts: list[str], window: int):
        self.texts = texts
        self.window = window
        self._spans: dict[int, tuple[list[tuple[int, int]], list[str], dict[str, list[int]]]] = {}

    def _words(self, p: int):
        found = self._spans.get(p)
        if found is None:
            text = self.texts[p]
            matches = list(_KWIC_WORD.finditer(text)) if isinstance(text, str) else []
            spans = [m.span() for m in matches]
            norm = [_kwic_fold(m.group()) for m in matches]
            where: dict[str, list[int]] = {}
            for i, w in enumerate(norm):
                where.setdefault(w, []).append(i)
            found = self._spans[p] = (spans, norm, where)
        return found

    def lines(self, p: int, words: list[str]) -> list[tuple[str, str, str]]:
        """(left, keyword, right) of every occurrence of ``words`` in paragraph ``p``, in order."""
        spans, norm, where = self._words(p)
        text, k, window = self.texts[p], len(words), self.window
        out = []
        for i in where.get(words[0], ()):
            if norm[i : i + k] != words:
                continue
            last = i + k - 1
            lo = spans[max(0, i - window)][0] if window else spans[i][0]
            hi = spans[min(len(spans) - 1, last + window)][1] if window else spans[last][1]
            out.append((" ".join(text[lo : spans[i][0]].split()), " ".join(text[spans[i][0] : spans[last][1]].split()),
                        " ".join(text[spans[last][1] : hi].split())))
        return out


def _kwic_lines(paras, toks, terms, max_kwic, window):
    """Capped KWIC lines per term: :func:`framings.kwic` on a few of the paragraphs that contain it.

    Paragraphs are taken in turn from each group and, within a group, first
    one from each document (then a second from each, …) until ``max_kwic`` are
    chosen; of their lines ``max_kwic`` are kept in the same way.
    """

    small = paras[["doc_id", "para_id", "framing", "text"]].reset_index(drop=True)
    position = {key: i for i, key in enumerate(zip(small["doc_id"].astype(str), small["para_id"].astype(str)))}
    framing = small["framing"].astype(str).to_numpy()
    where = toks.dropna(subset=["token"])[["token", "doc_id", "para_id"]].astype(str).drop_duplicates()
    where = where[where["token"].isin(set(terms))]
    where = where.assign(_pos=[position.get(key, -1) for key in zip(where["doc_id"], where["para_id"])])
    where = where[where["_pos"] >= 0].sort_values("_pos", kind="stable")
    by_term = where.groupby("token", sort=False)["_pos"].agg(list).to_dict()
    codes = pd.factorize(framing)[0]
    doc_codes = pd.factorize(small["doc_id"].astype(str))[0]
    columns = ["doc_id", "para_id", "framing", "left", "keyword", "right"]
    concordance = _Concordance(small["text"].tolist(), window)
    ids, paras_ids, framing_values = (small[c].to_numpy(dtype=object) for c in ("doc_id", "para_id", "framing"))
    rows = []
    for term in terms:
        found = by_term.get(term)
        if not found:
            continue
        found = np.asarray(found)
        chosen = np.sort(found[_spread(codes[found], doc_codes[found])[: max(max_kwic, 1)]])
        words = [_kwic_fold(m.group()) for m in _KWIC_WORD.finditer(term.replace("_", " "))]
        found_lines = [(ids[p], paras_ids[p], framing_values[p], *line)
                       for p in chosen.tolist() for line in concordance.lines(p, words)] if words else []
        if found_lines:
            values = np.array(found_lines, dtype=object)
        else:  # a token the text search cannot see: search the tokens instead
            lines = kwic(toks[toks["token"].astype(str) == term], term, window=window)
            values = lines[columns].to_numpy(dtype=object)
            if not len(values):
                continue
        keep = np.sort(_spread(pd.factorize(values[:, 2])[0], pd.factorize(values[:, 0])[0])[:max_kwic])
        rows.extend((term, *v) for v in values[keep])
    return pd.DataFrame(rows, columns=["term", *columns])


def _turns(codes: np.ndarray) -> np.ndarray:
    """For each element, how many earlier elements share its code (0, 1, 2, … within each code)."""
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_codes)) + 1]
    first = np.repeat(starts, np.diff(np.r_[starts, len(codes)]))
    out = np.empty(len(codes), dtype=np.int64)
    out[order] = np.arange(len(codes)) - first
    return out


def _spread(groups: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """Positions (of items in corpus order) in the order they are embedded: in turn from each group and,
    within a group, first one from each document, then a second from each, and so on."""
    n = len(groups)
    doc_turn = _turns(docs)
    within = np.lexsort((np.arange(n), doc_turn, groups))  # by group, then document turn, then corpus order
    group_turn = np.empty(n, dtype=np.int64)
    group_turn[within] = _turns(groups[within])
    return np.lexsort((np.arange(n), group_turn))


def _reporter(progress) -> Callable[[str], None]:
    """``progress`` as a function of one message: True prints to stderr, a callable is used, else silent.
    Each message is prefixed with the seconds since the first."""
    if getattr(progress, "is_reporter", False):  # already one (the page's steps continue the tables' clock)
        return progress
    if progress is True:
        def emit(message):
            print(message, file=sys.stderr, flush=True)
    elif callable(progress):
        emit = progress
    else:
        return lambda message: None
    start = time.perf_counter()

    def say(message):
        emit(f"explorer [{time.perf_counter() - start:5.1f} s] {message}")

    say.is_reporter = True
    return say


def search_rules(paras: pd.DataFrame) -> dict:
    """What the page's search needs to turn typed text into a term exactly as :func:`framings.tokens` does.

    The character pairs, contractions, shortest length, stop words and spelling variants of the
    tokenizer that counted ``paras`` (its corpus' resources), for the page's JavaScript.

    Parameters
    ----------
    paras : DataFrame
        The paragraphs the explorer counts (their corpus gives the stop words and variants).

    Returns
    -------
    dict
        ``chars`` (pairs), ``contractions``, ``min_length``, ``stopwords`` (sorted), ``variants``
        (variant -> term).

    Examples
    --------
    >>> rules = fr.explore.search_rules(fr.paragraphs(fr.load_corpus()))
    >>> "the" in rules["stopwords"], rules["min_length"]
    (True, 2)
    """
    tokenizer = Tokenizer(corpus=paras)
    return {
        "chars": [list(pair) for pair in CHAR_PAIRS],
        "contractions": sorted(CONTRACTIONS_S),
        "min_length": tokenizer.min_length,
        "stopwords": sorted(tokenizer.stopwords),
        "variants": dict(sorted((tokenizer.variants or {}).items())),
    }


def _network_tables(model, random_state: int) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The topic network of the explorer's model: nodes with community and layout, edges, and its summary."""
    import networkx as nx  # heavy (networkx): imported on first use

    network = topic_network(model)
    communities = frame_communities(network, random_state=random_state)
    position = nx.spring_layout(network.graph(), weight="weight", seed=random_state)
    nodes = communities.merge(network.nodes[["label", "top_terms"]], on="label")
    nodes["x"] = [float(position[label][0]) for label in nodes["label"]]
    nodes["y"] = [float(position[label][1]) for label in nodes["label"]]
    edges = network.edges[["source", "target", "weight"]].reset_index(drop=True)
    stats = {"network_communities": int(communities.attrs["n_communities"]),
             "network_modularity": float(communities.attrs["modularity"])}
    return nodes, edges, stats


def explorer_tables(
    paras: pd.DataFrame,
    *,
    by: str = "framing",
    k: int = 3,
    method: str = "lda",
    random_state: int = 0,
    n_boot: int = 1000,
    max_terms: int = 3000,
    max_kwic: int = 20,
    window: int = 8,
    n_topic_terms: int = 30,
    n_typical: int = 3,
    min_terms: int = 15,
    min_df: int | float = 2,
    max_df: int | float = 0.9,
    log_odds_method: str | None = None,
    progress: bool | Callable[[str], None] = False,
) -> dict[str, pd.DataFrame]:
    """Every table the explorer embeds, computed with the library's functions.

    Parameters
    ----------
    paras : DataFrame
        Paragraphs (:func:`framings.paragraphs`): ``doc_id, para_id, text`` and ``by``.
    by : str
        The grouping column (default ``"framing"``).
    k, method, random_state, min_df, max_df
        The topic model: :func:`framings.document_term_matrix` (``min_df``,
        ``max_df``) and :func:`framings.fit_topics` (``k``, ``method``,
        ``random_state``).
    n_boot : int
        Bootstrap replicates of :func:`framings.rate_ci` and
        :func:`framings.prevalence` (seeded with ``random_state``).
    max_terms : int
        Terms drawn: the ``max_terms`` most frequent (ties alphabetical).
    max_kwic, window : int
        Concordance lines embedded per term, words of context either side.
    n_topic_terms, n_typical, min_terms : int
        Terms listed per topic and λ; typical paragraphs per topic, among
        paragraphs with at least ``min_terms`` counted terms.
    log_odds_method : {None, "monroe", "tidylo"}
        ``"monroe"``: Monroe et al.'s z for each comparison,
        ``log_odds(counts, method="monroe", target=, reference=)`` (as
        scattertext); ``"tidylo"``: ``log_odds(counts)``, each group against all
        groups pooled (the same z whatever the reference).  ``None``: Monroe when
        this version of the library has it, else tidylo.
    progress : bool or callable, default False
        Report each step with the seconds elapsed: ``True`` prints a line to
        stderr, a function receives each line (the command line passes its own).

    Returns
    -------
    dict of DataFrame
        ``terms`` (term, frequency, range, DP, DP_norm, single_doc_id),
        ``keyness`` (one :func:`framings.keyness` table per comparison, stacked),
        ``log_odds``, ``rates`` (:func:`framings.rate_ci`), ``kwic``,
        ``topic_map``, ``relevance`` (:func:`framings.top_terms` per λ, column
        ``lam``), ``prevalence`` (by group and overall), ``typical``, ``docs``;
        ``search`` (one row: the tokenizer's rules for the page's search, :func:`search_rules`).

    Raises
    ------
    CorpusError
        On missing columns, fewer than two groups or bad parameters.

    Examples
    --------
    >>> import framings as fr                                   # doctest: +SKIP
    >>> tables = fr.explore.explorer_tables(fr.paragraphs(fr.load_corpus()))  # doctest: +SKIP
    """

    _check_paras(paras, by)
    say = _reporter(progress)
    max_terms = _positive_int(max_terms, "max_terms")
    max_kwic = _positive_int(max_kwic, "max_kwic", 0)
    window = _positive_int(window, "window", 0)
    n_boot = _positive_int(n_boot, "n_boot")
    if log_odds_method is None:

        log_odds_method = "monroe" if "method" in inspect.signature(log_odds).parameters else "tidylo"
    if log_odds_method not in ("tidylo", "monroe"):
        raise CorpusError(f"explorer: log_odds_method must be 'tidylo' or 'monroe', got {log_odds_method!r}.")
    paras = paras.dropna(subset=[by]).reset_index(drop=True)
    if by != "framing" and "framing" in paras.columns:
        paras = paras.drop(columns="framing")
    if by != "framing":
        paras = paras.assign(framing=paras[by].astype(str))
    say(f"tokenizing {len(paras):,} paragraphs")
    toks = tokens(paras)
    counts = term_counts(toks, by="framing")
    counts.index = counts.index.astype(str)
    groups = [str(g) for g in counts.index]

    say(f"{len(toks):,} tokens, {len(groups)} groups; dispersion of the {max_terms:,} most frequent terms")
    disp = dispersion(toks, by="doc_id").head(max_terms).reset_index(drop=True)
    terms = disp["term"].tolist()
    single = disp.loc[disp["range"] == 1, "term"]
    first_doc = (toks.dropna(subset=["token"]).astype({"token": str, "doc_id": str})
                 .drop_duplicates("token").set_index("token")["doc_id"])
    single_doc = first_doc.reindex(single).to_dict()
    disp["single_doc_id"] = [single_doc.get(t, "") for t in disp["term"]]

    shown = counts[terms]
    say(f"keyness and log-odds of {len(_comparisons(groups))} comparisons")
    parts = []
    for target, ref in _comparisons(groups):
        table = keyness(counts, target, None if ref == REST else ref, toks=toks)
        parts.append(table[table["term"].isin(set(terms))].assign(reference=ref))
    key = pd.concat(parts, ignore_index=True)

    if log_odds_method == "monroe":
        lo_parts = []
        for target, ref in _comparisons(groups):
            lo = log_odds(counts, method="monroe", target=target, reference=None if ref == REST else ref)
            lo_parts.append(lo[["term", "log_odds_weighted"]].assign(target=target, reference=ref))
        lodds = pd.concat(lo_parts, ignore_index=True)
    else:
        # tidylo's reference is the pooled corpus, one z per target whatever the comparison: looked up by target
        lodds = log_odds(counts).drop(columns="reference")
    lodds = lodds[lodds["term"].isin(set(terms))].reset_index(drop=True)

    say(f"rates per group with {n_boot} bootstrap replicates")
    rates = rate_ci(toks, terms, by="framing", n_boot=n_boot, random_state=random_state)
    overall = shown.sum(axis=0) / counts.to_numpy().sum() * 1e4
    say(f"concordance lines (at most {max_kwic} per term)")
    kw = _kwic_lines(paras, toks, terms, max_kwic, window)

    say(f"topic model ({method}, k = {k})")
    dtm = document_term_matrix(toks, min_df=min_df, max_df=max_df)
    model = fit_topics(dtm, k=k, method=method, random_state=random_state)
    tmap = topic_map(model)
    relevance = pd.concat([top_terms(model, n=n_topic_terms, rank="relevance", lam=lam).assign(lam=lam)
                           for lam in LAMBDAS], ignore_index=True)
    vocab_index = {t: i for i, t in enumerate(dtm.vocabulary)}
    tf = dtm.term_frequency.astype(np.float64)
    idx = relevance["term"].map(vocab_index).to_numpy()
    relevance["p_term_topic"] = model.topic_term[relevance["topic"].to_numpy(), idx]
    relevance["p_term"] = tf[idx] / tf.sum()
    say("topic relevance, prevalence and typical paragraphs")
    prev = pd.concat([prevalence(model, by="framing", n_boot=n_boot, random_state=random_state),
                      prevalence(model, by=None, n_boot=n_boot, random_state=random_state)], ignore_index=True)
    typical = typical_paragraphs(model, n=n_typical, min_terms=min_terms, paras=paras)

    say("topic network and its communities (ANTMN)")
    network_nodes, network_edges, network_stats = _network_tables(model, random_state)

    docs = (paras[["doc_id", "framing"]].astype(str).drop_duplicates("doc_id").reset_index(drop=True))
    disp["overall_per_10k"] = overall.reindex(terms).to_numpy()
    say("tables done")
    return {
        "terms": disp,
        "keyness": key,
        "log_odds": lodds,
        "rates": rates,
        "kwic": kw,
        "topic_map": tmap,
        "relevance": relevance,
        "prevalence": prev,
        "typical": typical,
        "network_nodes": network_nodes,
        "network_edges": network_edges,
        "docs": docs,
        "search": pd.DataFrame([search_rules(paras)]),
        "groups": pd.DataFrame({"group": groups}),
        "params": pd.DataFrame([{
            "by": by, "k": model.k, "method": method, "random_state": random_state, "n_boot": n_boot,
            "max_terms": max_terms, "max_kwic": max_kwic, "window": window, "n_topic_terms": n_topic_terms,
            "n_typical": n_typical, "min_terms": min_terms, "log_odds_method": log_odds_method,
            "vocabulary": int(counts.shape[1]), "tokens": int(counts.to_numpy().sum()),
            "paragraphs": int(len(paras)), "documents": int(paras["doc_id"].nunique()),
            **network_stats,
        }]),
    }
