"""Agency names: split printed lists, resolve printed forms to one identity per body.

Interface used by the pipeline (kept stable):

- ``split_names(text, offset=0) -> list[tuple[int, int, str]]``: the agency names in
  a printed list (``县民政局、县财政局，各县（市、区）``) as (start, end, name) with
  offsets shifted by ``offset``; names containing brackets stay whole.
- ``resolve(printed, jurisdiction) -> Agency``: the formal full name, kind, level,
  functional category and jurisdiction of a printed form, given the plan's
  jurisdiction (a ``Place`` or None).

Knowledge is data: ``lexicons/agencies.ttl`` (departments, party organs, people's
organisations and their printed abbreviations; vertical agencies and state
companies as name patterns and templates; collective references) and
``lexicons/agency-categories.ttl`` (the SKOS scheme of functional categories, with
words that assign a category to a body the lexicon does not list). Places and the
jurisdiction's hierarchy come from :mod:`mskg.ingest.places`.

One IRI per body: ``resolve`` returns the same ``full`` for every printing of a body
(市卫健委 / 市卫生健康委员会 / a county plan's 市卫健委), and
``mskg.identifiers.agency_iri`` derives the IRI from ``full`` alone. Decisions:

- a level word is read from the plan's view (县民政局 in 汶上县's plan is 汶上县民政局,
  市民政局 there is 济宁市民政局; in 孝义市's own plan 市 is 孝义市); 县民政局 in a city's
  plan means every county's bureau and is collective;
- a branch of a higher body (市生态环境局汶上县分局) keeps the higher body's name and
  has the unit it serves (汶上县) as jurisdiction and level;
- collective references (各县（市、区）, 各乡镇（街道）, 相关驻汶单位) have kind and level
  ``collective`` and a full name in the gold style, never a single body's;
- national bodies printed with 国家 have level ``national`` and no jurisdiction;
- a body the lexicon does not know keeps its printed name after the jurisdiction
  (县规划事务中心 → 汶上县规划事务中心), its kind by its last word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from mskg.errors import InputError, LexiconError
from mskg.identifiers import SCHEME
from mskg.ingest import places
from mskg.ingest.model import Agency, Place
from mskg.ingest.places import Unit
from mskg.ingest.structure_lexicon import entries, word_alternation, words_by_notation
from mskg.ingest.text import simplified, simplified_view
from mskg.lexicons import Lexicon, load

# --------------------------------------------------------------------------- splitting

_OPEN = "（(［[【〔"
_CLOSE = "）)］]】〕"
# Hard separators end a name wherever they stand outside brackets (a slash too:
# 市卫健局/市发改局/市妇幼保健院).
_HARD_SEP = set("、，,；;。/／")
# Soft separators (white space, line breaks inside table cells) end a name unless the
# fragment before them is a name broken in the middle of a word.
_SOFT_SEP = set(" \t\r\n\u3000\u00a0")


@lru_cache(maxsize=1)
def _label() -> re.Pattern[str]:
    """A leading role label: 牵头单位：… / 责任单位: … / 责任人: (how a role label ends: the
    structure lexicon's ``role-label-end`` and the agencies lexicon's ``role-label-person``)."""
    ends = words_by_notation("headings")["role-label-end"] + name_words("role-label-person")
    return re.compile(rf"^\s*(?:[\u4e00-\u9fff]{{0,4}}(?:{word_alternation(ends)}))\s*[:：]\s*")


def split_names(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """The agency names printed in a list, with their offsets.

    Separators are 、，,；; and white space (line breaks and tabs of table cells); a
    name keeps its brackets (各县（市、区）, 镇人民政府(街道办事处)) and a bracketed note
    such as （黑体字为牵头单位，下同） is dropped, as are a leading role label
    (``牵头单位：``) and trailing words (``等``, ``牵头``, ``配合``). ``quote ==
    text[start:end]`` holds for every name, shifted by ``offset``.

    >>> split_names("县民政局、县财政局，各乡镇（街道）等")
    [(0, 4, '县民政局'), (5, 9, '县财政局'), (10, 17, '各乡镇（街道）')]
    >>> split_names("市民政局\\n（黑体字为牵头单位，下同）\\n市财政局", offset=100)
    [(100, 104, '市民政局'), (119, 123, '市财政局')]
    """
    printed = text
    text = simplified_view(text)  # 繁體 is cut like simplified (與, 牽頭, 等單位), quoted as printed
    # an HTML line break (<br>, of a Markdown or web table cell) separates units like 、
    text = _HTML_BREAK.sub(lambda m: "、" + " " * (len(m.group()) - 1), text)
    pieces = _pieces(text)
    joined = _join_broken(text, pieces)
    pieces = [p for s, e in joined for p in _split_run_together(text, s, e)]
    out: list[tuple[int, int, str]] = []
    for start, end in pieces:
        span = _clean(text, start, end)
        if span is None:
            continue
        s, e = span
        if out and _shares_collective(text, out[-1][0] - offset, out[-1][1] - offset, s, e):
            s = out.pop()[0] - offset  # 各乡镇政府、街道办事处: one collective
        out.append((offset + s, offset + e, printed[s:e]))
    return out


@lru_cache(maxsize=1)
def _shared_kind() -> re.Pattern[str]:
    """A bare kind of unit after a collective, sharing its 各 (各乡镇政府、街道办事处):
    the lexicon's ``shared-kind`` words."""
    return re.compile(word_alternation(name_words("shared-kind")))


def _shares_collective(text: str, ps: int, pe: int, s: int, e: int) -> bool:
    """Does the name ``text[s:e]`` only add a kind of unit to the collective
    ``text[ps:pe]`` printed just before it, after a 、?"""
    return (
        text[ps:pe].startswith(name_words("collective-word"))
        and text[pe:s] == "、"
        and _shared_kind().fullmatch(text[s:e]) is not None
    )


_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _pieces(text: str) -> list[tuple[int, int, str]]:
    """Cut ``text`` at separators outside brackets; drop bracketed notes.

    Returns (start, end, separator kind) triples, kind ``hard``/``soft``/``end``: the
    separator that closed the piece.
    """
    out: list[tuple[int, int, str]] = []
    depth = 0
    start = 0
    bracket_start = -1
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _OPEN:
            if depth == 0:
                bracket_start = i
            depth += 1
        elif ch in _CLOSE and depth > 0:
            depth -= 1
            if depth == 0 and _note().search(text[bracket_start:i + 1]):
                # a note: close the piece before it and skip it
                if text[start:bracket_start].strip():
                    out.append((start, bracket_start, "hard"))
                start = i + 1
        elif depth == 0 and ch in _HARD_SEP:
            out.append((start, i, "hard"))
            start = i + 1
        elif depth == 0 and ch in _SOFT_SEP:
            out.append((start, i, "soft"))
            start = i + 1
        i += 1
    if depth > 0:  # unbalanced bracket: fall back to cutting inside it too
        return _pieces_flat(text)
    out.append((start, n, "end"))
    return [p for p in out if text[p[0]:p[1]].strip()]


