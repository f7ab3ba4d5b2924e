"""Scoring one document: an extraction against its gold annotation.

Each function returns counts (:mod:`mskg.evaluation.counts`); the conventions they
follow are listed in the docstring of :mod:`mskg.evaluation`.
"""

from __future__ import annotations

from mskg.evaluation.counts import PRF, Accuracy, Scores, TargetFields
from mskg.evaluation.gold import MEASURE_KINDS, SECTION_KINDS, GoldDocument, GoldItem
from mskg.evaluation.matching import (
    QuotedValue,
    SpanValue,
    inside_any,
    match_targets,
    match_titles,
    normalise_name,
    normalise_printed,
    occurrences,
    same_number,
)
from mskg.ingest.model import Extraction, Item, Target

# Role names scored by agency_roles; an extracted ``responsible`` counts as cooperating.
ROLE_SCORED_AS = {"lead": "lead", "cooperating": "cooperating", "responsible": "cooperating"}


def score_document(gold: GoldDocument, extraction: Extraction) -> Scores:
    """All metrics of one document."""
    section_pairs = _item_pairs(gold.sections(), extraction.items, SECTION_KINDS)
    measure_pairs = _item_pairs(gold.measures(), extraction.items, MEASURE_KINDS)
    pairs = section_pairs + measure_pairs
    targets, fields = score_targets(gold, extraction)
    return Scores(
        sections=PRF(len(gold.sections()), _count_kind(extraction, SECTION_KINDS), len(section_pairs)),
        measures=PRF(len(gold.measures()), _count_kind(extraction, MEASURE_KINDS), len(measure_pairs)),
        domains=score_domains(pairs),
        agency_roles=score_agency_roles(pairs),
        agency_names=score_agency_names(gold, extraction),
        targets=targets,
        target_fields=fields,
        places=score_places(gold, extraction),
    )


def _count_kind(extraction: Extraction, kinds: frozenset[str]) -> int:
    return sum(1 for i in extraction.items if i.kind in kinds)


def _item_pairs(
    gold: list[GoldItem], items: list[Item], kinds: frozenset[str]
) -> list[tuple[GoldItem, Item]]:
    """Matched (gold item, extracted item) pairs of one class (sections or measures)."""
    extracted = [i for i in items if i.kind in kinds]
    return [
        (gold[gi], extracted[ei])
        for gi, ei in match_titles([g.title for g in gold], [e.title for e in extracted])
    ]


def _prf(gold: set, extracted: set) -> PRF:
    return PRF(len(gold), len(extracted), len(gold & extracted))


def score_domains(pairs: list[tuple[GoldItem, Item]]) -> PRF:
    """(gold item id, domain code) pairs of matched items only."""
    gold = {(g.id, code) for g, _ in pairs for code in g.domains}
    extracted = {(g.id, code) for g, e in pairs for code in e.domains}
    return _prf(gold, extracted)


def score_agency_roles(pairs: list[tuple[GoldItem, Item]]) -> PRF:
    """(gold item id, role, full agency name) triples of matched items only."""
    gold: set[tuple[str, str, str]] = set()
    extracted: set[tuple[str, str, str]] = set()
    for g, e in pairs:
        for role, printed_names in (("lead", g.lead), ("cooperating", g.cooperating)):
            for printed in printed_names:
                gold.add((g.id, role, normalise_name(g.full_name(printed))))
        for r in e.responsibilities:
            role = ROLE_SCORED_AS.get(r.role)
            if role is not None:
                extracted.add((g.id, role, normalise_name(r.agency.full)))
    return _prf(gold, extracted)


def score_agency_names(gold: GoldDocument, extraction: Extraction) -> Accuracy:
    """Is each printed agency form of the gold resolved to its gold full name?"""
    resolved = {
        normalise_printed(printed): normalise_name(full)
        for printed, full in reversed(list(extraction.printed_names().items()))
    }  # reversed: on a clash after normalisation the first resolution wins
    expected = {}
    for printed, full in gold.printed_agencies().items():
        expected.setdefault(normalise_printed(printed), normalise_name(full))
    correct = sum(1 for printed, full in expected.items() if resolved.get(printed) == full)
    return Accuracy(correct, len(expected))


def _extracted_year(t: Target) -> int | None:
    return t.effective_year if t.effective_year is not None else t.year


def score_targets(gold: GoldDocument, extraction: Extraction) -> tuple[PRF, TargetFields]:
    """Target matching and the field accuracy of the matched targets.

    Gold targets with ``restates`` are not scored. After matching, an unmatched
    extracted target is neutral (counted neither as extracted nor as matched) when
    it would match a restated gold target (one extracted target per restated one)
    or when its span lies inside an occurrence of a ``non_targets`` quote.
    """
    text = extraction.text
    scored = [t for t in gold.targets if t.restates is None]
    restated = [t for t in gold.targets if t.restates is not None]
    extracted = [SpanValue(t.value, (t.span.start, t.span.end)) for t in extraction.targets]

    def quoted(targets):
        return [QuotedValue(t.value, tuple(occurrences(text, t.quote))) for t in targets]

    pairs = match_targets(quoted(scored), extracted)
    matched_e = {ei for _, ei in pairs}
    rest = [ei for ei in range(len(extracted)) if ei not in matched_e]
    neutral = {rest[ri] for _, ri in match_targets(quoted(restated), [extracted[i] for i in rest])}
    non_targets = [occ for q in gold.non_target_quotes for occ in occurrences(text, q)]
    neutral |= {ei for ei in rest if inside_any(extracted[ei].span, non_targets)}

    fields = TargetFields()
    for gi, ei in pairs:
        g, e = scored[gi], extraction.targets[ei]
        fields += TargetFields(
            unit=Accuracy(int(normalise_printed(g.unit) == normalise_printed(e.unit)), 1),
            comparator=Accuracy(int(g.comparator.strip() == e.comparator.strip()), 1),
            year=Accuracy(int(g.year == _extracted_year(e)), 1) if g.year is not None else Accuracy(),
            baseline=Accuracy(int(same_number(g.baseline_value, e.baseline_value)), 1),
        )
    return PRF(len(scored), len(extracted) - len(neutral), len(pairs)), fields


def score_places(gold: GoldDocument, extraction: Extraction) -> PRF:
    """Distinct full place names of the document."""
    return _prf(
        {normalise_name(f) for f in gold.place_fulls},
        {normalise_name(p.full) for p in extraction.places if p.full},
    )
