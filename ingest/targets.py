"""Targets: quantities a plan commits to, with value, unit, comparator, year, baseline.

Interface used by the pipeline (kept stable):

- ``extract_targets(text, items, plan) -> list[Target]``: every target in the text;
  ``items`` (already extracted, with spans) tell which item a target belongs to;
  ``plan`` gives the kind (annual list → its year) and period (end year).

Targets come from three places, all read with the vocabulary of
``lexicons/target-words.ttl``:

- prose and list items: every quantity with a known unit that is not a date, an
  age, a grade, an eligibility threshold, a background statistic (sections such as
  发展基础, clauses about “十三五” or years before the plan) or guidance (发展思路);
- indicator tables (指标名称 / 单位 / 基期值 / 目标值 / 属性) flattened one cell per
  line or tab-separated: one target per row, with baseline and binding/expected;
- project tables with an investment column (总投资（万元）): one target per row.

A statement repeated later in the document (a 专栏 or 工作重点 restating a goal, a
table title cell restating its content cell) is extracted once.

>>> from mskg.ingest.model import Plan
>>> plan = Plan(title="某县行动方案（2022—2025年）", kind="action_plan", period=(2022, 2025))
>>> [(t.value, t.unit, t.comparator, t.effective_year)
...  for t in extract_targets("到2025年，全县养老床位达到6400张，护理型床位占比达60%以上。", [], plan)]
[(6400.0, '张', '=', 2025), (60.0, '%', '>=', 2025)]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from typing import overload

from mskg.ingest.document import Document, read
from mskg.ingest.headings import BULLETS, Style
from mskg.ingest.indicators import match_indicator
from mskg.ingest.intervals import SpanIndex
from mskg.ingest.model import Item, Plan, Span, Target
from mskg.ingest.plan import five_year_period, plan_period
from mskg.ingest.quantities import Quantity, UnitKind, Vocabulary, find_quantities, vocabulary
from mskg.ingest.structure_lexicon import word_alternation
from mskg.ingest.target_tables import read_tables
from mskg.ingest.text import normalised

# Characters that end a clause (for spans and subjects) and a sentence (for context).
_CLAUSE_END = "，,。；;：:、！？!?\n\t（）()"
_SENTENCE_END = "。；;！？!?\n\t|"  # a cell separator of a row per line ends a sentence too

# numbering styles of headings (read by the document model) and their rank, for the
# section a quantity sits in: 第X章 / 一、 > 第X节 / （一） > 1． > （1）
_STYLE_RANK = {Style.CHAPTER: 1, Style.CN: 1, Style.SECTION: 2, Style.PCN: 2, Style.AR: 3, Style.PAR: 4}

_BEFORE_OF = re.compile(r"[^，,。；;]{0,6}的")  # 2005年前建成的: 前 qualifies what follows
_HALF = re.compile(r"半数(?P<cmp>以上)?")
_WORDS_AFTER = 24  # the words after a bare number that may name what it counts: at most this long
_WORDS_AFTER_RE = re.compile(rf"[^，,。；;：:、\n\t（(|]{{1,{_WORDS_AFTER}}}")
# a number of years printed from 1900 to 2099: a date, not a quantity
_YEAR_NUMBER = r"(?:19|20)\d{2}"


class _Pattern:
    """A pattern of the target reader, declared on :class:`_Grammar` by its source:
    ``{name}`` stands for the words of ``lex:name`` (see :meth:`Vocabulary.compile`),
    ``{YEAR}`` for a year number. Each grammar holds it compiled, under the same name."""

    def __init__(self, source: str) -> None:
        self.source = source

    def compiled(self, voc: Vocabulary) -> re.Pattern[str]:
        return voc.compile(self.source.replace("{YEAR}", _YEAR_NUMBER))

    @overload
    def __get__(self, grammar: None, owner: type) -> _Pattern: ...
    @overload
    def __get__(self, grammar: _Grammar, owner: type) -> re.Pattern[str]: ...
    def __get__(self, grammar, owner):  # noqa: ANN001, ANN204 - the overloads above
        # reached only before __init__ set the compiled pattern on the grammar
        if grammar is None:
            return self
        raise AttributeError(f"{owner.__name__} compiles its patterns in __init__")


class _Grammar:
    """The patterns of the target reader: their grammar is here, their words are the
    word lists of ``lexicons/target-words.ttl`` (``{name}`` stands for ``lex:name``).
    Each is declared once below by name and source and compiled by one loop, once per
    process (:func:`_grammar`); the word lists read as sets follow in ``__init__``."""

    # -- years and plan periods
    # 2025年底, 2022—2025年, 2005年以前: the year, its tail words in group "tail"
    year = _Pattern(r"(?:(?P<y0>{YEAR})\s*(?:{range})\s*)?(?P<y>{YEAR})\s*年"
                    r"(?P<tail>{yearEnd}|{yearBy}|{yearBefore}|{yearAfter}|{yearSince}|{yearOther})?")
    # “十四五”末: the five-year plan's digit in group 1
    fyp = _Pattern(r"[“\"]?十([一二三四五六七八九])五[”\"]?(?:规划)?"
                   r"(?P<tail>{planPeriodEnd}|{planPeriodSpan}|{planPeriodShort})?")

    # -- numbers stated without a unit (每千人口拥有执业医师数达到3.2)
    unitless = _Pattern(
        r"(?P<subj>(?:每[千万百][^，,。；;、\s]{0,12}?|[^，,。；;、\s]{0,12}?)(?:{unitlessNoun}))"
        r"(?P<verb>{unitlessVerb})(?P<num>\d+(?:\.\d+)?)(?P<cmp>{unitlessComparator})?(?![\d.%％个人名张万亿元米])"
    )
    unitless_rate = _Pattern(r"每[千万百]|{unitlessRateSubject}")
    unitless_people = _Pattern(r"{unitlessPeopleSubject}")

    # -- the subject of a target: what is left of the clause before its number once
    # dates and fillers are gone, and what opens and ends it is not what is counted
    subject_filler = _Pattern(r"{YEAR}年(?:{yearEnd}|{yearBy})?|{among}|{thisYear}")
    baseline_lead = _Pattern(r"(?:{baseline.fromWord})[^，,。；;]*?(?:{changeVerb})(?:{byYear})(?:{YEAR}年的?)?$")
    year_lead = _Pattern(r"^(?:{byYear}|{atYear})?{YEAR}(?:\s*[-—–至]\s*{YEAR})?年(?:{yearEnd}|{yearBy})?[，,]?")
    subject_lead = _Pattern(r"^(?:{thisYear}|{thisYearEnd}|{subjectLead}|{among}|{basically}(?={achieved}))+")
    plan_period_lead = _Pattern(r"^[“\"]?十[一二三四五六七八九]五[”\"]?(?:{planPeriodSpan}|{planPeriodEnd})?[，,]?")
    whole = _Pattern(r"^(?:{wholeJurisdiction})")
    subject_tail = _Pattern(r"(?:{subjectTail})+$")
    subject_end = _Pattern(r"{subjectEnd}")
    raise_after_baselines = _Pattern(r"(?:{baseline.fromWord})[^，,。；;]*?(?:{raiseTo})[^，,。；;]*$")
    additional = _Pattern(r"{additional}")

    # -- one value for several subjects
    rate_end = _Pattern(r"(?:{rateNoun})$")
    # 均 meaning "all of them" (均达到), not 年均/人均/平均
    all_of = _Pattern(r"(?<![年人平户日月])均(?:{allOfVerb})")
    # a clause with one of these is a statement of its own, not a subject in a list
    statement = _Pattern(r"[:：]|{statementVerb}")
    lead_time = _Pattern(r"^(?:{thisYear}|{thisYearEnd}|(?:{byYear})?{YEAR}年)")
    shared_value_verb = _Pattern(r"(?:{sharedValueVerb})$")
    part_lead = _Pattern(r"^(?:{thisYear}|到{YEAR}年)")
    each_value_verb = _Pattern(r"(?:{eachWord})?(?:{eachValueVerb})$")
    core_lead = _Pattern(r"^(?:{coreLead})+")

    # -- quantities that are not targets
    duration_subject = _Pattern(r"{durationSubject}")
    age_subject = _Pattern(r"{ageSubject}")
    within_time = _Pattern(r"[^，,。；;]{0,12}(?:{timeCircle})|(?:{timeReach}|{timeReachOther})")
    minutes_reached = _Pattern(r"[^，,。；;、]{0,12}(?:{timeCircle})|[^，,。；;、]{0,4}(?:{timeReach})")
    grade_after = _Pattern(r"\s*(?:{gradeAfter}|A\b)")
    threshold_end = _Pattern(r"(?:{threshold})$")

    def __init__(self, voc: Vocabulary) -> None:
        for name, declared in vars(_Grammar).items():
            if isinstance(declared, _Pattern):
                setattr(self, name, declared.compiled(voc))
        # patterns made of more than word lists: of the units the lexicon calls ages
        # (周岁, 岁), and of the lexicon's own patterns for sections of background
        # and guidance (lex:background, lex:guidance)
        ages = word_alternation(form for form, (_, kind, _) in voc.units.items() if kind == UnitKind.AGE)
        self.age_lead = voc.compile(rf"^\d+(?:{ages})(?:{{ageThreshold}})?的?")
        self.background = re.compile("|".join(p.pattern for p in voc.pattern_list("background.pattern")))
        self.guidance = re.compile("|".join(p.pattern for p in voc.pattern_list("guidance.pattern")))
        # word lists read as words
        self.fyp_ends = frozenset(voc.words("planPeriodEnd") + voc.words("planPeriodSpan") + voc.words("planPeriodShort"))
        # tails that make a year a qualifier of what is counted, not a deadline
        self.qualifying_tails = frozenset(voc.words("yearBefore") + voc.words("yearAfter") + voc.words("yearSince"))
        self.looking_back_tails = frozenset(voc.words("yearSince") + voc.words("yearBy") + voc.words("yearBefore"))
        self.year_by = frozenset(voc.words("yearBy"))
        self.by_year = voc.words("byYear")
        self.from_words = voc.words("baseline.fromWord")
        self.to_words = voc.words("baseline.toWord")
        self.basis = voc.words("basis")[0]
        self.unitless_comparators = {w: voc.after[w] for w in voc.words("unitlessComparator")}
        self.cumulative = voc.words("cumulative")
        self.actions = voc.words("action.form")
        self.raise_to = voc.words("raiseTo")
        self.not_quantity_before = voc.words("notQuantityBefore")
        self.travel_units = frozenset(voc.words("travelTimeUnit"))
        self.thresholds = frozenset(voc.words("threshold") + voc.words("thresholdInclusive"))


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    return _Grammar(vocabulary())


_CLAUSE_LEAD = re.compile(
    r"(?:\s|\[bookmark:[^\]]*\]|[“”\"']|——|—|-{2,}|\d+[.．、](?!\d)|[（(]\d+[)）]|[①-⑳]"
    r"|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|【[^】\n]{0,30}】|[" + BULLETS + "])*"
)


@dataclass
class _Context:
    text: str
    plan: Plan
    start_year: int | None
    end_year: int | None
    annual: bool
    line_starts: list[int]
    modes: list[tuple[int, _Mode]]  # (position, mode) in text order
    row_years: list[tuple[int, int, int]]  # (start, end, year) of table cells with a 建设年限
    cells: list[tuple[int, int]]  # bounds of table cells: a statement in a cell ends with it
    # every year, 十N五 and 基础上 of the text, found once: a quantity's governing year is
    # looked up among them, so a document without line breaks is not rescanned per quantity
    years: list[re.Match[str]] = field(default_factory=list)
    year_starts: list[int] = field(default_factory=list)
    fyps: list[re.Match[str]] = field(default_factory=list)
    fyp_starts: list[int] = field(default_factory=list)
    bases: list[int] = field(default_factory=list)
    mode_starts: list[int] = field(default_factory=list)  # the positions of ``modes``
    cell_spans: SpanIndex | None = None  # ``cells``, indexed

    def __post_init__(self) -> None:
        self.mode_starts = [p for p, _ in self.modes]
        self.cell_spans = SpanIndex(self.cells)
        g = _grammar()
        self.years = list(g.year.finditer(self.text))
        self.year_starts = [m.start() for m in self.years]
        self.fyps = list(g.fyp.finditer(self.text))
        self.fyp_starts = [m.start() for m in self.fyps]
        self.bases = [m.start() for m in re.finditer(re.escape(g.basis), self.text)]


def plan_years(text: str, plan: Plan) -> tuple[int | None, int | None, bool]:
    """(first year, last year, annual?) of the plan: its period (the pipeline sets it;
    else :func:`mskg.ingest.plan.plan_period` reads the title), and whether it is an
    annual list (its kind says so, or an unknown kind covers a single year)."""
    period = plan.period or plan_period(plan.title or "", plan.kind)
    if period is None:
        return None, None, plan.kind == "annual_list"
    y0, y1 = period
    annual = plan.kind == "annual_list" or (plan.kind in {"", "other", None} and y0 == y1)
    return y0, y1, annual


def _fyp_end(digit: str) -> int:
    """Last year of the 十N五 five-year plan: 十四五 → 2025, 十三五 → 2020."""
    return five_year_period(digit)[1]


def extract_targets(text: str, items: list[Item], plan: Plan, *, document: Document | None = None) -> list[Target]:
    """Every target stated in ``text``, in text order, with stable keys ``t001``…

    Reading runs on a same-length normalised view (half-width forms, simplified
    characters); spans, quotes and printed units are taken from ``text`` itself.
    ``document``, the model the pipeline read the text into, gives the view and the
    tables without reading them again.
    """
    original = text
    document = document if document is not None else read(original)
    text = document.view
    y0, y1, annual = plan_years(text, plan)
    line_starts = [ln.start for ln in document.lines]
    reading = read_tables(text, tables=document.tables)
    ctx = _Context(text, plan, y0, y1, annual, line_starts, _section_modes(document), reading.years, reading.cells)

    found: list[Target] = list(reading.targets)
    table_cover = SpanIndex(reading.covered)
    for q in find_quantities(text):
        if table_cover.covers(q.num_start):
            continue
        t = _prose_target(ctx, q)
        if t is not None:
            found.extend(_enumerated(ctx, t, q))
    found.extend(_half_targets(ctx, table_cover))
    found.extend(_unitless_targets(ctx, table_cover, found))
    found.sort(key=lambda t: (t.span.start, t.span.end))
    found = _drop_repeats(text, found)
    found = _share_approximation(text, found)

    out: list[Target] = []
    named: list[Target] = []  # targets whose subject names what they count, in text order
    spans = SpanIndex([(it.span.start, it.span.end) for it in items])
    for n, t in enumerate(found, 1):
        year = t.year
        effective = year or (y0 if annual else y1)
        item = _innermost(items, spans, t.span.start)
        if _names_what_is_counted(t.subject, t.unit):
            named.append(t)
        else:
            t = replace(t, subject=_counted_subject(text, t, named, item))
        indicator = match_indicator(t.subject, t.unit, t.normalised_unit)
        span = Span.of(original, t.span.start, t.span.end)
        out.append(replace(
            t, key=f"t{n:03d}", item=item.key if item else None, effective_year=effective,
            place=t.place or plan.jurisdiction, indicator=indicator, span=span,
            unit=_printed(t.unit, t.span.quote, span.quote),
            value_text=_printed(t.value_text, t.span.quote, span.quote),
        ))
    return out


_NOT_A_NAME = re.compile(r"[\d.%‰,，、:：;；()（）\[\]“”\"'\s\-—~]+")


def _names_what_is_counted(subject: str, unit: str) -> bool:
    """A subject that is a phrase naming what is counted (养老床位, 参保率), not a bare
    unit, number, noun of one or two characters, or action verb (新建, 惠及)."""
    rest = _NOT_A_NAME.sub("", _grammar().subject_filler.sub("", subject))
    if unit:
        rest = rest.replace(unit, "") if rest == unit or rest.endswith(unit) and len(rest) <= len(unit) + 1 else rest
    if len(rest) < 3:
        return False
    return rest not in _grammar().actions


def _counted_subject(text: str, t: Target, named: list[Target], item: Item | None) -> str:
    """A subject for a target printed without one (``共计32个小区``, ``70%``, ``新建17所``):
    the subject of an earlier target in the same sentence, else the title of its item,
    with the noun printed after the number kept after it (…改造项目（楼） for 78栋楼)."""
    s0, _ = _sentence(text, t.span.start)
    base = next((u.subject for u in reversed(named) if u.span.start >= s0 and u.span.end <= t.span.start), None)
    if base is None and item is not None and item.title:
        base = re.split(r"[，,。；;]", item.title)[0][:24]
    if not base:
        return t.subject
    noun = _NOT_A_NAME.sub("", t.subject)
    if noun and noun not in base and noun != t.unit and text.startswith(noun, t.span.end):
        return f"{base}（{noun}）"  # the noun printed after the number is what it counts
    return base


def _printed(form: str, view_quote: str, quote: str) -> str:
    """The printed form of ``form`` (found in the normalised quote) in the original quote."""
    i = view_quote.rfind(form) if form else -1
    return quote[i:i + len(form)] if i >= 0 else form


# ---------------------------------------------------------------------------
# sections


class _Mode(StrEnum):
    """What a section's statements are: commitments (normal), background (achievements,
    statistics: ``lex:background``) or guidance (``lex:guidance``)."""

    NORMAL = "normal"
    BACKGROUND = "background"
    GUIDANCE = "guidance"


def _section_modes(doc: Document) -> list[tuple[int, _Mode]]:
    """(offset, mode) at each heading of the document model, from the heading titles
    (lexicon patterns)."""
    g = _grammar()
    stack: list[tuple[int, _Mode]] = []
    modes: list[tuple[int, _Mode]] = [(0, _Mode.NORMAL)]
    view = doc.view
    for ln in doc.lines:
        if ln.blank or ln.end - ln.cstart > 40 or view[ln.end - 1] in "。;":
            continue
        h = doc.heading(ln)
        if h is None or h.style not in _STYLE_RANK:
            continue
        rank = _STYLE_RANK[h.style]
        title = view[h.rest : ln.end]
        mode = _Mode.BACKGROUND if g.background.search(title) else _Mode.GUIDANCE if g.guidance.search(title) else _Mode.NORMAL
        stack = [(r, md) for r, md in stack if r < rank]
        stack.append((rank, mode))
        modes.append((ln.start, _stack_mode(stack)))
    return modes


def _stack_mode(stack: list[tuple[int, _Mode]]) -> _Mode:
    kinds = {md for _, md in stack}
    if _Mode.BACKGROUND in kinds:
        return _Mode.BACKGROUND
    if _Mode.GUIDANCE in kinds:
        return _Mode.GUIDANCE
    return _Mode.NORMAL


def _mode_at(ctx: _Context, pos: int) -> _Mode:
    i = bisect.bisect_right(ctx.mode_starts, pos) - 1
    return ctx.modes[max(i, 0)][1]


# ---------------------------------------------------------------------------
# prose


def _sentence(text: str, pos: int) -> tuple[int, int]:
    a = pos
    while a > 0 and text[a - 1] not in _SENTENCE_END:
        a -= 1
    b = pos
    while b < len(text) and text[b] not in _SENTENCE_END:
        b += 1
    return a, b


def _line(ctx: _Context, pos: int) -> tuple[int, int]:
    i = bisect.bisect_right(ctx.line_starts, pos) - 1
    a = ctx.line_starts[i]
    return a, (ctx.line_starts[i + 1] - 1 if i + 1 < len(ctx.line_starts) else len(ctx.text))


def _clause_start(text: str, pos: int, limit: int = 40) -> int:
    a = pos
    while a > 0 and text[a - 1] not in _CLAUSE_END and pos - a < limit:
        a -= 1
    line_start = text.rfind("\n", 0, a) + 1
    open_mark = re.search(r"\[bookmark:[^\]]*$", text[line_start:a])
    if open_mark:  # the ':' of a scraped [bookmark: …] marker is not a clause end
        close = text.find("]", a, pos)
        a = close + 1 if close >= 0 else a
    # skip leading spaces, bookmarks, quote marks and list numbers
    m = _CLAUSE_LEAD.match(text[a:pos])
    return a + (m.end() if m else 0)


def _prose_target(ctx: _Context, q: Quantity) -> Target | None:
    text = ctx.text
    voc = vocabulary()
    if not _is_candidate(ctx, q):
        return None
    mode = _mode_at(ctx, q.num_start)
    s0, s1 = _sentence(text, q.num_start)
    sentence = text[s0:s1]
    basis = _basis(sentence)
    before_in_sentence = text[s0:q.num_start]
    scan = before_in_sentence
    if basis:
        scan = sentence[: basis[0]] + " " * (basis[1] - basis[0]) + sentence[basis[1]: q.num_start - s0]
        if basis[0] <= q.num_start - s0 < basis[1]:
            return None  # the quantity is the baseline itself
    if mode == _Mode.GUIDANCE:
        return None
    if _is_baseline_quantity(sentence, q.num_start - s0, q.end - s0):
        return None
    forward = any(w in sentence for w in voc.words("forward.form"))
    if mode == _Mode.BACKGROUND and not (forward or _names_year_ahead(ctx, sentence)):
        return None
    if any(w in scan for w in voc.words("past.form")) and not forward:
        return None
    if _reports_progress(text, q):
        return None
    year, year_pos = _governing_year(ctx, q)
    if year is not None and ctx.start_year and year < ctx.start_year:
        return None  # a statistic of a past year

    head = q.start if q.start < q.num_start else q.num_start
    c0 = _clause_start(text, head)
    cell = _cell_at(ctx, q.num_start)
    if cell is not None and c0 < cell[0]:
        c0 = _clause_start(text, head, limit=max(0, head - cell[0]))  # the clause opens the cell
    subject = _subject(text, c0, q, cell=cell)
    baseline_value, baseline_year = _baseline(ctx, q, s0, sentence, subject)
    if ctx.annual:
        stated = year if year is not None and year == ctx.start_year else None
    else:
        stated = year
    span = Span.of(text, c0, q.end)
    comparator = q.comparator
    if q.unit in _grammar().travel_units and comparator == "=" and _grammar().within_time.match(
            text[q.num_end:q.num_end + 14]):
        comparator = "<="  # “15分钟健身圈”, “十分钟上高速”: within that time
    return Target(
        key="", item=None, subject=subject, value_text=q.value_text, value=q.value,
        unit=q.unit, comparator=comparator, span=span,
        normalised_value=q.normalised_value, normalised_unit=q.normalised_unit,
        value_max=q.value_max, year=stated, baseline_value=baseline_value,
        baseline_year=baseline_year,
    )


def _reports_progress(text: str, q: Quantity) -> bool:
    """The clause of the quantity reports progress (已建成12个, 完成率60%, 已发放…):
    what was done, not a goal; a goal named in the same clause (年度目标) keeps it."""
    a = q.num_start
    while a > 0 and text[a - 1] not in "，,。；;\n" and q.num_start - a < 40:
        a -= 1
    clause = text[a : q.num_start]
    voc = vocabulary()
    if not any(w in clause for w in voc.words("progress.form")) and not any(
            p.search(clause) for p in voc.pattern_list("progress.pattern")):
        return False
    return not any(w in clause for w in voc.words("forward.form"))


def _is_baseline_quantity(sentence: str, rel: int, rel_end: int) -> bool:
    """The X of 由X提高到Y: after 由/从 and before the verb that introduces Y."""
    g = _grammar()
    head = sentence[:rel]
    fw = max((head.rfind(w) for w in g.from_words), default=-1)
    if fw < 0:
        return False
    between = head[fw:]
    to_words = g.to_words
    if any(w in between for w in to_words) or re.search(r"[，,。；;]", between):
        return False
    tail = re.split(r"[，,。；;]", sentence[rel_end:])[0]
    return any(w in tail for w in to_words)


def _counts(segment: str) -> bool:
    """A segment that holds a quantity other than an age (3岁以下儿童…)."""
    return any(q.unit_kind != UnitKind.AGE for q in find_quantities(segment))


def _enumerated(ctx: _Context, t: Target, q: Quantity) -> list[Target]:
    """One target per subject when several share one value.

    ``A率、B率、C率保持在90%以上`` and ``A,B,C均达到100%`` state three or four
    targets; ``双100%`` states two. They share the span of the whole statement.
    """
    text = ctx.text
    g = _grammar()
    if text[q.num_start - 1:q.num_start] == "双":
        return [t, replace(t)]
    c0 = t.span.start
    parts = [text[c0:q.start if q.start > c0 else q.num_start]]
    s0, _ = _sentence(text, q.num_start)
    head = text[s0:c0]
    if g.all_of.search(text[c0:q.num_start]):
        if head.endswith("、"):  # one subject enumerated: 困难残疾人、重度残疾人等…均达到
            merged = re.split(r"[，,]", head)[-1]
            parts[0] = merged + parts[0]
            head = head[: len(head) - len(merged)]
        # walk back over comma-separated subjects without numbers
        segs = re.split(r"[，,]", head)
        for seg in reversed(segs[:-1] if head.endswith(("，", ",")) else segs):
            if not seg.strip() or _counts(seg) or len(seg) > 40 or g.statement.search(seg):
                break
            parts.insert(0, seg)
            if g.lead_time.match(seg):
                break
    elif g.rate_end.search(g.shared_value_verb.sub("", parts[0])):
        segs = head.split("、")
        for seg in reversed(segs[:-1] if head.endswith("、") else []):
            if not g.rate_end.search(seg) or _counts(seg) or len(seg) > 30:
                break
            parts.insert(0, seg)
    if len(parts) < 2:
        return [t]
    start = text.rfind(parts[0], s0, c0 + 1)
    span = Span.of(text, max(start, s0), t.span.end)
    out = []
    for part in parts:
        subject = g.part_lead.sub("", part).strip("，,、 ")
        subject = g.each_value_verb.sub("", subject)
        out.append(replace(t, subject=subject or t.subject, span=span))
    return out


def _names_year_ahead(ctx: _Context, sentence: str) -> bool:
    """A background sentence that names a year at or after the plan start (到2025年)."""
    if not ctx.start_year:
        return False
    g = _grammar()
    for m in g.year.finditer(sentence):
        if int(m.group("y")) >= ctx.start_year and (m.group("tail") or "") not in g.looking_back_tails:
            pre = sentence[max(0, m.start() - 2):m.start()]
            if pre.endswith(g.by_year):
                return True
    return False


def _is_candidate(ctx: _Context, q: Quantity) -> bool:
    text = ctx.text
    voc = vocabulary()
    g = _grammar()
    before = text[max(0, q.num_start - 12):q.num_start]
    prev = text[q.num_start - 1] if q.num_start else ""
    if (prev and prev in "〔[【") or before.endswith(g.not_quantity_before):
        return False
    line_head = text[text.rfind("\n", 0, q.num_start) + 1:q.num_start]
    if line_head.rfind("《") > line_head.rfind("》") or re.search(r"》(?:等)?$", line_head):
        return False  # inside or counting cited titles
    title = normalised(ctx.plan.title or "")  # the view is simplified, the title as printed
    if title and text[max(0, q.num_start - 3):q.num_end + 2] in title:
        return False  # the plan's own name (…20项重点民生实事)
    if q.unit_kind == UnitKind.DURATION or q.unit == "年":
        # four-digit years and spans of years are dates; durations need a 年限-like subject
        if q.value >= 1900 or not g.duration_subject.search(before):
            return False
    if q.unit_kind == UnitKind.AGE:
        if not g.age_subject.search(before):
            return False
    if q.unit_kind == UnitKind.TIME:
        for pat in voc.pattern_list("eligibility.timeAfterPattern"):
            if pat.match(text[q.num_end:q.num_end + 6]):
                return False  # "30天内办结", "24小时服务热线": deadlines and opening hours
    if q.unit == "分钟" and not g.minutes_reached.match(text[q.num_end:q.num_end + 14]):
        return False
    if re.match(r"[:：]\d", text[q.num_start + len(q.value_text):q.num_start + len(q.value_text) + 2]):
        return False  # clock time 6:00
    if g.grade_after.match(text[q.num_end:q.num_end + 3]):
        return False
    # eligibility thresholds and scopes (65岁以上老年人, 20年以上房龄)
    tail = text[q.num_end:q.num_end + 10]
    for pat in voc.pattern_list("eligibility.afterPattern"):
        if pat.match(tail):
            return False
    if q.unit == "次" and q.comparator == "=":  # 每学期检查不少于2次 commits to a minimum
        for pat in voc.pattern_list("eligibility.frequencyPattern"):
            if pat.search(text[max(0, q.num_start - 24):q.num_start]):
                return False  # 每季度召开一次: a frequency of meetings
    if q.unit_kind == UnitKind.COUNT:
        for pat in voc.pattern_list("eligibility.selfCountPattern"):
            if pat.search(before + text[q.start:q.num_start]):
                return False  # 实施民生实事项目13项: the list counting itself
    for pat in voc.pattern_list("eligibility.documentAfterPattern"):
        if pat.match(text[q.num_end:q.num_end + 14]):
            return False  # 22个“十四五”专项规划: a count of documents
    if q.unit_kind != UnitKind.RATIO:
        for pat in voc.pattern_list("eligibility.placeAfterPattern"):
            if pat.match(tail):
                return False
    for pat in voc.pattern_list("eligibility.beforePattern"):
        if pat.search(text[max(0, q.start - 10):q.start]):
            return False
    # a threshold quantity followed in the same clause by another quantity:
    # "50张床位以下养老机构…达到100%", "3万人以下镇建设1所"
    if q.comparator in {"<=", ">="} and q.comparator_word in g.thresholds:
        clause_end = q.end
        while clause_end < len(text) and text[clause_end] not in "，,。；;\n":
            clause_end += 1
        rest = text[q.end:clause_end]
        if rest and not re.match(r"^\s*$", rest) and find_quantities(text, q.end, clause_end) \
                and q.unit_kind != UnitKind.RATIO:
            return False
    if g.threshold_end.search(before) and q.comparator == "=":
        return False
    return True


def _basis(sentence: str) -> tuple[int, int] | None:
    """The span of a '在…已…的基础上' phrase (its quantity is a baseline)."""
    voc = vocabulary()
    for pat in voc.pattern_list("baseline.basisPattern"):
        m = pat.search(sentence)
        if m:
            return m.start(), m.end()
    return None


def _governing_year(ctx: _Context, q: Quantity) -> tuple[int | None, int]:
    """The year printed in the clause or paragraph that governs the quantity: the last
    year between the start of its line and the quantity that is not a qualifier or a
    baseline, unless a 十N五末 is printed after it."""
    text = ctx.text
    for a, b, year in ctx.row_years:
        if a <= q.num_start < b:
            return year, a
    a, _ = _line(ctx, q.num_start)
    e = q.num_start  # years are read in text[a:e]
    best: tuple[int | None, int] = (None, -1)
    g = _grammar()
    k = bisect.bisect_right(ctx.bases, e - len(g.basis))  # 基础上 printed before e
    last_basis = ctx.bases[k - 1] if k else -1
    to_words = g.to_words
    for i in range(bisect.bisect_left(ctx.year_starts, e) - 1, -1, -1):
        m = ctx.years[i]
        if m.start() < a:
            break
        if m.end() > e:
            continue
        tail = m.group("tail") or ""
        if tail in g.qualifying_tails:
            continue  # 2005年之前建成的: a qualifier, not a deadline
        if tail in g.year_by and _BEFORE_OF.match(text, m.end(), e):
            continue  # 2005年前建成的小区
        if m.start() > a and text[m.start() - 1] in g.from_words:
            continue  # baseline year "由2015年的…"
        to_year = text.endswith(to_words, a, m.start()) if to_words else False
        if text.startswith("的", m.end(), e) and not to_year:
            continue  # "2020年的基础上", "2021年的水平": not the governing year
        if text.find("已", m.end(), min(m.end() + 8, e)) >= 0 or last_basis >= m.end():
            continue  # "在2021年已建成…的基础上": a baseline
        best = (int(m.group("y")), m.start())
        break
    for i in range(bisect.bisect_left(ctx.fyp_starts, e) - 1, -1, -1):
        m = ctx.fyps[i]
        if m.start() < a:
            break
        tail = m.group("tail") or ""
        if m.end() <= e and tail in g.fyp_ends:
            if m.start() > best[1]:
                best = (_fyp_end(m.group(1)), m.start())
            break
    return best


def _cell_at(ctx: _Context, pos: int) -> tuple[int, int] | None:
    """The table cell holding ``pos``, if any."""
    held = ctx.cell_spans.holding(pos)
    return ctx.cells[held[0]] if held else None


def _subject(text: str, c0: int, q: Quantity, cell: tuple[int, int] | None = None) -> str:
    """What the quantity measures, as printed around it (verb + object for 新建12所幼儿园);
    a table ``cell`` holding the quantity bounds it."""
    first, end = cell if cell else (0, None)
    # a subject enumerated before the clause: 新建改扩建中小学、幼儿园15所
    while c0 > max(1, first) and text[c0 - 1] == "、":
        prev = max(first, _clause_start(text, c0 - 1, limit=16))
        if find_quantities(text, prev, c0 - 1):
            break
        c0 = prev
    pre = text[c0:q.start if q.start >= c0 else q.num_start]
    pre = re.sub(r"\[bookmark:[^\]]*\]", "", pre)
    g = _grammar()
    pre = g.baseline_lead.sub("", pre)
    pre = g.year_lead.sub("", pre)
    pre = g.subject_lead.sub("", pre)
    pre = g.plan_period_lead.sub("", pre)
    pre = g.whole.sub("", pre)
    cumulative = next((w for w in g.cumulative if pre.startswith(w)), None)
    if cumulative is not None and len(pre) > 6:
        pre = pre[len(cumulative):]
    pre = g.subject_tail.sub("", pre)
    pre = pre.strip(" 　“”\"")
    if len(pre) <= 4 or pre.endswith(g.actions):
        limit = len(text) if end is None else max(q.end, end)
        # (the words after it, read from a slice of _WORDS_AFTER characters: a slice to the
        # end of the page made each quantity cost the length of the page)
        m = _WORDS_AFTER_RE.match(text[q.end : min(limit, q.end + _WORDS_AFTER)])
        post = (m.group(0) if m else "").lstrip("的")
        post = g.age_lead.sub("", post)
        post = g.subject_end.split(post)[0]
        pre = (pre + post).strip(" 　“”\"")
    return pre or q.unit


def _baseline(ctx: _Context, q: Quantity, s0: int, sentence: str, subject: str) -> tuple[float | None, int | None]:
    """由X提高到Y (baseline X) or 在N年已建成X的基础上 (baseline X, year N)."""
    g = _grammar()
    text = ctx.text
    rel = q.num_start - s0
    seg = sentence[:rel]
    to_words = g.to_words
    from_words = g.from_words
    for tw in to_words:
        if seg.endswith(tw) or re.search(re.escape(tw) + r"(?:(?:19|20)\d{2}年(?:的)?)?$", seg):
            k = seg.rfind(tw)
            head = seg[:k]
            fw = max((head.rfind(w) for w in from_words), default=-1)
            if fw < 0 or re.search(r"[，,。；;]", seg[fw:]):
                break
            qs = [x for x in find_quantities(text, s0 + fw, s0 + k)]
            if not qs:
                break
            # "由原来的80%、70%分别提高到85%、75%": pair the n-th with the n-th
            targets_after = [x for x in find_quantities(text, s0 + k, s0 + len(sentence))
                             if x.unit == q.unit]
            idx = next((i for i, x in enumerate(targets_after) if x.num_start == q.num_start), 0)
            base = qs[min(idx, len(qs) - 1)]
            ym = re.search(r"((?:19|20)\d{2})年", head[fw:])
            return base.value, (int(ym.group(1)) if ym else None)
    # "由原来的80%、70%分别提高到85%、75%": second value after the first
    m = g.raise_after_baselines.search(seg)
    if m:
        k = max(seg.rfind(w) for w in g.raise_to)
        fw = max(seg.rfind(w, 0, k) for w in from_words)
        qs = find_quantities(text, s0 + fw, s0 + k)
        after = find_quantities(text, s0 + k, q.num_end)
        if qs and after:
            base = qs[min(len(after) - 1, len(qs) - 1)]
            return base.value, None
    basis = _basis(sentence)
    if basis and rel > basis[1] and not g.additional.match(subject):
        qs = find_quantities(text, s0 + basis[0], s0 + basis[1])
        if qs:
            ym = re.search(r"((?:19|20)\d{2})年", sentence[basis[0]:basis[1]])
            return qs[0].value, (int(ym.group(1)) if ym else None)
    return None, None


def _half_targets(ctx: _Context, cover: SpanIndex) -> list[Target]:
    """半数以上 (more than half) as a share: 50 %."""
    out: list[Target] = []
    for m in _HALF.finditer(ctx.text):
        if cover.covers(m.start()) or _mode_at(ctx, m.start()) != _Mode.NORMAL:
            continue
        c0 = _clause_start(ctx.text, m.start())
        subject = ctx.text[m.end():m.end() + 20]
        subject = re.split(r"[，,。；;\n]", subject)[0]
        year, _ = _governing_year_at(ctx, m.start())
        out.append(Target(
            key="", item=None, subject=subject, value_text="半数", value=50.0, unit="%",
            comparator=">=" if m.group("cmp") else "=", span=Span.of(ctx.text, c0, m.end()),
            normalised_value=50.0, normalised_unit="%", year=None if ctx.annual else year,
        ))
    return out


def _governing_year_at(ctx: _Context, pos: int) -> tuple[int | None, int]:
    fake = Quantity(pos, pos, pos, pos, "", 0.0, None, "", None, "", UnitKind.COUNT, "=", "", False)
    return _governing_year(ctx, fake)


def _unitless_targets(ctx: _Context, cover: SpanIndex, found: list[Target]) -> list[Target]:
    """Ratios printed without a unit: 每千常住人口执业(助理)医师数达到3.6左右 (unit 人)."""
    out: list[Target] = []
    taken = {(t.span.start, t.span.end) for t in found}
    g = _grammar()
    for m in g.unitless.finditer(ctx.text):
        if cover.covers(m.start("num")) or _mode_at(ctx, m.start()) != _Mode.NORMAL:
            continue
        subj = m.group("subj")
        if not g.unitless_rate.search(subj + ctx.text[max(0, m.start() - 30):m.start()]):
            continue
        s0, s1 = _sentence(ctx.text, m.start())
        if any(w in ctx.text[s0:s1] for w in vocabulary().words("past.form")):
            continue
        c0 = _clause_start(ctx.text, m.start("num"))
        end = m.end()
        if (c0, end) in taken:
            continue
        cmp = g.unitless_comparators.get(m.group("cmp") or "", "=")
        value = float(m.group("num"))
        year, _ = _governing_year_at(ctx, m.start("num"))
        unit = "人" if g.unitless_people.search(subj) else ""
        out.append(Target(
            key="", item=None, subject=subj, value_text=m.group("num"), value=value, unit=unit,
            comparator=cmp, span=Span.of(ctx.text, c0, end), normalised_value=value,
            normalised_unit=unit, year=None if ctx.annual else year,
        ))
    return out


# ---------------------------------------------------------------------------
# repeats and attachment


def _similar(a: str, b: str) -> bool:
    if len(a) < 2 or len(b) < 2:
        return False
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and short in long_:
        return True
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) >= 85


_CELL_GAP = re.compile(r"\t|\||[ \u3000]{2,}")


def _title_like(text: str, t: Target) -> bool:
    """A short cell or heading without a full stop: a title restating a target. The cell
    is the target's line, or its part between tabs, pipes or wide gaps when the line is a
    table's row (a row per line puts the title cell and the content cell on one line)."""
    a = text.rfind("\n", 0, t.span.start) + 1
    b = text.find("\n", t.span.end)
    b = len(text) if b < 0 else b
    for m in _CELL_GAP.finditer(text, a, b):
        if m.end() <= t.span.start:
            a = m.end()
        elif m.start() >= t.span.end:
            b = m.start()
            break
    cell = text[a:b].strip()
    return len(cell) <= 60 and "。" not in cell


