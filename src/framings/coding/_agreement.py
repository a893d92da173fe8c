"""Inter-coder agreement: Krippendorff's alpha (any number of coders, missing codes), Cohen's kappa,
percent agreement and the confusion table of two coders.

Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability";
2019, *Content Analysis*, 4th ed., ch. 12) on a tidy frame, one row per unit × coder:

* only *pairable* values count: a unit needs codes from at least two coders;
* the coincidence matrix ``o[c, k] = Σ_u (number of c–k pairs of coders in u) / (m_u − 1)``
  (ordered pairs of different coders; ``m_u`` the number of codes of unit u), its
  margins ``n_c`` and total ``n``;
* ``α = 1 − D_o / D_e = 1 − (n − 1) · Σ o[c, k] δ²(c, k) / Σ n_c n_k δ²(c, k)``, with the
  difference function δ² of the level of measurement: nominal ``[c ≠ k]``, ordinal
  ``(Σ_{g=c..k} n_g − (n_c + n_k)/2)²`` over the ranks, interval ``(c − k)²``, ratio
  ``((c − k)/(c + k))²``.

α is undefined when every pairable value is the same (no disagreement is expected by
chance, ``D_e = 0``): the result says so in its ``note`` instead of inventing a number.

The confidence interval is a percentile bootstrap over units (units are drawn with
replacement and α recomputed), one common way of resampling reliability data; it is
not Krippendorff's (2004) bootstrap of the coincidences, and with few units it is wide.

Cohen's kappa (Cohen 1960) for exactly two coders, on the units both coded:
``κ = (p_o − p_e) / (1 − p_e)`` with ``p_e = Σ_c p_1(c) p_2(c)``. Percent agreement is
the share of agreeing coder pairs per unit, averaged over pairable units (for two
coders: the share of units with the same code).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .._check import require_columns
from ..errors import CorpusError

AGREEMENT_COLUMNS = ["krippendorff_alpha", "ci_low", "ci_high", "cohen_kappa", "percent_agreement", "n_units",
                     "n_coders", "n_values", "level", "note", "measures", "verdict"]

# What agreement measures depends on who coded (coder_kind of framings.coding.coding_provenance)
RELIABILITY = "inter-coder reliability"
SELF_CONSISTENCY = "model self-consistency"
MODELS_AGREEMENT = "agreement between AI models"
MIXED_AGREEMENT = "agreement between people and AI models"
UNKNOWN_AGREEMENT = "agreement between coders of unrecorded provenance"


def _what_agreement_measures(coders: list[str], provenance: pd.DataFrame | None) -> tuple[str, str]:
    """``(measures, reason)``: reliability only when every coder is recorded as a person."""
    if provenance is None:
        return UNKNOWN_AGREEMENT, "who coded was not given (pass provenance=)"
    kind_column = "coder_kind" if "coder_kind" in getattr(provenance, "columns", []) else "kind"
    require_columns(provenance, ["coder", kind_column], "agreement(): provenance",
                    "pass framings.coding.coding_provenance(sheets)")
    recorded = provenance.drop_duplicates("coder").set_index("coder")
    # "AI model" and "model" are one kind (coding_provenance's and read_coders' words)
    kinds = {c: {"ai model": "model"}.get(str(recorded[kind_column].get(c, "unknown")).lower(),
                                           str(recorded[kind_column].get(c, "unknown")).lower()) for c in coders}
    unknown = [c for c, kind in kinds.items() if kind not in ("person", "model")]
    if unknown:
        return UNKNOWN_AGREEMENT, f"no record says who or what coded {', '.join(unknown)}"
    models = [c for c, kind in kinds.items() if kind == "model"]
    if not models:
        return RELIABILITY, f"all {len(coders)} coders are recorded as people"
    if len(models) < len(coders):
        return MIXED_AGREEMENT, f"{', '.join(models)} {'is' if len(models) == 1 else 'are'} an AI model, not a person"
    families = {str(recorded["model"].get(c, "") or "").lower() for c in coders} if "model" in recorded else {""}
    if len(families) == 1:
        family = next(iter(families))
        named = recorded["model"].get(coders[0]) if family else "one AI model"
        return SELF_CONSISTENCY, f"the {len(coders)} coders are runs of {named}, not independent people"
    return MODELS_AGREEMENT, f"the {len(coders)} coders are different AI models, not people"


def _threshold_verdict(alpha: float, low: float, measures: str, reason: str) -> str:
    """Krippendorff's (2004, 2019) reading for independent human coders; for anything else, why it does not apply."""
    if np.isnan(alpha):
        return "undefined"
    if measures != RELIABILITY:
        return (f"no reliability verdict: {reason}; Krippendorff's thresholds (0.667, 0.800) are for independent "
                "people coding with the same codebook")
    verdict = ("reliable (α ≥ 0.800)" if alpha >= 0.8 else "good enough for tentative conclusions only "
               "(0.667 ≤ α < 0.800)" if alpha >= 0.667 else "too low to rely on (α < 0.667)")
    if not np.isnan(low) and low < 0.8 <= alpha:
        verdict += f", but the interval's lower end ({low:.3f}) is below 0.800"
    return verdict


