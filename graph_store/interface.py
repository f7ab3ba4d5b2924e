"""The graph-store interface every backend implements, and what a query returns.

A store is an RDF dataset of named graphs: one per document, one for the ontology,
one for the concept schemes. The public methods take and return rdflib terms; the
base class validates arguments, hides staging graphs and serializes exports, so a
backend only implements a few primitive operations on pyoxigraph terms.

Query dataset, identical for every backend: the default graph is the union of all
named graphs, and ``GRAPH ?g`` ranges over the named graphs — never over a staging
graph that is half written.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from mskg.errors import InputError
from mskg.graph_store import deadline, export
from mskg.graph_store.bindings import check_bindings, query_form, split_bindings, with_values_block
from mskg.graph_store.staging import is_staging
from mskg.graph_store.terms import named_node, oxigraph_triples

Triple = tuple[Node, Node, Node]


@dataclass
class QueryResult:
    """The result of a query, in rdflib terms, whatever the backend.

    ``kind`` is "select", "ask" or "construct" (DESCRIBE results are graphs too).
    SELECT: ``variables`` and ``rows`` (None for an unbound variable).
    ASK: ``boolean``. CONSTRUCT/DESCRIBE: ``graph``.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: rdflib.Graph | None = None

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "construct":
            return len(self.graph) if self.graph is not None else 0
        return 1

    def as_dicts(self) -> list[dict[str, Node]]:
        """SELECT rows as dictionaries, leaving out unbound variables."""
        return [
            {name: value for name, value in zip(self.variables, row) if value is not None}
            for row in self.rows
        ]


class GraphStore(abc.ABC):
    """A dataset of named graphs with atomic graph replacement and SPARQL queries."""

    #: backend name ("embedded", "memory", "remote")
    backend: str = ""

    def __init__(self) -> None:
        self._closed = False
        #: seconds a query may run before it is stopped (None: no limit); Ctrl-C stops
        #: a query at once either way (see ``mskg.graph_store.deadline``)
        self.timeout: float | None = None

    # -- public interface -------------------------------------------------------------

    def replace_graph(self, graph: str, triples: rdflib.Graph | Iterable[Triple]) -> None:
        """Replace the content of named graph ``graph`` by ``triples``, atomically.

        No query sees a half-written graph, and if writing fails (the iterable raises,
        the process is killed, the server goes away) the previous graph stays intact.
        Exceptions raised by ``triples`` itself propagate unchanged.
        """
        self._check_open()
        name = self._check_graph_name(graph)
        self._replace(name, oxigraph_triples(triples))

    def drop_graph(self, graph: str) -> None:
        """Remove named graph ``graph`` (no error if it does not exist)."""
        self._check_open()
        self._drop(self._check_graph_name(graph))

    def graphs(self) -> list[str]:
        """The named graphs of the store, sorted (staging graphs left out)."""
        self._check_open()
        return sorted(g for g in self._graph_names() if not is_staging(g))

    def query(self, sparql: str, *, bindings: Mapping[str, Node | Sequence[Node]] | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the dataset.

        ``bindings`` maps variable names (``"s"`` or ``"?s"``) to rdflib IRIs or
        literals, or to a list of them (the query then runs for each value, as with
        a VALUES block); values are bound by the engine (or as a VALUES block), never
        pasted into the query text. SPARQL Update text is refused with InputError.
        """
        self._check_open()
        kind = query_form(sparql)
        single, several = split_bindings(check_bindings(bindings))
        if several:
            sparql = with_values_block(sparql, several)
        return deadline.call(lambda: self._query(sparql, kind, single), timeout=self.timeout)

    def dump(self, fmt: str, *, graph: str | None = None) -> bytes:
        """The store (or one named graph) as deterministic bytes in ``fmt``.

        Formats: turtle, ntriples (graphs merged), nquads, trig, jsonld (graphs kept).
        """
        self._check_open()
        export.export_format(fmt)  # fail on a bad format before reading anything
        name = self._check_graph_name(graph) if graph is not None else None
        return export.serialize(self._quads(name), fmt)

    def optimize(self) -> None:
        """Compact the storage after a bulk of writes (the embedded store); a no-op for
        backends that manage their own storage."""
        self._check_open()

    def close(self) -> None:
        """Release the store; further calls raise InputError."""
        if not self._closed:
            self._closed = True
            self._close()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- what a backend implements -----------------------------------------------------

    @abc.abstractmethod
    def _replace(self, graph: str, triples: Iterator[ox.Triple]) -> None: ...

    @abc.abstractmethod
    def _drop(self, graph: str) -> None: ...

    @abc.abstractmethod
    def _graph_names(self) -> Iterable[str]:
        """All named graphs, staging graphs included."""

    @abc.abstractmethod
    def _query(self, sparql: str, kind: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> QueryResult: ...

    @abc.abstractmethod
    def _quads(self, graph: str | None) -> Iterable[ox.Quad]:
        """Quads of ``graph``, or of every named graph except staging graphs."""

    def _close(self) -> None:
        pass

    # -- shared helpers -------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise InputError(f"the {self.backend} store is closed")

    @staticmethod
    def _check_graph_name(graph: str) -> str:
        named_node(graph, what="graph name")
        if is_staging(graph):
            raise InputError(f"graph name {graph!r} is in the reserved staging namespace")
        return graph
