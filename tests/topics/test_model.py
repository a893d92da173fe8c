"""Tests of framings.topics on a synthetic token frame (no corpus files needed)."""
import importlib.util
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import framings as fr
from framings.topics import _heldout, _model, _select, _stability
from framings.errors import CorpusError

from framings.simulate import FRAMINGS, N_PARAS, lda_tokens as make_tokens  # noqa: F401




@pytest.fixture(scope="module")
def toks():
    return make_tokens()


@pytest.fixture(scope="module")
def dtm(toks):
    return fr.document_term_matrix(toks)


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("framings-cache")


@pytest.fixture(scope="module")
def model(dtm, cache_dir):
    return fr.fit_topics(dtm, k=4, method="lda", random_state=0, cache_dir=cache_dir)


def tiny_toks(n_paras=5):
    words = ["energy", "pipeline", "gas", "security", "army", "border", "regime", "elite", "power"]
    rows = []
    for p in range(n_paras):
        for i in range(12):
            rows.append(("doc-x", f"p{p}", "alliance", i, words[(p * 2 + i) % len(words)]))
    return pd.DataFrame(rows, columns=["doc_id", "para_id", "framing", "position", "token"])


def fake_model(topic_term, counts, vocab=None):
    """A TopicModel with a hand-made topic_term and a one-row dtm with the given term counts."""
    topic_term = np.asarray(topic_term, dtype=float)
    V = topic_term.shape[1]
    vocab = np.array(vocab or [f"t{i}" for i in range(V)], dtype=object)
    dtm = fr.topics.DocumentTermMatrix(
        matrix=sp.csr_matrix(np.asarray(counts, dtype=np.int64).reshape(1, V)),
        vocabulary=vocab,
        rows=pd.DataFrame({"para_id": ["p0"], "doc_id": ["d0"], "framing": ["f"]}),
    )
    k = topic_term.shape[0]
    return fr.topics.TopicModel(topic_term=topic_term, doc_topic=np.full((1, k), 1 / k), dtm=dtm,
                        method="lda", k=k, random_state=0)


# --------------------------------------------------------------------------- #
# document-term matrix
# --------------------------------------------------------------------------- #
def test_document_term_matrix(toks, dtm):
    assert dtm.n_rows == 230
    assert list(dtm.rows.columns) == ["para_id", "doc_id", "framing"]
    assert list(dtm.vocabulary) == sorted(dtm.vocabulary)
    df = np.diff(dtm.matrix.tocsc().indptr)
    assert df.min() >= 2 and df.max() <= 0.9 * dtm.n_rows
    # counts agree with the token frame
    kept = toks[toks["token"].astype(str).isin(set(dtm.vocabulary))]
    assert dtm.matrix.sum() == len(kept)
    first = dtm.rows["para_id"].iloc[0]
    row0 = kept[kept["para_id"] == first]["token"].astype(str).value_counts()
    col = {t: i for i, t in enumerate(dtm.vocabulary)}
    for term, n in row0.items():
        assert dtm.matrix[0, col[term]] == n
    # texts: full token sequence of every row, in order of position
    assert len(dtm.texts) == dtm.n_rows
    para = toks[toks["para_id"] == first].sort_values("position")["token"].astype(str).tolist()
    assert dtm.texts[0] == para


def test_document_term_matrix_errors(toks):
    with pytest.raises(CorpusError, match="no term is left"):
        fr.document_term_matrix(toks, min_df=200, max_df=1.0)
    with pytest.raises(CorpusError, match="position|token"):
        fr.document_term_matrix(toks.drop(columns="token"))
    with pytest.raises(CorpusError, match="max_df"):
        fr.document_term_matrix(toks, min_df=50, max_df=10)


def test_document_term_matrix_by_doc(toks):
    d = fr.document_term_matrix(toks, by="doc_id", min_df=1, max_df=1.0)
    assert d.n_rows == 5
    assert list(d.rows.columns) == ["doc_id", "framing"]
    assert d.matrix.sum() == len(toks)


# --------------------------------------------------------------------------- #
# fitting
# --------------------------------------------------------------------------- #
ENGINES = [("lda", "tomotopy"), ("lda", "sklearn"), ("nmf", None)]


