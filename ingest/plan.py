"""Plan metadata: title, kind, issuer, document number, issue date and period.

Sources, in the order a reader would trust them: a web page's metadata block
(标题, 发文机关, 发文字号, 成文日期), the notice that issues the plan (``X关于印发《Y》的
通知``, ``现将《Y》印发给你们``), the signature and date under it, and for news
reports the opening sentence (``3月5日，市委办公室、市政府办公室印发《…》``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mskg.ingest import agencies
from mskg.ingest.model import Plan, Span
from mskg.ingest.structure_lexicon import entries, word_alternation, words_by_notation
from mskg.ingest.text import Compact, Line, clean_title, is_metadata_line, normalised

HEAD_LINES = 80  # the notice, metadata and title sit in the first lines of a document

# an organ's name as printed: a place and a body (汶上县人民政府, 济宁市民政局), CJK and
# brackets only, within a line
_ORGAN_CHARS = re.compile(r"[\u3400-\u9fff()、]{3,60}")


def _is_organ(name: str) -> bool:
    """Is ``name`` the printed name of an organ that issues documents: at least two
    characters before a body's ending (汶上县人民政府, 市民政局, 县委办公室)?"""
    if not _ORGAN_CHARS.fullmatch(name):
        return False
    e = agencies.end_word(name)
    return e is not None and agencies.ends_like_body(name) and 2 <= len(name) - len(e.word) <= 40
_DOC_NUMBER = re.compile(
    r"[\u3400-\u9fff]{1,12}\s*[〔\[【(]\s*(?:19|20)\d{2}\s*[〕\]】)]\s*第?\s*\d{1,4}\s*号"
)
_DATE = re.compile(r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*[年\-./]\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[月\-./]\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日?")
_MONTH_DAY = re.compile(r"^(\d{1,2})月(\d{1,2})日")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年?\s*[—\-–~～至到]+\s*((?:19|20)\d{2})")
_FIVE_YEAR = re.compile(r"[“\"]?十([一二三四五六七八九])五[”\"]?")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass
class PlanHead:
    """The plan and where its head (notice, metadata, title) ends in the text."""

    plan: Plan
    printed_issuer: str | None  # the issuer as printed (may drop the jurisdiction)
    body_start: int  # offset after which the plan's own structure starts


def _field(view: str, lines: list[Line], field: str, records: frozenset[int] = frozenset()) -> tuple[str, int, int] | None:
    """The value of a metadata field (``field-title``, ``field-issuer``… of the structure
    lexicon's document-head words; spaced letters allowed): (value, start, end). Lines of
    the body's label：value records (``records``: 标题：… of an item card) are no metadata."""
    pat = _field_label(field)
    for ln in lines[:HEAD_LINES]:
        if ln.index in records:
            continue
        content = ln.content(view)
        m = pat.search(content)
        if not m:
            continue
        vstart = ln.cstart + m.end()
        rest = view[vstart : ln.end]
        # the next field on the same line starts with a known label
        cut = _field_labels().search(rest)
        vend = vstart + (cut.start() if cut else len(rest))
        value = view[vstart:vend].strip()
        if value:
            return value, vstart, vend
    return None


def _head_words(notation: str) -> tuple[str, ...]:
    """The words of one concept of the head of a document (structure lexicon)."""
    return words_by_notation("document-head")[notation]


def _spaced(words: tuple[str, ...]) -> str:
    """An alternation of labels printed with or without spaces between their letters (标 题)."""
    return "|".join(r"\s*".join(re.escape(c) for c in w) for w in words)


@lru_cache(maxsize=None)
def _field_label(field: str) -> re.Pattern[str]:
    """A field's label and the colon after it (标题:)."""
    return re.compile(r"(?:" + _spaced(_head_words(field)) + r")\s*:?\s*")


@lru_cache(maxsize=1)
def _field_labels() -> re.Pattern[str]:
    """Any label of the metadata block: where the value of the field before it ends."""
    words = [w for n in ("field-title", "field-issuer", "field-number", "field-date", "field-other")
             for w in _head_words(n)]
    return re.compile(r"\s*(?:" + _spaced(tuple(words)) + r")\s*:?")


@lru_cache(maxsize=1)
def _notice_words() -> dict[str, str]:
    """Alternations of the notice's words: the verbs by which it issues a document
    (印发, 发布…), the kinds of notice (通知, 决定…), the words opening a plan's title in
    a sentence (现将, 印发…) and the words by which a line names a plan (方案, 规划…)."""
    w = words_by_notation("document-head")
    return {
        "issue": word_alternation(w["pass-on"] + w["publish"]),
        "pass-on": word_alternation(w["pass-on"]),
        "notice": word_alternation(w["notice"]),
        "heading": word_alternation(w["notice"] + w["opinion"]),
        "release": word_alternation(w["release"]),
        "title-word": word_alternation(w["title-word"]),
    }


def _cn_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    if all(c in _CN_DIGITS for c in s) and len(s) == 4:
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN_DIGITS.get(a, 1) if a else 1) * 10 + (_CN_DIGITS.get(b, 0) if b else 0)
    return _CN_DIGITS.get(s, 0)


