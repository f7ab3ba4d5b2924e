"""What ``mskg export`` writes, and the deterministic serialization every store's
``dump`` uses.

Same content, same bytes: blank nodes get canonical labels (RDFC-1.0), quads are
sorted by their N-Quads text, and the serializer (pyoxigraph's, for every backend)
writes them in that order. The sort is an external merge sort over temporary files
(:func:`write`), so an export holds a bounded amount of memory whatever the size of the
store, and every format streams: pyoxigraph's Turtle, TriG and JSON-LD writers group
consecutive statements (same graph, subject, predicate) as they come, which the order
makes complete. Turtle and N-Triples merge the named graphs into one
graph (or serialize the one graph asked for); N-Quads, TriG and JSON-LD keep them.

:func:`export_dataset` writes the named graphs of an :class:`ExportPart`: the whole
dataset, one plan (the named graph of its document) or one graph. The ontology and
concept schemes are graphs of the store already (written by every ingest); ``with_ontology`` adds them to
a plan or graph export, and, when the store lacks them, the packaged ones.
``with_shapes`` adds the packaged SHACL shapes as the graph ``…/graph/shapes``.
Quads of the chosen graphs are read from the store graph by graph
(``GraphStore.export``), so every backend gives the same bytes. By default the whole dataset comes with its ontology
and schemes and a plan or a graph without them; ``with_ontology`` True or False says
otherwise.
"""

from __future__ import annotations

import heapq
import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

import pyoxigraph as ox
import rdflib

from mskg.errors import InputError
from mskg.formats import RDF, Format
from mskg.graph_store.chunks import ChunkReader, batches
from mskg.identifiers import ONTOLOGY_GRAPH, SCHEMES_GRAPH, SHAPES_GRAPH
from mskg.ontology import PREFIXES as ONTOLOGY_PREFIXES


#: pyoxigraph's writer for each RDF format of :data:`mskg.formats.RDF`
_WRITERS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}

_ALIASES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld", "n-triples": "ntriples",
            "n-quads": "nquads"}

#: Prefixes written into Turtle and TriG output: the project's own (see mskg.ontology).
PREFIXES: dict[str, str] = dict(ONTOLOGY_PREFIXES)


def export_format(name: str) -> Format:
    """The RDF format called ``name`` (or a common alias); InputError otherwise."""
    key = str(name).lower()
    return RDF[_ALIASES.get(key, key)]


#: bytes of N-Quads lines sorted in memory before they go to a temporary file as one
#: sorted run (the memory an export holds, whatever the size of the store)
RUN_BYTES = 32_000_000


class _SortedLines:
    """An external merge sort of N-Quads lines (UTF-8, each ending with a newline):
    lines are sorted in memory until ``run_bytes``, written to a temporary file as one
    sorted run, and the runs are merged at the end, equal lines once. Bytes of UTF-8
    compare as their characters do, and a newline sorts before any character an N-Quads
    line holds (control characters are escaped), so the order is that of the lines' text.
    """

    def __init__(self, run_bytes: int) -> None:
        self._limit = run_bytes
        self._lines: list[bytes] = []
        self._size = 0
        self._runs: list[BinaryIO] = []

    def add(self, line: bytes) -> None:
        self._lines.append(line)
        self._size += len(line)
        if self._size >= self._limit:
            self._spill()

    def _spill(self) -> None:
        run = tempfile.TemporaryFile(prefix="mskg-export-")
        run.writelines(_unique(sorted(self._lines)))
        run.seek(0)
        self._runs.append(run)
        self._lines, self._size = [], 0

    def merged(self) -> Iterator[bytes]:
        """Every line once, in order (the runs are read as they are merged)."""
        if not self._runs:
            lines, self._lines = sorted(self._lines), []
            return _unique(lines)
        if self._lines:
            self._spill()
        return _unique(heapq.merge(*self._runs))

    def close(self) -> None:
        for run in self._runs:
            run.close()
        self._runs, self._lines = [], []


def _unique(lines: Iterable[bytes]) -> Iterator[bytes]:
    previous = None
    for line in lines:
        if line != previous:
            yield line
            previous = line


def _has_blank_node(quad: ox.Quad) -> bool:
    return any(isinstance(t, ox.BlankNode) for t in (quad.subject, quad.object, quad.graph_name))


def write(quads: Iterable[ox.Quad], fmt: str, output: BinaryIO, *, run_bytes: int | None = None) -> None:
    """Deterministic bytes in ``fmt`` for ``quads`` (their graph names kept or merged),
    written to ``output``: the same quads give the same bytes, whatever their order, their
    duplicates, the store they come from or the labels of their blank nodes.

    The quads are sorted by their N-Quads text with an external merge sort: memory holds
    ``run_bytes`` of text (default :data:`RUN_BYTES`) and the quads that have a blank node (mskg's own graphs have
    none; the shapes have a few hundred), which are given canonical labels (RDFC-1.0)
    first. The sorted lines are written as they are merged, by pyoxigraph's serializer for
    the formats that are not line-based: each of them groups consecutive statements and
    holds nothing more. Nothing reaches ``output`` before every quad has been read.
    """
    spec = export_format(fmt)
    keeps_graphs = spec.keeps_graphs
    lines = _SortedLines(run_bytes or RUN_BYTES)
    try:
        blank: list[ox.Quad] = []
        for quad in quads:
            if not keeps_graphs and not isinstance(quad.graph_name, ox.DefaultGraph):
                quad = ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph())
            if _has_blank_node(quad):
                blank.append(quad)
            else:
                lines.add(f"{quad}\n".encode())
        if blank:
            # The canonical labels depend only on the quads that hold blank nodes.
            dataset = ox.Dataset(blank)
            dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
            del blank
            for quad in dataset:
                lines.add(f"{quad}\n".encode())
            del dataset
        statements = (line[:-1] + b" .\n" for line in lines.merged())
        writer = _WRITERS[spec.name]
        if writer in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES):
            for batch in batches(statements):
                output.write(batch)
            return
        syntax = ox.RdfFormat.N_QUADS if keeps_graphs else ox.RdfFormat.N_TRIPLES
        parsed = ox.parse(ChunkReader(batches(statements)), format=syntax)
        if writer in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
            header = _SortedPrefixes(output)
            ox.serialize(parsed, header, format=writer, prefixes=PREFIXES)
            header.close()
        else:
            ox.serialize(parsed, output, format=writer)
    finally:
        lines.close()


