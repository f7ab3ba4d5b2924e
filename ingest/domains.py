"""Domains of sections and measures, from the keywords of the SKOS domain scheme.

The keywords are data, in ``lexicons/domain-keywords.ttl`` (and the labels of
``ontology/domains.ttl``), on the concepts ``<https://w3id.org/mskg/scheme/domain/CODE>``:

- ``skos:altLabel`` @zh: a keyword that names the domain on its own (托位, 低保, 两癌);
- ``dkw:supportingKeyword`` @zh: a generic word that counts towards the domain when the
  text is about it but never names it on its own (学生, 岗位, 文化, 小区, 门诊);
- ``dkw:populationKeyword`` @zh: a word naming the people a domain serves (老年人,
  残疾人): it names the domain as an altLabel does, except as the mere recipient of
  another field's work (see the quantified clauses below).

Matching is leftmost-longest with an Aho-Corasick automaton on the normalised text, so
养老保险 counts for pensions and not also for elder care; a match that runs across a
word boundary found by the shared jieba tokenizer (:mod:`mskg.ingest.tokenizer`) is
dropped, so 高中 is not read in 提高中职. Printed agency names are blanked before
matching (县住房和城乡建设局 is who acts, not housing), and in an item's text, keywords
inside the title of a cited document (《…》) do not count.

The rule, for every item:

- the title: its keywords assign their domains; a supporting keyword only when the
  title names no domain with a full keyword;
- the item's own text (its span without its children's) assigns the domains that
  dominate it: with a domain in the title, at least ``BODY_MIN_HITS`` hits and a share
  of at least ``TITLE_BODY_SHARE`` of all hits; without one, the most frequent domains
  (at least ``BODY_NEAR_TOP`` of the top count and ``BODY_SHARE`` of all hits);
- what the text adds leaves out the domains the title's domains absorb (``dkw:absorbs``):
  in 农村人居环境整治, 污水处理 and 生活垃圾 are the village's sanitation, not urban
  utilities; in 发展现代职业教育, 毕业生就业率 measures the schools, it is no employment
  measure;
- a measure without sub-items also takes every domain a quantified clause names with
  a full keyword (为2000名困难残疾人发放康复补贴 → disability): in the genre a number
  is a commitment. A clause naming ``INVENTORY_DOMAINS`` or more domains lists the
  parts of something (供水、供电、燃气、消防…等15项) and is skipped. A population
  keyword that is the clause's only keyword, in a measure whose title names another
  field, counts only when the clause counts people: 为独居老人家庭安装烟感报警器500个
  in 消防安全进万家 counts alarms fitted for the old (fire safety), 60周岁以上老年人免费
  乘车 in a bus measure sets an age; 为4300名困难重度残疾人发放护理补贴 counts the
  disabled it serves;
- a section (group) whose title names a domain takes the first (main) domain of each
  child and the domains shared by at least ``CHILD_SHARE`` of its children; one whose
  title names none (健康惠民, 织密社会保障网) takes every domain of its children; a
  measure with sub-items takes its children's main domains only when its own title
  names no domain (a titled measure is about what it names; its sub-items say how);
- a 专栏 (box of key projects) is about all its projects: it takes the union of their
  domains; and it does not speak for the chapter it sits in, which takes nothing from it;
- a measure or project that names no domain takes what its section's title names,
  or when that names nothing, all its section's domains;
- scaffolding (``skip``: background, principles, safeguards, containers) gets none.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

from mskg.ingest.model import Item, ItemKind
from mskg.ingest.quantities import UnitKind, find_quantities
from mskg.ingest.text import normalised
from mskg.ingest.tokenizer import boundaries, is_word
from mskg.lexicons import load

DOMAIN_SCHEME = "https://w3id.org/mskg/scheme/domain/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SUPPORTING_KEYWORD = "https://w3id.org/mskg/lexicon/domains#supportingKeyword"
POPULATION_KEYWORD = "https://w3id.org/mskg/lexicon/domains#populationKeyword"
ABSORBS = "https://w3id.org/mskg/lexicon/domains#absorbs"

BODY_MIN_HITS = 2
BODY_SHARE = 0.2
BODY_NEAR_TOP = 0.5
TITLE_BODY_SHARE = 0.34
CHILD_SHARE = 0.34
INVENTORY_DOMAINS = 3


class _Lexicon(NamedTuple):
    keywords: dict[str, tuple[str, ...]]  # domain code → keywords, every kind
    supporting: frozenset[tuple[str, str]]  # (keyword, code): only supporting
    population: frozenset[tuple[str, str]]  # (keyword, code): names people the domain serves
    absorbs: dict[str, frozenset[str]]  # code → codes whose words its measures speak as their own


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    import rdflib

    graph = load("domain-keywords.ttl", "mskg.ontology:domains.ttl").graph
    skos = rdflib.Namespace(SKOS)
    supporting = rdflib.URIRef(SUPPORTING_KEYWORD)
    population = rdflib.URIRef(POPULATION_KEYWORD)
    out: dict[str, set[str]] = {}
    kinds: dict[rdflib.URIRef, set[tuple[str, str]]] = {supporting: set(), population: set()}
    for prop in (skos.altLabel, skos.prefLabel, skos.hiddenLabel, supporting, population):
        for s, o in graph.subject_objects(prop):
            iri = str(s)
            if not iri.startswith(DOMAIN_SCHEME):
                continue
            if getattr(o, "language", None) not in ("zh", None) or not str(o).strip():
                continue
            word = normalised(str(o).strip())
            if len(word) < 2 and not word.isascii():
                continue
            code = iri.removeprefix(DOMAIN_SCHEME)
            out.setdefault(code, set()).add(word)
            if prop in kinds:
                kinds[prop].add((word, code))
    absorbs: dict[str, set[str]] = {}
    for s, o in graph.subject_objects(rdflib.URIRef(ABSORBS)):
        if str(s).startswith(DOMAIN_SCHEME) and str(o).startswith(DOMAIN_SCHEME):
            absorbs.setdefault(str(s).removeprefix(DOMAIN_SCHEME), set()).add(str(o).removeprefix(DOMAIN_SCHEME))
    return _Lexicon({k: tuple(sorted(v)) for k, v in sorted(out.items())},
                    frozenset(kinds[supporting]), frozenset(kinds[population]),
                    {k: frozenset(v) for k, v in absorbs.items()})


def keywords() -> dict[str, tuple[str, ...]]:
    """Domain code → keywords (simplified), from the lexicon and the scheme's labels,
    supporting and population keywords included."""
    return _lexicon().keywords


def supporting(word: str, code: str) -> bool:
    """Is ``word`` only a supporting keyword of ``code`` (it counts towards the domain
    but never names it on its own)?"""
    return (word, code) in _lexicon().supporting


def population(word: str, code: str) -> bool:
    """Does ``word`` name the people ``code`` serves (老年人 for elder care)?"""
    return (word, code) in _lexicon().population


@lru_cache(maxsize=1)
def _automaton():
    import ahocorasick

    auto = ahocorasick.Automaton()
    by_word: dict[str, set[str]] = {}
    for code, words in keywords().items():
        for w in words:
            by_word.setdefault(w, set()).add(code)
    for w, codes in by_word.items():
        auto.add_word(w, (w, tuple(sorted(codes))))
    if by_word:
        auto.make_automaton()
    return auto, bool(by_word)


def _crosses_word(view: str, s: int, e: int) -> bool:
    """A match that starts or ends inside a word and runs into the next one
    (高中 in 提高中职, 学前 in 入学前) is not the keyword.

    Only a match whose edge could be inside a word (the character before it and its
    first character, or its last character and the one after, form a dictionary
    word) is checked, by tokenizing the clause around it.
    """
    suspect = (s > 0 and is_word(view[s - 1 : s + 1])) or (e < len(view) and is_word(view[e - 1 : e + 1]))
    if not suspect:
        return False
    a = max(0, s - 12)
    b = min(len(view), e + 12)
    for stop in "\n。;,:":
        k = view.rfind(stop, a, s)
        if k >= 0:
            a = max(a, k + 1)
        k = view.find(stop, e, b)
        if k >= 0:
            b = min(b, k)
    bounds = {a, b}
    for x, y, _ in boundaries(view[a:b]):
        bounds.add(a + x)
        bounds.add(a + y)
    inner = any(i in bounds for i in range(s + 1, e))
    return inner and (s not in bounds or e not in bounds)


def hits(view: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, tuple[str, ...]]]:
    """Leftmost-longest keyword matches in ``view[start:end]``: (start, end, domain codes)."""
    auto, ready = _automaton()
    if not ready:
        return []
    end = len(view) if end is None else end
    found = []
    # the automaton is handed the slice: given bounds, it converts the whole string first,
    # which made every lookup cost the length of the page (quadratic on a long list)
    piece = view if start == 0 and end == len(view) else view[start:end]
    for last, (word, codes) in auto.iter(piece):
        last += start
        s = last - len(word) + 1
        if word.isascii() or not _crosses_word(view, s, last + 1):
            found.append((s, last + 1, codes))
    found.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, int, tuple[str, ...]]] = []
    pos = -1
    for s, e, codes in found:
        if s >= pos:
            out.append((s, e, codes))
            pos = e
        elif out and s == out[-1][0] and e > out[-1][1]:
            out[-1] = (s, e, codes)
            pos = e
    return out


class Mention(NamedTuple):
    """One keyword found in the text: where, for which domain, whether the word is only
    a supporting keyword of that domain, and whether it names the people it serves."""

    start: int
    end: int
    code: str
    supporting: bool
    population: bool = False


_CITED = re.compile(r"《[^《》\n]{1,80}》")
_CLAUSE_END = re.compile(r"[。;,:!?\n\t]")


def mentions(view: str, spans: list[tuple[int, int]], *, cited: bool = True) -> list[Mention]:
    """Keyword mentions in the spans of ``view``. With ``cited=False``, mentions inside
    the title of a cited document (《…》: a law, a standard, another plan) are left
    out: a citation names a source, not what the text is about."""
    out: list[Mention] = []
    for a, b in spans:
        found = hits(view, a, b)
        if not found:
            continue
        quoted = [] if cited else [(m.start(), m.end()) for m in _CITED.finditer(view, a, b)]
        starts = [x for x, _ in quoted]  # ascending, the citations do not overlap
        for s, e, codes in found:
            k = bisect.bisect_right(starts, s)
            if k and e <= quoted[k - 1][1]:
                continue
            word = view[s:e]
            out.extend(Mention(s, e, code, supporting(word, code), population(word, code)) for code in codes)
    return out


def _clause(view: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``view[start:end]``: up to the nearest 。;,:!?, line break or
    table-cell gap (a tab or two spaces, as flattened tables print cells)."""
    a = start
    while a > 0 and not _CLAUSE_END.match(view[a - 1]) and view[a - 2 : a] != "  ":
        a -= 1
    b = end
    while b < len(view) and not _CLAUSE_END.match(view[b]) and view[b : b + 2] != "  ":
        b += 1
    return a, b


