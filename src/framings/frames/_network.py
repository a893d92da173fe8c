"""Frames as communities of topics (ANTMN; Walter & Ophir 2019): a network of topics weighted by how they share
documents, its disparity-filter backbone, Louvain communities, their stability, and their prevalence by label."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

from .._check import require_columns
from .._io import atomic_path
from ..errors import CorpusError
from ..topics import TopicModel, doc_topics, top_terms

NODE_COLUMNS = ["topic", "label", "prevalence", "top_terms", "frex_terms"]
EDGE_COLUMNS = ["source", "target", "weight", "alpha_source", "alpha_target", "backbone"]
COMMUNITY_COLUMNS = ["topic", "label", "community", "prevalence"]
SWEEP_COLUMNS = ["resolution", "n_communities", "modularity", "adjusted_rand_mean", "adjusted_rand_min", "n_seeds"]
AGREEMENT_COLUMNS = ["run_a", "run_b", "adjusted_rand", "communities_a", "communities_b", "n_units"]
COMMUNITY_PREVALENCE_COLUMNS = ["community", "group", "mean_share", "ci_low", "ci_high", "n_documents"]

# the unit columns a document-topic table may carry beside the topic columns
_UNIT_COLUMNS = ("para_id", "doc_id", "framing")


@dataclass(repr=False)
class TopicNetwork:
    """A network of topics: nodes, weighted edges and the document-topic shares they were computed from.

    Attributes
    ----------
    nodes : pandas.DataFrame
        ``topic, label, prevalence, top_terms, frex_terms`` (one row per kept topic).
    edges : pandas.DataFrame
        ``source, target, weight, alpha_source, alpha_target, backbone``: every pair of kept topics with a
        positive cosine, its disparity-filter α seen from each end and whether it is in the backbone.
    shares : pandas.DataFrame
        The units' topic shares: the unit columns (``para_id, doc_id, framing`` where present) and one column per
        kept topic (named by its label).
    backbone_alpha : float or None
        The significance level of the backbone; None: every edge is kept.
    dropped : tuple
        Labels of the topics removed by name.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    shares: pd.DataFrame
    backbone_alpha: float | None = None
    dropped: tuple = ()

    @property
    def labels(self) -> list:
        return list(self.nodes["label"])

    def graph(self, backbone: bool = True):
        """The networkx graph: node attributes from ``nodes``, edge ``weight``; only backbone edges by default."""
        import networkx as nx  # heavy (networkx): imported on first use

        graph = nx.Graph()
        for row in self.nodes.itertuples(index=False):
            graph.add_node(row.label, topic=str(row.topic), prevalence=float(row.prevalence),
                           top_terms=row.top_terms, frex_terms=row.frex_terms)
        edges = self.edges[self.edges["backbone"]] if backbone else self.edges
        graph.add_weighted_edges_from(edges[["source", "target", "weight"]].itertuples(index=False, name=None))
        return graph

    def __repr__(self) -> str:
        kept = int(self.edges["backbone"].sum())
        return (f"TopicNetwork({len(self.nodes)} topics, {len(self.edges)} edges, {kept} in the backbone, "
                f"{len(self.shares)} units)")


