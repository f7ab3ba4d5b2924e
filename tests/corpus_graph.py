"""The bundled corpus as a store, and copies of a store into any backend.

Most tests share the session's corpus store (``corpus_store`` and ``corpus_store_copy`` in
conftest.py). ``build_corpus_store`` builds another one where a test needs its own; the
extractions come from the session's cache (``extractions.py``). The stored-query tests
copy the corpus graph by graph into the in-memory store and a remote server.
"""

from __future__ import annotations

from pathlib import Path

import extractions
import rdflib


def build_corpus_store(path: Path):
    """An embedded store at ``path`` holding the corpus, the vocabularies and the inferences
    (``load_documents`` refreshes the inferred graphs)."""
    from mskg.data import corpus_files
    from mskg.graph_store import open_store
    from mskg.loading import load_documents, load_vocabularies

    store = open_store(path=str(path))
    load_vocabularies(store)
    load_documents(store, corpus_files(), extract=extractions.extract_text)
    return store


def copy_store(source, target) -> None:
    """Replace every graph of ``target`` by the same graph of ``source``."""
    dataset = rdflib.Dataset()
    dataset.parse(data=source.dump("nquads"), format="nquads")
    for graph in source.graphs():
        target.replace_graph(graph, dataset.graph(rdflib.URIRef(graph)))
