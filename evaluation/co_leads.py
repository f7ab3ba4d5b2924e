"""Co-lead pairs: the owner's question "which agencies co-lead elder-care work", scored.

The stored query ``co-leading-agencies`` answers, for a domain, every unordered pair of
distinct agencies that both lead, in the same plan, items of that domain: leads printed on
an item or inherited from an enclosing item, collective references left out, a broader
domain taking in its narrower ones. This metric compares that answer with the pairs the
gold implies, per document (one document is one plan) and summed over documents.

Extracted side: the stored query itself, run over the graph of the documents, not a
recomputation from :class:`mskg.ingest.model.Extraction`. The answer an analyst gets
passes through more than the extraction: the RDF mapping, agencies made one node per full
name, the inherited responsibilities of the ``effective-responsibility`` rule, the domain
closure of ``domain-closure``, the ``collective`` kind read from the shared-facts graph, and
the query's own joins and filters. Recomputing the pairs in Python from the extraction
would state each of those rules a second time and score that copy: a fault in any of the
real ones (a lead not inherited, a collective not marked, a join that drops a plan) would
leave the metric at 1.0 while the query answers wrongly. Running the query scores what the
owner scores. The documents are loaded as ``mskg ingest`` loads them (the same loader and
inference) into one in-memory Oxigraph store per evaluation, and the query runs once over
all of them, as the owner runs it over a set of documents; rows are split by plan. What
documents share is then shared here too, as in the owner's store (an agency is one node,
its kind stated once). Two documents with the same text (which one store refuses, as
ingest does) go to separate stores. The store is Oxigraph's, the engine of the embedded
backend the owner queries, not the rdflib ``memory`` backend: rdflib 7.6 gives a grouped
sub-select that matches nothing one empty row (RDFLib issue 3382), which would pair every
agency on a plan without a lead of the domain; the ``memory`` backend now corrects that
(:mod:`mskg.graph_store.rdflib_sparql`), but the score should not rest on a correction.

Gold side, from the gold file alone:

- an item is of the domain when one of its ``domains`` codes is the asked domain or lies
  below it in the domain scheme (:func:`mskg.ontology.domain_codes_within`), as
  ``mskg:inDomain`` reaches it; sections count as well as measures, as in the query;
- an item's leads are its ``lead_agencies``; an item that prints none inherits those of
  the nearest enclosing item (``parent``, transitively) that prints some, except an agency
  the item itself prints as cooperating — the gold README's "sub-measures inherit [the
  section's agencies], and their own lists are empty", in the words of the inference rule;
- agencies are their gold full names (``agencies_full``, else the printed form); those
  that the ``agencies`` registry marks ``collective`` (level or type) are left out;
- the pairs are every two distinct leads of the domain's items in the document.

Both sides compare full names after :func:`mskg.evaluation.matching.normalise_name`, the
normalisation of the agency-names metric. Two agencies of the query whose names normalise
alike make a pair that no gold pair matches (the analyst sees one agency twice).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from mskg.evaluation.counts import PRF
from mskg.evaluation.gold import GoldDocument, GoldItem
from mskg.evaluation.matching import normalise_name
from mskg.ingest.model import Extraction

#: the stored query whose answer is scored
QUERY = "co-leading-agencies"

Pair = tuple[str, str]  # two normalised full names, sorted


def default_domain() -> str:
    """The domain the stored query answers for when none is given (elderly_care)."""
    from mskg.queries import get

    return next(p.default for p in get(QUERY).parameters if p.name == "domain")


def pair(a: str, b: str) -> Pair:
    """An unordered pair of full names, normalised: the form both sides are compared in.

    >>> pair("青山县 民政局", "青山县财政局") == pair("青山县财政局", "青山县民政局")
    True
    """
    x, y = normalise_name(a), normalise_name(b)
    return (x, y) if x <= y else (y, x)


def gold_pairs(gold: GoldDocument, codes: frozenset[str]) -> set[Pair]:
    """The co-lead pairs the gold implies for the domains ``codes`` (the asked domain and
    those below it)."""
    collective = {normalise_name(a.full) for a in gold.agencies if a.collective}
    leads: set[str] = set()
    for item, source in lead_sources(gold):
        if codes.intersection(item.domains):
            fulls = (normalise_name(source.full_name(printed)) for printed in inherited(item, source))
            leads.update(full for full in fulls if full not in collective)
    return {pair(a, b) for a, b in combinations(sorted(leads), 2)}


def lead_sources(gold: GoldDocument) -> Iterator[tuple[GoldItem, GoldItem]]:
    """Each item with the item whose ``lead_agencies`` it takes: itself when it prints
    leads, else the nearest enclosing item that does, else itself (no leads)."""
    by_id = {i.id: i for i in gold.items}
    for item in gold.items:
        source = item
        while not source.lead and source.parent is not None:
            source = by_id[source.parent]
        yield item, source if source.lead else item


def inherited(item: GoldItem, source: GoldItem) -> list[str]:
    """The printed leads ``item`` takes from ``source`` (see :func:`lead_sources`): all of
    them from itself; from an enclosing item, those the item does not print as cooperating."""
    if source is item:
        return list(item.lead)
    cooperating = {normalise_name(item.full_name(p)) for p in item.cooperating}
    return [p for p in source.lead if normalise_name(source.full_name(p)) not in cooperating]


@dataclass
class _Batch:
    """One store and the documents it holds (no two with the same id or text)."""

    store: object
    documents: dict[str, str] = field(default_factory=dict)  # document id → gold document name
    digests: set[str] = field(default_factory=set)
    paths: list[Path] = field(default_factory=list)


class CoLeadPairs:
    """Collects the documents of an evaluation, then answers the stored query over them.

    ``domain`` is what the query's ``domain`` parameter takes (a code or a label; default
    :func:`default_domain`); an unknown value is an :class:`mskg.errors.InputError` naming
    the nearest, raised here, before any document is read.
    """

    def __init__(self, domain: str | None = None) -> None:
        from mskg.ontology import domain_codes_within
        from mskg.queries import get
        from mskg.queries.resolution import Resolver

        self.domain = domain if domain is not None else default_domain()
        self._batches: list[_Batch] = [self._batch()]
        bound = get(QUERY).bindings({"domain": self.domain}, Resolver(self._batches[0].store))
        self.codes = domain_codes_within(str(iri) for iri in bound["_domain"])
        self._extractions: dict[str, Extraction] = {}
        self._gold: dict[str, set[Pair]] = {}  # gold document name → gold pairs

    @staticmethod
    def _batch() -> _Batch:
        import pyoxigraph as ox

        from mskg.graph_store.embedded import OxigraphStore

        store = ox.Store()  # in memory: the embedded backend's engine, no files
        store.extend(_vocabularies())
        return _Batch(OxigraphStore(store))

    def add(self, gold: GoldDocument, path: Path, extraction: Extraction) -> None:
        """Score ``gold``'s side now; keep ``extraction`` (of the document at ``path``) to
        load with the others."""
        from mskg.ingest.identity import text_digest

        self._gold[gold.document] = gold_pairs(gold, self.codes)
        digest = text_digest(extraction.text)
        batch = next((b for b in self._batches if extraction.document not in b.documents and digest not in b.digests),
                     None)
        if batch is None:
            batch = self._batch()
            self._batches.append(batch)
        batch.documents[extraction.document] = gold.document
        batch.digests.add(digest)
        batch.paths.append(path)
        self._extractions[extraction.document] = extraction

    def scores(self) -> dict[str, PRF]:
        """Gold document name → the counts of its pairs, for every document added."""
        return {name: PRF(len(g), len(e), len(g & e)) for name, (g, e) in self.pairs().items()}

    def pairs(self) -> dict[str, tuple[set[Pair], set[Pair]]]:
        """Gold document name → (gold pairs, the query's pairs), for every document added.
        Loads the documents and runs the query: call it once."""
        extracted: dict[str, set[Pair]] = {name: set() for name in self._gold}
        for batch, rows in self._answers():
            plans = _plans(batch)
            for plan, a, b in rows:
                extracted[plans[plan]].add(pair(a, b))
        return {name: (g, extracted[name]) for name, g in self._gold.items()}

    def _answers(self) -> Iterator[tuple[_Batch, list[tuple[str, str, str]]]]:
        from mskg.loading import load_documents
        from mskg.queries import run

        def take(text: str, *, document: str, path: str) -> Extraction:
            return self._extractions.pop(document)  # extracted once, by the evaluation

        for batch in self._batches:
            if not batch.paths:
                continue
            with batch.store as store:
                try:
                    load_documents(store, batch.paths, extract=take)
                except KeyboardInterrupt:
                    # the loader's message counts documents "stored": here nothing outlives the run
                    raise KeyboardInterrupt() from None
                result = run(store, QUERY, {"domain": self.domain})
            column = {name: i for i, name in enumerate(result.variables)}
            yield batch, [(str(row[column["plan"]]), str(row[column["nameA"]]), str(row[column["nameB"]]))
                          for row in result.rows]


@functools.cache
def _vocabularies() -> tuple:
    """The ontology and concept-scheme graphs as ``mskg build`` writes them, as Oxigraph
    quads, made once per process (making them takes a second; copying them, milliseconds)."""
    import pyoxigraph as ox

    from mskg.graph_store.embedded import OxigraphStore
    from mskg.loading import load_vocabularies

    with OxigraphStore(ox.Store()) as store:
        load_vocabularies(store)
        return tuple(store.oxigraph_store)


def _plans(batch: _Batch) -> dict[str, str]:
    """Plan IRI → gold document name, for the documents of ``batch``."""
    from mskg.identifiers import plan_iri

    return {plan_iri(document): name for document, name in batch.documents.items()}
