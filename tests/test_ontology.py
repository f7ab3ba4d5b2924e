"""The ontology and the domain scheme: both parsers, labels, alignments, the scheme's shape."""

from __future__ import annotations

import shutil
import subprocess
from importlib import resources

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, QB, RDF, RDFS, SKOS, VANN, ORG

from mskg.identifiers import ONTOLOGY, domain_iri
from mskg.ontology import (
    DOMAIN_SCHEME,
    MSKG,
    OA,
    ONTOLOGY_IRI,
    enumeration,
    load_ontology,
    load_schemes,
    scheme_files,
)

# The 22 codes DOMAIN.md fixes (the specification, not the data under test).
DOMAIN_CODES = {
    "elderly_care", "childcare", "preschool_education", "basic_education",
    "vocational_higher_education", "employment", "health_care", "medical_insurance",
    "social_insurance_pension", "social_assistance", "disability", "housing", "veterans",
    "culture_sports", "transport", "urban_management_utilities", "rural_living_environment",
    "public_safety_emergency", "food_drug_safety", "poverty_alleviation_rural_revitalisation",
    "digital_government", "women_children",
}

# Web Annotation terms we align to (rdflib ships no closed namespace for oa:).
OA_TERMS = {OA.TextPositionSelector, OA.TextQuoteSelector, OA.start, OA.end, OA.exact}
CLOSED = [PROV, ORG, QB, SKOS, DCTERMS, VANN]

DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                OWL.NamedIndividual, SKOS.ConceptScheme, SKOS.Concept)


def ttl_files() -> list[str]:
    return ["mskg.ttl", "domains.ttl"]


@pytest.mark.parametrize("name", ttl_files())
def test_parses_with_rapper(name: str) -> None:
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (raptor2-utils) is not installed")
    with resources.as_file(resources.files("mskg.ontology") / name) as path:
        run = subprocess.run([rapper, "-i", "turtle", "-c", str(path)],
                             capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "Parsing returned" in run.stderr and "error" not in run.stderr.lower()


@pytest.mark.parametrize("name", ttl_files())
def test_parses_with_rdflib_and_has_no_blank_nodes(name: str) -> None:
    g = Graph().parse(data=(resources.files("mskg.ontology") / name).read_text("utf-8"),
                      format="turtle")
    assert len(g) > 100
    assert not any(isinstance(t, BNode) for triple in g for t in triple)


def declared_terms(g: Graph) -> set[URIRef]:
    out: set[URIRef] = set()
    for kind in DECLARATIONS:
        out.update(s for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef))
    for cls in g.subjects(RDFS.subClassOf, SKOS.Concept):  # concept classes' members
        out.update(s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef))
    return out


def test_one_ontology_header_with_metadata() -> None:
    g = load_ontology()
    headers = list(g.subjects(RDF.type, OWL.Ontology))
    assert headers == [ONTOLOGY_IRI]
    h = ONTOLOGY_IRI
    for prop in (DCTERMS.title, DCTERMS.description):
        assert {o.language for o in g.objects(h, prop)} == {"zh", "en"}
    assert g.value(h, DCTERMS.license) is not None
    assert str(g.value(h, OWL.versionInfo)) == "1.0.0"
    assert str(g.value(h, OWL.versionIRI)).startswith(str(ONTOLOGY_IRI) + "/")
    assert str(g.value(h, VANN.preferredNamespacePrefix)) == "mskg"
    assert str(g.value(h, VANN.preferredNamespaceUri)) == ONTOLOGY
    assert not list(g.objects(None, OWL.imports))


@pytest.mark.parametrize("loader", [load_ontology, load_schemes])
def test_every_term_has_zh_and_en_label_and_definition(loader) -> None:
    g = loader()
    own = {t for t in declared_terms(g)
           if str(t).startswith(ONTOLOGY) or str(t).startswith(str(DOMAIN_SCHEME))}
    assert len(own) > 50 if loader is load_ontology else len(own) >= 23
    missing = []
    for term in sorted(own):
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in g.objects(term, prop) if isinstance(o, Literal)}
            if not {"zh", "en"} <= langs:
                missing.append(f"{term} {prop}: {sorted(l or '-' for l in langs)}")
            for lang in ("zh", "en"):
                if len([o for o in g.objects(term, prop)
                        if isinstance(o, Literal) and o.language == lang]) > 1:
                    missing.append(f"{term} {prop}: several @{lang}")
    assert not missing, "\n".join(missing)