class _SortedPrefixes:
    """A writer that passes everything on to ``output``, with the ``@prefix`` lines at the
    start in a fixed (sorted) order, whatever the serializer's."""

    def __init__(self, output: BinaryIO) -> None:
        self._output = output
        self._head: bytearray | None = bytearray()

    def write(self, data) -> int:  # noqa: ANN001 - bytes-like
        if self._head is None:
            return self._output.write(data)
        self._head += data
        lines = bytes(self._head).split(b"\n")
        complete = lines[:-1]  # the last piece may be a prefix line cut short
        if any(not line.startswith(b"@prefix ") for line in complete):
            self._output.write(_sorted_prefix_lines(bytes(self._head)))
            self._head = None
        return len(data)

    def flush(self) -> None:
        if self._head is None:
            self._output.flush()

    def close(self) -> None:
        """Write what is still held (output made of prefix lines only)."""
        if self._head is not None:
            self._output.write(_sorted_prefix_lines(bytes(self._head)))
            self._head = None


def _sorted_prefix_lines(text: bytes) -> bytes:
    """The ``@prefix`` header in a fixed (sorted) order, whatever the serializer's."""
    lines = text.split(b"\n")
    n = 0
    while n < len(lines) and lines[n].startswith(b"@prefix "):
        n += 1
    return b"\n".join(sorted(lines[:n]) + lines[n:])


def _quads_of_rdflib(graph: rdflib.Graph, name: str) -> list[ox.Quad]:
    data = graph.serialize(format="nt", encoding="utf-8")
    return [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
            for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


@dataclass(frozen=True)
class ExportPart:
    """The part of the store an export writes: one plan (``plan``: a document id, a
    plan/document/graph IRI or part of a title, see
    :func:`mskg.networks.selection.find_plan`), one named graph (``graph``) or, with
    neither, the whole dataset; with or without the ontology and concept schemes
    (``with_ontology``; None: with them for the whole dataset only) and the shapes.

    :raises InputError: both ``plan`` and ``graph``.
    """

    plan: str | None = None
    graph: str | None = None
    with_ontology: bool | None = None
    with_shapes: bool = False

    def __post_init__(self) -> None:
        if self.plan and self.graph:
            raise InputError("give --plan or --graph, not both")

    @property
    def whole(self) -> bool:
        """Every named graph: neither a plan nor a graph was chosen."""
        return not self.plan and not self.graph

    @property
    def includes_vocabularies(self) -> bool:
        """Are the ontology and concept schemes written?"""
        return self.whole if self.with_ontology is None else self.with_ontology


def export_dataset(store, fmt: str, part: ExportPart = ExportPart(), *, output: BinaryIO | None = None) -> bytes | None:
    """Deterministic bytes of ``part`` of the store (default: the whole dataset with its
    vocabularies) in ``fmt``, written to the binary stream ``output`` as they are made
    (see :func:`write`: memory does not grow with the store), or returned when
    ``output`` is None.

    :raises InputError: unknown format, a plan or graph that is not in the store.
    """
    export_format(fmt)
    chosen: list[str] | None = None  # every named graph
    extra: list[ox.Quad] = []
    if not (part.whole and part.includes_vocabularies and not part.with_shapes):  # else: every named graph, as stored
        names = store.graphs()
        vocabularies = (ONTOLOGY_GRAPH, SCHEMES_GRAPH)
        if part.plan:
            from mskg.networks.selection import find_plan

            chosen = [find_plan(store, part.plan).graph]
        elif part.graph:
            if part.graph not in names:
                raise InputError(f"no named graph {part.graph!r} in the store; `mskg stats` lists them")
            chosen = [part.graph]
        else:
            chosen = [name for name in names if name not in vocabularies]
        if part.includes_vocabularies:
            from mskg.ontology import load_ontology, load_schemes

            chosen += [name for name in vocabularies if name in names and name not in chosen]
            for name, packaged in zip(vocabularies, (load_ontology, load_schemes)):
                if name not in names:  # a store written by other tools: the packaged vocabulary
                    extra += _quads_of_rdflib(packaged(), name)
    if part.with_shapes:
        from mskg.shapes import load_shapes

        extra += _quads_of_rdflib(load_shapes(), SHAPES_GRAPH)
    target = io.BytesIO() if output is None else output
    store.export(target, fmt, graphs=chosen, extra=extra)
    return target.getvalue() if output is None else None
