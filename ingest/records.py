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

from mskg.ingest.headings import heading_of, marker_of
from mskg.ingest.tables import (
    _AGENCY_COLUMNS,
    _HEADER_CELL,
    _NUMBER_CELL,
    _PART_STYLES,
    _SECTION_STYLES,
    _TABLE_END,
    _TITLE_COLUMNS,
    Cell,
    _columns,
    Table,
    _opens_category,
    _resolve_years,
    column_of,
    table_kind,
)
from mskg.ingest.text import Line, is_tail_line

# a label as long as a header cell of a known column (主要建设内容及年度目标, eleven
# characters); an unknown label must be short (:func:`_record_line`)
_RECORD_LABEL = re.compile(r"([^\s:]{2,12})\s*:\s*")
# a label set apart from its value by a tab or a run of spaces, and such a gap
_SPACED_LABEL = re.compile(r"([^\s:]{2,12})(?:\t|\s{2,})\s*(?=\S)")
# a label set apart from its value by one space (序号 1 / 工作任务 新建…), as a web page
# scraped into text prints a record; read so only where such lines recur (:func:`_records_from`)
_SPACE_LABEL = re.compile(r"([^\s:]{2,12}) (?=\S)")
_CELL_GAP = re.compile(r"\t| {2,}")
# a line between records: a rule, or a short line that numbers the next record
_RECORD_RULE = re.compile(r"[-—=*_~·.\s]{3,}")
# a page number between two records (— 2 —, -3-, 第2页)
_PAGE_NUMBER = re.compile(r"\s*(?:[-—–]+\s*\d{1,3}\s*[-—–]+|第\s*\d{1,3}\s*页(?:\s*[,/]?\s*共\s*\d{1,3}\s*页)?)\s*")
# a bullet glyph before a record's number (◆项目一)
_BULLET = re.compile(r"[◆◇●○■□▲△★☆►▶•·]\s*")
# a value that ends its sentence: a line after it opens no continuation
_CLOSED = tuple("。;!?")
_SENTENCE_END = tuple("。!?")
_CJK_LABEL = re.compile(r"[\u4e00-\u9fff]{2,6}")
# the longest value of a column that may name its records (a title, not a description)
_TITLE_LENGTH = 30


def _record_number(view: str, ln: Line) -> Cell | None:
    """The number a line gives the record below it (``2``, ``项目三``, ``【项目一】``,
    ``◆项目一``)."""
    if ln.blank or ln.tabbed:
        return None
    start = ln.cstart
    if (b := _BULLET.match(view, start, ln.end)) is not None:
        start = b.end()
    m = _NUMBER_CELL.fullmatch(view, start, ln.end)
    return Cell(m.start(1), m.end(1)) if m else None


def _separator(view: str, ln: Line) -> bool:
    """A line between two records that is neither a record's line nor its number: empty,
    a rule, a page number."""
    if ln.blank:
        return True
    content = ln.content(view)
    return bool(_RECORD_RULE.fullmatch(content) or _PAGE_NUMBER.fullmatch(content))


def _record_line(view: str, ln: Line, inside: bool = False) -> tuple[str, Cell, Cell] | None:
    """``label：value`` with a label naming a known column: (notation, label, value); the
    value may be empty (it goes on over the lines below). A short label of no known
    column (推进状态：, 标题：) is a column too (``other``) where labels may be unknown:
    ``inside`` a record, or at its start when its labels recur (:func:`record_table`
    keeps a column of unknown labels only when every record prints it)."""
    if ln.blank or ln.tabbed:
        return None
    m = _RECORD_LABEL.match(view, ln.cstart, ln.end)
    if not m:
        # a label set apart by a tab or a run of spaces (项目名称⇥城乡社区…): a known
        # column's, and the rest of the line one value
        m = _SPACED_LABEL.match(view, ln.cstart, ln.end)
        if not m or column_of(m.group(1)) is None or _CELL_GAP.search(view, m.end(), ln.end):
            m = _single_spaced(view, ln)
            if m is None:
                return None
    notation = column_of(m.group(1))
    if notation is None:
        if not inside or len(m.group(1)) > 6 or not _CJK_LABEL.fullmatch(m.group(1)):
            return None
        notation = "other"
    return notation, Cell(m.start(1), m.end(1)), Cell(m.end(), ln.end)


