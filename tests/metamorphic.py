"""Metamorphic variants of gold documents: the same content in another layout, with gold to match.

A variant re-renders a document's tables (and its label：value record cards, read as a
table whose header is the labels) in another flattening of LAYOUTS.md A1/A4 (one cell per
line with or without tabs, pipes with and without outer pipes, columns aligned by spaces,
one tab-separated row per line, label：value records, a grid drawn with box characters),
swaps header words for
synonyms of LAYOUTS.md A2 (``data/header_synonyms.json``), swaps numbering styles
(1. ↔ 1、, 1. / 1、 ↔ （1）, 一、 ↔ （一）), or converts the whole page to 繁體 (every
document, prose too).

Tables are found in the original text by a small parser of its own, independent of the
extractor's table reader (a test sharing the reader's code would share its bugs). Gold has
no offsets: every quote the scorer looks up in the text (targets, non-targets) is
re-located in the variant, first as it is, then with line breaks, tabs, pipes and spaces
between its characters allowed to have changed; a quote that cannot be found makes the
variant unusable (:class:`GoldLost`), never silently dropped.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent

# ---------------------------------------------------------------------------------------
# Tables in the original text


@dataclass
class Table:
    """A table found in a text: where it is and what its cells hold."""

    start: int  # offset of its first line
    end: int  # offset just past its last line (the final line break excluded)
    layout: str  # the flattening it was printed in (a key of RENDERERS)
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    header_end: int = 0  # offset just past the header's text

    @property
    def width(self) -> int:
        return max([len(self.header)] + [len(r) for r in self.rows])


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for part in text.split("\n"):
        out.append(_Line(pos, pos + len(part), part))
        pos += len(part) + 1
    return out


_GAP = re.compile(r"(?: {2,}|\u3000+)")
_RULE_CELL = re.compile(r":?-+:?")  # a Markdown delimiter cell: ---, :-:, :--


def _pipe_cells(s: str, outer: bool) -> list[str]:
    """Cells of a pipe row; without outer pipes a row may open or end with an empty cell."""
    s = s.strip()
    if outer and s.startswith("|"):
        s = s[1:]
    if outer and s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


def _is_pipe_row(s: str) -> bool:
    return s.count("|") >= 2 or (s.count("|") == 1 and bool(re.fullmatch(r"[\s|:\-]+", s)))


def _is_tab_row(s: str) -> bool:
    return "\t" in s.lstrip("\t") or (s.startswith("\t") and s.count("\t") >= 2)


def _gap_cells(s: str) -> list[tuple[int, str]]:
    """(display column, cell) of a line whose cells are separated by runs of spaces."""
    out, col, pos = [], 0, 0
    for m in re.finditer(r"[^ \u3000]+(?: [^ \u3000]+)*", s):
        col += _width(s[pos:m.start()])
        out.append((col, m.group(0)))
        col += _width(m.group(0))
        pos = m.end()
    return out


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def find_tables(text: str) -> list[Table]:
    """Every table of ``text`` with at least a header of two cells and one row."""
    lines = _lines(text)
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        found = (_box_table(lines, i) or _csv_table(lines, i) or _cells_per_line(lines, i) or _pipe_table(lines, i)
                 or _tab_table(lines, i)
                 or _gap_table(lines, i) or _record_table(lines, i))
        if found is None:
            i += 1
            continue
        table, i = found
        if len(table.header) >= 2 and table.rows:
            tables.append(table)
    return tables


_BOX_BAR = "│┃║"
_BOX_STROKE = "─━═"


def _box_table(lines: list[_Line], i: int):
    """A table drawn with box characters (┌─┬─┐ │ ├─┼─┤ └─┴─┘): the top rule's junctions
    give the columns (display columns, a Chinese character two wide); a rule closes the
    cells its strokes cross. A row split by rules that leave some cells open (a merged
    cell beside sub-rows) gives the row with its merged cells, then one row per sub-row."""
    if not lines[i].text.startswith(("┌", "┏", "╔")):
        return None
    k = i + 1
    while k < len(lines) and lines[k].text[:1] and "\u2500" <= lines[k].text[0] <= "\u257f":
        k += 1
    if not lines[k - 1].text.startswith(("└", "┗", "╚")) or k - i < 5:
        return None

    def at_columns(s: str) -> dict[int, str]:
        out, col = {}, 0
        for ch in s:
            out[col] = ch
            col += _width(ch)
        return out

    top = at_columns(lines[i].text)
    edges = [c for c, ch in sorted(top.items()) if ch not in _BOX_STROKE]
    spans = list(zip(edges, edges[1:]))
    rows: list[list[str]] = []  # rows of the table, sub-rows included
    texts: dict[int, list[str]] = {}  # column → lines of its open cell
    row: list[tuple[int, int, str]] = []  # (column, band, text) of the cells closed in this row
    band = 0
    header_end = None
    for line in lines[i + 1:k]:
        cells = at_columns(line.text)
        ruled = [any(cells.get(c, " ") in _BOX_STROKE for c in range(a + 1, b)) for a, b in spans]
        if any(ruled):
            header_end = line.start - 1 if header_end is None else header_end
            for j, closed in enumerate(ruled):
                if closed and j in texts:
                    row.append((j, band, "\n".join(texts.pop(j))))
            band += 1
            if all(ruled):
                bands = sorted({b for _, b, _ in row})
                alone = {j for j, _, _ in row if sum(jj == j for jj, _, _ in row) == 1}
                merged = [(j, t) for j, b, t in row if len(bands) > 1 and j in alone and b == bands[-1]]
                if merged:  # a merged cell closes at the row's end: it opens the row
                    rows.append([dict(merged).get(j, "") for j in range(len(spans))])
                for b in bands:
                    cells_b = {j: t for j, bb, t in row if bb == b and (j, t) not in merged}
                    if cells_b:
                        rows.append([cells_b.get(j, "") for j in range(len(spans))])
                row, band = [], 0
            continue
        for j, (a, b) in enumerate(spans):
            if cells.get(a, " ") not in _BOX_BAR:
                continue  # the cell of the column before runs on over this one
            end = next((e for _, e in spans[j:] if cells.get(e, " ") in _BOX_BAR), b)
            piece = "".join(cells.get(c, "") for c in range(a + 1, end)).strip()
            if piece:
                texts.setdefault(j, []).append(piece)
    rows = [[c.strip() for c in r] for r in rows]
    if len(rows) < 2:
        return None
    return Table(lines[i].start, lines[k - 1].end, "box", rows[0], rows[1:], header_end), k


def _cells_per_line(lines: list[_Line], i: int):
    """A1: each cell opens a line with a tab, continuation lines have none, an empty line ends a row."""
    def opens(k):
        return k < len(lines) and lines[k].text.startswith("\t") and "\t" not in lines[k].text[1:]

    if not opens(i):
        return None
    groups: list[list[str]] = []
    start, end, header_end = lines[i].start, lines[i].end, None
    k = i
    while opens(k):
        cells: list[str] = []
        while k < len(lines) and not (lines[k].blank and "\t" not in lines[k].text):
            t = lines[k].text
            if t.startswith("\t"):
                cells.append(t[1:])
            elif cells:
                cells[-1] += "\n" + t
            else:
                break
            end = lines[k].end
            k += 1
        if not cells:
            break
        groups.append(cells)
        if header_end is None:
            header_end = end
        while k < len(lines) and lines[k].blank and "\t" not in lines[k].text:
            k += 1
    if len(groups) < 2:
        return None
    return Table(start, end, "cells_tab", groups[0], groups[1:], header_end), k


def _pipe_table(lines: list[_Line], i: int):
    k = i
    while k < len(lines) and _is_pipe_row(lines[k].text):
        k += 1
    if k - i < 2:
        return None
    outer = lines[i].text.strip().startswith("|")
    rows = [_pipe_cells(l.text, outer) for l in lines[i:k]]
    rows = [r for r in rows if any(r) and not all(_RULE_CELL.fullmatch(c) for c in r if c)]
    if len(rows) < 2:
        return None
    return Table(lines[i].start, lines[k - 1].end, "pipes_outer" if outer else "pipes_inner",
                 rows[0], rows[1:], lines[i].end), k


def _tab_table(lines: list[_Line], i: int):
    def category(k):  # a short line without tabs between rows: a category row (一、教育（2项）)
        return (0 < k - i and k + 1 < len(lines) and not lines[k].blank and "\t" not in lines[k].text
                and len(lines[k].text.strip()) <= 20 and _is_tab_row(lines[k + 1].text)
                and re.match(r"\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])", lines[k].text))

    def continued(k):  # a short line without tabs between two rows: the last cell goes on
        return (rows and k + 1 < len(lines) and not lines[k].blank and "\t" not in lines[k].text
                and len(lines[k].text.strip()) <= 20 and _is_tab_row(lines[k + 1].text) and not category(k))

    k = i
    rows = []
    while k < len(lines) and (_is_tab_row(lines[k].text) or category(k) or continued(k)):
        if continued(k):
            rows[-1][-1] += "\n" + lines[k].text
            k += 1
            continue
        row, j = lines[k].text, k
        while _open_quote(row) and j + 1 < len(lines):  # a quoted cell goes on over lines
            j += 1
            row += "\n" + lines[j].text
        rows.append(_tab_cells(row))
        k = j + 1
    if len(rows) < 2:
        return None
    return Table(lines[i].start, lines[k - 1].end, "tabs_row", rows[0], rows[1:], lines[i].end), k


def _csv_table(lines: list[_Line], i: int):
    """Comma-separated records (a spreadsheet exported as CSV): a header record of three or
    more filled cells, then records while they hold two or more filled cells; a quoted
    cell runs on over lines while its quotes are open."""
    def record(k: int) -> tuple[list[str], int] | None:
        if k >= len(lines) or lines[k].text.count(",") < 2:
            return None
        text, j = lines[k].text, k
        while text.count('"') % 2 and j + 1 < len(lines) and j - k < 20:
            j += 1
            text += "\n" + lines[j].text
        if text.count('"') % 2:
            return None  # a quote of prose, no quoted cell
        cells = next(csv.reader(io.StringIO(text), delimiter=",", quotechar='"', strict=False))
        while cells and not cells[-1].strip():
            cells.pop()
        return cells, j

    head = record(i)
    if (head is None or sum(bool(c.strip()) for c in head[0]) < 3 or not all(c.strip() for c in head[0])
            or any(re.search(r"[。，；：:]", c) or len(c) > 12 for c in head[0])):
        return None  # a header names its columns in short words
    rows, k = [], head[1] + 1
    while (found := record(k)) is not None and sum(bool(c.strip()) for c in found[0]) >= 2 \
            and not found[0][0].startswith("注"):
        rows.append(found[0])
        k = found[1] + 1
    if not rows:
        return None
    return Table(lines[i].start, lines[k - 1].end, "csv", head[0], rows, lines[i].end), k


def _open_quote(row: str) -> bool:
    """Does a tab-separated row end inside a quoted cell ("★区民政局 / 区财政局"), as a
    spreadsheet copies a cell that holds line breaks?"""
    inside = False
    for cell in row.split("\t"):
        body = cell if inside else cell[1:] if cell.startswith('"') else None
        if body is None:
            continue
        trailing = len(body) - len(body.rstrip('"'))
        inside = trailing % 2 == 0
    return inside


def _tab_cells(row: str) -> list[str]:
    """The cells of a tab-separated row; a quoted cell loses its quotes ("" is one quote)."""
    return next(csv.reader([row], delimiter="\t", quotechar='"', strict=False))


_CATEGORY = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])")
_OPEN_END = tuple("、，,；;：:")


def _gap_table(lines: list[_Line], i: int):
    head = _gap_cells(lines[i].text)
    if len(head) < 3 or lines[i].text[:1] in " \u3000":
        return None
    if any(re.search(r"[：:]\s*\S", c) for _, c in head):
        return None  # label：value fields of a page's metadata block, spaced out: no header

    def gap_row(k):  # a row prints at least half the header's cells (第三章　主要任务 is none)
        return (k < len(lines) and len(_gap_cells(lines[k].text)) >= max(2, (len(head) + 1) // 2)
                and bool(_GAP.search(lines[k].text)))

    def category(k):  # 一、幼有所育 alone on its line between rows: a category row
        return (k < len(lines) and len(_gap_cells(lines[k].text)) == 1 and bool(_CATEGORY.match(lines[k].text))
                and gap_row(k + 1))

    def indented(k):  # a line of pieces standing under the columns, the first one empty
        return k < len(lines) and lines[k].text[:1] in " \u3000" and not lines[k].blank

    k = i + 1
    while gap_row(k) or category(k) or (k > i + 1 and indented(k)):
        k += 1
    if k - i < 2:
        return None
    columns = [c for c, _ in head]
    body = [_gap_cells(line.text) for line in lines[i + 1:k]]
    full = [cells for cells in body if len(cells) == len(columns)]
    # aligned: most full rows start their cells under the header labels (a cell with
    # quotes or digits may shift a row by a column or two)
    aligned = bool(full) and sum(
        all(abs(c - h) <= 3 for (c, _), h in zip(cells, columns)) for cells in full) >= 0.8 * len(full)
    rows = []
    for cells in body:
        if len(cells) == 1 and _CATEGORY.match(cells[0][1]):
            rows.append([cells[0][1]] + [""] * (len(columns) - 1))
            continue
        if aligned and rows and cells[0][0] > columns[0] + 1 and len(cells) < len(columns):
            # an indented line: a cell of the row above left open (市发改局、 / 新增托位300个，)
            # goes on over it, each piece in the column it stands under
            placed = [(max((n for n, c in enumerate(columns) if c <= col + 1), default=0), cell)
                      for col, cell in cells]
            above = rows[-1]
            # a cell left open goes on; so does a lone piece under the column that names the
            # row (the second); a lone piece under a later column (a task column beside a
            # project name) is a sub-row of its own (LAYOUTS.md A5)
            if any(above[j] and above[j].endswith(_OPEN_END) for j, _ in placed) or (
                    len(placed) == 1 and placed[0][0] == 1 and above[1]):
                for j, cell in placed:
                    above[j] = f"{above[j]}\n{cell}" if above[j] else cell
                continue
        if len(cells) >= len(columns) or not aligned:
            missing = [""] * (len(columns) - len(cells))
            if re.fullmatch(r"\d{1,4}", cells[0][1]):  # a numbered row lacks its last cells
                rows.append([c for _, c in cells] + missing)
            else:  # an indented row lacks its first cells
                rows.append(missing + [c for _, c in cells])
            continue
        row = [""] * len(columns)
        for col, cell in cells:  # the header column this cell starts under
            j = max((n for n, c in enumerate(columns) if c <= col + 1), default=0)
            row[j] = (row[j] + " " + cell).strip()
        rows.append(row)
    return Table(lines[i].start, lines[k - 1].end, "spaces", [c for _, c in head], rows,
                 lines[i].end), k


_RECORD = re.compile(r"[ \t\u3000]*([\u4e00-\u9fff（）()]{2,10})[：:][ \t\u3000]*(\S.*)")
# inside a record a label may stand with no value (类别： under the first card of a group,
# whose value the first card printed): the cell is empty, not the end of the record
_RECORD_CELL = re.compile(r"[ \t\u3000]*([\u4e00-\u9fff（）()]{2,10})[：:][ \t\u3000]*(\S.*)?")
_RULE_LINE = re.compile(r"[\s—\-=_*·.…]+")
# the number an item's or a group's heading opens with: 27.  27、  十六、  （三）  (3)  第五条
_NUMBERED_HEAD = re.compile(
    r"[ \t\u3000]*(?:\d{1,4}[.．、](?!\d)|[一二三四五六七八九十百]{1,4}、|[（(](?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）]"
    r"|第[一二三四五六七八九十百\d]{1,4}[条章节])")


def _indent(s: str) -> int:
    return len(s) - len(s.lstrip(" \t\u3000"))


def _record_table(lines: list[_Line], i: int):
    """label：value records, three or more labels a record, records apart by empty lines,
    rules or a short marker line (【项目一】); the marker becomes the row's number."""
    def block(k):
        cells = []
        while k < len(lines):
            if m := _RECORD_CELL.fullmatch(lines[k].text):
                if any(label == m.group(1) for label, _ in cells):
                    break  # a card prints each label once: a label met again opens the next card
                cells.append((m.group(1), m.group(2) or ""))
            elif cells and cells[-1][1] and continued(lines[k].text, lines[k - 1].text):
                cells[-1] = (cells[-1][0], cells[-1][1] + lines[k].text.strip())
            else:
                break
            k += 1
        return cells, k

    def continued(t, above):  # a value wrapped onto the next line (…开展送教 / 下乡、送教到校…);
        # a label line indented like a paragraph whose wrap starts further left is prose
        if _indent(t) < _indent(above) or _NUMBERED_HEAD.match(t):
            return False  # a line opening with a number (27.积极开展… / 十六、保障…) heads the next item
        t = t.strip()
        return bool(re.search(r"[\u4e00-\u9fff]", t)) and (len(t) > 12 or t.endswith(("。", "；", "，")))

    def marker(k):
        t = lines[k].text.strip()
        # a short line, or an item's head opening with its number (Ⅰ.城乡供水管网提质改造工程)
        short = len(t) <= 12 or (len(t) <= 24 and re.match(r"[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ\d一二三四五六七八九十]{1,3}[.、．]", t))
        return t.strip("【】[]") if t and short and not _RULE_LINE.fullmatch(t) else None

    k, first_marker, first, start = i, None, i, lines[i].start
    while k < len(lines) and k - i < 3 and not _RECORD_CELL.fullmatch(lines[k].text):
        if not (lines[k].blank or _RULE_LINE.fullmatch(lines[k].text) or marker(k)):
            return None
        if marker(k):  # the last marker line above the first record numbers it; a line
            first_marker, first = marker(k), k  # above that (a section's heading) stays out
        k += 1
    records, markers, end = [], [], None
    pending = first_marker
    while k < len(lines):
        cells, after = block(k)
        if len(cells) < 3:
            break
        records.append(cells)
        markers.append(pending)
        end, k, pending = lines[after - 1].end, after, None
        gap = 0
        while k < len(lines) and gap < 3 and not _RECORD_CELL.fullmatch(lines[k].text):
            if not (lines[k].blank or _RULE_LINE.fullmatch(lines[k].text) or marker(k)):
                break
            pending = marker(k) or pending
            k, gap = k + 1, gap + 1
    if first_marker and len(records) > 2 and not any(markers[1:]):
        markers, first_marker = [None] * len(records), None  # a note above the first record only
        # (（共12项） under the annex title) numbers nothing: it stays out of the table
        start = lines[next(n for n in range(i, len(lines)) if _RECORD_CELL.fullmatch(lines[n].text))].start
    labels = [label for label, _ in records[0]] if records else []
    if len(records) < 2 or any([label for label, _ in r] != labels for r in records):
        return None
    header = (["序号"] if any(markers) else []) + labels
    rows = [([m or ""] if any(markers) else []) + [v for _, v in r] for m, r in zip(markers, records)]
    if not first_marker:
        first = next(n for n in range(i, len(lines)) if _RECORD_CELL.fullmatch(lines[n].text))
    return Table(lines[first].start if first_marker else start, end, "records", header, rows,
                 lines[first].end), k


