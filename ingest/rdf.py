"""The extraction model → RDF under the mskg ontology: one document's named graph.

:func:`extraction_to_graph` turns an :class:`~mskg.ingest.model.Extraction` into
everything that document contributes: the document node (with its full text, so that
SHACL can check every quote against it), the plan, its items with their part-of
hierarchy, qualified responsibilities, agencies, targets, places, and a provenance
span for every fact.

Design choices (see ``ontology/mskg.ttl`` for the terms):

- IRIs come from :mod:`mskg.identifiers` only; enumerated values (roles, comparators,
  levels, kinds, conventions, attributes, domains, functional categories) are looked up
  by their code (``skos:notation``) in the ontology and the schemes, never built here.
  An unknown code raises :class:`~mskg.errors.InputError`.
- No blank nodes; the same extraction gives the same triples.
- Types within the mskg ontology are materialised (a sub-measure is ``mskg:SubMeasure``,
  ``mskg:Measure`` and ``mskg:Item``) so that queries need no reasoner; W3C superclasses
  are left to the ontology's alignments.
- Labels: Chinese labels are the printed titles and names. English labels, where the
  document has no English text, are deterministic renderings: structural for plans,
  items, responsibilities and targets (``"Measure s02.3 of document 000_x"``), toneless
  pinyin for agencies and places (``"Ji Ning Shi Min Zheng Ju"``).
- Every item also links to its plan (``mskg:plan``) and to its parent item, top-level
  items to the plan (``dcterms:isPartOf``), so ``dcterms:isPartOf*`` walks from any
  measure up to the plan.
- Responsibilities are qualified nodes (``mskg:hasResponsibility``) and, for plain
  queries, also unqualified shortcuts (``mskg:leadAgency``, ``mskg:cooperatingAgency``,
  ``mskg:responsibleAgency``). Roles are recorded where the document prints them; the
  roles a section's line gives its sub-measures are left to queries.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple, NoReturn

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from mskg import identifiers as ids
from mskg.ingest.identity import text_digest
from mskg.errors import InputError
from mskg.ingest.model import Agency, Extraction, Item, ItemKind, Place, Span, Target
from mskg.ontology import MSKG, bind_prefixes, enumeration, load_ontology

__all__ = ["ITEM_CLASSES", "LiteralTerm", "canonical_decimal", "extraction_to_graph", "extraction_triples", "ntriples",
           "pinyin"]

# Item kind (model code) → the classes an item of that kind is typed with, most specific first.
ITEM_CLASSES: dict[ItemKind, tuple[URIRef, ...]] = {
    ItemKind.GROUP: (MSKG.Section, MSKG.Item),
    ItemKind.MEASURE: (MSKG.Measure, MSKG.Item),
    ItemKind.SUB_MEASURE: (MSKG.SubMeasure, MSKG.Measure, MSKG.Item),
    ItemKind.PROJECT: (MSKG.Project, MSKG.Measure, MSKG.Item),
}

_ROLE_SHORTCUT = {
    "lead": MSKG.leadAgency,
    "cooperating": MSKG.cooperatingAgency,
    "responsible": MSKG.responsibleAgency,
}

_ITEM_EN = {ItemKind.GROUP: "Section", ItemKind.MEASURE: "Measure", ItemKind.SUB_MEASURE: "Sub-measure",
            ItemKind.PROJECT: "Project"}


def extraction_to_graph(ex: Extraction) -> Graph:
    """Everything one document contributes, as a graph named ``document_graph(doc)``.

    :raises InputError: when the extraction breaks the model's contract: a span whose
        quote is not the text at its offsets, an unknown code (role, kind, comparator,
        level, domain, …), a dangling item key, two items or targets with one key, or
        an issue date that is not ``YYYY-MM-DD``.
    """
    graph = bind_prefixes(Graph(identifier=URIRef(ids.document_graph(ex.document))))
    for s, p, o in extraction_triples(ex):
        if isinstance(o, LiteralTerm):
            o = Literal(o.value, lang=o.language, datatype=URIRef(o.datatype) if o.datatype else None)
        else:
            o = URIRef(o)
        graph.add((URIRef(s), URIRef(p), o))
    return graph


class LiteralTerm(NamedTuple):
    """A literal as the mapper makes it: lexical form and language tag or datatype IRI
    (an rdflib ``Literal`` costs a third of the mapping, and the loader writes text)."""

    value: str
    language: str | None = None
    datatype: str | None = None


def _lit(value, lang: str | None = None, datatype: URIRef | None = None) -> LiteralTerm:
    return LiteralTerm(str(value), lang, None if datatype is None or datatype == XSD.string else str(datatype))


def extraction_triples(ex: Extraction, *, digest: str | None = None) -> list[tuple[str, str, str | LiteralTerm]]:
    """The triples of :func:`extraction_to_graph`, in the order they are made, each once,
    without building a graph: what the loader writes (see :func:`ntriples`). IRIs are
    strings, literals :class:`LiteralTerm`. ``digest``: the text's digest
    (:func:`mskg.ingest.identity.text_digest`) when the caller has it already.

    :raises InputError: as :func:`extraction_to_graph`.
    """
    return list(_Mapper(ex, digest).run())


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD_STRING = str(XSD.string)


def ntriples(triples) -> str:
    """N-Triples text of triples of IRIs (strings) and literals (:class:`LiteralTerm` or
    rdflib ``Literal``), no blank nodes: one line per triple.

    Literals are written as Oxigraph and rdflib read them back (``xsd:string`` as a
    simple literal, language tags as given); the store parser validates every IRI.

    >>> from rdflib.namespace import RDFS
    >>> print(ntriples([("http://x/a", RDFS.label, LiteralTerm('say "hi"\\n', "zh"))]), end="")
    <http://x/a> <http://www.w3.org/2000/01/rdf-schema#label> "say \\"hi\\"\\n"@zh .
    """
    lines = []
    for s, p, o in triples:
        if isinstance(o, (LiteralTerm, Literal)):
            text = f'"{str(o.value if isinstance(o, LiteralTerm) else o).translate(_ESCAPES)}"'
            if o.language:
                text += "@" + o.language
            elif o.datatype is not None and str(o.datatype) != _XSD_STRING:
                text += f"^^<{o.datatype}>"
        else:
            text = f"<{o}>"
        lines.append(f"<{s}> <{p}> {text} .\n")
    return "".join(lines)


@dataclass
class _Mapper:
    ex: Extraction
    digest: str | None = None  # the text's digest, computed when not given
    triples: dict = field(init=False)
    doc: str = field(init=False)
    doc_iri: str = field(init=False)
    plan_iri: str = field(init=False)
    items: dict[str, Item] = field(init=False)
    places: dict[str, Place] = field(init=False)
    _place_refs: dict[str, str] = field(init=False, default_factory=dict)
    _agency_refs: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.doc = self.ex.document
        self.triples = {}  # an ordered set: the same triple made twice is written once
        self.doc_iri = ids.document_iri(self.doc)
        self.plan_iri = ids.plan_iri(self.doc)
        self.items = {}
        for item in self.ex.items:
            if item.key in self.items:
                self._fail(f"two items have the key {item.key!r}")
            self.items[item.key] = item
        # places come from the extraction's referenced places: the mapper looks nothing up
        self.places = dict(self.ex.referenced_places) or {p.full: p for p in self.ex.places}

    # -- helpers ------------------------------------------------------------------

    def _fail(self, problem: str) -> NoReturn:
        raise InputError(f"document {self.doc}: {problem}")

    def add(self, s: URIRef, p: URIRef, o) -> None:
        if o is not None:
            self.triples[(s, p, o)] = None

    def agency_iri(self, full: str) -> str:
        if full not in self._agency_refs:  # slugging is pinyin work: once per body
            self._agency_refs[full] = ids.agency_iri(full)
        return self._agency_refs[full]

    def code(self, concept_class: URIRef, code: str, what: str) -> URIRef:
        table = enumeration(concept_class)
        if code not in table:
            self._fail(f"unknown {what} {code!r} (known: {', '.join(sorted(table))})")
        return table[code]

    def span(self, span: Span) -> str:
        text = self.ex.text
        if not (0 <= span.start <= span.end <= len(text)) or text[span.start:span.end] != span.quote:
            self._fail(f"span {span.start}-{span.end} quote {span.quote!r} is not the text "
                       "at those offsets")
        iri = ids.span_iri(self.doc, span.start, span.end)
        self.add(iri, RDF.type, MSKG.Span)
        self.add(iri, MSKG.inDocument, self.doc_iri)
        self.add(iri, MSKG.start, _lit(span.start, datatype=XSD.integer))
        self.add(iri, MSKG.end, _lit(span.end, datatype=XSD.integer))
        self.add(iri, MSKG.quote, _lit(span.quote))
        return iri

    def evidence(self, node: URIRef, span: Span | None, prop: URIRef = MSKG.evidence) -> None:
        if span is not None:
            self.add(node, prop, self.span(span))

    def labels(self, node: URIRef, zh: str | None, en: str) -> None:
        if zh:
            self.add(node, RDFS.label, _lit(zh, lang="zh"))
        self.add(node, RDFS.label, _lit(en, lang="en"))

    # -- the graph ----------------------------------------------------------------

    def run(self) -> dict:
        self.document()
        self.plan()
        for seq, item in enumerate(self.ex.items, start=1):
            self.item(item, seq)
        self.agencies()
        targets: set[str] = set()
        for target in self.ex.targets:
            if target.key in targets:
                self._fail(f"two targets have the key {target.key!r}")
            targets.add(target.key)
            self.target(target)
        for place in self.ex.places:
            node = self.place_ref(place.full)
            self.add(self.plan_iri, MSKG.mentionsPlace, node)
            for span in place.spans:
                self.evidence(node, span)
        return self.triples

    def document(self) -> None:
        d, ex = self.doc_iri, self.ex
        self.add(d, RDF.type, MSKG.Document)
        self.add(d, DCTERMS.identifier, _lit(self.doc))
        self.add(d, MSKG.fileName, _lit(ex.path or self.doc))
        self.add(d, MSKG.fullText, _lit(ex.text))
        self.add(d, MSKG.textDigest, _lit(self.digest or text_digest(ex.text)))
        self.labels(d, f"源文件 {ex.path or self.doc}", f"Source document {ex.path or self.doc}")

    def plan(self) -> None:
        p, plan = self.plan_iri, self.ex.plan
        kind = self.code(MSKG.PlanKind, plan.kind, "plan kind")
        self.add(p, RDF.type, MSKG.Plan)
        self.add(p, MSKG.sourceDocument, self.doc_iri)
        self.add(p, MSKG.planKind, kind)
        if plan.title:
            self.add(p, DCTERMS.title, _lit(plan.title, lang="zh"))
        en = f"Plan of document {self.doc} ({_english_label(kind)}"
        if plan.period:
            en += f", {plan.period[0]}-{plan.period[1]}"
        self.labels(p, plan.title, en + ")")
        if plan.issuer:
            self.add(p, MSKG.issuerName, _lit(plan.issuer, lang="zh"))
        if plan.doc_number:
            self.add(p, MSKG.docNumber, _lit(plan.doc_number))
        if plan.issued:
            try:
                issued = date.fromisoformat(plan.issued)
            except ValueError:
                issued = None
            if issued is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", plan.issued):
                self._fail(f"issue date {plan.issued!r} is not YYYY-MM-DD")
            self.add(p, DCTERMS.issued, _lit(issued.isoformat(), datatype=XSD.date))
        if plan.period:
            start, end = plan.period
            if start > end:
                self._fail(f"plan period {start}–{end} ends before it starts")
            self.add(p, MSKG.periodStart, _lit(start, datatype=XSD.integer))
            self.add(p, MSKG.periodEnd, _lit(end, datatype=XSD.integer))
        if plan.jurisdiction:
            self.add(p, MSKG.jurisdiction, self.place_ref(plan.jurisdiction))
        if plan.lead_convention:
            self.add(p, MSKG.leadConvention,
                     self.code(MSKG.LeadConvention, plan.lead_convention, "lead convention"))
        self.evidence(p, plan.span, MSKG.titleEvidence)

    def item(self, item: Item, seq: int) -> None:
        node = ids.item_iri(self.doc, item.key)
        if item.kind not in ITEM_CLASSES:
            self._fail(f"item {item.key!r} has unknown kind {item.kind!r} "
                       f"(known: {', '.join(ITEM_CLASSES)})")
        for cls in ITEM_CLASSES[item.kind]:
            self.add(node, RDF.type, cls)
        self.add(node, DCTERMS.identifier, _lit(item.key))
        self.add(node, MSKG.plan, self.plan_iri)
        self.add(node, MSKG.sequence, _lit(seq, datatype=XSD.integer))
        if item.parent is None:
            parent = self.plan_iri
        elif item.parent in self.items and item.parent != item.key:
            parent = ids.item_iri(self.doc, item.parent)
        else:
            self._fail(f"item {item.key!r} has parent {item.parent!r}, which is not an item")
        self.add(node, DCTERMS.isPartOf, parent)
        if item.number:
            self.add(node, MSKG.number, _lit(item.number))
        if item.title:
            self.add(node, DCTERMS.title, _lit(item.title, lang="zh"))
        self.labels(node, item.title or item.number or item.key,
                    f"{_ITEM_EN[item.kind]} {item.key} of document {self.doc}")
        for code in item.domains:
            self.add(node, MSKG.domain, self.code(MSKG.Domain, code, "domain"))
        self.evidence(node, item.span)
        self.evidence(node, item.title_span, MSKG.titleEvidence)
        for r in item.responsibilities:
            role = self.code(MSKG.Role, r.role, "role")
            agency = self.agency_iri(r.agency.full)
            rnode = ids.responsibility_iri(self.doc, item.key, r.agency.full, r.role)
            self.add(node, MSKG.hasResponsibility, rnode)
            self.add(node, _ROLE_SHORTCUT[r.role], agency)
            self.add(rnode, RDF.type, MSKG.Responsibility)
            self.add(rnode, MSKG.agency, agency)
            self.add(rnode, MSKG.role, role)
            self.add(rnode, MSKG.printedName, _lit(r.printed, lang="zh"))
            self.labels(
                rnode,
                f"{r.agency.full}（{_chinese_label(role)}）：{item.title or item.key}",
                f"{_english_label(role).capitalize()} agency {pinyin(r.agency.full)} "
                f"on {_ITEM_EN[item.kind].lower()} {item.key} of document {self.doc}",
            )
            self.evidence(rnode, r.span)

    def agencies(self) -> None:
        resolved: dict[str, Agency] = {}
        printed: dict[str, set[str]] = {}
        for item in self.ex.items:
            for r in item.responsibilities:
                resolved.setdefault(r.agency.full, r.agency)
                printed.setdefault(r.agency.full, set()).update([r.printed, *r.agency.aliases])
        for full, agency in resolved.items():
            node = self.agency_iri(full)
            self.add(node, RDF.type, MSKG.Agency)
            self.labels(node, full, pinyin(full))
            self.add(node, SKOS.prefLabel, _lit(full, lang="zh"))
            for alias in sorted(printed[full] - {full}):
                if alias:
                    self.add(node, SKOS.altLabel, _lit(alias, lang="zh"))
            self.add(node, MSKG.agencyKind, self.code(MSKG.AgencyKind, agency.kind, "agency kind"))
            levels = enumeration(MSKG.Level)
            if agency.level in levels:  # collective / enterprise are kinds, not levels
                self.add(node, MSKG.level, levels[agency.level])
            if agency.category:
                category = enumeration(MSKG.FunctionalCategory).get(agency.category)
                # A category code the scheme lacks is left out rather than guessed.
                self.add(node, MSKG.functionalCategory, category)
            if agency.jurisdiction:
                self.add(node, MSKG.jurisdiction, self.place_ref(agency.jurisdiction))

    def target(self, t: Target) -> None:
        node = ids.target_iri(self.doc, t.key)
        self.add(node, RDF.type, MSKG.Target)
        self.add(node, DCTERMS.identifier, _lit(t.key))
        self.add(node, MSKG.plan, self.plan_iri)
        if t.item is not None:
            if t.item not in self.items:
                self._fail(f"target {t.key!r} belongs to item {t.item!r}, which is not an item")
            self.add(ids.item_iri(self.doc, t.item), MSKG.hasTarget, node)
        comparator = self.code(MSKG.Comparator, t.comparator, "comparator")
        self.add(node, MSKG.comparator, comparator)
        self.add(node, MSKG.subjectText, _lit(t.subject, lang="zh") if t.subject else None)
        self.add(node, MSKG.valueText, _lit(t.value_text))
        self.add(node, MSKG.value, self.decimal(t.value, t.key))
        self.add(node, MSKG.unit, _lit(t.unit) if t.unit else None)
        if t.normalised_value is not None:
            self.add(node, MSKG.normalisedValue, self.decimal(t.normalised_value, t.key))
        if t.normalised_unit:
            self.add(node, MSKG.normalisedUnit, _lit(t.normalised_unit))
        if t.value_max is not None:
            self.add(node, MSKG.valueMax, self.decimal(t.value_max, t.key))
        for prop, year in ((MSKG.targetYear, t.year), (MSKG.effectiveYear, t.effective_year),
                           (MSKG.baselineYear, t.baseline_year)):
            if year is not None:
                self.add(node, prop, _lit(int(year), datatype=XSD.integer))
        if t.baseline_value is not None:
            self.add(node, MSKG.baselineValue, self.decimal(t.baseline_value, t.key))
        if t.place:
            self.add(node, MSKG.place, self.place_ref(t.place))
        if t.indicator:
            indicator = ids.indicator_iri(t.indicator)
            self.add(node, MSKG.indicator, indicator)
            self.add(indicator, RDF.type, MSKG.Indicator)
        if t.attribute:
            self.add(node, MSKG.targetAttribute,
                     self.code(MSKG.TargetAttribute, t.attribute, "target attribute"))
        zh = f"{t.subject}：{_chinese_label(comparator)}{t.value_text}{t.unit}"
        if t.effective_year is not None:
            zh += f"（{t.effective_year}年）"
        self.labels(node, zh, f"Target {t.key} of document {self.doc}")
        self.evidence(node, t.span)

    def decimal(self, value: float, key: str) -> LiteralTerm:
        if isinstance(value, bool) or not math.isfinite(float(value)):
            self._fail(f"target {key!r} has the non-numeric value {value!r}")
        return _lit(canonical_decimal(float(value)), datatype=XSD.decimal)

    # -- places -------------------------------------------------------------------

    def place_ref(self, full: str) -> str:
        """The IRI of the place with this full name, emitting its node once."""
        if full in self._place_refs:
            return self._place_refs[full]
        place = self.places.get(full)
        iri = ids.place_iri(full, place.code if place else None)
        self._place_refs[full] = iri  # before the parent: a cycle cannot recurse forever
        self.add(iri, RDF.type, MSKG.GeographicUnit)
        self.labels(iri, full, place.english if place and place.english else pinyin(full))
        for alias in place.english_alternatives if place else ():
            self.add(iri, SKOS.altLabel, _lit(alias, lang="en"))
        if place is None:
            return iri
        for alias in sorted({place.name, *place.aliases} - {full}):
            if alias:
                self.add(iri, SKOS.altLabel, _lit(alias, lang="zh"))
        self.add(iri, MSKG.level, self.code(MSKG.Level, place.level, "place level"))
        if place.code:
            if not re.fullmatch(r"\d{6}", place.code):
                self._fail(f"place {full!r} has code {place.code!r}, not six digits")
            self.add(iri, MSKG.divisionCode, _lit(place.code))
        if place.parent and place.parent != full:
            self.add(iri, DCTERMS.isPartOf, self.place_ref(place.parent))
        return iri


def _concept_label(concept: URIRef, lang: str) -> str:
    return _labels().get((concept, lang), str(concept).rsplit("#", 1)[-1])


def _chinese_label(concept: URIRef) -> str:
    return _concept_label(concept, "zh")


def _english_label(concept: URIRef) -> str:
    return _concept_label(concept, "en")


@functools.lru_cache(maxsize=1)
def _labels() -> dict[tuple[URIRef, str], str]:
    """(concept, language) → skos:prefLabel of the ontology's enumerated concepts."""
    out: dict[tuple[URIRef, str], str] = {}
    for s, o in load_ontology().subject_objects(SKOS.prefLabel):
        if isinstance(o, Literal) and o.language:
            out.setdefault((URIRef(s), o.language), str(o))
    return out