def _title_line(view: str, lines: list[Line], m: int, opening: str | None) -> Cell | None:
    """A short line of no label right above a record's first label line (the label
    records open with, ``opening``, once known): the title of the record below it, as an
    unnumbered heading printed over each record (老年助餐服务扩面提质 / 目标：… / 牵头：…).
    :func:`_records_from` keeps such titles only when every record has one."""
    if m < 0 or m + 1 >= len(lines):
        return None
    ln = lines[m]
    if ln.blank or ln.tabbed or _separator(view, ln) or _record_line(view, ln, inside=True) is not None:
        return None
    content = ln.content(view).rstrip()
    if len(content) > _TITLE_LENGTH or ":" in content or content.endswith(_CLOSED + tuple(",、")) or is_tail_line(content):
        return None
    if _TABLE_END.match(content) or _record_number(view, ln) is not None or _opens_category(view, ln):
        return None
    h = heading_of(ln, view) or marker_of(ln, view)
    if h is not None:
        return None
    nxt = _record_line(view, lines[m + 1], inside=True)
    if nxt is None or (opening is not None and view[nxt[1].start : nxt[1].end] != opening):
        return None
    return Cell(ln.cstart, ln.cstart + len(content))


def _single_spaced(view: str, ln: Line) -> re.Match[str] | None:
    """``label value`` apart by one space, the label a known column's; never a row of
    header cells (序号 工作任务 牵头单位: a value opening with a column's word too) nor a
    line of prose (责任单位要 细化: a phrase that merely opens with a column word; 牵头单位
    要负总责。: a sentence where a record names agencies)."""
    m = _SPACE_LABEL.match(view, ln.cstart, ln.end)
    if m is None or not any(m.group(1) in c.words for c in _columns()):
        return None  # a column's own word, not a phrase containing one (责任单位要)
    if (column_of(m.group(1)) in _AGENCY_COLUMNS
            and view[m.end() : ln.end].rstrip().endswith(_SENTENCE_END)):
        return None  # 牵头单位 要负总责，…。: a sentence, where a record names agencies
    if _CELL_GAP.search(view, m.end(), ln.end):
        return None
    first = view[m.end() : ln.end].split(" ", 1)[0]
    if _CJK_LABEL.fullmatch(first) and column_of(first) is not None:
        return None
    return m


def _continues(view: str, ln: Line, value: Cell, block: bool) -> bool:
    """Does a line that opens with no label go on with the value above? When the label
    printed no value on its own line (``block``: 内容： then ① … ② …), or the value broke
    off in the middle of a sentence; never a part's heading, a note or page furniture."""
    if ln.blank or ln.tabbed or _separator(view, ln):
        return False
    content = ln.content(view)
    if _TABLE_END.match(content) or is_tail_line(content):
        return False
    if _record_number(view, ln) is not None:
        return False  # ◆项目二: the next record's number
    h = heading_of(ln, view) or marker_of(ln, view)
    if h is not None and h.style in _PART_STYLES:
        return False
    return block or (h is None and not view[value.start : value.end].rstrip().endswith(_CLOSED))


def record_table(view: str, lines: list[Line], i: int) -> Table | None:
    """Items printed as records of ``label：value`` lines (项目名称：… / 建设内容：… /
    责任单位：…), one record after another, apart by blank lines, rules, page numbers or
    a line that numbers the next record (``【项目一】``, ``◆项目二``). They read as a
    table whose header is the labels.

    Labels are found by recurrence, not by name alone: a record opens with a label line,
    and a label no lexicon knows (标题：, 内容：) is a column when every record prints it;
    a value left empty on its label's line (内容：) runs over the lines below it. Where no
    label names the item, the first column of short values does (a title); where none
    describes it, the first column of long values does."""
    if i > 0 and _record_line(view, lines[i - 1], inside=True) is not None:
        return None  # a run of label lines is read from its first line only
    for k in range(i, min(i + 3, len(lines))):
        # a line or two of unknown labels may stand above the records (说明：…)
        rec = _record_line(view, lines[k], inside=True)
        if rec is None:
            return None
        if (t := _records_from(view, lines, k)) is not None:
            return t
        if rec[0] != "other":
            return None
    return None


