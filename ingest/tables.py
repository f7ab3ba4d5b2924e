"""Tables flattened to text: one cell per line (a tab before each cell) or one row
per line (cells separated by tabs), under a header row naming the columns.

Column names are lexicon data (``lexicons/structure.ttl``, scheme ``columns``):
number, title, subtitle, body, deadline and the agency columns lead, cooperating,
responsible. A cell broken over lines stays one cell; a blank line closes a row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mskg.ingest.headings import heading_of
from mskg.ingest.structure_lexicon import words_by_notation
from mskg.ingest.text import Line, is_tail_line


@lru_cache(maxsize=1)
def _column_words() -> dict[str, tuple[str, ...]]:
    return words_by_notation("columns")


@dataclass
class Cell:
    """Content bounds of one cell (original offsets); empty when start == end."""

    start: int
    end: int  # content bounds (original offsets), end exclusive; empty when start == end


@dataclass
class Table:
    """Column notations, rows of cells, and the lines the table occupies."""

    header: list[str]  # column notation per column
    rows: list[list[Cell]]
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


def find_tables(text: str, view: str, lines: list[Line]) -> list[Table]:
    """Flattened tables: a header row of tab-prefixed column names, then rows of cells."""
    words = _column_words()
    tables: list[Table] = []
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
        cells_by_block: list[list[Cell]] = []
        block: list[Cell] = []
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
                block.append(Cell(ln.cstart, ln.end))
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
        rows: list[list[Cell]] = []
        if all(len(b) == ncols for b in cells_by_block):
            rows = cells_by_block
        else:
            flat = [c for b in cells_by_block for c in b]
            if len(flat) % ncols == 0:
                rows = [flat[r : r + ncols] for r in range(0, len(flat), ncols)]
            else:
                rows = [(b + [Cell(b[-1].end, b[-1].end)] * ncols)[:ncols] for b in cells_by_block if b]
        if rows:
            tables.append(
                Table(header, rows, lines[i].start, lines[last_line].end, i, last_line)
            )
        i = max(k, i + 1)
    return tables


def _tab_cells(view: str, ln: Line) -> list[Cell]:
    """Cells of a line whose cells are separated by tabs (offsets of their content)."""
    cells: list[Cell] = []
    pos = ln.start
    raw_end = view.find("\n", ln.start)
    raw_end = len(view) if raw_end < 0 else raw_end
    for part in view[ln.start : raw_end].split("\t"):
        a, b = pos, pos + len(part)
        while a < b and view[a] in " \r":
            a += 1
        while b > a and view[b - 1] in " \r":
            b -= 1
        cells.append(Cell(a, b))
        pos += len(part) + 1
    return cells


def _row_per_line_table(view: str, lines: list[Line], i: int, words) -> Table | None:
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
    rows: list[list[Cell]] = []
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
        cells = _tab_cells(view, row) if has_tabs else [Cell(row.cstart, row.end)]
        if rows and len(rows[-1]) < ncols:
            # the row above broke inside a cell: this line continues that cell
            rows[-1][-1].end = cells[0].end if cells[0].end > cells[0].start else rows[-1][-1].end
            rows[-1].extend(cells[1:])
        elif not has_tabs:
            rows[-1][-1].end = row.end
        else:
            rows.append(cells)
        last = k
    rows = [(r + [Cell(r[-1].end, r[-1].end)] * ncols)[:ncols] for r in rows]
    if not rows:
        return None
    return Table(header, rows, ln.start, lines[last].end, i, last)


