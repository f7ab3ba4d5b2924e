r"""Lines a printed page broke: paragraphs joined again, page furniture left out.

Text taken from a PDF or by OCR keeps the layout of its pages. Every line of a
paragraph ends where the page's line was full, inside a sentence and even inside a
word (``由县民政局牵`` / ``头，县财政局配合``), and a page's number with its running header
(``— 2 —`` / ``某县人民政府常务会议纪要``) stands between two lines of one sentence or
between the rows of a table. Every reader of mskg reads lines, so such a text is read
with those breaks and that furniture taken out (:func:`join_wraps`); the offsets of
what is found are mapped back to the text as printed (:class:`Joined`), so provenance
quotes keep the breaks as printed.

A document is hard-wrapped when many of its lines are about as wide as its widest ones
and end inside a sentence (no 。；：！？ at the end) while the next line goes on with it. Then
such a line joins the next one, unless the next one is indented (a paragraph's first
line), opens with a numbering marker or a bullet, or belongs to a table. A page's
furniture is a page number on a line of its own (:func:`mskg.ingest.text.is_page_line`),
the blank lines around it, and the line after it when the same line follows every page
number (a running header). It is left out in any document; where a hard-wrapped line
runs on across it, the two sides join.

>>> text = ("一、关于民生实事\n　　会议议定：由县民政局牵\n头，县财政局配合，各乡镇抓\n好落实。年内新建养老服务中\n"
...         "心2个，新增床位200张，改造\n乡镇敬老院5所，提升护理能\n力，新建老年助餐点10个\n\n— 2 —\n\n某县纪要\n\n，惠及困难老年人3000人\n"
...         "次。\n\n— 3 —\n\n某县纪要\n\n二、关于其他事项\n")
>>> j = join_wraps(text)
>>> print(j.text)
一、关于民生实事
　　会议议定：由县民政局牵头，县财政局配合，各乡镇抓好落实。年内新建养老服务中心2个，新增床位200张，改造乡镇敬老院5所，提升护理能力，新建老年助餐点10个，惠及困难老年人3000人次。
二、关于其他事项
<BLANKLINE>
>>> k = j.text.index("头")
>>> text[j.original(k) - 2 : j.original_end(k + 1)]
'牵\n头'
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from mskg.ingest.headings import heading_of, marker_of
from mskg.ingest.line_breaks import Rebroken
from mskg.ingest.text import Line, display_width, is_page_line, lines_of, normalised

_SENTENCE_END = "。;:!?"  # on the view, where ；：！？ are half-width
_PAGE_QUANTILE = 0.9  # the page's width is that of the line at this quantile of the lines' widths
_MIN_PAGE = 24  # a page narrower than this (in half-width columns) is never taken as hard-wrapped
_FULL = 0.8  # a line at least this share of the page's width is full
_MIN_WRAPS = 5  # a document is hard-wrapped with at least this many full lines running on …
_WRAP_SHARE = 0.2  # … making at least this share of its lines


@dataclass(frozen=True)
class Joined(Rebroken):
    """The text with the breaks of full lines and the page furniture taken out: the
    stretches of the original left out (``removed``, ascending) map offsets back."""

    removed: tuple[tuple[int, int], ...] = ()
    at: tuple[int, ...] = ()  # where each stretch was, in offsets of :attr:`text`
    shift: tuple[int, ...] = ()  # characters left out up to and including each stretch

    def original(self, offset: int) -> int:
        """The offset in the original text of ``offset`` in :attr:`text` (a character
        right after a stretch left out maps to its place after the stretch)."""
        k = bisect.bisect_right(self.at, offset)
        return offset + (self.shift[k - 1] if k else 0)

    def original_end(self, offset: int) -> int:
        """The end of a span ending at ``offset``: a stretch left out right after its
        last character stays outside it."""
        k = bisect.bisect_left(self.at, offset)
        return offset + (self.shift[k - 1] if k else 0)


def join_wraps(text: str, view: str | None = None, lines: list[Line] | None = None,
               tables: list[tuple[int, int]] = ()) -> Joined | None:
    """``text`` with hard wraps joined and page furniture left out, or ``None`` when it
    has neither. ``tables``: lines (first, last index) of the tables found in it, whose
    rows are never joined. The page's width (in half-width columns) is that of the line at
    :data:`_PAGE_QUANTILE` of the widths of the lines outside tables."""
    view = normalised(text) if view is None else view
    lines = lines_of(text, view) if lines is None else lines
    in_table = {k for a, b in tables for k in range(a, b + 1)}
    furniture = _furniture(view, lines)
    content = [ln for ln in lines if not ln.blank and ln.index not in furniture]
    if not content:
        return None
    widths = sorted(display_width(view[ln.cstart : ln.end]) for ln in content if ln.index not in in_table)
    page = widths[int(_PAGE_QUANTILE * (len(widths) - 1))] if widths else 0

    def runs_on(a: Line, b: Line) -> bool:
        """Does line ``a`` break a sentence that line ``b`` goes on with?"""
        return (a.index not in in_table and b.index not in in_table and page >= _MIN_PAGE
                and display_width(view[a.cstart : a.end]) >= _FULL * page
                and view[a.end - 1] not in _SENTENCE_END
                and b.cstart == b.start and heading_of(b, view) is None and marker_of(b, view) is None)

    pairs = list(zip(content, content[1:]))
    wraps = sum(1 for a, b in pairs if runs_on(a, b) and b.index == a.index + 1)
    wrapped = wraps >= _MIN_WRAPS and wraps >= _WRAP_SHARE * len(content)
    removed: list[tuple[int, int]] = []
    for a, b in pairs:
        between = range(a.index + 1, b.index)
        paged = any(k in furniture for k in between)
        if wrapped and runs_on(a, b) and (paged or not between):
            removed.append((a.end, b.start))  # the sentence runs on: one line
        elif paged:
            removed.append((lines[a.index + 1].start, b.start))  # the page's furniture: a line break
    if not removed:
        return None
    pieces, at, shift, pos, gone = [], [], [], 0, 0
    for s, e in removed:
        pieces.append(text[pos:s])
        at.append(s - gone)
        gone += e - s
        shift.append(gone)
        pos = e
    pieces.append(text[pos:])
    return Joined("".join(pieces), (), tuple(removed), tuple(at), tuple(shift))


def _furniture(view: str, lines: list[Line]) -> set[int]:
    """Indices of the lines of page furniture between two lines of text: page numbers,
    the blank lines around them, and a running header (the same line after every page
    number). A page number after the last line of text is left alone."""
    pages = [ln.index for ln in lines if not ln.blank and is_page_line(ln.content(view))]
    if not pages:
        return set()
    after: dict[int, int] = {}  # page number line → the first line with text after it
    for k in pages:
        nxt = next((ln for ln in lines[k + 1 :] if not ln.blank), None)
        if nxt is not None:
            after[k] = nxt.index
    seen: dict[str, int] = {}
    for k in after.values():
        c = lines[k].content(view)
        seen[c] = seen.get(c, 0) + 1
    out: set[int] = set()
    for k in pages:
        if k not in after:
            continue  # the last page's number ends the text
        block = [k]
        j = k - 1
        while j >= 0 and lines[j].blank:
            block.append(j)
            j -= 1
        j = k + 1
        while j < len(lines) and lines[j].blank:
            block.append(j)
            j += 1
        header = after[k]
        if seen[lines[header].content(view)] >= 2 and not is_page_line(lines[header].content(view)):
            block.append(header)
            j = header + 1
            while j < len(lines) and lines[j].blank:
                block.append(j)
                j += 1
        out.update(block)
    return out
