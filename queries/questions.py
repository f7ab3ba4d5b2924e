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
3. **Fit of the parameters and of the form.** A query gains for each of its parameters
   that an entity of the question fills, and loses for each required parameter that
   nothing fills. A question asking for a number (多少, how many) or a comparison (对比,
   across) favours the queries tagged ``count`` or ``comparison``.

4. **Honour or decline.** Every place, agency, year, domain, indicator, plan or text the
   question names must fill a parameter of the chosen query: a query that would drop one
   loses as much as one that misses a required parameter, and if the best query still
   drops one, the question is declined rather than answered about something broader.
   Names that look like a place or an agency but are not in the graph as such — a city
   of the division dataset with no plan in the graph (上海, 北京市), an agency printed
   with another place's name (吕梁市民政局 when the graph only knows 济宁市民政局 as 市民政局),
   a capitalised English name the graph does not know (Shanghai) — decline the question,
   naming them, instead of being replaced by the nearest known name. So do names no
   list holds: the words of a question that no name covers and that neither the
   question lexicon nor the stored queries use are read as a name when they end like
   an agency's name (国家航天局: the endings of ``lexicons/agencies.ttl``), stand before a
   word for a plan (十三五规划: honoured as a plan when a stored title holds it, 十四五),
   or are nouns in the place of a place or of the subject (在火星, 火星上, 霍格沃茨的:
   ``qw:placeBefore``, ``qw:placeAfter``) that no stored document contains. A year the
   graph holds nothing of (no plan period, target or measure of it) declines too.
5. **Counting.** A question that asks for a number (多少, how many) must name something the
   graph counts (measures, targets, agencies, plans: ``qw:countables``); how many people
   live somewhere or how many schools there are is declined.

When the best score stays under :data:`THRESHOLD`, or any of the above fails,
:func:`ask` runs nothing and returns the three nearest queries instead.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from collections.abc import Callable
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
#: a question that asks for a number (or a comparison) gains this for a query tagged
#: "count" ("comparison") and loses it for any other
FORM_BONUS = 0.1

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

#: kinds of names that restrict what is asked: each must fill a parameter of the query
RESTRICTING = frozenset({"domain", "place", "agency", "year", "indicator", "plan", "text"})

_LABEL_QUERY = "graph-labels"
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])\s*(?:年|年度|年底|年末)?")
_QUOTED = re.compile(r"[“\"「『‘']([^”\"」』’']{1,40})[”\"」』’']")
_HAN = re.compile(r"[\u3400-\u9fff]")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
#: jieba's frequency from which a word is an ordinary one (社会, 市场), not a name
COMMON_WORD = 1000
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
    unused: list[str] = field(default_factory=list)  # names of the question no parameter takes


@dataclass
class Mapping:
    """How a question maps to stored queries, best first."""

    question: str
    entities: list[Entity]
    candidates: list[Candidate]
    threshold: float = THRESHOLD
    #: why the question cannot be answered whatever the query (names not in the graph,
    #: a number of something the graph does not count)
    objections: list[str] = field(default_factory=list)

    @property
    def best(self) -> Candidate | None:
        """The chosen query, or None when no query fits well enough."""
        if not self.candidates or self.objections:
            return None
        top = self.candidates[0]
        if top.score < self.threshold or top.missing or top.unused or not top.shared_words:
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
    #: the RDF terms the query's variables were bound to (a list for a name of several things)
    bindings: dict[str, object] = field(default_factory=dict)


