"""Split paragraphs into tidy tokens, Unicode-correctly.

What the tokenizer does, in order (each step a documented choice):

1. NFC normalisation; the Turkish dotted capital ``İ`` becomes ``I`` before lower-casing
   (Python's ``"İ".lower()`` is ``"i̇"``, two characters); curly apostrophes (’ ‘ ʼ)
   become ``'``; the non-breaking hyphen U+2011 and the hyphen U+2010 become ``-``;
   no-break spaces become spaces. Dotless ``ı`` and schwa ``ə`` are kept.
2. Lower-casing (``lowercase=True``).
3. The corpus' phrases (``resources/phrases.txt``) are joined with ``_`` (``strategic_autonomy``).
4. A token is a run of letters/digits, with inner apostrophes or hyphens
   (``anti-western``, ``multi-vector``). En and em dashes split (``russia``, ``ukraine``).
   A final possessive ``'s`` is removed, so ``Azerbaijan’s`` and ``Azerbaijan's`` both
   give ``azerbaijan``. Punctuation and lone combining marks never become tokens.
5. ``position`` numbers the tokens of a paragraph at this point, so positions keep
   true distances after stop words are removed.
6. Filters: numbers (``numbers=False`` drops tokens without a letter), ``min_length``,
   stop words; then ``merge_variants`` and Snowball stemming (``stem=True``).

How it stays fast on large corpora (the output is the same as applying the steps
above to each text): tokens never cross whitespace, so each text is split at
whitespace into chunks, and steps 1-4 run once per *distinct* chunk, whose tokens
are remembered; the filters of step 6 run once per distinct token. Only runs of
chunks that hold every word of some phrase go through the phrase regex (step 3).
Texts are processed in batches of about two million characters, so memory stays
flat however many there are.
"""

from __future__ import annotations

import re
from array import array
from functools import lru_cache
from itertools import accumulate, chain, filterfalse, repeat
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
import pandas as pd

from .._check import require_columns
from .._paths import carry_corpus_path
from .._progress import progress_bar
from .._words import NUMBER_OR_RUN, TOKEN_PATTERN, normalize_text
from ..errors import CorpusError
from ._resources import load_phrases, load_stopwords, load_variants

TOKEN_COLUMNS = ["doc_id", "para_id", "framing", "position", "token"]


_TOKEN_SPLIT_HYPHENS = re.compile(NUMBER_OR_RUN + r"(?:['_]" + NUMBER_OR_RUN + r")*")


_TOKEN_OR_SEPARATOR = re.compile("\x00|" + TOKEN_PATTERN.pattern)


_TOKEN_SPLIT_HYPHENS_OR_SEPARATOR = re.compile("\x00|" + _TOKEN_SPLIT_HYPHENS.pattern)


_SAMPLE_CHUNKS = 4000  # chunks looked at to choose between the chunk memory and one pass per batch


_NEW_SHARE = 0.6       # one pass per batch when more than this share of the sample is new


# contractions ending in 's (is/us/has), kept whole; any other final 's is a possessive and removed
CONTRACTIONS_S = frozenset({"it's", "let's", "that's", "what's", "he's", "she's", "there's", "here's", "who's",
                            "where's", "when's", "why's", "how's"})


_HAS_LETTER = re.compile(r"[^\W\d_]")


_ALNUM_RUN = re.compile(r"[^\W_]+")


_SEPARATORS_ONLY = re.compile(r"[,\-]+")  # a chunk that can only sit between the words of a phrase


_CONNECTOR_BIT = 1 << 63


_JOINER = re.compile(r"['\-_]")


BATCH_CHARS = 2_000_000          # characters of text tokenized at a time


PROGRESS_MIN_CHARS = 20_000_000  # show a progress bar (on a terminal) from this much text


def _strip_possessive(token: str) -> str:
    """A final possessive ``'s`` removed; contractions (it's, that's) kept whole."""
    return token[:-2] if token.endswith(("'s", "'S")) and token.lower() not in CONTRACTIONS_S else token


def _lacks_letter(token: str) -> bool:
    return _HAS_LETTER.search(token) is None


@lru_cache(maxsize=64)
def _phrase_pattern(phrases: tuple[str, ...], lowercase: bool) -> re.Pattern | None:
    if not phrases:
        return None
    ordered = sorted({normalize_text(p, lowercase) for p in phrases}, key=len, reverse=True)
    alternatives = [r"[\s,\-]+".join(re.escape(w) for w in p.replace("-", " ").split()) for p in ordered]
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])",
                      0 if lowercase else re.IGNORECASE)


def _join_phrase(match: re.Match) -> str:
    return "_".join(re.split(r"[\s,\-]+", match.group()))


