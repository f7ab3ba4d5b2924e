"""Questions in Chinese or English → a stored query and its parameters, offline.

No language model: a question is tokenised with jieba (Chinese) and a word pattern
(English), the names it contains are recognised against labels in the graph (domains,
places, agencies, indicators, plans) and the question lexicon
(``lexicons/question-words.ttl``), and what remains is compared with the example
questions in every stored query's header. The same input always gives the same answer.

How a query is chosen:

1. **Entities.** The longest labels found in the question become typed slots:
   ``养老`` → domain ``elderly_care``, ``济宁`` → place ``济宁市``, ``2025年`` → year
   ``2025``, a quoted text → text. In the question and in every example question the
   slots are replaced by placeholders (``<domain>``), so "elder care" and "housing"
   questions match the same examples.
2. **Similarity.** Words and Chinese character pairs, weighted by inverse document
   frequency over all stored queries; a question's similarity to a query is its best
   cosine similarity with one of the query's examples, blended with its similarity to
   all of the query's examples and summaries together.
3. **Fit of the parameters.** A query gains for each of its parameters that an entity
   of the question fills, and loses for each required parameter that nothing fills.

When the best score stays under :data:`THRESHOLD`, or two queries are too close to
call, :func:`ask` runs nothing and returns the three nearest queries instead.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib.resources import files

from rdflib import Graph, Namespace, URIRef

from mskg.errors import InputError
from mskg.queries import StoredQuery, load_all, run

QW = Namespace("https://w3id.org/mskg/lexicon/questions#")
LEXICON = "question-words.ttl"

#: below this score no query is run; the nearest three are listed instead
THRESHOLD = 0.30
#: a parameter of the query filled from the question
FILL_BONUS = 0.12
#: a required parameter (without default) that the question does not fill
MISSING_PENALTY = 0.35
#: weight of the similarity with all examples of a query together (against the best one)
POOL_WEIGHT = 0.3

#: parameter name of a stored query → kind of entity that fills it
PARAMETER_KINDS = {
    "domain": "domain",
    "place": "place",
    "agency": "agency",
    "partner": "agency",
    "year": "year",
    "indicator": "indicator",
    "role": "role",
    "plan": "plan",
    "text": "text",
    "category": "category",
}

_LABEL_QUERY = "graph-labels"
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])\s*(?:年|年度|年底|年末)?")
_QUOTED = re.compile(r"[“\"「『‘']([^”\"」』’']{1,40})[”\"」』’']")
_HAN = re.compile(r"[\u3400-\u9fff]")
_EN_WORD = re.compile(r"[a-z][a-z0-9-]*|[0-9]+")

log = logging.getLogger("mskg")


@dataclass(frozen=True)
class Entity:
    """A name recognised in a question."""

    kind: str  # domain | place | agency | year | indicator | role | plan | text | category
    value: str  # what the parameter receives: a code, a label, a year
    surface: str  # the words of the question
    start: int
    end: int
    #: other readings of the same words, (kind, value), e.g. 教育 as a domain and a category
    alternatives: tuple[tuple[str, str], ...] = ()

    def reading(self, kind: str) -> str | None:
        """The value of this entity read as ``kind``, if it can be read so."""
        if kind == self.kind:
            return self.value
        return next((v for k, v in self.alternatives if k == kind), None)


@dataclass
class Candidate:
    name: str
    score: float
    similarity: float
    parameters: dict[str, str]
    missing: list[str]
    shared_words: int = 0  # words (not names) the question shares with the query's examples


@dataclass
class Mapping:
    """How a question maps to stored queries, best first."""

    question: str
    entities: list[Entity]
    candidates: list[Candidate]
    threshold: float = THRESHOLD

    @property
    def best(self) -> Candidate | None:
        """The chosen query, or None when no query fits well enough."""
        if not self.candidates:
            return None
        top = self.candidates[0]
        if top.score < self.threshold or top.missing or not top.shared_words:
            return None
        return top

    def nearest(self, n: int = 3) -> list[Candidate]:
        return self.candidates[:n]


@dataclass
class Answer:
    """A question answered (``result`` set) or declined (``mapping.best`` is None)."""

    mapping: Mapping
    query: StoredQuery | None = None
    parameters: dict[str, str] = field(default_factory=dict)
    result: object = None  # mskg.graph_store.QueryResult


# -- the lexicon -----------------------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    labels: tuple[tuple[str, str, str], ...]  # (surface, kind, value)
    stopwords: frozenset[str]
    text_cues: tuple[str, ...]
    text_trail: tuple[str, ...]
    place_suffixes: tuple[str, ...]
    synonyms: dict[str, str]  # word → canonical word
    indicator_suffixes: tuple[str, ...] = ()


def _words(graph: Graph, subject: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(subject, QW.word))


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The question lexicon shipped with mskg."""
    graph = Graph()
    graph.parse(data=(files("mskg.lexicons") / LEXICON).read_text(encoding="utf-8"), format="turtle")
    labels = []
    for concept, label in graph.subject_objects(QW.questionLabel):
        kind, value = _concept_slot(str(concept))
        if kind:
            labels.append((str(label).lower(), kind, value))
    return Lexicon(
        labels=tuple(sorted(set(labels))),
        stopwords=frozenset(_words(graph, QW.stopwords)),
        text_cues=tuple(sorted(_words(graph, QW.textCues), key=len, reverse=True)),
        text_trail=tuple(sorted(_words(graph, QW.textTrail), key=len, reverse=True)),
        place_suffixes=tuple(sorted(_words(graph, QW.placeSuffixes), key=len, reverse=True)),
        synonyms={
            word: str(canonical)
            for group, canonical in sorted(graph.subject_objects(QW.canonical))
            for word in _words(graph, group)
        },
        indicator_suffixes=tuple(_words(graph, QW.indicatorSuffixes)),
    )


