"""How a document was read: the layouts that compete for its body, notices, explanation.

Every way of cutting a body into items proposes a segmentation: each numbering style
or recurring marker (``ar`` 1．, ``pcn`` （一）, ``bullet◆`` …), each flattened table
(by its layout), and plain paragraphs. A segmentation is scored by how much of the
body it explains (the share of the body's lines inside its items) times how regularly
it does so (numbers that follow each other; table rows that fit their header). The
outline (:mod:`mskg.ingest.structure`) combines the segmentations that explain the
body; :func:`layouts` reports all of them with their scores, the chosen ones first, so
a reader can see why a document was read the way it was, and what came close.

:func:`notices` are the warnings ingest prints, each naming a line: targets or units
found but no measure, measures without a title, table rows that do not fit their
header, header words of no known column, and facts left out of the graph because
they have no source text. :func:`explain` gathers all of it for ``mskg inspect``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from mskg.ingest.document import Document
from mskg.ingest.headings import KEYCAP_TEN, ROMAN_NUMERALS, Style
from mskg.ingest.model import Extraction, ItemKind, Notice, NoticeKind
from mskg.ingest.tables import column_of

_MEASURES = (ItemKind.MEASURE, ItemKind.SUB_MEASURE, ItemKind.PROJECT)
_CN = {c: k for k, c in enumerate("零一二三四五六七八九十", 0)}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(frozen=True)
class Layout:
    """One segmentation of the body: what finds it, its items, and how well it explains the body."""

    finder: str  # numbering style or marker, table-<layout>, paragraph
    items: int
    coverage: float  # share of the body's lines inside its items
    regularity: float  # numbers in sequence, rows that fit their header
    chosen: bool  # the outline took its items

    @property
    def score(self) -> float:
        return round(self.coverage * self.regularity, 3)


def _value(number: str) -> int | None:
    """The numeral of a printed number (12, 十二, ⑫) as an int, else None."""
    if re.fullmatch(r"\d+(?:\.\d+)+", number):
        return int(number.rsplit(".", 1)[1])  # 2.3 of a decimal outline: the third of its level
    if number.startswith(KEYCAP_TEN):
        return 10
    digits = re.sub(r"\D", "", number)
    if digits:
        return int(digits)
    if number and number[0] in _CIRCLED:
        return _CIRCLED.index(number[0]) + 1
    if number and number[0] in ROMAN_NUMERALS:
        return ROMAN_NUMERALS.index(number[0]) + 1
    cn = re.sub(r"[^零一二三四五六七八九十]", "", number)
    if not cn:
        return None
    if "十" in cn:
        a, _, b = cn.partition("十")
        return (_CN.get(a, 1) if a else 1) * 10 + (_CN.get(b, 0) if b else 0)
    return _CN.get(cn[-1])


def _regularity(numbers: list[str]) -> float:
    """Share of steps from one number to the next that go on by one (or restart at one)."""
    values = [_value(n) for n in numbers]
    steps = [(a, b) for a, b in zip(values, values[1:])]
    if not steps:
        return 1.0
    good = sum(1 for a, b in steps if a is not None and b is not None and (b == a + 1 or b == 1))
    return good / len(steps)


def layouts(doc: Document, ex: Extraction) -> list[Layout]:
    """Every segmentation proposed for the body, scored; the chosen ones first, then by score.

    A chosen segmentation is measured on the items it gave (the body lines inside their
    spans, the numbers they print); one that was not chosen on the lines it would open
    (from its first opening line to the end of the body)."""
    body = doc.body_lines()
    if not body:
        return []
    total = len(body)
    bounds = [(ln.cstart, ln.end) for ln in body]
    by_source: dict[str, list] = {}
    for it in ex.items:
        by_source.setdefault(it.source, []).append(it)
    out: list[Layout] = []
    tables: dict[str, list] = {}
    for t in doc.body_tables():
        tables.setdefault(f"table-{t.layout}", []).append(t)
    for source, items in by_source.items():
        covered = _lines_inside(bounds, [(it.span.start, it.span.end) for it in items])
        if source in tables:  # rows that fit their header
            regular = 1 - sum(len(t.misfits) for t in tables[source]) / max(1, sum(len(t.rows) for t in tables[source]))
        elif _unnumbered(source):
            regular = 1.0
        else:
            regular = _regularity([it.number or "" for it in items])
        out.append(Layout(source, len(items), covered / total, regular, True))
    in_table = doc.table_lines()
    found: dict[str, list[int]] = {}  # finder → body positions of its item openings
    numbers: dict[str, list[str]] = {}
    for k, ln in enumerate(body):
        if ln.index in in_table:
            continue
        h = doc.heading(ln)
        if h is None:
            continue
        finder = f"{h.style}{h.value}" if h.style is Style.BULLET else str(h.style)
        found.setdefault(finder, []).append(k)
        numbers.setdefault(finder, []).append(h.value)
    for finder, starts in found.items():
        if len(starts) < 2 or finder in by_source:
            continue
        regular = _regularity(numbers[finder]) if not _unnumbered(finder) else 1.0
        out.append(Layout(finder, len(starts), (total - starts[0]) / total, regular, False))
    for t in doc.body_tables():
        finder = f"table-{t.layout}"
        if t.kind not in ("indicator", "assignment") and finder in by_source:
            continue
        lines = sum(1 for ln in body if t.first_line <= ln.index <= t.last_line)
        fit = 1 - len(t.misfits) / max(1, len(t.rows))
        out.append(Layout(f"{finder} ({t.kind})", len(t.rows), lines / total, fit, t.kind in ("indicator", "assignment")))
    if "paragraph" not in by_source:
        blocks = _paragraph_count(doc)
        out.append(Layout("paragraph", blocks, 1.0 if blocks else 0.0, 0.0, False))
    out.sort(key=lambda s: (not s.chosen, -s.score, s.finder))
    return out


def _lines_inside(lines: list[tuple[int, int]], spans: list[tuple[int, int]]) -> int:
    """How many of the lines (content bounds, in text order) overlap one of ``spans``."""
    ends = [e for _, e in lines]
    inside = set()
    for a, b in spans:
        k = bisect.bisect_right(ends, a)
        while k < len(lines) and lines[k][0] < b:
            inside.add(k)
            k += 1
    return len(inside)


_UNNUMBERED = {"bracket", "dash", "paragraph"}


def _unnumbered(finder: str) -> bool:
    """Does a finder open items without printed numbers (markers, bullets of any glyph)?"""
    return finder in _UNNUMBERED or finder.startswith(str(Style.BULLET))


def _paragraph_count(doc: Document) -> int:
    count, inside = 0, False
    skip = doc.table_lines()
    for ln in doc.lines:
        if not (doc.body_start <= ln.start < doc.body_end) or ln.index in skip:
            continue
        if ln.blank:
            inside = False
        elif not inside:
            count, inside = count + 1, True
    return count


def notices(doc: Document, ex: Extraction) -> list[Notice]:
    """What ingest warns about, each naming the line it concerns (see the module docstring)."""
    out: list[Notice] = []
    measures = [it for it in ex.items if it.kind in _MEASURES]
    # a five-year plan may print its commitments as chapters and sections only
    expected = not ex.items or ex.plan.kind != "five_year_plan"
    if not measures and expected and (ex.targets or _role_lines(doc)):
        where = sorted({doc.line_of(t.span.start) for t in ex.targets})[:3] or _role_lines(doc)[:3]
        out.append(Notice(NoticeKind.NO_MEASURES, where[0],
                          f"{len(ex.targets)} targets and {len(_role_lines(doc))} responsibility lines but no "
                          f"measure (lines {', '.join(map(str, where))}): the layout was not recognised; "
                          "`mskg inspect` shows how the document was read"))
    for it in measures:
        if not it.title.strip():
            out.append(Notice(NoticeKind.EMPTY_TITLE, doc.line_of(it.span.start),
                              f"{it.kind} {it.number or it.key} has no title"))
    for t in doc.body_tables():
        for start in t.misfits:
            out.append(Notice(NoticeKind.ROW_MISFIT, doc.line_of(start),
                              f"a row of the {t.layout} table at line {t.first_line + 1} has not the "
                              f"{len(t.header)} cells of its header; read as padded"))
        for cell, name in zip(t.labels, t.header):
            label = re.sub(r"\s+", "", doc.text[cell.start : cell.end])
            if label and column_of(label) is None:
                out.append(Notice(NoticeKind.UNKNOWN_HEADER, doc.line_of(cell.start),
                                  f"header word {label!r} of the table at line {t.first_line + 1} names no "
                                  "known column; its cells are not read"))
    return out


def _role_lines(doc: Document) -> list[int]:
    from mskg.ingest.agency_lists import role_label_pattern

    label = role_label_pattern()
    return [ln.index + 1 for ln in doc.body_lines() if label.search(doc.view, ln.cstart, ln.end)]


def unread_lines(doc: Document, ex: Extraction) -> list[int]:
    """1-based numbers of the body's lines that no item, table or stated convention covers."""
    spans = sorted([(it.span.start, it.span.end) for it in ex.items]
                   + [(t.start, t.end) for t in doc.body_tables()] + list(doc.conventions))
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts = [a for a, _ in merged]
    out = []
    for ln in doc.body_lines():
        k = bisect.bisect_right(starts, ln.end - 1) - 1
        if k < 0 or merged[k][1] <= ln.cstart:
            out.append(ln.index + 1)
    return out


