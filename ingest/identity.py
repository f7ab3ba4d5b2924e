"""Documents identified by content as well as by name.

A document's id comes from its file name, so a renamed copy, or the same text saved
in another encoding (GB18030 instead of UTF-8), would be stored as a second plan and
double every count. The *text digest* identifies the text itself: SHA-256 of the
decoded text after Unicode NFKC normalisation (full-width and half-width forms alike)
with every whitespace character removed (line ends, indentation, blank lines). It is
recorded on the document node (``mskg:textDigest``), so a store can be searched for a
text without reading the texts.

>>> text_digest("民生实事\\r\\n一、养老") == text_digest("\\ufeff民生实事\\n 一、养老 ")
True
>>> text_digest("ＡＢＣ") == text_digest("ABC")
True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from rdflib import Literal

from mskg.errors import InputError

_IGNORED = re.compile(r"[\s\ufeff\u200b\u200c\u200d\u2060]+")


def text_digest(text: str) -> str:
    """``sha256:<hex>`` of the normalised text (see the module docstring)."""
    from mskg.ingest.text import slices

    digest = hashlib.sha256()
    for piece in slices(text):  # NFKC never joins across a line end
        digest.update(_IGNORED.sub("", unicodedata.normalize("NFKC", piece)).encode("utf-8"))
    return "sha256:" + digest.hexdigest()


@dataclass(frozen=True)
class StoredDocument:
    document: str
    file: str
    digest: str
    graph: str


@cache
def _sparql(name: str) -> str:
    return (files("mskg.graph_store.sparql") / name).read_text(encoding="utf-8")


def stored_documents(store) -> list[StoredDocument]:
    """The documents in ``store`` with their digests; a document stored before digests
    were recorded has its digest computed from its stored full text."""
    out = []
    for graph, document, file, digest in store.query(_sparql("stored_documents.rq")).rows:
        value = str(digest) if digest is not None else _digest_of_stored_text(store, str(document))
        out.append(StoredDocument(str(document), str(file or document), value, str(graph)))
    return out


def _digest_of_stored_text(store, document: str) -> str:
    rows = store.query(_sparql("stored_text.rq"), bindings={"_document": Literal(document)}).rows
    return text_digest(str(rows[0][0])) if rows else ""


def same_text_documents(store, incoming: list[tuple[str, Path, str]], *, replace: bool) -> dict[str, list[str]]:
    """Check ``incoming`` (document id, path, text digest: :func:`text_digest`) against
    each other and the store.

    Two incoming files with the same text are refused. An incoming document whose text
    is stored under another id is refused, unless ``replace``: then the stored
    documents it supersedes are returned, by incoming id, for the loader to drop.

    :raises InputError: naming both documents (exit 2).
    """
    digests: dict[str, tuple[str, Path]] = {}
    for document, path, digest in incoming:
        if digest in digests and digests[digest][0] != document:
            raise InputError(f"{path}: same text as {digests[digest][1]} (after normalising encoding and "
                             "whitespace); ingest only one of them")
        digests[digest] = (document, path)
    superseded: dict[str, list[str]] = {}
    for stored in stored_documents(store):
        hit = digests.get(stored.digest)
        if hit is None or hit[0] == stored.document:
            continue
        document, path = hit
        if not replace:
            raise InputError(
                f"{path}: same text as the stored document {stored.document} (file {stored.file}); "
                f"it would be counted twice. Give --replace to store it as {document} in place of "
                f"{stored.document}, or leave it out"
            )
        superseded.setdefault(document, []).append(stored.document)
    return superseded


def duplicates(store) -> list[list[StoredDocument]]:
    """Groups of stored documents that hold the same text (each group sorted by id)."""
    groups: dict[str, list[StoredDocument]] = {}
    for doc in stored_documents(store):
        if doc.digest:
            groups.setdefault(doc.digest, []).append(doc)
    return sorted((sorted(g, key=lambda d: d.document) for g in groups.values() if len(g) > 1),
                  key=lambda g: g[0].document)
