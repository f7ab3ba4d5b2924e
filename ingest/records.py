"""Items printed as records of ``label：value`` lines, read as a table whose header is the labels.

A record is a run of lines ``项目名称：… / 建设内容：… / 责任单位：…`` whose labels name known
columns (lexicon data: ``lexicons/structure.ttl``, scheme ``columns``); records follow
one another apart by blank lines, rules (``－－－－``) or a short line that numbers the
next record (``【项目一】``, ``◆项目二``). :func:`record_table` gives them as a
:class:`mskg.ingest.tables.Table` of layout ``records``, so every later stage reads
them as it reads a table of any other flattening.
"""

from __future__ import annotations

import re

from mskg.ingest.tables import _NUMBER_CELL, Cell, Table, _opens_category, _resolve_years, column_of, table_kind
from mskg.ingest.text import Line

_RECORD_LABEL = re.compile(r"([^\s:]{2,10})\s*:\s*(?=\S)")
# a line between records: a rule, or a short line that numbers the next record
_RECORD_RULE = re.compile(r"[-—=*_~·.\s]{3,}")
_RECORD_NUMBER = _NUMBER_CELL


def _record_number(view: str, ln: Line) -> Cell | None:
    """The number a line gives the record below it (``2``, ``项目三``, ``【项目一】``)."""
    if ln.blank or ln.tabbed:
        return None
    m = _RECORD_NUMBER.fullmatch(view, ln.cstart, ln.end)
    return Cell(m.start(1), m.end(1)) if m else None


def _record_line(view: str, ln: Line, inside: bool = False) -> tuple[str, Cell, Cell] | None:
    """``label：value`` with a label naming a known column: (notation, label, value).
    ``inside`` a record, a short label of no known column (推进状态：) is a column too
    (``other``)."""
    if ln.blank or ln.tabbed:
        return None
    m = _RECORD_LABEL.match(view, ln.cstart, ln.end)
    if not m:
        return None
    notation = column_of(m.group(1))
    if notation is None:
        if not inside or len(m.group(1)) > 6 or not _CJK_LABEL.fullmatch(m.group(1)):
            return None
        notation = "other"
    return notation, Cell(m.start(1), m.end(1)), Cell(m.end(), ln.end)


_CJK_LABEL = re.compile(r"[\u4e00-\u9fff]{2,6}")


def record_table(view: str, lines: list[Line], i: int) -> Table | None:
    """Items printed as records of ``label：value`` lines (项目名称：… / 建设内容：… /
    责任单位：…), one record after another, apart by blank lines, rules or a line that
    numbers the next record. They read as a table whose header is the labels."""
    if _record_line(view, lines[i]) is None:
        return None
    n = len(lines)
    first = i
    number: Cell | None = None
    if i > 0 and (number := _record_number(view, lines[i - 1])) is not None:
        first = i - 1
    def label_of(f: tuple[str, Cell, Cell]) -> str:
        return view[f[1].start : f[1].end]

    records: list[tuple[Cell | None, list[tuple[str, Cell, Cell]]]] = []
    categories: dict[int, Cell] = {}  # record index → the category line printed above it
    k = i
    last_line = i
    while k < n:
        fields: list[tuple[str, Cell, Cell]] = []
        while k < n and (rec := _record_line(view, lines[k], inside=len(fields) >= 2)) is not None:
            if any(label_of(f) == label_of(rec) for f in fields):
                break  # the same label again: the next record starts without a separator
            fields.append(rec)
            k += 1
        if not fields:
            break
        records.append((number, fields))
        last_line = k - 1
        number = None
        m = k
        while m < n and (lines[m].blank or _RECORD_RULE.fullmatch(lines[m].content(view))):
            m += 1
        category: Cell | None = None
        if m + 1 < n and _opens_category(view, lines[m]) and _record_line(view, lines[m]) is None:
            # 二、医疗卫生（3项） between records: a category row, a group of the records below
            category = Cell(lines[m].cstart, lines[m].end)
            m += 1
            while m < n and lines[m].blank:
                m += 1
        if m + 1 < n and (number := _record_number(view, lines[m])) is not None:
            m += 1
        if m >= n or _record_line(view, lines[m]) is None:
            break
        if category is not None:
            categories[len(records)] = category
        k = m
    if len(records) < 2:
        return None
    if categories and 0 not in categories:
        # the records are grouped by category lines: the one right above the first record
        # opens the first group
        m = first - 1
        while m > 0 and lines[m].blank:
            m -= 1
        if m >= 0 and _opens_category(view, lines[m]):
            categories[0] = Cell(lines[m].cstart, lines[m].end)
            first = m
    notations: list[str] = []
    labels: list[Cell] = []
    printed: list[str] = []  # a column per printed label (进展情况 and 完成率 both report progress)
    for _, fields in records:
        for f in fields:
            if label_of(f) not in printed:
                printed.append(label_of(f))
                notations.append(f[0])
                labels.append(f[1])
    # year labels (2020年 / 2025年) are the baseline and target columns of indicator records
    notations = _resolve_years(notations, printed)
    # the number of a record: its 序号 field, else the line above it
    numbered = "number" not in notations and any(num is not None for num, _ in records)
    header = (["number"] if numbered else []) + notations
    kind = table_kind(header)
    if kind is None:
        return None
    rows: list[list[Cell]] = []
    for r, (num, fields) in enumerate(records):
        if r in categories:
            cat = categories[r]
            rows.append([cat] + [Cell(cat.end, cat.end) for _ in range(len(header) - 1)])
        at = fields[0][1].start
        row = [num or Cell(at, at)] if numbered else []
        values = {label_of(f): f[2] for f in fields}
        row += [values.get(c, Cell(at, at)) for c in printed]
        rows.append(row)
    if numbered:
        labels = [Cell(labels[0].start, labels[0].start)] + labels
    return Table(header, rows, lines[first].start, lines[last_line].end, first, last_line,
                 labels=labels, kind=kind, layout="records")
