"""Sections, measures, sub-measures, 专栏 projects and table rows of a document.

The outline is read from the numbering styles as printed (第X部分, 第X章, 第X节, 一、, （一）,
1．, （1）, ①, 专栏N) without assuming their order: the first style met is the top
level, a style not yet open nests under the current item, a style already open
closes the items below it. Facet sub-headings that recur under every section of
an action plan (1．发展目标 2．发展思路 3．工作重点) are transparent: what they number
belongs to the enclosing section. Flattened tables (one tab-prefixed cell per
line, a header row naming the columns) become measures and sub-measures, one per
row. Printed agency lists are collected as :class:`Field` s at the level where
they are printed; :mod:`mskg.ingest.responsibilities` turns them into roles.

Kinds follow the printed structure: an item that carries a responsibility line is
a measure and what it numbers are sub-measures; numbered leaves under a group are
measures; in a five-year plan, chapters and sections are groups; 专栏 are groups
of projects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from mskg.ingest.model import Item, Span
from mskg.ingest.structure_lexicon import entries, word_alternation, words_by_notation
from mskg.ingest.text import Line, clean_title, is_metadata_line, is_tail_line, normalised, strip_noise_edges

_NUM_CN = "一二三四五六七八九十百零〇"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# numbering styles, matched at the start of a line's content (normalised view)
_STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"第\s*([{_NUM_CN}\d]+)\s*部分")),
    ("chapter", re.compile(rf"第\s*([{_NUM_CN}\d]+)\s*章")),
    ("section", re.compile(rf"第\s*([{_NUM_CN}\d]+)\s*节")),
    ("box", re.compile(rf"专栏\s*([{_NUM_CN}\d]+)\s*[:.、]?")),
    ("cn", re.compile(rf"([{_NUM_CN}]+)\s*[、.](?![{_NUM_CN}\d])")),
    ("pcn", re.compile(rf"\(\s*([{_NUM_CN}]+)\s*\)\s*[、.]?")),
    ("ar", re.compile(r"(\d{1,2})\s*(?:[、.](?!\d)|\s+(?=[\u3400-\u9fff]))")),
    ("par", re.compile(r"\(\s*(\d{1,2})\s*\)\s*[、.]?")),
    ("circ", re.compile(rf"([{_CIRCLED}])\s*[、.]?")),
]
_ANNEX = re.compile(r"附\s*件\s*\d{0,2}\s*(?::|$)")
# the lowest ranks of the genre's numbering (一、 > （一） > 1． > （1） > ①) number sub-items
SUB_ITEM_STYLES = ("par", "circ")
_BOX_LABEL = re.compile(r"(\d{1,2})\s*:\s*(?=\S)")  # 专栏 label whose word was lost: 1:“十四五”…工程


@dataclass
class Field:
    """A printed agency list: its role word and where the list is printed.

    ``role`` is lead | cooperating | responsible; ``co_lead`` marks lists printed as
    共同牵头. ``inherited_from`` names the item whose table cell an empty cell repeats.
    """

    role: str
    start: int
    end: int
    source: str  # line | cell | inline
    co_lead: bool = False
    inherited_from: str | None = None
    origin: object = field(default=None, repr=False, compare=False)  # the item an empty cell repeats


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
    kind: str = ""
    key: str = ""
    table: bool = False  # a row of a flattened table


@dataclass
class Outline:
    """Items of a document in reading order, the agency lists printed on each, body bounds."""

    items: list[Item]
    fields: dict[str, list[Field]]
    body_start: int
    body_end: int


@dataclass(frozen=True)
class Heading:
    line: Line
    style: str
    number_start: int
    number_end: int  # the printed marker ends here (trailing 、 . : excluded)
    value: str  # the numeral
    rest: int  # offset where the title text starts


# --------------------------------------------------------------------------- lexicon views


@lru_cache(maxsize=1)
def _role_label_pattern() -> re.Pattern[str]:
    words = words_by_notation("roles")
    alts = []
    for role, ws in words.items():
        # bare role words (牵头, 配合) need the colon form to count as a label
        ws = tuple(w for w in ws if len(w) > 2)
        alts.append(f"(?P<{role}>{word_alternation(ws)})")
    return re.compile(r"(?:" + "|".join(alts) + r")\s*[:]\s*")


@lru_cache(maxsize=1)
def _column_words() -> dict[str, tuple[str, ...]]:
    return words_by_notation("columns")


@lru_cache(maxsize=1)
def _facet_words() -> frozenset[str]:
    return frozenset(w for e in entries("facets") for w in e.words)


# --------------------------------------------------------------------------- headings


def heading_of(line: Line, view: str) -> Heading | None:
    """The numbering a line opens with, if it is a heading or a numbered paragraph."""
    if line.blank or line.tabbed:
        return None
    for style, pat in _STYLES:
        m = pat.match(view, line.cstart, line.end)
        if not m:
            continue
        rest = m.end()
        while rest < line.end and view[rest] in " ?\ufffd":
            rest += 1
        if rest >= line.end:
            return None  # a bare number is not a heading
        number_end = m.end()
        while number_end > m.start() and view[number_end - 1] in " 、.:":
            number_end -= 1
        if style == "ar" and view[rest] in "%％年月日万亿个元":
            return None
        return Heading(line, style, m.start(), number_end, m.group(1), rest)
    return None


def _box_label(line: Line, view: str, expected: int) -> Heading | None:
    """``1:“十四五”公共教育服务工程``: a 专栏 whose label lost the word 专栏."""
    if line.blank or line.tabbed:
        return None
    m = _BOX_LABEL.match(view, line.cstart, line.end)
    if not m or int(m.group(1)) != expected:
        return None
    title = view[m.end() : line.end]
    if len(title) > 40 or re.search(r"[。,;]", title):
        return None
    return Heading(line, "box", m.start(), m.start() + len(m.group(1)), m.group(1), m.end())


# --------------------------------------------------------------------------- tables


@dataclass
class _Cell:
    start: int
    end: int  # content bounds (original offsets), end exclusive; empty when start == end


@dataclass
class _Table:
    header: list[str]  # column notation per column
    rows: list[list[_Cell]]
    start: int
    end: int
    first_line: int
    last_line: int


def _column_of(label: str, words: dict[str, tuple[str, ...]]) -> str | None:
    label = re.sub(r"\s+", "", label)
    best: tuple[int, str] | None = None
    for notation, ws in words.items():
        for w in ws:
            if label == w:
                return notation
            if w in label and (best is None or len(w) > best[0]):
                best = (len(w), notation)
    return best[1] if best else None


def find_tables(text: str, view: str, lines: list[Line]) -> list[_Table]:
    """Flattened tables: a header row of tab-prefixed column names, then rows of cells."""
    words = _column_words()
    tables: list[_Table] = []
    i = 0
    n = len(lines)
    while i < n:
        row_table = _row_per_line_table(view, lines, i, words)
        if row_table is not None:
            tables.append(row_table)
            i = row_table.last_line + 1
            continue
        if not lines[i].tabbed:
            i += 1
            continue
        # header: consecutive tabbed short cells naming known columns
        j = i
        header: list[str] = []
        while j < n and lines[j].tabbed and not lines[j].blank and len(lines[j].content(view)) <= 16:
            col = _column_of(lines[j].content(view), words)
            header.append(col or "other")
            j += 1
        known = [h for h in header if h != "other"]
        if len(header) < 3 or len(known) < 2 or not any(h in ("title", "subtitle", "body") for h in header):
            i = max(j, i + 1)
            continue
        # rows: cells open with a tab; untabbed lines continue the open cell; a blank
        # line closes a row; an untabbed line after a blank line ends the table
        cells_by_block: list[list[_Cell]] = []
        block: list[_Cell] = []
        k = j
        prev_blank = False
        last_line = j - 1
        while k < n:
            ln = lines[k]
            if ln.blank and not ln.tabbed:
                if block:
                    cells_by_block.append(block)
                    block = []
                prev_blank = True
                k += 1
                continue
            if ln.tabbed:
                block.append(_Cell(ln.cstart, ln.end))
            else:
                if prev_blank or not block or is_tail_line(ln.content(view)):
                    break
                block[-1].end = ln.end
            prev_blank = False
            last_line = k
            k += 1
        if block:
            cells_by_block.append(block)
        ncols = len(header)
        rows: list[list[_Cell]] = []
        if all(len(b) == ncols for b in cells_by_block):
            rows = cells_by_block
        else:
            flat = [c for b in cells_by_block for c in b]
            if len(flat) % ncols == 0:
                rows = [flat[r : r + ncols] for r in range(0, len(flat), ncols)]
            else:
                rows = [(b + [_Cell(b[-1].end, b[-1].end)] * ncols)[:ncols] for b in cells_by_block if b]
        if rows:
            tables.append(
                _Table(header, rows, lines[i].start, lines[last_line].end, i, last_line)
            )
        i = max(k, i + 1)
    return tables


def _tab_cells(view: str, ln: Line) -> list[_Cell]:
    """Cells of a line whose cells are separated by tabs (offsets of their content)."""
    cells: list[_Cell] = []
    pos = ln.start
    raw_end = view.find("\n", ln.start)
    raw_end = len(view) if raw_end < 0 else raw_end
    for part in view[ln.start : raw_end].split("\t"):
        a, b = pos, pos + len(part)
        while a < b and view[a] in " \r":
            a += 1
        while b > a and view[b - 1] in " \r":
            b -= 1
        cells.append(_Cell(a, b))
        pos += len(part) + 1
    return cells


def _row_per_line_table(view: str, lines: list[Line], i: int, words) -> _Table | None:
    """A table flattened one row per line, cells separated by tabs, under a header line."""
    ln = lines[i]
    if ln.blank or view.count("\t", ln.start, ln.end) < 2:
        return None
    header_cells = _tab_cells(view, ln)
    header = [_column_of(view[c.start : c.end], words) or "other" for c in header_cells]
    if len(header) < 3 or sum(h != "other" for h in header) < 2 or not any(h in ("title", "subtitle", "body") for h in header):
        return None
    if any(len(view[c.start : c.end]) > 16 for c in header_cells):
        return None
    ncols = len(header)
    rows: list[list[_Cell]] = []
    last = i
    for k in range(i + 1, len(lines)):
        row = lines[k]
        if row.blank and not row.tabbed:
            if rows:
                break
            continue
        has_tabs = view.count("\t", row.start, row.end) >= 1
        if not has_tabs and (not rows or heading_of(row, view) is not None or re.match(r"注\s*:|附", view[row.cstart : row.end])):
            break
        cells = _tab_cells(view, row) if has_tabs else [_Cell(row.cstart, row.end)]
        if rows and len(rows[-1]) < ncols:
            # the row above broke inside a cell: this line continues that cell
            rows[-1][-1].end = cells[0].end if cells[0].end > cells[0].start else rows[-1][-1].end
            rows[-1].extend(cells[1:])
        elif not has_tabs:
            rows[-1][-1].end = row.end
        else:
            rows.append(cells)
        last = k
    rows = [(r + [_Cell(r[-1].end, r[-1].end)] * ncols)[:ncols] for r in rows]
    if not rows:
        return None
    return _Table(header, rows, ln.start, lines[last].end, i, last)


# --------------------------------------------------------------------------- fields


def field_lines(text: str, view: str, start: int, end: int) -> list[Field]:
    """Responsibility lines in ``view[start:end]``: ``牵头单位：…`` / ``配合单位：…``,
    at a line start or after a sentence end, several per line allowed."""
    pat = _role_label_pattern()
    out: list[Field] = []
    for m in pat.finditer(view, start, end):
        s = m.start()
        # at the start of a line, after 。；; or an opening bracket
        j = s - 1
        while j >= 0 and view[j] in " \t\u3000":
            j -= 1
        if j >= 0 and view[j] not in "\n。;(:]":
            continue
        role = m.lastgroup or "responsible"
        list_start = m.end()
        line_end = view.find("\n", list_start)
        line_end = end if line_end < 0 or line_end > end else line_end
        nxt = pat.search(view, list_start, line_end)
        list_end = nxt.start() if nxt else line_end
        # a closing bracket with no opening one in the list closes the statement around it
        depth = 0
        for i in range(list_start, list_end):
            if view[i] == "(":
                depth += 1
            elif view[i] == ")":
                if depth == 0:
                    list_end = i
                    break
                depth -= 1
        # a list ends at the end of its sentence
        stop = re.search(r"[。]", view[list_start:list_end])
        if stop:
            list_end = list_start + stop.start()
        a, b = strip_noise_edges(view, list_start, list_end)
        while b > a and view[b - 1] in ";,。、 ":
            b -= 1
        if b > a:
            out.append(Field(role, a, b, "line"))
    return out


@lru_cache(maxsize=1)
def _inline_role_pattern() -> re.Pattern[str]:
    """Role words printed after a list: 市民政局牵头 / 市财政局配合 / X负责."""
    alts = [f"(?P<{e.notation}>{word_alternation(e.words)})" for e in entries("roles") if e.before]
    return re.compile(r"(?:" + "|".join(alts) + r")$")


_PAREN = re.compile(r"\(([^()\n]{2,240})\)")


def inline_fields(text: str, view: str, start: int, end: int) -> list[Field]:
    """Bracketed role statements: （市民政局牵头，市财政局配合）, （X负责）, （牵头单位：…；责任单位：…）."""
    out: list[Field] = []
    label = _role_label_pattern()
    inline = _inline_role_pattern()
    for m in _PAREN.finditer(view, start, end):
        a, b = m.start(1), m.end(1)
        inner = view[a:b]
        if label.search(inner):
            found = field_lines(text, view, a, b)
            # field_lines wants a sentence start: accept the bracket itself as one
            if not found:
                found = _labelled(view, a, b)
            out.extend(Field(f.role, f.start, f.end, "inline", f.co_lead) for f in found)
            continue
        parts: list[tuple[int, int]] = []
        pos = a
        for sep in re.finditer(r"[,;]", inner):
            parts.append((pos, a + sep.start()))
            pos = a + sep.end()
        parts.append((pos, b))
        pending: list[tuple[int, int]] = []
        found_any: list[Field] = []
        for ps, pe in parts:
            seg = view[ps:pe].strip()
            rm = inline.search(seg)
            if not rm:
                pending.append((ps, pe))
                continue
            role = rm.lastgroup or "lead"
            word = rm.group(0)
            seg_end = ps + view[ps:pe].rstrip().rfind(word)
            # 由X牵头 / X等部门负责
            seg_start = ps
            lead_in = re.match(r"\s*(由|请|各)?", view[ps:seg_end])
            if lead_in and lead_in.group(1) == "由":
                seg_start = ps + lead_in.end()
            names_end = seg_end
            tail = re.search(r"(等(单位|部门)?|共同|分别|具体)+$", view[seg_start:names_end])
            if tail:
                names_end = seg_start + tail.start()
            if names_end <= seg_start:
                continue
            co = "共同" in view[seg_start:pe]
            for qs, qe in pending:
                qa, qb = strip_noise_edges(view, qs, qe)
                if qb > qa:
                    found_any.append(Field(role, qa, qb, "inline", co))
            pending = []
            fa, fb = strip_noise_edges(view, seg_start, names_end)
            if fb > fa:
                found_any.append(Field(role, fa, fb, "inline", co))
        if found_any and not pending:
            out.extend(found_any)
    return out


def _labelled(view: str, a: int, b: int) -> list[Field]:
    pat = _role_label_pattern()
    out: list[Field] = []
    ms = list(pat.finditer(view, a, b))
    for k, m in enumerate(ms):
        end = ms[k + 1].start() if k + 1 < len(ms) else b
        s, e = strip_noise_edges(view, m.end(), end)
        while e > s and view[e - 1] in ";,。、 ":
            e -= 1
        if e > s:
            out.append(Field(m.lastgroup or "responsible", s, e, "inline"))
    return out


@lru_cache(maxsize=1)
def _prose_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Clause with an agency subject and a task predicate; 会同 partners; one name; 鼓励-like lead-ins."""
    w = words_by_notation("prose")
    start = word_alternation(w["subject-start"])
    end = word_alternation(w["subject-end"])
    body = r"(?:[\u4e00-\u9fff]|\([\u4e00-\u9fff、]{1,8}\)){0,16}?"
    name = rf"(?=(?:{start})){body}(?:{end})(?:\([\u4e00-\u9fff、]{{1,8}}\))?"
    names = rf"{name}(?:[、和及与]{name})*"
    clause = re.compile(
        rf"(?:(?<=[。;:!?\n,、])|^)[ \t]*(?:(?:{word_alternation(w['lead-in'])})[ \t]*)?"
        rf"(?P<names>{names})[ \t]*(?:{word_alternation(w['predicate'])})",
        re.MULTILINE,
    )
    partner = re.compile(rf"[ \t]*(?:{word_alternation(w['partner'])})(?P<names>{names})")
    one = re.compile(name)
    not_tasked = re.compile(rf"(?:{word_alternation(w['not-tasked'])})\S{{0,2}}$")
    return clause, partner, one, not_tasked