def _iso(m: re.Match[str]) -> str | None:
    y, mo, d = (_cn_int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1949 <= y <= 2100):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def plan_kind(title: str) -> str:
    """action_plan | annual_list | five_year_plan | other, from the words of the title."""

    t = normalised(title)
    for e in entries("plan-kinds"):
        if any(w in t for w in e.words) or any(p.search(t) for p in e.patterns):
            return e.notation
    return "other"


def plan_period(title: str, kind: str) -> tuple[int, int] | None:
    """The years a plan covers, from its title: (2022—2025年), 十四五, or an annual list's year."""

    t = normalised(title)
    m = _PERIOD.search(t)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b:
            return a, b
    m = _FIVE_YEAR.search(t)
    if m:
        return five_year_period(m.group(1))
    years = [int(y) for y in _YEAR.findall(t)]
    if years:
        return min(years), max(years)
    return None


def five_year_period(numeral: str) -> tuple[int, int]:
    """The years of the 十N五 five-year plan, from its numeral N: 四 → (2021, 2025).

    >>> five_year_period("四"), five_year_period("三")
    ((2021, 2025), (2016, 2020))
    """
    start = 1981 + 5 * (10 + _CN_DIGITS[numeral] - 6)  # the sixth five-year plan covered 1981—1985
    return start, start + 4


def _notice_inner(value: str) -> str | None:
    """The plan a notice issues: 关于印发《Y》的通知 → Y (None when it issues several)."""
    w = _notice_words()
    m = re.search(rf"关于(?:{w['issue']})(.+?)(?:的)?(?:{w['notice']})$", value)
    if not m:
        return None
    inner = m.group(1).strip()
    if re.search(r"》\s*[、,，]?\s*《|等\s*\d+\s*个|\d+\s*个.{0,6}规划|专项规划$", inner):
        return None
    inner = inner.strip("《》 ")
    return inner if len(inner) >= 4 else None


# a line opening with an item number (一、 （一） 1. 第一章): a heading of the body, not the title
_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十百]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|第[一二三四五六七八九十百\d]+[章节条部])")