def _cosine_columns(theta: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(theta, axis=0)
    norms[norms == 0] = 1.0
    unit = theta / norms
    return unit.T @ unit


def disparity_alpha(weights: np.ndarray) -> np.ndarray:
    """α of every edge seen from its row node (Serrano, Boguñá & Vespignani 2009, PNAS 106(16), eq. 2).

    ``α_ij = (1 − w_ij / s_i)^(k_i − 1)`` with ``s_i`` the strength (sum of weights) and ``k_i`` the degree
    (number of positive weights) of node ``i``: the probability that a node whose strength were spread uniformly
    at random over its ``k_i`` edges gives edge ``ij`` a share at least as large. A node of degree 1 gives its one
    edge α = 1 (the formula's ``(…)^0``): it cannot single out an edge.

    Parameters
    ----------
    weights : numpy.ndarray
        Symmetric ``n × n`` non-negative weights, zero diagonal.

    Returns
    -------
    numpy.ndarray
        ``n × n``; entry ``[i, j]`` is α_ij seen from ``i`` (NaN where there is no edge).

    Raises
    ------
    CorpusError
        For a matrix that is not square or has negative weights.

    Examples
    --------
    >>> import numpy as np
    >>> w = np.array([[0, 3, 1], [3, 0, 0], [1, 0, 0]], dtype=float)
    >>> float(disparity_alpha(w)[0, 1])   # node 0: strength 4, degree 2 -> (1 - 3/4)^1
    0.25
    """
    weights = np.asarray(weights, dtype=np.float64)
    if weights.ndim != 2 or weights.shape[0] != weights.shape[1]:
        raise CorpusError(f"disparity_alpha: weights of shape {weights.shape} are not a square matrix.")
    if (weights < 0).any():
        raise CorpusError("disparity_alpha: weights must be non-negative.")
    strength = weights.sum(axis=1, keepdims=True)
    degree = (weights > 0).sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = (1.0 - weights / strength) ** (degree - 1)
    return np.where(weights > 0, alpha, np.nan)


def _shares_table(model_or_shares) -> tuple[pd.DataFrame, list, TopicModel | None]:
    """(unit columns + one column per topic, topic ids, the model or None)."""
    if isinstance(model_or_shares, TopicModel):
        tidy = doc_topics(model_or_shares)
        units = [c for c in _UNIT_COLUMNS if c in tidy.columns]
        wide = tidy.pivot_table(index=units, columns="topic", values="share", observed=True, sort=False)
        wide = wide.reset_index()
        wide.columns = [c if isinstance(c, str) else int(c) for c in wide.columns]
        return wide, list(range(model_or_shares.k)), model_or_shares
    if not isinstance(model_or_shares, pd.DataFrame):
        raise CorpusError("topic_network: pass a TopicModel (fr.fit_topics) or a table of topic shares "
                          "(units in rows, one column per topic, e.g. doc_id, framing, 0, 1, 2 ...).")
    frame = model_or_shares.copy()
    if {"topic", "share"} <= set(frame.columns):  # the tidy table of fr.doc_topics
        units = [c for c in _UNIT_COLUMNS if c in frame.columns]
        frame = frame.pivot_table(index=units, columns="topic", values="share", observed=True, sort=False)
        frame = frame.reset_index()
    topics = [c for c in frame.columns if c not in _UNIT_COLUMNS]
    if len(topics) < 2:
        raise CorpusError(f"topic_network: found {len(topics)} topic column(s); a network needs at least two.")
    values = frame[topics]
    if not all(pd.api.types.is_numeric_dtype(values[c]) for c in topics):
        raise CorpusError("topic_network: every column other than para_id, doc_id, framing must hold topic shares "
                          "(numbers).")
    if (values.to_numpy() < 0).any() or values.isna().to_numpy().any():
        raise CorpusError("topic_network: topic shares must be non-negative numbers without gaps.")
    return frame, topics, None


def topic_network(model_or_shares: TopicModel | pd.DataFrame, *, labels: Sequence[str] | dict | None = None, drop: Iterable = (),
                  backbone_alpha: float | None = None, n_terms: int = 8) -> TopicNetwork:
    """The ANTMN network of topics: nodes are topics, edges the cosine of their document-topic columns.

    Walter & Ophir (2019, *Communication Methods and Measures* 13(4)) build an undirected network whose nodes are
    the topics of a topic model and whose edge weights are the cosine similarity between two topics' columns of
    the document-topic matrix θ (``cos(θ_·a, θ_·b)``): topics that appear in the same documents are linked
    strongly. Node size is the topic's prevalence (mean share over the units). Topics named in ``drop`` (junk
    topics: boilerplate, names, markup) are removed before the edges are computed; the shares of the remaining
    topics are not renormalised, as in the original script. With ``backbone_alpha`` an edge belongs to the
    backbone when it is significant at that level from either end under the disparity filter (Serrano, Boguñá &
    Vespignani 2009; :func:`disparity_alpha`); otherwise every edge does.

    Parameters
    ----------
    model_or_shares : TopicModel or pandas.DataFrame
        A fitted model (:func:`framings.fit_topics`; its units are its rows, paragraphs by default), the tidy
        table of :func:`framings.doc_topics`, or a wide table: unit columns (``para_id, doc_id, framing`` where
        present) and one column of shares per topic.
    labels : sequence or dict, optional
        A name per topic (in topic order, or a dict topic → name); default ``"topic 0"``, ``"topic 1"`` ...
        for a model, the column names for a table.
    drop : iterable, default ()
        Topics to remove, by label or topic id.
    backbone_alpha : float or None, default None
        Level of the disparity filter (0.05 is common); None keeps every edge.
    n_terms : int, default 8
        Top terms (by probability and by FREX) listed per node when a model is given.

    Returns
    -------
    TopicNetwork
        ``.nodes``, ``.edges``, ``.shares``; ``.graph()`` gives the networkx graph.

    Raises
    ------
    CorpusError
        Fewer than two topics (left), a label in ``drop`` that names no topic, or ``backbone_alpha`` outside (0, 1).

    Examples
    --------
    >>> import pandas as pd
    >>> shares = pd.DataFrame({"doc_id": ["a", "b", "c"], "econ": [.8, .7, .1], "trade": [.2, .3, .1],
    ...                        "war": [0, 0, .8]})
    >>> net = fr.topic_network(shares)
    >>> net.edges[["source", "target", "weight"]].round(3).values.tolist()
    [['econ', 'trade', 0.951], ['econ', 'war', 0.094], ['trade', 'war', 0.267]]
    """
    if backbone_alpha is not None and not 0 < backbone_alpha < 1:
        raise CorpusError(f"topic_network: backbone_alpha={backbone_alpha} must lie in (0, 1) or be None.")
    frame, topics, model = _shares_table(model_or_shares)
    if isinstance(labels, dict):
        names = [str(labels.get(t, t if model is None else f"topic {t}")) for t in topics]
    elif labels is not None:
        if len(labels) != len(topics):
            raise CorpusError(f"topic_network: {len(labels)} labels for {len(topics)} topics.")
        names = [str(name) for name in labels]
    else:
        names = [f"topic {t}" if model is not None else str(t) for t in topics]
    if len(set(names)) != len(names):
        raise CorpusError("topic_network: topic labels must be distinct.")
    drop = list(drop)
    by_name = dict(zip(names, topics))
    by_id = {t: name for t, name in zip(topics, names)}
    dropped = []
    for item in drop:
        if item in by_name:
            dropped.append(item)
        elif item in by_id:
            dropped.append(by_id[item])
        else:
            raise CorpusError(f"topic_network: drop={item!r} names no topic; topics are {', '.join(names)}.")
    keep = [i for i, name in enumerate(names) if name not in dropped]
    if len(keep) < 2:
        raise CorpusError(f"topic_network: {len(keep)} topic(s) left after dropping {dropped}; need two.")
    theta = frame[[topics[i] for i in keep]].to_numpy(dtype=np.float64)
    kept_names = [names[i] for i in keep]
    kept_ids = [topics[i] for i in keep]
    cosine = _cosine_columns(theta)
    np.fill_diagonal(cosine, 0.0)
    cosine = np.clip(cosine, 0.0, None)
    alpha = disparity_alpha(cosine)
    rows = []
    for i, j in combinations(range(len(keep)), 2):
        if cosine[i, j] > 0:
            in_backbone = (backbone_alpha is None
                           or bool(min(alpha[i, j], alpha[j, i]) < backbone_alpha))
            rows.append((kept_names[i], kept_names[j], float(cosine[i, j]), float(alpha[i, j]),
                         float(alpha[j, i]), in_backbone))
    edges = pd.DataFrame(rows, columns=EDGE_COLUMNS)
    prevalence = theta.mean(axis=0)
    top, frex = [""] * len(keep), [""] * len(keep)
    if model is not None:
        prob = top_terms(model, n=n_terms, rank="probability")
        frex_table = top_terms(model, n=n_terms, rank="frex")
        top = [", ".join(prob.loc[prob["topic"] == t, "term"]) for t in kept_ids]
        frex = [", ".join(frex_table.loc[frex_table["topic"] == t, "term"]) for t in kept_ids]
    nodes = pd.DataFrame({"topic": kept_ids, "label": kept_names, "prevalence": prevalence,
                          "top_terms": top, "frex_terms": frex}, columns=NODE_COLUMNS)
    units = [c for c in _UNIT_COLUMNS if c in frame.columns]
    shares = pd.concat([frame[units].reset_index(drop=True),
                        pd.DataFrame(theta, columns=kept_names)], axis=1)
    return TopicNetwork(nodes=nodes, edges=edges, shares=shares, backbone_alpha=backbone_alpha,
                        dropped=tuple(dropped))


def _check_network(network, what: str) -> TopicNetwork:
    if not isinstance(network, TopicNetwork):
        raise CorpusError(f"{what}: pass the network of fr.topic_network(), not {type(network).__name__}.")
    return network


def _louvain(network: TopicNetwork, resolution: float, random_state: int, backbone: bool = True) -> list:
    """Louvain communities (networkx), largest prevalence first, each a sorted list of labels."""
    import networkx as nx  # heavy (networkx): imported on first use

    graph = network.graph(backbone=backbone)
    found = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=random_state)
    prevalence = network.nodes.set_index("label")["prevalence"]
    found = [sorted(c, key=network.labels.index) for c in found]
    return sorted(found, key=lambda c: (-prevalence[c].sum(), network.labels.index(c[0])))