def _pieces_flat(text: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for m in re.finditer(r"[^、，,；;。/／\s]+", text):
        out.append((m.start(), m.end(), "hard"))
    return out


def _join_broken(text: str, pieces: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Join a fragment cut by a line break in the middle of a word with the next one."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        s, e, kind = pieces[i]
        while kind == "soft" and i + 1 < len(pieces) and _broken(text, s, e, pieces[i + 1]):
            i += 1
            e, kind = pieces[i][1], pieces[i][2]
        out.append((s, e))
        i += 1
    return out


def _broken(text: str, s: int, e: int, following: tuple[int, int, str]) -> bool:
    """Is ``text[s:e]`` the first part of a name cut by white space?

    A line break inside a word (市住房城乡建 / 设局) or a space after a bare level word
    (市 民政局): the next piece ends like a name and nothing but white space lies between.
    """
    gap = text[e:following[0]]
    left = text[s:e].strip()
    right = text[following[0]:following[1]].strip()
    if not re.fullmatch(r"\s+", gap) or right.startswith(name_words("collective-word")):
        return False
    if ("\n" in gap and right and right[0] not in _name_start() and not ends_like_body(left)
            and ends_like_body(left + right)):
        return True  # 各乡镇人民政 / 府, 县 / 人民医院: a hard wrap inside a body's name
    if not ends_like_name(right):
        # a fragment ending otherwise before a line break is a word broken by the scrape
        return False
    if "\n" in gap:
        # a line break between two complete names separates them: the left one ends
        # like a body's name or with a body the lexicon knows (市残联, 县科协) and the
        # right one starts with its own level word (市民政局)
        if ends_like_name(left):
            return False
        return not (right[0] in _name_start() and _ends_with_known_body(left))
    return len(left) == 1 and left in "省市县区"  # 市 民政局


def is_known_body(name: str) -> bool:
    """Does a printed name stand for a body of a known function (市民政局, 市资规局,
    温州港华燃气), rather than a word that merely ends like one (养老机构, 部门)?"""
    s = normalise(name)
    return resolve(name, None).category is not None or _ends_with_known_body(s) or _town_name().fullmatch(s) is not None


@lru_cache(maxsize=1)
def _town_name() -> re.Pattern[str]:
    """A town or street named in a list of units (义宁镇, 城南街道): its government."""
    kinds = word_alternation(_township_kinds())
    tails = word_alternation(name_words("township-government-tail"))
    return re.compile(rf"[\u4e00-\u9fff]{{2,4}}(?<!小)(?:{kinds})(?:{tails})?")


@lru_cache(maxsize=1)
def _name_start() -> str:
    """First characters of a name printed with its own level: 市民政局, and 团 of 团县委."""
    return _level_chars() + party_words().league_short


def _ends_with_known_body(piece: str) -> bool:
    """Does ``piece`` end with the name of a body the lexicon knows (残联, 科协, 民政局)?"""
    forms, longest = _body_forms()
    return any(piece[-k:] in forms for k in range(2, min(longest, len(piece)) + 1))


@lru_cache(maxsize=1)
def _body_forms() -> tuple[frozenset[str], int]:
    lex = lexicon()
    forms = frozenset(f for f in (*lex.bodies, *lex.party, *lex.party_direct) if len(f) >= 2)
    return forms, max(map(len, forms), default=0)


def _split_run_together(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Names printed without a separator (市民政局市财政局, a table cell whose line
    breaks were lost) or joined by a conjunction (市民政局和市卫生健康委共同负责,
    市人社局与市总工会): cut after a known body's name when a level word follows,
    directly or after 和 / 与 / 及 (人力资源和社会保障局 keeps its 和: no body's
    name ends before it, and no level word follows it)."""
    out: list[tuple[int, int]] = []
    piece = text[start:end]
    conjunctions = _conjunctions()
    # a conjunction after a short known name (市残联和市教育局) or a company's
    # (遵义港华燃气与市住建局联合实施) is a cut point too
    conj = [
        i
        for i, c in enumerate(piece)
        if c in conjunctions and i >= 3 and (_ends_with_known_body(piece[:i]) or kind_by_ending(piece[:i]) == "enterprise")
    ]
    ends = sorted(set(_core_ends(piece)) | set(conj))
    cut = start
    for k in ends:
        pos = start + k
        if pos >= end:
            continue
        skip = 1 if text[pos] in conjunctions and pos + 1 < end else 0
        rest = text[pos + skip : end].strip()
        if text[pos + skip] not in "省市县区团各" and not (skip and _town_name().fullmatch(rest)):
            continue  # 市发展改革委和博鳌镇: a town named after the conjunction is a unit too
        if len(rest) >= 3 and ends_like_name(rest) and pos - cut >= 3:
            out.append((cut, pos))
            cut = pos + skip
    out.append((cut, end))
    return out


@lru_cache(maxsize=1)
def _conjunctions() -> str:
    """Conjunctions joining two names in a role statement (市民政局和市卫生健康委共同负责),
    one character each: the lexicon's ``conjunction`` words."""
    return "".join(name_words("conjunction"))


def _core_ends(piece: str) -> list[int]:
    """End offsets in ``piece`` of the names of bodies the lexicon knows."""
    return sorted({end + 1 for end, _ in _core_automaton().iter(piece)})


@lru_cache(maxsize=1)
def _core_automaton() -> "ahocorasick.Automaton":
    lex = lexicon()
    a = ahocorasick.Automaton()
    for form in set(lex.bodies) | set(lex.party) | set(lex.party_direct):
        if len(form) >= 3:
            a.add_word(form, form)
    a.make_automaton()
    return a


# Symbols a list may print beside a unit to mark it (带★的为牵头单位): not part of the name.
_MARK_SYMBOLS = "★☆*＊※▲△●◆■"


def _clean(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim labels, white space, quotes and trailing words from one piece."""
    piece = text[start:end]
    m = _label().match(piece)
    if m:
        start += m.end()
        piece = text[start:end]
    # (and the @ of a mention: @区人社局 牵头, as a note-taking app prints a unit)
    lead = len(piece) - len(piece.lstrip(" \t\r\n\u3000\u00a0“”\"'‘’《》@＠" + _MARK_SYMBOLS))
    start += lead
    piece = text[start:end]
    piece_r = piece.rstrip(" \t\r\n\u3000\u00a0“”\"'‘’《》:：" + _MARK_SYMBOLS)
    end = start + len(piece_r)
    while True:
        m = _tail().search(text[start:end])
        if not m or m.start() == 0:
            break
        end = start + m.start()
    if end <= start:
        return None
    name = text[start:end]
    if "\n" in name:
        return start, end  # joined across a line break: kept as printed
    if not re.search(r"[\u4e00-\u9fff]", name):
        return None
    return start, end



@lru_cache(maxsize=1)
def _note() -> re.Pattern[str]:
    """A bracketed note rather than part of a name: 黑体字为牵头单位，下同 / 排名第一的为牵头单位
    / （牵头）: the inline role words of the structure lexicon, or words of a note about
    the list's order and print (the agencies lexicon's ``list-note``)."""
    roles = [w for e in entries("roles") if e.before for w in e.words]
    return re.compile(rf"{word_alternation(roles)}|{word_alternation(name_words('list-note'))}")


@lru_cache(maxsize=1)
def _tail() -> re.Pattern[str]:
    """Trailing words that are not part of the name: 等 / 等3个部门 (grammar) and the
    inline role words of the structure lexicon (牵头, 配合, 按职责分工负责)."""
    roles = [w for e in entries("roles") if e.before for w in e.words]
    return re.compile(
        r"(?:等(?:\d+|[一二两三四五六七八九十]+)?个?(?:有关|相关)?(?:成员)?(?:单位|部门)?"
        rf"|{word_alternation(roles)})$"
    )


# --------------------------------------------------------------------------- lexicon

@lru_cache(maxsize=None)
def name_words(notation: str) -> tuple[str, ...]:
    """The words of one concept of the agencies lexicon's ``agl:name-words`` scheme
    (``township-kind``, ``shared-kind``…), longest first."""
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    lex = load("agencies.ttl", "agency-categories.ttl")
    for concept in lex.in_scheme(URIRef(_AGL + "name-words")):
        if lex.text(concept, SKOS.notation) == notation:
            return tuple(sorted(lex.texts(concept, SKOS.altLabel), key=lambda w: (-len(w), w)))
    raise LexiconError(f"lexicons/agencies.ttl: no agl:name-words concept {notation!r}")


@dataclass(frozen=True)
class PartyWords:
    """The words the organs of the party and the youth league are named with (one
    ``agl:name-words`` concept each); the order of the parts is the grammar here."""

    party: str  # 中共: how a party organ's formal name begins
    committee: str  # 委员会: a committee, formally
    committee_short: str  # 委: as printed after its unit (县委, 县委组织部)
    working_committee: str  # 工作委员会
    working_committee_short: str  # 党工委
    party_committee: str  # 党委 (镇党委)
    league: str  # 共青团
    league_short: str  # 团 (团县委, 县团委)
    government_short: str  # 政府 (政府办公室 → 人民政府办公室)


@lru_cache(maxsize=1)
def party_words() -> PartyWords:
    """The party's and the league's naming words of the agencies lexicon."""

    def one(notation: str) -> str:
        words = name_words(notation)
        if len(words) != 1:
            raise LexiconError(f"lexicons/agencies.ttl: agl:name-words concept {notation!r} has "
                               f"{len(words)} words, not one")
        return words[0]

    return PartyWords(
        one("party-prefix"), one("committee"), one("committee-short"), one("working-committee"),
        one("working-committee-short"), one("party-committee"), one("league-prefix"), one("league-short"),
        one("government-short"),
    )


@lru_cache(maxsize=1)
def _youth_league_names() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """团县委 and 县团委 (the level character in group 1), and 共青团X委(员会) / X团委."""
    w = party_words()
    league, short, committee, c_short = (re.escape(x) for x in (w.league, w.league_short, w.committee,
                                                                 w.committee_short))
    return (
        re.compile(rf"{short}([省市县区州旗]){c_short}"),
        re.compile(rf"([省市县区州旗]){short}{c_short}"),
        re.compile(rf"(?:{league})?(.+?){short}{c_short}|{league}(.+?)(?:{committee}|{c_short})"),
    )


@lru_cache(maxsize=1)
def _township_kinds() -> tuple[str, ...]:
    """How a township's name ends: a street's (街道) or a town's (镇, 乡), from the
    places lexicon."""
    return _street_kinds() + _town_kinds()


def _street_kinds() -> tuple[str, ...]:
    return places.lexicon().words("streetKind")


def _town_kinds() -> tuple[str, ...]:
    return places.lexicon().words("townKind")


@lru_cache(maxsize=1)
def _level_chars() -> str:
    """The level words of a province, a city, a county or a district (省市州盟县旗区),
    from the places lexicon: a name printed with one of them before it is its unit's."""
    lex = places.lexicon()
    return "".join(w for name in ("provinceWord", "cityWord", "countyWord", "districtWord") for w in lex.words(name))


def _government_of(level: str) -> str:
    """The formal name of a unit's own government after the unit's name: 人民政府, a
    street's 办事处, a zone's 管理委员会."""
    return name_words({"street": "government-of-street", "zone": "government-of-zone"}.get(level, "government-of-unit"))[0]


@lru_cache(maxsize=1)
def _government_tail() -> tuple[str, ...]:
    """What follows a unit's name to name its own government (人民政府, 办事处, 管委会…)."""
    return name_words("township-government-tail") + name_words("other-government-tail")


@lru_cache(maxsize=1)
def _function_suffixes() -> tuple[str, ...]:
    """How a department's formal name ends after its function (委员会, 局…), in the
    lexicon's order (``agl:function-suffixes``)."""
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    lex = load("agencies.ttl", "agency-categories.ttl")
    return tuple(w for c in lex.in_scheme(URIRef(_AGL + "function-suffixes")) for w in lex.texts(c, SKOS.altLabel))


_AGL = "https://w3id.org/mskg/lexicon/agencies#"


@dataclass(frozen=True)
class BodyEntry:
    formal: str  # 人力资源和社会保障局
    kind: str
    category: str | None
    party: bool = False


@dataclass(frozen=True)
class VerticalEntry:
    key: str
    kind: str
    category: str | None
    patterns: tuple[re.Pattern, ...]
    templates: tuple[tuple[str, str], ...]  # (level, template)
    province_prefix: tuple[tuple[str, str], ...]  # (province, company prefix)
    province_templates: tuple[tuple[str, str, str], ...] = ()  # (province, level, template)
    provinces: tuple[str, ...] = ()  # the provinces it serves; empty: all


@dataclass(frozen=True)
class NameEnding:
    """The formal ending of a body's name and its printed short forms (管委会 → 管理委员会)."""

    formal: str
    printed: tuple[str, ...]  # longest first
    kind: str
    level: str | None
    category: str | None


@dataclass(frozen=True)
class CollectiveEntry:
    key: str
    pattern: re.Pattern
    template: str
    category: str | None


@dataclass(frozen=True)
class EndWord:
    """A word a printed name ends with (局, 中心, 公司, 县, 燃气): the kind of body it
    implies (None: none) and whether it ends a body's formal name, or rather a unit's
    (县, 镇, 街道) or a trade name's (华润燃气)."""

    word: str
    kind: str | None = None
    body: bool = True
    branch: bool = False  # a branch in a lower unit (分局, 大队)


@dataclass(frozen=True)
class AgencyLexicon:
    bodies: dict[str, BodyEntry]  # printed core → entry
    party: dict[str, BodyEntry]  # printed core after X委 → entry
    party_direct: dict[str, BodyEntry]  # printed core right after the jurisdiction (纪委监委)
    verticals: tuple[VerticalEntry, ...]
    collectives: tuple[CollectiveEntry, ...]
    endings: tuple[NameEnding, ...]
    category_words: tuple[tuple[str, str], ...]  # (word, category code), longest first
    categories: dict[str, tuple[str, str]]  # code → (zh label, en label)
    end_words: dict[str, EndWord]  # how names end (agl:BodyEnding, …Branch…, …Unit…, …TradeName…)

    def function_name(self, word: str) -> str:
        """The formal function of a department word: 人社 → 人力资源和社会保障."""
        suffixes = _function_suffixes()
        for suffix in ("", *suffixes):
            e = self.bodies.get(word + suffix)
            if e is not None and e.kind == "government_department":
                for s in suffixes:
                    if e.formal.endswith(s):
                        return e.formal[: -len(s)]
        return word

    def category_of(self, name: str) -> str | None:
        for word, code in self.category_words:
            if word in name:
                return code
        return None


@lru_cache(maxsize=1)
def lexicon() -> AgencyLexicon:
    """The agencies lexicon and the category scheme (``lexicons/agencies.ttl``,
    ``lexicons/agency-categories.ttl``)."""
    return read_lexicon(load("agencies.ttl", "agency-categories.ttl"))


def read_lexicon(lex: Lexicon) -> AgencyLexicon:
    """The agency lexicon compiled from its Turtle (an entry lacking a value it needs
    is an error naming the file, the line and the entry)."""
    from rdflib import RDF, Namespace, URIRef
    from rdflib.namespace import SKOS

    agl = Namespace("https://w3id.org/mskg/lexicon/agencies#")
    g = lex.graph

    def code(node) -> str | None:
        return lex.text(node, SKOS.notation) if node is not None else None

    bodies: dict[str, BodyEntry] = {}
    party: dict[str, BodyEntry] = {}
    party_direct: dict[str, BodyEntry] = {}
    for cls, target, is_party in (
        (agl.Body, bodies, False),
        (agl.PartyBody, party, True),
        (agl.PartyDirectBody, party_direct, True),
    ):
        derived: list[tuple[str, BodyEntry]] = []
        for b in sorted(lex.instances(cls)):
            formal = lex.text(b, SKOS.prefLabel)
            if cls == agl.PartyDirectBody and (b, RDF.type, agl.PartyBody) in g:
                # an organ of the committee also printed right after the jurisdiction
                # (县宣传部, 区编办): named after the committee all the same (中共…县委宣传部)
                formal = party_words().committee_short + formal
            entry = BodyEntry(formal, lex.text(b, agl.kind), code(g.value(b, agl.category)), is_party)
            for f in sorted({formal} | {str(o) for o in g.objects(b, SKOS.altLabel)}):
                target.setdefault(f, entry)
            derived.append((formal.replace("和", ""), entry))
        # a form the lexicon lists beats one derived by dropping 和 (教育体育局 is a
        # formal name of its own, not a short form of 教育和体育局)
        for f, entry in derived:
            target.setdefault(f, entry)
    verticals = []
    for v in lex.instances(agl.Vertical):
        templates = tuple(
            sorted((lex.text(t, agl.level), lex.text(t, agl.template)) for t in g.objects(v, agl.levelTemplate))
        )
        overrides = list(g.objects(v, agl.provinceTemplate))
        prefixes = tuple(
            sorted(
                (lex.text(t, agl.province), lex.text(t, agl.prefix))
                for t in overrides
                if g.value(t, agl.prefix) is not None
            )
        )
        province_templates = tuple(
            sorted(
                (lex.text(t, agl.province), lex.text(t, agl.level), lex.text(t, agl.template))
                for t in overrides
                if g.value(t, agl.template) is not None
            )
        )
        verticals.append(
            (
                int(lex.text(v, agl.order)),
                VerticalEntry(
                    str(v).rsplit("#", 1)[-1],
                    lex.text(v, agl.kind),
                    code(g.value(v, agl.category)),
                    tuple(lex.compile(v, p) for p in lex.texts(v, agl.pattern)),
                    templates,
                    prefixes,
                    province_templates,
                    tuple(sorted(str(p) for p in g.objects(v, agl.servesProvince))),
                ),
            )
        )
    collectives = []
    for c in lex.instances(agl.Collective):
        collectives.append(
            (
                int(lex.text(c, agl.order)),
                CollectiveEntry(
                    str(c).rsplit("#", 1)[-1],
                    lex.pattern(c, agl.pattern),
                    lex.text(c, agl.template),
                    code(g.value(c, agl.category)),
                ),
            )
        )
    endings = []
    for e in sorted(lex.instances(agl.NameEnding)):
        endings.append(
            NameEnding(
                lex.text(e, SKOS.prefLabel),
                tuple(sorted(set(lex.texts(e, SKOS.altLabel)), key=lambda w: (-len(w), w))),
                lex.text(e, agl.kind),
                lex.optional(e, agl.level),
                code(g.value(e, agl.category)),
            )
        )
    endings.sort(key=lambda e: -len(e.printed[0]))  # the longest printed ending first (城投集团 before 集团)
    words: list[tuple[str, str]] = []
    categories: dict[str, tuple[str, str]] = {}
    for concept in lex.in_scheme(URIRef(SCHEME + "agency-category")):
        c = code(concept)
        if c is None:
            continue
        labels = {o.language: str(o) for o in g.objects(concept, SKOS.prefLabel)}
        categories[c] = (labels.get("zh", c), labels.get("en", c))
        words.extend((str(w), c) for w in g.objects(concept, SKOS.hiddenLabel))
    end_words: dict[str, EndWord] = {}
    listed_in: dict[str, URIRef] = {}
    classes = ((agl.BodyEnding, True, False), (agl.BranchEnding, True, True), (agl.UnitEnding, False, False),
               (agl.TradeNameEnding, False, False))
    for cls, body, branch in classes:
        for e in lex.instances(cls):
            kind = lex.optional(e, agl.kind)
            for w in lex.texts(e, SKOS.altLabel):
                if w in end_words:
                    first = listed_in[w]
                    raise LexiconError(f"{lex.where(e)}: {lex.short(e)} lists {w}, which "
                                       f"{lex.short(first)} ({lex.where(first)}) lists too")
                end_words[w] = EndWord(w, kind, body, branch)
                listed_in[w] = e
    return AgencyLexicon(
        bodies=bodies,
        party=party,
        party_direct=party_direct,
        verticals=tuple(v for _, v in sorted(verticals, key=lambda p: p[0])),
        collectives=tuple(c for _, c in sorted(collectives, key=lambda p: p[0])),
        endings=tuple(endings),
        category_words=tuple(sorted(set(words), key=lambda p: (-len(p[0]), p))),
        categories=categories,
        end_words=end_words,
    )


# --------------------------------------------------------------------------- how names end

# A closing bracket ends a name as printed (各县（市、区）): grammar, not vocabulary.
_CLOSING = ")）"


@lru_cache(maxsize=1)
def name_end() -> re.Pattern[str]:
    """The one pattern of how a printed name ends: any word of ``agl:BodyEnding``,
    ``agl:BranchEnding``, ``agl:UnitEnding`` or ``agl:TradeNameEnding``, or a closing
    bracket. Searched, it matches the longest ending
    (the leftmost start wins), so ``m.group()`` is the word that decides the kind."""
    words = lexicon().end_words
    return re.compile(rf"(?:{'|'.join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))}|[{_CLOSING}])$")


def end_word(name: str) -> EndWord | None:
    """How ``name`` ends, or None when it ends like no name.

    >>> end_word("市残疾人联合会")
    EndWord(word='联合会', kind='mass_organisation', body=True, branch=False)
    >>> end_word("各乡镇").body, end_word("养老机构")
    (False, None)
    """
    m = name_end().search(name)
    if m is None:
        return None
    return lexicon().end_words.get(m.group()) or EndWord(m.group(), body=False)


def ends_like_name(name: str) -> bool:
    """Does ``name`` end like a name: a body's, a unit's or a trade name (局, 中心, 县,
    华润燃气, 各县（市、区）)?"""
    return name_end().search(name) is not None


def ends_like_body(name: str) -> bool:
    """Does ``name`` end like the formal name of a body (局, 中心, 公司), not of a unit
    (县, 镇) or a trade name (华润燃气)?"""
    e = end_word(name)
    return e is not None and e.body


def kind_by_ending(name: str) -> str:
    """The kind of body its ending implies; a government department when it implies none.

    >>> kind_by_ending("县扶贫开发领导小组办公室"), kind_by_ending("周口华润燃气")
    ('coordination_body', 'enterprise')
    """
    e = end_word(name)
    return e.kind if e is not None and e.kind else "government_department"


# --------------------------------------------------------------------------- resolving

_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "［", "]": "］"})


def normalise(printed: str) -> str:
    """The printed form in simplified characters, without white space, with full-width
    brackets (县(市、区) → 县（市、区）); Hong Kong variant characters are read as the
    standard ones first (縣衞生健康局 → 县卫生健康局).

    >>> normalise("縣衞生健康局(牽頭)")
    '县卫生健康局（牵头）'
    """
    s = "".join(unicodedata.normalize("NFKC", printed).split())
    s = s.translate(_BRACKETS).translate(_hk_variants())
    return simplified(s)


@lru_cache(maxsize=1)
def _hk_variants() -> dict[int, str]:
    """Hong Kong variant characters → standard traditional ones (衞 → 衛), from OpenCC's
    HKVariantsRev data: only those whose standard character has a simplified form the
    variant alone does not reach (衞 stays 衞 in OpenCC's t2s, 衛 becomes 卫); 抬, a
    simplified character itself, is left alone."""
    from importlib.resources import files

    table: dict[int, str] = {}
    rows = (files("opencc") / "dictionary" / "HKVariantsRev.txt").read_text(encoding="utf-8").splitlines()
    for row in rows:
        key, _, values = row.partition("\t")
        target = values.split(" ")[0] if values else ""
        if len(key) == 1 and len(target) == 1 and simplified(target) not in (key, target, simplified(key)):
            table[ord(key)] = target
    return table


def resolve(printed: str, jurisdiction: Place | None) -> Agency:
    """The body (or collective reference) a printed agency name stands for.

    ``jurisdiction`` is the plan's (a Place from :func:`mskg.ingest.places.jurisdiction_of`).
    Printed level words resolve from the plan's view: in a county plan 县民政局 is the
    county's bureau and 市生态环境局 the city's; party organs get their prefix
    (县委组织部 → 中共汶上县委组织部, 团县委 → 共青团汶上县委员会); abbreviations become
    formal names from the lexicon (卫健委 → 卫生健康委员会); a form printed in full is
    kept (县发展和改革局 → 汶上县发展和改革局). The result's ``aliases`` hold the printed form.

    Branches of a higher body (市生态环境局汶上县分局) belong to that body, and their
    jurisdiction is the unit they serve (汶上县), which is also their level.
    Collective references (各县（市、区）, 各乡镇（街道）) stay collective: kind and level
    ``collective``, full name in the gold style (济宁市各县（市、区）人民政府).

    >>> from mskg.ingest.places import jurisdiction_of
    >>> resolve("县卫健局", jurisdiction_of("汶上县人民政府")).full
    '汶上县卫生健康局'
    >>> resolve("团县委", jurisdiction_of("汶上县人民政府")).full
    '共青团汶上县委员会'
    """
    s = _without_second_name(normalise(printed))
    if not re.search(r"[\u3400-\u9fffA-Za-z]", s):
        raise InputError(f"agency name {printed!r}: no name to resolve")
    home = places.unit_of(jurisdiction)
    agency = (
        _township_own(s, home)
        or _kinds_collective(s, home)
        or _collective(s, home)
        or _lower_level_generic(s, home)
        or _national(s)
        or _vertical(s, home)
        or _youth_league(s, home)
        or _body(s, home)
        or _by_ending(s, home)
        or _unknown(s, home)
    )
    _name_zone_by_its_place(agency, home)
    agency.aliases = [printed] if printed == s else [printed, s]
    return agency


def _township_own(s: str, home: Unit | None) -> Agency | None:
    """A township's own office printed after its level word in the township's plan
    (镇社会事务办, 镇财政所 in 莲花镇's plan): named after the township (莲花镇社会事务办公室)."""
    if home is None or home.level not in ("town", "street"):
        return None
    word = next((w for w in _township_kinds() if home.name.endswith(w) and s.startswith(w)), None)
    if word is None:
        return None
    rest = s[len(word):]
    if rest in name_words("township-government-tail"):  # 镇政府: the township's own government
        full = home.name + _government_of("street" if word in _street_kinds() else "town")
        return Agency(full=full, kind="government", level=home.level, category="local_government",
                      jurisdiction=home.full)
    w = party_words()
    if rest == w.party_committee:
        return Agency(full=f"{w.party}{home.name}{w.committee}", kind="party", level=home.level, category="party_general",
                      jurisdiction=home.full)
    if len(rest) < 2 or not _looks_like_body(rest) or rest.startswith("街"):
        return None
    city = home.parent if home.parent is not None and home.parent.level == "city" else None
    if city is not None and rest.endswith("分局") and len(rest) > 2:
        # 镇财政分局 of a town directly under a city (东莞市塘厦镇): the city bureau's branch
        # in the town, 东莞市财政局塘厦分局
        bureau = resolve(city.name[-1] + rest[:-2] + "局", city.to_place())
        if bureau.level == "city" and bureau.full.startswith(city.name):
            stem = home.name[: -len(word)]
            return Agency(full=f"{bureau.full}{stem}分局", kind=bureau.kind, level=home.level,
                          category=bureau.category, jurisdiction=home.full)
    e = lexicon().bodies.get(rest)
    rest = e.formal if e is not None else _formal_ending(rest)
    kind = kind_by_ending(rest)
    # a town directly under a city is its county-level unit: its offices carry the city
    # (东莞市塘厦镇卫生健康局); a town under a county is printed alone (莲花镇社会事务办公室)
    return Agency(
        full=(places.local_name(home) if city is not None else home.name) + rest,
        kind=kind,
        level=home.level,
        category=(e.category if e is not None else lexicon().category_of(rest)),
        jurisdiction=home.full,
    )


def _name_zone_by_its_place(agency: Agency, home: Unit | None) -> None:
    """A development zone's authority printed without its place (稀土高新区管委会 in a
    city's plan) is named with the short name of the plan's division, as development
    zones are (包头稀土高新技术产业开发区管理委员会)."""
    if agency.level != "zone" or home is None or home.level not in ("city", "county", "district"):
        return
    if "开发区" not in agency.full:
        return  # new districts and parks are proper names (新蒲新区管委会)
    if agency.full[:1] in _level_chars():
        return
    leading = places.leading_units(agency.full, home)
    # only a zone the places data know inside the plan's division; another name
    # printed without a division is proper (洋浦经济开发区管理局)
    if not leading or any(u.level != "zone" or _named_by_division(u) or not u.within(home) for u, _ in leading):
        return
    agency.full = (home.short or home.name) + agency.full


def _named_by_division(zone: Unit) -> bool:
    """Does a zone's own name begin with a division above it (济宁高新技术产业开发区)?"""
    return any(zone.name.startswith(n) for u in zone.chain()[:-1] for n in (u.short, u.name) if n)


_SECOND_NAME = re.compile(r"^(?P<head>.+)（(?P<other>[^（）]{2,20})）$")


def _without_second_name(s: str) -> str:
    """A body printed with its second name in brackets (市卫生健康委（市中医药管理局）,
    a merged office) is the first body; brackets listing kinds of unit (各县（市、区）)
    or of a unit's government (各镇人民政府（街道办事处）) are part of the name."""
    m = _SECOND_NAME.match(s)
    if (
        m
        and ends_like_body(m.group("head"))
        and ends_like_body(m.group("other"))
        # 各镇人民政府（街道办事处）: a unit's government and its other kind, one collective
        and not m.group("head").endswith(_government_tail())
    ):
        return m.group("head")
    m = re.match(r"^(?P<head>.+?)（(?P<note>[^（）]*)）$", s)
    if m and _note().search(m.group("note")):
        return m.group("head")  # 市民政局（牵头）
    return s


def _ctx(home: Unit | None) -> dict[str, str]:
    if home is None:
        return {}
    city = places.city_tier(home)
    county = places.county_tier(home)
    prov = places.province_of(home)
    # a township's plan names the collectives below it after the township alone
    # (a town directly under a city with it, as its offices are: 东莞市塘厦镇各村…)
    township = home.level in ("town", "street") and not (home.parent is not None and home.parent.level == "city")
    out = {"j": home.name if township else places.local_name(home)}
    if city is not None and city.level in ("county", "district") and prov is not None and prov.name.endswith("市"):
        city = prov  # a district of 上海市, 北京市, 天津市 or 重庆市: the municipality is its city
    if city is not None:
        out["city"] = places.local_name(city)
        out["city_short"] = city.short or city.name
    elif home.level == "province":
        out["city"] = home.name
    if county is not None:
        out["county"] = places.local_name(county)
        out["county_short"] = county.short or county.name
    if prov is not None:
        out["province"] = prov.name
        out["province_short"] = prov.short or prov.name
    return out


@lru_cache(maxsize=1)
def _kinds_of_township() -> re.Pattern[str]:
    """各街道（乡、镇）: a collective word, one kind outside brackets, others inside."""
    which = word_alternation(name_words("collective-word"))
    return re.compile(rf"(?P<which>{which})(?P<head>[^（()）、]{{1,2}})[（(](?P<rest>[^（()）]+)[）)]")


def _kinds_collective(s: str, home: Unit | None) -> Agency | None:
    """A collective naming kinds of township as printed, one outside brackets and the
    others inside (各街道（乡、镇）, 各镇（街道、开发区）): each kind's government, in the
    same order (各街道办事处（乡、镇人民政府）, 各镇人民政府（街道办事处、开发区管理委员会）).
    Kinds of town printed together share one government word, and keep their brackets
    when both are towns (各乡（镇、街道） → 各乡（镇）人民政府、街道办事处). Only kinds of
    street and town (``plc:streetKind`` and ``plc:townKind`` of the places lexicon) and
    of zone (``zone-kind``) after the first; anything else is left to the lexicon's
    collectives."""
    m = _kinds_of_township().fullmatch(s)
    if not m:
        return None
    streets, towns, zones = _street_kinds(), _town_kinds(), name_words("zone-kind")
    kinds = [m["head"], *m["rest"].split("、")]

    def is_town(k: str) -> bool:
        return bool(k) and all(c in "".join(towns) for c in k)

    if not all(k in streets or is_town(k) or (i > 0 and k in zones) for i, k in enumerate(kinds)):
        return None

    def government(k: str) -> str:
        if k in streets:
            return k + _government_of("street")
        return k + _government_of("town" if is_town(k) else "zone")

    ctx = _ctx(home)
    lead = f"{ctx.get('j', '')}{m['which']}"
    n_towns = next((i for i, k in enumerate(kinds) if not is_town(k)), len(kinds))
    if n_towns >= 2:
        # 各乡（镇、街道）: the towns share their government word and their brackets
        full = f"{lead}{kinds[0]}（{'、'.join(kinds[1:n_towns])}）{_government_of('town')}"
        full += "".join("、" + government(k) for k in kinds[n_towns:])
    else:
        govs = [government(k) if not is_town(k) else k for k in kinds]
        # kinds of town sharing one government word: 乡、镇人民政府
        last_town = max((i for i, k in enumerate(kinds) if is_town(k)), default=-1)
        govs = [g + _government_of("town") if is_town(kinds[i]) and (i == last_town or i == 0) else g
                for i, g in enumerate(govs)]
        full = f"{lead}{govs[0]}（{'、'.join(govs[1:])}）"
    return Agency(
        full=full,
        kind="collective",
        level="collective",
        category="local_government",
        jurisdiction=home.full if home is not None else None,
    )


def _collective(s: str, home: Unit | None) -> Agency | None:
    lex = lexicon()
    for entry in lex.collectives:
        m = entry.pattern.match(s)
        if not m:
            continue
        ctx = _ctx(home)
        groups = {k: v for k, v in m.groupdict().items() if v}
        which = groups.get("which", "")
        ctx["which"] = which
        ctx["which_or_each"] = which or "各"
        x = groups.get("x", "")
        ctx["x"] = x
        ctx["x_function"] = lex.function_name(x)
        ctx["x_formal"] = _formal_ending(x)
        ctx["kinds"] = _unit_kinds(groups.get("k", ""))
        ctx["level_char"] = (home.name[-1] if home is not None and home.name[-1] in "市县区" else "市")
        if len(x) == 1 and x in _level_chars():
            x_unit = places.relative_unit(x, home)
            if x_unit is not None:
                ctx["x_unit"] = places.local_name(x_unit)
        for name, value in groups.items():  # the pattern's other groups, as printed
            ctx.setdefault(name, value)
        ctx.setdefault("city", ctx.get("j", ""))
        ctx.setdefault("county", ctx.get("j", ""))
        try:
            full = entry.template.format(**ctx)
        except KeyError as missing:
            if missing.args == ("x_unit",):
                continue  # the level word names no unit from the plan's view: another reading
            full = s
        return Agency(
            full=full,
            kind="collective",
            level="collective",
            category=entry.category or lex.category_of(x or s),
            jurisdiction=home.full if home is not None else None,
        )
    return None


def _unit_kinds(printed: str) -> str:
    """Kinds of unit as printed in a collective, with a county-level 市 that follows
    another kind in brackets, as the genre writes it (区市 → 区（市）, 区县（市） kept).

    >>> _unit_kinds("区市"), _unit_kinds("区县（市）"), _unit_kinds("旗县区")
    ('区（市）', '区县（市）', '旗县区')
    """
    if "（" in printed or len(printed) < 2:
        return printed
    head, rest = printed[0], printed[1:]
    if "市" in rest:
        others = rest.replace("市", "")
        return f"{head}{others}（市）"
    return printed


def _formal_ending(name: str) -> str:
    """``name`` with a short ending made formal (开发区管委会 → 开发区管理委员会)."""
    for ending in lexicon().endings:
        printed = next((p for p in ending.printed if name.endswith(p)), None)
        if printed is not None:
            return name[: -len(printed)] + ending.formal
    return name


def _lower_level_generic(s: str, home: Unit | None) -> Agency | None:
    """县民政局 in a city's plan: the bureaus of all its counties, a collective."""
    if home is None or not s or s[0] not in "县区" or s.startswith(("区县", "县区", "县市")):
        return None
    if places.relative_unit(s[0], home) is not None or home.level not in ("city", "province"):
        return None
    if home.level == "city" and not any(c.level in ("county", "district") for c in home.children):
        return None
    lex = lexicon()
    rest = s[1:]
    w = party_words()
    if rest.startswith(w.committee_short):
        organ = rest[len(w.committee_short):]
        e = lex.party.get(organ)
        body = w.party_committee + (e.formal if e else organ)
        category = e.category if e else lex.category_of(rest)
    else:
        e = lex.bodies.get(rest)
        if e is None and not _looks_like_body(rest):
            return None
        body = e.formal if e else rest
        category = e.category if e else lex.category_of(rest)
    return Agency(
        full=f"{places.local_name(home)}各县（市、区）{body}",
        kind="collective",
        level="collective",
        category=category,
        jurisdiction=home.full,
    )


def _candidates(s: str, home: Unit | None) -> list[tuple[Unit | None, int]]:
    """Ways to read the start of ``s`` as a jurisdiction: a printed name, a level word,
    or nothing (the plan's own)."""
    out: list[tuple[Unit | None, int]] = list(places.leading_units(s, home))
    region = next((w for w in name_words("region-word") if s.startswith(w)), None)
    province = places.province_of(home)
    if region is not None and province is not None and province.name.endswith(region):
        out.append((province, len(region)))  # 自治区卫健委 in a plan of the region
    elif s and s[0] in _level_chars():
        u = places.relative_unit(s[0], home)
        if u is not None:
            out.append((u, 1))
    out.append((home, 0))
    return out


def _vertical(s: str, home: Unit | None) -> Agency | None:
    lex = lexicon()
    for entry in lex.verticals:
        for pat in entry.patterns:
            m = pat.match(s)
            if not m:
                continue
            printed_place = m.groupdict().get("place") or ""
            unit = home
            if printed_place:
                found = [u for u, e in _candidates(printed_place, home) if e == len(printed_place) and u is not None]
                found = found or _nested_place(printed_place, home)
                if not found:
                    continue
                unit = found[0]
            if unit is None:
                continue
            province = places.province_of(unit)
            province_name = province.name if province is not None else None
            if entry.provinces and province_name not in entry.provinces:
                continue  # a company serving other provinces
            templates = dict(entry.templates)
            templates.update({lv: t for p, lv, t in entry.province_templates if p == province_name})
            level = _template_level(unit, templates)
            if level is None:
                continue
            tier = {
                "province": places.province_of(unit),
                "city": places.city_tier(unit),
                "county": places.county_tier(unit),
            }[level]
            ctx = _ctx(tier or unit)
            ctx["unit"] = places.local_name(tier or unit)
            full = templates[level].format(**{k: v for k, v in ctx.items()})
            for prov, prefix in entry.province_prefix:
                if ctx.get("province") == prov:
                    generic = templates[level].split("{", 1)[0]
                    head = templates[level].format(**ctx)
                    # replace the company prefix up to the province's company name
                    cut = head.find(prov)
                    if cut >= 0 and generic:
                        rest = head[cut + len(prov):]
                        rest = re.sub(r"^电力有限公司", "", rest)
                        full = prefix + rest
            is_enterprise = entry.kind == "enterprise"
            return Agency(
                full=full,
                kind=entry.kind,
                level="enterprise" if is_enterprise else (tier or unit).level,
                category=entry.category,
                jurisdiction=(tier or unit).full,
            )
    return None


def _nested_place(printed: str, home: Unit | None) -> list[Unit]:
    """A place printed as a unit's name followed by the name of a unit inside it
    (南平建阳 in 国网南平建阳供电公司, 天津西青): the inner unit."""
    out: list[Unit] = []
    for outer, end in places.leading_units(printed, home):
        rest = printed[end:]
        if rest:
            out += [u for u, e in places.leading_units(rest, outer) if e == len(rest) and u.within(outer) and u != outer]
    return out


def _template_level(unit: Unit, templates: dict[str, str]) -> str | None:
    order = {
        "province": ("province",),
        "city": ("city", "province"),
        "county": ("county", "city", "province"),
        "district": ("county", "city", "province"),
        "zone": ("city", "province"),
        "town": ("county", "city"),
        "street": ("county", "city"),
    }.get(unit.level, ("city",))
    for level in order:
        if level in templates:
            if level == "county" and places.county_tier(unit) is None:
                continue
            return level
    return None


def _youth_league(s: str, home: Unit | None) -> Agency | None:
    league_level, level_league, named = _youth_league_names()
    m = league_level.fullmatch(s) or level_league.fullmatch(s)
    unit = None
    if m:
        unit = places.relative_unit(m.group(1), home)
    else:
        m = named.fullmatch(s)
        if m:
            printed = m.group(1) or m.group(2)
            found = [u for u, e in _candidates(printed, home) if e == len(printed) and u is not None]
            unit = found[0] if found else None
    if unit is None:
        return None
    return Agency(
        full=f"{party_words().league}{places.local_name(unit)}{party_words().committee}",
        kind="mass_organisation",
        level=unit.level,
        category="youth",
        jurisdiction=unit.full,
    )


def _body(s: str, home: Unit | None) -> Agency | None:
    lex = lexicon()
    party = party_words().party
    party_prefix = s.startswith(party)
    t = s[len(party):] if party_prefix else s
    for unit, end in _candidates(t, home):
        if unit is None:
            continue
        rest = t[end:]
        a = _named(unit, rest, party_prefix, lex)
        if a is not None:
            return a
    return None if party_prefix else _township(t, home)


@lru_cache(maxsize=1)
def _township_name() -> re.Pattern[str]:
    """A township printed with its kind and maybe its government's tail (文昌镇人民政府)."""
    kinds = word_alternation(_township_kinds())
    tails = word_alternation(name_words("township-government-tail"))
    return re.compile(rf"^(?P<name>[\u4e00-\u9fff]{{2,4}}?(?P<kind>{kinds}))(?P<tail>{tails})?$")


def _township(s: str, home: Unit | None) -> Agency | None:
    """A town or street the datasets do not know (renamed or new), in a county's plan."""
    county = places.county_tier(home)
    m = _township_name().match(s)
    if county is None or not m or s.startswith(name_words("collective-word") + name_words("whole-word")):
        return None
    name = m.group("name")
    local = places.local_name(county) + name
    level = "street" if m.group("kind") in _street_kinds() else "town"
    return Agency(full=local + _government_of(level), kind="government", level=level, category="local_government",
                  jurisdiction=county.full + name)


def _named(unit: Unit, rest: str, party_prefix: bool, lex: AgencyLexicon) -> Agency | None:
    """``rest`` printed after a jurisdiction: a government, a party organ, a body."""
    local = places.local_name(unit)
    # the unit itself: 任城区, 汶上街道, 文昌镇人民政府, 济宁高新区, 示范区管委会
    if rest in ("",) + _government_tail() and not party_prefix:
        if unit.level == "zone":
            full = unit.name + _government_of("zone")
        elif rest == "" and unit.level in ("province", "city"):
            return None  # 济宁 alone is a place, not an agency
        else:
            full = local + _government_of(unit.level)
        return Agency(full=full, kind="government", level=unit.level, category="local_government", jurisdiction=unit.full)
    # party: X委, X委组织部, X党工委
    w = party_words()
    committee = f"{w.party}{local}{w.committee}"  # 中共汶上县委员会
    if rest.startswith(w.working_committee_short):
        return Agency(
            full=f"{w.party}{local}{w.working_committee}", kind="party", level=unit.level, category="party_general",
            jurisdiction=unit.full
        )
    if rest == w.committee and party_prefix:  # 中共汶上县委员会
        return Agency(full=committee, kind="party", level=unit.level, category="party_general", jurisdiction=unit.full)
    if rest.startswith(w.committee_short) and not rest.startswith(w.committee):
        organ = rest[len(w.committee_short):]
        if organ == "":
            return Agency(full=committee, kind="party", level=unit.level, category="party_general", jurisdiction=unit.full)
        e = lex.party.get(organ)
        if e is not None:
            return Agency(
                full=f"{w.party}{local}{w.committee_short}{e.formal}", kind="party", level=unit.level,
                category=e.category, jurisdiction=unit.full
            )
        if _looks_like_body(organ):
            return Agency(
                full=f"{w.party}{local}{w.committee_short}{organ}",
                kind="party",
                level=unit.level,
                category=lex.category_of(organ) or "party_general",
                jurisdiction=unit.full,
            )
    e = lex.party_direct.get(rest)
    if e is not None:
        return Agency(full=f"{w.party}{local}{e.formal}", kind="party", level=unit.level, category=e.category, jurisdiction=unit.full)
    if party_prefix:
        return None
    e = lex.bodies.get(rest)
    if e is not None:
        return Agency(full=local + e.formal, kind=e.kind, level=unit.level, category=e.category, jurisdiction=unit.full)
    branch = _branch_of_city_body(unit, rest, lex)
    if branch is not None:
        return branch
    # 政府办公室 family: 政府X → 人民政府X
    if rest.startswith(w.government_short) and len(rest) > len(w.government_short):
        return Agency(
            full=local + _government_of("unit") + rest[len(w.government_short):],
            kind="government_department",
            level=unit.level,
            category=lex.category_of(rest[2:]) or "government_office",
            jurisdiction=unit.full,
        )
    # a branch of this unit's body in a lower unit: 市生态环境局汶上县分局
    for k in range(len(rest) - 1, 1, -1):
        head, tail = rest[:k], rest[k:]
        ending = end_word(tail)
        place_word = tail[: -len(ending.word)] if ending is not None and ending.branch else ""
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,8}", place_word):
            continue
        entry = lex.bodies.get(head)
        formal = entry.formal if entry else (head if _looks_like_body(head) else None)
        if formal is None:
            continue
        lower = [u for u, e in places.leading_units(place_word, unit) if e == len(place_word) or place_word[e:] in ("", "县", "区", "市")]
        served = lower[0] if lower else unit
        kind = entry.kind if entry else kind_by_ending(head)
        owner = local
        city = _ctx(unit).get("city")
        if lower and served.full == unit.full and unit.level in ("county", "district") and city and city != local:
            # 自然资源和规划局武进分局 printed in 武进区: the branch the city's body keeps in
            # the district, not a body of the district with a branch in itself
            owner = city
        return Agency(
            full=owner + formal + rest[k:],
            kind=kind,
            level=served.level,
            category=(entry.category if entry else lex.category_of(head)),
            jurisdiction=served.full,
        )
    return None


