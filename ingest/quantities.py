"""Quantities as printed in Chinese plans: number, range, multiplier, unit, comparator.

The vocabulary (units, multipliers, comparator words, context markers) is data in
``mskg/lexicons/target-words.ttl``; this module compiles it into patterns and reads
quantities with their character offsets.

>>> q = find_quantities("全县城镇新增就业1.1万人以上")[0]
>>> (q.value, q.unit, q.normalised_value, q.normalised_unit, q.comparator)
(1.1, '万人', 11000.0, '人', '>=')
>>> q = find_quantities("每个县区建设2-3个服务平台")[0]
>>> (q.value, q.value_max, q.unit, q.comparator)
(2.0, 3.0, '个', '>=')
>>> parse_number("两"), parse_number("3.44"), parse_number("十二")
(2.0, 3.44, 12.0)
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from mskg.errors import LexiconError
from mskg.ingest.structure_lexicon import word_alternation
from mskg.lexicons import Lexicon, load

LEX = "https://w3id.org/mskg/lexicon#"

# Full-width forms mapped one-to-one (offsets are preserved).
_WIDTH = str.maketrans(
    "０１２３４５６７８９．％－～，：", "0123456789.%-~,:"
)

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}




class UnitKind(StrEnum):
    """What a unit measures: ``lex:kind`` of a unit in ``target-words.ttl`` (the lexicon
    shapes list the same values), or ``rate`` for a compound unit (元/人/月, 张/千人)."""

    COUNT = "count"
    PEOPLE = "people"
    RATIO = "ratio"
    RATE = "rate"
    AREA = "area"
    LENGTH = "length"
    VOLUME = "volume"
    MASS = "mass"
    POWER = "power"
    MONEY = "money"
    TIME = "time"
    DURATION = "duration"  # 年 of a number of years (受教育年限)
    AGE = "age"  # 岁


@dataclass(frozen=True)
class Quantity:
    """One quantity in a text: offsets cover number(s), unit and comparator words."""

    start: int  # first character of the comparator word before, else the number
    end: int  # after the unit and any comparator word after it
    num_start: int
    num_end: int  # after the unit
    value_text: str  # number as printed (3.44, 两, 2-3)
    value: float  # printed number (lower bound of a range)
    value_max: float | None
    unit: str  # as printed, multiplier included (万人, %, 元/人/月)
    normalised_value: float | None  # multiplier applied
    normalised_unit: str
    unit_kind: UnitKind
    comparator: str  # = | >= | > | <= | < | ~
    comparator_word: str  # the printed word that set it ('' when none)
    chinese: bool  # printed with Chinese numerals


@dataclass(frozen=True)
class Vocabulary:
    units: dict[str, tuple[str, UnitKind, bool]]  # printed form -> (normalised, kind, chinese ok)
    multipliers: dict[str, Decimal]
    per: tuple[str, ...]
    before: dict[str, str]  # comparator word before the number -> symbol
    after: dict[str, str]
    between: dict[str, str]
    ranges: tuple[str, ...]
    lists: dict[str, tuple[str, ...]]  # other marker lists by name
    patterns: dict[str, tuple[re.Pattern[str], ...]]  # a marker's patterns, compiled (eligibility.afterPattern)
    quantity_re: re.Pattern
    chinese_re: re.Pattern
    unit_re: re.Pattern  # a unit on its own: multiplier, unit, denominators (万元, 张/千人)
    bare_multiplier_re: re.Pattern  # a number with a multiplier but no unit before a noun: 86万天然气居民用户
    per_gap_re: re.Pattern  # a rate's denominator between a comparator word and its number: 不低于每人每年6000元
    gaps: dict[str, int]  # comparator word before a number → how many characters may stand between them

    def words(self, name: str) -> tuple[str, ...]:
        """The words of the list ``lex:name`` (a ``lex:Words`` entry, or ``past.form``
        style for a property of a marker), longest first; a list the lexicon lacks is an
        error naming the file, not an empty list."""
        found = self.lists.get(name)
        if found is None:
            raise LexiconError(f"lexicons/target-words.ttl: no word list lex:{name}")
        return found

    def pattern_list(self, name: str) -> tuple[re.Pattern[str], ...]:
        """The compiled patterns of ``name`` (``eligibility.afterPattern``); a name the
        lexicon lacks is an error naming the file."""
        found = self.patterns.get(name)
        if found is None:
            raise LexiconError(f"lexicons/target-words.ttl: no patterns lex:{name}")
        return found

    def compile(self, source: str, flags: int = 0) -> re.Pattern[str]:
        """``source`` compiled with each ``{name}`` replaced by the alternation of the
        words of ``lex:name`` (longest first): the grammar in code, the words in the
        lexicon. Repetition counts (``{2}``, ``{0,12}``) are left as they are.

        >>> vocabulary().compile("年(?:{yearEnd})|{yearSince}").pattern
        '年(?:(?:内|底|末))|(?:以来)'
        """
        return re.compile(_WORD_REF.sub(lambda m: f"(?:{word_alternation(self.words(m.group(1)))})", source), flags)


# ``{name}`` in a pattern of :meth:`Vocabulary.compile`: a word list, not a repetition count
_WORD_REF = re.compile(r"\{([A-Za-z][\w.]*)\}")


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The compiled vocabulary of ``target-words.ttl`` (loaded once)."""
    return read_vocabulary(load("target-words.ttl"))


