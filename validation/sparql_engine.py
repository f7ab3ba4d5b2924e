"""The ``oxigraph`` engine: shapes compiled to SPARQL (:mod:`mskg.validation.compiler`)
and run by Oxigraph over the whole graph, one query per constraint.

The report graph it builds has the form pySHACL gives (a blank-node ``sh:ValidationReport``
with one ``sh:ValidationResult`` per result: focus node, value, result path copied from
the shapes graph, source shape, constraint component, source constraint, severity and the
messages, with the variables of SHACL-SPARQL messages substituted as pySHACL does), so
:func:`mskg.validation.outcome.outcome_from_report` normalises both alike.

Where the data come from:

* :func:`run_oxigraph` — an rdflib graph (``mskg validate --data``, tests), copied into an
  in-memory Oxigraph store;
* :func:`report_for_store` — a pyoxigraph store and the named graphs to validate,
  queried where it is (the embedded store: nothing is copied).

>>> from rdflib import Graph
>>> from rdflib.namespace import SH
>>> from mskg.shapes import load_shapes
>>> report = run_oxigraph(Graph(), load_shapes())
>>> [str(conforms) for conforms in report.objects(None, SH.conforms)]
['true']
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from mskg.graph_store.terms import oxigraph_triples, to_oxigraph, to_rdflib
from mskg.validation.compiler import CompiledConstraint, compile_shapes
from mskg.validation.outcome import copy_path

__all__ = ["StoreView", "compiled", "report_for_store", "run_oxigraph"]


def run_oxigraph(data: Graph, shapes: Graph, *, ntriples: str | None = None) -> Graph:
    """Validate an rdflib graph: copied into an in-memory Oxigraph store, then queried."""
    store = ox.Store()
    if ntriples is not None:
        store.load(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    else:
        default = ox.DefaultGraph()
        store.extend(ox.Quad(t.subject, t.predicate, t.object, default) for t in oxigraph_triples(data))
    return report_for_store(store, shapes, graphs=None, restore=_lexical_forms(data))


def _lexical_forms(data: Graph) -> Callable[[Node], Node]:
    """Oxigraph keeps numbers and dates in a canonical form ("6400.0" comes back as
    "6400"); this maps a literal of a result back to the one written in ``data`` (when
    the data hold a single lexical form of that value), so the report shows what the
    data say, as pySHACL's does."""
    originals: dict[tuple, Literal | None] = {}
    for term in data.objects():
        if isinstance(term, Literal) and term.datatype is not None and term.datatype != XSD.string:
            key = _value_key(term)
            if key in originals and originals[key] != term:
                originals[key] = None  # two spellings of one value: keep the canonical one
            else:
                originals[key] = term

    def restore(term: Node) -> Node:
        if isinstance(term, Literal) and term.datatype is not None:
            return originals.get(_value_key(term)) or term
        return term

    return restore


def _value_key(term: Literal) -> tuple:
    value = term.toPython()
    return (term.datatype, value if not isinstance(value, Literal) else str(value))


def report_for_store(store: ox.Store, shapes: Graph, *, graphs: Sequence[str] | None,
                     restore: Callable[[Node], Node] | None = None) -> Graph:
    """The report graph of ``shapes`` over ``store``: the union of named graphs ``graphs``,
    or the default graph when ``graphs`` is None.

    :raises mskg.validation.compiler.UnsupportedShape: a shape the compiler cannot run.
    """
    constraints = compiled(shapes)
    dataset = {}
    if graphs is not None:
        dataset = {"default_graph": [ox.NamedNode(g) for g in graphs]}
    report = Graph()
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    count = 0

    def rows(constraint: CompiledConstraint) -> list[dict]:
        solutions = store.query(constraint.query, **dataset)
        names = [v.value for v in solutions.variables]
        return [{name: to_rdflib(solution[name]) for name in names if solution[name] is not None}
                for solution in solutions]

    # Oxigraph releases the GIL while it evaluates a query: the constraints run one per core
    # at a time, and the report is built in the constraints' order.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for constraint, found in zip(constraints, pool.map(rows, constraints)):
            for row in found:
                if restore is not None:
                    row = {name: restore(term) for name, term in row.items()}
                _add_result(report, root, constraint, row, shapes)
                count += 1
    report.add((root, SH.conforms, Literal(count == 0)))
    return report


