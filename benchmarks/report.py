"""Write benchmarks/results.md and benchmarks/scaling.png from the JSON the bench scripts saved.

Called by run_all.py (``make bench``) with the folder of results; not a benchmark itself.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = {"cv": "CountVectorizer().fit_transform (reference)", "findall": 're.findall(r"\\w+") pass',
          "count": "ours: tokenise + count (count_matrix)", "e2e": "ours: end to end",
          "e2e_jobs": "ours: end to end, n_jobs=-1", "tidy": "ours: end to end via the tidy token frame"}


def _load(folder: Path, name: str):
    path = folder / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "**missed**")


def plot(corpus: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_time, ax_memory) = plt.subplots(1, 2, figsize=(11, 4.2))
    for kind, runs in corpus["runs"].items():
        words = [r["words"] for r in runs]
        style = {"color": "black", "linewidth": 2.5} if kind == "cv" else {}
        ax_time.plot(words, [r["seconds"] for r in runs], marker="o", label=LABELS.get(kind, kind), **style)
        ax_memory.plot(words, [r["peak_mb"] for r in runs], marker="o", label=LABELS.get(kind, kind), **style)
    for ax, ylabel in ((ax_time, "wall time (s)"), (ax_memory, "peak memory, max RSS (MB)")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("corpus size (words; 1x to 1000x the corpus)")
        ax.set_ylabel(ylabel)
        ax.grid(True, which="both", alpha=0.3)
    exponents = corpus.get("exponents", {})
    if "e2e" in exponents and "cv" in exponents:  # the titles say what the lines show, from the fitted numbers
        ax_time.set_title(f"Time ∝ size^b: b = {exponents['e2e']:.2f} end to end, "
                          f"{exponents['cv']:.2f} CountVectorizer", fontsize=10)
    peak = max(r["peak_mb"] for runs in corpus["runs"].values() for r in runs if r["peak_mb"] == r["peak_mb"])
    ax_memory.set_title(f"Largest peak memory: {peak:.0f} MB (target ≤ {corpus['memory_target_mb']} MB)",
                        fontsize=10)
    ax_time.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def write(folder: Path, outputs: dict[str, str], seconds: float | None = None, quick: bool = False) -> Path:
    corpus, imports, figures = _load(folder, "corpus"), _load(folder, "import"), _load(folder, "figures")
    lines = ["# Benchmark results", "",
             f"Written by `make bench` (`benchmarks/run_all.py`) on {time.strftime('%Y-%m-%d %H:%M %Z')}. "
             "Ratios are ours / the reference's (wall / CPU where both are known), measured in the same run: "
             "CountVectorizer for tokenise + count (each measure in its own process, peak memory = that process's "
             "max RSS, after a warm-up on the 1x corpus); tomotopy and gensim for the LDA fit; scattertext and "
             "R tidytext for keyness + log-odds from a folder. The load average of each measure is given: on a "
             "shared machine read the ratios, not the seconds.", ""]
    machine = (corpus or {}).get("machine")
    if machine is None:
        sys.path.insert(0, str(HERE))
        from _bench import machine as machine_info

        machine = machine_info()
    lines += ["## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in machine.items()]
    lines += ["", "## Targets", "", "| measure | ours | CountVectorizer | ratio (wall / CPU) | target | |",
              "|---|---:|---:|---:|---|---|"]
    if corpus:
        cv = {r["scale"]: r for r in corpus["runs"]["cv"]}
        for kind in ("count", "e2e", "e2e_jobs"):
            target = corpus["targets"].get(kind)
            for run, ratio in zip(corpus["runs"][kind], corpus["ratios"][kind]):
                if kind != "count" and run["scale"] != max(cv):
                    continue
                name = {"count": "tokenise + count", "e2e": "end to end", "e2e_jobs": "end to end, n_jobs=-1"}[kind]
                aim = f"≤ {target:.2f}" if target else "reported (compared below with scattertext, tidytext)"
                lines.append(f"| {name}, {run['scale']}x ({run['words']:,} words) | {run['seconds']:.3f} s | "
                             f"{cv[run['scale']]['seconds']:.3f} s | {ratio['wall']:.2f} / {ratio['cpu']:.2f} | "
                             f"{aim} | {_verdict(ratio['wall'] <= target) if target else '—'} |")
        largest = corpus["runs"]["e2e"][-1]
        lines.append(f"| peak memory end to end, {largest['scale']}x | {largest['peak_mb']:.0f} MB | "
                     f"{corpus['runs']['cv'][-1]['peak_mb']:.0f} MB | | ≤ {corpus['memory_target_mb']} MB | "
                     f"{_verdict(largest['peak_mb'] <= corpus['memory_target_mb'])} |")
        jobs = corpus["runs"]["e2e_jobs"][-1]
        if jobs.get("workers_peak_mb"):
            lines.append(f"| peak memory end to end, n_jobs=-1, {jobs['scale']}x | {jobs['peak_mb']:.0f} MB + "
                         f"≤ {jobs['workers_peak_mb']:.0f} MB per worker | | | ≤ {corpus['memory_target_mb']} MB | "
                         f"{_verdict(jobs['peak_mb'] + machine['cores'] * jobs['workers_peak_mb'] <= corpus['memory_target_mb'])} |")
        scales = [r["scale"] for r in corpus["runs"]["cv"]]
        for kind, b in corpus["exponents"].items():
            last = corpus.get("exponents_largest", {}).get(kind)
            between = f" ({scales[-2]}x→{scales[-1]}x: {last:.2f})" if last is not None else ""
            lines.append(f"| growth exponent b, time ∝ size^b, {scales[0]}x→{scales[-1]}x{between}: "
                         f"{LABELS.get(kind, kind)} | {b:.2f} | | | ≈ 1 | "
                         f"{_verdict(b <= 1.15 and (last is None or last <= 1.15)) if kind != 'cv' else '—'} |")
        lines.append(f"| compare_groups in the end-to-end run | {largest['compare_groups']} | | | | |")
    for other in (corpus or {}).get("other_corpora", []):
        target = other["target"]
        lines.append(f"| tokenise + count, cold, {other['label']} ({other['words']:,} words; load {other['load_average']}) | "
                     f"{other['ours']['seconds']:.3f} s | {other['cv']['seconds']:.3f} s | "
                     f"{other['ratio']:.2f} / {other['cpu_ratio']:.2f} | "
                     f"{'≤ %.2f' % target if target else 'reported'} | "
                     f"{_verdict(other['ratio'] <= target) if target else '—'} |")
    topics = _load(folder, "topics")
    if topics:
        quick_topics = topics["quick"]
        lines.append(f"| K sweep `select_k` on the shipped corpus, cold, K={topics['ks'][0]}..{topics['ks'][1]} × up to "
                     f"{topics['seeds']} seeds ({topics.get('fits', '?')} of {topics.get('fits_max', '?')} fits; "
                     f"load {topics['load_average']}) | {topics['cold_seconds']:.1f} s | | | "
                     f"≤ {topics['target_seconds']} s{' (full sweep)' if quick_topics else ''} | "
                     f"{'— (quick)' if quick_topics else _verdict(topics['cold_seconds'] <= topics['target_seconds'])} |")
        if "fit_seconds" in topics:
            lines.append(f"| `fit_topics(k=10)` on {topics['fit_paragraphs']:,} paragraphs ({topics['fit_tokens']:,} tokens), "
                         f"defaults, cold cache ({topics['fit_sweeps']} Gibbs sweeps; CPU {topics['fit_cpu_seconds']:.1f} s) | "
                         f"{topics['fit_seconds']:.1f} s | | | ≤ {topics['fit_target_seconds']} s at 30,000 paragraphs | "
                         f"{'— (quick)' if quick_topics else _verdict(topics['fit_seconds'] <= topics['fit_target_seconds'])} |")
    lda = _load(folder, "lda")
    if lda:
        lines.append(f"| LDA fit, k={lda['k']}, {lda['iterations']} Gibbs sweeps, one thread, {lda['paragraphs']:,} "
                     f"paragraphs ({lda['tokens']:,} tokens): ours vs tomotopy direct (same topics: {lda['identical']}; "
                     f"load {lda['load_average']}) | {lda['ours']:.1f} s | {lda['tomotopy']:.1f} s | "
                     f"{lda['ratio']:.2f} / {lda['cpu_ratio']:.2f} | ≤ {lda['target']} | {_verdict(lda['ratio'] <= lda['target'])} |")
        if lda.get("gensim"):
            lines.append(f"| LDA fit, same paragraphs: ours vs gensim `LdaMulticore` (variational, passes=10, one worker) | "
                         f"{lda['ours']:.1f} s | {lda['gensim']['seconds']:.1f} s | {lda['gensim']['ratio']:.2f} | "
                         f"reported | — |")
        else:
            lines.append("| LDA fit vs gensim `LdaMulticore` | skipped (gensim not installed) | | | reported | — |")
    odds = _load(folder, "log_odds")
    if odds:
        for key, name in (("scattertext", "scattertext `CorpusFromPandas` + informative-prior log-odds"),
                          ("tidytext", "R tidytext `unnest_tokens → count` + tidylo `bind_log_odds`")):
            label = (f"keyness + log-odds from a folder, corpus × {odds['scale']} ({odds['words']:,} words): "
                     f"ours vs {name} (load {odds['load_average']})")
            if key in odds:
                cpu = f" / {odds['ours_cpu'] / odds[f'{key}_cpu']:.2f}" if f"{key}_cpu" in odds else ""
                lines.append(f"| {label}, cold (empty cache: every document cleaned) | {odds['ours']:.3f} s | "
                             f"{odds[key]:.3f} s | {odds['ours'] / odds[key]:.2f}{cpu} | < 1 | "
                             f"{_verdict(odds['ours'] < odds[key])} |")
                if "ours_warm" in odds:
                    lines.append(f"| {label}, warm (cleaned documents cached by an earlier load) | "
                                 f"{odds['ours_warm']:.3f} s | {odds[key]:.3f} s | {odds['ours_warm'] / odds[key]:.2f} | "
                                 f"reported (the target is the cold ratio) | — |")
            else:
                lines.append(f"| {label} | {odds['ours']:.3f} s | skipped (not installed) | | < 1 | — |")
    feedback_file = HERE / "feedback.json"
    if feedback_file.exists():  # measured by hand: make test and make figures take too long for make bench
        for row in json.loads(feedback_file.read_text(encoding="utf-8")):
            lines.append(f"| {row['measure']} (load {row['load']}) | {row['ours']} | {row['reference']} | "
                         f"{row['ratio']} | {row['target']} | {_verdict(row['met'])} |")
    if seconds is not None:
        limit = 120 if quick else 600
        lines.append(f"| `make bench{' --quick' if quick else ''}`, this run, up to writing this file | "
                     f"{seconds:.0f} s | | | ≤ {limit} s | {_verdict(seconds <= limit)} |")
    if imports:
        lines.append(f"| `import framings` on top of `import pandas` ({imports['pandas_seconds']:.3f} s) | "
                     f"{imports['framings_seconds']:.3f} s | | | ≤ {imports['target_seconds']} s | "
                     f"{_verdict(imports['framings_seconds'] <= imports['target_seconds'])} |")
        lines.append(f"| heavy modules loaded by `import framings` | "
                     f"{', '.join(imports['heavy_modules_loaded']) or 'none'} | | | none | "
                     f"{_verdict(not imports['heavy_modules_loaded'])} |")
    if figures and not figures.get("skipped"):
        for key, name in (("fresh", "fresh clone, empty cache"), ("cached", "cached rerun")):
            run = figures.get(key)
            if not run:
                continue
            target = figures.get("target_seconds") if key == "fresh" else None
            status = "exit 0" if run["returncode"] == 0 else "**exit " + str(run["returncode"]) + "**"
            lines.append(f"| `python -m framings figures`, {name} (load {figures.get('load_average', '?')}) | "
                         f"{run['seconds']:.1f} s | | | {'≤ %d s' % target if target else 'reported'} | "
                         f"{status}{', ' + _verdict(run['seconds'] <= target) if target else ''} |")
    elif figures:
        lines.append("| `python -m framings figures` | skipped (FRAMINGS_BENCH_FIGURES=0) | | | reported | — |")
    if corpus:
        lines += ["", "## Every measure at every size", "",
                  "| measure | " + " | ".join(f"{r['scale']}x" for r in corpus["runs"]["cv"]) + " |",
                  "|---|" + "---:|" * len(corpus["runs"]["cv"])]
        for kind, runs in corpus["runs"].items():
            lines.append(f"| {LABELS.get(kind, kind)}: wall s | " + " | ".join(
                f"{r['seconds']:.3f}" if r['seconds'] == r['seconds'] else "not run" for r in runs) + " |")
            lines.append(f"| {LABELS.get(kind, kind)}: peak MB | " + " | ".join(
                f"{r['peak_mb']:.0f}" if r['peak_mb'] == r['peak_mb'] else "not run" for r in runs) + " |")
        lines += ["", f"1x = the corpus: {corpus['words_1x']:,} words in {corpus['paragraphs_1x']} paragraphs; "
                  "Nx = every document copied N times (distinct doc_id, distinct rules file). "
                  "`tokenise + count` and CountVectorizer get the same paragraph texts in memory; "
                  "`end to end` starts from the folder: load_corpus (read, checksum, clean) → paragraphs → "
                  "term_counts(paras, by=\"framing\") → compare_groups. Ours also normalises Unicode, joins "
                  "phrases and drops stop words. The copies repeat the corpus' words, which favours the "
                  "tokenizer's memory of text chunks more than a corpus of distinct documents would.",
                  "", "![time and memory against corpus size](scaling.png)", ""]
        plot(corpus, HERE / "scaling.png")
    profile = HERE / "profile.md"
    if profile.exists():
        lines += [profile.read_text(encoding="utf-8").rstrip(), ""]
    if outputs:
        lines += ["## Output of every benchmark script", ""]
        for script, text in outputs.items():
            lines += [f"### {script}", "", "```", text.rstrip(), "```", ""]
    out = HERE / "results.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    print(write(Path(sys.argv[1]), {}))