def read_vocabulary(lex: Lexicon) -> Vocabulary:
    """The vocabulary compiled from its Turtle: a unit of unknown kind or a bad pattern
    is an error naming the file, the line and the entry."""
    from rdflib import RDF, URIRef

    g = lex.graph
    L = lambda n: URIRef(LEX + n)  # noqa: E731
    units: dict[str, tuple[str, UnitKind, bool]] = {}
    for u in g.subjects(RDF.type, L("Unit")):
        norm = lex.text(u, L("normalised"))
        try:
            kind = UnitKind(str(g.value(u, L("kind")) or UnitKind.COUNT))
        except ValueError:
            raise LexiconError(f"{lex.where(u)}: {lex.short(u)} has an unknown lex:kind") from None
        cn = bool(g.value(u, L("chineseNumeral")) and g.value(u, L("chineseNumeral")).toPython())
        for f in g.objects(u, L("form")):
            units[str(f)] = (norm, kind, cn)
    mult = {lex.text(m, L("form")): Decimal(lex.text(m, L("factor")))
            for m in g.subjects(RDF.type, L("Multiplier"))}
    per = tuple(str(f) for f in g.objects(L("per"), L("form")))
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    between: dict[str, str] = {}
    for c in g.subjects(RDF.type, L("Comparator")):
        sym = lex.text(c, L("symbol"))
        for w in g.objects(c, L("before")):
            before[str(w)] = sym
        for w in g.objects(c, L("after")):
            after[str(w)] = sym
        for w in g.objects(c, L("between")):
            between[str(w)] = sym
    ranges = tuple(str(f) for f in g.objects(L("range"), L("form")))
    lists: dict[str, tuple[str, ...]] = {}
    patterns: dict[str, tuple[re.Pattern[str], ...]] = {}
    # the words and patterns of every other entry: a lex:Words entry's forms by its name
    # (yearEnd), a marker's by name and property (past.form, baseline.toWord,
    # eligibility.afterPattern)
    measures = {L(c) for c in ("Unit", "Multiplier", "Denominators", "Comparator", "RangeConnector")}
    for s, p, o in g:
        name = str(s).removeprefix(LEX)
        prop = str(p).removeprefix(LEX)
        types = set(g.objects(s, RDF.type))
        if prop == "form" and L("Words") in types:
            lists.setdefault(name, ())
            lists[name] += (str(o),)
        elif (prop == "form" or prop.endswith("Word")) and types and not types & measures:
            lists.setdefault(f"{name}.{prop}", ())
            lists[f"{name}.{prop}"] += (str(o),)
        elif prop == "pattern" or prop.endswith("Pattern"):
            patterns.setdefault(f"{name}.{prop}", ())
            patterns[f"{name}.{prop}"] += (lex.compile(s, str(o)),)  # a bad one names file, line and entry
    lists["range"] = ranges  # the range connectors (2-3个, 2022—2025年) as a word list too
    for k in lists:
        lists[k] = tuple(sorted(lists[k], key=lambda w: (-len(w), w)))
    for k in patterns:
        patterns[k] = tuple(sorted(patterns[k], key=lambda p: p.pattern))

    arabic = r"\d+(?:,\d{3})*(?:\.\d+)?"
    unit_alt = word_alternation(units)
    per_alt = word_alternation(per)
    mult_alt = word_alternation(mult)
    range_alt = word_alternation(ranges)
    between_alt = word_alternation(between)
    unit_group = (rf"(?P<mult>{mult_alt})?(?P<unit>{unit_alt})"
                  rf"(?P<per>(?:/(?:{per_alt}))*)")
    quantity_re = re.compile(
        rf"(?<![\d.A-Za-z])(?P<num>{arabic})(?P<unit1>%)?"
        rf"(?:(?P<rng>{range_alt})(?P<num2>{arabic}))?"
        rf"(?P<between>{between_alt})?"
        rf"{unit_group}"
    )
    cn_units = word_alternation(k for k, v in units.items() if v[2])
    chinese_re = re.compile(
        rf"(?P<num>[一二两三四五六七八九十百千]+|半|上)(?P<mult>万)?(?P<unit>{cn_units}|(?<=万)(?:{unit_alt}))"
    )
    unit_re = re.compile(unit_group)
    bare = rf"(?<![\d.A-Za-z])(?P<num>\d+(?:\.\d+)?)(?P<mult>{word_alternation(lists['bareMultiplier'])})(?=[\u4e00-\u9fff])"
    per_gap = rf"(?:每(?:{word_alternation(lists['perWhat'])}))+"
    gaps = {**{w: 2 for w in lists["comparatorNearBefore"]}, **{w: 6 for w in lists["comparatorFarBefore"]}}
    return Vocabulary(units, mult, per, before, after, between, ranges, lists, patterns,
                      quantity_re, chinese_re, unit_re, re.compile(bare), re.compile(per_gap), gaps)


