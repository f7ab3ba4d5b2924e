"""Tables printed one column after another (column-major), as text taken from a PDF
prints a table whose cells it reads down each column, or a landscape table turned on
its side: a header word, then the N cells of that column, one per line; then the next
header word and its N cells; and so on. Rows are rebuilt by position (the k-th cell of
every column), then read like every other table (column meaning from the header words).

- N is given by the first column: a run of row numbers following each other under a
  序号 header, else the lines up to the next header word of a known column;
- every further column is a short header line (a unit such as ``（万元）`` on the next
  line joins it) followed by exactly N cells; a column is taken only when the line after
  its N cells is the next header or ends the table, so a cell printed on two lines
  never shifts the rows;
- page furniture between cells belongs to no cell; a known header word printed again
  (the header repeated on the next page) opens a new block of rows under the same header.

>>> from mskg.ingest.text import lines_of, normalised
>>> text = ("序号\\n1\\n2\\n项目名称\\n社区食堂\\n普惠托育\\n责任单位\\n区民政局\\n区卫健委\\n"
...         "完成时限\\n2024年6月\\n2024年9月\\n— 2 —\\n序号\\n3\\n项目名称\\n口袋公园\\n"
...         "责任单位\\n区住建局\\n完成时限\\n2024年10月\\n")
>>> view = normalised(text)
>>> t = column_major_table(text, view, lines_of(text, view), 0)
>>> t.header, [[text[c.start:c.end] for c in r] for r in t.rows]
(['number', 'title', 'responsible', 'deadline'], [['1', '社区食堂', '区民政局', '2024年6月'], ['2', '普惠托育', '区卫健委', '2024年9月'], ['3', '口袋公园', '区住建局', '2024年10月']])
"""

from __future__ import annotations

import re

from mskg.ingest.text import Line, is_page_line, is_tail_line

_UNIT = re.compile(r"[（(][^（()）]{1,8}[）)]")
_SENTENCE = re.compile(r"[。；;，,：:]")
_NUMBER = re.compile(r"\d{1,4}")


def _header_like(content: str) -> bool:
    from mskg.ingest.tables import _HEADER_CELL, _TABLE_END

    c = content.strip()
    return (bool(c) and len(c) <= _HEADER_CELL and not _SENTENCE.search(c) and not _NUMBER.fullmatch(c)
            and not _TABLE_END.match(c) and not is_page_line(c) and not is_tail_line(c))


def _known(content: str) -> str | None:
    from mskg.ingest.tables import column_of

    c = re.sub(r"\s+", "", content)
    return column_of(c) if _header_like(c) else None


def _content_lines(view: str, lines: list[Line], i: int) -> list[Line]:
    """The lines from ``i`` that may belong to the table: page furniture and blank lines left
    out, up to the end of the table (a note, the end of the body)."""
    from mskg.ingest.tables import _TABLE_END

    out: list[Line] = []
    for ln in lines[i:]:
        if ln.blank:
            continue
        c = ln.content(view).strip()
        if is_page_line(c):
            continue
        if _TABLE_END.match(c) or is_tail_line(c):
            break
        out.append(ln)
    return out


def _block(view: str, content: list[Line], k: int, first_number: int | None):
    """One block of columns from ``content[k]``: (labels, columns, next k) or None."""
    from mskg.ingest.tables import Cell

    def label_at(p: int) -> tuple[Cell, int]:
        ln = content[p]
        if p + 1 < len(content) and _UNIT.fullmatch(content[p + 1].content(view).strip()):
            return Cell(ln.cstart, content[p + 1].end), p + 2
        return Cell(ln.cstart, ln.end), p + 1

    first = content[k].content(view)
    notation = _known(first)
    if notation is None:
        return None
    label, p = label_at(k)
    cells: list[Cell] = []
    while p < len(content):
        c = content[p].content(view).strip()
        if notation == "number":
            want = first_number + len(cells) if first_number is not None else None
            if not _NUMBER.fullmatch(c) or (want is not None and int(c) != want) or (
                    cells and int(c) != int(view[cells[-1].start : cells[-1].end]) + 1):
                break
        elif _known(c) is not None:
            break
        cells.append(Cell(content[p].cstart, content[p].end))
        p += 1
    n = len(cells)
    if n < (2 if first_number is None else 1):  # a later page may hold a single row
        return None
    labels, columns, seen = [label], [cells], {notation}
    while p < len(content):
        c = content[p].content(view).strip()
        known = _known(c)
        if not _header_like(c) or (known is not None and known in seen):
            break  # a repeated known header word opens the next block
        label, q = label_at(p)
        if q + n > len(content):
            break
        after = content[q + n].content(view).strip() if q + n < len(content) else ""
        if after and not _header_like(after):
            break  # a cell printed on more than one line: the rows would shift
        labels.append(label)
        columns.append([Cell(ln.cstart, ln.end) for ln in content[q : q + n]])
        seen.add(known or "")
        p = q + n
    return labels, columns, p


def column_major_table(text: str, view: str, lines: list[Line], i: int):
    """The column-major table whose first header word is line ``i``, or None."""
    from mskg.ingest.tables import Table, _header

    if lines[i].blank or _known(lines[i].content(view)) is None:
        return None
    content = _content_lines(view, lines, i)
    found = _block(view, content, 0, None)
    if found is None:
        return None
    labels, columns, k = found
    names = _header([view[c.start : c.end] for c in labels])
    if names is None:
        return None
    header, kind = names
    rows = [[col[r] for col in columns] for r in range(len(columns[0]))]
    blocks = 1
    while k < len(content):
        num = header.index("number") if "number" in header else None
        nxt = int(view[rows[-1][num].start : rows[-1][num].end]) + 1 if num is not None else None
        more = _block(view, content, k, nxt)
        if more is None:
            break
        m_labels, m_columns, m_k = more
        again = _header([view[c.start : c.end] for c in m_labels])
        if again is None or again[0] != header:
            break
        rows += [[col[r] for col in m_columns] for r in range(len(m_columns[0]))]
        k, blocks = m_k, blocks + 1
    last = content[k - 1]
    return Table(header, rows, lines[i].start, last.end, i, last.index, labels=labels, kind=kind,
                 layout="columns",
                 reading=f"one column after another: {len(header)} header words, each over its "
                         f"cells, in {blocks} block(s)")
