"""Blind coding: draw a stratified sample of paragraphs, write it as a sheet, read coded sheets back.

The loop of content analysis (Krippendorff 2019, ch. 7 and 12): coders who do not know
a paragraph's document, author, label or lexicon hits code it by the codebook; only
then is the machine measure compared with their codes.

* :func:`coding_sample` draws body paragraphs stratified by the lexicon's dominant
  frame, including the stratum of paragraphs with **no frame term** (without it, a
  lexicon's misses could never be seen, so recall could not be estimated). Each
  stratum gets an equal share of the sample (capped by its size); the sampling weight
  of a paragraph is ``stratum_size / n_sampled`` (inverse inclusion probability), so
  estimates can be weighted back to the corpus.
* :func:`write_coding_sample` writes the **blind sheet** (``id, text, code, notes``:
  nothing else) and, separately, the **key** (``id → para_id, stratum, weights``).
  Sheets are UTF-8 with a byte-order mark and CRLF line ends, the form Excel and
  LibreOffice open without an import dialog; ids are letters + digits (``S07``) so a
  spreadsheet does not turn them into numbers. A cell a spreadsheet would run as a formula
  (a paragraph starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
  leading ``'`` (OWASP's CSV-injection rule, :mod:`framings._cells`); reading takes it off.
* :func:`read_sheet` / :func:`read_coding_sheets` read filled sheets back (also after a
  spreadsheet saved them with ``;`` or tabs), check them against the key and the
  codebook, and return a tidy frame ``unit, coder, code`` for :func:`framings.agreement`.
  A text cell that a spreadsheet evaluated as a formula and saved as its error value
  (``#NAME?``, LibreOffice's ``Err:508``) is not an edit: the row's id names, through the
  key, the paragraph the cell held, and when that paragraph starts like a formula the cell
  is accepted (with a :class:`framings.CorpusWarning` naming the row).
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zlib
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from .._cells import is_spreadsheet_error, needs_neutralising, neutralise_frame, restore_frame
from .._check import check_paragraphs, require_columns
from .._io import atomic_write_bytes, contained_path, corpus_lock, decode_utf8, read_limited
from .._paths import default_corpus_path, shown_path
from .._words import paragraph_word_counts
from ..errors import CorpusError, CorpusWarning
from ..frames import dominant_frames, frame_scores
from ._codebook import codebook_anchors, codebook_codes

SHEET_COLUMNS = ["id", "text", "code", "notes"]


KEY_COLUMNS = ["id", "para_id", "stratum", "stratum_size", "n_sampled", "weight"]


CODING_SAMPLE_COLUMNS = KEY_COLUMNS + ["text"]


CODES_COLUMNS = ["unit", "coder", "code", "notes"]


SHEET_NAME = "sheet.csv"


KEY_NAME = "sample-key.csv"


DEFAULT_SEED = 20261202


# A line that does not end like a sentence (., ?, !, :, ; or …, possibly before a closing
# quote or bracket) is a title, byline or heading, not body text.
_SENTENCE_END = re.compile(r"[.?!:;…][\"'”’»)\]]*\s*$")


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """A frame as spreadsheet-friendly CSV: UTF-8 with BOM, CRLF, every field quoted, formulas neutralised."""
    buffer = io.StringIO()
    neutralise_frame(frame).to_csv(buffer, index=False, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    return buffer.getvalue().encode("utf-8-sig")


def _read_csv(path: Path, what: str) -> pd.DataFrame:
    """A sheet or key as text columns, the OWASP quote taken off; a regular file, size-capped, never blocking."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise CorpusError(f"{path}: no {what} file")
    data = read_limited(path, str(path), what)
    try:
        text = decode_utf8(data, str(path), what)
    except CorpusError as err:
        raise CorpusError(f"{err}; in Excel save as 'CSV UTF-8', in LibreOffice choose character set "
                          "'Unicode (UTF-8)'") from None
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=delimiter)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise CorpusError(f"{path}: not a valid CSV ({str(err).strip()}); save it again as CSV") from None
    frame = restore_frame(frame)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    return frame


