"""Sections, measures, sub-measures, 专栏 projects and table rows of a document.

The outline is read from the numbering styles as printed (第X部分, 第X章, 第X节, 一、, （一）,
1．, （1）, ①, 专栏N) without assuming their order: the first style met is the top
level, a style not yet open nests under the current item, a style already open
closes the items below it. Facet sub-headings that recur under every section of
an action plan (1．发展目标 2．发展思路 3．工作重点) are transparent: what they number
belongs to the enclosing section. Flattened tables (:mod:`mskg.ingest.tables`)
become measures and sub-measures, one per row. Printed agency lists
(:mod:`mskg.ingest.agency_lists`) are attached to the item at whose level they are
printed; :mod:`mskg.ingest.responsibilities` turns them into roles. Numbering styles
are recognised by :mod:`mskg.ingest.headings`.

Kinds follow the printed structure: an item that carries a responsibility line is
a measure and what it numbers are sub-measures; numbered leaves under a group are
measures; in a five-year plan, chapters and sections are groups; 专栏 are groups
of projects.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from mskg.ingest.agency_lists import (
    Field,
    field_lines,
    inline_fields,
    inline_role_pattern,
    prose_fields,
    role_statement,
    role_label_pattern,
    takes_cell_above,
)
from mskg.ingest.enumerations import (
    Clause,
    Series,
    clause_fields,
    clause_number,
    find_series,
    lists_measures,
    print_roles,
)
from mskg.ingest.headings import (
    BULLETS,
    ITEM_STYLES,
    ROMAN_NUMERALS,
    SUB_ITEM_STYLES,
    Heading,
    Style,
    box_label,
    heading_of,
    ordinal,
)
from mskg.ingest.intervals import SpanIndex
from mskg.ingest.model import Item, ItemKind, Span
from mskg.ingest.quantities import find_quantities
from mskg.ingest.row_numbers import numbers_of
from mskg.ingest.structure_lexicon import entries
from mskg.ingest.document import Document
from mskg.ingest.tables import Cell, Table, category_row, number_and_title, rows_style
from mskg.ingest.text import Line, clean_title, is_metadata_line, normalised, strip_noise_edges

_CATEGORY_NUMBER = re.compile(r"[一二三四五六七八九十]+\s*[、.]|\(\s*[一二三四五六七八九十]+\s*\)|\d{1,2}\s*[、.](?!\d)")
_MARKER_STYLES = (Style.BULLET, Style.BRACKET, Style.DASH)
_NUMBER_ONLY = re.compile(r"\d{1,4}\s*[、.]?")
_CATEGORY_OPEN = re.compile(r"(?:[一二三四五六七八九十]+\s*、|\(\s*[一二三四五六七八九十]+\s*\))\s*\S")
# an attachment or annexed table starts a part of its own: 附件, 附件2:, 附表 重点项目表
# a note, a list of annexes or a form's instructions opening with its first numbered point
# (注：1.表中单位均使用简称…, 附件：1.…任务分解表, 填表说明：), or bare (its points on the lines
# below; a spreadsheet row leaves commas after it): group 1 ends the label
_NOTE_POINTS = re.compile(r"((?:(?:备\s*)?注|附\s*件\s*\d{0,2}|填表说明)\s*:\s*)(?:\S|$)")
_BARE_REST = re.compile(r"[,\s]*")
_ANNEX = re.compile(r"附\s*[件表]\s*\d{0,2}\s*(?::|$|\s+\S)")


@dataclass
class Node:
    """An item while the outline is built: numbering style, printed number, bounds."""

    style: str
    number: str | None
    title: str
    start: int
    title_start: int
    title_end: int
    end: int
    runin: bool = False
    facet: bool = False
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    kind: ItemKind | None = None  # decided once the outline is complete
    key: str = ""
    table: bool = False  # a row of a flattened table
    rank: str = ""  # the level its marker opens: the style, or a bullet's glyph
    ordinal: int | None = None  # the number its marker prints (5 for 5、 and （5）)
    assigns: bool = False  # holds a table giving units to items by their numbers


@dataclass
class Outline:
    """Items of a document in reading order, the agency lists printed on each, body bounds."""

    items: list[Item]
    fields: dict[str, list[Field]]
    body_start: int
    body_end: int


@lru_cache(maxsize=1)
def _facet_words() -> frozenset[str]:
    return frozenset(w for e in entries("facets") for w in e.words)


# --------------------------------------------------------------------------- outline


def _rank(h: Heading) -> str:
    """The level a marker opens: its style; a bullet's glyph; a decimal outline's depth."""
    if h.style is Style.BULLET:
        return f"{h.style}{h.value}"
    if h.style is Style.DECIMAL:
        return f"{h.style}{h.value.count('.')}"
    return str(h.style)


# a label and its colon after a marker: ✅上半年进展：…, 📍实施地点：…
_FIELD_LABEL = re.compile(r"([^\s:,。;]{2,8})\s*:")


def _recurring_markers(heads: list[Heading], view: str) -> list[Heading]:
    """Unnumbered markers count as headings only where the same marker opens two or
    more lines (a lone ◆ or ——line is emphasis, not a list); a bracket that prints a
    number (【七】) is a numbered heading. A bullet whose every line opens with one and
    the same label (🎯年度目标：… under each item, ✅进展：… under each) marks a field of
    the items, not an item: items have titles of their own."""
    counts: dict[tuple[Style, str], int] = {}
    labels: dict[str, set[str]] = {}  # bullet glyph → the labels its lines open with
    for h in heads:
        if h.style in _MARKER_STYLES:
            key = (h.style, "" if h.style is Style.BRACKET else h.value)
            counts[key] = counts.get(key, 0) + 1
        if h.style is Style.BULLET:
            m = _FIELD_LABEL.match(view, h.rest, h.line.end)
            labels.setdefault(h.value, set()).add(m.group(1) if m else "")
    fields = {glyph for glyph, seen in labels.items() if len(seen) == 1 and "" not in seen}
    return [h for h in heads if h.style not in _MARKER_STYLES or h.number_end > h.number_start
            or (counts[(h.style, "" if h.style is Style.BRACKET else h.value)] >= 2
                and not (h.style is Style.BULLET and h.value in fields))]


def _title_of(text: str, view: str, h: Heading, in_box: bool) -> tuple[str, int, int, bool]:
    """Title text, its bounds, and whether the item is a run-in paragraph."""
    s, e = h.rest, h.line.end
    if h.style is Style.BRACKET and h.number_end == h.number_start:
        # 【title】text: the bracket holds the title, the text after it is the item's body;
        # a bracket alone on its line heads what follows
        close = view.find("】", s, e)
        a, b = strip_noise_edges(view, s, close)
        return clean_title(text[a:b]), a, b, bool(view[close + 1 : e].strip())
    body = view[s:e]
    runin = "。" in body or (len(body) > 60 and "," in body)
    stop = body.find("。")
    cut = e if stop < 0 else s + stop
    colon = re.search(r"[:]", view[s:cut])
    if colon and colon.start() <= 30 and (runin or in_box):
        cut = s + colon.start()
        runin = True
    if stop < 0 and runin:
        # a long numbered sentence without a full stop: title up to its first clause
        comma = view.find(",", s, e)
        cut = comma if comma > 0 else e
    a, b = strip_noise_edges(view, s, cut)
    while b > a and view[b - 1] in "。;,":
        b -= 1
    # a trailing bracketed role statement is not part of the title; nor is one the line
    # breaks off before it closes (（区建管委牵头，区公安分局、上海嘉定公共交通有限公 / 司配合）)
    m = re.search(r"\(([^()]*)\)\s*$", view[a:b]) or re.search(r"\(([^()]*)$", view[a:b])
    if m and (role_label_pattern().search(m.group(1)) or inline_role_pattern().search(m.group(1).split(",")[0].strip())
              or inline_fields(text, view, a + m.start(), a + m.end())):
        b = a + m.start()
        a, b = strip_noise_edges(view, a, b)
    while b > a and view[b - 1] in "。;,":
        b -= 1
    return clean_title(text[a:b]), a, b, runin


# numbering styles that print the same numerals, in another form
_SEQUENCES = {Style.AR: "arabic", Style.PAR: "arabic", Style.CIRC: "arabic", Style.KEYCAP: "arabic",
              Style.CN: "chinese", Style.PCN: "chinese", Style.ROMAN: "roman"}


def _continues(open_item: Node, node: Node) -> bool:
    """Does ``node`` go on with the sequence of the innermost open item in another form of
    its numerals (5、 then （6）, 五、 then （六）)? A style first met under an item is its
    child, unless its number continues the item's own: then a scraped or mistyped marker
    changed form, not level. Numbering that starts again at 1 is always a child."""
    if node.ordinal is None or open_item.ordinal is None or node.ordinal == 1:
        return False
    return (_SEQUENCES.get(Style(open_item.style)) == _SEQUENCES.get(Style(node.style))
            and node.ordinal == open_item.ordinal + 1 and not open_item.facet)


def _printed_number(text: str, h: Heading) -> str:
    return clean_title(text[h.number_start : h.number_end]).replace(" ", "")


def build_outline(doc: Document, *, plan_kind: str) -> Outline:
    """The items of a document (reading order) and the agency lists printed on each,
    from the body, tables and headings of the document model."""
    text, view, lines = doc.text, doc.view, doc.lines
    body_start, body_end = doc.body_start, doc.body_end
    tables = doc.body_tables()
    in_table = doc.table_lines()

    # pass 1: headings (and facet detection by recurrence)
    heads: list[Heading] = []
    boxes_seen = 0
    note_points: str | None = None  # the numbering style of a note's points (注：1.… / 2.…)
    for ln in lines:
        if ln.start < body_start or ln.start >= body_end or ln.index in in_table:
            continue
        content = ln.content(view)
        if is_metadata_line(content):
            continue
        opens = _NOTE_POINTS.match(content)
        if opens is not None:
            # a note that numbers its points: the lines numbered on after it are its points
            # (a bare 注： line: the points are the numbered lines below it, in their style);
            # so are an annex list's entries and a form's instructions
            first = heading_of(Line(ln.index, ln.start, ln.end, ln.cstart + opens.end(1), ln.tabbed), view)
            bare = _BARE_REST.fullmatch(view, ln.cstart + opens.end(1), ln.end) is not None
            note_points = first.style if first is not None else "" if bare else None
            continue
        h = doc.heading(ln) or box_label(ln, view, boxes_seen + 1)
        if note_points is not None and h is not None and note_points in ("", h.style):
            note_points = h.style
            continue
        note_points = None
        if h is None:
            continue
        if h.style == "box":
            boxes_seen += 1
        heads.append(h)
    heads = _recurring_markers(heads, view)
    facet_words = _facet_words()
    title_count: dict[str, int] = {}
    for h in heads:
        t = clean_title(view[h.rest : h.line.end]).rstrip("。")
        title_count[t] = title_count.get(t, 0) + 1

    # pass 2: the tree
    roots: list[Node] = []
    stack: list[Node] = []
    all_nodes: list[Node] = []
    box: Node | None = None

    def close_to(depth: int, at: int) -> None:
        while len(stack) > depth:
            node = stack.pop()
            if node.runin and not node.children:
                continue  # a numbered paragraph ends with its paragraph
            node.end = max(node.end, _last_content_end(view, node.start, at))

    def attach(node: Node) -> None:
        parent = next((p for p in reversed(stack) if not p.facet), None)
        if node.facet:
            node.parent = parent
        else:
            node.parent = parent
            (parent.children if parent else roots).append(node)
        stack.append(node)
        all_nodes.append(node)

    last_ordinal: dict[str, int] = {}  # the last number printed in each rank
    heads_by_line = {h.line.index: h for h in heads}
    table_by_first = {t.first_line: t for t in tables}
    for ln in lines:
        if ln.start < body_start or ln.start >= body_end:
            continue
        if ln.index in table_by_first:
            t = table_by_first[ln.index]
            if t.kind in ("indicator", "assignment"):
                if t.kind == "assignment" and stack:
                    stack[-1].assigns = True  # a part that gives units to the items of another
                continue  # rows that are targets of the enclosing item, or units of items by number
            parent = next((p for p in reversed(stack) if not p.facet), None)
            if t.kind == "project" and plan_kind == "five_year_plan":
                # a plan's project table: projects of the enclosing 专栏, else of the enclosing part
                parent = box if box is not None and box in stack else parent
                nodes = _project_nodes(text, view, t)
            else:
                nodes = _table_nodes(text, view, t)
                for cont in [n for n in nodes if n.style == "table-continuation"]:
                    if parent is not None:  # the first row goes on with the item above the table
                        parent.fields.extend(cont.fields)
                        parent.end = max(parent.end, cont.end)
                nodes = [n for n in nodes if n.style != "table-continuation"]
                if parent is not None and parent in stack and _numbers_on(parent, nodes):
                    # rows numbered on from the heading above (Ⅰ. heading, rows Ⅱ. Ⅲ.): its
                    # siblings, not its parts
                    close_to(stack.index(parent), t.start)
                    parent = next((p for p in reversed(stack) if not p.facet), None)
            for node in nodes:
                for row in [node, *_descendants(node)]:
                    _cell_points(doc, row)
                node.parent = parent
                (parent.children if parent else roots).append(node)
                all_nodes.append(node)
                all_nodes.extend(_descendants(node))
                for n in [node, *_descendants(node)]:
                    n.rank = f"table-{t.layout}"
            continue
        h = heads_by_line.get(ln.index)
        if h is None:
            if not ln.blank and ln.end - ln.cstart <= 40 and _ANNEX.match(view, ln.cstart, ln.end):
                close_to(0, ln.start)  # an attachment starts a part of its own
                box = None
            continue
        style = h.style
        title, ts, te, runin = _title_of(text, view, h, box is not None)
        number = _printed_number(text, h)
        if not number and _BARE_NUMBER.fullmatch(view, h.rest, ln.end):
            # 🔹第61项 / ◆项目三 alone on its line: the marker numbers the item, whose
            # text starts on the next line and names it up to its first full stop
            below = _text_line_below(doc, ln)
            if below is not None:
                number = clean_title(text[h.rest : ln.end]).replace(" ", "")
                title, ts, te, _ = _title_of(text, view, Heading(below, h.style, below.cstart, below.cstart,
                                                                 h.value, below.cstart), True)
        key = normalised(title).rstrip("。")  # facet words are simplified, the title is as printed
        is_facet = style not in ("chapter", "box") and key in facet_words and title_count.get(key, 0) >= 2
        node = Node(style, number, title, ln.cstart, ts, te, ln.end, runin=runin, facet=is_facet, rank=_rank(h),
                    ordinal=ordinal(h.value) if h.style in _SEQUENCES else None)
        if style == "chapter":
            d = next((k + 1 for k in range(len(stack) - 1, -1, -1) if stack[k].style == "part"), 0)
            close_to(d, ln.start)
            box = None
        elif style == "section":
            d = next((k + 1 for k in range(len(stack) - 1, -1, -1) if stack[k].style == "chapter"), 0)
            close_to(d, ln.start)
            box = None
        elif style == "box":
            d = next((k + 1 for k in range(len(stack) - 1, -1, -1) if stack[k].style == "chapter"), 0)
            if d == 0 and stack:
                d = 1  # no chapters: the box belongs to the top-level item
            close_to(d, ln.start)
            node.number = f"专栏{_arabic(h.value)}"
            box = node
            attach(node)
            continue
        else:
            # a rank is a numbering style; bullets rank by their glyph (◆ items, ● points)
            rank = node.rank = _rank(h)
            styles = [n.rank for n in stack]
            if box is not None and box in stack:
                inside = stack[stack.index(box) + 1 :]
                if rank in [n.rank for n in inside]:
                    k = stack.index(box) + 1 + [n.rank for n in inside].index(rank)
                    close_to(k, ln.start)
                elif rank in styles:
                    close_to(styles.index(rank), ln.start)
                    box = None
            elif rank in styles:
                close_to(styles.index(rank), ln.start)
            elif (stack and _continues(stack[-1], node)
                  and (node.ordinal is None or last_ordinal.get(rank) != node.ordinal - 1)):
                # 5、 then （6）: the sequence goes on in another style; but not where the
                # node's own style goes on with its own last number (（二） under 一、, then
                # 二、 and （三）: the （N） run on across the headings)
                close_to(len(stack) - 1, ln.start)
        if node.ordinal is not None:
            last_ordinal[node.rank] = node.ordinal
        attach(node)
        if runin:
            node.end = _paragraph_end(doc, ln, te)
    close_to(0, body_end)
    _drop_lone_markers(roots, all_nodes)
    joined, joined_spans = _role_list_by_number(view, doc, roots, all_nodes)
    stated, stated_spans = _statements_by_number(view, doc, all_nodes, in_table)
    joined, joined_spans = joined + stated, joined_spans + stated_spans

    # measures enumerated in running prose (一是…；二是…), where no numbered item holds them
    enumerated: list[Field] = []
    if plan_kind != "five_year_plan":
        skip = in_table | set(heads_by_line) | {
            ln.index for ln in lines if not ln.blank and is_metadata_line(ln.content(view))
        }
        enumerated = _enumerated_measures(text, view, lines, roots, all_nodes, body_start, body_end, skip)

    # nothing numbered, marked or tabulated: paragraphs that state quantities or units
    if not roots and plan_kind != "five_year_plan":
        roots.extend(_paragraph_nodes(doc, in_table))
        all_nodes.extend(roots)

    # projects of a box without numbered items: one per sentence of the box
    for node in list(all_nodes):
        if node.style == "box" and not node.children:
            _sentence_projects(text, view, node, all_nodes)

    # fields: responsibility lines and inline statements, at the innermost item
    nodes = [n for n in all_nodes if not n.facet]
    clauses = plan_kind != "five_year_plan"  # a plan's prose names agencies without roles
    printed = (field_lines(text, view, body_start, body_end, clauses) + inline_fields(text, view, body_start, body_end)
               + enumerated)
    if not printed and not any(n.fields for n in nodes):
        printed = prose_fields(view, body_start, body_end)
    # a note stating the lead convention (加★的为牵头单位) names no unit; nor does a line
    # of a table whose rows are no items (an assignment table's 责任单位：… records give
    # units to items by number, an indicator table's rows are targets)
    unread = (doc.conventions + [(t.start, t.end) for t in tables if t.kind in ("assignment", "indicator")]
              + joined_spans)
    unread_spans = SpanIndex(unread)
    printed = [f for f in printed if not unread_spans.covers(f.start)]
    placed: list[tuple[Field, Node]] = []
    seen: set[tuple[int, int, int]] = set()  # (owner, start, end) of the lists placed
    starts = sorted((n.start, k) for k, n in enumerate(nodes))
    spans = _spans(nodes)
    untabled = [n for n in nodes if not n.table]
    untabled_spans = SpanIndex([(n.start, n.start + 1) for n in untabled])
    for f in printed:
        owner = _innermost(nodes, spans, f.start)
        if owner is None and f.source == "line":
            owner = _paragraph_above(nodes, starts, f.start)
        if owner is None and f.source == "inline":
            owner = _item_just_before(untabled, untabled_spans, view, f.start)
        if owner is None or owner.table:
            continue
        if (id(owner), f.start, f.end) in seen:
            continue
        seen.add((id(owner), f.start, f.end))
        placed.append((f, owner))
    for f, owner in _per_item_lists(placed) + joined:
        if f.source == "task" and any(c.style != "enum" for c in owner.children):
            continue  # a unit tasked after a part's last item (会议要求，X要牵头…) leads no part
        owner.fields.append(f)
    assignments = [t for t in tables if t.kind == "assignment"]
    if assignments:
        by_number = _items_by_number([n for n in all_nodes if not n.facet and n.style != "box"])
        for t in assignments:
            _join_by_number(view, t, by_number)
    _assign_kinds(roots, plan_kind)
    _drop_scaffold_points(roots, numbered=plan_kind != "five_year_plan")
    _assign_keys(roots)
    items: list[Item] = []
    fields: dict[str, list[Field]] = {}
    for node in _preorder(roots):
        a, b = strip_noise_edges(view, node.start, node.end)
        items.append(
            Item(
                key=node.key,
                kind=node.kind,
                number=node.number or None,
                title=node.title,
                span=Span.of(text, a, b),
                title_span=Span.of(text, node.title_start, node.title_end),
                parent=node.parent.key if node.parent else None,
                source=node.rank or node.style,
            )
        )
        fields[node.key] = node.fields
    # inherited table cells name the item they repeat by key
    return Outline(items, fields, body_start, body_end)


def _drop_lone_markers(roots: list[Node], all_nodes: list[Node]) -> None:
    """A bullet that recurs in the document but never twice under one item marks no list:
    the ▲ caption under a photo, the one 💡 tip of an item. Its lines stay text of the
    item they are printed in (a list under an item has two members at least)."""
    by_rank: dict[str, list[Node]] = {}
    for n in all_nodes:
        if n.style == Style.BULLET and not n.facet:
            by_rank.setdefault(n.rank, []).append(n)
    for nodes in by_rank.values():
        parents = [n.parent for n in nodes]
        if (len(nodes) < 2 or any(p is None for p in parents) or any(n.children for n in nodes)
                or len({id(p) for p in parents}) < len(parents)):
            continue
        for n in nodes:
            n.parent.children.remove(n)
            all_nodes.remove(n)


# a role list's entry: the item's title, a colon, its units (①新增公办学位：镇教育局（牵头），…)
_ENTRY_TITLE = re.compile(r"([^:\n]{2,40}?)\s*:")


def _role_list_by_number(view: str, doc: Document, roots: list[Node],
                         all_nodes: list[Node]) -> tuple[list[tuple[Field, Node]], list[tuple[int, int]]]:
    """A list printed apart from the items that gives each item's units by its number
    (注：责任分工—— ①新增公办学位：X（牵头），Y；②…): numbered again from 1 in another style,
    after the last item of the list it serves, each entry naming the item of its number
    (by its title before a colon, or by the number alone when the entry lists nothing but
    units). Its entries become that item's responsibility lists and are no items
    themselves. Returns the lists with their items, and the spans of the entries."""
    from mskg.ingest.agencies import ends_like_name, split_names

    ranks: dict[str, list[Node]] = {}
    for n in all_nodes:
        if n.ordinal is not None and not n.facet and not n.table:
            ranks.setdefault(n.rank, []).append(n)

    def numbered_from_one(nodes: list[Node]) -> bool:
        return [n.ordinal for n in nodes] == list(range(1, len(nodes) + 1))

    def key(s: str) -> str:
        return re.sub(r"[\W_]", "", s)

    for rank, entries in ranks.items():
        if len(entries) < 3 or not numbered_from_one(entries):
            continue
        for other, items in ranks.items():
            if (other == rank or len(items) < len(entries) or not numbered_from_one(items)
                    or items[-1].start >= entries[0].start or any(e in items for e in entries)):
                continue
            found: list[tuple[Field, Node]] = []
            spans: list[tuple[int, int]] = []
            for e, item in zip(entries, items):
                line_end = view.find("\n", e.title_start)
                line_end = len(view) if line_end < 0 else line_end
                m = _ENTRY_TITLE.match(view, e.title_start, line_end)
                a = m.end() if m else e.title_start
                a, b = strip_noise_edges(view, a, line_end)
                while b > a and view[b - 1] in ";,。.":
                    b -= 1
                if b <= a:
                    break
                if m:
                    title, named = key(view[m.start(1) : m.end(1)]), key(item.title)
                    if not title or not named or (title not in named and named not in title):
                        break
                else:
                    names = split_names(view[a:b])
                    if not names or not all(ends_like_name(n) for _, _, n in names):
                        break
                found.append((Field("responsible", a, b, "line"), item))
                spans.append((e.start, line_end))
            if len(found) != len(entries):
                continue
            for e in entries:
                (e.parent.children if e.parent is not None else roots).remove(e)
                all_nodes.remove(e)
            last = items[-1]
            last.end = min(last.end, _lead_in_start(doc, entries[0]))
            return found, spans
    return [], []


# a reference to items by their numbers (第1、2项, 第8至10项, 以上第6、7项), or to all the
# items above (以上各项); group 1: the numbers
_ITEM_REFERENCE = re.compile(
    r"(?:以上)?\s*(?:第\s*(\d{1,4}(?:\s*[、,和及至~\-—]\s*\d{1,4})*)\s*(?:项|件)|各项)\s*,?\s*")
_OVERRIDE = re.compile(r"(?:,|^)\s*其中\s*,?\s*$")


def _reference_numbers(printed: str) -> list[int]:
    """The item numbers a reference prints: 1、2 → [1, 2]; 8至10 → [8, 9, 10]."""
    out: list[int] = []
    for m in re.finditer(r"(\d{1,4})(?:\s*[至~\-—]\s*(\d{1,4}))?", printed):
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        out.extend(range(a, b + 1) if a <= b <= a + 100 else [a])
    return out


def _statements_by_number(view: str, doc: Document, all_nodes: list[Node], skip: set[int]
                          ) -> tuple[list[tuple[Field, Node]], list[tuple[int, int]]]:
    """Role statements printed after a group of items that name the items by number
    (第1、2项由市民政局牵头，市财政局配合；第3项由市残联牵头…; 以上第6、7项，市教育局牵头…;
    以上各项由X牵头，Y配合，其中第15项由A牵头): a paragraph opening with such a reference
    gives each item named its roles, 以上各项 the numbered items of its level above it, and
    a reference after 其中 replaces the lead the statement before it gave the item. Its
    statements become those items' responsibility lists (and none of the item it is
    printed under). Returns the lists with their items, and the spans of the paragraphs."""
    numbered = [n for n in all_nodes if n.ordinal is not None and not n.facet and not n.table]
    found: list[tuple[Field, Node]] = []
    spans: list[tuple[int, int]] = []
    lines = doc.lines
    role_word = re.compile(inline_role_pattern().pattern.removesuffix("$"))
    after = 0  # the lines of a paragraph read are not read again
    for ln in lines:
        if (ln.index < after or ln.blank or ln.index in skip
                or not (doc.body_start <= ln.start < doc.body_end)):
            continue
        first = _ITEM_REFERENCE.match(view, ln.cstart, ln.end)
        if first is None:
            continue
        # the paragraph: the lines after it that open no item, up to one ending a sentence
        last = ln.index
        while (view[lines[last].end - 1 : lines[last].end] != "。" and last + 1 < len(lines)
               and not lines[last + 1].blank and lines[last + 1].index not in skip
               and doc.heading(lines[last + 1]) is None):
            last += 1
        end = lines[last].end
        refs = list(_ITEM_REFERENCE.finditer(view, ln.cstart, end))
        # the items above the paragraph: of the level of the innermost numbered one it is printed in
        holder = max((n for n in numbered if n.start < ln.start), key=lambda n: n.start, default=None)
        if holder is None:
            continue
        level = [n for n in numbered if n.rank == holder.rank and n.start < ln.start]
        siblings = [n for n in level if n.parent is holder.parent]
        per_item: dict[int, list[Field]] = {}
        order: list[Node] = []
        override = False  # after 其中, each reference replaces the lead given before
        for k, ref in enumerate(refs):
            a = ref.end()
            b = refs[k + 1].start() if k + 1 < len(refs) else end
            override = override or (k > 0 and _OVERRIDE.search(view, refs[k - 1].end(), ref.start()) is not None)
            cut = _OVERRIDE.search(view, a, b)
            b = cut.start() if cut else b
            while b > a and view[b - 1] in ";,。. \n":
                b -= 1
            parts = role_statement(view, a, b, "line") if b > a else None
            if parts is None and b > a:
                # a role word with the work it names after it (Y配合做好快检室电力保障): up to it
                words = list(role_word.finditer(view, a, b))
                parts = role_statement(view, a, words[-1].end(), "line") if words else None
            if parts is None:
                continue
            if ref.group(1) is None:
                items = siblings
            else:
                by_ordinal = {n.ordinal: n for n in level}  # the nearest above of each number
                items = [by_ordinal[v] for v in _reference_numbers(ref.group(1)) if v in by_ordinal]
            for item in items:
                have = per_item.setdefault(id(item), [])
                if not have:
                    order.append(item)
                if override and any(f.role == "lead" or f.co_lead for f in parts):
                    have[:] = [f for f in have if not (f.role == "lead" or f.co_lead)]
                have.extend(parts)
        if not order:
            continue
        found.extend((f, item) for item in order for f in per_item[id(item)])
        spans.append((ln.cstart, end))
        after = last + 1
    return found, spans


def _lead_in_start(doc: Document, first: Node) -> int:
    """Where the stretch introducing a list starts: the line before its first entry when
    that line leads into it (注：责任分工——, 各项目责任单位如下：), else the entry itself."""
    view = doc.view
    k = doc.line_of(first.start) - 1
    for ln in reversed(doc.lines[:k]):
        if ln.blank:
            continue
        return ln.cstart if view[ln.end - 1 : ln.end] in (":", "—", "-") else first.start
    return first.start


_CLAUSE_STOP = re.compile(r"[。;!?]")


def _paragraph_nodes(doc: Document, skip: set[int]) -> list[Node]:
    """Items of a body that prints neither numbers, markers nor tables: its paragraphs
    (lines apart by empty lines, else single lines) that state a quantity or a
    responsibility. Taken only when at least three paragraphs do, and they are most
    of the body's paragraphs: a list written as plain paragraphs."""
    view = doc.view
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for ln in doc.lines:
        if not (doc.body_start <= ln.start < doc.body_end) or ln.index in skip:
            continue
        if ln.blank or is_metadata_line(ln.content(view)):
            if current:
                blocks.append(current)
            current = []
            continue
        current.append(ln)
    if current:
        blocks.append(current)
    if len(blocks) < 3:
        blocks = [[ln] for b in blocks for ln in b]
    label = role_label_pattern()
    kept = [b for b in blocks if find_quantities(view, b[0].cstart, b[-1].end)
            or label.search(view, b[0].cstart, b[-1].end)]
    if len(kept) < 3 or 2 * len(kept) < len(blocks):
        return []
    out: list[Node] = []
    for b in kept:
        a, e = b[0].cstart, b[-1].end
        stop = _CLAUSE_STOP.search(view, a, e)
        cut = stop.start() if stop else e
        if cut - a > 40:
            comma = view.find(",", a, cut)
            cut = comma if 0 < comma - a <= 40 else a + 40
        ts, te = strip_noise_edges(view, a, cut)
        out.append(Node("paragraph", None, clean_title(doc.text[ts:te]), a, ts, te, e, runin=True,
                        rank="paragraph"))
    return out