def frame_communities(network: TopicNetwork, *, resolution: float = 1.0, random_state: int = 0,
                      backbone: bool = True) -> pd.DataFrame:
    """Frames as communities of topics: Louvain community detection on the topic network (Walter & Ophir 2019).

    Louvain (Blondel, Guillaume, Lambiotte & Lefebvre 2008) as networkx implements it
    (``networkx.community.louvain_communities`` with ``weight="weight"``), on the backbone edges of the network.
    ``resolution`` is γ of the generalised modularity (Reichardt & Bornholdt 2006): above 1 favours more, smaller
    communities. Louvain is randomised; the result depends on ``random_state`` — check it with
    :func:`community_sweep` (across seeds and resolutions) and :func:`community_agreement` (across topic-model
    runs). Communities are numbered 1, 2, ... by decreasing total prevalence.

    Parameters
    ----------
    network : TopicNetwork
        From :func:`framings.topic_network`.
    resolution : float, default 1.0
        Resolution γ (> 0).
    random_state : int, default 0
        Seed of the Louvain run.
    backbone : bool, default True
        Use only the backbone edges (all edges when the network has no backbone level).

    Returns
    -------
    pandas.DataFrame
        ``topic, label, community, prevalence``, one row per topic; ``.attrs``: ``modularity`` (networkx's
        ``modularity`` of the partition at this resolution), ``resolution``, ``random_state``, ``n_communities``.

    Raises
    ------
    CorpusError
        For a resolution that is not positive, or anything but a TopicNetwork.

    Examples
    --------
    >>> import pandas as pd
    >>> shares = pd.DataFrame({"doc_id": list("abcd"), "econ": [.8, .7, .1, 0], "trade": [.2, .3, 0, .1],
    ...                        "war": [0, 0, .5, .6], "army": [0, 0, .4, .3]})
    >>> fr.frame_communities(fr.topic_network(shares))[["label", "community"]].values.tolist()
    [['econ', 1], ['trade', 1], ['war', 2], ['army', 2]]
    """
    network = _check_network(network, "frame_communities")
    if not resolution > 0:
        raise CorpusError(f"frame_communities: resolution={resolution} must be > 0.")
    found = _louvain(network, resolution, random_state, backbone)
    community_of = {label: number for number, members in enumerate(found, start=1) for label in members}
    out = network.nodes[["topic", "label", "prevalence"]].copy()
    out.insert(2, "community", out["label"].map(community_of).astype(int))
    out = out[COMMUNITY_COLUMNS].reset_index(drop=True)
    out.attrs.update({
        "modularity": _modularity(network.graph(backbone=backbone), found, resolution),
        "resolution": float(resolution), "random_state": random_state, "n_communities": len(found)})
    return out