def _branch_of_city_body(unit: Unit, rest: str, lex: AgencyLexicon) -> Agency | None:
    """A branch printed after the district or county it serves (区自然资源和规划分局,
    县生态环境分局): 分 marks a branch of the city's body of that name, named after the
    city's body and the unit's short name (襄阳市自然资源和规划局襄州分局), as when
    printed in full (市生态环境局汶上分局)."""
    if unit.level not in ("county", "district"):
        return None
    ending = end_word(rest)
    if ending is None or not ending.branch or not ending.word.startswith("分") or len(ending.word) < 2:
        return None
    entry = lex.bodies.get(rest[: -len(ending.word)] + ending.word[1:])
    city = _ctx(unit).get("city")
    if entry is None or not city or city == places.local_name(unit):
        return None
    return Agency(
        full=city + entry.formal + (unit.short or unit.name) + ending.word,
        kind=entry.kind,
        level=unit.level,
        category=entry.category,
        jurisdiction=unit.full,
    )


def _looks_like_body(name: str) -> bool:
    return ends_like_body(name) and len(name) >= 2


def _national(s: str) -> Agency | None:
    """A national body printed with 国家 (国家卫健委 → 国家卫生健康委员会).

    Its level is ``national`` and it has no jurisdiction: the country is not one of
    the divisions of the places graph.
    """
    if not s.startswith("国家") or s.startswith("国家税务总局"):
        return None
    e = lexicon().bodies.get(s[2:])
    if e is None:
        return None
    return Agency(full="国家" + e.formal, kind=e.kind, level="national", category=e.category)