def _enumerated_measures(
    text: str,
    view: str,
    lines: list[Line],
    roots: list[Node],
    all_nodes: list[Node],
    body_start: int,
    body_end: int,
    skip: set[int],
) -> list[Field]:
    """Items for the clauses of each series that lists measures (:mod:`.enumerations`),
    under the item whose text holds them; their unbracketed agency lists.

    A series inside a numbered paragraph, a table or an item already divided into
    numbered items is rhetoric of that item and stays part of it. A series whose
    numbers run on across headings (一、…①②③ 二、…④⑤) gives each heading its part."""
    fields: list[Field] = []
    nodes = [n for n in all_nodes if not n.facet]
    spans: SpanIndex | None = None  # built at the first series that lists measures
    for whole in find_series(view, lines, body_start, body_end, skip):
        if not lists_measures(view, whole):
            continue
        parts: dict[int, list[Clause]] = {}
        owners: dict[int, Node | None] = {}
        spans = spans or _spans(nodes)
        for c in whole.clauses:
            owner = _innermost(nodes, spans, c.start)
            parts.setdefault(id(owner), []).append(c)
            owners[id(owner)] = owner
        if len(parts) > 1 and any(o is None or o.style in ITEM_STYLES for o in owners.values()):
            continue  # across headings, but not under headings that hold them
        for key, clauses in parts.items():
            series = Series(whole.style, tuple(clauses), whole.lead_in, whole.paragraphs)
            owner = owners[key]
            if owner is not None and (owner.runin or owner.table or owner.style == "box" or owner.children):
                continue
            if owner is not None and owner.style in ITEM_STYLES and not print_roles(view, series):
                continue  # an item's paragraph announcing its parts: they are sub-measures only with their own units
            if owner is None and any(r.style != "enum" for r in roots):
                continue  # prose before a numbered outline sums up what it numbers
            for c in series.clauses:
                node = Node("enum", clause_number(text, c), clean_title(text[c.title_start : c.title_end]),
                            c.start, c.title_start, c.title_end, c.end, runin=True, parent=owner)
                (owner.children if owner is not None else roots).append(node)
                all_nodes.append(node)
                fields.extend(clause_fields(view, c))
            if owner is None:
                roots.sort(key=lambda n: n.start)
    return fields