def _drop_repeats(text: str, found: list[Target]) -> list[Target]:
    """Keep the first statement of a target; a title cell gives way to its content cell."""
    keep = [True] * len(found)
    # only a target of the same value and unit repeats one: each is compared with the
    # later ones of its value and unit, not with every later target
    same: dict[tuple, list[int]] = {}
    rank: list[int] = []  # each target's place among those of its value and unit
    groups: list[list[int]] = []
    for i, t in enumerate(found):
        key = (t.value, t.unit) if t.value == t.value else ("nan", i)  # NaN equals nothing
        group = same.setdefault(key, [])
        rank.append(len(group))
        group.append(i)
        groups.append(group)
    for i, t in enumerate(found):
        if not keep[i]:
            continue
        t_sentence = _sentence(text, t.span.start)
        group = groups[i]
        for n in range(rank[i] + 1, len(group)):
            j = group[n]
            u = found[j]
            if not keep[j]:
                continue
            if u.span.start < t.span.end or (_sentence(text, u.span.start) == t_sentence
                                             and not _CELL_GAP.search(text, t.span.end, u.span.start)):
                continue  # one sentence enumerating equal values: 一个…、一个… (not two cells of a row)
            gap = u.span.start - t.span.end
            if gap < 1200 and _title_like(text, t) and not _title_like(text, u) and t.attribute is None \
                    and not _is_table_target(t) and (
                    text.count("\n", t.span.end, u.span.start) <= 1 or _similar(_core(t.subject), _core(u.subject))):
                # title cell restating the content cell below it (on the next line, or saying
                # the same): the same value rows below in another cell is another target
                keep[i] = False
                break
            same_quote = len(t.span.quote) >= 8 and u.span.quote == t.span.quote
            if same_quote or _similar(_core(t.subject), _core(u.subject)):
                keep[j] = False  # a later restatement
    return [t for t, k in zip(found, keep) if k]


def _share_approximation(text: str, found: list[Target]) -> list[Target]:
    """约 before the first of a 、-list applies to all: 惠及约24万户、48万人."""
    out = list(found)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        if prev.comparator == "~" and cur.comparator == "=" and "约" in prev.span.quote \
                and text[prev.span.end:cur.span.start] == "、":
            out[i] = replace(cur, comparator="~")
    return out


def _is_table_target(t: Target) -> bool:
    return "\n" in t.span.quote or t.span.quote == t.value_text


def _core(subject: str) -> str:
    return _grammar().core_lead.sub("", subject)


def _innermost(items: list[Item], spans: SpanIndex, pos: int) -> Item | None:
    """The shortest item holding ``pos`` (of several, the last listed); ``spans`` indexes
    the items' spans."""
    best: Item | None = None
    for k in spans.holding(pos):
        it = items[k]
        if best is None or (it.span.end - it.span.start) <= (best.span.end - best.span.start):
            best = it
    return best
