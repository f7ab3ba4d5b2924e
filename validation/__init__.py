"""Validate the mskg graph with its SHACL shapes, for auditors.

>>> from rdflib import Graph
>>> outcome = validate_graph(Graph())
>>> outcome.counts()
{'violation': 0, 'warning': 0, 'info': 0}
>>> outcome.exceeds("info")
False

The data are validated together with the ontology and the concept schemes (the enumerated
concepts are checked as data too, and ``rdfs:subClassOf`` gives ``sh:class`` its meaning);
no inference regime is applied — the graph materialises the types its shapes target.
Engines: ``oxigraph`` (the default: shapes compiled to SPARQL, run by Oxigraph) and
``pyshacl`` (the reference), with the same results.
"""

from __future__ import annotations

import functools
import os
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rdflib import Dataset, Graph

from mskg.errors import InputError
from mskg.validation.engines import DEFAULT_ENGINE, ENGINES, engine as _engine
from mskg.validation.outcome import FAIL_ON, SEVERITY_ORDER, ValidationOutcome, ValidationResult, outcome_from_report
from mskg.validation.rendering import FORMATS, SUFFIXES, render

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "FAIL_ON",
    "FORMATS",
    "SEVERITY_ORDER",
    "SUFFIXES",
    "ValidationOutcome",
    "ValidationResult",
    "load_data",
    "render",
    "validate_graph",
    "validate_store",
]

ShapesArg = Graph | Sequence[str | Path] | str | Path | None



def validate_graph(
    data: Graph,
    *,
    shapes: ShapesArg = None,
    engine: str = DEFAULT_ENGINE,
    ontology: bool = True,
    ntriples: str | None = None,
) -> ValidationOutcome:
    """Validate ``data`` (with the ontology and schemes merged in when ``ontology``).

    ``shapes``: None for the bundled core and recommended shapes, a graph, or paths of
    shapes files and folders. ``ntriples`` may pass the data already serialised (the
    oxigraph engine then loads that text instead of converting the graph).

    :raises InputError: unknown engine, unreadable or malformed shapes.
    """
    run = _engine(engine)
    shapes_graph = _shapes(shapes)
    graph = data
    if ontology:
        graph = _with_vocabularies(data)
        ntriples = None
    began = time.perf_counter()
    report = run(graph, shapes_graph, ntriples=ntriples)
    seconds = time.perf_counter() - began
    outcome = outcome_from_report(report, graph, shapes_graph, engine=engine)
    outcome.seconds = seconds
    outcome.triples = len(graph)
    return outcome


def validate_store(store, *, shapes: ShapesArg = None, engine: str = DEFAULT_ENGINE, ontology: bool = True) -> ValidationOutcome:
    """Validate the union of the asserted named graphs of ``store`` (documents, ontology,
    schemes); graphs of inferred triples (``mskg.inference``) are left out.

    The ontology and concept schemes are added from the package when ``ontology`` is true
    (a store filled by ``mskg build`` or ``mskg ingest`` already holds them).

    The ``oxigraph`` engine copies the graphs into an in-memory Oxigraph store (natively
    from an embedded store; through the store interface from a remote one) and runs the
    compiled queries there; pySHACL validates an rdflib copy of the graphs.
    """
    from mskg.inference import is_inferred_graph

    _engine(engine)  # an unknown engine fails before anything is read
    names = [name for name in store.graphs() if not is_inferred_graph(name)]
    if engine == "oxigraph":
        return _validate_store_sparql(store, names, shapes=shapes, ontology=ontology)
    chunks = []
    for name in names:  # derived triples are checked through what they derive from
        raw = store.dump("ntriples", graph=name)
        chunks.append(raw.decode("utf-8") if isinstance(raw, bytes) else str(raw))
    text = "".join(chunks)
    graph = Graph()
    if text.strip():
        graph.parse(data=text, format="nt")
    return validate_graph(graph, shapes=shapes, engine=engine, ontology=ontology,
                          ntriples=None if ontology else text)