def _records_from(view: str, lines: list[Line], i: int) -> Table | None:
    """The records whose first label line is ``lines[i]`` (see :func:`record_table`)."""
    n = len(lines)
    first = i
    number: Cell | None = None
    title: Cell | None = None  # an unlabelled title line above the record
    if i > 0 and (number := _record_number(view, lines[i - 1])) is not None:
        first = i - 1
    else:
        title = _title_line(view, lines, i - 1, None)

    def label_of(f: tuple[str, Cell, Cell]) -> str:
        return view[f[1].start : f[1].end]

    records: list[tuple[Cell | None, list[tuple[str, Cell, Cell]]]] = []
    titles: list[Cell | None] = []  # per record: the title line above it
    categories: dict[int, Cell] = {}  # record index → the category line printed above it
    k = i
    last_line = i
    opening: str | None = None  # the label the first record opens with
    seen: set[str] = set()  # the labels of the records so far
    while k < n:
        fields: list[tuple[str, Cell, Cell]] = []
        blocks: list[bool] = []  # per field: its value starts on the line below its label
        while k < n:
            rec = _record_line(view, lines[k], inside=True)
            if rec is None:
                if fields and _title_line(view, lines, k, opening or label_of(fields[0])) is not None:
                    break  # the next record's title line
                if fields and _continues(view, lines[k], fields[-1][2], blocks[-1]):
                    f = fields[-1]  # the value goes on over this line
                    fields[-1] = (f[0], f[1], Cell(f[2].start if f[2].end > f[2].start else lines[k].cstart,
                                                   lines[k].end))
                    k += 1
                    continue
                break
            if any(label_of(f) == label_of(rec) for f in fields):
                break  # the same label again: the next record starts without a separator
            if fields and opening is not None and label_of(rec) == opening:
                break  # the label records open with: the next record
            fields.append(rec)
            blocks.append(rec[2].end <= rec[2].start)
            k += 1
        if not fields:
            break
        if opening is None:
            opening = label_of(fields[0])
        elif not any(label_of(f) in seen and f[0] != "number" for f in fields):
            break  # records of other labels (序号 aside): another table, or lines of something else
        seen.update(label_of(f) for f in fields)
        records.append((number, fields))
        titles.append(title)
        last_line = k - 1
        number = title = None
        m = k
        while m < n and _separator(view, lines[m]):
            m += 1
        category: Cell | None = None
        if m + 1 < n and _opens_category(view, lines[m]) and _record_line(view, lines[m]) is None:
            # 二、医疗卫生（3项） between records: a category row, a group of the records below
            category = Cell(lines[m].cstart, lines[m].end)
            m += 1
            while m < n and lines[m].blank:
                m += 1
        elif (cat := _category_record(view, lines, m)) is not None:
            category, m = cat
        if m + 1 < n and (number := _record_number(view, lines[m])) is not None:
            m += 1
            while m < n and _separator(view, lines[m]):
                m += 1
        elif (title := _title_line(view, lines, m, opening)) is not None:
            m += 1
        while (category is None and number is None and title is None and m < n and (lone := _lone_cell(view, lines, m, records))
               is not None):
            # a line of plain text between two records: a row that fills one cell only (a
            # sub-row of the record above printing its task alone), in the describing column
            records.append((None, [lone]))
            titles.append(None)
            last_line = m
            m += 1
            while m < n and _separator(view, lines[m]):
                m += 1
        if m >= n or _record_line(view, lines[m], inside=True) is None:
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
        else:
            for s in (m - 1, m):  # 序号：一 / 类别：老有所养 right above the first record
                if s >= 0 and (cat := _category_record(view, lines, s)) is not None and cat[1] == i:
                    categories[0], first = cat[0], s
                    break
    if (all(t is not None for t in titles) and all(len(fs) > 1 for _, fs in records)
            and any(f[0] != "other" for _, fs in records for f in fs)
            and not any(f[0] in ("title", "subtitle") for _, fs in records for f in fs)):
        # every record, a run of two or more label lines of a known column, is headed by a
        # title line: the column that names them, of no label
        records = [(num, [("title", Cell(t.start, t.start), t)] + fields)
                   for (num, fields), t in zip(records, titles) if t is not None]
        first = min(first, i - 1)
    notations: list[str] = []
    labels: list[Cell] = []
    printed: list[str] = []  # a column per printed label (进展情况 and 完成率 both report progress)
    counts: dict[str, int] = {}
    for _, fields in records:
        for f in fields:
            counts[label_of(f)] = counts.get(label_of(f), 0) + 1
            if label_of(f) not in printed:
                printed.append(label_of(f))
                notations.append(f[0])
                labels.append(f[1])
    if not any(c != "other" for c in notations):
        return None  # no label names a known column: lines of something else
    if notations[0] == "other" and counts[printed[0]] < len(records):
        return None  # records open with an unknown label only if every record prints it
    # year labels (2020年 / 2025年) are the baseline and target columns of indicator records
    notations = _resolve_years(notations, printed)
    _name_unknown_columns(view, notations, printed, records)
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


