"""The own test documents and their gold annotations are consistent.

Two sets: ``tests/documents`` (in view while the extraction rules were written) and
``tests/heldout`` (written apart, from provinces neither the seed corpus nor the first set
covers, to measure generalisation). Each ``*.txt`` is a policy document of the genre; the
``*.json`` beside it is its gold annotation in the seed gold format.
These tests check that every gold file says only things the text supports (quotes,
titles, printed agency and place names occur in it; values occur in their quotes), that
ids and references hold together, that codes are those of the ontology, and that the
evaluator reads every file. They do not run the extractor.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from pathlib import Path

import pytest

from mskg.evaluation.gold import load_gold
from mskg.ontology import MSKG, enumeration

HERE = Path(__file__).parent
SETS = {"documents": 17, "heldout": 13}  # folder → how many documents it holds at least
GOLD_FILES = sorted(p for name in SETS for p in (HERE / name).glob("*.json"))
KINDS = {"group", "measure", "sub-measure", "project"}
AGENCY_ONLY_LEVELS = {"collective", "enterprise"}

CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_PHRASES = {"半数": 50, "上万": 1, "半小时": 0.5}


def numbers_in(quote: str) -> list[float]:
    """Every number a quote prints: Arabic (full- or half-width), Chinese 一…九十九, fixed phrases."""
    text = unicodedata.normalize("NFKC", quote)
    out = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", text)]
    out += [float(v) for k, v in CN_PHRASES.items() if k in text]
    for m in re.finditer(r"[零一二两兩三四五六七八九十]+", text):
        word = m.group(0)
        if "十" in word:
            tens, _, units = word.partition("十")
            if len(tens) > 1 or len(units) > 1:
                continue
            out.append(float((CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[units] if units else 0)))
        elif len(word) == 1:
            out.append(float(CN_DIGITS[word]))
    return out


def printed(values: list[float], value: float) -> bool:
    return any(abs(v - value) < 1e-9 for v in values)


@pytest.fixture(scope="module", params=GOLD_FILES, ids=lambda p: p.stem)
def gold(request):
    path = request.param
    data = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent / data["document"]).read_text(encoding="utf-8")
    return path, data, text


@pytest.mark.parametrize("folder", sorted(SETS))
def test_every_document_has_a_gold_file_and_a_readme_entry(folder):
    docs = HERE / folder
    texts = {p.stem for p in docs.glob("*.txt")}
    golds = {p.stem for p in docs.glob("*.json")}
    assert texts == golds
    assert len(texts) >= SETS[folder]
    readme = (docs / "README.md").read_text(encoding="utf-8")
    for stem in sorted(texts):
        assert f"{stem}.txt" in readme, f"README.md does not describe {stem}.txt"


def test_the_evaluator_reads_the_gold_file(gold):
    path, data, _ = gold
    doc = load_gold(path)
    assert doc.document == f"{path.stem}.txt" == data["document"]
    assert len(doc.items) == len(data["measures"])
    assert len(doc.targets) == len(data["targets"])


def test_plan_metadata(gold):
    _, data, text = gold
    plan = data["plan"]
    assert set(plan) >= {"title", "issuer", "doc_number", "issued", "period", "jurisdiction"}
    assert plan["title"] and plan["issuer"] and plan["jurisdiction"]
    if plan["doc_number"] is not None:
        assert plan["doc_number"] in text
    if plan["issued"] is not None:
        datetime.date.fromisoformat(plan["issued"])
    y0, y1 = plan["period"]
    assert isinstance(y0, int) and isinstance(y1, int) and 2000 <= y0 <= y1 <= 2050
    assert plan["jurisdiction"] in {p["full"] for p in data["places"]}


def test_measures_hold_together(gold):
    path, data, text = gold
    domains = set(enumeration(MSKG.Domain))
    prefix = path.stem[:3] + "-"
    seen: dict[str, dict] = {}
    for m in data["measures"]:
        mid = m["id"]
        assert mid.startswith(prefix) and mid not in seen, mid
        assert m["parent"] is None or m["parent"] in seen, f"{mid}: parent must come first"
        assert m["kind"] in KINDS, mid
        assert m["title"] and m["title"] in text, mid
        if m["number"] is not None:
            assert not m["number"].endswith("、"), mid
        assert set(m["domains"]) <= domains and len(set(m["domains"])) == len(m["domains"]), mid
        if m["kind"] != "group":
            assert m["domains"], f"{mid}: a measure needs a domain"
        names = m["lead_agencies"] + m["cooperating_agencies"]
        assert len(names) == len(set(names)), f"{mid}: agency listed twice"
        assert set(m["agencies_full"]) == set(names), mid
        for name in names:
            assert name in text, f"{mid}: {name!r} is not printed"
            assert m["agencies_full"][name], mid
        source = m.get("agencies_inherited_from")
        if source is not None:
            above = seen[source]
            assert (above["lead_agencies"], above["cooperating_agencies"]) == (
                m["lead_agencies"], m["cooperating_agencies"]), mid
        seen[mid] = m


def test_agency_registry_matches_the_measures(gold):
    _, data, text = gold
    levels = set(enumeration(MSKG.Level)) | AGENCY_ONLY_LEVELS
    kinds = set(enumeration(MSKG.AgencyKind))
    registry = {a["name"]: a for a in data["agencies"]}
    assert len(registry) == len(data["agencies"])
    used = {n: m["agencies_full"][n] for m in data["measures"] for n in m["agencies_full"]}
    assert set(registry) == set(used)
    for name, entry in registry.items():
        assert name in text
        assert entry["full"] == used[name], name
        assert entry["level"] in levels and entry["type"] in kinds, name
        if entry["type"] in AGENCY_ONLY_LEVELS:
            assert entry["level"] == entry["type"], name


def test_targets_are_supported_by_their_quotes(gold):
    _, data, text = gold
    comparators = set(enumeration(MSKG.Comparator))
    measures = {m["id"] for m in data["measures"]}
    y0, y1 = data["plan"]["period"]
    seen: dict[str, dict] = {}
    for t in data["targets"]:
        tid = t["id"]
        assert tid not in seen, tid
        assert t["measure"] in measures, tid
        quote = t["quote"]
        assert quote in text, f"{tid}: quote not in text"
        numbers = numbers_in(quote)
        assert printed(numbers, t["value"]), f"{tid}: value not printed in the quote"
        if "value_max" in t:
            assert printed(numbers, t["value_max"]) and t["value_max"] > t["value"], tid
        if t["baseline_value"] is not None:
            assert printed(numbers, t["baseline_value"]), tid
        assert t["comparator"] in comparators, tid
        assert t["subject"] and t["unit"], tid
        assert t["unit"] in quote or t.get("note"), f"{tid}: a unit not in the quote needs a note"
        for key in ("year", "baseline_year"):
            assert t[key] is None or (isinstance(t[key], int) and 2000 <= t[key] <= 2050), tid
        if y0 == y1:  # an annual list: every target has the list's year
            assert t["year"] == y0, tid
        restated = t.get("restates")
        if restated is not None:
            assert restated in seen and seen[restated]["value"] == t["value"], tid
        seen[tid] = t
    target_quotes = {t["quote"] for t in data["targets"]}
    for nt in data["non_targets"]:
        assert nt["quote"] in text and nt["reason"], nt
        assert nt["quote"] not in target_quotes, nt


def test_places_are_printed(gold):
    _, data, text = gold
    levels = set(enumeration(MSKG.Level))
    names = [p["name"] for p in data["places"]]
    fulls = [p["full"] for p in data["places"]]
    assert len(set(names)) == len(names) and len(set(fulls)) == len(fulls)
    for p in data["places"]:
        assert p["name"] in text, p["name"]
        for alias in p.get("aliases", []):
            assert alias in text, alias
        assert p["level"] in levels, p["name"]


def _load_set(folder: str):
    docs = HERE / folder
    data = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(docs.glob("*.json"))]
    texts = [(docs / d["document"]).read_text(encoding="utf-8") for d in data]
    targets = [t for d in data for t in d["targets"]]
    measures = [m for d in data for m in d["measures"]]
    return texts, targets, measures


def test_the_held_out_set_covers_the_layouts_it_is_meant_to_measure():
    """What the held-out documents exist for: other layouts than the first set."""
    texts, targets, measures = _load_set("heldout")
    assert any("\t责任单位\n" in t and "由所列责任单位承担牵头职责" in t for t in texts)  # 责任单位 column + convention
    assert any(re.search(r"^牵头单位：[^\n]+；责任单位：", t, re.M) for t in texts)  # per-item role lines
    assert any("（牵头）、" in t for t in texts)  # 责任单位：X（牵头）、Y
    assert any("牽頭" in t for t in texts)  # a 繁體 page
    assert any(m["number"] and m["number"].startswith("专栏") for m in measures)
    assert any("\t约束性" in t for t in texts)  # an indicator table
    assert any(re.search(r"[一二两兩三四五六七八九十]+[个個所家座]", t["quote"]) for t in targets)


def test_the_set_covers_the_layouts_it_is_meant_to_measure():
    """What the documents exist for: guard against an edit that removes a covered case."""
    texts, targets, measures = _load_set("documents")
    assert any("牽頭單位" in t for t in texts)  # a 繁體 page
    assert any("\t牵头单位\n\t配合单位" in t for t in texts)  # a flattened task table
    assert any("排在第一位的为牵头单位" in t for t in texts)  # stated lead conventions
    assert any("由所列责任单位承担牵头职责" in t for t in texts)
    assert any(m["number"] == "①" for m in measures)
    assert any("agencies_inherited_from" in m for m in measures)
    assert any(len(m["lead_agencies"]) > 1 for m in measures)  # co-leads
    assert any("\t属性" in t and "\t约束性" in t for t in texts)  # an indicator table
    assert any("总投资（万元）" in t for t in texts)
    assert any("value_max" in t for t in targets)
    assert any(t["baseline_value"] is not None for t in targets)
    assert any(t["unit"].startswith(("万", "萬")) for t in targets)
    assert any(re.search(r"[一二两三四五六七八九十]个", t["quote"]) for t in targets)
    assert any("[bookmark:" in t and "索 引 号" in t for t in texts)