def _modularity(graph, found: list, resolution: float) -> float:
    """networkx's weighted modularity; NaN for a graph without edges (a backbone that kept none)."""
    import networkx as nx  # heavy (networkx): imported on first use

    if graph.size(weight="weight") == 0:
        return float("nan")
    value = float(nx.community.modularity(graph, found, weight="weight", resolution=resolution))
    # one community has modularity 0 exactly; rounding leaves -1e-16, which prints as "-0.00"
    return 0.0 if abs(value) < 1e-12 else value


def _adjusted_rand(a: Sequence, b: Sequence) -> float:
    from sklearn.metrics import (
        adjusted_rand_score,  # heavy (scikit-learn): imported on first use
    )

    return float(adjusted_rand_score(list(a), list(b)))


def community_sweep(network: TopicNetwork, *, resolutions: Iterable[float] = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0),
                    random_states: Iterable[int] = range(10), backbone: bool = True) -> pd.DataFrame:
    """How many frames, how modular and how stable across Louvain seeds, at each resolution.

    For each resolution γ the communities are found once per seed. ``adjusted_rand_mean`` and
    ``adjusted_rand_min`` summarise the adjusted Rand index (Hubert & Arabie 1985; scikit-learn's
    ``adjusted_rand_score``) over every pair of seeds: 1 means every seed gives the same partition, 0 what
    random partitions of the same sizes would share. The original ANTMN ran community detection once; a
    partition that changes with the seed, or only at one resolution, is not a finding.

    Parameters
    ----------
    network : TopicNetwork
        From :func:`framings.topic_network`.
    resolutions : iterable of float
        The resolutions γ tried.
    random_states : iterable of int, default range(10)
        The Louvain seeds (at least two for an adjusted Rand index).
    backbone : bool, default True
        Use only the backbone edges.

    Returns
    -------
    pandas.DataFrame
        ``resolution, n_communities (median over seeds), modularity (mean), adjusted_rand_mean,
        adjusted_rand_min, n_seeds``.

    Raises
    ------
    CorpusError
        For fewer than two seeds, a resolution that is not positive, or anything but a TopicNetwork.

    Examples
    --------
    >>> import pandas as pd
    >>> shares = pd.DataFrame({"doc_id": list("abcd"), "econ": [.8, .7, .1, 0], "trade": [.2, .3, 0, .1],
    ...                        "war": [0, 0, .5, .6], "army": [0, 0, .4, .3]})
    >>> sweep = fr.frames.community_sweep(fr.topic_network(shares), resolutions=[1.0], random_states=range(3))
    >>> sweep[["n_communities", "adjusted_rand_min"]].values.tolist()
    [[2.0, 1.0]]
    """
    network = _check_network(network, "community_sweep")
    seeds = list(random_states)
    if len(seeds) < 2:
        raise CorpusError("community_sweep: give at least two random_states to compare partitions.")
    graph = network.graph(backbone=backbone)
    rows = []
    for resolution in resolutions:
        if not resolution > 0:
            raise CorpusError(f"community_sweep: resolution={resolution} must be > 0.")
        partitions, counts, modularity = [], [], []
        for seed in seeds:
            found = _louvain(network, resolution, seed, backbone)
            community_of = {label: n for n, members in enumerate(found) for label in members}
            partitions.append([community_of[label] for label in network.labels])
            counts.append(len(found))
            modularity.append(_modularity(graph, found, resolution))
        pairs = [_adjusted_rand(a, b) for a, b in combinations(partitions, 2)]
        rows.append((float(resolution), float(np.median(counts)), float(np.mean(modularity)),
                     float(np.mean(pairs)), float(np.min(pairs)), len(seeds)))
    return pd.DataFrame(rows, columns=SWEEP_COLUMNS)