def _concept_slot(iri: str) -> tuple[str | None, str]:
    from mskg.identifiers import ONTOLOGY, SCHEME

    if iri.startswith(SCHEME + "domain/"):
        return "domain", iri[len(SCHEME + "domain/"):]
    if iri.startswith(ONTOLOGY + "role-"):
        return "role", iri[len(ONTOLOGY + "role-"):]
    return None, ""


# -- names in the graph ------------------------------------------------------------------


@dataclass
class Gazetteer:
    """Surface forms → (kind, value), from the graph and the lexicon, longest first."""

    forms: dict[str, list[tuple[str, str]]]  # surface → readings, the preferred first

    @classmethod
    def from_rows(cls, rows: list[tuple[str, str, str]], lex: Lexicon | None = None) -> Gazetteer:
        """``rows`` are (kind, value, label) as the ``graph-labels`` query returns them."""
        lex = lex or lexicon()
        forms: dict[str, list[tuple[str, str]]] = {}
        # on a clash the more specific reading is preferred (an agency named like a
        # place, a domain named like an agency category); the others stay available
        priority = {"agency": 0, "plan": 1, "indicator": 2, "place": 3, "domain": 4, "role": 5, "category": 6}

        def add(surface: str, kind: str, value: str) -> None:
            surface = surface.strip().lower()
            if len(surface) < 2 or surface.isdigit():
                return
            readings = forms.setdefault(surface, [])
            if not any(k == kind for k, _ in readings):
                readings.append((kind, value))
                readings.sort(key=lambda r: (priority.get(r[0], 9), r))

        for surface, kind, value in lex.labels:
            add(surface, kind, value)
        for kind, value, label in rows:
            add(label, kind, value)
            if kind == "indicator":
                for suffix in lex.indicator_suffixes:
                    if label.endswith(suffix) and len(label) - len(suffix) >= 3:
                        add(label[: -len(suffix)], kind, value)
            if kind == "place":
                for suffix in lex.place_suffixes:
                    if label.endswith(suffix) and len(label) - len(suffix) >= 2:
                        add(label[: -len(suffix)], kind, value)
                        break
        return cls(forms)

    @classmethod
    def from_store(cls, store) -> Gazetteer:
        result = run(store, _LABEL_QUERY)
        rows = [tuple(str(t) if t is not None else "" for t in row) for row in result.rows]
        return cls.from_rows(rows)  # type: ignore[arg-type]

    @functools.cached_property
    def _by_length(self) -> list[str]:
        return sorted(self.forms, key=lambda s: (-len(s), s))

    @functools.cached_property
    def _automaton(self):
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for surface in self.forms:
            automaton.add_word(surface, surface)
        if self.forms:
            automaton.make_automaton()
        return automaton

    def find(self, text: str) -> list[Entity]:
        """Non-overlapping names in ``text``, the longest match winning."""
        lowered = text.lower()
        hits = []
        if self.forms:
            for end, surface in self._automaton.iter(lowered):
                start = end - len(surface) + 1
                if _is_word_boundary(lowered, start, end + 1):
                    hits.append((start, end + 1, surface))
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        taken: list[tuple[int, int]] = []
        out = []
        for start, end, surface in hits:
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            (kind, value), *others = self.forms[surface]
            out.append(Entity(kind, value, text[start:end], start, end, tuple(others)))
        return sorted(out, key=lambda e: e.start)


