"""Tables printed one cell per line whose cells wrap onto further lines, as text taken
from a PDF prints them: no tab and no blank line marks where a cell or a row ends, and a
cell runs over as many lines as its column is narrow.

Such a table is read from the regularity of its rows, not from a fixed period:

- a row opens with its number on a line of its own, numbers following each other
  (1, 2, 3 …); a line opening with a category numeral (一、办好人民满意教育) right before
  the next number is a category row;
- the lines between two numbers are the row's other cells, in the header's order; where
  one cell ends is chosen among all the ways to cut them by how well each piece fits the
  kind of its column (a unit column holds names of bodies, a deadline column a time, a
  name column a short phrase without a full stop, a describing column sentences with
  numbers) and by the geometry of wrapping: every line of a cell but its last is full,
  as wide as the widest of the cell's lines;
- page furniture inside a row (第 3 页 共 5 页) belongs to no cell.

>>> from mskg.ingest.text import lines_of, normalised
>>> text = ("序号\\n项目名称\\n建设内容\\n责任单位\\n完成时限\\n"
...         "1\\n社区食堂建设\\n新建社区老年食堂6个，新\\n增助餐点20个。\\n区民政局、区财政局、\\n各街道办事处\\n2024年12月\\n"
...         "2\\n普惠托育\\n新增普惠托位500个。\\n区卫生健康委\\n2024年\\n10月底\\n")
>>> view = normalised(text)
>>> header = ["number", "title", "body", "responsible", "deadline"]
>>> rows, last = wrapped_rows(text, view, lines_of(text, view), 5, header)
>>> [[text[c.start:c.end].replace("\\n", "/") for c in r] for r in rows]
[['1', '社区食堂建设', '新建社区老年食堂6个，新/增助餐点20个。', '区民政局、区财政局、/各街道办事处', '2024年12月'], ['2', '普惠托育', '新增普惠托位500个。', '区卫生健康委', '2024年/10月底']]
"""

from __future__ import annotations

import re
from functools import lru_cache

from mskg.ingest.row_numbers import NumberRuns, RowNumber
from mskg.ingest.text import Line, display_width, is_page_line, is_tail_line

_NUMBER = re.compile(r"\d{1,4}[、.．]?")
_CATEGORY = re.compile(r"(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）])\s*\S")
_UNIT_COLUMNS = ("lead", "cooperating", "responsible")
_TITLE_COLUMNS = ("title", "subtitle")
_AMOUNT_COLUMNS = ("investment", "funding", "target", "baseline", "year")
_EMPTY = -1.5  # a cell left empty
_LOOSE_LINE = -1.5  # a line of a cell that is not its last, yet not full
_ROW_LINES = 24  # no row runs over more lines
_CATEGORY_LINE = 30  # a category line (二、医疗卫生类) is at most this long


def _category_line(content: str) -> bool:
    """Does a line's content name a category of rows (二、医疗卫生类, （一）老有所养)?"""
    return _CATEGORY.match(content) is not None and len(content) <= _CATEGORY_LINE


@lru_cache(maxsize=4096)
def _units_like(joined: str) -> int:
    """How many names of bodies, split by 、，；, the text is made of (a name may have
    wrapped: 市医疗保障 / 局); 0 when it is not such a list."""
    from mskg.ingest.agencies import ends_like_body, split_names

    if re.search(r"[。\d]", joined):
        return 0
    names = [n for _, _, n in split_names(joined)]
    ok = sum(ends_like_body(n.replace("\n", "")) or n.startswith(("各", "相关", "有关")) for n in names)
    return len(names) if names and ok >= 0.8 * len(names) else 0


@lru_cache(maxsize=4096)
def _is_time(joined: str) -> bool:
    from mskg.ingest.agency_lists import is_deadline

    return is_deadline(joined)


