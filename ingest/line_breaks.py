"""Line breaks restored where a text lost them: numbering markers inside running text.

A web page flattened to one line, or a list printed as one paragraph
(``①新建幼儿园20所（市教育局）；②新增托位3000个（市卫生健康委）；③…``), still prints
the genre's numbering (一、 （一） 1. 1、 （1） ①, 第X章 …) and its labels (``具体措施：``,
``牵头单位：``); only the line breaks before them are gone. Every reader of mskg reads
lines, so the text is read with a line break put back before each such marker, and
the offsets of what is found are mapped back to the text as printed
(:meth:`Rebroken.original`): provenance quotes stay exact substrings of the original.

A marker inside a line counts only where the numbering around it says it is one:

- it follows a sentence end (``。；！？：``) and starts or continues its style's
  sequence (``③`` after ``②``), or
- it follows text without punctuation and continues its sequence
  (``…配合单位：县财政局（二）…`` after ``（一）``), or it is the first child of a
  heading just before it (``一、加强困难群体关爱服务保障1.提高…``): a style of lower
  rank than the heading's, within a title's length of it, or
- the next marker of its style confirms it (``…民生实事1.新建…。2.新增…``).

Numbers inside sentences are no markers: ``1.5万人``, ``2021.3.5``, ``第1、2项``,
``统一、规范``, ``四、五类``, ``共 3 个``. A label (a column or role word of the structure
lexicon followed by a colon) is one after a sentence end or after a heading's
title; never inside brackets. A facet sub-heading that lost its break
(``1．发展目标持续强化…``) gets its break after the facet word.

>>> flat = "一、加强关爱服务保障1.提高救助水平具体措施:标准提高10%。2.增加康复救助具体措施:救助1.5万人。"
>>> r = restore_breaks(flat)
>>> print(r.text)
一、加强关爱服务保障
1.提高救助水平
具体措施:标准提高10%。
2.增加康复救助
具体措施:救助1.5万人。
>>> r.original(r.text.index("2.增加")) == flat.index("2.增加")
True
>>> restore_breaks("统一、规范的服务，共 3 个。") is None
True
"""

from __future__ import annotations

import bisect
import dataclasses
import heapq
import re
from dataclasses import dataclass
from functools import lru_cache

from mskg.ingest.headings import BULLETS, ROMAN_NUMERALS, USUAL_ORDER, is_bullet_glyph, numbering_at, ordinal
from mskg.ingest.model import Span
from mskg.ingest.row_numbers import NumberRuns, RowNumber, numbers_of
from mskg.ingest.structure_lexicon import entries, word_alternation
from mskg.ingest.text import _LEAD, char_width, display_width, is_tail_line, normalised

_NUM_CN = "一二三四五六七八九十百零〇"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# where a marker may start inside a line (validated by :func:`numbering_at`); the
# form with a space after an arabic number (``1 标题``) is taken at line starts only
_CANDIDATE = re.compile(
    rf"第\s*[{_NUM_CN}\d]+\s*(?:部分|章|节|条)|专栏\s*[{_NUM_CN}\d]+"
    rf"|\(\s*[{_NUM_CN}]+\s*\)|\(\s*\d{{1,4}}\s*\)|[{_NUM_CN}]+\s*[、.]|\d{{1,4}}\s*[、.]|[{_CIRCLED}]"
    rf"|[{ROMAN_NUMERALS}]\s*[、.]"
)
# after these a marker is at a sentence start (closing quotes and brackets may follow them)
_SENTENCE_END = "。;!?:"
_CLOSERS = "”’\"')]】》"
# before these no number starts an item: a longer number, a decimal, an ordinal (第1、2项)
_NOT_BEFORE = set("0123456789.-/第" + _NUM_CN)
_TITLE_SPAN = 60  # a heading's title is at most this long: its first child follows within it
_NO_TITLE = re.compile(r"[。;!?,]")
_SPACE = " \t\u3000"
_CELL_SPAN = 400  # a table cell is at most this long
# the print colophon that ends an official document (抄送：…), after a sentence or a bracket
_COLOPHON = re.compile(r"[。)\]】》]\s*((?:抄送|抄报)\s*:)")
_PAGE_NUMBER = re.compile(r"(?<![\d-])-\s*\d{1,3}\s*-$")  # page furniture: - 2 -
_NOTE = re.compile(r"(?:注|备注|说明)\s*\d{0,2}\s*:")


@dataclass(frozen=True)
class Rebroken:
    """The text with line breaks put back, and where they were put (offsets of the
    original text before which a line break was inserted, ascending)."""

    text: str
    inserted: tuple[int, ...]

    def original(self, offset: int) -> int:
        """The offset in the original text of ``offset`` in :attr:`text`.

        An inserted line break maps to the character that follows it."""
        # the k-th insertion sits at rebroken offset inserted[k] + k
        lo, hi = 0, len(self.inserted)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.inserted[mid] + mid < offset:
                lo = mid + 1
            else:
                hi = mid
        return offset - lo

    def original_end(self, offset: int) -> int:
        """The offset in the original text of the end (exclusive) of a span ending at
        ``offset`` in :attr:`text`."""
        return self.original(offset)

    def original_line(self, offset: int, original: str) -> int:
        """The 1-based line of ``original`` that holds ``offset`` of :attr:`text`."""
        return original.count("\n", 0, self.original(offset)) + 1

    def remap(self, value, original: str, _done: set[int] | None = None):
        """``value`` (an extraction, or any dataclass, list or dict holding spans) with every
        :class:`Span` moved to the original text, its quote re-read from it; changed in
        place where it can be, returned. What is held twice (a place listed among the
        printed places and the referenced ones) is moved once."""
        done = set() if _done is None else _done
        if isinstance(value, Span):
            a, b = self.original(value.start), self.original_end(value.end)
            return Span.of(original, a, max(a, b))
        if isinstance(value, (list, dict)) or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
            if id(value) in done:
                return value
            done.add(id(value))
        if isinstance(value, list):
            for k, v in enumerate(value):
                value[k] = self.remap(v, original, done)
            return value
        if isinstance(value, tuple):
            return type(value)(self.remap(v, original, done) for v in value) if not hasattr(value, "_fields") else value
        if isinstance(value, dict):
            for k in list(value):
                value[k] = self.remap(value[k], original, done)
            return value
        if dataclasses.is_dataclass(value) and type(value).__module__ == Span.__module__ \
                and not value.__dataclass_params__.frozen:
            # the extraction model only: what else an extraction holds keeps its own offsets
            for f in dataclasses.fields(value):
                if f.name == "text" and value.text == self.text:
                    value.text = original
                    continue
                setattr(value, f.name, self.remap(getattr(value, f.name), original, done))
            return value
        return value