def prose_fields(view: str, start: int, end: int) -> list[Field]:
    """Agencies given a task in running text (县级政府应…, 由乡镇政府、街道办重点对…),
    for plans that print no responsibility lists: they cooperate on the item they sit in."""
    clause, partner, one, not_tasked = _prose_patterns()
    out: list[Field] = []
    for m in clause.finditer(view, start, end):
        if not_tasked.search(view[max(start, m.start() - 6) : m.start()]):
            continue
        groups = [(m.start("names"), m.end("names"))]
        pm = partner.match(view, m.end(), end)
        if pm:
            groups.append((pm.start("names"), pm.end("names")))
        for a, b in groups:
            for pa, pb in _list_pieces(view, a, b, one):
                out.append(Field("cooperating", pa, pb, "prose"))
    return out


def _list_pieces(view: str, a: int, b: int, one: re.Pattern[str]) -> list[tuple[int, int]]:
    """Names of a list: split at 、 outside brackets, and at 和/及/与 where both sides are names."""
    cuts: list[int] = []
    depth = 0
    for i in range(a, b):
        c = view[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and c == "、":
            cuts.append(i)
        elif depth == 0 and c in "和及与":
            left_start = cuts[-1] + 1 if cuts else a
            if one.fullmatch(view, left_start, i) and one.match(view, i + 1, b):
                cuts.append(i)
    out: list[tuple[int, int]] = []
    pos = a
    for c in cuts + [b]:
        if c > pos and one.fullmatch(view, pos, c):
            out.append((pos, c))
        pos = c + 1
    return out


# --------------------------------------------------------------------------- outline


def _title_of(text: str, view: str, h: Heading, in_box: bool) -> tuple[str, int, int, bool]:
    """Title text, its bounds, and whether the item is a run-in paragraph."""
    s, e = h.rest, h.line.end
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
    # a trailing bracketed role statement is not part of the title
    m = re.search(r"\(([^()]*)\)\s*$", view[a:b])
    if m and (_role_label_pattern().search(m.group(1)) or _inline_role_pattern().search(m.group(1).split(",")[0].strip())):
        b = a + m.start()
        a, b = strip_noise_edges(view, a, b)
    while b > a and view[b - 1] in "。;,":
        b -= 1
    return clean_title(text[a:b]), a, b, runin


def _printed_number(text: str, h: Heading) -> str:
    return clean_title(text[h.number_start : h.number_end]).replace(" ", "")


def build_outline(text: str, view: str, lines: list[Line], *, body_start: int, plan_kind: str) -> Outline:
    """The items of a document (reading order) and the agency lists printed on each."""
    # body bounds: after the plan title, up to page furniture
    body_end = len(text)
    for ln in lines:
        if ln.start >= body_start and not ln.blank and is_tail_line(ln.content(view)):
            body_end = ln.start
            break
    tables = [t for t in find_tables(text, view, lines) if t.start >= body_start and t.start < body_end]
    in_table: set[int] = set()
    for t in tables:
        in_table.update(range(t.first_line, t.last_line + 1))

    # pass 1: headings (and facet detection by recurrence)
    heads: list[Heading] = []
    boxes_seen = 0
    for ln in lines:
        if ln.start < body_start or ln.start >= body_end or ln.index in in_table:
            continue
        content = ln.content(view)
        if is_metadata_line(content):
            continue
        h = heading_of(ln, view)
        if h is None:
            h = _box_label(ln, view, boxes_seen + 1)
        if h is None:
            continue
        if h.style == "box":
            boxes_seen += 1
        heads.append(h)
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

    heads_by_line = {h.line.index: h for h in heads}
    table_by_first = {t.first_line: t for t in tables}
    for ln in lines:
        if ln.start < body_start or ln.start >= body_end:
            continue
        if ln.index in table_by_first:
            t = table_by_first[ln.index]
            parent = next((p for p in reversed(stack) if not p.facet), None)
            for node in _table_nodes(text, view, t):
                node.parent = parent
                (parent.children if parent else roots).append(node)
                all_nodes.append(node)
                all_nodes.extend(_descendants(node))
            continue
        h = heads_by_line.get(ln.index)
        if h is None:
            if _ANNEX.match(view, ln.cstart, ln.end) and not ln.blank:
                close_to(0, ln.start)  # an attachment starts a part of its own
                box = None
            continue
        style = h.style
        title, ts, te, runin = _title_of(text, view, h, box is not None)
        number = _printed_number(text, h)
        is_facet = (
            style not in ("chapter", "box")
            and title.rstrip("。") in facet_words
            and title_count.get(title.rstrip("。"), 0) >= 2
        )
        node = Node(style, number, title, ln.cstart, ts, te, ln.end, runin=runin, facet=is_facet)
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
            styles = [n.style for n in stack]
            if box is not None and box in stack:
                inside = stack[stack.index(box) + 1 :]
                if style in [n.style for n in inside]:
                    k = stack.index(box) + 1 + [n.style for n in inside].index(style)
                    close_to(k, ln.start)
                elif style in styles:
                    close_to(styles.index(style), ln.start)
                    box = None
            elif style in styles:
                close_to(styles.index(style), ln.start)
        attach(node)
        if runin:
            node.end = _paragraph_end(view, lines, ln)
    close_to(0, body_end)

    # projects of a box without numbered items: one per sentence of the box
    for node in list(all_nodes):
        if node.style == "box" and not node.children:
            _sentence_projects(text, view, node, all_nodes)

    # fields: responsibility lines and inline statements, at the innermost item
    nodes = [n for n in all_nodes if not n.facet]
    printed = field_lines(text, view, body_start, body_end) + inline_fields(text, view, body_start, body_end)
    if not printed and not any(n.fields for n in nodes):
        printed = prose_fields(view, body_start, body_end)
    placed: list[tuple[Field, Node]] = []
    for f in printed:
        owner = _innermost(nodes, f.start)
        if owner is None or owner.table:
            continue
        if any(g.start == f.start and g.end == f.end for g, o in placed if o is owner):
            continue
        placed.append((f, owner))
    for f, owner in _per_item_lists(placed):
        owner.fields.append(f)
    _assign_kinds(roots, plan_kind)
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
            )
        )
        fields[node.key] = node.fields
    # inherited table cells name the item they repeat by key
    return Outline(items, fields, body_start, body_end)


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