def _by_ending(s: str, home: Unit | None) -> Agency | None:
    """A body the lexicon does not know by name, whose name ends in a known way
    (湖南攸州工业园管委会 → 湖南攸州工业园管理委员会): the short ending becomes the
    formal one, kind and level come with it. A proper name stays as printed; a level
    word is replaced by its unit (县工业园管委会 → 攸县工业园管理委员会)."""
    for ending in lexicon().endings:
        printed = next((p for p in ending.printed if s.endswith(p)), None)
        if printed is None:
            continue
        stem = s[: -len(printed)]
        if stem == "" and ending.kind == "enterprise" and home is not None:
            stem = places.local_name(home)  # a company printed alone (公交公司) is the plan's own place's
        # a level word alone before a company's name is its place (市公交集团)
        alone = len(stem) == 1 and stem in _level_chars() and ending.kind == "enterprise"
        if (len(stem) < 2 and not alone) or stem.startswith(name_words("collective-word")):
            return None
        unit = home
        if stem[0] in _level_chars():
            unit = places.relative_unit(stem[0], home)
            if unit is None:
                return None
            stem = places.local_name(unit) + stem[1:]
        elif ending.kind == "enterprise":
            # a company printed after its place's short name (武陵城投公司): the place's full name
            lead = next(((u, e) for u, e in places.leading_units(stem, home)
                         if u.level not in ("town", "street") and e < len(stem) + 1), None)
            if lead is not None and home is not None and lead[0] in home.chain():
                unit = lead[0]
                stem = places.local_name(unit) + stem[lead[1]:]
        return Agency(
            full=stem + ending.formal,
            kind=ending.kind,
            level="enterprise" if ending.kind == "enterprise" else ending.level or (unit.level if unit is not None else None),
            category=ending.category or lexicon().category_of(s),
            jurisdiction=unit.full if unit is not None else None,
        )
    return None


