import hashlib
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import framings as fr

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SOURCES = ROOT.parent / "shared" / "corpus-sources"


@pytest.fixture(scope="session")
def corpus():
    return fr.load_corpus(CORPUS)


@pytest.fixture(scope="session")
def raw_corpus():
    return fr.load_corpus(CORPUS, clean=False)


@pytest.fixture(scope="session")
def paras(corpus):
    return fr.paragraphs(corpus)


@pytest.fixture(scope="session")
def toks(paras):
    return fr.tokens(paras)


@pytest.fixture(scope="session")
def first_run(tmp_path_factory):
    """Every notebook executed once on the shipped corpus: figures, sidecars and executed copies (``executed/``)."""
    from framings.reproduce import notebook_paths, run_notebooks

    figures = tmp_path_factory.mktemp("figures-a")
    run_notebooks(notebook_paths(ROOT / "notebooks"), jobs=2, figures=figures, executed_dir=figures / "executed")
    return figures


@pytest.fixture
def corpus_copy(tmp_path):
    """A writable copy of the project's corpus folder."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def write_corpus(folder: Path, docs: dict[str, tuple[str, str]], rules: dict[str, str] | None = None) -> Path:
    """Make a small corpus folder: docs = {doc_id: (framing, text)}."""
    (folder / "raw").mkdir(parents=True, exist_ok=True)
    (folder / "rules").mkdir(exist_ok=True)
    rows = []
    for doc_id, (framing, text) in docs.items():
        data = text.encode("utf-8") if isinstance(text, str) else text
        (folder / "raw" / f"{doc_id}.txt").write_bytes(data)
        rows.append({"doc_id": doc_id, "file": f"{doc_id}.txt", "sha256": hashlib.sha256(data).hexdigest(),
                     "framing": framing})
        (folder / "rules" / f"{doc_id}.yaml").write_text((rules or {}).get(doc_id, "headings: false\n"),
                                                        encoding="utf-8")
    pd.DataFrame(rows).to_csv(folder / "metadata.csv", index=False)
    return folder