def _dominant_community(network: TopicNetwork, communities: pd.DataFrame) -> np.ndarray:
    """The community holding the largest summed share of each unit."""
    summed = community_shares(network, communities)
    share_columns = [c for c in summed.columns if c not in _UNIT_COLUMNS]
    return np.asarray(share_columns)[summed[share_columns].to_numpy().argmax(axis=1)]


def community_shares(network: TopicNetwork, communities: pd.DataFrame) -> pd.DataFrame:
    """Each unit's share of each community: the sum of the shares of the community's topics.

    Parameters
    ----------
    network : TopicNetwork
        From :func:`framings.topic_network`.
    communities : pandas.DataFrame
        From :func:`framings.frame_communities` (``label, community``).

    Returns
    -------
    pandas.DataFrame
        The unit columns of ``network.shares`` and one column per community (1, 2, ...).

    Examples
    --------
    >>> import pandas as pd
    >>> shares = pd.DataFrame({"doc_id": list("abcd"), "econ": [.8, .7, .1, 0], "trade": [.2, .3, 0, .1],
    ...                        "war": [0, 0, .5, .6], "army": [0, 0, .4, .3]})
    >>> net = fr.topic_network(shares)
    >>> fr.frames.community_shares(net, fr.frame_communities(net))[1].round(2).tolist()
    [1.0, 1.0, 0.1, 0.1]
    """
    network = _check_network(network, "community_shares")
    require_columns(communities, ["label", "community"], "community_shares: the communities",
                    "pass the output of fr.frame_communities()")
    units = [c for c in _UNIT_COLUMNS if c in network.shares.columns]
    out = network.shares[units].copy()
    for number, members in communities.groupby("community", sort=True)["label"]:
        out[int(number)] = network.shares[list(members)].sum(axis=1)
    return out


