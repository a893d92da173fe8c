"""Run every benchmark script (benchmarks/bench_*.py) in turn; `make bench` calls this.

``--quick`` (``make bench-quick`` or ``make bench ARGS=--quick``, under 2 minutes): sizes 1x and 10x,
the distinct-text corpus x 10, a K sweep of 2..4 x 3 seeds and a k=10 fit on 3,000 paragraphs, the LDA
comparison on 896 paragraphs with 200 sweeps, keyness + log-odds on the corpus x 5 (one run each), no
``figures`` run.

Each script's output is shown as it runs and kept; at the end benchmarks/results.md
(a table of every measure, the machine, and every script's output) and
benchmarks/scaling.png are written from the results the scripts saved.
"""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    failed = 0
    started = time.perf_counter()
    outputs = {}
    with tempfile.TemporaryDirectory(prefix="framings-bench-") as results:
        env = {**os.environ, "FRAMINGS_BENCH_OUT": results}
        if "--quick" in sys.argv[1:]:
            env.update(FRAMINGS_BENCH_QUICK="1", FRAMINGS_BENCH_FIGURES="0", FRAMINGS_BENCH_SCALES="1,10",
                       FRAMINGS_BENCH_DISTINCT_SCALE="10")
        for script in sorted(HERE.glob("bench_*.py")):
            print(f"\n== {script.name}", flush=True)
            process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env)
            lines = []
            for line in process.stdout:
                print(line, end="", flush=True)
                lines.append(line)
            failed |= process.wait() != 0
            outputs[script.name] = "".join(lines)
        sys.path.insert(0, str(HERE))
        from report import write

        written = write(Path(results), outputs, time.perf_counter() - started, "--quick" in sys.argv[1:])
        print(f"\nwrote {written} and {HERE / 'scaling.png'}")
        print(f"make bench took {time.perf_counter() - started:.0f} s")
    sys.exit(1 if failed else 0)
