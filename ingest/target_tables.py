"""Targets in tables: indicator tables and project tables with an investment column.

Scraped plans flatten tables in two ways, both read here:

- one cell per line, often with a tab before each cell, rows separated by blank
  lines (a cell may continue on lines without the leading tab);
- one row per line, cells separated by tabs.

An *indicator table* has a header with 指标 (name), 单位 (unit), a base-year column
(基期值, 现状值, ``2020年``), a target column (目标值, ``2025年``) and often 属性
(约束性 = binding, 预期性 = expected): each row is one target, with its baseline.

A *project table* has 项目名称 and an investment column (总投资（万元）): each row's
investment is a target whose unit comes from the header; the row's 建设年限 gives the
year of the targets stated in its content cell.

>>> text = "\\t指标名称\\n\\t单位\\n\\t2020年\\n\\t2025年\\n\\t属性\\n\\n\\t养老床位数\\n\\t张\\n\\t5000\\n\\t6400\\n\\t预期性\\n"
>>> [(t.subject, t.value, t.unit, t.baseline_value, t.year, t.attribute) for t in read_tables(text).targets]
[('养老床位数', 6400.0, '张', 5000.0, 2025, 'expected')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mskg.ingest.model import Span, Target
from mskg.ingest.quantities import parse_number, vocabulary

_YEAR = re.compile(r"((?:19|20)\d{2})")
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_HEADER_INDICATOR = re.compile(r"指标")
_HEADER_TARGET = re.compile(r"目标|预期|规划值|(?:19|20)\d{2}年?$|(?:19|20)\d{2}年(?!.*(?:基期|现状|基数))")
_HEADER_BASE = re.compile(r"基期|现状|基数|基准")
_HEADER_UNIT = re.compile(r"^单位$|计量单位")
_HEADER_ATTR = re.compile(r"属性|性质")
_HEADER_PROJECT = re.compile(r"项目名称|工程名称|项目$")
_HEADER_INVEST = re.compile(r"投资")
_HEADER_PERIOD = re.compile(r"年限|期限|起止|建设期|实施期|完成时限")
_HEADER_CONTENT = re.compile(r"建设内容|主要内容|建设规模|内容")
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


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass
class TableReading:
    """What the tables of a text state."""

    targets: list[Target] = field(default_factory=list)
    covered: list[tuple[int, int]] = field(default_factory=list)  # no prose targets here
    years: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, year) of content cells


def read_tables(text: str) -> TableReading:
    """Targets, covered regions and row years of every table in ``text``."""
    reading = TableReading()
    for header, rows in _tables(text):
        names = [c.text for c in header]
        if _column(names, _HEADER_INDICATOR) is not None and _target_column(names) is not None:
            _indicator_rows(text, header, rows, reading)
        elif _column(names, _HEADER_PROJECT) is not None and _column(names, _HEADER_INVEST) is not None:
            _project_rows(text, header, rows, reading)
    return reading


# ---------------------------------------------------------------------------
# flattened tables


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append((pos, line.rstrip("\r\n")))
        pos += len(line)
    return out


def _cell(start: int, raw: str) -> Cell:
    lead = len(raw) - len(raw.lstrip(" \t　"))
    body = raw.strip(" \t　")
    return Cell(start + lead, start + lead + len(body), body)


def _is_header_cell(s: str) -> bool:
    return bool(s) and len(s) <= 16 and not re.search(r"[。；;，,]", s)


def _tables(text: str):
    """(header cells, rows of cells) for every table-looking block."""
    lines = _lines(text)
    i = 0
    while i < len(lines):
        pos, line = lines[i]
        cells = [c for c in _split_tabs(pos, line) if c.text]
        # one row per line
        if len(cells) >= 3 and all(_is_header_cell(c.text) for c in cells) and _looks_like_header([c.text for c in cells]):
            rows = []
            j = i + 1
            while j < len(lines):
                p2, l2 = lines[j]
                row = _split_tabs(p2, l2)
                if len([c for c in row if c.text]) < 2:
                    if not l2.strip() and rows:
                        break
                    j += 1
                    if not rows:
                        continue
                    break
                rows.append(_right_aligned([c for c in row], len(cells)))
                j += 1
            yield cells, rows
            i = j
            continue
        # one cell per line
        if _is_header_cell(line.strip()):
            header: list[Cell] = []
            j = i
            tabbed = line.startswith("\t")
            while j < len(lines) and lines[j][1].strip() and _is_header_cell(lines[j][1].strip()) \
                    and lines[j][1].startswith("\t") == tabbed and len(header) < 12:
                header.append(_cell(*lines[j]))
                j += 1
            names = [c.text for c in header]
            if len(header) >= 3 and _looks_like_header(names):
                rows, j = _cell_rows(lines, j, len(header), tabbed=line.startswith("\t"))
                yield header, rows
                i = j
                continue
        i += 1


def _split_tabs(pos: int, line: str) -> list[Cell]:
    out, offset = [], 0
    for part in line.split("\t"):
        out.append(_cell(pos + offset, part))
        offset += len(part) + 1
    return out


def _looks_like_header(names: list[str]) -> bool:
    return (_column(names, _HEADER_INDICATOR) is not None and _target_column(names) is not None) or (
        _column(names, _HEADER_PROJECT) is not None and _column(names, _HEADER_INVEST) is not None)


def _cell_rows(lines, j: int, n: int, *, tabbed: bool) -> tuple[list[list[Cell]], int]:
    rows: list[list[Cell]] = []
    current: list[Cell] = []
    blank_rows = False
    while j < len(lines):
        pos, line = lines[j]
        if tabbed and line.startswith("\t") and not line.strip():
            current.append(Cell(pos + 1, pos + 1, ""))  # an empty cell (merged or blank)
            j += 1
            continue
        if not line.strip():
            if current:
                rows.append(current)
                current = []
                blank_rows = True
            j += 1
            if j < len(lines) and tabbed and not lines[j][1].startswith("\t") and lines[j][1].strip():
                break
            continue
        if tabbed and not line.startswith("\t"):
            if current:  # a cell continued on the next line
                last = current[-1]
                cont = _cell(pos, line)
                current[-1] = Cell(last.start, cont.end, _join_cells(last, cont))
                j += 1
                continue
            break
        current.append(_cell(pos, line))
        if not blank_rows and not tabbed and len(current) == n:
            rows.append(current)
            current = []
        j += 1
    if current:
        rows.append(current)
    rows = [_right_aligned(r, n) for r in rows if len([c for c in r if c.text]) >= 2]
    return rows, j


def _right_aligned(row: list[Cell], n: int) -> list[Cell]:
    """A row with fewer cells than the header lost its leading (merged) cells: pad them."""
    if len(row) >= n:
        return row[:n] if all(not c.text for c in row[n:]) else row
    pad = [Cell(row[0].start, row[0].start, "")] * (n - len(row))
    return pad + row


def _join_cells(a: Cell, b: Cell) -> str:
    return a.text + "\n" + b.text


# ---------------------------------------------------------------------------
# indicator tables


def _column(names: list[str], pattern: re.Pattern) -> int | None:
    return next((k for k, s in enumerate(names) if pattern.search(s)), None)


def _target_column(names: list[str]) -> int | None:
    cands = [k for k, s in enumerate(names) if _HEADER_TARGET.search(s) and not _HEADER_BASE.search(s)]
    if not cands:
        return None
    years = [(int(_YEAR.search(names[k]).group(1)) if _YEAR.search(names[k]) else 0, k) for k in cands]
    return max(years)[1]


def _base_column(names: list[str], target: int) -> int | None:
    k = _column(names, _HEADER_BASE)
    if k is not None:
        return k
    ty = _YEAR.search(names[target])
    for k, s in enumerate(names):
        m = _YEAR.search(s)
        if k != target and m and ty and int(m.group(1)) < int(ty.group(1)):
            return k
    return None


def _value(cell: str) -> tuple[float, float | None, str] | None:
    s = cell.strip().strip("[]【】（）()")
    cmp = "="
    for pat, sym in _CELL_COMPARATOR:
        if pat.search(s):
            cmp = sym
            s = pat.sub("", s).strip()
    m = re.fullmatch(r"(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*[-—–~～至]\s*(\d+(?:\.\d+)?))?\s*%?", s.strip("[]【】 "))
    if not m:
        return None
    lo = parse_number(m.group(1))
    hi = parse_number(m.group(2)) if m.group(2) else None
    if hi is not None:
        cmp = ">="
    return lo, hi, cmp


def _normalise(value: float, unit: str) -> tuple[float, str]:
    voc = vocabulary()
    for mult, factor in voc.multipliers.items():
        if unit.startswith(mult) and unit[len(mult):] in voc.units:
            return float(factor) * value, voc.units[unit[len(mult):]][0]
    base = voc.units.get(unit)
    return value, base[0] if base else unit


def _indicator_rows(text: str, header: list[Cell], rows: list[list[Cell]], reading: TableReading) -> None:
    names = [c.text for c in header]
    k_name = _column(names, _HEADER_INDICATOR)
    k_target = _target_column(names)
    k_base = _base_column(names, k_target)
    k_unit = _column(names, _HEADER_UNIT)
    k_attr = _column(names, _HEADER_ATTR)
    ty = _YEAR.search(names[k_target])
    by = _YEAR.search(names[k_base]) if k_base is not None else None
    first = header[0].start
    last = header[-1].end
    for row in rows:
        if len(row) <= max(k_name, k_target):
            continue
        last = max(last, row[-1].end)
        parsed = _value(row[k_target].text)
        if parsed is None:
            continue
        lo, hi, cmp = parsed
        unit = row[k_unit].text if k_unit is not None and k_unit < len(row) else ""
        if not unit and "%" in row[k_target].text:
            unit = "%"
        base = _value(row[k_base].text) if k_base is not None and k_base < len(row) else None
        attr = row[k_attr].text if k_attr is not None and k_attr < len(row) else ""
        norm_value, norm_unit = _normalise(lo, unit)
        start, end = row[k_name].start, row[k_target].end
        reading.targets.append(Target(
            key="", item=None, subject=row[k_name].text, value_text=row[k_target].text, value=lo,
            unit=unit, comparator=cmp, span=Span.of(text, start, end),
            normalised_value=norm_value, normalised_unit=norm_unit, value_max=hi,
            year=int(ty.group(1)) if ty else None,
            baseline_value=base[0] if base else None,
            baseline_year=int(by.group(1)) if by and base else None,
            attribute=next((v for k, v in _ATTRIBUTE.items() if k in attr), None),
        ))
    reading.covered.append((first, last))


# ---------------------------------------------------------------------------
# project tables


def _project_rows(text: str, header: list[Cell], rows: list[list[Cell]], reading: TableReading) -> None:
    names = [c.text for c in header]
    k_name = _column(names, _HEADER_PROJECT)
    k_invest = _column(names, _HEADER_INVEST)
    k_period = _column(names, _HEADER_PERIOD)
    k_content = next((k for k, s in enumerate(names) if _HEADER_CONTENT.search(s) and k not in {k_name, k_invest}), None)
    unit_m = re.search(r"[（(]([^）)]+)[）)]", names[k_invest])
    unit = unit_m.group(1) if unit_m else "万元"
    for row in rows:
        if len(row) <= max(k_name, k_invest):
            continue
        year = None
        if k_period is not None and k_period < len(row):
            ys = _YEAR.findall(row[k_period].text)
            year = int(ys[-1]) if ys else None
            reading.covered.append((row[k_period].start, row[k_period].end))
        if k_content is not None and k_content < len(row) and year:
            reading.years.append((row[k_content].start, row[k_content].end, year))
        cell = row[k_invest]
        parsed = _value(cell.text)
        reading.covered.append((cell.start, cell.end))
        if parsed is None:
            continue
        lo, hi, cmp = parsed
        norm_value, norm_unit = _normalise(lo, unit)
        reading.targets.append(Target(
            key="", item=None, subject=f"{row[k_name].text}总投资", value_text=cell.text, value=lo,
            unit=unit, comparator=cmp, span=Span.of(text, cell.start, cell.end),
            normalised_value=norm_value, normalised_unit=norm_unit, value_max=hi, year=year,
        ))
