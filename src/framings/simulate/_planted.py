"""Simulated corpora with known structure, for tests, benchmarks and teaching."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np
import pandas as pd
import yaml

from .._check import require_columns

if TYPE_CHECKING:
    from pathlib import Path


# Neutral labels: no corpus' framings. In sorted order a label's index picks the topics it favours.
FRAMINGS = {"doc-a": "frame-a", "doc-b": "frame-a", "doc-c": "frame-c", "doc-d": "frame-b", "doc-e": "frame-b"}


N_PARAS = {"doc-a": 70, "doc-b": 65, "doc-c": 45, "doc-d": 35, "doc-e": 15}  # 230 paragraphs


def lda_tokens(random_state: int = 0, n_topics: int = 6, vocab_size: int = 1500) -> pd.DataFrame:
    """Tidy token frame drawn from an LDA-like generative model: 230 paragraphs, 5 docs, 3 framings.

    Each framing favours its own topics (Dirichlet α = 2.3 on them, 0.3 elsewhere); word
    distributions are Zipf-shaped permutations of one vocabulary. Deterministic for ``random_state``.

    Parameters
    ----------
    random_state : int, default 0
        Seeds every random draw.
    n_topics : int, default 6
        Number of generating topics.
    vocab_size : int, default 1500
        Size of the vocabulary (``term0006`` … plus six real words).

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id, para_id, framing, position, token`` (categoricals but ``position``),
        as :func:`framings.tokens` returns.

    Examples
    --------
    >>> from framings.simulate import lda_tokens
    >>> toks = lda_tokens(random_state=1, vocab_size=300)
    >>> toks["para_id"].nunique(), sorted(toks["framing"].unique())
    (230, ['frame-a', 'frame-b', 'frame-c'])
    >>> toks.equals(lda_tokens(random_state=1, vocab_size=300))
    True
    """
    rng = np.random.default_rng(random_state)
    vocab = np.array([f"term{i:04d}" for i in range(vocab_size)], dtype=object)
    vocab[:6] = ["sovereignty", "energy", "security", "agreement", "regime", "pipeline"]
    zipf = 1.0 / np.arange(1, vocab_size + 1) ** 1.1
    cdf = np.cumsum(np.stack([zipf[rng.permutation(vocab_size)] for _ in range(n_topics)]), axis=1)
    cdf /= cdf[:, -1:]
    frames = sorted(set(FRAMINGS.values()))
    rows = []
    for doc_id, n_par in N_PARAS.items():
        f = frames.index(FRAMINGS[doc_id])
        alpha = 0.3 + 2.0 * (np.arange(n_topics) % len(frames) == f)
        pos = 0
        for p in range(n_par):
            n_tok = int(rng.integers(15, 80))
            z = rng.choice(n_topics, size=n_tok, p=rng.dirichlet(alpha))
            w = np.array([np.searchsorted(cdf[t], u) for t, u in zip(z, rng.random(n_tok))])
            for word in vocab[np.minimum(w, vocab_size - 1)]:
                rows.append((doc_id, f"{doc_id}-p{p:03d}", FRAMINGS[doc_id], pos, word))
                pos += 1
    df = pd.DataFrame(rows, columns=["doc_id", "para_id", "framing", "position", "token"])
    for c in ("doc_id", "para_id", "framing", "token"):
        df[c] = df[c].astype("category")
    return df


# --------------------------------------------------------------------------
# a whole corpus folder in invented words, for running the notebooks on a corpus that shares nothing with the
# shipped one (tests/test_second_corpus.py)
# --------------------------------------------------------------------------
_SYLLABLES = ("zo", "qua", "vek", "lim", "dra", "nu", "pix", "tor", "mav", "sel", "kri", "bo", "fen", "jul",
              "wog", "xi", "ruk", "pla", "yem", "tsa")


def invented_words(n: int, random_state: int = 0, syllables: tuple[int, int] = (2, 3)) -> list[str]:
    """``n`` distinct lower-case pseudo-words built from invented syllables ("zoquavek", "nupix", ...).

    The syllables were chosen so that their combinations are not English words; deterministic for ``random_state``.

    Parameters
    ----------
    n : int
        Number of words.
    random_state : int, default 0
        Seeds the draw.
    syllables : tuple of int, default (2, 3)
        Range (inclusive) of syllables per word.

    Returns
    -------
    list of str
        ``n`` distinct words.

    Examples
    --------
    >>> words = invented_words(3, random_state=1)
    >>> len(set(words)), words == invented_words(3, random_state=1)
    (3, True)
    """
    rng = np.random.default_rng(random_state)
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < n:
        k = int(rng.integers(syllables[0], syllables[1] + 1))
        word = "".join(_SYLLABLES[i] for i in rng.integers(0, len(_SYLLABLES), size=k))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def write_corpus_folder(path: Path | str, n_docs: int = 12, labels: tuple[str, ...] = ("red", "blue"),
                        random_state: int = 0, paragraphs: tuple[int, int] = (6, 14),
                        words_per_paragraph: tuple[int, int] = (30, 90), vocab_size: int = 600,
                        n_topics: int = 4) -> Path:
    """Write a complete corpus folder in invented words: ``metadata.csv``, ``raw/``, ``rules/`` and ``lexicons/``.

    Parameters
    ----------
    path : Path | str
        Folder to write (created if missing).
    n_docs, labels : int, tuple of str
        Number of documents and their framing labels (at least two).
    random_state : int, default 0
        Seeds every random draw.
    paragraphs, words_per_paragraph : tuple[int, int]
        Ranges (inclusive) of body paragraphs per document and words per paragraph.
    vocab_size, n_topics : int
        Size of the shared invented vocabulary and number of generating topics.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ValueError
        Fewer than two labels, or fewer documents than labels.

    Notes
    -----

    Each document has a title line, a byline and ``paragraphs`` body paragraphs of sentences drawn from an
    LDA-like model: ``n_topics`` topics over an invented vocabulary, each label favouring its own topics
    (Dirichlet α = 2 on them, 0.3 elsewhere), and every document adding a few words of its own (an
    "author" vocabulary), so that documents differ by author as well as by label. Labels are assigned to
    documents in turn, so every label has at least ``n_docs // len(labels)`` documents.
    ``lexicons/frames.yaml`` has one frame per label whose terms are frequent words of that label's topics;
    ``lexicons/actors.yaml`` three invented actors. There is no ``precision-sample.csv``: no one has read these
    texts, so there is no precision to report. No word of the shipped corpus appears.
    Deterministic for ``random_state``; returns the folder's :class:`~pathlib.Path`.

    Examples
    --------
    >>> import tempfile, framings as fr
    >>> folder = write_corpus_folder(tempfile.mkdtemp(), n_docs=4, random_state=1)
    >>> corpus = fr.load_corpus(folder)
    >>> sorted(corpus["framing"].unique()), len(corpus)
    (['blue', 'red'], 4)
    """


    if len(labels) < 2 or n_docs < len(labels):
        raise ValueError("write_corpus_folder(): need at least two labels and one document per label")
    folder = Path(path)
    (folder / "raw").mkdir(parents=True, exist_ok=True)
    (folder / "rules").mkdir(exist_ok=True)
    (folder / "lexicons").mkdir(exist_ok=True)
    rng = np.random.default_rng(random_state)
    n_author = 8
    words = invented_words(vocab_size + n_docs * n_author + 3 * 2 + 2 * n_docs, random_state=random_state)
    vocab = np.array(words[:vocab_size], dtype=object)
    author_words = [words[vocab_size + d * n_author: vocab_size + (d + 1) * n_author] for d in range(n_docs)]
    rest = words[vocab_size + n_docs * n_author:]
    actor_names, person_names = rest[:6], rest[6:]
    zipf = 1.0 / np.arange(1, vocab_size + 1) ** 1.05
    topic_term = np.stack([zipf[rng.permutation(vocab_size)] for _ in range(n_topics)])
    topic_term /= topic_term.sum(axis=1, keepdims=True)
    favoured = {label: [t for t in range(n_topics) if t % len(labels) == i] for i, label in enumerate(labels)}
    rows = []
    for d in range(n_docs):
        label = labels[d % len(labels)]
        doc_id = f"{label}-{d + 1:02d}"
        alpha = np.full(n_topics, 0.3)
        alpha[favoured[label]] = 2.0
        lines = [" ".join(w.capitalize() for w in rng.choice(vocab[:60], size=4, replace=False)),
                 f"By {person_names[2 * d].capitalize()} {person_names[2 * d + 1].capitalize()}"]
        for _ in range(int(rng.integers(paragraphs[0], paragraphs[1] + 1))):
            theta = rng.dirichlet(alpha)
            n_words = int(rng.integers(words_per_paragraph[0], words_per_paragraph[1] + 1))
            topics = rng.choice(n_topics, size=n_words, p=theta)
            drawn = [vocab[rng.choice(vocab_size, p=topic_term[t])] for t in topics]
            for i in np.flatnonzero(rng.random(n_words) < 0.06):  # the author's own words
                drawn[i] = author_words[d][int(rng.integers(0, n_author))]
            for i in np.flatnonzero(rng.random(n_words) < 0.03):  # actors, named with a capital
                drawn[i] = actor_names[int(rng.integers(0, len(actor_names)))].capitalize()
            sentences, start = [], 0
            while start < n_words:
                stop = min(n_words, start + int(rng.integers(8, 16)))
                sentence = drawn[start:stop]
                sentences.append(" ".join([sentence[0][:1].upper() + sentence[0][1:], *sentence[1:]]) + ".")
                start = stop
            lines.append(" ".join(sentences))
        data = ("\n".join(lines) + "\n").encode("utf-8")
        (folder / "raw" / f"{doc_id}.txt").write_bytes(data)
        (folder / "rules" / f"{doc_id}.yaml").write_text("headings: false\n", encoding="utf-8")
        rows.append({"doc_id": doc_id, "file": f"{doc_id}.txt", "sha256": hashlib.sha256(data).hexdigest(),
                     "framing": label, "title": lines[0], "authors": lines[1][3:], "date": str(2001 + d),
                     "year": 2001 + d, "outlet": "", "kind": "simulated text", "url": "",
                     "label_basis": "assigned by framings.simulate.write_corpus_folder (labels in turn)",
                     "notes": f"generated with seed {random_state}"})
    pd.DataFrame(rows).to_csv(folder / "metadata.csv", index=False)
    frames = {}
    for label in labels:
        weight = topic_term[favoured[label]].sum(axis=0) - topic_term.mean(axis=0)
        terms = [str(vocab[i]) for i in np.argsort(-weight, kind="stable")[:8]]
        frames[label] = {"description": f"simulated frame of the label {label}",
                         "entries": [{"term": term, "rationale": "a frequent word of this label's topics"}
                                     for term in terms]}
    (folder / "lexicons" / "frames.yaml").write_text(
        "# Simulated frame lexicon (framings.simulate.write_corpus_folder)\n"
        + yaml.safe_dump({"frames": frames}, sort_keys=False, allow_unicode=True), encoding="utf-8")
    actors = {name: {"label": name.capitalize(), "names": [name]} for name in actor_names[:3]}
    (folder / "lexicons" / "actors.yaml").write_text(
        "# Simulated actors (framings.simulate.write_corpus_folder)\n"
        + yaml.safe_dump({"actors": actors}, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return folder


# --------------------------------------------------------------------------
# corpora with a planted framing: a known answer for keyness, log-odds, permutation tests, topics and lexicons
# (framings.knownanswer runs the methods on them)
# --------------------------------------------------------------------------
PLANTED_COLUMNS = ["doc_id", "para_id", "framing", "position", "token", "planted"]


def planted_tokens(n_docs: int = 40, *, planted: bool = True, n_planted: int = 8, extra_per_10k: float = 50.0,
                   planted_share: float = 1.0, words_per_doc: tuple[int, int] = (300, 700),
                   words_per_paragraph: int = 60, vocab_size: int = 1000, zipf_exponent: float = 1.05,
                   planted_ranks: tuple[int, int] = (40, 200), doc_concentration: float | None = None,
                   rate_cv: float = 0.0, burst_share: float | None = None,
                   term_profile: Sequence[float] | None = None,
                   groups: tuple[str, str] = ("planted", "other"), random_state: int = 0) -> pd.DataFrame:
    """A tidy token frame with a planted framing (``planted=True``) or the same corpus without it (``False``).

    Every document draws its words from one background vocabulary of ``vocab_size`` invented words with Zipf
    probabilities p(rank r) ∝ r^-``zipf_exponent``. Documents take the labels ``groups[0]`` and ``groups[1]``
    in turn. With ``planted=True`` each document of ``groups[0]`` that carries the framing (the first
    ``round(planted_share × size of the group)`` of them) also receives, for each of the ``n_planted`` planted
    terms, Binomial(background words, ``extra_per_10k`` / 10,000) *extra* occurrences inserted at random places:
    the planted terms occur there ``extra_per_10k`` times per 10,000 background words more than their background
    rate, which they keep everywhere. The planted terms are background words of Zipf rank within
    ``planted_ranks`` (mid-frequency words), so they exist in both groups and in the null corpus.

    ``planted=False`` gives the null corpus of the same ``random_state``: the same documents, labels and background
    words, only without the inserted occurrences — the groups differ by chance alone. The background, the
    choice of planted terms and the insertions use separate random streams, so the null corpus of a seed is
    exactly its planted corpus with the rows ``planted == True`` removed (and paragraphs re-cut).

    ``doc_concentration`` makes documents differ from one another as authors do: each document's word
    probabilities are Dirichlet(``doc_concentration`` × background) (a Dirichlet-multinomial; smaller is more
    different). None (default): every document draws from the background itself, so words are independent
    draws — the assumption of G² and log-odds. :func:`document_heterogeneity` estimates it from a real corpus.

    Three options make the planted framing look like a real one rather than a uniform signal. ``rate_cv``: each
    carrying document's planted rate is ``extra_per_10k`` times its own Gamma(1/cv², cv²) draw (mean 1,
    coefficient of variation ``rate_cv``), so that documents of one label use the framing more or less, as real
    ones do (:func:`own_frame_rates` measures it). ``burst_share``: a carrying document's insertions all fall in a
    random ``burst_share`` of its paragraphs (at least one), not anywhere, so that a framing comes in passages.
    ``term_profile``: the planted terms' strengths relative to one another (scaled to mean 1; term ``i`` gets
    ``extra_per_10k × profile_i``), e.g. the real lexicon's strongest terms' extra rates
    (:func:`lexicon_strength`).

    Parameters
    ----------
    n_docs : int, default 40
        Number of documents (at least 4; half of them, rounded up, in ``groups[0]``).
    planted : bool, default True
        Insert the planted framing (True) or give the null corpus (False).
    n_planted : int, default 8
        Number of planted terms.
    extra_per_10k : float, default 50.0
        Extra occurrences of each planted term per 10,000 background words in the documents that carry it.
    planted_share : float, default 1.0
        Share of the documents of ``groups[0]`` that carry the framing (0 < share <= 1).
    words_per_doc : tuple of int, default (300, 700)
        Range (inclusive) of background words per document, drawn uniformly.
    words_per_paragraph : int, default 60
        Paragraph length: each document's words are cut into paragraphs of this many (the last one shorter).
    vocab_size : int, default 1000
        Size of the background vocabulary.
    zipf_exponent : float, default 1.05
        Exponent of the Zipf background distribution.
    planted_ranks : tuple of int, default (40, 200)
        Zipf ranks (1 = most frequent, range inclusive) among which the planted terms are chosen.
    doc_concentration : float or None, default None
        Dirichlet concentration of each document's word distribution around the background; None: none.
    rate_cv : float, default 0.0
        Coefficient of variation of the carrying documents' planted rates (0: every one at ``extra_per_10k``).
    burst_share : float or None, default None
        Share of a carrying document's paragraphs (of ``words_per_paragraph`` background words) that receive its
        insertions; None: positions uniform over the whole document.
    term_profile : sequence of float or None, default None
        Relative strength of each planted term (``n_planted`` positive numbers, scaled to mean 1); None: equal.
    groups : tuple of str, default ("planted", "other")
        The two labels; the first carries the planted framing.
    random_state : int, default 0
        Seeds every draw.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, para_id, framing, position, token, planted`` (``planted``: the row is an inserted occurrence),
        one row per word in document and reading order, as :func:`framings.tokens` gives (categoricals, ``int32``
        positions). ``.attrs`` holds ``planted_terms`` (list), ``planted_group``, ``planted`` (bool),
        ``carrying_docs`` (the documents that carry the framing; empty for the null corpus), ``extra_per_10k``,
        ``doc_concentration``, ``rate_cv``, ``burst_share``, ``term_strengths`` (each planted term's mean extra
        rate), ``doc_rate_multipliers`` (each document's multiplier of the rate) and ``random_state``.

    Raises
    ------
    ValueError
        Fewer than 4 documents, two equal labels, a non-positive rate or share above 1, fewer words per
        document than 1, or planted ranks outside the vocabulary or narrower than ``n_planted``.

    Examples
    --------
    >>> toks = planted_tokens(n_docs=6, random_state=1)
    >>> toks.attrs["planted_group"], len(toks.attrs["planted_terms"])
    ('planted', 8)
    >>> bool(toks.loc[toks["planted"], "framing"].eq("planted").all())
    True
    >>> null = planted_tokens(n_docs=6, random_state=1, planted=False)
    >>> int(null["planted"].sum()), null["token"].tolist() == toks.loc[~toks["planted"], "token"].tolist()
    (0, True)
    """
    low_rank, high_rank = int(planted_ranks[0]), int(planted_ranks[1])
    if n_docs < 4:
        raise ValueError(f"planted_tokens(): n_docs={n_docs}; need at least 4 documents (two per group)")
    if len(groups) != 2 or groups[0] == groups[1]:
        raise ValueError(f"planted_tokens(): groups={groups!r}; give two different labels")
    if not extra_per_10k > 0 or not 0 < planted_share <= 1:
        raise ValueError(f"planted_tokens(): extra_per_10k={extra_per_10k} must be > 0 and planted_share="
                         f"{planted_share} in (0, 1]")
    if words_per_doc[0] < 1 or words_per_doc[1] < words_per_doc[0] or words_per_paragraph < 1:
        raise ValueError(f"planted_tokens(): words_per_doc={words_per_doc} and words_per_paragraph="
                         f"{words_per_paragraph} need 1 <= low <= high and a paragraph of at least one word")
    if not 1 <= low_rank <= high_rank <= vocab_size or high_rank - low_rank + 1 < n_planted or n_planted < 1:
        raise ValueError(f"planted_tokens(): planted_ranks={planted_ranks} must lie within 1..{vocab_size} and "
                         f"hold at least n_planted={n_planted} ranks")
    if doc_concentration is not None and not doc_concentration > 0:
        raise ValueError(f"planted_tokens(): doc_concentration={doc_concentration} must be > 0 or None")
    if not rate_cv >= 0 or (burst_share is not None and not 0 < burst_share <= 1):
        raise ValueError(f"planted_tokens(): rate_cv={rate_cv} must be >= 0 and burst_share={burst_share} in (0, 1]")
    profile = np.ones(n_planted) if term_profile is None else np.asarray(term_profile, dtype=float).reshape(-1)
    if profile.size != n_planted or not (profile > 0).all():
        raise ValueError(f"planted_tokens(): term_profile needs n_planted={n_planted} positive numbers")
    profile = profile / profile.mean()
    vocab = np.array(invented_words(vocab_size, random_state=0), dtype=object)  # rank order: vocab[0] most frequent
    background = 1.0 / np.arange(1, vocab_size + 1) ** zipf_exponent
    background /= background.sum()
    rng_background = np.random.default_rng([random_state, 0])
    rng_plant = np.random.default_rng([random_state, 1])
    rng_terms = np.random.default_rng([random_state, 2])
    # separate streams: the spread of rates and the bursts never shift the background or the other draws
    rng_spread = np.random.default_rng([random_state, 3])
    rng_burst = np.random.default_rng([random_state, 4])
    planted_idx = np.sort(rng_terms.choice(np.arange(low_rank - 1, high_rank), size=n_planted, replace=False))
    planted_terms = [str(vocab[i]) for i in planted_idx]
    labels = [groups[d % 2] for d in range(n_docs)]
    in_group = [d for d in range(n_docs) if labels[d] == groups[0]]
    carrying = set(in_group[:max(1, int(round(planted_share * len(in_group))))]) if planted else set()
    # Gamma(shape 1/cv², scale cv²): mean 1, SD cv — a document's own level of the framing
    multipliers = (rng_spread.gamma(1 / rate_cv ** 2, rate_cv ** 2, size=n_docs) if rate_cv > 0
                   else np.ones(n_docs))
    doc_ids, para_ids, framings, positions, words, inserted = [], [], [], [], [], []
    for d in range(n_docs):
        n_background = int(rng_background.integers(words_per_doc[0], words_per_doc[1] + 1))
        probs = background if doc_concentration is None else rng_background.dirichlet(doc_concentration * background)
        drawn = rng_background.choice(vocab_size, size=n_background, p=probs)
        # the insertion stream is consumed for every document of the group, carrying or not, planted or not,
        # so that one seed's corpora differ only where the framing is planted
        rates = np.minimum(extra_per_10k * profile * multipliers[d] / 1e4, 1.0)
        extra = rng_plant.binomial(n_background, rates, size=n_planted)
        where = rng_plant.random(int(extra.sum()))
        n_chunks = n_background // words_per_paragraph + 1
        chosen = (np.sort(rng_burst.choice(n_chunks, size=max(1, int(round(burst_share * n_chunks))), replace=False))
                  if burst_share is not None else None)
        is_planted = np.zeros(n_background, dtype=bool)
        if d in carrying and extra.sum():
            if chosen is None:
                # an inserted word goes before background word floor(u × (n + 1)): positions uniform over the text
                slots = np.floor(where * (n_background + 1)).astype(np.int64)
            else:
                # bursts: u picks one of the chosen stretches of words_per_paragraph background words, then a place
                starts = chosen * words_per_paragraph
                lengths = np.minimum(starts + words_per_paragraph, n_background) - starts + 1
                scaled = where * len(chosen)
                pick = np.minimum(scaled.astype(np.int64), len(chosen) - 1)
                slots = starts[pick] + np.floor((scaled - pick) * lengths[pick]).astype(np.int64)
            inserts = np.repeat(planted_idx, extra)
            order = np.argsort(slots, kind="stable")
            drawn = np.insert(drawn, slots[order], inserts[order])
            is_planted = np.insert(is_planted, slots[order], True)
        doc_id = f"{labels[d]}-{d + 1:03d}"
        n = len(drawn)
        doc_ids.append(np.full(n, doc_id, dtype=object))
        para_ids.append(np.array([f"{doc_id}-p{p:03d}" for p in range(n // words_per_paragraph + 1)],
                                 dtype=object)[np.arange(n) // words_per_paragraph])
        framings.append(np.full(n, labels[d], dtype=object))
        positions.append(np.arange(n, dtype=np.int32))
        words.append(vocab[drawn])
        inserted.append(is_planted)
    toks = pd.DataFrame({
        "doc_id": pd.Categorical(np.concatenate(doc_ids)),
        "para_id": pd.Categorical(np.concatenate(para_ids)),
        "framing": pd.Categorical(np.concatenate(framings), categories=list(groups)),
        "position": np.concatenate(positions).astype(np.int32),
        "token": pd.Categorical(np.concatenate(words)),
        "planted": np.concatenate(inserted),
    }, columns=PLANTED_COLUMNS)
    toks.attrs.update({"planted_terms": planted_terms, "planted_group": groups[0], "planted": bool(planted),
                       "carrying_docs": [f"{labels[d]}-{d + 1:03d}" for d in sorted(carrying)],
                       "extra_per_10k": float(extra_per_10k), "doc_concentration": doc_concentration,
                       "rate_cv": float(rate_cv), "burst_share": burst_share,
                       "term_strengths": [float(x) for x in extra_per_10k * profile],
                       "doc_rate_multipliers": {f"{labels[d]}-{d + 1:03d}": float(multipliers[d])
                                                for d in sorted(carrying)},
                       "random_state": random_state})
    return toks


def planted_paragraphs(toks: pd.DataFrame) -> pd.DataFrame:
    """The paragraph frame of a :func:`planted_tokens` corpus: its words joined into text, one row per paragraph.

    Parameters
    ----------
    toks : pandas.DataFrame
        From :func:`planted_tokens` (columns ``doc_id, para_id, framing, position, token``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, para_id, framing, text, n_words, kind`` (``kind`` is ``"body"``), as :func:`framings.paragraphs`
        gives, so :func:`framings.frame_scores` and :func:`framings.tokens` run on it; ``.attrs`` as ``toks``.

    Raises
    ------
    ValueError
        If a column is missing.

    Examples
    --------
    >>> import framings as fr
    >>> paras = planted_paragraphs(planted_tokens(n_docs=4, random_state=2))
    >>> list(paras.columns)
    ['doc_id', 'para_id', 'framing', 'text', 'n_words', 'kind']
    >>> fr.tokens(paras)["token"].tolist() == planted_tokens(n_docs=4, random_state=2)["token"].tolist()
    True
    """
    require_columns(toks, ["doc_id", "para_id", "framing", "token"], "planted_paragraphs(): toks",
                    "pass the frame of planted_tokens()")
    # one paragraph per run of equal (doc_id, para_id) in reading order, as a groupby in order of appearance
    # gives; joined with one slice per paragraph instead of a Python function per group
    keys = pd.MultiIndex.from_arrays([toks["doc_id"].astype(str), toks["para_id"].astype(str)])
    codes, uniques = pd.factorize(keys, sort=False)
    order = np.argsort(codes, kind="stable")
    words = toks["token"].astype(str).to_numpy()[order]
    bounds = np.concatenate([[0], np.cumsum(np.bincount(codes, minlength=len(uniques)))])
    first = order[bounds[:-1]] if len(order) else np.array([], dtype=np.int64)
    paras = pd.DataFrame({
        "doc_id": [doc for doc, _ in uniques], "para_id": [para for _, para in uniques],
        "framing": toks["framing"].astype(str).to_numpy()[first],
        "text": [" ".join(words[a:b]) for a, b in zip(bounds[:-1], bounds[1:])],
        "n_words": np.diff(bounds).astype(np.int64),
    })
    paras["kind"] = "body"
    paras.attrs.update(toks.attrs)
    return paras[["doc_id", "para_id", "framing", "text", "n_words", "kind"]]
