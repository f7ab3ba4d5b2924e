"""Tables drawn with rules: box-drawing characters (┌─┬─┐ │ ├─┼─┤ └─┴─┘, as Word and
console tools print a table to text) or their ASCII form (+----+ and |).

Such a table is read by its geometry, not by its words: the display columns where the
vertical bars and junctions stand give the column boundaries (a Chinese character takes
two columns); each line between rules gives one line of text to every cell it crosses;
a rule line closes the cells under its horizontal strokes and leaves open those it does
not cross. So a cell printed over several lines is gathered piece by piece, even though
its lines alternate with those of the cells beside it, and a merged cell shows as a cell
that no rule closes while the cells beside it are closed and opened again.

A row (between rules that cross every column) whose cells beside a merged cell are split
by partial rules gives one row with its merged cells (the item: 4 | 居家养老服务提质) and
then one row per band of split cells, their merged columns empty (sub-rows continuing
the item above, LAYOUTS.md A3/A5). A line that crosses every column without a bar is a
row of one cell (一、幼有所育: a category row).

>>> from mskg.ingest.text import lines_of, normalised
>>> text = ("┌────┬────────┬────────┐\\n"
...         "│序号│项目名称│牵头单位│\\n"
...         "├────┼────────┼────────┤\\n"
...         "│1   │新建食堂│区民政局│\\n"
...         "│    │        │区财政局│\\n"
...         "└────┴────────┴────────┘\\n")
>>> view = normalised(text)
>>> t = grid_table(text, view, lines_of(text, view), 0)
>>> t.layout, t.header, [[[text[a:b] for a, b in c.pieces()] for c in r] for r in t.rows]
('grid', ['number', 'title', 'lead'], [[['1'], ['新建食堂'], ['区民政局', '区财政局']]])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mskg.ingest.text import Line, char_width

_VERTICAL = frozenset("│┃║╎╏┆┇┊┋|")
_HORIZONTAL = frozenset("─━═╌╍┄┅┈┉-=")


def _box(ch: str) -> bool:
    return "\u2500" <= ch <= "\u257f"


def _rule_char(ch: str, ascii_: bool) -> bool:
    return _box(ch) or (ascii_ and ch in "+-=|:")


def _is_rule(content: str, ascii_: bool) -> bool:
    """A line drawing rules only (junctions, strokes, bars, spaces), at least one stroke."""
    s = content.strip()
    return bool(s) and all(_rule_char(c, ascii_) or c == " " for c in s) and any(c in _HORIZONTAL for c in s)


def _columns_of(view: str, start: int, end: int) -> list[int]:
    """The display column of every character of ``view[start:end]``, and of ``end``."""
    out = []
    col = 0
    for i in range(start, end):
        out.append(col)
        col += char_width(view[i])
    out.append(col)
    return out


@dataclass
class _Open:
    """A cell being gathered: its first column, its span, its pieces and first line."""

    col: int
    span: int
    first: int  # index of its first line in the grid
    pieces: list[tuple[int, int]] = field(default_factory=list)
    last: int = 0


def _opens_grid(view: str, ln: Line) -> bool | None:
    """Does the line open a ruled table (its top rule)? True for box drawing, False for
    ASCII (+---+), None when it opens none."""
    first = view[ln.cstart : ln.cstart + 1]
    if not first or not (_box(first) or first == "+"):
        return None
    s = view[ln.cstart : ln.end].rstrip()
    if len(s) < 3:
        return None
    if _box(s[0]) and s[0] not in _VERTICAL and _is_rule(s, False):
        return True
    if s[0] == "+" and s[-1] == "+" and _is_rule(s, True) and s.count("+") >= 3:
        return False
    return None


def grid_table(text: str, view: str, lines: list[Line], i: int):
    """The ruled table whose top rule is line ``i`` (see the module docstring), or None.
    Display columns are counted on ``text`` as printed (the normalised ``view`` makes
    full-width punctuation half-width, which would move the bars after it)."""
    kind_of = _opens_grid(view, lines[i])
    if kind_of is None:
        return None
    from mskg.ingest.tables import Cell, Table, _header

    ascii_ = not kind_of
    bars = _VERTICAL if not ascii_ else frozenset("|")
    # the block: rule lines and lines opening with a bar
    k = i
    block: list[tuple[Line, bool]] = []  # (line, is a rule)
    while k < len(lines):
        ln = lines[k]
        s = view[ln.cstart : ln.end].rstrip()
        if not s:
            break
        if _is_rule(s, ascii_):
            block.append((ln, True))
        elif s[0] in bars:
            block.append((ln, False))
        else:
            break
        k += 1
    while block and not block[-1][1]:
        block.pop()  # a table ends with its bottom rule
    if len(block) < 4:
        return None
    # column boundaries: where bars and junctions stand, in display columns
    cols_of = {ln.index: _columns_of(text, ln.start, ln.end) for ln, _ in block}
    seen: set[int] = set()
    for ln, rule in block:
        cols = cols_of[ln.index]
        for p in range(ln.start, ln.end):
            ch = view[p]
            if (ch in bars) or (rule and ch not in _HORIZONTAL and ch != " " and _rule_char(ch, ascii_)):
                seen.add(cols[p - ln.start])
    bounds: list[int] = []
    for c in sorted(seen):
        if not bounds or c - bounds[-1] > 1:
            bounds.append(c)
    ncols = len(bounds) - 1
    if ncols < 2:
        return None

    def boundary(col: int) -> int:
        return min(range(len(bounds)), key=lambda b: abs(bounds[b] - col))

    # gather cells: a rule closes the cells under its strokes
    open_cells: dict[int, _Open] = {}
    closed: list[_Open] = []
    rows_bands: list[list[_Open]] = []  # the cells of each row between full rules
    row_cells: list[_Open] = []
    band_starts: list[int] = []  # grid line indices where the bands of the current row start
    for g, (ln, rule) in enumerate(block):
        cols = cols_of[ln.index]
        if rule:
            ruled = set()
            for c in range(ncols):
                a, b = bounds[c], bounds[c + 1]
                if any(view[p] in _HORIZONTAL for p in range(ln.start, ln.end) if a < cols[p - ln.start] < b):
                    ruled.add(c)
            for c in list(open_cells):
                cell = open_cells[c]
                if any(x in ruled for x in range(cell.col, cell.col + cell.span)):
                    closed.append(open_cells.pop(c))
            if len(ruled) == ncols:  # a full rule: the row ends
                if row_cells:
                    rows_bands.append(row_cells)
                row_cells = []
                band_starts = []
            elif ruled:
                band_starts.append(g + 1)
            continue
        # a line of text: the piece of each cell it crosses
        marks = [p for p in range(ln.start, ln.end) if view[p] in bars]
        for a, b in zip(marks, marks[1:]):
            c0, c1 = boundary(cols[a - ln.start]), boundary(cols[b - ln.start])
            if c1 <= c0:
                continue
            s, e = a + 1, b
            while s < e and view[s] in " \u3000\t":
                s += 1
            while e > s and view[e - 1] in " \u3000\t":
                e -= 1
            cell = open_cells.get(c0)
            if cell is None or cell.span != c1 - c0:
                if cell is not None:
                    closed.append(cell)
                cell = open_cells[c0] = _Open(c0, c1 - c0, g)
                row_cells.append(cell)
            if e > s:
                cell.pieces.append((s, e))
            cell.last = g
    if row_cells:
        rows_bands.append(row_cells)
    if len(rows_bands) < 2:
        return None

    def as_cell(cell: _Open | None, at: int) -> Cell:
        if cell is None or not cell.pieces:
            return Cell(at, at)
        (s, e), *more = cell.pieces
        return Cell(s, e, list(more))

    def row_of(cells: list[_Open], at: int) -> list[Cell]:
        out = [as_cell(None, at) for _ in range(ncols)]
        for cell in cells:
            out[cell.col] = as_cell(cell, at)
        return out

    table_rows: list[list[Cell]] = []
    for cells in rows_bands:
        at = next((cell.pieces[0][0] for cell in cells if cell.pieces), block[0][0].start)
        firsts = sorted({cell.first for cell in cells})
        if len(firsts) == 1:
            table_rows.append(row_of(cells, at))
            continue
        # split by partial rules: the cells alone in their column all along the row are
        # merged cells, the others are split into bands
        top = firsts[0]
        merged = [cell for cell in cells if cell.first == top
                  and not any(other.col == cell.col and other is not cell for other in cells)]
        table_rows.append(row_of(merged, at))
        rest = [cell for cell in cells if cell not in merged]
        for f in sorted({cell.first for cell in rest}):
            band = [cell for cell in rest if cell.first == f]
            b_at = next((cell.pieces[0][0] for cell in band if cell.pieces), at)
            table_rows.append(row_of(band, b_at))
    head, *body = table_rows
    labels = head
    found = _header([" ".join(view[a:b] for a, b in c.pieces()) if c.end > c.start else "" for c in labels])
    if found is None:
        return None
    header, kind = found
    first, last = block[0][0], block[-1][0]
    return Table(header, body, first.start, last.end, first.index, last.index, labels=labels, kind=kind,
                 layout="grid", reading=f"{ncols} columns where the bars stand, cells closed by the rules under them")
