"""A word in its context: key word in context (KWIC), collocations and dispersion across a text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

from .._check import require_columns
from .._tidy import factorize_str, paragraph_codes
from ..errors import CorpusError

_COLLOCATION_MEASURES = ("g2", "pmi", "t", "chi2")


# NLTK's guard against division by zero and log(0) (nltk/metrics/association.py).
_SMALL = 1e-20


# Words for KWIC on raw text: letters/digits, with inner hyphens or apostrophes.
_WORD = re.compile(r"\w+(?:[-'\u2019]\w+)*")


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
    * ``DP`` = ``0.5 * sum_i |v_i - s_i|`` (0: spread as expected from part sizes,
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
    require_columns(toks, ["token", by], "dispersion(): toks", "pass the tidy token frame from framings.tokens()")
    frame = toks.dropna(subset=["token"])
    if frame.empty:
        raise CorpusError("toks has no tokens; nothing to measure.")
    if by == "para_id" and "doc_id" in frame.columns:
        part = frame.groupby(["doc_id", "para_id"], sort=False, observed=True, dropna=False).ngroup().to_numpy()
    else:
        part, _ = factorize_str(frame[by])
        if (part < 0).any():
            raise CorpusError(f"toks has missing values in {by!r}; fill or drop them first.")
    term_codes, vocab = factorize_str(frame["token"])
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
        # a paragraph whose case-folded text lacks the first word cannot match (casefold maps each character on its
        # own, so a folded word is a substring of the folded text): skip tokenizing it
        if not isinstance(text, str) or not text or words[0] not in text.casefold():
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
    para = paragraph_codes(toks)  # paragraphs in order of first appearance
    pos = toks["position"].to_numpy(np.int64) if "position" in toks.columns else np.arange(len(toks))
    order = np.lexsort((pos, para))  # corpus order, words in position order
    frame = toks.iloc[order].reset_index(drop=True)
    para, pos = para[order], pos[order]
    codes, vocab = factorize_str(frame["token"])
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
    >>> from framings.text import association
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


COLLOCATION_SCORINGS = ("window", "nltk")


def collocations(toks: pd.DataFrame, node: str, window: int = 5, measure: str = "g2",
                 min_count: int = 1, min_freq: int = 1, scoring: str = "window") -> pd.DataFrame:
    """Collocates of ``node`` within ``window`` words either side, scored.

    Co-occurrence is counted on the token frame: every token of the same
    paragraph whose ``position`` differs from an occurrence of ``node`` by 1
    to ``window`` (positions count words before stopword removal, so the
    window is measured in words of the text; paragraphs are never crossed).
    ``count`` is the number of (node occurrence, collocate occurrence) pairs.

    ``scoring="window"`` (the default) is the standard window-based 2 × 2 table
    (Evert 2008, "Corpora and collocations", in *Corpus Linguistics: An International
    Handbook*, sec. 3.2; Brezina 2018, *Statistics in Corpus Linguistics*, ch. 3): the
    windows of all occurrences of the node are merged (a token in two overlapping
    windows counts once), ``count`` = O11 is the number of the collocate's tokens inside
    them, R1 the number of tokens inside them (the node itself not counted), C1 =
    ``collocate_count`` the collocate's frequency and N the number of tokens; the table
    [[O11, R1 − O11], [C1 − O11, N − R1 − C1 + O11]] is scored with :func:`association`
    (n_ii = O11, n_ix = R1, n_xi = C1, n_xx = N), so ``"g2"`` is the log-likelihood
    ratio test of that table (Dunning 1993; scipy's ``power_divergence(...,
    lambda_="log-likelihood")``). ``scoring="nltk"`` reproduces NLTK's
    ``BigramCollocationFinder`` with a window: ``count`` is the number of (node,
    collocate) pairs, scaled by the window slots, n_ii = count / (2 × window), against
    n_ix = the node's frequency — a score of a different size (on the shipped corpus the
    top "G²" is about 2 where the 2 × 2 window test gives about 150), kept for
    comparison with NLTK. ``measure`` is ``"g2"``, ``"pmi"``, ``"t"`` or ``"chi2"``.
    Matching is case-insensitive; a phrase node ("strategic autonomy") also
    finds the token ``framings.tokens`` merged it into ("strategic_autonomy").
    Collocates met fewer than ``min_count`` times with the node are dropped, and so are
    collocates whose own corpus frequency is below ``min_freq`` (``min_freq=2`` drops
    words seen once: with overlapping windows a word seen once can meet the node twice).

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
    min_freq : int, default 1
        Drop collocates seen fewer times than this in the whole corpus (2: no hapaxes).
    scoring : {"window", "nltk"}, default "window"
        The standard 2 × 2 window table, or NLTK's window-scaled bigram scores.

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
    >>> table = fr.collocations(toks, "energy", window=3, min_count=3, min_freq=2)
    >>> table.columns.tolist()
    ['node', 'collocate', 'count', 'collocate_count', 'score', 'measure']
    >>> bool(table["score"].is_monotonic_decreasing)
    True
    """
    require_columns(toks, ["doc_id", "position", "token"], "collocations(): toks",
                    "pass the tidy token frame from framings.tokens()")
    if measure not in _COLLOCATION_MEASURES:
        raise CorpusError(f"measure must be one of {list(_COLLOCATION_MEASURES)}, got {measure!r}.")
    if scoring not in COLLOCATION_SCORINGS:
        raise CorpusError(f"scoring must be one of {list(COLLOCATION_SCORINGS)}, got {scoring!r}.")
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 1:
        raise CorpusError(f"window must be a whole number >= 1, got {window!r}.")
    if not isinstance(node, str) or not node.strip():
        raise CorpusError(f"node must be a non-empty word, got {node!r}.")
    frame = toks.dropna(subset=["token"]).reset_index(drop=True)
    codes, vocab = factorize_str(frame["token"])
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
    para = paragraph_codes(frame)
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
    if scoring == "window":
        in_windows = np.unique(hit_rows)
        in_windows = in_windows[codes[in_windows] != node_code]
        cooc = np.bincount(codes[in_windows], minlength=len(vocab))
        keep = np.flatnonzero((cooc >= max(min_count, 1)) & (freq >= min_freq))
        score = association(cooc[keep].astype(float), float(len(in_windows)), freq[keep], float(len(frame)),
                            measure)
    else:
        cooc = np.bincount(codes[hit_rows], minlength=len(vocab))
        keep = np.flatnonzero((cooc >= max(min_count, 1)) & (freq >= min_freq))
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