# the number of a category row among records numbered 1, 2, 3: 一, （二）
_CATEGORY_NUMBER = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}|[（(][一二三四五六七八九十]{1,3}[）)])\s*")


def _category_record(view: str, lines: list[Line], m: int) -> tuple[Cell, int] | None:
    """A category row printed as a record of two labels (a table's category row 一 | 老有所养
    rendered as records: 序号：一 / 类别：老有所养): its number field holds a category's
    numeral, its other field a short name; a record follows it, apart by separators. The
    category's name cell and the line of the record below."""
    fields = []
    k = m
    while k < len(lines) and len(fields) < 3 and (rec := _record_line(view, lines[k], inside=True)) is not None:
        fields.append(rec)
        k += 1
    if len(fields) != 2 or fields[0][0] != "number" or not _CATEGORY_NUMBER.fullmatch(view, fields[0][2].start, fields[0][2].end):
        return None
    name = fields[1][2]
    value = view[name.start : name.end].strip()
    if not value or len(value) > 20 or re.search(r"[。;；,，:：]", value):
        return None
    while k < len(lines) and _separator(view, lines[k]):
        k += 1
    if k >= len(lines) or _record_line(view, lines[k], inside=True) is None:
        return None
    return name, k


def _lone_cell(view: str, lines: list[Line], m: int,
               records: list[tuple[Cell | None, list[tuple[str, Cell, Cell]]]]) -> tuple[str, Cell, Cell] | None:
    """A line of plain text between two records (a record of the same labels follows it,
    apart by separators only) as the one filled cell of a row, in the column that describes the
    records (else the one that names them): the field it would print under that label."""
    ln = lines[m]
    if (ln.blank or ln.tabbed or _record_line(view, ln, inside=True) is not None or _opens_category(view, ln)
            or _record_number(view, ln) is not None or heading_of(ln, view) is not None
            or marker_of(ln, view) is not None or _TABLE_END.match(ln.content(view)) or is_tail_line(ln.content(view))):
        return None
    k = m + 1
    while k < len(lines) and _separator(view, lines[k]):
        k += 1
    nxt = _record_line(view, lines[k], inside=True) if k < len(lines) else None
    fields = [f for _, fs in records for f in fs]
    if nxt is None or view[nxt[1].start : nxt[1].end] not in {view[f[1].start : f[1].end] for f in fields}:
        return None  # no record of these labels follows (来源：… of the page's footer)
    column = next((f for f in fields if f[0] == "body"), None) or next((f for f in fields if f[0] in _TITLE_COLUMNS), None)
    if column is None:
        return None
    return column[0], column[1], Cell(ln.cstart, ln.end)


