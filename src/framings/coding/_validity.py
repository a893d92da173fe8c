"""Does the lexicon find what readers find? Precision, recall and F1 of the frame lexicon against coders.

The coders' codes of a blind sample (:func:`framings.read_coding_sheets`) are the
reference; the lexicon's call for a paragraph is its dominant frame
(:func:`framings.frames.dominant_frames`: the frame with the highest score; a tie counts for
each tied frame). Per frame ``f``:

* precision = P(coders say f | lexicon says f), recall = P(lexicon says f | coders say f),
  F1 = 2 P R / (P + R);
* every unit is weighted by its sampling weight (``stratum_size / n_sampled`` from the
  key), so the estimates refer to the corpus's codable paragraphs, not to the sample;
  the strata are the lexicon's calls, so recall is only estimable because the
  *no frame term* stratum is sampled too;
* 95% Wilson (1927) intervals with the weighted proportion and Kish's effective sample
  size ``(Σw)² / Σw²`` of the units in the denominator (equal weights give the usual
  Wilson interval);
* baselines: a lexicon that flagged paragraphs at random, at the same rate, would have
  precision equal to the frame's prevalence among coded paragraphs
  (``precision_baseline``) and recall equal to its flag rate (``recall_baseline``).

The consensus code of a unit is the code most of its coders gave; a tie (two coders who
disagree) leaves the unit without consensus, and it is left out of the consensus
reference but still counts against each coder separately.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from .._check import require_columns
from ..errors import CorpusError
from ..frames import frame_order, frame_scores, resolve_lexicon, terms_in_texts
from ..stats import wilson_interval
from ._codebook import _as_list, _default_path, _read, codebook_codes
from ._sample import read_key

CONSENSUS_COLUMNS = ["unit", "consensus", "n_codes", "n_agreeing", "unanimous"]


VALIDITY_COLUMNS = ["reference", "frame", "n_units", "n_lexicon", "n_coded", "n_both", "precision", "precision_low",
                    "precision_high", "precision_baseline", "recall", "recall_low", "recall_high",
                    "recall_baseline", "f1", "corpus_lexicon", "corpus_coded"]


ANY_FRAME = "any frame"


def consensus_codes(codes: pd.DataFrame, unit: str = "unit", coder: str = "coder",
                    code: str = "code") -> pd.DataFrame:
    """The majority code of each unit.

    Parameters
    ----------
    codes : pandas.DataFrame
        Tidy codes, one row per unit × coder; missing codes are ignored.
    unit, coder, code : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Columns ``unit, consensus, n_codes, n_agreeing, unanimous``: ``consensus`` is the
        code given by more coders than any other, ``None`` when two codes tie (or no
        coder coded the unit); with one coder it is that coder's code.

    Raises
    ------
    CorpusError
        When the frame lacks one of the named columns.

    Examples
    --------
    >>> import pandas as pd, framings as fr
    >>> codes = pd.DataFrame({"unit": [1, 1, 2, 2], "coder": list("abab"), "code": ["x", "x", "x", "y"]})
    >>> fr.coding.consensus_codes(codes)["consensus"].tolist()
    ['x', None]
    """
    require_columns(codes, [unit, coder, code], "consensus_codes(): the frame",
                    "pass fr.read_coding_sheets(...) or name the columns with unit=, coder=, code=")
    rows = []
    for name, group in codes.groupby(codes[unit].astype(str), sort=False):
        given = [c for c in group[code] if isinstance(c, str) and c.strip()]
        counts = pd.Series(given, dtype=object).value_counts()
        top = int(counts.iloc[0]) if len(counts) else 0
        winners = list(counts.index[counts == top]) if len(counts) else []
        rows.append((name, winners[0] if len(winners) == 1 else None, len(given), top,
                     bool(len(given) >= 2 and len(counts) == 1)))
    result = pd.DataFrame(rows, columns=CONSENSUS_COLUMNS)
    result["consensus"] = pd.Series([row[1] for row in rows], dtype=object)  # None, not NaN, when no majority
    return result


def _weighted_proportion(hits: np.ndarray, weights: np.ndarray, level: float = 0.95):
    """Weighted proportion of hits and its Wilson interval with Kish's effective sample size (NaNs for no weight)."""
    total = weights.sum()
    if total <= 0:
        return float("nan"), float("nan"), float("nan")
    return (float((weights * hits).sum() / total), *wilson_interval(hits, level=level, weights=weights))


