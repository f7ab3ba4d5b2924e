"""Network analysis of the collaboration network: who is central, who bridges.

For each agency: degree (number of partners), weighted degree (shared measures summed
over partners), degree centrality, betweenness centrality (shortest paths, unweighted,
normalised), its community (greedy modularity maximisation over edge weights, Clauset–
Newman–Moore), and the number of communities among itself and its partners. A
*bridge* is an agency with partners in at least one community other than its own; a
*broker* is an agency on shortest paths between others (betweenness above zero), which
joins partners that share no measure themselves, within its community or across.

Everything is deterministic: the graph is built in sorted order, communities are
numbered by size (largest first) then by their first member's name, rows are sorted.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field

import networkx as nx

from mskg.errors import InputError
from mskg.formats import ANALYSIS

FORMATS = ANALYSIS.names


@dataclass
class AgencyMeasures:
    """One agency's figures in the network."""

    agency: str
    name: str
    category: str
    community: int
    degree: int
    weighted_degree: int
    degree_centrality: float
    betweenness: float
    led: int
    measures: int
    communities_reached: int
    bridge: bool


@dataclass
class NetworkAnalysis:
    """The figures of every agency, the communities and the bridging agencies."""

    selection: str
    nodes: int
    edges: int
    agencies: list[AgencyMeasures] = field(default_factory=list)
    communities: list[list[str]] = field(default_factory=list)  # member names, by community number

    @property
    def bridges(self) -> list[AgencyMeasures]:
        """Agencies with partners in other communities, most between first."""
        return [a for a in self.agencies if a.bridge]

    @property
    def brokers(self) -> list[AgencyMeasures]:
        """Agencies on shortest paths between others (betweenness above 0), most between first:
        they join partners who share no measure themselves, within a community or across."""
        return [a for a in self.agencies if a.betweenness > 0]

    def as_dict(self) -> dict:
        return {
            "selection": self.selection,
            "nodes": self.nodes,
            "edges": self.edges,
            "communities": [{"community": i + 1, "size": len(m), "members": m} for i, m in enumerate(self.communities)],
            "bridges": [a.name for a in self.bridges],
            "brokers": [a.name for a in self.brokers],
            "agencies": [asdict(a) for a in self.agencies],
        }


def communities(graph: nx.Graph) -> list[list[str]]:
    """Communities of ``graph`` (node ids), largest first, isolated agencies each alone."""
    if graph.number_of_edges() == 0:
        found = [{n} for n in graph]
    else:
        found = nx.community.greedy_modularity_communities(graph, weight="weight")
    labels = nx.get_node_attributes(graph, "label")
    ordered = [sorted(c, key=lambda n: (labels.get(n, n), n)) for c in found]
    ordered.sort(key=lambda members: (-len(members), labels.get(members[0], members[0]), members[0]))
    return ordered


def analyze_network(graph: nx.Graph) -> NetworkAnalysis:
    """Centralities, communities and bridges of a collaboration network."""
    result = NetworkAnalysis(selection=graph.graph.get("selection", ""), nodes=graph.number_of_nodes(),
                             edges=graph.number_of_edges())
    if graph.number_of_nodes() == 0:
        return result
    groups = communities(graph)
    community_of = {n: i + 1 for i, members in enumerate(groups) for n in members}
    degree_centrality = nx.degree_centrality(graph) if graph.number_of_nodes() > 1 else {n: 0.0 for n in graph}
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    rows = []
    for node, data in graph.nodes(data=True):
        reached = {community_of[node]} | {community_of[m] for m in graph.neighbors(node)}
        rows.append(
            AgencyMeasures(
                agency=node,
                name=data.get("label", node),
                category=data.get("group_label", ""),
                community=community_of[node],
                degree=graph.degree(node),
                weighted_degree=int(graph.degree(node, weight="weight")),
                degree_centrality=round(degree_centrality[node], 6),
                betweenness=round(betweenness[node], 6),
                led=int(data.get("led", 0)),
                measures=int(data.get("measures", 0)),
                communities_reached=len(reached),
                bridge=len(reached) > 1,
            )
        )
    rows.sort(key=lambda a: (-a.betweenness, -a.degree, -a.led, a.name, a.agency))
    result.agencies = rows
    labels = nx.get_node_attributes(graph, "label")
    result.communities = [[labels.get(n, n) for n in members] for members in groups]
    return result