@dataclass(frozen=True)
class UnitReading:
    """A unit printed on its own (a table's 单位 cell, a bracket in a column or indicator name)."""

    printed: str  # as printed, multiplier included (万元)
    normalised: str  # the unit after normalisation (元, 张/千人)
    factor: float  # the multiplier's factor (10000 for 万元)
    kind: UnitKind


def unit_reading(label: str) -> UnitReading | None:
    """The unit ``label`` is, when the whole label is one (spaces around it ignored).

    >>> u = unit_reading("万元")
    >>> (u.normalised, u.factor, u.kind)
    ('元', 10000.0, <UnitKind.MONEY: 'money'>)
    >>> unit_reading("人").kind, unit_reading("张/千人").normalised, unit_reading("助理")
    (<UnitKind.PEOPLE: 'people'>, '张/千人', None)
    """
    voc = vocabulary()
    printed = label.strip()
    m = voc.unit_re.fullmatch(printed.translate(_WIDTH))
    if not m:
        return None
    normalised, kind, _cn = voc.units[m.group("unit")]
    per = m.group("per") or ""
    if per:
        normalised, kind = normalised + per, UnitKind.RATE
    factor = float(voc.multipliers.get(m.group("mult") or "", Decimal(1)))
    return UnitReading(printed, normalised, factor, kind)


# A plain numeral below 10,000: each digit with its unit, units falling (十二, 两百,
# 三千五百二十, 一千十). Spoken forms (一百一 = 110), digit runs (一二三), 零, 万 and
# 亿 are left to cn2an, whose import costs more than reading a whole document.
_PLAIN_NUMERAL = re.compile(
    r"(?:[一二两三四五六七八九]千)?(?:[一二两三四五六七八九]百)?(?:[一二两三四五六七八九]?十)?[一二两三四五六七八九]?"
)


