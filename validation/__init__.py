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
from mskg.identifiers import owning_document
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


def validate_store(store, *, shapes: ShapesArg = None, engine: str = DEFAULT_ENGINE, ontology: bool = True,
                   reuse: bool = True) -> ValidationOutcome:
    """Validate the union of the asserted named graphs of ``store`` (documents, ontology,
    schemes); graphs of inferred triples (``mskg.inference``) are left out.

    The ontology and concept schemes are added from the package when ``ontology`` is true
    (a store filled by ``mskg build`` or ``mskg ingest`` already holds them).

    The ``oxigraph`` engine copies the graphs into an in-memory Oxigraph store (natively
    from an embedded store; through the store interface from a remote one) and runs the
    compiled queries there; pySHACL validates an rdflib copy of the graphs. With ``reuse``
    (an embedded store, the bundled shapes, the oxigraph engine), the results of documents
    that did not change since the last run are reused and only the changed documents and
    the rules about shared nodes are checked (:mod:`mskg.validation.incremental`).
    """
    from mskg.inference import is_inferred_graph

    _engine(engine)  # an unknown engine fails before anything is read
    names = [name for name in store.graphs() if not is_inferred_graph(name)]
    if engine == "oxigraph":
        return _validate_store_sparql(store, names, shapes=shapes, ontology=ontology, reuse=reuse)
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


def _validate_store_sparql(store, names: list[str], *, shapes: ShapesArg, ontology: bool,
                           reuse: bool) -> ValidationOutcome:
    """The oxigraph engine on a store: over the whole graph, or reusing stored results."""
    import pyoxigraph as ox

    from mskg.validation import incremental

    native = getattr(store, "oxigraph_store", None)  # the embedded store dumps a graph natively

    def dump(name: str) -> bytes:
        if native is not None:
            return native.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        return store.dump("ntriples", graph=name)

    results = incremental.result_file_for(store) if reuse and shapes is None else None
    if results is None:
        return _validate_whole(names, dump, shapes=shapes, ontology=ontology)
    documents = [n for n in names if owning_document(n) is not None]
    others = [n for n in names if owning_document(n) is None]
    vocabularies = [dump(n) for n in others] + ([_vocabularies_text()] if ontology else [])
    context = incremental.context_digest(_bundled_shapes_text(), vocabularies)
    recorded = incremental.recorded_digests(native)
    plan = incremental.plan(documents, results.read(context), recorded, dump)
    outcome = None
    if not plan.full:
        outcome = _validate_changed(plan, documents, recorded, vocabularies, dump, native)
    if outcome is None:
        outcome, plan.entries = _validate_whole_stored(names, documents, recorded, dump, ontology=ontology)
        outcome.documents_checked, outcome.documents_reused = len(documents), 0
    problem = results.write(context, plan.entries)
    if problem:
        import logging

        logging.getLogger("mskg").warning("the validation results cannot be kept for the next run: %s", problem)
    return outcome


def _validate_whole(names: list[str], dump, *, shapes: ShapesArg, ontology: bool,
                    each=None) -> ValidationOutcome:
    """The graphs ``names`` copied into an in-memory Oxigraph store, then queried there:
    Oxigraph answers a query on an in-memory default graph several times faster than on the
    union of on-disk named graphs (the compiled constraints take 15 times as long there,
    ×10 corpus), and the copy takes exactly the graphs asked for. The results' labels and
    source sentences are then read from the in-memory store too (:class:`StoreView`).
    ``each(name, text)`` sees every graph's text as it is copied."""
    import pyoxigraph as ox

    from mskg.validation.sparql_engine import StoreView, compiled, report_for_store

    shapes_graph = _shapes(shapes)
    memory = ox.Store()
    default = ox.DefaultGraph()

    def load(name: str, text: bytes) -> None:
        # lenient: the text was written by Oxigraph's own serializer from valid terms, and
        # checking every IRI again takes a tenth of the load
        memory.load(text, format=ox.RdfFormat.N_TRIPLES, to_graph=default, lenient=True)
        if each is not None:
            each(name, text)

    # Reading the on-disk store (a look-up of every term's text) is most of the copy, and
    # Oxigraph releases the GIL while it dumps: the graphs are read one per core at a time,
    # a few ahead, while this thread loads them into the in-memory store one after another.
    # The shapes are compiled meanwhile (a second or two of parsing, in Python).
    workers = os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=workers + 1) as pool:
        compiling = pool.submit(compiled, shapes_graph)
        pending: deque = deque()
        for name in names:
            pending.append((name, pool.submit(dump, name)))
            if len(pending) > 2 * workers:
                done, future = pending.popleft()
                load(done, future.result())
        while pending:
            done, future = pending.popleft()
            load(done, future.result())
        compiling.result()  # a shape the compiler refuses fails here, before any query
    if ontology:
        memory.load(_vocabularies_text(), format=ox.RdfFormat.N_TRIPLES, to_graph=default)
    began = time.perf_counter()
    report = report_for_store(memory, shapes_graph, graphs=None)
    seconds = time.perf_counter() - began
    outcome = outcome_from_report(report, StoreView(memory), shapes_graph, engine="oxigraph")
    outcome.seconds = seconds
    outcome.triples = len(memory)
    return outcome