LEVELS = ("nominal", "ordinal", "interval", "ratio")


def _missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _prepare(codes: pd.DataFrame, unit: str, coder: str, code: str, what: str) -> pd.DataFrame:
    """The non-missing codes, checked: columns present, one code per unit and coder, two coders or more."""
    require_columns(codes, [unit, coder, code], f"{what}: the frame (one row per unit and coder)",
                    "name its columns with unit=, coder=, code=")
    frame = pd.DataFrame({"unit": codes[unit].astype(str), "coder": codes[coder].astype(str),
                          "code": codes[code].to_numpy(dtype=object)})
    twice = frame.duplicated(["unit", "coder"])
    if twice.any():
        row = frame[twice].iloc[0]
        raise CorpusError(f"{what}: coder {row['coder']!r} has two codes for unit {row['unit']!r}; "
                          "keep one row per unit and coder")
    coders = sorted(frame["coder"].unique())
    if len(coders) < 2:
        found = f"only one ({coders[0]})" if coders else "none"
        raise CorpusError(f"{what}: agreement needs at least two coders, found {found}; "
                          "add a second coder's sheet of the same sample")
    frame = frame[~frame["code"].map(_missing)].reset_index(drop=True)
    return frame


def _values(frame: pd.DataFrame, level: str, values) -> tuple[list, np.ndarray]:
    """The value domain (ordered for ordinal/interval/ratio) and each code's index in it."""
    if level not in LEVELS:
        raise CorpusError(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    present = list(dict.fromkeys(frame["code"]))
    if values is not None:
        domain = list(values)
        unknown = [v for v in present if v not in domain]
        if unknown:
            raise CorpusError(f"code(s) {unknown[:3]} are not in values={domain}; add them or fix the codes")
    elif level == "nominal":
        domain = sorted(present, key=str)
    else:
        try:
            domain = sorted(present, key=float)
        except (TypeError, ValueError):
            raise CorpusError(f"{level} agreement needs numeric codes, or values=[...] listing the codes in "
                              f"order; found {present[:3]}") from None
    position = {value: index for index, value in enumerate(domain)}
    return domain, frame["code"].map(position).to_numpy(dtype=np.int64)


def _unit_coincidences(frame: pd.DataFrame, index: np.ndarray, n_values: int) -> tuple[list[str], np.ndarray]:
    """Per pairable unit, its contribution to the coincidence matrix: (units, array units × V × V)."""
    units = frame["unit"].to_numpy()
    order = np.argsort(units, kind="stable")
    names, starts, counts = np.unique(units[order], return_index=True, return_counts=True)
    keep = counts >= 2
    matrices = np.zeros((int(keep.sum()), n_values, n_values))
    for row, (start, count) in enumerate(zip(starts[keep], counts[keep])):
        tally = np.bincount(index[order[start:start + count]], minlength=n_values).astype(float)
        # ordered pairs of different coders: c–k pairs = tally_c tally_k, minus the c–c self pairs
        matrices[row] = (np.outer(tally, tally) - np.diag(tally)) / (count - 1)
    return [str(n) for n in names[keep]], matrices


def _delta2(level: str, domain: list, margins: np.ndarray) -> np.ndarray:
    size = len(domain)
    if level == "nominal":
        return 1.0 - np.eye(size)
    if level == "ordinal":
        cumulative = np.concatenate([[0.0], np.cumsum(margins)])
        low, high = np.minimum.outer(np.arange(size), np.arange(size)), np.maximum.outer(np.arange(size),
                                                                                          np.arange(size))
        between = cumulative[high + 1] - cumulative[low]
        return (between - (margins[low] + margins[high]) / 2.0) ** 2
    numbers = np.array([float(v) for v in domain])
    if level == "interval":
        return np.subtract.outer(numbers, numbers) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.subtract.outer(numbers, numbers) / np.add.outer(numbers, numbers)
    return np.nan_to_num(ratio) ** 2


def _alpha_from(coincidences: np.ndarray, level: str, domain: list) -> float:
    margins = coincidences.sum(axis=1)
    total = margins.sum()
    if total <= 1:
        return float("nan")
    delta2 = _delta2(level, domain, margins)
    expected = float((np.outer(margins, margins) * delta2).sum())
    if expected <= 0:
        return float("nan")
    observed = float((coincidences * delta2).sum())
    return float(1.0 - (float(total) - 1.0) * observed / expected)


def krippendorff_alpha(codes: pd.DataFrame, unit: str = "unit", coder: str = "coder", code: str = "code",
                       level: str = "nominal", values: Sequence | None = None) -> float:
    """Krippendorff's alpha of a tidy frame of codes (NaN when undefined).

    Parameters
    ----------
    codes : pandas.DataFrame
        One row per unit and coder; missing codes (None, NaN, "") are allowed.
    unit, coder, code : str
        Column names.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement; ordinal, interval and ratio need numeric codes (or
        ``values`` listing the codes in order, for ordinal).
    values : list, optional
        The value domain in order.

    Returns
    -------
    float
        α; NaN when all pairable values are equal (α undefined).

    Raises
    ------
    CorpusError
        Missing column, fewer than two coders, two codes for one unit and coder, no unit
        coded by two coders, non-numeric codes for a numeric level.

    Examples
    --------
    >>> import pandas as pd, framings as fr
    >>> codes = pd.DataFrame({"unit": [1, 1, 2, 2, 3, 3], "coder": list("ababab"),
    ...                       "code": ["x", "x", "y", "y", "x", "y"]})
    >>> round(fr.coding.krippendorff_alpha(codes), 3)
    0.444
    """
    frame = _prepare(codes, unit, coder, code, "krippendorff_alpha()")
    domain, index = _values(frame, level, values)
    _, matrices = _unit_coincidences(frame, index, len(domain))
    if not len(matrices):
        raise CorpusError("krippendorff_alpha(): no unit was coded by two coders; α needs pairable values")
    return _alpha_from(matrices.sum(axis=0), level, domain)


def _cohen_kappa(first: list, second: list) -> float:
    labels = sorted(set(first) | set(second), key=str)
    position = {label: i for i, label in enumerate(labels)}
    table = np.zeros((len(labels), len(labels)))
    for a, b in zip(first, second):
        table[position[a], position[b]] += 1
    total = table.sum()
    observed = np.trace(table) / total
    expected = float(table.sum(axis=1) @ table.sum(axis=0)) / total ** 2
    return float("nan") if expected >= 1 else (observed - expected) / (1 - expected)


def agreement(codes: pd.DataFrame, unit: str = "unit", coder: str = "coder", code: str = "code",
              level: str = "nominal", values: Sequence | None = None, n_boot: int = 2000, random_state: int = 0,
              ci: float = 0.95, provenance: pd.DataFrame | None = None) -> pd.DataFrame:
    """Agreement among coders: Krippendorff's alpha with a bootstrap CI, Cohen's kappa, percent agreement.

    What the agreement *is* depends on who coded, so the result names it (``measures``) and
    gives Krippendorff's threshold verdict only for reliability: agreement between coders
    all recorded as people (``provenance``, from :func:`framings.coding.coding_provenance`).
    Two runs of one AI model agreeing is *model self-consistency* — a shared misreading is
    reproduced, not caught — and gets no "reliable" verdict; nor do mixed or unrecorded
    coders.

    Parameters
    ----------
    codes : pandas.DataFrame
        Tidy: one row per unit × coder (e.g. :func:`framings.read_coding_sheets`);
        missing codes allowed.
    unit, coder, code : str
        Column names.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement of the codes.
    values : list, optional
        The codes in order (ordinal codes that are words).
    n_boot : int
        Bootstrap resamples of units for the interval (0: no interval).
    random_state : int
        Seed of the bootstrap.
    ci : float
        Coverage of the percentile interval.
    provenance : pandas.DataFrame, optional
        Columns ``coder`` and ``coder_kind`` or ``kind`` (``person``, ``model`` or ``unknown``)
        and optionally ``model``, as :func:`framings.coding.coding_provenance` returns. When
        it is not given and ``codes`` has a column ``kind`` (one kind per coder), that is used.

    Returns
    -------
    pandas.DataFrame
        One row: ``krippendorff_alpha, ci_low, ci_high, cohen_kappa`` (NaN unless exactly
        two coders), ``percent_agreement`` (0–1), ``n_units`` (pairable units),
        ``n_coders``, ``n_values`` (pairable codes), ``level``, ``note`` (why α is
        undefined, or empty), ``measures`` (``inter-coder reliability``, ``model
        self-consistency``, ``agreement between AI models``, ``agreement between people
        and AI models`` or ``agreement between coders of unrecorded provenance``) and
        ``verdict`` (Krippendorff's reading when ``measures`` is reliability, else why
        none is given).

    Raises
    ------
    CorpusError
        As :func:`krippendorff_alpha`: fewer than two coders is an error, not a number; also
        ``n_boot`` that is not a whole number >= 0 or ``ci`` outside (0, 1).

    Examples
    --------
    >>> import pandas as pd, framings as fr
    >>> codes = pd.DataFrame({"unit": [1, 1, 2, 2, 3, 3, 4, 4], "coder": list("abababab"),
    ...                       "code": ["x", "x", "y", "y", "x", "y", "y", "y"]})
    >>> row = fr.agreement(codes, n_boot=0).iloc[0]
    >>> [round(float(row[c]), 3) for c in ("krippendorff_alpha", "cohen_kappa", "percent_agreement")]
    [0.533, 0.5, 0.75]
    >>> models = pd.DataFrame({"coder": ["a", "b"], "coder_kind": ["model", "model"],
    ...                        "model": ["Claude", "Claude"]})
    >>> fr.agreement(codes, n_boot=0, provenance=models).iloc[0]["measures"]
    'model self-consistency'
    """
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise CorpusError(f"agreement(): n_boot must be a whole number >= 0 (0: no interval), got {n_boot!r}")
    if not (isinstance(ci, (int, float, np.floating)) and 0 < ci < 1):
        raise CorpusError(f"agreement(): ci is the interval's coverage, between 0 and 1 (e.g. 0.95), got {ci!r}")
    frame = _prepare(codes, unit, coder, code, "agreement()")
    domain, index = _values(frame, level, values)
    units, matrices = _unit_coincidences(frame, index, len(domain))
    if not len(matrices):
        raise CorpusError("agreement(): no unit was coded by two coders; the sheets must share units")
    n_coders = int(frame["coder"].nunique())
    pairable = frame[frame["unit"].isin(set(units))]
    alpha = _alpha_from(matrices.sum(axis=0), level, domain)
    note = ""
    if np.isnan(alpha):
        note = (f"α is undefined: all {len(pairable)} pairable codes are {domain[int(index[0])]!r}, so no "
                "disagreement is expected by chance (D_e = 0); code units that differ, or report percent "
                "agreement only")
    low = high = float("nan")
    if n_boot and not np.isnan(alpha):
        rng = np.random.default_rng(random_state)
        draws = rng.integers(0, len(matrices), size=(int(n_boot), len(matrices)))
        weights = np.zeros((int(n_boot), len(matrices)))
        np.add.at(weights, (np.repeat(np.arange(int(n_boot)), len(matrices)), draws.ravel()), 1.0)
        resampled = np.tensordot(weights, matrices, axes=(1, 0))
        replicates = np.array([_alpha_from(m, level, domain) for m in resampled])
        if np.isfinite(replicates).any():
            tail = (1 - ci) / 2 * 100
            low, high = np.nanpercentile(replicates, [tail, 100 - tail])
    # percent agreement: agreeing ordered pairs / all ordered pairs, per unit, averaged
    diagonal = np.trace(matrices, axis1=1, axis2=2)
    percent = float(np.mean(diagonal / matrices.sum(axis=(1, 2))))
    kappa = float("nan")
    if n_coders == 2:
        wide = pairable.pivot(index="unit", columns="coder", values="code").dropna()
        if len(wide):
            kappa = _cohen_kappa(list(wide.iloc[:, 0]), list(wide.iloc[:, 1]))
            if np.isnan(kappa) and not note:
                note = "κ is undefined: both coders used a single, identical code"
    if provenance is None and isinstance(codes, pd.DataFrame) and "kind" in codes.columns:
        provenance = codes[[coder, "kind"]].drop_duplicates(coder).rename(columns={coder: "coder"})
        provenance["coder"] = provenance["coder"].astype(str)
    measures, reason = _what_agreement_measures(sorted(frame["coder"].astype(str).unique()), provenance)
    row = {"krippendorff_alpha": alpha, "ci_low": float(low), "ci_high": float(high), "cohen_kappa": kappa,
           "percent_agreement": percent, "n_units": len(units), "n_coders": n_coders,
           "n_values": len(pairable), "level": level, "note": note, "measures": measures,
           "verdict": _threshold_verdict(alpha, float(low), measures, reason)}
    return pd.DataFrame([row], columns=AGREEMENT_COLUMNS)


def confusion_table(codes: pd.DataFrame, unit: str = "unit", coder: str = "coder", code: str = "code",
                    coders: tuple[str, str] | None = None, labels: list | None = None) -> pd.DataFrame:
    """Cross-tabulation of two coders' codes on the units both coded.

    Parameters
    ----------
    codes : pandas.DataFrame
        Tidy codes, one row per unit × coder.
    unit, coder, code : str
        Column names.
    coders : (str, str), optional
        The two coders (rows, columns); default the first two in sorted order.
    labels : list, optional
        Codes to show, in order (e.g. :func:`framings.coding.codebook_codes`); default the codes used.

    Returns
    -------
    pandas.DataFrame
        Counts; index named after the first coder, columns after the second. The
        diagonal holds the agreements.

    Raises
    ------
    CorpusError
        When a column is missing or the two coders are not both in the codes.

    Examples
    --------
    >>> import pandas as pd, framings as fr
    >>> codes = pd.DataFrame({"unit": [1, 1, 2, 2], "coder": list("abab"), "code": ["x", "x", "x", "y"]})
    >>> fr.coding.confusion_table(codes).to_numpy().tolist()
    [[1, 1], [0, 0]]
    """
    frame = _prepare(codes, unit, coder, code, "confusion_table()")
    names = sorted(frame["coder"].unique()) if coders is None else list(coders)
    if len(names) < 2 or not set(names) <= set(frame["coder"]):
        raise CorpusError(f"confusion_table(): coders {names} not both in the codes ({sorted(frame['coder'].unique())})")
    wide = frame[frame["coder"].isin(names[:2])].pivot(index="unit", columns="coder", values="code").dropna()
    labels = list(labels) if labels is not None else sorted(set(wide[names[0]]) | set(wide[names[1]]), key=str)
    table = pd.crosstab(pd.Categorical(wide[names[0]], categories=labels),
                        pd.Categorical(wide[names[1]], categories=labels), dropna=False)
    table.index.name, table.columns.name = names[0], names[1]
    table.index, table.columns = list(labels), list(labels)
    table.index.name, table.columns.name = names[0], names[1]
    return table.astype(int)
