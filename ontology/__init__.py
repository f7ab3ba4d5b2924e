"""The mskg ontology and its concept schemes, loaded from package data.

``mskg.ttl`` holds the classes, properties and fixed enumerations; ``domains.ttl`` the
livelihood domain scheme. Lexicons (``mskg.lexicons``) may add further concept schemes
(agency categories, indicators) and keyword labels for the same concepts;
:func:`load_schemes` merges every lexicon file that declares a ``skos:ConceptScheme``.

>>> g = load_ontology()
>>> (MSKG.Plan, RDF.type, OWL.Class) in g
True
>>> enumeration(MSKG.Role)["lead"] == MSKG["role-lead"]
True
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from mskg import lexicons
from mskg.errors import InputError
from mskg.identifiers import ID, ONTOLOGY, SCHEME

MSKG = Namespace(ONTOLOGY)
MSKGR = Namespace(ID)
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
OA = Namespace("http://www.w3.org/ns/oa#")
VANN = Namespace("http://purl.org/vocab/vann/")

ONTOLOGY_IRI = URIRef(ONTOLOGY.rstrip("#"))
DOMAIN_SCHEME = URIRef(SCHEME + "domain")
AGENCY_CATEGORY_SCHEME = URIRef(SCHEME + "agency-category")
INDICATOR_SCHEME = URIRef(SCHEME + "indicator")

ONTOLOGY_FILE = "mskg.ttl"
DOMAINS_FILE = "domains.ttl"

# Prefixes bound on every graph this package writes, so Turtle output reads the same
# everywhere. External vocabularies are referenced, never imported.
PREFIXES: dict[str, str] = {
    "mskg": ONTOLOGY,
    "mskgr": ID,
    "domain": SCHEME + "domain/",
    "indicator": SCHEME + "indicator/",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "org": str(ORG),
    "qb": str(QB),
    "oa": str(OA),
    "vann": str(VANN),
}

__all__ = [
    "AGENCY_CATEGORY_SCHEME",
    "DOMAIN_SCHEME",
    "INDICATOR_SCHEME",
    "MSKG",
    "MSKGR",
    "OA",
    "ONTOLOGY_IRI",
    "ORG",
    "PREFIXES",
    "QB",
    "bind_prefixes",
    "domain_codes_within",
    "enumeration",
    "load_ontology",
    "load_schemes",
    "scheme_files",
]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (replacing rdflib's defaults); returns it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, Namespace(namespace), override=True, replace=True)
    return graph


def load_ontology() -> Graph:
    """The ontology (classes, properties, enumerations) as a new graph."""
    return _copy(_ontology())


def load_schemes() -> Graph:
    """The domain scheme plus every lexicon file that declares a ``skos:ConceptScheme``."""
    return _copy(_schemes())


def scheme_files() -> list[str]:
    """Names of the files :func:`load_schemes` merges, e.g. ``ontology/domains.ttl``."""
    return [f"{package.rsplit('.', 1)[-1]}/{name}" for package, name, _ in _scheme_parts()]


def enumeration(concept_class: URIRef) -> dict[str, URIRef]:
    """Code (``skos:notation``) → concept IRI for a class of enumerated concepts.

    ``concept_class`` is one of the ontology's concept classes (``MSKG.Role``,
    ``MSKG.Comparator``, ``MSKG.Level``, ``MSKG.AgencyKind``, ``MSKG.PlanKind``,
    ``MSKG.LeadConvention``, ``MSKG.TargetAttribute``) or ``MSKG.Domain`` /
    ``MSKG.FunctionalCategory``, whose concepts come from the schemes.
    """
    return dict(_enumeration(URIRef(concept_class)))


def domain_codes_within(concepts: Iterable[str]) -> frozenset[str]:
    """The codes of the domains at or below ``concepts`` in the domain scheme
    (``skos:broader``, transitively): what ``mskg:inDomain`` reaches from a measure's
    domains, so a grouping concept takes in its narrower ones.

    >>> sorted(domain_codes_within([SCHEME + "domain/elderly_and_child_care"]))
    ['childcare', 'elderly_and_child_care', 'elderly_care']
    """
    graph = _schemes()
    return frozenset(
        str(code)
        for concept in concepts
        for narrower in graph.transitive_subjects(SKOS.broader, URIRef(concept))
        for code in graph.objects(narrower, SKOS.notation)
    )


@functools.lru_cache(maxsize=None)
def _enumeration(concept_class: URIRef) -> tuple[tuple[str, URIRef], ...]:
    out: dict[str, URIRef] = {}
    for graph in (_ontology(), _schemes()):
        for concept in graph.subjects(RDF.type, concept_class):
            for notation in graph.objects(concept, SKOS.notation):
                out.setdefault(str(notation), URIRef(concept))
    if concept_class == MSKG.FunctionalCategory:
        # Lexicons need not type their concepts: membership of the scheme suffices.
        graph = _schemes()
        for prop in (SKOS.inScheme, SKOS.topConceptOf):
            for concept in graph.subjects(prop, AGENCY_CATEGORY_SCHEME):
                for notation in graph.objects(concept, SKOS.notation):
                    out.setdefault(str(notation), URIRef(concept))
    return tuple(sorted(out.items()))


def _copy(source: Graph) -> Graph:
    graph = bind_prefixes(Graph())
    for triple in source:
        graph.add(triple)
    return graph


@functools.lru_cache(maxsize=None)
def _ontology() -> Graph:
    return _parse("mskg.ontology", ONTOLOGY_FILE)


@functools.lru_cache(maxsize=None)
def _schemes() -> Graph:
    graph = Graph()
    for _, _, part in _scheme_parts():
        for triple in part:
            graph.add(triple)
    return graph


@functools.lru_cache(maxsize=None)
def _scheme_parts() -> tuple[tuple[str, str, Graph], ...]:
    parts = [("mskg.ontology", DOMAINS_FILE, _parse("mskg.ontology", DOMAINS_FILE))]
    for name in lexicons.names():
        graph = lexicons.load(name).graph
        if (None, RDF.type, SKOS.ConceptScheme) in graph:
            parts.append(("mskg.lexicons", name, graph))
    return tuple(parts)


def _parse(package: str, name: str) -> Graph:
    resource = resources.files(package) / name
    try:
        data = resource.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"{package}/{name}: cannot read the package data file ({e})") from None
    graph = Graph()
    try:
        graph.parse(data=data, format="turtle", publicID=f"urn:mskg:{package}:{name}")
    except Exception as e:  # rdflib raises several syntax error types
        raise InputError(f"{package}/{name}: not valid Turtle ({e})") from None
    return graph
