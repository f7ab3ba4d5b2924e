"""Indicators: what a target measures, shared across documents and places.

The scheme is data (``mskg/lexicons/indicators.ttl``, a SKOS concept scheme at
``https://w3id.org/mskg/scheme/indicator``); each concept carries its matching rules
(subject patterns, exclusions, accepted normalised units). A target gets the code
of the first concept, in the scheme's order, whose rules accept its subject and unit.

>>> match_indicator("全县各类养老床位", "张", "张")
'elderly_care_beds'
>>> match_indicator("每千名老年人拥有养老床位数", "张", "张")
'elderly_care_beds_per_1000_elderly'
>>> match_indicator("城镇新增就业", "万人", "人")
'urban_new_jobs'
>>> match_indicator("新建小游园", "个", "个") is None
True
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from mskg.identifiers import SCHEME, indicator_iri
from mskg.ingest.quantities import LEX
from mskg.lexicons import load

SCHEME_IRI = SCHEME + "indicator"


@dataclass(frozen=True)
class Indicator:
    code: str
    iri: str
    label_zh: str
    label_en: str
    domain: str | None
    units: tuple[str, ...]  # accepted normalised units
    patterns: tuple[re.Pattern, ...]
    excludes: tuple[re.Pattern, ...]
    order: int

    def accepts(self, subject: str, unit: str, normalised_unit: str | None) -> bool:
        if not any(p.search(subject) for p in self.patterns):
            return False
        if any(p.search(subject) for p in self.excludes):
            return False
        units = {u for u in (unit, normalised_unit) if u}
        return not self.units or bool(units & set(self.units))


@lru_cache(maxsize=1)
def indicators() -> tuple[Indicator, ...]:
    """The concepts of the indicator scheme, in matching order."""
    from rdflib import RDF, URIRef
    from rdflib.namespace import DCTERMS, SKOS

    lex = load("indicators.ttl")
    g = lex.graph
    L = lambda n: URIRef(LEX + n)  # noqa: E731
    out: list[Indicator] = []
    for c in g.subjects(RDF.type, SKOS.Concept):
        code = lex.text(c, SKOS.notation)
        labels = {lit.language: str(lit) for lit in g.objects(c, SKOS.prefLabel)}
        domain = g.value(c, DCTERMS.subject)
        out.append(Indicator(
            code=code, iri=indicator_iri(code), label_zh=labels.get("zh", code),
            label_en=labels.get("en", code),
            domain=str(domain).rsplit("/", 1)[-1] if domain is not None else None,
            units=tuple(sorted(str(u) for u in g.objects(c, L("unit")))),
            patterns=tuple(lex.compile(c, p) for p in lex.texts(c, L("subjectPattern"))),
            excludes=tuple(lex.compile(c, p) for p in lex.texts(c, L("excludePattern"))),
            order=int(g.value(c, L("order")) or 10_000),
        ))
    out.sort(key=lambda i: (i.order, i.code))
    return tuple(out)


def match_indicator(subject: str, unit: str, normalised_unit: str | None = None) -> str | None:
    """The code of the indicator a target measures, or None."""
    if not subject:
        return None
    for ind in indicators():
        if ind.accepts(subject, unit, normalised_unit):
            return ind.code
    return None


def shared_indicators(extractions: Iterable) -> dict[str, list[str]]:
    """Indicator code → sorted ids of the documents that have a target on it (2 or more)."""
    docs: dict[str, set[str]] = defaultdict(set)
    for ex in extractions:
        for t in ex.targets:
            if t.indicator:
                docs[t.indicator].add(ex.document)
    return {code: sorted(d) for code, d in sorted(docs.items()) if len(d) >= 2}


@dataclass(frozen=True)
class IndicatorRow:
    """One target on an indicator, for putting places side by side."""

    indicator: str
    label_zh: str
    document: str
    place: str | None
    value: float
    unit: str
    normalised_value: float | None
    normalised_unit: str | None
    comparator: str
    year: int | None
    quote: str


def indicator_rows(extractions: Iterable, *, shared_only: bool = True) -> list[IndicatorRow]:
    """Targets that carry an indicator, sorted by indicator, place, year and document.

    With ``shared_only`` (the default) only indicators that two or more documents
    state are listed: the rows an analyst compares across places.
    """
    extractions = list(extractions)
    keep = set(shared_indicators(extractions)) if shared_only else None
    labels = {i.code: i.label_zh for i in indicators()}
    rows = [
        IndicatorRow(t.indicator, labels.get(t.indicator, t.indicator), ex.document, t.place, t.value,
                     t.unit, t.normalised_value, t.normalised_unit, t.comparator, t.effective_year,
                     t.span.quote)
        for ex in extractions for t in ex.targets
        if t.indicator and (keep is None or t.indicator in keep)
    ]
    rows.sort(key=lambda r: (r.indicator, r.place or "", r.year or 0, r.document, r.quote))
    return rows
