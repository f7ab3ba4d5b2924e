"""Numbering styles of the genre: which line opens a heading or a numbered paragraph.

Styles, matched at the start of a line's content on the normalised view: 第X部分,
第X章, 第X节, 第X条, 专栏N, 一、, （一）, 1．/1、, （1）, ①; and a 专栏 label that lost its word
(``1:“十四五”…工程``). The printed marker is kept as the item's number.

Unnumbered markers (:func:`marker_of`) open items too, but only where they recur: a
bullet (◆ ● ■ ▲ ★ · …), a 【bracketed title】 with its text after it, or a
``——`` sub-heading standing alone on its line. The reader keeps a marker style only
when the same marker opens two or more lines of the body.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from mskg.ingest.structure_lexicon import word_alternation, words_by_notation
from mskg.ingest.text import LABEL_ENDS, Line

_NUM_CN = "一二三四五六七八九十百零〇"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ROMAN_NUMERALS = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"  # the single-character Roman numerals of Unicode (Ⅰ. Ⅱ、)
KEYCAP_TEN = "\U0001f51f"  # 🔟: the keycap ten, one glyph after 1️⃣ … 9️⃣

@lru_cache(maxsize=1)
def _styles() -> list[tuple[str, re.Pattern[str]]]:
    """The numbering styles in the order they are tried, each matched at the start of a
    line's content (normalised view). The words of 第X部分/章/节/条 and 专栏N are the
    structure lexicon's ``headings`` (by the style's code); the numerals are grammar."""
    words = {style: word_alternation(w) for style, w in words_by_notation("headings").items()}
    return [
        *((style, re.compile(rf"第\s*([{_NUM_CN}\d]+)\s*(?:{words[style]})"))
          for style in ("part", "chapter", "section", "article")),
        ("box", re.compile(rf"(?:{words['box']})\s*([{_NUM_CN}\d]+)\s*[:.、]?")),
        # 一、 but not 一.5; a year may follow (一、2023年工作回顾)
        ("cn", re.compile(rf"([{_NUM_CN}]+)\s*[、.](?![{_NUM_CN}]|\d(?!\d{{3}}\s*年))")),
        ("pcn", re.compile(rf"\(?\s*([{_NUM_CN}]+)\s*\)\s*[、.]?")),
        # 1、 but not 1.5; a year may follow (1、2022年推进建设项目)
        # 1.2 / 2.3.1 with a space or a stop after it: a decimal outline (its depth is the
        # level), not 1.5万人 nor a table cell 5.5以内
        ("decimal", re.compile(r"(\d{1,2}(?:\.\d{1,2}){1,3})(?:\s*[、.]\s*|\s+)(?=[\u3400-\u9fff“《])")),
        ("ar", re.compile(r"(\d+)\s*(?:[、.](?!\d(?!\d{3}\s*年))|\s+(?=[\u3400-\u9fff]))")),
        # 1️⃣ 2️⃣: the keycap digits of a post written on a phone, and the one glyph 🔟
        # that stands for ten
        ("keycap", re.compile(rf"(\d{{1,2}}(?=\ufe0f?\u20e3)|{KEYCAP_TEN})\ufe0f?\u20e3?\s*[、.]?")),
        # (1) and 1)
        ("par", re.compile(r"\(?\s*(\d+)\s*\)\s*[、.]?")),
        ("circ", re.compile(rf"([{_CIRCLED}])\s*[、.]?")),
        ("roman", re.compile(rf"([{ROMAN_NUMERALS}])\s*[、.]")),
    ]


# the lowest ranks of the genre's numbering (一、 > （一） > 1． > （1） > ①) number sub-items
SUB_ITEM_STYLES = ("par", "circ")
# the ranks that number items rather than parts of a plan (1． （1） ①)
ITEM_STYLES = ("ar", "keycap", "par", "circ")
_BOX_LABEL = re.compile(r"(\d{1,2})\s*:\s*(?=\S)")  # 专栏 label whose word was lost: 1:“十四五”…工程


class Style(StrEnum):
    """Numbering styles of headings and numbered paragraphs (values are stable codes)."""

    PART = "part"  # 第X部分
    CHAPTER = "chapter"  # 第X章
    SECTION = "section"  # 第X节
    ARTICLE = "article"  # 第X条
    BOX = "box"  # 专栏N
    CN = "cn"  # 一、
    PCN = "pcn"  # （一）
    DECIMAL = "decimal"  # 1.2 2.3.1, ranked by depth
    AR = "ar"  # 1． 1、
    KEYCAP = "keycap"  # 1️⃣
    PAR = "par"  # （1）
    CIRC = "circ"  # ①
    ROMAN = "roman"  # Ⅰ. Ⅱ、
    BULLET = "bullet"  # ◆ ● ■ …, recurring
    BRACKET = "bracket"  # 【标题】正文, recurring
    DASH = "dash"  # ——小标题。 alone on its line, recurring


# the genre's usual nesting of numbering styles, outermost first; a document may deviate
USUAL_ORDER = (Style.PART, Style.CHAPTER, Style.SECTION, Style.ARTICLE, Style.BOX,
               Style.CN, Style.ROMAN, Style.DECIMAL, Style.PCN, Style.AR, Style.KEYCAP, Style.PAR, Style.CIRC)


def ordinal(value: str) -> int | None:
    """The number a printed numeral stands for: ``12``, ``十二``, ``⑫``.

    >>> ordinal("十二"), ordinal("⑫"), ordinal("7"), ordinal("百零五"), ordinal("Ⅳ"), ordinal("2.3"), ordinal("🔟")
    (12, 12, 7, 105, 4, 3, 10)
    """
    if value == KEYCAP_TEN:
        return 10
    if value.isascii() and value.isdigit():
        return int(value)
    if re.fullmatch(r"\d+(?:\.\d+)+", value):
        return int(value.rsplit(".", 1)[1])  # 2.3: the third of its level
    if len(value) == 1 and value in _CIRCLED:
        return _CIRCLED.index(value) + 1
    if len(value) == 1 and value in ROMAN_NUMERALS:
        return ROMAN_NUMERALS.index(value) + 1
    from mskg.ingest.quantities import _CN_DIGITS, _chinese

    if value and all(c in _NUM_CN for c in value):
        try:
            return _chinese(value.replace("〇", "零")) if any(c in "十百" for c in value) else int(
                "".join(str(_CN_DIGITS[c]) for c in value))
        except (KeyError, ValueError):
            return None
    return None


BULLETS = "◆◇●○■□▲△★☆·•►▶※◎◉❖➢➤✦✧"
# partial blocks a post prints as a bar before a sub-heading (▌教育更优质), not as a rule
_BARS = "\u258a\u258b\u258c\u258d\u258e"
# what joins the code points of one pictograph: variation selectors, the zero-width
# joiner, skin tones, the keycap mark
_GLYPH_JOINERS = re.compile(r"[\ufe0e\ufe0f\u200d\u20e3\U0001f3fb-\U0001f3ff]")


def is_bullet_glyph(ch: str) -> bool:
    """Can ``ch`` open a line as a bullet? The bullets of print (◆ ● ■ · …) and any other
    symbol character (Unicode category So): the ✅ 👉 🏫 of a post written on a phone, the
    bar ▌ a post sets before its sub-headings; not the box-drawing and block characters
    that draw a table's rules (│ ┌ ─ █).

    >>> is_bullet_glyph("◆"), is_bullet_glyph("✅"), is_bullet_glyph("👉"), is_bullet_glyph("市")
    (True, True, True, False)
    >>> is_bullet_glyph("│"), is_bullet_glyph("├")
    (False, False)
    """
    return ch in BULLETS or ch in _BARS or (unicodedata.category(ch) == "So" and not "\u2500" <= ch <= "\u259f")


def symbol_run_end(view: str, start: int, end: int) -> int:
    """Where the run of bullet glyphs (with their joiners) opening ``view[start:end]`` ends."""
    i = start
    while i < end and (is_bullet_glyph(view[i]) or (i > start and _GLYPH_JOINERS.match(view[i]))):
        i += 1
    return i


# 【养老服务提升工程】新建…: the bracket holds the title, text follows on the line;
# or 【学有优教】 alone on its line, heading the items below it
# (a numeral alone in the bracket numbers the title after it: 【七】用心用情办好民生实事)
_BRACKET = re.compile(rf"【([^【】:\n]{{2,30}}|[{_NUM_CN}\d])】\s*(?=[^\s【])|【([^【】:\s]{{2,12}})】\s*$")
# unnumbered markers after the bullets (a run of symbol glyphs, read by marker_of)
_MARKERS: list[tuple[Style, re.Pattern[str]]] = [
    (Style.BRACKET, _BRACKET),
    (Style.DASH, re.compile(r"(—{2}|-{2})\s*(?=[\u3400-\u9fff])")),
]


@lru_cache(maxsize=1)
def _quantity_after_number() -> tuple[str, ...]:
    """Words after an Arabic number that make it a quantity (1.5万, 3个, 2024年), not a
    heading's number: the structure lexicon's ``quantity-after-number``."""
    return words_by_notation("headings")["quantity-after-number"]


@lru_cache(maxsize=1)
def _role_line() -> re.Pattern[str]:
    """A responsibility label after a bullet (■ 责任单位：…, 👉 主办：…), told from an item
    by how the label ends (the structure lexicon's ``role-label-end``) or by a role word
    of the ``roles`` scheme before its colon."""
    ends = word_alternation(words_by_notation("headings")["role-label-end"])
    roles = word_alternation(tuple(w for ws in words_by_notation("roles").values() for w in ws))
    return re.compile(rf"[^\s:]{{0,6}}(?:{ends}|{roles})\s*[{LABEL_ENDS}]")


@dataclass(frozen=True)
class Heading:
    """The numbering a line opens with."""

    line: Line
    style: Style
    number_start: int
    number_end: int  # the printed marker ends here (trailing 、 . : excluded)
    value: str  # the numeral
    rest: int  # offset where the title text starts


@dataclass(frozen=True)
class Numbering:
    """A numbering marker printed at some offset of the view: its style and numeral,
    where the printed marker ends and where the text after it starts."""

    style: Style
    start: int
    number_end: int  # the printed marker ends here (trailing 、 . : excluded)
    value: str  # the numeral
    rest: int  # offset where the text after the marker starts


def numbering_at(view: str, start: int, end: int) -> Numbering | None:
    """The numbering marker that opens ``view[start:end]``, if text follows it.

    >>> n = numbering_at("(二)发展目标", 0, 7)
    >>> n.style, n.value, n.rest
    (<Style.PCN: 'pcn'>, '二', 3)
    >>> numbering_at("1.5万人", 0, 5) is None
    True
    """
    for style, pat in _styles():
        m = pat.match(view, start, end)
        if not m:
            continue
        rest = m.end()
        while rest < end and view[rest] in " ?\ufffd":
            rest += 1
        if rest >= end:
            return None  # a bare number is not a heading
        number_end = m.end()
        while number_end > m.start() and view[number_end - 1] in " 、.:":
            number_end -= 1
        if style in ("ar", "decimal") and view.startswith(_quantity_after_number(), rest):
            return None
        return Numbering(Style(style), m.start(), number_end, m.group(1), rest)
    return None


def heading_of(line: Line, view: str) -> Heading | None:
    """The numbering a line opens with, if it is a heading or a numbered paragraph."""
    if line.blank or line.tabbed:
        return None
    n = numbering_at(view, line.cstart, line.end)
    if n is None:
        return None
    return Heading(line, n.style, n.start, n.number_end, n.value, n.rest)


def marker_of(line: Line, view: str) -> Heading | None:
    """The unnumbered marker a line opens with (bullet, 【title】, ``——`` sub-heading);
    the marker is the heading's value, and it has no printed number. A ``——`` line
    is a heading only when it holds nothing but a short title."""
    if line.blank or line.tabbed:
        return None
    glyphs = symbol_run_end(view, line.cstart, line.end)
    if glyphs > line.cstart:
        after = glyphs
        while after < line.end and view[after] == " ":
            after += 1
        if after >= line.end or _role_line().match(view, after, line.end) or _field_line(view, after, line.end):
            return None  # ■ 责任单位：… is a responsibility line, ⏰完成时限：… a field, not an item
        bracket = _BRACKET.match(view, after, line.end)
        if bracket:  # 🏫【教育篇】: a pictograph decorating a bracketed heading
            return _bracket_heading(line, view, bracket)
        value = _GLYPH_JOINERS.sub("", view[line.cstart:glyphs])
        number = _MARKER_NUMBER.match(view, after, line.end)
        if number and number.end() < line.end:  # ▌NO.3 病有良医: the marker numbers its item
            rest = number.end()
            while rest < line.end and view[rest] in " 、.:":
                rest += 1
            return Heading(line, Style.BULLET, after, number.end(), value, rest)
        return Heading(line, Style.BULLET, line.cstart, line.cstart, value, after)
    md = _TASK_ITEM.match(view, line.cstart, line.end)
    if md is not None:
        # - [ ] 新建…: an item of a Markdown task list (a plain list item, - …, marks
        # points of any part: a report's progress, its problems)
        if _role_line().match(view, md.end(), line.end) or _field_line(view, md.end(), line.end):
            return None
        return Heading(line, Style.BULLET, line.cstart, line.cstart, "-[ ]", md.end())
    for style, pat in _MARKERS:
        m = pat.match(view, line.cstart, line.end)
        if not m or (m.end() >= line.end and style is not Style.BRACKET):
            continue
        if style is Style.DASH:
            title = view[m.end() : line.end].rstrip("。")
            if len(title) > 24 or re.search(r"[。;,:]|\d{4}\s*年", title):
                return None
        if style is Style.BRACKET:
            return _bracket_heading(line, view, m)
        return Heading(line, style, m.start(), m.start(), m.group(1), m.end())
    return None


# the marker of a Markdown task list's item, its box open or ticked: - [ ] 新建…, * [x] 新建…
_TASK_ITEM = re.compile(r"[-*]\s+\[[ xX]\]\s*(?=\S)")

# an item's number printed after a marker, before the title and a gap or a stop:
# ▌NO.1 老有所养, ◆No.2、…, ■第3项 …, ◆项目四 …
_MARKER_NUMBER = re.compile(rf"(?:NO|No|no)\s*\.?\s*\d{{1,4}}|(?:第|项目|事项|实事|任务)\s*[{_NUM_CN}\d]{{1,4}}\s*[项件条个号]?"
                            rf"(?=\s*[、.:]|\s)")

# a bracket that prints an item's number, not its title: 【实事一】, 【项目3】, 【第二项】
_BRACKET_NUMBER = re.compile(rf"(?:第|[^\s{_NUM_CN}\d第]{{1,4}})?\s*([{_NUM_CN}\d]+)\s*[项件条个]?")


@lru_cache(maxsize=1)
def _field_labels() -> frozenset[str]:
    """Labels of a record's fields (the structure lexicon's table column words: 建设内容,
    完成时限 …), which a 【label】 with its value after it prints as a field, not as a heading."""
    return frozenset(w for notation, ws in words_by_notation("columns").items()
                     if notation not in ("title", "subtitle", "number") for w in ws)


def _field_line(view: str, start: int, end: int) -> bool:
    """Does ``view[start:end]`` open with a record field's label and its colon (完成时限：)?"""
    m = _LABEL.match(view, start, end)
    return m is not None and m.group(1) in _field_labels()


