"""What ``mskg export`` writes, and the deterministic serialization every store's
``dump`` uses.

Same content, same bytes: blank nodes get canonical labels (RDFC-1.0), quads are
sorted by their N-Quads text, and the serializer (pyoxigraph's, for every backend)
writes them in that order. Turtle and N-Triples merge the named graphs into one
graph (or serialize the one graph asked for); N-Quads, TriG and JSON-LD keep them.

:func:`export_dataset` chooses the named graphs: the whole dataset, one plan (the
named graph of its document) or one graph. The ontology and concept schemes are
graphs of the store already (written by every ingest); ``with_ontology`` adds them to
a plan or graph export, and, when the store lacks them, the packaged ones.
``with_shapes`` adds the packaged SHACL shapes as the graph ``…/graph/shapes``.
Quads of the chosen graphs are read back from the store's own N-Quads dump, so every
backend gives the same bytes. By default the whole dataset comes with its ontology
and schemes and a plan or a graph without them; ``with_ontology`` True or False says
otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
import rdflib

from mskg.errors import InputError
from mskg.formats import RDF, Format
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


def _canonical(quads: list[ox.Quad]) -> list[ox.Quad]:
    if any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        quads = list(dataset)
    return sorted(set(quads), key=str)


def serialize(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """Deterministic bytes in ``fmt`` for ``quads`` (their graph names kept or merged)."""
    spec = export_format(fmt)
    quads = list(quads)
    if not spec.keeps_graphs:
        quads = [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads]
    ordered = _canonical(quads)
    if spec.keeps_graphs:
        data: list = ordered
    else:
        data = [ox.Triple(q.subject, q.predicate, q.object) for q in ordered]
    writer = _WRITERS[spec.name]
    prefixes = PREFIXES if writer in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    out = ox.serialize(data, format=writer, prefixes=prefixes) or b""
    return _sorted_prefix_lines(out) if prefixes else out


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


def _store_quads(store, graph: str) -> list[ox.Quad]:
    data = store.dump("nquads", graph=graph)
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def export_dataset(
    store,
    fmt: str,
    *,
    plan: str | None = None,
    graph: str | None = None,
    with_ontology: bool | None = None,
    with_shapes: bool = False,
) -> bytes:
    """Deterministic bytes of the chosen part of the store in ``fmt``.

    ``plan``: a document id, a plan/document/graph IRI or part of a title (see
    :func:`mskg.networks.selection.find_plan`); ``graph``: a named graph IRI. Without
    either, the whole dataset (every named graph).

    :raises InputError: unknown format, both ``plan`` and ``graph``, a plan or graph
        that is not in the store.
    """
    export_format(fmt)
    if plan and graph:
        raise InputError("give --plan or --graph, not both")
    whole = not plan and not graph
    if with_ontology is None:
        with_ontology = whole
    if whole and with_ontology and not with_shapes:
        return store.dump(fmt)  # every named graph: the store's own export
    names = store.graphs()
    vocabularies = (ONTOLOGY_GRAPH, SCHEMES_GRAPH)
    if plan:
        from mskg.networks.selection import find_plan

        chosen = [find_plan(store, plan).graph]
    elif graph:
        if graph not in names:
            raise InputError(f"no named graph {graph!r} in the store; `mskg stats` lists them")
        chosen = [graph]
    else:
        chosen = [name for name in names if name not in vocabularies]
    if with_ontology:
        chosen += [name for name in vocabularies if name in names and name not in chosen]
    quads: list[ox.Quad] = []
    for name in chosen:
        quads += _store_quads(store, name)
    if with_ontology:
        from mskg.ontology import load_ontology, load_schemes

        for name, packaged in zip(vocabularies, (load_ontology, load_schemes)):
            if name not in names:  # a store written by other tools: the packaged vocabulary
                quads += _quads_of_rdflib(packaged(), name)
    if with_shapes:
        from mskg.shapes import load_shapes

        quads += _quads_of_rdflib(load_shapes(), SHAPES_GRAPH)
    return serialize(quads, fmt)