# -- the question words -------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionWords:
    """What ``lexicons/question-words.ttl`` says: words for concepts, word lists, synonyms."""

    labels: tuple[tuple[str, str, str], ...]  # (surface, kind, value)
    stopwords: frozenset[str]
    text_cues: tuple[str, ...]
    text_trail: tuple[str, ...]
    synonyms: dict[str, str]  # word → canonical word
    indicator_suffixes: tuple[str, ...] = ()
    count_cues: tuple[str, ...] = ()
    compare_cues: tuple[str, ...] = ()
    countables: frozenset[str] = frozenset()
    text_before: tuple[str, ...] = ()
    text_lead: tuple[str, ...] = ()
    question_words: frozenset[str] = frozenset()
    not_places: frozenset[str] = frozenset()
    place_before: tuple[str, ...] = ()  # 在, 于: a place follows
    place_after: tuple[str, ...] = ()  # 上, 里, 的, 有: after a place or the subject
    plan_words: tuple[str, ...] = ()  # 规划, 方案: what a plan is called (qw:syn-plan)

    @functools.cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every word of the lexicon: words for concepts, word lists, synonyms."""
        return frozenset(
            {s for s, _, _ in self.labels} | self.stopwords | set(self.text_cues) | set(self.text_trail)
            | set(self.synonyms) | set(self.synonyms.values()) | set(self.count_cues) | set(self.compare_cues)
            | self.countables | set(self.text_before) | set(self.text_lead) | self.question_words
            | self.not_places | set(self.place_before) | set(self.place_after)
        )


@functools.lru_cache(maxsize=1)
def question_words() -> QuestionWords:
    """The question lexicon shipped with mskg, read by the one lexicon loader."""
    from mskg import lexicons

    lex = lexicons.load(LEXICON)
    graph = lex.graph

    def words(entry: URIRef, longest_first: bool = False) -> tuple[str, ...]:
        found = lex.texts(entry, QW.word)
        return tuple(sorted(found, key=len, reverse=True)) if longest_first else tuple(found)

    labels = []
    for concept, label in graph.subject_objects(QW.questionLabel):
        kind, value = _concept_slot(str(concept))
        if kind:
            labels.append((str(label).lower(), kind, value))
    return QuestionWords(
        labels=tuple(sorted(set(labels))),
        stopwords=frozenset(words(QW.stopwords)),
        text_cues=words(QW.textCues, True),
        text_trail=words(QW.textTrail, True),
        synonyms={
            word: str(canonical)
            for group, canonical in sorted(graph.subject_objects(QW.canonical))
            for word in words(group)
        },
        indicator_suffixes=words(QW.indicatorSuffixes),
        count_cues=words(QW.countCues, True),
        countables=frozenset(words(QW.countables)),
        compare_cues=words(QW.compareCues),
        text_before=words(QW.textBefore, True),
        text_lead=words(QW.textLead, True),
        question_words=frozenset(words(QW.questionWords)),
        not_places=frozenset(words(QW.notPlaces)),
        place_before=words(QW.placeBefore, True),
        place_after=words(QW.placeAfter, True),
        plan_words=words(QW["syn-plan"], True),
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
class GraphNames:
    """Surface forms → (kind, value), from the graph and the lexicon, longest first."""

    forms: dict[str, list[tuple[str, str]]]  # surface → readings, the preferred first

    @classmethod
    def from_rows(cls, rows: list[tuple[str, str, str]], lex: QuestionWords | None = None) -> GraphNames:
        """``rows`` are (kind, value, label) as the ``graph-labels`` query returns them."""
        lex = lex or question_words()
        forms: dict[str, list[tuple[str, str]]] = {}
        # on a clash the more specific reading is preferred (an agency named like a
        # place, a domain named like an agency category); the others stay available
        priority = {"agency": 0, "plan": 1, "indicator": 2, "place": 3, "domain": 4, "role": 5, "category": 6}

        def add(surface: str, kind: str, value: str) -> None:
            surface = surface.strip().lower()
            if len(surface) < 2 or surface.isdigit():
                return
            variants = [surface]
            if surface.isascii():
                # "elderly-care beds" is asked as "elderly care bed targets"
                spaced = surface.replace("-", " ")
                variants += [spaced] + [v[:-1] for v in (surface, spaced) if len(v) > 4 and v.endswith("s")]
            for variant in variants:
                readings = forms.setdefault(variant, [])
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
        return cls(forms)

    @classmethod
    def from_store(cls, store) -> GraphNames:
        result = run(store, _LABEL_QUERY)
        rows = [tuple(str(t) if t is not None else "" for t in row) for row in result.rows]
        return cls.from_rows(rows)  # type: ignore[arg-type]

    def labels_of(self, kind: str) -> list[str]:
        """The surface forms that name things of ``kind`` (the titles of the plans)."""
        return sorted(s for s, readings in self.forms.items() if any(k == kind for k, _ in readings))

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


def entities(question: str, names: GraphNames, lex: QuestionWords | None = None) -> list[Entity]:
    """Names, years and quoted or cued text in ``question``.

    A quoted text wins over names inside it; a text found after a cue word (关于,
    mentioning) only counts when it holds no name.
    """
    lex = lex or question_words()
    quoted = _quoted(question)
    found: list[Entity] = [quoted] if quoted else []

    def free(e: Entity) -> bool:
        return not any(e.start < f.end and f.start < e.end for f in found)

    for m in _YEAR.finditer(question):
        year = Entity("year", m.group(1), m.group(0), m.start(), m.end())
        if free(year):
            found.append(year)
    for e in names.find(question):
        if free(e):
            found.append(e)
    if quoted is None:
        cued = _cued(question, lex) or _cued_before(question, lex)
        if cued is not None and free(cued):
            found.append(cued)
    return sorted(found, key=lambda e: e.start)


def _cued_before(question: str, lex: QuestionWords) -> Entity | None:
    """The text of ``老旧小区改造的原文出处在哪里``: the clause before a ``qw:textBefore`` word."""
    lowered = question.lower()
    for cue in lex.text_before:
        at = lowered.find(cue)
        if at <= 0:
            continue
        clause_start = max((m.end() for m in re.finditer(r"[，。？?！!,;；]", question[:at])), default=0)
        start = clause_start
        for lead in lex.text_lead:
            if lowered.startswith(lead, start):
                start += len(lead)
                break
        value = question[start:at].strip(" 的:：")
        if len(value) >= 2:
            begin = question.find(value, start)
            return Entity("text", value, value, begin, begin + len(value))
    return None


def _quoted(question: str) -> Entity | None:
    m = _QUOTED.search(question)
    if m:
        return Entity("text", m.group(1).strip(), m.group(0), m.start(), m.end())
    return None


def _cued(question: str, lex: QuestionWords) -> Entity | None:
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

    surfaces = [surface for surface, _, _ in question_words().labels] + list(question_words().synonyms)
    return tokenizer_with(tuple(sorted({w for w in surfaces if _HAN.search(w)})))


def features(text: str, lex: QuestionWords | None = None) -> Counter:
    """Placeholders, words (jieba for Chinese, light stemming for English) and Chinese
    character pairs (weight 0.5), stop words left out."""
    lex = lex or question_words()
    out: Counter = Counter()
    lowered = text.lower()
    for placeholder in re.findall(r"<[a-z]+>", lowered):
        out[placeholder] += 1
    rest = re.sub(r"<[a-z]+>", " ", lowered)
    for phrase, canonical in _phrases(tuple(sorted(lex.synonyms.items()))):
        rest = rest.replace(phrase, f" {canonical} ")
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


@functools.lru_cache(maxsize=4)
def _phrases(synonyms: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """English synonyms of several words ("how many"), longest first: the word pattern
    would split them."""
    return tuple(sorted(((w, c) for w, c in synonyms if " " in w and w.isascii()), key=lambda wc: -len(wc[0])))


def _stem(word: str) -> str:
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _with_placeholders(text: str, found: list[Entity]) -> str:
    """``text`` with each name replaced by its kind (``<domain>``); a word that is also a
    synonym of the question lexicon (cooperate: a role, and a word for partners) keeps
    that meaning too."""
    synonyms = question_words().synonyms
    out, last = [], 0
    for e in sorted(found, key=lambda e: e.start):
        out.append(text[last : e.start])
        out.append(f" <{e.kind}> ")
        if e.surface.lower() in synonyms:
            out.append(f"{synonyms[e.surface.lower()]} ")
        last = e.end
    out.append(text[last:])
    return "".join(out)


@dataclass
class _Index:
    examples: dict[str, list[Counter]]
    pools: dict[str, Counter]
    idf: dict[str, float]


def _index(queries: dict[str, StoredQuery], names: GraphNames) -> _Index:
    examples: dict[str, list[Counter]] = {}
    pools: dict[str, Counter] = {}
    for name, q in queries.items():
        texts = list(q.questions) + list(q.summary.values())
        vectors = [features(_with_placeholders(t, entities(t, names))) for t in texts]
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

    def __init__(
        self,
        names: GraphNames,
        queries: dict[str, StoredQuery] | None = None,
        plan_places: frozenset[str] | None = None,
        years: frozenset[int] | None = None,
        in_documents: Callable[[list[str]], set[str]] | None = None,
    ) -> None:
        self.names = names
        self.queries = queries or load_all()
        self._index = _index(self.queries, names)
        #: names of the places that have plans (None: unknown, no place is refused)
        self.plan_places = plan_places
        #: the years the graph holds something of (None: unknown, no year is refused)
        self.years = years
        #: which of some words occur in a stored document's text (None: unknown, a word
        #: nothing else explains is not refused)
        self.in_documents = in_documents
        lex = question_words()
        #: words the stored queries' example questions and summaries use
        self._known = frozenset(t for pool in self._index.pools.values() for t in pool if not t.startswith("<")) | lex.vocabulary

    @classmethod
    def for_store(cls, store) -> QuestionMapper:
        return cls(GraphNames.from_store(store), plan_places=plan_places(store), years=graph_years(store),
                   in_documents=lambda words: words_in_documents(store, words))

    def map(self, question: str) -> Mapping:
        if not isinstance(question, str) or not question.strip():
            raise InputError("empty question: ask something, e.g. mskg ask \"哪些部门共同牵头养老工作\"")
        found = entities(question, self.names)
        objections = self._objections(question, found)  # may add plans named by part of a title
        lowered, lex = question.lower(), question_words()
        forms = _forms(lowered, lex)
        vector = features(_with_placeholders(question, found))
        idf = self._index.idf
        candidates = []
        for name, q in self.queries.items():
            best = max((_cosine(vector, ex, idf) for ex in self._index.examples[name]), default=0.0)
            pooled = _cosine(vector, self._index.pools[name], idf)
            similarity = (1 - POOL_WEIGHT) * best + POOL_WEIGHT * pooled
            parameters, missing, used = self._fill(q, found)
            filled = sum(1 for p in q.parameters if p.name in parameters)
            unused = [f"{e.surface} ({e.kind})" for i, e in enumerate(found) if i not in used and e.kind in RESTRICTING]
            score = similarity + FILL_BONUS * filled - MISSING_PENALTY * (len(missing) + len(unused))
            score += sum(FORM_BONUS if tag in q.tags else -FORM_BONUS for tag in forms)
            if "comparison" in q.tags and "comparison" not in forms and any(e.kind == "place" for e in found):
                score -= FORM_BONUS / 2  # one place named and nothing to compare it with
            # role words (牵头, lead) say what is asked; other names only fill parameters
            shared = sum(1 for t in vector if (t == "<role>" or not t.startswith("<")) and t in self._index.pools[name])
            candidates.append(Candidate(name, round(score, 4), round(similarity, 4), parameters, missing, shared, unused))
        candidates.sort(key=lambda c: (-c.score, c.name))
        return Mapping(question, found, candidates, objections=objections)

    def _objections(self, question: str, found: list[Entity]) -> list[str]:
        """Reasons to decline whatever the query: names that are not in the graph as
        named, places without plans, years the graph holds nothing of, words in the place
        of a name that the graph never saw, a number of something the graph does not
        count. A plan named by part of its title (十四五规划) is added to ``found``."""
        lex = question_words()
        out: list[str] = []

        def object_to(reason: str, name: str) -> None:
            if not any(name in o for o in out):
                out.append(reason)

        agencies = [e for e in found if e.kind == "agency"]
        places = [e for e in found if e.reading("place") is not None]
        for start, end, name in _division_names(question, lex):
            inside = next((a for a in agencies if a.start <= start and end <= a.end), None)
            if inside is not None:
                continue  # part of a known agency's name (济宁市民政局)
            abutting = next((a for a in agencies if start < a.start <= end), None)
            if abutting is not None:
                printed = question[start:abutting.end]
                out.append(f"the graph holds no agency {printed} (it knows {abutting.value}, which is not it)")
                continue
            named = _agency_after(question, end)
            if named is not None and not any(a.start <= start and named <= a.end for a in agencies):
                out.append(f"the graph holds no agency {question[start:named]}")
                continue
            if self.plan_places is not None and not self._has_plans(name) and not any(
                    e.start <= start and end <= e.end and self._has_plans(e.reading("place") or "") for e in places):
                out.append(f"the graph holds no plan of {name}")
        if self.plan_places is not None:
            for e in places:
                value = e.reading("place") or ""
                if not self._has_plans(value) and not any(value in o for o in out):
                    if e.kind == "place" or not any(e.reading(k) for k in RESTRICTING - {"place"}):
                        out.append(f"the graph holds no plan of {e.surface}")
        if self.years is not None and self.years:
            for e in found:
                if e.kind == "year" and int(e.value) not in self.years:
                    out.append(f"the graph holds nothing of the year {e.value} "
                               f"(its plans and targets are of {min(self.years)}–{max(self.years)})")
        for name in _unknown_names(question, found, lex, self._known):
            object_to(f"the graph knows no place, agency or plan named {name}", name)
        self._unexplained(question, found, object_to)
        lowered = question.lower()
        if any(_word_in(lowered, cue) for cue in lex.count_cues) and not any(
                _word_in(lowered, w) for w in lex.countables):
            out.append("it asks for a number of something the graph does not count "
                       "(it counts measures, targets, agencies and plans)")
        return out

    def _has_plans(self, name: str) -> bool:
        """Is ``name`` (济宁, 济宁市, Jining) a name of a place with plans, as a place
        parameter would match it?"""
        from mskg.queries.resolution import RULES

        assert self.plan_places is not None
        return bool(name) and any(RULES["place"].label(name, n) for n in self.plan_places)

    def _unexplained(self, question: str, found: list[Entity], object_to: Callable[[str, str], None]) -> None:
        """Words that name something the graph does not know: runs of words no name of
        the graph covers and neither the question lexicon nor the stored queries use.

        - a run that ends like an agency's name (国家航天局, 市宇航局; the endings are
          ``lexicons/agencies.ttl``'s) names an agency the graph does not hold;
        - a run before a word for a plan (十三五规划) names a plan by its title: it is
          honoured as a plan when a stored plan's title holds it (十四五), else refused;
        - a run of nouns in the place of a place or of the subject (在火星, 火星上, 霍格沃茨的,
          纳尼亚王国有: ``qw:placeBefore``, ``qw:placeAfter``) that no stored document
          contains names a place or thing the graph never saw.
        """
        lex = question_words()
        runs = _unexplained_runs(question, found, self._known)
        if not runs:
            return
        unseen: list[tuple[str, str]] = []
        for start, end, text in runs:
            after = question[end:]
            plan_word = next((w for w in lex.plan_words if after.startswith(w)), None)
            if plan_word is not None and text + plan_word in self._known:
                continue  # a word for plans itself (政策文件)
            if plan_word is not None:
                titles = self.names.labels_of("plan")
                if any(text in t for t in titles):
                    found.append(Entity("plan", text, question[start:end + len(plan_word)], start, end + len(plan_word)))
                    found.sort(key=lambda e: e.start)
                elif titles:
                    object_to(f"the graph holds no plan {text}{plan_word}", text)
                continue
            for s, e, noun in _noun_runs(text):
                name_start, name_end = start + s, start + e
                if len(noun) < 2:
                    continue
                if _names_agency(noun):
                    object_to(f"the graph holds no agency {noun}", noun)
                    continue
                before = question[:name_start]
                rest = question[name_end:]
                framed = (any(before.endswith(w) for w in lex.place_before)
                          or any(rest.startswith(w) for w in lex.place_after))
                if framed:
                    unseen.append((noun, f"the graph knows no place, agency or plan named {noun}"))
        if unseen and self.in_documents is not None:
            seen = self.in_documents(sorted({w for w, _ in unseen}))
            for word, reason in unseen:
                if word not in seen:
                    object_to(reason, word)

    @staticmethod
    def _fill(q: StoredQuery, found: list[Entity]) -> tuple[dict[str, str], list[str], set[int]]:
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
        return parameters, missing, used


def plan_places(store) -> frozenset[str]:
    """Every name (label, short name, division code) of a place that has a plan or lies
    around one."""
    text = (files("mskg.graph_store.sparql") / "plan_places.rq").read_text(encoding="utf-8")
    return frozenset(str(row[0]) for row in store.query(text).rows if row[0] is not None)


def graph_years(store) -> frozenset[int]:
    """The years the graph holds something of (plan periods, years of targets and measures)."""
    text = (files("mskg.graph_store.sparql") / "graph_years.rq").read_text(encoding="utf-8")
    years: set[int] = set()
    for start, end in store.query(text).rows:
        try:
            first, last = int(str(start)), int(str(end if end is not None else start))
        except (TypeError, ValueError):
            continue
        if 0 <= last - first <= 100:
            years.update(range(first, last + 1))
    return frozenset(years)


def words_in_documents(store, words: list[str]) -> set[str]:
    """Which of ``words`` occur in the text of a stored document (bound, not pasted)."""
    from rdflib import Literal

    if not words:
        return set()
    text = (files("mskg.graph_store.sparql") / "words_in_documents.rq").read_text(encoding="utf-8")
    result = store.query(text, bindings={"word": [Literal(w) for w in words]})
    return {str(row[0]) for row in result.rows if row[0] is not None}


def _division_names(question: str, lex: QuestionWords) -> list[tuple[int, int, str]]:
    """Administrative divisions anywhere in China that the question names, as
    (start, end, name printed), from the division dataset and jieba's place names."""
    from mskg.ingest import tokenizer
    from mskg.ingest.places import find_places

    out = [(span.start, span.end, span.quote) for place in find_places(question, None) for span in place.spans]
    taken = [(s, e) for s, e, _ in out]
    for m in re.finditer(r"[\u3400-\u9fff]+", question):
        for s, e, token in tokenizer.boundaries(m.group()):
            s, e = m.start() + s, m.start() + e
            if token in lex.not_places or not (tokenizer.name_tag(token) or "").startswith("ns"):
                continue
            if not any(s < b and a < e for a, b in taken):
                out.append((s, e, token))
    return sorted(out)


