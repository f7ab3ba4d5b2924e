"""The text as read, a character-aligned normalised view of it, lines and noise.

Every offset the extractor records indexes the ORIGINAL text. Matching runs on
:func:`normalised`, a view of exactly the same length in which full-width ASCII
forms are half-width (``（`` → ``(``, ``：`` → ``:``), odd spaces are plain spaces,
corner brackets are quotation marks (``「`` → ``“``) and traditional characters are
simplified, so a match at ``view[i:j]`` quotes ``text[i:j]``.

>>> t = "（一）市民政局牽頭「十四五」"
>>> v = normalised(t)
>>> v, len(v) == len(t)
('(一)市民政局牵头“十四五”', True)
>>> clean_title("?济源示范区“十四五” 公共服务规划????")
'济源示范区“十四五”公共服务规划'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from mskg.ingest.structure_lexicon import entries

_SPACES = {"\u00a0", "\u2002", "\u2003", "\u2009", "\u200a", "\u3000", "\u202f", "\u205f"}
# corner brackets, the quotation marks of traditional-character pages (「十四五」)
_QUOTES = {"「": "\u201c", "」": "\u201d", "『": "\u2018", "』": "\u2019"}
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\ufeff"}
#: what ends a label before its value on the view: the colon, and the stroke 丨 (U+4E28)
#: a post sets after a label instead (◆责任单位丨市民政局、市财政局), as a regex class body
LABEL_ENDS = ":\u4e28"


def char_width(c: str) -> int:
    """The columns a character takes as printed: two for a wide or full-width one (CJK).

    >>> char_width("民"), char_width("（"), char_width("a")
    (2, 2, 1)
    """
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


def display_width(s: str) -> int:
    """The columns ``s`` takes as printed (:func:`char_width` of each character)."""
    return sum(char_width(c) for c in s)


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table = {o: chr(o - 0xFEE0) for o in range(0xFF01, 0xFF5F)}
    table.update({ord(c): " " for c in _SPACES | _ZERO_WIDTH})
    table.update({ord(k): v for k, v in _QUOTES.items()})
    return table


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Traditional → simplified, character for character (OpenCC's TSCharacters data),
    so that the view keeps the length of the text."""
    from importlib.resources import files

    table: dict[int, str] = {}
    data = files("opencc") / "dictionary" / "TSCharacters.txt"
    for row in data.read_text(encoding="utf-8").splitlines():
        key, _, values = row.partition("\t")
        target = values.split(" ")[0] if values else ""
        if len(key) == 1 and len(target) == 1 and key != target:
            table[ord(key)] = target
    return table


#: characters handed to one C-level string operation at most: a call on a whole 10 MB
#: text holds the GIL for a second or more, and Ctrl-C waits for it
SLICE = 1 << 16


def slices(text: str, size: int = SLICE) -> list[str]:
    """``text`` cut after line ends into pieces of about ``size`` characters (a piece is
    longer only when a line is); joined, they give ``text`` back.

    >>> slices("ab\\ncd\\nef", size=3)
    ['ab\\n', 'cd\\n', 'ef']
    """
    if len(text) <= size:
        return [text]
    out, start = [], 0
    while start < len(text):
        cut = text.find("\n", start + size - 1)
        end = len(text) if cut < 0 else cut + 1
        out.append(text[start:end])
        start = end
    return out


def normalised(text: str) -> str:
    """A view of ``text`` with the same length: half-width forms, plain spaces, simplified;
    Markdown's bold marks (``**（一）**``, from a page exported as Markdown) are spaces."""
    fold, t2s = _fold_table(), _t2s_table()
    return "".join(piece.translate(fold).translate(t2s).replace("**", "  ") for piece in slices(text))


def simplified_view(text: str) -> str:
    """``text`` with each traditional character replaced by its simplified one, nothing
    else changed: the same length, so a match at ``view[i:j]`` quotes ``text[i:j]``.

    >>> simplified_view("市人力社保局與市總工會（牽頭）")
    '市人力社保局与市总工会（牵头）'
    """
    return text.translate(_t2s_table())


def simplified(text: str) -> str:
    """OpenCC's traditional → simplified conversion of ``text`` (phrases, then
    characters): exactly what ``OpenCC("t2s").convert(text)`` returns, which may differ
    in length where a character has several candidates.

    OpenCC converts each stretch between its separators on its own, and a stretch in
    which no dictionary key that changes anything occurs comes back unchanged; so only
    the stretches holding such a key are converted, and a text in simplified
    characters costs one regular-expression scan instead of OpenCC's substring search.

    >>> simplified("市民政局牽頭，各區縣配合")
    '市民政局牵头，各区县配合'
    """
    # line ends separate OpenCC's stretches: a long text is converted piece by piece
    return "".join(_simplified(piece) for piece in slices(text))


