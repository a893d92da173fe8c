"""Time ``python -m framings figures``: on the shipped corpus as from a fresh clone, and on simulated corpora.

Shipped corpus (first-run target 2 minutes): the first run gets an empty fit cache (``FRAMINGS_CACHE``), as a
fresh clone after ``make install`` has. ``FRAMINGS_BENCH_FIGURES_CACHED=1`` also times a second run on the
filled cache (left out by default, so that ``make bench`` stays within 10 minutes).

Simulated corpora (issue 24: a corpus at its real size): ``FRAMINGS_BENCH_FIGURES_SIZES=200,2000`` (or
``python benchmarks/bench_figures.py --sizes 200 2000``) also runs every notebook on a simulated corpus of
200 documents (``framings.simulate.write_corpus_folder``, ~130k words, labels red and blue, with its lexicon,
no codebook) and on 2,000 documents (each of the 200 copied ten times, body lines rotated per copy, so every
file differs). Targets: 200 documents ≤ 3 min, 2,000 ≤ 10 min, peak memory ≤ 2 GB (the sum of the resident
memory of the runner and every kernel, sampled every half second). Per notebook: the seconds from its first to
its last cell, as the runner's progress lines report them. Left out of ``make bench`` by default: the 2,000
documents take minutes on their own.

Figures go to a temporary folder (``FRAMINGS_FIGURES``), so the project's ``figures/`` is not touched.
``FRAMINGS_BENCH_FIGURES=0`` skips it all.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _bench import ROOT, save

FIRST_RUN_TARGET = 120  # seconds, on 2 cores (issue 18)
SIZE_TARGETS = {200: 180, 2000: 600}  # seconds (issue 24)
MEMORY_TARGET_MB = 2048  # issue 24
SIM_SEED = 24
PROGRESS = re.compile(r"^\s*(?P<notebook>[\w.-]+): cell (?P<done>\d+)/(?P<total>\d+) done, (?P<seconds>\d+) s")


def tree_processes(root: int) -> list[dict]:
    """``root`` and all its descendants: pid, resident memory (MB), proportional set size (MB) and role.

    The resident memory (VmRSS) of each process counts every page it maps, also those it shares with
    others (a forked worker's pages inherited from its parent, the shared libraries every Python process
    loads), so the sum over processes counts a shared page once per process: an upper bound. The
    proportional set size (Pss, ``/proc/PID/smaps_rollup``) counts a page shared by n processes 1/n in
    each, so its sum is the memory the run occupies.

    Roles: ``runner`` (``root``), ``pool`` (the runner's worker processes), ``kernel NN`` (a notebook's kernel,
    named by the ``FRAMINGS_NOTEBOOK`` the runner puts in its environment), ``kernel NN child`` (what a kernel
    started: joblib/loky workers of a parallel cell).
    """
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = [], [(root, "runner")]
    while todo:
        pid, role = todo.pop()
        rss = pss = 0
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS"):
                    rss = int(line.split()[1]) / 1024
            try:  # proportional set size: a page shared by n processes counts 1/n in each
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        pss = int(line.split()[1]) / 1024
            except OSError:
                pss = float("nan")
            if role == "pool":
                environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
                notebook = next((v.split(b"=", 1)[1].decode() for v in environ
                                 if v.startswith(b"FRAMINGS_NOTEBOOK=")), None)
                if notebook and b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    role = f"kernel {notebook[:2]}"
        except OSError:
            continue
        try:  # CPU seconds so far (user + system), for the CPU time of each role over the run
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            cpu = 0.0
        found.append({"pid": pid, "mb": rss, "pss_mb": pss, "role": role, "cpu": cpu})
        child_role = ("pool" if role in ("runner", "pool") else
                      role if role.endswith(" child") else f"{role} child")
        todo += [(child, child_role) for child in children.get(pid, [])]
    return found


def tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants (runner, worker processes, kernels), in MB."""
    return sum(process["mb"] for process in tree_processes(root))


def by_role(processes: list[dict]) -> dict[str, int]:
    """MB per role, and how many processes hold it (``"kernel 04 child": "2 × 410 MB"``)."""
    roles: dict[str, list[float]] = {}
    for process in processes:
        roles.setdefault(process["role"], []).append(process["mb"])
    return {role: f"{len(mbs)} × {sum(mbs) / len(mbs):.0f} MB" if len(mbs) > 1 else f"{mbs[0]:.0f} MB"
            for role, mbs in sorted(roles.items())}