def parse_number(printed: str) -> float:
    """A printed number as a float: Arabic (``1,200.5``) or Chinese (``两``, ``十二``, ``半``).

    :raises ValueError: when the string is not a number.
    """
    s = printed.translate(_WIDTH).replace(",", "").strip()
    if not s:
        raise ValueError("empty number")
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    if s == "半":
        return 0.5
    if _PLAIN_NUMERAL.fullmatch(s) and not (len(s) > 1 and s[-1] in _CN_DIGITS and s[-2] in "百千"):
        return float(_chinese(s))  # what cn2an reads too (see test_quantities), without its import
    if all(ch in _CN_DIGITS or ch in _CN_UNITS for ch in s):
        try:
            import cn2an

            return float(cn2an.cn2an(s, "smart"))
        except (ValueError, KeyError):
            return float(_chinese(s))
    raise ValueError(f"not a number: {printed!r}")


def _chinese(s: str) -> int:
    total, section, digit = 0, 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            unit = _CN_UNITS[ch]
            if unit >= 10_000:
                total += (section + digit) * unit
                section, digit = 0, 0
            else:
                section += (digit or 1) * unit
                digit = 0
    return total + section + digit


def _comparator_before(text: str, pos: int, voc: Vocabulary, window: int = 8) -> tuple[str, str, int]:
    """The comparator word ending at or just before ``pos`` (within a short gap)."""
    seg = text[max(0, pos - window):pos]
    best: tuple[str, str, int] = ("", "", pos)
    for word, sym in voc.before.items():
        i = seg.rfind(word)
        if i < 0:
            continue
        gap = seg[i + len(word):]
        # allow a short noun between word and number only for 至少/约 style words:
        # "至少接受1次", "不低于90%"; the gap may not cross a clause boundary.
        if re.search(r"[，,。；;：:、\s“”\"]", gap):
            continue
        if len(gap) > voc.gaps.get(word, 0) and not voc.per_gap_re.fullmatch(gap):
            continue
        start = pos - len(seg) + i
        if start < best[2] or (start == best[2] and len(word) > len(best[1])):
            best = (sym, word, start)
    return best


#: texts shorter than this (in characters) are pieces of a sentence, converted to half
#: width each time rather than kept: with 10,000, pages that short (two of the five corpus
#: documents) were converted again for each of the hundreds of lookups in them
_PIECE = 1_000


def _half_width(text: str) -> str:
    """``text`` with full-width forms half-width. A page is converted once and kept (the
    reader asks for quantities in ranges of it many times); a piece of a sentence (under
    :data:`_PIECE` characters) is converted each time, so that lookups in such pieces do
    not push the page out of the cache (a page as short as a piece costs as little to
    convert again)."""
    return text.translate(_WIDTH) if len(text) < _PIECE else _half_width_kept(text)


@lru_cache(maxsize=8)
def _half_width_kept(text: str) -> str:
    return text.translate(_WIDTH)


class _Taken:
    """Spans added in text order, none overlapping the one before: which holds an offset is
    the last starting at or before it, found by bisection (a scan of them all for every
    match made a long page quadratic)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        self.starts.append(start)
        self.ends.append(end)

    def holds(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ends[k]


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity with a known unit in ``text[start:end]``, in text order."""
    voc = vocabulary()
    end = len(text) if end is None else end
    norm = _half_width(text)
    out: list[Quantity] = []
    # the matches taken by each pattern, in text order and apart (as finditer gives them)
    taken: list[_Taken] = [_Taken(), _Taken()]
    for m in voc.quantity_re.finditer(norm, start, end):
        q = _build(text, norm, m, voc, chinese=False)
        if q:
            out.append(q)
            taken[0].add(m.start(), m.end())
    for m in voc.bare_multiplier_re.finditer(norm, start, end):
        if any(t.holds(m.start()) for t in taken):
            continue
        value = parse_number(m.group("num"))
        factor = voc.multipliers[m.group("mult")]
        # the unit is the head of the noun that follows: 86万天然气居民用户 → 万户
        noun = re.match(r"[\u4e00-\u9fff]{1,12}?(?=的|[^\u4e00-\u9fff]|$)", norm[m.end():m.end() + 13])
        head = noun.group(0)[-1:] if noun else ""
        base = voc.units.get(head)
        unit = m.group("mult") + head if base and base[1] in {UnitKind.COUNT, UnitKind.PEOPLE} else m.group("mult")
        out.append(Quantity(
            start=m.start(), end=m.end(), num_start=m.start(), num_end=m.end(),
            value_text=m.group("num"), value=value, value_max=None, unit=unit,
            normalised_value=float(Decimal(str(value)) * factor), normalised_unit=base[0] if unit != m.group("mult") else "",
            unit_kind=UnitKind.COUNT, comparator="=", comparator_word="", chinese=False,
        ))
        taken[1].add(m.start(), m.end())
    for m in voc.chinese_re.finditer(norm, start, end):
        if any(t.holds(m.start()) for t in taken):
            continue
        q = _build(text, norm, m, voc, chinese=True)
        if q:
            out.append(q)
    out.sort(key=lambda q: q.num_start)
    return out