def extract_plan(text: str, view: str, lines: list[Line], records: frozenset[int] = frozenset(),
                 tabled: frozenset[int] = frozenset()) -> PlanHead:
    """Plan metadata from the head of a document; offsets index ``text``; ``records``: the
    lines of label：value records, which hold no metadata field; ``tabled``: the lines of
    every table, whose rows name no plan."""
    head = lines[:HEAD_LINES]
    nonblank = [ln for ln in head if not ln.blank]
    compact = Compact(view)
    words = _notice_words()

    title: str | None = None
    issuer: str | None = None

    # the notice heading: 汶上县人民政府 / 关于印发…的通知, or X关于办好…的通知
    notice_line: Line | None = None
    notice_issuer: str | None = None
    for k, ln in enumerate(nonblank):
        content = ln.content(view)
        if is_metadata_line(content):
            continue
        if re.search(rf"关于.{{2,80}}(?:{words['heading']})$", content) and len(content) <= 120:
            notice_line = ln
            heading = clean_title(text[ln.cstart : ln.end])
            m = re.match(r"(.+?)关于", normalised(heading))  # 關於 as well: the view is simplified
            if m and _is_organ(m.group(1)):
                notice_issuer = heading[: m.end(1)]
            elif k > 0 and _is_organ(normalised(clean_title(text[nonblank[k - 1].cstart : nonblank[k - 1].end]))):
                notice_issuer = clean_title(text[nonblank[k - 1].cstart : nonblank[k - 1].end])
            break

    def issued_plan(notice: str, issuer_prefix: str | None) -> str:
        """The title a notice gives the document: the plan it issues (关于印发Y的通知 → Y),
        else the notice itself with its issuer (X关于办好…的通知)."""
        inner = _notice_inner(normalised(notice))
        if inner:
            k = normalised(notice).find(inner)
            return clean_title(notice[k : k + len(inner)]) if k >= 0 else clean_title(inner)
        if issuer_prefix and not notice.startswith(issuer_prefix):
            notice = issuer_prefix + notice
        return notice

    # 1. the web page's metadata block
    field_title = _field(view, lines, "field-title", records)
    if field_title:
        value = clean_title(text[field_title[1] : field_title[2]])
        if re.search(rf"关于.+(?:{words['notice']})$", normalised(value)):
            m = re.match(r"(.+?)关于", normalised(value))
            if m and _is_organ(m.group(1)):
                issuer = value[: m.end(1)]
            if _notice_inner(normalised(value)) or not re.search(words["pass-on"], normalised(value)):
                title = issued_plan(value, None)
        else:
            title = value
    # 2. the notice heading
    if title is None and notice_line is not None:
        notice = clean_title(text[notice_line.cstart : notice_line.end])
        if _notice_inner(normalised(notice)):
            title = issued_plan(notice, notice_issuer)
    # 3. 现将《Y》印发给你们 / X印发《Y》 (a notice's body, or a news report)
    news_issuer: str | None = None
    news_date: tuple[int, int] | None = None
    if title is None:
        for ln in nonblank:
            content = ln.content(view)
            m = re.search(rf"(?:{words['release']})\s*《([^《》]{{4,80}})》", content)
            if m and len(re.findall(r"《", content[: m.end() + 3])) == 1 and not re.match(
                r"》\s*[、,]?\s*《", content[m.end() - 1 :]
            ):
                title = clean_title(text[ln.cstart + m.start(1) : ln.cstart + m.end(1)])
                md = _MONTH_DAY.match(content)
                lead = content[: m.start()]
                if md:
                    news_date = int(md.group(1)), int(md.group(2))
                    lead = lead[md.end() :]
                lead = lead.strip(" ,，:")
                if lead and re.fullmatch(r"[\u3400-\u9fff、()]{2,60}", lead) and not lead.startswith(("现将", "我们")):
                    news_issuer = clean_title(text[ln.cstart + content.index(lead) : ln.cstart + content.index(lead) + len(lead)])
                break
    # 4. the notice itself is the document (济宁市人民政府关于办好…的通知)
    if title is None and notice_line is not None:
        notice = clean_title(text[notice_line.cstart : notice_line.end])
        title = issued_plan(notice, notice_issuer)
    # 5. the first line that names a plan
    if title is None:
        for ln in nonblank:
            content = ln.content(view)
            if (len(content) <= 80 and "。" not in content  # a sentence is not a title
                    and not ln.tabbed and ln.index not in tabled  # nor is a table's row or cell
                    # (市自然资源规划局 names no plan)
                    and re.search(words["title-word"], content)
                    and not is_metadata_line(content)
                    and not re.match(r"[^\s:]{2,10}\s*:", content)  # a field (协办单位：…规划局) names no plan
                    and not _NUMBERED.match(content)):  # a numbered heading belongs to the body
                title = clean_title(text[ln.cstart : ln.end])
                break
    if title is not None:
        title = _standalone_title(text, view, nonblank, title)
    if title is None:
        first = next((ln for ln in nonblank if not is_metadata_line(ln.content(view))), None)
        title = clean_title(text[first.cstart : first.end]) if first else ""

    span = _title_span(text, view, lines, compact, title, notice_issuer)
    kind = plan_kind(title)

    # issuer
    if issuer is None:
        issuer = notice_issuer
    if issuer is None:
        field_issuer = _field(view, lines, "field-issuer", records)
        if field_issuer:
            issuer = clean_title(text[field_issuer[1] : field_issuer[2]])
    if issuer is None:
        issuer = news_issuer
    signature = _signature(text, view, nonblank)
    if issuer is None:
        issuer = signature
    elif signature and len(signature) > len(issuer) and normalised(signature).endswith(normalised(issuer)[-3:]):
        issuer = signature  # the signature prints in full what the heading abbreviates

    # document number
    doc_number = None
    field_number = _field(view, lines, "field-number", records)
    if field_number:
        m = _DOC_NUMBER.search(view, field_number[1], field_number[2] + 2)
        if m:
            doc_number = clean_title(text[m.start() : m.end()])
    if doc_number is None:
        for ln in nonblank:
            m = _DOC_NUMBER.match(view, ln.cstart, ln.end)
            if m and ln.end - m.end() <= 2:
                doc_number = clean_title(text[m.start() : m.end()])
                break

    # issue date
    issued = None
    field_date = _field(view, lines, "field-date", records)
    if field_date:
        m = _DATE.search(view, field_date[1], field_date[2] + 1)
        if m:
            issued = _iso(m)
    if issued is None:
        for ln in nonblank:
            content = ln.content(view)
            m = _DATE.fullmatch(content.strip())
            if m is None and len(content) <= 80:  # 修水县人民政府办公室    2024年3月18日: a signature and its date
                m = re.search(r"(?:[ \t\u3000]{2,})(" + _DATE.pattern + r")$", content.strip())
                m = _DATE.fullmatch(m.group(1)) if m else None
            if m and not is_metadata_line(content):
                issued = _iso(m)
                if issued:
                    break
    period = plan_period(title, kind)
    if issued is None and news_date is not None:
        year = period[0] if period else None
        if year:
            issued = f"{year:04d}-{news_date[0]:02d}-{news_date[1]:02d}"
    if period is None and kind == "other" and issued:
        # minutes, ledgers, answers to questions: what they decide is for the year they are issued
        period = (int(issued[:4]), int(issued[:4]))

    if issuer:
        issuer = normalised(issuer)  # names are given in simplified characters
    body_start = span.end if span else 0
    plan = Plan(
        title=title,
        kind=kind,
        issuer=issuer,
        doc_number=doc_number,
        issued=issued,
        period=period,
        span=span,
    )
    return PlanHead(plan=plan, printed_issuer=issuer, body_start=body_start)


