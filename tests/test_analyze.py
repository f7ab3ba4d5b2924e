"""Network analysis on collaboration networks whose answers are known by construction."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from mskg.errors import InputError
from mskg.networks.analysis import analyze_network, communities, render


def agency_graph(edges: list[tuple[str, str, int]], isolated: tuple[str, ...] = ()) -> nx.Graph:
    """A collaboration network shaped like the ones :mod:`mskg.networks.collaboration` builds."""
    graph = nx.Graph(kind="agencies", selection="test")
    names = sorted({n for e in edges for n in e[:2]} | set(isolated))
    for n in names:
        graph.add_node(n, label=n, type="agency", group="x", group_label="民政", led=1, measures=2)
    for a, b, w in edges:
        graph.add_edge(a, b, weight=w, kind="co-lead")
    return graph


# two tight triangles joined through 县民政局, which belongs to neither strongly
TWO_TEAMS = agency_graph(
    [("县卫健局", "县医保局", 5), ("县卫健局", "县人社局", 5), ("县医保局", "县人社局", 5),
     ("县教体局", "县住建局", 5), ("县教体局", "县交通局", 5), ("县住建局", "县交通局", 5),
     ("县民政局", "县卫健局", 1), ("县民政局", "县教体局", 1)],
    isolated=("县统计局",),
)


def test_the_broker_between_two_teams_is_the_most_between_and_a_bridge():
    result = analyze_network(TWO_TEAMS)
    top = result.agencies[0]
    assert top.name == "县民政局"
    # on all 3 × 3 shortest paths between the teams, out of 7 · 6 / 2 pairs of the others
    assert top.betweenness == pytest.approx(9 / 21, abs=1e-6)
    assert top.betweenness == max(a.betweenness for a in result.agencies)
    bridges = {a.name for a in result.bridges}
    assert "县民政局" in bridges
    assert not bridges & {"县医保局", "县人社局", "县住建局", "县交通局", "县统计局"}
    # the broker and the two members it touches lie on paths between the teams
    assert [a.name for a in result.brokers][0] == "县民政局"
    assert {a.name for a in result.brokers} == {"县民政局", "县卫健局", "县教体局"}


def test_communities_are_the_two_teams_and_the_loner():
    groups = [set(c) for c in communities(TWO_TEAMS)]
    assert {"县卫健局", "县医保局", "县人社局"} <= groups[0] or {"县卫健局", "县医保局", "县人社局"} <= groups[1]
    assert {"县教体局", "县住建局", "县交通局"} <= groups[0] or {"县教体局", "县住建局", "县交通局"} <= groups[1]
    assert {"县统计局"} in groups
    assert len(groups) == 3
    assert [len(g) for g in groups] == sorted((len(g) for g in groups), reverse=True)


def test_degree_and_weighted_degree():
    by_name = {a.name: a for a in analyze_network(TWO_TEAMS).agencies}
    assert by_name["县卫健局"].degree == 3 and by_name["县卫健局"].weighted_degree == 11
    assert by_name["县统计局"].degree == 0 and by_name["县统计局"].betweenness == 0
    assert by_name["县统计局"].degree_centrality == 0
    assert by_name["县卫健局"].degree_centrality == pytest.approx(3 / 7, abs=1e-6)


def test_empty_and_single_node_networks():
    assert analyze_network(agency_graph([])).agencies == []
    lone = analyze_network(agency_graph([], isolated=("县民政局",)))
    assert [(a.name, a.degree, a.bridge) for a in lone.agencies] == [("县民政局", 0, False)]
    assert "no agencies" in render(analyze_network(agency_graph([])), "table")


def test_the_same_network_gives_the_same_report_whatever_the_insertion_order():
    shuffled = nx.Graph(kind="agencies", selection="test")
    for n in reversed(list(TWO_TEAMS.nodes)):
        shuffled.add_node(n, **TWO_TEAMS.nodes[n])
    for u, v, d in reversed(list(TWO_TEAMS.edges(data=True))):
        shuffled.add_edge(v, u, **d)
    assert render(analyze_network(shuffled), "json") == render(analyze_network(TWO_TEAMS), "json")


def test_formats():
    result = analyze_network(TWO_TEAMS)
    data = json.loads(render(result, "json"))
    assert data["nodes"] == 8 and data["edges"] == 8
    assert data["bridges"][0] == "县民政局"
    assert sum(c["size"] for c in data["communities"]) == 8
    text = render(result, "csv", bom=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 8 and rows[0]["name"] == "县民政局" and rows[0]["bridge"] == "true"
    table = render(result, "table", limit=3)
    assert "县民政局" in table and "Bridging agencies" in table and "5 more" in table
    with pytest.raises(InputError, match="xml"):
        render(result, "xml")