def run_figures(env: dict) -> dict:
    """One ``python -m framings figures`` run: seconds, exit code, peak memory of the process tree, per notebook."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "framings", "figures"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, at_peak, peak_pss, stop = [0.0], [{}], [0.0], threading.Event()
    cpu_of: dict = {}
    largest: dict[str, float] = {}  # each role's largest resident memory over the run (a kernel with its children)
    timeline = os.environ.get("FRAMINGS_BENCH_TIMELINE")  # a CSV of every sample: seconds, total, MB per role

    def sample():
        rows = []
        while not stop.wait(0.5):
            processes = tree_processes(process.pid)
            total = sum(p["mb"] for p in processes)
            if total > peak[0]:
                peak[0], at_peak[0] = total, by_role(processes)
            for p in processes:  # the last reading of each process is its CPU time (within half a second)
                cpu_of[(p["pid"], p["role"])] = p["cpu"]
            per_role: dict[str, float] = {}
            for p in processes:
                role = p["role"].replace(" child", "")
                per_role[role] = per_role.get(role, 0.0) + p["mb"]
            for role, mb in per_role.items():
                largest[role] = max(largest.get(role, 0.0), mb)
            pss = sum(p["pss_mb"] for p in processes)
            peak_pss[0] = max(peak_pss[0], pss)
            if timeline:
                rows.append(f"{time.perf_counter() - start:.1f},{total:.0f},{pss:.0f},"
                            + ";".join(f"{role}={mb}" for role, mb in by_role(processes).items()))
        if timeline:
            Path(timeline).write_text("seconds,total_mb,pss_mb,roles\n" + "\n".join(rows) + "\n", encoding="utf-8")

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    if process.returncode != 0:
        print(stdout[-2000:], stderr[-2000:], sep="\n", file=sys.stderr)
    cpu_seconds: dict[str, float] = {}
    for (_, role), cpu in cpu_of.items():
        name = role.replace(" child", "")
        cpu_seconds[name] = round(cpu_seconds.get(name, 0.0) + cpu, 1)
    notebooks = {}
    for line in stderr.splitlines():
        match = PROGRESS.match(line)
        if match:
            notebooks[match["notebook"]] = int(match["seconds"])
    if process.returncode != 0:  # the notebooks that never reported their last cell were stopped or not started
        for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]*-*.ipynb")):
            notebooks.setdefault(path.name, "not finished")
    return {"seconds": seconds, "returncode": process.returncode, "peak_mb": round(peak[0]),
            "peak_pss_mb": round(peak_pss[0]), "at_peak": at_peak[0], "cpu_seconds": cpu_seconds,
            "largest_mb": {role: round(mb) for role, mb in sorted(largest.items())},
            "notebooks": notebooks}


def simulated_corpus(n_docs: int, folder: Path) -> tuple[Path, int]:
    """A simulated corpus of ``n_docs`` documents (200, or a multiple of it made of copies); its word count."""
    import pandas as pd

    from framings.simulate import write_corpus_folder

    base = folder / "sim200"
    if not base.exists():
        write_corpus_folder(base, n_docs=200, labels=("red", "blue"), random_state=SIM_SEED,
                            words_per_paragraph=(30, 100))
        meta = pd.read_csv(base / "metadata.csv", dtype=str, keep_default_na=False)
        # one year per document counts past 2262, beyond pandas' datetimes: keep them in 2001..2040
        meta["year"] = [str(2001 + i % 40) for i in range(len(meta))]
        meta["date"] = meta["year"]
        meta.to_csv(base / "metadata.csv", index=False)
    if n_docs == 200:
        target = base
    else:
        if n_docs % 200:
            raise SystemExit(f"--sizes: {n_docs} is not a multiple of 200")
        target = folder / f"sim{n_docs}"
        shutil.copytree(base, target, ignore=shutil.ignore_patterns("raw", "rules", "metadata.csv"))
        (target / "raw").mkdir()
        (target / "rules").mkdir()
        meta = pd.read_csv(base / "metadata.csv", dtype=str, keep_default_na=False)
        rows = []
        for copy in range(n_docs // 200):
            for row in meta.to_dict("records"):
                lines = (base / "raw" / row["file"]).read_text(encoding="utf-8").split("\n")
                head, body = lines[:2], lines[2:]  # title and byline stay on top; body lines rotate per copy
                k = copy % max(len(body), 1)
                text = "\n".join(head + body[k:] + body[:k])
                doc_id = f"{row['doc_id']}-c{copy}"
                (target / "raw" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
                shutil.copyfile(base / "rules" / f"{row['doc_id']}.yaml", target / "rules" / f"{doc_id}.yaml")
                rows.append({**row, "doc_id": doc_id, "file": f"{doc_id}.txt",
                             "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()})
        pd.DataFrame(rows).to_csv(target / "metadata.csv", index=False)
    words = sum(len(path.read_text(encoding="utf-8").split()) for path in (target / "raw").glob("*.txt"))
    return target, words


def main(sizes: list[int]) -> dict | None:
    if os.environ.get("FRAMINGS_BENCH_FIGURES", "1") == "0":
        print("skipped (FRAMINGS_BENCH_FIGURES=0)")
        save("figures", {"skipped": True})
        return None
    from _bench import machine

    fresh = cached = None
    simulated = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "FRAMINGS_CACHE": os.path.join(tmp, "cache"),
               "FRAMINGS_FIGURES": os.path.join(tmp, "figures"), "FRAMINGS_PROGRESS": "0"}
        env.pop("FRAMINGS_CORPUS", None)
        os.makedirs(env["FRAMINGS_FIGURES"])
        if os.environ.get("FRAMINGS_BENCH_FIGURES_SHIPPED", "1") != "0":
            fresh = run_figures(env)
            print(f"fresh clone (empty cache): {fresh['seconds']:.1f} s (exit {fresh['returncode']}, "
                  f"peak {fresh['peak_mb']} MB)", flush=True)
            if os.environ.get("FRAMINGS_BENCH_FIGURES_CACHED") == "1":
                cached = run_figures(env)
                print(f"cached rerun:              {cached['seconds']:.1f} s (exit {cached['returncode']})", flush=True)
        for n_docs in sizes:
            corpus, words = simulated_corpus(n_docs, Path(tmp))
            run_env = {**env, "FRAMINGS_CORPUS": str(corpus), "FRAMINGS_CACHE": os.path.join(tmp, f"cache{n_docs}"),
                       "FRAMINGS_FIGURES": os.path.join(tmp, f"figures{n_docs}")}
            os.makedirs(run_env["FRAMINGS_FIGURES"])
            load_before = machine()["load_average"]
            run = run_figures(run_env)
            run.update(documents=n_docs, words=words, target_seconds=SIZE_TARGETS.get(n_docs),
                       memory_target_mb=MEMORY_TARGET_MB, load_before=load_before,
                       load_after=machine()["load_average"])
            simulated.append(run)
            print(f"simulated, {n_docs} documents ({words:,} words): {run['seconds']:.1f} s "
                  f"(exit {run['returncode']}), peak {run['peak_mb']} MB (sum of resident memory; proportional "
                  f"set size {run['peak_pss_mb']} MB); per notebook (s): "
                  + ", ".join(f"{name} {s}" for name, s in sorted(run["notebooks"].items())), flush=True)
            print("  at the peak: " + ", ".join(f"{role} {mb}" for role, mb in run["at_peak"].items()), flush=True)
            print("  largest resident memory of each over the run (a kernel with the processes it started): "
                  + ", ".join(f"{role} {mb} MB" for role, mb in run["largest_mb"].items()), flush=True)
            print("  CPU seconds (a kernel with the processes it started): "
                  + ", ".join(f"{role} {cpu}" for role, cpu in sorted(run["cpu_seconds"].items())), flush=True)
    result = {"skipped": False, "fresh": fresh, "cached": cached, "target_seconds": FIRST_RUN_TARGET,
              "load_average": machine()["load_average"], "simulated": simulated}
    if simulated:
        print("\n| corpus | whole run | target | peak memory, sum of resident (≤ 2 GB) | sum of proportional | exit | "
              "load before / after | per notebook (s) |\n|---|---:|---:|---:|---:|---|---|---|")
        for run in simulated:
            target = run["target_seconds"]
            # a run that stopped early (a failed notebook: exit 2) meets no time target, however fast
            met = "met" if target and run["seconds"] <= target and run["returncode"] == 0 else "NOT met"
            print(f"| simulated, {run['documents']:,} documents, {run['words']:,} words | {run['seconds']:.0f} s | "
                  f"≤ {target} s, {met} | {run['peak_mb']} MB "
                  f"({'met' if run['peak_mb'] <= MEMORY_TARGET_MB else 'NOT met'}{' so far' if run['returncode'] else ''}) | "
                  f"{run['peak_pss_mb']} MB | "
                  f"{run['returncode']}{' (stopped at a failed notebook)' if run['returncode'] else ''} | "
                  f"{run['load_before']} / {run['load_after']} | "
                  + ", ".join(f"{name.split('-')[0]}: {s}" for name, s in sorted(run["notebooks"].items())) + " |")
    save("figures", result)
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=None,
                        help="simulated corpus sizes in documents (multiples of 200); default "
                             "$FRAMINGS_BENCH_FIGURES_SIZES or none")
    args = parser.parse_args()
    sizes = args.sizes if args.sizes is not None else [
        int(s) for s in os.environ.get("FRAMINGS_BENCH_FIGURES_SIZES", "").split(",") if s.strip()]
    result = main(sizes)
    runs = [result["fresh"], result["cached"], *result["simulated"]] if result else []
    sys.exit(1 if any(run and run["returncode"] for run in runs) else 0)