@dataclass
class _Candidate:
    pos: int  # where the marker (or label) starts
    style: str
    value: int
    strong: bool  # after a sentence end
    line_start: bool
    rest: int  # where the text after it starts


def restore_breaks(text: str, view: str | None = None,
                   tables: list[tuple[int, int]] | None = None) -> Rebroken | None:
    """``text`` with a line break before each numbering marker or label that a line lost;
    ``None`` when no line lost one. ``tables``: (start, end) of the tables the document
    model found in ``text``: their lines are cells, whatever their layout, and a marker
    in a cell opens no line (a row is as many lines as the table has columns)."""
    view = normalised(text) if view is None else view
    breaks = _breaks(text, view, tables or [])
    if not breaks:
        return None
    pieces: list[str] = []
    pos = 0
    for b in breaks:
        pieces.append(text[pos:b])
        pieces.append("\n")
        pos = b
    pieces.append(text[pos:])
    return Rebroken("".join(pieces), tuple(breaks))


def _breaks(text: str, view: str, tables: list[tuple[int, int]]) -> list[int]:
    where = _Lines(view, tables)
    candidates = _candidates(view, where)
    indents = _indents(text)
    markers = _markers(view, where)
    runs = _row_runs(view, where)
    cells = _cell_breaks(view, [r for r in runs if r.glued])
    rows = _pipe_row_breaks(view)
    labels = _record_labels(view, where)
    numbered = _row_number_breaks(text, view, where, cells, runs)
    ordinals = _ordinal_breaks(view, where)
    numbered += _csv_row_breaks(text, view, where)
    box = _box_lines(text, view)
    numbered += [p for line in box for p in line if p < len(view) and view[p] != "\n" and not where.at_start(p)]
    numbered += [m.start(1) for m in _COLOPHON.finditer(view) if not where.at_start(m.start(1))]
    if (not indents and not markers and not cells and not rows and not labels and not numbered and not ordinals
            and not any(not c.line_start for c in candidates)
            and not any(b - a >= _LONG_LINE for a, b in zip(where.starts, where.starts[1:] + [len(view)]))):
        return []
    accepted = _accept(view, candidates)
    # markers inside the cells of a table put back one cell per line open no line of their own
    inside = [(a, b) for a, b in cells if b - a <= _CELL_SPAN]
    breaks = ({c.pos for c in accepted if not c.line_start and not _within(c.pos, inside)}
              | set(_facet_breaks(view, accepted)) | set(indents) | set(markers) | {a for a, _ in cells}
              | set(rows) | set(labels) | set(numbered))
    # (a long line whose paragraphs open with ordinals still starts a line at each sentence end)
    breaks |= set(_sentence_breaks(view, where, breaks, inside)) | set(ordinals) | set(_heading_clauses(view, accepted, ordinals))
    return sorted(b for b in breaks if not _within(b, box)) if box else sorted(breaks)


_LONG_LINE = 800  # a line this long that still runs on is a page flattened to one line


def _sentence_breaks(view: str, where: "_Lines", breaks: set[int], cells: list[tuple[int, int]]) -> list[int]:
    """A page flattened to one line whose numbering put back no break for long stretches
    (a news report whose paragraphs ran together): each sentence end starts a line, so
    that a paragraph's first words (一是…, 第一，…) open a line again."""
    out: list[int] = []
    cuts = sorted(set(where.starts) | breaks | {len(view)})
    depth_at = None
    for a, b in zip(cuts, cuts[1:]):
        if b - a < _LONG_LINE:
            continue
        depth_at = depth_at or _bracket_depth(view)
        for m in re.finditer(r"。(?=[^\n。”’\"')\]】》])", view[a:b]):
            p = a + m.end()
            if depth_at(p) == 0 and not where.in_cell(p) and not _within(p, cells):
                out.append(p)
    return out


# a table drawn with box-drawing characters: each of its lines opens with a left edge
# and closes with a right edge, all as wide as its top border
_BOX_TOP = re.compile(r"[┌╔┏][─━═┬┳╦╤]*[┐╗┓]")
_BOX_LEFT = "│┃║├┣╠╟└┗╚┌┏╔"
_BOX_RIGHT = "│┃║┤┫╣╢┘┛╝┐┓╗"


def _box_lines(text: str, view: str) -> list[tuple[int, int]]:
    """A table drawn with box-drawing characters (┌──┬──┐ / │序号│项目名称│ …) whose line
    breaks were lost: every line of it is as wide on the page as its top border, opens
    with a left edge and closes with a right one, so each line ends again where that
    width is reached at a right edge with a left edge after it, the bottom border
    ending the last. Widths are those of the text as printed (a full-width character
    takes two columns). Returns (start, end) of each line; nothing inside them opens
    another."""
    out: list[tuple[int, int]] = []
    for m in _BOX_TOP.finditer(view):
        if m.end() < len(view) and view[m.end()] == "\n":
            # a box whose lines kept their breaks: its lines are cells all the same
            p = m.end() + 1
            while True:
                q = view.find("\n", p)
                q = len(view) if q < 0 else q
                line = view[p:q].strip()
                if not (line and line[0] in _BOX_LEFT and line[-1] in _BOX_RIGHT):
                    break
                out.append((p, q))
                p = q + 1
            continue
        if m.end() >= len(view) or view[m.end()] not in _BOX_LEFT:
            continue
        width = _width(text, m.start(), m.end())
        out.append((m.start(), m.end()))
        p = m.end()
        while p < len(view) and view[p] in _BOX_LEFT:
            q, w = p, 0
            while q < len(view) and w < width and view[q] != "\n":
                w += char_width(text[q])
                q += 1
            if w != width or view[q - 1] not in _BOX_RIGHT:
                break
            out.append((p, q))
            p = q
    return out


def _width(text: str, a: int, b: int) -> int:
    return display_width(text[a:b])


# a paragraph's ordinal opening a sentence: 一是… / 第一，…
_ORDINAL = re.compile(rf"(?:([{_NUM_CN}]{{1,3}})是|第([{_NUM_CN}]{{1,3}})\s*[,、])(?=[^\s,、;。])")
_ORDINAL_RUN = 3  # ordinals 一, 二, 三 … at sentence starts at least this long make paragraphs


def _ordinal_breaks(view: str, where: "_Lines") -> list[int]:
    """Paragraphs that each opened with an ordinal (一是… / 第一，…), run together on a
    long line: a run of such ordinals in order from 一, each right after a sentence
    end, starts a line again at each of them. One pass over the line; a run is
    broken by an ordinal out of order."""
    out: list[int] = []
    for a, b in where.long_lines():
        runs: dict[str, list[int]] = {}  # the run of each form (是 / 第), by its next value
        for m in _ORDINAL.finditer(view, a, b):
            form, numeral = ("是", m.group(1)) if m.group(1) else ("第", m.group(2))
            p = m.start()
            if view[p - 1] in _NUM_CN or not _after_sentence_end(view, p):
                continue
            value = ordinal(numeral)
            run = runs.setdefault(form, [])
            if value != len(run) + 1:
                if len(run) >= _ORDINAL_RUN:
                    out.extend(run)
                run.clear()
                if value != 1:
                    continue
            run.append(p)
        out.extend(p for run in runs.values() if len(run) >= _ORDINAL_RUN for p in run)
    return [p for p in out if not where.at_start(p)]


