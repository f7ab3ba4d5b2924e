"""Human parameter values → IRIs, once, before a stored query runs.

A stored query's parameter named after a kind of thing — ``domain``, ``category``,
``indicator``, ``place``, ``agency``, ``plan`` — takes what people type (a code, a
label, a short name, a document id) and is bound to the IRIs it names. The names come
from a small index: one query per kind (``index/<kind>.rq``, the things and their
names), a few hundred rows whatever the size of the store. Matching in Python, once,
instead of comparing strings inside every row of the query, is what keeps the stored
queries fast on a large store; and it lets an unknown value fail with the nearest
valid ones instead of an empty answer.

How a value matches, by kind (``code`` names are codes, division codes and document
ids; ``label`` names are everything else):

* domain, category: a code or a label, equal ignoring case;
* indicator: a code, exactly (ignoring case), or a label, equal ignoring case; otherwise a
  label containing the value, when those labels belong to one indicator only — a value
  inside the labels of several (养老床位: 养老床位数, 每千名老年人拥有养老床位数, 护理型养老床位数…)
  is ambiguous and refused with the candidates, never answered for all of them at once;
* place: a name or code, or a name one character longer (济宁 finds 济宁市);
* agency: any full or printed name containing the value;
* plan: a document id exactly, or any title containing the value.

>>> index = Index("place", [("p:jn", "济宁市", "label"), ("p:jn", "370800", "code"), ("p:ly", "临沂市", "label")])
>>> index.match("济宁")
['p:jn']
>>> index.match("济南")
Traceback (most recent call last):
...
mskg.errors.InputError: unknown place '济南'; nearest: 济宁市 (`mskg query graph-labels` lists every value)

>>> beds = Index("indicator", [("i:b", "elderly_care_beds", "code"), ("i:b", "养老床位数", "label"),
...                            ("i:k", "beds_per_1000", "code"), ("i:k", "每千名老年人拥有养老床位数", "label")])
>>> beds.match("养老床位数"), beds.match("每千名老年人")
(['i:b'], ['i:k'])
>>> beds.match("养老床位")
Traceback (most recent call last):
...
mskg.errors.InputError: ambiguous indicator '养老床位': it names 2 of them; give one of elderly_care_beds (养老床位数), beds_per_1000 (每千名老年人拥有养老床位数)
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.resources import files

from rdflib import URIRef

from mskg.errors import InputError

#: the kinds of parameter resolved to IRIs, by parameter name
KINDS = ("agency", "category", "domain", "indicator", "place", "plan")


def _equal(value: str, name: str) -> bool:
    return name.lower() == value.lower()


def _one_longer(value: str, name: str) -> bool:
    return name == value or (name.startswith(value) and len(name) == len(value) + 1)


def _contains(value: str, name: str) -> bool:
    return value in name


@dataclass(frozen=True)
class _Rule:
    code: Callable[[str, str], bool]  # how a code matches
    label: Callable[[str, str], bool]  # how a label matches
    exact_code_wins: bool = False  # a value equal to a code names that thing only
    one_thing: bool = False  # a value must name one thing: an exact label wins, several are ambiguous


RULES: dict[str, _Rule] = {
    "domain": _Rule(_equal, _equal),
    "category": _Rule(_equal, _equal),
    "indicator": _Rule(_equal, lambda v, n: _equal(v, n) or _contains(v, n), exact_code_wins=True, one_thing=True),
    "place": _Rule(_one_longer, _one_longer),
    "agency": _Rule(_contains, _contains),
    "plan": _Rule(lambda v, n: v == n, _contains),
}


def index_query(kind: str) -> str:
    """The text of ``index/<kind>.rq``: rows ?iri ?name ?field."""
    return files("mskg.queries").joinpath("index", f"{kind}.rq").read_text(encoding="utf-8")


class Index:
    """The names of the things of one kind: (IRI, name, field) rows."""

    def __init__(self, kind: str, rows: Iterable[tuple[str, str, str]]) -> None:
        self.kind = kind
        self.rows = [(str(i), str(n), str(f)) for i, n, f in rows]

    @classmethod
    def of(cls, store, kind: str) -> Index:
        result = store.query(index_query(kind))
        return cls(kind, ((i, n, f) for i, n, f in result.rows if i is not None and n is not None))

    def match(self, value: str) -> list[str]:
        """The IRIs ``value`` names, sorted.

        :raises InputError: for an empty value, or one that names nothing (with the
            nearest names).
        """
        if not value.strip():
            raise InputError(f"parameter {self.kind} is empty; give a value (`mskg query graph-labels` lists them)")
        rule = RULES[self.kind]
        if rule.exact_code_wins:
            exact = {i for i, n, f in self.rows if f == "code" and rule.code(value, n)}
            if exact:
                return sorted(exact)
        found = {i for i, n, f in self.rows if (rule.code if f == "code" else rule.label)(value, n)}
        if not found:
            raise InputError(f"unknown {self.kind} {value!r}; {self.nearest(value)}")
        if rule.one_thing and len(found) > 1:
            exact = {i for i, n, f in self.rows if f == "label" and _equal(value, n)}
            if len(exact) == 1:
                return sorted(exact)
            raise InputError(f"ambiguous {self.kind} {value!r}: it names {len(found)} of them; give one of {self._names(found, value)}")
        return sorted(found)

    def _names(self, iris: set[str], value: str) -> str:
        """Each IRI's code with its shortest label holding ``value``, e.g.
        ``elderly_care_beds (养老床位数)``."""
        shown = []
        for iri in sorted(iris):
            codes = sorted(n for i, n, f in self.rows if i == iri and f == "code")
            labels = sorted(
                (n for i, n, f in self.rows if i == iri and f == "label"),
                key=lambda n: (value.lower() not in n.lower(), len(n), n),
            )
            shown.append(f"{codes[0] if codes else iri} ({labels[0]})" if labels else (codes[0] if codes else iri))
        return ", ".join(shown)

    def nearest(self, value: str, n: int = 5) -> str:
        names = sorted({name for _, name, _ in self.rows})
        close = difflib.get_close_matches(value, names, n=n, cutoff=0.4)
        if not close:  # Chinese names share characters rather than spellings
            shared = sorted(names, key=lambda name: (-len(set(name) & set(value)), len(name), name))
            close = [name for name in shared[:n] if set(name) & set(value)]
        listed = "(`mskg query graph-labels` lists every value)"
        return f"nearest: {', '.join(close)} {listed}" if close else f"no similar {self.kind} in the store {listed}"


class Resolver:
    """Resolves parameter values against one store, reading each kind's index once."""

    def __init__(self, store) -> None:
        self.store = store
        self._indexes: dict[str, Index] = {}

    def __call__(self, kind: str, value: str) -> list[URIRef]:
        if kind not in self._indexes:
            self._indexes[kind] = Index.of(self.store, kind)
        return [URIRef(iri) for iri in self._indexes[kind].match(value)]