def _paragraph_end(view: str, lines: list[Line], ln: Line) -> int:
    """A numbered paragraph runs on over broken lines until a blank, a heading or a role line."""
    end = ln.end
    label = _role_label_pattern()
    for nxt in lines[ln.index + 1 :]:
        if nxt.blank or nxt.tabbed or heading_of(nxt, view) is not None:
            break
        if label.match(view, nxt.cstart, nxt.end) or view[nxt.cstart : nxt.cstart + 1] == "(" and label.search(view, nxt.cstart, nxt.end):
            break
        # a broken line continues a word: the previous line did not end a sentence
        if view[end - 1] in "。;:!?":
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

    def kids_of(owner: Node) -> list[Node]:
        return [c for c in owner.children if c.style != "box" and not c.table]

    def before(kids: list[Node], pos: int) -> Node | None:
        prev = [c for c in kids if c.start < pos]
        return prev[-1] if prev else None

    # the document prints lists per paragraph if, anywhere, a list stands between two paragraphs
    per_paragraph = any(
        before(kids_of(placed[k][1]), placed[k][0].start) is not None
        and any(c.start > placed[k][0].start for c in kids_of(placed[k][1]))
        for ks in by_owner.values()
        for k in ks
    )
    if not per_paragraph:
        return out
    for ks in by_owner.values():
        kids = kids_of(placed[ks[0]][1])
        for k in ks:
            f = placed[k][0]
            prev = before(kids, f.start)
            if prev is not None:
                out[k] = (f, prev)
    return out


