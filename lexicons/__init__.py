"""The keyword lexicons (``lexicons/*.ttl``) and the one loader that reads them.

Every lexicon is package data in Turtle, read once per process by :func:`load`, which
returns a :class:`Lexicon`: the parsed graph plus accessors that know where each entry
sits in its file. A lexicon that does not parse is an error naming the file and the
line; a value an entry must have and lacks is an error naming the file, the line and
the entry, never the string ``"None"`` compiled into a pattern.

The shapes of the lexicons themselves are ``lexicons/lexicon-shapes.ttl``
(:func:`validate`); the tests check every lexicon file against them.

>>> lex = load("places.ttl")
>>> lex.name
'places.ttl'
>>> lex.line_of(lex.iri("https://w3id.org/mskg/lexicon/places#", "zoneTypes")) > 0
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Iterator

from mskg.errors import LexiconError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

PACKAGE = "mskg.lexicons"
SHAPES = "lexicon-shapes.ttl"


@dataclass(frozen=True)
class Source:
    """One Turtle file of a lexicon: its name as the user sees it, its text and prefixes."""

    label: str  # lexicons/agencies.ttl
    text: str
    prefixes: tuple[tuple[str, str], ...]  # (prefix, namespace) as bound in the file


@dataclass(frozen=True)
class Lexicon:
    """A parsed lexicon (one or more Turtle files merged) that reports where its
    entries are printed."""

    name: str
    graph: "Graph"
    sources: tuple[Source, ...] = field(repr=False)

    # ------------------------------------------------------------------ reading values

    def value(self, entry: "Node", prop: "Node") -> "Node":
        """The one value of a property an entry must have; an error naming the file,
        the line and the entry when it is missing."""
        v = self.graph.value(entry, prop)
        if v is None:
            raise LexiconError(f"{self.where(entry)}: {self.short(entry)} has no {self.short(prop)}")
        return v

    def text(self, entry: "Node", prop: "Node") -> str:
        """The one value of a required property, as a string."""
        return str(self.value(entry, prop))

    def optional(self, entry: "Node", prop: "Node") -> str | None:
        """The value of a property an entry may lack, as a string, or None."""
        v = self.graph.value(entry, prop)
        return None if v is None else str(v)

    def label(self, entry: "Node", prop: "Node", language: str) -> str:
        """The one value of a required property in a language (``skos:prefLabel`` in zh)."""
        for o in self.graph.objects(entry, prop):
            if getattr(o, "language", None) == language:
                return str(o)
        raise LexiconError(f"{self.where(entry)}: {self.short(entry)} has no {self.short(prop)} in @{language}")

    def texts(self, entry: "Node", prop: "Node") -> list[str]:
        """Every value of a property, as strings (sorted, so output is stable)."""
        return sorted(str(o) for o in self.graph.objects(entry, prop))

    def pattern(self, entry: "Node", prop: "Node", flags: int = 0) -> re.Pattern[str]:
        """A required regular expression, compiled; a bad one names file, line and entry."""
        return self.compile(entry, self.text(entry, prop), flags)

    def compile(self, entry: "Node", source: str, flags: int = 0) -> re.Pattern[str]:
        try:
            return re.compile(source, flags)
        except re.error as e:
            raise LexiconError(f"{self.where(entry)}: {self.short(entry)}: bad pattern {source!r} ({e})") from None

    def instances(self, cls: "Node") -> list["Node"]:
        """The entries of a class, in file order."""
        from rdflib import RDF

        return self.in_file_order(self.graph.subjects(RDF.type, cls))

    def in_scheme(self, scheme: "Node") -> list["Node"]:
        """The concepts of a SKOS scheme, in file order."""
        from rdflib.namespace import SKOS

        return self.in_file_order(self.graph.subjects(SKOS.inScheme, scheme))

    def in_file_order(self, entries: Iterator["Node"]) -> list["Node"]:
        unique = set(entries)
        return sorted(unique, key=lambda e: (self._position(e), str(e)))

    # ------------------------------------------------------------------ where things are

    @staticmethod
    def iri(namespace: str, local: str) -> "Node":
        from rdflib import URIRef

        return URIRef(namespace + local)

    def short(self, node: "Node") -> str:
        """The prefixed name of a node as its file prints it (agl:Body), else the IRI."""
        s = str(node)
        for source in self.sources:
            for prefix, ns in source.prefixes:
                if s.startswith(ns) and s != ns:
                    return f"{prefix}:{s[len(ns):]}"
        return f"<{s}>" if not _is_blank(node) else "a bracketed entry"

    def line_of(self, node: "Node") -> int | None:
        """The line (1-based) where ``node`` is described in its file, or None."""
        found = self._locate(node)
        return found[1] if found else None

    def where(self, node: "Node", prop: "Node | None" = None) -> str:
        """``lexicons/agencies.ttl, line 212`` for an entry, or for the line of the entry
        that prints ``prop`` (the file alone when the entry cannot be found in its text)."""
        found = self._locate(node)
        if found is None:
            return " + ".join(s.label for s in self.sources)
        source, line = found
        if prop is not None and not _is_blank(node):
            line = _property_line(source, line, self.short(prop)) or line
        return f"{source.label}, line {line}"

    def _position(self, node: "Node") -> tuple[int, int]:
        found = self._locate(node)
        if found is None:
            return (len(self.sources), 0)
        return (self.sources.index(found[0]), found[1])

    def _locate(self, node: "Node") -> tuple[Source, int] | None:
        if _is_blank(node):
            # a bracketed entry ([ agl:level "county" ; … ]) is printed with its owner
            owner = next(iter(self.graph.subjects(None, node)), None)
            return None if owner is None or owner == node else self._locate(owner)
        return _locate_iri(self.sources, str(node))


def _is_blank(node: "Node") -> bool:
    from rdflib import BNode

    return isinstance(node, BNode)


@lru_cache(maxsize=4096)
def _subject_lines(text: str) -> dict[str, int]:
    """Token → first line where it begins a statement (a subject), for one file."""
    out: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), 1):
        m = re.match(r"(<[^>\s]*>|[A-Za-z][\w.-]*:[^\s;,]*)\s", line)
        if m:
            out.setdefault(m.group(1), n)
    return out


def _locate_iri(sources: tuple[Source, ...], iri: str) -> tuple[Source, int] | None:
    for source in sources:
        lines = _subject_lines(source.text)
        tokens = [f"<{iri}>"] + [f"{p}:{iri[len(ns):]}" for p, ns in source.prefixes if iri.startswith(ns)]
        for t in tokens:
            if t in lines:
                return source, lines[t]
    return None


def _property_line(source: Source, first: int, token: str) -> int | None:
    """The line of the statement starting at line ``first`` that prints ``token``."""
    lines = source.text.splitlines()
    for n in range(first - 1, len(lines)):
        code = lines[n].split(" #", 1)[0]
        if re.search(rf"(?:^|[\s;\[]){re.escape(token)}(?=\s)", code):
            return n + 1
        if n > first - 1 and re.match(r"\S", lines[n]) or code.rstrip().endswith(" ."):
            return None  # the statement ended (or the next one began)
    return None


_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w-]*):\s*<([^>]*)>", re.MULTILINE | re.IGNORECASE)


def read(package: str, name: str) -> Source:
    """The text of one Turtle file of package data."""
    label = f"{package.rsplit('.', 1)[-1]}/{name}"
    try:
        text = (files(package) / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise LexiconError(f"{label}: cannot read the lexicon ({e})") from None
    return source(label, text)


def source(label: str, text: str) -> Source:
    """A Turtle text with the name its errors will give (``lexicons/agencies.ttl``)."""
    return Source(label, text, tuple((p, ns) for p, ns in _PREFIX.findall(text)))


def parse(source: Source, graph: "Graph | None" = None) -> "Graph":
    """Parse one file into ``graph`` (a new one if None); a syntax error names the file
    and the line."""
    from rdflib import Graph

    graph = Graph() if graph is None else graph
    try:
        graph.parse(data=source.text, format="turtle")
    except Exception as e:  # rdflib raises several syntax error types
        line = getattr(e, "lines", None)
        why = getattr(e, "_why", None) or str(e).splitlines()[0]
        at = f", line {line + 1}" if isinstance(line, int) else ""
        raise LexiconError(f"{source.label}{at}: not valid Turtle ({why})") from None
    return graph


def build(*sources: Source) -> Lexicon:
    """The lexicon made of these files, merged into one graph."""
    from rdflib import Graph

    graph = Graph()
    for s in sources:
        parse(s, graph)
    return Lexicon(sources[0].label.rsplit("/", 1)[-1], graph, tuple(sources))


@lru_cache(maxsize=None)
def load(*names: str, package: str = PACKAGE) -> Lexicon:
    """The lexicon made of the named files (merged), read once per process.

    A name may be ``package:file`` to merge a file of another package (the domain
    scheme of ``mskg.ontology``). Each lexicon file is checked against its shapes the
    first time its content is loaded (:func:`check`).
    """
    sources = []
    for name in names:
        pkg, _, file = name.rpartition(":")
        sources.append(read(pkg or package, file))
    lexicon = build(*sources)
    for name, source in zip(names, sources):
        if (name.rpartition(":")[0] or package) == PACKAGE:
            check(source)
    return lexicon


def check(source: Source) -> None:
    """Check a lexicon file against ``lexicons/lexicon-shapes.ttl`` once per content.

    A file whose text (and the shapes') passed before is recorded in the user's cache
    (``$MSKG_CACHE_DIR``, as ``lexicon-<file>-<hash>.ok``) and not checked again, so an
    edited lexicon is checked by the first command that loads it.

    :raises LexiconError: the violations, each with the file, the line and the entry.
    """
    import hashlib

    from mskg.ingest.cache import cache_dir, write_atomically

    digest = hashlib.sha256((source.text + "\0" + read(PACKAGE, SHAPES).text).encode("utf-8")).hexdigest()[:20]
    stem = source.label.rsplit("/", 1)[-1].removesuffix(".ttl")
    folder = cache_dir()
    marker = folder / f"lexicon-{stem}-{digest}.ok"
    if marker.exists():
        return
    found = violations(build(source))
    if found:
        more = f"\n… and {len(found) - 10} more" if len(found) > 10 else ""
        raise LexiconError("\n".join(found[:10]) + more)
    if write_atomically(marker, lambda fh: fh.write(b"")):
        for old in folder.glob(f"lexicon-{stem}-*.ok"):  # records of earlier contents
            if old != marker:
                try:
                    old.unlink()
                except OSError:
                    pass


def names() -> list[str]:
    """The lexicon files shipped with the package (the shapes file excepted)."""
    return sorted(
        e.name for e in files(PACKAGE).iterdir() if e.name.endswith(".ttl") and e.name != SHAPES and e.is_file()
    )


def validate(name: str) -> list[str]:
    """The shape violations of one lexicon file, each ``file, line N: entry property:
    message`` (empty when it conforms to ``lexicons/lexicon-shapes.ttl``)."""
    return violations(load(name))


def violations(lex: Lexicon) -> list[str]:
    """The shape violations of a lexicon, sorted by file and line."""
    from pyshacl import validate as shacl
    from rdflib import Graph
    from rdflib.namespace import SH

    _, report, _ = shacl(lex.graph, shacl_graph=_shapes(), inference="none", advanced=True)
    assert isinstance(report, Graph)
    out = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        messages = {getattr(m, "language", None): str(m) for m in report.objects(result, SH.resultMessage)}
        message = messages.get("en") or next(iter(sorted(messages.values())), "")
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        what = f" {lex.short(path)}" if path is not None else ""
        shown = f" ({lex.short(value) if not hasattr(value, 'language') else value})" if value is not None and value != focus else ""
        out.append(f"{lex.where(focus, path)}: {lex.short(focus)}{what}: {message}{shown}")
    return sorted(set(out), key=_by_line)


@lru_cache(maxsize=1)
def _shapes() -> "Graph":
    return parse(read(PACKAGE, SHAPES))


def _by_line(message: str) -> tuple[str, int, str]:
    m = re.match(r"(.*?), line (\d+)", message)
    return (m.group(1), int(m.group(2)), message) if m else (message, 0, message)