def _agency_after(question: str, end: int) -> int | None:
    """Where an agency name that begins with the place name ending at ``end`` ends
    (汶上县|交通局), or None: up to ten characters of a name that end like an agency's."""
    m = re.match(r"[\u3400-\u9fff]{0,10}", question[end:])
    stretch = m.group() if m else ""
    stop = re.search(r"[的有哪在与及是]", stretch)  # words that end a name
    stretch = stretch[: stop.start()] if stop else stretch
    ends = [k for k in range(len(stretch), 0, -1) if _names_agency(stretch[:k], prefix=question[:end])]
    return end + ends[0] if ends else None


def _names_agency(name: str, prefix: str = "") -> bool:
    """Does ``name`` (after ``prefix``, a place name) end like one agency's name, by the
    endings of ``lexicons/agencies.ttl``: 国家航天局, 交通局, not 社会 (会 inside a common
    word) nor 有关部门 (several bodies)?"""
    from mskg.ingest import agencies, tokenizer

    ending = agencies.end_word(name)
    if ending is None or not ending.body or len(prefix + name) < 3:
        return False
    if len(ending.word) == 1:
        last = tokenizer.boundaries(name)[-1][2]
        # a one-character ending inside an ordinary word (社会, 市场) ends no name
        if last != ending.word and tokenizer.dictionary_frequency(last) >= COMMON_WORD and not agencies.is_known_body(last):
            return False
    return agencies.resolve(prefix + name, None).kind != "collective"