def _lexicon_calls(paras: pd.DataFrame, para_ids: list[str], lexicon) -> pd.DataFrame:
    """Per paragraph: one boolean column per frame (the lexicon's dominant frame, ties for each)."""

    subset = paras[paras["para_id"].astype(str).isin(set(para_ids))]
    scores = frame_scores(subset, lexicon=lexicon)
    wide = scores.pivot_table(index="para_id", columns="frame", values="score", aggfunc="first", sort=False)
    frames = list(dict.fromkeys(scores["frame"]))
    wide = wide.reindex(columns=frames).fillna(0.0)
    best = wide.max(axis=1)
    calls = wide.eq(best, axis=0) & best.gt(0).to_numpy()[:, None]
    return calls.reindex(para_ids)


def lexicon_validity(codes: pd.DataFrame, key: pd.DataFrame | Path | str, paras: pd.DataFrame,
                     lexicon: pd.DataFrame | str | Path | None = None, codebook: pd.DataFrame | Path | str | None = None,
                     level: float = 0.95) -> pd.DataFrame:
    """Precision, recall and F1 of the frame lexicon per frame, against the consensus and each coder.

    Parameters
    ----------
    codes : pandas.DataFrame
        Tidy codes ``unit, coder, code`` of one sample (:func:`framings.read_coding_sheets`).
    key : frame or path
        The sample's key (:func:`framings.coding.read_key`): sheet id → para_id and weight.
    paras : pandas.DataFrame
        Paragraphs of the corpus (:func:`framings.paragraphs`).
    lexicon : None, path or frame
        The frame lexicon (None: the project's).
    codebook : None, path or frame
        Allowed codes (None: the project codebook).
    level : float
        Coverage of the Wilson intervals.

    Returns
    -------
    pandas.DataFrame
        One row per reference (``consensus``, then each coder) and frame (each lexicon
        frame, then ``any frame``: some frame term vs some frame code). Columns
        ``reference, frame, n_units`` (units with a reference code), ``n_lexicon, n_coded,
        n_both`` (unweighted counts of lexicon calls, coder codes, both),
        ``precision, precision_low, precision_high, precision_baseline, recall,
        recall_low, recall_high, recall_baseline, f1`` (weighted by sampling weights) and
        ``corpus_lexicon, corpus_coded``: the estimated number of codable paragraphs in
        the corpus that the lexicon / the coders assign to the frame.

    Raises
    ------
    CorpusError
        An unknown code, a unit that is not in the key, a key paragraph not in ``paras``, or a
        sampling weight that is not a positive finite number.

    Examples
    --------
    >>> import framings as fr
    >>> paras = fr.paragraphs(fr.load_corpus())
    >>> sample = fr.coding_sample(paras, n=10)
    >>> codes = sample.assign(unit=sample["id"], coder="test", code="none")  # test data, not a coder
    >>> table = fr.lexicon_validity(codes, sample, paras)
    >>> float(table.loc[table["frame"].eq("any frame"), "precision"].iloc[0])
    0.0
    """

    if isinstance(key, (str, Path)):

        key = read_key(key)
    require_columns(key, ["id", "para_id", "weight"], "lexicon_validity(): the key", "pass fr.coding.read_key(path)")
    require_columns(codes, ["unit", "coder", "code"], "lexicon_validity(): codes", "pass fr.read_coding_sheets(...)")
    allowed = codebook_codes(codebook)
    given = codes["code"].dropna().astype(str)
    unknown = sorted(set(given[given.str.strip().ne("")]) - set(allowed))
    if unknown:
        raise CorpusError(f"lexicon_validity(): unknown code(s) {unknown}; the codebook has {', '.join(allowed)}")
    outside = sorted(set(codes["unit"].astype(str)) - set(key["id"].astype(str)))
    if outside:
        raise CorpusError(f"lexicon_validity(): unit(s) {', '.join(outside[:5])} are not in the key; "
                          "the sheets and the key belong to different samples")
    absent = sorted(set(key["para_id"].astype(str)) - set(paras["para_id"].astype(str)))
    if absent:
        raise CorpusError(f"lexicon_validity(): the key names paragraph(s) not in the corpus ({', '.join(absent[:3])})")
    lexicon = resolve_lexicon(lexicon)
    frames = frame_order(lexicon)
    key = key.assign(id=key["id"].astype(str), para_id=key["para_id"].astype(str))
    calls = _lexicon_calls(paras, list(key["para_id"]), lexicon)
    calls.index = list(key["id"])
    weights_all = pd.to_numeric(key.set_index("id")["weight"], errors="coerce").astype(float)
    bad = ~(np.isfinite(weights_all.to_numpy()) & (weights_all.to_numpy() > 0))
    if bad.any():
        unit = weights_all.index[np.flatnonzero(bad)[0]]
        raise CorpusError(f"lexicon_validity(): the key's weight of {unit} is {key.set_index('id').at[unit, 'weight']!r}; "
                          "a sampling weight is a positive, finite number (stratum_size / n_sampled)")

    references = {"consensus": consensus_codes(codes).set_index("unit")["consensus"]}
    for name, group in codes.groupby("coder", sort=True):
        references[str(name)] = group.set_index(group["unit"].astype(str))["code"]
    rows = []
    for reference, series in references.items():
        series = series[series.map(lambda c: isinstance(c, str) and c.strip() != "")]
        units = [u for u in key["id"] if u in series.index]
        weights = weights_all.reindex(units).to_numpy(dtype=float)
        coded = series.reindex(units).to_numpy(dtype=object)
        for frame in frames + [ANY_FRAME]:
            if frame == ANY_FRAME:
                lexicon_says = calls.reindex(units).any(axis=1).to_numpy(dtype=bool)
                coders_say = np.isin(coded, frames)
            else:
                lexicon_says = calls.reindex(units)[frame].to_numpy(dtype=bool)
                coders_say = coded == frame
            both = lexicon_says & coders_say
            precision, p_low, p_high = _weighted_proportion(both[lexicon_says].astype(float), weights[lexicon_says],
                                                            level)
            recall, r_low, r_high = _weighted_proportion(both[coders_say].astype(float), weights[coders_say], level)
            total = weights.sum()
            f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else float("nan")
            rows.append((reference, frame, len(units), int(lexicon_says.sum()), int(coders_say.sum()),
                         int(both.sum()), precision, p_low, p_high,
                         float((weights * coders_say).sum() / total) if total else float("nan"),
                         recall, r_low, r_high,
                         float((weights * lexicon_says).sum() / total) if total else float("nan"),
                         f1, float((weights * lexicon_says).sum()), float((weights * coders_say).sum())))
    return pd.DataFrame(rows, columns=VALIDITY_COLUMNS)


