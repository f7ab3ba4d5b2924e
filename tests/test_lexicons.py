"""The lexicon loader: one reader for every ``lexicons/*.ttl``, errors that name the file,
the line and the entry."""

from __future__ import annotations

import re

import pytest
from rdflib import URIRef
from rdflib.namespace import SKOS

from mskg import lexicons
from mskg.errors import LexiconError
from mskg.ingest import agencies

AGL = "https://w3id.org/mskg/lexicon/agencies#"


def _agencies_text() -> str:
    return lexicons.read(lexicons.PACKAGE, "agencies.ttl").text


def _line_of(text: str, needle: str) -> int:
    """The first line, outside comments, holding ``needle``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line and not line.lstrip().startswith("#"))


def test_every_lexicon_file_loads() -> None:
    for name in lexicons.names():
        lex = lexicons.load(name)
        assert len(lex.graph) > 0, name


def test_one_binding_per_prefix_across_the_lexicons() -> None:
    """A prefix means one namespace in every lexicon file (``lex:`` was bound to two)."""
    seen: dict[str, set[str]] = {}
    for name in lexicons.names():
        for prefix, ns in lexicons.read(lexicons.PACKAGE, name).prefixes:
            seen.setdefault(prefix, set()).add(ns)
    assert {p: ns for p, ns in seen.items() if len(ns) > 1} == {}


def test_a_typo_fails_with_the_file_and_the_line() -> None:
    text = _agencies_text()
    target = _line_of(text, 'skos:prefLabel "卫生健康委员会"')
    lines = text.splitlines()
    lines[target - 1] = lines[target - 1].replace('"卫生健康委员会"', '"卫生健康委员会', 1)  # quote left open
    broken = lexicons.source("lexicons/agencies.ttl", "\n".join(lines))
    with pytest.raises(LexiconError) as e:
        lexicons.build(broken)
    assert str(e.value).startswith(f"lexicons/agencies.ttl, line {target}: not valid Turtle")


def test_an_unbound_prefix_fails_with_the_file_and_the_line() -> None:
    text = _agencies_text()
    target = _line_of(text, "agl:kind")
    lines = text.splitlines()
    lines[target - 1] = lines[target - 1].replace("agl:kind", "agx:kind", 1)
    with pytest.raises(LexiconError, match=rf"^lexicons/agencies\.ttl, line {target}: .*agx"):
        lexicons.build(lexicons.source("lexicons/agencies.ttl", "\n".join(lines)))


def test_a_missing_required_value_names_file_line_and_entry_not_none() -> None:
    """A collective without its pattern was compiled as the regex ``None``; now it is an
    error pointing at the entry."""
    text = _agencies_text()
    m = re.search(r"^(agl:[\w-]+) a agl:Collective", text, re.MULTILINE)
    assert m, "the lexicon has collectives"
    entry = m.group(1)
    start = text.index(m.group(0))
    end = text.index("\n\n", start)
    block = text[start:end]
    without = re.sub(r"\s*agl:pattern\s+\"(?:[^\"\\]|\\.)*\"\s*;", "", block, count=1)
    assert without != block
    line = text[:start].count("\n") + 1
    lex = lexicons.build(lexicons.source("lexicons/agencies.ttl", text.replace(block, without)),
                         lexicons.read(lexicons.PACKAGE, "agency-categories.ttl"))
    with pytest.raises(LexiconError) as e:
        agencies.read_lexicon(lex)
    assert str(e.value) == f"lexicons/agencies.ttl, line {line}: {entry} has no agl:pattern"


def test_a_bad_pattern_names_the_entry() -> None:
    text = _agencies_text()
    m = re.search(r'agl:pattern\s+"', text)
    assert m
    bad = text[: m.end()] + "(" + text[m.end():]  # an unbalanced group
    lex = lexicons.build(lexicons.source("lexicons/agencies.ttl", bad),
                         lexicons.read(lexicons.PACKAGE, "agency-categories.ttl"))
    with pytest.raises(LexiconError, match=r"^lexicons/agencies\.ttl, line \d+: agl:[\w-]+: bad pattern"):
        agencies.read_lexicon(lex)


def test_line_of_finds_entries_and_their_bracketed_parts() -> None:
    lex = lexicons.load("agencies.ttl")
    text = _agencies_text()
    for subject in list(lex.graph.subjects())[:200]:
        line = lex.line_of(subject)
        assert line is not None, subject
        if isinstance(subject, URIRef):
            assert lex.short(subject) in text.splitlines()[line - 1] or str(subject) in text.splitlines()[line - 1]


def test_entries_come_in_file_order() -> None:
    lex = lexicons.load("structure.ttl")
    concepts = lex.instances(SKOS.Concept)
    lines = [lex.line_of(c) for c in concepts]
    assert lines == sorted(lines) and len(concepts) > 50


# ------------------------------------------------------------------ shapes of the lexicons


@pytest.mark.parametrize("name", lexicons.names())
def test_every_lexicon_file_passes_its_shapes(name: str) -> None:
    assert lexicons.validate(name) == []


def _broken(name: str, old: str, new: str) -> tuple[lexicons.Lexicon, int]:
    """``name`` with the first ``old`` outside comments replaced, and that line's number."""
    text = lexicons.read(lexicons.PACKAGE, name).text
    line = _line_of(text, old)
    lines = text.splitlines()
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return lexicons.build(lexicons.source(f"lexicons/{name}", "\n".join(lines))), line


