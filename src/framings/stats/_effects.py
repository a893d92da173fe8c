"""Effects of document covariates on a per-document outcome (a frame score, a topic's prevalence), with uncertainty
that carries the outcome's own (several posterior draws per document) and the documents' (a bootstrap).

stm's ``estimateEffect`` (Roberts, Stewart & Tingley 2019) regresses topic prevalence on document covariates by
the *method of composition*: draw each document's topic shares from their posterior, fit the regression, draw
coefficients from its sampling distribution, repeat, and read the spread of all draws. Here the same, with the
regression's sampling distribution either normal (stm's way) or a document-level bootstrap (the default: no
assumption of constant variance, and documents, not words, are what was sampled).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import CorpusError

EFFECT_COLUMNS = ["outcome", "coefficient", "estimate", "std_error", "ci_low", "ci_high", "n_units", "n_draws"]


INTERVALS = ("bootstrap", "normal")


def _design(data: pd.DataFrame, covariates: list[str]) -> tuple[np.ndarray, list[str], dict]:
    """Design matrix (intercept first), the coefficients' names and each categorical covariate's reference level.

    Categories are treatment-coded against their first level (sorted, or a categorical's own order); a datetime
    becomes years since the earliest date, so its coefficient is a change per year.
    """
    columns, names, reference_levels = [np.ones(len(data))], ["intercept"], {}
    for name in covariates:
        values = data[name]
        if pd.api.types.is_datetime64_any_dtype(values):
            start = values.min()
            columns.append(((values - start) / pd.Timedelta(days=365.25)).to_numpy(np.float64))
            names.append(f"{name} (per year)")
            reference_levels[name] = f"years since {start.date()}"
        elif pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
            levels = (list(values.cat.categories) if isinstance(values.dtype, pd.CategoricalDtype)
                      else sorted(values.astype(str).unique()))
            levels = [str(level) for level in levels if (values.astype(str) == str(level)).any()]
            if len(levels) < 2:
                raise CorpusError(f"estimate_effect(): covariate {name!r} has one level ({levels}); an effect needs "
                                  "two or more")
            reference_levels[name] = levels[0]
            for level in levels[1:]:
                columns.append((values.astype(str) == level).to_numpy(np.float64))
                names.append(f"{name}={level}")
        else:
            columns.append(values.to_numpy(np.float64))
            names.append(name)
    return np.column_stack(columns), names, reference_levels


def _ols(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """OLS coefficients (p × outcomes) by least squares, for every column of ``Y`` at once."""
    return np.linalg.lstsq(X, Y, rcond=None)[0]


def _batched_ols(Xb: np.ndarray, yb: np.ndarray) -> np.ndarray:
    """OLS of many resampled designs at once (B × n × p, B × n → B × p); a rank-deficient resample gives NaN."""
    xtx = np.einsum("bnp,bnq->bpq", Xb, Xb)
    xty = np.einsum("bnp,bn->bp", Xb, yb)
    p = Xb.shape[2]
    full_rank = np.linalg.matrix_rank(xtx) == p
    out = np.full((len(Xb), p), np.nan)
    if full_rank.any():
        out[full_rank] = np.linalg.solve(xtx[full_rank], xty[full_rank][..., None])[..., 0]
    return out


def _outcome_matrix(outcome, data: pd.DataFrame, unit: str, value: str | None, draw: str):
    """(units in data order, Y: units × draws, the value's name) from a column name or an outcome table."""
    if isinstance(outcome, str):
        if outcome not in data.columns:
            raise CorpusError(f"estimate_effect(): outcome {outcome!r} is not a column of data; pass its name or a "
                              f"table with {unit!r} and the outcome")
        frame = data[[unit, outcome]].rename(columns={outcome: "_value"})
        name = outcome
    elif isinstance(outcome, pd.DataFrame):
        if unit not in outcome.columns:
            raise CorpusError(f"estimate_effect(): the outcome table lacks the unit column {unit!r}; pass unit=")
        if value is None:
            # a constant column (the topic a long table was filtered to) is not the outcome
            numeric = [c for c in outcome.columns if c not in (unit, draw)
                       and pd.api.types.is_numeric_dtype(outcome[c]) and outcome[c].nunique() > 1]
            if len(numeric) != 1:
                raise CorpusError(f"estimate_effect(): say which column is the outcome (value=), one of {numeric}")
            value = numeric[0]
        keep = [unit, value] + ([draw] if draw in outcome.columns else [])
        frame = outcome[keep].rename(columns={value: "_value"})
        name = value
    else:
        raise CorpusError("estimate_effect(): outcome must be a column name of data or a table with the unit column")
    if draw not in frame.columns:
        frame = frame.assign(**{draw: 0})
    if frame.duplicated([unit, draw]).any():
        raise CorpusError(f"estimate_effect(): the outcome has more than one row per {unit!r} and draw; aggregate "
                          f"to one value per unit (or number its posterior draws in {draw!r})")
    wide = frame.pivot(index=unit, columns=draw, values="_value")
    if wide.isna().any().any():
        raise CorpusError(f"estimate_effect(): every {unit!r} needs the same draws of the outcome; some lack one")
    return wide, name


def estimate_effect(outcome: str | pd.DataFrame, covariates: str | Iterable[str], data: pd.DataFrame,
                    unit: str = "doc_id", *, value: str | None = None, by: str | None = None,
                    interval: str = "bootstrap", n_boot: int = 1000, level: float = 0.95,
                    random_state: int = 0, draw: str = "draw") -> pd.DataFrame:
    """Regress a per-document outcome on document covariates, with the outcome's posterior draws carried through.

    The model is OLS, ``outcome_d = β_0 + Σ_j β_j x_dj + ε_d``, one row per document (``unit``): a frame score
    or a topic's prevalence on the document's label, date, outlet or length. Categorical covariates are coded
    against their first level (``"framing=b"`` is b's difference from the first label); a datetime becomes
    years since the earliest date (``"date (per year)"``); numbers are used as they are.

    The point ``estimate`` is the OLS coefficient, averaged over the outcome's draws when it has several (the
    mean of per-draw OLS fits equals OLS on the mean outcome: OLS is linear in the outcome). With one value per
    document it is exactly ``statsmodels.OLS(y, X).fit().params``.

    The interval follows stm's ``estimateEffect`` (Roberts, Stewart & Tingley 2019), the *method of
    composition* (Tanner 1996): each of ``n_boot`` replicates takes one posterior draw of every document's
    outcome (chosen at random), and then

    * ``interval="bootstrap"`` (default): resamples the documents with replacement and refits (a document-level
      bootstrap; the spread of the outcome's draws and of the documents both enter);
    * ``interval="normal"``: draws the coefficients from the OLS sampling distribution N(β̂, σ̂² (X'X)⁻¹) of that
      draw's fit, as stm does.

    ``ci_low``/``ci_high`` are the percentiles (1 ∓ ``level``)/2 of the replicates; ``std_error`` their standard
    deviation. With one value per document the outcome carries no uncertainty of its own and only the
    documents' (or the normal approximation's) remains. Replicates whose resample leaves a level out (a
    singular design) are dropped and counted in ``attrs["dropped_replicates"]``.

    Parameters
    ----------
    outcome : str or pandas.DataFrame
        A column of ``data``, or a table with ``unit``, the outcome (``value``) and optionally ``draw`` (several
        rows per document: posterior draws, e.g. from :func:`framings.topics.topic_draws`).
    covariates : str or list of str
        Columns of ``data``.
    data : pandas.DataFrame
        One row per document: ``unit`` and the covariates.
    unit : str, default "doc_id"
        The column naming a document.
    value : str, optional
        The outcome column of an outcome table (default: its one non-constant numeric column besides ``draw``).
    by : str, optional
        A column of the outcome table (e.g. ``topic``): one regression per level, stacked.
    interval : {"bootstrap", "normal"}, default "bootstrap"
        How the regression's own uncertainty is drawn (above).
    n_boot : int, default 1000
        Replicates.
    level : float, default 0.95
        Coverage of the interval.
    random_state : int, default 0
        Seeds the replicates.
    draw : str, default "draw"
        The column numbering an outcome table's posterior draws.

    Returns
    -------
    pandas.DataFrame
        ``outcome, coefficient, estimate, std_error, ci_low, ci_high, n_units, n_draws`` (with ``by`` first when
        given), one row per coefficient, the intercept first. ``attrs``: ``reference_levels`` (the level each
        categorical is compared with), ``interval``, ``n_boot``, ``level``, ``random_state``,
        ``dropped_replicates`` and ``units_without_outcome`` (rows of ``data`` not in the outcome, left out).

    Raises
    ------
    CorpusError
        For a missing column, a document without covariates, uneven draws, a covariate with one level, fewer
        documents than coefficients + 1, or an unknown ``interval``.

    Examples
    --------
    >>> data = pd.DataFrame({"doc_id": list("abcdef"), "label": ["x", "x", "x", "y", "y", "y"],
    ...                      "score": [1.0, 1.2, 0.8, 2.1, 1.9, 2.3]})
    >>> out = fr.estimate_effect("score", "label", data, n_boot=200)
    >>> out[["coefficient", "estimate"]].round(3)
      coefficient  estimate
    0   intercept       1.0
    1     label=y       1.1
    >>> bool(out.loc[1, "ci_low"] > 0)
    True
    """
    if interval not in INTERVALS:
        raise CorpusError(f"estimate_effect(): interval={interval!r}; use one of {', '.join(INTERVALS)}")
    if not 0 < level < 1:
        raise CorpusError(f"estimate_effect(): level={level!r} must lie between 0 and 1")
    if int(n_boot) < 1:
        raise CorpusError(f"estimate_effect(): n_boot={n_boot!r} must be at least 1")
    covariates = [covariates] if isinstance(covariates, str) else list(covariates)
    if not isinstance(data, pd.DataFrame):
        raise CorpusError("estimate_effect(): data must be a table with one row per document")
    missing = [c for c in [unit, *covariates] if c not in data.columns]
    if missing:
        raise CorpusError(f"estimate_effect(): data lacks column(s) {missing}")
    if data[unit].duplicated().any():
        raise CorpusError(f"estimate_effect(): data has more than one row per {unit!r}; give one row per document")
    if by is not None:
        if not isinstance(outcome, pd.DataFrame) or by not in outcome.columns:
            raise CorpusError(f"estimate_effect(): by={by!r} must be a column of the outcome table")
        parts = {level_: estimate_effect(part.drop(columns=by), covariates, data, unit, value=value,
                                         interval=interval, n_boot=n_boot, level=level,
                                         random_state=random_state, draw=draw)
                 for level_, part in outcome.groupby(by, sort=True, observed=True)}
        out = pd.concat(parts, names=[by, "row"]).reset_index(level=by).reset_index(drop=True)
        out.attrs.update(next(iter(parts.values())).attrs)
        return out
    wide, name = _outcome_matrix(outcome, data, unit, value, draw)
    rows = data.set_index(unit)
    lacking = wide.index.difference(rows.index)
    if len(lacking):
        raise CorpusError(f"estimate_effect(): {len(lacking)} document(s) of the outcome are not in data "
                          f"(e.g. {list(lacking[:3])}); give every document its covariates")
    rows = rows.loc[wide.index].reset_index()
    if rows[covariates].isna().any().any():
        raise CorpusError("estimate_effect(): a covariate is missing for some documents; drop or fill them first")
    X, names, reference_levels = _design(rows, covariates)
    Y = wide.to_numpy(np.float64)
    n, p = X.shape
    if n <= p:
        raise CorpusError(f"estimate_effect(): {n} documents for {p} coefficients; an effect needs more documents")
    if np.linalg.matrix_rank(X) < p:
        raise CorpusError(f"estimate_effect(): the covariates {covariates} are collinear; drop one")
    beta_draws = _ols(X, Y)  # p × draws
    estimate = beta_draws.mean(axis=1)
    rng = np.random.default_rng(random_state)
    n_boot = int(n_boot)
    chosen = rng.integers(0, Y.shape[1], size=n_boot)  # one posterior draw per replicate (method of composition)
    if interval == "bootstrap":
        index = rng.integers(0, n, size=(n_boot, n))
        replicates = _batched_ols(X[index], Y[index, chosen[:, None]])
    else:
        residuals = Y - X @ beta_draws
        sigma2 = (residuals ** 2).sum(axis=0) / (n - p)
        chol = np.linalg.cholesky(np.linalg.inv(X.T @ X))
        normal = rng.standard_normal((n_boot, p))
        replicates = beta_draws[:, chosen].T + np.sqrt(sigma2[chosen])[:, None] * (normal @ chol.T)
    kept = ~np.isnan(replicates).any(axis=1)
    replicates = replicates[kept]
    low, high = np.percentile(replicates, [50 * (1 - level), 50 * (1 + level)], axis=0)
    out = pd.DataFrame({"outcome": name, "coefficient": names, "estimate": estimate,
                        "std_error": replicates.std(axis=0, ddof=1) if len(replicates) > 1 else np.nan,
                        "ci_low": low, "ci_high": high, "n_units": n, "n_draws": Y.shape[1]},
                       columns=EFFECT_COLUMNS)
    out.attrs.update({"reference_levels": reference_levels, "interval": interval, "n_boot": n_boot, "level": level,
                      "random_state": random_state, "dropped_replicates": int((~kept).sum()),
                      "units_without_outcome": int(len(data) - n)})
    return out
