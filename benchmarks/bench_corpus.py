"""Load + clean + tokenise + count the corpus at 1x and 100x, against scikit-learn's CountVectorizer.

Each measurement runs in its own process so that its peak memory (max RSS) is its own.
Prints time, the ratio ours / CountVectorizer on the same paragraph text, and peak memory.
Run with `make bench` (or `python benchmarks/bench_corpus.py [scales...]`).
"""
from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def replicate_corpus(scale: int, target: Path) -> Path:
    """A corpus folder with every document copied ``scale`` times (own doc_id, same rules)."""
    import pandas as pd

    source = ROOT / "corpus"
    (target / "raw").mkdir(parents=True)
    (target / "rules").mkdir()
    meta = pd.read_csv(source / "metadata.csv", dtype=str, keep_default_na=False)
    rows = []
    for copy in range(scale):
        for row in meta.to_dict("records"):
            doc_id = f"{row['doc_id']}-r{copy:04d}"
            shutil.copyfile(source / "raw" / row["file"], target / "raw" / f"{doc_id}.txt")
            shutil.copyfile(source / "rules" / f"{row['doc_id']}.yaml", target / "rules" / f"{doc_id}.yaml")
            rows.append({**row, "doc_id": doc_id, "file": f"{doc_id}.txt"})
    pd.DataFrame(rows).to_csv(target / "metadata.csv", index=False)
    return target


def measure(kind: str, folder: str) -> dict:
    import framings as fr

    corpus_texts = None
    if kind == "countvectorizer":
        # the same paragraph text, prepared outside the timed region
        corpus_texts = list(fr.paragraphs(fr.load_corpus(folder))["text"])
        from sklearn.feature_extraction.text import CountVectorizer
    start = time.perf_counter()
    if kind == "framings":
        corpus = fr.load_corpus(folder)
        toks = fr.tokens(fr.paragraphs(corpus))
        counts = fr.term_counts(toks, by="framing")
        size = int(counts.to_numpy().sum())
    else:
        matrix = CountVectorizer().fit_transform(corpus_texts)
        size = int(matrix.sum())
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"kind": kind, "seconds": seconds, "peak_mb": peak_mb, "tokens": size}


def run(kind: str, folder: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", kind, str(folder)], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(scales=(1, 100)) -> list[dict]:
    import warnings

    warnings.simplefilter("ignore")
    results = []
    print(f"{'scale':>6} {'framings s':>11} {'CountVect. s':>13} {'ratio':>7} {'peak MB ours':>13} "
          f"{'peak MB CV':>11} {'tokens ours':>12} {'tokens CV':>10}")
    for scale in scales:
        with tempfile.TemporaryDirectory() as tmp:
            folder = replicate_corpus(scale, Path(tmp) / "corpus") if scale > 1 else ROOT / "corpus"
            ours = run("framings", folder)
            baseline = run("countvectorizer", folder)
        ratio = ours["seconds"] / baseline["seconds"]
        print(f"{scale:>5}x {ours['seconds']:>11.3f} {baseline['seconds']:>13.3f} {ratio:>7.2f} "
              f"{ours['peak_mb']:>13.0f} {baseline['peak_mb']:>11.0f} {ours['tokens']:>12,} {baseline['tokens']:>10,}",
              flush=True)
        results.append({"scale": scale, "ours": ours, "countvectorizer": baseline, "ratio": ratio})
    print("ratio = framings (load + clean + paragraphs + tokens + term_counts) / CountVectorizer.fit_transform "
          "on the same paragraphs; ours also removes stop words and joins phrases.")
    return results


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2], sys.argv[3])))
    else:
        main(tuple(int(a) for a in sys.argv[1:]) or (1, 100))
