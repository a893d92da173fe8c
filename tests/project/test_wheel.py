"""Installed from the wheel, outside any checkout: the `framings` command, the course for pip users, the
licence metadata, no course texts, and a corpus pointed at with FRAMINGS_CORPUS.

The wheel is built from this checkout (``pip wheel --no-deps``), installed with ``--no-deps`` into a
fresh venv in a temporary folder; the venv borrows the dependencies (pandas, matplotlib, ...) from
the test interpreter through a path file to a folder of links, not a download. That folder leaves out
the docs extra (Sphinx, myst-nb, the book theme, ...) and the checkout's own editable framings, as on a
machine where `pip install framings` was all. Everything runs with the temporary folder as the working
directory and no FRAMINGS_* variable set unless a test sets one.
"""
import csv
import email
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
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

# top-level names in the test interpreter's site-packages that the venv does not borrow: the docs extra
# (sphinx and sphinxcontrib, myst-nb, myst-parser, the themes, numpydoc, sphinx-mathjax-offline), the
# checkout's editable framings, and path files (their lines would run in the venv)
NOT_BORROWED = ("sphinx", "myst", "numpydoc", "pydata_sphinx_theme", "framings", "__editable__")


COURSE = sorted(p.relative_to(ROOT / "notebooks").as_posix() for pattern in ("[0-9][0-9]*-*.ipynb",
                "exercises/[0-9][0-9]*-*.ipynb") for p in (ROOT / "notebooks").glob(pattern))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    wheels = tmp_path_factory.mktemp("wheels")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-2000:]
    return next(wheels.glob("framings-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    work = tmp_path_factory.mktemp("outside")
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    # without PYTHONPATH: a source tree on it (and its framings.egg-info) would count as framings installed
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                              "--no-index", "-q", str(wheel)], capture_output=True, text=True, env=clean)
    assert install.returncode == 0, install.stderr[-2000:]
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # the dependencies of the test interpreter, after the venv's own site-packages (so the wheel wins)
    borrowed = work / "borrowed"
    borrowed.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.lower().startswith(NOT_BORROWED) and entry.suffix != ".pth":
            (borrowed / entry.name).symlink_to(entry)
    (Path(site) / "_deps.pth").write_text(f"{borrowed}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FRAMINGS_", "PYTHONPATH", "VIRTUAL_ENV"))}
    env["MPLBACKEND"] = "Agg"
    cwd = work / "project"
    cwd.mkdir()
    return python, cwd, env


@pytest.fixture(scope="module")
def own_corpus(installed):
    """A copy of the checkout's corpus/ beside the project: what a wheel user points FRAMINGS_CORPUS at."""
    python, cwd, env = installed
    folder = cwd.parent / "checkout-corpus"
    shutil.copytree(ROOT / "corpus", folder)
    return folder


def run(installed, *args, extra_env=None):
    python, cwd, env = installed
    return subprocess.run([str(python), *args], cwd=cwd, env={**env, **(extra_env or {})}, capture_output=True,
                          text=True)


def framings_command(installed, *args, extra_env=None):
    """The console script the wheel installs (bin/framings), not `python -m framings`."""
    python, cwd, env = installed
    return subprocess.run([str(python.parent / "framings"), *args], cwd=cwd, env={**env, **(extra_env or {})},
                          capture_output=True, text=True)


def test_wheel_holds_the_course_and_provenance_but_not_the_texts(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    course = sorted(n.removeprefix("framings/course_notebooks/") for n in names
                    if n.startswith("framings/course_notebooks/"))
    assert course == COURSE and len(COURSE) >= 14  # seven notebooks and their seven solutions
    with open(ROOT / "corpus" / "metadata.csv", encoding="utf-8", newline="") as handle:
        texts = {row["file"] for row in csv.DictReader(handle)}
    assert len(texts) == 5
    shipped_texts = [n for n in names if Path(n).name in texts or "/raw/" in n]
    assert not shipped_texts, f"the wheel ships corpus texts whose redistribution is not granted: {shipped_texts}"
    licences = sorted(n.rsplit("/", 1)[-1] for n in names if ".dist-info/licenses/" in n)
    assert licences == ["LICENSE", "PROVENANCE.md"]
    metadata = email.message_from_string(zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith(".dist-info/METADATA"))).decode("utf-8"))
    assert metadata["License-Expression"] == "MIT AND BSD-3-Clause"
    assert metadata["Version"] == "0.2.0"
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/entry_points.txt")))
    assert "framings = framings.project:main" in entry_points.decode("utf-8")


