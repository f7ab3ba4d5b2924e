"""The SHACL-to-SPARQL compiler: it runs every bundled shape, agrees with pySHACL on SHACL
features the bundled shapes do not use yet, and refuses what it cannot run."""

from __future__ import annotations

from collections import Counter

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph
from rdflib.namespace import SH

from mskg.cli import main
from mskg.errors import InputError
from mskg.shapes import load_shapes, rules, shape_files
from mskg.validation import validate_graph
from mskg.validation.compiler import UnsupportedShape, compile_shapes

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <urn:ex:> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def test_every_bundled_shape_is_compiled():
    shapes = load_shapes()
    compiled = compile_shapes(shapes)  # raises on any shape it cannot run
    by_shape = Counter(c.shape for c in compiled)
    for rule in rules(shapes).values():
        assert by_shape[rule.shape] >= 1, f"{rule.id} ({rule.shape}) compiled to no query"
    # every constraint parameter the shapes files use is compiled by some query
    components = {c.component for c in compiled}
    for predicate, component in ((SH.minCount, SH.MinCountConstraintComponent),
                                 (SH.maxCount, SH.MaxCountConstraintComponent),
                                 (SH.sparql, SH.SPARQLConstraintComponent),
                                 (SH.qualifiedMinCount, SH.QualifiedMinCountConstraintComponent),
                                 (SH.uniqueLang, SH.UniqueLangConstraintComponent),
                                 (SH.lessThan, SH.LessThanConstraintComponent),
                                 (SH["not"], SH.NotConstraintComponent),
                                 (SH.node, SH.NodeConstraintComponent),
                                 (SH.pattern, SH.PatternConstraintComponent)):
        assert (None, predicate, None) in shapes and component in components
    assert len(shape_files()) == 2


FEATURES = PREFIXES + """
ex:byNode a sh:NodeShape ; sh:targetNode ex:a , ex:missing ;
    sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ; sh:maxLength 3 ] .
ex:bySubjects a sh:NodeShape ; sh:targetSubjectsOf ex:r ;
    sh:property [ sh:path [ sh:alternativePath ( ex:r ex:s ) ] ; sh:nodeKind sh:Literal ; sh:maxCount 1 ] .
ex:byObjects a sh:NodeShape ; sh:targetObjectsOf ex:link ;
    sh:property [ sh:path [ sh:zeroOrMorePath ex:link ] ; sh:class ex:Thing ] ,
                [ sh:path [ sh:oneOrMorePath ex:link ] ; sh:node ex:Named ] ,
                [ sh:path ex:n ; sh:minExclusive 0 ; sh:maxExclusive 10 ; sh:datatype xsd:integer ] ,
                [ sh:path ex:name ; sh:pattern "^ab" ; sh:flags "i" ] ,
                [ sh:path ex:n ; sh:lessThan ex:m ] .
ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:Thing2 rdfs:subClassOf ex:Thing .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:not [ sh:class ex:Forbidden ] ;
    sh:sparql [ sh:select "SELECT $this ?value WHERE { $this <urn:ex:twin> ?value . FILTER (?value = $this) }" ;
                sh:message "twin {?value}" ] .
"""

FEATURE_DATA = PREFIXES + """
ex:a ex:p ex:b . ex:b ex:q "long text" , "ok" .
ex:c ex:r "x" , "y" . ex:d ex:r ex:e ; ex:s "z" .
ex:f ex:link ex:g . ex:g ex:link ex:h . ex:h a ex:Thing2 ; ex:name "ABc" ; ex:n 5 ; ex:m 3 ; ex:link ex:k .
ex:g a ex:Thing , ex:Forbidden ; ex:n 12 , "7" ; ex:name "zz" ; ex:twin ex:g .
"""


def test_features_beyond_the_bundled_shapes_agree_with_pyshacl():
    shapes = Graph().parse(data=FEATURES, format="turtle")
    data = Graph().parse(data=FEATURE_DATA, format="turtle")
    reference = validate_graph(data, shapes=shapes, engine="pyshacl", ontology=False)
    compiled = validate_graph(data, shapes=shapes, engine="oxigraph", ontology=False)
    assert len(reference.results) >= 10  # the data break many of the constraints
    components = {str(r.component).split("#")[-1] for r in compiled.results}
    assert {"MinCountConstraintComponent", "MaxLengthConstraintComponent", "NodeKindConstraintComponent",
            "MaxCountConstraintComponent", "ClassConstraintComponent", "NodeConstraintComponent",
            "MaxExclusiveConstraintComponent", "DatatypeConstraintComponent", "PatternConstraintComponent",
            "LessThanConstraintComponent", "NotConstraintComponent", "SPARQLConstraintComponent"} <= components
    # the same results; these shapes have no sh:message, so each engine words its own
    assert _without_messages(compiled.report_graph) == _without_messages(reference.report_graph)
    assert all(r.message_en for r in compiled.results)