def test_every_mskg_term_used_is_declared() -> None:
    g = load_ontology()
    declared = declared_terms(g) | {ONTOLOGY_IRI}
    used = {t for triple in g for t in triple
            if isinstance(t, URIRef) and str(t).startswith(ONTOLOGY)}
    assert used <= declared, sorted(used - declared)


def test_alignments_point_at_real_w3c_terms() -> None:
    g = load_ontology()
    targets = set(g.objects(None, RDFS.subClassOf)) | set(g.objects(None, RDFS.subPropertyOf))
    targets |= {o for o in g.objects(None, RDF.type) if not str(o).startswith(ONTOLOGY)}
    targets |= set(g.predicates())
    external = {t for t in targets if not str(t).startswith(ONTOLOGY)}
    unknown = []
    for term in sorted(external):
        if term in OA_TERMS or str(term).startswith((str(OWL), str(RDFS), str(RDF))):
            continue
        if not any(str(term).startswith(str(ns)) and term in ns for ns in CLOSED):
            unknown.append(term)
    assert not unknown, unknown
    # The alignments the design relies on.
    for s, p, o in [
        (MSKG.Agency, RDFS.subClassOf, ORG.Organization),
        (MSKG.Plan, RDFS.subClassOf, PROV.Plan),
        (MSKG.Target, RDFS.subClassOf, QB.Observation),
        (MSKG.Span, RDFS.subClassOf, OA.TextPositionSelector),
        (MSKG.Span, RDFS.subClassOf, OA.TextQuoteSelector),
        (MSKG.evidence, RDFS.subPropertyOf, PROV.wasDerivedFrom),
        (MSKG.inDocument, RDFS.subPropertyOf, PROV.wasQuotedFrom),
        (MSKG.agencyKind, RDFS.subPropertyOf, ORG.classification),
        (MSKG.indicator, RDF.type, QB.DimensionProperty),
        (MSKG.normalisedValue, RDF.type, QB.MeasureProperty),
    ]:
        assert (s, p, o) in g


def test_properties_have_ranges_and_object_ranges_are_declared_classes() -> None:
    g = load_ontology()
    classes = set(g.subjects(RDF.type, OWL.Class))
    for prop in g.subjects(RDF.type, OWL.ObjectProperty):
        rng = g.value(prop, RDFS.range)
        assert rng in classes or rng == SKOS.Concept, f"{prop} range {rng}"
    for prop in g.subjects(RDF.type, OWL.DatatypeProperty):
        rng = g.value(prop, RDFS.range)
        assert rng is None or str(rng).startswith("http://www.w3.org/2001/XMLSchema#"), prop


@pytest.mark.parametrize("cls, codes", [
    (MSKG.Role, {"lead", "cooperating", "responsible"}),
    (MSKG.Comparator, {"=", ">=", ">", "<=", "<", "~"}),
    (MSKG.Level, {"province", "city", "county", "district", "town", "street", "zone"}),
    (MSKG.AgencyKind, {"government", "government_department", "party", "mass_organisation",
                       "public_institution", "coordination_body", "enterprise", "collective"}),
    (MSKG.PlanKind, {"action_plan", "annual_list", "five_year_plan", "other"}),
    (MSKG.LeadConvention, {"first_lead", "bold_lead", "responsible_is_lead", "marked_lead", "symbol_lead"}),
    (MSKG.TargetAttribute, {"binding", "expected"}),
    (MSKG.Domain, DOMAIN_CODES),
])
def test_enumerations_cover_the_model_codes(cls: URIRef, codes: set[str]) -> None:
    table = enumeration(cls)
    assert set(table) == codes
    g = load_ontology() + load_schemes()
    for code, iri in table.items():
        assert str(iri).isascii() and " " not in str(iri)
        scheme = g.value(iri, SKOS.inScheme)
        assert scheme is not None and (scheme, RDF.type, SKOS.ConceptScheme) in g
        assert {o.language for o in g.objects(iri, SKOS.prefLabel)} == {"zh", "en"}