_HEADS_OF_ORDINALS = ("part", "chapter", "section", "cn", "roman", "pcn")  # what heads 一是… paragraphs


def _heading_clauses(view: str, accepted: list[_Candidate], ordinals: list[int]) -> list[int]:
    """A heading put back whose title ran into the first sentence under it, above
    paragraphs opening with ordinals (三、用心用情办好十件民生实事今年，我们将…：一是…): the
    heading's line ends after its first clause, so that it heads the paragraphs instead
    of reading as a paragraph holding them. Where the title ends inside that clause is
    not known; the clause stays with it."""
    out: list[int] = []
    starts = [c.pos for c in accepted]
    for o in sorted(set(ordinals)):
        k = bisect.bisect_left(starts, o) - 1
        head = accepted[k] if k >= 0 else None
        if head is None or head.style not in _HEADS_OF_ORDINALS or "\n" in view[head.pos : o]:
            continue
        if any(head.pos < p < o for p in out) or (out and out[-1] > head.pos):
            continue
        end = _NO_TITLE.search(view, head.rest, min(o, head.rest + _TITLE_SPAN))
        if end is not None and end.end() < o and not any(head.pos < p < o for p in ordinals if p != o):
            out.append(end.end())
    return out


# a row's number: a number standing alone in its cell, the row's next cell after a tab,
# a pipe or a run of spaces (``…配合单位1  新建城市书房  …``, ``…市财政局2 | 居家…``); a
# row may name several (``3、4``, ``7—9``); a number run into a last cell that ends in
# digits (``…\t202512\t`` for 2025 and row 12) is any of the digits' endings
_ROW_NUMBER = re.compile(r"(?<![\d.%/])(?<!\d-)(\d+)((?:[、,]\d{1,4})+|[-—~]\d{1,4})?(?=\t|[ ]*\|[ ]|[ ]{2,})")
_ROW_CHAIN = 3  # numbers 1, 2, 3 … in order at least this long make a table's rows
_ROW_GAP = 1500  # a row is at most this long


@dataclass
class _Run:
    """A table's rows found by their numbers on a long line."""

    chain: list[int]  # where each row's number starts
    seps: list[list[re.Match]]  # the cell separators of each row but the last
    line: int  # where the line holding them starts
    glued: bool  # the numbers run into the cell before them: a row per line, no cell per line


def _row_numbers(view: str, a: int, b: int):
    for m in _ROW_NUMBER.finditer(view, a, b):
        digits, more = m.group(1), m.group(2)
        if more:
            values = [int(v) for v in numbers_of(digits + more)] if len(digits) <= 4 else []
            if values:
                yield RowNumber(m.start(), min(values), max(values))
            continue
        if len(digits) <= 4:
            yield RowNumber(m.start(), int(digits), int(digits))
        for k in range(1, min(4, len(digits) - 1) + 1):
            if digits[-k] != "0":
                yield RowNumber(m.end(1) - k, int(digits[-k:]), int(digits[-k:]))