def _arabic(value: str) -> str:
    if value.isdigit():
        return value
    digits = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "零": 0, "〇": 0}
    if "十" in value:
        a, _, b = value.partition("十")
        return str((digits.get(a, 1) if a else 1) * 10 + (digits.get(b, 0) if b else 0))
    return str(digits.get(value, value))


def _last_content_end(view: str, start: int, at: int) -> int:
    end = at
    while end > start and view[end - 1] in " \t\r\n":
        end -= 1
    return end


def _paragraph_end(doc: Document, ln: Line, title_end: int) -> int:
    """A numbered paragraph runs on over broken lines until a blank, a heading or a role line.

    A numbered line that holds only its title and a full stop (1.提高救助水平。) heads
    the paragraphs below it, up to the next heading or role line.
    """
    view, lines = doc.view, doc.lines
    end = ln.end
    label = role_label_pattern()
    title_only = not view[title_end : ln.end].strip(" 。.;")
    for k in range(ln.index + 1, len(lines)):  # (a slice would copy the rest of the page each time)
        nxt = lines[k]
        if nxt.blank or nxt.tabbed or doc.heading(nxt) is not None:
            break
        at = nxt.cstart
        while at < nxt.end and (view[at] in BULLETS or view[at] == " "):
            at += 1  # ■ 责任单位：…
        if label.match(view, at, nxt.end) or view[nxt.cstart : nxt.cstart + 1] == "(" and label.search(view, nxt.cstart, nxt.end):
            break
        # a broken line continues a word: the previous line did not end a sentence
        if view[end - 1] in "。;:!?" and not title_only:
            break
        end = nxt.end
    return end


