"""Tables flattened to text, in the four layouts scraped pages leave them in:

- ``cells``: one cell per line, a tab before each cell, rows separated by blank
  lines (a cell may run on over lines without the tab); indicator and project
  tables also appear without the tabs, one cell per line;
- ``tabs``: one row per line, cells separated by tabs;
- ``pipes``: one row per line, cells separated by ``|`` (with or without outer
  pipes and a ``---`` rule under the header);
- ``spaces``: one row per line, cells separated by runs of two or more spaces;
- ``records``: each row a record of ``label：value`` lines (项目名称：… / 责任单位：…);
- ``csv``: comma-separated records, a quoted cell running over lines
  (:mod:`mskg.ingest.delimited`);
- ``space``: one row per line, cells joined by single spaces, an empty cell leaving two
  spaces side by side (:mod:`mskg.ingest.delimited`);
- ``grid``: a table drawn with rules (┌─┬─┐ │ ├─┼─┤, or +---+ and |), read by the
  display columns of its bars and the cells its rules close (:mod:`mskg.ingest.grids`):
  cells printed over several lines beside each other, merged cells beside sub-rows.

A table starts at a header row whose cells name known columns (lexicon data:
``lexicons/structure.ttl``, scheme ``columns``). What the table is follows from its
columns:

- ``indicator``: an indicator column and a target column (目标值, or the later of two
  year columns 2020年 / 2025年): each row is a target, read by
  :mod:`mskg.ingest.target_tables`; rows are no items;
- ``project``: a title column and an investment column (总投资（亿元）): each row is a
  project, its investment a target;
- ``list``: a title, sub-title or content column with other known columns (序号,
  牵头单位, 完成时限 …): each row is a measure of the list;
- ``assignment``: a number column and unit columns but nothing naming the item
  (序号 | 责任单位 | 责任领导): each row gives the units of the items printed
  elsewhere under that number (``5、6`` names two).

Rows that lost their leading (merged) cells, such as an indicator row under a
category cell printed once, are padded at the left in indicator tables; elsewhere
a short row is padded at the right.

>>> from mskg.ingest.text import lines_of, normalised
>>> text = "指标  单位  2020年  2025年\\n养老床位数  张  5000  6400\\n"
>>> (t,) = find_tables(text, normalised(text), lines_of(text))
>>> t.kind, t.layout, t.header
('indicator', 'spaces', ['indicator', 'unit', 'baseline', 'target'])
>>> [text[c.start:c.end] for c in t.rows[0]]
['养老床位数', '张', '5000', '6400']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from mskg.ingest.headings import ROMAN_NUMERALS, Heading, heading_of, ordinal
from mskg.ingest.structure_lexicon import entries
from mskg.ingest.text import Line, display_width, is_metadata_line, is_tail_line

# longest header cell, in characters (总投资（万元）, 实施内容及工作目标)
_HEADER_CELL = 16
_YEAR = re.compile(r"(?:19|20)\d{2}")
_SPACE_RUN = re.compile(r" {2,}")
_PIPE_RULE = re.compile(r"^[\s|:：\-—=+]*$")
# lines that end a table printed one row per line: a note, an annex, a table title
_TABLE_END = re.compile(r"注\s*[:：\d]|说明\s*[:：]|附\s*[件表录]|表\s*\d|资料来源|数据来源")
_TITLE_COLUMNS = ("title", "subtitle", "body")
# headings that never open a table row (a row may open with 1 or 一、 as its number)
_PART_STYLES = ("part", "chapter", "section", "box")
# headings that open a part of the document: after a table's last cell, they end the table
_SECTION_STYLES = ("part", "chapter", "section", "cn", "pcn")
# a row's number as printed: 3, 一、, 项目三, 第3项, 【项目一】, No.3 (group 1: the number itself)
_NUMBER_CELL = re.compile(
    r"[【\[(]?\s*((?:项目|事项|实事|第)?\s*(?:\d{1,4}|[一二三四五六七八九十百]{1,4})\s*(?:项|个|件)?"
    r"|No\.?\s*\d{1,4})\s*[】\])]?\s*[、.:]?"
)


@dataclass(frozen=True)
class _Column:
    notation: str
    words: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def _columns() -> tuple[_Column, ...]:
    return tuple(_Column(e.notation, e.words, e.patterns) for e in entries("columns"))


@dataclass
class Cell:
    """Content bounds of one cell (original offsets); empty when start == end.

    ``more``: the further pieces of a cell that wraps onto the next lines beside the
    other cells of its row (a table laid out by spaces, as PDF text prints it)."""

    start: int
    end: int
    more: list[tuple[int, int]] = field(default_factory=list)

    def pieces(self) -> list[tuple[int, int]]:
        """(start, end) of each piece of the cell, the first included."""
        return [(self.start, self.end), *self.more]


@dataclass
class Table:
    """A flattened table: column notations, header cells, rows of cells, the lines it occupies.

    ``kind`` is ``indicator``, ``project`` or ``list`` (see the module docstring);
    ``layout`` is ``cells``, ``tabs``, ``pipes``, ``spaces``, ``records``, ``grid`` or ``csv``.
    """

    header: list[str]  # column notation per column ("other" when unknown)
    rows: list[list[Cell]]
    start: int
    end: int
    first_line: int
    last_line: int
    labels: list[Cell] = field(default_factory=list)  # the header cells
    misfits: list[int] = field(default_factory=list)  # starts of rows whose cells did not fit the header
    kind: str = "list"
    layout: str = "cells"
    # how the rows were told apart, and the readings that lost: (reading, rows, lines read)
    reading: str = ""
    runners_up: list[tuple[str, int, int]] = field(default_factory=list)

    def column(self, notation: str) -> int | None:
        """Index of the first column of that notation, or None."""
        return next((k for k, c in enumerate(self.header) if c == notation), None)


@lru_cache(maxsize=8192)
def column_of(label: str) -> str | None:
    """The notation of a header cell: the label it equals, else the longest label it
    contains, else the first pattern it matches.

    >>> column_of("总投资（万元）"), column_of("2025年目标值"), column_of("2020年"), column_of("责任单位")
    ('investment', 'target', 'year', 'responsible')
    """
    label = re.sub(r"\s+", "", label).replace("（", "(").replace("）", ")")
    best: tuple[int, str] | None = None
    for col in _columns():
        for w in col.words:
            if label == w:
                return col.notation
            if w in label and (best is None or len(w) > best[0]):
                best = (len(w), col.notation)
    if best:
        return best[1]
    for col in _columns():
        if any(p.search(label) for p in col.patterns):
            return col.notation
    return None


def _resolve_years(names: list[str], labels: list[str]) -> list[str]:
    """Year columns: the latest is the target column (unless one is named), the
    earliest the baseline (unless one is named); the rest stay ``other``."""
    out = list(names)
    years = [(int(_YEAR.search(labels[k]).group()), k) for k, n in enumerate(names) if n == "year"]
    if not years:
        return out
    years.sort()
    latest = years[-1][1]
    for _, k in years:
        out[k] = "other"
    if "target" not in names:
        out[latest] = "target"
    if "baseline" not in names and len(years) >= 2:
        out[years[0][1]] = "baseline"
    return out


_AGENCY_COLUMNS = ("lead", "cooperating", "responsible")


def table_kind(header: list[str]) -> str | None:
    """``indicator``, ``project``, ``list`` or None (not a table header), from the columns.

    A table whose rows name agencies (牵头单位, 责任单位 …) is no indicator table even
    when it has indicator columns: its rows are items that carry roles.
    """
    agencies = any(h in _AGENCY_COLUMNS for h in header)
    if "indicator" in header and "target" in header and not agencies:
        return "indicator"
    if "title" in header and "investment" in header:
        return "project"
    known = [h for h in header if h != "other"]
    if len(header) >= 3 and len(known) >= 2 and any(h in _TITLE_COLUMNS for h in header):
        return "list"
    if "number" in header and agencies and not any(h in _TITLE_COLUMNS for h in header):
        return "assignment"
    return None


def _header(labels: list[str]) -> tuple[list[str], str] | None:
    """Column notations and table kind of a header row; empty cells are ``other``."""
    labels = [re.sub(r"\s+", "", s) for s in labels]
    if sum(bool(s) for s in labels) < 3 or any(len(s) > _HEADER_CELL for s in labels):
        return None
    names = _resolve_years([column_of(s) or "other" for s in labels], labels)
    kind = table_kind(names)
    return (names, kind) if kind else None


def _header_of(view: str, labels: list[Cell], *, no_empty: bool = False) -> tuple[list[str], str] | None:
    """The header a line's label cells give (see :func:`_header`), or None. Trailing empty
    cells (a trailing separator, the unused columns of a wider sheet) are dropped from
    ``labels`` in place; with ``no_empty`` an empty cell among the rest refuses the line."""
    while labels and labels[-1].end == labels[-1].start:
        labels.pop()
    if no_empty and any(c.end == c.start for c in labels):
        return None
    return _header([view[c.start : c.end] for c in labels])


def sub_header(view: str, header: list[str], labels: list[Cell], cells: list[Cell]) -> bool:
    """A header printed on two rows under a merged cell (责任单位 over 牵头单位 | 配合单位):
    when the row under the header fills no cell but with labels of known columns, each
    of them names its column (in place of the merged cell's word or an empty one), and the
    row is no row of the table. True when ``cells`` was such a row (``header`` and
    ``labels`` updated)."""
    filled = [(k, view[c.start : c.end].strip()) for k, c in enumerate(cells) if c.end > c.start
              and view[c.start : c.end].strip()]
    if not filled:
        return False
    names = [column_of(word) if len(word) <= _HEADER_CELL else None for _, word in filled]
    if None in names or any(n == "year" for n in names):
        return False  # a data row (a year cell reads as a year column)
    while len(header) <= filled[-1][0]:  # the merged cell was the header's last printed one
        header.append("other")
        labels.append(Cell(labels[-1].end, labels[-1].end))
    for (k, _), name in zip(filled, names):
        header[k] = name or "other"
        labels[k] = cells[k]
    return True


def _merged_pipe_header(view: str, lines: list[Line], i: int, labels: list[Cell],
                        outer: bool) -> tuple[list[str], str] | None:
    """The header of a pipe table whose merged cell left an empty cell beside it
    (| 责任单位 | | over | 牵头单位 | 配合单位 |): read only when the next row (past a
    ``---`` rule) names every column left empty."""
    k = i + 1
    while k < len(lines) and not lines[k].blank and _PIPE_RULE.match(lines[k].content(view)):
        k += 1
    if k >= len(lines) or lines[k].blank:
        return None
    trial = list(labels)
    found = _header_of(view, trial)
    if found is None:
        return None
    header = list(found[0])
    cells = _split(view, lines[k], "pipes", outer, len(header))
    empty = [j for j, c in enumerate(trial) if c.end == c.start]
    if not sub_header(view, header, list(trial), cells) or any(
            j >= len(cells) or cells[j].end == cells[j].start for j in empty):
        return None
    labels[:] = trial
    return found


def _spaced_sub_header(text: str, view: str, header: list[str], labels: list[Cell], cells: list[Cell]) -> bool:
    """The second row of a header laid out by spaces (牵头单位   配合单位 under 责任单位):
    every cell a known column's label, each standing under the header label whose column
    it falls in (display columns); that label's column is split into the cells under it.
    True when ``cells`` was such a row (``header`` and ``labels`` updated)."""
    words = [view[c.start : c.end].strip() for c in cells]
    names = [column_of(w) if w and len(w) <= _HEADER_CELL else None for w in words]
    if not cells or None in names or "year" in names:
        return False
    starts = _display_starts(text, labels)
    under: dict[int, list[int]] = {}
    for n, c in enumerate(cells):
        under.setdefault(_column_at(_display_column(text, c.start), starts), []).append(n)
    if all(len(ns) == 1 for ns in under.values()) and len(cells) < 2:
        return False
    for j in sorted(under, reverse=True):
        ns = under[j]
        header[j : j + 1] = [names[n] or "other" for n in ns]
        labels[j : j + 1] = [cells[n] for n in ns]
    return True


# --------------------------------------------------------------------------- finding


def find_tables(text: str, view: str, lines: list[Line]) -> list[Table]:
    """Every flattened table of the text, in text order (see the module docstring)."""
    from mskg.ingest.delimited import delimited_table, space_joined_table
    from mskg.ingest.grids import grid_table
    from mskg.ingest.records import label_line_table, record_table
    from mskg.ingest.wrapped import headerless_table

    tables: list[Table] = []
    i = 0
    n = len(lines)
    while i < n:
        t = (grid_table(text, view, lines, i) or delimited_table(text, view, lines, i)
             or _row_per_line_table(text, view, lines, i) or space_joined_table(text, view, lines, i)
             or record_table(view, lines, i)
             or label_line_table(view, lines, i)
             or _cell_per_line_table(view, lines, i, text) or headerless_table(text, view, lines, i))
        if t is not None and t.rows and t.layout == "cells" and not lines[i].tabbed:
            t = _best_start(view, lines, t, text)
        if t is not None and t.rows and t.labels:
            # the header printed again on the next page is no row
            head = [re.sub(r"\s+", "", view[c.start : c.end]) for c in t.labels]
            t.rows = [r for r in t.rows if [re.sub(r"\s+", "", view[c.start : c.end]) for c in r] != head]
        if t is not None and t.rows:
            if t.kind == "assignment" and _numbers_name_rows(view, t):
                t.kind = "list"
            tables.append(t)
            i = t.last_line + 1
            continue
        i += 1
    return tables


_NUMBER_AND_TITLE = re.compile(
    rf"\s*(?:\(\s*(?:\d{{1,4}}|[一二三四五六七八九十百]{{1,4}})\s*\)|(?:\d{{1,4}}|[一二三四五六七八九十百]{{1,4}}|[{ROMAN_NUMERALS}])\s*[、.])\s*\S{{2}}")


def _numbers_row(cell: str) -> bool:
    """A number cell: a number (``3``, ``一、``), or a number and the row's title (``（一）学前教育扩容``)."""
    return bool(_NUMBER_CELL.fullmatch(cell) or _NUMBER_AND_TITLE.match(cell))


_AMOUNT = re.compile(r"[\d.,，]+")


def category_row(cells: list[str], num_col: int, style: str | None) -> bool:
    """A row that names a group of the rows below: its number cell alone is filled
    (``一、老有所养``), or its number, in another style than the rows' (``（一）`` among
    ``1`` ``2``), and the cell after it (``教育惠民``), the others empty but for amounts
    (the group's subtotal: ``一 | 教育 | | | 14650``)."""
    filled = [k for k, c in enumerate(cells) if c.strip()]
    if filled == [num_col]:
        return True
    filled = [k for k in filled if k <= num_col + 1 or not _AMOUNT.fullmatch(cells[k].strip())]
    return (style is not None and filled == [num_col, num_col + 1]
            and _NUMBER_CELL.fullmatch(cells[num_col].strip()) is not None
            and number_style(cells[num_col]) != style)


def rows_style(view: str, t: Table) -> str | None:
    """The numbering style most of a table's numbered rows print."""
    k = t.column("number")
    if k is None:
        return None
    styles = Counter(number_style(c) for r in t.rows if _NUMBER_CELL.fullmatch(c := view[r[k].start : r[k].end].strip()))
    return styles.most_common(1)[0][0] if styles else None


def number_style(cell: str) -> str:
    """``paren`` (（一） (3)), ``cn`` (一、) or ``arabic`` (3, 3、)."""
    cell = cell.lstrip()
    return "paren" if cell[:1] == "(" else "arabic" if cell[:1].isdigit() else "cn"


def _numbers_name_rows(view: str, t: Table) -> bool:
    """Do the number cells of a table without a title column also name their rows
    (``（一）学前教育扩容`` under 序号)? Then it is a list, not an assignment of units."""
    k = t.column("number")
    if k is None:
        return False
    cells = [view[r[k].start : r[k].end] for r in t.rows if r[k].end > r[k].start]
    return len(cells) >= 2 and sum(bool(_NUMBER_AND_TITLE.match(c)) for c in cells) * 2 > len(cells)


def number_and_title(view: str, cell: Cell) -> tuple[Cell, Cell] | None:
    """A number cell that also names its row (``（一）学前教育扩容``): the number and the title."""
    m = _NUMBER_AND_TITLE.match(view, cell.start, cell.end)
    if m is None:
        return None
    title = m.end() - 2
    return Cell(cell.start, title), Cell(title, cell.end)


def _best_start(view: str, lines: list[Line], found: Table, text: str) -> Table:
    """A table one cell per line without tabs has nothing that marks where its header
    starts: a short line above it (the table's title, 包头市2024年民生实事项目) reads as one
    more header cell and shifts every row. The readings that start at the header's later
    lines compete with it; the one that explains the most lines wins, on a tie the one whose
    columns hold alike cells (:func:`consistency`), then the earliest."""
    def read_up_to(t: Table) -> int:
        # a blank line after the last row, read as its empty last cell, explains nothing
        # (类别 | 序号 | … | 完成时限 over rows whose 类别 is printed once a group: read from
        # 序号, the first group's 教育 becomes a header cell and the blank line under the
        # table the last row's 类别)
        last = t.last_line
        while last > t.first_line and lines[last].blank:
            last -= 1
        return last

    best = found
    for k in range(found.first_line + 1, found.first_line + len(found.labels)):
        if lines[k].blank:
            break
        other = _cell_per_line_table(view, lines, k, text)
        # (on a tie of lines read, the reading whose columns hold alike cells)
        if other is not None and len(other.rows) >= 2 and (
                (read_up_to(other), consistency(view, other)) > (read_up_to(best), consistency(view, best))):
            best = other
    return best


def _cell_kind(cell: str) -> str:
    """What a cell holds, for telling a reading whose columns hold alike cells from one
    whose columns are shifted: empty, a number, a time, or text."""
    cell = cell.strip()
    if not cell:
        return "empty"
    if re.fullmatch(r"[\[(（]?[≥≤<>约]?\s*[\d.]+\s*[%％]?[\])）]?(?:以上|以下|以内|左右)?", cell):
        return "number"
    if re.fullmatch(r"(?:19|20)\d{2}\s*(?:年.*|[—\-~至].*)?|\d{1,2}月.*", cell):
        return "time"
    return "short" if len(cell) <= 6 else "text"


def consistency(view: str, t: Table) -> float:
    """How alike the cells of each column are, over the table (1: every column holds one
    kind of cell): the share of each column's filled cells of its commonest kind."""
    if not t.rows:
        return 0.0
    shares = []
    for k in range(len(t.header)):
        kinds = Counter(_cell_kind(view[r[k].start : r[k].end]) for r in t.rows if k < len(r))
        kinds.pop("empty", None)
        if kinds:
            shares.append(kinds.most_common(1)[0][1] / sum(kinds.values()))
    return sum(shares) / len(shares) if shares else 0.0


# --------------------------------------------------------------------------- one cell per line


def _cell_per_line_table(view: str, lines: list[Line], i: int, text: str, width: int | None = None) -> Table | None:
    """The table one cell per line whose header starts at line ``i``; ``width``: the
    header's cell count when it is known (else found from the lines)."""
    first = lines[i]
    if first.blank:
        return None
    tabbed = first.tabbed
    j = i
    labels: list[Cell] = []
    while (j < len(lines) and not lines[j].blank
           and len(lines[j].content(view)) <= _HEADER_CELL and len(labels) < 12
           and not re.search(r"[。;,]", lines[j].content(view)) and not _TABLE_END.match(lines[j].content(view))
           and not _NUMBER_CELL.fullmatch(lines[j].content(view))  # a row's number ends the header
           and not (labels and _opens_category(view, lines[j]))):  # so does a category row
        if labels and _continues_label(view, lines[j], tabbed, labels[-1]):
            labels[-1] = Cell(labels[-1].start, lines[j].end)  # a header cell printed on two lines
        elif lines[j].tabbed != tabbed:
            break
        else:
            labels.append(Cell(lines[j].cstart, lines[j].end))
        j += 1
    numbered = bool(labels) and column_of(view[labels[0].start : labels[0].end]) == "number"
    if j < len(lines) and not lines[j].blank and not (numbered and (
            _NUMBER_CELL.fullmatch(lines[j].content(view)) or _opens_category(view, lines[j]))):
        # no blank line under the header, nor the first row's number or a category row
        # under a 序号 header: the header ends with a cell naming a known column, the one
        # whose reading explains the most lines (就业 | 城镇新增就业人数 | … | 预期性 under
        # 领域 | 指标 | 2020年 | 2025年 | 指标属性 name columns too)
        known = [column_of(view[c.start : c.end]) is not None for c in labels]
        while labels and not known[len(labels) - 1]:
            labels.pop()
        j = i + len(labels)
    if width is None and j - i == len(labels) and len(labels) > 3:
        # cells naming no known column after the header's: the first rows' cells read as
        # more of the header where no blank line follows it, or where the blank line is an
        # empty cell (a category printed once). The header ends with a known column, the
        # one whose reading explains the most lines
        known = [column_of(view[c.start : c.end]) is not None for c in labels]
        if not known[-1]:
            options = [n for n in range(len(labels) - 1, 2, -1) if known[n - 1]]
            readings = [t for n in options if (t := _cell_per_line_table(view, lines, i, text, n)) is not None]
            whole = _cell_per_line_table(view, lines, i, text, len(labels))
            readings += [whole] if whole is not None else []
            return max(readings, key=lambda t: (t.last_line, consistency(view, t), -len(t.header)), default=None)
    if width is not None:
        labels = labels[:width]
        j = i + len(labels)
    found = _header([view[c.start : c.end] for c in labels])
    if found is None:
        return None
    header, kind = found
    ncols = len(header)
    periodic: tuple[list[list[Cell]], int] | None = None
    readings: list[tuple[str, int, int]] = []  # every reading tried: (name, rows, last line)
    reading = ""

    def explained(chosen: str) -> tuple[str, list[tuple[str, int, int]]]:
        return chosen, [(name, r, last - j + 1) for name, r, last in readings if name != chosen]

    if not tabbed and (kind in ("list", "indicator") or "number" in header):
        # without tabs: every row is ``ncols`` lines, its number cell a number
        periodic = _periodic_rows(view, lines, j, header, text, readings)
        reading = max(readings, key=lambda x: (x[2], x[1]))[0] if readings else ""
        if kind == "list":
            rows, last_line = periodic
            if len(rows) < 2:
                return None
            chosen, others = explained(next(name for name, r, last in readings if last == last_line
                                            and r == len(rows)))
            return Table(header, rows, lines[i].start, lines[last_line].end, i, last_line,
                         labels=labels, kind=kind, layout="cells", reading=chosen, runners_up=others)
    if tabbed:
        blocks, last_line = _tabbed_blocks(view, lines, j)
        reading = "a tab before each cell, rows apart by blank lines"
    else:
        blocks, last_line = _untabbed_blocks(view, lines, j, ncols)
        readings.append(("blocks apart by blank lines", len(blocks), last_line))
        reading = "blocks apart by blank lines"
        if periodic is not None and len(periodic[0]) >= 2 and (
                periodic[1] > last_line or (periodic[1] == last_line and any(len(b) != ncols for b in blocks))):
            # the period explains more of the lines than blank-separated blocks do, or as
            # many with every row fitting the header (an empty cell printed as an empty line)
            blocks, last_line = periodic
            reading = next(name for name, r, last in readings if last == last_line and r == len(blocks))
    misfits: list[int] = []
    if all(len(b) == ncols for b in blocks):
        rows = blocks
    else:
        flat = [c for b in blocks for c in b]
        if len(flat) % ncols == 0 and (kind == "list" or all(len(b) >= ncols for b in blocks)):
            rows = [flat[r : r + ncols] for r in range(0, len(flat), ncols)]
        else:
            misfits = [b[0].start for b in blocks if b and len(b) != ncols]
            rows = [_padded(b, ncols, kind) for b in blocks if b]
    rows = [r for r in rows if sum(c.end > c.start for c in r) >= 2 or kind != "indicator"]
    if not rows:
        return None
    chosen, others = explained(reading)
    return Table(header, rows, lines[i].start, lines[last_line].end, i, last_line,
                 labels=labels, kind=kind, layout="cells", misfits=misfits, reading=chosen, runners_up=others)


def _opens_category(view: str, ln: Line) -> bool:
    """Does the line open with a category's numbering (一、老有所养, （二）幼有所育)? No
    header cell does."""
    return _CATEGORY_OPEN.match(ln.content(view)) is not None


_CATEGORY_OPEN = re.compile(r"(?:[一二三四五六七八九十]{1,3}\s*[、.]|\(\s*[一二三四五六七八九十]{1,3}\s*\))\s*[^\s\d]")


def _continues_label(view: str, ln: Line, tabbed: bool, last: Cell) -> bool:
    """A header line that goes on with the cell above: in a tabbed table, a line
    without the tab (``⇥总投资`` / ``（万元）``); in any table, a bracketed unit or
    qualifier of the cell above (``总投资`` / ``（万元）``)."""
    content = ln.content(view)
    if last.end - last.start + len(content) > _HEADER_CELL:
        return False
    if tabbed and not ln.tabbed:
        return True
    return ln.tabbed == tabbed and content.startswith("(") and content.endswith(")")


def _tabbed_blocks(view: str, lines: list[Line], j: int) -> tuple[list[list[Cell]], int]:
    """Cells open with a tab; untabbed lines continue the open cell; a blank line closes
    a row; an untabbed line after a blank line ends the table."""
    blocks: list[list[Cell]] = []
    block: list[Cell] = []
    prev_blank = False
    last_line = j - 1
    k = j
    while k < len(lines):
        ln = lines[k]
        if ln.blank and not ln.tabbed:
            if block:
                blocks.append(block)
                block = []
            prev_blank = True
            k += 1
            continue
        if ln.tabbed:
            block.append(Cell(ln.cstart, ln.end))
        else:
            content = ln.content(view)
            h = heading_of(ln, view)
            if (prev_blank or not block or is_tail_line(content) or _TABLE_END.match(content)
                    or (h is not None and h.style in _SECTION_STYLES)):
                break  # a note or a part's heading under the table (a numbered line may continue a cell)
            block[-1].end = ln.end
        prev_blank = False
        last_line = k
        k += 1
    if block:
        blocks.append(block)
    return blocks, last_line


def _periodic_rows(view: str, lines: list[Line], j: int, header: list[str], text: str,
                   readings: list[tuple[str, int, int]]) -> tuple[list[list[Cell]], int]:
    """Rows of a table printed one cell per line without tabs: the header's cell count
    is the row's period. Each row must open with its number where the header has a
    序号 column; without one, rows are told apart by blank lines. A row that does not
    fit ends the table."""
    ncols = len(header)
    num_col = header.index("number") if "number" in header else None
    n = len(lines)
    strict: tuple[list[list[Cell]], int] | None = None
    if num_col is not None and j < n and not lines[j].blank:
        # no empty line between rows: every ncols lines are a row, an empty line an empty cell
        strict = _strict_period_rows(view, lines, j, ncols, num_col, header)
    spaced = _spaced_rows(view, lines, j, header)
    # the readings compete: the one that explains more of the lines below the header wins
    # (``readings`` gets each one tried, for the explanation of the reading)
    if num_col is None and "indicator" in header and "target" in header and j < n and not lines[j].blank:
        # an indicator table without numbers: every ncols lines name an indicator and its target
        strict = _strict_indicator_rows(view, lines, j, header)
    if strict is not None:
        readings.append((f"a row every {ncols} lines", len(strict[0]), strict[1]))
    readings.append((f"rows of {ncols} lines apart by blank lines", len(spaced[0]), spaced[1]))
    best = strict if strict is not None and strict[1] > spaced[1] else spaced
    if num_col == 0:
        merged = _merged_rows(view, lines, j, header)
        if merged is not None:
            readings.append((f"numbered groups apart by blank lines, their first {merged[2]} cells printed "
                             f"once over rows of {ncols - merged[2]} lines", len(merged[0]), merged[1]))
            if merged[1] > best[1]:
                best = merged[0], merged[1]
    if num_col == 0:
        from mskg.ingest.wrapped import wrapped_rows

        wrapped = wrapped_rows(text, view, lines, j, header)
        if wrapped is not None:
            readings.append(("cells wrapping over lines, rows opened by their numbers", len(wrapped[0]), wrapped[1]))
        if wrapped is not None and len(wrapped[0]) >= 2 and wrapped[1] > best[1]:
            best = wrapped
    return best


def _merged_rows(view: str, lines: list[Line], j: int, header: list[str]) -> tuple[list[list[Cell]], int, int] | None:
    """Rows of a table one cell per line whose blank lines part numbered groups, not rows:
    a group prints its leading (merged) cells once, its number and name, then one or more
    rows of the other columns' cells without blank lines between them (a Word table with
    merged 序号 | 项目名称 cells pasted as text). The count of merged cells is the one that
    makes the most groups' line counts fit (``merged + k × (columns − merged)`` lines); a
    lone line opening with a category numeral (一、教育和健康) between groups is a category
    row. A group printing several rows gives a row of its merged cells and one row per
    sub-row (A5: each a sub-measure); a group of one row is that row. (rows, index of the
    last line read, merged cell count), or None when no count fits two groups."""
    ncols = len(header)
    n = len(lines)
    blocks: list[tuple[int, int]] = []  # (first line, last line) of each group or category line
    k = j
    style = ""
    while k < n:
        while k < n and lines[k].blank:
            k += 1
        m = k
        while m < n and not lines[m].blank:
            m += 1
        if k >= n:
            break
        block = lines[k:m]
        first = block[0].content(view)
        if any(_TABLE_END.match(ln.content(view)) or is_tail_line(ln.content(view))
               or is_metadata_line(ln.content(view)) for ln in block):
            break
        if len(block) == 1 and _opens_category(view, block[0]):
            blocks.append((k, k))
        elif _NUMBER_CELL.fullmatch(first) and (not style or number_style(first) == style):
            style = number_style(first)
            blocks.append((k, m - 1))
        else:
            break
        k = m
    groups = [(a, b) for a, b in blocks if b > a]
    if len(groups) < 2:
        return None

    def fits(merged: int, a: int, b: int) -> bool:
        size = b - a + 1
        return size >= ncols and (size - merged) % (ncols - merged) == 0

    best_merged, best_count = 0, -1
    for merged in range(1, ncols - 1):
        count = 0
        for a, b in blocks:
            if b > a and not fits(merged, a, b):
                break
            count += 1
        if count > best_count:
            best_merged, best_count = merged, count
    used = blocks[:best_count]
    if sum(b > a for a, b in used) < 2 or all(b - a + 1 == ncols for a, b in used if b > a):
        return None  # (groups of one row each: the reading of rows apart by blank lines)
    rows: list[list[Cell]] = []

    def cell(ln: Line) -> Cell:
        return Cell(ln.cstart, ln.end)

    for a, b in used:
        if a == b:
            rows.append([cell(lines[a])] + [Cell(lines[a].end, lines[a].end) for _ in range(ncols - 1)])
            continue
        lead = [cell(ln) for ln in lines[a : a + best_merged]]
        subs = [lines[r : r + ncols - best_merged] for r in range(a + best_merged, b + 1, ncols - best_merged)]
        if len(subs) == 1:
            rows.append(lead + [cell(ln) for ln in subs[0]])
            continue
        rows.append(lead + [Cell(lead[-1].end, lead[-1].end) for _ in range(ncols - best_merged)])
        for sub in subs:
            rows.append([Cell(sub[0].start, sub[0].start) for _ in range(best_merged)] + [cell(ln) for ln in sub])
    return rows, used[-1][1], best_merged


def _spaced_rows(view: str, lines: list[Line], j: int, header: list[str]) -> tuple[list[list[Cell]], int]:
    """Rows of ``len(header)`` lines each, apart by blank lines."""
    ncols = len(header)
    num_col = header.index("number") if "number" in header else None
    n = len(lines)
    rows: list[list[Cell]] = []
    last_line = j - 1
    k = j
    style = ""  # the numbering style of the rows' numbers: one style throughout
    while k < n:
        while k < n and lines[k].blank:
            k += 1
        row: list[Cell] = []
        m = k
        while m < n and len(row) < ncols and not lines[m].blank:
            row.append(Cell(lines[m].cstart, lines[m].end))
            m += 1
        if len(row) < ncols:
            break
        if num_col is not None:
            number = view[row[num_col].start : row[num_col].end]
            if category_row([view[c.start : c.end] for c in row], num_col, style or None):
                pass  # （一） | 教育惠民 | (empty): a group of the rows below
            elif not _numbers_row(number) or (rows and style and number_style(number) != style):
                break
            else:
                style = number_style(number)
        elif m < n and not lines[m].blank:
            break
        if any(_TABLE_END.match(view[c.start : c.end]) or is_tail_line(view[c.start : c.end]) for c in row):
            break
        rows.append(row)
        last_line = m - 1
        k = m
    return rows, last_line


_OWN_LABEL = re.compile(r"([^\s:]{2,12})\s*:")
# columns whose cells name units or people, never in a sentence of their own
_NAMES_COLUMNS = ("lead", "cooperating", "responsible", "people")
_SENTENCE_END = re.compile(r"[。！？!?]\s*$")
_LABEL = re.compile(r"([^\s:]{1,6})\s*:")


def _prose(cell: str) -> bool:
    """Does a cell read as prose rather than names: a sentence (…确保年底前全面完成。) or a
    line labelled by a word that names no column (编辑：…, 来源：…)?

    >>> _prose("各镇要按照要求抓好落实。"), _prose("编辑:陈思远"), _prose("市民政局、市财政局"), _prose("牵头单位:市民政局")
    (True, True, False, False)
    """
    if _SENTENCE_END.search(cell):
        return True
    label = _LABEL.match(cell)
    return label is not None and column_of(label.group(1)) is None


def _strict_period_rows(view: str, lines: list[Line], j: int, ncols: int, num_col: int,
                        header: list[str] | None = None) -> tuple[list[list[Cell]], int]:
    """Rows of exactly ``ncols`` lines each, empty lines being empty cells; a row whose
    number cell is neither a number nor empty (a continuation row), or that holds a
    heading, a note, page furniture or a line of the page's metadata (来源：… under a
    post: read as a row's cell, it made the paragraph above it one more row), or a line
    printing the label of one of its columns (实施内容：… under 实施内容: an item printed
    as a record after the table), ends the table; so does a row without a number whose
    units or people read as prose (the paragraphs under the table: a sub-row lists names
    there)."""

    def own_label(ln: Line) -> bool:
        lab = _OWN_LABEL.match(view, ln.cstart, ln.end)
        return header is not None and lab is not None and column_of(lab.group(1)) in header

    rows: list[list[Cell]] = []
    last_line = j - 1
    k = j
    next_part = _next_part(view, lines, j)
    names_of_units = [m for m, c in enumerate(header or ()) if c in _NAMES_COLUMNS]
    own_styles: set[str] = set()  # styles of the headings printed in the rows' cells so far
    # the numbering style of the rows' numbers: the most common one a period apart
    styles = Counter(number_style(c) for r in range(j + num_col, min(len(lines), j + 24 * ncols), ncols)
                     if _NUMBER_CELL.fullmatch(c := lines[r].content(view)))
    style: str | None = styles.most_common(1)[0][0] if styles else None
    while k + ncols <= len(lines):
        chunk = lines[k : k + ncols]
        number = chunk[num_col].content(view)
        category = number and category_row([ln.content(view) for ln in chunk], num_col, style)
        if number and not category:
            # a numbered row: a number in the style of the rows above (三、存在的问题 after
            # （九） （十） is the document's next part, not a row)
            if not _numbers_row(number) or (style is not None and number_style(number) != style):
                break
            style = number_style(number)
        if not number and not rows:
            break
        if not number and any(_prose(chunk[m].content(view)) for m in names_of_units):
            break  # an unnumbered row whose units are a sentence: the paragraphs under the table
        heads = [heading_of(ln, view) for ln in chunk]
        ends = [m for m, ln in enumerate(chunk) if not ln.blank and (
            _TABLE_END.match(ln.content(view)) or is_tail_line(ln.content(view)) or is_metadata_line(ln.content(view))
            or (heads[m] is not None and heads[m].style in _PART_STYLES)
            or own_label(ln) or (m != num_col and next_part(heads[m], own_styles)))]
        if all(ln.blank for ln in chunk) or ends:
            if ends and number and rows and ends[0] > max(num_col + 1, ncols // 2):
                # the last row lost its empty last cells before a note under the table
                short = chunk[: ends[0]]
                rows.append([Cell(ln.cstart, ln.end) if not ln.blank else Cell(ln.start, ln.start) for ln in short]
                            + [Cell(short[-1].end, short[-1].end) for _ in range(ncols - len(short))])
                last_line = k + len(short) - 1
            break
        rows.append([Cell(ln.cstart, ln.end) if not ln.blank else Cell(ln.start, ln.start) for ln in chunk])
        own_styles.update(h.style for h in heads if h is not None)
        last_line = k + ncols - 1
        k += ncols
    while rows and all(c.end == c.start for c in rows[-1][1:]) and rows[-1][num_col].end == rows[-1][num_col].start:
        rows.pop()
    return rows, last_line


def _next_part(view: str, lines: list[Line], j: int) -> Callable[[Heading | None, set[str]], bool]:
    """A test of whether a line heads the part after the one a table stands in: the
    heading nearest above the table's rows (within a few lines of its header) in a style
    that numbers parts (二、分项目推进情况), and a line in the same style with the next
    number (三、存在问题). Printed one cell per line, the table has nothing else that ends
    it before the next part's heading, which a row would read as its title. A style the
    rows themselves number their groups in (一、教育 among the rows) is no part's."""
    above = None
    for k in range(j - 1, max(-1, j - 40), -1):
        h = heading_of(lines[k], view)
        if h is not None and h.style in _SECTION_STYLES:
            above = (h.style, ordinal(h.value))
            break

    def heads_next(h: Heading | None, own_styles: set[str]) -> bool:
        if h is None or above is None or above[1] is None or above[0] in own_styles:
            return False
        return h.style == above[0] and ordinal(h.value) == above[1] + 1

    return heads_next


def _strict_indicator_rows(view: str, lines: list[Line], j: int, header: list[str]) -> tuple[list[list[Cell]], int]:
    """Rows of an indicator table printed one cell per line, exactly ``len(header)`` lines
    each, empty lines being empty cells (a category printed once): each row names its
    indicator and prints a number as its target; the first that does not ends the table."""
    ncols = len(header)
    ind, tgt = header.index("indicator"), header.index("target")
    rows: list[list[Cell]] = []
    last_line = j - 1
    k = j
    while k + ncols <= len(lines):
        chunk = lines[k : k + ncols]
        name, target = chunk[ind].content(view), chunk[tgt].content(view)
        if (not name or _NUMBER_CELL.fullmatch(name) or not re.search(r"\d", target) or any(
                not ln.blank and (_TABLE_END.match(ln.content(view)) or is_tail_line(ln.content(view))
                                  or (heading_of(ln, view) is not None and heading_of(ln, view).style in _PART_STYLES))
                for ln in chunk)):
            break
        rows.append([Cell(ln.cstart, ln.end) if not ln.blank else Cell(ln.start, ln.start) for ln in chunk])
        last_line = k + ncols - 1
        k += ncols
    return rows, last_line


def _untabbed_blocks(view: str, lines: list[Line], j: int, ncols: int) -> tuple[list[list[Cell]], int]:
    """Cells one per line without tabs: rows close at blank lines, or every ``ncols``
    cells when no blank line separates them; a sentence, a heading or a note ends the table."""
    blocks: list[list[Cell]] = []
    block: list[Cell] = []
    last_line = j - 1
    for k in range(j, len(lines)):
        ln = lines[k]
        if ln.blank:
            if block:
                blocks.append(block)
                block = []
            continue
        content = ln.content(view)
        if (len(content) > 40 or "。" in content or heading_of(ln, view) is not None
                or _TABLE_END.match(content) or is_tail_line(content)):
            break
        block.append(Cell(ln.cstart, ln.end))
        last_line = k
    if block:
        blocks.append(block)
    if len(blocks) == 1 and len(blocks[0]) > ncols:
        flat = blocks[0]
        blocks = [flat[r : r + ncols] for r in range(0, len(flat), ncols)]
    return blocks, last_line


def _padded(row: list[Cell], ncols: int, kind: str, number_lost: bool = False) -> list[Cell]:
    """A row with fewer cells than the header: an indicator row lost its leading
    (merged) cells, padded at the left; a row whose empty 序号 cell left no trace
    (``number_lost``) gets it back at the left; other rows are padded at the right."""
    if len(row) >= ncols:
        return row[:ncols] if kind == "list" or all(c.end == c.start for c in row[ncols:]) else row
    if kind == "indicator":
        return [Cell(row[0].start, row[0].start) for _ in range(ncols - len(row))] + row
    if number_lost:
        row = [Cell(row[0].start, row[0].start)] + row
    return row + [Cell(row[-1].end, row[-1].end) for _ in range(ncols - len(row))]


# --------------------------------------------------------------------------- one row per line


def _split(view: str, ln: Line, layout: str, outer: bool = True, ncols: int | None = None) -> list[Cell]:
    """Cells of a line of a row-per-line layout (offsets of their content).

    ``outer``: the table prints outer pipes (its header opens with ``|``). In a table
    without them, a row opening with ``|`` but not closing with one starts with an
    empty cell (a continuation row's empty 序号), and one opening and closing with ``|``
    has an empty first and last cell when that gives the header's ``ncols`` cells."""
    if layout == "tabs":
        raw_end = view.find("\n", ln.start)
        a, b = ln.start, (len(view) if raw_end < 0 else raw_end)
        sep = re.compile(r"\t")
    elif layout == "pipes":
        a, b = ln.cstart, ln.end
        closed = b > a and view[b - 1] == "|"
        opened = view.startswith("|", a)
        if not outer and ncols is not None and opened and closed and view.count("|", a, b) + 1 == ncols:
            pass  # a table without outer pipes: a row whose first and last cells are empty
        else:
            if opened and (outer or closed):
                a += 1
            if closed:
                b -= 1
        sep = re.compile(r"\|")
    else:
        a, b = ln.cstart, ln.end
        sep = _SPACE_RUN
    cells: list[Cell] = []
    pos = a
    for m in [*sep.finditer(view, a, b), None]:
        end = m.start() if m else b
        s, e = pos, end
        while s < e and view[s] in " \r\t":
            s += 1
        while e > s and view[e - 1] in " \r\t":
            e -= 1
        cells.append(Cell(s, e))
        if m:
            pos = m.end()
    return cells


def _layout_of(view: str, ln: Line) -> str | None:
    raw_end = view.find("\n", ln.start)
    line = view[ln.start : len(view) if raw_end < 0 else raw_end]
    if line.count("\t") >= 2:
        return "tabs"
    content = view[ln.cstart : ln.end]
    if content.strip("|").count("|") >= 2:
        return "pipes"
    if len(_SPACE_RUN.findall(content)) >= 2:
        return "spaces"
    return None


def _row_per_line_table(text: str, view: str, lines: list[Line], i: int) -> Table | None:
    # display columns are counted on ``text`` as printed: the view makes full-width
    # punctuation half-width, which would move every cell after it

    ln = lines[i]
    if ln.blank:
        return None
    layout = _layout_of(view, ln)
    if layout is None:
        return None
    labels = _split(view, ln, layout)
    outer = view.startswith("|", ln.cstart)
    found = _header_of(view, labels, no_empty=layout != "tabs")
    if found is None and layout == "pipes":
        found = _merged_pipe_header(view, lines, i, labels, outer)
    if found is None:
        return None
    header, kind = found
    ncols = len(header)
    rows: list[list[Cell]] = []
    last = i
    # a table laid out by spaces under an indented-free header: the labels' display columns
    starts = _display_starts(text, labels) if layout == "spaces" and kind in ("list", "project") else None
    aligned: bool | None = None  # do the rows stand under the header's labels?
    for k in range(i + 1, len(lines)):
        row = lines[k]
        if row.blank:
            if rows and not _resumes(view, lines, k, layout, outer, ncols, _last_number(view, rows, header)):
                break
            continue
        content = row.content(view)
        if layout == "pipes" and _PIPE_RULE.match(content):
            last = k
            continue
        h = heading_of(row, view)
        if h is not None and h.style in _PART_STYLES:
            break  # 第三章  推动就业: a heading after the table, even with a run of spaces
        if rows and (_TABLE_END.match(content) or is_tail_line(content)):
            break  # a note under the table (说明：…), even printed in its first cell
        cells = _split(view, row, layout, outer, ncols)
        if rows and cells and (_TABLE_END.match(view, cells[0].start, cells[0].end)
                               or is_tail_line(view[cells[0].start : cells[0].end])):
            break  # | 注：… | | |: the note in the first cell of a row of its own
        if rows and _form_footer(view, cells):
            break  # 审核人：张三 | 填报人：李四: the form's signatures under the table
        if not rows and (sub_header(view, header, labels, cells) if layout != "spaces"
                         else _spaced_sub_header(text, view, header, labels, cells)):
            # 牵头单位 | 配合单位 under a merged 责任单位: the header's second row
            kind, ncols = table_kind(header) or kind, len(header)
            if starts is not None:
                starts = _display_starts(text, labels)
            last = k
            continue
        if (rows and len(cells) >= 3 and column_of(view[cells[0].start : cells[0].end] or "-") == "number"
                and (other := _header([view[c.start : c.end] for c in cells])) is not None):
            if other[0] == header:
                last = k
                continue  # the header printed again on the next page: the table goes on
            break  # the header of the next table (序号 | 责任单位 | 责任领导)
        if layout == "spaces" and starts is not None:
            if aligned is None and len(cells) == ncols:
                aligned = _stands_under(text, cells, starts)  # the first full row decides
            elif (aligned is None and 1 < len(cells) < ncols and _display_column(text, cells[0].start) <= starts[0] + 2
                  and len(_aligned(text, cells, starts)) == ncols):
                aligned = True  # or the first row whose cells all stand under labels, empty cells as gaps
            if aligned and 1 < len(cells) < ncols and _display_column(text, cells[0].start) <= starts[0] + 2:
                # a short row (4  居家养老服务提质 over sub-rows): its cells where they stand,
                # so that the indented lines below read under their own columns
                cells = _aligned(text, cells, starts)
            if (aligned and rows and len(rows[-1]) == ncols
                    and _display_column(text, cells[0].start) > starts[0] + 2):
                # an indented line: its pieces stand under the header's labels
                if not _wraps_beside(text, rows[-1], cells, starts):
                    _under_columns(text, rows, cells, starts, header)
                last = k
                continue
            if (not aligned and rows and 1 < len(cells) < ncols
                    and _display_column(text, cells[0].start) > starts[0] + 2):
                # rows cut by runs of spaces but not standing under the labels: an indented
                # short row left its first cells empty (a sub-row without number and name)
                cells = [Cell(cells[0].start, cells[0].start) for _ in range(ncols - len(cells))] + cells
            if len(cells) == 1 and h is not None and _row_follows(text, lines, k, starts):
                # 一、幼有所育: a category row printed across the table, a group of the rows below
                rows.append([cells[0]] + [Cell(cells[0].end, cells[0].end) for _ in range(ncols - 1)])
                last = k
                continue
        if len(cells) == 1 and h is not None and layout != "spaces" and _numbered_row_follows(
                view, lines, k, layout, outer, ncols):
            # 一、教育（2项） between the header and the rows, or between rows: a category
            # row printed across the table, a group of the rows below
            rows.append([cells[0]] + [Cell(cells[0].end, cells[0].end) for _ in range(ncols - 1)])
            last = k
            continue
        if len(cells) < 2:
            if not rows or h is not None or _TABLE_END.match(content) or is_tail_line(content):
                break
            if len(rows[-1]) >= ncols and len(content) > 40 and content.endswith("。"):
                break  # a paragraph after the table
            rows[-1][-1].end = row.end  # a cell broken over lines
        elif rows and len(rows[-1]) < ncols and len(rows[-1]) + len(cells) - 1 <= ncols and kind != "indicator":
            # the row above broke inside a cell: this line continues that cell
            if cells[0].end > cells[0].start:
                rows[-1][-1].end = cells[0].end
            rows[-1].extend(cells[1:])
        else:
            rows.append(cells)
        last = k
    # runs of spaces leave no trace of an empty cell: a short row that does not open
    # with its number, under a 序号 column, continues the item above without one
    numbered = layout == "spaces" and header[0] == "number"
    misfits = [r[0].start for r in rows if len(r) != ncols]
    if layout == "spaces":
        # a wide gap is an empty cell: place the cells of a short row under the header
        # labels they stand below (display columns, CJK counted twice)
        starts = _display_starts(text, labels)
        full = [r for r in rows if len(r) == ncols]
        if full and sum(_stands_under(text, r, starts) for r in full) >= 0.8 * len(full):
            rows = [_aligned(text, r, starts) if len(r) < ncols else r for r in rows]
    rows = [_padded(r, ncols, kind, numbered and not _NUMBER_CELL.fullmatch(view[r[0].start : r[0].end]))
            for r in rows]
    if not rows:
        return None
    separator = {"tabs": "tabs", "pipes": "pipes", "spaces": "runs of spaces"}[layout]
    reading = f"a row per line, cells apart by {separator}" + (
        ", short rows placed under the labels they stand below" if layout == "spaces" else "")
    return Table(header, rows, ln.start, lines[last].end, i, last, labels=labels, kind=kind, layout=layout,
                 misfits=misfits, reading=reading)


def _display_column(view: str, pos: int) -> int:
    """The display column of ``pos`` on its line, wide (CJK) characters counted twice."""
    line_start = view.rfind("\n", 0, pos) + 1
    return display_width(view[line_start:pos])


def _display_starts(view: str, cells: list[Cell]) -> list[int]:
    return [_display_column(view, c.start) for c in cells]


_OPEN_ENDS = "、,，;；:：和及与"


def _column_at(col: int, starts: list[int]) -> int:
    """The header column a piece printed at display column ``col`` stands under."""
    return max((j for j, s in enumerate(starts) if s <= col + 2), default=0)


def _wraps_beside(view: str, row: list[Cell], cells: list[Cell], starts: list[int]) -> bool:
    """An indented line of a space-laid table whose pieces go on the cells of the row
    above, each under its own header label (市发改局、市财政局、 / 市妇联): added to
    those cells as further pieces. False (nothing added) when the row above is not a
    full row or a piece stands under no column of it."""
    if len(row) != len(starts):
        return False
    placed = [(_column_at(_display_column(view, c.start), starts), c) for c in cells if c.end > c.start]
    if not placed or any(j == 0 for j, _ in placed):
        return False
    # a piece goes on a cell left open (市发改局、 / 新增托位300个，); pieces under cells
    # that ended complete start a sub-row of their own (A5)
    if not any(row[j].end > row[j].start and view[row[j].pieces()[-1][1] - 1] in _OPEN_ENDS for j, _ in placed):
        return False
    for j, c in placed:
        target = row[j]
        if target.end == target.start:
            row[j] = Cell(c.start, c.end)
        else:
            target.more.append((c.start, c.end))
    return True


def _under_columns(view: str, rows: list[list[Cell]], cells: list[Cell], starts: list[int], header: list[str]) -> None:
    """An indented line that does not wrap the row above: a single piece under a filled
    cell goes on with that cell (a description printed over several lines under the
    column that names the row, or after an unfinished sentence); otherwise, and for
    pieces under several columns, a sub-row of its own, each piece in its column (A5)."""
    placed = [(_column_at(_display_column(view, c.start), starts), c) for c in cells if c.end > c.start]
    if not placed:
        return
    above = rows[-1]
    if len(placed) == 1:
        j, c = placed[0]
        if above[j].end > above[j].start and (
                header[j] == "title" or view[above[j].pieces()[-1][1] - 1] not in "。！？!?"):
            above[j].more.append((c.start, c.end))  # the cell above had not ended its sentence
            return
    row = [Cell(cells[0].start, cells[0].start) for _ in starts]
    for j, c in placed:
        if row[j].end > row[j].start:
            row[j].more.append((c.start, c.end))
        else:
            row[j] = Cell(c.start, c.end)
    rows.append(row)


def _numbered_row_follows(view: str, lines: list[Line], k: int, layout: str, outer: bool, ncols: int) -> bool:
    """Does a row of the table that opens with its number follow line ``k`` directly?"""
    if k + 1 >= len(lines) or lines[k + 1].blank:
        return False
    cells = _split(view, lines[k + 1], layout, outer)
    return (len(cells) >= max(2, ncols - 1)
            and _NUMBER_CELL.fullmatch(view[cells[0].start : cells[0].end].strip()) is not None)


_FORM_FIELD = re.compile(r"\s*[\u4e00-\u9fff]{2,6}\s*:")


def _form_footer(view: str, cells: list[Cell]) -> bool:
    """A row whose filled cells are all short ``label：value`` fields (审核人：张三 |
    填报人：李四 | 联系电话：…): the signatures of a form, under its table."""
    filled = [c for c in cells if c.end > c.start]
    return len(filled) >= 2 and all(_FORM_FIELD.match(view, c.start, c.end) for c in filled)


def _last_number(view: str, rows: list[list[Cell]], header: list[str]) -> int | None:
    """The number the last numbered row of a table prints (3 for ``3``, ``3、``), or None."""
    if not header or header[0] != "number":
        return None
    for r in reversed(rows):
        m = re.fullmatch(r"\s*(\d{1,4})\s*[、.]?\s*", view[r[0].start : r[0].end])
        if m:
            return int(m.group(1))
    return None


def _resumes(view: str, lines: list[Line], k: int, layout: str, outer: bool, ncols: int,
             after: int | None) -> bool:
    """Does the table go on after the blank line ``k`` (a page break inside it)? Only when
    the next line with content is the row numbered after ``after``, or a category row
    (七、文化体育) right above that row."""
    if after is None:
        return False
    m = k + 1
    while m < len(lines) and m <= k + 2 and lines[m].blank:
        m += 1
    if m >= len(lines) or lines[m].blank:
        return False
    for n in (m, m + 1):
        if n >= len(lines) or lines[n].blank:
            return False
        cells = _split(view, lines[n], layout, outer)
        first = re.fullmatch(r"\s*(\d{1,4})\s*[、.]?\s*", view[cells[0].start : cells[0].end]) if cells else None
        if len(cells) >= max(2, ncols - 1) and first is not None:
            return int(first.group(1)) == after + 1
        if n == m + 1 or len(cells) != 1 or not _opens_category(view, lines[m]):
            return False
    return False


def _row_follows(view: str, lines: list[Line], k: int, starts: list[int]) -> bool:
    """Does a numbered row of the table follow line ``k`` (so that a heading there is a
    category row of the table, not the next part of the document)?"""
    for ln in lines[k + 1 : k + 3]:
        if ln.blank:
            return False
        content = ln.content(view)
        # (read on the text as printed: a run of full-width spaces separates cells too)
        m = re.match(r"(\d{1,4})(?:[ \u3000]{2,}|\t)", content)
        return m is not None and _display_column(view, ln.cstart) <= starts[0] + 2
    return False


def _stands_under(view: str, row: list[Cell], starts: list[int]) -> bool:
    """Does every cell of a full row start under its header label (a table aligned by
    spaces, not merely cut by them)?"""
    return all(abs(_display_column(view, c.start) - col) <= 4 for c, col in zip(row, starts) if c.end > c.start)


def _aligned(view: str, row: list[Cell], starts: list[int]) -> list[Cell]:
    """A short row of a space-aligned table with empty cells put back where its cells
    stand away from the header's columns; unchanged unless every cell sits within a few
    columns of a distinct header label, in order."""
    if not row or view.count("\n", row[0].start, row[-1].end):
        return row
    ncols = len(starts)
    placed: list[int] = []
    j = 0
    for k, c in enumerate(row):
        col = _display_column(view, c.start)
        last = ncols - (len(row) - k)  # leave a column for each cell after this one
        best = min(range(j, last + 1), key=lambda i: abs(starts[i] - col), default=None)
        if best is None or abs(starts[best] - col) > 6:
            return row
        placed.append(best)
        j = best + 1
    out = [Cell(row[0].start, row[0].start) for _ in range(ncols)]
    for c, i in zip(row, placed):
        out[i] = c
    for i in range(ncols):  # empty cells sit where the gap is
        if out[i].end == out[i].start and i > 0:
            prev = out[i - 1]
            out[i] = Cell(prev.end, prev.end)
    return out


def describe_tables(text: str) -> list[dict]:
    """The tables of a document as JSON-ready data, for auditing how they were read:
    kind, layout, line range (1-based), columns (printed label and notation) and rows
    of cells, each cell with its offsets into ``text`` and its text.

    >>> [(t["kind"], t["layout"], t["lines"], [c["notation"] for c in t["columns"]])
    ...  for t in describe_tables("说明\\n序号 | 项目名称 | 牵头单位\\n1 | 新建食堂 | 市民政局\\n")]
    [('list', 'pipes', [2, 3], ['number', 'title', 'lead'])]
    """
    from mskg.ingest.text import lines_of, normalised

    view = normalised(text)
    out: list[dict] = []
    for t in find_tables(text, view, lines_of(text, view)):
        out.append({
            "kind": t.kind,
            "layout": t.layout,
            "lines": [t.first_line + 1, t.last_line + 1],
            "columns": [{"label": text[c.start : c.end], "notation": n} for c, n in zip(t.labels, t.header)],
            "rows": [[{"start": c.start, "end": c.end, "text": text[c.start : c.end]} for c in row] for row in t.rows],
        })
    return out