#: compiled constraints by the content of their shapes graph, the most recent few
_COMPILED: dict[int, list[CompiledConstraint]] = {}
_COMPILED_KEPT = 8


def compiled(shapes: Graph) -> list[CompiledConstraint]:
    """The compiled constraints of a shapes graph, cached by the graph's content: the
    bundled shapes are loaded into a new graph for every validation, and compiling them
    takes a second or more."""
    key = hash(frozenset(shapes))
    found = _COMPILED.get(key)
    if found is None:
        found = compile_shapes(shapes)
        if len(_COMPILED) >= _COMPILED_KEPT:
            del _COMPILED[next(iter(_COMPILED))]
        _COMPILED[key] = found
    return found


def _add_result(report: Graph, root, constraint: CompiledConstraint, row: dict, shapes: Graph) -> None:
    node = BNode()
    report.add((root, SH.result, node))
    report.add((node, RDF.type, SH.ValidationResult))
    report.add((node, SH.sourceConstraintComponent, constraint.component))
    report.add((node, SH.sourceShape, constraint.shape))
    report.add((node, SH.resultSeverity, constraint.severity))
    focus = row.get("this")
    report.add((node, SH.focusNode, focus))
    value = row.get("value")
    if constraint.source_constraint is not None:
        if value is None and constraint.value_is_focus:
            value = focus
    if value is not None:
        report.add((node, SH.value, value))
    path = row.get("path") if constraint.source_constraint is not None else None
    if path is None:
        path = constraint.path
    if path is not None:
        report.add((node, SH.resultPath, copy_path(shapes, path, report)))
    if constraint.source_constraint is not None:
        report.add((node, SH.sourceConstraint, copy_path(shapes, constraint.source_constraint, report)
                    if isinstance(constraint.source_constraint, BNode) else constraint.source_constraint))
        bound = {k: v for k, v in row.items() if not k.startswith("_")}
        if value is not None:
            bound["value"] = value
        for message in constraint.extra_messages + constraint.messages:
            report.add((node, SH.resultMessage, Literal(_substitute(str(message), bound))))
    else:
        for message in constraint.messages:
            report.add((node, SH.resultMessage, message))
        if not constraint.messages and constraint.generic:
            report.add((node, SH.resultMessage, Literal(constraint.generic)))


def _substitute(message: str, bound: dict) -> str:
    """``{?name}`` / ``{$name}`` replaced by the value's text, as pySHACL does."""
    for name, value in bound.items():
        message = re.sub(r"\{[?$]" + re.escape(name) + r"\}", lambda _m, v=str(value): v, message)
    return message


class StoreView:
    """The default graph of a pyoxigraph store, read through the few rdflib ``Graph``
    calls the report's annotator makes (``objects``, ``subjects``, ``value``, ``in``):
    labels, documents and source sentences of the results are looked up in the store
    where they are, instead of being copied into an rdflib graph first."""

    def __init__(self, store: ox.Store, graphs: Callable[[str], bool] | None = None) -> None:
        """``graphs``: read the named graphs it accepts (by name) instead of the default
        graph — the asserted graphs of an on-disk store."""
        self._store = store
        self._graph = ox.DefaultGraph() if graphs is None else None
        self._accepts = graphs

    def _quads(self, s: Node | None, p: Node | None, o: Node | None):
        if any(isinstance(t, Literal) for t in (s, p)) or isinstance(p, BNode):
            return iter(())
        found = self._store.quads_for_pattern(
            None if s is None else to_oxigraph(s), None if p is None else to_oxigraph(p),
            None if o is None else to_oxigraph(o), self._graph)
        if self._accepts is None:
            return found
        accepts = self._accepts
        return (q for q in found if isinstance(q.graph_name, ox.NamedNode) and accepts(q.graph_name.value))

    def objects(self, subject: Node | None = None, predicate: Node | None = None):
        return (to_rdflib(q.object) for q in self._quads(subject, predicate, None))

    def subjects(self, predicate: Node | None = None, obj: Node | None = None):
        return (to_rdflib(q.subject) for q in self._quads(None, predicate, obj))

    def value(self, subject: Node | None = None, predicate: Node | None = None):
        return next(self.objects(subject, predicate), None)

    def __contains__(self, triple: tuple[Node, Node, Node]) -> bool:
        return next(iter(self._quads(*triple)), None) is not None