def _simplified(text: str) -> str:
    if not _changes(text):
        return text
    converter = _t2s_converter()
    parts = converter.split_chars_re.split(text)  # stretches and, at odd places, separators
    for i in range(0, len(parts), 2):
        if _changes(parts[i]):
            parts[i] = converter.convert(parts[i])
    return "".join(parts)


def _changes(s: str) -> bool:
    """Does a key of OpenCC's t2s dictionaries that changes something occur in ``s``?"""
    chars, phrases = _t2s_changing()
    return not chars.isdisjoint(s) or any(p in s for p in phrases)


@lru_cache(maxsize=1)
def _t2s_converter():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _t2s_changing() -> tuple[frozenset[str], tuple[str, ...]]:
    """What every occurrence of a key of OpenCC's t2s dictionaries whose value differs
    from the key holds: one of the single characters that change, or one of the
    phrases that change although none of their characters does on its own."""
    import json
    from importlib.resources import files

    def dict_files(node) -> list[str]:
        if isinstance(node, dict):
            own = [node["file"]] if node.get("type") == "txt" and "file" in node else []
            return own + [f for v in node.values() for f in dict_files(v)]
        if isinstance(node, list):
            return [f for v in node for f in dict_files(v)]
        return []

    opencc = files("opencc")
    config = json.loads((opencc / "config" / "t2s.json").read_text(encoding="utf-8"))
    keys: set[str] = set()
    for name in sorted(set(dict_files(config.get("conversion_chain", [])))):
        for line in (opencc / "dictionary" / name).read_text(encoding="utf-8").splitlines():
            key, _, value = line.strip().partition("\t")
            if key and value != key:
                keys.add(key)
    chars = frozenset(k for k in keys if len(k) == 1)
    phrases = tuple(sorted(k for k in keys if len(k) > 1 and chars.isdisjoint(k)))
    return chars, phrases


# --------------------------------------------------------------------------- noise


@lru_cache(maxsize=1)
def _noise_patterns() -> tuple[re.Pattern[str], ...]:
    pats: list[re.Pattern[str]] = []
    for e in entries("noise"):
        if e.notation in ("marker", "lost", "spam"):
            pats.extend(e.patterns)
    return tuple(pats)


@lru_cache(maxsize=1)
def _line_pattern(notation: str) -> tuple[re.Pattern[str], ...]:
    return tuple(p for e in entries("noise") if e.notation == notation for p in e.patterns)


def noise_spans(view: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of scraping noise (markers, lost characters, spam) in ``view[start:end]``."""
    end = len(view) if end is None else end
    spans: list[tuple[int, int]] = []
    for pat in _noise_patterns():
        for m in pat.finditer(view, start, end):
            if m.end() > m.start():
                spans.append((m.start(), m.end()))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def is_tail_line(content: str) -> bool:
    """A line of page furniture that ends a document body (抄送, 扫一扫, 版权所有 …)."""
    return any(p.search(content) for p in _line_pattern("tail"))


def is_page_line(content: str) -> bool:
    """A page number printed on a line of its own (第 3 页 共 5 页, — 2 —).

    >>> is_page_line("第 3 页 共 5 页"), is_page_line("— 2 —"), is_page_line("3")
    (True, True, False)
    """
    return any(p.match(content) for p in _line_pattern("page"))


def is_metadata_line(content: str) -> bool:
    """A line of a web page's metadata block (索引号, 发文机关, 成文日期 …)."""
    return any(p.search(content) for p in _line_pattern("metadata"))


_CJK = r"\u3400-\u9fff\u201c\u201d\u2018\u2019\u3001-\u3011\uff08\uff09()《》〔〕"
_INNER_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u2002\u2003\u3000]+(?=[{_CJK}])")


def clean_title(s: str) -> str:
    """A printed heading or name made readable: noise removed, spaces trimmed.

    Spaces between Chinese characters are dropped when they stand in for nothing
    (a scraped line break); a space that separates a number from a title stays.
    """
    view = normalised(s)
    keep: list[str] = []
    last = 0
    for a, b in noise_spans(view):
        keep.append(s[last:a])
        # a lost character between two words stood for a space
        keep.append(" " if a > 0 and b < len(s) and not s[a - 1].isspace() and not s[b].isspace() else "")
        last = b
    keep.append(s[last:])
    out = "".join(keep)
    out = re.sub(r"[ \t\u00a0\u2002\u2003\u3000]+", " ", out).strip()
    # a space inside running Chinese text is scrape residue
    out = re.sub(r"(?<=[\u3400-\u9fff\u201c\u201d])\s(?=[\u3400-\u9fff\u201c\u201d])", "", out)
    return out


