"""Agency lists as printed: responsibility lines, bracketed role statements, and
agencies tasked in prose.

A :class:`Field` is one printed list with the role its label, column or role word
gives it; :mod:`mskg.ingest.responsibilities` splits the names and decides the
final roles. Role words, subject shapes and predicates are lexicon data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from mskg.ingest import agencies
from mskg.ingest.headings import is_bullet_glyph, symbol_run_end
from mskg.ingest.structure_lexicon import entries, word_alternation, words_by_notation
from mskg.ingest.text import LABEL_ENDS, normalised, split_top_level, strip_noise_edges, top_level


@dataclass
class Field:
    """A printed agency list: its role word and where the list is printed.

    ``role`` is lead | cooperating | responsible; ``co_lead`` marks lists printed as
    共同牵头. ``inherited_from`` names the item whose table cell an empty cell repeats.
    """

    role: str
    start: int
    end: int
    source: str  # line | cell | inline | prose | task (a unit given a task in a decision)
    co_lead: bool = False
    inherited_from: str | None = None
    origin: object = field(default=None, repr=False, compare=False)  # the item an empty cell repeats
    # a further piece of the cell of the field before (a cell printed over lines beside
    # other cells): its names go on that list, whose first name is the cell's first
    continued: bool = False


@lru_cache(maxsize=1)
def _repeat_words() -> frozenset[str]:
    return frozenset(w for e in entries("conventions") if e.notation == "repeat_above" for w in e.words)


# what a deadline cell is made of (2024年12月底, 6月底前, 年内, 长期, 持续推进)
_TIME_WORDS = re.compile(
    r"\d+|[年月日号]|底|末|前|以前|之前|内|上旬|中旬|下旬|上半年|下半年|全年|年度|季度|每年|长期|持续|推进|完成|"
    r"[—\-~至到.、,/ ]"
)


def is_deadline(cell: str) -> bool:
    """Does a cell print a time (2024年12月底, 年底前, 长期) rather than a unit?

    >>> is_deadline("2024年12月底"), is_deadline("长期"), is_deadline("市民政局")
    (True, True, False)
    """
    rest = _TIME_WORDS.sub("", normalised(cell).strip())
    return bool(re.search(r"\d|[年月底]|长期|持续", normalised(cell))) and not rest


def takes_cell_above(cell: str) -> bool:
    """Is a role cell of a continuation row to be read as empty, so that the row takes
    the units of the row above? Yes for ``同上`` (and the like: lexicon data) and for a
    cell that prints a time instead of units: where a layout drops empty cells (runs of
    spaces), the deadline of a row without units slides into a role column.

    >>> takes_cell_above("同上"), takes_cell_above("（同上）"), takes_cell_above("2024年12月底")
    (True, True, True)
    >>> takes_cell_above("市民政局"), takes_cell_above("—")
    (False, False)
    """
    return normalised(cell).strip(" \t\n()。.、") in _repeat_words() or is_deadline(cell)


@lru_cache(maxsize=1)
def role_label_pattern() -> re.Pattern[str]:
    """A role label and its colon: 牵头单位： / 责任单位: / 牵头： / 配合：, or the label in
    square brackets: 【牵头单位】X【配合单位】Y."""
    words = words_by_notation("roles")
    alts = []
    for role, ws in words.items():
        alts.append(f"(?P<{role}>{word_alternation(ws)})")
    # a bare role word (牵头, 配合) is a label only with its colon or its brackets; callers
    # check that a label opens its statement (市民政局牵头：… is no label)
    return re.compile(r"(?:【\s*)?(?:" + "|".join(alts) + rf")(?:\s*】\s*:?|\s*[{LABEL_ENDS}])\s*")



def field_lines(text: str, view: str, start: int, end: int, clauses: bool = False) -> list[Field]:
    """Responsibility lines in ``view[start:end]``: ``牵头单位：…`` / ``配合单位：…``,
    at a line start or after a sentence end, several per line allowed; and role
    statements printed as sentences of their own (:func:`sentence_fields`; with
    ``clauses``, also as clauses of a sentence that states the task)."""
    pat = role_label_pattern()
    out: list[Field] = []
    for m in pat.finditer(view, start, end):
        s = m.start()
        # at the start of a line, after 。；; an opening bracket, a bullet (■ 责任单位：, 👉 主办：)
        # or a wide gap after the list before it (主办：区教育局  协办：区财政局)
        j = s - 1
        while j >= 0 and view[j] in " \t\u3000":
            j -= 1
        scope = _label_scope().search(view, max(0, j - 8), j + 1)  # 本篇主办：X
        if scope:
            j = scope.start() - 1
        if (j >= 0 and view[j] not in "\n。;(:]" and not is_bullet_glyph(view[j]) and s - j <= 2
                and view[s] != "【"):
            continue  # a bracketed label (…【配合单位】Y) opens its list wherever it stands
        role = m.lastgroup or "responsible"
        list_start = m.end()
        line_end = _list_line_end(view, list_start, end)
        nxt = pat.search(view, list_start, line_end)
        list_end = nxt.start() if nxt else line_end
        # a closing bracket with no opening one in the list closes the statement around it
        depth = 0
        for i in range(list_start, list_end):
            if view[i] == "(":
                depth += 1
            elif view[i] == ")":
                if depth == 0:
                    list_end = i
                    break
                depth -= 1
        # a list ends at the end of its sentence
        stop = re.search(r"[。]", view[list_start:list_end])
        if stop:
            list_end = list_start + stop.start()
        a, b = strip_noise_edges(view, list_start, list_end)
        while b > a and view[b - 1] in ";,。、 ":
            b -= 1
        if b > a:
            out.append(Field(role, a, b, "line"))
    # role statements printed as sentences of their own (……。由X牵头，Y配合。)
    out.extend(sentence_fields(view, start, end, clauses))
    return out


@lru_cache(maxsize=1)
def _label_scope() -> re.Pattern[str]:
    """A demonstrative before a role label, scoping it to the item (本篇主办：X, 本项目牵头单位：X):
    the subjects of role statements."""
    return re.compile(rf"(?:{word_alternation(words_by_notation('role-statements')['subject'])})$")


def _list_line_end(view: str, pos: int, end: int) -> int:
    """The end of the line a list starts on; a line that ends in a separator
    (``市财政局、`` broken before the next unit) continues on the next line, and so does
    one broken inside a name (a PDF's hard wrap: ``各乡镇人民政`` / ``府``, ``县`` /
    ``人民医院``): its last part does not end like a body's name, and with the first part
    of the next line it does."""
    while True:
        line_end = view.find("\n", pos)
        if line_end < 0 or line_end >= end:
            return end
        line = view[pos:line_end].rstrip(" \t")
        if not line.endswith(("、", ",")) and not _broken_inside_name(line, view, line_end + 1, end):
            return line_end
        pos = line_end + 1


# the first part of a line: up to a list's separator, a sentence's end or a label's colon
_FIRST_PART = re.compile(r"[ \t]*([^、,;。:\s()]{1,12})(?=[、,;。()]|[ \t]*(?:\n|$))")


def _broken_inside_name(line: str, view: str, nxt: int, end: int) -> bool:
    """Does ``line`` end inside a name that the next line (at ``nxt``) completes?"""
    tail = re.split(r"[、,;:()]", line)[-1].strip()
    m = _FIRST_PART.match(view, nxt, end)
    if not tail or m is None or agencies.ends_like_body(tail):
        return False
    return agencies.ends_like_body(tail + m.group(1))


@lru_cache(maxsize=1)
def inline_role_pattern() -> re.Pattern[str]:
    """Role words printed after a list: 市民政局牵头 / 市财政局配合 / X负责."""
    alts = [f"(?P<{e.notation}>{word_alternation(e.words)})" for e in entries("roles") if e.before]
    return re.compile(r"(?:" + "|".join(alts) + r")$")


@lru_cache(maxsize=1)
def statement_lead_in_pattern() -> re.Pattern[str]:
    """What may open a role statement before its names: 由 / 具体由 / 交由, after a
    demonstrative subject pointing back to the item (该项目由X牵头实施)."""
    w = words_by_notation("role-statements")
    return re.compile(
        rf"[ \t]*(?:(?:{word_alternation(w['subject'])})[ \t]*)?(?:{word_alternation(w['lead-in'])})[ \t]*"
    )


# a bracket holding a role statement; one level of brackets inside a name stays in it
# (市水利局牵头,各县(市、区)人民政府配合)
_PAREN = re.compile(r"\(((?:[^()\n]|\([^()\n]{1,12}\)){1,240}(?:\n(?:[^()\n]|\([^()\n]{1,12}\)){1,120})?)\)")


def inline_fields(text: str, view: str, start: int, end: int) -> list[Field]:
    """Bracketed role statements: （市民政局牵头，市财政局配合）, （X负责）, （牵头单位：…；责任单位：…）."""
    out: list[Field] = []
    label = role_label_pattern()
    for m in _PAREN.finditer(view, start, end):
        a, b = m.start(1), m.end(1)
        inner = view[a:b]
        if label.search(inner):
            found = field_lines(text, view, a, b)
            # field_lines wants a sentence start: accept the bracket itself as one
            if not found:
                found = _labelled(view, a, b)
            if found:
                out.extend(Field(f.role, f.start, f.end, "inline", f.co_lead) for f in found)
                continue
        stated = role_statement(view, a, b, "inline")
        if stated:
            out.extend(stated)
        elif _closes_statement(view, m.end(), end) and _lists_bodies(view, a, b) and not _in_labelled_list(view, m.start()):
            # （市卫生健康委、市发展改革委）；: the units of the statement it closes, their
            # roles as the document's convention says (排在第一位的为牵头单位 …)
            out.append(Field("responsible", a, b, "inline"))
    return out


def _closes_statement(view: str, pos: int, end: int) -> bool:
    """Does a sentence or clause end at ``pos`` (spaces aside)?"""
    while pos < end and view[pos] in " \t\u3000":
        pos += 1
    return pos >= end or view[pos] in ";。\n"


def _in_labelled_list(view: str, pos: int) -> bool:
    """Is ``pos`` inside a list a role label opens on its line (责任单位：各乡镇人民政府（街道办事处））?"""
    look = max(0, pos - 200)
    line_start = view.rfind("\n", look, pos) + 1 or look
    return role_label_pattern().search(view, line_start, pos) is not None


def _lists_bodies(view: str, a: int, b: int) -> bool:
    """Is ``view[a:b]`` nothing but names of bodies (市教育局、市财政局)? A label before
    them that names no role (图源：X, 来源：X: a photo's credit, a source) makes them none."""
    if ":" in view[a:b]:
        return False
    parts = [(s, e) for s, e in split_top_level(view, a, b, ",;、") if view[s:e].strip()]
    return bool(parts) and all(_names_bodies(view, Field("responsible", s, e, "inline"), strict=True) for s, e in parts)


def role_statement(view: str, a: int, b: int, source: str) -> list[Field] | None:
    """A list that prints each role after its names (市住建局牵头，市城管局、各县（市、区）政府配合;
    市民政局、市残联负责; 市体育局为牵头单位; 具体由市旅文局承办; X负总责，Y具体实施), as one
    field per role part; None unless every part of ``view[a:b]`` (split at ，； and line
    breaks outside brackets) ends in a role word. Role words are lexicon data (the
    ``roles`` scheme): 牵头 / 负责 / 共同负责 / 联合实施 / 组织实施 lead, 配合 / 协同 / 参与
    cooperate, 承办 / 具体实施 / 落实 / 按职责分工负责 name the responsible units.

    A table cell or a 责任单位 line may state its own roles this way; printed roles
    win over the convention the document states for its lists.
    """
    inline = inline_role_pattern()
    parts: list[tuple[int, int]] = []
    for ps, pe in split_top_level(view, a, b, ",;\n"):
        before = view[parts[-1][0] : parts[-1][1]].strip() if parts else ""
        if (parts and view[parts[-1][1] : ps] == "\n" and not inline.search(before)
                and not agencies.ends_like_name(before.rsplit("、", 1)[-1])):
            # a line broken inside a name (区绿 / 化市容局配合, a PDF's hard wrap): one part
            parts[-1] = (parts[-1][0], pe)
        else:
            parts.append((ps, pe))
    pending: list[tuple[int, int]] = []
    found: list[Field] = []
    for ps, pe in parts:
        seg = view[ps:pe].strip()
        if not seg:
            continue
        rm = inline.search(seg)
        if not rm:
            pending.append((ps, pe))
            continue
        role = rm.lastgroup or "lead"
        word = rm.group(0)
        seg_end = ps + view[ps:pe].rstrip().rfind(word)
        # 由X牵头 / 具体由X承办 / 该项目由X牵头实施 / X等部门负责
        seg_start = ps
        lead_in = statement_lead_in_pattern().match(view, ps, seg_end)
        if lead_in:
            seg_start = lead_in.end()
        partner_first = _partner_pattern().match(view, seg_start, seg_end)
        if partner_first:
            # 由X牵头，会同Y、Z抓好落实: a part opening with a partner word names the
            # partners of the lead named before it, who cooperate
            seg_start, role = partner_first.end(), "cooperating"
        names_end = seg_end
        tail = re.search(r"(等(单位|部门)?|共同|联合|分别|具体|主要)+$", view[seg_start:names_end])
        if tail:
            names_end = seg_start + tail.start()
        if names_end <= seg_start:
            continue
        co = role == "lead" and "共同" in view[seg_start:pe]
        for qs, qe in pending:
            qa, qb = strip_noise_edges(view, qs, qe)
            if qb > qa:
                found.append(Field(role, qa, qb, source, co))
        pending = []
        # 由X会同Y负责: X leads, its partners Y cooperate
        partner = _partner_cut(view, seg_start, names_end) if role == "lead" else None
        if partner is not None:
            fa, fb = strip_noise_edges(view, partner[1], names_end)
            if fb > fa:
                found.append(Field("cooperating", fa, fb, source))
            names_end = partner[0]
        fa, fb = strip_noise_edges(view, seg_start, names_end)
        if fb > fa:
            found.append(Field(role, fa, fb, source, co))
    if found and not pending:
        return found
    return None


@lru_cache(maxsize=1)
def _partner_pattern() -> re.Pattern[str]:
    """A partner word between two names (区卫健委会同区医保局): after a name's ending,
    before a level word or a collective (联合 inside 妇女联合会 is not one)."""
    partner = word_alternation(words_by_notation("prose")["partner"])
    return re.compile(rf"(?:{partner})(?=[省市县区州旗盟团各相有])")


def _partner_cut(view: str, a: int, b: int) -> tuple[int, int] | None:
    """Where a partner word cuts the names ``view[a:b]`` of a lead statement:
    (end of the leading names, start of the partners), or None."""
    for m in _partner_pattern().finditer(view, a, b):
        if m.start() - a >= 2 and agencies.ends_like_name(view[a:m.start()]):
            return m.start(), m.end()
    return None


def _labelled(view: str, a: int, b: int) -> list[Field]:
    pat = role_label_pattern()
    out: list[Field] = []
    # labels open the bracket or follow a separator: （牵头单位：X；责任单位：Y）
    ms = [m for m in pat.finditer(view, a, b) if m.start() == a or view[m.start() - 1] in ";,。 "]
    for k, m in enumerate(ms):
        end = ms[k + 1].start() if k + 1 < len(ms) else b
        s, e = strip_noise_edges(view, m.end(), end)
        while e > s and view[e - 1] in ";,。、 ":
            e -= 1
        if e > s:
            out.append(Field(m.lastgroup or "responsible", s, e, "inline"))
    return out


@lru_cache(maxsize=1)
def _prose_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Clause with an agency subject and a task predicate; 会同 partners; a list of names;
    one name; 鼓励-like lead-ins."""
    w = words_by_notation("prose")
    start = word_alternation(w["subject-start"])
    end = word_alternation(w["subject-end"])
    body = r"(?:[\u4e00-\u9fff]|\([\u4e00-\u9fff、]{1,8}\)){0,16}?"
    zone = rf"[\u4e00-\u9fff]{{2,12}}?(?:{word_alternation(w['zone-kind'])})(?:{word_alternation(w['zone-body'])})"
    name = rf"(?:(?=(?:{start})){body}(?:{end})|{zone})(?:\([\u4e00-\u9fff、]{{1,8}}\))?"
    names = rf"{name}(?:[、和及与]{name})*"
    # a subject opens its clause (after a lead-in such as 由 / 推动), or follows 由
    # anywhere (建立由市发展改革局牵头的协调机制; 本规划由X负责组织实施)
    clause = re.compile(
        rf"(?:(?:(?<=[。;:!?\n,、])|^)[ \t]*(?:(?:{word_alternation(w['lead-in'])})[ \t]*)?|(?<=由))"
        rf"(?P<names>{names})[ \t]*(?P<pred>{word_alternation(w['predicate'])})",
        re.MULTILINE,
    )
    # partners after the predicate (要会同Y), also after a comma (由X牵头，会同Y), and
    # units seconding the subject in the next clause (由X牵头，Y配合)
    partner = re.compile(
        rf"[ \t]*,?[ \t]*(?:(?:{word_alternation(w['partner'])})(?P<names>{names})"
        rf"|[,、][ \t]*(?P<second>{names})[ \t]*(?:{word_alternation(w['second'])}))"
    )
    listed = re.compile(rf"(?P<names>{names})")
    one = re.compile(name)
    not_tasked = re.compile(rf"(?:{word_alternation(w['not-tasked'])})\S{{0,2}}$")
    return clause, partner, listed, one, not_tasked


def prose_fields(view: str, start: int, end: int) -> list[Field]:
    """Agencies given a task in running text (县级政府应…, 由乡镇政府、街道办重点对…,
    X要会同Y…, 由X牵头，Y配合), for plans that print no responsibility lists: they
    cooperate on the item they sit in, whatever role word the sentence uses. Subjects
    after 鼓励 / 支持 / 引导 are encouraged, not tasked.

    >>> v = "由市民政局牵头,市卫生健康局配合,推进医养结合。市医保局会同市财政局开展评估。"
    >>> [v[f.start:f.end] for f in prose_fields(v, 0, len(v))]
    ['市民政局', '市卫生健康局', '市医保局', '市财政局']
    """
    clause, partner, listed, one, not_tasked = _prose_patterns()
    partner_words = set(words_by_notation("prose")["partner"])
    out: list[Field] = []
    for m in clause.finditer(view, start, end):
        if not_tasked.search(view[max(start, m.start() - 6) : m.start()]):
            continue
        groups = [(m.start("names"), m.end("names"))]
        # the predicate itself may be the partner word (X会同Y…, X联合Y…)
        pm = (listed if m.group("pred") in partner_words else partner).match(view, m.end(), end)
        if pm:
            g = "names" if pm.group("names") else "second"
            groups.append((pm.start(g), pm.end(g)))
        for a, b in groups:
            for pa, pb in _list_pieces(view, a, b, one):
                out.append(Field("cooperating", pa, pb, "prose"))
    return out


def _list_pieces(view: str, a: int, b: int, one: re.Pattern[str]) -> list[tuple[int, int]]:
    """Names of a list: split at 、 outside brackets, and at 和/及/与 where both sides are names."""
    cuts: list[int] = []
    for i, c in top_level(view, a, b):
        if c == "、":
            cuts.append(i)
        elif c in "和及与":
            left_start = cuts[-1] + 1 if cuts else a
            if one.fullmatch(view, left_start, i) and one.match(view, i + 1, b):
                cuts.append(i)
    out: list[tuple[int, int]] = []
    pos = a
    for c in cuts + [b]:
        if c > pos and one.fullmatch(view, pos, c):
            out.append((pos, c))
        pos = c + 1
    return out




# ------------------------------------------------------------------ role statements in sentences

# separators of a sentence's parts, outside brackets
_PART_SEPARATORS = ",;。"


@lru_cache(maxsize=1)
def role_label_for_pattern() -> re.Pattern[str]:
    """A role label followed by 为/是 or a colon, inside a sentence: ``牵头单位为市卫健委``,
    ``主要责任单位：市城管局``."""
    words = words_by_notation("roles")
    alts = [
        f"(?P<{role}>{word_alternation([w for w in ws if w.endswith(('单位', '部门', '主体'))])})"
        for role, ws in words.items()
        if any(w.endswith(("单位", "部门", "主体")) for w in ws)
    ]
    return re.compile(r"(?:" + "|".join(alts) + rf")\s*(?:为|是|[{LABEL_ENDS}])\s*")


def statement_parts(view: str, a: int, b: int) -> list[tuple[int, int]]:
    """The parts of ``view[a:b]`` split at ，；。 outside brackets (blank parts dropped), each
    without the bullet glyphs it opens with (👉区卫健局负责)."""
    out: list[tuple[int, int]] = []
    for s, e in split_top_level(view, a, b, _PART_SEPARATORS):
        if not view[s:e].strip():
            continue
        k = s + len(view[s:e]) - len(view[s:e].lstrip())
        glyphs = symbol_run_end(view, k, e)
        out.append((glyphs if glyphs > k else s, e))
    return out


def part_roles(view: str, s: int, e: int, strict: bool = False, tasks: bool = False) -> list[Field]:
    """The role statement one part of a sentence makes, if it is one: ``牵头单位为X`` /
    ``主要责任单位：X``, or names followed by a role word (``由X牵头``, ``X、Y配合``,
    ``X为牵头单位``, ``具体由X承办``) naming bodies of a known function, not the task
    itself (加强部门协同, 养老机构负责); ``strict``: every name must be such a body
    (a sentence standing alone, not a clause of an enumerated item); ``tasks``: a unit
    given a task (县残联负责…工作, 县财政局做好资金保障) states a role too, as decisions
    and lists print it. Bracketed statements are read by :func:`inline_fields`."""
    seg = view[s:e].strip()
    if seg.startswith("("):
        return []
    lm = role_label_for_pattern().match(view, s + len(view[s:e]) - len(view[s:e].lstrip()))
    if lm:
        a, b = strip_noise_edges(view, lm.end(), e)
        return [Field(lm.lastgroup or "responsible", a, b, "inline")] if b > a else []
    if len(seg) > 60:
        return []
    if not inline_role_pattern().search(seg):
        led = _led_with_task(view, s, e)
        if led:
            return led
        if not strict:
            return []
        return _partner_clause(view, s, e) or (_subject_with_task(view, s, e) if tasks else [])
    fields = role_statement(view, s, e, "inline") or []
    if strict:
        return fields if fields and all(_names_bodies(view, f, strict) for f in fields) else []
    return [f for f in fields if _names_bodies(view, f)]


@lru_cache(maxsize=1)
def _role_word_anywhere() -> re.Pattern[str]:
    """The role words of :func:`inline_role_pattern`, wherever they stand."""
    return re.compile(inline_role_pattern().pattern.removesuffix("$"))


def _led_with_task(view: str, s: int, e: int) -> list[Field]:
    """``由X负责组织征缴``: a part that opens with a lead-in (由) and goes on after its role
    word with the task; the statement up to the role word, when it names bodies of a
    known function."""
    k = s + len(view[s:e]) - len(view[s:e].lstrip())
    lead_in = statement_lead_in_pattern().match(view, k, e)
    if lead_in is None or "由" not in view[k : lead_in.end()]:
        return []
    m = _role_word_anywhere().search(view, lead_in.end(), e)
    if m is None or m.start() - lead_in.end() < 2:
        return []
    fields = role_statement(view, k, m.end(), "inline") or []
    return fields if fields and all(_names_bodies(view, f, strict=True) for f in fields) else []


def _partner_clause(view: str, s: int, e: int) -> list[Field]:
    """``X要会同Y`` as a clause of its own (县民政局要会同县财政局，年内新建…): X leads,
    Y cooperates, when both are bodies of a known function."""
    if _partner_pattern().search(view, s, e) is None:
        return []  # most parts: no partner word at all
    a, b = strip_noise_edges(view, s, e)
    m = _partner_pattern().search(view, a, b)
    if m is None:
        return []
    head_end = m.start()
    aux = re.search(r"(?:要|应|应当|将|须|负责)$", view[a:head_end])
    if aux and aux.start() > 0:
        head_end = a + aux.start()
    fields = [Field("lead", a, head_end, "inline"), Field("cooperating", m.end(), b, "inline")]
    return fields if all(_names_bodies(view, f, strict=True) for f in fields) else []


def _tasked_name(name: str) -> bool:
    """A name that may be given a task: a body of a known function, or a collective of
    them (各乡镇, 相关乡镇)."""
    return len(name) >= 3 and agencies.ends_like_name(name) and (
        agencies.is_known_body(name) or name.startswith(("各", "相关", "有关")))


def _names_ends(view: str, a: int, b: int) -> list[int]:
    """Where a list of names opening ``view[a:b]`` may end, shortest first: after a prefix
    made only of names of bodies that no further character or separated name continues
    (县财政局 of 县财政局做好…, not 县财政; 县民政局、县残联 of 县民政局、县残联负责…)."""
    valid: list[int] = []
    for p in range(a + 2, min(b, a + 48) + 1):
        if not ("\u4e00" <= view[p - 1] <= "\u9fff" or view[p - 1] == ")"):
            continue
        prefix = view[a:p]
        if re.search(r"\d", prefix) or prefix.count("(") != prefix.count(")"):
            break  # 新增学位5400个（市教育局…: a task's figures, no list of names
        names = [n for _, _, n in agencies.split_names(prefix)]
        if names and all(_tasked_name(n) for n in names):
            valid.append(p)
    taken = set(valid)
    return [p for p in valid if p + 1 not in taken and (p >= b or view[p] not in "、,和与及")]


@lru_cache(maxsize=1)
def _task_verbs() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Words between a subject and its task (要, 按要求) and the verbs of a task that
    seconds another unit's (做好资金保障, 加强质量安全监管): the structure lexicon's prose scheme."""
    words = words_by_notation("prose")
    return (re.compile(rf"(?:{word_alternation(words['auxiliary'])})*"),
            re.compile(rf"(?:{word_alternation(words['subordinate'])})"))


@lru_cache(maxsize=1)
def _not_tasked() -> re.Pattern[str]:
    """Words opening a clause whose units are asked or encouraged, not tasked (请, 鼓励 …):
    the prose scheme's lead-in and not-tasked words, but 由 (由X负责 tasks X)."""
    words = words_by_notation("prose")
    return re.compile(rf"(?:{word_alternation([w for w in words['lead-in'] + words['not-tasked'] if w != '由'])})")


def _subject_with_task(view: str, s: int, e: int) -> list[Field]:
    """A part whose subject is a list of bodies and whose predicate is a role word or a
    seconding task, with the task after it: ``县残联负责残疾儿童康复工作`` (lead),
    ``相关乡镇配合做好征地拆迁工作``, ``县财政局做好资金保障``, ``县住建局加强质量安全监管``
    (cooperating). Its fields have the source ``task``: :func:`sentence_fields` makes a
    lead by task a cooperating unit where the sentence names a lead by a role word, and
    the outline gives them only to an item that holds no items (a closing exhortation
    after a part's last item tasks no part)."""
    a, b = strip_noise_edges(view, s, e)
    if b - a > 60 or _not_tasked().match(view, a, b):
        return []  # 请县人民医院…做好: a request to a provider, 鼓励企业…: no task given
    aux, subordinate = _task_verbs()
    if not (_role_word_anywhere().search(view, a, b) or subordinate.search(view, a, b)):
        return []  # no role word or seconding verb anywhere: no list of names to look for
    for p in _names_ends(view, a, b):
        q = aux.match(view, p, b).end()
        m = _role_word_anywhere().match(view, q, b)
        if m is not None and m.end() < b:
            return [Field(m.lastgroup or "lead", a, p, "task")]
        m = subordinate.match(view, q, b)
        if m is not None and m.end() < b:
            return [Field("cooperating", a, p, "task")]
    return []


def _names_bodies(view: str, f: Field, strict: bool = False) -> bool:
    names = [n for _, _, n in agencies.split_names(view[f.start : f.end])]
    if strict:
        return bool(names) and all(agencies.ends_like_name(n) and agencies.is_known_body(n) for n in names)
    return any(agencies.is_known_body(n) for n in names)


# what flattened table rows print between cells: tabs, pipes, runs of spaces
_TABLE_ROW = re.compile(r"[\t|]|\S(?: {2,}|\u3000{2,})\S")


def sentence_fields(view: str, start: int, end: int, clauses: bool = False) -> list[Field]:
    """Role statements printed as sentences of their own in running text, after the
    description of an item (``……。由市卫健委牵头，市妇联配合。``, ``……。市住建局为牵头单位，
    市资规局为配合单位。``, ``……。该项目由X牵头实施。``): every part of the sentence is a
    role statement, so a sentence that also states a task (由X牵头，建立…机制) is none.

    >>> v = "新增托位2000个。由市卫生健康委牵头,市妇联配合。由市发展改革局牵头,建立协调机制。"
    >>> [(f.role, v[f.start:f.end]) for f in sentence_fields(v, 0, len(v))]
    [('lead', '市卫生健康委'), ('cooperating', '市妇联')]
    """
    out: list[Field] = []
    pos = start
    for m in re.finditer(r"[。!?\n]|$", view[start:end]):
        a, b = pos, start + m.start()
        pos = start + m.end()
        if not view[a:b].strip() or role_label_pattern().search(view, a, b):
            continue  # labelled lines (牵头单位：…) are read by field_lines
        if _TABLE_ROW.search(view, a, b):
            continue  # a cell of a table row flattened to one line is read with its column
        parts = statement_parts(view, a, b)
        found = [part_roles(view, s, e, strict=True, tasks=clauses) for s, e in parts]
        # a unit given a task beside a unit a role word makes the lead (由X牵头，Y配合，Z负责
        # 具体运营) seconds it; alone (X负责A工作，Y负责B工作) it leads its part
        # a seconding task (Y做好资金保障) only beside a unit that leads: alone it is an
        # exhortation (县政府办公室要加强跟踪督办), no role
        led = any(f.role == "lead" and f.source != "task" for fs in found for f in fs)
        found = [[replace(f, role="cooperating" if led and f.role == "lead" else f.role)
                  if f.source == "task" else f for f in fs if f.source != "task" or led or f.role == "lead"]
                 for fs in found]
        if parts and all(found):
            out.extend(f for fs in found for f in fs)
        elif clauses:
            # 县卫健委牵头，县医保局、各乡镇配合，完成…: the clauses that state roles, in a
            # sentence that also states the task (decisions, lists; not a plan's prose)
            out.extend(f for fs in found for f in fs)
        if m.start() == m.end():
            break
    return out