def _innermost(nodes: list[Node], pos: int) -> Node | None:
    best: Node | None = None
    for n in nodes:
        if n.start <= pos < max(n.end, n.title_end):
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


def _table_nodes(text: str, view: str, t: _Table) -> list[Node]:
    """Measures (and sub-measures) from the rows of a flattened table."""
    cols = t.header
    idx = {c: k for k, c in enumerate(cols) if c not in ("other",)}
    title_col = idx.get("title")
    sub_col = idx.get("subtitle")
    if title_col is None and sub_col is not None:
        title_col, sub_col = sub_col, None
    if title_col is None:
        title_col = idx.get("body")
    num_col = idx.get("number")
    agency_cols = [(k, c) for k, c in enumerate(cols) if c in ("lead", "cooperating", "responsible")]

    def cell_text(c: _Cell) -> str:
        return clean_title(text[c.start : c.end]) if c.end > c.start else ""

    out: list[Node] = []
    measure: Node | None = None
    sub: Node | None = None
    last_cells: dict[int, tuple[_Cell, Node]] = {}
    for row in t.rows:
        row_start = next((c.start for c in row if c.end > c.start), row[0].start)
        row_end = max(c.end for c in row)
        number = cell_text(row[num_col]) if num_col is not None else ""
        title = cell_text(row[title_col]) if title_col is not None else ""
        if title and not number and num_col is not None and sub_col is None and measure is not None:
            # a row whose number cell is empty continues the item above: a sub-measure
            tc = row[title_col]
            ts, te = strip_noise_edges(view, tc.start, tc.end)
            sub = Node("table-row", None, title, tc.start, ts, te, row_end, table=True)
            sub.parent = measure
            measure.children.append(sub)
            measure.end = max(measure.end, row_end)
            _row_fields(row, agency_cols, sub, last_cells, cell_text)
            continue
        if number or title:
            tc = row[title_col] if title_col is not None else row[0]
            ts, te = strip_noise_edges(view, tc.start, tc.end)
            measure = Node(
                "table", re.sub(r"[、.]$", "", number) or None, title, row_start, ts, te, row_end, table=True
            )
            out.append(measure)
            sub = None
            last_cells = {}
        if measure is None:
            continue
        measure.end = max(measure.end, row_end)
        owner = measure
        if sub_col is not None:
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
        _row_fields(row, agency_cols, owner, last_cells, cell_text)
    return out