def _per_item_lists(placed: list[tuple[Field, Node]]) -> list[tuple[Field, Node]]:
    """Lists printed between the numbered paragraphs of an item belong to the paragraph
    above them (1.…。 / 责任单位：… / 2.…。 / 责任单位：…); a single list after the last
    paragraph, with none between, belongs to the item (its paragraphs are covered by it)."""
    by_owner: dict[int, list[int]] = {}
    for k, (f, owner) in enumerate(placed):
        by_owner.setdefault(id(owner), []).append(k)
    out = list(placed)
    kids: dict[int, _Kids] = {}

    def kids_of(owner: Node) -> _Kids:
        if id(owner) not in kids:
            kids[id(owner)] = _Kids([c for c in owner.children if c.style != "box" and not c.table])
        return kids[id(owner)]

    def between(k: int) -> bool:
        f, owner = placed[k]
        return kids_of(owner).before(f.start) is not None and kids_of(owner).any_after(f.start)

    def rank_of(owner: Node) -> tuple[str, ...]:
        return kids_of(owner).ranks

    # the document prints lists per paragraph where a list stands between two paragraphs
    # of the same rank (1.…责任单位：… 2.…); a list after points of another rank (● under
    # ◆) covers its item
    ranks = {rank_of(placed[k][1]) for ks in by_owner.values() for k in ks if between(k)}
    if not ranks:
        return out
    for ks in by_owner.values():
        if rank_of(placed[ks[0]][1]) not in ranks:
            continue
        mine = kids_of(placed[ks[0]][1])
        for k in ks:
            f = placed[k][0]
            prev = mine.before(f.start)
            if prev is not None:
                out[k] = (f, prev)
    return out