@lru_cache(maxsize=64)
def _phrase_prefilter(phrases: tuple[str, ...]) -> tuple[dict[str, int], np.ndarray] | None:
    """Bit of each letter/digit run of the (lower-case) phrases, and the bits each phrase needs.

    A phrase can match only where every run of its words is a whole run of the text;
    elsewhere the phrase regex is skipped. Bit 63 marks chunks of phrase separators
    only (``,`` ``-``). ``None`` when the phrases have more than 63 distinct runs or a
    phrase has none (then every text takes the regex).
    """
    runs_per_phrase = [set(_ALNUM_RUN.findall(normalize_text(p))) for p in phrases]
    distinct = sorted(set().union(*runs_per_phrase))
    if len(distinct) > 63 or not all(runs_per_phrase):
        return None
    bits = {run: 1 << i for i, run in enumerate(distinct)}
    needs = sorted({sum(bits[run] for run in runs) for runs in runs_per_phrase})
    return bits, np.array(needs, dtype=np.uint64)


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer  # needs no downloaded NLTK data

    return SnowballStemmer("english")


def _resolve_stopwords(stopwords) -> frozenset[str]:
    if stopwords is None:
        return frozenset()
    if isinstance(stopwords, str):
        return load_stopwords(stopwords)
    return frozenset(normalize_text(w) for w in stopwords)


def _resolve_phrases(phrases, corpus=None) -> tuple[str, ...]:
    if phrases is True:
        return load_phrases(corpus)
    if not phrases:
        return ()
    return tuple(phrases)


def _view(values: array, dtype) -> np.ndarray:
    """A numpy view of an ``array.array`` (drop it before the array grows)."""
    return np.frombuffer(values, dtype=dtype) if len(values) else np.zeros(0, dtype=dtype)


