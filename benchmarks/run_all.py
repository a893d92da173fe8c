"""Run every benchmark script (benchmarks/bench_*.py) in turn; `make bench` calls this.

Each script's output is shown as it runs and kept; at the end benchmarks/results.md
(a table of every measure, the machine, and every script's output) and
benchmarks/scaling.png are written from the results the scripts saved.
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    failed = 0
    outputs = {}
    with tempfile.TemporaryDirectory(prefix="framings-bench-") as results:
        env = {**os.environ, "FRAMINGS_BENCH_OUT": results}
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

        print(f"\nwrote {write(Path(results), outputs)} and {HERE / 'scaling.png'}")
    sys.exit(1 if failed else 0)
