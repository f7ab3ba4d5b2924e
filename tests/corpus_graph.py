"""The bundled corpus as a store: extracted once per test session, copied into any backend.

Used by the stored-query and question tests. Extraction is the slow part, so the
embedded store is built once (vocabularies, documents, inferred graphs) and its quads
are copied graph by graph into the other backends.
"""

from __future__ import annotations

from pathlib import Path

import rdflib


def build_corpus_store(path: Path):
    """An embedded store at ``path`` holding the corpus, the vocabularies and the inferences
    (``load_documents`` refreshes the inferred graphs)."""
    from mskg.data import corpus_files
    from mskg.graph_store import open_store
    from mskg.loading import load_documents, load_vocabularies

    store = open_store(path=str(path))
    load_vocabularies(store)
    load_documents(store, corpus_files())
    return store


def copy_store(source, target) -> None:
    """Replace every graph of ``target`` by the same graph of ``source``."""
    dataset = rdflib.Dataset()
    dataset.parse(data=source.dump("nquads"), format="nquads")
    for graph in source.graphs():
        target.replace_graph(graph, dataset.graph(rdflib.URIRef(graph)))