def top_level(view: str, start: int, end: int):
    """(position, character) of ``view[start:end]`` outside round brackets (the view's
    brackets are half-width); the brackets themselves are left out.

    >>> "".join(c for _, c in top_level("市民政局(牵头)、市财政局", 0, 13))
    '市民政局、市财政局'
    """
    depth = 0
    for i in range(start, end):
        c = view[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            yield i, c


def split_top_level(view: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    """``view[start:end]`` cut at the separators that stand outside brackets: the parts'
    (start, end), blank parts included."""
    parts: list[tuple[int, int]] = []
    pos = start
    for i, c in top_level(view, start, end):
        if c in separators:
            parts.append((pos, i))
            pos = i + 1
    parts.append((pos, end))
    return parts


def strip_noise_edges(view: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past surrounding whitespace and noise."""
    spans = noise_spans(view, max(0, start - 200), min(len(view), end + 200))
    changed = True
    while changed and start < end:
        changed = False
        while start < end and view[start] in " \t\r\n":
            start += 1
            changed = True
        while start < end and view[end - 1] in " \t\r\n":
            end -= 1
            changed = True
        for a, b in spans:
            if a <= start < b:
                start = min(b, end)
                changed = True
            if a < end <= b:
                end = max(a, start)
                changed = True
    return start, end


def segments(view: str, start: int, end: int, exclude: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """``[start, end)`` cut around noise and the ``exclude`` spans: the pieces that carry text."""
    cuts = _merge(noise_spans(view, start, end) + [(max(a, start), min(b, end)) for a, b in (exclude or []) if b > start and a < end])
    out: list[tuple[int, int]] = []
    pos = start
    for a, b in cuts:
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < end:
        out.append((pos, end))
    return [(a, b) for a, b in out if view[a:b].strip()]


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class Line:
    """One line of the text: ``start``/``end`` bound it (newline excluded);
    ``cstart`` is where its content begins after indentation, tabs and leading markers."""

    index: int
    start: int
    end: int
    cstart: int
    tabbed: bool  # the line opens with a tab: a table cell in a flattened table

    def content(self, view: str) -> str:
        return view[self.cstart : self.end]

    @property
    def blank(self) -> bool:
        return self.cstart >= self.end


# what may stand before a line's content: indentation, a scraped ``[bookmark: …]``, lost
# characters, and the marks of a Markdown heading (``### 三、存在问题``: the heading is the
# text after them, as ``**`` bold marks are spaces in the view)
_LEAD = re.compile(r"(?:[ \t\r]+|\[bookmark:[^\]\n]*\]|\?+|\ufffd+|#{1,6}(?=[ \t]))*")


def lines_of(text: str, view: str | None = None) -> list[Line]:
    """The lines of ``text`` with content offsets (computed on the normalised view)."""
    view = normalised(text) if view is None else view
    out: list[Line] = []
    pos = 0
    for i, raw in enumerate(text.split("\n")):
        start, end = pos, pos + len(raw)
        pos = end + 1
        m = _LEAD.match(view, start, end)
        cstart = m.end() if m else start
        e = end
        while e > cstart and view[e - 1] in " \t\r":
            e -= 1
        # trailing lost characters (2023年8月15日????) are noise too
        while e > cstart and view[e - 1] in "?\ufffd":
            e -= 1
        while e > cstart and view[e - 1] in " \t\r":
            e -= 1
        tabbed = "\t" in view[start:cstart]
        out.append(Line(i, start, e, cstart, tabbed))
    return out


_NON_SPACE = re.compile(r"\S+")


class Compact:
    """The normalised view with whitespace and noise removed, mapped back to offsets.

    Finds a cleaned string (a title printed across two lines, with ``?`` noise or
    stray spaces) in the original text.
    """

    def __init__(self, view: str, start: int = 0, end: int | None = None):
        end = len(view) if end is None else end
        chars: list[str] = []
        index: list[int] = []
        pos = start
        for a, b in [*noise_spans(view, start, end), (end, end)]:  # sorted, disjoint
            for m in _NON_SPACE.finditer(view, pos, max(pos, a)):  # \S is not str.isspace()
                chars.append(m.group())
                index.extend(range(m.start(), m.end()))
            pos = max(pos, b)
        self.text = "".join(chars)
        self.index = index

    def find(self, needle: str, start: int = 0) -> tuple[int, int] | None:
        """Offsets ``(start, end)`` in the original text of ``needle`` (compared normalised)."""
        key = "".join(c for c in normalised(needle) if not c.isspace())
        if not key:
            return None
        lo = 0
        if start:
            import bisect

            lo = bisect.bisect_left(self.index, start)
        k = self.text.find(key, lo)
        if k < 0:
            return None
        return self.index[k], self.index[k + len(key) - 1] + 1
