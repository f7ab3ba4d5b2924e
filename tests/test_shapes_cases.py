"""Every shape against a passing and a failing case, compared as graphs.

Case files (``tests/shapes_cases/*.ttl``) follow the layout of pySHACL's sht_tests: data
and the expected report in one Turtle file. The data of a case are the valid graph
``base.ttl`` with the case's changes: ``mskgt:remove`` drops triples (one property of a
node, or a whole node), and every triple of the file outside the case's own description
is added. The expected ``sh:ValidationReport`` lists the results; the actual report is
reduced to focus node, path, value, severity, source shape and constraint component and
compared with it by graph isomorphism.

``base.ttl`` is the passing case of every shape; ``*-pass.ttl`` files add passing cases at
a rule's boundary (exactly 100 %, a baseline one year before, a county directly under a
province). ``<rule>.<variant>.ttl`` files add failing cases of a rule with several
constraints (``V-ITEM-14.converse.ttl``). Each failing case must fire its own shape and
nothing else.

Engines: every case runs on the default engine (shapes compiled to SPARQL) with all the
shapes, and must give exactly its expected report; the reference engine, pySHACL, runs the
case with the shapes of the case's own rule (and the shapes they use) and must give the
same report — results, paths, values, messages — as the default engine. (A case fires its
own rule and nothing else, so the default engine's report with all the shapes is the one
pySHACL must give with the rule's shapes; pySHACL with all the shapes took seconds a case.)
The base graph passes on both engines with all the shapes.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH, XSD
from report_keys import result_keys

from mskg.graph_store.terms import to_oxigraph_triple
from mskg.shapes import load_shapes, rules
from mskg.validation import validate_graph

CASES = Path(__file__).parent / "shapes_cases"
MSKGT = Namespace("https://w3id.org/mskg/test#")
CASE = MSKGT.case
KEPT = (SH.focusNode, SH.resultPath, SH.value, SH.resultSeverity, SH.sourceShape, SH.sourceConstraintComponent)



@functools.lru_cache(maxsize=None)
def _shapes() -> Graph:
    return load_shapes()


@functools.lru_cache(maxsize=None)
def _base() -> Graph:
    """``base.ttl`` with the ontology and concept schemes, as ``validate_graph`` merges them
    (merged here once, so each case is validated with ``ontology=False``)."""
    from mskg.ontology import load_ontology, load_schemes

    graph = Graph().parse(CASES / "base.ttl", format="turtle")
    graph += load_ontology()
    graph += load_schemes()
    return graph


def _ntriples(triple) -> str:
    return f"{to_oxigraph_triple(triple)} .\n"


@functools.lru_cache(maxsize=None)
def _base_lines() -> dict:
    """``_base()`` as N-Triples lines by triple (a case's data as text is these lines with
    its removals and additions)."""
    return {triple: _ntriples(triple) for triple in _base()}


# What a rule's shapes bring with them: the shapes, SPARQL constraints, prefix declarations,
# lists and paths they name.
_FOLLOWED = (SH.node, SH["not"], SH.qualifiedValueShape, SH.sparql, SH.prefixes, SH.property, SH.declare,
             SH.path, SH["in"], SH.languageIn, RDF.first, RDF.rest)


@functools.lru_cache(maxsize=None)
def rule_shapes(rule_id: str) -> Graph:
    """The shapes of one rule, with what they use, and the targets of the node shapes that
    hold them (so a property shape has its focus nodes) — nothing of other rules."""
    shapes = _shapes()
    out = Graph()
    todo = [r.shape for r in rules(shapes).values() if r.id == rule_id]
    for shape in list(todo):
        for parent in shapes.subjects(SH.property, shape):
            out.add((parent, RDF.type, SH.NodeShape))
            out.add((parent, SH.property, shape))
            for prop in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
                for target in shapes.objects(parent, prop):
                    out.add((parent, prop, target))
    for triple in _closure(shapes, *todo, follows=_FOLLOWED):
        out.add(triple)
    return out


def _case_files(pattern: str) -> list[Path]:
    return sorted(p for p in CASES.glob(pattern) if p.name != "base.ttl")


def _closure(graph: Graph, *nodes, follows: tuple = ()) -> set:
    """The triples describing ``nodes``: their own, and those of the blank nodes they reach
    and of the objects of the predicates ``follows``."""
    out, todo, seen = set(), list(nodes), set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for p, o in graph.predicate_objects(n):
            out.add((n, p, o))
            if isinstance(o, BNode) or p in follows:
                todo.append(o)
    return out


@contextlib.contextmanager
def case(path: Path) -> Iterator[tuple[Graph, str, Graph, str, str]]:
    """(data, data as N-Triples, expected report, rule id, kind) of a case file, for a
    ``with`` block. The data are the shared base graph with the case's removals and
    additions made in place, and undone when the block ends (a copy of the base for every
    case took as long as validating it); a case must not change the data itself."""
    graph = Graph().parse(path, format="turtle")
    description = _closure(graph, CASE)
    assert description, f"{path.name}: no mskgt:case"
    rule_id = str(graph.value(CASE, MSKGT.rule))
    kind = "pass" if (CASE, RDF.type, MSKGT.PassingCase) in graph else "fail"
    expected = Graph()
    report = graph.value(CASE, MSKGT.expect)
    assert report is not None, f"{path.name}: no mskgt:expect"
    for triple in _closure(graph, report):
        expected.add(triple)
    data = _base()
    lines = dict(_base_lines())  # before any change (the first call reads the base)
    size = len(data)
    removed: set = set()
    added: set = set()
    try:
        for removal in graph.objects(CASE, MSKGT.remove):
            node = graph.value(removal, MSKGT.node)
            prop = graph.value(removal, MSKGT.property)
            assert node is not None, f"{path.name}: a removal without mskgt:node"
            found = set(data.triples((node, prop, None)))
            assert found, f"{path.name}: nothing to remove for {node} {prop}"
            for triple in found:
                data.remove(triple)
            removed |= found
        for triple in graph:
            if triple not in description and triple not in data:
                data.add(triple)
                added.add(triple)
        for triple in removed:
            del lines[triple]
        text = "".join(lines.values()) + "".join(_ntriples(triple) for triple in added)
        yield data, text, _normal(expected), rule_id, kind
    finally:
        for triple in added:
            data.remove(triple)
        for triple in removed:
            data.add(triple)
    assert len(data) == size, f"{path.name}: the base graph was changed during the case"


def _normal(report: Graph) -> Graph:
    """A report reduced to the terms both engines give and a case can state."""
    out = Graph()
    root = report.value(predicate=RDF.type, object=SH.ValidationReport)
    top = BNode()
    out.add((top, RDF.type, SH.ValidationReport))
    results = list(report.objects(root, SH.result)) if root is not None else []
    out.add((top, SH.conforms, Literal(not results)))
    for result in results:
        node = BNode()
        out.add((top, SH.result, node))
        for prop in KEPT:
            for value in report.objects(result, prop):
                out.add((node, prop, _copy(report, value, out)))
    return out


def _copy(source: Graph, term, out: Graph):
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        # engines write the same decimal as 6400.0 or 6400: compare values, not lexical forms
        return Literal(format(Decimal(str(term)).normalize(), "f"), datatype=XSD.decimal)
    if not isinstance(term, BNode):
        return term
    if (term, RDF.first, None) in source:
        items = [_copy(source, x, out) for x in Collection(source, term)]
        head = BNode()
        Collection(out, head, items)
        return head
    copy = BNode()
    for p, o in source.predicate_objects(term):
        out.add((copy, p, _copy(source, o, out)))
    return copy


def _describe(report: Graph) -> list[str]:
    rows = []
    for result in report.objects(None, SH.result):
        parts = []
        for prop in KEPT:
            for value in report.objects(result, prop):
                parts.append(f"{prop.split('#')[-1]}={value.n3() if not isinstance(value, BNode) else '[path]'}")
        rows.append(" ".join(sorted(parts)))
    return sorted(rows)


def _check(path: Path, data: Graph, text: str, expected: Graph, rule_id: str) -> None:
    """The default engine with all the shapes gives the expected report (only the case's
    rule fires); pySHACL with the rule's own shapes gives the same report, messages and
    all. ``text`` is ``data`` as N-Triples, which the default engine loads natively."""
    compiled = validate_graph(data, shapes=_shapes(), ontology=False, ntriples=text)
    actual = _normal(compiled.report_graph)
    assert isomorphic(actual, expected), (
        f"{path.name}:\n  expected {_describe(expected)}\n  actual   {_describe(actual)}"
    )
    reference = validate_graph(data, shapes=rule_shapes(rule_id), engine="pyshacl", ontology=False)
    assert isomorphic(compiled.report_graph, reference.report_graph), (
        f"{path.name}: pySHACL\n  {_describe(reference.report_graph)}\n  oxigraph\n  {_describe(compiled.report_graph)}"
    )
    assert result_keys(compiled) == result_keys(reference)
    assert isomorphic(_normal(reference.report_graph), expected), f"{path.name}: pySHACL differs from the case"


def _case_rule(path: Path) -> str:
    """The rule a case file is named after: ``V-ITEM-14.ttl`` and further cases of the
    same rule such as ``V-ITEM-14.converse.ttl``."""
    return path.stem.split(".", 1)[0]


FAILING = _case_files("[VW]-*.ttl")
FAILING = [p for p in FAILING if not p.stem.endswith("-pass")]
PASSING = _case_files("*-pass.ttl")


def test_base_graph_conforms_with_both_engines():
    for engine in ("oxigraph", "pyshacl"):
        outcome = validate_graph(_base(), shapes=_shapes(), engine=engine, ontology=False)
        assert outcome.results == [], (engine, [(r.rule, r.focus_label) for r in outcome.results])


def test_every_rule_has_a_failing_case():
    rule_ids = {r.id for r in rules(_shapes()).values()}
    case_ids = {_case_rule(p) for p in FAILING}
    assert rule_ids - case_ids == set(), "rules without a failing case"
    assert case_ids - rule_ids == set(), "cases of unknown rules"


@pytest.mark.parametrize("path", FAILING, ids=lambda p: p.stem)
def test_failing_case_fires_exactly_its_shape(path):
    with case(path) as (data, text, expected, rule_id, kind):
        assert kind == "fail" and rule_id == _case_rule(path)
        shapes = {r.shape for r in rules(_shapes()).values() if r.id == rule_id}
        fired = set(expected.objects(None, SH.sourceShape))
        assert fired and fired <= shapes, f"{path.name} expects shapes {fired}, rule {rule_id} is {shapes}"
        _check(path, data, text, expected, rule_id)


@pytest.mark.parametrize("path", PASSING, ids=lambda p: p.stem)
def test_passing_case_passes(path):
    with case(path) as (data, text, expected, rule_id, kind):
        assert kind == "pass" and (None, SH.result, None) not in expected
        assert rule_id in {r.id for r in rules(_shapes()).values()}
        _check(path, data, text, expected, rule_id)


def test_rule_shapes_hold_one_rule():
    """The shapes a case is checked with by pySHACL: the rule's own, with their targets."""
    own = rule_shapes("V-PLAN-01")
    assert {r.id for r in rules(own).values()} == {"V-PLAN-01"}
    assert (None, SH.targetClass, URIRef("https://w3id.org/mskg/ontology#Plan")) in own
    assert len(rule_shapes("V-AG-05")) > len(rule_shapes("V-AG-04"))  # sh:node brings its shape


def test_case_changes_are_real(tmp_path):
    """The loader applies removals and additions (a case cannot silently test the base)."""
    path = tmp_path / "V-DOC-02.ttl"
    path.write_text(
        "@prefix mskgt: <https://w3id.org/mskg/test#> .\n"
        "@prefix mskg: <https://w3id.org/mskg/ontology#> .\n"
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "mskgt:case mskgt:rule \"V-DOC-02\" ;\n"
        "  mskgt:remove [ mskgt:node <https://w3id.org/mskg/id/document/case> ; mskgt:property mskg:fileName ] ;\n"
        "  mskgt:expect [ a sh:ValidationReport ] .\n"
        "<https://w3id.org/mskg/id/document/case> mskg:fileName \"x.txt\" .\n",
        encoding="utf-8",
    )
    doc = URIRef("https://w3id.org/mskg/id/document/case")
    file_name = URIRef("https://w3id.org/mskg/ontology#fileName")
    before = set(_base())
    with case(path) as (data, text, _, _, _):
        assert list(data.objects(doc, file_name)) == [Literal("x.txt")]
        assert f'<{doc}> <{file_name}> "x.txt" .\n' in text and text.count("\n") == len(data)
    assert set(_base()) == before, "the case's changes were not undone"