@pytest.mark.parametrize("method, engine", ENGINES)
def test_fit_shapes_and_normalisation(dtm, cache_dir, method, engine):
    m = fr.fit_topics(dtm, k=5, method=method, random_state=1, cache_dir=cache_dir, engine=engine)
    assert m.topic_term.shape == (5, dtm.n_terms)
    assert m.doc_topic.shape == (dtm.n_rows, 5)
    np.testing.assert_allclose(m.topic_term.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(m.doc_topic.sum(axis=1), 1.0, atol=1e-12)
    assert (m.topic_term >= 0).all() and (m.doc_topic >= 0).all()
    assert m.method == method and m.k == 5 and m.random_state == 1 and m.estimator is not None
    assert m.engine == (engine or "sklearn")
    # the interface works for every engine
    assert len(fr.top_terms(m, n=3)) == 15 and len(fr.doc_topics(m)) == 5 * dtm.n_rows
    assert np.isfinite(fr.topics.coherence(m, dtm).attrs["mean"])


@pytest.mark.parametrize("method, engine", ENGINES)
def test_fit_deterministic(dtm, method, engine):
    a = fr.fit_topics(dtm, k=3, method=method, random_state=7, cache=False, engine=engine)
    b = fr.fit_topics(dtm, k=3, method=method, random_state=7, cache=False, engine=engine)
    np.testing.assert_array_equal(a.topic_term, b.topic_term)
    np.testing.assert_array_equal(a.doc_topic, b.doc_topic)
    c = fr.fit_topics(dtm, k=3, method=method, random_state=8, cache=False, engine=engine)
    assert not np.array_equal(a.topic_term, c.topic_term)


def test_default_engine_is_tomotopy_gibbs_on_the_same_counts(dtm):
    """The Gibbs sampler sees exactly the matrix's tokens: its topic-word counts add up to the matrix's counts."""
    m = fr.fit_topics(dtm, k=4, cache=False, tol=None, iterations=50)
    assert m.engine == "tomotopy" and m.params["iterations"] == 50
    est = m.estimator
    assert est.num_words == int(dtm.matrix.sum()) and len(est.docs) == dtm.n_rows
    assert sorted(int(w) for w in est.used_vocabs) == list(range(dtm.n_terms))
    per_topic = np.asarray(est.get_count_by_topics())
    eta = m.params["eta"]
    # topic_term is (n_tw + eta) / (n_t + V eta): recover n_tw and compare with tomotopy's own counts
    counts = m.topic_term * (per_topic[:, None] + dtm.n_terms * eta) - eta
    np.testing.assert_allclose(counts.sum(axis=1), per_topic, rtol=1e-9)
    np.testing.assert_allclose(counts, np.rint(counts), atol=1e-6)
    # each paragraph's share is (n_dt + alpha_t) / (n_d + sum alpha), n_dt its tokens' topic assignments
    alpha = np.asarray(est.alpha, dtype=float)
    doc = next(iter(est.docs))
    n_dt = np.bincount(np.asarray(doc.topics), minlength=4)
    np.testing.assert_allclose(m.doc_topic[0], (n_dt + alpha) / (n_dt.sum() + alpha.sum()), rtol=1e-12)
    assert n_dt.sum() == dtm.matrix[0].sum()


def planted_corpus(seed=0, k=4, n_docs=240, length=60, own=25, shared=10):
    """Tokens drawn from k known topics: each owns ``own`` words, all share ``shared`` common words."""
    rng = np.random.default_rng(seed)
    V = k * own + shared
    phi = np.zeros((k, V))
    for t in range(k):
        phi[t, t * own:(t + 1) * own] = rng.dirichlet(np.ones(own)) * 0.8
        phi[t, k * own:] = 0.2 / shared
    vocab = np.array([f"w{i:03d}" for i in range(V)], dtype=object)
    rows = []
    for d in range(n_docs):
        theta = rng.dirichlet(np.full(k, 0.2))
        z = rng.choice(k, size=length, p=theta)
        for i, t in enumerate(z):
            rows.append(("doc", f"p{d}", "f", i, vocab[rng.choice(V, p=phi[t])]))
    toks = pd.DataFrame(rows, columns=["doc_id", "para_id", "framing", "position", "token"])
    return toks, phi, vocab


@pytest.fixture(scope="module")
def planted():
    toks, phi, vocab = planted_corpus()
    dtm = fr.document_term_matrix(toks, min_df=1, max_df=1.0)
    columns = np.searchsorted(vocab, dtm.vocabulary)  # dtm's vocabulary is sorted, as vocab is
    return dtm, phi[:, columns]


def test_planted_topics_recovered_by_both_engines(planted):
    from scipy.optimize import linear_sum_assignment

    dtm, phi = planted
    fits = {engine: fr.fit_topics(dtm, k=4, engine=engine, cache=False) for engine in ("tomotopy", "sklearn")}
    unit = lambda a: a / np.linalg.norm(a, axis=1, keepdims=True)  # noqa: E731
    for engine, m in fits.items():
        cos = unit(phi) @ unit(m.topic_term).T
        r, c = linear_sum_assignment(cos, maximize=True)
        assert cos[r, c].min() > 0.95, (engine, cos[r, c])
    # the two engines agree with each other: topics and each paragraph's dominant topic
    cos = unit(fits["tomotopy"].topic_term) @ unit(fits["sklearn"].topic_term).T
    r, c = linear_sum_assignment(cos, maximize=True)
    assert cos[r, c].min() > 0.95
    partner = dict(zip(r, c))
    dominant_gibbs = np.array([partner[t] for t in fits["tomotopy"].doc_topic.argmax(axis=1)])
    assert (dominant_gibbs == fits["sklearn"].doc_topic.argmax(axis=1)).mean() > 0.9


@pytest.mark.parametrize("engine", ["tomotopy", "sklearn"])
def test_planted_framing_of_simulate_found_in_one_topic(engine):
    """fr.simulate.planted_tokens: eight planted terms at 300 extra per 10,000 words in one group's documents.

    With k = 2 over documents, one topic's 16 top terms by FREX hold all eight (sklearn: at least seven); with
    Gibbs sampling every document of the planted group also has a larger share of that topic than any other
    document (scikit-learn's variational θ puts 0.998-0.999 of every document in one topic here, so it separates
    nothing). In the null corpus of the same seed (no insertions) no topic gathers the planted terms.
    """
    from framings.simulate import planted_tokens

    for planted in (True, False):
        toks = planted_tokens(40, planted=planted, extra_per_10k=300, random_state=1)
        terms = toks.attrs["planted_terms"]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dtm = fr.document_term_matrix(toks, by="doc_id", min_df=2, max_df=1.0)
        m = fr.fit_topics(dtm, k=2, engine=engine, random_state=1, cache=False)
        top = fr.top_terms(m, n=2 * len(terms), rank="frex")
        hits = top.assign(hit=top["term"].isin(terms)).groupby("topic")["hit"].sum()
        if not planted:
            assert hits.max() <= 1, hits
            continue
        assert hits.max() >= (8 if engine == "tomotopy" else 7), hits
        in_group = (dtm.rows["framing"] == toks.attrs["planted_group"]).to_numpy()
        share = m.doc_topic[:, int(hits.idxmax())]
        if engine == "tomotopy":
            assert share[in_group].min() > share[~in_group].max()


def test_k_out_of_range():
    d = fr.document_term_matrix(tiny_toks(5), min_df=1, max_df=1.0)
    assert d.n_rows == 5
    for k in (1, 0, -3, 5, 6):
        with pytest.raises(CorpusError, match="k="):
            fr.fit_topics(d, k=k, cache=False)
    assert fr.fit_topics(d, k=4, cache=False).k == 4
    with pytest.raises(CorpusError):
        fr.fit_topics(d, k=2.5, cache=False)


def test_unknown_options(dtm, model, toks):
    with pytest.raises(CorpusError, match="method"):
        fr.fit_topics(dtm, k=3, method="plsa", cache=False)
    with pytest.raises(CorpusError, match="rank"):
        fr.top_terms(model, rank="lift")
    with pytest.raises(CorpusError, match="measure"):
        fr.topics.coherence(model, toks, measure="c_v")
    with pytest.raises(CorpusError, match="method"):
        fr.select_k(dtm, ks=[2], seeds=[0], method="hdp", progress=False)
    with pytest.raises(CorpusError, match="engine"):
        fr.fit_topics(dtm, k=3, engine="mallet", cache=False)
    with pytest.raises(CorpusError, match="engine"):
        fr.fit_topics(dtm, k=3, method="nmf", engine="tomotopy", cache=False)
    with pytest.raises(CorpusError, match="max_iter"):
        fr.fit_topics(dtm, k=3, max_iter=5, cache=False)  # a scikit-learn parameter for the Gibbs sampler
    with pytest.raises(CorpusError, match="n_jobs"):
        fr.fit_topics(dtm, k=3, n_jobs=0, cache=False)


@pytest.mark.parametrize("engine", ["tomotopy", "sklearn"])
def test_fit_cache_hit(dtm, tmp_path, monkeypatch, engine):
    import tomotopy
    from sklearn.decomposition import LatentDirichletAllocation

    memo = _model._cached_fit(True, tmp_path)
    args = _model._fit_args(dtm, 3, "lda", 11, {}, engine)
    assert not memo.check_call_in_cache(*args)
    first = fr.fit_topics(dtm, k=3, random_state=11, cache_dir=tmp_path, engine=engine)
    assert memo.check_call_in_cache(*args)

    def boom(*a, **kw):
        raise AssertionError("the cached fit was re-executed")

    monkeypatch.setattr(LatentDirichletAllocation, "fit", boom)
    monkeypatch.setattr(LatentDirichletAllocation, "fit_transform", boom)
    monkeypatch.setattr(tomotopy.LDAModel, "train", boom)
    second = fr.fit_topics(dtm, k=3, random_state=11, cache_dir=tmp_path, engine=engine)
    np.testing.assert_array_equal(first.topic_term, second.topic_term)
    np.testing.assert_array_equal(first.doc_topic, second.doc_topic)
    # a different seed, engine or thread count is a different key
    assert not memo.check_call_in_cache(*_model._fit_args(dtm, 3, "lda", 12, {}, engine))
    other = "sklearn" if engine == "tomotopy" else "tomotopy"
    assert not memo.check_call_in_cache(*_model._fit_args(dtm, 3, "lda", 11, {}, other))


def test_cache_dir_resolution(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMINGS_CACHE", str(tmp_path / "elsewhere"))
    assert _model._default_cache_dir() == tmp_path / "elsewhere"
    monkeypatch.delenv("FRAMINGS_CACHE")
    d = _model._default_cache_dir()
    assert d.parts[-2:] == (".cache", "framings")


def test_import_is_cheap():
    code = "import sys, framings, framings.topics; assert not {'sklearn', 'tomotopy'} & set(sys.modules), 'heavy import'"
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- #
# labels and shares
# --------------------------------------------------------------------------- #
def test_doc_topics_sum_to_one(model, dtm):
    dt = fr.doc_topics(model)
    assert list(dt.columns) == ["para_id", "doc_id", "framing", "topic", "share"]
    assert len(dt) == dtm.n_rows * model.k
    sums = dt.groupby("para_id", observed=True)["share"].sum()
    assert len(sums) == dtm.n_rows
    np.testing.assert_allclose(sums.to_numpy(), 1.0, atol=1e-12)


def test_top_terms_probability(model):
    tt = fr.top_terms(model, n=5)
    assert list(tt.columns) == ["topic", "rank", "term", "weight"]
    assert len(tt) == model.k * 5
    for t, g in tt.groupby("topic"):
        assert g["rank"].tolist() == [1, 2, 3, 4, 5]
        assert (np.diff(g["weight"].to_numpy()) <= 0).all()
        expected = model.dtm.vocabulary[np.argsort(-model.topic_term[t], kind="stable")[:5]]
        assert g["term"].tolist() == list(expected)


def test_top_terms_frex_hand_computed():
    # topic 0: freq ECDF [1, .75, .5, .25]; exclusivity β/Σβ = [.4545, .75, .6, .2] -> ECDF [.5, 1, .75, .25]
    # topic 1: freq ECDF [1, .375, .375, .75] (tie); exclusivity [.5455, .25, .4, .8] -> ECDF [.75, .25, .5, 1]
    m = fake_model([[0.5, 0.3, 0.15, 0.05], [0.6, 0.1, 0.1, 0.2]], [40, 30, 20, 10])
    tt = fr.top_terms(m, n=4, rank="frex")  # w = 0.7 on exclusivity
    t0 = tt[tt.topic == 0]
    t1 = tt[tt.topic == 1]
    assert t0["term"].tolist() == ["t1", "t2", "t0", "t3"]
    np.testing.assert_allclose(t0["weight"], [1 / 1.1, 1 / (0.7 / 0.75 + 0.6), 1 / 1.7, 0.25])
    assert t1["term"].tolist() == ["t3", "t0", "t2", "t1"]
    np.testing.assert_allclose(t1["weight"], [1 / 1.1, 1 / (0.7 / 0.75 + 0.3), 1 / 2.2, 1 / 3.6])
    # w = 0 is pure frequency ECDF, w = 1 pure exclusivity ECDF
    f = fr.top_terms(m, n=4, rank="frex", frex_w=0.0)
    np.testing.assert_allclose(f[f.topic == 0]["weight"], [1, 0.75, 0.5, 0.25])
    e = fr.top_terms(m, n=4, rank="frex", frex_w=1.0)
    assert e[e.topic == 0]["term"].tolist() == ["t1", "t2", "t0", "t3"]


def test_top_terms_relevance_hand_computed():
    m = fake_model([[0.5, 0.3, 0.15, 0.05], [0.6, 0.1, 0.1, 0.2]], [40, 30, 20, 10])  # p(w) = .4 .3 .2 .1
    tt = fr.top_terms(m, n=4, rank="relevance", lam=0.6)
    t0 = tt[tt.topic == 0]
    assert t0["term"].tolist() == ["t0", "t1", "t2", "t3"]
    np.testing.assert_allclose(
        t0["weight"], [-0.326631, -0.722384, -1.253345, -2.074698], atol=1e-6)
    # λ = 0: lift p(w|t)/p(w) = [1.5, 1/3, .5, 2] for topic 1
    lift = fr.top_terms(m, n=4, rank="relevance", lam=0.0)
    l1 = lift[lift.topic == 1]
    assert l1["term"].tolist() == ["t3", "t0", "t2", "t1"]
    np.testing.assert_allclose(l1["weight"], np.log([2.0, 1.5, 0.5, 1 / 3]))
    # λ = 1: log p(w|t); the t1/t2 tie is broken alphabetically
    p = fr.top_terms(m, n=4, rank="relevance", lam=1.0)
    assert p[p.topic == 1]["term"].tolist() == ["t0", "t3", "t1", "t2"]


def test_prevalence_ci_contains_point(model):
    pv = fr.prevalence(model, by="framing", n_boot=500, random_state=0)
    assert list(pv.columns[:5]) == ["group", "topic", "mean_share", "ci_low", "ci_high"]
    assert set(pv["group"]) == set(FRAMINGS.values())
    assert len(pv) == 3 * model.k
    assert ((pv.ci_low <= pv.mean_share) & (pv.mean_share <= pv.ci_high)).all()
    assert (pv.ci_high - pv.ci_low > 0).all()
    dt = fr.doc_topics(model)
    # default: weighted by paragraph length (the row's tokens in the document-term matrix)
    lengths = pd.Series(np.asarray(model.dtm.matrix.sum(axis=1)).ravel(), index=model.dtm.rows["para_id"])
    dt["length"] = dt["para_id"].map(lengths).to_numpy(float)
    dt["weighted"] = dt["share"] * dt["length"]
    sums = dt.groupby(["framing", "topic"], observed=True)[["weighted", "length"]].sum()
    weighted = sums["weighted"] / sums["length"]
    assert pv.attrs["weight"] == "length"
    for _, r in pv.iterrows():
        assert r.mean_share == pytest.approx(weighted[(r.group, r.topic)])
    np.testing.assert_allclose(pv.groupby("group")["mean_share"].sum(), 1.0)
    plain = fr.prevalence(model, by="framing", n_boot=500, random_state=0, weight="none")
    direct = dt.groupby(["framing", "topic"], observed=True)["share"].mean()
    for _, r in plain.iterrows():
        assert r.mean_share == pytest.approx(direct[(r.group, r.topic)])
    assert ((plain.ci_low <= plain.mean_share) & (plain.mean_share <= plain.ci_high)).all()
    with pytest.raises(CorpusError, match="weight"):
        fr.prevalence(model, weight="words")
    again = fr.prevalence(model, by="framing", n_boot=500, random_state=0)
    pd.testing.assert_frame_equal(pv, again)
    with pytest.raises(CorpusError, match="column"):
        fr.prevalence(model, by="outlet")



def test_prevalence_in_blocks_draws_the_resamples_one_call_would(model, monkeypatch):
    """The bootstrap runs in blocks to bound memory; the resamples (and so the intervals) are those of one
    n_boot x n matrix drawn at once, which is what this test recomputes."""
    from framings.topics import _prevalence

    monkeypatch.setattr(_prevalence, "_BLOCK_CELLS", 7)  # blocks of one resample or a few
    blocked = fr.prevalence(model, by=None, n_boot=300, random_state=3)
    theta = fr.doc_topics(model).pivot(index="para_id", columns="topic", values="share")
    theta = theta.loc[model.dtm.rows["para_id"]].to_numpy()
    w = np.asarray(model.dtm.matrix.sum(axis=1)).ravel().astype(float)
    n = len(w)
    draws = np.random.default_rng(3).multinomial(n, np.full(n, 1.0 / n), size=300) * w
    boot = (draws @ theta) / draws.sum(axis=1, keepdims=True)
    low, high = np.percentile(boot, [2.5, 97.5], axis=0)
    np.testing.assert_allclose(blocked["ci_low"], np.minimum(low, blocked["mean_share"]), rtol=1e-12)
    np.testing.assert_allclose(blocked["ci_high"], np.maximum(high, blocked["mean_share"]), rtol=1e-12)

# --------------------------------------------------------------------------- #
# coherence
# --------------------------------------------------------------------------- #
def gensim_coherence(topics, texts, measure, topn=20, window_size=None):
    from gensim.corpora import Dictionary
    from gensim.models import CoherenceModel

    cm = CoherenceModel(topics=topics, texts=texts, dictionary=Dictionary(texts), coherence=measure,
                        topn=topn, window_size=window_size, processes=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.array(cm.get_coherence_per_topic()), cm.get_coherence()


@pytest.mark.parametrize("measure", ["u_mass", "c_npmi"])
def test_coherence_matches_gensim_common_texts(measure):
    pytest.importorskip("gensim")
    from gensim.test.utils import common_texts

    topics = [["human", "computer", "system", "interface"], ["graph", "minors", "trees", "eps"]]
    per_topic, mean = gensim_coherence(topics, common_texts, measure)
    ours = fr.topics.coherence(topics, common_texts, measure=measure)
    assert list(ours.columns) == ["topic", "coherence", "n_terms", "terms"]
    np.testing.assert_allclose(ours["coherence"].to_numpy(), per_topic, rtol=0, atol=1e-6)
    assert ours.attrs["mean"] == pytest.approx(mean, abs=1e-6)


@pytest.mark.parametrize("measure", ["u_mass", "c_npmi"])
def test_coherence_matches_gensim_top_n_and_oov(measure):
    pytest.importorskip("gensim")
    from gensim.test.utils import common_texts

    # "banana" is not in the texts and is dropped before truncating to top_n, as gensim does
    topics = [["user", "banana", "response", "time", "survey", "system"],
              ["trees", "graph", "minors", "interface", "eps", "human"]]
    per_topic, mean = gensim_coherence(topics, common_texts, measure, topn=3)
    ours = fr.topics.coherence(topics, common_texts, measure=measure, top_n=3)
    assert ours["terms"].tolist() == ["user, response, time", "trees, graph, minors"]
    np.testing.assert_allclose(ours["coherence"].to_numpy(), per_topic, rtol=0, atol=1e-6)
    assert ours.attrs["mean"] == pytest.approx(mean, abs=1e-6)


@pytest.mark.parametrize("seed", range(6))
def test_coherence_matches_gensim_random_texts(seed):
    """Repeated tokens, texts shorter than the window and empty texts, odd windows."""
    pytest.importorskip("gensim")
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(8)]
    texts = [list(rng.choice(words, size=int(rng.integers(0, 25)))) for _ in range(9)] + [[]]
    vocab = sorted({w for t in texts for w in t})
    topics = [list(rng.choice(vocab, size=4, replace=False)) for _ in range(3)]
    for measure, window in (("u_mass", None), ("c_npmi", None), ("c_npmi", 3)):
        per_topic, mean = gensim_coherence(topics, texts, measure, window_size=window)
        ours = fr.topics.coherence(topics, texts, measure=measure, window_size=window)
        np.testing.assert_allclose(ours["coherence"].to_numpy(), per_topic, rtol=0, atol=1e-6)
        assert ours.attrs["mean"] == pytest.approx(mean, abs=1e-6)


@pytest.mark.parametrize("engine", ["tomotopy", "sklearn"])
def test_coherence_of_fitted_topics_matches_gensim(dtm, cache_dir, engine):
    """Our coherence of a fitted model's top terms equals gensim's CoherenceModel on the same topics and texts."""
    pytest.importorskip("gensim")
    m = fr.fit_topics(dtm, k=4, engine=engine, cache_dir=cache_dir)
    topics = [g["term"].tolist() for _, g in fr.top_terms(m, n=10).groupby("topic")]
    for measure in ("u_mass", "c_npmi"):
        per_topic, mean = gensim_coherence(topics, dtm.texts, measure, topn=10)
        ours = fr.topics.coherence(m, dtm, measure=measure)
        np.testing.assert_allclose(ours["coherence"].to_numpy(), per_topic, rtol=0, atol=1e-6)
        assert ours.attrs["mean"] == pytest.approx(mean, abs=1e-6)


def test_coherence_of_model(model, dtm, toks):
    top = fr.top_terms(model, n=10)
    lists = [g["term"].tolist() for _, g in top.groupby("topic")]
    for measure in ("u_mass", "c_npmi"):
        a = fr.topics.coherence(model, toks, measure=measure)
        b = fr.topics.coherence(lists, dtm.texts, measure=measure)
        c = fr.topics.coherence(model, dtm, measure=measure)
        np.testing.assert_allclose(a["coherence"], b["coherence"])
        np.testing.assert_allclose(a["coherence"], c["coherence"])
        assert len(a) == model.k and np.isfinite(a.attrs["mean"])
    with pytest.raises(CorpusError, match="none of the terms"):
        fr.topics.coherence([["zzz_not_a_token"]], dtm.texts)


# --------------------------------------------------------------------------- #
# stability and select_k
# --------------------------------------------------------------------------- #
def test_stability_with_itself_is_one(model):
    st = fr.stability([model, model])
    assert list(st.columns) == ["model", "topic", "matched_topic", "similarity"]
    assert len(st) == model.k
    np.testing.assert_allclose(st["similarity"], 1.0, atol=1e-12)
    assert (st["matched_topic"].to_numpy() == st["topic"].to_numpy()).all()
    assert st.attrs["mean"] == pytest.approx(1.0)


def test_stability_recovers_permutation(model):
    perm = np.array([2, 0, 3, 1])
    shuffled = fr.topics.TopicModel(topic_term=model.topic_term[perm], doc_topic=model.doc_topic[:, perm],
                            dtm=model.dtm, method="lda", k=model.k, random_state=0)
    st = fr.stability([model, shuffled])
    # reference topic t sits at row argsort(perm)[t] of the shuffled model
    assert st["matched_topic"].tolist() == list(np.argsort(perm))
    np.testing.assert_allclose(st["similarity"], 1.0, atol=1e-12)
    with pytest.raises(CorpusError):
        fr.stability([model])


def test_stability_different_k(dtm, cache_dir, model):
    other = fr.fit_topics(dtm, k=3, random_state=1, cache_dir=cache_dir)
    st = fr.stability([model, other])
    assert len(st) == 4 and st["matched_topic"].isna().sum() == 1
    assert st.loc[st["matched_topic"].isna(), "similarity"].item() == 0.0
    assert ((st["similarity"] >= 0) & (st["similarity"] <= 1 + 1e-12)).all()


def test_stability_null_is_the_unmatched_pairs(dtm, cache_dir, model):
    other = fr.fit_topics(dtm, k=4, random_state=1, cache_dir=cache_dir)
    null = fr.topics.stability_null([model, other])
    matched = fr.stability([model, other])
    assert list(null.columns) == ["model", "topic", "other_topic", "similarity"]
    assert len(null) == 4 * 3  # k (k - 1) unmatched pairs
    paired = set(zip(matched["topic"], matched["matched_topic"].astype(int)))
    assert not paired & set(zip(null["topic"], null["other_topic"]))
    a = model.topic_term / np.linalg.norm(model.topic_term, axis=1, keepdims=True)
    b = other.topic_term / np.linalg.norm(other.topic_term, axis=1, keepdims=True)
    cos = a @ b.T
    np.testing.assert_allclose(null["similarity"], cos[null["topic"], null["other_topic"]])
    assert null.attrs["mean"] == pytest.approx((cos.sum() - cos[tuple(np.array(list(paired)).T)].sum()) / 12)
    assert null.attrs["max"] == pytest.approx(null["similarity"].max())
    with pytest.raises(CorpusError, match="at least two"):
        fr.topics.stability_null([model])


def test_select_k(dtm, tmp_path, monkeypatch):
    everything = fr.select_k(dtm, ks=[2, 3], seeds=[0, 1, 2], n_jobs=2, progress=False, cache_dir=tmp_path)
    assert list(everything.columns) == ["k", "seed", "coherence", "perplexity", "stability", "stability_null"]
    assert everything[["k", "seed"]].values.tolist() == [[k, s] for k in (1, 2, 3) for s in (0, 1, 2)]
    assert everything.attrs["engine"] == "tomotopy" and everything.attrs["n_fits"] == 6
    res = everything[everything["k"] > 1]
    assert np.isfinite(res[["coherence", "perplexity", "stability", "stability_null"]].to_numpy()).all()
    assert (res["perplexity"] > 1).all()
    assert ((res["stability"] > 0) & (res["stability"] <= 1 + 1e-12)).all()
    assert (res["stability_null"] < res["stability"]).all()
    assert res.attrs["n_train"] == 184 and res.attrs["n_test"] == 46

    # the coherence column is the mean coherence of each (train-split) fit's top terms
    train, test = _select._split_rows(dtm.n_rows, 0.2, 0)
    memo = _select._cached_sweep(True, tmp_path)
    full = tuple(sorted(_model._GIBBS_DEFAULTS.items()))
    first, second = _heldout.split_halves(dtm.matrix[test], 0)
    arrays = (_model._matrix_arrays(dtm.matrix[train]), _model._matrix_arrays(first), _model._matrix_arrays(second))
    args = (*arrays, 3, "lda", 1, full, "tomotopy")
    assert memo.check_call_in_cache(*args)
    tt = memo(*args)["topic_term"]
    lists = [list(dtm.vocabulary[np.argsort(-r, kind="stable")[:10]]) for r in tt]
    row = res[(res.k == 3) & (res.seed == 1)].iloc[0]
    assert row.coherence == pytest.approx(fr.topics.coherence(lists, dtm.texts).attrs["mean"])
    # the perplexity column completes the held-out halves: theta from the first half, second half scored
    model = fr.fit_topics(fr.topics.DocumentTermMatrix(dtm.matrix[train], dtm.vocabulary,
                                                       dtm.rows.iloc[train].reset_index(drop=True)),
                          k=3, random_state=1, cache=False)
    np.testing.assert_array_equal(model.topic_term, tt)  # the sweep's fit is fit_topics' fit on the training rows
    theta = _heldout.infer_gibbs(model.estimator, first)
    assert row.perplexity == pytest.approx(_heldout.perplexity(theta, tt, second), rel=1e-12)
    # stability of seed 1 = mean of its matched similarity to seeds 0 and 2
    fits = {s: memo(*arrays, 3, "lda", s, full, "tomotopy")["topic_term"] for s in (0, 1, 2)}
    expected = np.mean([_stability._match(fits[1], fits[o])[2].mean() for o in (0, 2)])
    assert row.stability == pytest.approx(expected)
    # its null: the mean cosine of the pairs scipy's assignment leaves unpaired (k(k-1) = 6 per seed pair)
    from scipy.optimize import linear_sum_assignment

    def unpaired_mean(a, b):
        cos = (a / np.linalg.norm(a, axis=1, keepdims=True)) @ (b / np.linalg.norm(b, axis=1, keepdims=True)).T
        r, c = linear_sum_assignment(cos, maximize=True)
        mask = np.ones(cos.shape, dtype=bool)
        mask[r, c] = False
        return cos[mask].mean()

    assert row.stability_null == pytest.approx(np.mean([unpaired_mean(fits[1], fits[o]) for o in (0, 2)]))

    # second run: every fit comes from the cache, none is re-executed
    import tomotopy

    def boom(*a, **kw):
        raise AssertionError("a cached sweep fit was re-executed")

    monkeypatch.setattr(tomotopy.LDAModel, "train", boom)
    again = fr.select_k(dtm, ks=[2, 3], seeds=[0, 1, 2], n_jobs=1, progress=False, cache_dir=tmp_path)
    pd.testing.assert_frame_equal(everything, again)


def test_select_k_stops_a_settled_k(dtm, tmp_path):
    """A k stops taking seeds once settled; the fits it did take are the same fits as in a full sweep."""
    kw = dict(ks=[2, 4], seeds=range(6), n_jobs=1, progress=False, cache_dir=tmp_path)
    full = fr.select_k(dtm, settle=None, **kw)
    assert full.attrs["seeds_run"] == {2: 6, 4: 6} and full.attrs["n_fits"] == 12
    loose = fr.select_k(dtm, settle=10.0, min_seeds=3, **kw)  # everything is settled after min_seeds
    assert loose.attrs["seeds_run"] == {2: 3, 4: 3}
    assert loose[["k", "seed"]].values.tolist() == [[k, s] for k in (1, 2, 4) for s in (0, 1, 2)]
    # two seeds never settle a k: a pair's two stabilities are equal, so their spread (0) says nothing
    assert fr.select_k(dtm, settle=10.0, min_seeds=2, **kw).attrs["seeds_run"] == {2: 3, 4: 3}
    assert not _select._settled([100.0, 100.0], [0.5, 0.5], 0.02)
    same = full.merge(loose, on=["k", "seed"], suffixes=("", "_loose"))
    np.testing.assert_array_equal(same["perplexity"], same["perplexity_loose"])
    np.testing.assert_array_equal(same["coherence"], same["coherence_loose"])
    # the rule itself: standard errors of the means within settle (perplexity relative, stability absolute)
    default = fr.select_k(dtm, **kw)
    # which seeds a k gets never depends on the workers: two at once (fits finishing in any order) give the same
    parallel = fr.select_k(dtm, **{**kw, "n_jobs": 2, "cache": False})
    pd.testing.assert_frame_equal(default, parallel)
    assert parallel.attrs == default.attrs
    for k, n in default.attrs["seeds_run"].items():
        rows = full[full["k"] == k].head(n)
        p = rows["perplexity"].to_numpy()
        s = default.loc[default["k"] == k, "stability"].to_numpy()
        settled = (p.std(ddof=1) / np.sqrt(n) <= 0.02 * p.mean()) and (s.std(ddof=1) / np.sqrt(n) <= 0.02)
        assert settled or n == 6
        if n > 3:  # one seed fewer was not settled
            assert not _select._settled(list(p[:-1]), list(
                fr.select_k(dtm, ks=[k], seeds=range(n - 1), settle=None, n_jobs=1, progress=False,
                            cache_dir=tmp_path, one_topic=False)["stability"]), 0.02)
    assert _select._settled([100.0, 100.0, 100.0], [0.5, 0.5, 0.5], 0.02)
    assert not _select._settled([100.0, 120.0, 80.0], [0.5, 0.5, 0.5], 0.02)   # SE 11.5 > 2
    assert not _select._settled([100.0, 100.0, 100.0], [0.4, 0.5, 0.6], 0.02)  # SE 0.058 > 0.02
    with pytest.raises(CorpusError, match="settle"):
        fr.select_k(dtm, ks=[2], seeds=[0], settle=0, progress=False, cache=False)


def test_select_k_one_topic_row_is_the_unigram_baseline(dtm, tmp_path):
    for engine, eta in (("tomotopy", 0.01), ("sklearn", 1.0)):
        res = fr.select_k(dtm, ks=[2], seeds=[0, 1], n_jobs=1, progress=False, cache_dir=tmp_path, engine=engine)
        one = res[res["k"] == 1]
        assert len(one) == 2 and one["coherence"].isna().all() and one["stability"].isna().all()
        assert one["perplexity"].nunique() == 1
        train, test = _select._split_rows(dtm.n_rows, 0.2, 0)  # the same split as the other rows
        X = dtm.matrix.tocsr()
        _, second = _heldout.split_halves(X[test], 0)           # ... and the same scored halves
        n = np.asarray(X[train].sum(axis=0)).ravel().astype(float)   # training counts
        m = np.asarray(second.sum(axis=0)).ravel().astype(float)     # counts of the scored halves
        V = len(n)
        # by hand: one topic, p(w) = (n_w + eta) / (N + V eta), every scored token
        p = (n + eta) / (n.sum() + V * eta)
        by_hand = np.exp(-(m * np.log(p)).sum() / m.sum())
        assert one["perplexity"].iloc[0] == pytest.approx(by_hand, rel=1e-12)
        assert res.attrs["unigram_perplexity"] == pytest.approx(by_hand, rel=1e-12)
        assert res.attrs["unigram_eta"] == eta
    off = fr.select_k(dtm, ks=[2], seeds=[0], n_jobs=1, progress=False, cache_dir=tmp_path, one_topic=False)
    assert (off["k"] == 2).all() and "unigram_perplexity" not in off.attrs


# --------------------------------------------------------------------------- #
# held-out evaluation by document completion
# --------------------------------------------------------------------------- #
def test_completion_log_likelihood_by_hand():
    theta = np.array([[0.5, 0.5], [0.9, 0.1]])
    phi = np.array([[0.5, 0.25, 0.25], [0.1, 0.1, 0.8]])
    second = sp.csr_matrix(np.array([[1, 0, 2], [0, 3, 0]]))
    # doc 0: p(w0) = .5*.5 + .5*.1 = .30, p(w2) = .5*.25 + .5*.8 = .525 (twice); doc 1: p(w1) = .9*.25 + .1*.1 = .235
    expected = [np.log(0.30) + 2 * np.log(0.525), 3 * np.log(0.235)]
    np.testing.assert_allclose(_heldout.completion_log_likelihood(theta, phi, second), expected, rtol=1e-14)
    assert _heldout.perplexity(theta, phi, second) == pytest.approx(np.exp(-sum(expected) / 6), rel=1e-14)
    assert np.isnan(_heldout.perplexity(theta, phi, sp.csr_matrix((2, 3))))


def test_split_halves():
    X = sp.csr_matrix(np.array([[3, 0, 2, 1], [0, 1, 0, 0], [5, 5, 0, 1]]))
    first, second = _heldout.split_halves(X, 0)
    np.testing.assert_array_equal((first + second).toarray(), X.toarray())
    np.testing.assert_array_equal(np.asarray(first.sum(axis=1)).ravel(), [3, 0, 5])   # floor(n / 2)
    again = _heldout.split_halves(X, 0)[0]
    np.testing.assert_array_equal(first.toarray(), again.toarray())
    draws = {tuple(_heldout.split_halves(X, seed)[0].toarray().ravel()) for seed in range(20)}
    assert len(draws) > 1  # the seed chooses which tokens


def test_inferred_theta_follows_the_first_half(planted):
    """Given the planted topics, a half made of one topic's own words is inferred as that topic."""
    dtm, phi = planted
    m = fr.fit_topics(dtm, k=4, cache=False)
    own = phi.argmax(axis=0)  # the topic each word belongs to (shared words: their first topic)
    first = sp.csr_matrix(np.vstack([np.where((own == t) & (phi[t] > 0.01), 2, 0) for t in range(4)]))
    topic_of = [int(np.argmax(m.topic_term[:, own == t].sum(axis=1))) for t in range(4)]
    for engine, theta in (("tomotopy", _heldout.infer_gibbs(m.estimator, first)),):
        assert [int(i) for i in theta.argmax(axis=1)] == topic_of, engine
        assert theta.max(axis=1).min() > 0.8
    sk = fr.fit_topics(dtm, k=4, engine="sklearn", cache=False)
    theta = _heldout.infer_variational(sk.estimator, first)
    assert [int(i) for i in theta.argmax(axis=1)] == [int(np.argmax(sk.topic_term[:, own == t].sum(axis=1)))
                                                       for t in range(4)]


def test_select_k_nmf_and_errors(dtm):
    res = fr.select_k(dtm, ks=[2], seeds=[0, 1], method="nmf", n_jobs=1, progress=False,
                      cache=False, measure="u_mass")
    assert res["perplexity"].isna().all() and (res["k"] == 2).all()  # no one-topic row without perplexity
    assert np.isfinite(res["coherence"]).all() and np.isfinite(res["stability"]).all()
    with pytest.raises(CorpusError, match="k="):
        fr.select_k(dtm, ks=[1, 2], seeds=[0], progress=False, cache=False)
    with pytest.raises(CorpusError, match="k="):
        fr.select_k(dtm, ks=[dtm.n_rows], seeds=[0], progress=False, cache=False)


def test_topic_similarity_recovers_permutation(model):
    perm = np.array([2, 0, 3, 1])
    shuffled = fr.topics.TopicModel(topic_term=model.topic_term[perm], doc_topic=model.doc_topic[:, perm], dtm=model.dtm,
                            method="lda", k=4, random_state=0)
    sim = fr.topics.topic_similarity(model, shuffled)
    assert list(sim.columns) == ["topic_a", "topic_b", "similarity", "matched"]
    assert len(sim) == 16 and sim["matched"].sum() == 4
    pairs = sim[sim["matched"]]
    # topic t of the original is row argwhere(perm == t) of the shuffled model
    assert dict(zip(pairs["topic_a"], pairs["topic_b"])) == {t: int(np.argwhere(perm == t)[0, 0]) for t in range(4)}
    np.testing.assert_allclose(pairs["similarity"], 1.0)
    assert sim.attrs["mean_matched"] == pytest.approx(1.0)
    # the full matrix is the cosine of topic_term rows
    a = model.topic_term / np.linalg.norm(model.topic_term, axis=1, keepdims=True)
    b = shuffled.topic_term / np.linalg.norm(shuffled.topic_term, axis=1, keepdims=True)
    np.testing.assert_allclose(sim["similarity"].to_numpy(), (a @ b.T).ravel())


def test_topic_similarity_different_k_and_vocabulary(dtm, cache_dir, model, toks):
    other_dtm = fr.document_term_matrix(toks[toks["doc_id"] != "doc-a"])
    other = fr.fit_topics(other_dtm, k=3, random_state=1, cache_dir=cache_dir)
    sim = fr.topics.topic_similarity(model, other)
    assert len(sim) == 12 and sim["matched"].sum() == 3
    assert sim.groupby("topic_a")["matched"].sum().max() == 1
    assert ((sim["similarity"] >= 0) & (sim["similarity"] <= 1 + 1e-12)).all()
    # agrees with stability() on the matched pairs
    st = fr.stability([model, other])
    got = sim[sim["matched"]].set_index("topic_a")["similarity"]
    want = st.dropna(subset=["matched_topic"]).set_index("topic")["similarity"]
    pd.testing.assert_series_equal(got.sort_index(), want.sort_index(), check_names=False)
    with pytest.raises(CorpusError, match="TopicModel"):
        fr.topics.topic_similarity(model, model.topic_term)


def test_typical_paragraphs(model):
    out = fr.topics.typical_paragraphs(model, n=3)
    assert list(out.columns[:2]) == ["topic", "rank"]
    assert {"para_id", "doc_id", "framing", "share", "n_terms"} <= set(out.columns)
    assert len(out) == 12 and out.groupby("topic")["rank"].apply(list).tolist() == [[1, 2, 3]] * 4
    theta = model.doc_topic
    for t in range(4):
        shares = out.loc[out["topic"] == t, "share"].to_numpy()
        np.testing.assert_allclose(shares, np.sort(theta[:, t])[::-1][:3])
        assert np.all(np.diff(shares) <= 0)
    # min_terms skips short rows
    n_terms = np.asarray(model.dtm.matrix.sum(axis=1)).ravel()
    threshold = int(np.median(n_terms))
    long_only = fr.topics.typical_paragraphs(model, n=5, min_terms=threshold)
    assert (long_only["n_terms"] >= threshold).all()
    # text joined from the paragraph frame
    paras = model.dtm.rows[["doc_id", "para_id"]].astype(str).assign(text=lambda d: "text of " + d["para_id"])
    with_text = fr.topics.typical_paragraphs(model, n=2, paras=paras)
    assert (with_text["text"] == "text of " + with_text["para_id"].astype(str)).all()
    with pytest.raises(CorpusError, match="n="):
        fr.topics.typical_paragraphs(model, n=0)
    with pytest.raises(CorpusError, match="text"):
        fr.topics.typical_paragraphs(model, paras=paras.drop(columns="text"))


@pytest.mark.parametrize("cells", [1, 50, 200])
def test_npmi_counts_built_in_blocks_of_texts_equal_one_block(cells, monkeypatch):
    """The sliding-window presence is built a block of whole texts at a time (memory at 24,000 paragraphs); the
    counts must equal those of the whole matrix exactly, with texts shorter than the window, empty texts and
    blocks of one text (cells=1), and still match gensim."""
    from framings.topics import _coherence

    rng = np.random.default_rng(11)
    words = [f"w{i}" for i in range(8)]
    texts = [list(rng.choice(words, size=int(rng.integers(0, 25)))) for _ in range(30)] + [[]]
    terms = sorted({w for t in texts for w in t})[:6]
    whole = _coherence._Cooccurrence(texts, terms, "c_npmi", 4)
    monkeypatch.setattr(_coherence, "_PRESENCE_CELLS", cells)
    blocked = _coherence._Cooccurrence(texts, terms, "c_npmi", 4)
    assert blocked.num_docs == whole.num_docs
    assert np.array_equal(blocked.count, whole.count) and np.array_equal(blocked.co, whole.co)
    assert whole.co.sum() > 0
    if importlib.util.find_spec("gensim"):
        topics = [terms[:4], terms[2:]]
        per_topic, _ = gensim_coherence(topics, texts, "c_npmi", window_size=4)
        ours = fr.topics.coherence(topics, texts, measure="c_npmi", window_size=4)
        np.testing.assert_allclose(ours["coherence"].to_numpy(), per_topic, rtol=0, atol=1e-6)


def test_a_cached_tomotopy_fit_reads_its_model_only_when_asked(dtm, tmp_path, monkeypatch):
    import pickle

    import tomotopy

    eager = fr.fit_topics(dtm, k=3, random_state=5, cache=False)
    loads = []
    real_loads = tomotopy.LDAModel.loads
    monkeypatch.setattr(tomotopy.LDAModel, "loads", lambda data: loads.append(len(data)) or real_loads(data))
    for _ in range(2):  # the fit that fills the cache, then one read from it
        model = fr.fit_topics(dtm, k=3, random_state=5, cache_dir=tmp_path)
        assert loads == [] and model.__dict__["_estimator"] is None
        assert pickle.loads(pickle.dumps(model)).__dict__["_estimator"] is None  # a lazy model pickles (a loaded one cannot)
    np.testing.assert_array_equal(model.topic_term, eager.topic_term)
    np.testing.assert_array_equal(model.doc_topic, eager.doc_topic)

    def boom(*a, **kw):
        raise AssertionError("asking for the model re-ran the fit")

    monkeypatch.setattr(tomotopy.LDAModel, "train", boom)
    estimator = model.estimator
    assert len(loads) == 1 and model.estimator is estimator and len(loads) == 1  # read once, then kept
    assert isinstance(estimator, tomotopy.LDAModel)
    np.testing.assert_array_equal(np.asarray(estimator.alpha), np.asarray(eager.estimator.alpha))
    assert [list(doc.topics) for doc in estimator.docs] == [list(doc.topics) for doc in eager.estimator.docs]
    assert estimator.ll_per_word == eager.estimator.ll_per_word
    pd.testing.assert_frame_equal(fr.topics.topic_draws(model, n_draws=3), fr.topics.topic_draws(eager, n_draws=3),
                                  check_exact=True)
    # a model given at construction is kept as given
    assert fr.topics.TopicModel(model.topic_term, model.doc_topic, dtm, "lda", 3, 5, estimator=eager.estimator
                                ).estimator is eager.estimator
