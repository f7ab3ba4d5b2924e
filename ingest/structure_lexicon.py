"""The structure lexicon (``lexicons/structure.ttl``) as Python data.

Role words, stated conventions, table column names, facet sub-headings, plan
kinds and scraping-noise patterns are data, read once from the Turtle file that
ships as package data. Words are returned in simplified characters, matching the
normalised view built by :mod:`mskg.ingest.text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mskg.errors import LexiconError
from mskg.lexicons import load

LEX = "https://w3id.org/mskg/lexicon/structure#"
SKOS = "http://www.w3.org/2004/02/skos/core#"


@dataclass(frozen=True)
class Entry:
    """One concept of the lexicon: its code, words and patterns."""

    iri: str
    scheme: str
    notation: str
    words: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    before: bool = False


@lru_cache(maxsize=None)
def entries(scheme: str) -> tuple[Entry, ...]:
    """The concepts of one scheme (``roles``, ``conventions``, ``columns``, ``facets``,
    ``plan-kinds``, ``noise``), in file order of their IRIs' appearance."""
    return tuple(e for e in _all() if e.scheme == scheme)


@lru_cache(maxsize=1)
def _all() -> tuple[Entry, ...]:
    import rdflib

    lexicon = load("structure.ttl")
    graph = lexicon.graph
    skos = rdflib.Namespace(SKOS)
    lex = rdflib.Namespace(LEX)
    out: list[Entry] = []
    # file order keeps priorities (plan kinds) readable in the data file
    for concept in lexicon.instances(skos.Concept):
        scheme = lexicon.text(concept, skos.inScheme).removeprefix(LEX)
        words = sorted(lexicon.texts(concept, skos.altLabel), key=lambda w: (-len(w), w))
        patterns = tuple(lexicon.compile(concept, p, re.MULTILINE) for p in lexicon.texts(concept, lex.pattern))
        before = bool(graph.value(concept, lex.before))
        out.append(
            Entry(
                iri=str(concept),
                scheme=scheme,
                notation=lexicon.text(concept, skos.notation),
                words=tuple(words),
                patterns=patterns,
                before=before,
            )
        )
    return tuple(out)


class Words(dict[str, tuple[str, ...]]):
    """notation → words of one scheme; a notation the scheme lacks is an error naming the
    lexicon file and the scheme, not a KeyError."""

    def __init__(self, scheme: str, items: dict[str, tuple[str, ...]]) -> None:
        super().__init__(items)
        self.scheme = scheme

    def __missing__(self, notation: str) -> tuple[str, ...]:
        raise LexiconError(f"lexicons/structure.ttl: the scheme stl:{self.scheme} has no concept "
                           f"with skos:notation {notation!r}")


def words_by_notation(scheme: str) -> Words:
    """notation → words (longest first) for one scheme; several concepts may share a notation."""
    out: dict[str, list[str]] = {}
    for e in entries(scheme):
        if e.before:
            continue
        out.setdefault(e.notation, []).extend(e.words)
    return Words(scheme, {k: tuple(sorted(set(v), key=lambda w: (-len(w), w))) for k, v in out.items()})


def word_alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
