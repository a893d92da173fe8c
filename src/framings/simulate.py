"""Simulated corpora with known structure, for tests, benchmarks and teaching."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from pathlib import Path

FRAMINGS = {"doc-a": "alliance", "doc-b": "alliance", "doc-c": "strategic-autonomy",
            "doc-d": "authoritarian-survival", "doc-e": "authoritarian-survival"}
N_PARAS = {"doc-a": 70, "doc-b": 65, "doc-c": 45, "doc-d": 35, "doc-e": 15}  # 230 paragraphs


def lda_tokens(seed: int = 0, n_topics: int = 6, vocab_size: int = 1500) -> pd.DataFrame:
    """Tidy token frame drawn from an LDA-like generative model: 230 paragraphs, 5 docs, 3 framings.

    Each framing favours its own topics (Dirichlet α = 2.3 on them, 0.3 elsewhere); word
    distributions are Zipf-shaped permutations of one vocabulary. Deterministic for ``seed``.

    Parameters
    ----------
    seed : int, default 0
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
    >>> toks = lda_tokens(seed=1, vocab_size=300)
    >>> toks["para_id"].nunique(), sorted(toks["framing"].unique())
    (230, ['alliance', 'authoritarian-survival', 'strategic-autonomy'])
    >>> toks.equals(lda_tokens(seed=1, vocab_size=300))
    True
    """
    rng = np.random.default_rng(seed)
    vocab = np.array([f"term{i:04d}" for i in range(vocab_size)], dtype=object)
    vocab[:6] = ["strategic_autonomy", "energy", "security", "alliance", "regime", "pipeline"]
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


def invented_words(n: int, seed: int = 0, syllables: tuple[int, int] = (2, 3)) -> list[str]:
    """``n`` distinct lower-case pseudo-words built from invented syllables ("zoquavek", "nupix", ...).

    The syllables were chosen so that their combinations are not English words; deterministic for ``seed``.

    Parameters
    ----------
    n : int
        Number of words.
    seed : int, default 0
        Seeds the draw.
    syllables : tuple of int, default (2, 3)
        Range (inclusive) of syllables per word.

    Returns
    -------
    list of str
        ``n`` distinct words.

    Examples
    --------
    >>> words = invented_words(3, seed=1)
    >>> len(set(words)), words == invented_words(3, seed=1)
    (3, True)
    """
    rng = np.random.default_rng(seed)
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < n:
        k = int(rng.integers(syllables[0], syllables[1] + 1))
        word = "".join(_SYLLABLES[i] for i in rng.integers(0, len(_SYLLABLES), size=k))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def write_corpus_folder(path: Path | str, n_docs: int = 12, labels: tuple[str, ...] = ("red", "blue"), seed: int = 0,
                        paragraphs: tuple[int, int] = (6, 14), words_per_paragraph: tuple[int, int] = (30, 90),
                        vocab_size: int = 600, n_topics: int = 4) -> Path:
    """Write a complete corpus folder in invented words: ``metadata.csv``, ``raw/``, ``rules/`` and ``lexicons/``.

    Parameters
    ----------
    path : Path | str
        Folder to write (created if missing).
    n_docs, labels : int, tuple of str
        Number of documents and their framing labels (at least two).
    seed : int, default 0
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
    Deterministic for ``seed``; returns the folder's :class:`~pathlib.Path`.

    Examples
    --------
    >>> import tempfile, framings as fr
    >>> folder = write_corpus_folder(tempfile.mkdtemp(), n_docs=4, seed=1)
    >>> corpus = fr.load_corpus(folder)
    >>> sorted(corpus["framing"].unique()), len(corpus)
    (['blue', 'red'], 4)
    """
    import hashlib
    from pathlib import Path

    import yaml

    if len(labels) < 2 or n_docs < len(labels):
        raise ValueError("write_corpus_folder(): need at least two labels and one document per label")
    folder = Path(path)
    (folder / "raw").mkdir(parents=True, exist_ok=True)
    (folder / "rules").mkdir(exist_ok=True)
    (folder / "lexicons").mkdir(exist_ok=True)
    rng = np.random.default_rng(seed)
    n_author = 8
    words = invented_words(vocab_size + n_docs * n_author + 3 * 2 + 2 * n_docs, seed=seed)
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
                     "notes": f"generated with seed {seed}"})
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