def _unexplained_runs(question: str, found: list[Entity], known: frozenset[str]) -> list[tuple[int, int, str]]:
    """Runs of Chinese words of ``question`` that no entity covers and ``known`` lacks,
    as (start, end, text)."""
    from mskg.ingest import tokenizer

    covered = [(e.start, e.end) for e in found]
    runs: list[list[int]] = []
    for m in _HAN_RUN.finditer(question):
        for s, e, token in tokenizer.boundaries(m.group()):
            s, e = m.start() + s, m.start() + e
            if token in known or any(s < b and a < e for a, b in covered):
                continue
            if runs and runs[-1][1] == s:
                runs[-1][1] = e
            else:
                runs.append([s, e])
    return [(s, e, question[s:e]) for s, e in runs]


def _noun_runs(text: str) -> list[tuple[int, int, str]]:
    """The runs of nouns (names, place words, unknown words) in ``text``, by jieba's parts
    of speech: a verb (列举), a pronoun (哪些) or a number is not a name."""
    out: list[list[int]] = []
    at = 0
    for word, flag in _pos_tagger().cut(text):
        start, at = at, at + len(word)
        if flag[:1] in ("n", "j", "s", "x") or flag == "eng":
            if out and out[-1][1] == start:
                out[-1][1] = at
            else:
                out.append([start, at])
    return [(s, e, text[s:e]) for s, e in out]


