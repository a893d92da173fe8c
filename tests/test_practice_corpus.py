"""The practice corpus (practice/inaugural/, issue 29): a second real corpus that ships with its texts, its licence
and its label provenance, loads with the library's own loader, and is large enough to practise on."""
import hashlib
import json
import math
import re
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

import framings as fr

from conftest import ROOT, once_per_session
from framings.project import notebook_paths, run_notebooks
from test_second_corpus import REDUCED, SOLUTIONS, _solution_parameters, _with_parameters

PRACTICE = ROOT / "practice" / "inaugural"
SHIPPED_LABELS = set(pd.read_csv(ROOT / "corpus" / "metadata.csv")["framing"])


@pytest.fixture(scope="module")
def practice():
    return fr.load_corpus(PRACTICE)


def test_loads_all_59_addresses_with_their_checksums(practice):
    meta = pd.read_csv(PRACTICE / "metadata.csv", dtype=str)
    assert len(practice) == len(meta) == 59
    for row in meta.itertuples():
        data = (PRACTICE / "raw" / row.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row.sha256, row.file
        data.decode("utf-8")  # every shipped text is UTF-8 (2005-bush.txt was Big5 in the source)


def test_is_of_adequate_size(practice):
    # issue 29's "adequate size": at least ~50 documents and ~100k words
    assert len(practice) >= 50
    assert practice["n_words"].sum() >= 100_000
    paragraphs = fr.paragraphs(practice)
    assert paragraphs["doc_id"].nunique() == 59 and len(paragraphs) > 1000


def test_labels_are_not_the_shipped_ones_and_each_has_documents(practice):
    counts = practice["framing"].value_counts()
    assert set(counts.index) == {"democratic", "republican", "earlier-parties"}
    assert not set(counts.index) & SHIPPED_LABELS
    assert counts.min() >= 10


def test_label_is_the_grouped_party(practice):
    grouped = practice["party"].map({"Democratic": "democratic", "Republican": "republican"}).fillna("earlier-parties")
    assert (grouped == practice["framing"]).all()
    # the earlier parties all precede the Democratic/Republican system's first Republican president
    assert practice.loc[practice["framing"] == "earlier-parties", "year"].astype(int).max() < 1853


def test_dates_are_dates_and_agree_with_the_file_names(practice):
    dates = pd.to_datetime(practice["date"], format="%Y-%m-%d")
    assert dates.is_monotonic_increasing
    assert (practice["doc_id"].str[:4] == dates.dt.year.astype(str)).all()


def test_licence_source_and_label_provenance_are_stated(practice):
    licence = (PRACTICE / "LICENSE.md").read_text(encoding="utf-8")
    assert "public domain" in licence and "17 U.S.C. § 105" in licence
    readme = (PRACTICE / "README.md").read_text(encoding="utf-8")
    assert "nltk_data" in readme and "label_basis" in readme
    assert (PRACTICE / "NLTK-README.txt").is_file()
    # who assigned the labels is said in every row, and a model's work is not called a person's
    assert practice["label_basis"].str.contains("AI assistant").all()


def test_only_the_repaired_file_differs_from_its_source(practice):
    meta = pd.read_csv(PRACTICE / "metadata.csv", dtype=str)
    source_sha = meta["notes"].str.extract(r"SHA-256 ([0-9a-f]{64})")[0]
    changed = meta.loc[source_sha != meta["sha256"], "doc_id"].tolist()
    assert changed == ["2005-bush"]
    assert "Repaired" in meta.set_index("doc_id").at["2005-bush", "notes"]
    # the repair decoded the source's Big5 punctuation and restored its paragraphs
    text = (PRACTICE / "raw" / "2005-bush.txt").read_text(encoding="utf-8")
    assert "America\u2019s" in text and "\u2026" in text and len(re.findall(r"\n\n", text)) > 20


def test_a_run_on_it_writes_under_build_inaugural(monkeypatch):
    from framings._paths import output_root

    monkeypatch.setenv("FRAMINGS_CORPUS", str(PRACTICE))
    assert output_root() == ROOT / "build" / "inaugural"


def test_what_the_notebooks_need_is_said_not_assumed(practice):
    have = fr.course.requirements(practice).set_index("requirement")["has"]
    # labels with two or more documents and dates: the comparisons and trends run; no lexicon, codebook or sheets:
    # those sections are skipped with a sentence saying how to add them
    assert have["labels"] and have["two documents per label"] and have["dates"]
    assert not have["lexicon"] and not have["codebook"] and not have["coded sheets"]


# Issue 29: the course runs on the practice corpus, notebooks and worked solutions, in `make test`.
PRACTICE_NOTEBOOKS = notebook_paths(ROOT / "notebooks")
PRACTICE_SOLUTIONS = SOLUTIONS


@pytest.fixture(scope="module")
def practice_run(tmp_path_factory):
    def run(figures):
        folder = figures / "notebooks"
        folder.mkdir()
        injected = _solution_parameters(PRACTICE)
        paths = [_with_parameters(path, REDUCED.get(path.name), folder) for path in PRACTICE_NOTEBOOKS]
        paths += [_with_parameters(path, injected.get(path.name.split('-')[0]), folder) for path in PRACTICE_SOLUTIONS]
        ran = run_notebooks(paths, jobs=2, figures=figures, corpus=PRACTICE,  # raises, naming failed cells
                            executed_dir=figures / "executed")
        (figures / "ran.txt").write_text("\n".join(Path(path).name for path in ran) + "\n", encoding="utf-8")

    return once_per_session(tmp_path_factory, "practice-run", run)


def test_the_course_runs_on_the_practice_corpus(practice_run):
    ran = (practice_run / "ran.txt").read_text(encoding="utf-8").split()
    assert ran == [path.name for path in PRACTICE_NOTEBOOKS + PRACTICE_SOLUTIONS]
    for path in PRACTICE_NOTEBOOKS:
        if path.name.startswith(("05a-", "05b-", "05c-", "07-")):  # 05a-c need a lexicon it has not; 07 is simulated
            continue
        assert list(practice_run.glob(f"{path.name.split('-')[0]}-*.png")), f"{path.name} drew no figure on the practice corpus"
    labels = set(fr.load_corpus(PRACTICE)["framing"])
    titles = [json.loads(p.read_text(encoding="utf-8"))["title"] for p in practice_run.glob("0[1-4]*-*.json")]
    assert any(label in title for title in titles for label in labels), "no title speaks of the practice labels"


def _printed(run, notebook):
    executed = nbformat.read(run / "executed" / notebook, as_version=4)
    return {cell.get("id"): "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
            for cell in executed.cells if cell.cell_type == "code"}


def test_06_on_the_practice_corpus_says_how_it_tested_and_its_verdict_holds(practice_run, practice):
    from sklearn.feature_extraction.text import TfidfVectorizer

    printed = _printed(practice_run, "06-labels.ipynb")
    # 59 documents in labels of 23, 12 and 24 have 59!/(23! 12! 24!) relabellings: drawn, not enumerated
    relabellings = math.factorial(59) // (math.factorial(23) * math.factorial(12) * math.factorial(24))
    assert f"9,999 of its {float(relabellings):.1e} relabellings drawn at random" in printed["c17-001"]
    assert "smallest p it can give is 0.0001" in printed["c17-001"]  # 1 / (9,999 + 1)
    # beyond 20 documents, whole documents are held out in 20 folds (59 / 20 = 2.95 each); the document is told
    # apart among 50 of them: classify_framings' warnings say so in the notebook
    assert "59 documents, so 20 folds each holding out about 3 whole documents" in printed["cell-24"]
    assert "predicting the document among a random sample of 50 of them" in printed["cell-24"]
    solutions = _printed(practice_run, "06-labels-solutions.ipynb")
    for text in [*printed.values(), *solutions.values()]:
        assert not re.search(r"\b0\.000\b", text), f"a number printed as 0.000: {text}"
    # the similarity verdict, recomputed with scikit-learn on our tokens: 22 of 59 closest to another label
    title = json.loads((practice_run / "06-similarity.json").read_text(encoding="utf-8"))["title"]
    n_other = int(re.match(r"(\d+) of 59 documents are closest in vocabulary to another label", title)[1])
    matrix = TfidfVectorizer(analyzer=lambda text: fr.text.tokenize(text, merge_variants=True)).fit_transform(
        practice["text"])
    cosine = (matrix @ matrix.T).toarray()
    np.fill_diagonal(cosine, -np.inf)
    labels = practice["framing"].to_numpy()
    assert n_other == int((labels[cosine.argmax(axis=1)] != labels).sum()) == 22
