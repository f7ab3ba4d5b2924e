"""The semantic layer, materialised: inference rules written as SPARQL CONSTRUCT files.

Each ``*.rq`` file in this package is one rule with a grlc-style ``#+`` header (summary
in Chinese and English, description, the properties it ``produces``). The rules read
only extracted data and concept schemes, never each other's output, so applying them
again gives the same triples. :func:`materialise` runs every rule on a store and writes
its result into a named graph of its own, ``…/graph/inferred/<rule>``, which carries its
provenance: the graph ``prov:wasGeneratedBy`` the rule, described by its labels and its
source file.

A rule whose header says ``scope: document`` infers only about the nodes of one
document, from that document's graph (and the vocabularies, when it says
``vocabularies: true``): an ingest refreshes it for
the documents that changed (:class:`Refresh`); the other rules read facts that documents
share and are run over the whole store.

The rules keep in one place what the stored queries rely on:

* ``effective-responsibility`` — sub-measures inherit the roles printed on their
  section (``mskg:effectiveResponsibility``);
* ``domain-closure`` — items are in every broader domain (``mskg:inDomain``);
* ``place-closure`` — places lie within every enclosing place (``mskg:withinPlace``);
* ``category-closure`` — agencies are in every broader category (``mskg:inCategory``);
* ``shared-facts`` — one copy of what documents state about the agencies and places they
  share (names, codes, kind, category, jurisdiction, enclosing place). Each document graph
  keeps its own copy so that it stands alone; read through the union of hundreds of
  documents those copies multiply every join, so the stored queries read this graph
  instead (``GRAPH <…/graph/inferred/shared-facts>``).

>>> [r.name for r in rules()]
['shared-facts', 'category-closure', 'domain-closure', 'effective-responsibility', 'place-closure']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files

import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from mskg.identifiers import BASE, GRAPH, document_graph
from mskg.queries import parse

INFERRED_GRAPH_PREFIX = GRAPH + "inferred/"
RULE_PREFIX = BASE + "rule/"


@dataclass(frozen=True)
class Rule:
    name: str
    text: str
    summary: dict[str, str]
    description: str
    #: "document": every triple the rule infers is about nodes of one document (its
    #: items), read from that document's graph and the vocabularies alone, so it can be
    #: computed per document; "store": it reads facts several documents share
    #: (agencies, places) and is computed over the whole store
    scope: str = "store"
    #: computed before the other rules, which read what it copies
    first: bool = False
    #: a document-scoped rule that also reads the ontology and concept schemes
    #: (``vocabularies: true``); the others are run over the document's graph alone
    vocabularies: bool = False

    @property
    def iri(self) -> URIRef:
        return URIRef(RULE_PREFIX + self.name)

    @property
    def graph(self) -> str:
        return INFERRED_GRAPH_PREFIX + self.name


def rules() -> list[Rule]:
    """Every inference rule shipped with mskg, sorted by name, except that a rule whose
    header says ``first: true`` comes before the others: it copies facts the other rules
    read (``shared-facts``), so refreshing it first keeps them from reading a stale copy."""
    out = []
    for ref in sorted(files("mskg.inference").iterdir(), key=lambda r: r.name):
        if ref.name.endswith(".rq"):
            name = ref.name[:-3]
            q = parse(name, ref.read_text(encoding="utf-8"))
            scope = q.header.get("scope", "store")
            if scope not in ("document", "store"):
                raise ValueError(f"inference rule {name}: scope {scope!r} is neither 'document' nor 'store'")
            out.append(Rule(name, q.text, q.summary, q.description, scope, bool(q.header.get("first", False)),
                            bool(q.header.get("vocabularies"))))
    return sorted(out, key=lambda r: (not r.first, r.name))


def is_inferred_graph(graph: str) -> bool:
    return graph.startswith(INFERRED_GRAPH_PREFIX)


def provenance(rule: Rule) -> rdflib.Graph:
    """The triples that say where a rule's graph comes from."""
    g = rdflib.Graph()
    graph = URIRef(rule.graph)
    g.add((graph, RDF.type, PROV.Entity))
    g.add((graph, PROV.wasGeneratedBy, rule.iri))
    g.add((rule.iri, RDF.type, PROV.Activity))
    for lang, text in sorted(rule.summary.items()):
        g.add((rule.iri, RDFS.label, Literal(text, lang=lang)))
    if rule.description:
        g.add((rule.iri, RDFS.comment, Literal(rule.description, lang="en")))
    g.add((rule.iri, DCTERMS.source, Literal(f"inference/{rule.name}.rq")))
    return g


#: a graph that exists only while documents have changed and the inferred graphs are
#: not yet refreshed: left behind by a run killed in between, it marks them stale
PENDING_GRAPH = GRAPH + "status/inference-pending"