_LABEL = re.compile(r"([^\s:]{2,10})\s*:")


def _bracket_heading(line: Line, view: str, m: re.Match[str]) -> Heading | None:
    """A 【…】 heading: the bracket holds the title (【养老服务提升工程】新建…), or the item's
    number when it prints one (【实事一】城乡学位扩容提质工程: number 实事一, the title after it)."""
    inner = m.group(1) or m.group(2)
    a = m.start() + 1
    b = a + len(inner)
    close = b + 1
    rest = close
    while rest < line.end and view[rest] == " ":
        rest += 1
    if _role_line().fullmatch(inner.strip() + ":") or (inner.strip() in _field_labels() and rest < line.end):
        return None  # 【牵头单位】区民政局, 【建设内容】新建…: a field's label in brackets, no heading
    if _BRACKET_NUMBER.fullmatch(inner.strip()) and rest < line.end:
        return Heading(line, Style.BRACKET, a, b, inner, rest)
    return Heading(line, Style.BRACKET, m.start(), m.start(), inner, a)


def box_label(line: Line, view: str, expected: int) -> Heading | None:
    """``1:“十四五”公共教育服务工程``: a 专栏 whose label lost the word 专栏."""
    if line.blank or line.tabbed:
        return None
    m = _BOX_LABEL.match(view, line.cstart, line.end)
    if not m or int(m.group(1)) != expected:
        return None
    title = view[m.end() : line.end]
    if len(title) > 40 or re.search(r"[。,;]", title):
        return None
    return Heading(line, Style.BOX, m.start(), m.start() + len(m.group(1)), m.group(1), m.end())


