"""A reference corpus: word counts of the language at large (wordfreq) or of a user's own texts, and how well
it covers the words we counted.

Keyness in this package compares a group with the rest of the same few texts. A corpus linguist also asks what
makes *all* of them unusual against the language at large (AntConc's keyword list, Sketch Engine's keywords
against a reference corpus). :func:`reference_counts` gives such a reference as a table ``term, count,
per_million``; :func:`framings.keyness`, :func:`framings.compare_groups` (``reference=``) and
:func:`framings.log_odds` (``prior=``) take it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._io import decode_utf8, read_limited
from ..corpus import load_corpus, paragraphs
from ..errors import CorpusError
from ..text import tokenize, tokens
from ._base import _check_counts

REFERENCE_COLUMNS = ["term", "count", "per_million"]


# The token options that make our counts comparable with a reference's: every word counted (a reference's total
# includes "the" and "of", so a total without them would make every content word look twice as common), no
# joined phrases (no general word list has "energy_security"), hyphenated compounds split as wordfreq splits
# them, and spellings as written (a corpus' merged spelling of a name can be rare in general English where the name as
# written is common).
REFERENCE_TOKENS = {"stopwords": None, "phrases": False, "hyphens": "split", "merge_variants": False}


DEFAULT_NOMINAL_SIZE = 100_000_000  # the size of the British National Corpus, a common reference corpus


WORDFREQ_ATTRIBUTION = (
    "wordfreq 3.1.1 by Robyn Speer (code Apache-2.0; data CC-BY-SA 4.0, "
    "https://creativecommons.org/licenses/by-sa/4.0/), built from Wikipedia, OPUS OpenSubtitles 2018 and SUBTLEX "
    "(Brysbaert et al.), NewsCrawl 2014 and GlobalVoices, Google Books Ngrams 2012, OSCAR web text, Twitter and "
    "Reddit; cite Speer (2022), rspeer/wordfreq, Zenodo, https://doi.org/10.5281/zenodo.7199437"
)


_LANGUAGES = {"english": "en"}


_COUNT_NAMES = ("count", "counts", "freq", "frequency", "n")


_TERM_NAMES = ("term", "word", "token", "type", "lemma")


def _wordfreq_table(language: str) -> tuple[dict, str]:
    try:
        import wordfreq  # optional (extra "reference"): imported on first use
    except ImportError:
        raise CorpusError(
            f'reference_counts("{language}") needs the wordfreq package (the reference extra): '
            'pip install "framings[reference]"; or pass your own folder, table or counts file as the reference'
        ) from None
    code = _LANGUAGES.get(language.lower(), language.lower())
    if code not in wordfreq.available_languages("best"):
        raise CorpusError(f"reference_counts(): wordfreq has no word list for {language!r}; use 'english' or a "
                          f"language code it has ({', '.join(sorted(wordfreq.available_languages('best')))})")
    version = getattr(wordfreq, "__version__", None) or _package_version("wordfreq")
    return wordfreq.get_frequency_dict(code, wordlist="best"), version


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:  # pragma: no cover - a vendored copy
        return "unknown"


def _finish(terms, counts, total: float, name: str, source: str, **extra) -> pd.DataFrame:
    """The reference table, most frequent first (ties by term), with its total and source in ``attrs``."""
    terms = np.asarray(terms, dtype=object)
    counts = np.asarray(counts, dtype=np.float64)
    keep = counts > 0
    terms, counts = terms[keep], counts[keep]
    order = np.lexsort((terms.astype(str), -counts))
    if total <= 0:
        raise CorpusError(f"reference_counts(): the reference {name!r} has no words; give it some counts")
    out = pd.DataFrame({"term": pd.array(terms[order].astype(str), dtype=str),
                        "count": counts[order],
                        "per_million": counts[order] / total * 1e6}, columns=REFERENCE_COLUMNS)
    if np.allclose(out["count"], np.round(out["count"])):
        out["count"] = out["count"].round().astype(np.int64)
    out.attrs.update({"name": name, "total": float(total), "source": source, **extra})
    return out


def _from_wordfreq(language: str, nominal_size: float) -> pd.DataFrame:
    frequencies, version = _wordfreq_table(language)
    terms = np.fromiter(frequencies.keys(), dtype=object, count=len(frequencies))
    freq = np.fromiter(frequencies.values(), dtype=np.float64, count=len(frequencies))
    # wordfreq gives shares of all tokens of its sources; a count needs a corpus size, which is stated, not known
    counts = np.round(freq * nominal_size)
    return _finish(terms, counts, nominal_size, language.lower(),
                   f"wordfreq {version}, word list 'best' ({len(terms):,} words)",
                   nominal_size=float(nominal_size), words_in_list=len(terms),
                   words_below_one=int((counts < 1).sum()), attribution=WORDFREQ_ATTRIBUTION,
                   licence="code Apache-2.0; data CC-BY-SA 4.0")


def _column(frame: pd.DataFrame, names: tuple[str, ...]):
    lowered = {str(c).strip().lower(): c for c in frame.columns}
    return next((lowered[n] for n in names if n in lowered), None)


def _from_table(table: pd.DataFrame, name: str, source: str) -> pd.DataFrame:
    term_col, count_col = _column(table, _TERM_NAMES), _column(table, _COUNT_NAMES)
    if term_col is None or count_col is None:
        numeric = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])]
        if len(numeric) == table.shape[1] and len(numeric):
            # a count table as term_counts gives (groups x terms): the groups pooled
            sums = table.sum(axis=0)
            return _from_series(sums, name, source)
        text = [c for c in table.columns if c not in numeric]
        if not text or not numeric:
            raise CorpusError(f"reference {name!r}: a table needs a term column and a count column "
                              f"(named term/word and count/freq), got columns {list(table.columns)}")
        term_col = term_col if term_col is not None else text[0]
        if count_col is None:
            # AntConc's word list has rank, frequency, word: the rank is 1, 2, 3, ..., the frequency is not
            candidates = [c for c in numeric
                          if not np.array_equal(table[c].to_numpy(), np.arange(1, len(table) + 1))]
            count_col = (candidates or numeric)[0]
    counts = pd.to_numeric(table[count_col], errors="coerce").to_numpy(np.float64)
    if np.isnan(counts).any() or (counts < 0).any():
        raise CorpusError(f"reference {name!r}: column {count_col!r} must hold non-negative counts on every row")
    terms = table[term_col].astype(str).str.strip().to_numpy(object)
    pooled = pd.Series(counts).groupby(terms, sort=False).sum()
    return _finish(pooled.index.to_numpy(object), pooled.to_numpy(), float(counts.sum()), name, source)


def _from_series(series: pd.Series, name: str, source: str) -> pd.DataFrame:
    counts = pd.to_numeric(series, errors="coerce").to_numpy(np.float64)
    if np.isnan(counts).any() or (counts < 0).any():
        raise CorpusError(f"reference {name!r}: counts must be non-negative numbers for every term")
    pooled = pd.Series(counts).groupby(series.index.astype(str).to_numpy(object), sort=False).sum()
    return _finish(pooled.index.to_numpy(object), pooled.to_numpy(), float(counts.sum()), name, source)


def _from_file(path: Path) -> pd.DataFrame:
    text = decode_utf8(read_limited(path, str(path), "reference counts file"), str(path), "reference counts file")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise CorpusError(f"{path}: the reference counts file has no rows")
    sep = "\t" if "\t" in lines[0] else ("," if "," in lines[0] else r"\s+")
    first = [f.strip().lower() for f in (lines[0].split(sep) if sep != r"\s+" else lines[0].split())]
    header = 0 if any(f in _TERM_NAMES + _COUNT_NAMES for f in first) else None
    try:
        table = pd.read_csv(io.StringIO("\n".join(lines)), sep=sep, header=header, engine="python",
                            keep_default_na=False, dtype=str)
    except (ValueError, pd.errors.ParserError) as err:
        raise CorpusError(f"{path}: not a table of terms and counts ({err})") from None
    for column in table.columns:
        converted = pd.to_numeric(table[column], errors="coerce")
        if converted.notna().all():
            table[column] = converted
    return _from_table(table, path.stem, f"counts file {path.name}")


def _from_folder(path: Path, token_options: dict) -> pd.DataFrame:
    # the same tokenizer as our own counts, so that the two agree
    options = {**REFERENCE_TOKENS, **token_options}
    if (path / "metadata.csv").is_file():
        toks = tokens(paragraphs(load_corpus(path)), corpus=path, **options)
        counts = toks["token"].astype(str).value_counts(sort=False)
        return _from_series(counts, path.name, f"corpus folder {path.name} ({len(toks):,} tokens)")
    files = sorted(path.rglob("*.txt"))
    if not files:
        raise CorpusError(f"{path}: a reference folder needs .txt files (or a corpus folder with metadata.csv)")
    pooled: dict[str, int] = {}
    for file in files:
        words = tokenize(decode_utf8(read_limited(file, str(file), "reference text"), str(file), "text"),
                         corpus=path, **options)
        for word in words:
            pooled[word] = pooled.get(word, 0) + 1
    return _from_series(pd.Series(pooled, dtype=np.float64), path.name,
                        f"folder {path.name} ({len(files)} text files)")


def reference_counts(source: str | Path | pd.DataFrame | pd.Series = "english", *,
                     nominal_size: float = DEFAULT_NOMINAL_SIZE, **token_options: Any) -> pd.DataFrame:
    """Word counts of a reference corpus: general English (wordfreq) or your own folder, table or counts file.

    ``"english"`` reads the English word list of ``wordfreq`` (321,180 words; the optional extra:
    ``pip install "framings[reference]"``). wordfreq gives *frequencies* (shares of all tokens of its sources,
    rounded to 1 % steps of the logarithm), not counts, so a count is ``round(frequency × nominal_size)``: the
    reference is *stated* to have ``nominal_size`` tokens. Rates per million and Kilgarriff's simple maths do not
    depend on it; G², χ² and p-values do (a larger reference makes the same rates more certain), and words below
    half a token at that size are left out. Show your result at two or three sizes (the counting notebook does).

    The data of wordfreq is under CC-BY-SA 4.0 (code Apache-2.0), by Robyn Speer, from Wikipedia, OPUS
    OpenSubtitles 2018 and SUBTLEX (Brysbaert et al.), NewsCrawl 2014 and GlobalVoices, Google Books Ngrams 2012,
    OSCAR, Twitter and Reddit: credit it as ``attrs["attribution"]`` says (and ``PROVENANCE.md``).

    Your own reference:

    * a **folder**: a corpus folder (with ``metadata.csv``) is loaded and tokenised as :func:`framings.tokens`
      does; a folder of ``.txt`` files is tokenised file by file with the same tokenizer. Token options are
      :data:`REFERENCE_TOKENS` (every word, no phrases, hyphens split, spellings as written) unless you pass
      others.
    * a **counts file** (``.csv``, ``.tsv`` or ``.txt``): columns of terms and counts, with a header naming them
      (``term``/``word`` and ``count``/``freq``) or without one (the text column and the numeric column; in
      AntConc's ``rank, frequency, word`` list the column that is not 1, 2, 3, ...). Lines starting with ``#`` are
      comments.
    * a **table**: a DataFrame with term and count columns, or a groups × terms count table (summed), or a
      Series term → count.

    Compare your counts with it after tokenising them as it was tokenised (:data:`REFERENCE_TOKENS` for
    wordfreq), and read :func:`reference_coverage` before the keywords.

    Parameters
    ----------
    source : str or pathlib.Path or pandas.DataFrame or pandas.Series, default "english"
        ``"english"`` (or another wordfreq language code), a folder, a counts file, or a table.
    nominal_size : float, default 100,000,000
        The stated number of tokens of a wordfreq reference (the British National Corpus has about 100
        million). Not used for your own counts, whose total is their sum.
    **token_options
        For a folder: options of :func:`framings.tokens`, over :data:`REFERENCE_TOKENS`.

    Returns
    -------
    pandas.DataFrame
        ``term, count, per_million``, most frequent first. ``attrs``: ``name`` (``"english"``, the folder or file
        name), ``total`` (the reference's tokens: ``nominal_size`` for wordfreq, the sum of the counts otherwise),
        ``source``, and for wordfreq ``nominal_size``, ``words_in_list``, ``words_below_one``, ``attribution`` and
        ``licence``.

    Raises
    ------
    CorpusError
        When wordfreq is missing (naming ``pip install "framings[reference]"``), for a language wordfreq does not
        have, a path that does not exist, a table without term and count columns, or negative counts.

    Examples
    --------
    >>> english = fr.stats.reference_counts("english")
    >>> english.head(3)[["term", "count"]]
      term    count
    0  the  5370318
    1   to  2691535
    2  and  2570396
    >>> english.attrs["total"], fr.stats.reference_counts("english", nominal_size=1e6).attrs["total"]
    (100000000.0, 1000000.0)
    >>> own = fr.stats.reference_counts(pd.DataFrame({"word": ["gas", "oil"], "freq": [30, 10]}))
    >>> own[["term", "count", "per_million"]]
      term  count  per_million
    0  gas     30     750000.0
    1  oil     10     250000.0
    """
    if isinstance(source, pd.DataFrame):
        return _from_table(source, str(source.attrs.get("name", "reference")), "table")
    if isinstance(source, pd.Series):
        return _from_series(source, str(source.name or "reference"), "series")
    if isinstance(source, str) and (source.lower() in _LANGUAGES or (len(source) <= 3 and not Path(source).exists())):
        if not np.isfinite(nominal_size) or nominal_size <= 0:
            raise CorpusError(f"reference_counts(): nominal_size={nominal_size!r} must be a positive number")
        return _from_wordfreq(source, float(nominal_size))
    path = Path(source)
    if path.is_dir():
        return _from_folder(path, token_options)
    if path.is_file():
        return _from_file(path)
    raise CorpusError(f"reference_counts(): {str(source)!r} is neither 'english' nor an existing folder or counts "
                      "file; pass one of them, or a table of terms and counts")


def as_reference(reference, default_name: str = "reference") -> tuple[pd.Series, float, str]:
    """(term → count Series, total tokens, name) of a reference table, Series or anything :func:`reference_counts` reads."""
    if isinstance(reference, pd.DataFrame) and list(reference.columns[:2]) == ["term", "count"]:
        table = reference
    else:
        table = reference_counts(reference)
    counts = pd.Series(table["count"].to_numpy(np.float64), index=table["term"].astype(str).to_numpy(object))
    total = float(table.attrs.get("total", counts.sum()))
    if total < counts.sum() * (1 - 1e-9):
        raise CorpusError(f"reference: attrs['total']={total:,.0f} is below the sum of its counts "
                          f"({counts.sum():,.0f}); fix the total or drop it")
    return counts, total, str(table.attrs.get("name", default_name))


COVERAGE_COLUMNS = ["group", "tokens", "types", "tokens_known", "types_known", "share_tokens_known",
                    "share_types_known", "unknown_phrases", "unknown_hyphenated", "unknown_numbers",
                    "unknown_other", "most_frequent_unknown"]


def reference_coverage(counts: pd.DataFrame, reference: pd.DataFrame | pd.Series | str | Path,
                       n_examples: int = 5) -> pd.DataFrame:
    """How much of our counted words a reference corpus knows, and why the rest is unknown.

    A term absent from the reference has count 0 there, so keyness against it makes the term look key whatever
    its rate: read this first. Unknown types are sorted into what tokenisation explains: ``unknown_phrases``
    (joined by our tokenizer with ``_``: no word list has them; tokenise with ``phrases=False``),
    ``unknown_hyphenated`` (wordfreq splits hyphens; ``hyphens="split"``), ``unknown_numbers`` (no letter: wordfreq
    lists digit shapes such as ``0000``) and ``unknown_other`` (names, rare words, merged spelling variants,
    typing errors).

    Parameters
    ----------
    counts : pandas.DataFrame
        Groups × terms counts (:func:`framings.term_counts`).
    reference : pandas.DataFrame or pandas.Series or str or pathlib.Path
        A table from :func:`reference_counts`, or anything it reads.
    n_examples : int, default 5
        Unknown types named per group, most frequent first.

    Returns
    -------
    pandas.DataFrame
        One row per group of ``counts`` and a last row ``"all"``: ``group, tokens, types, tokens_known,
        types_known, share_tokens_known, share_types_known, unknown_phrases, unknown_hyphenated,
        unknown_numbers, unknown_other, most_frequent_unknown`` (a comma-separated string).

    Examples
    --------
    >>> counts = pd.DataFrame({"gas": [3, 1], "energy_security": [2, 0], "1,000": [0, 1]}, index=["a", "b"])
    >>> reference = pd.DataFrame({"term": ["gas", "oil"], "count": [30, 10]})
    >>> fr.stats.reference_coverage(counts, reference)[["group", "tokens", "share_tokens_known",
    ...                                                  "unknown_phrases", "unknown_numbers"]]
      group  tokens  share_tokens_known  unknown_phrases  unknown_numbers
    0     a       5            0.600000                1                0
    1     b       2            0.500000                0                1
    2   all       7            0.571429                1                1
    """
    matrix, groups, terms = _check_counts(counts)
    known_counts, _total, _name = as_reference(reference)
    known = np.asarray(pd.Index(terms.astype(str)).isin(known_counts.index), dtype=bool)
    terms_str = pd.Series(terms.astype(str))
    kind = np.select([terms_str.str.contains("_", regex=False).to_numpy(),
                      terms_str.str.contains("-", regex=False).to_numpy(),
                      ~terms_str.str.contains(r"[^\W\d_]", regex=True).to_numpy()],
                     ["phrase", "hyphenated", "number"], default="other")
    rows = []
    for label, row in [*zip([str(g) for g in groups], matrix), ("all", matrix.sum(axis=0))]:
        used = row > 0
        unknown = used & ~known
        order = np.argsort(-row[unknown], kind="stable")
        rows.append({
            "group": label, "tokens": int(row.sum()), "types": int(used.sum()),
            "tokens_known": int(row[known].sum()), "types_known": int((used & known).sum()),
            "share_tokens_known": row[known].sum() / row.sum() if row.sum() else np.nan,
            "share_types_known": (used & known).sum() / used.sum() if used.sum() else np.nan,
            "unknown_phrases": int((unknown & (kind == "phrase")).sum()),
            "unknown_hyphenated": int((unknown & (kind == "hyphenated")).sum()),
            "unknown_numbers": int((unknown & (kind == "number")).sum()),
            "unknown_other": int((unknown & (kind == "other")).sum()),
            "most_frequent_unknown": ", ".join(terms[unknown][order][:n_examples].astype(str)),
        })
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def _is_reference(reference) -> bool:
    """Whether a keyness ``reference=`` is a reference corpus (a table or Series) rather than group labels."""
    return isinstance(reference, (pd.DataFrame, pd.Series))


def _aligned(reference, terms: Iterable[str]) -> tuple[np.ndarray, float, str]:
    """The reference's counts of ``terms`` (0 when it lacks one), its total and its name."""
    counts, total, name = as_reference(reference)
    counts = counts.groupby(level=0, sort=False).sum()
    return counts.reindex(pd.Index(list(terms), dtype=object)).fillna(0.0).to_numpy(np.float64), total, name
