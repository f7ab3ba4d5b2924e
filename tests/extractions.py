"""Extractions of real documents, made once per test session and shared by every module.

Extracting a corpus document takes seconds; many modules score, map or validate the same
documents. This module memoises :func:`mskg.ingest.extract_text` by (text, document id,
file name), and the RDF graph of a file by its path, for the whole session: the first
test to need a document pays for it, the others reuse the result. Tests import it by name
(``import extractions``), so there is one cache per process (``conftest.py`` puts this
folder on the import path); with ``FOLDER`` set (by ``conftest.py``: a folder of the test
session), extractions are also pickled there, keyed by the digest of what was extracted,
so that the session's other worker reads them instead of extracting the same text again.
Tests that check extraction itself (that it is stable, that a fresh process gives the same
result) call :mod:`mskg.ingest` directly.

The cached objects are shared: a test must not change them (copy with
``dataclasses.replace`` or ``Graph() + graph`` first).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

#: the session's folder of pickled extractions (None: kept in this process only)
FOLDER: Path | None = None


@functools.cache
def extract_text(text: str, *, document: str, path: str = ""):
    """:func:`mskg.ingest.extract_text`, once per session for each (text, document, path)."""
    from mskg.ingest import extract_text as extract

    if FOLDER is None:
        return extract(text, document=document, path=path)
    key = hashlib.sha256("\0".join((text, document, path)).encode("utf-8")).hexdigest()
    kept = FOLDER / f"{key}.pickle"
    if kept.exists():
        return pickle.loads(kept.read_bytes())
    extraction = extract(text, document=document, path=path)
    partial = kept.with_suffix(f".{os.getpid()}")
    partial.write_bytes(pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL))
    partial.replace(kept)  # whole or not at all, whichever worker writes it first
    return extraction


def extract_file(path: str | Path):
    """:func:`mskg.ingest.extract_file` through the session's cache."""
    from mskg.identifiers import document_id
    from mskg.ingest import read_document

    p = Path(path)
    return extract_text(read_document(p), document=document_id(p), path=p.name)


@functools.cache
def _graph(path: Path):
    from mskg.ingest.rdf import extraction_to_graph

    return extraction_to_graph(extract_file(path))


def graph_of(path: str | Path):
    """The RDF graph of a document file (:func:`mskg.ingest.rdf.extraction_to_graph`)."""
    return _graph(Path(path).resolve())


@functools.cache
def corpus_graph():
    """The union of the graphs of the bundled corpus's documents, built once per session."""
    from rdflib import Graph

    from mskg.data import corpus_files

    graph = Graph()
    for path in corpus_files():
        graph += graph_of(path)
    return graph
