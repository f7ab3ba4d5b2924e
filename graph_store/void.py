"""A VoID description of the dataset: what is in the store, measured, and how to ask it.

The dataset (``https://w3id.org/mskg/id/dataset``) is a ``void:Dataset`` with its triple
count, one ``void:subset`` per named graph (its own ``void:triples``), one
``void:classPartition`` per class (``void:class``, ``void:entities``), the vocabularies
it uses and, when served, its ``void:sparqlEndpoint``. The stored queries are attached
as examples, the way public endpoints publish theirs (SIB's sparql-examples): each a
``sh:SPARQLSelectExecutable`` with its text (``sh:select``), bilingual label and
description, and ``schema:target`` the dataset. Figures come from ``stats``, so they
agree with ``mskg stats``.
"""

from __future__ import annotations

import rdflib
from rdflib import DCTERMS, RDF, RDFS, XSD, Literal, Namespace, URIRef

from mskg.graph_store.interface import GraphStore
from mskg.graph_store.statistics import stats
from mskg.identifiers import BASE, ID, ONTOLOGY

VOID = Namespace("http://rdfs.org/ns/void#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SCHEMA = Namespace("https://schema.org/")

DATASET = URIRef(ID + "dataset")
QUERY_BASE = BASE + "query/"

#: vocabularies the data uses besides mskg's own
VOCABULARIES = [
    ONTOLOGY,
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/prov#",
    "http://purl.org/dc/terms/",
    "http://purl.org/linked-data/cube#",
]


def void_graph(store: GraphStore, *, endpoint: str | None = None) -> rdflib.Graph:
    """The VoID description of ``store`` as an rdflib graph (blank-node free)."""
    from mskg.queries import load_all

    figures = stats(store)
    g = rdflib.Graph()
    g.bind("void", VOID)
    g.bind("sh", SH)
    g.bind("schema", SCHEMA)
    g.bind("dcterms", DCTERMS)
    g.add((DATASET, RDF.type, VOID.Dataset))
    g.add((DATASET, DCTERMS.title, Literal("民生政策知识图谱", lang="zh")))
    g.add((DATASET, DCTERMS.title, Literal("mskg: knowledge graph of Chinese local livelihood policy", lang="en")))
    g.add((DATASET, VOID.triples, Literal(figures["triples"], datatype=XSD.integer)))
    g.add((DATASET, VOID.uriSpace, Literal(ID)))
    g.add((DATASET, VOID.feature, URIRef("http://www.w3.org/ns/formats/Turtle")))
    if endpoint:
        g.add((DATASET, VOID.sparqlEndpoint, URIRef(endpoint)))
    for vocabulary in VOCABULARIES:
        g.add((DATASET, VOID.vocabulary, URIRef(vocabulary)))
    for graph, triples in figures["graphs"].items():
        subset = URIRef(graph)
        g.add((DATASET, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, VOID.triples, Literal(triples, datatype=XSD.integer)))
    for cls, entities in figures["classes"].items():
        partition = URIRef(f"{ID}dataset/class/{_slug(cls)}")
        g.add((DATASET, VOID.classPartition, partition))
        g.add((partition, VOID["class"], URIRef(cls)))
        g.add((partition, VOID.entities, Literal(entities, datatype=XSD.integer)))
    for query in load_all().values():
        example = URIRef(QUERY_BASE + query.name)
        g.add((example, RDF.type, SH.SPARQLExecutable))
        g.add((example, RDF.type, SH.SPARQLSelectExecutable))
        g.add((example, SH.select, Literal(query.text)))
        g.add((example, SCHEMA.target, DATASET))
        for language, text in sorted(query.summary.items()):
            g.add((example, RDFS.label, Literal(text, lang=language)))
        if query.description:
            g.add((example, RDFS.comment, Literal(query.description.strip(), lang="en")))
        for tag in query.tags:
            g.add((example, SCHEMA.keywords, Literal(tag)))
    return g


def void_description(store: GraphStore, *, endpoint: str | None = None, fmt: str = "turtle") -> bytes:
    """The VoID description serialised (Turtle by default)."""
    return void_graph(store, endpoint=endpoint).serialize(format=fmt).encode("utf-8")


def _slug(iri: str) -> str:
    """A stable, readable IRI segment for a class: its local name and a short hash."""
    import hashlib
    import re

    local = re.split(r"[#/]", iri.rstrip("#/"))[-1] or "class"
    local = re.sub(r"[^A-Za-z0-9_-]+", "-", local)
    return f"{local}-{hashlib.sha1(iri.encode('utf-8')).hexdigest()[:6]}"
