"""Deterministic serialization of a store's content.

Same content, same bytes: blank nodes get canonical labels (RDFC-1.0), quads are
sorted by their N-Quads text, and the serializer (pyoxigraph's, for every backend)
writes them in that order. Turtle and N-Triples merge the named graphs into one
graph (or serialize the one graph asked for); N-Quads, TriG and JSON-LD keep them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

import pyoxigraph as ox

from mskg.errors import InputError
from mskg.ontology import PREFIXES as ONTOLOGY_PREFIXES


@dataclass(frozen=True)
class ExportFormat:
    name: str
    rdf_format: ox.RdfFormat
    extension: str
    media_type: str
    keeps_graphs: bool


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("turtle", ox.RdfFormat.TURTLE, ".ttl", "text/turtle", False),
        ExportFormat("ntriples", ox.RdfFormat.N_TRIPLES, ".nt", "application/n-triples", False),
        ExportFormat("nquads", ox.RdfFormat.N_QUADS, ".nq", "application/n-quads", True),
        ExportFormat("trig", ox.RdfFormat.TRIG, ".trig", "application/trig", True),
        ExportFormat("jsonld", ox.RdfFormat.JSON_LD, ".jsonld", "application/ld+json", True),
    )
}

_ALIASES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld", "n-triples": "ntriples",
            "n-quads": "nquads"}

#: Prefixes written into Turtle and TriG output: the project's own (see mskg.ontology).
PREFIXES: dict[str, str] = dict(ONTOLOGY_PREFIXES)


def export_format(name: str) -> ExportFormat:
    """The export format called ``name`` (or a common alias); InputError otherwise."""
    key = _ALIASES.get(str(name).lower(), str(name).lower())
    try:
        return FORMATS[key]
    except KeyError:
        raise InputError(f"unknown export format {name!r}; choose one of: {', '.join(FORMATS)}") from None


def format_for_path(path: str) -> str:
    """The export format name implied by a file name's extension; InputError if none."""
    suffix = PurePath(path).suffix.lower()
    for fmt in FORMATS.values():
        if fmt.extension == suffix:
            return fmt.name
    raise InputError(
        f"cannot tell the export format from {path!r}; use an extension among "
        f"{', '.join(f.extension for f in FORMATS.values())} or give the format"
    )


def _canonical(quads: list[ox.Quad]) -> list[ox.Quad]:
    if any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        quads = list(dataset)
    return sorted(set(quads), key=str)


def serialize(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """Deterministic bytes in ``fmt`` for ``quads`` (their graph names kept or merged)."""
    spec = export_format(fmt)
    quads = list(quads)
    if not spec.keeps_graphs:
        quads = [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads]
    ordered = _canonical(quads)
    if spec.keeps_graphs:
        data: list = ordered
    else:
        data = [ox.Triple(q.subject, q.predicate, q.object) for q in ordered]
    prefixes = PREFIXES if spec.rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    out = ox.serialize(data, format=spec.rdf_format, prefixes=prefixes) or b""
    return _sorted_prefix_lines(out) if prefixes else out


def _sorted_prefix_lines(text: bytes) -> bytes:
    """The ``@prefix`` header in a fixed (sorted) order, whatever the serializer's."""
    lines = text.split(b"\n")
    n = 0
    while n < len(lines) and lines[n].startswith(b"@prefix "):
        n += 1
    return b"\n".join(sorted(lines[:n]) + lines[n:])