def states_quantity(view: str, start: int, end: int) -> bool:
    """Does ``view[start:end]`` state a quantity (:func:`mskg.ingest.quantities.find_quantities`:
    a number with a unit, Chinese numerals included)? Dates have no unit and do not
    count.

    >>> states_quantity("新建托育机构两所", 0, 8), states_quantity("改造2000年以前建成的小区", 0, 14)
    (True, False)
    """
    return bool(find_quantities(view, start, end))


def quantified(view: str, found: list[Mention], title: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """Domains that a clause stating a quantity names with a full keyword.

    In the genre a clause with a number is a commitment (新增普惠性托位150个, 为2000名困难
    残疾人发放康复补贴): whatever field it names is part of the measure, however short
    the mention. A clause naming ``INVENTORY_DOMAINS`` or more domains is an inventory
    (供水、供电、燃气、消防…等15项), not a commitment to each of them.

    ``title`` holds the domains the measure's title names. A population keyword that is
    the only keyword of its clause names its domain there only when the clause counts
    people (:func:`recipients`).
    """
    clauses: dict[tuple[int, int], list[Mention]] = {}
    for m in found:
        clauses.setdefault(_clause(view, m.start, m.end), []).append(m)
    out: set[str] = set()
    for (a, b), named in clauses.items():
        if not states_quantity(view, a, b):
            continue
        if len({m.code for m in named}) >= INVENTORY_DOMAINS:
            continue
        out |= {m.code for m in named if not m.supporting and not recipients(view, m, named, title, (a, b))}
    return out


def recipients(view: str, m: Mention, named: list[Mention], title: set[str] | frozenset[str],
               clause: tuple[int, int]) -> bool:
    """Is the population keyword ``m`` only who receives another field's work in its
    quantified clause? So when the measure's title names another field, nothing else in
    the clause names one, and the clause counts no people: 为独居老人家庭免费安装报警器
    500个 in a fire-safety measure counts alarms; 60周岁以上老年人免费乘车 in a bus
    measure sets an age. 为4300名困难重度残疾人发放护理补贴 counts the people served.
    """
    if not m.population or not title or m.code in title:
        return False
    if any(not x.supporting and (x.start, x.end) != (m.start, m.end) for x in named):
        return False
    return not any(q.unit_kind == UnitKind.PEOPLE for q in find_quantities(view, *clause))


def is_box(item: Item) -> bool:
    """Is the item a 专栏 (a box of key projects; the last part of its key is ``boxN``)?"""
    return item.key.rsplit(".", 1)[-1].startswith("box")


def _own_spans(item: Item, children: list[Item]) -> list[tuple[int, int]]:
    """The item's text after its title, without its children's spans."""
    spans: list[tuple[int, int]] = []
    pos = item.title_span.end
    for ch in sorted(children, key=lambda c: c.span.start):
        if ch.span.start > pos:
            spans.append((pos, ch.span.start))
        pos = max(pos, ch.span.end)
    if item.span.end > pos:
        spans.append((pos, item.span.end))
    return spans


def _without_agencies(view: str, items: list[Item]) -> str:
    """The view with the printed names of responsible agencies blanked out.

    An agency's name says who acts, not what the measure is about: 县住房和城乡建设局
    in a responsibility line is no housing keyword, 县妇联 no women-and-children one.
    Blanking keeps every offset in place.
    """
    spans = sorted({(r.span.start, r.span.end) for it in items for r in it.responsibilities})
    if not spans:
        return view
    parts: list[str] = []
    pos = 0
    for a, b in spans:
        a = max(a, pos)
        if b <= a:
            continue
        parts.append(view[pos:a])
        parts.append("\n" * (b - a))
        pos = b
    parts.append(view[pos:])
    return "".join(parts)


def _from_text(title: set[str], body: Counter[str]) -> set[str]:
    """The domains that dominate an item's own text (see the module docstring)."""
    total = sum(body.values())
    if not total:
        return set()
    if title:
        return {d for d, n in body.items() if n >= BODY_MIN_HITS and n / total >= TITLE_BODY_SHARE}
    top = max(body.values())
    return {
        d
        for d, n in body.items()
        if n >= min(BODY_MIN_HITS, top) and n >= BODY_NEAR_TOP * top and n / total >= BODY_SHARE
    }


def absorbed(title: set[str]) -> set[str]:
    """The domains whose words the text of a measure titled with ``title`` speaks as
    its own (``dkw:absorbs``), less those the title names itself."""
    absorbs = _lexicon().absorbs
    return {y for x in title for y in absorbs.get(x, ())} - title


def assign_domains(view: str, items: list[Item], *, skip: set[str] | frozenset[str] = frozenset()) -> None:
    """Set ``Item.domains`` on every item (children first, then their sections); the
    domains named in the title come first, then the others by frequency in the text.

    Items in ``skip`` (scaffolding parts: background, principles, safeguards) get none.
    """
    view = _without_agencies(view, items)
    children: dict[str | None, list[Item]] = {}
    for it in items:
        children.setdefault(it.parent, []).append(it)
    done: dict[str, list[str]] = {}
    titled: dict[str, list[str]] = {}

    def visit(item: Item) -> list[str]:
        kids = children.get(item.key, [])
        kid_domains = [visit(k) for k in kids]
        if item.key in skip:
            item.domains = []
            done[item.key] = titled[item.key] = []
            return []
        in_title = mentions(view, [(item.title_span.start, item.title_span.end)])
        title = {m.code for m in in_title if not m.supporting} or {m.code for m in in_title}
        own = mentions(view, _own_spans(item, kids), cited=False)
        body = Counter(m.code for m in own)
        from_text = _from_text(title, body)
        if not kids and item.kind != ItemKind.GROUP:
            from_text |= quantified(view, own, title)
        chosen = title | (from_text - absorbed(title))
        if is_box(item):
            chosen |= {d for ds in kid_domains for d in ds}
        else:
            ranked = [ds for k, ds in zip(kids, kid_domains) if not is_box(k)]
            if item.kind == ItemKind.GROUP and not title:
                # a heading that names no field (健康惠民, 织密社会保障网) is what its
                # parts are about, all of it
                chosen |= {d for ds in ranked for d in ds}
            elif item.kind == ItemKind.GROUP:
                counted = Counter(d for ds in ranked for d in set(ds))
                chosen |= {d for d, n in counted.items() if n / len(ranked) >= CHILD_SHARE}
                chosen |= {ds[0] for ds in ranked if ds}
            elif not any(not m.supporting for m in in_title):
                chosen |= {ds[0] for ds in ranked if ds}
        ordered = sorted(chosen, key=lambda d: (d not in title, -body.get(d, 0), d))
        item.domains = ordered
        done[item.key] = ordered
        titled[item.key] = [d for d in ordered if d in title]
        return ordered

    for root in children.get(None, []):
        visit(root)
    # a measure or project naming no domain of its own belongs to its section's: to what
    # the section's title names if it names anything, else to all the section's domains
    by_key = {it.key: it for it in items}
    for it in items:  # parents come first
        parent = by_key.get(it.parent) if it.parent else None
        if not it.domains and it.kind != ItemKind.GROUP and parent is not None and it.key not in skip:
            it.domains = list(titled.get(parent.key) or parent.domains)
    # items whose parent was not extracted (should not happen) still get domains
    for it in items:
        if it.key not in done:
            visit(it)