def test_domain_scheme_shape() -> None:
    g = load_schemes()
    assert (DOMAIN_SCHEME, RDF.type, SKOS.ConceptScheme) in g
    leaves = set(g.subjects(RDF.type, MSKG.Domain))
    assert leaves == {URIRef(domain_iri(c)) for c in DOMAIN_CODES}
    for code in DOMAIN_CODES:
        iri = URIRef(domain_iri(code))
        assert str(g.value(iri, SKOS.notation)) == code
        assert (iri, SKOS.inScheme, DOMAIN_SCHEME) in g
        # every leaf reaches a top concept of the scheme
        node, seen = iri, set()
        while (node, SKOS.topConceptOf, DOMAIN_SCHEME) not in g:
            assert node not in seen
            seen.add(node)
            node = g.value(node, SKOS.broader)
            assert node is not None, f"{code} has no path to a top concept"
    # broader and narrower are stated both ways
    for s, o in g.subject_objects(SKOS.broader):
        assert (o, SKOS.narrower, s) in g
    for s, o in g.subject_objects(SKOS.narrower):
        assert (o, SKOS.broader, s) in g
    tops = set(g.objects(DOMAIN_SCHEME, SKOS.hasTopConcept))
    assert tops == set(g.subjects(SKOS.topConceptOf, DOMAIN_SCHEME))


def test_broad_domain_query_reaches_narrower_domains() -> None:
    g = load_schemes()
    rows = g.query(
        "SELECT ?code WHERE { ?c skos:broader* ?broad ; a mskg:Domain ; skos:notation ?code }",
        initNs={"skos": SKOS, "mskg": MSKG},
        initBindings={"broad": URIRef(domain_iri("education"))},
    )
    assert {str(r.code) for r in rows} == {
        "preschool_education", "basic_education", "vocational_higher_education"}
    rows = g.query(
        "SELECT ?code WHERE { ?c skos:broader* ?broad ; a mskg:Domain ; skos:notation ?code }",
        initNs={"skos": SKOS, "mskg": MSKG},
        initBindings={"broad": URIRef(domain_iri("social_security"))},
    )
    assert {str(r.code) for r in rows} == {
        "social_insurance_pension", "medical_insurance", "social_assistance"}


def test_loaders_return_independent_copies() -> None:
    g = load_ontology()
    n = len(g)
    g.remove((None, None, None))
    assert len(load_ontology()) == n
    s = load_schemes()
    s.add((MSKG.x, RDF.type, OWL.Thing))
    assert (MSKG.x, RDF.type, OWL.Thing) not in load_schemes()


def test_load_schemes_merges_exactly_the_lexicons_declaring_a_scheme() -> None:
    files = scheme_files()
    assert files[0] == "ontology/domains.ttl"
    lexicons = resources.files("mskg.lexicons")
    for entry in lexicons.iterdir():
        if not entry.name.endswith(".ttl"):
            continue
        g = Graph().parse(data=entry.read_text("utf-8"), format="turtle")
        declares = (None, RDF.type, SKOS.ConceptScheme) in g
        assert (f"lexicons/{entry.name}" in files) == declares, entry.name


def test_terms_used_across_the_project_are_declared() -> None:
    """Queries, inference rules, shapes and lexicons speak the ontology's vocabulary."""
    import re

    g = load_ontology()
    declared = {str(s) for s in g.subjects()}
    token = re.compile(r"(?:mskg:|<https://w3id\.org/mskg/ontology#)([A-Za-z][A-Za-z0-9_-]*)")
    undeclared: dict[str, set[str]] = {}
    for package, suffixes in [("mskg.queries", (".rq",)), ("mskg.inference", (".rq",)),
                              ("mskg.shapes", (".ttl",)), ("mskg.lexicons", (".ttl",))]:
        try:
            root = resources.files(package)
        except ModuleNotFoundError:
            continue
        for entry in root.iterdir():
            if not entry.name.endswith(suffixes):
                continue
            for name in token.findall(entry.read_text("utf-8")):
                if "Shape" in name:  # shapes are named in the ontology namespace by STYLE.md
                    continue
                if str(MSKG[name]) not in declared:
                    undeclared.setdefault(name, set()).add(f"{package}/{entry.name}")
    assert not undeclared, undeclared


def test_docstring_examples() -> None:
    import doctest

    import mskg.ontology

    result = doctest.testmod(mskg.ontology)
    assert result.attempted >= 2 and result.failed == 0