class Tokenizer:
    """A tokenizer with its options resolved once, and a memory of what it has seen.

    ``tokenizer(text)`` gives the tokens of one text; :meth:`encode` tokenizes a batch
    of texts into arrays of term ids (``tokenizer.terms[id]`` is the term). Each
    distinct whitespace-delimited chunk is normalised and split by the regex only
    once, each distinct raw token filtered only once.
    """

    def __init__(self, lowercase=True, stopwords="default", merge_variants=True, phrases=True,
                 stem=False, min_length=2, numbers=True, corpus=None, hyphens="keep"):
        if hyphens not in ("keep", "split"):
            raise CorpusError(f"hyphens must be 'keep' (anti-western) or 'split' (anti, western), got {hyphens!r}")
        self.token_pattern = TOKEN_PATTERN if hyphens == "keep" else _TOKEN_SPLIT_HYPHENS
        # the token regex, or the separator of texts in a batch (never a token)
        self._flat_pattern = _TOKEN_OR_SEPARATOR if hyphens == "keep" else _TOKEN_SPLIT_HYPHENS_OR_SEPARATOR
        self.lowercase = lowercase
        self.stopwords = _resolve_stopwords(stopwords)
        self.variants = load_variants(corpus) if merge_variants else None
        phrase_list = _resolve_phrases(phrases, corpus)
        self.phrase_pattern = _phrase_pattern(phrase_list, lowercase)
        self._prefilter = (_phrase_prefilter(phrase_list)
                           if self.phrase_pattern is not None and lowercase else None)
        self.stem = _stemmer().stem if stem else None
        self.min_length = int(min_length or 1)
        self.numbers = numbers
        self.terms: list[str] = []              # term id -> term, in order of first sight
        self._term_ids: dict[str, int] = {}
        self._raw_ids: dict[str, int] = {}      # token as the regex finds it -> raw id
        self._raw_term = array("i")             # raw id -> term id, -1 when a filter drops it
        self._chunk_start = array("q")          # chunk row -> first entry in _chunk_tokens
        self._chunk_len = array("i")            # chunk row -> number of raw tokens
        self._chunk_mask = array("Q")           # chunk row -> phrase-run bits (_phrase_prefilter)
        self._chunk_tokens = array("i")         # raw ids of the tokens of every chunk, in order
        self._chunk_text: list[str] = []        # normalised text of every chunk (for phrase joining)
        self._raw_mask = array("Q")             # raw id -> phrase-run bits of the token
        self._phrase_runs: dict[str, np.ndarray | None] = {}  # run of chunks -> chunk rows after joining
        self._chunks: dict[str, int] = {}       # chunk as written -> chunk row
        self._normalized_chunks: dict[str, int] = {}  # chunk of normalised text -> chunk row
        self._marker_id = 0                     # raw id 0: the separator of texts in _flat_tokens
        self._raw_ids["\x00"] = 0
        self._raw_term.append(-1)
        self._raw_mask.append(0)

    # -- memory of chunks and raw tokens ---------------------------------------
    def _rows_of(self, words: list[str], normalized: bool = False) -> np.ndarray:
        """Chunk rows of ``words`` (chunks of text), tokenizing the chunks not seen before."""
        index = self._normalized_chunks if normalized else self._chunks
        if len(words) > 4 * len(index):
            # a young memory (the first batch): most chunks are new, and looking each up, then again after
            # adding it, costs two passes more than finding the distinct chunks first
            distinct = dict.fromkeys(words)
            self._add_chunks([w for w in distinct if w not in index], normalized)
            return np.fromiter(map(index.__getitem__, words), dtype=np.int64, count=len(words))
        rows = np.fromiter(map(index.get, words, repeat(-1)), dtype=np.int64, count=len(words))
        missing = np.flatnonzero(rows < 0)
        if missing.size:
            new_words = [words[i] for i in missing.tolist()]
            self._add_chunks(list(dict.fromkeys(new_words)), normalized)
            rows[missing] = np.fromiter(map(index.__getitem__, new_words), dtype=np.int64, count=len(new_words))
        return rows

    def _add_chunks(self, chunks: list[str], normalized: bool) -> None:
        """Tokenize new distinct chunks and add them to the chunk table."""
        if not chunks:
            return
        if normalized:
            texts = chunks
        else:
            joined = "\x00".join(chunks)
            if joined.count("\x00") == len(chunks) - 1:  # normalise all at once: \x00 changes no neighbour
                texts = normalize_text(joined, self.lowercase).split("\x00")
            else:
                texts = [normalize_text(chunk, self.lowercase) for chunk in chunks]
        findall = self.token_pattern.findall
        found = [findall(text) for text in texts]
        flat = list(chain.from_iterable(found))
        raw_ids = self._raw_ids
        new_tokens = [t for t in dict.fromkeys(flat) if t not in raw_ids]
        if new_tokens:
            self._add_raw_tokens(new_tokens)
        ids = list(map(raw_ids.__getitem__, flat))
        lengths = list(map(len, found))
        first_row = len(self._chunk_len)
        self._chunk_start.extend(accumulate(lengths[:-1], initial=len(self._chunk_tokens)))
        self._chunk_len.extend(lengths)
        self._chunk_tokens.extend(ids)
        masks = np.zeros(len(chunks), dtype=np.uint64)
        if self._prefilter is not None and not normalized:
            sizes = np.array(lengths, dtype=np.int64)
            nonempty = np.flatnonzero(sizes > 0)
            if nonempty.size:
                token_masks = _view(self._raw_mask, np.uint64)[np.array(ids, dtype=np.int64)]
                masks[nonempty] = np.bitwise_or.reduceat(token_masks, (np.cumsum(sizes) - sizes)[nonempty])
            for k in np.flatnonzero(sizes == 0).tolist():
                if _SEPARATORS_ONLY.fullmatch(texts[k]):
                    masks[k] = _CONNECTOR_BIT
        self._chunk_mask.frombytes(masks.tobytes())
        self._chunk_text.extend(texts)
        (self._normalized_chunks if normalized else self._chunks).update(
            zip(chunks, range(first_row, first_row + len(chunks))))

    def _add_raw_tokens(self, tokens: list[str]) -> None:
        """Filter new raw tokens (possessive, length, stop words, numbers, variants, stem) into terms.

        Each filter is one pass of a C-level map over the new tokens, not a Python loop per token.
        """
        stopwords, min_length, numbers = self.stopwords, self.min_length, self.numbers
        term_ids, terms = self._term_ids, self.terms
        candidates = tokens
        ends_in_s = np.fromiter(map(str.endswith, tokens, repeat(("'s", "'S"))), dtype=bool, count=len(tokens))
        if ends_in_s.any():
            candidates = list(tokens)
            for i in np.flatnonzero(ends_in_s).tolist():
                candidates[i] = _strip_possessive(tokens[i])
        drop = np.fromiter(map(len, candidates), dtype=np.int64, count=len(candidates)) < min_length
        if stopwords:
            drop |= np.fromiter(map(stopwords.__contains__, candidates), dtype=bool, count=len(candidates))
        if not numbers:
            drop |= np.fromiter(map(_lacks_letter, candidates), dtype=bool, count=len(candidates))
        kept_at = np.flatnonzero(~drop)
        kept = [candidates[i] for i in kept_at.tolist()] if drop.any() else list(candidates)
        if self.variants is not None:
            kept = list(map(self.variants.get, kept, kept))
        if self.stem is not None:
            stem = self.stem
            kept = [term if "_" in term else stem(term) for term in kept]
        fresh = list(filterfalse(term_ids.__contains__, dict.fromkeys(kept)))
        term_ids.update(zip(fresh, range(len(terms), len(terms) + len(fresh))))
        terms.extend(fresh)
        ids = np.full(len(tokens), -1, dtype=np.int32)
        ids[kept_at] = np.fromiter(map(term_ids.__getitem__, kept), dtype=np.int32, count=len(kept))
        first = len(self._raw_term)
        self._raw_ids.update(zip(tokens, range(first, first + len(tokens))))
        self._raw_term.frombytes(ids.tobytes())
        if self._prefilter is None:
            self._raw_mask.frombytes(bytes(8 * len(tokens)))
            return
        bits = self._prefilter[0]
        masks = list(map(bits.get, tokens, repeat(0)))
        alnum = np.fromiter(map(str.isalnum, tokens), dtype=bool, count=len(tokens))
        for i in np.flatnonzero(~alnum).tolist():  # tokens of several runs (anti-western, nation's)
            mask = 0
            for run in _JOINER.split(tokens[i]):
                mask |= bits.get(run, 0)
            masks[i] = mask
        self._raw_mask.extend(masks)

    # -- batches of texts ---------------------------------------------------------
    def _chunk_rows(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(chunk row of every whitespace-delimited chunk, index of its text), phrases joined."""
        joined = " \x00 ".join(texts)
        if joined.count("\x00") == len(texts) - 1:
            # one split of the whole batch, texts separated by a "\x00" chunk: no list per text
            words = joined.split()
            del joined
            rows = self._rows_of(words)
            marker = self._chunks["\x00"] if len(texts) > 1 else -1
            del words
            is_marker = rows == marker
            owner = np.cumsum(is_marker)
            if len(texts) > 1:
                rows, owner = rows[~is_marker], owner[~is_marker]
            n_chunks = np.bincount(owner, minlength=len(texts))
        else:
            del joined
            word_lists = [text.split() for text in texts]
            n_chunks = np.fromiter(map(len, word_lists), dtype=np.int64, count=len(word_lists))
            rows = self._rows_of(list(chain.from_iterable(word_lists)))
            del word_lists
            owner = np.repeat(np.arange(len(texts), dtype=np.int64), n_chunks)
        return self._phrases_joined(texts, rows, owner, n_chunks)

    def _phrases_joined(self, texts: list[str], rows: np.ndarray, owner: np.ndarray, n_chunks: np.ndarray):
        """(chunk rows, index of their text) with the phrases joined (``n_chunks``: chunks per text)."""
        if self.phrase_pattern is not None and len(rows):
            if self._prefilter is not None:
                rows, owner = self._join_phrase_runs(rows, owner)
            else:
                rows, owner = self._join_phrases(texts, np.flatnonzero(n_chunks > 0), rows, owner)
        return rows, owner

    def _join_phrase_runs(self, rows: np.ndarray, owner: np.ndarray):
        """Join phrases within runs of consecutive chunks that hold phrase words.

        A phrase match covers whole chunks of phrase words and separators, plus perhaps
        the start of the first and the end of the last; the space between chunks is
        all the regex needs to know of their surroundings. So each run of such chunks
        (within one text) is joined by single spaces, put through the phrase regex and
        split again: the chunks are those of the whole text put through the regex.
        Only runs that hold every word of some phrase are tried, and each distinct run once.
        """
        masks = _view(self._chunk_mask, np.uint64)[rows]
        flagged = masks != 0
        if not flagged.any():
            return rows, owner
        continues = np.zeros(len(rows), dtype=bool)
        continues[1:] = flagged[1:] & flagged[:-1] & (owner[1:] == owner[:-1])
        run_start = np.flatnonzero(flagged & ~continues)
        last = flagged.copy()
        last[:-1] &= ~continues[1:]
        run_end = np.flatnonzero(last) + 1
        bounds = np.empty(2 * len(run_start), dtype=np.int64)
        bounds[0::2], bounds[1::2] = run_start, run_end
        run_mask = np.bitwise_or.reduceat(np.append(masks, np.uint64(0)), bounds)[0::2]
        selected = np.zeros(len(run_start), dtype=bool)
        for need in self._prefilter[1]:
            selected |= (run_mask & need) == need
        if not selected.any():
            return rows, owner
        run_start, run_end = run_start[selected], run_end[selected]
        # the chunk rows of all selected runs, as one Python list
        run_length = run_end - run_start
        first = np.cumsum(run_length) - run_length
        inside = np.repeat(run_start - first, run_length) + np.arange(int(run_length.sum()))
        run_rows = rows[inside].tolist()
        chunk_text, cache = self._chunk_text, self._phrase_runs
        starts, ends, replacements = [], [], []
        for start, end, at, length in zip(run_start.tolist(), run_end.tolist(), first.tolist(), run_length.tolist()):
            run = " ".join([chunk_text[r] for r in run_rows[at:at + length]])
            joined = cache.get(run, False)
            if joined is False:
                text = self.phrase_pattern.sub(_join_phrase, run)
                joined = cache[run] = None if text == run else self._rows_of(text.split(), normalized=True)
            if joined is not None:
                starts.append(start)
                ends.append(end)
                replacements.append(joined)
        if not starts:
            return rows, owner
        return _splice(rows, owner, np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64), replacements)

    def _join_phrases(self, texts, candidates, rows, owner):
        """Re-split the candidate texts after normalising them whole and joining phrases."""
        selected = [texts[i] for i in candidates]
        joined = "\x00".join(selected)
        if joined.count("\x00") == len(selected) - 1:
            # one regex pass over all of them: \x00 is neither a space nor a word character,
            # so no phrase can run across it
            pieces = self.phrase_pattern.sub(_join_phrase, normalize_text(joined, self.lowercase)).split("\x00")
        else:
            pieces = [self.phrase_pattern.sub(_join_phrase, normalize_text(t, self.lowercase)) for t in selected]
        del joined, selected
        word_lists = [piece.split() for piece in pieces]
        n_chunks = np.fromiter(map(len, word_lists), dtype=np.int64, count=len(word_lists))
        new_rows = self._rows_of(list(chain.from_iterable(word_lists)), normalized=True)
        keep = np.ones(len(texts), dtype=bool)
        keep[candidates] = False
        keep = keep[owner]
        rows = np.concatenate([rows[keep], new_rows])
        owner = np.concatenate([owner[keep], np.repeat(candidates, n_chunks)])
        order = np.argsort(owner, kind="stable")  # two sorted runs: a linear merge
        return rows[order], owner[order]

    # -- text whose chunks do not repeat: one regex pass per batch -------------------
    def _mostly_new(self, texts: list[str]) -> bool:
        """Whether most chunks of a sample of the batch are new (neither remembered nor repeated).

        Then remembering chunks costs more than it saves, and :meth:`_flat_tokens` tokenizes
        the batch in one regex pass instead.
        """
        sample = []
        for text in texts:
            sample.extend(text.split())
            if len(sample) >= _SAMPLE_CHUNKS:
                break
        if len(sample) < _SAMPLE_CHUNKS:
            return False
        known = self._chunks
        new = {chunk for chunk in sample if chunk not in known}
        return len(new) > _NEW_SHARE * len(sample)

    def _flat_tokens(self, texts: list[str]):
        """(raw token ids, index of the text) of a batch: normalised whole, one regex pass, phrases per text.

        The same tokens as the chunk path: a token never crosses whitespace, and the
        token regex looks at no character before a match and only at a non-word character
        after a chunk, so matching the whole text gives each chunk's matches in turn.
        Phrases are joined, as in :meth:`_join_phrases`, in the texts that hold every
        word of some phrase. ``None`` when a text holds the separator ``\x00``.
        """
        joined = "\x00".join(texts)
        if joined.count("\x00") != len(texts) - 1:
            return None
        normalized = normalize_text(joined, self.lowercase)
        del joined
        flat = self._flat_pattern.findall(normalized)
        raw_ids = self._raw_ids
        new_tokens = list(filterfalse(raw_ids.__contains__, dict.fromkeys(flat)))
        if new_tokens:
            self._add_raw_tokens(new_tokens)
        raw = np.fromiter(map(raw_ids.__getitem__, flat), dtype=np.int64, count=len(flat))
        del flat
        is_marker = raw == self._marker_id
        owner = np.cumsum(is_marker)
        raw, owner = raw[~is_marker], owner[~is_marker]
        if self.phrase_pattern is None or not len(raw):
            return raw, owner
        if self._prefilter is None:
            candidates = np.flatnonzero(np.bincount(owner, minlength=len(texts)) > 0)
        else:
            masks = _view(self._raw_mask, np.uint64)[raw]
            flagged = np.flatnonzero(masks != 0)
            if not flagged.size:
                return raw, owner
            text_of = owner[flagged]
            starts = np.flatnonzero(np.r_[True, text_of[1:] != text_of[:-1]])
            text_mask = np.bitwise_or.reduceat(masks[flagged], starts)
            selected = np.zeros(len(starts), dtype=bool)
            for need in self._prefilter[1]:
                selected |= (text_mask & need) == need
            candidates = text_of[starts[selected]]
        if not candidates.size:
            return raw, owner
        pieces = normalized.split("\x00")
        del normalized
        sub, findall = self.phrase_pattern.sub, self.token_pattern.findall
        found = [findall(sub(_join_phrase, pieces[i])) for i in candidates.tolist()]
        del pieces
        new_flat = list(chain.from_iterable(found))
        new_tokens = [t for t in dict.fromkeys(new_flat) if t not in raw_ids]
        if new_tokens:
            self._add_raw_tokens(new_tokens)
        new_raw = np.fromiter(map(raw_ids.__getitem__, new_flat), dtype=np.int64, count=len(new_flat))
        lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
        keep = np.ones(len(texts), dtype=bool)
        keep[candidates] = False
        keep = keep[owner]
        raw = np.concatenate([raw[keep], new_raw])
        owner = np.concatenate([owner[keep], np.repeat(candidates, lengths)])
        order = np.argsort(owner, kind="stable")  # two sorted runs: a linear merge
        return raw[order], owner[order]

    def _expand(self, rows: np.ndarray):
        """Raw token ids of the chunks ``rows``, in order, and the number of tokens per chunk."""
        lengths = _view(self._chunk_len, np.int32)[rows].astype(np.int64)
        starts = _view(self._chunk_start, np.int64)[rows]
        ends = np.cumsum(lengths)
        offsets = np.repeat(starts - (ends - lengths), lengths) + np.arange(int(ends[-1]) if len(ends) else 0)
        return _view(self._chunk_tokens, np.int32)[offsets], lengths

    def encode(self, texts: list[str], positions: bool = True):
        """Tokenize a batch: (term id, index of the text, position) of every kept token.

        ``position`` numbers the tokens of each text before the filters (``None`` unless
        ``positions``); term ids index :attr:`terms`.
        """
        flat = self._flat_tokens(texts) if self._mostly_new(texts) else None
        if flat is None:
            rows, owner = self._chunk_rows(texts)
            raw, lengths = self._expand(rows)
            text_index = np.repeat(owner, lengths)
        else:
            raw, text_index = flat
        term = _view(self._raw_term, np.int32)[raw]
        keep = term >= 0
        position = None
        if positions:
            per_text = np.bincount(text_index, minlength=len(texts))
            first = np.cumsum(per_text) - per_text
            position = (np.arange(len(raw)) - first[text_index])[keep].astype(np.int32)
        return term[keep], text_index[keep], position

    def encode_counts(self, texts: list[str], row_of_text: np.ndarray):
        """Count a batch into rows: (row, term id, count or None for ones) of the kept tokens, pairs repeated.

        ``row_of_text[i]`` is the row text ``i`` counts in (-1: none). On the chunk path each distinct
        (row, chunk) is counted once and its tokens weighted by that count, when the rows are few enough
        to count by index; otherwise, as :meth:`encode`, one entry per token. The sums are the same.
        """
        flat = self._flat_tokens(texts) if self._mostly_new(texts) else None
        if flat is None:
            return self._counted(*self._chunk_rows(texts), row_of_text)
        raw, text_index = flat
        text_row = row_of_text[text_index]
        term = _view(self._raw_term, np.int32)[raw]
        keep = (term >= 0) & (text_row >= 0)
        return text_row[keep], term[keep], None

    def encode_counts_of_chunks(self, texts: list[str], chunks: list[str], ids: np.ndarray, n_chunks: np.ndarray,
                                row_of_text: np.ndarray):
        """:meth:`encode_counts` of texts already split at whitespace: their chunks are ``chunks[ids]``, in
        order, ``n_chunks[i]`` of them for text ``i`` (``texts`` only for phrases across chunks). Each distinct
        chunk is looked up once; the texts are not split again."""
        present = np.zeros(len(chunks), dtype=bool)
        present[ids] = True
        distinct = np.flatnonzero(present)
        row_of_chunk = np.zeros(len(chunks), dtype=np.int64)
        row_of_chunk[distinct] = self._rows_of([chunks[i] for i in distinct.tolist()])
        owner = np.repeat(np.arange(len(texts), dtype=np.int64), n_chunks)
        return self._counted(*self._phrases_joined(texts, row_of_chunk[ids], owner, n_chunks), row_of_text)

    def _counted(self, chunks: np.ndarray, owner: np.ndarray, row_of_text: np.ndarray):
        """(row, term id, count or None) of the tokens of chunk rows ``chunks`` of texts ``owner``."""
        row = row_of_text[owner]
        n_chunks = len(self._chunk_len)
        if len(row) and (int(row.max()) + 1) * n_chunks <= 4 * len(row):
            counted = row >= 0
            key = row[counted] * n_chunks + chunks[counted]
            tally = np.bincount(key, minlength=(int(row.max()) + 1) * n_chunks)
            distinct = np.flatnonzero(tally)
            row, chunks = np.divmod(distinct, n_chunks)
            raw, lengths = self._expand(chunks)
            term = _view(self._raw_term, np.int32)[raw]
            keep = term >= 0
            return np.repeat(row, lengths)[keep], term[keep], np.repeat(tally[distinct], lengths)[keep]
        raw, lengths = self._expand(chunks)
        text_row = np.repeat(row, lengths)
        term = _view(self._raw_term, np.int32)[raw]
        keep = (term >= 0) & (text_row >= 0)
        return text_row[keep], term[keep], None

    def count_raw(self, texts: list[str]) -> np.ndarray:
        """Tokens per text before any filter (phrases joined when the tokenizer joins them)."""
        rows, owner = self._chunk_rows(texts)
        lengths = _view(self._chunk_len, np.int32)[rows].astype(np.int64)
        return np.bincount(owner, weights=lengths, minlength=len(texts)).astype(np.int64)

    # -- one text -------------------------------------------------------------------
    def positioned(self, text: str) -> list[tuple[int, str]]:
        """(position, token) pairs of one text, after every filter."""
        term, _, position = self.encode([text])
        terms = self.terms
        return [(p, terms[t]) for p, t in zip(position.tolist(), term.tolist())]

    def __call__(self, text: str) -> list[str]:
        term, _, _ = self.encode([text], positions=False)
        terms = self.terms
        return [terms[t] for t in term.tolist()]


def _splice(rows: np.ndarray, owner: np.ndarray, starts: np.ndarray, ends: np.ndarray,
            replacements: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Replace ``rows[starts[j]:ends[j]]`` by ``replacements[j]`` (disjoint, ascending ranges); owners follow."""
    lengths = np.fromiter(map(len, replacements), dtype=np.int64, count=len(replacements))
    removed = ends - starts
    boundary = np.zeros(len(rows) + 1, dtype=np.int64)
    boundary[starts] += 1
    boundary[ends] -= 1
    kept = np.flatnonzero(np.cumsum(boundary[:-1]) == 0)
    added = np.zeros(len(rows), dtype=np.int64)
    added[starts] = lengths
    kept_position = np.arange(len(kept)) + np.cumsum(added)[kept]
    kept_before = starts - (np.cumsum(removed) - removed)
    n_new = int(lengths.sum())
    # entry t of range j goes after the kept rows before it and the replacements of earlier ranges
    new_position = np.repeat(kept_before, lengths) + np.arange(n_new)
    out_rows = np.empty(len(kept) + n_new, dtype=np.int64)
    out_owner = np.empty(len(kept) + n_new, dtype=np.int64)
    out_rows[kept_position] = rows[kept]
    out_owner[kept_position] = owner[kept]
    out_rows[new_position] = np.concatenate(replacements)
    out_owner[new_position] = np.repeat(owner[starts], lengths)
    return out_rows, out_owner


def _batches(texts: list[str], max_chars: int = BATCH_CHARS) -> Iterator[tuple[int, list[str], int]]:
    """(offset of the first text, texts, characters) in batches of about ``max_chars`` characters."""
    start, size = 0, 0
    for i, text in enumerate(texts):
        size += len(text)
        if size >= max_chars:
            yield start, texts[start:i + 1], size
            start, size = i + 1, 0
    if start < len(texts) or not texts:
        yield start, texts[start:], size


def _sorted_vocabulary(terms: list[str], used: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the used terms sorted, rank of every term id in that order or -1 when unused)."""
    used_ids = np.flatnonzero(used)
    words = terms if len(used_ids) == len(terms) else list(map(terms.__getitem__, used_ids.tolist()))
    # Python's sort of str keys (a specialised comparison), stable as numpy's was: the same order
    order = np.array(sorted(range(len(words)), key=words.__getitem__), dtype=np.int64)
    rank = np.full(len(terms), -1, dtype=np.int64)
    rank[used_ids[order]] = np.arange(len(order))
    vocabulary = np.empty(len(order), dtype=object)
    vocabulary[:] = list(map(words.__getitem__, order.tolist()))
    return vocabulary, rank


def tokenize(text: str, lowercase: bool = True, stopwords: str | Iterable[str] | None = "default",
             merge_variants: bool = True, phrases: bool | Iterable[str] = True, stem: bool = False,
             min_length: int = 2, numbers: bool = True, *,
             hyphens: str = "keep", corpus: Path | str | pd.DataFrame | None = None) -> list[str]:
    """Tokens of one string, with the same options as :func:`tokens`.

    Parameters
    ----------
    text : str
        The text.
    lowercase : bool, default True
        Lower-case tokens (with Turkish ``İ`` → ``i``).
    stopwords : str or iterable of str or None, default "default"
        ``"default"`` (Snowball English + project list), ``"english"``, ``"project"``,
        an iterable of words, or ``None`` to keep every word.
    merge_variants : bool, default True
        Map the corpus' spelling variants to one form (its ``resources/variants.csv``; in the
        shipped corpus Türkiye/Turkiye/Turkey → ``türkiye``, Əliyev → ``aliyev``). True is the
        default of every function that takes it, so that a name is one term whether it is counted,
        compared across documents or matched by the frame lexicon (which always merges);
        ``False`` keeps each spelling as written (for :func:`framings.text.spelling_variants`).
    phrases : bool or iterable of str, default True
        ``True`` joins the corpus's multi-word terms (``resources/phrases.txt``), an
        iterable gives your own list, ``False`` none.
    stem : bool, default False
        Apply NLTK's Snowball (Porter2) English stemmer; phrase tokens are left whole.
    min_length : int, default 2
        Drop tokens shorter than this many characters.
    numbers : bool, default True
        Keep tokens without letters (years, figures); ``False`` drops them.
    hyphens : {"keep", "split"}, default "keep"
        ``"keep"`` hyphenated compounds whole (``anti-western``, as quanteda does) or
        ``"split"`` them (``anti``, ``western``, as tidytext does).
    corpus : pathlib.Path or str or pandas.DataFrame or None, default None
        The corpus folder whose ``resources/phrases.txt`` and ``resources/variants.csv``
        are used, or a frame from :func:`framings.load_corpus` (its folder); ``None``:
        :func:`framings._paths.default_corpus_path`.

    Returns
    -------
    list of str
        The tokens, in order.

    Examples
    --------
    >>> tokenize("It's 1,000 people, not 7.8% of Azerbaijan's", stopwords=None, phrases=False)
    ["it's", '1,000', 'people', 'not', '7.8', 'of', 'azerbaijan']
    >>> tokenize("Strategic autonomy and energy security")
    ['strategic_autonomy', 'energy_security']
    """
    return Tokenizer(lowercase, stopwords, merge_variants, phrases, stem, min_length, numbers,
                      corpus=corpus, hyphens=hyphens)(text)


def tokens(paras: pd.DataFrame, lowercase: bool = True, stopwords: str | Iterable[str] | None = "default",
           merge_variants: bool = True, phrases: bool | Iterable[str] = True, stem: bool = False,
           min_length: int = 2, numbers: bool = True, *,
           hyphens: str = "keep", corpus: Path | str | pd.DataFrame | None = None) -> pd.DataFrame:
    """Tidy tokens: one row per token, columns ``doc_id, para_id, framing, position, token``.

    Parameters
    ----------
    paras : pandas.DataFrame
        Frame from :func:`framings.paragraphs` (needs ``doc_id, para_id, framing, text``).
    lowercase : bool, default True
        Lower-case tokens (with Turkish ``İ`` → ``i``).
    stopwords : str or iterable of str or None, default "default"
        ``"default"`` (Snowball English + project list), ``"english"``, ``"project"``,
        an iterable of words, or ``None`` to keep every word.
    merge_variants : bool, default True
        Map the corpus' spelling variants to one form (its ``resources/variants.csv``; in the
        shipped corpus Türkiye/Turkiye/Turkey → ``türkiye``, Əliyev → ``aliyev``). True is the
        default of every function that takes it, so that a name is one term whether it is counted,
        compared across documents or matched by the frame lexicon (which always merges);
        ``False`` keeps each spelling as written (for :func:`framings.text.spelling_variants`).
    phrases : bool or iterable of str, default True
        ``True`` joins the corpus's multi-word terms (``resources/phrases.txt``), an
        iterable gives your own list, ``False`` none.
    stem : bool, default False
        Apply NLTK's Snowball (Porter2) English stemmer; phrase tokens are left whole.
    min_length : int, default 2
        Drop tokens shorter than this many characters.
    numbers : bool, default True
        Keep tokens without letters (years, figures); ``False`` drops them.
    hyphens : {"keep", "split"}, default "keep"
        ``"keep"`` hyphenated compounds whole (``anti-western``, as quanteda does) or
        ``"split"`` them (``anti``, ``western``, as tidytext does).
    corpus : pathlib.Path or str or pandas.DataFrame or None, default None
        The corpus folder whose ``resources/phrases.txt`` and ``resources/variants.csv``
        are used, or a frame from :func:`framings.load_corpus` (its folder); ``None``:
        the folder ``paras`` came from (``paras.attrs["corpus_path"]``), else
        :func:`framings._paths.default_corpus_path`.

    Returns
    -------
    pandas.DataFrame
        One row per token. ``doc_id``, ``para_id``, ``framing`` and ``token`` are
        categoricals and ``position`` (the token's place in its paragraph, counting dropped
        words) is ``int32``, to keep large corpora small in memory. ``attrs["merge_variants"]``
        records whether spellings were merged.

    Raises
    ------
    CorpusError
        When ``paras`` lacks a needed column.

    Examples
    --------
    >>> paras = pd.DataFrame({"doc_id": ["a"], "para_id": ["a-p001"], "framing": ["alliance"],
    ...                       "text": ["Energy security and the Turkic states."]})
    >>> fr.tokens(paras)
      doc_id para_id   framing  position            token
    0      a  a-p001  alliance         0  energy_security
    1      a  a-p001  alliance         3           turkic
    2      a  a-p001  alliance         4           states
    >>> fr.tokens(paras, stopwords=None, phrases=False)["token"].tolist()
    ['energy', 'security', 'and', 'the', 'turkic', 'states']
    """
    require_columns(paras, ["doc_id", "para_id", "framing", "text"], "tokens(): the paragraph frame",
                    "pass fr.paragraphs(corpus)")

    tokenizer = Tokenizer(lowercase, stopwords, merge_variants, phrases, stem, min_length, numbers,
                           corpus=paras if corpus is None else corpus, hyphens=hyphens)
    texts = paras["text"].astype(str).tolist()
    term_parts, row_parts, position_parts = [], [], []
    with progress_bar(sum(map(len, texts)), "tokens", "char", PROGRESS_MIN_CHARS) as bar:
        for offset, batch, size in _batches(texts):
            term, text_index, position = tokenizer.encode(batch)
            term_parts.append(term)
            row_parts.append(text_index + offset)
            position_parts.append(position)
            bar.update(size)
    del texts
    term = np.concatenate(term_parts)
    rows = np.concatenate(row_parts)
    used = np.zeros(len(tokenizer.terms), dtype=bool)
    used[term] = True
    vocabulary, rank = _sorted_vocabulary(tokenizer.terms, used)
    frame = {}
    for column in ("doc_id", "para_id", "framing"):
        values = paras[column]
        categorical = values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")
        codes = categorical.cat.codes.to_numpy()[rows]
        frame[column] = pd.Categorical.from_codes(codes, categorical.cat.categories)
    frame["position"] = np.concatenate(position_parts).astype(np.int32, copy=False)
    frame["token"] = pd.Categorical.from_codes(rank[term], pd.Index(vocabulary))
    result = carry_corpus_path(paras, pd.DataFrame(frame, columns=TOKEN_COLUMNS))
    result.attrs["merge_variants"] = bool(merge_variants)  # spelling_variants() refuses merged spellings
    return result
