"""Which places cover which livelihood domains: a domain × place matrix.

Each cell counts the items of a domain in the plans whose jurisdiction is the place
(``sparql/coverage.rq``). Rows are the domains found, columns the places, both sorted
(domains by code, places by name), so the matrix is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from mskg.networks.selection import Selection, select


@dataclass
class CoverageMatrix:
    """Domains (code, zh, en) × places (IRI, name) with item and plan counts per cell."""

    domains: list[tuple[str, str, str]] = field(default_factory=list)
    places: list[tuple[str, str]] = field(default_factory=list)
    items: dict[tuple[str, str], int] = field(default_factory=dict)
    plans: dict[tuple[str, str], int] = field(default_factory=dict)
    selection: str = "whole graph"

    def value(self, domain: str, place: str) -> int:
        return self.items.get((domain, place), 0)

    def rows(self) -> list[list[int]]:
        """Item counts, one row per domain, one column per place."""
        return [[self.value(d, p) for p, _ in self.places] for d, _, _ in self.domains]

    def as_graph(self) -> nx.Graph:
        """A bipartite graph: domains and places linked by the items they share (weight)."""
        graph = nx.Graph(kind="coverage", selection=self.selection)
        for code, zh, en in self.domains:
            graph.add_node(f"domain:{code}", label=zh or code, title=f"{zh} ({en})" if en else zh, type="domain",
                           group="domain", group_label="领域", code=code, _evidence=[])
        for iri, name in self.places:
            graph.add_node(iri, label=name, title=name, type="place", group="place", group_label="地区", _evidence=[])
        for (code, place), n in sorted(self.items.items()):
            graph.add_edge(f"domain:{code}", place, kind="coverage", weight=n, plans=self.plans.get((code, place), 0),
                           label=str(n))
        return graph


def coverage_matrix(store, selection: Selection | None = None) -> CoverageMatrix:
    """The domain × place matrix for ``selection`` (its plan filter does not apply)."""
    selection = selection or Selection()
    bindings = {k: v for k, v in selection.bindings().items() if k != "__plan"}
    matrix = CoverageMatrix(selection=selection.describe())
    domains: dict[str, tuple[str, str, str]] = {}
    places: dict[str, str] = {}
    for row in select(store, "coverage", bindings):
        code, place = str(row["domainCode"]), str(row["place"])
        domains.setdefault(code, (code, str(row.get("domainZh", code)), str(row.get("domainEn", ""))))
        places.setdefault(place, str(row.get("placeName", place.rsplit("/", 1)[-1])))
        matrix.items[(code, place)] = int(row["items"])
        matrix.plans[(code, place)] = int(row["plans"])
    matrix.domains = [domains[c] for c in sorted(domains)]
    matrix.places = sorted(places.items(), key=lambda p: (p[1], p[0]))
    return matrix
