"""SHACL engines behind one function: data graph + shapes graph → sh:ValidationReport graph.

``pyshacl`` is the reference engine. ``rudof`` (the ``pyrudof`` package, a Rust
implementation) runs the same shapes, SHACL-SPARQL included, with the same results on
every shape case and on the corpus; it is imported only when chosen
(``pip install 'mskg[rudof]'``). Measured with ``bench/validation.py``: 8–9 times
faster than pySHACL on the corpus graph (26k triples: 2.2 s against 17.1 s) and on ten
times the corpus (209k triples: 26 s against 228 s). pySHACL grows linearly; rudof does
not (``FILTER NOT EXISTS { $this … }`` costs it more than linear time) and ran out of 24 GB
on two million triples, which pySHACL validated in 40 minutes.

Neither engine is given an inference regime: the mskg data materialise every type a
shape targets (a sub-measure is typed ``mskg:SubMeasure``, ``mskg:Measure`` and
``mskg:Item``), and the ontology's ``rdfs:subClassOf`` triples, merged into the data by
:mod:`mskg.validation`, give SHACL's own subclass semantics for ``sh:targetClass`` and
``sh:class`` in both engines.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable

from rdflib import Graph

from mskg.errors import InputError

__all__ = ["ENGINES", "engine", "preferred_engine", "run_pyshacl", "run_rudof"]


class _PreparedQueryGraph(Graph):
    """A view of a graph's store that parses each distinct SPARQL text once.

    pySHACL evaluates a SHACL-SPARQL constraint once per focus node, passing the same
    query text with ``$this`` pre-bound each time; rdflib would parse and translate it
    again for every node. A prepared query is evaluated with new bindings unchanged.
    """

    def __init__(self, source: Graph):
        super().__init__(store=source.store, identifier=source.identifier, namespace_manager=source.namespace_manager)

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,  # noqa: N803
              initBindings=None, use_store_provided=True, **kwargs):  # noqa: N803
        if isinstance(query_object, str) and not initNs and processor == "sparql" and not kwargs:
            query_object = _prepared_query(query_object)
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


@functools.lru_cache(maxsize=512)
def _prepared_query(text: str):
    """A parsed and translated query, reusable with any graph and bindings."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def run_pyshacl(data: Graph, shapes: Graph, *, ntriples: str | None = None) -> Graph:
    """Validate with pySHACL (no inference, SHACL-SPARQL enabled); the report graph."""
    import pyshacl

    try:
        _, report, _ = pyshacl.validate(
            _PreparedQueryGraph(data),
            shacl_graph=shapes,
            inference="none",
            abort_on_first=False,
            allow_infos=True,
            allow_warnings=True,
            inplace=True,  # no inference, so the data are not changed; saves a copy
        )
    except Exception as e:  # pyshacl reports malformed shapes as runtime errors
        raise InputError(f"the shapes cannot be applied (pySHACL: {_first_line(e)})") from None
    return report


def run_rudof(data: Graph, shapes: Graph, *, ntriples: str | None = None) -> Graph:
    """Validate with rudof (``pyrudof``, native engine); the report graph.

    ``ntriples`` may give the data already serialised, to save a serialisation.
    """
    try:
        pyrudof = importlib.import_module("pyrudof")
    except ImportError:
        raise InputError(
            "the rudof engine needs the pyrudof package: pip install 'mskg[rudof]' (or choose --engine pyshacl)"
        ) from None
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    text = ntriples if ntriples is not None else data.serialize(format="nt", encoding="utf-8").decode("utf-8")
    try:
        rudof.read_data(text, format=pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict)
    except Exception as e:
        raise InputError(f"rudof cannot read the data graph: {_first_line(e)}") from None
    try:
        rudof.read_shacl(shapes.serialize(format="turtle"), format=pyrudof.ShaclFormat.Turtle,
                         reader_mode=pyrudof.ReaderMode.Strict)
    except Exception as e:
        raise InputError(f"rudof cannot read the shapes: {_first_line(e)}") from None
    rudof.validate_shacl(mode=pyrudof.ShaclValidationMode.Native)
    turtle = rudof.serialize_shacl_validation_results(format=pyrudof.ResultShaclValidationFormat.Turtle)
    return Graph().parse(data=turtle, format="turtle")


ENGINES: dict[str, Callable[..., Graph]] = {"pyshacl": run_pyshacl, "rudof": run_rudof}


def preferred_engine() -> str:
    """``rudof`` when pyrudof is installed (same results on the corpus, several times
    faster), else the reference ``pyshacl``."""
    import importlib.util

    return "rudof" if importlib.util.find_spec("pyrudof") is not None else "pyshacl"


def engine(name: str) -> Callable[..., Graph]:
    """The engine function registered as ``name``."""
    try:
        return ENGINES[name]
    except KeyError:
        raise InputError(f"unknown validation engine {name!r}; choose one of: {', '.join(ENGINES)}") from None


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