@functools.lru_cache(maxsize=1)
def _pos_tagger():
    """jieba's part-of-speech tagger over the shared dictionary (loaded on first use)."""
    import jieba.posseg

    from mskg.ingest import tokenizer

    return jieba.posseg.POSTokenizer(tokenizer.tokenizer())


def _unknown_names(question: str, found: list[Entity], lex: QuestionWords, known: frozenset[str] = frozenset()) -> list[str]:
    """Capitalised English names (Shanghai, New York) that no recognised name covers; a
    capitalised word of the stored questions (Measures …) is a word, not a name."""
    out = []
    for m in re.finditer(r"(?<![A-Za-z])[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*(?![A-Za-z])", question):
        word = m.group().lower()
        if word in lex.question_words or word in lex.stopwords or (" " not in word and _stem(word) in known):
            continue
        if any(e.start <= m.start() and m.end() <= e.end for e in found):
            continue
        out.append(m.group())
    return out


def _forms(lowered: str, lex: QuestionWords) -> list[str]:
    """What a question asks for besides rows: ``count`` (多少, how many) and ``comparison``
    (对比, across). A Chinese count word inside a modifier (几个规划都有的指标: the
    indicators several plans share) asks for no number: only one after the last 的 does."""
    main = lowered.rsplit("的", 1)[-1]
    counting = any(_word_in(lowered if cue.isascii() else main, cue) for cue in lex.count_cues)
    comparing = any(_word_in(lowered, cue) for cue in lex.compare_cues)
    return [tag for tag, asked in (("count", counting), ("comparison", comparing)) if asked]


