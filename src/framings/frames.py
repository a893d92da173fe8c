"""Measure the framings directly: frame lexicons, frame scores, actors and similarity.

A frame, after Entman (1993), selects some aspects of a reality and makes them
salient. Each framing of this project has a lexicon of indicator terms
(``corpus/lexicons/frames.yaml``, every entry with a rationale); a paragraph's
frame score is how densely it uses them. Actors (``corpus/lexicons/actors.yaml``)
are matched the same way, so one can ask which frame is invoked when Russia or
Türkiye is named.

Matching rules (shared by frames and actors):

* text and terms are normalised with :func:`framings.tokens.normalize_text` and
  split into words exactly as :func:`framings.tokenize` does with
  ``stopwords=None, phrases=False, min_length=1`` (possessive ``'s`` dropped);
* hyphenated words are split into their parts on both sides, so ``multi-vector``,
  ``multi vector`` and ``multi‑vector`` (U+2011) are the same term; punctuation
  between words is ignored (``One nation, two states``);
* spelling variants (``resources/variants.csv``: Turkey/Turkiye → türkiye) are merged
  on both sides; matching is case-insensitive unless an entry is ``case_sensitive``;
* a term word ending in ``*`` matches every word starting with the part before it;
* longest match wins and matched words are consumed: all terms of a lexicon compete
  for the words of a paragraph, the longest candidate (then the leftmost) is taken
  first, and no word counts twice. A term may belong to one frame only.

Empty input (a paragraph frame with no rows) gives an empty frame with the usual
columns. Computing functions return pandas frames and never print or plot;
scikit-learn and scipy are imported inside the functions that need them.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from .errors import CorpusError
from .tokens import _TOKEN, _Tokenizer, load_variants, normalize_text
# document comparison moved to compare.py; these names still work from framings.frames
from .compare import _texts_by, _tfidf, classify_framings, similarity  # noqa: E402,F401

__all__ = [
    "load_lexicon",
    "load_actors",
    "frame_scores",
    "frame_profile",
    "frame_matches",
    "actor_frame_association",
    "similarity",
    "paragraph_map",
    "lexicon_precision",
    "precision_sample",
]

LEXICON_COLUMNS = ["frame", "term", "rationale", "case_sensitive"]
ACTOR_COLUMNS = ["actor", "label", "name", "case_sensitive"]
SCORE_COLUMNS = ["doc_id", "para_id", "framing", "frame", "matches", "n_words", "score"]
PROFILE_STAT_COLUMNS = ["frame", "mean_score", "ci_low", "ci_high", "n_paragraphs"]
MATCH_COLUMNS = ["doc_id", "para_id", "framing", "frame", "term", "left", "match", "right"]
ASSOCIATION_COLUMNS = ["actor", "frame", "paragraphs_with_actor", "paragraphs_with_frame", "cooccurrence",
                       "n_paragraphs", "pmi", "g2", "p_value"]
MAP_COLUMNS = ["para_id", "doc_id", "framing", "x", "y"]
PRECISION_COLUMNS = ["frame", "n", "correct", "precision", "ci_low", "ci_high"]
SAMPLE_COLUMNS = ["frame", "para_id", "term", "context", "correct", "checked_by", "method"]
PARAGRAPH_REQUIRED = ["doc_id", "para_id", "framing", "text"]

_WORD_PART = re.compile(r"[^\-_]+")


def _lexicon_folder() -> Path:
    from .corpus import default_corpus_path

    return default_corpus_path() / "lexicons"


def _corpus_lexicon(paras, name: str, what: str, argument: str) -> Path:
    """``<corpus>/lexicons/<name>`` of the corpus ``paras`` came from; CorpusError when it has none."""
    from .paths import _corpus_file

    return _corpus_file(paras, "lexicons", name, what=what,
                       hint=f"pass {argument}= (a path or a frame), e.g. {argument}='my-lexicon.yaml'")


def _variants_for(source) -> dict[str, str]:
    """The spelling variants of the corpus a frame (or a lexicon file in ``<corpus>/lexicons/``) belongs to."""
    if isinstance(source, (str, Path)):
        folder = Path(source).resolve().parent.parent
        return load_variants(folder) if (folder / "metadata.csv").exists() else load_variants()
    return load_variants(source if source is not None else None)


# --------------------------------------------------------------------------- loading

def _read_yaml(path: Path, what: str, schema=None, default: bool = False) -> dict:
    """Read a lexicon file safely and check it against ``schema`` (see :mod:`framings.schema`).

    ``default``: the path is the corpus's own file, which must lie inside its ``lexicons/`` folder.
    """
    from ._io import contained_path
    from .schema import load_yaml

    if default:
        path = contained_path(path.parent, path.name, str(path), what)
    if not path.exists() and not path.is_symlink():
        raise CorpusError(f"{path}: no {what} file; pass path= or restore corpus/lexicons/{path.name}")
    data = load_yaml(path, None, what)
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: expected a mapping at the top level; see the schema in its header")
    return data if schema is None else _validate(data, schema, path)


def _validate(data: dict, schema, path: Path) -> dict:
    from .schema import validate

    return validate(data, schema, file=path)


def load_lexicon(path: Path | str | None = None) -> pd.DataFrame:
    """The frame lexicon as a tidy frame: ``frame, term, rationale, case_sensitive``.

    ``path`` defaults to ``<corpus>/lexicons/frames.yaml`` (``<corpus>`` from
    :func:`framings.default_corpus_path`). Raises :class:`~framings.CorpusError` for a
    missing or malformed file, an entry without a term or a rationale, and a term that
    appears twice (after normalisation), in one frame or in two.

    Parameters
    ----------
    path : pathlib.Path or str or None, default None
        The lexicon YAML file; ``None``: ``<corpus>/lexicons/frames.yaml``.

    Returns
    -------
    pandas.DataFrame
        One row per term: ``frame, term, rationale, case_sensitive``.

    Raises
    ------
    CorpusError
        For a missing or malformed file, an entry without a term or a rationale, and a term
        that appears twice (after normalisation), in one frame or in two.

    Examples
    --------
    >>> lexicon = fr.load_lexicon()
    >>> lexicon.columns.tolist()
    ['frame', 'term', 'rationale', 'case_sensitive']
    >>> sorted(lexicon["frame"].unique())
    ['alliance', 'authoritarian-survival', 'strategic-autonomy']
    """
    from .schema import LEXICON_SCHEMA

    default = path is None
    path = Path(path) if path is not None else _lexicon_folder() / "frames.yaml"
    data = _read_yaml(path, "frame lexicon", default=default)
    frames = data.get("frames")
    if isinstance(frames, dict) and frames:
        data = _validate(data, LEXICON_SCHEMA, path)
        frames = data["frames"]
    if not isinstance(frames, dict) or not frames:
        raise CorpusError(f"{path}: no 'frames:' mapping; write frames: {{<frame>: {{entries: [...]}}}}")
    rows = []
    for frame, body in frames.items():
        entries = (body or {}).get("entries") if isinstance(body, dict) else None
        if not isinstance(entries, list) or not entries:
            raise CorpusError(f"{path}: frame {frame!r} has no 'entries:' list; add at least one term")
        for number, entry in enumerate(entries, 1):
            if not isinstance(entry, dict) or not str(entry.get("term") or "").strip():
                raise CorpusError(f"{path}: frame {frame!r}, entry {number} has no 'term'; add one or delete it")
            term = str(entry["term"]).strip()
            rationale = str(entry.get("rationale") or "").strip()
            if not rationale:
                raise CorpusError(f"{path}: frame {frame!r}, term {term!r} has no rationale; "
                                  "give a one-line reason from the literature")
            rows.append((str(frame), term, rationale, bool(entry.get("case_sensitive", False))))
    lexicon = pd.DataFrame(rows, columns=LEXICON_COLUMNS)
    _compile(lexicon["frame"], lexicon["term"], lexicon["case_sensitive"], source=str(path),
             variants=_variants_for(path))
    return lexicon


def load_actors(path: Path | str | None = None) -> pd.DataFrame:
    """The actor lexicon as a tidy frame: ``actor, label, name, case_sensitive``.

    ``path`` defaults to ``<corpus>/lexicons/actors.yaml``; see that file for the schema.

    Parameters
    ----------
    path : pathlib.Path or str or None, default None
        The actor YAML file; ``None``: ``<corpus>/lexicons/actors.yaml``.

    Returns
    -------
    pandas.DataFrame
        One row per name: ``actor, label, name, case_sensitive``.

    Raises
    ------
    CorpusError
        For a missing or malformed file, or an actor without names.

    Examples
    --------
    >>> actors = fr.load_actors()
    >>> actors.columns.tolist(), "russia" in set(actors["actor"])
    (['actor', 'label', 'name', 'case_sensitive'], True)
    """
    from .schema import ACTORS_SCHEMA

    default = path is None
    path = Path(path) if path is not None else _lexicon_folder() / "actors.yaml"
    data = _read_yaml(path, "actor lexicon", default=default)
    actors = data.get("actors")
    if isinstance(actors, dict) and actors:
        data = _validate(data, ACTORS_SCHEMA, path)
        actors = data["actors"]
    if not isinstance(actors, dict) or not actors:
        raise CorpusError(f"{path}: no 'actors:' mapping; write actors: {{<actor>: {{names: [...]}}}}")
    rows = []
    for actor, body in actors.items():
        body = body if isinstance(body, dict) else {}
        names = [(str(n), False) for n in body.get("names") or []]
        names += [(str(n), True) for n in body.get("case_sensitive") or []]
        if not names:
            raise CorpusError(f"{path}: actor {actor!r} has no names; list them under 'names:'")
        label = str(body.get("label") or actor)
        rows.extend((str(actor), label, name.strip(), exact) for name, exact in names)
    table = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    _compile(table["actor"], table["name"], table["case_sensitive"], source=str(path),
             variants=_variants_for(path))
    return table


def _resolve_table(value, loader, required: tuple[str, str], what: str, paras=None, name: str = "",
                   argument: str = "") -> pd.DataFrame:
    """None → the file of the corpus ``paras`` came from, a path → that file, a frame → checked copy."""
    if value is None:
        return loader(_corpus_lexicon(paras, name, what, argument))
    if isinstance(value, (str, Path)):
        return loader(value)
    if isinstance(value, pd.DataFrame):
        missing = [c for c in required if c not in value.columns]
        if missing:
            raise CorpusError(f"the {what} frame lacks column(s) {missing}; pass fr.{loader.__name__}() or a path")
        value = value.copy()
        if "case_sensitive" not in value.columns:
            value["case_sensitive"] = False
        return value
    raise CorpusError(f"{what} must be None, a path or a frame from fr.{loader.__name__}(), "
                      f"got {type(value).__name__}")


def _resolve_lexicon(lexicon, paras=None) -> pd.DataFrame:
    return _resolve_table(lexicon, load_lexicon, ("frame", "term"), "frame lexicon", paras, "frames.yaml", "lexicon")


def _resolve_actors(actors, paras=None) -> pd.DataFrame:
    return _resolve_table(actors, load_actors, ("actor", "name"), "actor lexicon", paras, "actors.yaml", "actors")


def _check_paragraphs(paras, what: str) -> None:
    if not isinstance(paras, pd.DataFrame):
        raise CorpusError(f"{what}: expected the paragraph frame of fr.paragraphs(corpus), "
                          f"got {type(paras).__name__}")
    missing = [c for c in PARAGRAPH_REQUIRED if c not in paras.columns]
    if missing:
        raise CorpusError(f"{what}: the paragraph frame lacks column(s) {missing}; pass fr.paragraphs(corpus)")


def _word_counts(paras: pd.DataFrame) -> np.ndarray:
    if "n_words" in paras.columns:
        return paras["n_words"].to_numpy(dtype=float)
    from .tokens import count_words_many

    return count_words_many(paras["text"].astype(str)).astype(float)


# --------------------------------------------------------------------------- matching

@dataclass
class _Words:
    """The words of one text, split at hyphens, with character spans for context."""

    text: str                 # normalize_text(text, lowercase=False)
    lower: list[str]          # lower-cased, variant-merged word parts
    folded: list[str]         # lower-cased word parts, variants not merged (for wildcards)
    exact: list[str]          # word parts as written (after normalisation)
    starts: list[int]         # character span of each part in ``text``
    ends: list[int]
    token_of: list[int]       # index of the tokenizer token each part belongs to
    token_starts: list[int]   # character span of each tokenizer token
    token_ends: list[int]


def _split_words(text: str, variants: dict[str, str]) -> _Words:
    """Tokens as ``tokenize(text, stopwords=None, phrases=False, min_length=1)``, split at hyphens."""
    text = normalize_text(str(text), lowercase=False)
    words = _Words(text, [], [], [], [], [], [], [], [])
    for index, match in enumerate(_TOKEN.finditer(text)):
        token, start = match.group(), match.start()
        if token.endswith(("'s", "'S")):
            token = token[:-2]
        words.token_starts.append(start)
        words.token_ends.append(start + len(token))
        for part in _WORD_PART.finditer(token):
            lower = normalize_text(part.group())
            words.lower.append(variants.get(lower, lower))
            words.folded.append(lower)
            words.exact.append(part.group())
            words.starts.append(start + part.start())
            words.ends.append(start + part.end())
            words.token_of.append(index)
    return words


def _term_pattern(term: str, case_sensitive: bool, variants: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """A term as a tuple of (kind, word).

    kind is ``lower`` (case-insensitive, variants merged), ``exact`` (case-sensitive),
    ``prefix`` (wildcard, case-insensitive) or ``exact_prefix`` (wildcard, case-sensitive).
    """
    text = normalize_text(term, lowercase=False)
    pattern = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        wildcard = text[match.end():match.end() + 1] == "*"
        parts = _WORD_PART.findall(token)
        for position, part in enumerate(parts):
            last = position == len(parts) - 1
            if wildcard and last:
                pattern.append(("exact_prefix", part) if case_sensitive else ("prefix", normalize_text(part)))
            elif case_sensitive:
                pattern.append(("exact", part))
            else:
                lower = normalize_text(part)
                pattern.append(("lower", variants.get(lower, lower)))
    return tuple(pattern)


class _Matcher:
    """All terms of one lexicon, indexed by their first word."""

    def __init__(self, groups, terms, patterns):
        self.groups, self.terms, self.patterns = list(groups), list(terms), list(patterns)
        self.by_lower: dict[str, list[int]] = {}
        self.by_exact: dict[str, list[int]] = {}
        self.by_prefix: list[int] = []
        for entry, pattern in enumerate(self.patterns):
            kind, word = pattern[0]
            if kind == "lower":
                self.by_lower.setdefault(word, []).append(entry)
            elif kind == "exact":
                self.by_exact.setdefault(word, []).append(entry)
            else:
                self.by_prefix.append(entry)

    @staticmethod
    def _word_matches(kind: str, word: str, words: _Words, index: int) -> bool:
        if kind == "lower":
            return words.lower[index] == word
        if kind == "exact":
            return words.exact[index] == word
        if kind == "prefix":
            return words.folded[index].startswith(word)
        return words.exact[index].startswith(word)

    def find(self, words: _Words) -> list[tuple[int, int, int]]:
        """Non-overlapping matches (entry, first part, end part), longest first, then leftmost."""
        lower, exact = words.lower, words.exact
        n_words = len(lower)
        candidates = []
        for start in range(n_words):
            entries = self.by_lower.get(lower[start], []) + self.by_exact.get(exact[start], []) + self.by_prefix
            for entry in entries:
                pattern = self.patterns[entry]
                end = start + len(pattern)
                if end > n_words:
                    continue
                if all(self._word_matches(kind, word, words, start + k) for k, (kind, word) in enumerate(pattern)):
                    candidates.append((-len(pattern), start, entry))
        candidates.sort()
        taken = np.zeros(n_words, dtype=bool)
        accepted = []
        for negative_length, start, entry in candidates:
            end = start - negative_length
            if not taken[start:end].any():
                taken[start:end] = True
                accepted.append((entry, start, end))
        accepted.sort(key=lambda match: match[1])
        return accepted


def _compile(groups, terms, case_sensitive, source: str, variants: dict[str, str] | None = None) -> _Matcher:
    # Spellings that normalise to the same words within one group (Turkey, Türkiye) are
    # kept once, under the first spelling; the same words in two groups are an error.
    variants = load_variants() if variants is None else variants
    kept_groups, kept_terms, patterns, seen = [], [], [], {}
    for group, term, exact in zip(groups, terms, case_sensitive):
        pattern = _term_pattern(str(term), bool(exact), variants)
        if not pattern:
            raise CorpusError(f"{source}: term {term!r} ({group}) has no words; remove it")
        if pattern in seen:
            other_group, other_term = seen[pattern]
            if other_group == group:
                continue
            raise CorpusError(f"{source}: term {term!r} ({group}) is the same as {other_term!r} ({other_group}) "
                              "after normalisation; a term may belong to one group only")
        seen[pattern] = (group, term)
        kept_groups.append(group)
        kept_terms.append(term)
        patterns.append(pattern)
    return _Matcher(kept_groups, kept_terms, patterns)


def _match_paragraphs(paras: pd.DataFrame, table: pd.DataFrame, group_column: str, term_column: str,
                      context: bool = False, window: int = 8) -> pd.DataFrame:
    """One row per match: ``row`` (paragraph position), group, term (+ left/match/right)."""
    variants = _variants_for(paras)
    matcher = _compile(table[group_column], table[term_column], table["case_sensitive"], source="lexicon",
                       variants=variants)
    rows = []
    for row, text in enumerate(paras["text"].astype(str)):
        words = _split_words(text, variants)
        for entry, start, end in matcher.find(words):
            record = [row, matcher.groups[entry], matcher.terms[entry]]
            if context:
                match_start, match_end = words.starts[start], words.ends[end - 1]
                first = max(words.token_of[start] - window, 0)
                last = min(words.token_of[end - 1] + window, len(words.token_starts) - 1)
                left_start = min(words.token_starts[first], match_start)
                right_end = max(words.token_ends[last], match_end)
                record += [words.text[left_start:match_start].strip(), words.text[match_start:match_end],
                           words.text[match_end:right_end].strip()]
            rows.append(record)
    columns = ["row", "group", "term"] + (["left", "match", "right"] if context else [])
    return pd.DataFrame(rows, columns=columns).astype({"row": np.int64})


def _frame_order(lexicon: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(lexicon["frame"].astype(str)))


# --------------------------------------------------------------------------- frame scores

def _select_kinds(paras: pd.DataFrame, kinds, what: str) -> pd.DataFrame:
    """The rows of ``paras`` whose ``kind`` is in ``kinds`` (all rows: no ``kind`` column, or kinds None)."""
    from .corpus import PARAGRAPH_KINDS

    if kinds is None:
        return paras
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    unknown = [k for k in kinds if k not in PARAGRAPH_KINDS]
    if unknown:
        raise CorpusError(f"{what}: unknown paragraph kind(s) {unknown}; use some of {list(PARAGRAPH_KINDS)} "
                          "or kinds=None for all")
    if "kind" not in paras.columns:
        return paras
    return paras[paras["kind"].isin(kinds).to_numpy()]


def frame_scores(paras: pd.DataFrame, lexicon: pd.DataFrame | str | Path | None = None,
                 kinds: tuple[str, ...] | str | None = ("body",)) -> pd.DataFrame:
    """Frame indicator density per paragraph and frame.

    ``matches`` counts non-overlapping lexicon matches (a phrase counts once) and

        score = 100 × matches / n_words

    (matches per 100 words; ``n_words`` from ``paras.n_words``, else counted as
    :func:`framings.tokens.count_words_many` does). A paragraph without words scores NaN.

    Parameters
    ----------
    paras : pandas.DataFrame
        The paragraph frame of :func:`framings.paragraphs`.
    lexicon : DataFrame, path or None, default None
        None (the project lexicon), a path to a lexicon YAML file, or a frame from
        :func:`load_lexicon`.
    kinds : tuple of str, str or None, default ("body",)
        The paragraph kinds scored when ``paras`` has the ``kind`` column of
        :func:`framings.paragraphs` -- by default body text only, so a title or byline
        that repeats a frame's words does not count as the document using that frame;
        None scores every paragraph. A frame without a ``kind`` column is scored whole.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, para_id, framing, frame, matches, n_words, score``: one row per scored
        paragraph and frame of the lexicon (zeros included), in paragraph order, frames in
        lexicon order. ``framing`` is the document's label; ``frame`` the measured frame.

    Raises
    ------
    CorpusError
        For a frame without the paragraph columns, a bad lexicon, or a kind that
        :func:`framings.paragraphs` never gives.

    Examples
    --------
    >>> import pandas as pd
    >>> lexicon = pd.DataFrame({"frame": ["ally"], "term": ["brother"], "rationale": ["kin"],
    ...                         "case_sensitive": [False]})
    >>> paras = pd.DataFrame({"doc_id": ["d", "d"], "para_id": ["d-p001", "d-p002"], "framing": ["ally"] * 2,
    ...                       "text": ["Brothers", "A brother and a brother, in four words."],
    ...                       "kind": ["title", "body"]})
    >>> frame_scores(paras, lexicon=lexicon)[["para_id", "matches", "n_words"]].values.tolist()
    [['d-p002', 2, 8]]
    """
    _check_paragraphs(paras, "frame_scores()")
    lexicon = _resolve_lexicon(lexicon, paras)
    frames = _frame_order(lexicon)
    paras = _select_kinds(paras, kinds, "frame_scores()").reset_index(drop=True)
    matches = _match_paragraphs(paras, lexicon, "frame", "term")
    counts = np.zeros((len(paras), len(frames)), dtype=np.int64)
    if len(matches):
        frame_codes = pd.Categorical(matches["group"], categories=frames).codes
        np.add.at(counts, (matches["row"].to_numpy(), frame_codes), 1)
    n_words = _word_counts(paras)
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.where(n_words[:, None] > 0, 100.0 * counts / n_words[:, None], np.nan)
    repeat = len(frames)
    result = pd.DataFrame({
        "doc_id": np.repeat(paras["doc_id"].astype(str).to_numpy(), repeat),
        "para_id": np.repeat(paras["para_id"].astype(str).to_numpy(), repeat),
        "framing": np.repeat(paras["framing"].astype(str).to_numpy(), repeat),
        "frame": np.tile(np.array(frames, dtype=object), len(paras)),
        "matches": counts.ravel(),
        "n_words": np.repeat(n_words, repeat).astype(np.int64),
        "score": scores.ravel(),
    }, columns=SCORE_COLUMNS)
    return result


def _group_seed(random_state, label) -> np.random.Generator:
    # One generator per group, seeded by the group's name: a group's interval does not
    # change when other groups are added or removed.
    if random_state is None:
        return np.random.default_rng()
    return np.random.default_rng([int(random_state), zlib.crc32(str(label).encode("utf-8"))])


def frame_profile(scores: pd.DataFrame, by: str = "doc_id", n_boot: int = 2000, random_state: int = 0,
                  ci: float = 0.95, weights: str | None = "n_words") -> pd.DataFrame:
    """Mean frame score per group (document or framing) with a paragraph bootstrap interval.

    Columns ``<by>, frame, mean_score, ci_low, ci_high, n_paragraphs`` (the first column
    is named after ``by``, e.g. ``doc_id``).

    ``mean_score`` is the word-weighted mean of the paragraph scores (``weights="n_words"``)

        mean_score = 100 × Σ matches_i / Σ n_words_i,

    i.e. the group's matches per 100 words, so a three-word heading with one hit does
    not weigh as much as a 200-word paragraph; ``weights=None`` gives the plain mean of
    paragraph scores. The interval is the percentile bootstrap (Efron & Tibshirani 1993,
    ch. 13): paragraphs are resampled with replacement within each group ``n_boot``
    times (all frames of a paragraph move together) and the ``(1 - ci)/2`` and
    ``(1 + ci)/2`` quantiles of the resampled means are reported. Paragraphs are treated
    as independent, so with ``by="framing"`` the interval ignores differences between the
    documents of a framing. Each group has its own generator seeded from
    ``random_state`` and the group's name: equal inputs give equal intervals.

    Parameters
    ----------
    scores : pandas.DataFrame
        From :func:`frame_scores`.
    by : str, default "doc_id"
        The grouping column (``"doc_id"`` or ``"framing"``).
    n_boot : int, default 2000
        Bootstrap resamples.
    random_state : int, default 0
        Seed of the bootstrap.
    ci : float, default 0.95
        Coverage of the percentile interval.
    weights : {"n_words", None}, default "n_words"
        Word-weighted mean, or the plain mean of paragraph scores.

    Returns
    -------
    pandas.DataFrame
        ``<by>, frame, mean_score, ci_low, ci_high, n_paragraphs``.

    Raises
    ------
    CorpusError
        For a frame that is not from :func:`frame_scores`, unknown weights, ``ci`` outside
        (0, 1), or ``n_boot`` < 1.

    Examples
    --------
    >>> scores = fr.frame_scores(fr.paragraphs(fr.load_corpus()))
    >>> profile = fr.frame_profile(scores, by="framing", n_boot=200)
    >>> profile.columns.tolist()
    ['framing', 'frame', 'mean_score', 'ci_low', 'ci_high', 'n_paragraphs']
    >>> bool((profile["ci_low"] <= profile["mean_score"]).all())
    True
    """
    from .labels import require_labels

    if isinstance(scores, pd.DataFrame) and by in scores.columns:
        require_labels(scores, "frame_profile(by='framing')", by)
    needed = [by, "para_id", "frame", "score"] + (["matches", "n_words"] if weights else [])
    if not isinstance(scores, pd.DataFrame):
        raise CorpusError(f"frame_profile(): expected the frame of fr.frame_scores(), got {type(scores).__name__}")
    missing = [c for c in needed if c not in scores.columns]
    if missing:
        raise CorpusError(f"frame_profile(): scores lack column(s) {missing}; pass fr.frame_scores(paras)"
                          + (" or use weights=None" if weights and by in scores.columns else ""))
    if weights not in (None, "n_words"):
        raise CorpusError(f"frame_profile(): weights must be 'n_words' or None, got {weights!r}")
    if not 0 < ci < 1:
        raise CorpusError(f"frame_profile(): ci must be between 0 and 1, got {ci!r}")
    if int(n_boot) < 1:
        raise CorpusError(f"frame_profile(): n_boot must be at least 1, got {n_boot!r}")
    columns = [by] + PROFILE_STAT_COLUMNS
    if scores.empty:
        return pd.DataFrame(columns=columns)
    frames = list(dict.fromkeys(scores["frame"].astype(str)))
    value = "matches" if weights else "score"
    wide = scores.pivot_table(index=[by, "para_id"], columns="frame", values=value, aggfunc="first",
                              observed=True, sort=False).reindex(columns=frames)
    words = (scores.groupby([by, "para_id"], observed=True, sort=False)["n_words"].first()
             .reindex(wide.index).to_numpy(dtype=float) if weights else None)
    values_all = wide.to_numpy(dtype=float)
    group_labels = wide.index.get_level_values(0)
    quantiles = [(1 - ci) / 2, (1 + ci) / 2]
    rows = []
    for label in dict.fromkeys(group_labels):
        mask = np.asarray(group_labels == label)
        values = values_all[mask]
        n_paragraphs = len(values)
        draws = _group_seed(random_state, label).integers(0, n_paragraphs, size=(int(n_boot), n_paragraphs))
        with np.errstate(divide="ignore", invalid="ignore"):
            if weights:
                group_words = words[mask]
                total_words = group_words.sum()
                estimate = 100.0 * values.sum(axis=0) / total_words if total_words > 0 \
                    else np.full(len(frames), np.nan)
                boot = 100.0 * values[draws].sum(axis=1) / group_words[draws].sum(axis=1)[:, None]
            else:
                estimate = np.nanmean(values, axis=0) if np.isfinite(values).any() else np.full(len(frames), np.nan)
                boot = np.nanmean(values[draws], axis=1)
            boot[~np.isfinite(boot)] = np.nan
            low, high = (np.nanquantile(boot, quantiles, axis=0) if np.isfinite(boot).any()
                         else np.full((2, len(frames)), np.nan))
        rows.extend((label, frame, estimate[k], low[k], high[k], n_paragraphs) for k, frame in enumerate(frames))
    return pd.DataFrame(rows, columns=columns).astype({"n_paragraphs": np.int64})


def frame_matches(paras: pd.DataFrame, frame: str, lexicon: pd.DataFrame | str | Path | None = None,
                  window: int = 8) -> pd.DataFrame:
    """Every match of one frame's terms, in context (keyword in context).

    Columns ``doc_id, para_id, framing, frame, term, left, match, right``: ``term`` is the
    lexicon entry, ``match`` the words as written (normalised typography), ``left`` and
    ``right`` up to ``window`` words on each side. The matches are those counted by
    :func:`frame_scores` (all frames compete for words, longest match first). An unknown
    ``frame`` raises :class:`~framings.CorpusError` listing the lexicon's frames.

    Parameters
    ----------
    paras : pandas.DataFrame
        Paragraphs (:func:`framings.paragraphs`).
    frame : str
        One of the lexicon's frames.
    lexicon : pandas.DataFrame or str or pathlib.Path or None, default None
        As in :func:`frame_scores`: None (the corpus's lexicon), a path to a lexicon YAML
        file, or a frame from :func:`load_lexicon`.
    window : int, default 8
        Words of context either side.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, para_id, framing, frame, term, left, match, right``, one row per match.

    Raises
    ------
    CorpusError
        For an unknown frame or a negative window.

    Examples
    --------
    >>> paras = fr.paragraphs(fr.load_corpus())
    >>> matches = fr.frame_matches(paras, "alliance", window=4)
    >>> matches.columns.tolist()
    ['doc_id', 'para_id', 'framing', 'frame', 'term', 'left', 'match', 'right']
    >>> set(matches["frame"])
    {'alliance'}
    """
    _check_paragraphs(paras, "frame_matches()")
    lexicon = _resolve_lexicon(lexicon, paras)
    frames = _frame_order(lexicon)
    if frame not in frames:
        raise CorpusError(f"unknown frame {frame!r}; the lexicon has {', '.join(frames)}")
    if int(window) < 0:
        raise CorpusError(f"frame_matches(): window must be >= 0 words, got {window!r}")
    paras = paras.reset_index(drop=True)
    matches = _match_paragraphs(paras, lexicon, "frame", "term", context=True, window=int(window))
    matches = matches[matches["group"] == frame]
    rows = matches["row"].to_numpy()
    return pd.DataFrame({
        "doc_id": paras["doc_id"].astype(str).to_numpy()[rows],
        "para_id": paras["para_id"].astype(str).to_numpy()[rows],
        "framing": paras["framing"].astype(str).to_numpy()[rows],
        "frame": frame,
        "term": matches["term"].to_numpy(),
        "left": matches["left"].to_numpy(),
        "match": matches["match"].to_numpy(),
        "right": matches["right"].to_numpy(),
    }, columns=MATCH_COLUMNS)


# --------------------------------------------------------------------------- actors × frames

def _presence(paras: pd.DataFrame, table: pd.DataFrame, group_column: str, term_column: str,
              groups: list[str]) -> np.ndarray:
    """Boolean paragraphs × groups: does the paragraph contain a term of the group?"""
    matches = _match_paragraphs(paras, table, group_column, term_column)
    present = np.zeros((len(paras), len(groups)), dtype=bool)
    if len(matches):
        present[matches["row"].to_numpy(), pd.Categorical(matches["group"], categories=groups).codes] = True
    return present


def _g2_signed(o11, o12, o21, o22):
    """Signed log-likelihood ratio G² of 2 × 2 tables (arrays), and its expected O11."""
    observed = np.stack([o11, o12, o21, o22]).astype(float)
    n = observed.sum(axis=0)
    row1, row2 = observed[0] + observed[1], observed[2] + observed[3]
    col1, col2 = observed[0] + observed[2], observed[1] + observed[3]
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.stack([row1 * col1, row1 * col2, row2 * col1, row2 * col2]) / n
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    g2 = 2.0 * terms.sum(axis=0)
    g2 = np.where(n > 0, np.maximum(g2, 0.0), np.nan)
    return np.where(observed[0] < expected[0], -g2, g2)


def actor_frame_association(paras: pd.DataFrame, actors: pd.DataFrame | str | Path | None = None,
                            lexicon: pd.DataFrame | str | Path | None = None) -> pd.DataFrame:
    """Which frames co-occur with which actors, paragraph by paragraph.

    For each actor a and frame f, over the N paragraphs of ``paras``: ``paragraphs_with_actor``
    (n_a, paragraphs naming the actor), ``paragraphs_with_frame`` (n_f, paragraphs with at
    least one frame term), ``cooccurrence`` (k, paragraphs with both), ``n_paragraphs`` (N).

    * Pointwise mutual information (Church & Hanks 1990, "Word association norms, mutual
      information, and lexicography", Computational Linguistics 16(1)):
      ``pmi = log2(k · N / (n_a · n_f))``; −inf when k = 0, NaN when n_a or n_f is 0.
    * Log-likelihood ratio (Dunning 1993, "Accurate methods for the statistics of surprise
      and coincidence", Computational Linguistics 19(1)) on the 2 × 2 table
      [[k, n_a − k], [n_f − k, N − n_a − n_f + k]]:
      ``G² = 2 Σ O_ij ln(O_ij / E_ij)`` with ``E_ij = row_i · col_j / N``, signed as in
      quanteda's ``textstat_keyness``: negative when k < E_11 (the actor is named less
      often with the frame than chance predicts). ``p_value`` is from χ² with 1 degree of
      freedom, no continuity correction.

    ``actors`` is None (``corpus/lexicons/actors.yaml``), a path or a frame from
    :func:`load_actors`; ``lexicon`` as in :func:`frame_scores`. Actor names and frame
    terms are matched separately (each with its own longest-match rule).

    Parameters
    ----------
    paras : pandas.DataFrame
        Paragraphs (:func:`framings.paragraphs`).
    actors : pandas.DataFrame or str or pathlib.Path or None, default None
        None (``<corpus>/lexicons/actors.yaml``), a path, or a frame from :func:`load_actors`.
    lexicon : pandas.DataFrame or str or pathlib.Path or None, default None
        As in :func:`frame_scores`: None (the corpus's lexicon), a path to a lexicon YAML
        file, or a frame from :func:`load_lexicon`.

    Returns
    -------
    pandas.DataFrame
        One row per actor and frame: ``actor, frame, paragraphs_with_actor,
        paragraphs_with_frame, cooccurrence, n_paragraphs, pmi, g2, p_value``.

    Examples
    --------
    >>> paras = fr.paragraphs(fr.load_corpus()).query("doc_id == 'turkic-integration'")
    >>> table = fr.actor_frame_association(paras)
    >>> table.columns[:2].tolist(), bool((table["cooccurrence"] <= table["paragraphs_with_actor"]).all())
    (['actor', 'frame'], True)
    """
    from scipy.stats import chi2

    _check_paragraphs(paras, "actor_frame_association()")
    lexicon = _resolve_lexicon(lexicon, paras)
    actor_table = _resolve_actors(actors, paras)
    frames = _frame_order(lexicon)
    actor_ids = list(dict.fromkeys(actor_table["actor"].astype(str)))
    if paras.empty:
        return pd.DataFrame(columns=ASSOCIATION_COLUMNS)
    paras = paras.reset_index(drop=True)
    actor_present = _presence(paras, actor_table, "actor", "name", actor_ids)
    frame_present = _presence(paras, lexicon, "frame", "term", frames)
    n = len(paras)
    both = actor_present.T.astype(np.int64) @ frame_present.astype(np.int64)      # actors × frames
    n_actor = np.repeat(actor_present.sum(axis=0), len(frames))
    n_frame = np.tile(frame_present.sum(axis=0), len(actor_ids))
    k = both.ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log2(k * n / (n_actor * n_frame).astype(float))
    pmi = np.where((n_actor == 0) | (n_frame == 0), np.nan, pmi)
    g2 = _g2_signed(k, n_actor - k, n_frame - k, n - n_actor - n_frame + k)
    return pd.DataFrame({
        "actor": np.repeat(actor_ids, len(frames)),
        "frame": np.tile(frames, len(actor_ids)),
        "paragraphs_with_actor": n_actor,
        "paragraphs_with_frame": n_frame,
        "cooccurrence": k,
        "n_paragraphs": n,
        "pmi": pmi,
        "g2": g2,
        "p_value": chi2.sf(np.abs(g2), df=1),
    }, columns=ASSOCIATION_COLUMNS)


# --------------------------------------------------------------------------- similarity and maps

def _mds(distances: np.ndarray, random_state):
    import inspect

    from sklearn.manifold import MDS

    parameters = inspect.signature(MDS).parameters
    if "metric_mds" in parameters:  # scikit-learn >= 1.8: 'metric' names the dissimilarity
        model = MDS(n_components=2, metric="precomputed", init="classical_mds", random_state=random_state)
    else:  # pragma: no cover - older scikit-learn
        model = MDS(n_components=2, dissimilarity="precomputed", n_init=4, random_state=random_state)
    return model.fit_transform(distances)


def paragraph_map(paras: pd.DataFrame, method: str = "pca", random_state: int = 0,
                  stopwords: str | Iterable[str] | None = "default", merge_variants: bool = True,
                  phrases: bool | Iterable[str] = True) -> pd.DataFrame:
    """Two-dimensional coordinates of paragraphs from their tf-idf vectors.

    Columns ``para_id, doc_id, framing, x, y``. Paragraph vectors are built as in
    :func:`similarity`. ``method="pca"``: principal components of the (centred, dense)
    tf-idf matrix (scikit-learn ``PCA``). ``method="mds"``: metric multidimensional
    scaling (SMACOF, scikit-learn ``MDS``) of cosine distances ``1 − cos(u, v)``.
    Axes have no units; only distances between points mean anything. Empty input gives
    an empty frame; a single paragraph raises :class:`~framings.CorpusError`.

    Parameters
    ----------
    paras : pandas.DataFrame
        Paragraphs (:func:`framings.paragraphs`).
    method : {"pca", "mds"}, default "pca"
        The projection.
    random_state : int, default 0
        Seed of MDS (and of PCA's solver).
    stopwords : str or iterable of str or None, default "default"
        As in :func:`framings.tokens`.
    merge_variants : bool, default True
        As in :func:`framings.tokens`.
    phrases : bool or iterable of str, default True
        As in :func:`framings.tokens`.

    Returns
    -------
    pandas.DataFrame
        ``para_id, doc_id, framing, x, y``, one row per paragraph.

    Raises
    ------
    CorpusError
        For an unknown method, a single paragraph, or fewer than two distinct terms.

    Examples
    --------
    >>> paras = fr.paragraphs(fr.load_corpus()).query("doc_id == 'turkic-integration'")
    >>> coords = fr.paragraph_map(paras)
    >>> coords.columns.tolist(), len(coords) == len(paras)
    (['para_id', 'doc_id', 'framing', 'x', 'y'], True)
    """
    _check_paragraphs(paras, "paragraph_map()")
    if method not in ("pca", "mds"):
        raise CorpusError(f"paragraph_map(): unknown method {method!r}; use 'pca' or 'mds'")
    if paras.empty:
        return pd.DataFrame(columns=MAP_COLUMNS)
    if len(paras) < 2:
        raise CorpusError("paragraph_map(): needs at least 2 paragraphs to place on a map")
    options = dict(stopwords=stopwords, merge_variants=merge_variants, phrases=phrases, corpus=paras)
    matrix = _tfidf(paras["text"].astype(str), options)
    if method == "pca":
        from sklearn.decomposition import PCA

        if min(matrix.shape) < 2:
            raise CorpusError("paragraph_map(): fewer than 2 distinct terms; nothing to project")
        coordinates = PCA(n_components=2, random_state=random_state).fit_transform(matrix.toarray())
    else:
        distances = np.clip(1.0 - (matrix @ matrix.T).toarray(), 0.0, 2.0)
        distances = (distances + distances.T) / 2
        np.fill_diagonal(distances, 0.0)
        coordinates = _mds(distances, random_state)
    return pd.DataFrame({
        "para_id": paras["para_id"].astype(str).to_numpy(),
        "doc_id": paras["doc_id"].astype(str).to_numpy(),
        "framing": paras["framing"].astype(str).to_numpy(),
        "x": coordinates[:, 0],
        "y": coordinates[:, 1],
    }, columns=MAP_COLUMNS)


# --------------------------------------------------------------------------- lexicon precision

def precision_sample(paras: pd.DataFrame, n: int = 25, lexicon: pd.DataFrame | str | Path | None = None,
                     random_state: int = 20261124, window: int = 8) -> pd.DataFrame:
    """Draw matches to check: ``n`` per frame, a simple random sample without replacement.

    Columns ``frame, para_id, term, context, correct, checked_by, method`` with ``correct``,
    ``checked_by`` and ``method`` empty, to be filled in by the checker (``checked_by`` says
    who checked -- a person, or software/an AI assistant -- and whether they knew the labels). ``context`` is
    ``left [match] right`` from :func:`frame_matches`. Frames with fewer than ``n``
    matches are taken whole.

    Parameters
    ----------
    paras : pandas.DataFrame
        Paragraphs (:func:`framings.paragraphs`).
    n : int, default 25
        Matches per frame.
    lexicon : pandas.DataFrame or str or pathlib.Path or None, default None
        As in :func:`frame_scores`: None (the corpus's lexicon), a path to a lexicon YAML
        file, or a frame from :func:`load_lexicon`.
    random_state : int, default 20261124
        Seed of the draw.
    window : int, default 8
        Words of context either side.

    Returns
    -------
    pandas.DataFrame
        ``frame, para_id, term, context, correct, checked_by, method``, the last three empty.

    Examples
    --------
    >>> paras = fr.paragraphs(fr.load_corpus())
    >>> sample = fr.precision_sample(paras, n=3)
    >>> sample.groupby("frame").size().tolist(), bool(sample["correct"].eq("").all())
    ([3, 3, 3], True)
    """
    lexicon = _resolve_lexicon(lexicon, paras)
    parts = []
    for frame in _frame_order(lexicon):
        matches = frame_matches(paras, frame, lexicon=lexicon, window=window)
        if len(matches) > n:
            rng = np.random.default_rng([int(random_state), zlib.crc32(frame.encode("utf-8"))])
            matches = matches.iloc[np.sort(rng.choice(len(matches), size=n, replace=False))]
        parts.append(pd.DataFrame({
            "frame": frame,
            "para_id": matches["para_id"],
            "term": matches["term"],
            "context": (matches["left"] + " [" + matches["match"] + "] " + matches["right"]).str.strip(),
            "correct": "",
            "checked_by": "",
            "method": "",
        }, columns=SAMPLE_COLUMNS))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=SAMPLE_COLUMNS)


def _wilson(correct: np.ndarray, n: np.ndarray, level: float = 0.95):
    """Wilson (1927) score interval for a binomial proportion."""
    from statistics import NormalDist

    z = NormalDist().inv_cdf((1 + level) / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = correct / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def lexicon_precision(sample: pd.DataFrame | str | Path | None = None) -> pd.DataFrame:
    """Precision of the frame lexicon from the checked sample, per frame.

    The shipped ``precision-sample.csv`` was checked by an AI assistant that knew each
    document's a-priori label (its ``checked_by`` column says so), not by a person.

    ``sample`` is None (``<corpus>/lexicons/precision-sample.csv``), a path, or a frame with
    columns ``frame`` and ``correct`` (true/false). Columns ``frame, n, correct, precision,
    ci_low, ci_high``: precision = correct / n, with a 95% Wilson score interval
    (Wilson 1927), because 20-odd checked matches per frame leave wide uncertainty.

    Parameters
    ----------
    sample : pandas.DataFrame or str or pathlib.Path or None, default None
        The checked sample (see above).

    Returns
    -------
    pandas.DataFrame
        ``frame, n, correct, precision, ci_low, ci_high``, one row per frame.

    Raises
    ------
    CorpusError
        When the sample is missing, lacks ``frame`` or ``correct``, or ``correct`` is not true/false.

    Examples
    --------
    >>> checked = pd.DataFrame({"frame": ["a"] * 4, "correct": [True, True, True, False]})
    >>> fr.lexicon_precision(checked).round(3)
      frame  n  correct  precision  ci_low  ci_high
    0     a  4        3       0.75   0.301    0.954
    """
    if sample is None or isinstance(sample, (str, Path)):
        from io import BytesIO

        from ._io import contained_path, read_limited

        path = Path(sample) if sample is not None else _lexicon_folder() / "precision-sample.csv"
        if sample is None:  # the corpus's own file: inside its lexicons/ folder
            path = contained_path(path.parent, path.name, str(path), "precision sample")
        if not path.exists():
            raise CorpusError(f"{path}: no precision sample; draw one with precision_sample() and check it")
        sample = pd.read_csv(BytesIO(read_limited(path, str(path), "precision sample")), dtype=str,
                             keep_default_na=False, encoding="utf-8")
    if not isinstance(sample, pd.DataFrame) or not {"frame", "correct"} <= set(sample.columns):
        raise CorpusError("lexicon_precision(): the sample needs columns 'frame' and 'correct'")
    if sample.empty:
        return pd.DataFrame(columns=PRECISION_COLUMNS)
    truth = {"true": True, "false": False, "1": True, "0": False}
    flags = sample["correct"].map(lambda v: truth.get(str(v).strip().lower()))
    if flags.isna().any():
        bad = sample.loc[flags.isna(), "correct"].iloc[0]
        raise CorpusError(f"lexicon_precision(): 'correct' must be true or false, found {bad!r} "
                          f"(row {int(flags.isna().to_numpy().nonzero()[0][0]) + 2}); check that match")
    summary = (pd.DataFrame({"frame": sample["frame"].astype(str), "correct": flags.astype(bool)})
               .groupby("frame", sort=True)["correct"].agg(n="size", correct="sum").reset_index())
    summary["precision"] = summary["correct"] / summary["n"]
    low, high = _wilson(summary["correct"].to_numpy(float), summary["n"].to_numpy(float))
    summary["ci_low"], summary["ci_high"] = low, high
    return summary[PRECISION_COLUMNS]


# --------------------------------------------------------------------------- dominant frames, classifier

NO_FRAME = "no frame term"
TIED_FRAMES = "tie"
DOMINANT_COLUMNS = ["doc_id", "para_id", "framing", "dominant_frame", "score", "n_words"]


def dominant_frames(scores: pd.DataFrame) -> pd.DataFrame:
    """The frame each paragraph uses most: one row per paragraph of :func:`frame_scores`.

    Columns ``doc_id, para_id, framing, dominant_frame, score, n_words``: ``dominant_frame``
    is the frame with the highest score (matches per 100 words) in the paragraph,
    ``"no frame term"`` (:data:`NO_FRAME`) when no frame term occurs, and ``"tie"``
    (:data:`TIED_FRAMES`) when two or more frames share the highest score; ``score`` is
    that highest score (0 without frame terms). Paragraphs keep their order.

    Parameters
    ----------
    scores : pandas.DataFrame
        From :func:`frame_scores`.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, para_id, framing, dominant_frame, score, n_words``, one row per paragraph.

    Raises
    ------
    CorpusError
        For a frame that is not from :func:`frame_scores`.

    Examples
    --------
    >>> scores = pd.DataFrame({"doc_id": "d", "para_id": ["p1", "p1", "p2", "p2", "p3", "p3"], "framing": "x",
    ...                        "frame": ["a", "b"] * 3, "matches": [2, 1, 0, 0, 1, 1],
    ...                        "n_words": [50, 50, 40, 40, 20, 20], "score": [4.0, 2.0, 0, 0, 5.0, 5.0]})
    >>> fr.dominant_frames(scores)[["para_id", "dominant_frame", "score"]]
      para_id dominant_frame  score
    0      p1              a    4.0
    1      p2  no frame term    0.0
    2      p3            tie    5.0
    """
    needed = ["doc_id", "para_id", "framing", "frame", "score", "matches", "n_words"]
    if not isinstance(scores, pd.DataFrame):
        raise CorpusError(f"dominant_frames(): expected the frame of fr.frame_scores(), got {type(scores).__name__}")
    missing = [c for c in needed if c not in scores.columns]
    if missing:
        raise CorpusError(f"dominant_frames(): scores lack column(s) {missing}; pass fr.frame_scores(paras)")
    if scores.empty:
        return pd.DataFrame(columns=DOMINANT_COLUMNS)
    frames = list(dict.fromkeys(scores["frame"].astype(str)))
    keys = ["doc_id", "para_id", "framing"]
    wide = scores.pivot_table(index=keys, columns="frame", values="score", aggfunc="first", observed=True,
                              sort=False).reindex(columns=frames)
    values = np.nan_to_num(wide.to_numpy(dtype=float), nan=0.0)
    best = values.max(axis=1)
    n_best = (values == best[:, None]).sum(axis=1)
    dominant = np.array(frames, dtype=object)[values.argmax(axis=1)]
    dominant = np.where(best <= 0, NO_FRAME, np.where(n_best > 1, TIED_FRAMES, dominant))
    words = scores.groupby(keys, observed=True, sort=False)["n_words"].first().reindex(wide.index)
    result = wide.index.to_frame(index=False)
    result["dominant_frame"] = dominant
    result["score"] = best
    result["n_words"] = words.to_numpy(dtype=np.int64)
    return result[DOMINANT_COLUMNS]


__all__ += ["dominant_frames", "classify_framings"]