def _is_word_boundary(text: str, start: int, end: int) -> bool:
    """Latin names must not start or end inside a word (lead ≠ leader)."""
    if _HAN.match(text[start]) is None:
        if start > 0 and text[start - 1].isalnum() and not _HAN.match(text[start - 1]):
            return False
    last = text[end - 1]
    if _HAN.match(last) is None and end < len(text):
        nxt = text[end]
        if nxt.isalnum() and not _HAN.match(nxt):
            # plural s of an English word is still the word
            return nxt == "s" and (end + 1 == len(text) or not text[end + 1].isalnum())
    return True


# -- recognising the slots of a question ---------------------------------------------------


def entities(question: str, gazetteer: Gazetteer, lex: Lexicon | None = None) -> list[Entity]:
    """Names, years and quoted or cued text in ``question``.

    A quoted text wins over names inside it; a text found after a cue word (关于,
    mentioning) only counts when it holds no name.
    """
    lex = lex or lexicon()
    quoted = _quoted(question)
    found: list[Entity] = [quoted] if quoted else []

    def free(e: Entity) -> bool:
        return not any(e.start < f.end and f.start < e.end for f in found)

    for m in _YEAR.finditer(question):
        year = Entity("year", m.group(1), m.group(0), m.start(), m.end())
        if free(year):
            found.append(year)
    for e in gazetteer.find(question):
        if free(e):
            found.append(e)
    if quoted is None:
        cued = _cued(question, lex)
        if cued is not None and free(cued):
            found.append(cued)
    return sorted(found, key=lambda e: e.start)


def _quoted(question: str) -> Entity | None:
    m = _QUOTED.search(question)
    if m:
        return Entity("text", m.group(1).strip(), m.group(0), m.start(), m.end())
    return None


def _cued(question: str, lex: Lexicon) -> Entity | None:
    lowered = question.lower()
    for cue in lex.text_cues:
        at = lowered.find(cue)
        if at < 0:
            continue
        start = at + len(cue)
        rest = question[start:]
        stop = re.search(r"[，。？?！!,;；]", rest)
        raw = rest[: stop.start()] if stop else rest
        value = raw.strip()
        for trail in lex.text_trail:
            if value.lower().endswith(trail):
                value = value[: -len(trail)].strip()
                break
        value = value.strip(" 的:：")
        if value:
            offset = rest.find(value)
            return Entity("text", value, question[at : start + offset + len(value)], at, start + offset + len(value))
    return None


# -- similarity ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _tokenizer():
    """ingest's tokenizer with the question lexicon's Chinese labels and synonyms added."""
    from mskg.ingest.tokenizer import tokenizer_with

    surfaces = [surface for surface, _, _ in lexicon().labels] + list(lexicon().synonyms)
    return tokenizer_with(tuple(sorted({w for w in surfaces if _HAN.search(w)})))