def community_agreement(networks: Sequence[TopicNetwork], *, resolution: float = 1.0, random_state: int = 0,
                        backbone: bool = True) -> pd.DataFrame:
    """Do topic models fitted with different seeds give the same frames? Adjusted Rand between their partitions.

    Topics of two runs are not the same objects, so their communities cannot be compared topic by topic. The
    units (paragraphs or documents) are shared: each unit goes to the community holding its largest share, and
    the adjusted Rand index (scikit-learn) compares two runs' assignments of the same units. 1: the runs send
    every unit to the same frame; 0: no more agreement than chance. Two runs that each put every unit in one
    community agree perfectly and vacuously (scikit-learn gives 1); ``communities_a`` and ``communities_b`` say
    how many communities the units fall into in each run.

    Parameters
    ----------
    networks : sequence of TopicNetwork
        One network per topic-model run, on the same units in the same order.
    resolution : float, default 1.0
        Resolution of :func:`frame_communities`.
    random_state : int, default 0
        Louvain seed (the same for every run).
    backbone : bool, default True
        Use only the backbone edges.

    Returns
    -------
    pandas.DataFrame
        ``run_a, run_b, adjusted_rand, communities_a, communities_b, n_units``, one row per pair of runs
        (numbered from 0).

    Raises
    ------
    CorpusError
        For fewer than two networks, or networks whose units differ.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"doc_id": list("abcd"), "econ": [.8, .7, .1, 0], "trade": [.2, .3, 0, .1],
    ...                   "war": [0, 0, .5, .6], "army": [0, 0, .4, .3]})
    >>> b = a.rename(columns={"econ": "money", "army": "troops"})
    >>> runs = [fr.topic_network(a), fr.topic_network(b)]
    >>> fr.frames.community_agreement(runs)["adjusted_rand"].tolist()
    [1.0]
    """
    networks = [_check_network(n, "community_agreement") for n in networks]
    if len(networks) < 2:
        raise CorpusError("community_agreement: give at least two networks (topic-model runs).")
    units = [c for c in _UNIT_COLUMNS if c in networks[0].shares.columns]
    for other in networks[1:]:
        if not other.shares[units].reset_index(drop=True).equals(networks[0].shares[units].reset_index(drop=True)):
            raise CorpusError("community_agreement: the networks' units differ; fit every run on the same "
                              "document-term matrix.")
    assigned = [_dominant_community(n, frame_communities(n, resolution=resolution, random_state=random_state,
                                                         backbone=backbone)) for n in networks]
    rows = [(a, b, _adjusted_rand(assigned[a], assigned[b]), len(set(assigned[a])), len(set(assigned[b])),
             len(assigned[a])) for a, b in combinations(range(len(networks)), 2)]
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def community_prevalence(network: TopicNetwork, communities: pd.DataFrame, *, by: str = "framing",
                         n_boot: int = 2000, level: float = 0.95, random_state: int = 0) -> pd.DataFrame:
    """Each frame's (community's) share of the documents of each group, with a bootstrap over documents.

    A unit's share of a community is the sum of its topics' shares (:func:`community_shares`); a document's is the
    mean over its units; a group's is the mean over its documents. The interval is the percentile bootstrap of
    that mean over ``n_boot`` resamples of the group's *documents* with replacement (Efron & Tibshirani 1993):
    documents, not paragraphs, are the unit of a claim about sources. A group of one document has no interval.

    Parameters
    ----------
    network : TopicNetwork
        From :func:`framings.topic_network` (its shares need ``doc_id`` and the ``by`` column).
    communities : pandas.DataFrame
        From :func:`framings.frame_communities`.
    by : str, default "framing"
        The grouping column.
    n_boot : int, default 2000
        Bootstrap resamples.
    level : float, default 0.95
        Coverage of the interval.
    random_state : int, default 0
        Seed of the bootstrap.

    Returns
    -------
    pandas.DataFrame
        ``community, group, mean_share, ci_low, ci_high, n_documents``.

    Raises
    ------
    CorpusError
        For ``level`` outside (0, 1), or units without ``doc_id`` or the ``by`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> shares = pd.DataFrame({"doc_id": list("abcd"), "framing": ["x", "x", "y", "y"], "econ": [.8, .7, .1, 0],
    ...                        "trade": [.2, .3, 0, .1], "war": [0, 0, .5, .6], "army": [0, 0, .4, .3]})
    >>> net = fr.topic_network(shares)
    >>> table = fr.frames.community_prevalence(net, fr.frame_communities(net), n_boot=200)
    >>> table[["community", "group", "mean_share"]].round(2).values.tolist()
    [[1, 'x', 1.0], [1, 'y', 0.1], [2, 'x', 0.0], [2, 'y', 0.9]]
    """
    network = _check_network(network, "community_prevalence")
    if not 0 < level < 1:
        raise CorpusError(f"community_prevalence: level={level} must lie in (0, 1).")
    summed = community_shares(network, communities)
    require_columns(summed, ["doc_id", by], "community_prevalence: the network's units",
                    "fit the topic model on a token frame with doc_id and framing columns")
    numbers = [c for c in summed.columns if c not in _UNIT_COLUMNS]
    per_doc = summed.groupby(["doc_id", by], observed=True, sort=True)[numbers].mean().reset_index()
    rng = np.random.default_rng(random_state)
    tail = (1 - level) / 2
    rows = []
    for group, docs in per_doc.groupby(by, observed=True, sort=True):
        values = docs[numbers].to_numpy()
        n = len(values)
        if n > 1:
            draws = values[rng.integers(0, n, size=(n_boot, n))].mean(axis=1)
            low, high = np.quantile(draws, [tail, 1 - tail], axis=0)
        else:
            low = high = np.full(len(numbers), np.nan)
        for i, number in enumerate(numbers):
            rows.append((int(number), group, float(values[:, i].mean()), float(low[i]), float(high[i]), n))
    out = pd.DataFrame(rows, columns=COMMUNITY_PREVALENCE_COLUMNS)
    return out.sort_values(["community", "group"], kind="stable").reset_index(drop=True)