# ---------------------------------------------------------------------------------------
# Rendering a table in each flattening


def _one_line(cell: str) -> str:
    """A cell printed on several lines, on one: units listed one per line are joined by 、,
    a broken header or sentence is joined as it was written."""
    parts = [p.strip() for p in cell.split("\n") if p.strip()]
    if len(parts) < 2:
        return parts[0] if parts else ""

    def name_like(x: str) -> bool:
        return len(x) <= 20 and not re.search(r"[，。；：,;:]", x) and not x.startswith(("（", "("))

    out = parts[0]
    for prev, p in zip(parts, parts[1:]):
        listed = name_like(p) and (name_like(prev) or prev.endswith(("）", ")"))) and not out.endswith("、")
        out += ("、" if listed else "") + p
    return out


def _padded(table: Table) -> tuple[list[str], list[list[str]]]:
    w = table.width
    header = table.header + [""] * (w - len(table.header))
    rows = [r + [""] * (w - len(r)) for r in table.rows]
    return header, rows


def render_cells_tab(table: Table) -> str:
    header, rows = _padded(table)
    blocks = ["\n".join("\t" + c for c in row) for row in [header] + rows]
    return "\n\n".join(blocks) + "\n"


def render_cells_notab(table: Table) -> str:
    """One cell per line, no tabs: the header's cell count gives the row period; an empty
    cell is an empty line."""
    header, rows = _padded(table)
    return "\n".join(_one_line(c) for row in [header] + rows for c in row)


