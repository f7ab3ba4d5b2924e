"""The in-memory backend: an rdflib Dataset, a second and independent SPARQL engine.

A replacement graph is built completely outside the dataset and swapped in under a
lock that queries also take, so no query sees a half-written graph and a failure
while building leaves the dataset as it was. Terms go through the same
normalization as the Oxigraph backends (see ``terms``), so all backends store and
return the same terms.

rdflib's answers are corrected where they differ from SPARQL 1.1 (``rdflib_sparql``): a
grouped sub-select that matched nothing gave a row with nothing bound, which joined with
everything around it; an OPTIONAL whose filter read a VALUES variable dropped rows.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pyoxigraph as ox
import rdflib
from pyparsing import ParseException
from rdflib import URIRef, Variable

from mskg.errors import InputError
from mskg.graph_store.interface import GraphStore, QueryResult
from mskg.graph_store.rdflib_sparql import install_grouping, prepared
from mskg.graph_store.terms import rdflib_triple, to_oxigraph, to_rdflib

install_grouping()


class MemoryStore(GraphStore):
    """A store that lives as long as the process: for tests and one-off pipelines."""

    patches_in_place = True

    backend = "memory"

    def __init__(self) -> None:
        super().__init__()
        self._dataset = rdflib.Dataset(default_union=True)
        self._lock = threading.RLock()

    def _replace(self, graph: str, triples: Iterator[ox.Triple]) -> None:
        staged = [rdflib_triple(t) for t in triples]  # fails here, before any change
        with self._lock:
            self._dataset.remove_graph(URIRef(graph))
            if staged:
                named = self._dataset.graph(URIRef(graph))
                for triple in staged:
                    named.add(triple)

    def _drop(self, graph: str) -> None:
        with self._lock:
            self._dataset.remove_graph(URIRef(graph))

    def _graph_names(self) -> list[str]:
        with self._lock:
            return [
                str(g.identifier)
                for g in self._dataset.graphs()
                if isinstance(g.identifier, URIRef)
                and g.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID
                and len(g) > 0
            ]

    def _patch(self, graph: str, remove: set[ox.Triple], add: set[ox.Triple]) -> None:
        removed, added = [rdflib_triple(t) for t in remove], [rdflib_triple(t) for t in add]
        with self._lock:
            named = self._dataset.graph(URIRef(graph))
            for triple in removed:
                named.remove(triple)
            for triple in added:
                named.add(triple)

    def _query(
        self, sparql: str, kind: str, bindings: dict[str, ox.NamedNode | ox.Literal], graphs: list[str] | None = None
    ) -> QueryResult:
        init = {Variable(name): to_rdflib(term) for name, term in bindings.items()}
        with self._lock:
            try:
                source = self._dataset
                if graphs is not None:  # the union of the chosen graphs as the default graph
                    source = rdflib.Dataset(default_union=True)
                    for name in graphs:
                        chosen = source.graph(URIRef(name))
                        for triple in self._dataset.graph(URIRef(name)):
                            chosen.add(triple)
                query = prepared(sparql, dict(source.namespaces()))
                result = source.query(query, initBindings=init)
                if result.type == "SELECT":
                    variables = [str(v) for v in result.vars or []]
                    rows = [tuple(_normal(row[v]) for v in variables) for row in result]
                    return QueryResult("select", variables=variables, rows=rows)
                if result.type == "ASK":
                    return QueryResult("ask", boolean=bool(result.askAnswer))
                graph = rdflib.Graph()
                for triple in result.graph or ():
                    graph.add(tuple(_normal(t) for t in triple))  # type: ignore[arg-type]
                return QueryResult("construct", graph=graph)
            except ParseException as exc:
                raise InputError(f"malformed SPARQL query: {exc}") from None
            except (ValueError, TypeError, KeyError, NotImplementedError) as exc:
                raise InputError(f"cannot run the SPARQL query: {exc}") from None

    def _quads(self, graph: str | None) -> Iterator[ox.Quad]:
        with self._lock:
            names = [URIRef(graph)] if graph is not None else [URIRef(g) for g in self._graph_names()]
            quads = []
            for name in names:
                g = ox.NamedNode(str(name))
                for s, p, o in self._dataset.graph(name):
                    quads.append(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), g))
        return iter(quads)

    def __repr__(self) -> str:
        return "MemoryStore()"


def _normal(term):  # noqa: ANN001, ANN202 - rdflib term or None
    """Results computed by rdflib (e.g. STR(), COUNT) in the shared normal form."""
    return None if term is None else to_rdflib(to_oxigraph(term))
