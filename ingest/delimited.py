"""Tables whose cells are separated by one character each:

- ``csv``: exported as comma-separated values (a spreadsheet saved as CSV and pasted as
  text): a row per record, cells separated by commas, a cell that holds commas, quotes or
  line breaks enclosed in double quotes (a quote inside doubled), so one record may run
  over several lines. Only commas printed as such count (the normalised view turns every
  full-width ， of the prose into one);
- ``space``: an HTML table flattened with its cells joined by single spaces (a web page's
  text as a scraper prints it): a row per line, an empty cell leaving two spaces side by
  side (``9 退役军人优抚 区退役军人事务局  2100 …``), a row with empty leading cells opening
  with a space. No cell is quoted; a row with more cells than the header printed a space
  inside its last cell.

A header record whose cells name known columns opens the table, and the first line that
is no record of as many cells ends it (a note below the table, 注：…).

>>> from mskg.ingest.text import lines_of, normalised
>>> text = ('序号,项目名称,牵头单位,责任单位\\n'
...         '1,新建食堂,市民政局,"市财政局\\n各区政府"\\n'
...         '2,"托育服务,扩容",市卫健委,市教体局\\n'
...         '注：排在第一位的为牵头单位。\\n')
>>> view = normalised(text)
>>> t = delimited_table(text, view, lines_of(text, view), 0)
>>> t.layout, t.header, t.last_line
('csv', ['number', 'title', 'lead', 'responsible'], 3)
>>> [[text[c.start:c.end] for c in r] for r in t.rows]
[['1', '新建食堂', '市民政局', '市财政局\\n各区政府'], ['2', '托育服务,扩容', '市卫健委', '市教体局']]
"""

from __future__ import annotations

import re

from mskg.ingest.text import Line, is_tail_line


def _record(text: str, pos: int, end: int, sep: str = ",") -> tuple[list[tuple[int, int]], int]:
    """The fields of the record starting at ``pos`` (content offsets, quotes excluded)
    and where the next record starts; only comma-separated fields are quoted."""
    fields: list[tuple[int, int]] = []
    stops = sep + "\n"
    i = pos
    while True:
        if i < end and text[i] == '"' and sep == ",":
            # a quoted field: up to the quote not doubled
            j = i + 1
            while j < end:
                if text[j] == '"':
                    if j + 1 < end and text[j + 1] == '"':
                        j += 2
                        continue
                    break
                j += 1
            fields.append((i + 1, min(j, end)))
            i = j + 1
            while i < end and text[i] not in stops:
                i += 1  # stray text after a closing quote stays out
        else:
            j = i
            while j < end and text[j] not in stops:
                j += 1
            fields.append((i, j))
            i = j
        if i >= end or text[i] == "\n":
            return fields, i + 1
        i += 1  # past the separator


def delimited_table(text: str, view: str, lines: list[Line], i: int):
    """The comma-separated table whose header record is line ``i``, or None."""
    ln = lines[i]
    if ln.blank or text.count(",", ln.start, ln.end) < 2 or "。" in text[ln.start : ln.end]:
        return None  # (a header names columns; a sentence is none)
    return _table(text, view, lines, i, ",")


def space_joined_table(text: str, view: str, lines: list[Line], i: int):
    """The table whose cells are joined by single spaces, its header at line ``i``, or None."""
    ln = lines[i]
    content = text[ln.cstart : ln.end]
    if ln.blank or content.count(" ") < 2 or "。" in content or "  " in content or "\t" in content:
        return None  # (a header names columns, each cell after one space)
    return _table(text, view, lines, i, " ")


def _table(text: str, view: str, lines: list[Line], i: int, sep: str):
    from mskg.ingest.tables import _TABLE_END, Cell, Table, _header_of, sub_header, table_kind

    ln = lines[i]
    spaced = sep == " "
    head, after = _record(text, ln.cstart if spaced else ln.start, len(text), sep)
    labels = [Cell(*_trimmed(text, a, b)) for a, b in head]
    found = _header_of(view, labels, no_empty=spaced)
    if found is None:
        return None
    header, kind = found
    ncols = len(header)
    rows: list[list[Cell]] = []
    pos, last_end = after, ln.end
    while pos < len(text):
        fields, nxt = _record(text, pos, len(text), sep)
        cells = [Cell(*_trimmed(text, a, b)) for a, b in fields]
        if spaced:
            # ≥ 60: a comparator set apart from its number is one cell with it
            for k in range(len(cells) - 2, -1, -1):
                if _COMPARATOR.fullmatch(text, cells[k].start, cells[k].end) and cells[k + 1].end > cells[k + 1].start:
                    cells[k : k + 2] = [Cell(cells[k].start, cells[k + 1].end)]
        if spaced and len(cells) < ncols - 1:
            break  # no row: a line of prose, a note (space-joined rows keep every empty cell)
        if not rows and sub_header(view, header, labels, cells):
            # 牵头单位 | 配合单位 under a merged 责任单位: the header's second row
            kind, ncols = table_kind(header) or kind, len(header)
            last_end, pos = nxt - 1, nxt
            continue
        while len(cells) > ncols and cells[-1].end == cells[-1].start:
            cells.pop()
        first = view[cells[0].start : cells[0].end] if cells else ""
        if len(cells) < 2 or not any(c.end > c.start for c in cells) or _TABLE_END.match(first) or is_tail_line(first):
            break  # a line that is no record: a note, a blank line
        if len(cells) < ncols:
            cells += [Cell(cells[-1].end, cells[-1].end) for _ in range(ncols - len(cells))]
        elif len(cells) > ncols:
            # more cells than the header: the last column takes the rest as printed
            cells = cells[: ncols - 1] + [Cell(cells[ncols - 1].start, cells[-1].end)]
        rows.append(cells)
        last_end = nxt - 1
        pos = nxt
    if not rows:
        return None
    # (the line holding the last record's end: a line's end leaves out its trailing spaces)
    last = max(k for k in range(i, len(lines)) if lines[k].start <= min(last_end, len(text)))
    if spaced and len(rows) < 2:
        return None
    reading = ("a row per line, cells joined by single spaces" if spaced
               else "comma-separated records, a quoted cell running over lines")
    return Table(header, rows, ln.start, lines[last].end, i, last, labels=labels, kind=kind,
                 layout="space" if spaced else "csv", reading=reading)


_COMPARATOR = re.compile(r"[≥≤><＞＜]=?")


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \t\r\ufeff":
        a += 1
    while b > a and text[b - 1] in " \t\r":
        b -= 1
    return a, b