def _row_runs(view: str, where: "_Lines") -> list[_Run]:
    """A table printed a row per line (cells apart by tabs, pipes or spaces) run onto one
    line: its rows' numbers still run 1, 2, 3 … in order, each at the start of its row's
    first cell, with rows of similar length between them. Found by recurrence and
    sequence only, on long lines (a page flattened to one line): one pass over the
    candidates, a binary search for each next number (:class:`.row_numbers.NumberRuns`)."""
    out: list[_Run] = []
    for a, b in where.long_lines():
        numbers = NumberRuns(_row_numbers(view, a, b))
        taken_to = -1
        for opening in numbers.numbers:
            if opening.first != 1 or opening.pos <= taken_to:
                continue
            chain = [n.pos for n in numbers.run(opening, _ROW_GAP)]
            if len(chain) < _ROW_CHAIN:
                continue
            gaps = sorted(q - p for p, q in zip(chain, chain[1:]))
            if gaps[-1] > 8 * max(gaps[len(gaps) // 2], 20):
                continue  # no regular rows: numbers scattered over prose
            seps = [list(_CELL_SEP.finditer(view, p, q)) for p, q in zip(chain, chain[1:])]
            if any(len(s) < 2 for s in seps):
                continue  # a row has three cells at least (共 3  个: a number in a sentence)
            taken_to = chain[-1]
            glued = sum(view[p - 1] not in _SPACE + "|" for p in chain[1:]) * 2 > len(chain) - 1
            out.append(_Run(chain, seps, a, glued))
    return out


def _row_number_breaks(text: str, view: str, where: "_Lines", cells: list[tuple[int, int]],
                       runs: list[_Run]) -> list[int]:
    """Each number of a run of rows (:func:`_row_runs`) starts a line again, and so do
    the table's header and the category rows between its rows (``…序时推进二、医疗卫生
    （3项）3\t…``: the text after a row's last separator that opens with the next
    category numeral in order). A table whose tab-separated cells were put back one per
    line (:func:`_cell_breaks`) is left to them. Sub-rows of a table aligned by spaces
    start lines of their own (:func:`_aligned_sub_rows`)."""
    out: list[int] = []
    celled = (cells[0][0], cells[-1][1]) if cells else (0, 0)
    for run in runs:
        chain = run.chain
        if celled[0] <= chain[0] < celled[1] or celled[0] <= chain[-1] < celled[1]:
            continue
        categories = _category_rows(view, run)
        out.extend(_sub_rows(run.seps))
        out.extend(p for p in chain + categories if not where.at_start(p))
        head_end = categories[0] if categories and categories[0] < chain[0] else chain[0]
        header = _header_before(view, run.line, head_end)
        out.extend(h for h in header if not where.at_start(h))
        if header:
            out.extend(_aligned_sub_rows(text, view, run, header[0]))
    return out


def _aligned_sub_rows(text: str, view: str, run: _Run, header: int) -> list[int]:
    """Rows of a numbered row whose first cells are empty in a table aligned by spaces
    (…市发改局、各镇（街道）<32 spaces>开展职业技能培训…): the header's cells give the
    columns' positions on the page; within a row, text after a gap that stands at no
    column, where the gap itself is as wide as a column's position, opens a line indented
    by that gap. Widths are those of the text as printed."""
    head_end = run.chain[0]
    if re.search(r"[\t|]", view[header:head_end]):
        return []
    columns = {_width(text, header, m.end()) for m in _SPACE_GAP.finditer(view, header, head_end)}
    if len(columns) < 2:
        return []
    out: list[int] = []
    line_end = view.find("\n", run.chain[-1])
    ends = run.chain[1:] + [min(run.chain[-1] + _ROW_GAP, len(view) if line_end < 0 else line_end)]
    for p, q in zip(run.chain, ends):
        start = p
        for m in _SPACE_GAP.finditer(view, p, q):
            if m.end() >= q:
                break
            if _width(text, start, m.end()) in columns:
                continue
            if _width(text, m.start(), m.end()) not in columns:
                break
            out.append(m.start())
            start = m.start()
    return out


_SPACE_GAP = re.compile(r"[ ]{2,}")
_CATEGORY_ROW = 40  # a category row run into a table's rows: from its numeral to the row's number at most


def _category_rows(view: str, run: _Run) -> list[int]:
    """Category rows run into the last cell before a row (or the header's last cell):
    a category numeral (一、 （一）) after that cell's separator, short (:data:`_CATEGORY_ROW`), without a
    sentence's punctuation up to the row, the categories numbered 一, 二, 三 … in order."""
    from mskg.ingest.wrapped import _CATEGORY

    out: list[int] = []
    expected = 1
    ends = [s[-1].end() if s else p for s, p in zip(run.seps, run.chain)]
    for lo, row in zip([max(run.line, run.chain[0] - _CELL_SPAN)] + ends, run.chain):
        for m in re.finditer(rf"(?<![{_NUM_CN}])[{_NUM_CN}(]", view[lo:row]):
            p = lo + m.start()
            c = _CATEGORY.match(view, p, row)
            n = numbering_at(view, p, row) if c else None
            if n is not None and row - p <= _CATEGORY_ROW and not _NO_TITLE.search(view, p, row) and ordinal(n.value) == expected:
                out.append(p)
                expected += 1
                break
    return out


def _sub_rows(seps: list[list[re.Match]]) -> list[int]:
    """Rows of a numbered row whose first cell is empty (``…市财政局  |  | 在湟中区…``):
    a row holding a multiple of the fewest separators a row holds, from pipes or tabs,
    starts a sub-row at each further multiple."""
    width = min(len(s) for s in seps)
    out: list[int] = []
    for s in seps:
        if len(s) > width and len(s) % width == 0 and all(m.group().strip() for m in s):
            out.extend(s[k].start() for k in range(width, len(s), width))
    return out


_CELL_SEP = re.compile(r"\t|[ ]*\|[ ]*|[ ]{2,}")
_RULE_TAIL = re.compile(r"(?::?-{3,}:?[ ]*\|?[ ]*)+$")  # a Markdown header rule (--- | ---) before row 1


def _header_before(view: str, a: int, first: int) -> list[int]:
    """Where the header of a table whose first row starts at ``first`` starts, and its
    Markdown rule if it has one: the cells just before row 1 that name known columns;
    the first of them ran into the text before it (…任务分解表序号 | 重点任务 | …), so
    its column word is found as the shortest known suffix of that piece. Up to two
    short cells naming no known column may be among them."""
    from mskg.ingest.tables import column_of

    lo = max(a, first - _CELL_SPAN)
    end = first
    out: list[int] = []
    rule = _RULE_TAIL.search(view, lo, first)
    if rule is not None and rule.start() > lo:
        end = rule.start()
        out.append(end)
    pieces, p = [], end
    for m in reversed(list(_CELL_SEP.finditer(view, lo, end))):
        pieces.append((m.end(), p))
        p = m.start()
    pieces.append((lo, p))
    known, unknown, start = 0, 0, None
    for x, y in pieces:
        cell = view[x:y]
        if _header_cell(cell, column_of):
            known, start = known + 1, x
            continue
        suffix = next((n for n in range(2, min(8, len(cell.rstrip())) + 1)
                       if column_of(cell.rstrip()[-n:]) is not None), None)
        if suffix is not None and x < y:
            known, start = known + 1, x + len(cell.rstrip()) - suffix
        elif 0 < len(cell.strip()) <= 8 and unknown < 2 and not re.search(r"[。;!?,:]", cell):
            unknown, start = unknown + 1, x  # a column no lexicon names (推进状态)
            continue
        break
    if known < 3 or start is None:
        return []
    return [start] + out


_CSV_COMMAS = 10  # a long line with fewer commas printed as such holds no comma-separated table
_CATEGORY_NUMERAL = re.compile(rf"(?<![{_NUM_CN}])([{_NUM_CN}]{{1,3}})(?:[、.]|$)")


@dataclass
class _Field:
    start: int
    end: int  # where the comma after it is (or the line's end)
    quoted_end: int  # after the closing quote of a quoted field followed by more text, else -1


def _csv_fields(text: str, a: int, b: int) -> list[_Field]:
    """The comma-separated fields of ``text[a:b]``: only commas printed as such count, a
    field opening with a double quote runs to the quote not doubled (commas inside it
    are its own), and text after that quote up to the next comma stays in the field."""
    out: list[_Field] = []
    i = a
    while i <= b:
        quoted_end = -1
        j = i
        if i < b and text[i] == '"':
            j = i + 1
            while True:  # to the quote not doubled
                j = text.find('"', j, b)
                if j < 0 or text[j + 1 : j + 2] != '"':
                    break
                j += 2
            j = b if j < 0 else j + 1
            quoted_end = j
        k = text.find(",", j, b)
        k = b if k < 0 else k
        out.append(_Field(i, k, quoted_end if quoted_end < k else -1))
        i = k + 1
    return out


def _csv_row_breaks(text: str, view: str, where: "_Lines") -> list[int]:
    """A table exported as comma-separated values run onto one line: every record ran
    into the next, a record's last field and the next one's first making one field.
    From the header (three or more fields naming columns; its last one runs into the
    first record), each record holds as many fields as the header, and the field where
    two records meet is cut where the next one starts: after a quoted field's closing
    quote; before the next row's number, or its category numeral, when the rows open
    with their numbers; after a value the last column printed elsewhere when they open
    with another column (…2024年12月底教育就业类 after a 2024年12月底 seen before);
    else at the comma (the next record's first field empty). A record whose number
    field holds no number in order, no category numeral and is not empty is out of step
    (a short record): the next number in order among the fields ahead puts it back in
    step, or the table ends there."""
    from mskg.ingest.tables import column_of

    out: list[int] = []
    for a, b in where.long_lines():
        if text.count(",", a, b) < _CSV_COMMAS:
            continue
        fields = _csv_fields(text, a, b)
        h = 0
        while True:  # each table of the line in turn
            h = next((i for i in range(h, len(fields) - 2)
                      if all(_header_cell(view[f.start : f.end], column_of) for f in fields[i : i + 3])), None)
            if h is None:
                break
            h = _csv_table(view, fields, h, out)
    return [p for p in out if not where.at_start(p)]


def _csv_table(view: str, fields: list[_Field], h: int, out: list[int]) -> int:
    """The breaks of the table whose header may open at ``fields[h]``, added to
    ``out``; the index of the field after it."""
    from mskg.ingest.tables import column_of

    n, unknown = 0, 0
    header: list[str | None] = []
    while h + n < len(fields):
        cell = view[fields[h + n].start : fields[h + n].end].strip()
        after = view[fields[h + n + 1].start : fields[h + n + 1].end] if h + n + 1 < len(fields) else ""
        if _known_prefix(cell) is not None and not _header_cell(after, column_of):
            # the last header cell, the first record's first field run into it
            header.append(column_of(cell))
            n += 1
            break
        if _header_cell(cell, column_of):
            header.append(column_of(cell))
        elif 0 < len(cell) <= 8 and unknown < 2 and not re.search(r"[。;!?:]|^\d+$", cell):
            header.append(None)  # a column no lexicon names
            unknown += 1
        else:
            break
        n += 1
    if n < 3:
        return h + 1
    number = header.index("number") if "number" in header else None
    out.append(fields[h].start)
    breaks, end = _csv_records(view, fields, h, n, number)
    out.extend(breaks)
    return max(end, h + 1)


def _csv_records(view: str, fields: list[_Field], h: int, n: int, number: int | None) -> tuple[list[int], int]:
    """Where each record of a comma-separated table whose header is ``fields[h:h+n]``
    starts (see :func:`_csv_row_breaks`), and the index of the field where it ends."""
    out: list[int] = []
    seen_last: set[str] = set()
    expected, category = 1, 1
    m = h + n - 1  # the field where the header meets the first record
    header_end = _known_prefix(view[fields[m].start : fields[m].end].strip())
    while m < len(fields):
        f = fields[m]
        lo = f.start + header_end if header_end is not None else f.start
        note = _NOTE.search(view, lo, f.end)
        if note is not None:  # a note under the table (注：…) ran into its last record
            out.append(note.start())
            break
        cuts: list[int] = []  # where the next record may start, best first
        if f.quoted_end > 0:
            cuts.append(f.quoted_end)
        elif number == 0:
            tail = re.search(r"\d{1,4}$", view[lo : f.end])
            for d in range(len(tail.group()), 0, -1) if tail else ():
                if int(tail.group()[-d:]) == expected:
                    cuts.append(f.end - d)
            for c in _CATEGORY_NUMERAL.finditer(view, lo, f.end):
                if ordinal(c.group(1)) == category and not _NO_TITLE.search(view, c.start(), f.end):
                    cuts.append(c.start())
        else:
            value = next((p for p in range(min(f.end - lo - 1, _CELL_SPAN), 0, -1) if view[lo : lo + p] in seen_last), None)
            if value is not None:
                cuts.append(lo + value)
        if header_end is not None and not cuts:
            cuts.append(lo)
        cuts.append(f.end)
        cut = cuts[0]
        header_end = None
        # the record from the cut: its number field tells whether it is in step
        state = _csv_number_state(view, fields, m, cut, number, expected, category)
        if state is None:
            found = _csv_resync(view, fields, m, number, expected) if number == 0 else None
            if found is None:
                break
            m, cut = found
            state = ("number", expected)
        if cut == f.end and number != 0:
            seen_last.add(view[lo : f.end])
        out.append(cut)
        kind, value = state
        if kind == "number":
            expected = value + 1
        elif kind == "category":
            category += 1
        m += n - 1
    return out, m


def _known_prefix(cell: str) -> int | None:
    """How long the header cell is that ``cell`` opens with when a record's first field
    ran into it (完成时限 in 完成时限一、促进…): the longest start of it that is a column
    word, followed by more than a bracketed unit (总投资（万元） is one cell)."""
    words = _label_words()
    if cell in words:
        return None
    p = next((p for p in range(min(8, len(cell) - 1), 1, -1) if cell[:p] in words), None)
    return None if p is None or cell[p] in "(（" else p


def _csv_number_state(view: str, fields: list[_Field], m: int, cut: int, number: int | None,
                      expected: int, category: int):
    """What the number field of the record starting at ``cut`` (in ``fields[m]``) holds:
    ("number", highest), ("category", 0), ("empty", 0), or None when out of step."""
    if number is None:
        return ("empty", 0)
    if number == 0:
        cell = view[cut : fields[m].end].strip()
    elif m + number < len(fields):
        cell = view[fields[m + number].start : fields[m + number].end].strip()
    else:
        return None
    if not cell:
        return ("empty", 0)
    values = [int(v) for v in numbers_of(cell)]
    if values and min(values) == expected:
        return ("number", max(values))
    c = _CATEGORY_NUMERAL.match(cell)
    if c is not None and ordinal(c.group(1)) == category:
        return ("category", 0)
    return None


def _csv_resync(view: str, fields: list[_Field], m: int, number: int | None, expected: int):
    """The field ahead (within two records' worth) where the record numbered ``expected``
    starts, and where in it: a field that is that number, or ends with it after a
    quoted field's closing quote."""
    for j in range(m, min(len(fields), m + 16)):
        f = fields[j]
        at = f.quoted_end if f.quoted_end > 0 else f.start
        if view[at : f.end].strip() == str(expected):
            return j, at
    return None


def _within(pos: int, spans: list[tuple[int, int]]) -> bool:
    k = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return k >= 0 and spans[k][0] < pos < spans[k][1]


_CELL_RUN = 20  # a line holding at least this many tab-separated cells is a table's cells run together


def _header_cell(cell: str, column_of) -> bool:
    """A cell that may be a header's: short (a table's title naming 民生实事 is longer), naming
    a known column, no numbered heading."""
    cell = cell.strip()
    return 0 < len(cell) <= 10 and not re.match(rf"[{_NUM_CN}]+\s*[、.]", cell) and column_of(cell) is not None


def _pipe_row_breaks(view: str) -> list[int]:
    """A table of pipe rows with outer pipes (``| 序号 | 项目名称 |``) run onto one line:
    rows meet as ``||``; from the header on (three cells naming known columns) each row
    starts a line again."""
    from mskg.ingest.tables import column_of

    out: list[int] = []
    if view.count("||") < 2:
        return out
    for m in re.finditer(r"[^\n]*\|\|[^\n]*", view):
        line = m.group()
        cells = [(c.start(), c.group()) for c in re.finditer(r"[^|]+", line)]
        known = [_header_cell(c, column_of) for _, c in cells]
        heads = [k for k in range(len(cells) - 2) if known[k] and known[k + 1] and known[k + 2]
                 and (k == 0 or not known[k - 1])]
        if not heads:
            continue
        for k in heads:  # each header's opening pipe starts a line too (二、责任分工| 序号 | …)
            opening = line.rfind("|", 0, cells[k][0])
            if opening > 0 and line[:opening].strip() and line[opening - 1] != "|":
                out.append(m.start() + opening)
        out.extend(m.start() + j.start() + 1 for j in re.finditer(r"\|\|", line) if j.start() > cells[heads[0]][0])
    return out


def _cell_breaks(view: str, rows: list[_Run] = ()) -> list[tuple[int, int]]:
    """A table printed one cell per line with a tab before each cell (LAYOUTS.md A1) whose
    line breaks were lost: one line of many tab-separated cells. From the header on (three
    cells in a row naming known columns), each tab opens a line again, so the table reads
    one cell per line and the header's cell count gives the row's period. Returns
    (start, end) of each cell, a break going before its tab. A line whose rows' numbers
    run into the cell before them (``…\t序时推进2\t城区…``, ``rows``) printed a row per
    line, its cells apart by tabs: its rows start lines again instead."""
    from mskg.ingest.tables import column_of

    out: list[tuple[int, int]] = []
    if view.count("\t") < _CELL_RUN:
        return out
    for m in re.finditer(r"[^\n]*\t[^\n]*", view):
        line_start, line_end = m.start(), m.end()
        tabs = [line_start + p.start() for p in re.finditer("\t", m.group())]
        if len(tabs) < _CELL_RUN or any(line_start <= r.chain[0] < line_end for r in rows):
            continue
        bounds = list(zip(tabs, tabs[1:] + [line_end]))
        known = [_header_cell(view[a + 1 : b], column_of) for a, b in bounds]
        head = next((k for k in range(len(bounds) - 2) if known[k] and known[k + 1] and known[k + 2]), None)
        if head is not None:
            # the last cell runs on to the line's end, over whatever followed the table
            out.extend((a, b if k < len(bounds) - 1 else a + 1) for k, (a, b) in enumerate(bounds)
                       if k >= head and a > line_start)
    return out


# unnumbered markers that open items where they recur (headings.marker_of): a bullet
# glyph or another symbol (the ✅ 👉 of a post; not the middle dot of names and page
# headers, nor the stars that mark a lead after its name: 市教育局★、市财政局), a
# 【bracketed heading】
_NOT_MARKERS = "·•★☆※"
_MARKER = re.compile(rf"[{re.escape(''.join(c for c in BULLETS if c not in _NOT_MARKERS))}"
                     r"\u2190-\u2bff\U0001f000-\U0001faff](?=\s*[^\s:、,;])"
                     r"|【[^【】:\n]{2,12}】")
_MARKER_RECURS = 3  # a bullet inside lines opens items only where it recurs this often (a 【heading】 twice)


def _markers(view: str, where: "_Lines") -> list[int]:
    """Recurring bullets and 【headings】 inside lines (``…。◆ 公办幼儿园扩容提质…。◆ 义务教育…``)."""
    found: dict[str, list[int]] = {}
    for m in _MARKER.finditer(view):
        p = m.start()
        if where.at_start(p) or where.in_cell(p) or where.in_note(p):
            continue
        j = p - 1
        while j >= 0 and view[j] in _SPACE:
            j -= 1
        if m.group()[0] != "【" and j >= 0 and view[j] in ":、,(" and (
                view[j] != ":" or any(view[max(0, j - 8) : j].endswith(w) for w in _label_words())):
            continue  # 牵头单位：★区民政局、★区财政局: a mark inside a list (具体如下：■ 学有优教 opens a line)
        if m.group()[0] != "【" and (m.group()[0] in _NOT_MARKERS or not is_bullet_glyph(m.group()[0])):
            continue  # an arrow or a mathematical sign is no bullet
        if m.group()[0] == "【" and is_tail_line(m.group()):
            continue  # 【打印本页】【关闭窗口】: the page's buttons, no headings
        found.setdefault(m.group()[0], []).append(p)
    return [p for glyph, ps in found.items() if len(ps) >= (2 if glyph == "【" else _MARKER_RECURS)
            and not _decorates_phrase(view, glyph, ps) for p in ps]


def _decorates_phrase(view: str, glyph: str, positions: list[int]) -> bool:
    """Does a pictograph follow the same words wherever it is printed (已完成年度目标💪 …
    已完成年度目标💪)? Then it decorates that phrase, and opens nothing after it."""
    if glyph in BULLETS or glyph == "【":
        return False
    before = {view[max(0, p - 2) : p] for p in positions}
    return len(before) == 1 and all(c.isalnum() for c in next(iter(before)))


_LABEL_COLON = re.compile(r"(?<=[\u4e00-\u9fff])\s*:")
_RECORD_RECURS = 3  # a label opens a record's line inside a line where it recurs this often


def _record_labels(view: str, where: "_Lines") -> list[int]:
    """Labels of label：value records run together on one line (◆项目一标题：…内容：…责任单位：…
    完成时限：…◆项目二标题：…): a label is the longest run of two to six characters before
    a colon that the line prints before three or more colons; the labels are those of
    records where they recur in one order, each record printing each label once (the
    first label opens every record). Known words or not, each starts a line again."""
    found: list[tuple[int, int]] = []  # (colon, start of the CJK run before it)
    depth_at = None
    for m in _LABEL_COLON.finditer(view):
        p = m.start()
        a = p
        while a > 0 and p - a < 6 and "\u4e00" <= view[a - 1] <= "\u9fff":
            a -= 1
        if p - a < 2 or where.in_cell(a):
            continue
        depth_at = depth_at or _bracket_depth(view)
        if depth_at(a) == 0:  # （责任单位：…） inside a sentence is no record's label
            found.append((p, a))
    if len(found) < 2 * _RECORD_RECURS:
        return []
    counts: dict[str, int] = {}
    for p, a in found:
        for k in range(a, p - 1):
            counts[view[k:p]] = counts.get(view[k:p], 0) + 1
    occurrences: list[tuple[int, str]] = []
    for p, a in found:
        # the longest run that recurs about as often as its last two characters (责任单位,
        # not 单位; 完成时限, not 局完成时限 after every unit ending in 局)
        base = counts[view[p - 2 : p]]
        known = _label_words()
        label = next((view[k:p] for k in range(a, p - 1) if view[k:p] in known), None) or next(
            (view[k:p] for k in range(a, p - 1)
             if counts[view[k:p]] >= max(_RECORD_RECURS, base - max(1, 0.2 * base))), None)
        if label is not None:
            occurrences.append((p - len(label), label))
    chosen: dict[str, int] = {}
    for _, label in occurrences:
        chosen[label] = chosen.get(label, 0) + 1
    # a record's labels recur about as often as one another (one may be left out here
    # and there); a label printed a few times elsewhere (区直各单位：) is none of them
    most = max(chosen.values(), default=0)
    occurrences = [(pos, label) for pos, label in occurrences
                   if chosen[label] >= max(_RECORD_RECURS, most / 2)]
    if len({label for _, label in occurrences}) < 2:
        return []
    opening = occurrences[0][1]
    records: list[list[str]] = []
    for pos, label in occurrences:
        if label == opening or not records:
            records.append([])
        records[-1].append(label)
    if len(records) < _RECORD_RECURS or any(len(r) != len(set(r)) for r in records):
        return []
    # a label that opens its line after a bullet glyph (✅进展：…) is at its line's start
    # already, whichever of its words the run before the colon starts with
    return [pos for pos, _ in occurrences if not where.at_start(pos) and not _after_glyphs(view, where, pos)]


def _after_glyphs(view: str, where: "_Lines", pos: int) -> bool:
    """Is ``view[pos]`` in the first run of letters of its line, after nothing but bullet
    glyphs (✅上半年进展：: the label 进展 sits inside the line's opening run)?"""
    start = where.starts[bisect.bisect_right(where.starts, pos) - 1]
    m = _LEAD.match(view, start, pos)
    k = m.end() if m else start
    glyphs = k
    while glyphs < pos and (is_bullet_glyph(view[glyphs]) or view[glyphs] in "\ufe0f\u200d "):
        glyphs += 1
    return glyphs > k and all("\u4e00" <= c <= "\u9fff" for c in view[glyphs:pos])


# a paragraph's indent (two ideographic spaces) after a sentence end, before a paragraph
# that runs on without another wide gap (a table aligned by spaces has gaps in every row)
# (matched on the text: the view prints ideographic spaces as plain ones, and columns
# aligned by plain spaces are no paragraphs)
_INDENT = re.compile(r"(?<=[。！？；：!?;:”])[ \t]*\u3000{2,}(?=[^\s](?:(?! {2}|\u3000{2}|\t|\n).){19})")


def _indents(text: str) -> list[int]:
    """Paragraph starts of a page flattened to one line: ``…单位。　　今年将…``."""
    return [m.start() for m in _INDENT.finditer(text)]


def _candidates(view: str, where: "_Lines") -> list[_Candidate]:
    """Numbering markers and labels of the view, in order, with their context."""
    out: list[_Candidate] = []
    depth_at = _bracket_depth(view)
    for m in _CANDIDATE.finditer(view):
        p = m.start()
        line_start = where.at_start(p)
        if not line_start and (where.in_cell(p) or where.in_note(p)):
            continue
        if not line_start:
            before = view[p - 1] if p else ""
            if (before in _NOT_BEFORE or before.isascii() and before.isalnum()) \
                    and not _PAGE_NUMBER.search(view, max(0, p - 12), p):
                continue  # (a page's number, - 2 -, that ran into the text ends nothing)
        line_end = view.find("\n", p)
        n = numbering_at(view, p, len(view) if line_end < 0 else line_end)
        if n is None or (not line_start and view.startswith("是", n.rest)):
            continue  # （一）是…；（二）是…: clauses of a sentence (:mod:`.enumerations`)
        if not line_start and depth_at(p) > 0:
            continue  # inside brackets: part of a sentence
        value = ordinal(n.value)
        if value is None:
            continue
        out.append(_Candidate(p, str(n.style), value, line_start or _after_sentence_end(view, p), line_start, n.rest))
    for m in _label_pattern().finditer(view):
        p = m.start()
        if where.at_start(p) or where.in_cell(p) or depth_at(p) > 0:
            continue
        out.append(_Candidate(p, "label", 0, _after_sentence_end(view, p), False, m.end()))
    out.sort(key=lambda c: c.pos)
    return out


def _accept(view: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """The candidates the numbering around them confirms (see the module's description).

    Each style's markers are strung into sequences (1, 2, 3 …; a sequence may start
    again at 1): a marker continues the sequence that waits for its value, the one with
    the most markers at line or sentence starts when several wait. A sequence is a
    run of items when it holds a marker at a line start, or three or more markers, or
    two with one at a sentence start, or one or two that open right after a heading of
    higher rank (its first children; a lone 一、 so where this recurs). Labels are taken after a sentence end that closes a
    numbered paragraph, or after a heading's title."""
    chains: dict[str, list[list[_Candidate]]] = {}
    # the chains waiting for each (style, value), best first (most evidence, then latest
    # marker), each with its evidence counted as it grows: rescanning every chain at each
    # marker made a long numbered list quadratic
    waiting: dict[tuple[str, int], list[tuple[int, int, int, list[_Candidate]]]] = {}
    for k, c in enumerate(candidates):
        if c.style == "label":
            continue
        mine = chains.setdefault(c.style, [])
        ready = waiting.get((c.style, c.value))
        if ready:
            minus_evidence, _, _, chain = heapq.heappop(ready)
            evidence = -minus_evidence
        elif c.line_start or c.strong or c.value == 1 or c.style != "cn":
            chain, evidence = [], 0
            mine.append(chain)
        else:
            continue
        chain.append(c)
        evidence += 1 if c.line_start or c.strong else 0
        heapq.heappush(waiting.setdefault((c.style, c.value + 1), []), (-evidence, -c.pos, k, chain))
    taken: set[int] = set()
    weak_pairs: list[list[_Candidate]] = []
    for mine in chains.values():
        for ch in mine:
            if any(c.line_start for c in ch) or len(ch) >= 3 or (len(ch) == 2 and _evidence(ch)):
                taken.update(id(c) for c in ch)
            elif len(ch) == 2 and ch[0].value == 1 and ch[0].style != "cn" or len(ch) == 1 and ch[0].value == 1:
                weak_pairs.append(ch)
    # two markers without a sentence start: the first children of a heading just before them
    rank = {str(s): k for k, s in enumerate(USUAL_ORDER)}
    numbered = sorted((c for c in candidates if id(c) in taken), key=lambda c: c.pos)
    starts = [c.pos for c in numbered]
    firsts: list[list[_Candidate]] = []
    for ch in weak_pairs:
        k = bisect.bisect_left(starts, ch[0].pos)
        head = numbered[k - 1] if k else None
        if head is not None and _right_after(view, head, ch[0]) and rank.get(ch[0].style, 99) > rank.get(head.style, 99):
            firsts.append(ch)
    # a lone first child (…第二节　职业教育和终身学习一、提升…) counts where headings of its
    # style recur so (a lone 一、 might be a word's end: 统一、规范)
    lone_cn = sum(1 for ch in firsts if len(ch) == 1 and ch[0].style == "cn")
    for ch in firsts:
        if len(ch) == 2 or ch[0].style != "cn" or lone_cn >= 2:
            taken.update(id(c) for c in ch)
    accepted: list[_Candidate] = []
    for c in candidates:  # in order: a label looks at what was taken before it
        prev = accepted[-1] if accepted else None
        if c.style != "label":
            if id(c) in taken:
                accepted.append(c)
        elif prev is not None and (
                _right_after(view, prev, c)
                or (c.strong and prev.style != "label" and "\n" not in view[prev.pos : c.pos])):
            # a label ends the heading's title or the numbered paragraph before it
            accepted.append(c)
    return accepted


def _evidence(chain: list[_Candidate]) -> int:
    return sum(1 for c in chain if c.line_start or c.strong)


def _right_after(view: str, head: _Candidate, c: _Candidate) -> bool:
    """Does ``c`` follow the title of the heading ``head`` (short, no punctuation)?"""
    return 0 <= c.pos - head.rest <= _TITLE_SPAN and not _NO_TITLE.search(view, head.rest, c.pos) \
        and "\n" not in view[head.rest : c.pos]


def _facet_breaks(view: str, accepted: list[_Candidate]) -> list[int]:
    """After a marker put back, a facet sub-heading word run into its text
    (``1．发展目标持续强化…``) ends its line."""
    out: list[int] = []
    pat = _facet_pattern()
    for c in accepted:
        if c.line_start or c.style == "label":
            continue
        m = pat.match(view, c.rest)
        if m and m.end() < len(view) and view[m.end()] not in "\n" + _SENTENCE_END + ",、" + _SPACE:
            out.append(m.end())
    return out


class _Lines:
    """Where lines start, their content after indentation and noise, and table cells."""

    def __init__(self, view: str, tables: list[tuple[int, int]] = ()):
        self.view = view
        self.starts = [0] + [m.end() for m in re.finditer("\n", view)]
        self.tables = sorted(tables)
        delimiters = list(re.finditer(r"[\t|\n]", view))
        self.delimiter_at = [m.start() for m in delimiters]
        self.delimiter = [m.group() for m in delimiters]
        self.sentence_ends = [m.start() for m in re.finditer("[。;]", view)]
        # lines of a table printed one cell per line: a cell opens its line with a tab
        # and goes on over the lines below it up to an empty line
        self.cell_line: list[bool] = []
        for k, a in enumerate(self.starts):
            b = self.starts[k + 1] - 1 if k + 1 < len(self.starts) else len(view)
            blank = not view[a:b].strip()
            opens = view.startswith("\t", a)
            self.cell_line.append(opens or (not blank and k > 0 and self.cell_line[k - 1]))

    def long_lines(self):
        """(start, end) of each line at least :data:`_LONG_LINE` long: a page flattened to one line."""
        ends = [p - 1 for p in self.starts[1:]] + [len(self.view)]
        return [(a, b) for a, b in zip(self.starts, ends) if b - a >= _LONG_LINE]

    def at_start(self, p: int) -> bool:
        """Does ``p`` start its line's content (after indentation, ``[bookmark: …]``, ``?``)?"""
        start = self.starts[bisect.bisect_right(self.starts, p) - 1]
        if start == p:
            return True
        m = _LEAD.match(self.view, start, p)
        return m is not None and m.end() >= p

    def in_note(self, p: int) -> bool:
        """Is ``p`` on a note's line (注：1.…。2.…): what it numbers are its points, not items?"""
        start = self.starts[bisect.bisect_right(self.starts, p) - 1]
        m = _LEAD.match(self.view, start, p)
        if _NOTE.match(self.view, m.end() if m else start, p) is not None:
            return True
        # a note run into the line before its points (…2023年12月底注：1.…；2.…), its sentence going on
        lo = max(start, p - _CELL_SPAN)
        k = max(self.view.rfind("注", lo, p), self.view.rfind("说明", lo, p))
        return k >= 0 and _NOTE.match(self.view, k, p) is not None and "。" not in self.view[k:p]

    def in_cell(self, p: int) -> bool:
        """Is ``p`` inside a table cell: on a line of a table printed one cell per line, or
        between two tabs or pipes of a line?"""
        if self.cell_line[bisect.bisect_right(self.starts, p) - 1]:
            return True
        k = bisect.bisect_right(self.tables, (p, len(self.view) + 1)) - 1
        if k >= 0 and self.tables[k][0] <= p < self.tables[k][1]:
            return True  # a table the document model found, in any layout
        # between two tabs or pipes of a line (a row printed on one line)
        k = bisect.bisect_left(self.delimiter_at, p)
        if not (0 < k < len(self.delimiter) and self.delimiter[k - 1] != "\n" and self.delimiter[k] != "\n"):
            return False
        a, b = self.delimiter_at[k - 1], self.delimiter_at[k]
        # a cell is short and says one or two sentences; a page header's pipe and its
        # footer's hold the whole body between them
        sentences = bisect.bisect_left(self.sentence_ends, b) - bisect.bisect_left(self.sentence_ends, a)
        return b - a <= _CELL_SPAN and sentences <= 2


def _after_sentence_end(view: str, p: int) -> bool:
    j = p - 1
    while j >= 0 and view[j] in _SPACE:
        j -= 1
    while j >= 0 and view[j] in _CLOSERS:
        j -= 1
    return j >= 0 and view[j] in _SENTENCE_END


def _bracket_depth(view: str):
    """depth(p): how many round brackets are open at ``p`` within its line."""
    marks = [(m.start(), m.group()) for m in re.finditer(r"[()\n]", view)]
    positions = [p for p, _ in marks]
    depths: list[int] = []
    d = 0
    for _, ch in marks:
        d = 0 if ch == "\n" else d + 1 if ch == "(" else max(0, d - 1)
        depths.append(d)

    def depth(p: int) -> int:
        k = bisect.bisect_left(positions, p)
        return depths[k - 1] if k else 0

    return depth


@lru_cache(maxsize=1)
def _label_words() -> frozenset[str]:
    """The column and role words of the structure lexicon (完成时限, 责任单位 …)."""
    return frozenset(w for e in entries("columns") for w in e.words) | frozenset(
        w for e in entries("roles") if not e.before for w in e.words)


@lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern[str]:
    """A label: a column or role word of four or more characters and its colon."""
    words = {w for e in entries("columns") for w in e.words} | {w for e in entries("roles") if not e.before for w in e.words}
    return re.compile(rf"(?:{word_alternation([w for w in words if len(w) >= 4])})\s*:")


@lru_cache(maxsize=1)
def _facet_pattern() -> re.Pattern[str]:
    return re.compile(word_alternation([w for e in entries("facets") for w in e.words if len(w) >= 4]))