def _build(text: str, norm: str, m: re.Match, voc: Vocabulary, *, chinese: bool) -> Quantity | None:
    gd = m.groupdict()
    num = gd["num"]
    nxt2 = norm[m.end("unit") - len(gd["unit"][-1:]):m.end("unit") + 1]
    if nxt2 in voc.words("unitWord.form"):
        return None  # 名师, 部署, 天然气: the unit character starts a word
    if chinese:
        prev = norm[m.start() - 1] if m.start() else ""
        if num == "上":
            if gd.get("mult") != "万":
                return None
            num = "一"  # 上万人次: ten thousand and more
        if prev in voc.words("numeralWord.form") or prev.isdigit() or (
                prev == "、" and m.start() >= 2 and norm[m.start() - 2:m.start() - 1] in "一二三四五六七八九十"):  # 四、五类
            return None
        if prev and prev in "“\"" and gd["unit"] not in voc.words("travelTimeUnit"):
            return None  # “三名”工程, “两个确保”: names and slogans
        nxt = norm[m.end():m.end() + 2]
        if (nxt and nxt[0] in "一二两三四五六七八九十百千”\"性") or re.match(r"[“\"]\d", nxt):
            return None  # 三个一, 两个一百年, 两个百分百, 一次性, 两个“100%”
        if re.fullmatch(r"[百千万]+", num):
            return None  # 全国百名: a name
    try:
        value = parse_number(num)
    except ValueError:
        return None
    value_max = None
    if gd.get("num2"):
        try:
            value_max = parse_number(gd["num2"])
        except ValueError:
            return None
        if value_max <= value:  # 2022-2025 style or a dash, not a range
            return None
    unit_printed = text[m.start("unit"):m.end()] if not chinese else text[m.start("unit"):m.end("unit")]
    mult = gd.get("mult") or ""
    if mult:
        unit_printed = text[m.start("mult"):m.end()]
    if gd.get("unit1") and gd.get("num2") is None:
        return None  # "5%元": not a quantity
    base_unit = gd["unit"]
    normalised, kind, _cn = voc.units[base_unit]
    if kind == UnitKind.DURATION and value >= 1000 and not gd.get("per"):
        return None  # 2022年, 2022—2025年: dates, not durations
    per = gd.get("per") or ""
    factor = voc.multipliers.get(mult, Decimal(1))
    if per:
        normalised = normalised + per
        kind = UnitKind.RATE
    normalised_value = float(Decimal(str(value)) * factor)
    comparator, word = "=", ""
    between = gd.get("between")
    if between:
        comparator, word = voc.between[between], between
    if value_max is not None:
        comparator, word = ">=", gd.get("rng") or ""
    q_start = m.start()
    q_end = m.end()
    after = norm[q_end:q_end + 4]
    for w, sym in sorted(voc.after.items(), key=lambda kv: -len(kv[0])):
        if after.startswith(w):
            if value_max is None and not between:
                comparator, word = sym, w
            q_end += len(w)
            break
    if chinese and text[m.start()] == "上":
        comparator, word = ">=", "上"
    if comparator == "=" and not word:
        sym, w, s = _comparator_before(norm, m.start(), voc)
        if w:
            comparator, word, q_start = sym, w, s
    value_text = text[m.start("num"):m.end("num2") if gd.get("num2") else m.end("num")]
    return Quantity(
        start=q_start, end=q_end, num_start=m.start(), num_end=m.end(),
        value_text=value_text, value=value, value_max=value_max, unit=unit_printed,
        normalised_value=normalised_value, normalised_unit=normalised, unit_kind=kind,
        comparator=comparator, comparator_word=word, chinese=chinese,
    )