def _name_unknown_columns(view: str, notations: list[str], printed: list[str],
                          records: list[tuple[Cell | None, list[tuple[str, Cell, Cell]]]]) -> None:
    """Columns of labels no lexicon knows, read from their values: with no column naming
    the records, the first unknown column every record fills with a short value names
    them (a title); with none describing them, the first unknown column of longer values
    after it describes them."""
    if any(c in _TITLE_COLUMNS for c in notations) and "body" in notations:
        return
    values: dict[str, list[str]] = {}
    for _, fields in records:
        for f in fields:
            values.setdefault(view[f[1].start : f[1].end], []).append(view[f[2].start : f[2].end].strip())
    unknown = [k for k, c in enumerate(notations) if c == "other"]
    if not any(c in _TITLE_COLUMNS for c in notations):
        for k in unknown:
            vals = values[printed[k]]
            if len(vals) == len(records) and all(0 < len(v) <= _TITLE_LENGTH and "\n" not in v for v in vals):
                notations[k] = "title"
                break
    if "body" not in notations and any(c in _TITLE_COLUMNS for c in notations):
        after = notations.index(next(c for c in notations if c in _TITLE_COLUMNS))
        for k in unknown:
            if k > after and notations[k] == "other" and any(len(v) > _TITLE_LENGTH or "\n" in v
                                                             for v in values[printed[k]]):
                notations[k] = "body"
                break


# --------------------------------------------------------------------------- label lines

# a line printing a column's label alone: no sentence or list punctuation, no digits but a year's
_BARE_LABEL_NOISE = re.compile(r"[。;,:、!?]")
# the columns whose label may print digits (2020年, 2025年目标值)
_YEAR_COLUMNS = ("year", "target", "baseline")
# the most lines one cell's value may run over before the next label
_VALUE_LINES = 8


def _bare_label(view: str, ln: Line) -> str | None:
    """The printed label of a line that prints nothing but a known column's label
    (项目名称, 牵头单位, 估算投资（万元）), else None."""
    if ln.blank or ln.end - ln.cstart > _HEADER_CELL + 2:
        return None  # (a label and a colon, or trailing spaces, at the most)
    content = ln.content(view).strip()
    if content.endswith(":"):
        content = content[:-1].rstrip()  # 项目名称： with its value on the line below
    if (not content or len(content) > _HEADER_CELL or _BARE_LABEL_NOISE.search(content) or re.search(r"\s", content)
            or column_of(content) is None or (re.search(r"\d", content) and column_of(content) not in _YEAR_COLUMNS)):
        return None
    return content


def _ends_values(view: str, ln: Line) -> bool:
    """A line no cell's value runs over: blank, a part's heading, a note, page furniture."""
    if ln.blank:
        return True
    content = ln.content(view)
    if _TABLE_END.match(content) or is_tail_line(content) or _separator(view, ln):
        return True
    h = heading_of(ln, view)
    return h is not None and h.style in _SECTION_STYLES


def _no_value(view: str, ln: Line) -> bool:
    """A line that cannot be the value under a label: blank, a note, page furniture (a
    category's numbered name, 一、老有所养, can)."""
    content = ln.content(view)
    return ln.blank or bool(_TABLE_END.match(content)) or is_tail_line(content)


def _label_cell(view: str, ln: Line) -> Cell:
    """The label of a label line, without a trailing colon."""
    end = ln.end
    while end > ln.cstart and view[end - 1] in ": \t":
        end -= 1
    return Cell(ln.cstart, end)


def _next_card(lines: list[Line], k: int) -> int:
    """The line where the card after line ``k - 1`` may start: past one blank line between
    two cards."""
    if k + 1 < len(lines) and lines[k].blank and not lines[k + 1].blank:
        return k + 1
    return k


