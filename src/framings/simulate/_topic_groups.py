"""A corpus whose topics come in planted groups: the known answer for frames as communities of topics (ANTMN)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._planted import invented_words

TOPIC_GROUP_COLUMNS = ["doc_id", "para_id", "framing", "position", "token"]


def topic_group_tokens(n_docs: int = 200, *, n_groups: int = 3, topics_per_group: int = 3,
                       words_per_topic: int = 30, words_per_doc: tuple[int, int] = (120, 240),
                       words_per_paragraph: int = 60, in_group: float = 0.9, concentration: float = 1.0,
                       random_state: int = 0) -> pd.DataFrame:
    """A tidy token frame drawn from topics that travel in planted groups (frames), with the answer in ``.attrs``.

    There are ``n_groups × topics_per_group`` topics; topic ``t`` belongs to group ``t // topics_per_group`` and
    draws uniformly from its own ``words_per_topic`` invented words (no word is shared by two topics). Document
    ``d`` belongs to group ``d mod n_groups`` (its ``framing`` is ``"frame-1"``, ``"frame-2"``, ...); its topic
    shares are ``in_group`` × Dirichlet(``concentration``) over its group's topics and ``1 − in_group`` ×
    Dirichlet(``concentration``) over the other topics, so topics of one group appear in the same documents.
    Every word draws its topic from the document's shares. The answer: a network of topics weighted by how they
    share documents should split into the planted groups.

    Parameters
    ----------
    n_docs : int, default 200
        Number of documents (at least ``n_groups``).
    n_groups : int, default 3
        Number of planted groups (frames), at least 2.
    topics_per_group : int, default 3
        Topics per group, at least 1.
    words_per_topic : int, default 30
        Words of each topic's own vocabulary.
    words_per_doc : tuple of int, default (120, 240)
        Range (inclusive) of words per document, drawn uniformly.
    words_per_paragraph : int, default 60
        Paragraph length (the last one shorter).
    in_group : float, default 0.9
        Share of a document's words that come from its own group's topics, in (0, 1].
    concentration : float, default 1.0
        Dirichlet concentration of the shares within and outside the group.
    random_state : int, default 0
        Seeds every draw.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, para_id, framing, position, token`` as :func:`framings.tokens` gives. ``.attrs``:
        ``topic_words`` (list of each planted topic's words), ``topic_group`` (the group of each planted topic,
        1-based), ``random_state``.

    Raises
    ------
    ValueError
        For fewer documents than groups, fewer than two groups, or ``in_group`` outside (0, 1].

    Examples
    --------
    >>> toks = topic_group_tokens(n_docs=6, random_state=1)
    >>> toks["doc_id"].nunique(), sorted(toks["framing"].unique()), toks.attrs["topic_group"]
    (6, ['frame-1', 'frame-2', 'frame-3'], [1, 1, 1, 2, 2, 2, 3, 3, 3])
    """
    if n_groups < 2 or topics_per_group < 1 or n_docs < n_groups:
        raise ValueError(f"topic_group_tokens(): n_docs={n_docs}, n_groups={n_groups}, topics_per_group="
                         f"{topics_per_group}: need two groups or more, a topic per group and a document per group")
    if not 0 < in_group <= 1:
        raise ValueError(f"topic_group_tokens(): in_group={in_group} must lie in (0, 1]")
    n_topics = n_groups * topics_per_group
    vocab = np.array(invented_words(n_topics * words_per_topic, random_state=random_state), dtype=object)
    topic_words = vocab.reshape(n_topics, words_per_topic)
    group_of_topic = np.arange(n_topics) // topics_per_group
    rng = np.random.default_rng(random_state)
    doc_ids, para_ids, framings, positions, words = [], [], [], [], []
    for d in range(n_docs):
        group = d % n_groups
        own = group_of_topic == group
        shares = np.zeros(n_topics)
        shares[own] = in_group * rng.dirichlet(np.full(int(own.sum()), concentration))
        if in_group < 1:
            shares[~own] = (1 - in_group) * rng.dirichlet(np.full(int((~own).sum()), concentration))
        n = int(rng.integers(words_per_doc[0], words_per_doc[1] + 1))
        topic = rng.choice(n_topics, size=n, p=shares / shares.sum())
        drawn = topic_words[topic, rng.integers(0, words_per_topic, size=n)]
        doc_id = f"doc-{d + 1:03d}"
        doc_ids.append(np.full(n, doc_id, dtype=object))
        para_ids.append(np.array([f"{doc_id}-p{p:03d}" for p in range(n // words_per_paragraph + 1)],
                                 dtype=object)[np.arange(n) // words_per_paragraph])
        framings.append(np.full(n, f"frame-{group + 1}", dtype=object))
        positions.append(np.arange(n, dtype=np.int32))
        words.append(drawn)
    toks = pd.DataFrame({
        "doc_id": pd.Categorical(np.concatenate(doc_ids)),
        "para_id": pd.Categorical(np.concatenate(para_ids)),
        "framing": pd.Categorical(np.concatenate(framings)),
        "position": np.concatenate(positions),
        "token": pd.Categorical(np.concatenate(words)),
    }, columns=TOPIC_GROUP_COLUMNS)
    toks.attrs.update({"topic_words": [list(map(str, row)) for row in topic_words],
                       "topic_group": [int(g) + 1 for g in group_of_topic], "random_state": random_state})
    return toks


def leaning_tokens(words: Sequence[str], frequencies: Sequence[float], lean: Sequence[float], n_docs: int = 200, *, shift: float = 1.0,
                   words_per_doc: tuple[int, int] = (120, 240), groups: tuple[str, str] = ("leaning", "neutral"),
                   random_state: int = 0) -> pd.DataFrame:
    """A corpus of real words in which half the documents lean one way on a known score: the FrameAxis known answer.

    Documents take the labels ``groups[0]`` and ``groups[1]`` in turn. A ``groups[1]`` document draws its words
    with probabilities proportional to ``frequencies``; a ``groups[0]`` document with probabilities proportional to
    ``frequencies × exp(shift × lean)``, so words with a high ``lean`` (e.g. their cosine with a semantic axis)
    are more frequent there. ``shift = 0`` gives the null twin: no document leans.

    Parameters
    ----------
    words : sequence of str
        The vocabulary.
    frequencies : sequence of float
        Each word's background weight (e.g. its count in a real corpus).
    lean : sequence of float
        Each word's score to lean on (NaN counts as 0).
    n_docs : int, default 200
        Number of documents.
    shift : float, default 1.0
        Strength of the lean.
    words_per_doc : tuple of int, default (120, 240)
        Range (inclusive) of words per document.
    groups : tuple of str, default ("leaning", "neutral")
        The two labels; the first leans.
    random_state : int, default 0
        Seeds every draw.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, para_id, framing, position, token`` (one paragraph per document).

    Raises
    ------
    ValueError
        When the three sequences differ in length, are empty, or a frequency is negative.

    Examples
    --------
    >>> toks = leaning_tokens(["calm", "war"], [1, 1], [1.0, -1.0], n_docs=4, shift=2.0, random_state=1)
    >>> shares = toks.groupby("framing", observed=True)["token"].apply(lambda t: (t == "calm").mean())
    >>> bool(shares["leaning"] > shares["neutral"])
    True
    """
    words = np.asarray(list(words), dtype=object)
    base = np.asarray(frequencies, dtype=np.float64)
    lean = np.nan_to_num(np.asarray(lean, dtype=np.float64))
    if not (len(words) == len(base) == len(lean)) or len(words) == 0 or (base < 0).any() or not base.sum() > 0:
        raise ValueError("leaning_tokens(): words, frequencies and lean need the same non-zero length and "
                         "non-negative frequencies")
    neutral = base / base.sum()
    leaning = base * np.exp(shift * lean)
    leaning /= leaning.sum()
    rng = np.random.default_rng(random_state)
    rows = []
    for d in range(n_docs):
        label = groups[d % 2]
        n = int(rng.integers(words_per_doc[0], words_per_doc[1] + 1))
        drawn = words[rng.choice(len(words), size=n, p=leaning if d % 2 == 0 else neutral)]
        doc_id = f"{label}-{d + 1:03d}"
        rows.append(pd.DataFrame({"doc_id": doc_id, "para_id": f"{doc_id}-p000", "framing": label,
                                  "position": np.arange(n, dtype=np.int32), "token": drawn}))
    toks = pd.concat(rows, ignore_index=True)
    for column in ("doc_id", "para_id", "framing", "token"):
        toks[column] = toks[column].astype("category")
    toks.attrs.update({"shift": float(shift), "leaning_group": groups[0], "random_state": random_state})
    return toks


def planted_topic_of(topic_term: np.ndarray, vocabulary: Sequence[str], topic_words: list) -> np.ndarray:
    """For each fitted topic, the planted topic whose words carry most of its probability.

    Parameters
    ----------
    topic_term : numpy.ndarray
        ``k × V`` p(w | t) of a fitted model (``model.topic_term``).
    vocabulary : array-like
        The model's terms, in column order (``model.dtm.vocabulary``).
    topic_words : list of list of str
        ``.attrs["topic_words"]`` of :func:`topic_group_tokens`.

    Returns
    -------
    numpy.ndarray
        The planted topic (0-based) of each fitted topic.

    Examples
    --------
    >>> import numpy as np
    >>> planted_topic_of(np.array([[0.1, 0.9], [0.8, 0.2]]), ["a", "b"], [["a"], ["b"]]).tolist()
    [1, 0]
    """
    position = {term: i for i, term in enumerate(vocabulary)}
    mass = np.stack([np.asarray(topic_term)[:, [position[w] for w in words if w in position]].sum(axis=1)
                     for words in topic_words], axis=1)
    return mass.argmax(axis=1)