def _word_in(text: str, word: str) -> bool:
    """``word`` in ``text``; an English word only as a whole word."""
    if not word.isascii():
        return word in text
    return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text) is not None


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
    from mskg.queries.resolution import Resolver

    query = mapper.queries[best.name]
    bindings = query.bindings(dict(best.parameters), Resolver(store))
    result = store.query(query.text, bindings=bindings)
    return Answer(mapping, query, dict(best.parameters), result, bindings)


def explain(answer: Answer, *, sparql: bool = False) -> str:
    """What ``mskg ask`` prints before the answer: the chosen query and its parameters
    (with ``sparql``, the names recognised, the scores and the query text), or, when no
    query fits, the three nearest queries."""
    mapping = answer.mapping
    lines = []
    if answer.query is None:
        top = mapping.candidates[0] if mapping.candidates else None
        if mapping.objections:
            reason = "declined: " + "; ".join(mapping.objections)
        else:
            reason = "no stored query fits this question well"
            if top is not None and top.missing:
                reason += f" (the nearest, {top.name}, needs {', '.join(top.missing)})"
            elif top is not None and top.unused:
                reason += (f" (the nearest, {top.name}, cannot take {', '.join(top.unused)}, "
                           "and answering without it would answer another question)")
            elif top is not None and not top.shared_words and mapping.entities:
                reason += " (it names things but asks nothing the stored queries answer)"
        lines.append(reason + "; the nearest stored questions are:")
        for c in mapping.nearest():
            q_summary = answer_summary(c.name)
            example = _nearest_example(c.name, mapping.question)
            # after an objection the recognised names may be the wrong ones: never suggest them
            params = " ".join(f"-p {k}={'…' if mapping.objections else v}" for k, v in c.parameters.items())
            lines.append(f"  mskg query {c.name} {params}".rstrip() + f"    # {q_summary} (score {c.score:.2f})")
            if example:
                lines.append(f"      e.g. “{example}”")
        return "\n".join(lines)
    q = answer.query
    values = {p.name: p.default for p in q.parameters if p.default is not None}
    values.update(answer.parameters)
    shown = " ".join(f"-p {k}={v}" for k, v in values.items())
    lines.append(f"query: {q.name} — {q.summary.get('zh', '')} / {q.summary.get('en', '')}")
    lines.append(f"run as: mskg query {q.name} {shown}".rstrip())
    if sparql:
        def term(v) -> str:
            return ", ".join(t.n3() for t in v) if isinstance(v, (list, tuple)) else v.n3()

        bound = answer.bindings
        lines.append("bindings: " + ("; ".join(f"?{k} = {term(v)}" for k, v in sorted(bound.items())) or "(none)"))
        found = ", ".join(f"{e.surface}→{e.kind}:{e.value}" for e in mapping.entities) or "(none)"
        lines.append(f"recognised: {found}")
        lines.append("scores: " + ", ".join(f"{c.name} {c.score:.2f}" for c in mapping.nearest()))
        lines.append("SPARQL (parameters bound as RDF terms, not pasted):")
        lines.append(q.text.rstrip())
    return "\n".join(lines)


def _nearest_example(name: str, question: str) -> str:
    """The example question of stored query ``name`` that shares most with ``question``."""
    q = load_all().get(name)
    if q is None or not q.questions:
        return ""
    asked = features(question)
    return max(q.questions, key=lambda e: (sum(min(v, features(e).get(t, 0)) for t, v in asked.items()), -len(e)))


def answer_summary(name: str) -> str:
    q = load_all().get(name)
    return "" if q is None else q.summary.get("en", "")


__all__ = [
    "Answer",
    "Candidate",
    "Entity",
    "GraphNames",
    "Mapping",
    "QuestionMapper",
    "THRESHOLD",
    "ask",
    "entities",
    "explain",
    "features",
    "lexicon",
]
