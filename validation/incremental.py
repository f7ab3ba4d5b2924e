"""Validation of a store that reuses the results of documents that did not change.

A result belongs to the document its focus node was minted for
(:func:`mskg.identifiers.owning_document`: the document, its plan, items, targets,
responsibilities and spans), or to no document: agencies, places and concepts, which
documents share. The rules about a document's own nodes read that document's graph, the
vocabularies, and what documents state about the shared nodes it reaches (an agency's
names and jurisdiction, the places above a place); the rules about shared nodes read what
every document states about them. So the store's triples are split in two:

* a document's *own* triples: those whose subject is one of its nodes, and those that
  link a shared node to one of its nodes (an agency's evidence in it); its graph holds
  them all;
* *shared statements*: the other triples of document graphs, about shared nodes alone,
  from every document, plus the vocabularies (ontology, concept schemes, any other
  asserted graph).

A document's results are computed over its graph, the vocabularies and the shared
statements, and stored (in a file beside the embedded store) under what they were computed
from: the document graph's content digest (``mskg:contentDigest``, written by the ingest
with the graph; computed from the graph's text when absent), and a digest of the shared
statements it can reach (from the shared nodes it names, following shared statements
forward). They are reused while both are unchanged and the shapes, the vocabularies and
this engine are the same (one *context* digest). The results about shared nodes — the
cross-document rules — are computed again at every run, over the shared statements and
the vocabularies, which are a few thousand triples whatever the number of documents.

After an ingest that changed a few documents, `mskg validate` therefore reads and checks
those documents only; the first run, or one where many documents changed, checks the
whole graph at once (every constraint one query over the whole graph, which is cheaper
per document) and stores every document's results for the next run. Both give the same
report as a run over the whole graph (tests change documents of the corpus and compare).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import BNode, Node

from mskg.identifiers import CONTENT_DIGEST, DOCUMENT_KINDS, ID, document_graph, owning_document
from mskg.validation.outcome import REPORT_IRI, ValidationOutcome, ValidationResult

__all__ = ["Plan", "ResultFile", "merge", "result_file_for", "split_document"]

#: the format of the results file; a file of another version is ignored
FORMAT = 1
#: recheck documents one by one while at most this share of them needs it; beyond it
#: one run over the whole graph costs less
SHARE_RECHECKED = 0.25

_IRI = re.compile(rb"<([^<>\s]*)>")
_DOCUMENT_GRAPHS = document_graph("")
_TEXT_FIELDS = ("severity", "rule", "focus_label", "value_label", "message_zh", "message_en", "document",
                "subject", "quote", "path_label", "rule_name")


# -- a document's graph, split -----------------------------------------------------------

@dataclass
class Split:
    """A document graph's N-Triples split into its own triples and shared statements."""

    own: int  # number of triples about the document's own nodes
    shared: list[str]  # its triples about other nodes (N-Triples lines)
    mentions: list[str]  # IRIs of other nodes it names (sorted)


def split_document(document: str, data: bytes) -> Split:
    """Split the N-Triples ``data`` of the graph of ``document`` (see the module docstring):
    one Oxigraph dump, a triple per line."""
    mine = _own_prefixes(document)
    lines = data.split(b"\n")
    shared = [line.decode("utf-8") for line in lines
              if line and not line.startswith(mine) and not _links_to(line, document)]
    # the last IRI of a line: its object (or a literal's datatype, which no document describes)
    objects = {line[line.rfind(b"<", 0, len(line) - 3) + 1:-3] for line in lines if line.endswith(b"> .")}
    mentions = sorted(iri for iri in {o.decode("utf-8", "replace") for o in objects}
                      | {line[1:line.find(">")] for line in shared if line.startswith("<")}
                      if owning_document(iri) != document)
    return Split(sum(1 for line in lines if line) - len(shared), shared, mentions)


def _own_prefixes(document: str) -> tuple[bytes, ...]:
    """How a line about a node of ``document`` begins (:func:`owning_document`)."""
    doc = document.encode("utf-8")
    prefixes = [b"<" + _DOCUMENT_GRAPHS.encode() + doc + b">"]
    for kind in DOCUMENT_KINDS:
        start = b"<" + (ID + kind + "/").encode() + doc
        prefixes += [start + b">", start + b"/"]
    return tuple(prefixes)


def _links_to(line: bytes, document: str) -> bool:
    """True when the triple's object is a node of ``document`` (an agency's evidence in it)."""
    if not line.endswith(b"> ."):
        return False
    return owning_document(line[line.rfind(b"<", 0, len(line) - 3) + 1:-3].decode("utf-8")) == document


# -- what a document's results depend on ---------------------------------------------------

