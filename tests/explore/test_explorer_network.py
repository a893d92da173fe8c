"""The explorer's Frames tab: the topic network it embeds is fr.topic_network and fr.frame_communities of the
explorer's own topic model, read back from the page."""
import base64
import gzip
import html as htmllib
import json
import re

import networkx as nx
import numpy as np
import pytest

import framings as fr

pytest.importorskip("bokeh", reason="the explorer needs Bokeh: pip install -e '.[explore]'")


def _decode(value):
    if isinstance(value, dict) and value.get("type") == "ndarray":
        raw = base64.b64decode(value["array"]["data"])
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        return np.frombuffer(raw, dtype=np.dtype(value["dtype"]).newbyteorder("<"))
    return value


def _sources(page: str) -> dict:
    (found,) = re.findall(r'<script type="application/json" id="[^"]+">\s*(.*?)\s*</script>', page, re.DOTALL)
    document = next(iter(json.loads(htmllib.unescape(found)).values()))
    out = {}

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and node.get("name") == "ColumnDataSource":
                name = node["attributes"].get("name")
                if name:
                    out[name] = {k: _decode(v) for k, v in node["attributes"]["data"]["entries"]}
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(document)
    return out


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
    sources = _sources(page.html)
    nodes, edges = page.tables["network_nodes"], page.tables["network_edges"]
    drawn = sources["network_nodes"]
    np.testing.assert_allclose(np.asarray(drawn["prevalence"], dtype=float), nodes["prevalence"])
    assert list(drawn["community"]) == nodes["community"].tolist()
    assert list(drawn["top"]) == nodes["top_terms"].tolist()
    np.testing.assert_allclose(np.asarray(sources["network_edges"]["weight"], dtype=float), edges["weight"])
    (found,) = re.findall(r'<script type="application/json" id="[^"]+">\s*(.*?)\s*</script>', page.html, re.DOTALL)
    assert re.search(r'"name":\s*"TabPanel",\s*"id":\s*"[^"]+",\s*"attributes":\s*\{\s*"title":\s*"Frames"',
                     htmllib.unescape(found))
    assert "communities of topics (ANTMN)" in page.html