def _validate_whole_stored(names, documents, recorded, dump, *, ontology: bool):
    """The whole graph at once, and every document's results as stored for the next run."""
    from mskg.validation import incremental

    entries: dict[str, incremental.Entry] = {}
    wanted = set(documents)

    def each(name: str, text: bytes) -> None:
        if name in wanted:
            split = incremental.split_document(owning_document(name), text)
            entries[name] = incremental.Entry(incremental.content_digest(name, recorded, text), "", split.own,
                                              split.shared, split.mentions)

    outcome = _validate_whole(names, dump, shapes=None, ontology=ontology, each=each)
    for result in outcome.results:
        graph = _owner_graph(result.focus)
        if graph in entries:
            entries[graph].results.append(incremental.result_record(result, outcome.report_graph))
    shared = incremental.SharedStatements(line for e in entries.values() for line in e.shared)
    for entry in entries.values():
        entry.reach = shared.reachable_digest(entry.mentions)
    return outcome, entries


def _validate_changed(plan, documents, recorded, vocabularies: list[bytes], dump, native) -> ValidationOutcome | None:
    """The documents of ``plan.recheck`` (and those whose shared statements changed) one by
    one, and the rules about shared nodes; the other documents' stored results; None when
    so many documents need checking that one run over the whole graph is cheaper."""
    import pyoxigraph as ox

    from mskg.validation import incremental
    from mskg.validation.sparql_engine import StoreView, compiled, report_for_store

    shapes_graph = _shapes(None)
    texts = dict(plan.dumps)
    for graph in plan.recheck:
        text = texts.get(graph)
        if text is None:
            text = texts[graph] = dump(graph)
        split = incremental.split_document(owning_document(graph), text)
        plan.entries[graph] = incremental.Entry(incremental.content_digest(graph, recorded, text), "", split.own,
                                                split.shared, split.mentions)
    shared = incremental.SharedStatements(line for e in plan.entries.values() for line in e.shared)
    recheck = set(plan.recheck)
    for graph, entry in plan.entries.items():
        reach = shared.reachable_digest(entry.mentions)
        if reach != entry.reach:  # what it reaches of other documents' statements changed
            recheck.add(graph)
            entry.reach = reach
    if len(recheck) > incremental.SHARE_RECHECKED * len(documents) + 1:
        return None
    compiled(shapes_graph)
    began = time.perf_counter()
    statements = shared.text()

    def check(text: bytes, view=None):
        memory = ox.Store()
        # one text at a time, as the whole run copies them: blank nodes are not merged
        for part in (*vocabularies, statements, text):
            if part:
                memory.load(part, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph(), lenient=True)
        report = report_for_store(memory, shapes_graph, graphs=None)
        return memory, outcome_from_report(report, view or StoreView(memory), shapes_graph, engine="oxigraph")

    # the rules about shared nodes; their results are annotated (labels, source sentences)
    # from the asserted graphs of the store, as a run over the whole graph annotates them
    from mskg.inference import is_inferred_graph

    memory, outcome = check(b"", StoreView(native, graphs=lambda g: not is_inferred_graph(g)))
    triples = len(memory)
    records = [incremental.result_record(r, outcome.report_graph) for r in outcome.results
               if _owner_graph(r.focus) not in plan.entries]
    for graph in sorted(recheck):
        text = texts.get(graph)
        if text is None:
            text = dump(graph)
        _, outcome = check(text)
        entry = plan.entries[graph]
        entry.results = [incremental.result_record(r, outcome.report_graph) for r in outcome.results
                         if _owner_graph(r.focus) == graph]
    for entry in plan.entries.values():
        records.extend(entry.results)
        triples += entry.own
    from mskg.shapes import rules

    outcome = incremental.merge(records, engine="oxigraph", triples=triples, seconds=time.perf_counter() - began,
                                shapes=len(rules(shapes_graph)))
    outcome.documents_checked, outcome.documents_reused = len(recheck), len(documents) - len(recheck)
    return outcome


def _owner_graph(node) -> str | None:
    from rdflib import URIRef

    from mskg.identifiers import document_graph

    if not isinstance(node, URIRef):
        return None
    owner = owning_document(str(node))
    return document_graph(owner) if owner is not None else None


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
def _vocabularies_text() -> bytes:
    """The ontology and concept schemes as N-Triples."""
    return _vocabularies().serialize(format="nt", encoding="utf-8")


def _bundled_shapes_text() -> bytes:
    from importlib import resources

    from mskg.shapes import SHAPE_FILES

    return b"".join((resources.files("mskg.shapes") / name).read_bytes() for name in SHAPE_FILES)


@functools.lru_cache(maxsize=1)
def _vocabularies() -> Graph:
    """The ontology and concept schemes as one graph (read once; callers copy from it)."""
    from mskg.ontology import load_ontology, load_schemes

    graph = Graph()
    graph += load_ontology()
    graph += load_schemes()
    return graph
