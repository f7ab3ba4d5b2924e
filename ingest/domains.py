"""Domains of sections and measures, from the keywords of the SKOS domain scheme.

The keywords are data: ``skos:altLabel`` @zh literals on the concepts
``<https://w3id.org/mskg/scheme/domain/CODE>`` in ``lexicons/domain-keywords.ttl``
(and any labels in ``ontology/domains.ttl``). Matching is leftmost-longest with
an Aho-Corasick automaton on the normalised text, so 养老保险 counts for pensions
and not also for elder care; a match that runs across a word boundary found by
the shared jieba tokenizer (:mod:`mskg.ingest.tokenizer`) is dropped, so 高中 is
not read in 提高中职.

The rule, for every item:

- a keyword in the title assigns its domain;
- the item's own text (its span without its children's) assigns the domains
  that dominate it: at least ``BODY_MIN_HITS`` hits and a share of at least
  ``BODY_SHARE`` of all hits, or — when the title names no domain — the most
  frequent domains within ``BODY_NEAR_TOP`` of the top;
- a section also takes the domains shared by at least ``CHILD_SHARE`` of its
  children and the first (main) domain of each child, so a chapter on education
  carries what its sections are mainly about;
- a measure or project that names no domain takes its section's;
- a section whose own text is spread thin over many domains (a background or
  safeguards chapter: no domain reaches ``BODY_SHARE``) gets none from its text.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from importlib.resources import files

from mskg.errors import InputError
from mskg.ingest.model import Item
from mskg.ingest.text import normalised
from mskg.ingest.tokenizer import boundaries, is_word

DOMAIN_SCHEME = "https://w3id.org/mskg/scheme/domain/"
SKOS = "http://www.w3.org/2004/02/skos/core#"

BODY_MIN_HITS = 2
BODY_SHARE = 0.2
BODY_NEAR_TOP = 0.5
CHILD_SHARE = 0.34
TITLE_BODY_SHARE = 0.34
CHILD_PRIMARY = True


@lru_cache(maxsize=1)
def keywords() -> dict[str, tuple[str, ...]]:
    """Domain code → keywords (simplified), from the lexicon and the scheme's labels."""
    import rdflib

    graph = rdflib.Graph()
    sources = [("mskg.lexicons", "domain-keywords.ttl"), ("mskg.ontology", "domains.ttl")]
    for package, name in sources:
        resource = files(package) / name
        if not resource.is_file():
            continue
        try:
            graph.parse(data=resource.read_text(encoding="utf-8"), format="turtle")
        except Exception as e:
            raise InputError(f"{name}: cannot parse the domain keywords ({e})") from None
    skos = rdflib.Namespace(SKOS)
    out: dict[str, set[str]] = {}
    for prop in (skos.altLabel, skos.prefLabel, skos.hiddenLabel):
        for s, o in graph.subject_objects(prop):
            iri = str(s)
            if not iri.startswith(DOMAIN_SCHEME):
                continue
            if getattr(o, "language", None) not in ("zh", None) or not str(o).strip():
                continue
            word = normalised(str(o).strip())
            if len(word) < 2 and not word.isascii():
                continue
            out.setdefault(iri.removeprefix(DOMAIN_SCHEME), set()).add(word)
    return {k: tuple(sorted(v)) for k, v in sorted(out.items())}


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
    for last, (word, codes) in auto.iter(view, start, end):
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


def _count(view: str, spans: list[tuple[int, int]]) -> Counter[str]:
    c: Counter[str] = Counter()
    for a, b in spans:
        for _, _, codes in hits(view, a, b):
            for code in codes:
                c[code] += 1
    return c


def _own_spans(item: Item, children: list[Item]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = item.title_span.end
    for ch in sorted(children, key=lambda c: c.span.start):
        if ch.span.start > pos:
            spans.append((pos, ch.span.start))
        pos = max(pos, ch.span.end)
    if item.span.end > pos:
        spans.append((pos, item.span.end))
    return spans


def assign_domains(view: str, items: list[Item], *, skip: set[str] | frozenset[str] = frozenset()) -> None:
    """Set ``Item.domains`` on every item (children first, then their sections).

    Items in ``skip`` (scaffolding parts: background, principles, safeguards) get none.
    """
    children: dict[str | None, list[Item]] = {}
    for it in items:
        children.setdefault(it.parent, []).append(it)
    done: dict[str, list[str]] = {}

    def visit(item: Item) -> list[str]:
        kids = children.get(item.key, [])
        kid_domains = [visit(k) for k in kids]
        if item.key in skip:
            item.domains = []
            done[item.key] = []
            return []
        title = {c for _, _, codes in hits(view, item.title_span.start, item.title_span.end) for c in codes}
        body = _count(view, _own_spans(item, kids))
        total = sum(body.values())
        chosen: set[str] = set(title)
        if total:
            top = body.most_common(1)[0][1]
            if title:
                chosen |= {
                    d for d, n in body.items() if n >= BODY_MIN_HITS and n / total >= TITLE_BODY_SHARE
                }
            else:
                chosen |= {
                    d
                    for d, n in body.items()
                    if n >= min(BODY_MIN_HITS, top) and n >= BODY_NEAR_TOP * top and n / total >= BODY_SHARE
                }
        if kids:
            counted: Counter[str] = Counter(d for ds in kid_domains for d in set(ds))
            chosen |= {d for d, n in counted.items() if n / len(kids) >= CHILD_SHARE}
            if CHILD_PRIMARY:
                chosen |= {ds[0] for ds in kid_domains if ds}
        ordered = sorted(chosen, key=lambda d: (d not in title, -body.get(d, 0), d))
        item.domains = ordered
        done[item.key] = ordered
        return ordered

    for root in children.get(None, []):
        visit(root)
    # a measure or project naming no domain of its own belongs to its section's
    by_key = {it.key: it for it in items}
    for it in items:  # parents come first
        parent = by_key.get(it.parent) if it.parent else None
        if not it.domains and it.kind != "group" and parent is not None and it.key not in skip:
            it.domains = list(parent.domains)
    # items whose parent was not extracted (should not happen) still get domains
    for it in items:
        if it.key not in done:
            visit(it)