def mark_pending(store) -> None:
    """Say, in the store, that documents are about to change: until :func:`materialise`
    ends, the inferred graphs may be stale. Call it before the first document is swapped."""
    marker = rdflib.Graph()
    marker.add((URIRef(PENDING_GRAPH), RDFS.comment, Literal(
        "Documents changed after the inferred graphs were computed; they are refreshed at the end of the ingest.", lang="en")))
    store.replace_graph(PENDING_GRAPH, marker)


def pending(store) -> bool:
    """True when documents changed and the inferred graphs were not refreshed since
    (an ingest killed between the two): validate reports it."""
    return PENDING_GRAPH in store.graphs()


def missing(store, text: str | None = None) -> list[str]:
    """The inferred graphs absent from a store that holds documents (one loaded by an
    older mskg, or by hand), by rule name; with ``text``, only those it names."""
    graphs = set(store.graphs())
    if not any(g.startswith(document_graph("")) for g in graphs):
        return []
    return [r.name for r in rules() if r.graph not in graphs and (text is None or r.graph in text)]


def materialise(store) -> dict[str, int]:
    """Apply every rule to ``store`` and replace its inferred graph; returns the number
    of inferred triples (provenance not counted) by rule name.

    Run it after loading documents and vocabularies: the rules read the union of all
    graphs. Each rule's graph is replaced atomically, so queries never see half of it.
    When every rule is done, the mark left by :func:`mark_pending` is removed.
    """
    counts: dict[str, int] = {}
    for rule in rules():
        result = store.query(rule.text)
        inferred = result.graph if result.graph is not None else rdflib.Graph()
        counts[rule.name] = len(inferred)
        out = provenance(rule)
        for triple in inferred:
            out.add(triple)
        store.replace_graph(rule.graph, out)
    store.drop_graph(PENDING_GRAPH)
    return counts


class Refresh:
    """Keeps the inferred graphs true while an ingest changes documents one by one.

    Around each change of a document graph (written, replaced or dropped), call
    :meth:`before` and :meth:`after` with its name: the document-scoped rules are run
    over that graph and the vocabularies before and after, and their graphs patched
    by the difference, in place. :meth:`finish` recomputes the store-scoped rules (a
    few hundred agencies and places), writes the provenance and removes the pending
    mark. The result is the same as :func:`materialise` over the whole store (a test
    compares them), at a cost that follows the documents changed, not the store.

    With ``full`` (a backend that cannot patch a graph in place, vocabularies that
    changed under stored documents, inferred graphs left stale by a killed run),
    :meth:`before` and :meth:`after` do nothing and :meth:`finish` is :func:`materialise`.
    """

    def __init__(self, store, *, full: bool) -> None:
        self.store = store
        self.full = full or not getattr(store, "patches_in_place", False)
        self._rules = rules()
        self._old: dict[str, dict[str, set]] = {}

    def _contribution(self, graph: str) -> dict[str, set]:
        from mskg.identifiers import ONTOLOGY_GRAPH, SCHEMES_GRAPH

        out = {}
        for rule in self._rules:
            if rule.scope == "document":
                graphs = [graph, ONTOLOGY_GRAPH, SCHEMES_GRAPH] if rule.vocabularies else [graph]
                result = self.store.query(rule.text, graphs=graphs)
                out[rule.name] = set(result.graph) if result.graph is not None else set()
        return out

    def before(self, graph: str, *, exists: bool = True) -> None:
        """``graph`` is about to change; ``exists``: False when it is new to the store."""
        if not self.full:
            self._old[graph] = self._contribution(graph) if exists else {}

    def after(self, graph: str) -> None:
        """``graph`` changed (or is gone): patch the document-scoped rules' graphs."""
        if self.full:
            return
        old = self._old.pop(graph, {})
        for name, triples in self._contribution(graph).items():
            before = old.get(name, set())
            if triples != before:
                self.store.patch_graph(INFERRED_GRAPH_PREFIX + name, before - triples, triples - before)

    def finish(self) -> None:
        """The store-scoped rules, the provenance, and the pending mark removed."""
        if self.full:
            materialise(self.store)
            return
        for rule in self._rules:
            if rule.scope == "store":
                result = self.store.query(rule.text)
                out = provenance(rule)
                for triple in result.graph if result.graph is not None else ():
                    out.add(triple)
                self.store.replace_graph(rule.graph, out)
            else:
                self.store.patch_graph(rule.graph, (), provenance(rule))
        self.store.drop_graph(PENDING_GRAPH)


#: characters of N-Triples parsed into the scratch store of :class:`Additions` before it
#: is made anew (about 75,000 triples)
SCRATCH_RENEWAL = 20_000_000


