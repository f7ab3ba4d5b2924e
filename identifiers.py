"""Namespaces and stable IRIs.

IRIs are ASCII (English or pinyin slugs); Chinese appears only in labels. The same
input always mints the same IRI, so re-ingesting a document yields the same triples.

>>> document_id("data/corpus/000_e71d73c36a34a15e.txt")
'000_e71d73c36a34a15e'
>>> slug("济宁市民政局")
'ji-ning-shi-min-zheng-ju'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import PurePath

BASE = "https://w3id.org/mskg/"
ONTOLOGY = BASE + "ontology#"  # classes and properties (prefix mskg:)
ID = BASE + "id/"  # instance data (prefix mskgr:)
GRAPH = BASE + "graph/"  # named graphs
SCHEME = BASE + "scheme/"  # concept schemes: domains, agency categories, indicators

ONTOLOGY_GRAPH = GRAPH + "ontology"
SCHEMES_GRAPH = GRAPH + "schemes"
PLACES_GRAPH = GRAPH + "places"
AGENCIES_GRAPH = GRAPH + "agencies"
SHAPES_GRAPH = GRAPH + "shapes"  # the SHACL shapes, in an export --with-shapes
#: stated about a document's graph, in that graph: the digest of its other triples as written
CONTENT_DIGEST = ONTOLOGY + "contentDigest"
#: kinds of node minted for one document: their IRIs carry the document id (``item_iri`` …)
DOCUMENT_KINDS = ("document", "plan", "item", "target", "responsibility", "span")

_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


def _digest(text: str, n: int = 8) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def slug(text: str, *, limit: int = 60) -> str:
    """An ASCII slug: pinyin syllables of Han characters, words of other letters."""
    from pypinyin import Style, lazy_pinyin  # imported here: start-up stays light

    text = unicodedata.normalize("NFKC", text)
    words: list[str] = []
    for token in _tokens(text):
        if re.fullmatch(r"[A-Za-z0-9]+", token):
            words.append(token.lower())
        else:
            words.extend(p for p in lazy_pinyin(token, style=Style.NORMAL, errors="ignore"))
    out = "-".join(w for w in (_SAFE.sub("", w) for w in words) if w)
    return out[:limit].strip("-") or _digest(text)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+|[\u3400-\u9fff]+", text)


def document_id(path: str | PurePath) -> str:
    """The stable id of a document: its file stem, made ASCII-safe."""
    stem = PurePath(path).stem
    safe = _SAFE.sub("-", stem).strip("-")
    if safe == stem and safe:
        return safe
    return (slug(stem, limit=40) or "doc") + "-" + _digest(stem, 6)


def document_iri(doc: str) -> str:
    return f"{ID}document/{doc}"


def document_graph(doc: str) -> str:
    return f"{_DOCUMENT_GRAPHS}{doc}"


_DOCUMENT_GRAPHS = GRAPH + "document/"


def owning_document(iri: str) -> str | None:
    """The id of the document a node was minted for (its document, plan, items, targets,
    responsibilities, spans, and the document's graph), or None for a node documents
    share (agencies, places, concepts) or one mskg did not mint.

    >>> owning_document(item_iri("001_a", "3.2"))
    '001_a'
    >>> owning_document(document_graph("001_a"))
    '001_a'
    >>> owning_document(agency_iri("济宁市民政局")) is None
    True
    """
    if iri.startswith(_DOCUMENT_GRAPHS):
        return iri[len(_DOCUMENT_GRAPHS):] or None
    if not iri.startswith(ID):
        return None
    kind, _, rest = iri[len(ID):].partition("/")
    if kind not in DOCUMENT_KINDS:
        return None
    return rest.split("/", 1)[0] or None


def plan_iri(doc: str) -> str:
    return f"{ID}plan/{doc}"


def item_iri(doc: str, key: str) -> str:
    return f"{ID}item/{doc}/{_SAFE.sub('-', key)}"


def target_iri(doc: str, key: str) -> str:
    return f"{ID}target/{doc}/{_SAFE.sub('-', key)}"


def responsibility_iri(doc: str, item_key: str, agency_full: str, role: str) -> str:
    return f"{ID}responsibility/{doc}/{_SAFE.sub('-', item_key)}/{role}-{_digest(agency_full)}"


def span_iri(doc: str, start: int, end: int) -> str:
    return f"{ID}span/{doc}/{start}-{end}"


def agency_iri(full: str) -> str:
    """One IRI per real body: derived from its formal full name only."""
    return f"{ID}agency/{slug(full)}-{_digest(full, 6)}"


def place_iri(full: str, code: str | None = None) -> str:
    """Divisions by their official code; zones and uncoded units by name."""
    if code:
        return f"{ID}place/{code}"
    return f"{ID}place/{slug(full)}-{_digest(full, 6)}"


def indicator_iri(code: str) -> str:
    return f"{SCHEME}indicator/{_SAFE.sub('-', code)}"


def domain_iri(code: str) -> str:
    return f"{SCHEME}domain/{code}"
