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
import io
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from mskg.errors import InputError
from mskg.graph_store import deadline, export
from mskg.graph_store.bindings import check_bindings, query_form, split_bindings, with_values_block
from mskg.graph_store.staging import is_staging
from mskg.graph_store.terms import named_node, oxigraph_triples, parsed_ntriples

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
    #: True when ``patch_graph`` changes a graph in place in one transaction; False when
    #: it rewrites the whole graph (then a loader refreshes derived graphs once, at the end)
    patches_in_place: bool = False
    #: True when ``add_quads`` and ``add_trig`` add statements to several graphs in one
    #: transaction that an exception raised by their iterable abandons (then a loader
    #: writes a new document and what it adds to the inferred graphs as one unit)
    adds_atomically: bool = False

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

    def replace_graph_text(self, graph: str, text: str | Iterable[str]) -> None:
        """Replace named graph ``graph`` by the triples of N-Triples ``text``, atomically.

        ``text`` is one string, or an iterable of strings each made of whole lines: a
        long graph comes in pieces, written one after another into the staging graph,
        and an exception raised by the iterable (a stop request) abandons the write and
        propagates unchanged. The store's own parser reads the text and validates every
        term, with no rdflib graph in between: this is the load path of ``ingest``.

        :raises InputError: text that is not N-Triples, naming the line's problem.
        """
        self._check_open()
        name = self._check_graph_name(graph)
        self._replace_text(name, iter([text] if isinstance(text, str) else text))

    def patch_graph(self, graph: str, remove: Iterable[Triple], add: Iterable[Triple]) -> None:
        """Remove the triples ``remove`` from named graph ``graph`` and add ``add``, in
        one atomic step (a triple in both ends up present); the rest of the graph is left
        as it is. Used to refresh inferred graphs for the documents that changed."""
        self._check_open()
        name = self._check_graph_name(graph)
        removed = set(oxigraph_triples(remove))
        added = set(oxigraph_triples(add))
        self._patch(name, removed - added, added)

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add ``quads`` (to whatever graphs they name) in one transaction: all of them,
        or, if the iterable raises (a stop request), none, the exception propagating
        unchanged. Only where ``adds_atomically``; the loader names the graphs itself."""
        raise NotImplementedError(f"the {self.backend} store cannot add quads in one transaction")

    def add_trig(self, chunks: Iterable[bytes], *, statements: int | None = None) -> None:
        """Add the statements of TriG text, given as pieces of UTF-8 (each graph a block
        ``<g> { … }``), in one transaction: all of them, or, if the iterable raises (a stop
        request), none, the exception propagating unchanged. The store's own parser reads
        the pieces as they come; ``statements``, their number when known, lets a store
        choose how to write them. Only where ``adds_atomically``.

        :raises InputError: text that is not TriG, naming the problem.
        """
        raise NotImplementedError(f"the {self.backend} store cannot add statements in one transaction")

    def drop_graph(self, graph: str) -> None:
        """Remove named graph ``graph`` (no error if it does not exist)."""
        self._check_open()
        self._drop(self._check_graph_name(graph))

    def graphs(self) -> list[str]:
        """The named graphs of the store, sorted (staging graphs left out)."""
        self._check_open()
        return sorted(g for g in self._graph_names() if not is_staging(g))

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node | Sequence[Node]] | None = None,
        graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the dataset.

        With ``graphs``, the query's dataset is these named graphs only (their union is
        the default graph), as with ``FROM`` clauses: an inference rule run over one
        document and the vocabularies.

        ``bindings`` maps variable names (``"s"`` or ``"?s"``) to rdflib IRIs or
        literals, or to a list of them (the query then runs for each value, as with
        a VALUES block); a value is bound by the engine or written in as a term by
        pyoxigraph at the variable's places, never pasted into the query text as
        given. SPARQL Update text is refused with InputError.
        """
        self._check_open()
        kind = query_form(sparql)
        single, several = split_bindings(check_bindings(bindings))
        if several:
            sparql = with_values_block(sparql, several)
        chosen = None if graphs is None else [self._check_graph_name(g) for g in graphs]
        return deadline.call(lambda: self._query(sparql, kind, single, chosen), timeout=self.timeout)

    def dump(self, fmt: str, *, graph: str | None = None) -> bytes:
        """The store (or one named graph) as deterministic bytes in ``fmt``.

        Formats: turtle, ntriples (graphs merged), nquads, trig, jsonld (graphs kept).
        """
        out = io.BytesIO()
        self.export(out, fmt, graphs=None if graph is None else [graph])
        return out.getvalue()

    def export(
        self, output: BinaryIO, fmt: str, *, graphs: Sequence[str] | None = None, extra: Iterable[ox.Quad] = ()
    ) -> None:
        """Write the named graphs ``graphs`` (default: every one) and the quads ``extra``
        to the binary stream ``output`` as deterministic bytes in ``fmt`` (see
        :func:`mskg.graph_store.export.write`): graph by graph, sorted on disk, so memory
        does not grow with the store. Nothing is written before every quad was read.
        """
        self._check_open()
        export.export_format(fmt)  # fail on a bad format before reading anything
        names = None if graphs is None else [self._check_graph_name(g) for g in graphs]
        quads = self._quads(None) if names is None else itertools.chain.from_iterable(map(self._quads, names))
        export.write(itertools.chain(quads, extra), fmt, output)

    def optimize(self, *, written: int | None = None) -> None:
        """Compact the storage after a bulk of writes (the embedded store); a no-op for
        backends that manage their own storage. ``written``: how many statements the
        writes added or replaced, when the caller knows (the embedded store rewrites
        itself, compressed, after writing a large share of it)."""
        self._check_open()

    def flush(self) -> None:
        """Write what the store buffers in memory to disk (the embedded store's write
        buffers, which otherwise grow with the data written until RocksDB's own limits);
        a no-op for backends that manage their own storage."""
        self._check_open()

    def close(self) -> None:
        """Release the store; further calls raise InputError."""
        if not self._closed:
            self._closed = True
            self._close()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: Any) -> None:
        # After Ctrl-C the process is about to end: nothing buffered is lost by not
        # flushing (every commit is in the write-ahead log), and a flush of a large
        # write's buffers would hold the exit for seconds.
        self._interrupted = isinstance(exc[1] if len(exc) > 1 else None, KeyboardInterrupt)
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
    def _query(
        self, sparql: str, kind: str, bindings: dict[str, ox.NamedNode | ox.Literal], graphs: list[str] | None = None
    ) -> QueryResult:
        """Run the query on the union of every named graph, or of ``graphs`` only."""

    def _replace_text(self, graph: str, pieces: Iterator[str]) -> None:
        """Write N-Triples text as a graph; backends with a native parser do better."""
        self._replace(graph, parsed_ntriples(pieces))

    def _patch(self, graph: str, remove: set[ox.Triple], add: set[ox.Triple]) -> None:
        """Read the graph, change it and write it back in one replacement: correct
        anywhere; backends with atomic updates do it in place."""
        current = {q.triple for q in self._quads(graph)}
        self._replace(graph, iter(sorted((current - remove) | add, key=str)))

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