class Additions:
    """What documents new to a store add to its inferred graphs, computed before they
    are written, so that a document and its inferences are written as one transaction
    (``GraphStore.add_trig``): a stop before that transaction ends leaves the store as
    it was, and no refresh is left to wait for once it has ended.

    A document new to the store only adds: the document-scoped rules infer about its own
    items, and the store-scoped rules have no negation, so what they infer from the
    larger union is what they inferred before plus what they infer from the new
    document beside what the store shares (the vocabularies, and the graph of the rule
    that says ``first: true``, ``shared-facts``: every stored fact about an agency or a
    place, which is what the other store-scoped rules join the document's facts with).
    Each document is loaded into a scratch in-memory store holding copies of those
    graphs, and every rule is run there over the document and the graphs it may read.
    The result equals a refresh of the whole store (a test compares them). A document
    that replaces or drops a stored one is not additive: it goes through :class:`Refresh`.
    """

    def __init__(self, store) -> None:
        import pyoxigraph as ox

        from mskg.graph_store.terms import oxigraph_triples
        from mskg.identifiers import ONTOLOGY_GRAPH, SCHEMES_GRAPH

        self._ox = ox
        self._rules = rules()
        self._vocabularies = [ONTOLOGY_GRAPH, SCHEMES_GRAPH]
        self._shared = [r.graph for r in self._rules if r.first]
        self._scratch = ox.Store()
        self._loaded = 0  # characters of documents parsed into the scratch store since it was made
        present = set(store.graphs())
        for graph in self._vocabularies + self._shared:
            if graph in present:
                self._scratch.load(input=store.dump("ntriples", graph=graph), format=ox.RdfFormat.N_TRIPLES,
                                   to_graph=ox.NamedNode(graph))
        # the provenance of every rule's graph, written again with each document (a no-op
        # when present): a store's first document creates the inferred graphs whole
        lines = {r.graph: [str(t) for t in oxigraph_triples(provenance(r))] for r in self._rules}
        self._provenance = b"".join(_trig_block(name, triples) for name, triples in lines.items())
        self._provenance_count = sum(map(len, lines.values()))

    def prepare(self, graph: str, pieces: list[str], check=lambda: None) -> tuple[Iterator[bytes], int]:
        """Document graph ``graph`` (the N-Triples ``pieces``) and what it adds to each
        inferred graph, as TriG text in pieces to hand to ``add_trig``, and the number of
        statements inferred and of provenance (the document's are its own count). The inferences
        are computed here (``check()`` is called between rules, a stop), and the document
        leaves the scratch store before anything is written; each of ``pieces`` is
        removed from the list as it is handed on, so the text is not held twice."""
        ox = self._ox
        name = ox.NamedNode(graph)
        inferred: dict[str, list[str]] = {}  # N-Triples lines by inferred graph
        try:
            for piece in pieces:
                if piece:
                    self._loaded += len(piece)
                    self._scratch.load(input=piece, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
            for rule in self._rules:
                check()
                graphs = [graph]
                if rule.scope == "store":
                    graphs += self._vocabularies + self._shared
                elif rule.vocabularies:
                    graphs += self._vocabularies
                chosen = [ox.NamedNode(g) for g in graphs]
                found = list(self._scratch.query(rule.text, default_graph=chosen, named_graphs=chosen))
                if rule.first:  # the rules after it read what it copies
                    target = ox.NamedNode(rule.graph)
                    self._scratch.extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in found)
                inferred.setdefault(rule.graph, []).extend(map(str, found))
        finally:
            self._scratch.remove_graph(name)
            if self._loaded > SCRATCH_RENEWAL:  # before the write, which needs memory of its own
                self._renew()
        return self._trig(graph, pieces, inferred), sum(map(len, inferred.values())) + self._provenance_count

    def _renew(self) -> None:
        """A new scratch store with the shared graphs alone: an in-memory Oxigraph store
        keeps the strings of removed quads, so it would grow with every document."""
        ox = self._ox
        fresh = ox.Store()
        for graph in self._vocabularies + self._shared:
            fresh.extend(self._scratch.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        self._scratch = fresh
        self._loaded = 0

    def _trig(self, graph: str, pieces: list[str], inferred: dict[str, list[str]]) -> Iterator[bytes]:
        # N-Triples is Turtle, so each graph is its N-Triples text in a TriG block
        yield f"{self._ox.NamedNode(graph)} {{\n".encode()
        pieces.reverse()
        while pieces:
            yield pieces.pop().encode("utf-8")
        yield b"}\n"
        for name, lines in inferred.items():
            yield _trig_block(name, lines)
        yield self._provenance


def _trig_block(graph: str, triples: Iterable[str]) -> bytes:
    """A TriG block: ``triples`` (each an N-Triples statement without its final dot) in
    ``graph``."""
    import pyoxigraph as ox

    return "".join([f"{ox.NamedNode(graph)} {{\n", *(f"{t} .\n" for t in triples), "}\n"]).encode("utf-8")


__all__ = ["Additions", "INFERRED_GRAPH_PREFIX", "PENDING_GRAPH", "Refresh", "mark_pending", "missing", "pending", "RULE_PREFIX", "Rule", "is_inferred_graph", "materialise", "provenance", "rules"]
