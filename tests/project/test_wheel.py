"""Installed from the wheel, outside any checkout: the bundled corpus loads, frames score, figures save.

The wheel is built from this checkout (``pip wheel --no-deps``), installed with ``--no-deps`` into a
fresh venv in a temporary folder; the venv borrows the dependencies (pandas, matplotlib, ...) from
the test interpreter through a path file, not a download. Everything runs with that folder as the
working directory and no FRAMINGS_* variable set.
"""
import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from conftest import ROOT

SCRIPT = r"""
import json, sys
from pathlib import Path
import matplotlib.pyplot as plt
import framings as fr
import framings._paths
assert framings._paths.checkout_root() is None, framings._paths.checkout_root()
corpus = fr.load_corpus()
scores = fr.frame_scores(fr.paragraphs(corpus))
fig, ax = plt.subplots()
ax.plot([0, 1], [0, 1])
png = fr.save_figure(fig, "wheel-check", notebook="01-wheel")
print(json.dumps({"corpus": str(fr.corpus.default_corpus_path()), "docs": len(corpus), "frames": sorted(set(scores["frame"])),
                  "figure": str(png), "module": fr.__file__}))
"""

NOTEBOOK = {"cells": [{"cell_type": "code", "execution_count": None, "id": "a1", "metadata": {"tags": ["parameters"]},
                       "outputs": [], "source": "import framings as fr\nn = len(fr.load_corpus())"},
                      {"cell_type": "code", "execution_count": None, "id": "a2", "metadata": {}, "outputs": [],
                       "source": "assert n == 5"}],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("outside")
    wheels = work / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(wheels.glob("framings-*.whl"))
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                              "--no-index", "-q", str(wheel)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-2000:]
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # the dependencies of the test interpreter, after the venv's own site-packages (so the wheel wins)
    (Path(site) / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FRAMINGS_", "PYTHONPATH", "VIRTUAL_ENV"))}
    env["MPLBACKEND"] = "Agg"
    cwd = work / "project"
    cwd.mkdir()
    return python, cwd, env


def test_wheel_loads_the_bundled_corpus_scores_and_saves_a_figure(installed):
    python, cwd, env = installed
    result = subprocess.run([str(python), "-c", SCRIPT], cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    info = json.loads(result.stdout.strip().splitlines()[-1])
    assert str(ROOT) not in info["module"]
    assert info["corpus"].endswith(os.path.join("framings", "_corpus"))
    assert info["docs"] == 5
    import framings as fr

    assert info["frames"] == sorted(set(fr.load_lexicon(ROOT / "corpus" / "lexicons" / "frames.yaml")["frame"]))
    assert Path(info["figure"]) == cwd / "figures" / "01-wheel-check.png" and Path(info["figure"]).exists()
    sidecar = json.loads((cwd / "figures" / "01-wheel-check.json").read_text(encoding="utf-8"))
    assert sidecar["notebook"].startswith("01-wheel")


def test_wheel_check_writes_its_report_here_and_add_refuses_the_bundled_corpus(installed):
    python, cwd, env = installed
    result = subprocess.run([str(python), "-m", "framings", "check"], cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (cwd / "cleaning-report.csv").exists()
    (cwd / "new.txt").write_text("A new text.\n", encoding="utf-8")
    result = subprocess.run([str(python), "-m", "framings", "add", "new.txt"], cwd=cwd, env=env, capture_output=True,
                            text=True)
    assert result.returncode == 2 and "read-only" in result.stderr and "--corpus" in result.stderr


def test_wheel_figures_command_needs_a_notebooks_folder_and_runs_it(installed):
    python, cwd, env = installed
    result = subprocess.run([str(python), "-m", "framings", "figures"], cwd=cwd, env=env, capture_output=True,
                            text=True)
    assert result.returncode == 2 and "--notebooks DIR" in result.stderr, result.stderr[-2000:]
    notebooks = cwd / "my-notebooks"
    notebooks.mkdir()
    (notebooks / "01-check.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    result = subprocess.run([str(python), "-m", "framings", "figures", "--notebooks", str(notebooks)], cwd=cwd,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert (cwd / "figures" / "README.md").exists()