class SharedStatements:
    """Every document's statements about shared nodes, indexed by subject."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = sorted(set(lines))
        self._by_subject: dict[str, list[int]] = {}
        for i, line in enumerate(self.lines):
            if line.startswith("<"):
                self._by_subject.setdefault(line[1:line.find(">")], []).append(i)

    def reachable_digest(self, mentions: Iterable[str]) -> str:
        """The digest of the statements reachable from ``mentions``: about them, and about
        the nodes those statements name, and so on."""
        seen: set[str] = set()
        todo = [m for m in mentions if m in self._by_subject]
        found: set[int] = set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for i in self._by_subject.get(node, ()):
                found.add(i)
                line = self.lines[i]
                rest = line[line.find(">") + 1:]
                for iri in re.findall(r"<([^<>\s]*)>", rest):
                    if iri in self._by_subject and iri not in seen:
                        todo.append(iri)
        digest = hashlib.sha256()
        for i in sorted(found):
            digest.update(self.lines[i].encode("utf-8") + b"\n")
        return digest.hexdigest()

    def text(self) -> bytes:
        return "".join(line + "\n" for line in self.lines).encode("utf-8")


# -- stored results ------------------------------------------------------------------------

@dataclass
class Entry:
    """One document's stored results and what they were computed from."""

    digest: str  # the document graph's content digest
    reach: str  # digest of the shared statements it reaches
    own: int
    shared: list[str]
    mentions: list[str]
    results: list[dict] = field(default_factory=list)  # {"nt": triples of the result, fields}

    def to_json(self, pool: dict[str, int]) -> dict:
        return {"digest": self.digest, "reach": self.reach, "own": self.own,
                "shared": [pool.setdefault(line, len(pool)) for line in self.shared],
                "mentions": self.mentions, "results": self.results}

    @classmethod
    def from_json(cls, data: dict, pool: list[str]) -> Entry:
        return cls(data["digest"], data["reach"], data["own"], [pool[i] for i in data["shared"]],
                   data["mentions"], data["results"])


class ResultFile:
    """The stored results of a store's documents: one JSON file, replaced atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self, context: str) -> dict[str, Entry]:
        """The entries stored under ``context``, by document graph; none when the file is
        missing, unreadable, of another format or another context."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("context") != context:
                return {}
            pool = data["pool"]
            return {graph: Entry.from_json(entry, pool) for graph, entry in data["documents"].items()}
        except (OSError, ValueError, KeyError, IndexError, TypeError):
            return {}

    def write(self, context: str, entries: dict[str, Entry]) -> str | None:
        """Store ``entries``; the reason when the file cannot be written (the run's report
        stands, the next run checks everything again)."""
        pool: dict[str, int] = {}
        documents = {graph: entries[graph].to_json(pool) for graph in sorted(entries)}
        data = {"format": FORMAT, "context": context, "pool": list(pool), "documents": documents}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name + ".")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, self.path)
        except OSError as e:
            return f"{self.path}: {e.strerror or e}"
        return None


def result_file_for(store) -> ResultFile | None:
    """Where the results of an embedded store on disk are kept: ``<store>.validation.json``
    beside its folder; None for other stores (each run checks the whole graph)."""
    path = getattr(store, "path", None)
    if getattr(store, "oxigraph_store", None) is None or not path:
        return None
    folder = Path(path)
    return ResultFile(folder.parent / (folder.name + ".validation.json"))


# -- results kept as text ------------------------------------------------------------------

def result_record(result: ValidationResult, report: Graph) -> dict:
    """A result as stored: its triples in the report (N-Triples) and its text fields."""
    lines: list[str] = []
    _describe(report, result.iri, lines, set())
    record = {name: getattr(result, name) for name in _TEXT_FIELDS}
    record["iri"] = str(result.iri)
    record["nt"] = "".join(lines)
    return record


def _describe(graph: Graph, node: Node, lines: list[str], seen: set) -> None:
    if node in seen:
        return
    seen.add(node)
    for p, o in graph.predicate_objects(node):
        lines.append(f"{node.n3()} {p.n3()} {o.n3()} .\n")
        if isinstance(o, BNode):
            _describe(graph, o, lines, seen)


