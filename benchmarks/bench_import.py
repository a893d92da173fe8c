"""Time ``import framings`` on top of ``import pandas``, in fresh interpreters.

Target: <= 0.3 s, with scikit-learn, matplotlib, seaborn and scipy.stats imported
only when a function needs them. Median of 7 fresh processes.
"""
from __future__ import annotations

import statistics
import sys

from _bench import run_json, save

HEAVY = ("sklearn", "matplotlib", "seaborn", "scipy.stats", "scipy.sparse", "nltk", "yaml", "tqdm", "dask")
TARGET_SECONDS = 0.3

CHILD = """
import json, sys, time
start = time.perf_counter()
import pandas
middle = time.perf_counter()
import framings
end = time.perf_counter()
print(json.dumps({"pandas": middle - start, "framings": end - middle,
                  "loaded": [m for m in %r if m in sys.modules]}))
""" % (HEAVY,)


def main() -> dict:
    runs = [run_json(["-c", CHILD]) for _ in range(7)]
    result = {"pandas_seconds": statistics.median(r["pandas"] for r in runs),
              "framings_seconds": statistics.median(r["framings"] for r in runs),
              "heavy_modules_loaded": sorted({m for r in runs for m in r["loaded"]}),
              "target_seconds": TARGET_SECONDS}
    print(f"import pandas: {result['pandas_seconds']:.3f} s; import framings on top: "
          f"{result['framings_seconds']:.3f} s (target <= {TARGET_SECONDS} s); heavy modules loaded by it: "
          f"{', '.join(result['heavy_modules_loaded']) or 'none'}")
    save("import", result)
    return result


if __name__ == "__main__":
    main()
    sys.exit(0)
