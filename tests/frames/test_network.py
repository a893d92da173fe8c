"""Topic networks and frame communities (ANTMN): reference checks against networkx, scikit-learn and hand
computations, and the known answer of planted topic groups."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics.pairwise import cosine_similarity

import framings as fr
from framings.errors import CorpusError
from framings.frames import (
    community_agreement,
    community_prevalence,
    community_sweep,
    disparity_alpha,
)
from framings.simulate import planted_topic_of, topic_group_tokens


def _shares(seed=0, n_docs=30, k=6):
    rng = np.random.default_rng(seed)
    theta = rng.dirichlet(np.full(k, 0.3), size=n_docs)
    frame = pd.DataFrame(theta, columns=[f"t{i}" for i in range(k)])
    frame.insert(0, "doc_id", [f"d{i:02d}" for i in range(n_docs)])
    frame.insert(1, "framing", ["x" if i % 2 else "y" for i in range(n_docs)])
    return frame


def test_edge_weights_are_the_cosine_of_the_document_topic_columns():
    shares = _shares()
    net = fr.topic_network(shares)
    expected = cosine_similarity(shares.filter(like="t").to_numpy().T)  # scikit-learn, topics as rows
    names = list(shares.filter(like="t").columns)
    for row in net.edges.itertuples():
        assert row.weight == pytest.approx(expected[names.index(row.source), names.index(row.target)], abs=1e-12)
    assert len(net.edges) == len(names) * (len(names) - 1) // 2
    assert net.nodes["prevalence"].to_numpy() == pytest.approx(shares[names].mean().to_numpy())


def test_disparity_alpha_on_a_hand_computed_graph():
    # star-ish graph: node 0 has edges 0-1 (w=6), 0-2 (w=3), 0-3 (w=1); node 1 also has 1-2 (w=2)
    w = np.zeros((4, 4))
    for a, b, weight in [(0, 1, 6), (0, 2, 3), (0, 3, 1), (1, 2, 2)]:
        w[a, b] = w[b, a] = weight
    alpha = disparity_alpha(w)
    # node 0: s = 10, k = 3 -> (1 - w/10)^2
    assert alpha[0, 1] == pytest.approx(0.4 ** 2)
    assert alpha[0, 2] == pytest.approx(0.7 ** 2)
    assert alpha[0, 3] == pytest.approx(0.9 ** 2)
    # node 1: s = 8, k = 2 -> (1 - w/8)^1
    assert alpha[1, 0] == pytest.approx(2 / 8)
    assert alpha[1, 2] == pytest.approx(6 / 8)
    # node 3 has degree 1: (…)^0 = 1
    assert alpha[3, 0] == pytest.approx(1.0)
    assert np.isnan(alpha[1, 3])


def test_backbone_keeps_an_edge_significant_from_either_end():
    shares = _shares(seed=3, n_docs=60, k=8)
    smallest = fr.topic_network(shares).edges[["alpha_source", "alpha_target"]].min(axis=1)
    level = float(smallest.median())  # a level that keeps some edges and drops others
    net = fr.topic_network(shares, backbone_alpha=level)
    expected = smallest < level
    assert net.edges["backbone"].tolist() == expected.tolist()
    assert 0 < net.edges["backbone"].sum() < len(net.edges)
    assert net.graph().number_of_edges() == int(net.edges["backbone"].sum())
    assert net.graph(backbone=False).number_of_edges() == len(net.edges)


def test_communities_equal_networkx_louvain_on_the_same_weighted_graph_and_seed():
    shares = _shares(seed=5, n_docs=80, k=10)
    names = [c for c in shares.columns if c.startswith("t")]
    cosine = cosine_similarity(shares[names].to_numpy().T)
    graph = nx.Graph()
    graph.add_nodes_from(names)
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            graph.add_edge(names[i], names[j], weight=cosine[i, j])
    for seed in (0, 1, 7):
        for resolution in (0.8, 1.0, 1.3):
            reference = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
            ours = fr.frame_communities(fr.topic_network(shares), resolution=resolution, random_state=seed)
            found = {frozenset(group["label"]) for _, group in ours.groupby("community")}
            assert found == {frozenset(c) for c in reference}
            assert ours.attrs["modularity"] == pytest.approx(
                nx.community.modularity(graph, reference, weight="weight", resolution=resolution))


def test_drop_removes_junk_topics_by_name_and_says_which_names_exist():
    shares = _shares()
    net = fr.topic_network(shares, drop=["t0", "t3"])
    assert net.labels == ["t1", "t2", "t4", "t5"]
    assert net.dropped == ("t0", "t3")
    assert not set(net.edges[["source", "target"]].to_numpy().ravel()) & {"t0", "t3"}
    with pytest.raises(CorpusError, match="names no topic"):
        fr.topic_network(shares, drop=["economy"])
    with pytest.raises(CorpusError, match="at least two|need two"):
        fr.topic_network(shares[["doc_id", "t0", "t1"]], drop=["t0"])


def test_a_fitted_model_gives_nodes_with_terms_and_the_tidy_table_gives_the_same_edges(tmp_path):
    toks = topic_group_tokens(30, random_state=2)
    dtm = fr.document_term_matrix(toks, by="doc_id")
    model = fr.fit_topics(dtm, k=6, random_state=0, cache=False)
    from_model = fr.topic_network(model)
    from_table = fr.topic_network(fr.doc_topics(model), labels=[f"topic {t}" for t in range(6)])
    assert from_model.edges[["source", "target"]].equals(from_table.edges[["source", "target"]])
    assert from_model.edges["weight"].to_numpy() == pytest.approx(from_table.edges["weight"].to_numpy())
    assert from_model.nodes["top_terms"].str.count(",").eq(7).all()
    assert from_model.nodes["prevalence"].sum() == pytest.approx(1.0)


def test_graphml_round_trips_through_networkx(tmp_path):
    shares = _shares()
    net = fr.topic_network(shares)
    communities = fr.frame_communities(net)
    path = fr.frames.write_graphml(net, tmp_path / "topics.graphml", communities=communities)
    graph = nx.read_graphml(path)
    assert sorted(graph.nodes) == sorted(net.labels)
    assert graph.number_of_edges() == len(net.edges)
    for row in communities.itertuples():
        assert graph.nodes[row.label]["community"] == row.community
    edge = net.edges.iloc[0]
    assert graph.edges[edge["source"], edge["target"]]["weight"] == pytest.approx(edge["weight"])


def test_community_prevalence_is_a_mean_over_documents_with_a_document_bootstrap():
    shares = _shares(seed=1, n_docs=40)
    # two paragraphs per document: the document's share is the mean of its paragraphs'
    paragraphs = pd.concat([shares, shares.assign(**{c: shares[c][::-1].to_numpy() for c in shares.filter(like="t")})])
    net = fr.topic_network(paragraphs)
    communities = fr.frame_communities(net)
    table = community_prevalence(net, communities, n_boot=500, random_state=0)
    members = communities.groupby("community")["label"].apply(list)
    for row in table.itertuples():
        per_doc = paragraphs.assign(s=paragraphs[members[row.community]].sum(axis=1)).groupby(
            ["doc_id", "framing"])["s"].mean().reset_index()
        in_group = per_doc.loc[per_doc["framing"] == row.group, "s"]
        assert row.mean_share == pytest.approx(in_group.mean())
        assert row.n_documents == len(in_group) == 20
        assert row.ci_low <= row.mean_share <= row.ci_high
    # the interval's width is that of the mean of 20 documents: about 2 × 1.96 × sd / sqrt(20)
    first = table.iloc[0]
    per_doc = paragraphs.assign(s=paragraphs[members[first.community]].sum(axis=1)).groupby(
        ["doc_id", "framing"])["s"].mean().reset_index()
    sd = per_doc.loc[per_doc["framing"] == first.group, "s"].std(ddof=0)
    assert first.ci_high - first.ci_low == pytest.approx(2 * 1.96 * sd / np.sqrt(20), rel=0.25)


def test_one_document_per_group_has_no_interval():
    shares = _shares(n_docs=4).assign(framing=["a", "b", "c", "c"])
    net = fr.topic_network(shares)
    table = community_prevalence(net, fr.frame_communities(net), n_boot=100)
    single = table[table["group"].isin(["a", "b"])]
    assert single["ci_low"].isna().all() and single["n_documents"].eq(1).all()


def test_sweep_measures_stability_across_seeds_as_scikit_learn_does():
    shares = _shares(seed=9, n_docs=50, k=12)
    net = fr.topic_network(shares)
    sweep = community_sweep(net, resolutions=[1.0], random_states=[0, 1, 2])
    partitions = [fr.frame_communities(net, random_state=s).set_index("label").loc[net.labels, "community"]
                  for s in (0, 1, 2)]
    pairs = [adjusted_rand_score(partitions[a], partitions[b]) for a, b in [(0, 1), (0, 2), (1, 2)]]
    assert sweep.loc[0, "adjusted_rand_mean"] == pytest.approx(np.mean(pairs))
    assert sweep.loc[0, "adjusted_rand_min"] == pytest.approx(min(pairs))
    with pytest.raises(CorpusError, match="at least two"):
        community_sweep(net, random_states=[0])


def _recovery(seed, in_group):
    toks = topic_group_tokens(200, in_group=in_group, random_state=seed)
    model = fr.fit_topics(fr.document_term_matrix(toks, by="doc_id"), k=9, random_state=seed, cache=False)
    communities = fr.frame_communities(fr.topic_network(model), random_state=seed)
    planted = planted_topic_of(model.topic_term, model.dtm.vocabulary, toks.attrs["topic_words"])
    truth = np.asarray(toks.attrs["topic_group"])[planted]
    return adjusted_rand_score(truth, communities["community"]), truth, communities["community"].to_numpy()


def test_known_answer_planted_topic_groups_are_recovered_far_above_chance():
    rng = np.random.default_rng(0)
    for seed in range(3):
        observed, truth, found = _recovery(seed, in_group=0.9)
        # chance: the same partition sizes with the labels shuffled
        chance = [adjusted_rand_score(truth, rng.permutation(found)) for _ in range(999)]
        assert observed >= 0.8, (seed, observed)
        assert observed > np.quantile(chance, 0.99)


def test_known_answer_without_groups_finds_none():
    # in_group = 3/9: a document's own group gets the share it would get anyway; no topic travels with another
    observed = [_recovery(seed, in_group=1 / 3)[0] for seed in range(3)]
    assert np.mean(observed) < 0.3, observed


def test_agreement_across_topic_model_runs():
    toks = topic_group_tokens(200, random_state=4)
    dtm = fr.document_term_matrix(toks, by="doc_id")
    runs = [fr.topic_network(fr.fit_topics(dtm, k=9, random_state=seed, cache=False)) for seed in (0, 1, 2)]
    table = community_agreement(runs)
    assert len(table) == 3 and table["n_units"].eq(200).all()
    assert table["adjusted_rand"].min() > 0.8
    assert table[["communities_a", "communities_b"]].min().min() >= 2  # not the vacuous agreement of one community
    other_units = fr.topic_network(fr.fit_topics(fr.document_term_matrix(toks.query("doc_id != 'doc-001'"),
                                                                          by="doc_id"), k=9, cache=False))
    with pytest.raises(CorpusError, match="units differ"):
        community_agreement([runs[0], other_units])


def test_wrong_input_is_named():
    with pytest.raises(CorpusError, match="TopicModel"):
        fr.topic_network([[0.1, 0.9]])
    with pytest.raises(CorpusError, match="backbone_alpha"):
        fr.topic_network(_shares(), backbone_alpha=2)
    with pytest.raises(CorpusError, match="fr.topic_network"):
        fr.frame_communities(_shares())