def label_line_table(view: str, lines: list[Line], i: int) -> Table | None:
    """A table printed as cards, each cell a line of its column's label and its value on
    the line(s) below (类别 / 老有所养 / 序号 / 1 / 项目名称 / … / 完成时限 / 2023年12月底,
    then 类别 again): a table scraped for small screens. The labels are found by
    recurrence: the first card reads label, value, label, value … up to its first label
    printed again, which opens the next card; a card's label is one of the first card's.
    The line after a label is always its value (a value may read like a label: 类别 /
    民生实事), and a value runs on over lines up to the next label when one follows
    within a few lines; a label right after a label that the first card prints later
    leaves the cell between empty."""
    n = len(lines)
    opening = _bare_label(view, lines[i])
    if opening is None or (i > 0 and _bare_label(view, lines[i - 1]) is not None):
        return None

    def value_end(k: int, labels: set[str] | None) -> int:
        """The line after the value that starts at line ``k``: the next label's line when
        one follows within a few lines (of ``labels``, or any label), else ``k + 1``."""
        for m in range(k + 1, min(n, k + 1 + _VALUE_LINES)):
            if _ends_values(view, lines[m]):
                break
            label = _bare_label(view, lines[m])
            if label is not None and (labels is None or label in labels):
                return m
        return k + 1

    # the first card: label and value by turns, up to a label printed again
    first: list[tuple[str, Cell, Cell]] = []
    value_lines: list[int] = []  # the line of each first card's value
    k = i
    while k < n and (label := _bare_label(view, lines[k])) is not None:
        if label in (f[0] for f in first):
            break
        if k + 1 >= n or _no_value(view, lines[k + 1]):
            return None
        value_lines.append(k + 1)
        end = value_end(k + 1, None)
        first.append((label, _label_cell(view, lines[k]), Cell(lines[k + 1].cstart, lines[end - 1].end)))
        k = end
    k = _next_card(lines, k)
    if len(first) < 3 or k >= n or _bare_label(view, lines[k]) not in {f[0] for f in first}:
        return None
    if 2 * sum(_bare_label(view, lines[v]) is not None for v in value_lines) >= len(first):
        return None  # values that are labels too: a header printed one cell per line
    order = [f[0] for f in first]
    known = set(order)
    records: list[list[tuple[str, Cell, Cell]] | Cell] = [first]  # a Cell: a category line
    last_line = k - 1
    start = i
    while k < n:
        if (_opens_category(view, lines[k]) and k + 1 < n and _bare_label(view, lines[k + 1]) in known
                and _bare_label(view, lines[k]) is None):
            # 二、健康于都工程 between two cards: a category row, a group of the cards below
            records.append(Cell(lines[k].cstart, lines[k].end))
            k += 1
        if k >= n or _bare_label(view, lines[k]) not in known:
            break
        # a card opens with the first card's first label, or with a later one when the
        # cells before it are empty (a grouping cell printed in its group's first card)
        fields: list[tuple[str, Cell, Cell]] = []
        m = k
        while m < n and (label := _bare_label(view, lines[m])) in known:
            if fields and order.index(label) <= order.index(fields[-1][0]):
                break
            at = Cell(lines[m].end, lines[m].end)
            nxt = _bare_label(view, lines[m + 1]) if m + 1 < n else None
            if m + 1 >= n or _no_value(view, lines[m + 1]) or (
                    nxt in known and order.index(nxt) > order.index(label)):
                fields.append((label, _label_cell(view, lines[m]), at))  # an empty cell
                m += 1
                continue
            end = value_end(m + 1, known)
            fields.append((label, _label_cell(view, lines[m]), Cell(lines[m + 1].cstart, lines[end - 1].end)))
            m = end
        if len(fields) < 2:
            break
        records.append(fields)
        last_line = m - 1
        k = _next_card(lines, m)
    while records and isinstance(records[-1], Cell):
        records.pop()  # a category line after the last card opens nothing of the table
    if any(isinstance(r, Cell) for r in records) and i > 0 and _opens_category(view, lines[i - 1]):
        # cards grouped by category lines: the one right above the first card opens the first group
        records.insert(0, Cell(lines[i - 1].cstart, lines[i - 1].end))
        start = i - 1
    if sum(not isinstance(r, Cell) for r in records) < 2:
        return None
    header = _resolve_years([column_of(label) or "other" for label in order], order)
    kind = table_kind(header)
    if kind is None:
        return None
    rows: list[list[Cell]] = []
    for fields in records:
        if isinstance(fields, Cell):
            rows.append([fields] + [Cell(fields.end, fields.end) for _ in order[1:]])
            continue
        values = {f[0]: f[2] for f in fields}
        at = fields[0][1].start
        rows.append([values.get(label, Cell(at, at)) for label in order])
    return Table(header, rows, lines[start].start, lines[last_line].end, start, last_line,
                 labels=[f[1] for f in first], kind=kind, layout="records",
                 reading="cards: a label line, its value on the line(s) below")
