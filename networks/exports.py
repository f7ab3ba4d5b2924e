"""What ``mskg export`` writes: the whole dataset, one plan or one graph, with or
without the ontology and the SHACL shapes.

The store serializes (deterministically, see :mod:`mskg.graph_store.export`); this
module chooses the named graphs. One plan is the named graph of its document. The
ontology and concept schemes are graphs of the store already (written by every
ingest); ``with_ontology`` adds them to a plan or graph export, and, when the store
lacks them, the packaged ones. ``with_shapes`` adds the packaged SHACL shapes as the
graph ``…/graph/shapes``. Quads of the chosen graphs are read back from the store's
own N-Quads dump, so every backend gives the same bytes.

By default the whole dataset comes with its ontology and schemes (they are graphs of
the store) and a plan or a graph without them; ``with_ontology`` True or False says
otherwise.
"""

from __future__ import annotations

from importlib.resources import files

import pyoxigraph as ox
import rdflib

from mskg.errors import InputError
from mskg.graph_store.export import export_format, serialize
from mskg.identifiers import GRAPH, ONTOLOGY_GRAPH, SCHEMES_GRAPH

SHAPES_GRAPH = GRAPH + "shapes"


def shapes_graph() -> rdflib.Graph:
    """Every packaged SHACL shapes file (``mskg.shapes/*.ttl``) in one graph."""
    graph = rdflib.Graph()
    for ref in sorted(files("mskg.shapes").iterdir(), key=lambda r: r.name):
        if ref.name.endswith(".ttl"):
            graph.parse(data=ref.read_text(encoding="utf-8"), format="turtle")
    return graph


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
        quads += _quads_of_rdflib(shapes_graph(), SHAPES_GRAPH)
    return serialize(quads, fmt)