def test_a_misspelt_property_is_found_with_file_and_line() -> None:
    lex, line = _broken("target-words.ttl", "lex:normalised", "lex:normalized")
    found = lexicons.violations(lex)
    assert any(v.startswith(f"lexicons/target-words.ttl, line {line}: lex:unit-") and "lex:normalized" in v
               and "L31" in v for v in found), found
    assert any(v.startswith(f"lexicons/target-words.ttl, line {line}: ") and "L33" in v for v in found), found


def test_a_misspelt_value_and_class_are_found_with_file_and_line() -> None:
    lex, line = _broken("agencies.ttl", 'agl:kind "government_department"', 'agl:kind "goverment_department"')
    found = lexicons.violations(lex)
    assert len(found) == 1 and found[0].startswith(f"lexicons/agencies.ttl, line {line}: agl:") and "L10" in found[0], found
    lex, line = _broken("structure.ttl", "a skos:Concept", "a skos:Concpt")
    found = lexicons.violations(lex)
    assert any(v.startswith(f"lexicons/structure.ttl, line {line}: stl:") and "L07" in v for v in found), found


def test_the_shapes_file_is_no_lexicon_and_names_every_rule() -> None:
    assert lexicons.SHAPES not in lexicons.names()
    from rdflib.namespace import SH

    shapes = lexicons._shapes()
    ids = set()
    for shape, message in shapes.subject_objects(SH.message):
        assert re.match(r"L\d\d ", str(message)), shape
        ids.add((str(message)[:3], message.language))
    langs = {}
    for rule, lang in ids:
        langs.setdefault(rule, set()).add(lang)
    assert all(v == {"zh", "en"} for v in langs.values()), langs


# ------------------------------------------------------------------ how names end: one entry


def test_every_reader_of_agency_names_uses_one_list_of_endings() -> None:
    """The endings one list had and another lacked (村 and 能源 in one only, 府 missing
    from another) now end names for every reader."""
    from mskg.ingest.agencies import end_word, ends_like_body, ends_like_name, kind_by_ending

    for name in ("张庄村", "市能源", "县人民政府", "市残联", "各县（市、区）", "市卫生健康委员会"):
        assert ends_like_name(name), name
    assert not ends_like_name("养老机构") and not ends_like_name("规划")
    assert ends_like_body("县人民政府") and not ends_like_body("张庄村") and not ends_like_body("周口华润燃气")
    assert kind_by_ending("市能源") == kind_by_ending("周口华润燃气") == "enterprise"
    assert end_word("县扶贫开发领导小组办公室").word == "领导小组办公室"  # the longest ending decides


def test_an_ending_listed_twice_is_an_error_naming_the_entry() -> None:
    text = _agencies_text()
    assert '"公司"@zh, "集团"@zh' in text
    twice = text.replace('"公司"@zh, "集团"@zh', '"公司"@zh, "局"@zh, "集团"@zh', 1)
    lex = lexicons.build(lexicons.source("lexicons/agencies.ttl", twice),
                         lexicons.read(lexicons.PACKAGE, "agency-categories.ttl"))
    with pytest.raises(LexiconError, match=r"^lexicons/agencies\.ttl, line \d+: agl:ending-body lists 局, which agl:ending-enterprise \(lexicons/agencies\.ttl, line \d+\) lists too"):
        agencies.read_lexicon(lex)


def test_the_kinds_a_lexicon_may_name_are_the_ontologys_agency_kinds() -> None:
    """The lexicon shapes' list of kinds is the ontology's scheme of agency kinds (less
    ``collective``, which only the resolver assigns), so the two cannot drift apart."""
    from rdflib import RDF, Namespace
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    from mskg.ontology import load_ontology

    mskg = Namespace("https://w3id.org/mskg/ontology#")
    ontology = load_ontology()
    kinds = {str(ontology.value(k, SKOS.notation)) for k in ontology.subjects(RDF.type, mskg.AgencyKind)}
    shapes = lexicons._shapes()
    listed = shapes.value(URIRef("https://w3id.org/mskg/lexicon/shapes#kind"), SH["in"])
    assert {str(k) for k in Collection(shapes, listed)} == kinds - {"collective"}
    used = {str(k) for k in lexicons.load("agencies.ttl").graph.objects(None, URIRef(AGL + "kind"))}
    assert used <= kinds


