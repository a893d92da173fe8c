"""Corpus pipeline at 1x, 10x, 100x and 1000x the corpus, against scikit-learn's CountVectorizer.

Measures, each in its own process (so that its peak memory, max RSS, is its own) and
after a warm-up on the 1x corpus (imports, compiled regexes):

* ``cv``       CountVectorizer().fit_transform(paragraph texts) -- the reference
* ``findall``  a bare ``re.findall(r"\\w+")`` pass over the same texts
* ``count``    our tokenise + count on the same texts: fr.text.count_matrix(paras, by=None)
               (Unicode normalisation, phrases, stop words; paragraphs x terms, as CountVectorizer)
* ``e2e``      end to end from the folder: load_corpus (read, checksum, clean) -> paragraphs ->
               term_counts(paras, by="framing") -> compare_groups
* ``e2e_jobs`` the same with ``n_jobs=-1`` (worker processes on every core) for load_corpus and term_counts
* ``tidy``     load_corpus -> paragraphs -> tokens (tidy frame) -> term_counts(toks) (for comparison)

Prints time (wall and CPU), peak memory, ratios to CountVectorizer and the growth
exponent b of time ~ size^b. ``python benchmarks/bench_corpus.py [scales...]``;
``FRAMINGS_BENCH_SCALES=1,10,100`` also sets the scales.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from _bench import ROOT, machine, peak_rss_mb, replicate_corpus, run_json, save

KINDS = ("cv", "findall", "count", "e2e", "e2e_jobs", "tidy")
LARGEST_ONLY = ("cv", "count", "e2e", "e2e_jobs")  # at 1000x (10 minutes for all of make bench)
# our time / CountVectorizer's time. End to end is reported, not a target: it compared cleaning against no
# cleaning; bench_log_odds.py compares the same pipeline with scattertext's and tidytext's (issue 24).
TARGETS = {"count": 1 / 0.7}
MEMORY_TARGET_MB = 2048
DISTINCT_SCALE = 100   # the distinct-text corpus: the corpus x 100, every letter run given a random suffix
DISTINCT_TARGET = 1.0
WARM_UP = "A sentence that loads the modules, stop words and phrase list, and nothing of the measured text."  # tokenise + count of it, cold, against CountVectorizer's time
LEE = Path(__import__("sysconfig").get_paths()["purelib"]) / "gensim" / "test" / "test_data" / "lee_background.cor"


def _e2e(fr, folder, tidy=False, n_jobs=1) -> int:
    corpus = fr.load_corpus(folder, n_jobs=n_jobs)
    paras = fr.paragraphs(corpus)
    if tidy:
        toks = fr.tokens(paras)
        counts = fr.term_counts(toks, by="framing")
    else:
        counts = fr.term_counts(paras, by="framing", n_jobs=n_jobs)
    if _has_compare_groups(fr):
        fr.compare_groups(counts)
    return int(counts.to_numpy().sum())


def _has_compare_groups(fr) -> bool:
    try:
        fr.compare_groups  # noqa: B018
        return True
    except (AttributeError, ImportError):
        return False


def measure(kind: str, folder: str, texts_file: str) -> dict:
    """One measurement in this process (called with --one)."""
    import warnings

    warnings.simplefilter("ignore")
    import pandas as pd

    import framings as fr
    from framings.text import count_matrix

    texts = (Path(texts_file).read_text(encoding="utf-8").split("\n")
             if kind in ("cv", "findall", "count", "cv_cold", "count_cold") else None)
    warm = list(fr.paragraphs(fr.load_corpus())["text"]) if not kind.endswith("_cold") else None
    if kind == "cv":
        from sklearn.feature_extraction.text import CountVectorizer

        CountVectorizer().fit_transform(warm)
        run = lambda: int(CountVectorizer().fit_transform(texts).sum())  # noqa: E731
    elif kind == "findall":
        import re

        word = re.compile(r"\w+")
        run = lambda: sum(len(word.findall(t)) for t in texts)  # noqa: E731
    elif kind == "count":
        count_matrix(pd.DataFrame({"text": warm}), by=None)
        paras = pd.DataFrame({"text": texts})
        run = lambda: int(count_matrix(paras, by=None)[2].sum())  # noqa: E731
    elif kind == "cv_cold":  # a fresh process, warmed on one sentence only (imports), measured once
        from sklearn.feature_extraction.text import CountVectorizer

        CountVectorizer().fit_transform([WARM_UP])
        run = lambda: int(CountVectorizer().fit_transform(texts).sum())  # noqa: E731
    elif kind == "count_cold":
        count_matrix(pd.DataFrame({"text": [WARM_UP]}), by=None)
        paras = pd.DataFrame({"text": texts})
        run = lambda: int(count_matrix(paras, by=None)[2].sum())  # noqa: E731
    elif kind in ("e2e", "tidy", "e2e_jobs"):
        _e2e(fr, ROOT / "corpus", tidy=kind == "tidy")
        n_jobs = -1 if kind == "e2e_jobs" else 1
        run = lambda: _e2e(fr, folder, tidy=kind == "tidy", n_jobs=n_jobs)  # noqa: E731
    else:
        raise SystemExit(f"unknown kind {kind}")
    # short runs are repeated (up to 7 times, about 2 s) and the fastest kept, as timeit does
    wall, cpu, repeats = float("inf"), float("inf"), 0
    while repeats == 0 or (repeats < 7 and wall * (repeats + 1) < 2.0 and not kind.endswith("_cold")):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        size = run()
        wall = min(wall, time.perf_counter() - start_wall)
        cpu = min(cpu, time.process_time() - start_cpu)
        repeats += 1
    workers_mb = None
    if kind == "e2e_jobs":  # the largest worker process's peak, read once the workers have ended
        import resource

        from joblib.externals.loky import get_reusable_executor

        get_reusable_executor().shutdown(wait=True)
        workers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"kind": kind, "seconds": wall, "cpu_seconds": cpu, "peak_mb": peak_rss_mb(), "tokens": size,
            "workers_peak_mb": workers_mb, "repeats": repeats,
            "compare_groups": _has_compare_groups(fr) if kind in ("e2e", "tidy", "e2e_jobs") else None}


def exponent(sizes, seconds) -> float:
    """b of seconds ~ size^b, least squares on log-log."""
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0])


def main(scales) -> dict:
    import warnings

    warnings.simplefilter("ignore")
    import framings as fr

    base = fr.paragraphs(fr.load_corpus())
    words_1x = int(base["n_words"].sum())
    runs = {kind: [] for kind in KINDS}
    print(f"{'scale':>6} {'words':>11} " + " ".join(f"{k + ' s':>9}" for k in KINDS) + "  "
          + " ".join(f"{k + ' MB':>8}" for k in KINDS), flush=True)
    for scale in scales:
        with tempfile.TemporaryDirectory() as tmp:
            folder = ROOT / "corpus" if scale == 1 else replicate_corpus(scale, Path(tmp) / "corpus")
            texts_file = Path(tmp) / "paragraphs.txt"
            texts_file.write_text("\n".join(list(base["text"]) * scale), encoding="utf-8")
            for kind in KINDS:
                if scale >= 1000 and kind not in LARGEST_ONLY:
                    runs[kind].append({"kind": kind, "seconds": float("nan"), "cpu_seconds": float("nan"),
                                       "peak_mb": float("nan"), "scale": scale, "words": words_1x * scale})
                    continue
                # an empty cache of cleaned documents for each run: end to end is measured cold, every document cleaned
                env = {**os.environ, "FRAMINGS_CACHE": str(Path(tmp) / f"cache-{kind}")}
                result = run_json([__file__, "--one", kind, str(folder), str(texts_file)], env=env)
                result.update(scale=scale, words=words_1x * scale)
                runs[kind].append(result)
        row = {k: runs[k][-1] for k in KINDS}
        print(f"{scale:>5}x {words_1x * scale:>11,} " + " ".join(f"{row[k]['seconds']:>9.3f}" for k in KINDS) + "  "
              + " ".join(f"{row[k]['peak_mb']:>8.0f}" for k in KINDS), flush=True)
    summary = {"machine": machine(), "words_1x": words_1x, "paragraphs_1x": len(base), "runs": runs,
               "ratios": {}, "exponents": {}, "targets": TARGETS, "memory_target_mb": MEMORY_TARGET_MB}
    for kind in ("count", "e2e", "e2e_jobs", "tidy", "findall"):
        summary["ratios"][kind] = [{"scale": ours["scale"], "wall": ours["seconds"] / cv["seconds"],
                                    "cpu": ours["cpu_seconds"] / cv["cpu_seconds"]}
                                   for ours, cv in zip(runs[kind], runs["cv"])]
    if len(scales) >= 2:
        measured = {kind: [r for r in runs[kind] if r["seconds"] == r["seconds"]] for kind in KINDS}
        for kind in KINDS:
            summary["exponents"][kind] = exponent([r["words"] for r in measured[kind]],
                                                  [r["seconds"] for r in measured[kind]])
        summary["exponents_largest"] = {
            kind: exponent([r["words"] for r in measured[kind][-2:]], [r["seconds"] for r in measured[kind][-2:]])
            for kind in KINDS}
    print("\nratio to CountVectorizer (wall / CPU time):")
    for kind in ("count", "e2e", "e2e_jobs", "tidy", "findall"):
        target = f" (target <= {TARGETS[kind]:.2f})" if kind in TARGETS else ""
        cells = ", ".join(f"{r['scale']}x {r['wall']:.2f} / {r['cpu']:.2f}" for r in summary["ratios"][kind])
        print(f"  {kind:<8} {cells}{target}")
    if summary["exponents"]:
        print("growth exponent b (time ~ words^b), all sizes: "
              + ", ".join(f"{k} {b:.2f}" for k, b in summary["exponents"].items()))
        print("                 between the two largest sizes: "
              + ", ".join(f"{k} {b:.2f}" for k, b in summary["exponents_largest"].items()))
    print(f"peak memory end to end at {scales[-1]}x: {runs['e2e'][-1]['peak_mb']:.0f} MB "
          f"(target <= {MEMORY_TARGET_MB} MB); compare_groups included: {runs['e2e'][-1]['compare_groups']}")
    summary["other_corpora"] = other_corpora(base, int(os.environ.get("FRAMINGS_BENCH_DISTINCT_SCALE", DISTINCT_SCALE)))
    save("corpus", summary)
    return summary


def other_corpora(base, distinct_scale: int) -> list[dict]:
    """Tokenise + count against CountVectorizer, each cold in a fresh process, on text that does not repeat.

    * distinct text: the corpus x ``distinct_scale``, every run of letters given a random five-letter suffix
      (no whitespace chunk repeats, so the tokenizer's memory of chunks never helps);
    * a real corpus shipped inside an installed package: gensim's test data ``lee_background.cor``
      (300 ABC news articles of Lee, Pincombe & Welsh 2005, one per line; offline).
    Each pair is measured twice (cv, ours, cv, ours) and the faster of each kept, on a shared machine.
    """
    from _bench import distinct_texts

    corpora = [("distinct", f"distinct text: the corpus x {distinct_scale}, every word given a random suffix",
                distinct_texts(list(base["text"]), distinct_scale), DISTINCT_TARGET)]
    if LEE.exists():
        corpora.append(("lee", "real text: gensim's lee_background.cor (300 news articles)",
                        [line for line in LEE.read_text(encoding="utf-8").splitlines() if line.strip()], None))
    else:
        print(f"(no {LEE}: install the test extra for the real-corpus row)")
    results = []
    for name, label, texts, target in corpora:
        with tempfile.TemporaryDirectory() as tmp:
            texts_file = Path(tmp) / "texts.txt"
            texts_file.write_text("\n".join(t.replace("\n", " ") for t in texts), encoding="utf-8")
            best = {}
            for _ in range(2):
                for kind in ("cv_cold", "count_cold"):
                    result = run_json([__file__, "--one", kind, tmp, str(texts_file)])
                    if kind not in best or result["seconds"] < best[kind]["seconds"]:
                        best[kind] = result
        words = sum(len(t.split()) for t in texts)
        entry = {"name": name, "label": label, "words": words, "texts": len(texts), "target": target,
                 "cv": best["cv_cold"], "ours": best["count_cold"],
                 "ratio": best["count_cold"]["seconds"] / best["cv_cold"]["seconds"],
                 "cpu_ratio": best["count_cold"]["cpu_seconds"] / best["cv_cold"]["cpu_seconds"],
                 "load_average": machine()["load_average"]}
        results.append(entry)
        aim = f" (target <= {target:.2f})" if target else ""
        print(f"{label}: {words:,} words; ours {entry['ours']['seconds']:.3f} s, CountVectorizer "
              f"{entry['cv']['seconds']:.3f} s, ratio wall {entry['ratio']:.2f} / CPU {entry['cpu_ratio']:.2f}{aim}; "
              f"load {entry['load_average']}", flush=True)
    return results


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2], sys.argv[3], sys.argv[4])))
    else:
        chosen = [int(a) for a in sys.argv[1:]] or [int(s) for s in os.environ.get(
            "FRAMINGS_BENCH_SCALES", "1,10,100,1000").split(",")]
        main(chosen)
