"""The shapes files themselves: SHACL-for-SHACL, naming, rule ids, messages, enumerations."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, SH

from mskg.errors import InputError
from mskg.ontology import MSKG, enumeration
from mskg.shapes import SHAPE_FILES, check_shapes, load_shapes, rules


def _file(name: str) -> Graph:
    return Graph().parse(data=(resources.files("mskg.shapes") / name).read_text("utf-8"), format="turtle")


def _shapes(graph: Graph) -> set:
    return set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))


@pytest.mark.parametrize("name", SHAPE_FILES)
def test_shapes_file_conforms_to_shacl_for_shacl(name):
    assert check_shapes(_file(name)) == []


def test_a_broken_shape_fails_shacl_for_shacl():
    graph = Graph().parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . <urn:x:S> a sh:PropertyShape ; sh:minCount -1 .",
        format="turtle",
    )
    problems = check_shapes(graph)
    assert problems and "urn:x:S" in problems[0]


@pytest.mark.parametrize("name", SHAPE_FILES)
def test_every_shape_is_named(name):
    graph = _file(name)
    blank = [s for s in _shapes(graph) if isinstance(s, BNode)]
    assert blank == []
    assert not any(isinstance(c, BNode) for c in graph.objects(None, SH.sparql))


@pytest.mark.parametrize("name,severity,prefix", [("core.ttl", SH.Violation, "V-"), ("recommended.ttl", SH.Warning, "W-")])
def test_rules_have_id_severity_names_and_bilingual_messages(name, severity, prefix):
    graph = _file(name)
    with_rules = [s for s in _shapes(graph) if (s, DCTERMS.identifier, None) in graph]
    assert len(with_rules) >= 10
    for shape in with_rules:
        rule_id = str(graph.value(shape, DCTERMS.identifier))
        assert re.fullmatch(prefix + r"[A-Z]+-\d\d", rule_id), (shape, rule_id)
        assert graph.value(shape, SH.severity) == severity, shape
        for prop in (SH.name, SH.description):
            langs = {o.language for o in graph.objects(shape, prop) if isinstance(o, Literal)}
            assert {"zh", "en"} <= langs, (shape, prop)
        messages = list(graph.objects(shape, SH.message))
        for constraint in graph.objects(shape, SH.sparql):
            messages += list(graph.objects(constraint, SH.message))
        assert {m.language for m in messages} == {"zh", "en"}, shape
        for message in messages:
            assert str(message).startswith(rule_id + " "), (shape, str(message))
        zh = [m for m in messages if m.language == "zh"]
        assert all(re.search(r"[\u4e00-\u9fff]", str(m)) for m in zh), shape


def test_rule_ids_are_unique_across_files():
    ids = [r.id for r in rules(load_shapes()).values()]
    assert len(ids) == len(set(ids))


def test_enumerations_equal_the_ontology_schemes():
    """Every closed list (sh:in) of a property holds exactly that enumeration's concepts."""
    graph = load_shapes()
    expected = {
        MSKG.role: MSKG.Role,
        MSKG.comparator: MSKG.Comparator,
        MSKG.planKind: MSKG.PlanKind,
        MSKG.leadConvention: MSKG.LeadConvention,
        MSKG.targetAttribute: MSKG.TargetAttribute,
        MSKG.agencyKind: MSKG.AgencyKind,
        MSKG.level: MSKG.Level,
    }
    seen = set()
    for shape, members in graph.subject_objects(SH["in"]):
        path = graph.value(shape, SH.path)
        values = set(Collection(graph, members))
        assert values == set(enumeration(expected[path]).values()), (shape, path)
        seen.add(path)
    assert seen == set(expected)


def test_shapes_target_every_class_of_the_ontology():
    from mskg.ontology import load_ontology

    ontology = load_ontology()
    classes = {c for c in ontology.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) if c.startswith(str(MSKG))}
    targeted = set(load_shapes().objects(None, SH.targetClass))
    assert classes - targeted == set()


def test_load_shapes_reports_bad_files(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(InputError, match="bad.ttl: not valid RDF"):
        load_shapes([bad])
    empty = tmp_path / "empty.ttl"
    empty.write_text("<urn:a> <urn:b> <urn:c> .", encoding="utf-8")
    with pytest.raises(InputError, match="no SHACL shapes"):
        load_shapes([empty])
    with pytest.raises(InputError, match=r"missing.ttl: no such file or folder \(looking for shapes files\)"):
        load_shapes([tmp_path / "missing.ttl"])
