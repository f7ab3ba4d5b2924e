"""SHACL shapes of the mskg graph, loaded from package data.

``core.ttl`` holds what must hold (severity ``sh:Violation``, rule ids ``V-…``),
``recommended.ttl`` what should hold (``sh:Warning``, rule ids ``W-…``). Every shape is
named and carries its rule id as ``dcterms:identifier``; :func:`rules` lists them.

>>> graph = load_shapes()
>>> rules(graph)[SH_MSKG["SpanShape-quoteMatchesText"]].id
'V-SPAN-05'
>>> sorted({r.severity for r in rules(graph).values()})
['violation', 'warning']
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SH

from mskg.errors import InputError
from mskg.formats import RDF_INPUT
from mskg.identifiers import ONTOLOGY

SH_MSKG = Namespace(ONTOLOGY)  # shapes are named in the ontology namespace (mskg:SpanShape-start)
SHAPE_FILES = ("core.ttl", "recommended.ttl")
SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}

#: shapes files are graphs: the RDF formats read into one graph
_SHAPES_FORMATS = RDF_INPUT.only("turtle", "ntriples", "jsonld", "rdfxml", "n3")

__all__ = ["Rule", "SHAPE_FILES", "check_shapes", "load_shapes", "rules", "shape_files"]


@dataclass(frozen=True)
class Rule:
    """One named shape as a rule: id, severity, bilingual name and description."""

    shape: URIRef
    id: str
    severity: str  # violation | warning | info
    name_zh: str
    name_en: str
    description_zh: str
    description_en: str


def shape_files() -> list[str]:
    """The bundled shapes files, e.g. ``shapes/core.ttl``."""
    return [f"shapes/{name}" for name in SHAPE_FILES]


def load_shapes(paths: Sequence[str | Path] | None = None) -> Graph:
    """The shapes graph: the bundled files, or the given files and folders of ``*.ttl``.

    :raises InputError: a path that does not exist, a file that cannot be read or parsed,
        or a set of files that defines no shape.
    """
    if not paths:
        return _copy(_bundled())
    graph = Graph()
    for path in _expand(paths):
        fmt = _SHAPES_FORMATS[_SHAPES_FORMATS.for_suffix(path) or "turtle"].rdflib
        try:
            data = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"{path}: cannot read the shapes file ({getattr(e, 'strerror', None) or e})") from None
        try:
            graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
        except Exception as e:  # rdflib raises several syntax error types
            raise InputError(f"{path}: not valid RDF ({fmt}): {_first_line(e)}") from None
    if not any(graph.subjects(RDF.type, SH.NodeShape)) and not any(graph.subjects(RDF.type, SH.PropertyShape)):
        names = ", ".join(str(p) for p in _expand(paths))
        raise InputError(f"{names}: no SHACL shapes (sh:NodeShape or sh:PropertyShape) in the shapes given")
    return graph


def check_shapes(graph: Graph) -> list[str]:
    """Problems of a shapes graph against SHACL-for-SHACL (empty when it conforms)."""
    import pyshacl

    meta = _shacl_shacl()
    conforms, report, _ = pyshacl.validate(graph, shacl_graph=meta, inference="none", allow_warnings=True)
    if conforms:
        return []
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        problems.append(f"{focus}: {'; '.join(messages) or report.value(result, SH.sourceConstraintComponent)}")
    return sorted(problems)


def rules(graph: Graph | None = None) -> dict[URIRef, Rule]:
    """Every shape with a rule id (``dcterms:identifier``), by shape IRI."""
    graph = graph if graph is not None else _bundled()
    out: dict[URIRef, Rule] = {}
    for shape, ident in graph.subject_objects(DCTERMS.identifier):
        if not isinstance(shape, URIRef):
            continue
        if (shape, RDF.type, SH.NodeShape) not in graph and (shape, RDF.type, SH.PropertyShape) not in graph:
            continue
        out[shape] = Rule(
            shape=shape,
            id=str(ident),
            severity=SEVERITIES.get(graph.value(shape, SH.severity), "violation"),
            name_zh=_text(graph, shape, SH.name, "zh"),
            name_en=_text(graph, shape, SH.name, "en"),
            description_zh=_text(graph, shape, SH.description, "zh"),
            description_en=_text(graph, shape, SH.description, "en"),
        )
    return out


def _text(graph: Graph, node: URIRef, prop: URIRef, lang: str) -> str:
    values = [o for o in graph.objects(node, prop) if isinstance(o, Literal)]
    for value in sorted(values):
        if value.language and value.language.lower().startswith(lang):
            return str(value)
    return str(sorted(values)[0]) if values else ""


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    from mskg.paths import expand

    return expand(paths, _SHAPES_FORMATS.suffixes, what="shapes files")


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _copy(source: Graph) -> Graph:
    graph = Graph()
    for prefix, namespace in source.namespaces():
        graph.bind(prefix, namespace, override=True)
    for triple in source:
        graph.add(triple)
    return graph


@functools.lru_cache(maxsize=None)
def _bundled() -> Graph:
    graph = Graph()
    for name in SHAPE_FILES:
        resource = resources.files("mskg.shapes") / name
        try:
            data = resource.read_text(encoding="utf-8")
        except OSError as e:
            raise InputError(f"mskg.shapes/{name}: cannot read the package data file ({e})") from None
        try:
            graph.parse(data=data, format="turtle", publicID=f"urn:mskg:shapes:{name}")
        except Exception as e:
            raise InputError(f"mskg.shapes/{name}: not valid Turtle ({_first_line(e)})") from None
    return graph


@functools.lru_cache(maxsize=None)
def _shacl_shacl() -> Graph:
    import pyshacl

    path = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    return Graph().parse(path, format="turtle")