def _render_pipes(table: Table, outer: bool) -> str:
    header, rows = _padded(table)
    rule = ["---" for _ in header]
    lines = [" | ".join(row) for row in [[_one_line(c) for c in header], rule]
             + [[_one_line(c) for c in r] for r in rows]]
    return "\n".join(f"| {line} |" if outer else line for line in lines)


def render_pipes_outer(table: Table) -> str:
    return _render_pipes(table, outer=True)


def render_pipes_inner(table: Table) -> str:
    return _render_pipes(table, outer=False)


def render_spaces(table: Table) -> str:
    """Columns aligned by spaces (display width: a Chinese character takes two); an empty
    cell is a wide gap."""
    header, rows = _padded(table)
    grid = [[_one_line(c) for c in row] for row in [header] + rows]
    widths = [max(_width(r[j]) for r in grid) for j in range(len(header))]
    lines = []
    for r in grid:
        line = "".join(c + " " * (widths[j] - _width(c) + 2) for j, c in enumerate(r))
        lines.append(line.rstrip())
    return "\n".join(lines)


def render_tabs_row(table: Table) -> str:
    header, rows = _padded(table)
    return "\n".join("\t".join(_one_line(c) for c in row) for row in [header] + rows)


def render_records(table: Table) -> str:
    """label：value lines, one record per row, records apart by an empty line; a row with a
    single filled cell (a category row) is printed as a line of its own."""
    header, rows = _padded(table)
    labels = [_one_line(h) for h in header]
    blocks = []
    for row in rows:
        filled = [(labels[j], _one_line(c)) for j, c in enumerate(row) if c.strip()]
        if len(filled) == 1:
            blocks.append(filled[0][1])
        elif filled:
            blocks.append("\n".join(f"{label}：{value}" for label, value in filled))
    return "\n\n".join(blocks) + "\n"


