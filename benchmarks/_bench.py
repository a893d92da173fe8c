"""Shared helpers of the benchmark scripts (not a benchmark itself: run_all.py runs bench_*.py)."""
from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def replicate_corpus(scale: int, target: Path) -> Path:
    """A corpus folder with every document copied ``scale`` times (own doc_id, own rules file).

    Each copy's rules file gets its own first line, so no two files are identical:
    rules are parsed per document, as in a corpus of distinct documents.
    """
    import pandas as pd

    source = ROOT / "corpus"
    (target / "raw").mkdir(parents=True)
    (target / "rules").mkdir()
    meta = pd.read_csv(source / "metadata.csv", dtype=str, keep_default_na=False)
    rules = {doc_id: (source / "rules" / f"{doc_id}.yaml").read_text(encoding="utf-8") for doc_id in meta["doc_id"]}
    rows = []
    for copy in range(scale):
        for row in meta.to_dict("records"):
            doc_id = f"{row['doc_id']}-r{copy:04d}"
            shutil.copyfile(source / "raw" / row["file"], target / "raw" / f"{doc_id}.txt")
            (target / "rules" / f"{doc_id}.yaml").write_text(f"# copy {copy} of {row['doc_id']}\n" + rules[row["doc_id"]],
                                                             encoding="utf-8")
            rows.append({**row, "doc_id": doc_id, "file": f"{doc_id}.txt"})
    pd.DataFrame(rows).to_csv(target / "metadata.csv", index=False)
    return target


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_json(args: list[str], env: dict | None = None, timeout: float | None = None) -> dict:
    """Run ``python args...`` in a fresh process; its last stdout line is a JSON object."""
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> dict:
    """Where the numbers come from: platform, CPU model, cores, load, library versions."""
    from importlib import metadata

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    versions = {}
    for package in ("numpy", "pandas", "scipy", "scikit-learn"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    try:
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    return {"platform": platform.platform(), "cpu": cpu, "cores": os.cpu_count(),
            "python": platform.python_version(), "load_average": load, "steal": steal_percent(), **versions}


def steal_percent(seconds: float = 0.5) -> str:
    """CPU time the hypervisor gave to other machines over ``seconds`` (``st`` in top), as a percentage:
    on a shared host it slows every measure, ours and the reference alike."""
    import time

    def ticks():
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        return [int(x) for x in fields]

    try:
        before = ticks()
        time.sleep(seconds)
        after = ticks()
    except (OSError, ValueError, IndexError):
        return "unknown"
    delta = [b - a for a, b in zip(before, after)]
    return f"{100 * delta[7] / max(sum(delta), 1):.0f} %" if len(delta) > 7 else "unknown"


def save(name: str, data: dict) -> None:
    """Write ``data`` for the report when run by run_all.py (``$FRAMINGS_BENCH_OUT``)."""
    folder = os.environ.get("FRAMINGS_BENCH_OUT")
    if folder:
        Path(folder, f"{name}.json").write_text(json.dumps(data, indent=1), encoding="utf-8")


def distinct_texts(texts: list[str], scale: int, seed: int = 0) -> list[str]:
    """``texts`` repeated ``scale`` times, every run of letters given a random five-letter suffix.

    No whitespace chunk repeats (the tokenizer's memory of chunks never helps), and the words
    keep their punctuation, digits, apostrophes and non-ASCII letters.
    """
    import random
    import re

    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    letter_run = re.compile(r"[^\W\d_]+")
    suffix = lambda match: match.group() + "".join(rng.choices(letters, k=5))  # noqa: E731
    return [letter_run.sub(suffix, text) for _ in range(scale) for text in texts]


def module_at(rev: str, name: str):
    """Module ``name`` of the package as it was at git revision ``rev`` (``clean``, or ``text`` for the
    tokenizer), loaded beside the current package as ``framings_at_<rev>`` so both run in one process.

    The whole package of that revision is extracted (``git archive``): a module of the flat layout before
    the stage subpackages imports its siblings, so one file alone does not load."""
    import importlib
    import io
    import tarfile
    import tempfile

    alias = f"framings_at_{rev}"
    if alias not in sys.modules:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src/framings"], check=True,
                                 capture_output=True).stdout
        folder = Path(tempfile.mkdtemp(prefix="framings-reference-"))
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        (folder / "src" / "framings").rename(folder / alias)
        sys.path.insert(0, str(folder))
    return importlib.import_module(f"{alias}.{name}")
