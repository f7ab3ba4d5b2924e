"""The extraction pipeline: one function from a document's text to an ``Extraction``.

text → document model: normalised view, lines, tables, headings (:mod:`.document`) → plan metadata (:mod:`.plan`) →
jurisdiction (:func:`mskg.ingest.places.jurisdiction_of`) → items and printed agency
lists (:mod:`.structure`) → roles (:mod:`.responsibilities`, names split and resolved
by :mod:`mskg.ingest.agencies`) → domains (:mod:`.domains`) → targets
(:func:`mskg.ingest.targets.extract_targets`) → places
(:func:`mskg.ingest.places.find_places`).

All offsets index the text as read; the normalised view has the same length.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from mskg.ingest import agencies, places, targets
from mskg.ingest.domains import assign_domains
from mskg.ingest.hard_wraps import join_wraps
from mskg.ingest.line_breaks import Rebroken, restore_breaks
from mskg.ingest.model import Extraction, Notice, NoticeKind, Place
from mskg.ingest.plan import _notice_words, extract_plan
from mskg.ingest.reading import notices
from mskg.ingest.responsibilities import assign_roles, convention_scope, stated_convention
from mskg.ingest.structure import build_outline, domainless_keys
from mskg.ingest.document import Document, read


def extract(text: str, *, document: str, path: str) -> Extraction:
    """Extract plan, items with agency roles and domains, targets and places.

    A text whose lines lost their breaks before numbering markers (a page flattened to
    one line, items run together in one paragraph) is read with the breaks put back
    (:mod:`.line_breaks`); a text whose page broke its lines when full, with page numbers
    between them, is read with those lines joined and the furniture left out
    (:mod:`.hard_wraps`); offsets and quotes index ``text`` as given."""
    doc = read(text)
    joined = join_wraps(text, doc.view, doc.lines, [(t.first_line, t.last_line) for t in doc.tables])
    if joined is not None:
        extraction = _mapped(joined, _rebroken(read(joined.text), document, path), doc, text)
        # targets are read on the lines as printed: a line's end closes a statement there
        # as it does in any document, and the quantities of progress reported around a
        # goal stay in their own clauses
        extraction.targets = targets.extract_targets(text, extraction.items, extraction.plan, document=doc)
        return extraction
    return _rebroken(doc, document, path)


def _rebroken(doc: Document, document: str, path: str) -> Extraction:
    """The extraction of a document model, read with the line breaks its numbering lost put back."""
    text = doc.text
    rebroken = restore_breaks(text, doc.view, [(t.start, t.end) for t in doc.tables])
    if rebroken is None:
        return _extract(doc, document=document, path=path)
    return _mapped(rebroken, _extract(read(rebroken.text), document=document, path=path), doc, text)


def _mapped(edit: Rebroken, extraction: Extraction, doc: Document, text: str) -> Extraction:
    """An extraction of an edited text (:class:`Rebroken`, :class:`Joined`) with its offsets,
    quotes and notices moved to the text as given, whose model ``doc`` is."""
    lines = extraction.source.lines
    extraction.notices = [replace(n, line=edit.original_line(lines[n.line - 1].start, text))
                          if 0 < n.line <= len(lines) else n for n in extraction.notices]
    extraction = edit.remap(extraction, text)
    extraction.source = doc  # the model of the text as given, which the offsets index
    return extraction


def _extract(doc: Document, *, document: str, path: str) -> Extraction:
    text, view = doc.text, doc.view
    records = frozenset(k for t in doc.tables if t.layout == "records" for k in range(t.first_line, t.last_line + 1))
    tabled = frozenset(k for t in doc.tables for k in range(t.first_line, t.last_line + 1))
    head = extract_plan(text, view, doc.lines, records, tabled)
    plan = head.plan
    doc.set_body(_annexed_table_start(doc, head.body_start))
    doc.period = plan.period
    convention, notes = stated_convention(view)
    plan.lead_convention = convention
    doc.conventions = notes

    jurisdiction = places.jurisdiction_of(plan.issuer, plan.title)
    if jurisdiction is None:
        jurisdiction = _government_named(view)
    if jurisdiction is None:
        jurisdiction = _division_of_own_level(text, view)
    if jurisdiction is None:
        jurisdiction = _town_of_own_level(view, plan.title)
    if jurisdiction is not None:
        plan.jurisdiction = jurisdiction.full
        plan.issuer = _full_issuer(plan.issuer, jurisdiction)

    outline = build_outline(doc, plan_kind=plan.kind)
    roles = assign_roles(text, view, outline, jurisdiction, convention, notes, convention_scope(doc, notes))
    for item in outline.items:
        item.responsibilities = roles.get(item.key, [])
    assign_domains(view, outline.items, skip=domainless_keys(outline.items))

    extraction = Extraction(document=document, path=path, text=text, plan=plan, items=outline.items)
    extraction.targets = targets.extract_targets(text, outline.items, plan, document=doc)
    found = places.find_places(text, jurisdiction)
    extraction.places = found + _townships_named_as_units(extraction, found)
    extraction.referenced_places = places.referenced_places(extraction)
    extraction.source = doc
    extraction.notices = _without_empty_spans(doc, extraction) + notices(doc, extraction)
    return extraction


_ANNEX_LINE = re.compile(r"附\s*件\s*\d{0,2}\s*(?:[:：]|$)")


def _annexed_table_start(doc: Document, body_start: int) -> int:
    """Where the plan's body starts when the plan is a table annexed to a notice (附件：
    …分解表, then the table): at the annex, so that the notice's own numbered instructions
    before it (一、压实工作责任 …) are not read as parts of the plan. Unchanged when
    a table of items stands before the annex, or none after it."""
    tables = [t for t in doc.tables if t.start >= body_start and t.kind in ("list", "assignment")]
    if not tables:
        return body_start
    # (the annex nearest above the table: a notice may list its annexes first, 附件：1.… 2.…)
    annex = next((ln for ln in reversed(doc.lines) if body_start <= ln.start < tables[0].start and not ln.blank
                  and _ANNEX_LINE.match(doc.view, ln.cstart, ln.end)), None)
    if annex is None:
        return body_start
    # the stretch before the annex is the notice itself: it passes the plan on (现将…印发给你们)
    words = _notice_words()
    passes_on = re.search(rf"(?:{words['issue']})给(?:你们|您们)", doc.view[body_start : annex.start])
    return annex.start if passes_on else body_start


def _townships_named_as_units(ex: Extraction, found: list[Place]) -> list[Place]:
    """Towns and streets printed as units of an item (武康街道 in a 责任单位 cell) that the
    search of the text missed: a cell listing its units one per line, or beside other
    cells, sets the name in no list or sentence that tells a township from a word."""
    known = {p.full for p in found}
    out: dict[str, Place] = {}
    for it in ex.items:
        for r in it.responsibilities:
            a = r.agency
            if a.kind != "government" or a.level not in ("town", "street") or not a.jurisdiction:
                continue
            if a.jurisdiction in known:
                continue
            p = out.get(a.jurisdiction) or places.place(a.jurisdiction)
            if p is None:
                continue
            p.spans.append(r.span)
            out[a.jurisdiction] = p
    return list(out.values())


def _without_empty_spans(doc, ex: Extraction) -> list[Notice]:
    """Facts without source text break a Violation-level shape: they are left out, each
    with a notice naming its line."""
    out: list[Notice] = []
    dropped: set[str] = set()
    for it in ex.items:
        if it.parent in dropped or it.span.end <= it.span.start:
            dropped.add(it.key)
            out.append(Notice(NoticeKind.EMPTY_SPAN, doc.line_of(it.span.start),
                              f"{it.kind} {it.number or it.key} has no text; left out"))
        kept = [r for r in it.responsibilities if r.span.end > r.span.start]
        if len(kept) < len(it.responsibilities):
            out.append(Notice(NoticeKind.EMPTY_SPAN, doc.line_of(it.span.start),
                              f"an agency of {it.kind} {it.number or it.key} has no printed name; left out"))
            it.responsibilities = kept
    ex.items = [it for it in ex.items if it.key not in dropped]
    for t in ex.targets:
        if t.span.end <= t.span.start:
            out.append(Notice(NoticeKind.EMPTY_SPAN, doc.line_of(t.span.start), f"target {t.key} has no text; left out"))
    ex.targets = [t for t in ex.targets if t.span.end > t.span.start and t.item not in dropped]
    return out


# a government printed by its name (来源：襄州区人民政府办公室, 襄州区人民政府门户网站)
_GOVERNMENT = re.compile(r"([\u4e00-\u9fff]{2,12}?(?:省|市|县|区|旗|州|盟))人民政府")


def _government_named(view: str):
    """The jurisdiction of a document whose issuer and title name none (a post that
    says 区政府): the government the page names most often by its full name (来源：
    X区人民政府办公室), the one named last on a tie (the source line closes the page)."""
    counts: dict[str, int] = {}
    last: dict[str, int] = {}
    for k, m in enumerate(_GOVERNMENT.finditer(view)):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
        last[m.group(1)] = k
    for name in sorted(counts, key=lambda n: (-counts[n], -last[n])):
        place = places.jurisdiction_of(name + "人民政府")
        if place is not None:
            return place
    return None


@lru_cache(maxsize=1)
def _own_government() -> tuple[re.Pattern[str], dict[str, str]]:
    """A government named by its level word alone (区政府, 县人民政府: the document's own),
    and the level each such word names: the level words of a city, a county and a district
    in the places lexicon (plc:cityWord, plc:countyWord, plc:districtWord)."""
    lex = places.lexicon()
    levels = {w: level for level, name in (("city", "cityWord"), ("county", "countyWord"), ("district", "districtWord"))
              for w in lex.words(name)}
    words = "|".join(map(re.escape, sorted(levels, key=len, reverse=True)))
    return re.compile(rf"(?<![\u4e00-\u9fff])({words})(?:人民)?政府"), levels


def _division_of_own_level(text: str, view: str):
    """The jurisdiction of a document that names its government by the level word alone
    (minutes of 区政府's meeting, units printed 区教育局): the division of that level the
    text names most often (西秀区 in 《西秀区2024年十件民生实事实施方案》), when one is named
    more often than any other of its level."""
    pattern, levels = _own_government()
    words = Counter(m.group(1) for m in pattern.finditer(view))
    if not words:
        return None
    level = levels[words.most_common(1)[0][0]]
    named = sorted((len(p.spans), p.full) for p in places.find_places(text, None) if p.level == level)
    if not named or (len(named) >= 2 and named[-1][0] == named[-2][0]):
        return None
    return places.jurisdiction_of(named[-1][1])


# a town or street printed after the division it belongs to (东莞市塘厦镇, 岳麓区莲花镇)
_TOWN_PRINTED = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:市|县|区|旗)[\u4e00-\u9fff]{1,6}?(?:镇|乡|街道)")


@lru_cache(maxsize=1)
def _own_town_government() -> re.Pattern[str]:
    """A town's or street's government named by its level word alone (镇政府, 街道办事处):
    the level words plc:townKind and plc:streetKind, the words plc:townshipGovernment."""
    lex = places.lexicon()
    levels = "|".join(map(re.escape, sorted({*lex.words("townKind"), *lex.words("streetKind")}, key=len, reverse=True)))
    bodies = "|".join(map(re.escape, sorted({*lex.words("townshipGovernment"), "政府"}, key=len, reverse=True)))
    return re.compile(rf"(?<![\u4e00-\u9fff])(?:{levels})(?:{bodies})")


def _town_of_own_level(view: str, title: str | None):
    """The jurisdiction of a township's own post that names no issuer (a 镇 publishing its
    民生实事 progress): the town or street the text prints with its city or county
    (东莞市塘厦镇) most often, when the post names its own government by the level word
    (镇政府) or its title names that town (塘厦…民生实事)."""
    counts: Counter = Counter()
    found: dict[str, object] = {}
    for m in _TOWN_PRINTED.finditer(view):
        place = places.jurisdiction_of(m.group(0))
        if place is not None and place.level in ("town", "street"):
            counts[place.full] += 1
            found[place.full] = place
    if not counts:
        return None
    ranked = counts.most_common(2)
    if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
        return None
    place = found[ranked[0][0]]
    stem = place.name[:-2] if place.name.endswith("街道") else place.name[:-1]
    if _own_town_government().search(view) or (title and len(stem) >= 2 and stem in title):
        return place
    return None


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
