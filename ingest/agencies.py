"""Agency names: split printed lists, resolve printed forms to one identity per body.

Interface used by the pipeline (kept stable):

- ``split_names(text, offset=0) -> list[tuple[int, int, str]]``: the agency names in
  a printed list (``县民政局、县财政局，各县（市、区）``) as (start, end, name) with
  offsets shifted by ``offset``; names containing brackets stay whole.
- ``resolve(printed, jurisdiction) -> Agency``: the formal full name, kind, level,
  functional category and jurisdiction of a printed form, given the plan's
  jurisdiction (a ``Place`` or None).
"""

from __future__ import annotations

import re

from mskg.ingest.model import Agency, Place

# --------------------------------------------------------------------------- splitting

_OPEN = "（(［[【〔"
_CLOSE = "）)］]】〕"
# Hard separators end a name wherever they stand outside brackets.
_HARD_SEP = set("、，,；;。")
# Soft separators (white space, line breaks inside table cells) end a name unless the
# fragment before them is a name broken in the middle of a word.
_SOFT_SEP = set(" \t\r\n\u3000\u00a0")
# A bracketed note rather than part of a name: 黑体字为牵头单位，下同 / 排名第一的为牵头单位.
_NOTE = re.compile(r"为|下同|牵头|负责|配合|协办|排名|排在|注[:：]|加粗|黑体|首位|按职责|分工")
# Leading role labels: 牵头单位：… / 责任单位: …
_LABEL = re.compile(
    r"^\s*(?:[\u4e00-\u9fff]{0,4}(?:单位|部门|责任人|负责))\s*[:：]\s*"
)
# Trailing words that are not part of the name: 等 / 等部门 / 牵头 / 配合 / 负责.
_TAIL = re.compile(
    r"(?:等(?:有关|相关)?(?:单位|部门)?|(?:共同)?牵头|按职责分工负责|分别负责|负责|配合|协办|参与)$"
)
# Characters a name of a body ends with; a fragment ending otherwise before a line
# break is taken to be a word broken by the scrape and is joined with the next line.
_NAME_END = re.compile(
    r"(?:[局委办部会院队所司团社处站馆厅室署府行庭校场园台组科股军区县市镇乡街道心]"
    r"|[)）]|分中心|分公司|公司|集团|中心|办事处|指挥部)$"
)


def split_names(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """The agency names printed in a list, with their offsets.

    Separators are 、，,；; and white space (line breaks and tabs of table cells); a
    name keeps its brackets (各县（市、区）, 镇人民政府(街道办事处)) and a bracketed note
    such as （黑体字为牵头单位，下同） is dropped, as are a leading role label
    (``牵头单位：``) and trailing words (``等``, ``牵头``, ``配合``). ``quote ==
    text[start:end]`` holds for every name, shifted by ``offset``.

    >>> split_names("县民政局、县财政局，各乡镇（街道）等")
    [(0, 4, '县民政局'), (5, 9, '县财政局'), (10, 17, '各乡镇（街道）')]
    >>> split_names("市民政局\\n（黑体字为牵头单位，下同）\\n市财政局", offset=100)
    [(100, 104, '市民政局'), (119, 123, '市财政局')]
    """
    pieces = _pieces(text)
    pieces = _join_broken(text, pieces)
    out: list[tuple[int, int, str]] = []
    for start, end in pieces:
        span = _clean(text, start, end)
        if span is None:
            continue
        s, e = span
        out.append((offset + s, offset + e, text[s:e]))
    return out


def _pieces(text: str) -> list[tuple[int, int, str]]:
    """Cut ``text`` at separators outside brackets; drop bracketed notes.

    Returns (start, end, separator kind) triples, kind ``hard``/``soft``/``end``: the
    separator that closed the piece.
    """
    out: list[tuple[int, int, str]] = []
    depth = 0
    start = 0
    bracket_start = -1
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _OPEN:
            if depth == 0:
                bracket_start = i
            depth += 1
        elif ch in _CLOSE and depth > 0:
            depth -= 1
            if depth == 0 and _NOTE.search(text[bracket_start:i + 1]):
                # a note: close the piece before it and skip it
                if text[start:bracket_start].strip():
                    out.append((start, bracket_start, "hard"))
                start = i + 1
        elif depth == 0 and ch in _HARD_SEP:
            out.append((start, i, "hard"))
            start = i + 1
        elif depth == 0 and ch in _SOFT_SEP:
            out.append((start, i, "soft"))
            start = i + 1
        i += 1
    if depth > 0:  # unbalanced bracket: fall back to cutting inside it too
        return _pieces_flat(text)
    out.append((start, n, "end"))
    return [p for p in out if text[p[0]:p[1]].strip()]


def _pieces_flat(text: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for m in re.finditer(r"[^、，,；;。\s]+", text):
        out.append((m.start(), m.end(), "hard"))
    return out


def _join_broken(text: str, pieces: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Join a fragment cut by a line break in the middle of a word with the next one."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        s, e, kind = pieces[i]
        while (
            kind == "soft"
            and i + 1 < len(pieces)
            and "\n" in text[e:pieces[i + 1][0]]
            and not _NAME_END.search(text[s:e].strip())
            and _NAME_END.search(text[pieces[i + 1][0]:pieces[i + 1][1]].strip())
            and re.fullmatch(r"\s*\n\s*", text[e:pieces[i + 1][0]])
            and not text[pieces[i + 1][0]:pieces[i + 1][1]].startswith(("各", "相关", "有关"))
        ):
            # joining is only honest when nothing but the line break lies between
            i += 1
            e, kind = pieces[i][1], pieces[i][2]
        out.append((s, e))
        i += 1
    return out


def _clean(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim labels, white space, quotes and trailing words from one piece."""
    piece = text[start:end]
    m = _LABEL.match(piece)
    if m:
        start += m.end()
        piece = text[start:end]
    lead = len(piece) - len(piece.lstrip(" \t\r\n\u3000\u00a0“”\"'‘’《》"))
    start += lead
    piece = text[start:end]
    piece_r = piece.rstrip(" \t\r\n\u3000\u00a0“”\"'‘’《》:：")
    end = start + len(piece_r)
    while True:
        m = _TAIL.search(text[start:end])
        if not m or m.start() == 0:
            break
        end = start + m.start()
    if end <= start:
        return None
    name = text[start:end]
    if "\n" in name:
        return start, end  # joined across a line break: kept as printed
    if not re.search(r"[\u4e00-\u9fff]", name):
        return None
    return start, end


def resolve(printed: str, jurisdiction: Place | None) -> Agency:
    """Interim resolver (replaced by the lexicon-driven one): jurisdiction prefix only."""
    full = "".join(printed.split())
    if jurisdiction is not None:
        for prefix in ("县", "市", "区", "省"):
            if full.startswith(prefix) and jurisdiction.name.endswith(prefix):
                full = jurisdiction.name + full[1:]
                break
    kind = "collective" if printed.startswith(("各", "相关")) else "government_department"
    return Agency(full=full, kind=kind, aliases=[printed])
