"""Agency roles on items, from the printed lists that :mod:`mskg.ingest.structure` found.

A list keeps the role its label or column prints (牵头单位 → lead, 配合单位 →
cooperating, 责任单位/承办单位 → responsible). Responsible units become
cooperating when the same item names a lead; otherwise the convention the
document states decides: ``first_lead`` and ``bold_lead`` (bold is lost in text)
make the first unit of each list lead and the rest cooperate,
``responsible_is_lead`` makes them all lead; with no convention they stay
responsible. Lists marked 共同牵头 are co-leads.

Roles printed inside a list win over its label and over the convention: a unit
marked in the list (``区教育体育局（牵头）、区财政局``, or with the symbol the document
names: 带★的为牵头单位; the marked units lead, co-lead when several are marked, the
others cooperate) and a list that states its roles
after the names (a 责任单位 cell ``市住建局牵头，市城管局、各县（市、区）政府配合``).
A list of one unit with no mark leads when the document says so
(``只列一个责任单位的，由该单位牵头``) or when the document marks the lead in its
other lists: there the absence of a mark means there was no one to choose from.
Names are split and resolved by :mod:`mskg.ingest.agencies`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache

from mskg.ingest import agencies
from mskg.ingest.agency_lists import Field, is_deadline, role_statement
from mskg.ingest.model import Place, Responsibility, Span
from mskg.ingest.structure import Outline
from mskg.ingest.structure_lexicon import entries, word_alternation, words_by_notation
from mskg.ingest.text import normalised, segments

# conventions that decide the roles of a 责任单位 list by its order or its label
LEAD_CONVENTIONS = ("bold_lead", "first_lead", "responsible_is_lead")
# the rule that a list of one unit leads: stated beside a convention or alone
SINGLE_UNIT_LEADS = "single_lead"
UNMARKED_COOPERATE = "unmarked_cooperate"
# leads marked inside the lists: 标注“（牵头）”的为牵头单位
MARKED_LEAD = "marked_lead"
# leads marked in the lists with a symbol the document names (带★的为牵头单位)
SYMBOL_LEAD = "symbol_lead"
# what a plan records as its lead convention (``Plan.lead_convention``); when a
# document states several, the first of the lexicon's order wins (an order or label
# convention before a mark, as the marks then only name the exceptions)
PLAN_CONVENTIONS = LEAD_CONVENTIONS + (MARKED_LEAD, SYMBOL_LEAD)


def stated_convention(view: str) -> tuple[str | None, list[tuple[int, int]]]:
    """The lead convention a document states, and the spans of the notes that state it
    (a bracketed note such as ``（黑体字为牵头单位，下同）`` is excluded from agency lists).

    The convention is one of :data:`PLAN_CONVENTIONS`: ``first_lead``, ``bold_lead``,
    ``responsible_is_lead``, ``marked_lead`` (标注“（牵头）”的为牵头单位) or
    ``symbol_lead`` (带★的为牵头单位). The notes include those of the single-unit rule
    (:func:`single_unit_leads`), which is no lead convention of its own.

    >>> stated_convention(normalised("责任单位中标注“（牵头）”的为牵头单位，其余为配合单位。"))[0]
    'marked_lead'
    >>> stated_convention(normalised("带★的为牵头单位。"))[0]
    'symbol_lead'
    """
    found: str | None = None
    notes: list[tuple[int, int]] = []
    for e in entries("conventions"):
        if e.notation not in PLAN_CONVENTIONS + (SINGLE_UNIT_LEADS,):
            continue
        for pat in e.patterns:
            for m in pat.finditer(view):
                if found is None and e.notation in PLAN_CONVENTIONS:
                    found = e.notation
                notes.append(_note_bounds(view, m.start(), m.end()))
    return found, sorted(set(notes))


def convention_scope(doc, notes: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
    """Where a stated convention applies: the tables its notes stand next to (a note on
    the line above a table, below it, or inside it: ``（责任单位栏中第一个单位为牵头单位）``
    over an annexed list), when every note does; otherwise (a note in the notice) the
    whole document, ``None``. ``doc`` is the document model."""
    if not notes:
        return None
    tables = doc.body_tables() or doc.tables
    content = [ln.index for ln in doc.lines if not ln.blank]
    scope: list[tuple[int, int]] = []
    for a, b in notes:
        near = [t for t in tables if _next_to(doc, content, t, a, b)]
        if not near:
            return None
        scope.extend((t.start, t.end) for t in near)
        if _likewise_below().search(doc.view, a, b):
            # （黑体字为牵头单位，下同）: the same holds for every list below the note
            scope.append((a, len(doc.view)))
    return sorted(set(scope))


@lru_cache(maxsize=1)
def _likewise_below() -> re.Pattern[str]:
    """下同, 以下同 … (the structure lexicon's convention-scopes)."""
    return re.compile(word_alternation(words_by_notation("convention-scopes")["below"]))


def _next_to(doc, content: list[int], table, a: int, b: int) -> bool:
    """Is the note ``view[a:b]`` inside ``table`` or on a line just above or below it
    (empty lines aside, at most one other line between: a table's title)? ``content``:
    the indices of the document's lines that are not blank, ascending."""
    if table.start <= a < table.end:
        return True
    first, last = doc.line_of(a) - 1, doc.line_of(max(a, b - 1)) - 1
    if last < table.first_line:
        lo, hi = last, table.first_line
    elif first > table.last_line:
        lo, hi = table.last_line, first
    else:
        return False
    between = bisect.bisect_left(content, hi) - bisect.bisect_right(content, lo)  # lines lo < k < hi
    return between <= 1


def lead_symbol(view: str) -> str | None:
    """The symbol the document marks its leads with (``带★的为牵头单位`` → ``★``), if any."""
    for e in entries("conventions"):
        if e.notation != SYMBOL_LEAD:
            continue
        for pat in e.patterns:
            m = pat.search(view)
            if m:
                return m.group("sym")
    return None


def unmarked_cooperate(view: str) -> bool:
    """Does the document state that the units its lists leave unmarked cooperate
    (``标注★的为牵头单位，未标注★的为配合单位``)?"""
    return any(
        pat.search(view) for e in entries("conventions") if e.notation == UNMARKED_COOPERATE for pat in e.patterns
    )


def single_unit_leads(view: str) -> bool:
    """Does the document state that a list of one unit makes that unit the lead
    (``只列一个责任单位的，由该单位牵头负责``)?"""
    return any(
        pat.search(view) for e in entries("conventions") if e.notation == SINGLE_UNIT_LEADS for pat in e.patterns
    )


def _note_bounds(view: str, start: int, end: int) -> tuple[int, int]:
    """The bracketed note (or the sentence) around a convention statement."""
    open_ = view.rfind("(", max(0, start - 40), start)
    close = view.find(")", end, end + 40)
    if open_ >= 0 and close >= 0 and "\n" not in view[open_:close]:
        return open_, close + 1
    s = max(view.rfind(c, 0, start) for c in "。\n") + 1
    e_candidates = [i for i in (view.find(c, end) for c in "。\n") if i >= 0]
    e = min(e_candidates) + 1 if e_candidates else len(view)
    return s, e


@lru_cache(maxsize=1)
def lead_mark_pattern() -> re.Pattern[str]:
    """A lead mark printed right after a unit in a list: ``（牵头）``, ``(牵头单位)``,
    ``（共同牵头）`` in brackets, or a bare ``牵头`` before the next unit
    (``区教育局牵头、区财政局``). Role words are lexicon data."""
    lead_words = [w for e in entries("roles") if e.notation == "lead" for w in e.words]
    bare = [w for w in lead_words if w.startswith("牵头") and "单位" not in w and "部门" not in w]
    return re.compile(
        rf"[ \t]*(?:\([ \t]*(?:共同)?(?:{word_alternation(lead_words)})[ \t]*\)"
        rf"|(?:共同)?(?:{word_alternation(bare)})(?=[ \t]*(?:[、,;]|$)))",
        re.MULTILINE,
    )


_NAME_OK = re.compile(r"[\u3400-\u9fff]")
# pieces of a list that name no unit: conjunctions and references (grammar), and the
# inline role words of the structure lexicon printed alone (牵头, 配合)
_NOT_NAME_GRAMMAR = frozenset({"等", "及", "和", "其他", "有关", "下同", "同上", "/", "无"})


@lru_cache(maxsize=1)
def _inline_role_words() -> frozenset[str]:
    return frozenset(w for e in entries("roles") if e.before for w in e.words)


def _names_no_unit(piece: str) -> bool:
    return piece in _NOT_NAME_GRAMMAR or piece in _inline_role_words()


@lru_cache(maxsize=1)
def _title_pattern() -> re.Pattern[str]:
    """An official's title, alone, after the body it serves in (区政府副区长) or before
    the official's name (副市长李某)."""
    titles = word_alternation(words_by_notation("people")["title"])
    return re.compile(rf"^[\u4e00-\u9fff]{{0,8}}?(?<![局委办司厅处所室队会])(?:{titles})[\u4e00-\u9fff]{{0,3}}$")


def _is_person(name: str, after_title: bool) -> bool:
    """Is a piece of a unit list a person (a title, or the name printed after one)?"""
    if _title_pattern().match(name) and not agencies.ends_like_name(name):
        return True
    return after_title and len(name) <= 4 and not agencies.ends_like_name(name)


def _cell_lines(view: str, a: int, b: int) -> list[tuple[int, int]]:
    """The lines of a cell, where one unit is printed per line; a line that leaves a
    name unfinished goes on with the next (an open bracket, 各镇（ / 街道）; or the next
    line opens with the mere end of a name, 市医疗保障 / 局、…)."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", view[a:b]):
        s, e = a + m.start(), a + m.end()
        line = m.group().strip()
        if not line:
            continue
        if out:
            prev = view[out[-1][0] : out[-1][1]]
            head = re.split(r"[、,，;；\s]", line, maxsplit=1)[0]
            if prev.count("(") + prev.count("（") > prev.count(")") + prev.count("）") or len(head) <= 1:
                out[-1] = (out[-1][0], e)
                continue
        out.append((s, e))
    return out


def names_in(text: str, view: str, f: Field, exclude: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """The agency names printed in one list, with their offsets."""
    out: list[tuple[int, int, str]] = []
    pieces = segments(view, f.start, f.end, exclude)
    if f.source == "cell":
        # a flattened table cell prints one unit per line, or wraps a list of units over
        # lines: a line that leaves a name unfinished (市医疗保障 / 局, 各镇（ / 街道）)
        # goes on with the next
        pieces = [line for a, b in pieces for line in _cell_lines(view, a, b)]
    after_title = False
    for a, b in pieces:
        for s, e, name in agencies.split_names(text[a:b], a):
            if _is_person(name, after_title):
                after_title = True  # 副区长 周佳: the name after a title is a person too
                continue
            after_title = False
            # trailing 等 (and the like) closes a list; it is not part of a name
            m = re.search(r"(等(单位|部门)?|共同)$", name)
            if m and m.start() > 0:
                e = s + m.start()
                name = text[s:e]
            if not _NAME_OK.search(name) or _names_no_unit(name) or len(name) > 60 or is_deadline(name):
                continue  # a deadline slid into a role cell is no unit
            if f.source in ("inline", "prose", "task") and not agencies.ends_like_name(normalised(name)):
                # unlabelled lists (bracketed role statements, prose) only count names
                # shaped like a body's or a unit's: （家长负责） is a role word, no body
                continue
            out.append((s, e, name))
    return out


def assign_roles(
    text: str,
    view: str,
    outline: Outline,
    jurisdiction: Place | None,
    convention: str | None,
    notes: list[tuple[int, int]],
    scope: list[tuple[int, int]] | None = None,
) -> dict[str, list[Responsibility]]:
    """Responsibilities per item key, roles decided by the printed labels, the roles
    printed inside the lists, and the convention (within ``scope``, the spans of the
    tables it is stated for, if given: see :func:`convention_scope`). A short name the
    document defines in a legend (教体—市教育体育局) is the body of its full name."""
    stated = convention
    short_names = agencies.legend(view)
    listed = {
        item.key: [
            (f, names_in(text, view, f, notes)) for f in with_printed_roles(view, outline.fields.get(item.key, []))
        ]
        for item in outline.items
    }
    symbol = lead_symbol(view)
    marks = {key: lead_marks(view, lists, symbol) for key, lists in listed.items()}
    # a document that marks the lead in its lists leaves one-unit lists unmarked
    # (unless it says that unmarked units cooperate)
    unmarked = unmarked_cooperate(view)
    single_leads = single_unit_leads(view) or (any(marks.values()) and not unmarked)
    out: dict[str, list[Responsibility]] = {}
    cache: dict[str, object] = {}
    for item in outline.items:
        lists = listed[item.key]
        if not lists:
            continue
        convention = stated if scope is None or any(
            a <= f.start < b for f, _ in lists for a, b in scope) else None
        marked = marks[item.key]
        has_lead = any(f.role == "lead" or f.co_lead for f, _ in lists) or bool(marked)
        responsible = {name for f, names in lists if f.role == "responsible" for _, _, name in names}
        alone = single_leads and not has_lead and len(responsible) == 1
        # 承办 beside 协办 (具体由X承办，Y协办; 责任单位 beside 配合单位): with no lead named and
        # no convention stated, the units responsible are the leads the others second
        seconded = (not has_lead and convention is None and bool(responsible)
                    and any(f.role == "cooperating" and names for f, names in lists))
        seen: set[tuple[str, str]] = set()
        resps: list[Responsibility] = []
        placed = 0  # names of the list so far (a continued field goes on the list before it)
        for f, names in lists:
            placed = placed if f.continued else 0
            for k, (s, e, name) in enumerate(names, placed):
                if (s, e) in marked or ((alone or seconded) and f.role == "responsible"):
                    role = "lead"
                elif unmarked and f.role == "responsible" and not f.co_lead:
                    role = "cooperating"  # 未标注★的为配合单位
                else:
                    role = _role(f, k, has_lead, convention)
                if name not in cache:
                    full = short_names.get(name)
                    cache[name] = agencies.resolve(full or name, jurisdiction)
                    if full:
                        cache[name].aliases.insert(0, name)  # type: ignore[attr-defined]
                agency = cache[name]
                key = (agency.full, role)  # type: ignore[attr-defined]
                if key in seen:
                    continue
                seen.add(key)
                resps.append(Responsibility(printed=name, agency=agency, role=role, span=Span.of(text, s, e)))  # type: ignore[arg-type]
            placed += len(names)
        # one role per agency on an item: lead beats cooperating beats responsible
        rank = {"lead": 0, "cooperating": 1, "responsible": 2}
        best: dict[str, str] = {}
        for r in resps:
            if r.agency.full not in best or rank[r.role] < rank[best[r.agency.full]]:
                best[r.agency.full] = r.role
        resps = [r for r in resps if best[r.agency.full] == r.role]
        if resps:
            out[item.key] = resps
    return out


def with_printed_roles(view: str, fields: list[Field]) -> list[Field]:
    """The fields of one item, each responsibility line or table cell that states its
    own roles (``市住建局牵头，市城管局配合``) replaced by one field per printed role."""
    out: list[Field] = []
    for f in fields:
        parts = role_statement(view, f.start, f.end, f.source) if f.source in ("line", "cell") else None
        if parts is None:
            out.append(f)
            continue
        # units a statement only names as responsible (X、Y按职责分工负责) keep the role
        # of their column or label: a printed lead column stays lead
        out.extend(
            replace(p, role=f.role if p.role == "responsible" else p.role, inherited_from=f.inherited_from, origin=f.origin)
            for p in parts
        )
    return out


def lead_marks(
    view: str, lists: list[tuple[Field, list[tuple[int, int, str]]]], symbol: str | None = None
) -> set[tuple[int, int]]:
    """Spans of the names marked as leads inside their list (``区教育体育局（牵头）``, and
    ``★区民政局`` / ``区民政局*`` where the document names the symbol)."""
    mark = lead_mark_pattern()
    out: set[tuple[int, int]] = set()
    for f, names in lists:
        # only a 责任单位 list marks its lead; in a list that a role word already made
        # lead (市教育局牵头，市财政局配合), the 牵头 after a name is that role word
        if f.role != "responsible":
            continue
        for i, (s, e, _) in enumerate(names):
            m = mark.match(view, e)
            if m or (symbol and (view[e : e + 1] == symbol or view[s - 1 : s] == symbol)):
                out.add((s, e))
            if m and "共同" in m.group():
                # 市医疗保障局、市卫生健康委（共同牵头）: the mark closes the names it joins
                j = i
                while j > 0 and view[names[j - 1][1] : names[j][0]] == "、":
                    j -= 1
                    out.add((names[j][0], names[j][1]))
    return out


def _role(f: Field, k: int, has_lead: bool, convention: str | None) -> str:
    if f.co_lead:
        return "lead"
    if f.role in ("lead", "cooperating"):
        return f.role
    # responsible units
    if has_lead:
        return "cooperating"
    if convention in ("bold_lead", "first_lead"):
        return "lead" if k == 0 else "cooperating"
    if convention == "responsible_is_lead":
        return "lead"
    return "responsible"