def body_paragraphs(paras: pd.DataFrame, min_words: int = 12) -> pd.DataFrame:
    """The paragraphs a coder can code: body text of at least ``min_words`` words.

    Parameters
    ----------
    paras : pandas.DataFrame
        Paragraphs from :func:`framings.paragraphs`.
    min_words : int
        Shorter paragraphs (list fragments such as "- Military exercises and training,")
        carry too little to code and are left out.

    Returns
    -------
    pandas.DataFrame
        The rows of ``paras`` that are body text: lines that end like a sentence
        (``.?!:;…``, possibly before a closing quote), which drops titles, bylines and
        headings, and, when the frame has a ``kind`` column, whose ``kind`` is ``"body"``.

    Examples
    --------
    >>> import framings as fr
    >>> paras = fr.paragraphs(fr.load_corpus())
    >>> len(fr.coding.body_paragraphs(paras)) < len(paras)
    True
    """

    check_paragraphs(paras, "body_paragraphs()")
    # a line that does not end like a sentence is a title, byline or heading; the paragraph kind, where
    # fr.paragraphs() gives one, removes what it marks as such too (it need not catch every heading)
    body = paras["text"].astype(str).map(lambda t: bool(_SENTENCE_END.search(t))).to_numpy(dtype=bool, copy=True)
    if "kind" in paras.columns:
        body = body & paras["kind"].astype(str).eq("body").to_numpy(dtype=bool)
    long_enough = paragraph_word_counts(paras) >= min_words
    return paras[body & long_enough].reset_index(drop=True)


