"""Keyness + log-odds from a folder: ours against scattertext and R tidytext (+ the tidylo formula).

Usage:  python benchmarks/bench_log_odds.py [--scale 20]

The same texts for all: the shipped corpus with every document copied ``--scale`` times
(``_bench.replicate_corpus``). Each pipeline starts from the folder and ends with log-odds per framing:

* ours        ``load_corpus`` (read, checksum, clean) -> ``paragraphs`` -> ``term_counts(by="framing")`` ->
              ``compare_groups`` (G² keyness, every framing and every pair) + ``log_odds`` (tidylo's
              informative-prior weighted log odds);
* scattertext 0.2.1 (the ``bench`` extra): the raw files read into a data frame ->
              ``CorpusFromPandas(..., nlp=whitespace_nlp_with_sentences).build()`` -> per framing
              ``LogOddsRatioInformativeDirichletPrior`` (prior = corpus term counts) scores vs the rest;
* tidytext    ``Rscript benchmarks/tidytext_log_odds.R``: ``unnest_tokens`` -> ``anti_join(stop_words)`` ->
              ``count`` -> tidylo's ``bind_log_odds`` formula; timed inside R after the libraries load.

Each run reports its wall time (the target's measure) and its CPU time (every thread's, ``time.process_time``;
R's ``proc.time()`` user + system): on a shared machine the CPU ratio moves less with the load than the wall one.
Ours is timed twice, each a fresh process: **cold**, on an empty cache (every document read, checked,
cleaned and its cleaned text stored: the first load of a corpus), and **warm**, on the cache a first run filled
(every document still read and its checksum checked; the rules are not parsed and the text not cleaned again:
every later load, e.g. each notebook of the course). Both ratios are printed, each named; the target is met
only when the cold one is below 1 (``ratio`` in the saved results is the cold one).

A reference that is not installed is skipped with the reason printed. Ours does more (checksums, cleaning
rules, Unicode normalisation, phrases, stop words, G² for every pair); the target is ours faster than each.
Every Python run is a fresh process whose warm-up (imports, the rules' ``regex`` engine, stop words, phrase list:
what R's ``library()`` calls and ``data(stop_words)`` do before its clock starts) uses one sentence that is not in
the corpus and the built-in cleaning rules only, so no in-process memory of the texts helps either side; within a run the copies do
repeat the corpus' words, which favours our tokenizer's memory of text chunks. Best of three runs each.
``FRAMINGS_BENCH_QUICK=1``: scale 5, one run each.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
WARM_UP = "A sentence that loads the modules, stop words and phrase list, and nothing of the measured text."


def warm_up(pipeline: str) -> None:
    import pandas as pd

    if pipeline == "ours":
        import framings as fr

        paras = pd.DataFrame({"doc_id": ["w"], "para_id": ["w-p1"], "framing": ["f"], "text": [WARM_UP]})
        # the cleaning modules (built-in rules only) and the rules' regex engine (the ``regex`` package, which
        # load_corpus imports on first use), loaded as R loads its libraries before its clock starts; no rule
        # of the measured corpus is read or compiled here
        import regex  # noqa: F401

        fr.clean.clean_text(WARM_UP, doc_id="warm-up")
        fr.compare_groups(pd.concat([fr.term_counts(paras, by="framing")] * 2, keys=["a", "b"]).droplevel(1))
    else:
        import scattertext as st

        frame = pd.DataFrame({"framing": ["a", "b"], "text": [WARM_UP, WARM_UP]})
        st.CorpusFromPandas(frame, category_col="framing", text_col="text",
                            nlp=st.whitespace_nlp_with_sentences).build()


def one_run(pipeline: str, folder: Path) -> None:
    """Child process: warm up, time one run, print {"seconds": wall, "cpu_seconds": CPU of every thread}."""
    warm_up(pipeline)
    start, cpu_start = time.perf_counter(), time.process_time()
    (ours if pipeline == "ours" else scattertext_pipeline)(folder)
    print(json.dumps({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu_start}))


def best_of(pipeline: str, folder: Path, repeat: int, cache: str | None = None) -> tuple[float, float]:
    """(least wall seconds, least CPU seconds) of ``repeat`` fresh processes; ``cache``: ``"cold"`` (an empty
    cache folder for each run) or ``"warm"`` (one cache folder, filled by a run before the timed ones)."""
    from _bench import run_json

    args = [__file__, "--one", pipeline, str(folder)]
    runs = []
    with tempfile.TemporaryDirectory(prefix="framings-bench-cache-") as tmp:
        env = {**os.environ, "FRAMINGS_CACHE": os.path.join(tmp, "warm"), "FRAMINGS_CLEAN_CACHE": "1"}
        if cache == "warm":
            run_json(args, env=env)  # fills the cache
        for run in range(repeat):
            if cache == "cold":
                env["FRAMINGS_CACHE"] = os.path.join(tmp, f"cold{run}")
            runs.append(run_json(args, env=env if cache else None))
    return min(r["seconds"] for r in runs), min(r["cpu_seconds"] for r in runs)


def ours(folder: Path) -> int:
    import framings as fr

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = fr.load_corpus(folder)
        counts = fr.term_counts(fr.paragraphs(corpus), by="framing")
        keyness = fr.compare_groups(counts)
        odds = fr.log_odds(counts)
    return len(keyness) + len(odds)


def scattertext_pipeline(folder: Path) -> int:
    import numpy as np
    import pandas as pd
    import scattertext as st

    meta = pd.read_csv(folder / "metadata.csv", dtype=str, keep_default_na=False)
    frame = pd.DataFrame({"framing": meta["framing"],
                          "text": [(folder / "raw" / f).read_text(encoding="utf-8") for f in meta["file"]]})
    corpus = st.CorpusFromPandas(frame, category_col="framing", text_col="text",
                                 nlp=st.whitespace_nlp_with_sentences).build()
    freq = corpus.get_term_freq_df()
    priors = freq.sum(axis=1)
    rows = 0
    for column in freq.columns:
        scorer = st.LogOddsRatioInformativeDirichletPrior(priors, scale_type="none")
        scores = scorer.get_scores(freq[column], freq.drop(columns=column).sum(axis=1))
        rows += int(np.isfinite(np.asarray(scores)).sum())
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=20)
    ap.add_argument("--one", nargs=2, metavar=("PIPELINE", "FOLDER"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        one_run(args.one[0], Path(args.one[1]))
        return 0
    quick = os.environ.get("FRAMINGS_BENCH_QUICK") == "1"
    repeat = 3
    if quick:
        args.scale, repeat = min(args.scale, 5), 1
    sys.path.insert(0, str(HERE))
    from _bench import machine, replicate_corpus, save

    results: dict = {"scale": args.scale, "quick": quick}
    with tempfile.TemporaryDirectory(prefix="framings-bench-logodds-") as tmp:
        folder = replicate_corpus(args.scale, Path(tmp) / "corpus")
        words = sum(len((folder / "raw" / f.name).read_text(encoding="utf-8").split())
                    for f in (folder / "raw").iterdir())
        results["words"] = words
        print(f"corpus x {args.scale}: {len(list((folder / 'raw').iterdir()))} documents, {words:,} words; "
              f"best of {repeat}")
        results["ours"], results["ours_cpu"] = best_of("ours", folder, repeat, cache="cold")
        results["ours_cold"], results["ours_cold_cpu"] = results["ours"], results["ours_cpu"]
        results["ours_warm"], results["ours_warm_cpu"] = best_of("ours", folder, repeat, cache="warm")
        print(f"ours (load_corpus -> term_counts -> compare_groups + log_odds), cold (empty cache): "
              f"{results['ours_cold']:7.3f} s (CPU {results['ours_cold_cpu']:.3f} s)")
        print(f"ours, warm (cleaned documents cached by an earlier load):                     "
              f"{results['ours_warm']:7.3f} s (CPU {results['ours_warm_cpu']:.3f} s)")

        try:
            import scattertext  # noqa: F401
        except ImportError as exc:
            print(f"scattertext: skipped ({exc}; pip install 'framings[bench]')")
        else:
            seconds, cpu = best_of("scattertext", folder, repeat)
            results["scattertext"], results["scattertext_cpu"] = seconds, cpu
            print(f"scattertext (CorpusFromPandas + informative-prior log-odds): {seconds:7.3f} s (CPU {cpu:.3f} s)   "
                  f"ours / scattertext: cold {results['ours_cold'] / seconds:.2f} (target < 1; CPU "
                  f"{results['ours_cold_cpu'] / cpu:.2f}), warm {results['ours_warm'] / seconds:.2f}")

        rscript = shutil.which("Rscript")
        script = HERE / "tidytext_log_odds.R"
        probe = (subprocess.run([rscript, "-e", "suppressPackageStartupMessages(library(tidytext))"],
                                capture_output=True, text=True) if rscript else None)
        if rscript is None:
            print("tidytext: skipped (Rscript not found; install R and r-cran-tidytext)")
        elif probe.returncode != 0:
            print(f"tidytext: skipped (R has no tidytext: {probe.stderr.strip()[-200:]}; "
                  "install r-cran-tidytext or install.packages('tidytext'))")
        else:
            runs = []
            for _ in range(repeat):
                out = subprocess.run([rscript, str(script), str(folder)], capture_output=True, text=True, check=True)
                runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
            results["tidytext"] = min(r["seconds"] for r in runs)
            results["tidytext_cpu"] = min(r["cpu_seconds"] for r in runs)
            print(f"tidytext (unnest_tokens -> count -> bind_log_odds, inside R): {results['tidytext']:7.3f} s "
                  f"(CPU {results['tidytext_cpu']:.3f} s)   "
                  f"ours / tidytext: cold {results['ours_cold'] / results['tidytext']:.2f} (target < 1; CPU "
                  f"{results['ours_cold_cpu'] / results['tidytext_cpu']:.2f}), "
                  f"warm {results['ours_warm'] / results['tidytext']:.2f}")
    results["load_average"] = machine()["load_average"]
    save("log_odds", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