def canonical_decimal(number: float) -> str:
    """The canonical xsd:decimal form of a float as printed: no exponent, at least one
    fractional digit (what Turtle writers abbreviate, so files round-trip unchanged).

    >>> canonical_decimal(3.44), canonical_decimal(6400.0), canonical_decimal(1.5e-05)
    ('3.44', '6400.0', '0.000015')
    """
    text = format(Decimal(repr(number)), "f")
    if "." not in text:
        return text + ".0"
    whole, frac = text.split(".")
    return f"{whole}.{frac.rstrip('0') or '0'}"


@functools.lru_cache(maxsize=4096)
def pinyin(text: str) -> str:
    """A deterministic Latin rendering of a Chinese name: toneless pinyin syllables.

    >>> pinyin("济宁市各县（市、区）人民政府")
    'Ji Ning Shi Ge Xian (Shi, Qu) Ren Min Zheng Fu'
    >>> pinyin("国网济宁供电公司 5G")
    'Guo Wang Ji Ning Gong Dian Gong Si 5G'
    """
    from pypinyin import Style, lazy_pinyin  # imported here: start-up stays light

    text = unicodedata.normalize("NFKC", text).replace("、", ",").replace("，", ",")
    words = [w.strip() for w in lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)]
    out = " ".join(w[:1].upper() + w[1:] if w.isalpha() else w
                   for w in words if w)
    out = re.sub(r"\s+", " ", out)
    out = re.sub(r"\s*([,;:)\]])", r"\1", out)
    out = re.sub(r"([(\[])\s*", r"\1", out)
    out = re.sub(r",(?=\S)", ", ", out)
    return out.strip() or text