class _Kids:
    """An item's numbered parts (its children that are no boxes nor table rows), looked up
    by offset: by bisection when they are in text order, as an outline prints them."""

    def __init__(self, nodes: list[Node]) -> None:
        self.nodes = nodes
        self.starts = [c.start for c in nodes]
        self.in_order = all(a <= b for a, b in zip(self.starts, self.starts[1:]))
        self.ranks = tuple(sorted({c.rank for c in nodes}))

    def before(self, pos: int) -> Node | None:
        """The last part listed that starts before ``pos``."""
        if self.in_order:
            k = bisect.bisect_left(self.starts, pos)
            return self.nodes[k - 1] if k else None
        prev = [c for c in self.nodes if c.start < pos]
        return prev[-1] if prev else None

    def any_after(self, pos: int) -> bool:
        """Does a part start after ``pos``?"""
        return (bool(self.starts) and self.starts[-1] > pos) if self.in_order else any(s > pos for s in self.starts)


def _paragraph_above(nodes: list[Node], starts: list[tuple[int, int]], pos: int) -> Node | None:
    """The top-level numbered paragraph a responsibility line printed after it, outside
    every item, belongs to (一、…。 / 牵头单位：… at the top level, as a page flattened to one line
    prints it): the last item that starts before the list, if it is a run-in paragraph
    with no parent."""
    k = bisect.bisect_left(starts, (pos, -1))
    if not k:
        return None
    node = nodes[starts[k - 1][1]]
    return node if node.runin and node.parent is None and not node.table and not node.children else None


def _item_just_before(untabled: list[Node], spans: SpanIndex, view: str, pos: int) -> Node | None:
    """The item a role statement printed after it in the same paragraph belongs to
    (十是丰富群众文体生活。……。该项由市旅文局牵头，各区政府配合。): the last item that
    starts before it on its line. ``untabled``: the items that are no table rows, indexed
    by their starts in ``spans``."""
    line_start = view.rfind("\n", 0, pos) + 1
    k = spans.last_start(line_start, pos)
    return None if k is None else untabled[k]


def _spans(nodes: list[Node]) -> SpanIndex:
    """The nodes' spans (their titles included), for :func:`_innermost`. The nodes' bounds
    must not change while the index is in use."""
    return SpanIndex([(n.start, max(n.end, n.title_end)) for n in nodes])


def _innermost(nodes: list[Node], spans: SpanIndex, pos: int) -> Node | None:
    """The node holding ``pos`` that starts last (of several, the last listed); ``spans``
    indexes ``nodes`` (:func:`_spans`)."""
    best: Node | None = None
    for k in spans.holding(pos):
        n = nodes[k]
        if best is None or n.start >= best.start:
            best = n
    return best


def _descendants(node: Node) -> list[Node]:
    out: list[Node] = []
    for c in node.children:
        out.append(c)
        out.extend(_descendants(c))
    return out