def _score(kind: str, texts: list[str], widths: list[int]) -> float:
    """How well the lines ``texts`` (display ``widths``) fit as one cell of a column of ``kind``."""
    if not texts:
        return _EMPTY * (2 if kind in _TITLE_COLUMNS or kind == "body" else 1)
    joined = "".join(texts)
    score = 0.0
    widest = max(widths)
    score += _LOOSE_LINE * sum(w < widest - 3 for w in widths[:-1])
    units = _units_like(joined)
    time = _is_time(joined)
    if kind in _UNIT_COLUMNS:
        score += 2 if units else -2
    elif kind == "deadline":
        score += 2 if time else -2
    elif kind in _TITLE_COLUMNS:
        # (one name of a body may name a project: 新建公办幼儿园)
        score += -2 if ("。" in joined or units >= 2 or time) else (1 if len(joined) <= 40 else -1)
    elif kind == "body":
        score += -2 if (units >= 2 or time) else (1 if re.search(r"[\d，,]", joined) else 0)
        score += 0.5 if joined.endswith(("。", "；", ";")) else 0
    elif kind in _AMOUNT_COLUMNS:
        score += 1 if re.search(r"\d", joined) else -1
    return score


def _cut(kinds: list[str], texts: list[str]) -> tuple[float, list[int]]:
    """The best cut of a row's lines into one cell per column: (score, cut points)."""
    n, m = len(texts), len(kinds)
    widths = [display_width(t) for t in texts]
    # best[c][i]: best score of the first c cells over the first i lines
    neg = float("-inf")
    best = [[neg] * (n + 1) for _ in range(m + 1)]
    back = [[0] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for c in range(1, m + 1):
        for i in range(n + 1):
            for h in range(i + 1):
                if best[c - 1][h] == neg:
                    continue
                s = best[c - 1][h] + _score(kinds[c - 1], texts[h:i], widths[h:i])
                if s > best[c][i]:
                    best[c][i], back[c][i] = s, h
    cuts = [n]
    for c in range(m, 0, -1):
        cuts.append(back[c][cuts[-1]])
    return best[m][n], cuts[::-1]


def wrapped_rows(text: str, view: str, lines: list[Line], j: int, header: list[str],
                 fit: list[float] | None = None):
    """Rows of a table one cell per line with wrapping cells whose header (number column
    first) ends before line ``j``: (rows of cells, index of the last line read), or None.
    ``fit`` gets how well the cells fit their columns (the mean score of a cell)."""
    from mskg.ingest.headings import heading_of
    from mskg.ingest.tables import _TABLE_END, Cell

    ncols = len(header)
    if ncols < 3 or header[0] != "number":
        return None
    kinds = header[1:]
    content: list[Line] = []  # the lines of the rows, page furniture left out
    for ln in lines[j:]:
        if ln.blank:
            if content:
                break
            continue
        c = ln.content(view)
        if is_page_line(c):
            continue
        h = heading_of(ln, view)
        if _TABLE_END.match(c) or is_tail_line(c) or (h is not None and h.style in ("part", "chapter", "section")):
            break
        content.append(ln)
    # rows open at numbers that follow each other; a category line right before one
    texts = [ln.content(view).strip() for ln in content]
    numbers = NumberRuns(RowNumber(k, v, v) for k, c in enumerate(texts) if _NUMBER.fullmatch(c)
                         for v in (int(re.match(r"\d+", c).group()),))
    start = next((n for n in numbers.numbers if n.first <= 3), None)
    in_run = {n.pos for n in numbers.run(start)} if start is not None else set()
    opens: list[tuple[int, bool]] = []  # (index in content, is a category row)
    for k, c in enumerate(texts):
        if k in in_run:
            opens.append((k, False))
        elif _category_line(c) and (k + 1 in in_run or (
                not opens and k + 1 < len(texts) and _NUMBER.fullmatch(texts[k + 1]))):
            opens.append((k, True))
    if len([o for o in opens if not o[1]]) < 2 or opens[0][0] != 0:
        return None
    rows: list[list[Cell]] = []
    last_line = j - 1
    cells_scores: list[float] = []
    longest = 0
    for r, (k, category) in enumerate(opens):
        ln = content[k]
        if category:
            rows.append([Cell(ln.cstart, ln.end)] + [Cell(ln.end, ln.end) for _ in range(ncols - 1)])
            last_line = ln.index
            continue
        stop = opens[r + 1][0] if r + 1 < len(opens) else len(content)
        body = content[k + 1 : stop]
        if r + 1 == len(opens):
            # the last row: its lines as long as the rows above run at most, cut where
            # its cells fit best (what follows the table is no cell of it)
            body = body[: max(longest + 2, len(kinds))]
            options = []
            for end in range(len(kinds) - 2, len(body) + 1):
                if end < 1:
                    continue
                score, cuts = _cut(kinds, [x.content(view) for x in body[:end]])
                options.append((score, end, cuts, end))  # on a tie, the longer reading
            if not options:
                break
            score, _, cuts, end = max(options)
            body = body[:end]
        else:
            if len(body) > _ROW_LINES:
                return None
            score, cuts = _cut(kinds, [x.content(view) for x in body])
        longest = max(longest, len(body))
        cells_scores.append(score / len(kinds))
        row = [Cell(ln.cstart, ln.end)]
        for a, b in zip(cuts, cuts[1:]):
            part = body[a:b]
            if not part:
                at = row[-1].end
                row.append(Cell(at, at))
                continue
            # runs of lines next to each other (page furniture between breaks a cell in pieces)
            runs: list[list[Line]] = [[part[0]]]
            for x in part[1:]:
                if x.index == runs[-1][-1].index + 1:
                    runs[-1].append(x)
                else:
                    runs.append([x])
            first, *more = [(run[0].cstart, run[-1].end) for run in runs]
            row.append(Cell(first[0], first[1], more))
        rows.append(row)
        last_line = (body[-1] if body else ln).index
    # the cut must read as a table: most cells fit their columns
    if not cells_scores or sum(cells_scores) / len(cells_scores) < 0.5:
        return None
    if fit is not None:
        fit.append(sum(cells_scores) / len(cells_scores))
    return rows, last_line


# The columns a table without a header may have after its numbers, by the kinds of their
# cells: which one the rows fit best is the table's header.
_SHAPES = (
    ("title", "body", "responsible", "deadline"),
    ("title", "body", "responsible"),
    ("title", "body", "lead", "cooperating", "deadline"),
    ("title", "body", "lead", "cooperating"),
    ("title", "responsible", "deadline"),
    ("body", "responsible", "deadline"),
    ("body", "responsible"),
)
_FIRST = re.compile(r"(?:1|一)[、.．]?")


def headerless_table(text: str, view: str, lines: list[Line], i: int):
    """A table printed one cell per line with no header at all (a PDF page that begins
    inside the table): rows opened by their numbers 1, 2, 3 …, read with each shape of
    columns in turn (name, description, units, deadline …); the shape whose cells fit
    their columns best, over at least three rows, is the table's header. None when no
    shape fits well or the rows name no units."""
    from mskg.ingest.tables import Table, table_kind

    ln = lines[i]
    if ln.blank:
        return None
    c = ln.content(view).strip()
    if not _NUMBER.fullmatch(c) or int(re.match(r"\d+", c).group()) != 1:  # rows start at 1 (12., 139. do not)
        if not _category_line(c):
            return None
        nxt = next((x for x in lines[i + 1 : i + 3] if not x.blank), None)
        if nxt is None or not _FIRST.fullmatch(nxt.content(view).strip()):
            return None
    best = None
    for shape in _SHAPES:
        fit: list[float] = []
        found = wrapped_rows(text, view, lines, i, ["number", *shape], fit)
        if found is None or sum(1 for r in found[0] if r[1].end > r[1].start) < 3 or fit[0] < 1.0:
            continue
        key = (round(fit[0], 2), found[1])
        if best is None or key > best[0]:
            best = (key, shape, found)
    if best is None:
        return None
    _, shape, (rows, last) = best
    header = ["number", *shape]
    kind = table_kind(header) or "list"
    t = Table(header, rows, ln.start, lines[last].end, i, last, labels=[], kind=kind, layout="cells",
              reading="no header: rows opened by their numbers, columns by the kinds of their cells ("
              + " | ".join(shape) + ")")
    return t