PROVENANCE_COLUMNS = ["coder", "sheet", "provenance", "coder_kind", "model"]

# An AI model or software named in a note makes the coder a model; words for a person count only when none is named
# ("an AI assistant, not a human" names a model and says "human"). A note may also say it outright in a line
# "kind: person" or "kind: model" (as framings.coding.read_coders reads it; "coder_kind:" is read too).
_MODEL_WORDS = re.compile(r"\b(AI assistant|AI model|language model|LLM|chatbot|software|ChatGPT|GPT[-\w.]*|Claude|"
                          r"Gemini|Llama|Mistral|Copilot)\b", re.IGNORECASE)
_MODEL_FAMILIES = re.compile(r"\b(ChatGPT|GPT[-\w.]*|Claude|Gemini|Llama|Mistral|Copilot)\b", re.IGNORECASE)
_PERSON_WORDS = re.compile(r"\b(a person|a human|human coder|people|student|researcher|annotator|research assistant|"
                           r"by hand)\b", re.IGNORECASE)
_DECLARED_KIND = re.compile(r"^\s*(?:coder_)?kind\s*:\s*(person|model|AI model|unknown)\s*$",
                            re.IGNORECASE | re.MULTILINE)
CODER_KINDS = ("person", "model", "unknown")


def _coder_kind(note: str | None) -> tuple[str, str]:
    """``(coder_kind, model)`` read from a provenance note (None: no note)."""
    if note is None:
        return "unknown", ""
    declared = _DECLARED_KIND.search(note)
    family = _MODEL_FAMILIES.search(note)
    model = family.group(1) if family else ""
    if declared:
        kind = {"person": "person", "model": "model", "ai model": "model"}.get(declared.group(1).lower(), "unknown")
        return kind, model if kind == "model" else ""
    if _MODEL_WORDS.search(note):
        return "model", model
    return ("person", "") if _PERSON_WORDS.search(note) else ("unknown", "")


