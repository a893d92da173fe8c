"""Microframes on semantic axes (FrameAxis; Kwak, An, Jing & Ahn 2021): bias and intensity of each document on
axes between antonym poles, judged against bootstrap samples of the corpus' own words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .._check import require_columns
from ..errors import CorpusError
from ._embeddings import WordVectors, resolve_embeddings

AXIS_COLUMNS = ["axis", "pole", "word", "has_vector"]
AXES_SCORE_COLUMNS = ["group", "axis", "bias", "intensity", "bias_null_mean", "bias_null_low", "bias_null_high",
                      "bias_effect", "bias_p", "intensity_null_mean", "intensity_null_low", "intensity_null_high",
                      "intensity_effect", "intensity_p", "n_tokens", "words_plus", "words_minus"]
CONTRIBUTION_COLUMNS = ["group", "axis", "word", "count", "cosine", "contribution"]

#: The starter axes shipped with framings (``framings/resources/axes-starter.yaml``).
STARTER_AXES = "axes-starter.yaml"


def load_axes(axes: str | Path | Mapping | None = None) -> dict:
    """Microframe axes as ``{name: {"plus": [...], "minus": [...]}}``, from YAML or a dict; the starter set by default.

    The YAML has a mapping ``axes:`` of axis name → ``plus:`` and ``minus:`` word lists (see the starter file,
    ``framings/resources/axes-starter.yaml``, for the format and the source of its word lists).

    Parameters
    ----------
    axes : str, pathlib.Path, dict or None
        A YAML file, a dict (with or without the top-level ``axes`` key), or None for the starter axes.

    Returns
    -------
    dict
        Axis name → ``{"plus": list of str, "minus": list of str}``, lower-cased, in file order.

    Raises
    ------
    CorpusError
        A missing file, YAML that is not a mapping of axes, or an axis without two non-empty poles.

    Examples
    --------
    >>> axes = fr.frames.load_axes()
    >>> axes["security"]["plus"][:2], axes["security"]["minus"][:2]
    (['safe', 'secure'], ['dangerous', 'unsafe'])
    >>> fr.frames.load_axes({"risk": {"plus": ["Safe"], "minus": ["risky"]}})
    {'risk': {'plus': ['safe'], 'minus': ['risky']}}
    """
    if axes is None:
        text = resources.files("framings").joinpath("resources", STARTER_AXES).read_text(encoding="utf-8")
        data, where = yaml.safe_load(text), STARTER_AXES
    elif isinstance(axes, Mapping):
        data, where = dict(axes), "the axes"
    else:
        path = Path(axes)
        if not path.is_file():
            raise CorpusError(f"load_axes: no axes file {path}; write one like framings/resources/{STARTER_AXES}.")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as err:
            raise CorpusError(f"load_axes: {path} is not valid YAML ({err}).") from None
        where = str(path)
    if isinstance(data, Mapping) and "axes" in data:
        data = data["axes"]
    if not isinstance(data, Mapping) or not data:
        raise CorpusError(f"load_axes: {where} must map axis names to plus/minus word lists.")
    out = {}
    for name, poles in data.items():
        if not isinstance(poles, Mapping) or set(poles) - {"plus", "minus", "note"}:
            raise CorpusError(f"load_axes: axis {name!r} in {where} needs exactly 'plus' and 'minus' word lists.")
        lists = {}
        for pole in ("plus", "minus"):
            words = poles.get(pole)
            if isinstance(words, str):
                words = [words]
            if not words or not all(isinstance(w, str) and w.strip() for w in words):
                raise CorpusError(f"load_axes: axis {name!r} in {where}: '{pole}' must be a non-empty list of words.")
            lists[pole] = [w.strip().lower() for w in words]
        if set(lists["plus"]) & set(lists["minus"]):
            raise CorpusError(f"load_axes: axis {name!r} in {where} has a word in both poles.")
        out[str(name)] = lists
    return out


def axis_vectors(axes: str | Path | Mapping | None, embeddings: str | WordVectors | Mapping = "wordllama") -> tuple[dict, pd.DataFrame]:
    """(axis name → axis vector, table of pole words and whether they have a vector).

    The axis vector is the mean of the ``plus`` pole's word vectors minus the mean of the ``minus`` pole's
    (SemAxis, An, Kwak & Ahn 2018, eq. 1; FrameAxis, Kwak et al. 2021, eq. 1). Pole words without a vector are
    left out and listed.

    Parameters
    ----------
    axes : str, pathlib.Path, dict or None
        As :func:`load_axes` takes.
    embeddings : str, WordVectors or dict, default "wordllama"
        The word vectors.

    Returns
    -------
    tuple
        ``(dict of numpy.ndarray, pandas.DataFrame of axis, pole, word, has_vector)``.

    Raises
    ------
    CorpusError
        When no word of a pole has a vector (or the axes or vectors cannot be read).

    Examples
    --------
    >>> toy = {"good": [1.0, 0.0], "bad": [-1.0, 0.0], "nice": [1.0, 1.0]}
    >>> vectors, words = fr.frames.axis_vectors({"value": {"plus": ["good", "nice"], "minus": ["bad"]}}, toy)
    >>> vectors["value"].tolist()
    [2.0, 0.5]
    """
    axes = load_axes(axes)
    vectors = resolve_embeddings(embeddings)
    out, rows = {}, []
    for name, poles in axes.items():
        means = {}
        for pole in ("plus", "minus"):
            matrix, found = vectors.vectors(poles[pole])
            rows += [(name, pole, word, bool(has)) for word, has in zip(poles[pole], found)]
            if not found.any():
                raise CorpusError(f"axis_vectors: no word of the {pole!r} pole of axis {name!r} has a vector in "
                                  f"{vectors.name}; choose other pole words.")
            means[pole] = matrix[found].mean(axis=0)
        out[name] = means["plus"] - means["minus"]
    return out, pd.DataFrame(rows, columns=AXIS_COLUMNS)


def expand_poles(axes: str | Path | Mapping | None, words: Iterable[str], embeddings: str | WordVectors | Mapping =
                 "wordllama", *, n: int = 5) -> dict:
    """Widen each pole with the ``n`` candidate words nearest its centroid (SemAxis pole expansion).

    An, Kwak & Ahn (2018, ACL, "SemAxis") make an axis less dependent on one word's quirks by adding to each pole the
    words nearest it in the embedding. Here the candidates are ``words`` (typically the corpus' own vocabulary), the
    distance is the cosine with the mean vector of the pole's words, a candidate already in either pole is skipped,
    and a candidate goes to a pole only if it is nearer that pole's centroid than the other's.

    Parameters
    ----------
    axes : str, pathlib.Path, dict or None
        As :func:`load_axes` takes; None: the starter axes.
    words : iterable of str
        Candidate words.
    embeddings : str, WordVectors or dict, default "wordllama"
        The word vectors.
    n : int, default 5
        Words added to each pole (at most).

    Returns
    -------
    dict
        The axes with longer pole lists (the added words after the original ones).

    Raises
    ------
    CorpusError
        For ``n`` < 0, or a pole without any word that has a vector.

    Examples
    --------
    >>> toy = {"good": [1.0, 0.1], "bad": [-1.0, 0.1], "fine": [0.9, 0.3], "awful": [-0.8, 0.2], "tea": [0.0, 1.0]}
    >>> fr.frames.expand_poles({"v": {"plus": ["good"], "minus": ["bad"]}}, ["fine", "awful", "tea"], toy, n=1)
    {'v': {'plus': ['good', 'fine'], 'minus': ['bad', 'awful']}}
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise CorpusError(f"expand_poles: n={n!r} must be a non-negative integer.")
    axes = load_axes(axes)
    vectors = resolve_embeddings(embeddings)
    candidates = list(dict.fromkeys(str(w) for w in words))
    matrix, found = vectors.vectors(candidates)
    candidates = [w for w, has in zip(candidates, found) if has]
    unit = matrix[found] / np.maximum(np.linalg.norm(matrix[found], axis=1, keepdims=True), 1e-12)
    out = {}
    for name, poles in axes.items():
        centroids = {}
        for pole in ("plus", "minus"):
            pole_matrix, pole_found = vectors.vectors(poles[pole])
            if not pole_found.any():
                raise CorpusError(f"expand_poles: no word of the {pole!r} pole of axis {name!r} has a vector.")
            centre = pole_matrix[pole_found].mean(axis=0)
            centroids[pole] = centre / max(np.linalg.norm(centre), 1e-12)
        taken = set(poles["plus"]) | set(poles["minus"])
        similarity = {pole: unit @ centre for pole, centre in centroids.items()}
        widened = {}
        for pole, other in (("plus", "minus"), ("minus", "plus")):
            order = np.argsort(-similarity[pole], kind="stable")
            nearer = [candidates[i] for i in order
                      if candidates[i] not in taken and similarity[pole][i] > similarity[other][i]]
            widened[pole] = poles[pole] + nearer[:n]
        out[name] = widened
    return out


def _cosines(vectors: np.ndarray, axes: dict) -> np.ndarray:
    """``n_axes × n_words`` cosine of every word vector with every axis vector."""
    axis_matrix = np.stack(list(axes.values()))
    axis_matrix = axis_matrix / np.linalg.norm(axis_matrix, axis=1, keepdims=True)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return axis_matrix @ (vectors / norms).T


def word_axis_cosines(words: Iterable[str], axes: str | Path | Mapping | None = None, embeddings: str | WordVectors | Mapping = "wordllama"
                      ) -> pd.DataFrame:
    """Where words sit on each axis: the cosine ``c_w`` of each word's vector with each axis vector.

    Parameters
    ----------
    words : iterable of str
        The words (duplicates are kept, in order).
    axes : str, pathlib.Path, dict or None
        As :func:`load_axes` takes; None: the starter axes.
    embeddings : str, WordVectors or dict, default "wordllama"
        The word vectors.

    Returns
    -------
    pandas.DataFrame
        ``word`` and one column per axis (NaN for a word without a vector).

    Examples
    --------
    >>> toy = {"good": [1.0, 0.0], "bad": [-1.0, 0.0], "rain": [3.0, 4.0]}
    >>> table = fr.frames.word_axis_cosines(["rain", "snow"], {"v": {"plus": ["good"], "minus": ["bad"]}}, toy)
    >>> table["v"].round(2).tolist()
    [0.6, nan]
    """
    vectors = resolve_embeddings(embeddings)
    axis_vecs, _ = axis_vectors(axes, vectors)
    words = [str(w) for w in words]
    matrix, found = vectors.vectors(words)
    cos = _cosines(matrix, axis_vecs)
    cos[:, ~found] = np.nan
    out = pd.DataFrame({"word": words})
    for a, axis in enumerate(axis_vecs):
        out[axis] = cos[a]
    return out


def _counts(toks: pd.DataFrame, by: str, what: str):
    require_columns(toks, [by, "token"], f"{what}: the token frame", "pass the output of framings.tokens()")
    toks = toks[toks["token"].notna()]
    if not len(toks):
        raise CorpusError(f"{what}: the token frame has no tokens.")
    groups, group_codes = pd.factorize(toks[by].astype(str), sort=True)
    words, word_codes = pd.factorize(toks["token"].astype(str), sort=True)
    return groups, list(group_codes), words, list(word_codes)


def axis_word_contributions(toks: pd.DataFrame, axes: str | Path | Mapping | None = None, embeddings: str | WordVectors | Mapping = "wordllama", *,
                            by: str = "doc_id"
                            ) -> pd.DataFrame:
    """Which words drive each group's bias away from the corpus: ``(f_w / Σf − p_w) · c_w`` per word and axis.

    ``c_w`` is the cosine of word ``w`` with the axis (Kwak et al. 2021, eq. 2), ``f_w`` its count in the group,
    ``p_w`` its share of the corpus' tokens. Summed over all the corpus' words the contributions equal the group's
    bias minus the corpus' bias (``B_corpus = Σ_w p_w c_w``); the table lists the group's own words (a word the
    group never uses pulls only by its absence). Positive words pull the group towards the ``plus`` pole relative
    to the corpus, negative ones towards ``minus``. Only words with a vector count.

    Parameters
    ----------
    toks : pandas.DataFrame
        Token frame (``token`` and the ``by`` column).
    axes : str, pathlib.Path, dict or None
        As :func:`load_axes` takes; None: the starter axes.
    embeddings : str, WordVectors or dict, default "wordllama"
        The word vectors.
    by : str, default "doc_id"
        The grouping column.

    Returns
    -------
    pandas.DataFrame
        ``group, axis, word, count, cosine, contribution`` for every word of every group, largest absolute
        contribution first within a group and axis.

    Examples
    --------
    >>> import pandas as pd
    >>> toy = {"good": [1.0, 0.0], "bad": [-1.0, 0.0], "fine": [1.0, 0.2], "ugly": [-1.0, 0.3]}
    >>> toks = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "token": ["fine", "fine", "ugly", "fine"]})
    >>> table = fr.frames.axis_word_contributions(toks, {"v": {"plus": ["good"], "minus": ["bad"]}}, toy)
    >>> table.groupby("group")["contribution"].sum().round(3).tolist()
    [0.245, -0.485]
    """
    vectors = resolve_embeddings(embeddings)
    axis_vecs, _ = axis_vectors(axes, vectors)
    groups, group_names, words, vocabulary = _counts(toks, by, "axis_word_contributions")
    matrix, found = vectors.vectors(vocabulary)
    keep = found[words]
    counts = np.zeros((len(group_names), len(vocabulary)))
    np.add.at(counts, (groups[keep], words[keep]), 1)
    cos = _cosines(matrix, axis_vecs)
    corpus_share = counts.sum(axis=0) / counts.sum()
    frames = []
    for g, name in enumerate(group_names):
        total = counts[g].sum()
        present = np.flatnonzero(counts[g])
        if not total:
            continue
        for a, axis in enumerate(axis_vecs):
            contribution = (counts[g] / total - corpus_share) * cos[a]
            # words of the corpus absent from the group pull too (by their absence): keep the group's own words
            order = present[np.argsort(-np.abs(contribution[present]), kind="stable")]
            frames.append(pd.DataFrame({"group": name, "axis": axis, "word": np.asarray(vocabulary, dtype=object)[order],
                                        "count": counts[g, order].astype(int), "cosine": cos[a, order],
                                        "contribution": contribution[order]}))
    return pd.concat(frames, ignore_index=True)[CONTRIBUTION_COLUMNS]


#: Null values held at once per score: ``n_boot × groups`` of one axis, the groups taken in blocks of this many numbers.
_NULL_BLOCK = 2_000_000
#: Bootstrap draws (word codes) kept between the passes over axes when ``n_boot × longest group`` fits; beyond it
#: each pass draws them again from the seed's saved state (the same draws, more time).
_DRAW_BUDGET = 16_000_000
#: Bootstrap rows drawn at once: near this many word codes whatever the longest group.
_ROW_BLOCK = 4_000_000


def _bootstrap_summaries(token_words: np.ndarray, cos: np.ndarray, squared: np.ndarray, sizes: np.ndarray,
                         bias: np.ndarray, intensity: np.ndarray, n_boot: int, level: float,
                         rng: np.random.Generator) -> np.ndarray:
    """Each group's null summary per axis (``groups × axes × 10``: bias then intensity, each null mean, low, high,
    effect, p) from bootstrap samples of the group's size drawn from the corpus' tokens.

    One ``n_boot × max(sizes)`` draw of tokens with replacement serves every group: a group of ``n`` tokens takes
    the first ``n`` of each row (a running sum), so each group's null is the paper's bootstrap while the work does
    not grow with the number of groups; the nulls of two groups share draws and are not independent of each other.
    Only one axis and one block of groups of the null is held at a time (``n_boot × groups × axes`` numbers twice
    was 384 MB at 2,000 documents); every pass uses the same draws in the same order, so the result does not depend
    on the blocks.
    """
    n_groups, n_axes = len(sizes), cos.shape[0]
    summary = np.full((n_groups, n_axes, 10), np.nan)
    has_tokens = np.flatnonzero(sizes > 0)
    longest = int(sizes.max())
    row_block = max(1, _ROW_BLOCK // max(longest, 1))
    start = rng.bit_generator.state
    kept = [] if n_boot * longest <= _DRAW_BUDGET else None
    code_type = np.int32 if len(cos[0]) < 2**31 else np.int64

    def draws():
        if kept:
            yield from kept
            return
        rng.bit_generator.state = start
        for first in range(0, n_boot, row_block):
            rows = min(row_block, n_boot - first)
            drawn = token_words[rng.integers(0, len(token_words), size=(rows, longest))].astype(code_type)
            if kept is not None:
                kept.append((first, drawn))
            yield first, drawn

    tail = (1 - level) / 2
    per_block = max(1, _NULL_BLOCK // n_boot)
    for a in range(n_axes):
        for block_start in range(0, len(has_tokens), per_block):
            block = has_tokens[block_start:block_start + per_block]
            block_sizes = sizes[block]
            width = int(block_sizes.max())
            nulls = (np.empty((n_boot, len(block))), np.empty((n_boot, len(block))))
            for first, drawn in draws():
                # a running sum is sequential, so the first `width` columns give the same sums as the whole row
                for values, store in ((cos[a], nulls[0]), (squared[a], nulls[1])):
                    running = np.cumsum(values[drawn[:, :width]], axis=1)
                    store[first:first + len(drawn)] = running[:, block_sizes - 1] / block_sizes
            # the quantiles of every group of the block in one call (the same values as group by group: a quantile
            # interpolates between two order statistics, nothing is summed); a call per group was half the time
            bounds = [np.quantile(null, [tail, 1 - tail], axis=0) for null in nulls]
            for j, g in enumerate(block):
                for (offset, observed, null), (low, high) in zip(
                        ((0, bias[g, a], nulls[0][:, j]), (5, intensity[g, a], nulls[1][:, j])),
                        ((bounds[0][0, j], bounds[0][1, j]), (bounds[1][0, j], bounds[1][1, j]))):
                    centre = null.mean()
                    extreme = np.abs(null - centre) >= abs(observed - centre) - 1e-12
                    summary[g, a, offset:offset + 5] = (centre, low, high, observed - centre,
                                                        (1 + int(extreme.sum())) / (n_boot + 1))
    return summary


def frame_axes(toks: pd.DataFrame, axes: str | Path | Mapping | None = None, embeddings: str | WordVectors | Mapping = "wordllama", *, by: str = "doc_id",
               n_boot: int = 1000,
               level: float = 0.95, random_state: int = 0, n_words: int = 5) -> pd.DataFrame:
    """FrameAxis: each group's bias and intensity on each microframe, against bootstrap samples of random words.

    Kwak, An, Jing & Ahn (2021, *PeerJ Computer Science* 7:e644), from the reference implementation's formulas:

    - axis vector ``v_f`` = mean of the ``plus`` pole's vectors − mean of the ``minus`` pole's (:func:`axis_vectors`);
    - word contribution ``c_w = cos(v_w, v_f)``;
    - **bias** of a group ``t``: ``B_t = Σ_w f_w c_w / Σ_w f_w`` (``f_w`` the word's count in the group): the
      frequency-weighted mean position of its words on the axis, > 0 towards ``plus``;
    - **intensity**: ``I_t = Σ_w f_w (c_w − B_corpus)² / Σ_w f_w``, the second moment around the corpus' bias
      ``B_corpus`` (the bias of all the corpus' tokens together): how far from the corpus' usual position the
      group's words sit, in either direction.

    Significance as in the paper: ``n_boot`` bootstrap samples of as many tokens as the group has, drawn with
    replacement from all the corpus' tokens (with vectors), give the null distribution of each score; the
    ``effect`` is the observed score minus the null mean, and ``p`` the two-sided bootstrap p-value
    ``(1 + #{|null − null mean| ≥ |observed − null mean|}) / (n_boot + 1)``. (The samples of all groups are
    prefixes of the same ``n_boot`` draws, so the nulls of two groups are not independent.) Only tokens whose word has a vector
    count; ``words_plus``/``words_minus`` name the words that pull the group most towards each pole relative to
    the corpus (:func:`axis_word_contributions`).

    Parameters
    ----------
    toks : pandas.DataFrame
        Token frame (``token`` and the ``by`` column), e.g. :func:`framings.tokens`.
    axes : str, pathlib.Path, dict or None
        Microframe axes (:func:`load_axes`); None: the starter axes shipped with framings.
    embeddings : str, WordVectors or dict, default "wordllama"
        Word vectors: ``"wordllama"``, ``"glove-6b-50d"`` (optional extra ``framings[embeddings]``), your own
        :class:`WordVectors` or a dict word → vector.
    by : str, default "doc_id"
        The grouping column (a document, a paragraph, a framing label ...).
    n_boot : int, default 1000
        Bootstrap samples of the null (the paper uses 1,000).
    level : float, default 0.95
        Coverage of the null interval (``*_null_low``, ``*_null_high``).
    random_state : int, default 0
        Seed of the bootstrap.
    n_words : int, default 5
        Words listed in ``words_plus`` and ``words_minus``.

    Returns
    -------
    pandas.DataFrame
        ``group, axis, bias, intensity, bias_null_mean, bias_null_low, bias_null_high, bias_effect, bias_p,
        intensity_null_mean, intensity_null_low, intensity_null_high, intensity_effect, intensity_p, n_tokens,
        words_plus, words_minus``; ``.attrs``: ``corpus_bias`` (axis → B_corpus), ``embeddings``, ``n_boot``,
        ``coverage`` (share of tokens with a vector), ``pole_words`` (the table of :func:`axis_vectors`).

    Raises
    ------
    CorpusError
        For ``level`` outside (0, 1), ``n_boot`` < 1, a token frame without ``token`` or ``by``, or a corpus
        without any word that has a vector.

    Examples
    --------
    >>> import pandas as pd
    >>> toy = {"good": [1.0, 0.0], "bad": [-1.0, 0.0], "fine": [1.0, 0.2], "ugly": [-1.0, 0.3]}
    >>> toks = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "token": ["fine", "fine", "ugly", "fine"]})
    >>> scores = fr.frame_axes(toks, {"v": {"plus": ["good"], "minus": ["bad"]}}, toy, n_boot=99)
    >>> scores[["group", "bias", "intensity"]].round(3).values.tolist()
    [['a', 0.981, 0.235], ['b', 0.011, 1.174]]
    """
    if not 0 < level < 1:
        raise CorpusError(f"frame_axes: level={level} must lie in (0, 1).")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise CorpusError(f"frame_axes: n_boot={n_boot!r} must be a positive integer.")
    axes = load_axes(axes)
    vectors = resolve_embeddings(embeddings)
    axis_vecs, pole_words = axis_vectors(axes, vectors)
    groups, group_names, words, vocabulary = _counts(toks, by, "frame_axes")
    matrix, found = vectors.vectors(vocabulary)
    keep = found[words]
    if not keep.any():
        raise CorpusError(f"frame_axes: no token of the corpus has a vector in {vectors.name}.")
    cos = _cosines(matrix, axis_vecs)  # axes × vocabulary
    token_words = words[keep]
    token_groups = groups[keep]
    counts = np.zeros((len(group_names), len(vocabulary)))
    np.add.at(counts, (token_groups, token_words), 1)
    totals = counts.sum(axis=1)
    corpus_bias = cos[:, token_words].mean(axis=1)  # the bias of all the corpus' tokens together
    squared = (cos - corpus_bias[:, None]) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        bias = (counts @ cos.T) / totals[:, None]
        intensity = (counts @ squared.T) / totals[:, None]
    corpus_share = counts.sum(axis=0) / counts.sum()
    vocabulary = np.asarray(vocabulary, dtype=object)
    summary = _bootstrap_summaries(token_words, cos, squared, totals.astype(np.int64), bias, intensity, n_boot, level,
                                   np.random.default_rng(random_state))
    rows = []
    for g, name in enumerate(group_names):
        n = int(totals[g])
        if n == 0:
            for axis in axis_vecs:
                rows.append((name, axis) + (np.nan,) * 12 + (0, "", ""))
            continue
        present = np.flatnonzero(counts[g])
        for a, axis in enumerate(axis_vecs):
            # the words that pull the group from the corpus' position (axis_word_contributions, the group's own words)
            pull = (counts[g, present] / n - corpus_share[present]) * cos[a, present]
            order = np.argsort(-np.abs(pull), kind="stable")
            plus = vocabulary[present[order[pull[order] > 0]]][:n_words]
            minus = vocabulary[present[order[pull[order] < 0]]][:n_words]
            rows.append((name, axis, float(bias[g, a]), float(intensity[g, a]), *map(float, summary[g, a]),
                         n, ", ".join(plus), ", ".join(minus)))
    out = pd.DataFrame(rows, columns=AXES_SCORE_COLUMNS)
    out.attrs.update({"corpus_bias": dict(zip(axis_vecs, map(float, corpus_bias))), "embeddings": vectors.name,
                      "n_boot": int(n_boot), "coverage": float(keep.mean()), "pole_words": pole_words,
                      "by": by})
    return out