_COLUMNS = ("name", "category", "community", "degree", "weighted_degree", "degree_centrality", "betweenness", "led",
            "measures", "communities_reached", "bridge", "agency")
_HEADERS = ("agency", "category", "community", "degree", "shared", "deg.centr.", "betweenness", "led", "measures",
            "communities", "bridge")


def render(analysis: NetworkAnalysis, fmt: str = "table", *, bom: bool = False, limit: int | None = None) -> str:
    """``analysis`` as an aligned ``table`` (top ``limit`` rows), ``csv`` or ``json``."""
    if fmt == "json":
        return json.dumps(analysis.as_dict(), ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(_COLUMNS)
        for a in analysis.agencies:
            writer.writerow([str(getattr(a, c)).lower() if isinstance(getattr(a, c), bool) else getattr(a, c)
                             for c in _COLUMNS])
        return ("\ufeff" if bom else "") + out.getvalue()
    if fmt != "table":
        raise InputError(f"unknown analysis format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return _table(analysis, limit)


def _table(analysis: NetworkAnalysis, limit: int | None) -> str:
    from mskg.results import width

    def line(cells: list[str], widths: list[int]) -> str:
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths)).rstrip()

    lines = [f"Collaboration network ({analysis.selection}): {analysis.nodes} agencies, {analysis.edges} links, "
             f"{len(analysis.communities)} communities, {len(analysis.bridges)} bridging agencies"]
    if not analysis.agencies:
        return lines[0] + "\n(no agencies match)"
    shown = analysis.agencies[:limit] if limit else analysis.agencies
    body = [[a.name, a.category, str(a.community), str(a.degree), str(a.weighted_degree), f"{a.degree_centrality:.3f}",
             f"{a.betweenness:.3f}", str(a.led), str(a.measures), str(a.communities_reached), "yes" if a.bridge else ""]
            for a in shown]
    widths = [max(width(r[i]) for r in [list(_HEADERS)] + body) for i in range(len(_HEADERS))]
    lines += ["", "Agencies by betweenness centrality:", line(list(_HEADERS), widths),
              line(["-" * w for w in widths], widths)]
    lines += [line(r, widths) for r in body]
    if limit and len(analysis.agencies) > limit:
        lines.append(f"… {len(analysis.agencies) - limit} more (use --limit 0 or --format csv for all)")
    lines += ["", "Bridging agencies (partners in several communities):"]
    bridges = analysis.bridges
    lines += [f"  {a.name}: reaches {a.communities_reached} communities, betweenness {a.betweenness:.3f}"
              for a in (bridges[:limit] if limit else bridges)] or ["  (none)"]
    if limit and len(bridges) > limit:
        lines.append(f"  … {len(bridges) - limit} more")
    lines += ["", "Brokers (on shortest paths between partners who share no measure):"]
    brokers = analysis.brokers[:limit] if limit else analysis.brokers
    lines += [f"  {a.name}: betweenness {a.betweenness:.3f}, {a.degree} partners" for a in brokers] or ["  (none)"]
    if len(brokers) < len(analysis.brokers):
        lines.append(f"  … {len(analysis.brokers) - len(brokers)} more")
    lines += ["", "Communities:"]
    for i, members in enumerate(analysis.communities, 1):
        if len(members) == 1 and len(analysis.communities) > 12:
            continue
        lines.append(f"  {i} ({len(members)}): " + "、".join(members))
    singles = sum(1 for m in analysis.communities if len(m) == 1)
    if singles and len(analysis.communities) > 12:
        lines.append(f"  … and {singles} agencies without partners, each alone")
    return "\n".join(lines)