def render_box(table: Table) -> str:
    """A grid drawn with box characters (┌─┬─┐ │ ├─┼─┤ └─┴─┘), as Word prints a table to
    text: columns as wide as their widest line (a Chinese character two wide), a cell's
    lines (units one per line) stacked inside it, a rule under every row."""
    header, rows = _padded(table)
    grid = [[[p.strip() for p in c.split("\n") if p.strip()] or [""] for c in row] for row in [header] + rows]
    widths = [max(_width(p) for r in grid for p in r[j]) for j in range(len(header))]

    def rule(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * w for w in widths) + right

    out = [rule("┌", "┬", "┐")]
    for n, row in enumerate(grid):
        for k in range(max(len(c) for c in row)):
            out.append("│" + "│".join((c[k] if k < len(c) else "") + " " * (widths[j] - _width(c[k] if k < len(c) else ""))
                                      for j, c in enumerate(row)) + "│")
        out.append(rule("├", "┼", "┤") if n < len(grid) - 1 else rule("└", "┴", "┘"))
    return "\n".join(out)


RENDERERS = {
    "cells_tab": render_cells_tab,
    "cells_notab": render_cells_notab,
    "pipes_outer": render_pipes_outer,
    "pipes_inner": render_pipes_inner,
    "spaces": render_spaces,
    "tabs_row": render_tabs_row,
    "records": render_records,
    "box": render_box,
}