def features(text: str, lex: Lexicon | None = None) -> Counter:
    """Placeholders, words (jieba for Chinese, light stemming for English) and Chinese
    character pairs (weight 0.5), stop words left out."""
    lex = lex or lexicon()
    out: Counter = Counter()
    lowered = text.lower()
    for placeholder in re.findall(r"<[a-z]+>", lowered):
        out[placeholder] += 1
    rest = re.sub(r"<[a-z]+>", " ", lowered)
    for run_ in re.findall(r"[\u3400-\u9fff]+", rest):
        for token in _tokenizer().lcut(run_):
            if token not in lex.stopwords:
                out[lex.synonyms.get(token, token)] += 1
        for a, b in zip(run_, run_[1:]):
            out.setdefault(a + b, 0.5)
    for word in _EN_WORD.findall(rest):
        if word in lex.stopwords or word.isdigit():
            continue
        word = lex.synonyms.get(word, word)
        stem = _stem(word)
        out[lex.synonyms.get(stem, stem)] += 1
    return out


def _stem(word: str) -> str:
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _with_placeholders(text: str, found: list[Entity]) -> str:
    out, last = [], 0
    for e in sorted(found, key=lambda e: e.start):
        out.append(text[last : e.start])
        out.append(f" <{e.kind}> ")
        last = e.end
    out.append(text[last:])
    return "".join(out)


@dataclass
class _Index:
    examples: dict[str, list[Counter]]
    pools: dict[str, Counter]
    idf: dict[str, float]


def _index(queries: dict[str, StoredQuery], gazetteer: Gazetteer) -> _Index:
    examples: dict[str, list[Counter]] = {}
    pools: dict[str, Counter] = {}
    for name, q in queries.items():
        texts = list(q.questions) + list(q.summary.values())
        vectors = [features(_with_placeholders(t, entities(t, gazetteer))) for t in texts]
        examples[name] = vectors[: len(q.questions)] or vectors
        pool: Counter = Counter()
        for v in vectors:
            pool.update(v)
        pools[name] = pool
    n = len(queries)
    df: Counter = Counter()
    for pool in pools.values():
        df.update(set(pool))
    idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
    return _Index(examples, pools, idf)


def _cosine(a: Counter, b: Counter, idf: dict[str, float]) -> float:
    default = math.log(2.0)
    wa = {t: min(v, 1.0) * idf.get(t, default) for t, v in a.items()}
    wb = {t: min(v, 1.0) * idf.get(t, default) for t, v in b.items()}
    dot = sum(w * wb[t] for t, w in wa.items() if t in wb)
    na = math.sqrt(sum(w * w for w in wa.values()))
    nb = math.sqrt(sum(w * w for w in wb.values()))
    return dot / (na * nb) if na and nb else 0.0


# -- mapping ------------------------------------------------------------------------------


class QuestionMapper:
    """Maps questions to stored queries; built once per store (labels) and reused."""

    def __init__(self, gazetteer: Gazetteer, queries: dict[str, StoredQuery] | None = None) -> None:
        self.gazetteer = gazetteer
        self.queries = queries or load_all()
        self._index = _index(self.queries, gazetteer)

    @classmethod
    def for_store(cls, store) -> QuestionMapper:
        return cls(Gazetteer.from_store(store))

    def map(self, question: str) -> Mapping:
        if not isinstance(question, str) or not question.strip():
            raise InputError("empty question: ask something, e.g. mskg ask \"哪些部门共同牵头养老工作\"")
        found = entities(question, self.gazetteer)
        vector = features(_with_placeholders(question, found))
        idf = self._index.idf
        candidates = []
        for name, q in self.queries.items():
            best = max((_cosine(vector, ex, idf) for ex in self._index.examples[name]), default=0.0)
            pooled = _cosine(vector, self._index.pools[name], idf)
            similarity = (1 - POOL_WEIGHT) * best + POOL_WEIGHT * pooled
            parameters, missing = self._fill(q, found)
            filled = sum(1 for p in q.parameters if p.name in parameters)
            score = similarity + FILL_BONUS * filled - MISSING_PENALTY * len(missing)
            # role words (牵头, lead) say what is asked; other names only fill parameters
            shared = sum(1 for t in vector if (t == "<role>" or not t.startswith("<")) and t in self._index.pools[name])
            candidates.append(Candidate(name, round(score, 4), round(similarity, 4), parameters, missing, shared))
        candidates.sort(key=lambda c: (-c.score, c.name))
        return Mapping(question, found, candidates)

    @staticmethod
    def _fill(q: StoredQuery, found: list[Entity]) -> tuple[dict[str, str], list[str]]:
        parameters: dict[str, str] = {}
        missing: list[str] = []
        used: set[int] = set()
        for p in q.parameters:
            kind = PARAMETER_KINDS.get(p.name, p.name)
            match = next((i for i, e in enumerate(found) if i not in used and e.reading(kind) is not None), None)
            if match is None and kind == "text":
                # the words of a recognised indicator or domain can be searched as text
                match = next((i for i, e in enumerate(found) if i not in used and e.kind in ("indicator",)), None)
                if match is not None:
                    used.add(match)
                    parameters[p.name] = found[match].surface
                    continue
            if match is not None:
                used.add(match)
                parameters[p.name] = found[match].reading(kind)  # type: ignore[assignment]
            elif p.required and p.default is None:
                missing.append(p.name)
        return parameters, missing