def _allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Equal allocation, capped by stratum size; what a small stratum cannot take goes to the others."""
    allocation = {stratum: 0 for stratum in sizes}
    remaining = n
    while remaining > 0:
        open_strata = [s for s in sizes if allocation[s] < sizes[s]]
        if not open_strata:
            break
        share, extra = divmod(remaining, len(open_strata))
        for position, stratum in enumerate(open_strata):
            take = min(share + (1 if position < extra else 0), sizes[stratum] - allocation[stratum])
            allocation[stratum] += take
            remaining -= take
    return allocation


def coding_sample(paras: pd.DataFrame, n: int = 60, random_state: int = DEFAULT_SEED,
                  lexicon: pd.DataFrame | str | Path | None = None,
                  codebook: Path | str | None | bool = None, min_words: int = 12) -> pd.DataFrame:
    """A stratified, shuffled sample of body paragraphs to code blind, with its key.

    Parameters
    ----------
    paras : pandas.DataFrame
        Paragraphs from :func:`framings.paragraphs`.
    n : int
        Sample size. About 60 paragraphs take one coder 20 minutes.
    random_state : int
        Seed: the same seed, corpus and lexicon give the same sample.
    lexicon : None, path or frame
        The frame lexicon that defines the strata (None: the project lexicon).
    codebook : None, path or False
        Paragraphs holding one of the codebook's anchor examples are not sampled (the
        coders have seen their code). None: ``<corpus>/codebook.yaml``; False: keep them.
    min_words : int
        Passed to :func:`body_paragraphs`.

    Returns
    -------
    pandas.DataFrame
        One row per sampled paragraph in sheet order (shuffled), columns ``id, para_id,
        stratum, stratum_size, n_sampled, weight, text``. ``stratum`` is the lexicon's
        dominant frame of the paragraph (:func:`framings.frames.dominant_frames`: a frame,
        ``"tie"`` or ``"no frame term"``); ``stratum_size`` the number of codable
        paragraphs in that stratum, ``n_sampled`` how many were drawn from it, and
        ``weight = stratum_size / n_sampled`` (each drawn paragraph stands for that many).
        Each stratum gets ``n / number of strata`` paragraphs, or all it has.

    Raises
    ------
    CorpusError
        ``n`` not a whole number, smaller than 1 or larger than the number of codable paragraphs.

    Examples
    --------
    >>> import framings as fr
    >>> sample = fr.coding_sample(fr.paragraphs(fr.load_corpus()), n=20, random_state=1)
    >>> len(sample), sample["id"].iloc[0][0]
    (20, 'S')
    """

    population = body_paragraphs(paras, min_words=min_words)
    if codebook is not False:

        anchors = codebook_anchors(codebook, paras=paras)
        population = population[~population["para_id"].isin(set(anchors["para_id"]))].reset_index(drop=True)
    # int() would pass 2.5 as 2 and True as 1, and fail with a traceback on inf or nan: a count is a whole number
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise CorpusError(f"coding_sample(): n is the number of paragraphs to sample, a whole number; got {n!r}")
    if not 1 <= n <= len(population):
        raise CorpusError(f"coding_sample(): n={n}, but the corpus has {len(population)} codable paragraphs; "
                          f"choose 1 <= n <= {len(population)}")
    dominant = dominant_frames(frame_scores(population, lexicon=lexicon))
    strata = dominant.set_index("para_id")["dominant_frame"].reindex(population["para_id"]).to_numpy()
    order = list(dict.fromkeys(dominant["dominant_frame"]))
    sizes = {s: int((strata == s).sum()) for s in sorted(order)}
    allocation = _allocate(sizes, int(n))
    drawn = []
    for stratum, size in sizes.items():
        rows = np.flatnonzero(strata == stratum)
        rng = np.random.default_rng([int(random_state), zlib.crc32(stratum.encode("utf-8"))])
        chosen = np.sort(rng.choice(rows, size=allocation[stratum], replace=False))
        drawn.extend((row, stratum, size, allocation[stratum]) for row in chosen)
    shuffle = np.random.default_rng(int(random_state)).permutation(len(drawn))
    width = max(2, len(str(len(drawn))))
    records = []
    for position, index in enumerate(shuffle, 1):
        row, stratum, size, taken = drawn[index]
        records.append((f"S{position:0{width}d}", str(population.at[row, "para_id"]), stratum, size, taken,
                        size / taken, str(population.at[row, "text"])))
    return pd.DataFrame(records, columns=CODING_SAMPLE_COLUMNS)


def blind_sheet(sample: pd.DataFrame) -> pd.DataFrame:
    """The sheet coders see: ``id, text, code, notes``, codes and notes empty, nothing else.

    Parameters
    ----------
    sample : pandas.DataFrame
        From :func:`coding_sample`.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    CorpusError
        When the sample lacks ``id`` or ``text``.

    Examples
    --------
    >>> import framings as fr
    >>> sample = fr.coding_sample(fr.paragraphs(fr.load_corpus()), n=5)
    >>> list(fr.coding.blind_sheet(sample).columns)
    ['id', 'text', 'code', 'notes']
    """
    require_columns(sample, ["id", "text"], "blind_sheet(): the sample", "pass fr.coding_sample(...)")
    return pd.DataFrame({"id": sample["id"].astype(str), "text": sample["text"].astype(str),
                         "code": "", "notes": ""}, columns=SHEET_COLUMNS)


def write_coding_sample(sample: pd.DataFrame, folder: Path | str, key: Path | str | None = None) -> dict:
    """Write the blind sheet and, separately, the key.

    Parameters
    ----------
    sample : pandas.DataFrame
        From :func:`coding_sample`.
    folder : path
        Where ``sheet.csv`` goes (created if needed).
    key : path, optional
        Where the key goes (default ``folder/sample-key.csv``). Give coders only the
        sheet and the codebook, never the key.

    Returns
    -------
    dict
        ``{"sheet": path, "key": path}``.

    Examples
    --------
    >>> import tempfile, framings as fr
    >>> sample = fr.coding_sample(fr.paragraphs(fr.load_corpus()), n=5)
    >>> paths = fr.coding.write_coding_sample(sample, tempfile.mkdtemp())
    >>> sorted(paths)
    ['key', 'sheet']
    """
    folder = Path(folder)
    sheet_path = folder / SHEET_NAME
    key_path = Path(key) if key is not None else folder / KEY_NAME
    sheet_bytes, key_bytes = _csv_bytes(blind_sheet(sample)), _csv_bytes(sample[KEY_COLUMNS])
    # each file is replaced by a rename (a kill leaves the old or the new one); the folder's write lock keeps two
    # writers from leaving one's sheet beside the other's key, which would score codes against the wrong paragraphs
    with corpus_lock(folder, "coding sample"):
        atomic_write_bytes(sheet_path, sheet_bytes)
        atomic_write_bytes(key_path, key_bytes)

    return {"sheet": shown_path(sheet_path), "key": shown_path(key_path)}  # shown without local folders


def _normalise_code(value: str) -> str:
    return " ".join(str(value).strip().lower().split())


def read_sheet(path: Path | str, codes: list[str] | None = None) -> pd.DataFrame:
    """Read one coding sheet (blank or filled) and check it.

    Parameters
    ----------
    path : path
        A sheet with columns ``id, text, code`` (``notes`` optional), as written by
        :func:`write_coding_sample` and filled in by a coder (by hand, in a spreadsheet
        or with :func:`framings.coding_form`).
    codes : list of str, optional
        The allowed codes (:func:`framings.coding.codebook_codes`); codes are compared
        case-insensitively, an empty code means "not coded".

    Returns
    -------
    pandas.DataFrame
        Columns ``id, text, code, notes`` (codes lower-cased), in the sheet's order.

    Raises
    ------
    CorpusError
        A missing column, an empty or duplicated id, or a code not in ``codes``; the
        message names the file and the row.

    Examples
    --------
    >>> import tempfile, framings as fr
    >>> sample = fr.coding_sample(fr.paragraphs(fr.load_corpus()), n=5)
    >>> sheet = fr.coding.read_sheet(fr.coding.write_coding_sample(sample, tempfile.mkdtemp())["sheet"])
    >>> int(sheet["code"].eq("").sum())
    5
    """
    path = Path(path)
    sheet = _read_csv(path, "coding sheet")
    missing = [c for c in ("id", "text", "code") if c not in sheet.columns]
    if missing:
        raise CorpusError(f"{path}: missing column(s) {missing}; a coding sheet has columns id, text, code, notes")
    if "notes" not in sheet.columns:
        sheet["notes"] = ""
    sheet = sheet[SHEET_COLUMNS].copy()
    sheet["id"] = sheet["id"].str.strip()
    sheet["code"] = sheet["code"].map(_normalise_code)
    empty = sheet.index[sheet["id"].eq("")]
    if len(empty):
        raise CorpusError(f"{path}, row {int(empty[0]) + 2}: empty id; restore the id from the blank sheet")
    duplicated = sheet["id"][sheet["id"].duplicated()]
    if len(duplicated):
        raise CorpusError(f"{path}, row {int(duplicated.index[0]) + 2}: id {duplicated.iloc[0]!r} appears twice; "
                          "each paragraph is coded once per sheet")
    if codes is not None:
        allowed = {_normalise_code(c) for c in codes}
        unknown = sheet.index[sheet["code"].ne("") & ~sheet["code"].isin(allowed)]
        if len(unknown):
            row = int(unknown[0])
            raise CorpusError(f"{path}, row {row + 2} (id {sheet.at[row, 'id']}): unknown code "
                              f"{sheet.at[row, 'code']!r}; use one of {', '.join(codes)} (see the codebook)")
    return sheet.reset_index(drop=True)


def read_key(path: Path | str) -> pd.DataFrame:
    """Read a sample key written by :func:`write_coding_sample`.

    Parameters
    ----------
    path : pathlib.Path or str
        The key file written by :func:`write_coding_sample` (``sample-key.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns ``id, para_id, stratum, stratum_size, n_sampled, weight`` (numbers as numbers).

    Raises
    ------
    CorpusError
        Missing file or column, duplicated id, a weight that is not a positive finite number (``inf``,
        ``nan``, 0), or a stratum size or count that is not a positive whole number.

    Examples
    --------
    >>> import tempfile, framings as fr
    >>> sample = fr.coding_sample(fr.paragraphs(fr.load_corpus()), n=5)
    >>> key = fr.coding.read_key(fr.coding.write_coding_sample(sample, tempfile.mkdtemp())["key"])
    >>> bool((key["weight"] >= 1).all())
    True
    """
    path = Path(path)
    key = _read_csv(path, "sample key")
    missing = [c for c in KEY_COLUMNS if c not in key.columns]
    if missing:
        raise CorpusError(f"{path}: missing column(s) {missing}; a key is written by fr.coding.write_coding_sample()")
    key = key[KEY_COLUMNS].copy()
    if key["id"].duplicated().any():
        raise CorpusError(f"{path}: id {key['id'][key['id'].duplicated()].iloc[0]!r} appears twice in the key")
    for column in ("stratum_size", "n_sampled", "weight"):
        values = pd.to_numeric(key[column], errors="coerce").to_numpy(dtype=float)
        # inf and nan parse as numbers: a weight must be finite, and the counts whole
        bad = ~np.isfinite(values) | (values <= 0)
        if column != "weight":
            bad |= np.isfinite(values) & (values != np.round(values))
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            kind = "a positive, finite number" if column == "weight" else "a positive whole number"
            raise CorpusError(f"{path}, row {row + 2}: {column} must be {kind}, found {key.at[row, column]!r}")
        key[column] = values.astype(int) if column != "weight" else values
    return key


def coding_sheets(folder: Path | str | None = None) -> list[Path]:
    """The filled coding sheets of a folder: every CSV with a ``code`` column and at least one code.

    Parameters
    ----------
    folder : path, optional
        Default ``<corpus>/coding``. The key and blank sheets are skipped.

    Returns
    -------
    list of Path
        Sorted by name; empty when the folder does not exist or holds no coded sheet.

    Examples
    --------
    >>> import framings as fr
    >>> isinstance(fr.coding.coding_sheets(), list)
    True
    """

    folder = Path(folder) if folder is not None else default_corpus_path() / "coding"
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.csv")):
        try:
            # a link leading out of the folder, a FIFO or a device is not a sheet of this folder
            contained_path(folder, path.name, str(path), "coding sheet")
            frame = _read_csv(path, "coding sheet")
        except CorpusError:
            continue
        if {"id", "text", "code"} <= set(frame.columns) and frame["code"].str.strip().ne("").any():
            found.append(path)
    return found


def read_coding_sheets(paths: Iterable[Path | str], key: pd.DataFrame | Path | str, paras: pd.DataFrame | None = None,
                       codes: list[str] | None = None) -> pd.DataFrame:
    """Read filled sheets of one sample into a tidy frame for :func:`framings.agreement`.

    Parameters
    ----------
    paths : list of paths
        One sheet per coder; the coder's name is the file's stem (``coder-a.csv`` → ``coder-a``).
    key : frame or path
        The sample's key (:func:`read_key`).
    paras : pandas.DataFrame, optional
        Paragraphs of the corpus: each sheet row's text must be the text of the
        paragraph its id stands for (a sheet from another sample fails).
    codes : list of str, optional
        Allowed codes (default: the project codebook's).

    Returns
    -------
    pandas.DataFrame
        Columns ``unit, coder, code, notes``: one row per sheet row and coder; ``code``
        is ``None`` where the coder left it empty (missing).

    Raises
    ------
    CorpusError
        Unknown code, duplicated id, two sheets with the same coder name, or a sheet that
        does not match its key (ids missing or extra, or a text that differs).

    Examples
    --------
    >>> import framings as fr
    >>> fr.read_coding_sheets([], key=None).columns.tolist()
    ['unit', 'coder', 'code', 'notes']
    """
    paths = [Path(p) for p in paths]
    if not paths:
        return pd.DataFrame(columns=CODES_COLUMNS)
    if codes is None:

        codes = codebook_codes()
    key = read_key(key) if isinstance(key, (str, Path)) else key
    require_columns(key, ["id", "para_id"], "read_coding_sheets(): the key",
                    "pass the sample key (fr.coding.read_key(path))")
    key_ids = set(key["id"].astype(str))
    texts = None
    if paras is not None:
        texts = dict(zip(paras["para_id"].astype(str), paras["text"].astype(str)))
        absent = sorted(set(key["para_id"].astype(str)) - set(texts))
        if absent:
            raise CorpusError(f"the key names paragraph(s) not in this corpus ({', '.join(absent[:3])}); "
                              "the key belongs to another corpus or the corpus changed since sampling")
    para_of = dict(zip(key["id"].astype(str), key["para_id"].astype(str)))
    parts, coders = [], {}
    for path in paths:
        coder = path.stem
        if coder in coders:
            raise CorpusError(f"{path}: coder name {coder!r} is also {coders[coder]}; give each coder's sheet "
                              "its own file name")
        coders[coder] = path
        sheet = read_sheet(path, codes=codes)
        ids = set(sheet["id"])
        if ids != key_ids:
            extra, lost = sorted(ids - key_ids), sorted(key_ids - ids)
            detail = "; ".join(filter(None, [f"ids not in the key: {', '.join(extra[:5])}" if extra else "",
                                             f"ids of the key missing: {', '.join(lost[:5])}" if lost else ""]))
            raise CorpusError(f"{path}: the sheet does not match its key ({detail}); use the key written with "
                              "this sheet")
        if texts is not None:
            for row, (unit, text) in enumerate(zip(sheet["id"], sheet["text"])):
                original = texts[para_of[unit]]
                if " ".join(text.split()) == " ".join(original.split()):
                    continue
                if is_spreadsheet_error(text) and needs_neutralising(original):
                    warnings.warn(f"{path}, row {row + 2} (id {unit}): a spreadsheet replaced the text by "
                                  f"{text.strip()} (the paragraph begins with {original[:1]!r}, read as "
                                  "a formula); the key's paragraph for this id is used", CorpusWarning, stacklevel=2)
                    continue
                raise CorpusError(f"{path}, row {row + 2} (id {unit}): the text is not the paragraph the key "
                                  "names; the sheet belongs to another sample, or its text was edited")
        parts.append(pd.DataFrame({"unit": sheet["id"], "coder": coder,
                                   "code": sheet["code"].where(sheet["code"].ne(""), None),
                                   "notes": sheet["notes"]}, columns=CODES_COLUMNS))
    return pd.concat(parts, ignore_index=True)
