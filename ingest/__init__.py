"""Documents → extraction model (``mskg.ingest.model``) → RDF (``mskg.ingest.rdf``)."""

from __future__ import annotations

from pathlib import Path

from mskg.errors import InputError
from mskg.identifiers import document_id
from mskg.ingest.model import Extraction

SUFFIXES = {".txt", ".text"}


def read_document(path: str | Path) -> str:
    """Read a document as text: UTF-8 (with or without BOM), else GB18030.

    :raises InputError: when the file is missing, unreadable or not text.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise InputError(f"{p}: cannot read the file ({e.strerror or e})") from None
    if b"\x00" in raw[:4096]:
        raise InputError(f"{p}: not a text document (binary content)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise InputError(f"{p}: not UTF-8 or GB18030 text")
    if not text.strip():
        raise InputError(f"{p}: the document is empty")
    return text


def extract_text(text: str, *, document: str, path: str = "") -> Extraction:
    """Extract plan, items, agencies, targets and places from a document's text."""
    from mskg.ingest.pipeline import extract

    return extract(text, document=document, path=path or document)


def extract_file(path: str | Path) -> Extraction:
    """Read and extract one document; its id is the file stem."""
    p = Path(path)
    return extract_text(read_document(p), document=document_id(p), path=p.name)


def document_paths(paths: list[str | Path]) -> list[Path]:
    """Expand files and folders into the sorted list of documents to ingest.

    :raises InputError: for a path that does not exist or a folder with no document.
    """
    from mskg.paths import expand

    return expand(paths, SUFFIXES, what="documents")
