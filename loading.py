"""Load documents and vocabularies into a graph store: the work behind ``ingest`` and ``build``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from mskg.identifiers import ONTOLOGY_GRAPH, SCHEMES_GRAPH, document_graph, document_id
from mskg.ingest import extract_text, read_document
from mskg.ingest.model import Extraction


@dataclass
class LoadReport:
    """What one document contributed to the store."""

    document: str
    path: str
    graph: str
    title: str
    kind: str
    items: int
    responsibilities: int
    targets: int
    places: int
    triples: int
    notices: tuple = ()  # warnings about the reading (mskg.ingest.model.Notice), each naming a line


def load_vocabularies(store) -> int:
    """Replace the ontology and concept-scheme graphs; returns the number of triples."""
    from mskg.ontology import load_ontology, load_schemes

    ontology, schemes = load_ontology(), load_schemes()
    store.replace_graph(ONTOLOGY_GRAPH, ontology)
    store.replace_graph(SCHEMES_GRAPH, schemes)
    return len(ontology) + len(schemes)


def load_documents(
    store,
    paths: Iterable[Path],
    *,
    progress: Callable[[Path], None] | None = None,
    extract: Callable[..., Extraction] = extract_text,
) -> list[LoadReport]:
    """Extract each document and replace its named graph, one atomic write per document.

    Every file is read before anything is written, so an unreadable file stops the
    run with :class:`mskg.errors.InputError` and leaves the store as it was. After the
    documents, the inference rules (``mskg.inference``) refresh their graphs, since
    they read the union of all documents. ``extract`` is :func:`mskg.ingest.extract_text`
    or a function of the same signature (the tests pass one that reuses extractions).
    """
    from mskg.inference import materialise
    from mskg.ingest.rdf import extraction_to_graph

    paths = list(paths)
    texts = [(p, read_document(p)) for p in paths]
    seen: dict[str, Path] = {}
    for p, _ in texts:
        doc = document_id(p)
        if doc in seen and seen[doc] != p:
            from mskg.errors import InputError

            raise InputError(f"{p}: same document id {doc!r} as {seen[doc]}; rename one of the files")
        seen[doc] = p
    reports = []
    for p, text in texts:
        doc = document_id(p)
        ex = extract(text, document=doc, path=p.name)
        graph = extraction_to_graph(ex)
        store.replace_graph(document_graph(doc), graph)
        reports.append(
            LoadReport(
                document=doc,
                path=str(p),
                graph=document_graph(doc),
                title=ex.plan.title,
                kind=ex.plan.kind,
                items=len(ex.items),
                responsibilities=sum(len(i.responsibilities) for i in ex.items),
                targets=len(ex.targets),
                places=len(ex.places),
                triples=len(graph),
                notices=tuple(ex.notices),
            )
        )
        if progress:
            progress(p)
    if reports:
        materialise(store)
        store.optimize()
    return reports