def merge(records: Iterable[dict], *, engine: str, triples: int, seconds: float, shapes: int) -> ValidationOutcome:
    """One outcome from stored result records: the results and the report graph, as a run
    over the whole graph gives them. The records' triples are read by Oxigraph's parser;
    the rdflib report graph is built only when asked for (``--format turtle``/``json``)."""
    from mskg.graph_store.terms import to_rdflib

    unique = {record["iri"]: record for record in records}
    text = "".join(r["nt"] for r in unique.values()).encode("utf-8")
    statements = [(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))
                  for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)]
    about: dict[Node, dict[Node, Node]] = {}
    for s, p, o in statements:
        about.setdefault(s, {})[p] = o
    results = []
    for iri_text, record in unique.items():
        iri = URIRef(iri_text)
        said = about.get(iri, {})
        results.append(ValidationResult(
            shape=said.get(SH.sourceShape), focus=said.get(SH.focusNode), path=said.get(SH.resultPath),
            value=said.get(SH.value), component=said.get(SH.sourceConstraintComponent), iri=iri,
            **{name: record[name] for name in _TEXT_FIELDS}))
    results.sort(key=ValidationResult.sort_key)
    return StoredOutcome(statements, results, engine=engine, triples=triples, seconds=seconds, shapes=shapes)


class StoredOutcome(ValidationOutcome):
    """An outcome made of stored results, whose report graph is built on first use."""

    def __init__(self, statements: list[tuple[Node, Node, Node]], results: list[ValidationResult], **figures):
        self._statements = statements
        self._graph: Graph | None = None
        super().__init__(None, results, **figures)

    @property
    def report_graph(self) -> Graph:
        if self._graph is None:
            from mskg.validation.outcome import report_graph_header

            graph = report_graph_header()
            for statement in self._statements:
                graph.add(statement)
            for result in self.results:
                graph.add((REPORT_IRI, SH.result, result.iri))
            graph.add((REPORT_IRI, RDF.type, SH.ValidationReport))
            graph.add((REPORT_IRI, SH.conforms, Literal(not self.results)))
            self._graph = graph
        return self._graph

    @report_graph.setter
    def report_graph(self, graph: Graph | None) -> None:
        if graph is not None:
            self._graph = graph


# -- the run -------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def engine_digest() -> str:
    """Digest of the code that computes and words the results (a change in it makes every
    stored result stale)."""
    import mskg
    from mskg.validation import compiler, outcome, sparql_engine

    digest = hashlib.sha256(mskg.__version__.encode())
    for module in (compiler, sparql_engine, outcome):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


_BLANK = re.compile(rb"_:[A-Za-z0-9_.\-]+")


def context_digest(shapes_text: bytes, vocabularies: Iterable[bytes]) -> str:
    """The digest of what every document's results depend on besides its own graph: this
    engine, the shapes and the vocabularies (N-Triples, one text per graph). Blank-node
    labels are left out (the package's vocabularies get new ones in every process; what
    the lexicons' blank nodes hold is still compared)."""
    digest = hashlib.sha256(engine_digest().encode())
    digest.update(hashlib.sha256(shapes_text).digest())
    lines = {_BLANK.sub(b"_:", line) for text in vocabularies for line in text.split(b"\n")}
    digest.update(hashlib.sha256(b"\n".join(sorted(lines))).digest())
    return digest.hexdigest()


def recorded_digests(native: ox.Store) -> dict[str, str]:
    """The content digest each document graph states about itself."""
    out = {}
    for quad in native.quads_for_pattern(None, ox.NamedNode(CONTENT_DIGEST), None, None):
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and isinstance(quad.subject, ox.NamedNode) \
                and quad.subject.value == graph.value and graph.value.startswith(_DOCUMENT_GRAPHS):
            out[graph.value] = quad.object.value
    return out


@dataclass
class Plan:
    """What a run reuses and what it checks."""

    entries: dict[str, Entry]  # reusable or to be filled, by document graph
    recheck: list[str]  # document graphs to check one by one
    full: bool  # check the whole graph at once instead
    dumps: dict[str, bytes] = field(default_factory=dict)  # document graphs read already


def plan(documents: list[str], stored: dict[str, Entry], recorded: dict[str, str],
         dump: Callable[[str], bytes]) -> Plan:
    """Which documents can reuse their stored results (see the module docstring)."""
    if not stored:
        return Plan({}, list(documents), True)
    entries: dict[str, Entry] = {}
    changed: list[str] = []
    dumps: dict[str, bytes] = {}
    for graph in documents:
        entry = stored.get(graph)
        digest = recorded.get(graph)
        if entry is not None and digest is None:  # no digest stated: read the graph to compare
            dumps[graph] = dump(graph)
            digest = "read:" + hashlib.sha256(dumps[graph]).hexdigest()
        if entry is not None and entry.digest == digest:
            entries[graph] = entry
        else:
            changed.append(graph)
        if len(changed) > SHARE_RECHECKED * len(documents) + 1:
            return Plan({}, list(documents), True)
    return Plan(entries, changed, False, dumps)


def content_digest(graph: str, recorded: dict[str, str], data: bytes) -> str:
    return recorded.get(graph) or "read:" + hashlib.sha256(data).hexdigest()