def coding_provenance(sheets: Iterable[Path | str]) -> pd.DataFrame:
    """The provenance note of each coded sheet (``<coder>.md`` beside ``<coder>.csv``) and what kind of coder it names.

    Whether agreement between coders is *reliability* depends on who coded: Krippendorff's
    thresholds are for independent people following a codebook. The note says it: a line
    ``kind: person`` (or ``kind: model``) if present, else the note is read for an AI
    model or software (``AI assistant``, ``language model``, ``Claude``, ``GPT`` …: a
    model, whatever else it says) and then for a person (``a person``, ``student``,
    ``researcher`` …); a sheet without a note, or a note that says neither, is ``unknown``.

    Parameters
    ----------
    sheets : list of paths
        Coded sheets (:func:`framings.coding.coding_sheets`).

    Returns
    -------
    pandas.DataFrame
        Columns ``coder, sheet, provenance`` (the note's text with whitespace collapsed, or
        ``"(no provenance note: who coded this sheet is unknown)"``), ``coder_kind``
        (``person``, ``model`` or ``unknown``, the kinds of :func:`framings.coding.read_coders`
        where it exists) and ``model`` (the model family named, e.g.
        ``Claude``, or empty).

    Examples
    --------
    >>> import framings as fr
    >>> fr.coding.coding_provenance([]).columns.tolist()
    ['coder', 'sheet', 'provenance', 'coder_kind', 'model']
    """
    rows = []
    for sheet in (Path(s) for s in sheets):
        note = sheet.with_suffix(".md")
        raw = note.read_text(encoding="utf-8") if note.exists() else None
        text = " ".join(raw.split()) if raw is not None else "(no provenance note: who coded this sheet is unknown)"
        rows.append((sheet.stem, sheet.name, text, *_coder_kind(raw)))
    return pd.DataFrame(rows, columns=PROVENANCE_COLUMNS)


OVERLAP_COLUMNS = ["frame", "term", "in_codebook", "own_code", "where"]


def codebook_lexicon_overlap(codebook: Path | str | None = None,
                             lexicon: pd.DataFrame | str | Path | None = None) -> pd.DataFrame:
    """Which of the lexicon's terms the codebook spells out, and where.

    Coders who follow a codebook that spells out the lexicon's words are steered towards
    the lexicon's calls, so their agreement with it is partly by construction; the share of
    terms the codebook contains says how independent the two instruments are. Every text
    of the codebook is searched — ``unit``, ``instructions`` and, per code, its label,
    definition, include and exclude rules and anchors (quote and reason) — with each term
    matched on its own (:func:`framings.frames.terms_in_texts`: same normalisation,
    variants and wildcards as the scores).

    Parameters
    ----------
    codebook : path, optional
        The codebook YAML file; default ``<corpus>/codebook.yaml``.
    lexicon : pandas.DataFrame or str or pathlib.Path or None, default None
        As in :func:`framings.frame_scores`.

    Returns
    -------
    pandas.DataFrame
        One row per lexicon term: ``frame, term, in_codebook`` (bool), ``own_code`` (True
        when it occurs in the text of its own frame's code) and ``where`` (the places,
        e.g. ``"alliance.include; alliance.anchors"``). ``.attrs["n_terms"]`` and
        ``.attrs["n_in_codebook"]`` count them.

    Examples
    --------
    >>> overlap = fr.coding.codebook_lexicon_overlap()
    >>> overlap.columns.tolist()
    ['frame', 'term', 'in_codebook', 'own_code', 'where']
    >>> overlap.attrs["n_in_codebook"] <= overlap.attrs["n_terms"] == len(overlap)
    True
    """
    path = Path(codebook) if codebook is not None else _default_path()
    data = _read(path)
    table = resolve_lexicon(lexicon)
    places = [("", "unit", text) for text in _as_list(data.get("unit"))]
    places += [("", "instructions", text) for text in _as_list(data.get("instructions"))]
    for code, body in data["codes"].items():
        body = body if isinstance(body, dict) else {}
        for field in ("label", "definition", "include", "exclude"):
            places += [(str(code), field, text) for text in _as_list(body.get(field))]
        for anchor in body.get("anchors") or []:
            if isinstance(anchor, dict):
                places += [(str(code), "anchors", str(anchor.get(key) or "")) for key in ("quote", "code_because")]
    texts = pd.DataFrame(places, columns=["code", "field", "text"])
    texts["place"] = [field if not code else f"{code}.{field}" for code, field in zip(texts["code"], texts["field"])]
    found = terms_in_texts(texts[["code", "place", "text"]], table)
    rows = []
    for frame, term in zip(table["frame"].astype(str), table["term"].astype(str)):
        hits = found[(found["frame"] == frame) & (found["term"] == term)]
        rows.append((frame, term, bool(len(hits)), bool((hits["code"] == frame).any()),
                     "; ".join(dict.fromkeys(hits["place"]))))
    out = pd.DataFrame(rows, columns=OVERLAP_COLUMNS)
    out.attrs.update(n_terms=len(out), n_in_codebook=int(out["in_codebook"].sum()))
    return out