def _row_fields(row, agency_cols, owner: Node, last_cells: dict, cell_text) -> None:
    """Agency cells of one row; an empty cell repeats the cell above in the same item."""
    for k, role in agency_cols:
        c = row[k]
        if c.end > c.start and cell_text(c):
            owner.fields.append(Field(role, c.start, c.end, "cell"))
            last_cells[k] = (c, owner)
        elif k in last_cells and owner is not last_cells[k][1] and not any(
            f.source == "cell" and f.role == role for f in owner.fields
        ):
            src_cell, src = last_cells[k]
            owner.fields.append(Field(role, src_cell.start, src_cell.end, "cell", origin=src))


def is_scaffold(title: str, notation: str = "scaffold") -> bool:
    """A scaffolding part (指导思想, 保障措施, 规划背景 …): not a measure, no domain.
    With ``notation="container"``: a part that only holds measures (重点任务)."""
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
        if (it.parent in out) or (it.kind == "group" and is_scaffold(it.title)):
            out.add(it.key)
    return out


def domainless_keys(items: list[Item]) -> set[str]:
    """Items that carry no domain of their own: scaffolding (with what it holds) and containers."""
    return scaffold_keys(items) | {it.key for it in items if it.kind == "group" and is_scaffold(it.title, "container")}


def _assign_kinds(roots: list[Node], plan_kind: str) -> None:
    """group | measure | sub-measure | project, from where items and agency lists are printed."""

    def runin_leaves(n: Node) -> bool:
        """Numbered paragraphs of the sub-item ranks (（1）, ①) under an item: its sub-measures."""
        kids = [c for c in n.children if c.style != "box"]
        return bool(kids) and all(c.runin and not c.children and c.style in SUB_ITEM_STYLES for c in kids)

    def walk(nodes: list[Node], under_measure: bool, depth: int, siblings_leafy: bool, scaffold: bool) -> None:
        for n in nodes:
            if n.style == "box":
                n.kind = "group"
                for c in n.children:
                    c.kind = "project"
                    walk(c.children, True, depth + 2, False, False)
                continue
            if n.table:
                n.kind = "sub-measure" if under_measure or n.style == "table-row" else "measure"
                walk(n.children, True, depth + 1, False, False)
                continue
            printed = any(f.source != "prose" for f in n.fields)
            in_scaffold = scaffold or (not under_measure and not printed and is_scaffold(n.title))
            if under_measure:
                n.kind = "sub-measure"
            elif in_scaffold:
                n.kind = "group"
            elif any(f.source != "prose" for f in n.fields):
                n.kind = "measure"
            elif n.children:
                n.kind = "measure" if runin_leaves(n) and plan_kind != "five_year_plan" else "group"
            elif plan_kind == "five_year_plan":
                n.kind = "group"
            elif depth > 0 or siblings_leafy:
                n.kind = "measure"
            else:
                n.kind = "group"
            leafy = all(not c.children for c in n.children)
            walk(n.children, n.kind in ("measure", "sub-measure"), depth + 1, leafy, in_scaffold)

    leafy = all(not r.children for r in roots)
    walk(roots, False, 0, leafy, False)


def _assign_keys(roots: list[Node]) -> None:
    by_id: dict[int, Node] = {}

    def walk(nodes: list[Node], prefix: str) -> None:
        k = 0
        for n in nodes:
            by_id[id(n)] = n
            if n.style == "box":
                n.key = f"box{_arabic(n.number.removeprefix('专栏')) if n.number else k}"
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
