"""Measures enumerated in running prose: ``今年将办好十件民生实事：一是…；二是…。``

News reports and government work reports of the genre list the 实事 of a year
inside a paragraph, or as paragraphs opening with ``第一，`` / ``其一，``, rather
than as numbered lines. A *series* is a run of markers of one style numbered
一, 二, 三 … in order, each at the start of a clause (line start or after
``：；。``). Each marker opens a *clause* running to the next marker; the last
clause ends with its sentence, together with the role sentences that follow it.

A series lists measures when the sentence leading into it counts what it
announces (十件民生实事, 10项为民办实事项目: the ``cue`` pattern) or when most of
its clauses print agency roles; otherwise it is rhetoric (一是…二是… inside a
paragraph) and stays part of the item it sits in. Where the outline may take the
clauses as items is decided by :mod:`mskg.ingest.structure`.

Marker and cue patterns are lexicon data (``lex:enumerations`` in
``lexicons/structure.ttl``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mskg.ingest.agency_lists import (
    Field,
    inline_fields,
    part_roles,
    role_label_for_pattern,
    role_statement,
    statement_parts,
)
from mskg.ingest.quantities import parse_number
from mskg.ingest.structure_lexicon import entries
from mskg.ingest.text import Line, clean_title, strip_noise_edges, top_level

# where a clause may open: line start (after indentation), a clause-ending mark or a
# comma (一是…，二是…: the series must still count 1, 2, 3 … in order)
_OPENERS = ":;。!?,"


@dataclass(frozen=True)
class Clause:
    """One enumerated clause: its printed number, title and extent (offsets into the text)."""

    number_start: int
    number_end: int
    value: int
    body_start: int  # after the marker (一是 / 第一，)
    title_start: int
    title_end: int
    start: int
    end: int


@dataclass(frozen=True)
class Series:
    """Clauses numbered 一, 二, 三 … in order, with the style of their marker."""

    style: str
    clauses: tuple[Clause, ...]
    lead_in: tuple[int, int]  # the sentence (or paragraph) that leads into the first marker
    paragraphs: bool  # every marker opens its own line

    @property
    def start(self) -> int:
        return self.clauses[0].start

    @property
    def end(self) -> int:
        return self.clauses[-1].end


@lru_cache(maxsize=1)
def _markers() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((e.iri, p) for e in entries("enumerations") if e.notation == "marker" for p in e.patterns)


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern[str], ...]:
    return tuple(p for e in entries("enumerations") if e.notation == "cue" for p in e.patterns)


def _opens_clause(view: str, pos: int, line_start: int) -> bool:
    j = pos - 1
    while j >= line_start and view[j] in " \t\u3000":
        j -= 1
    return j < line_start or view[j] in _OPENERS


def find_series(view: str, lines: list[Line], start: int, end: int, skip: set[int] = frozenset()) -> list[Series]:
    """Series of enumerated clauses in ``view[start:end]``; lines whose index is in
    ``skip`` (table rows, headings, metadata) hold no marker."""
    found: list[tuple[int, str, int, re.Match[str], Line]] = []
    for ln in lines:
        if ln.end <= start or ln.start >= end or ln.blank or ln.index in skip:
            continue
        for iri, pat in _markers():
            for m in pat.finditer(view, ln.cstart, ln.end):
                if _opens_clause(view, m.start(), ln.cstart):
                    try:
                        value = int(parse_number(m.group("v")))
                    except ValueError:
                        continue
                    found.append((m.start(), iri, value, m, ln))
    found.sort(key=lambda x: x[0])
    # runs of one style numbered 1, 2, 3 … in order
    runs: list[list[tuple[int, str, int, re.Match[str], Line]]] = []
    open_runs: dict[str, list] = {}
    for hit in found:
        _, iri, value, _, _ = hit
        run = open_runs.get(iri)
        if value == 1:
            run = [hit]
            runs.append(run)
            open_runs[iri] = run
        elif run is not None and run[-1][2] == value - 1:
            run.append(hit)
    out: list[Series] = []
    for run in runs:
        if len(run) < 2:
            continue
        paragraphs = all(_at_line_start(view, m.start(), ln) for _, _, _, m, ln in run)
        clauses: list[Clause] = []
        for k, (pos, _, value, m, ln) in enumerate(run):
            if k + 1 < len(run):
                nxt_pos, nxt_ln = run[k + 1][0], run[k + 1][4]
                stop = nxt_pos if nxt_ln.index == ln.index else _paragraph_stop(view, lines, ln, nxt_ln, skip)
            else:
                stop = _last_clause_end(view, lines, ln, m.end(), paragraphs, skip)
            clauses.append(_clause(view, m, value, min(stop, end)))
        out.append(Series(run[0][1], tuple(clauses), _lead_in(view, run[0][4], run[0][0], lines), paragraphs))
    return out


def _at_line_start(view: str, pos: int, ln: Line) -> bool:
    return not view[ln.cstart : pos].strip()


def _paragraph_stop(view: str, lines: list[Line], ln: Line, nxt: Line, skip: set[int]) -> int:
    """A clause whose next marker is on a later line: it runs over the lines between
    (a paragraph broken by the scrape), up to a blank line or a heading."""
    stop = ln.end
    for other in lines[ln.index + 1 : nxt.index]:
        if other.blank or other.index in skip:
            break
        stop = other.end
    return stop


def _last_clause_end(view: str, lines: list[Line], ln: Line, pos: int, paragraphs: bool, skip: set[int]) -> int:
    """The last clause: its paragraph when every marker opens a line; else its sentence,
    with the sentences after it that state roles (。由市民政局牵头。)."""
    if paragraphs:
        # a paragraph broken by the scrape goes on while its line ends inside a sentence
        end = ln.end
        for k in range(ln.index + 1, len(lines)):  # (a slice would copy the rest of the page)
            nxt = lines[k]
            if nxt.blank or nxt.index in skip or view[end - 1] in "。;!?:":
                break
            end = nxt.end
        return end
    stop = view.find("。", pos, ln.end)
    if stop < 0:
        return ln.end
    stop += 1
    while stop < ln.end:
        nxt = view.find("。", stop, ln.end)
        nxt = ln.end if nxt < 0 else nxt + 1
        if not _role_parts(view, stop, nxt):
            break
        stop = nxt
    return stop


def _clause(view: str, m: re.Match[str], value: int, stop: int) -> Clause:
    s = m.end()
    while s < stop and view[s] in " \t,:、":
        s += 1
    a, b = strip_noise_edges(view, m.start(), stop)
    while b > a and view[b - 1] in ";,、 ":
        b -= 1
    # the title is the clause's head: up to its first ，；。：, after a role statement
    # that opens the clause (一是由市教育局牵头，新建…)
    te = _head_end(view, s, b)
    if te < b and view[te + 1 : b].strip() and part_roles(view, s, te):
        s = te + 1
        te = _head_end(view, s, b)
    ts, te = strip_noise_edges(view, s, te)
    # a trailing bracketed role statement (…工程（市民政局牵头）) is no part of the title
    paren = re.search(r"\([^()]*\)\s*$", view[ts:te])
    if paren and (role_statement(view, ts + paren.start() + 1, ts + paren.end() - 1, "inline")
                  or role_label_for_pattern().search(paren.group())
                  or inline_fields(view, view, ts + paren.start(), ts + paren.end())):
        te = ts + paren.start()
    while te > ts and view[te - 1] in "。;,":
        te -= 1
    return Clause(m.start("n"), m.end("n"), value, m.end(), ts, te, a, max(b, te))


def _head_end(view: str, s: int, b: int) -> int:
    """Where the head of ``view[s:b]`` ends: its first ，；。： outside brackets."""
    return next((i for i, c in top_level(view, s, b) if c in ",;。:"), b)


def _lead_in(view: str, ln: Line, pos: int, lines: list[Line]) -> tuple[int, int]:
    """The sentence before the first marker; for a marker opening its line, the
    last sentence of the paragraph above."""
    if view[ln.cstart : pos].strip():
        a = max(view.rfind("。", ln.cstart, pos) + 1, ln.cstart)
        return a, pos
    for prev in reversed(lines[: ln.index]):
        if prev.blank:
            continue
        text_end = prev.end
        while text_end > prev.cstart and view[text_end - 1] in "。 ":
            text_end -= 1
        a = max(view.rfind("。", prev.cstart, text_end) + 1, prev.cstart)
        return a, prev.end
    return pos, pos


def lists_measures(view: str, series: Series) -> bool:
    """Whether a series is a list of measures: its lead-in counts 实事 / 项目 / 工程,
    or at least half of its clauses print agency roles."""
    a, b = series.lead_in
    return any(p.search(view, a, b) for p in _cues()) or print_roles(view, series)


def print_roles(view: str, series: Series) -> bool:
    """Whether at least half of the clauses of a series print agency roles."""
    with_roles = sum(1 for c in series.clauses if clause_fields(view, c) or inline_fields(view, view, c.start, c.end))
    return 2 * with_roles >= len(series.clauses)


def _role_parts(view: str, a: int, b: int) -> list[Field]:
    """Role statements among the parts of ``view[a:b]``."""
    return [f for s, e in statement_parts(view, a, b) for f in part_roles(view, s, e)]


def clause_fields(view: str, clause: Clause) -> list[Field]:
    """Agency lists a clause prints without brackets: ``由市教育局牵头，市住建局配合``,
    ``市民政局负责``, ``牵头单位为市卫健委，配合单位为市医保局``, ``责任单位：…``."""
    out: list[Field] = []
    for s, e in statement_parts(view, clause.body_start, clause.end):
        out.extend(part_roles(view, s, e))
    return out


def clause_number(text: str, clause: Clause) -> str:
    """The number as printed (一是 → 一, 第一， → 第一, （一）是 → （一）)."""
    return clean_title(text[clause.number_start : clause.number_end]).replace(" ", "")
