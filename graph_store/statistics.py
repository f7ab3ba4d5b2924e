"""Store statistics: triples per named graph and instances per class.

The SPARQL lives in ``graph_store/sparql/*.rq`` (package data); it runs through
the store's own ``query``, so every backend gives the same figures.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from mskg.graph_store.interface import GraphStore


@cache
def stored_query(name: str) -> str:
    """The text of ``graph_store/sparql/<name>.rq``."""
    return (files("mskg.graph_store") / "sparql" / f"{name}.rq").read_text(encoding="utf-8")


def stats(store: GraphStore) -> dict:
    """Figures about the store's content, ready for JSON.

    ``{"graphs": {graph IRI: triples}, "classes": {class IRI: instances},
    "graph_count": int, "triples": int}`` — ``triples`` is the sum over the named
    graphs (a triple present in two graphs counts twice). Keys are sorted.
    """
    per_graph = {
        str(graph): int(count)
        for graph, count in store.query(stored_query("triples_per_graph")).rows
        if graph is not None and count is not None
    }
    per_class = {
        str(cls): int(count)
        for cls, count in store.query(stored_query("instances_per_class")).rows
        if cls is not None and count is not None
    }
    return {
        "graphs": dict(sorted(per_graph.items())),
        "classes": dict(sorted(per_class.items())),
        "graph_count": len(per_graph),
        "triples": sum(per_graph.values()),
    }
