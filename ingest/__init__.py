"""Documents → extraction model (``mskg.ingest.model``) → RDF (``mskg.ingest.rdf``)."""

from __future__ import annotations

import codecs
import hashlib
import logging
import stat
from pathlib import Path

from mskg.errors import InputError
from mskg.formats import DOCUMENTS
from mskg.identifiers import document_id
from mskg.ingest.model import Extraction

SUFFIXES = set(DOCUMENTS.suffixes)

log = logging.getLogger("mskg")


#: byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_document(path: str | Path, *, lenient: bool = False, quiet: bool = False) -> str:
    """Read a document as text (see :func:`read_document_bytes`)."""
    return read_document_bytes(path, lenient=lenient, quiet=quiet)[0]


def read_document_bytes(path: str | Path, *, lenient: bool = False, quiet: bool = False) -> tuple[str, str]:
    """Read a document as text, with the SHA-256 of the file's bytes (``sha256:<hex>``),
    which tells a later reading of the same file whether it changed in between.

    The text: UTF-8, UTF-16 or UTF-32 when it starts with a byte-order
    mark, else UTF-8, else GB18030.

    A byte that fits none of them is an error naming its byte offset; with ``lenient``
    it is replaced by U+FFFD and the rest is read (a warning says how many, unless
    ``quiet``: a second reading of a checked file). A FIFO, a
    device or a folder is refused before anything is read from it.

    :raises InputError: when the file is missing, not a regular file, unreadable, not
        text, or (unless ``lenient``) holds a byte that is not part of a character.
    """
    p = Path(path)
    try:
        mode = p.stat().st_mode
    except OSError as e:
        raise InputError(f"{p}: cannot read the file ({e.strerror or e})") from None
    if not stat.S_ISREG(mode):
        raise InputError(f"{p}: not a regular file ({_file_kind(mode)}); give a text document")
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise InputError(f"{p}: cannot read the file ({e.strerror or e})") from None
    encoding = next((name for bom, name in _BOMS if raw.startswith(bom)), None)
    if encoding is None and b"\x00" in raw[:4096]:
        raise InputError(f"{p}: not a text document (binary content: NUL bytes, and no UTF-16 byte-order mark)")
    text = _decode(p, raw, encoding, lenient, quiet)
    if not text.strip():
        raise InputError(f"{p}: the document is empty")
    return text, "sha256:" + hashlib.sha256(raw).hexdigest()


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _decode(p: Path, raw: bytes, encoding: str | None, lenient: bool, quiet: bool = False) -> str:
    """Decode with the byte-order mark's encoding, else UTF-8, else GB18030.

    A file whose text before its first bad byte is UTF-8 with non-ASCII characters is
    UTF-8 with a bad byte, not GB18030: decoding it as GB18030 would give garbage.
    """
    candidates = [encoding] if encoding else ["utf-8", "gb18030"]
    error: UnicodeDecodeError | None = None
    chosen = candidates[0]
    for name in candidates:
        try:
            return raw.decode(name)
        except UnicodeDecodeError as e:
            error, chosen = e, name
            if name == "utf-8" and not raw[: e.start].isascii():
                break  # UTF-8 text with a bad byte
    assert error is not None
    e = error
    bad = raw[e.start : min(e.end, e.start + 4)].hex(" ")
    where = "at the end of the file (a character cut short?)" if e.end >= len(raw) else f"at byte offset {e.start}"
    if not lenient:
        raise InputError(
            f"{p}: not valid {e.encoding.upper()}: byte {bad} {where} cannot be decoded; fix the file, "
            "or give --lenient to read the rest with the bad bytes replaced by U+FFFD"
        )
    text = raw.decode(chosen, errors="replace")
    if not quiet:
        log.warning("%s: %d undecodable byte(s) replaced by U+FFFD, the first %s (--lenient)",
                    p, text.count("\ufffd") - raw.decode(chosen, errors="ignore").count("\ufffd"), where)
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