def test_a_lexicon_is_checked_against_its_shapes_when_first_loaded(tmp_path, monkeypatch) -> None:
    """A misspelt property fails the first load of the edited file, naming file and line;
    a file that passed is recorded in the cache and not checked again."""
    monkeypatch.setenv("MSKG_CACHE_DIR", str(tmp_path))
    text = lexicons.read(lexicons.PACKAGE, "target-words.ttl").text
    line = _line_of(text, "lex:normalised")
    lines = text.splitlines()
    lines[line - 1] = lines[line - 1].replace("lex:normalised", "lex:normalized", 1)
    broken = lexicons.source("lexicons/target-words.ttl", "\n".join(lines))
    with pytest.raises(LexiconError) as e:
        lexicons.check(broken)
    assert str(e.value).startswith(f"lexicons/target-words.ttl, line {line}: lex:unit-")
    assert not list(tmp_path.glob("lexicon-*.ok"))
    good = lexicons.read(lexicons.PACKAGE, "target-words.ttl")
    lexicons.check(good)
    [marker] = tmp_path.glob("lexicon-target-words-*.ok")
    lexicons.check(good)  # recorded: not checked again
    assert list(tmp_path.glob("lexicon-target-words-*.ok")) == [marker]


def test_a_concept_the_code_asks_for_and_the_lexicon_lacks_names_the_file_and_scheme() -> None:
    from mskg.ingest.structure_lexicon import words_by_notation

    words = words_by_notation("headings")
    assert words["box"] == ("专栏",)
    with pytest.raises(LexiconError, match=r"lexicons/structure\.ttl: the scheme stl:headings has no concept .*'boxx'"):
        words["boxx"]
    with pytest.raises(LexiconError, match=r"lexicons/agencies\.ttl: no agl:name-words concept 'township-kinds'"):
        agencies.name_words("township-kinds")


# ------------------------------------------------------------------ word lists of the target reader


def test_a_word_list_with_a_misspelt_property_is_found_with_file_and_line() -> None:
    lex, line = _broken("target-words.ttl", "lex:yearEnd a lex:Words ; rdfs:comment", "lex:yearEnd a lex:Words ; rdfs:coment")
    found = lexicons.violations(lex)
    assert any(v.startswith(f"lexicons/target-words.ttl, line {line}: lex:yearEnd") and "L46" in v for v in found), found
    assert any(v.startswith(f"lexicons/target-words.ttl, line {line}: lex:yearEnd") and "L48" in v for v in found), found


def test_a_word_list_the_code_asks_for_and_the_lexicon_lacks_names_the_file() -> None:
    from mskg.ingest.quantities import vocabulary

    voc = vocabulary()
    assert voc.words("yearSince") == ("以来",)
    with pytest.raises(LexiconError, match=r"^lexicons/target-words\.ttl: no word list lex:yearSinse$"):
        voc.compile(r"年{yearSinse}")
    assert voc.compile(r"\d{2}年(?:{yearEnd})").fullmatch("25年底")  # a repetition count stays one


def test_the_kinds_a_unit_may_have_are_the_readers_unit_kinds() -> None:
    """The lexicon shapes' list of what a unit measures is the reader's enum (less
    ``rate``, which only a compound unit such as 元/人/月 gets), so they cannot drift apart."""
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    from mskg.ingest.quantities import UnitKind

    shapes = lexicons._shapes()
    listed = shapes.value(URIRef("https://w3id.org/mskg/lexicon/shapes#UnitShape-kind"), SH["in"])
    assert {str(k) for k in Collection(shapes, listed)} == {k.value for k in UnitKind} - {"rate"}


def test_a_place_word_list_the_code_asks_for_and_the_lexicon_lacks_names_the_file() -> None:
    from mskg.ingest import places

    lex = places.lexicon()
    assert lex.words("townKind") == ("乡", "镇") and lex.words("streetKind") == ("街道",)
    with pytest.raises(LexiconError, match=r"^lexicons/places\.ttl: no word list plc:townKinds$"):
        lex.words("townKinds")


def test_a_bad_pattern_of_the_target_words_names_the_file_the_line_and_the_entry() -> None:
    """Patterns of target-words.ttl are compiled when the vocabulary is read, not at the
    first document that reaches them."""
    from mskg.ingest import quantities

    text = lexicons.read(lexicons.PACKAGE, "target-words.ttl").text
    line = _line_of(text, "lex:eligibility a ")
    broken = text.replace('lex:placeAfterPattern "^(?:', 'lex:placeAfterPattern "^((?:', 1)
    assert broken != text
    lex = lexicons.build(lexicons.source("lexicons/target-words.ttl", broken))
    with pytest.raises(LexiconError, match=rf"^lexicons/target-words\.ttl, line {line}: lex:eligibility: bad pattern"):
        quantities.read_vocabulary(lex)