# ---------------------------------------------------------------------------------------
# Header synonyms and numbering styles


@lru_cache(maxsize=1)
def header_synonyms() -> dict[str, str]:
    """header word → the next word of its group (LAYOUTS.md A2), cyclically."""
    groups = json.loads((HERE / "data" / "header_synonyms.json").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for key, words in groups.items():
        if key.startswith("_") or len(words) < 2:
            continue
        for n, w in enumerate(words):
            out[w] = words[(n + 1) % len(words)]
    return out


def _header_key(cell: str) -> str:
    return "".join(unicodedata.normalize("NFKC", cell).split()).replace("(", "（").replace(")", "）")


_AR = r"\d{1,3}"
_CN = r"[一二三四五六七八九十]{1,3}"
NUMBERINGS = {
    # variant → [(pattern at a line start, replacement)], applied in one pass per line
    # (a number list such as `3、4` or `10、12` numbers two rows: it is kept, `3.4` would be a decimal)
    "num_dot_comma": [(rf"({_AR})[.．](?!\d)", r"\1、"), (rf"({_AR})、(?!\d)", r"\1.")],
    "num_arabic_paren": [(rf"({_AR})(?:[.．](?!\d)|、(?!\d))", r"（\1）"), (rf"[（(]({_AR})[)）]", r"\1、")],
    "num_cn_paren": [(rf"({_CN})、", r"（\1）"), (rf"[（(]({_CN})[)）]", r"\1、")],
}


def _renumber(text: str, rules) -> tuple[str, int]:
    compiled = [(re.compile(r"^([ \t\u3000]*)" + p), r) for p, r in rules]
    out, changed = [], 0
    for line in text.split("\n"):
        for pat, repl in compiled:
            m = pat.match(line)
            if m:
                line = m.group(1) + m.expand(repl.replace(r"\1", r"\2")) + line[m.end():]
                changed += 1
                break
        out.append(line)
    return "\n".join(out), changed


# ---------------------------------------------------------------------------------------
# Variants with their gold


class GoldLost(Exception):
    """A gold quote of the original cannot be found in the variant."""


@dataclass
class Variant:
    name: str
    text: str
    gold: dict


def _hant(s: str) -> str:
    import zhconv

    return zhconv.convert(s, "zh-hant")


def _relocate(quote: str, text: str) -> str | None:
    """The quote as printed in the variant ``text``: as it is, else with the whitespace,
    pipes and 、 between its characters changed, and with anything short (a record's label,
    an alignment gap) between the parts of a quote that spanned several cells."""
    if quote in text:
        return quote
    if '""' in quote and quote.replace('""', '"') in text:
        return quote.replace('""', '"')  # a quote inside a CSV cell, printed doubled there
    label = _RECORD.fullmatch(quote)
    if label and label.group(2) in text:  # 总投资：1.6亿元 of a record, now a table cell
        return label.group(2)
    pieces = [p for p in re.split(r"[\s|]+", quote) if p]
    if not pieces:
        return None
    inside = r"[\s|、]*"
    pattern = r"[\s\S]{0,40}?".join(inside.join(re.escape(c) for c in p) for p in pieces)
    m = re.search(pattern, text)
    return m.group(0) if m else None


def _with_gold(name: str, original: str, text: str, gold: dict, convert=None) -> Variant:
    gold = copy.deepcopy(gold)
    if convert is not None:
        for m in gold["measures"]:
            m["title"] = convert(m["title"])
            m["lead_agencies"] = [convert(a) for a in m["lead_agencies"]]
            m["cooperating_agencies"] = [convert(a) for a in m["cooperating_agencies"]]
            m["agencies_full"] = {convert(k): v for k, v in m["agencies_full"].items()}
    for key in ("targets", "non_targets"):
        for t in gold.get(key, []):
            quote = convert(t["quote"]) if convert else t["quote"]
            found = _relocate(quote, text)
            if found is None and convert is not None and len(text) == len(original):
                at = original.find(t["quote"])  # a same-length conversion: same offsets
                found = text[at:at + len(t["quote"])] if at >= 0 else None
            if found is None:
                raise GoldLost(f"{name}: {key} quote {t['quote']!r} is not in the variant")
            t["quote"] = found
    return Variant(name, text, gold)


def table_variants(text: str, gold: dict) -> list[Variant]:
    """The document with every table re-rendered in each flattening, and with its header
    words swapped for synonyms; none when it has no table."""
    tables = find_tables(text)
    if not tables:
        return []
    out = []
    for layout, render in RENDERERS.items():
        pieces, pos = [], 0
        for t in tables:
            pieces += [text[pos:t.start], render(t).rstrip("\n")]
            pos = t.end
        variant = "".join(pieces) + text[pos:]
        out.append(_with_gold(layout, text, variant, gold))
    synonyms = header_synonyms()
    pieces, pos, swapped = [], 0, 0
    for t in tables:
        # a header is printed once, at the top; a record's labels are printed in every record
        stop = t.end if t.layout == "records" else t.header_end
        head = text[t.start:stop]
        # every header cell swapped at once (a word swapped in must not be swapped again)
        swap = {cell: other for cell in set(t.header)
                if cell.strip() and cell in head and (other := synonyms.get(_header_key(cell)))}
        if swap:
            words = "|".join(re.escape(c) for c in sorted(swap, key=len, reverse=True))
            if t.layout == "records":
                head = re.sub(rf"(?m)^([ \t\u3000]*)({words})(?=[：:])", lambda m: m.group(1) + swap[m.group(2)], head)
            else:
                head = re.sub(words, lambda m: swap[m.group(0)], head)
            swapped += len(swap)
        pieces += [text[pos:t.start], head]
        pos = stop
    if swapped:
        out.append(_with_gold("header_synonyms", text, "".join(pieces) + text[pos:], gold))
    return out


def list_variants(text: str, gold: dict) -> list[Variant]:
    """The document with its numbering styles swapped; none for a style it does not use."""
    out = []
    for name, rules in NUMBERINGS.items():
        variant, changed = _renumber(text, rules)
        if changed >= 2:
            out.append(_with_gold(name, text, variant, gold))
    return out


def hant_variant(text: str, gold: dict) -> Variant:
    """The whole page in 繁體, gold titles, quotes and printed names converted alike."""
    return _with_gold("hant", text, _hant(text), gold, convert=_hant)


def bears_table_or_list(text: str) -> bool:
    return bool(find_tables(text)) or any(_renumber(text, r)[1] >= 2 for r in NUMBERINGS.values())


def variants(text: str, gold: dict) -> list[Variant]:
    """Every variant of a document: its tables in other flattenings and its lists in other
    numbering styles (when it has any), and the whole page in 繁體."""
    return table_variants(text, gold) + list_variants(text, gold) + [hant_variant(text, gold)]
