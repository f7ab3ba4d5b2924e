"""SHACL engines behind one function: data graph + shapes graph → sh:ValidationReport graph.

``oxigraph`` (the default) compiles the shapes to SPARQL, one whole-graph query per
constraint (:mod:`mskg.validation.compiler`), and runs them with Oxigraph; the report is
built from their rows. ``pyshacl`` is the reference engine: the tests compare the two on
every shape case and on the corpus, and ``bench/validation.py`` times both.

A third engine, rudof (``pyrudof``), was dropped: it was faster than pySHACL on small graphs
but grew faster than the graph (``FILTER NOT EXISTS { $this … }``) and ran out of 24 GB on
two million triples, while the compiled queries validate a million triples in seconds.

Neither engine is given an inference regime: the mskg data materialise every type a
shape targets (a sub-measure is typed ``mskg:SubMeasure``, ``mskg:Measure`` and
``mskg:Item``), and the ontology's ``rdfs:subClassOf`` triples, merged into the data by
:mod:`mskg.validation`, give SHACL's own subclass semantics for ``sh:targetClass`` and
``sh:class`` in both engines.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from rdflib import Graph

from mskg.errors import InputError

__all__ = ["DEFAULT_ENGINE", "ENGINES", "engine", "run_oxigraph", "run_pyshacl"]


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


def run_oxigraph(data: Graph, shapes: Graph, *, ntriples: str | None = None) -> Graph:
    """Validate with the shapes compiled to SPARQL, run by Oxigraph (:mod:`mskg.validation.sparql_engine`)."""
    from mskg.validation.sparql_engine import run_oxigraph as run

    return run(data, shapes, ntriples=ntriples)


ENGINES: dict[str, Callable[..., Graph]] = {"oxigraph": run_oxigraph, "pyshacl": run_pyshacl}
DEFAULT_ENGINE = "oxigraph"


def engine(name: str) -> Callable[..., Graph]:
    """The engine function registered as ``name``."""
    try:
        return ENGINES[name]
    except KeyError:
        raise InputError(f"unknown validation engine {name!r}; choose one of: {', '.join(ENGINES)}") from None


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