def explain(ex: Extraction) -> dict:
    """How a document was read, as JSON-ready data: plan, layouts with scores, blocks,
    items with their numbers, titles, units and roles, the convention applied, notices
    and the lines left unread."""
    doc = ex.source
    if doc is None:  # pragma: no cover - the pipeline always keeps its model
        raise ValueError("the extraction keeps no document model")
    p = ex.plan
    return {
        "document": ex.document,
        "plan": {"title": p.title, "kind": p.kind, "period": list(p.period) if p.period else None,
                 "jurisdiction": p.jurisdiction, "issuer": p.issuer},
        "body": {"first_line": doc.line_of(doc.body_start), "last_line": doc.line_of(max(doc.body_start, doc.body_end - 1))},
        "layouts": [{"finder": s.finder, "items": s.items, "coverage": round(s.coverage, 3),
                     "regularity": round(s.regularity, 3), "score": s.score, "chosen": s.chosen}
                    for s in layouts(doc, ex)],
        "tables": [{"line": t.first_line + 1, "last_line": t.last_line + 1, "layout": t.layout, "kind": t.kind,
                    "rows": len(t.rows), "reading": t.reading,
                    "runners_up": [{"reading": name, "rows": rows, "lines": read} for name, rows, read in t.runners_up],
                    "columns": [{"label": re.sub(r"\s+", "", doc.text[c.start : c.end]), "meaning": n}
                                for c, n in zip(t.labels, t.header)]}
                   for t in doc.body_tables()],
        "convention": {"rule": p.lead_convention,
                       "stated": [{"line": doc.line_of(a), "text": doc.text[a:b]} for a, b in doc.conventions]},
        "items": [{"key": it.key, "line": doc.line_of(it.title_span.start), "kind": it.kind, "number": it.number,
                   "title": it.title, "parent": it.parent, "found_by": it.source,
                   "roles": [{"printed": r.printed, "role": r.role, "agency": r.agency.full,
                              "line": doc.line_of(r.span.start)} for r in it.responsibilities]}
                  for it in ex.items],
        "targets": len(ex.targets),
        "notices": [{"kind": str(n.kind), "line": n.line, "message": n.message} for n in ex.notices],
        "unread_lines": unread_lines(doc, ex),
    }