def _without_messages(report: Graph) -> list[tuple]:
    keys = []
    for result in report.objects(None, SH.result):
        keys.append(tuple(sorted((str(p), str(o) if not isinstance(o, BNode) else _path(report, o))
                                 for p, o in report.predicate_objects(result) if p != SH.resultMessage)))
    return sorted(keys)


def _path(report: Graph, node) -> str:
    return "[" + ",".join(sorted(f"{p}={_path(report, o) if isinstance(o, BNode) else o}"
                                 for p, o in report.predicate_objects(node))) + "]"


@pytest.mark.parametrize("shape, feature", [
    ("ex:s a sh:NodeShape ; sh:targetClass ex:T ; sh:xone ( ex:a ex:b ) .", "sh:xone"),
    ("ex:s a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:p ; sh:equals ex:q .", "sh:equals"),
    ("ex:s a sh:NodeShape ; sh:targetClass ex:T ; sh:closed true .", "sh:closed"),
    ("ex:s a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:p ; sh:hasValue ex:v .", "sh:hasValue"),
    ('ex:s a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:select "SELECT $this WHERE { GRAPH $shapesGraph { $this ?p ?o } }" ] .',
     "$shapesGraph"),
    ('ex:s a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o MINUS { $this a ?t } }" ] .',
     "MINUS"),
    ('ex:s a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:select "SELECT $this WHERE { { SELECT ?this WHERE { ?this ?p ?o } } }" ] .',
     "nested SELECT"),
    ("ex:s a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:C ] ;"
     " sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true .", "sh:qualifiedValueShapesDisjoint"),
    ("ex:s a sh:NodeShape ; sh:targetClass ex:T ; sh:node ex:u . ex:u a sh:NodeShape ; sh:or ( ex:a ex:b ) .", "sh:or"),
])
def test_an_unsupported_feature_is_refused_with_its_name(shape, feature):
    shapes = Graph().parse(data=PREFIXES + shape, format="turtle")
    with pytest.raises(UnsupportedShape, match=feature.replace("$", r"\$")) as error:
        compile_shapes(shapes)
    assert "urn:ex:" in str(error.value)  # names the shape
    assert isinstance(error.value, InputError)


def test_validate_command_refuses_an_unsupported_shape(tmp_path):
    shapes = tmp_path / "mine.ttl"
    shapes.write_text(PREFIXES + "ex:s a sh:NodeShape ; sh:targetClass ex:T ; sh:xone ( ex:a ex:b ) .\n",
                      encoding="utf-8")
    data = tmp_path / "data.ttl"
    # a plan, so the file is mskg data (validate --data refuses a file without one)
    data.write_text(PREFIXES + "ex:x a ex:T . ex:p a <https://w3id.org/mskg/ontology#Plan> .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--data", str(data), "--shapes", str(shapes)])
    assert result.exit_code == 2, result.output
    assert "sh:xone" in result.output and "urn:ex:s" in result.output and "--engine pyshacl" in result.output
    assert "Traceback" not in result.output
    result = CliRunner().invoke(main, ["validate", "--data", str(data), "--shapes", str(shapes), "--engine", "pyshacl"])
    assert result.exit_code in (0, 1), result.output


def test_filter_not_exists_becomes_minus_only_where_it_means_the_same():
    from mskg.validation.compiler import exists_as_joins

    prologue = "PREFIX ex: <urn:ex:>\n"
    safe = prologue + "SELECT ?this WHERE { ?this ex:p ?v . FILTER NOT EXISTS { ?this ex:q ?w . } FILTER EXISTS { ?v ex:r ?x } }"
    rewritten = exists_as_joins(safe)
    assert "NOT EXISTS" not in rewritten and "MINUS { ?this ex:q ?w . }" in rewritten
    assert "SELECT DISTINCT ?v WHERE { ?v ex:r ?x }" in rewritten
    unsafe = [
        # ?v may be unbound (OPTIONAL): NOT EXISTS and MINUS differ
        "SELECT ?this WHERE { ?this ex:p ?u OPTIONAL { ?this ex:o ?v } FILTER NOT EXISTS { ?v ex:q ?w } }",
        # a filter inside reads the outer solution
        "SELECT ?this WHERE { ?this ex:p ?v FILTER NOT EXISTS { ?this ex:q ?w FILTER (?w = ?v) } }",
        # nothing shared: MINUS would remove nothing
        "SELECT ?this WHERE { ?this ex:p ?v FILTER NOT EXISTS { ?a ex:q ?b } }",
        # not at the top level of the group
        "SELECT ?this WHERE { { ?this ex:p ?v FILTER NOT EXISTS { ?this ex:q ?w } } UNION { ?this ex:s ?v } }",
    ]
    for query in unsafe:
        assert exists_as_joins(prologue + query) == prologue + query, query