def _unknown(s: str, home: Unit | None) -> Agency:
    """A name the lexicon does not know: kept as printed, after its jurisdiction.

    A place printed in short before it belongs to the proper name (济宁日报社 stays
    济宁日报社); a level word is replaced by the jurisdiction (市融媒体中心 →
    济宁市融媒体中心).
    """
    lex = lexicon()
    for unit, end in _candidates(s, home):
        if unit is None or end == 0:
            continue
        rest = s[end:]
        if _looks_like_body(rest):
            kind = kind_by_ending(rest)
            proper = end > 1 and s[:end] != unit.name and s[:end] != places.local_name(unit)
            return Agency(
                full=s if proper else places.local_name(unit) + rest,
                kind=kind,
                level="enterprise" if kind == "enterprise" else unit.level,
                category=lex.category_of(rest),
                jurisdiction=unit.full,
            )
    kind = kind_by_ending(s)
    # a company that names its place inside its name (华润燃气周口公司) is a proper name
    proper_company = kind == "enterprise" and home is not None and any(
        form and form in s for u in home.chain() for form in (u.short, u.name)
    )
    if (
        home is not None
        and _looks_like_body(s)
        and not proper_company
        and not s.startswith(name_words("national-word"))
    ):
        return Agency(
            full=places.local_name(home) + s,
            kind=kind,
            level="enterprise" if kind == "enterprise" else home.level,
            category=lex.category_of(s),
            jurisdiction=home.full,
        )
    return Agency(
        full=s,
        kind=kind,
        level="enterprise" if kind == "enterprise" else None,
        category=lex.category_of(s),
        jurisdiction=home.full if home is not None else None,
    )


