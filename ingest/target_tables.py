"""Targets in tables: indicator tables, project tables with an investment column, and
lists with a quantity column.

Tables are found by :func:`mskg.ingest.tables.find_tables` in every layout scraped
pages leave them in (one cell per line, or one row per line with tabs, pipes or runs
of spaces between cells), and what a table is follows from its header row:

- an *indicator table* (指标 / 单位 / 基期值 or ``2020年`` / 目标值 or ``2025年`` / 属性)
  gives one target per row, with its baseline and binding (约束性) or expected (预期性)
  attribute. The unit is the row's 单位 cell, else a bracket closing the indicator
  name (``城镇调查失业率（%）``, ``每千人口执业（助理）医师数（人）``: only a bracket that
  holds a unit counts), else a unit printed in the value cell, else a bracket in the
  target column's header;
- a *project table* (项目名称 / 建设内容 / 总投资（亿元） / 建设年限) gives each row's
  investment as a target whose unit comes from the column header, and the row's
  建设年限 gives the year of the targets its content cell states;
- a *list* with a quantity column (项目名称 / 单位 / 数量 …) gives each row's quantity as
  a target of the row's item, in the unit of its 单位 cell.

A target's span is exact: from the indicator name to the target cell for indicator
rows, the value cell itself for investment and quantity cells.

>>> text = "\\t指标名称\\n\\t单位\\n\\t2020年\\n\\t2025年\\n\\t属性\\n\\n\\t养老床位数\\n\\t张\\n\\t5000\\n\\t6400\\n\\t预期性\\n"
>>> [(t.subject, t.value, t.unit, t.baseline_value, t.year, t.attribute) for t in read_tables(text).targets]
[('养老床位数', 6400.0, '张', 5000.0, 2025, 'expected')]
>>> text = "指标 | 2020年 | 2025年\\n城镇调查失业率（%） | 5.2 | 5.5以内\\n"
>>> [(t.subject, t.value, t.unit, t.comparator, t.span.quote) for t in read_tables(text).targets]
[('城镇调查失业率', 5.5, '%', '<=', '城镇调查失业率（%） | 5.2 | 5.5以内')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mskg.ingest.model import Span, Target
from mskg.ingest.quantities import parse_number, unit_reading
from mskg.ingest.tables import Cell, Table, find_tables
from mskg.ingest.text import lines_of

_YEAR = re.compile(r"((?:19|20)\d{2})")
_ATTRIBUTE = {"约束性": "binding", "预期性": "expected", "约束": "binding", "预期": "expected"}
_CELL_COMPARATOR = [
    (re.compile(r"^(?:≥|>=|＞=|不低于|不少于)"), ">="),
    (re.compile(r"^(?:≤|<=|不高于|不超过)"), "<="),
    (re.compile(r"^(?:>|＞|超过)"), ">"),
    (re.compile(r"^(?:<|＜|低于)"), "<"),
    (re.compile(r"^(?:约|~|～)"), "~"),
    (re.compile(r"(?:以上|及以上)$"), ">="),
    (re.compile(r"(?:以下|以内|及以下)$"), "<="),
    (re.compile(r"左右$"), "~"),
]
# a bracket closing a name or a header label: 城镇调查失业率（%）, 总投资（亿元）
_CLOSING_BRACKET = re.compile(r"[(（]([^()（）]{1,8})[)）]\s*$")
_VALUE = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*[-—–~～至]\s*(\d+(?:\.\d+)?))?\s*(\S*)")


@dataclass
class TableReading:
    """What the tables of a text state."""

    targets: list[Target] = field(default_factory=list)
    covered: list[tuple[int, int]] = field(default_factory=list)  # no prose targets here
    years: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, year) of content cells
    cells: list[tuple[int, int]] = field(default_factory=list)  # bounds of every non-empty cell


@dataclass(frozen=True)
class CellValue:
    """A number read from a table cell."""

    value: float
    value_max: float | None
    comparator: str
    unit: str  # a unit printed in the cell itself ('' when none)


_CATEGORY = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}\s*、|\(\s*[一二三四五六七八九十]{1,3}\s*\))")


def read_tables(text: str, *, tables: list[Table] | None = None) -> TableReading:
    """Targets, covered regions and row years of every table in ``text`` (a normalised
    view); ``tables``: the tables of the document model, when it has read them."""
    reading = TableReading()
    for table in find_tables(text, text, lines_of(text, text)) if tables is None else tables:
        reading.cells.extend((c.start, c.end) for row in table.rows for c in row if c.end > c.start)
        # a progress column reports what was done: its cells state no target
        progress = [k for k, notation in enumerate(table.header) if notation == "progress"]
        reading.covered.extend((c.start, c.end) for row in table.rows for k in progress
                               for c in [row[k]] if c.end > c.start)
        if table.kind == "list":
            # a category row names a group of rows (教育（2项）): its number counts them
            for row in table.rows:
                filled = [c for c in row if c.end > c.start]
                if len(filled) == 1 and len(row) > 2 and _CATEGORY.match(text, filled[0].start, filled[0].end):
                    reading.covered.append((filled[0].start, filled[0].end))
        if table.kind == "indicator" or (table.column("indicator") is not None and table.column("target") is not None):
            _indicator_rows(text, table, reading)
        elif table.column("title") is not None and table.column("investment") is not None:
            _project_rows(text, table, reading)
        elif table.column("target") is not None:
            _quantity_rows(text, table, reading)
    return reading


def bracket_unit(label: str) -> tuple[str, str] | None:
    """(name without the bracket, unit) when ``label`` ends in a bracket holding a unit.

    >>> bracket_unit("每千人口执业（助理）医师数（人）")
    ('每千人口执业（助理）医师数', '人')
    >>> bracket_unit("总投资(亿元)"), bracket_unit("每千人口执业（助理）医师数")
    (('总投资', '亿元'), None)
    """
    m = _CLOSING_BRACKET.search(label)
    if not m or unit_reading(m.group(1)) is None:
        return None
    return label[: m.start()].rstrip(), m.group(1).strip()


def cell_value(cell: str) -> CellValue | None:
    """The number of a value cell: ``95``, ``≥99``, ``5.5以内``, ``[2.5]``, ``2-3``, ``6400张``.

    >>> cell_value("5.5以内"), cell_value("[1.8]").value, cell_value("6400张").unit
    (CellValue(value=5.5, value_max=None, comparator='<=', unit=''), 1.8, '张')
    """
    s = cell.strip().strip("[]【】（）() ")
    cmp = "="
    for pat, sym in _CELL_COMPARATOR:
        if pat.search(s):
            cmp = sym
            s = pat.sub("", s).strip()
    m = _VALUE.fullmatch(s.strip("[]【】 "))
    if not m:
        return None
    unit = m.group(3)
    if unit and unit_reading(unit) is None:
        return None  # a number inside words: not a value cell
    lo = parse_number(m.group(1))
    hi = parse_number(m.group(2)) if m.group(2) else None
    if hi is not None:
        if hi <= lo:
            return None
        cmp = ">="
    return CellValue(lo, hi, cmp, unit)


def _normalise(value: float, unit: str) -> tuple[float, str]:
    u = unit_reading(unit) if unit else None
    return (value * u.factor, u.normalised) if u else (value, unit)


def _text(text: str, c: Cell) -> str:
    return text[c.start : c.end]


def _cell(row: list[Cell], k: int | None) -> Cell | None:
    return row[k] if k is not None and k < len(row) else None


def _unit_cell(text: str, cell: Cell | None) -> str:
    """The unit printed in a 单位 cell (``%``, ``（万人）``), or ''."""
    return _text(text, cell).strip().strip("()（） ") if cell is not None else ""


# ---------------------------------------------------------------------------
# indicator tables


def _indicator_rows(text: str, table: Table, reading: TableReading) -> None:
    labels = [_text(text, c) for c in table.labels]
    k_name, k_target = table.column("indicator"), table.column("target")
    k_base, k_unit, k_attr = table.column("baseline"), table.column("unit"), table.column("attribute")
    ty = _YEAR.search(labels[k_target])
    by = _YEAR.search(labels[k_base]) if k_base is not None else None
    header_unit = bracket_unit(labels[k_target])
    last = table.start
    for row in table.rows:
        last = max(last, max(c.end for c in row))
        name, target = _cell(row, k_name), _cell(row, k_target)
        if name is None or target is None or name.end <= name.start:
            continue
        parsed = cell_value(_text(text, target))
        if parsed is None:
            continue
        subject = _text(text, name)
        unit = _unit_cell(text, _cell(row, k_unit))
        in_name = bracket_unit(subject)
        if in_name:
            subject = in_name[0]
            unit = unit or in_name[1]
        unit = unit or parsed.unit or (header_unit[1] if header_unit else "")
        if not unit and "%" in _text(text, target):
            unit = "%"
        base_cell = _cell(row, k_base)
        base = cell_value(_text(text, base_cell)) if base_cell is not None else None
        attr_cell = _cell(row, k_attr)
        attr = _text(text, attr_cell) if attr_cell is not None else ""
        norm_value, norm_unit = _normalise(parsed.value, unit)
        reading.targets.append(Target(
            key="", item=None, subject=subject, value_text=_text(text, target), value=parsed.value,
            unit=unit, comparator=parsed.comparator, span=Span.of(text, name.start, target.end),
            normalised_value=norm_value, normalised_unit=norm_unit, value_max=parsed.value_max,
            year=int(ty.group(1)) if ty else None,
            baseline_value=base.value if base else None,
            baseline_year=int(by.group(1)) if by and base else None,
            attribute=next((v for k, v in _ATTRIBUTE.items() if k in attr), None),
        ))
    reading.covered.append((table.start, max(last, table.end)))


# ---------------------------------------------------------------------------
# project tables


def _project_rows(text: str, table: Table, reading: TableReading) -> None:
    labels = [_text(text, c) for c in table.labels]
    k_name, k_invest = table.column("title"), table.column("investment")
    k_period, k_content = table.column("deadline"), table.column("body")
    in_header = bracket_unit(labels[k_invest])
    unit = in_header[1] if in_header else "万元"
    for row in table.rows:
        name, cell = _cell(row, k_name), _cell(row, k_invest)
        if name is None or cell is None:
            continue
        year = None
        period = _cell(row, k_period)
        if period is not None:
            ys = _YEAR.findall(_text(text, period))
            year = int(ys[-1]) if ys else None
            reading.covered.append((period.start, period.end))
        content = _cell(row, k_content)
        if content is not None and year:
            reading.years.append((content.start, content.end, year))
        reading.covered.append((cell.start, cell.end))
        parsed = cell_value(_text(text, cell))
        if parsed is None:
            continue
        cell_unit = parsed.unit or unit
        norm_value, norm_unit = _normalise(parsed.value, cell_unit)
        reading.targets.append(Target(
            key="", item=None, subject=f"{_text(text, name)}总投资", value_text=_text(text, cell),
            value=parsed.value, unit=cell_unit, comparator=parsed.comparator,
            span=Span.of(text, cell.start, cell.end), normalised_value=norm_value,
            normalised_unit=norm_unit, value_max=parsed.value_max, year=year,
        ))


# ---------------------------------------------------------------------------
# lists with a quantity column


def _quantity_rows(text: str, table: Table, reading: TableReading) -> None:
    """A list's 数量 column: each row's quantity in the unit of its 单位 cell (or of the
    column header's bracket), a target of the row's item."""
    labels = [_text(text, c) for c in table.labels]
    k_target, k_unit = table.column("target"), table.column("unit")
    k_name = next((table.column(n) for n in ("subtitle", "title", "body") if table.column(n) is not None), None)
    in_header = bracket_unit(labels[k_target])
    for row in table.rows:
        cell = _cell(row, k_target)
        if cell is None or cell.end <= cell.start:
            continue
        parsed = cell_value(_text(text, cell))
        if parsed is None:
            continue
        unit = _unit_cell(text, _cell(row, k_unit)) or parsed.unit or (in_header[1] if in_header else "")
        if not unit:
            continue  # a bare number is no target
        name = _cell(row, k_name)
        subject = _text(text, name).strip() if name is not None else ""
        norm_value, norm_unit = _normalise(parsed.value, unit)
        reading.covered.append((cell.start, cell.end))
        reading.targets.append(Target(
            key="", item=None, subject=subject or unit, value_text=_text(text, cell), value=parsed.value,
            unit=unit, comparator=parsed.comparator, span=Span.of(text, cell.start, cell.end),
            normalised_value=norm_value, normalised_unit=norm_unit, value_max=parsed.value_max,
        ))
