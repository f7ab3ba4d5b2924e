"""The extraction pipeline: one function from a document's text to an ``Extraction``.

text → normalised view and lines (:mod:`.text`) → plan metadata (:mod:`.plan`) →
jurisdiction (:func:`mskg.ingest.places.jurisdiction_of`) → items and printed agency
lists (:mod:`.structure`) → roles (:mod:`.responsibilities`, names split and resolved
by :mod:`mskg.ingest.agencies`) → domains (:mod:`.domains`) → targets
(:func:`mskg.ingest.targets.extract_targets`) → places
(:func:`mskg.ingest.places.find_places`).

All offsets index the text as read; the normalised view has the same length.
"""

from __future__ import annotations

from mskg.ingest import agencies, places, targets
from mskg.ingest.domains import assign_domains
from mskg.ingest.model import Extraction
from mskg.ingest.plan import extract_plan
from mskg.ingest.responsibilities import assign_roles, stated_convention
from mskg.ingest.structure import build_outline, domainless_keys
from mskg.ingest.text import lines_of, normalised


def extract(text: str, *, document: str, path: str) -> Extraction:
    """Extract plan, items with agency roles and domains, targets and places."""
    view = normalised(text)
    lines = lines_of(text, view)
    head = extract_plan(text, view, lines)
    plan = head.plan
    convention, notes = stated_convention(view)
    plan.lead_convention = convention

    jurisdiction = places.jurisdiction_of(plan.issuer, plan.title)
    if jurisdiction is not None:
        plan.jurisdiction = jurisdiction.full
        plan.issuer = _full_issuer(plan.issuer, jurisdiction)

    outline = build_outline(text, view, lines, body_start=head.body_start, plan_kind=plan.kind)
    roles = assign_roles(text, view, outline, jurisdiction, convention, notes)
    for item in outline.items:
        item.responsibilities = roles.get(item.key, [])
    assign_domains(view, outline.items, skip=domainless_keys(outline.items))

    extraction = Extraction(document=document, path=path, text=text, plan=plan, items=outline.items)
    extraction.targets = targets.extract_targets(text, outline.items, plan)
    extraction.places = places.find_places(text, jurisdiction)
    return extraction


def _full_issuer(issuer: str | None, jurisdiction) -> str | None:
    """An issuer printed without its jurisdiction (市委办公室、市政府办公室) in full names."""
    if not issuer:
        return issuer
    names = [n for _, _, n in agencies.split_names(issuer)]
    if not names:
        return issuer
    full = [agencies.resolve(n, jurisdiction).full for n in names]
    return "、".join(full)


def describe(extraction: Extraction) -> dict:
    """The plan and its items as JSON-ready data (for ``mskg extract``-like commands):
    metadata, then one record per item with its roles and the offsets of its spans."""
    p = extraction.plan
    return {
        "document": extraction.document,
        "plan": {
            "title": p.title,
            "kind": p.kind,
            "issuer": p.issuer,
            "doc_number": p.doc_number,
            "issued": p.issued,
            "period": list(p.period) if p.period else None,
            "jurisdiction": p.jurisdiction,
            "lead_convention": p.lead_convention,
            "span": [p.span.start, p.span.end] if p.span else None,
        },
        "items": [
            {
                "key": it.key,
                "parent": it.parent,
                "kind": it.kind,
                "number": it.number,
                "title": it.title,
                "domains": list(it.domains),
                "span": [it.span.start, it.span.end],
                "responsibilities": [
                    {"printed": r.printed, "agency": r.agency.full, "role": r.role, "span": [r.span.start, r.span.end]}
                    for r in it.responsibilities
                ],
            }
            for it in extraction.items
        ],
    }