# --------------------------------------------------------------------------- legends

# one entry of a legend of short names: 教体—市教育体育局 (a dash, an equals sign or a colon
# between the short name and the full one), entries apart by ；
_LEGEND_ENTRY = re.compile(r"([\u3400-\u9fff]{1,8})\s*[—–\-－=＝:：]{1,2}\s*([^;；。,，:：\n\s—–\-－=＝]{3,30})\s*(?=[;；。\n]|$)")


def legend(view: str) -> dict[str, str]:
    """The short names a document defines in a legend (注：表中单位均使用简称：教体—市教育
    体育局；卫健—市卫生健康委；…): each short name and the full name it stands for. Only a run
    of three or more entries counts, each full name longer than its short one and shaped
    like a body's name, so that a single ``X：Y`` of the prose defines nothing.

    >>> legend("注：教体—市教育体育局；卫健—市卫生健康委；人行—人民银行某市分行。")
    {'教体': '市教育体育局', '卫健': '市卫生健康委', '人行': '人民银行某市分行'}
    >>> legend("牵头单位：市民政局")
    {}
    """
    out: dict[str, str] = {}
    run: list[tuple[str, str]] = []
    last_end = -1
    for m in _LEGEND_ENTRY.finditer(view):
        short, full = m.group(1), m.group(2)
        if not (len(short) < len(full) and ends_like_body(full)):
            continue
        if run and view[last_end : m.start()].strip() not in (";", "；"):
            if len(run) >= 3:
                out.update(run)
            run = []
        run.append((short, full))
        last_end = m.end()
    if len(run) >= 3:
        out.update(run)
    return out