def _validate_store_sparql(store, names: list[str], *, shapes: ShapesArg, ontology: bool) -> ValidationOutcome:
    """The graphs ``names`` copied into an in-memory Oxigraph store, then queried there:
    Oxigraph answers a query on an in-memory default graph several times faster than on the
    union of on-disk named graphs (the compiled constraints take 15 times as long there,
    ×10 corpus), and the copy takes exactly the graphs asked for. The results' labels and
    source sentences are then read from the in-memory store too (:class:`StoreView`)."""
    import pyoxigraph as ox

    from mskg.validation.sparql_engine import StoreView, compiled, report_for_store

    shapes_graph = _shapes(shapes)
    native = getattr(store, "oxigraph_store", None)  # the embedded store dumps a graph natively
    memory = ox.Store()
    default = ox.DefaultGraph()

    def dump(name: str) -> bytes:
        if native is not None:
            return native.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        return store.dump("ntriples", graph=name)

    def load(text: bytes) -> None:
        # lenient: the text was written by Oxigraph's own serializer from valid terms, and
        # checking every IRI again takes a tenth of the load
        memory.load(text, format=ox.RdfFormat.N_TRIPLES, to_graph=default, lenient=True)

    # Reading the on-disk store (a look-up of every term's text) is most of the copy, and
    # Oxigraph releases the GIL while it dumps: the graphs are read one per core at a time,
    # a few ahead, while this thread loads them into the in-memory store one after another.
    # The shapes are compiled meanwhile (a second or two of parsing, in Python).
    workers = os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=workers + 1) as pool:
        compiling = pool.submit(compiled, shapes_graph)
        pending: deque = deque()
        for name in names:
            pending.append(pool.submit(dump, name))
            if len(pending) > 2 * workers:
                load(pending.popleft().result())
        while pending:
            load(pending.popleft().result())
        compiling.result()  # a shape the compiler refuses fails here, before any query
    if ontology:
        memory.load(_vocabularies().serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
                    to_graph=default)
    began = time.perf_counter()
    report = report_for_store(memory, shapes_graph, graphs=None)
    seconds = time.perf_counter() - began
    outcome = outcome_from_report(report, StoreView(memory), shapes_graph, engine="oxigraph")
    outcome.seconds = seconds
    outcome.triples = len(memory)
    return outcome


def load_data(path: str | Path) -> Graph:
    """Read an RDF file to validate (format from its suffix; quads are merged).

    :raises InputError: a missing or unreadable file, or one that is not valid RDF.
    """
    p = Path(path)
    from mskg.formats import RDF_INPUT

    name = RDF_INPUT.for_suffix(p)
    if name is None:
        raise InputError(f"{p}: unknown RDF file suffix {p.suffix!r}; use one of {', '.join(sorted(RDF_INPUT.suffixes))}")
    fmt = RDF_INPUT[name].rdflib
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"{p}: cannot read the data file ({e.strerror or e})") from None
    try:
        if fmt in ("nquads", "trig"):
            dataset = Dataset()
            dataset.parse(data=data, format=fmt)
            graph = Graph()
            for s, p_, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p_, o))
            return graph
        return Graph().parse(data=data, format=fmt)
    except Exception as e:  # rdflib raises several syntax error types
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputError(f"{p}: not valid RDF ({fmt}): {first}") from None


def _shapes(shapes: ShapesArg) -> Graph:
    from mskg.shapes import load_shapes

    if isinstance(shapes, Graph):
        return shapes
    if shapes is None:
        return load_shapes()
    if isinstance(shapes, (str, Path)):
        return load_shapes([shapes])
    return load_shapes(list(shapes))


def _with_vocabularies(data: Graph) -> Graph:
    graph = Graph()
    graph += data
    graph += _vocabularies()
    return graph


@functools.lru_cache(maxsize=1)
def _vocabularies() -> Graph:
    """The ontology and concept schemes as one graph (read once; callers copy from it)."""
    from mskg.ontology import load_ontology, load_schemes

    graph = Graph()
    graph += load_ontology()
    graph += load_schemes()
    return graph
