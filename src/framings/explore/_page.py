"""An interactive, self-contained HTML explorer of terms and topics for any number of groups.

:func:`explorer` computes every number in Python with the library's own
functions and embeds them in one HTML file written by Bokeh with its
JavaScript inlined (``bokeh.resources.INLINE``): no CDN, no server, it opens
from ``file://`` offline.  The few lines of JavaScript (Bokeh ``CustomJS``
callbacks) only pick precomputed values and lay them out; they compute no
statistic.

**Term view** -- every term is a point; the vertical axis is its rate in the
chosen group, the horizontal axis its rate in the chosen reference (another
group, or all the rest), either rank-scaled (scattertext's ``dense_rank``:
dense ranks of the rate, scaled to [0, 1]) or log-scaled (log10 of the rate
per 10,000 tokens; a zero is drawn at half the smallest non-zero rate of the
comparison).  Colour is the signed G² of :func:`framings.keyness` (saturating at
|G²| = 10.83, p = 0.001) or the weighted log-odds z of
:func:`framings.log_odds` (Monroe et al.'s z for the comparison, as scattertext;
saturating at |z| = 3.29), on ColorBrewer's colour-blind-safe RdBu scale (red:
more in the group, blue: more in the reference); a dark outline marks the terms
whose Benjamini–Hochberg adjusted p is below 0.05 and the most extreme of them
are named.  Choosing a term (click,
or type it into *Search terms*) fills the *Concordance*: its keyword-in-context
lines (:func:`framings.kwic`, phrases such as ``strategic_autonomy`` searched
as "strategic autonomy"), coloured by group, with document ids; beside it its
rate per group with the paragraph-bootstrap interval (:func:`framings.rate_ci`)
and its dispersion over documents (:func:`framings.dispersion`), with a warning
when a single document carries it.

**Topic view** -- the intertopic distance map (:func:`framings.topics.topic_map`:
Jensen–Shannon divergences, classical MDS, circle area = prevalence, as
LDAvis); choosing a topic lists its terms by relevance
(:func:`framings.top_terms` with ``rank="relevance"``, precomputed for λ = 0.0,
0.1, …, 1.0; the slider picks one), its prevalence by group with bootstrap
intervals (:func:`framings.prevalence`) and its most typical paragraphs
(:func:`framings.topics.typical_paragraphs`).

**Frames view** -- the topics of the same model as a network (ANTMN, Walter & Ophir 2019:
:func:`framings.topic_network`, edges the cosine of two topics' paragraph shares) with its Louvain communities
(:func:`framings.frame_communities`); node area = prevalence, colour = community, line width = weight; hovering
a topic shows its top terms.

**Size limits** -- at most ``max_terms`` terms are drawn (the most frequent,
ties alphabetical) and at most ``max_kwic`` concordance lines are embedded per
term, taken in turn from each group and, within a group, from each document
(the total count is shown).  With the
defaults the project's corpus gives a file of about 3 MB, a simulated corpus of
200 documents about 4 MB.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._io import atomic_write_text
from .._paths import shown_path
from ..errors import CorpusError
from ..plots import COMMUNITY_PALETTE, framing_colors
from ._tables import (
    FDR_LEVEL,
    G2_SATURATION,
    LAMBDAS,
    REST,
    REST_LABEL,
    Z_SATURATION,
    _comparisons,
    _reporter,
    explorer_tables,
)

_REST_COLOR = "#555555"


# ColorBrewer RdBu (colour-blind safe; Brewer 2002): blue = more in the reference, red = more in the group;
# its near-white centre is replaced by a grey that shows on a white background.
KEYNESS_PALETTE = ["#053061", "#2166AC", "#4393C3", "#92C5DE", "#D1E5F0", "#BDBDBD",
                   "#FDDBC7", "#F4A582", "#D6604D", "#B2182B", "#67001F"]


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


# --------------------------------------------------------------------------
# the page
# --------------------------------------------------------------------------
def _rank01(values: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata  # heavy (scipy): imported on first use

    out = np.full(values.shape, np.nan)
    ok = np.isfinite(values)
    if ok.sum() > 1:
        r = rankdata(values[ok], method="dense")
        out[ok] = (r - r.min()) / (r.max() - r.min()) if r.max() > r.min() else 0.5
    elif ok.any():
        out[ok] = 0.5
    return out


def _log_scale(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    both = np.concatenate([x[np.isfinite(x)], y[np.isfinite(y)]])
    pos = both[both > 0]
    floor = pos.min() / 2 if len(pos) else 1e-3
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log10(np.where(x > 0, x, floor)), np.log10(np.where(y > 0, y, floor))


def _store_columns(tables: dict) -> tuple[dict, list[list[str]]]:
    """Column data: static per-term columns and one block per comparison (suffix = its index)."""
    terms = tables["terms"]["term"].tolist()
    groups = tables["groups"]["group"].tolist()
    key = tables["keyness"]
    lodds = tables["log_odds"]
    per_target = "reference" not in lodds.columns
    data: dict[str, np.ndarray | list] = {"term": terms}
    t = tables["terms"]
    data["freq"] = t["frequency"].to_numpy(np.int32)
    data["ndocs"] = t["range"].to_numpy(np.int32)
    data["dp"] = t["DP_norm"].to_numpy(np.float32)
    data["single"] = t["single_doc_id"].astype(str).tolist()
    data["overall"] = t["overall_per_10k"].to_numpy(np.float32)
    rates = tables["rates"]
    for gi, g in enumerate(groups):
        r = rates[rates["group"] == g].set_index("term").reindex(terms)
        data[f"rate_g{gi}"] = r["rate_per_10k"].to_numpy(np.float32)
        data[f"lo_g{gi}"] = r["ci_low"].to_numpy(np.float32)
        data[f"hi_g{gi}"] = r["ci_high"].to_numpy(np.float32)
    comps = _comparisons(groups)
    for c, (target, ref) in enumerate(comps):
        k = key[(key["target"] == target) & (key["reference"] == ref)].set_index("term").reindex(terms)
        tr = k["target_per_10k"].to_numpy(np.float64)
        rr = k["reference_per_10k"].to_numpy(np.float64)
        xl, yl = _log_scale(rr, tr)
        data[f"xr{c}"] = _rank01(rr).astype(np.float32)
        data[f"yr{c}"] = _rank01(tr).astype(np.float32)
        data[f"xl{c}"] = xl.astype(np.float32)
        data[f"yl{c}"] = yl.astype(np.float32)
        data[f"tc{c}"] = k["target_count"].fillna(0).to_numpy(np.int32)
        data[f"rc{c}"] = k["reference_count"].fillna(0).to_numpy(np.int32)
        data[f"tr{c}"] = tr.astype(np.float32)
        data[f"rr{c}"] = rr.astype(np.float32)
        data[f"g2{c}"] = k["g2"].to_numpy(np.float32)
        data[f"lr{c}"] = k["log_ratio"].to_numpy(np.float32)
        data[f"q{c}"] = k["p_adjusted"].to_numpy(np.float32)
        data[f"dt{c}"] = k["docs_in_target"].astype("Float64").fillna(0).to_numpy(np.int32)
        data[f"fdr{c}"] = (k["p_adjusted"] < FDR_LEVEL).fillna(False).to_numpy(np.int8)
        if per_target:
            z = lodds[lodds["target"] == target].set_index("term")["log_odds_weighted"]
        else:
            z = lodds[(lodds["target"] == target) & (lodds["reference"] == ref)].set_index("term")["log_odds_weighted"]
        data[f"z{c}"] = z.reindex(terms).to_numpy(np.float32)
    return data, [list(c) for c in comps]


def _label_indices(data: dict, n_comps: int, n: int = 8) -> list[list[int]]:
    """Per comparison, the terms to name on the plot: the ``n`` largest and ``n`` smallest signed G²
    among those with BH-adjusted p < 0.05."""
    out = []
    for c in range(n_comps):
        g2 = np.nan_to_num(data[f"g2{c}"].astype(np.float64), nan=0.0)
        sig = data[f"fdr{c}"] > 0
        order = np.argsort(-g2, kind="stable")
        top = [int(i) for i in order if sig[i] and g2[i] > 0][:n]
        bottom = [int(i) for i in order[::-1] if sig[i] and g2[i] < 0][:n]
        out.append(top + bottom)
    return out


def _esc(value) -> str:
    return html.escape(str(value), quote=True)


def _pct(x: float, digits: int = 1) -> str:
    return f"{100 * x:.{digits}f}%"


def _topic_html(tables: dict, colors: dict) -> tuple[list[list[str]], list[str], list[str]]:
    """Precomputed HTML per topic: relevance list per λ, prevalence by group, typical paragraphs."""
    rel = tables["relevance"]
    prev = tables["prevalence"]
    typ = tables["typical"]
    k = len(tables["topic_map"])
    by = tables["params"]["by"].iloc[0]
    rel_html = []
    for t in range(k):
        per_lam = []
        for lam in LAMBDAS:
            rows = rel[(rel["topic"] == t) & (rel["lam"] == lam)]
            top = max(rows["p_term_topic"].max(), rows["p_term"].max(), 1e-12)
            body = "".join(
                f'<tr><td class="n">{r.rank}</td><td class="t">{_esc(r.term)}</td>'
                f'<td class="n">{r.weight:.2f}</td>'
                f'<td class="bar"><span class="b1" style="width:{100 * r.p_term_topic / top:.0f}%"></span>'
                f'<span class="b0" style="width:{100 * r.p_term / top:.0f}%"></span></td>'
                f'<td class="n">{_pct(r.p_term_topic, 2)}</td><td class="n">{_pct(r.p_term, 2)}</td></tr>'
                for r in rows.itertuples()
            )
            per_lam.append(
                f'<table class="rel" aria-label="Terms of topic {t} by relevance, lambda {lam:.1f}">'
                f'<caption>Topic {t}: terms by relevance at λ = {lam:.1f}</caption>'
                '<tr><th>#</th><th>term</th><th>relevance</th><th>p(w|t) ▮ vs p(w) ▯</th>'
                f'<th>p(w|t)</th><th>p(w)</th></tr>{body}</table>'
            )
        rel_html.append(per_lam)
    prev_html = []
    overall = prev[prev["group"] == "all"].set_index("topic")
    for t in range(k):
        rows = prev[(prev["topic"] == t) & (prev["group"] != "all")]
        top = max(rows["ci_high"].max(), overall.loc[t, "mean_share"], 1e-12)
        base = overall.loc[t, "mean_share"]
        body = "".join(
            f'<tr><td><span class="sw" style="background:{colors.get(r.group, _REST_COLOR)}"></span>'
            f'{_esc(r.group)}</td><td class="n">{_pct(r.mean_share)}</td>'
            f'<td class="n">{_pct(r.ci_low)}–{_pct(r.ci_high)}</td><td class="n">{r.n}</td>'
            f'<td class="ci"><span class="base" style="left:{100 * base / top:.1f}%"></span>'
            f'<span class="whisker" style="left:{100 * r.ci_low / top:.1f}%;'
            f'width:{100 * (r.ci_high - r.ci_low) / top:.1f}%;background:{colors.get(r.group, _REST_COLOR)}"></span>'
            f'<span class="dot" style="left:{100 * r.mean_share / top:.1f}%;'
            f'background:{colors.get(r.group, _REST_COLOR)}"></span></td></tr>'
            for r in rows.itertuples()
        )
        prev_html.append(
            f'<table class="prev" aria-label="Prevalence of topic {t} by {_esc(by)}">'
            f'<caption>Topic {t}: mean share of paragraphs by {_esc(by)}, 95% bootstrap interval; '
            f'dashed line: all paragraphs ({_pct(base)})</caption>'
            f'<tr><th>{_esc(by)}</th><th>share</th><th>interval</th><th>paragraphs</th><th></th></tr>{body}</table>'
        )
    typ_html = []
    for t in range(k):
        rows = typ[typ["topic"] == t]
        items = "".join(
            f'<li style="border-left-color:{colors.get(str(r.framing), _REST_COLOR)}">'
            f'<b>{_esc(r.doc_id)}</b> ({_esc(r.framing)}), {_esc(r.para_id)}, topic share {_pct(r.share)}: '
            f'{_esc(_shorten(str(r.text), 420))}</li>'
            for r in rows.itertuples()
        )
        typ_html.append(f'<h4>Most typical paragraphs of topic {t}</h4><ol class="typ">{items}</ol>'
                        if items else f"<p>No paragraph of topic {t} has enough counted terms.</p>")
    return rel_html, prev_html, typ_html


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width].rsplit(" ", 1)[0] + " …"


_CSS = """
:host{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;color:#222}
h3{margin:4px 0 6px 0;font-size:15px} h4{margin:10px 0 4px 0;font-size:13px}
table{border-collapse:collapse;width:100%} caption{text-align:left;font-weight:600;padding:2px 0 4px 0}
td,th{padding:2px 5px;vertical-align:top;border-bottom:1px solid #eee;text-align:left}
td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.kwic td.l{text-align:right;color:#444;white-space:nowrap;overflow:hidden;max-width:480px;direction:rtl}
.kwic td.r{color:#444;white-space:nowrap;overflow:hidden;max-width:480px}
.kwic td.k{font-weight:700;white-space:nowrap;text-align:center}
.kwic td.d{font-size:11px;white-space:nowrap;border-left:5px solid #999}
.sw{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
td.ci,td.bar{position:relative;width:140px;min-width:140px}
.whisker{position:absolute;top:8px;height:3px} .dot{position:absolute;top:4px;width:10px;height:10px;margin-left:-5px;border-radius:50%;border:1px solid #000}
.base{position:absolute;top:0;bottom:0;border-left:1px dashed #333}
.b1,.b0{display:block;height:6px;margin:1px 0} .b1{background:#B2182B} .b0{background:#BBBBBB}
.warn{background:#FFF3CD;border:1px solid #C9A227;padding:3px 6px;margin:4px 0;border-radius:3px}
ol.typ li{border-left:5px solid #999;padding-left:6px;margin-bottom:6px}
.scroll{max-height:430px;overflow-y:auto}
.hint{color:#555}
@media (max-width:520px){td.ci,td.bar{width:70px;min-width:70px} td,th{padding:2px 3px}
  .kwic td.l,.kwic td.r{max-width:120px} .scroll{max-height:360px}}
"""


_JS_SCATTER = """
const g = group.value;
let r = ref.value === %(rest_label)s ? %(rest)s : ref.value;
if (r === g) { r = %(rest)s; }
const others = [%(rest_label)s].concat(groups.filter(x => x !== g));
if (JSON.stringify(ref.options) !== JSON.stringify(others)) { ref.options = others; }
const shown = r === %(rest)s ? %(rest_label)s : r;
if (ref.value !== shown) { ref.value = shown; return; }   // the reference callback redraws
const c = comps.findIndex(p => p[0] === g && p[1] === r);
const S = store.data, d = Object.assign({}, src.data);
const log = scale.value.startsWith('log');
d.x = S[(log ? 'xl' : 'xr') + c]; d.y = S[(log ? 'yl' : 'yr') + c];
for (const f of ['tc', 'rc', 'tr', 'rr', 'g2', 'lr', 'q', 'dt', 'z', 'fdr']) { d[f] = S[f + c]; }
const useZ = colour.value.startsWith('weighted');
d.cv = useZ ? d.z : d.g2;
d.line = Array.from(d.fdr, v => v ? '#111111' : null);
d.alpha = Array.from(d.fdr, v => v ? 0.95 : 0.45);
src.data = d;
const li = labels_at[c];
lab.data = {x: li.map(i => d.x[i]), y: li.map(i => d.y[i]), text: li.map(i => d.term[i])};
mapper.low = useZ ? -zsat : -gsat; mapper.high = useZ ? zsat : gsat;
bar.title = (useZ ? zlabel : glabel) + ' (' + g + ' vs ' + shown + ')';
const unit = log ? ' per 10k (log scale)' : ' (rank, 0 = rarest, 1 = most frequent)';
ylabel.text = 'rate in ' + g + unit;   // PlainText models: a label is never read as TeX
xlabel.text = 'rate in ' + shown + unit;
yaxis.axis_label = null; yaxis.axis_label = ylabel; xaxis.axis_label = null; xaxis.axis_label = xlabel;
// the top terms of each side, as scattertext lists them beside its plot
const esc = s => String(s).replace(/[&<>"']/g, ch => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'})[ch]);
const order = Array.from(d.term.keys()).filter(j => Number.isFinite(d.cv[j]))
  .sort((a, b) => d.cv[b] - d.cv[a] || (d.term[a] < d.term[b] ? -1 : 1));
const pick = js => ({term: js.map(j => d.term[j]), score: js.map(j => d.cv[j]),
                     sig: js.map(j => d.fdr[j] ? 'yes' : ''), index: js})
topg.data = pick(order.filter(j => d.cv[j] > 0).slice(0, ntop));
topr.data = pick(order.filter(j => d.cv[j] < 0).reverse().slice(0, ntop));
const scoreName = useZ ? 'z' : 'G\u00b2';
topg_title.text = '<h4>Top in ' + esc(g) + ' (' + scoreName + ')</h4>';
topr_title.text = '<h4>Top in ' + esc(shown) + ' (' + scoreName + ')</h4>';
"""


# the table of the comparison on show, as the spreadsheet the user would build from it
_JS_CSV = """
const d = src.data, S = store.data;
const g = group.value, r = ref.value;
// OWASP: a text cell that a spreadsheet would read as a formula starts with a quote
const cell = v => {
  if (typeof v === 'number') { return Number.isFinite(v) ? String(v) : ''; }
  let t = String(v);
  if (/^[=+\\-@\\t\\r]/.test(t)) { t = "'" + t; }
  return /[",\\n\\r]/.test(t) ? '"' + t.split('"').join('""') + '"' : t;
};
const head = ['term', 'count_' + g, 'count_' + r, 'per_10k_' + g, 'per_10k_' + r, 'g2', 'log_ratio',
              'p_adjusted_bh', 'log_odds_z', 'docs_with_term_' + g, 'documents_with_term'];
const order = Array.from(d.term.keys()).sort((a, b) => (d.g2[b] || 0) - (d.g2[a] || 0));
const lines = [head.map(cell).join(',')];
for (const j of order) {
  lines.push([d.term[j], d.tc[j], d.rc[j], d.tr[j], d.rr[j], d.g2[j], d.lr[j], d.q[j], d.z[j], d.dt[j],
              S.ndocs[j]].map(cell).join(','));
}
const blob = new Blob([lines.join('\\n') + '\\n'], {type: 'text/csv;charset=utf-8'});
const a = document.createElement('a');
const safe = x => String(x).replace(/[^A-Za-z0-9._-]+/g, '-');
a.href = URL.createObjectURL(blob);
a.download = 'framings-terms-' + safe(g) + '-vs-' + safe(r) + '.csv';
document.body.appendChild(a); a.click(); a.remove();
setTimeout(() => URL.revokeObjectURL(a.href), 1000);
"""


_JS_TOP_PICK = """
const k = table.selected.indices;
if (k.length) { src.selected.indices = [table.data.index[k[0]]]; }
"""


_JS_HERE = """
const j = store.data.term.indexOf(here.value);
if (j >= 0 && !(src.selected.indices.length === 1 && src.selected.indices[0] === j)) { src.selected.indices = [j]; }
"""


_JS_TERM = """
const idx = src.selected.indices, S = store.data;
if (!idx.length) {   // nothing chosen (or a search found nothing): no term's numbers stay on show
  if (!conc.text.includes('data-notfound')) { conc.text = conc_hint; }   // a search's "not found" stays
  rates.text = rates_hint; here.visible = false;
  return;
}
let i = idx[0];
if (idx.length > 1) {   // several terms under the click (ties of the dense ranks): list them, show the most frequent
  const under = Array.from(idx).sort((a, b) => S.freq[b] - S.freq[a] || (S.term[a] < S.term[b] ? -1 : 1));
  i = under[0];
  const names = under.slice(0, maxhere).map(j => S.term[j]);
  here.options = names; here.value = names[0];
  here.title = under.length + ' terms at this point' + (under.length > maxhere ? ' (the ' + maxhere +
               ' most frequent listed)' : '') + ': choose one';
  here.visible = true;
} else if (!here.options.includes(S.term[i])) {
  here.visible = false;
}
const term = S.term[i];
const esc = s => String(s).replace(/[&<>"']/g, ch => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'})[ch]);
const num = (v, p) => (v === null || Number.isNaN(v)) ? '–' : Number(v).toFixed(p);
const lines = (store.__kwic || (store.__kwic = JSON.parse(kwic)))[i] || [];   // parsed on the first choice
let rows = lines.map(l => {
  const doc = docs[l[0]], col = colours[doc[1]] || '#555555';
  return '<tr><td class="d" style="border-left-color:' + col + '">' + esc(doc[0]) + '<br>' + esc(doc[1]) +
         '</td><td class="l"><bdi>' + esc(l[1]) + '</bdi></td><td class="k" style="border-bottom:3px solid ' + col + '">' +
         esc(l[2]) + '</td><td class="r">' + esc(l[3]) + '</td></tr>';
}).join('');
const total = S.freq[i];
const note = total > lines.length ? ': ' + lines.length + ' lines for ' + total + ' occurrences (at most ' + maxk +
                                    ' embedded, taken in turn from each group)'
                                  : ': ' + lines.length + ' line' + (lines.length === 1 ? '' : 's');
conc.text = '<section role="region" aria-label="Concordance" aria-live="polite"><h3>Concordance: ' + esc(term) +
  '</h3><p class="hint">Keyword in context' + note + '</p><div class="scroll"><table class="kwic">' + rows +
  '</table></div></section>';
let top = 0;
groups.forEach((g, gi) => { top = Math.max(top, S['hi_g' + gi][i], S.overall[i]); });
top = top > 0 ? top : 1;
const base = S.overall[i];
let rr = groups.map((g, gi) => {
  const v = S['rate_g' + gi][i], lo = S['lo_g' + gi][i], hi = S['hi_g' + gi][i], col = colours[g] || '#555555';
  return '<tr><td><span class="sw" style="background:' + col + '"></span>' + esc(g) + '</td><td class="n">' +
    num(v, 2) + '</td><td class="n">' + num(lo, 2) + '–' + num(hi, 2) + '</td><td class="ci">' +
    '<span class="base" style="left:' + (100 * base / top).toFixed(1) + '%"></span>' +
    '<span class="whisker" style="left:' + (100 * lo / top).toFixed(1) + '%;width:' + (100 * (hi - lo) / top).toFixed(1) +
    '%;background:' + col + '"></span><span class="dot" style="left:' + (100 * v / top).toFixed(1) +
    '%;background:' + col + '"></span></td></tr>';
}).join('');
const warn = S.single[i] ? '<p class="warn" role="note">Single document: every occurrence is in <b>' +
  esc(S.single[i]) + '</b>, so a difference between groups is a difference of that one text.</p>' : '';
rates.text = '<section aria-label="Rate per group"><h3>' + esc(term) + ': rate per 10,000 tokens</h3>' +
  '<table><caption>95% paragraph-bootstrap interval; dashed line: whole corpus (' + num(base, 2) +
  ')</caption><tr><th>group</th><th>rate</th><th>interval</th><th></th></tr>' + rr + '</table>' +
  '<h4>Dispersion over documents</h4><p>' + S.freq[i] + ' occurrences in ' + S.ndocs[i] + ' of ' + ndocs +
  ' documents; Gries\\u2019 DP (normalised) ' + num(S.dp[i], 2) + ' (0 = even, 1 = concentrated)</p>' + warn +
  '</section>';
"""


# the tokenizer's steps (framings.text: NFC, typographic characters, lower case, the token pattern of
# framings._words, possessive 's, shortest length, stop words, spelling variants) in JavaScript, so that a
# typed "Russia's" finds the term the corpus was counted with ("russia"); tests compare it with fr.tokenize
_JS_TERM_OF = """
const term_of = (text, rules) => {
  let t = String(text).normalize('NFC');
  for (const [a, b] of rules.chars) { t = t.split(a).join(b); }
  t = t.toLowerCase();
  const run = "(?:\\\\p{Nd}+(?:[.,]\\\\p{Nd}+)+(?![\\\\p{L}\\\\p{N}])|[\\\\p{L}\\\\p{N}]+)";
  const words = t.match(new RegExp(run + "(?:['\\\\-_]" + run + ")*", "gu")) || [];
  const get = (m, k) => (m instanceof Map ? m.get(k) : m[k]) || k;   // a dict reaches Bokeh's JS as a Map
  const stop = new Set(rules.stopwords), keep = [], dropped = [], whole = [];
  for (let w of words) {
    if ((w.endsWith("'s")) && !rules.contractions.includes(w)) { w = w.slice(0, -2); }
    whole.push(w);
    if ([...w].length < rules.min_length) { dropped.push([w, 'short']); continue; }
    if (stop.has(w)) { dropped.push([w, 'stop']); continue; }
    keep.push(get(rules.variants, w));
  }
  // a phrase of the corpus (resources/phrases.txt) is joined before the filters: "belt and road" stays whole
  const phrase = whole.join('_');
  return {term: keep.join('_'), phrase: get(rules.variants, phrase), words: words, dropped: dropped};
};
"""


_JS_SEARCH = _JS_TERM_OF + """
const typed = search.value.trim();
if (!typed) { return; }
const terms = store.data.term, found = term_of(typed, rules);
let i = found.phrase && found.phrase !== found.term ? terms.indexOf(found.phrase) : -1;
if (i < 0 && found.term) { i = terms.indexOf(found.term); }
if (i >= 0) { src.selected.indices = [i]; return; }
src.selected.indices = [];   // clears the highlight, the rates and the concordance of the previous term
const esc = s => String(s).replace(/[&<>"']/g, ch => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'})[ch]);
let why;
if (!found.words.length) {
  why = 'holds no word the tokenizer counts (letters or digits).';
} else if (!found.term) {
  const kind = d => d[1] === 'stop' ? 'is a stop word, removed before counting'
                                     : 'is shorter than ' + rules.min_length + ' characters, not counted';
  why = found.dropped.length === 1 ? kind(found.dropped[0]) + '.' : 'holds only words the tokenizer drops: ' +
        found.dropped.map(d => '\\u201c' + esc(d[0]) + '\\u201d ' + kind(d)).join('; ') + '.';
} else {
  why = 'is counted as \\u201c' + esc(found.term.split('_').join(' ')) + '\\u201d, which is not among the ' +
        terms.length.toLocaleString('en') + ' terms shown' + (terms.length < nvocab ?
        ' (the most frequent of ' + nvocab.toLocaleString('en') + ')' : '') + '.';
}
const stem = (found.term || found.words.join('_'));
const near = stem.length >= 2 ? terms.filter(t => t.startsWith(stem)).slice(0, 8) : [];
const hint = near.length ? ' Terms that begin so: ' + near.map(t => '<b>' + esc(t) + '</b>').join(', ') + '.' : '';
rates.text = rates_hint; here.visible = false;
conc.text = '<section role="region" aria-label="Concordance" aria-live="polite" data-notfound="1"><h3>Not found: \\u201c' +
  esc(typed) + '\\u201d</h3><p class="warn" role="status">\\u201c' + esc(typed) + '\\u201d ' + why + hint +
  '</p></section>';
"""


_JS_TOPIC = """
let t = tsrc.selected.indices.length ? Math.min(...tsrc.selected.indices) : Number(tsel.value);
if (cb_obj === tsel) { t = Number(tsel.value); if (tsrc.selected.indices[0] !== t) { tsrc.selected.indices = [t]; } }
if (String(t) !== tsel.value) { tsel.value = String(t); }
const li = Math.round(lam.value * 10);
rel.text = relh[t][li]; prev.text = prevh[t]; typ.text = typh[t];
"""


_JS_ARIA = """
// Once the page is drawn: name Bokeh's slider handle (noUiSlider: role="slider", no name) and let the keyboard
// open a tab (Bokeh's tab headers take focus but answer only to the mouse).
const pass = (root) => {
  if (!root) { return; }
  for (const h of root.querySelectorAll('.noUi-handle')) { h.setAttribute('aria-label', label); }
  for (const t of root.querySelectorAll('.bk-tab')) {
    t.setAttribute('role', 'tab');
    if (!t.dataset.keys) {
      t.dataset.keys = '1';
      t.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); t.click(); }
      });
    }
  }
  for (const child of root.querySelectorAll('*')) { if (child.shadowRoot) { pass(child.shadowRoot); } }
};
setTimeout(() => pass(document), 0); setTimeout(() => pass(document), 500);
"""


N_TOP = 15  # terms in each top-terms list beside the plot


MAX_LISTED = 200  # terms listed when a click hits several points at once


# a row whose children wrap onto the next line when the window is narrow (a phone at 420 px)
_WRAP_CSS = ":host{flex-wrap:wrap;gap:6px 10px;}"


def _wrap(*children):
    from bokeh.layouts import row  # optional extra [explore]: imported on first use

    return row(*children, sizing_mode="stretch_width", stylesheets=[_WRAP_CSS])


def _div(text: str, name: str | None = None, max_width: int | None = None):
    """A Div of our own HTML: full width up to ``max_width``, TeX never read (``$$…$$`` stays text)."""
    from bokeh.models import Div  # optional extra [explore]: imported on first use

    return Div(text=text, stylesheets=[_CSS], name=name, disable_math=True, sizing_mode="stretch_width",
               min_width=280, **({"max_width": max_width} if max_width else {}))


def _plain_title(text: str):
    from bokeh.models import PlainText  # optional extra [explore]: imported on first use

    return PlainText(text=text)


def _top_tables(data: dict, g0: str, r0: str, src):
    """Two short tables, the top terms of the group and of the reference; choosing a row chooses the term."""
    from bokeh.models import (  # optional extra [explore]: imported on first use
        ColumnDataSource,
        CustomJS,
        DataTable,
        NumberFormatter,
        TableColumn,
    )
    from bokeh.layouts import column  # optional extra [explore]: imported on first use

    g2 = np.nan_to_num(data["g2" + "0"].astype(np.float64), nan=0.0)
    order = np.lexsort((np.array(data["term"], dtype=object), -g2))
    pos = [int(j) for j in order if g2[j] > 0][:N_TOP]
    neg = [int(j) for j in order[::-1] if g2[j] < 0][:N_TOP]

    def source(ids, name):
        return ColumnDataSource({"term": [data["term"][j] for j in ids], "score": [float(g2[j]) for j in ids],
                                 "sig": ["yes" if data["fdr0"][j] else "" for j in ids], "index": ids}, name=name)

    out, titles, tables = [], [], []
    for ids, name, label in ((pos, "top_group", g0), (neg, "top_reference", r0)):
        table_src = source(ids, name)
        title = _div(f"<h4>Top in {_esc(label)} (G²)</h4>", name=f"{name}_title", max_width=320)
        table = DataTable(source=table_src, columns=[
            TableColumn(field="term", title="term", width=150),
            TableColumn(field="score", title="score", formatter=NumberFormatter(format="0.00"), width=70),
            TableColumn(field="sig", title="q < 0.05", width=70)],
            index_position=None, height=360, width=300, name=f"{name}_table")
        table_src.selected.js_on_change("indices", CustomJS(args=dict(table=table_src, src=src), code=_JS_TOP_PICK))
        out.append(table_src)
        titles.append(title)
        tables.append(column(title, table))
    return out[0], out[1], titles[0], titles[1], tables


def _build_document(tables: dict, title: str):
    from bokeh.layouts import (  # optional extra [explore]: imported on first use
        column,
    )
    from bokeh.models import (
        AutocompleteInput,
        Button,
        ColorBar,
        ColumnDataSource,
        CustomJS,
        CustomJSTickFormatter,
        HoverTool,
        LabelSet,
        LinearColorMapper,
        PlainText,
        Select,
        Slider,
        Slope,
        TabPanel,
        Tabs,
        TapTool,
    )  # optional extra [explore]: imported on first use
    from bokeh.plotting import figure  # optional extra [explore]: imported on first use


    groups = tables["groups"]["group"].tolist()
    colors = framing_colors(groups)
    data, comps = _store_columns(tables)
    store = ColumnDataSource(data, name="store")
    g0 = groups[0]
    c0 = 0
    init = {
        "term": data["term"], "freq": data["freq"], "ndocs": data["ndocs"],
        "x": data[f"xr{c0}"], "y": data[f"yr{c0}"],
        **{f: data[f"{f}{c0}"] for f in ("tc", "rc", "tr", "rr", "g2", "lr", "q", "dt", "z", "fdr")},
    }
    init["cv"] = init["g2"]
    init["line"] = ["#111111" if v else None for v in init["fdr"]]
    init["alpha"] = np.where(init["fdr"] > 0, 0.95, 0.45).astype(np.float32)
    src = ColumnDataSource(init, name="terms")
    mapper = LinearColorMapper(palette=KEYNESS_PALETTE, low=-G2_SATURATION, high=G2_SATURATION, nan_color="#cccccc")
    params = tables["params"].iloc[0]

    # labels that carry a group name are PlainText: Bokeh reads a str with $$…$$ as TeX (and bundles MathJax)
    xlabel = PlainText(text=f"rate in {REST_LABEL} (rank, 0 = rarest, 1 = most frequent)")
    ylabel = PlainText(text=f"rate in {g0} (rank, 0 = rarest, 1 = most frequent)")
    fig = figure(height=560, min_width=250, max_width=680, sizing_mode="stretch_width",
                 title="Terms: the group against the reference",
                 tools="pan,wheel_zoom,box_zoom,reset,save", toolbar_location="above", name="term_plot",
                 x_axis_label=xlabel, y_axis_label=ylabel)
    points = fig.scatter("x", "y", source=src, size=7, fill_color={"field": "cv", "transform": mapper},
                         line_color="line", fill_alpha="alpha", line_alpha="alpha",
                         selection_fill_alpha=1.0, selection_line_color="#000000", selection_line_width=2.5,
                         nonselection_fill_alpha="alpha", nonselection_line_alpha="alpha")
    points.selection_glyph.size = 14
    labels_at = _label_indices(data, len(comps))
    lab = ColumnDataSource({"x": [float(data["xr0"][i]) for i in labels_at[0]],
                            "y": [float(data["yr0"][i]) for i in labels_at[0]],
                            "text": [data["term"][i] for i in labels_at[0]]}, name="labels")
    fig.add_layout(LabelSet(x="x", y="y", text="text", source=lab, text_font_size="10px", x_offset=4, y_offset=2,
                            text_color="#222222", background_fill_color="white", background_fill_alpha=0.6))
    fig.add_layout(Slope(gradient=1, y_intercept=0, line_dash="dashed", line_color="#888888"))
    hover = HoverTool(renderers=[points], tooltips=[
        ("term", "@term"),
        ("count", "@tc in group, @rc in reference"),
        ("per 10k", "@tr{0.00} in group, @rr{0.00} in reference"),
        ("G²", "@g2{0.00} (BH-adjusted p @q{0.0000})"),
        ("Log Ratio", "@lr{0.00}"),
        ("log-odds z", "@z{0.00}"),
        ("documents", "@dt in group; @ndocs of the corpus's " + str(int(params["documents"]))),
    ])
    fig.add_tools(hover, TapTool(renderers=[points]))
    fig.toolbar.active_scroll = None
    fig.toolbar.logo = None  # the logo is a link to the web
    bar = ColorBar(color_mapper=mapper, title=_plain_title(f"signed G² ({g0} vs {REST_LABEL})"), width=12,
                   title_text_font_size="11px")
    fig.add_layout(bar, "right")

    group = Select(title="Group", value=g0, options=groups, width=180, name="group")
    ref = Select(title="Reference", value=REST_LABEL, options=[REST_LABEL] + groups[1:], width=180, name="reference")
    scale = Select(title="Scale", value="rank (dense, as scattertext)",
                   options=["rank (dense, as scattertext)", "log10 rate"],
                   width=200, name="scale")
    colour_opts = ["signed G² (outline: FDR q < 0.05)",
                   f"weighted log-odds z ({'Monroe' if params['log_odds_method'] == 'monroe' else 'tidylo'})"]
    colour = Select(title="Colour", value=colour_opts[0], options=colour_opts, width=250, name="colour")
    # suggestions as you type: the terms drawn, matched anywhere in the word
    search = AutocompleteInput(title="Search terms", placeholder="type a term, press Enter",
                               completions=data["term"], restrict=False, case_sensitive=False, min_characters=2,
                               search_strategy="includes", width=230, name="search", max_completions=12)
    conc_hint = ('<section role="region" aria-label="Concordance"><h3>Concordance</h3><p class="hint">Choose a '
                 'term: click a point or type it into <i>Search terms</i>.</p></section>')
    rates_hint = ('<section aria-label="Rate per group"><h3>Rate per group</h3><p class="hint">Choose a term to '
                  'see its rate in every group with its interval, and its dispersion.</p></section>')
    conc = _div(conc_hint, name="concordance")
    rates = _div(rates_hint, name="rates", max_width=560)
    here = Select(title="Terms at this point", options=[], value="", visible=False, width=300, name="here")
    csv = Button(label="Download this comparison (CSV)", width=250, name="csv", button_type="default")
    fmt = CustomJSTickFormatter(args={"scale": scale}, code="""
        return scale.value.startsWith('log') ? Number(Math.pow(10, tick).toPrecision(2)).toString() : tick.toFixed(2);
    """)
    fig.xaxis[0].formatter = fmt
    fig.yaxis[0].formatter = fmt
    topg, topr, topg_title, topr_title, top_tables = _top_tables(data, g0, REST_LABEL, src)
    rest_js = json.dumps(REST)
    rest_label_js = json.dumps(REST_LABEL)
    scatter_cb = CustomJS(
        args=dict(src=src, store=store, group=group, ref=ref, scale=scale, colour=colour, mapper=mapper, bar=bar,
                  xaxis=fig.xaxis[0], yaxis=fig.yaxis[0], xlabel=xlabel, ylabel=ylabel, lab=lab, labels_at=labels_at,
                  groups=groups, comps=comps, gsat=G2_SATURATION, zsat=Z_SATURATION, glabel="signed G²",
                  zlabel="log-odds z", topg=topg, topr=topr, topg_title=topg_title, topr_title=topr_title,
                  ntop=N_TOP),
        code=_JS_SCATTER % {"rest": rest_js, "rest_label": rest_label_js},
    )
    for w in (group, ref, scale, colour):
        w.js_on_change("value", scatter_cb)
    csv.js_on_event("button_click", CustomJS(args=dict(src=src, store=store, group=group, ref=ref), code=_JS_CSV))

    doc_index = {d: i for i, d in enumerate(tables["docs"]["doc_id"])}
    docs = tables["docs"][["doc_id", "framing"]].values.tolist()
    kw = tables["kwic"]
    kwic = [[] for _ in data["term"]]
    term_index = {t: i for i, t in enumerate(data["term"])}
    for r in kw.itertuples():
        kwic[term_index[r.term]].append([doc_index[str(r.doc_id)], r.left, r.keyword, r.right])
    # one JSON string, parsed once by the page: as nested lists Bokeh would walk every one of the ~60,000
    # lines looking for models to serialise (2-4 s of the build at 3,000 terms)
    kwic = json.dumps(kwic, ensure_ascii=False, separators=(",", ":"))
    term_cb = CustomJS(args=dict(src=src, store=store, kwic=kwic, docs=docs, groups=groups, colours=colors,
                                 conc=conc, rates=rates, ndocs=int(params["documents"]),
                                 maxk=int(params["max_kwic"]), here=here, maxhere=MAX_LISTED,
                                 conc_hint=conc_hint, rates_hint=rates_hint), code=_JS_TERM)
    src.selected.js_on_change("indices", term_cb)
    here.js_on_change("value", CustomJS(args=dict(here=here, store=store, src=src), code=_JS_HERE))
    rules = tables["search"].iloc[0].to_dict()
    search.js_on_change("value", CustomJS(args=dict(search=search, store=store, src=src, conc=conc, rules=rules,
                                                    rates=rates, rates_hint=rates_hint, here=here,
                                                    nvocab=int(params["vocabulary"])), code=_JS_SEARCH))

    swatches = " ".join(f'<span class="sw" style="background:{colors[g]}"></span>{_esc(g)}' for g in groups)
    intro = _div((
        f"<h3>{_esc(title)}</h3><p>{int(params['documents'])} documents, {int(params['paragraphs'])} paragraphs, "
        f"{int(params['tokens']):,} tokens, {len(data['term']):,} of {int(params['vocabulary']):,} terms shown "
        f"(the most frequent). Groups ({_esc(params['by'])}): {swatches}. Every number was computed in Python by "
        "framings (keyness, log_odds, rate_ci, dispersion, kwic, fit_topics, top_terms, prevalence); the page "
        "only selects and displays them.</p>"))
    term_view = column(
        intro,
        _wrap(group, ref, scale, colour, search),
        _wrap(fig, column(rates, here, sizing_mode="stretch_width", max_width=560, min_width=300)),
        conc,
        _wrap(*top_tables, csv),
        sizing_mode="stretch_width",
    )

    # ---- topics
    tmap = tables["topic_map"]
    rel_html, prev_html, typ_html = _topic_html(tables, colors)
    rel = tables["relevance"]
    top5 = [", ".join(rel[(rel["topic"] == t) & (rel["lam"] == 0.6)]["term"].head(5)) for t in tmap["topic"]]
    share = tmap["prevalence"].to_numpy()
    tsrc = ColumnDataSource({
        "x": tmap["x"].to_numpy(), "y": tmap["y"].to_numpy(), "topic": tmap["topic"].astype(str).tolist(),
        "prevalence": share, "size": 24 + 90 * np.sqrt(share / share.max()), "top": top5,
    }, name="topics")
    tsrc.selected.indices = [0]
    pad = max(float(np.ptp(tmap["x"])), float(np.ptp(tmap["y"])), 1e-3) * 0.35
    tfig = figure(height=440, min_width=250, max_width=520, sizing_mode="stretch_width", title="Intertopic distance map (JS divergence, MDS)",
                  tools="tap,pan,wheel_zoom,reset,save", toolbar_location="above", name="topic_map",
                  x_axis_label="PC1", y_axis_label="PC2",
                  x_range=(tmap["x"].min() - pad, tmap["x"].max() + pad),
                  y_range=(tmap["y"].min() - pad, tmap["y"].max() + pad))
    circles = tfig.scatter("x", "y", size="size", source=tsrc, fill_color="#4C72B0", fill_alpha=0.35,
                           line_color="#1F3A5F", selection_fill_color="#B2182B", selection_fill_alpha=0.55,
                           nonselection_fill_alpha=0.25)
    tfig.add_layout(LabelSet(x="x", y="y", text="topic", source=tsrc, text_align="center",
                             text_baseline="middle", text_font_size="13px"))
    tfig.add_tools(HoverTool(renderers=[circles], tooltips=[("topic", "@topic"), ("prevalence", "@prevalence{0.0%}"),
                                                           ("top terms (λ = 0.6)", "@top")]))
    tfig.toolbar.active_scroll = None
    tfig.toolbar.logo = None
    tsel = Select(title="Topic", value="0", options=[str(t) for t in tmap["topic"]], width=120, name="topic")
    lam = Slider(title="Relevance λ (1 = probability, 0 = lift)", start=0.0, end=1.0, step=0.1, value=0.6,
                 width=260, name="lambda")
    rel_div = _div(rel_html[0][6], name="topic_terms", max_width=700)
    prev_div = _div(prev_html[0], name="topic_prevalence", max_width=700)
    typ_div = _div(typ_html[0], name="typical")
    topic_cb = CustomJS(args=dict(tsrc=tsrc, tsel=tsel, lam=lam, rel=rel_div, prev=prev_div, typ=typ_div,
                                  relh=rel_html, prevh=prev_html, typh=typ_html), code=_JS_TOPIC)
    tsrc.selected.js_on_change("indices", topic_cb)
    tsel.js_on_change("value", topic_cb)
    lam.js_on_change("value", topic_cb)
    tintro = _div((
        f"<h3>Topics: {params['method'].upper()}, k = {int(params['k'])}, seed {int(params['random_state'])}</h3>"
        "<p>Circle area = prevalence (mean topic share of paragraphs); distance = Jensen–Shannon divergence of the "
        "topics' word distributions (LDAvis). Relevance = λ log p(w|t) + (1 − λ) log(p(w|t)/p(w)) "
        "(Sievert &amp; Shirley 2014), precomputed for λ = 0.0, 0.1, …, 1.0.</p>"))
    topic_view = column(tintro, _wrap(tfig, column(_wrap(tsel, lam), rel_div, prev_div, sizing_mode="stretch_width",
                                                   max_width=700, min_width=300)),
                        typ_div, sizing_mode="stretch_width")

    frames_view = _frames_view(tables, params)
    tabs = Tabs(tabs=[TabPanel(child=term_view, title="Terms"), TabPanel(child=topic_view, title="Topics"),
                      TabPanel(child=frames_view, title="Frames")],
                sizing_mode="stretch_width")
    return tabs, CustomJS(args=dict(label="Relevance lambda"), code=_JS_ARIA)


def _frames_view(tables: dict, params):
    """The topic network tab: precomputed positions, communities and weights; the page computes nothing."""
    from bokeh.layouts import column  # optional extra [explore]: imported on first use
    from bokeh.models import ColumnDataSource, HoverTool, LabelSet  # optional extra [explore]
    from bokeh.plotting import figure  # optional extra [explore]: imported on first use

    nodes, edges = tables["network_nodes"], tables["network_edges"]
    where = nodes.set_index("label")[["x", "y"]]
    top = float(edges["weight"].max()) if len(edges) else 1.0
    esrc = ColumnDataSource({
        "x0": where.loc[edges["source"], "x"].to_numpy(), "y0": where.loc[edges["source"], "y"].to_numpy(),
        "x1": where.loc[edges["target"], "x"].to_numpy(), "y1": where.loc[edges["target"], "y"].to_numpy(),
        "width": (0.5 + 7.5 * edges["weight"] / top).to_numpy(), "weight": edges["weight"].to_numpy(),
    }, name="network_edges")
    share = nodes["prevalence"].to_numpy()
    nsrc = ColumnDataSource({
        "x": nodes["x"].to_numpy(), "y": nodes["y"].to_numpy(), "topic": nodes["topic"].astype(str).tolist(),
        "community": nodes["community"].astype(int).tolist(), "prevalence": share,
        "size": 24 + 70 * np.sqrt(share / max(float(share.max()), 1e-12)), "top": nodes["top_terms"].tolist(),
        "color": [COMMUNITY_PALETTE[(c - 1) % len(COMMUNITY_PALETTE)] for c in nodes["community"].astype(int)],
    }, name="network_nodes")
    fig = figure(height=460, min_width=250, max_width=620, sizing_mode="stretch_width", name="topic_network",
                 title="Topics linked by the paragraphs they share (cosine of topic shares)",
                 tools="pan,wheel_zoom,reset,save", toolbar_location="above", x_axis_label="", y_axis_label="")
    fig.segment("x0", "y0", "x1", "y1", source=esrc, line_width="width", line_color="#888888", line_alpha=0.6)
    dots = fig.scatter("x", "y", size="size", source=nsrc, fill_color="color", fill_alpha=0.8, line_color="white")
    fig.add_layout(LabelSet(x="x", y="y", text="topic", source=nsrc, text_align="center", text_baseline="middle",
                            text_font_size="13px"))
    fig.add_tools(HoverTool(renderers=[dots], tooltips=[("topic", "@topic"), ("community", "@community"),
                                                       ("prevalence", "@prevalence{0.0%}"), ("top terms", "@top")]))
    fig.toolbar.logo = None
    fig.axis.visible = False
    fig.grid.visible = False
    n_comm, modularity = int(params["network_communities"]), float(params["network_modularity"])
    intro = _div(
        f"<h3>Frames as communities of topics (ANTMN): {n_comm} communit{'y' if n_comm == 1 else 'ies'} among "
        f"{len(nodes)} topics, modularity {modularity:.2f}</h3>"
        "<p>Walter &amp; Ophir (2019): topics that appear in the same paragraphs are linked (cosine of their "
        "columns of paragraph × topic shares); Louvain communities of that network (resolution 1, the page's "
        "seed) are read as frames. Colour = community; circle area = prevalence. Modularity near 0 means the "
        "topics do not fall into groups. One seed and one resolution: check with "
        "<code>fr.frames.community_sweep</code> and <code>community_agreement</code> before reading a frame into "
        "a community.</p>")
    return column(intro, fig, sizing_mode="stretch_width")


def _deterministic(page: str) -> str:
    """Replace Bokeh's random UUIDs by ones derived from the page itself (same input, same bytes)."""
    found = list(dict.fromkeys(_UUID.findall(page)))
    digest = hashlib.sha256(_UUID.sub("", page).encode("utf-8")).hexdigest()
    for i, old in enumerate(found):
        new = str(uuid.uuid5(uuid.NAMESPACE_URL, f"framings-explorer:{digest}:{i}"))
        page = page.replace(old, new)
    return page


def _render(tables: dict, title: str) -> str:
    try:
        import bokeh.util.serialization as _ser  # optional extra [explore]: imported on first use
        from bokeh.document import (
            Document,  # optional extra [explore]: imported on first use
        )
        from bokeh.embed import (
            file_html,  # optional extra [explore]: imported on first use
        )
        from bokeh.resources import (
            INLINE,  # optional extra [explore]: imported on first use
        )
    except ImportError:  # pragma: no cover - depends on the environment
        raise CorpusError("explorer needs Bokeh: pip install 'framings[explore]' (or pip install bokeh).") from None
    with _ser._simple_id_lock:  # number Bokeh's model ids from the start: same input, same page
        _ser._simple_id = 999
    layout, on_ready = _build_document(tables, title)
    doc = Document()
    doc.add_root(layout)
    doc.js_on_event("document_ready", on_ready)
    doc.title = title
    page = file_html(doc, resources=INLINE, title=title)
    page = page.replace("<head>", '<head>\n    <meta name="description" content="framings explorer: terms and '
                                  'topics, offline">', 1)
    return _deterministic(page)


@dataclass(repr=False)
class Explorer:
    """A rendered explorer: ``html`` is the whole self-contained page.

    Displays inline in JupyterLab (``_repr_html_`` puts the page in an
    ``<iframe srcdoc>``, so its scripts run isolated from the notebook's) and
    writes itself with :meth:`save`.  ``tables`` holds every embedded number.
    """

    html: str
    tables: dict = field(default_factory=dict)
    height: int = 1250

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (UTF-8; parent folders created) and return the path.

        Parameters
        ----------
        path : str or Path
            Where to write, e.g. ``"build/explorer/explorer.html"``.

        Returns
        -------
        Path
            The written file.

        Examples
        --------
        >>> fr.explorer(paras).save("explorer.html")             # doctest: +SKIP
        """
        path = atomic_write_text(path, self.html)  # a reader never sees half a page
        return shown_path(path)  # shown without the local folders when a notebook cell ends with it

    @property
    def size_mb(self) -> float:
        """Size of the page in megabytes (10⁶ bytes)."""
        return len(self.html.encode("utf-8")) / 1e6

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" style="width:100%;height:{self.height}px;'
                'border:1px solid #ddd" title="framings explorer" sandbox="allow-scripts allow-downloads">'
                "</iframe>")

    def __repr__(self) -> str:
        p = self.tables.get("params")
        what = "" if p is None else (f"{int(p['documents'].iloc[0])} documents, "
                                     f"{len(self.tables['terms'])} terms, k = {int(p['k'].iloc[0])}, ")
        return f"Explorer({what}{self.size_mb:.1f} MB)"


def explorer(paras: pd.DataFrame, *, title: str = "framings explorer", **options: Any) -> Explorer:
    """Build the interactive term and topic explorer of ``paras`` as one self-contained HTML page.

    Parameters
    ----------
    paras : DataFrame
        Paragraphs (:func:`framings.paragraphs`), with ``doc_id, para_id, text``
        and the grouping column (``by``, default ``"framing"``).
    title : str
        Page title.
    **options
        Passed to :func:`explorer_tables`: ``by, k, method, random_state,
        n_boot, max_terms, max_kwic, window, n_topic_terms, n_typical,
        min_terms, min_df, max_df, log_odds_method, progress`` (True prints a
        line per step to stderr, a function receives each line).

    Returns
    -------
    Explorer
        ``.html`` (the page), ``.tables`` (every embedded number), ``.save(path)``;
        shown inline in JupyterLab.

    Raises
    ------
    CorpusError
        On bad input (see :func:`explorer_tables`) or when Bokeh is missing.

    Examples
    --------
    >>> import framings as fr                                   # doctest: +SKIP
    >>> ex = fr.explorer(fr.paragraphs(fr.load_corpus()))       # doctest: +SKIP
    >>> ex.save("build/explorer/explorer.html")                 # doctest: +SKIP
    """
    say = _reporter(options.pop("progress", False))
    tables = explorer_tables(paras, progress=say, **options)
    say(f"drawing the page ({len(tables['terms']):,} terms, Bokeh)")
    html = _render(tables, title)
    say(f"page done, {len(html.encode('utf-8')) / 1e6:.1f} MB")
    return Explorer(html=html, tables=tables)