def ask(store, question: str, *, mapper: QuestionMapper | None = None) -> Answer:
    """Map ``question`` to a stored query and run it on ``store``.

    The answer's ``result`` is None when no query fits well; ``mapping.nearest()``
    then lists the three nearest queries with the parameters they would take.
    """
    mapper = mapper or QuestionMapper.for_store(store)
    mapping = mapper.map(question)
    best = mapping.best
    if best is None:
        return Answer(mapping)
    query = mapper.queries[best.name]
    result = run(store, best.name, best.parameters)
    return Answer(mapping, query, dict(best.parameters), result)


def explain(answer: Answer, *, sparql: bool = False) -> str:
    """What ``mskg ask`` prints before the answer: the chosen query and its parameters
    (with ``sparql``, the names recognised, the scores and the query text), or, when no
    query fits, the three nearest queries."""
    mapping = answer.mapping
    lines = []
    if answer.query is None:
        top = mapping.candidates[0] if mapping.candidates else None
        reason = "no stored query fits this question well"
        if top is not None and top.missing:
            reason += f" (the nearest, {top.name}, needs {', '.join(top.missing)})"
        elif top is not None and not top.shared_words and mapping.entities:
            reason += " (it names things but asks nothing the stored queries answer)"
        lines.append(reason + "; the nearest are:")
        for c in mapping.nearest():
            q_summary = answer_summary(c.name)
            params = " ".join(f"-p {k}={v}" for k, v in c.parameters.items())
            lines.append(f"  mskg query {c.name} {params}".rstrip() + f"    # {q_summary} (score {c.score:.2f})")
        return "\n".join(lines)
    q = answer.query
    values = {p.name: p.default for p in q.parameters if p.default is not None}
    values.update(answer.parameters)
    shown = " ".join(f"-p {k}={v}" for k, v in values.items())
    lines.append(f"query: {q.name} — {q.summary.get('zh', '')} / {q.summary.get('en', '')}")
    lines.append(f"run as: mskg query {q.name} {shown}".rstrip())
    if sparql:
        found = ", ".join(f"{e.surface}→{e.kind}:{e.value}" for e in mapping.entities) or "(none)"
        lines.append(f"recognised: {found}")
        lines.append("scores: " + ", ".join(f"{c.name} {c.score:.2f}" for c in mapping.nearest()))
        lines.append("SPARQL (parameters bound as RDF terms, not pasted):")
        lines.append(q.text.rstrip())
    return "\n".join(lines)


def answer_summary(name: str) -> str:
    q = load_all().get(name)
    return "" if q is None else q.summary.get("en", "")


__all__ = [
    "Answer",
    "Candidate",
    "Entity",
    "Gazetteer",
    "Mapping",
    "QuestionMapper",
    "THRESHOLD",
    "ask",
    "entities",
    "explain",
    "features",
    "lexicon",
]