def test_sdist_holds_the_course_and_provenance_but_not_the_texts(tmp_path):
    """The sdist (PEP 517 hook, no isolation: nothing downloaded) carries notebooks/, PROVENANCE.md and the
    public-domain practice corpus, not corpus/raw/."""
    build = subprocess.run([sys.executable, "-c", f"from setuptools import build_meta; "
                            f"print(build_meta.build_sdist({str(tmp_path)!r}))"], cwd=ROOT, capture_output=True,
                           text=True)
    assert build.returncode == 0, build.stderr[-2000:]
    with tarfile.open(tmp_path / build.stdout.strip().splitlines()[-1]) as sdist:
        names = [name.split("/", 1)[1] for name in sdist.getnames() if "/" in name]
        metadata = email.message_from_bytes(sdist.extractfile(sdist.getnames()[0].split("/")[0] + "/PKG-INFO").read())
    assert sorted(n.removeprefix("notebooks/") for n in names if n.startswith("notebooks/") and n.endswith(".ipynb")) \
        == COURSE
    assert "PROVENANCE.md" in names and "corpus/metadata.csv" in names
    assert not [n for n in names if n.startswith("corpus/raw")], "the sdist ships the corpus texts"
    # the practice corpus is public domain (practice/inaugural/LICENSE.md): its 59 texts and licence do ship
    assert len([n for n in names if n.startswith("practice/inaugural/raw/")]) == 59
    assert "practice/inaugural/LICENSE.md" in names and "practice/inaugural/metadata.csv" in names
    assert metadata["License-Expression"] == "MIT AND BSD-3-Clause" and metadata["Version"] == "0.2.0"


def test_framings_command_shows_its_help(installed):
    result = framings_command(installed, "--help")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("usage:") and "report" in result.stdout and "notebooks" in result.stdout


def test_framings_notebooks_copies_the_course(installed):
    python, cwd, env = installed
    result = framings_command(installed, "notebooks", "./course")
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    copied = sorted(p.relative_to(cwd / "course").as_posix() for p in (cwd / "course").rglob("*.ipynb"))
    assert copied == COURSE
    for name in COURSE:  # the notebooks as stored: no outputs
        assert (cwd / "course" / name).read_bytes() == (ROOT / "notebooks" / name).read_bytes()


def test_framings_report_without_the_docs_extra_says_so_in_one_line(installed):
    assert run(installed, "-c", "import sphinx").returncode != 0
    result = framings_command(installed, "report")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert len(lines) == 1, result.stderr
    assert "docs" in lines[0] and "pip install" in lines[0], lines[0]


def test_wheel_without_a_corpus_says_where_to_point(installed):
    result = run(installed, "-c", "import framings as fr; fr.load_corpus()")
    assert result.returncode != 0
    assert "FRAMINGS_CORPUS" in result.stderr and "PROVENANCE.md" in result.stderr, result.stderr[-2000:]


def test_wheel_loads_a_pointed_corpus_scores_and_saves_a_figure(installed, own_corpus):
    python, cwd, env = installed
    result = run(installed, "-c", SCRIPT, extra_env={"FRAMINGS_CORPUS": str(own_corpus)})
    assert result.returncode == 0, result.stderr[-3000:]
    info = json.loads(result.stdout.strip().splitlines()[-1])
    assert str(ROOT) not in info["module"]
    assert Path(info["corpus"]) == own_corpus
    assert info["docs"] == 5
    import framings as fr

    assert info["frames"] == sorted(set(fr.load_lexicon(ROOT / "corpus" / "lexicons" / "frames.yaml")["frame"]))
    assert Path(info["figure"]) == cwd / "figures" / "01-wheel-check.png" and Path(info["figure"]).exists()
    sidecar = json.loads((cwd / "figures" / "01-wheel-check.json").read_text(encoding="utf-8"))
    assert sidecar["notebook"].startswith("01-wheel")


def test_wheel_check_writes_its_report_beside_the_pointed_corpus(installed, own_corpus):
    result = run(installed, "-m", "framings", "check", extra_env={"FRAMINGS_CORPUS": str(own_corpus)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert (own_corpus / "cleaning-report.csv").exists()


def test_wheel_figures_command_needs_a_notebooks_folder_and_runs_it(installed, own_corpus):
    python, cwd, env = installed
    corpus = {"FRAMINGS_CORPUS": str(own_corpus)}
    result = run(installed, "-m", "framings", "figures", extra_env=corpus)
    assert result.returncode == 2 and "--notebooks DIR" in result.stderr, result.stderr[-2000:]
    notebooks = cwd / "my-notebooks"
    notebooks.mkdir()
    (notebooks / "01-check.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    result = run(installed, "-m", "framings", "figures", "--notebooks", str(notebooks), extra_env=corpus)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert (cwd / "figures" / "README.md").exists()
