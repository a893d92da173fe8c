"""The explorer's Frames tab: the topic network it embeds is fr.topic_network and fr.frame_communities of the
explorer's own topic model, read back from the page."""
import html as htmllib
import re

import networkx as nx
import numpy as np
import pytest

import framings as fr

pytest.importorskip("bokeh", reason="the explorer needs Bokeh: pip install -e '.[explore]'")

from test_explorer import _document, _models, _source  # noqa: E402  (the page's Bokeh JSON, read back once)


@pytest.fixture(scope="module")
def page(paras):
    return fr.explorer(paras, n_boot=50, random_state=3, k=4)


def test_the_embedded_network_is_the_library_s(page, paras):
    toks = fr.tokens(paras.assign(framing=paras["framing"].astype(str)))
    model = fr.fit_topics(fr.document_term_matrix(toks), k=4, random_state=3)
    network = fr.topic_network(model)
    communities = fr.frame_communities(network, random_state=3)
    nodes = page.tables["network_nodes"]
    assert nodes["label"].tolist() == communities["label"].tolist()
    assert nodes["community"].tolist() == communities["community"].tolist()
    np.testing.assert_allclose(nodes["prevalence"], communities["prevalence"])
    edges = page.tables["network_edges"]
    np.testing.assert_allclose(edges["weight"], network.edges["weight"])
    params = page.tables["params"].iloc[0]
    assert params["network_communities"] == communities.attrs["n_communities"]
    layout = nx.spring_layout(network.graph(), weight="weight", seed=3)
    np.testing.assert_allclose(nodes[["x", "y"]].to_numpy(), np.array([layout[label] for label in nodes["label"]]))


def test_the_page_draws_the_tables_it_embeds(page):
    models = _models(_document(page.html))
    nodes, edges = page.tables["network_nodes"], page.tables["network_edges"]
    drawn = _source(models, "network_nodes")
    np.testing.assert_allclose(np.asarray(drawn["prevalence"], dtype=float), nodes["prevalence"])
    assert list(drawn["community"]) == nodes["community"].tolist()
    assert list(drawn["top"]) == nodes["top_terms"].tolist()
    np.testing.assert_allclose(np.asarray(_source(models, "network_edges")["weight"], dtype=float), edges["weight"])
    (found,) = re.findall(r'<script type="application/json" id="[^"]+">\s*(.*?)\s*</script>', page.html, re.DOTALL)
    assert re.search(r'"name":\s*"TabPanel",\s*"id":\s*"[^"]+",\s*"attributes":\s*\{\s*"title":\s*"Frames"',
                     htmllib.unescape(found))
    assert "communities of topics (ANTMN)" in page.html