def _preorder(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for n in nodes:
        out.append(n)
        out.extend(_preorder(n.children))
    return out


def _sentence_projects(text: str, view: str, box: Node, all_nodes: list[Node]) -> None:
    body_start = view.find("\n", box.title_end, box.end)
    if body_start < 0:
        return
    pos = body_start + 1
    for m in re.finditer(r"[^。\n]+。?", view[pos : box.end]):
        a, b = strip_noise_edges(view, pos + m.start(), pos + m.end())
        if b - a < 6:
            continue
        te = b - 1 if view[b - 1] == "。" else b
        # a sentence opening with a time adverbial: the project starts after it
        lead = re.match(r"[“\"]?[^,]{0,12}(期间|以来|年内|年底前|期末|时期)[”\"]?\s*,\s*", view[a:te])
        ts = a + lead.end() if lead else a
        comma = view.find(",", ts, te)
        title_end = comma if comma > 0 and comma - ts >= 6 else te
        node = Node("project", None, clean_title(text[ts:title_end]), a, ts, title_end, b, runin=True)
        node.parent = box
        box.children.append(node)
        all_nodes.append(node)


def _numbers_on(heading: Node, nodes: list[Node]) -> bool:
    """Do a table's first numbered rows go on with the numbering of the heading above
    it, in the same numerals (Ⅰ. then Ⅱ.; 3、 then 4)?"""
    first = next((n for n in nodes if n.number and n.style == "table"), None)
    if first is None or heading.table or not heading.number or heading.ordinal is None:
        return False

    def numerals(x: str) -> str:
        return "roman" if x in ROMAN_NUMERALS else "arabic" if x.isdigit() else "cn"

    number = first.number.rstrip("、.．").strip()
    value = ordinal(number)
    return (value is not None and value == heading.ordinal + 1
            and numerals(number[:1]) == numerals(heading.number.strip()[:1]))


def _table_group(view: str, text: str, cell: Cell, row_start: int, row_end: int) -> Node:
    """The group a category row or a merged grouping cell opens, numbered as printed
    (一、老有所养 → number 一, title 老有所养)."""
    ts, te = strip_noise_edges(view, cell.start, cell.end)
    m = _CATEGORY_NUMBER.match(view, ts, te)
    number = clean_title(text[ts : m.end()]).rstrip("、.．") if m else None
    if m:
        ts, _ = strip_noise_edges(view, m.end(), te)
    return Node("table-group", number, clean_title(text[ts:te]), row_start, ts, te, row_end, table=True)


def _table_nodes(text: str, view: str, t: Table) -> list[Node]:
    """Measures (and sub-measures) from the rows of a flattened table."""
    cols = t.header
    idx = {c: k for k, c in enumerate(cols) if c not in ("other",)}
    title_cols = [k for k, c in enumerate(cols) if c == "title"]
    # two title-like columns (类别 | … | 项目名称): the first one groups the rows
    cat_col = title_cols[0] if len(title_cols) >= 2 else None
    title_col = title_cols[1] if len(title_cols) >= 2 else idx.get("title")
    sub_col = idx.get("subtitle")
    if title_col is None and sub_col is not None:
        title_col, sub_col = sub_col, None
    if title_col is None:
        title_col = idx.get("body")
    num_col = idx.get("number")
    body_col = idx.get("body")
    if body_col is None and len(title_cols) >= 3:
        # three naming columns (类别 | 项目名称 | 工作任务), read by position: the first
        # groups the rows, the second names them, the third describes them
        body_col = title_cols[2]
    if sub_col is not None and body_col is None and title_col is not None and num_col is not None and all(
            r[num_col].end > r[num_col].start for r in t.rows if r[sub_col].end > r[sub_col].start):
        # one describing column beside the name, every described row numbered: it
        # describes its row (内容概述 of a numbered list), it names no sub-rows
        sub_col, body_col = None, sub_col
    if sub_col is not None and body_col is not None and sub_col > body_col:
        # two describing columns (工作目标 | 内容概述): the first names the sub-rows, the
        # second describes them, whichever words the header prints
        sub_col, body_col = body_col, sub_col
    if (cat_col is None and sub_col is None and num_col is not None and title_col is not None
            and body_col is not None and body_col != title_col and _merged_column(view, t, num_col, title_col, body_col)):
        # a merged grouping cell: the title column names groups of rows, each numbered
        # row is a measure titled by its description
        cat_col, title_col = title_col, body_col
    agency_cols = [(k, c) for k, c in enumerate(cols) if c in ("lead", "cooperating", "responsible")]

    def cell_text(c: Cell) -> str:
        return clean_title(text[c.start : c.end]) if c.end > c.start else ""

    def title_text(c: Cell) -> str:
        # a description that titles its row ends with a full stop the title does not keep
        return cell_text(c).rstrip("。;")

    style = rows_style(view, t)
    # no column names the rows, but their number cells do (Ⅱ.普惠托育扩容工程): the row's
    # title is there, its 实施内容 the description
    numbers_name = (num_col is not None and idx.get("title") is None and idx.get("subtitle") is None
                    and _number_cells_name_rows(view, t, num_col))
    out: list[Node] = []
    group: Node | None = None
    measure: Node | None = None
    sub: Node | None = None
    last_cells: dict[int, tuple[Cell, Node]] = {}
    tasks: list[Node] = []  # sub-rows titled by their task (A5)
    for row in t.rows:
        row_start = next((c.start for c in row if c.end > c.start), row[0].start)
        row_end = max(b for c in row for _, b in c.pieces())  # a cell may wrap onto later lines
        first = next((cell_text(c) for c in row if cell_text(c)), "")
        if first and is_scaffold(first, "total"):
            continue  # 合计 | | | 100: the total of the rows above, no item
        if (num_col is not None and num_col + 1 == title_col and row[title_col].end > row[title_col].start
                and category_row([view[c.start : c.end] for c in row], num_col, style)):
            # （一） | 教育惠民 | (empty) among rows numbered 1 2 3: a group of the rows below
            nc, tc = row[num_col], row[title_col]
            ts, te = strip_noise_edges(view, tc.start, tc.end)
            ns, ne = strip_noise_edges(view, nc.start, nc.end)
            group = Node("table-group", clean_title(text[ns:ne]).rstrip("、.．"), clean_title(text[ts:te]),
                         row_start, ts, te, row_end, table=True)
            out.append(group)
            measure = sub = None
            continue
        category = _category_cell(view, row, num_col)
        if category is not None:
            # a row that only names a category (一、老有所养, all other cells empty): a group
            group = _table_group(view, text, category, row_start, row_end)
            out.append(group)
            measure = sub = None
            continue
        if cat_col is not None and cell_text(row[cat_col]) and not (
                group is not None and _table_group(view, text, row[cat_col], row_start, row_end).title == group.title
                and measure is not None):
            # a merged grouping cell printed in the first row of its group (a cell that
            # repeats the group above, as an export that fills merged cells prints it,
            # opens none)
            group = _table_group(view, text, row[cat_col], row_start, row_end)
            out.append(group)
            measure = sub = None
            if all(not cell_text(c) for k, c in enumerate(row) if k not in (cat_col, num_col)):
                # 一 | 老有所养 | (empty …): a row of its own naming the group, numbered as one
                if num_col is not None and cell_text(row[num_col]) and group.number is None:
                    group.number = cell_text(row[num_col]).rstrip("、.．")
                continue
        if group is not None:
            group.end = max(group.end, row_end)
            # the row's own item starts after its category cell
            row_start = next((c.start for k, c in enumerate(row) if k != cat_col and c.end > c.start), row_start)
        number = cell_text(row[num_col]) if num_col is not None else ""
        title_cell = _first_sentence(view, row[title_col]) if title_col is not None else None
        title = title_text(title_cell) if title_cell is not None else ""
        split = number_and_title(view, row[num_col]) if num_col is not None and (not title or numbers_name) else None
        if split is not None:  # （一）学前教育扩容: a number cell that also names its row
            number, title, title_cell = cell_text(split[0]), title_text(split[1]), split[1]
        elif numbers_name and not number and measure is None and group is None:
            # the first row, its number cell empty, under rows whose number cells name them:
            # it goes on with the item printed above the table (Ⅰ.城乡供水… then the table)
            cont = Node("table-continuation", None, "", row_start, row_start, row_start, row_end, table=True)
            _row_fields(view, row, agency_cols, cont, last_cells, cell_text)
            out.append(cont)
            continue
        if title and not number and num_col is not None and sub_col is None and measure is not None:
            # a row whose number cell is empty continues the item above: a sub-measure
            tc = title_cell
            ts, te = strip_noise_edges(view, tc.start, tc.end)
            sub = Node("table-row", None, title, tc.start, ts, te, row_end, table=True)
            sub.parent = measure
            measure.children.append(sub)
            measure.end = max(measure.end, row_end)
            _row_fields(view, row, agency_cols, sub, last_cells, cell_text)
            continue
        if number or title:
            tc = title_cell or row[0]
            ts, te = strip_noise_edges(view, tc.start, tc.end)
            measure = Node(
                "table", re.sub(r"[、.]$", "", number) or None, title, row_start, ts, te, row_end, table=True
            )
            if group is not None:
                measure.parent = group
                group.children.append(measure)
            else:
                out.append(measure)
            sub = None
            last_cells = {}
        if measure is None:
            continue
        measure.end = max(measure.end, row_end)
        owner = measure
        if (sub_col is None and not (number or title) and body_col is not None and body_col != title_col
                and num_col is not None and cell_text(row[body_col])
                and (_own_units(row, agency_cols) or (sub is not None and sub in tasks))):
            # A5: a sub-row with its own description and its own units under a numbered row
            # named by another column is a sub-measure, titled by its task up to the first 。;
            # after one, a further task without units is one more (its units are above)
            bc = row[body_col]
            ts, te = strip_noise_edges(view, bc.start, bc.end)
            stop = view.find("。", ts, te)
            te = stop if stop > ts else te
            sub = Node("table-row", None, clean_title(text[ts:te]), bc.start, ts, te, row_end, table=True)
            sub.parent = measure
            measure.children.append(sub)
            tasks.append(sub)
            owner = sub
        elif sub_col is None and not (number or title) and sub is not None:
            # a row with neither number nor title goes on with the continuation row above
            sub.end = max(sub.end, row_end)
            owner = sub
        elif sub_col is not None:
            subtitle = cell_text(row[sub_col])
            if subtitle:
                sc = row[sub_col]
                ts, te = strip_noise_edges(view, sc.start, sc.end)
                sub = Node("table-row", None, subtitle, sc.start, ts, te, row_end, table=True)
                sub.parent = measure
                measure.children.append(sub)
            elif sub is not None:
                sub.end = max(sub.end, row_end)
            owner = sub or measure
        _row_fields(view, row, agency_cols, owner, last_cells, cell_text)
    return out


# a marker line printing nothing but an item's number: 第61项, 项目三, 实事3, 一
_BARE_NUMBER = re.compile(r"\s*(?:第|项目|事项|实事|任务|工程)?\s*(?:\d{1,4}|[一二三四五六七八九十百]{1,4})\s*[项件条个号]?\s*")


def _text_line_below(doc: Document, ln: Line) -> Line | None:
    """The next line with content when it is plain text: no heading, no marker, no
    label：value field."""
    for nxt in doc.lines[ln.index + 1 : ln.index + 3]:
        if nxt.blank:
            continue
        if doc.heading(nxt) is not None or _LABEL_LINE.match(doc.view, nxt.cstart, nxt.end):
            return None
        return nxt
    return None


_LABEL_LINE = re.compile(r"[^\s:]{2,10}\s*:")


def _cell_points(doc: Document, row: Node) -> None:
    """Points numbered at line starts inside a table row's cells (内容： / ① … （责任单位：X）
    / ② …): sub-items of the row's item when one of them prints units of its own (项目内容中
    另行列明责任单位的子项, in any wording), else they stay part of the cell's text. Such
    points are no table rows: the role statements inside them are placed on them as on
    numbered paragraphs."""
    if row.children or row.end <= row.title_end:
        return
    text, view = doc.text, doc.view
    first, last = doc.line_of(row.title_end), doc.line_of(row.end - 1)  # lines after the title's
    heads = [h for ln in doc.lines[first:last] if (h := doc.heading(ln)) is not None and h.style in SUB_ITEM_STYLES]
    if len(heads) < 2 or len({h.style for h in heads}) != 1:
        return
    points: list[tuple[Heading, int]] = []
    for n, h in enumerate(heads):
        end = h.line.end
        stop = heads[n + 1].line.index if n + 1 < len(heads) else last
        for ln in doc.lines[h.line.index + 1 : stop]:
            if ln.blank or _LABEL_LINE.match(view, ln.cstart, ln.end) or doc.heading(ln) is not None:
                break
            end = ln.end
        points.append((h, end))
    if not any(inline_fields(text, view, h.line.cstart, end) for h, end in points):
        return
    for h, end in points:
        title, ts, te, _ = _title_of(text, view, h, False)
        point = Node(str(h.style), _printed_number(text, h), title, h.line.cstart, ts, te, end, runin=True,
                     rank=_rank(h), ordinal=ordinal(h.value) if h.style in _SEQUENCES else None)
        point.parent = row
        row.children.append(point)


def _number_cells_name_rows(view: str, t: Table, num_col: int) -> bool:
    """Does every filled number cell also name its row (``Ⅱ.普惠托育扩容工程``)?"""
    cells = [r[num_col] for r in t.rows if view[r[num_col].start : r[num_col].end].strip()]
    return bool(cells) and all(number_and_title(view, c) is not None for c in cells)


def _first_sentence(view: str, cell: Cell) -> Cell:
    """The part of a cell that names its row: all of it, or up to its first full stop when
    more text follows it (``托育服务扩容。新增普惠性托位300个，…`` in a column of task
    names that also holds their description)."""
    stop = view.find("。", cell.start, cell.end)
    if stop < 0 or not view[stop + 1 : cell.end].strip():
        return cell
    return Cell(cell.start, stop)


def _items_by_number(nodes: list[Node]) -> dict[str, list[Node]]:
    """The nodes printing each item number (``5``, not ``5、``), for :func:`_join_by_number`."""
    by_number: dict[str, list[Node]] = {}
    for n in nodes:
        if n.number and n.style not in ("table-group",):
            by_number.setdefault(n.number.rstrip("、.").strip(), []).append(n)
    return by_number


def _join_by_number(view: str, t: Table, by_number: dict[str, list[Node]]) -> None:
    """The unit cells of an assignment table (序号 | 责任单位 | 责任领导) go to the items
    printed with that number (``by_number``: :func:`_items_by_number`); a row numbered
    ``5、6`` or ``5-6`` serves both. A number that several items share, or none, is left alone."""
    num_col = t.column("number")
    agency_cols = [(k, c) for k, c in enumerate(t.header) if c in ("lead", "cooperating", "responsible")]
    for row in t.rows:
        for number in numbers_of(view[row[num_col].start : row[num_col].end]):
            owners = by_number.get(number, [])
            if len(owners) != 1:
                continue
            for k, role in agency_cols:
                c = row[k]
                if c.end > c.start and view[c.start : c.end].strip():
                    owners[0].fields.extend(_pieces_fields(view, role, c))


def _own_units(row: list[Cell], agency_cols: list[tuple[int, str]]) -> bool:
    """The row prints units of its own (its unit cells are not all empty)."""
    return any(row[k].end > row[k].start for k, _ in agency_cols)


def _category_cell(view: str, row: list[Cell], num_col: int | None) -> Cell | None:
    """The one filled cell of a category row: text in the number column that is no
    number, or any lone cell opening with a category numeral (一、 （一）)."""
    filled = [(k, c) for k, c in enumerate(row) if c.end > c.start and view[c.start : c.end].strip()]
    if len(filled) != 1:
        return None
    k, c = filled[0]
    content = view[c.start : c.end].strip()
    if k == num_col and not _NUMBER_ONLY.fullmatch(content):
        return c
    return c if _CATEGORY_OPEN.match(content) else None


def _merged_column(view: str, t: Table, num_col: int, title_col: int, body_col: int) -> bool:
    """The title column holds merged grouping cells: some numbered rows leave it empty
    while their description is filled, and it is filled in the first numbered row."""
    numbered = [r for r in t.rows if r[num_col].end > r[num_col].start and _NUMBER_ONLY.fullmatch(
        view[r[num_col].start : r[num_col].end].strip())]
    if len(numbered) < 2 or numbered[0][title_col].end <= numbered[0][title_col].start:
        return False
    empty = [r for r in numbered if r[title_col].end <= r[title_col].start and r[body_col].end > r[body_col].start]
    return bool(empty)


def _project_nodes(text: str, view: str, t: Table) -> list[Node]:
    """Projects from the rows of a plan's project table (序号 / 项目名称 / 建设内容 / 总投资 …),
    with the agencies of their 责任单位 (牵头单位, 配合单位) cells."""
    title_col = t.column("title")
    num_col = t.column("number")
    agency_cols = [(k, c) for k, c in enumerate(t.header) if c in ("lead", "cooperating", "responsible")]
    out: list[Node] = []
    for row in t.rows:
        tc = row[title_col]
        ts, te = strip_noise_edges(view, tc.start, tc.end)
        if te <= ts:
            continue
        number = clean_title(text[row[num_col].start : row[num_col].end]) if num_col is not None else ""
        row_start = next((c.start for c in row if c.end > c.start), tc.start)
        node = Node("table-project", re.sub(r"[、.]$", "", number) or None, clean_title(text[ts:te]),
                    row_start, ts, te, max(b for c in row for _, b in c.pieces()), table=True)
        _row_fields(view, row, agency_cols, node, {}, lambda c: clean_title(text[c.start : c.end]))
        out.append(node)
    return out


def _row_fields(view: str, row, agency_cols, owner: Node, last_cells: dict, cell_text) -> None:
    """Agency cells of one row; an empty cell (or one printing 同上, or a time that slid
    into it) repeats the cell above in the same item."""
    for k, role in agency_cols:
        c = row[k]
        if c.end > c.start and cell_text(c) and not takes_cell_above(cell_text(c)):
            owner.fields.extend(_pieces_fields(view, role, c))
            last_cells[k] = (c, owner)
        elif k in last_cells and owner is not last_cells[k][1] and not any(
            f.source == "cell" and f.role == role for f in owner.fields
        ):
            src_cell, src = last_cells[k]
            owner.fields.extend(Field(role, a, b, "cell", origin=src, continued=n > 0)
                                for n, (a, b) in enumerate(src_cell.pieces()))


def _pieces_fields(view: str, role: str, cell: Cell) -> list[Field]:
    """The units of a cell printed in pieces: the first field of each later piece goes
    on the list of the piece before (the cell's first unit is the first of its first piece)."""
    out: list[Field] = []
    for n, (a, b) in enumerate(cell.pieces()):
        fields = _cell_fields(view, role, a, b)
        if n and fields and fields[0].role == role:
            fields[0] = replace(fields[0], continued=True)
        out.extend(fields)
    return out


def _cell_fields(view: str, role: str, a: int, b: int) -> list[Field]:
    """The units of one cell in its column's role; a role label inside the cell after a
    separator (``市教育局；配合单位：各县（市、区）人民政府``) gives the units after it
    the role it names."""
    labels = [m for m in role_label_pattern().finditer(view, a, b)
              if m.start() > a and view[m.start() - 1] in ";,。\n "]
    if not labels:
        return [Field(role, a, b, "cell")]
    out: list[Field] = []
    bounds = [(role, a, labels[0].start())] + [
        (m.lastgroup or "responsible", m.end(), labels[n + 1].start() if n + 1 < len(labels) else b)
        for n, m in enumerate(labels)]
    for r, s, e in bounds:
        s, e = strip_noise_edges(view, s, e)
        while e > s and view[e - 1] in ";,。、 ":
            e -= 1
        if e > s:
            out.append(Field(r, s, e, "cell"))
    return out


def is_scaffold(title: str, notation: str = "scaffold") -> bool:
    """A scaffolding part (指导思想, 保障措施, 规划背景 …): not a measure, no domain.
    With ``notation="container"``: a part that only holds measures (重点任务); with
    ``notation="total"``: a row summing the rows above (合计)."""
    t = re.sub(r"\s+", "", normalised(title)).rstrip("。")
    for e in entries("scaffold"):
        if e.notation != notation:
            continue
        for w in e.words:
            if t == w or (t.endswith(w) and len(t) <= len(w) + 3):
                return True
        if any(p.search(t) for p in e.patterns):
            return True
    return False


def scaffold_keys(items: list[Item]) -> set[str]:
    """Keys of scaffolding parts and everything under them."""
    out: set[str] = set()
    for it in items:  # parents come before their children
        if (it.parent in out) or (it.kind == ItemKind.GROUP and is_scaffold(it.title)):
            out.add(it.key)
    return out


def domainless_keys(items: list[Item]) -> set[str]:
    """Items that carry no domain of their own: scaffolding (with the parts it holds) and
    containers. A measure the outline found under a scaffolding title is still a measure
    (一、项目及目标任务 heading a table of 实事 reads like 目标任务): it has its domains."""
    scaffold = {it.key for it in items if it.kind == ItemKind.GROUP} & scaffold_keys(items)
    return scaffold | {it.key for it in items if it.kind == ItemKind.GROUP and is_scaffold(it.title, "container")}


def _leaf(n: Node) -> bool:
    """No numbered items below: none, or only clauses its own paragraph enumerates."""
    return all(c.style == "enum" for c in n.children)


def _assign_kinds(roots: list[Node], plan_kind: str) -> None:
    """group | measure | sub-measure | project, from where items and agency lists are printed."""

    def printed(n: Node) -> bool:
        return any(f.source != "prose" for f in n.fields)

    # the ranks (numbering styles, bullet glyphs) at which the document prints units for
    # an item that numbers parts of its own
    printing: set[str] = set()
    pending = list(roots)
    while pending:
        n = pending.pop()
        pending.extend(n.children)
        if printed(n) and any(c.style != "box" for c in n.children):
            printing.add(n.rank or n.style)

    def runin_leaves(n: Node) -> bool:
        """Numbered paragraphs of the sub-item ranks (（1）, ①) under an item: its sub-measures.
        Where they print their own units and no item of the item's rank that numbers parts
        prints units anywhere in the document, they are the measures whatever their numbering (a document may number
        its items （1） under （一）, as others number them 1.)."""
        kids = [c for c in n.children if c.style != "box"]
        if any(printed(c) for c in kids) and (n.rank or n.style) not in printing:
            return False
        return bool(kids) and all(c.runin and not c.children and c.style in SUB_ITEM_STYLES for c in kids)

    def walk(nodes: list[Node], under_measure: bool, depth: int, siblings_leafy: bool, scaffold: bool) -> None:
        for n in nodes:
            if n.style == "box":
                n.kind = ItemKind.GROUP
                for c in n.children:
                    c.kind = ItemKind.PROJECT
                    walk(c.children, True, depth + 2, False, False)
                continue
            if n.style == "table-group":
                n.kind = ItemKind.GROUP
                walk(n.children, False, depth + 1, False, False)
                continue
            if n.style == "enum":
                n.kind = ItemKind.SUB_MEASURE if under_measure else ItemKind.MEASURE
                continue
            if n.style == "table-project":
                n.kind = ItemKind.PROJECT
                continue
            if n.table:
                n.kind = ItemKind.SUB_MEASURE if under_measure or n.style == "table-row" else ItemKind.MEASURE
                walk(n.children, True, depth + 1, False, False)
                continue
            printed = any(f.source != "prose" for f in n.fields)
            in_scaffold = scaffold or (not under_measure and not printed and is_scaffold(n.title))
            if id(n) in flat and _leaf(n):
                # one of a flat numbered list: a sibling of the items around it whatever its
                # title reads like (a category name, an agency, a heading)
                n.kind = ItemKind.SUB_MEASURE if under_measure else ItemKind.MEASURE
            elif under_measure:
                n.kind = ItemKind.SUB_MEASURE
            elif in_scaffold or (n.assigns and not n.children and not n.fields):
                n.kind = ItemKind.GROUP
            elif any(f.source != "prose" for f in n.fields):
                n.kind = ItemKind.MEASURE
            elif n.children and n.style in ITEM_STYLES and all(c.style == "enum" for c in n.children):
                n.kind = ItemKind.MEASURE  # a numbered item whose paragraph enumerates its parts
            elif n.children and plan_kind != "five_year_plan" and _among_measures(n, nodes):
                n.kind = ItemKind.MEASURE  # its place says so: the items beside it are measures
            elif n.children:
                # paragraphs of the sub-item ranks under an item are its sub-measures, unless
                # they print their own units where the item's rank does not (runin_leaves)
                n.kind = ItemKind.MEASURE if runin_leaves(n) and plan_kind != "five_year_plan" else ItemKind.GROUP
            elif plan_kind == "five_year_plan":
                # a plan's chapters and sections are groups; the numbered paragraphs inside a
                # 第X节 (一、扩大普惠性学前教育资源) are its measures
                n.kind = ItemKind.MEASURE if _inside_section(n) and n.style in _NUMBERED_PARAGRAPHS else ItemKind.GROUP
            elif depth > 0 or siblings_leafy:
                n.kind = ItemKind.MEASURE
            else:
                n.kind = ItemKind.GROUP
            leafy = all(_leaf(c) for c in n.children)
            walk(n.children, n.kind in (ItemKind.MEASURE, ItemKind.SUB_MEASURE), depth + 1, leafy, in_scaffold)

    flat = _flat_lists(roots)
    leafy = all(_leaf(r) for r in roots)
    walk(roots, False, 0, leafy, False)
    _groups_like_siblings(roots)


# a run of siblings this long, numbered 1..N in order, nearly all without parts, is a flat list
_FLAT_LIST_MIN = 20
_FLAT_LIST_LEAVES = 0.9


def _flat_lists(roots: list[Node]) -> set[int]:
    """The items (by id) of flat numbered lists: siblings of one numbering style whose printed
    numbers run 1, 2, … N in order (nearly all steps by one: an item the reader merged does
    not break the run, nor a first item read as the
    document's title), N at least _FLAT_LIST_MIN, nearly all holding no numbered
    parts. Such a list is one rank of items, each a measure however its title reads: a title
    like a category name holds nothing when the next line is its numbered sibling."""
    out: set[int] = set()
    pending = [roots]
    while pending:
        nodes = pending.pop()
        pending.extend(n.children for n in nodes if n.children)
        by_style: dict[str, list[Node]] = {}
        for n in nodes:
            if not n.table and n.ordinal is not None:
                by_style.setdefault(n.rank or n.style, []).append(n)
        for run in by_style.values():
            steps = [b.ordinal - a.ordinal for a, b in zip(run, run[1:])]
            if (len(run) >= _FLAT_LIST_MIN and run[0].ordinal <= 3 and min(steps) > 0
                    and steps.count(1) >= _FLAT_LIST_LEAVES * len(steps)
                    and sum(_leaf(n) for n in run) >= _FLAT_LIST_LEAVES * len(run)):
                out.update(id(n) for n in run)
    return out


# numbering styles of paragraphs (not of chapters, sections, boxes or unnumbered marks)
_NUMBERED_PARAGRAPHS = {Style.CN, Style.PCN, Style.AR, Style.PAR, Style.CIRC, Style.ROMAN, Style.DECIMAL, Style.KEYCAP}


def _inside_section(n: Node) -> bool:
    """Is ``n`` below a 第X节 section (and no 专栏 box)?"""
    p = n.parent
    while p is not None:
        if p.style == Style.BOX:
            return False
        if p.style == Style.SECTION:
            return True
        p = p.parent
    return False


def _among_measures(n: Node, siblings: list[Node]) -> bool:
    """Is ``n`` one of a run of items most of which are measures printing their own units
    with no parts of their own ((六)城市更新方面 with 1. 2. among (一)…(八) that each name
    their units): then it is a measure too, and its parts its sub-measures. Two items
    beside it are a run when both are such measures ((1) with ① ② between two (N) that
    print their units)."""
    others = [c for c in siblings if c is not n and c.style == n.style and not c.table]
    # (a unit given a task in a sentence (X要牵头加强…) does not make its item one of them)
    leaves = [c for c in others if not c.children and any(f.source not in ("prose", "task") for f in c.fields)]
    return (len(others) >= 3 and len(leaves) * 3 >= len(others) * 2) or (len(others) == 2 and len(leaves) == 2)


def _groups_like_siblings(nodes: list[Node]) -> None:
    """An item that prints units and holds parts is a measure, its parts sub-measures;
    but where the items beside it of its rank are groups of measures of the same rank
    (【教育篇】 ✅… ✅… beside 【养老篇】（本篇主办：…） ✅… ✅…), it is a group like them,
    its units covering the measures it holds."""
    for n in nodes:
        _groups_like_siblings(n.children)
        if n.kind != ItemKind.MEASURE or not n.children or n.table:
            continue
        ranks = {c.rank for c in n.children}
        others = [c for c in nodes if c is not n and c.style == n.style and not c.table]
        groups = [c for c in others if c.kind == ItemKind.GROUP and c.children
                  and {k.rank for k in c.children} == ranks
                  and all(k.kind == ItemKind.MEASURE for k in c.children)]
        if len(others) >= 2 and len(groups) * 3 >= len(others) * 2:
            n.kind = ItemKind.GROUP
            for c in n.children:
                if c.kind == ItemKind.SUB_MEASURE:
                    c.kind = ItemKind.MEASURE


def _drop_scaffold_points(nodes: list[Node], numbered: bool = False) -> None:
    """Bullet points listed under a scaffolding part (工作要求: ▲ 加强组织领导 …) are
    directions about the work, not sections or measures: the part keeps their text.
    ``numbered``: so are its numbered parts that hold nothing ((一) 加强组织领导 under
    三、保障措施 of an action plan or a list); a five-year plan's safeguards chapter
    keeps its numbered sections."""
    _drop_points(nodes, numbered, False)


def _drop_points(nodes: list[Node], numbered: bool, inside: bool) -> None:
    for n in nodes:
        scaffold = inside or (n.kind == ItemKind.GROUP and is_scaffold(n.title))
        if n.kind == ItemKind.GROUP and n.children and scaffold and all(
                c.kind == ItemKind.GROUP and not c.children and not c.fields
                and (numbered or c.style in _MARKER_STYLES or c.style in ITEM_STYLES)
                for c in n.children):
            n.children = []  # 基本原则: 1. 兜住底线 … are points of the part, not sections
        else:
            _drop_points(n.children, numbered, scaffold)


def _assign_keys(roots: list[Node]) -> None:
    by_id: dict[int, Node] = {}
    boxes: set[str] = set()

    def walk(nodes: list[Node], prefix: str) -> None:
        k = 0
        for n in nodes:
            by_id[id(n)] = n
            if n.style == "box":
                key = f"box{_arabic(n.number.removeprefix('专栏')) if n.number else k}"
                # a number printed again (专栏1 of an annex) keys a box of its own
                n.key = key if key not in boxes else next(
                    f"{key}-{j}" for j in range(2, len(boxes) + 3) if f"{key}-{j}" not in boxes)
                boxes.add(n.key)
                for j, c in enumerate(n.children, 1):
                    c.key = f"{n.key}.p{j}"
                    if c.number is not None:
                        c.number = f"{n.number}-{re.sub(r'[^0-9]', '', c.number) or j}"
                    by_id[id(c)] = c
                    walk_children(c)
                continue
            k += 1
            n.key = f"{prefix}{k:02d}" if not prefix else f"{prefix}.{k}"
            walk_children(n)

    def walk_children(n: Node) -> None:
        k = 0
        for c in n.children:
            if c.style == "box":
                walk([c], n.key)
                continue
            k += 1
            c.key = f"{n.key}.{k}"
            by_id[id(c)] = c
            walk_children(c)

    top = 0
    for r in roots:
        if r.style == "box":
            walk([r], "")
            continue
        top += 1
        r.key = f"s{top:02d}"
        by_id[id(r)] = r
        walk_children(r)
    for n in by_id.values():
        for f in n.fields:
            if isinstance(f.origin, Node):
                f.inherited_from = f.origin.key