def write_graphml(network: TopicNetwork, path: Path | str, communities: pd.DataFrame | None = None,
                  backbone: bool = True) -> Path:
    """Write the topic network as GraphML for Gephi or Cytoscape (networkx ``write_graphml``), atomically.

    Nodes carry ``topic, prevalence, top_terms, frex_terms`` and, given ``communities``, ``community``; edges carry
    ``weight``.

    Parameters
    ----------
    network : TopicNetwork
        From :func:`framings.topic_network`.
    path : pathlib.Path or str
        The ``.graphml`` file to write.
    communities : pandas.DataFrame, optional
        From :func:`framings.frame_communities`.
    backbone : bool, default True
        Write only the backbone edges.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib, networkx as nx
    >>> shares = pd.DataFrame({"doc_id": list("abc"), "econ": [.8, .7, .1], "war": [.2, .3, .9]})
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = fr.frames.write_graphml(fr.topic_network(shares), folder / "topics.graphml")
    >>> sorted(nx.read_graphml(path).nodes)
    ['econ', 'war']
    """
    import networkx as nx  # heavy (networkx): imported on first use

    network = _check_network(network, "write_graphml")
    graph = network.graph(backbone=backbone)
    if communities is not None:
        require_columns(communities, ["label", "community"], "write_graphml: the communities",
                        "pass the output of fr.frame_communities()")
        nx.set_node_attributes(graph, {row.label: int(row.community) for row in communities.itertuples()},
                               "community")
    path = Path(path)
    with atomic_path(path) as tmp:
        nx.write_graphml(graph, tmp)
    return path