def _signature(text: str, view: str, nonblank: list[Line]) -> str | None:
    """An organ name on the line above a standalone date: the signature of a notice."""
    for k in range(1, len(nonblank)):
        content = nonblank[k].content(view).strip()
        if _DATE.fullmatch(content):
            prev = clean_title(text[nonblank[k - 1].cstart : nonblank[k - 1].end])
            if _is_organ(normalised(prev)):
                return prev
    return None


def _title_span(text: str, view: str, lines: list[Line], compact: Compact, title: str, issuer: str | None) -> Span | None:
    """Where the title is printed: a standalone heading if there is one, else its first mention."""
    if not title:
        return None
    starts = {ln.cstart for ln in lines if not ln.blank}
    ends = {ln.end for ln in lines if not ln.blank}
    first: tuple[int, int] | None = None
    pos = 0
    while True:
        hit = compact.find(title, pos)
        if hit is None:
            break
        first = first or hit
        s, e = hit
        if s in starts and e in ends:
            return Span.of(text, s, e)
        pos = s + 1
    if first is None and issuer and title.startswith(issuer):
        # 济宁市人民政府 / 关于办好…的通知: the title runs over two lines
        hit = compact.find(title)
        first = hit
    if first is None:
        return None
    return Span.of(text, *first)


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def _standalone_title(text: str, view: str, nonblank: list[Line], title: str) -> str:
    """The plan's own title line when it prints the issued title more fully
    (关于印发2023年为民办实事项目的通知 → the line 2023年安溪县为民办实事项目)."""
    key = re.sub(r"\s+", "", normalised(title))
    for ln in nonblank:
        if is_metadata_line(ln.content(view)):
            continue
        content = re.sub(r"\s+", "", ln.content(view))
        if content == key:
            return title
        if not (len(key) < len(content) <= len(key) + 8 and _subsequence(key, content)) or _NUMBERED.match(content):
            continue  # (a numbered line is an entry of a list: 附件：1.…清单 2.…分配表)
        note = content.startswith(key) and re.fullmatch(r"\([^()]{1,10}\)", content[len(key):])
        if re.search(r"[。,;:]|关于|印发|通知", content) or (
                re.search(r"[()]", content) and not re.search(r"[()]", key) and not note):
            continue  # a bracketed note after the title (（民生部分）) is still its line
        return clean_title(text[ln.cstart : ln.end])
    return title