def format_explanation(data: dict) -> str:
    """The explanation as text for a terminal: one block per part, lines numbered from 1."""
    p = data["plan"]
    period = "–".join(map(str, p["period"])) if p["period"] else "none"
    out = [f"document  {data['document']}",
           f"plan      {p['title']} ({p['kind']}, period {period}, jurisdiction {p['jurisdiction'] or 'unknown'})",
           f"body      lines {data['body']['first_line']}–{data['body']['last_line']}",
           "", "layouts (score = coverage × regularity; * = chosen)"]
    for s in data["layouts"]:
        out.append(f"  {'*' if s['chosen'] else ' '} {s['finder']:<26} {s['items']:>4} items  coverage {s['coverage']:.2f}"
                   f"  regularity {s['regularity']:.2f}  score {s['score']:.2f}")
    if data["tables"]:
        out += ["", "tables"]
        for t in data["tables"]:
            cols = " | ".join(f"{c['label']}={c['meaning']}" for c in t["columns"])
            out.append(f"  line {t['line']}–{t['last_line']}  {t['layout']} {t['kind']}, {t['rows']} rows: {cols}")
            if t["reading"]:
                out.append(f"    rows read as: {t['reading']}")
            for r in t["runners_up"]:
                out.append(f"    runner-up:    {r['reading']} ({r['rows']} rows, {r['lines']} lines)")
    out += ["", f"convention  {data['convention']['rule'] or 'none stated'}"]
    out += [f"  line {c['line']}: {c['text']}" for c in data["convention"]["stated"]]
    out += ["", f"items ({len(data['items'])})"]
    depth: dict[str, int] = {}
    for it in data["items"]:
        depth[it["key"]] = depth.get(it["parent"], -1) + 1 if it["parent"] else 0
        roles = "; ".join(f"{r['printed']} {r['role']}" for r in it["roles"])
        out.append(f"  {'  ' * depth[it['key']]}line {it['line']:<4} {it['kind']:<11} {it['number'] or '–'}  "
                   f"{it['title']}  [{it['found_by']}]" + (f"  ← {roles}" if roles else ""))
    out += ["", f"targets   {data['targets']}"]
    if data["notices"]:
        out += ["", "notices"] + [f"  line {n['line']}: {n['message']}" for n in data["notices"]]
    unread = data["unread_lines"]
    out += ["", f"lines left unread ({len(unread)}): {_ranges(unread) or 'none'}"]
    return "\n".join(out) + "\n"


def _ranges(numbers: list[int]) -> str:
    """1 2 3 7 9 10 → ``1–3, 7, 9–10``."""
    parts: list[tuple[int, int]] = []
    for n in numbers:
        if parts and parts[-1][1] == n - 1:
            parts[-1] = (parts[-1][0], n)
        else:
            parts.append((n, n))
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in parts)
