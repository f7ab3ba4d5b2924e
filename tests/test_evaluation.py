"""The evaluator on tiny gold files whose scores were worked out by hand.

tests/eval_fixtures/ holds two tiny documents with gold files (valid by the gold
checker): 901, a multi-year action plan with sections, measures, agencies, targets,
a restated target, a non-target and places; 902, an annual list with two measures
and no targets or places. The hand-made extractions below are scored against them;
the expected counts are derived in the comments.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from document_sets import SETS

from mskg.errors import InputError
from mskg.evaluation import evaluate, render_table
from mskg.evaluation.co_leads import QUERY, CoLeadPairs, gold_pairs, pair
from mskg.evaluation.counts import PRF, Accuracy
from mskg.evaluation.gold import GoldAgency, GoldDocument, GoldItem, GoldTarget, load_gold
from mskg.evaluation.matching import (
    CONTAINED,
    EQUAL,
    SIMILAR,
    match_titles,
    normalise_title,
    title_score,
)
from mskg.evaluation.metrics import score_document
from mskg.ingest.model import Agency, Extraction, Item, Place, Plan, Responsibility, Span, Target

FIXTURES = Path(__file__).parent / "eval_fixtures"
SHARED_GOLD = SETS["seed"].gold  # ../shared/gold beside the checkout, or $MSKG_GOLD
CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"

PRF_KEYS = {"precision", "recall", "f1", "gold", "extracted", "matched"}
RECORD_KEYS = {
    "sections", "measures", "domains", "agency_roles", "agency_names", "targets",
    "target_fields", "places", "co_lead_pairs",
}


# --- hand-made extractions -------------------------------------------------------


def span(text: str, quote: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return Span.of(text, start, start + len(quote))


def item(text, key, kind, title, domains=(), resp=()):
    responsibilities = [
        Responsibility(printed, Agency(full=full, kind="government_department"), role, span(text, printed))
        for role, printed, full in resp
    ]
    where = span(text, title) if title in text else Span.of(text, 0, 1)  # not printed so
    return Item(
        key=key, kind=kind, number=None, title=title, span=where, title_span=where,
        domains=list(domains), responsibilities=responsibilities,
    )


def target(text, key, quote, value, unit, comparator, *, nth=0, effective_year=None, baseline=None):
    return Target(
        key=key, item=None, subject="", value_text=str(value), value=value, unit=unit,
        comparator=comparator, span=span(text, quote, nth), effective_year=effective_year,
        baseline_value=baseline,
    )


def extraction_901(text: str, document: str, path: str) -> Extraction:
    items = [
        item(text, "g1", "group", "养老服务", ["elderly_care"]),  # equal → 901-g1
        item(text, "g2", "group", "托育服务发展", []),  # contains 托育服务 → 901-g2
        item(text, "g3", "group", "总体要求"),  # unmatched section
        item(text, "m1", "measure", "建设社区养老服务中心", ["elderly_care", "housing"], [
            ("lead", "县民政局", "青山县民政局"),
            ("cooperating", "县财政局", "青山县 财政局"),  # equal after whitespace removal
            ("responsible", "各乡镇（街道）", "青山县各乡镇人民政府（街道办事处）"),  # → cooperating
        ]),
        item(text, "m2", "measure", "發展老年助餐服務", ["elderly_care"], [  # traditional → 901-m1.2
            ("cooperating", "县民政局", "青山县民政局"),  # wrong role (gold: lead)
        ]),
        item(text, "m3", "sub-measure", "增加普惠托育服务供给", ["childcare"], [  # ratio 0.89 → 901-m2.1
            ("lead", "县卫生健康局", "青山县卫生健康局"),
            ("cooperating", "县教育和体育局", "青山县教育局"),  # wrong full name
        ]),
        item(text, "m4", "measure", "提高养老服务质量", ["elderly_care"], [  # unmatched measure
            ("lead", "县人力资源社会保障局", "青山县人力资源和社会保障局"),
        ]),
    ]
    targets = [
        # second occurrence of 901-t1's quote: matches 901-t1 (tie with e5, earlier index wins)
        target(text, "e1", "养老床位达到1200张以上", 1200, "张", ">=", nth=1, effective_year=2025),
        target(text, "e2", "护理型床位占比提高到55%", 55, "％", "=", effective_year=2024),  # year wrong
        target(text, "e3", "老年食堂20处", 20, "处", ">=", effective_year=2025, baseline=0),
        target(text, "e4", "托位数达到4.5个", 45, "个", "="),  # wrong value: unmatched
        target(text, "e5", "养老床位达到1200张以上", 1200, "张", ">=", nth=0),  # restated → neutral
        target(text, "e6", "养老床位900张", 900, "张", "="),  # inside the non-target → neutral
        target(text, "e7", "每千人口", 1000, "人", "="),  # unmatched
    ]
    places = [
        Place(name="青山县", full="山海省云州市青山县", level="county"),
        Place(name="东坪镇", full="山海省 云州市青山县东坪镇", level="town"),
        Place(name="云州市", full="山海省云州市", level="city"),  # not in gold
    ]
    return Extraction(document, path, text, Plan(title="t", kind="action_plan"), items, targets, places)


def extraction_902(text: str, document: str, path: str) -> Extraction:
    items = [item(text, "m1", "measure", "免费接种流感疫苗", ["health_care"], [
        ("lead", "区卫生健康委", "云州市北城区卫生健康委员会"),
    ])]
    return Extraction(document, path, text, Plan(title="t", kind="annual_list"), items)


def handmade(text: str, *, document: str, path: str) -> Extraction:
    return {"901_tiny_action_plan": extraction_901, "902_tiny_annual_list": extraction_902}[document](
        text, document, path
    )


def prf(p, r, f1, gold, extracted, matched):
    return {"precision": p, "recall": r, "f1": f1, "gold": gold, "extracted": extracted, "matched": matched}


# --- the hand-computed report ----------------------------------------------------

EXPECTED_901 = {
    "sections": prf(0.6667, 1.0, 0.8, 2, 3, 2),
    "measures": prf(0.75, 0.75, 0.75, 4, 4, 3),
    # matched items g1 g2 m1.1 m1.2 m2.1; extracted adds housing, misses g2's childcare
    "domains": prf(0.8, 0.8, 0.8, 5, 5, 4),
    # m1.1: 3 of 3; m1.2: role wrong; m2.1: 1 of 2 (wrong full name)
    "agency_roles": prf(0.6667, 0.6667, 0.6667, 6, 6, 4),
    # all but 县教育和体育局; 县人力资源社会保障局 comes from an unmatched item
    "agency_names": {"accuracy": 0.8333, "n": 6},
    # 5 scored gold (t6 restates t1); 7 extracted − e5 (restated) − e6 (non-target)
    "targets": prf(0.6, 0.6, 0.6, 5, 5, 3),
    "target_fields": {"unit": 1.0, "comparator": 0.6667, "year": 0.5, "baseline": 0.6667, "n": 3, "n_year": 2},
    "places": prf(0.6667, 0.6667, 0.6667, 3, 3, 2),
    # elder care: gold leads 青山县民政局 alone (no pair); extracted m1 (民政局) and m4 (人社局)
    # lead elder-care items (m2 only cooperates) → one pair, wrong
    "co_lead_pairs": prf(0.0, 0.0, 0.0, 0, 1, 0),
}
EXPECTED_902 = {
    "sections": prf(None, None, None, 0, 0, 0),
    "measures": prf(1.0, 0.5, 0.6667, 2, 1, 1),
    "domains": prf(1.0, 1.0, 1.0, 1, 1, 1),
    "agency_roles": prf(1.0, 1.0, 1.0, 1, 1, 1),
    "agency_names": {"accuracy": 0.5, "n": 2},  # 区住房城乡建设局 never produced
    "targets": prf(None, None, None, 0, 0, 0),
    "target_fields": {"unit": None, "comparator": None, "year": None, "baseline": None, "n": 0, "n_year": 0},
    "places": prf(None, None, None, 0, 0, 0),
    "co_lead_pairs": prf(None, None, None, 0, 0, 0),  # no elder-care item on either side
}
EXPECTED_OVERALL = {  # counts summed, scores recomputed (not the mean of the two documents)
    "sections": prf(0.6667, 1.0, 0.8, 2, 3, 2),
    "measures": prf(0.8, 0.6667, 0.7273, 6, 5, 4),
    "domains": prf(0.8333, 0.8333, 0.8333, 6, 6, 5),
    "agency_roles": prf(0.7143, 0.7143, 0.7143, 7, 7, 5),
    "agency_names": {"accuracy": 0.75, "n": 8},
    "targets": prf(0.6, 0.6, 0.6, 5, 5, 3),
    "target_fields": EXPECTED_901["target_fields"],
    "places": prf(0.6667, 0.6667, 0.6667, 3, 3, 2),
    "co_lead_pairs": prf(0.0, 0.0, 0.0, 0, 1, 0),
}


def test_handmade_extractions_score_as_computed_by_hand():
    report = evaluate(FIXTURES, extract=handmade)
    assert report["co_lead_domain"] == "elderly_care"
    assert list(report["documents"]) == ["901_tiny_action_plan.txt", "902_tiny_annual_list.txt"]
    assert report["documents"]["901_tiny_action_plan.txt"] == EXPECTED_901
    assert report["documents"]["902_tiny_annual_list.txt"] == EXPECTED_902
    assert report["overall"] == EXPECTED_OVERALL


def test_report_is_json_and_deterministic():
    a = evaluate(FIXTURES, extract=handmade)
    b = evaluate(FIXTURES, extract=handmade)
    assert json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


def test_docs_folder_separate_from_gold_folder(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    for f in FIXTURES.glob("*.json"):
        (gold / f.name).write_bytes(f.read_bytes())
    report = evaluate(gold, FIXTURES, extract=handmade)
    assert report["overall"] == EXPECTED_OVERALL


def test_a_perfect_extraction_scores_one():
    """Gold 902 turned into an extraction that says exactly what the gold says."""
    gold = load_gold(FIXTURES / "902_tiny_annual_list.json")
    text = (FIXTURES / gold.document).read_text(encoding="utf-8")
    items = [
        item(text, g.id, g.kind, g.title, g.domains, [("lead", p, g.full_name(p)) for p in g.lead])
        for g in gold.items
    ]
    ex = Extraction("902", gold.document, text, Plan(title="t", kind="annual_list"), items)
    record = score_document(gold, ex).to_json()
    for metric in ("measures", "domains", "agency_roles"):
        assert record[metric]["f1"] == 1.0, metric
    assert record["agency_names"] == {"accuracy": 1.0, "n": 2}


def test_target_in_non_target_counts_when_it_matches_a_gold_target():
    """Neutrality applies to unmatched extracted targets only."""
    gold = load_gold(FIXTURES / "901_tiny_action_plan.json")
    text = (FIXTURES / gold.document).read_text(encoding="utf-8")
    ex = Extraction("901", gold.document, text, Plan(title="t", kind="action_plan"), targets=[
        target(text, "a", "新建老年食堂20处", 20, "处", "="),
        target(text, "b", "新建老年食堂20处", 20, "处", "="),  # duplicate: one-to-one → false positive
    ])
    assert score_document(gold, ex).targets == PRF(gold=5, extracted=2, matched=1)


def test_printed_forms_and_units_compare_across_scripts():
    """Agency names as printed and units ignore the script; resolved full names do not."""
    text = "新建養老服務中心3個。牽頭單位：縣民政局、縣財政局"
    gold = GoldDocument(
        path=Path("x.json"), document="x.txt",
        items=(GoldItem("x-m1", "measure", "新建養老服務中心", lead=("縣民政局", "縣財政局"),
                        agencies_full={"縣民政局": "某县民政局", "縣財政局": "某县财政局"}),),
        targets=(GoldTarget("x-t1", "養老服務中心3個", 3, "個", "=", None, None),),
    )
    resp = [
        Responsibility("县民政局", Agency("某县民政局", "government_department"), "lead", span(text, "縣民政局")),
        Responsibility("縣財政局", Agency("某縣財政局", "government_department"), "lead", span(text, "縣財政局")),
    ]
    ex = Extraction("x", "x.txt", text, Plan(title="t", kind="other"),
                    items=[item(text, "m1", "measure", "新建养老服务中心")],
                    targets=[target(text, "t1", "3個", 3, "个", "=")])
    ex.items[0].responsibilities = resp
    scores = score_document(gold, ex)
    assert scores.measures == PRF(1, 1, 1)
    assert scores.agency_names == Accuracy(1, 2)  # 某縣財政局 is not the simplified full name
    assert scores.agency_roles == PRF(2, 2, 1)
    assert scores.target_fields.unit == Accuracy(1, 1)


# --- the real extractor, end to end ----------------------------------------------


def _check_shape(record: dict) -> None:
    assert set(record) == RECORD_KEYS
    for metric in RECORD_KEYS - {"agency_names", "target_fields"}:
        r = record[metric]
        assert set(r) == PRF_KEYS, metric
        assert 0 <= r["matched"] <= min(r["gold"], r["extracted"]), metric
        for key in ("precision", "recall", "f1"):
            assert r[key] is None or 0.0 <= r[key] <= 1.0
    assert set(record["agency_names"]) == {"accuracy", "n"}
    assert set(record["target_fields"]) == {"unit", "comparator", "year", "baseline", "n", "n_year"}


def test_real_extractor_on_the_fixtures():
    report = evaluate(FIXTURES)
    assert set(report["documents"]) == {"901_tiny_action_plan.txt", "902_tiny_annual_list.txt"}
    for record in [report["overall"], *report["documents"].values()]:
        _check_shape(record)
    overall = report["overall"]
    # gold counts do not depend on the extractor
    assert [overall[m]["gold"] for m in ("sections", "measures", "targets", "places")] == [2, 6, 5, 3]
    assert overall["agency_names"]["n"] == 8
    # 902 has no elder-care item (flu vaccines, old housing): nothing to score either way
    assert report["documents"]["902_tiny_annual_list.txt"]["co_lead_pairs"] == prf(None, None, None, 0, 0, 0)


@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason="the shared gold annotations are not here")
def test_real_extractor_on_the_seed_corpus(extract_once):
    report = evaluate(SHARED_GOLD, CORPUS, extract=extract_once)
    assert len(report["documents"]) == 5
    for name, record in report["documents"].items():
        assert (CORPUS / name).is_file()
        _check_shape(record)
    _check_shape(report["overall"])
    assert report["overall"]["measures"]["gold"] + report["overall"]["sections"]["gold"] > 300


@pytest.mark.skipif(not (SHARED_GOLD / "check_gold.py").is_file(), reason="gold checker not here")
def test_fixture_gold_files_are_valid_gold():
    spec = importlib.util.spec_from_file_location("check_gold", SHARED_GOLD / "check_gold.py")
    checker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checker)
    checker.SEED = str(FIXTURES)
    for path in sorted(FIXTURES.glob("*.json")):
        _, errors, _ = checker.check(str(path))
        assert errors == [], path.name


# --- matching rules --------------------------------------------------------------


def test_title_normalisation():
    assert normalise_title("（一）發展　老年助餐服務。") == "一发展老年助餐服务"
    assert normalise_title("“十四五”时期 ? 公共服务") == "十四五时期公共服务"
    assert normalise_title("ＡＢＣ　５Ｇ基站") == "abc5g基站"
    assert normalise_title("？、（）") == ""


def test_title_score_tiers():
    assert title_score("养老服务", "养老服务")[0] == EQUAL
    assert title_score("托育服务", "托育服务发展")[0] == CONTAINED
    assert title_score("增加普惠托育供给", "增加普惠托育服务供给")[0] == SIMILAR
    assert title_score("养老服务", "托育服务") is None  # ratio 0.5
    assert title_score("", "") is None


def test_containment_needs_two_characters():
    assert title_score("一", "一老一小服务") is None
    assert title_score("就业", "稳定和扩大就业")[0] == CONTAINED


def test_match_titles_is_one_to_one_best_first():
    # the exact title takes its gold item even though a containing title comes first
    assert match_titles(["托育服务"], ["托育服务发展", "托育服务"]) == [(0, 1)]
    # one extracted title cannot serve two gold items
    assert match_titles(["托育服务", "托育服务"], ["托育服务"]) == [(0, 0)]
    # ties fall back to document order
    assert match_titles(["老年食堂"], ["新建老年食堂", "改造老年食堂"]) == [(0, 0)]
    # a better containment (higher ratio) wins over an earlier one
    assert match_titles(["老年食堂"], ["新建和改造一批老年食堂", "新建老年食堂"]) == [(0, 1)]


def test_counts_conventions():
    assert PRF(0, 0, 0).to_json()["precision"] is None
    assert PRF(3, 0, 0).scores() == (0.0, 0.0, 0.0)
    assert PRF(0, 2, 0).scores() == (0.0, 0.0, 0.0)
    assert PRF(3, 3, 3).scores() == (1.0, 1.0, 1.0)
    assert Accuracy(0, 0).to_json() == {"accuracy": None, "n": 0}
    with pytest.raises(ValueError):
        PRF(1, 1, 2)


# --- table -----------------------------------------------------------------------


def test_render_table():
    table = render_table(evaluate(FIXTURES, extract=handmade))
    lines = table.splitlines()
    assert lines[0] == "901_tiny_action_plan.txt"
    assert "overall (micro-averaged)" in lines
    measures = [ln.split() for ln in lines if ln.split()[:1] == ["measures"]]
    assert measures[-1] == ["measures", "0.8000", "0.6667", "0.7273", "6", "5", "4"]
    assert ["targets", "–", "–", "–", "0", "0", "0"] in [ln.split() for ln in lines]
    assert any(ln.split()[:3] == ["agency_names", "accuracy", "0.7500"] for ln in lines)
    widths = {len(ln) for ln in lines if ln.split()[:1] in (["sections"], ["places"], ["metric"])}
    assert len(widths) == 1  # columns line up


# --- errors ----------------------------------------------------------------------


def _gold_dir(tmp_path: Path, content: str, name: str = "901_x.json") -> Path:
    (tmp_path / name).write_text(content, encoding="utf-8")
    return tmp_path


def test_missing_gold_folder(tmp_path):
    with pytest.raises(InputError, match="nope: no such folder of gold files"):
        evaluate(tmp_path / "nope", FIXTURES)


def test_missing_docs_folder(tmp_path):
    with pytest.raises(InputError, match="nope: no such folder of documents"):
        evaluate(FIXTURES, tmp_path / "nope")


def test_empty_gold_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=r"no gold files \(\*\.json\)"):
        evaluate(tmp_path)


@pytest.mark.parametrize("content, message", [
    ('{"document": "a.txt",', r"901_x\.json: not valid JSON \(line 1"),
    ('{"measures": []}', r'901_x\.json: missing "document"'),
    ("[1, 2]", r"901_x\.json: the gold file: expected a JSON object"),
    ('{"document": "absent.txt"}', r"901_x\.json: its document 'absent\.txt' is not in"),
], ids=["not-json", "without-document", "not-an-object", "document-missing"])
def test_a_broken_gold_file_is_an_input_error_naming_it(tmp_path, content, message):
    _gold_dir(tmp_path, content)
    with pytest.raises(InputError, match=message):
        evaluate(tmp_path)


def test_two_gold_files_for_one_document(tmp_path):
    (tmp_path / "a.txt").write_text("某县民生实事\n", encoding="utf-8")
    _gold_dir(tmp_path, '{"document": "a.txt"}', "1.json")
    _gold_dir(tmp_path, '{"document": "a.txt"}', "2.json")
    with pytest.raises(InputError, match=r"2\.json: a second gold file for document 'a\.txt'"):
        evaluate(tmp_path)


def test_malformed_measure_names_the_entry(tmp_path):
    (tmp_path / "a.txt").write_text("标题", encoding="utf-8")
    _gold_dir(tmp_path, '{"document": "a.txt", "measures": [{"id": "x-1", "kind": "group", "title": 3}]}')
    with pytest.raises(InputError, match=r'measure x-1: "title" must be a non-empty string'):
        evaluate(tmp_path)


def test_unknown_fields_are_ignored_and_lists_default_to_empty(tmp_path):
    (tmp_path / "a.txt").write_text("某县民生实事\n", encoding="utf-8")
    _gold_dir(tmp_path, '{"document": "a.txt", "reviewer": "x", "plan": {"title": "某县民生实事"}}')
    record = evaluate(tmp_path)["documents"]["a.txt"]
    assert record["measures"]["gold"] == 0 and record["targets"]["gold"] == 0


# --- co-lead pairs ---------------------------------------------------------------

ELDERLY = frozenset({"elderly_care"})
ELDERLY_AND_CHILD = frozenset({"elderly_and_child_care", "elderly_care", "childcare"})


def test_gold_co_lead_pairs_inherit_leave_out_collectives_and_take_narrower_domains():
    full = {"X": "某县 卫生健康局", "Y": "某县民政局", "Z": "某县教育局", "各乡镇": "某县各乡镇人民政府"}
    gold = GoldDocument(path=Path("x.json"), document="x.txt", items=(
        GoldItem("g1", "group", "健康", ("health_care",), lead=("X",), agencies_full=full),
        GoldItem("m1", "measure", "老年人体检", ("elderly_care",), parent="g1"),  # inherits X
        GoldItem("m2", "measure", "医养结合", ("elderly_care",), cooperating=("X",), agencies_full=full,
                 parent="g1"),  # prints X as cooperating: does not inherit it as lead
        GoldItem("g2", "group", "养老", ("elderly_care",), lead=("Y", "各乡镇"), agencies_full=full),
        GoldItem("g2.1", "group", "居家养老", (), parent="g2"),
        GoldItem("m3", "measure", "助餐", ("elderly_care",), parent="g2.1"),  # Y from its grandparent
        GoldItem("m4", "measure", "托育", ("childcare",), lead=("Z",), agencies_full=full),
    ), agencies=(GoldAgency("某县各乡镇人民政府", "collective", "collective"), GoldAgency("某县民政局", "county")))
    # X (via m1) and Y; 各乡镇 is a collective; Z leads childcare only
    assert gold_pairs(gold, ELDERLY) == {pair("某县卫生健康局", "某县民政局")}
    assert gold_pairs(gold, ELDERLY_AND_CHILD) == {
        pair("某县卫生健康局", "某县民政局"), pair("某县卫生健康局", "某县教育局"), pair("某县民政局", "某县教育局")}
    assert gold_pairs(gold, frozenset({"housing"})) == set()


def test_co_lead_pairs_of_a_broader_domain_given_by_its_label():
    report = evaluate(FIXTURES, extract=handmade, domain="一老一小")
    assert report["co_lead_domain"] == "一老一小"
    # gold: 民政局 (elder care), 卫生健康局 and 人社局 (childcare) → 3 pairs; the hand-made
    # extraction has the same three leads (m1, m3, m4), whatever it got wrong elsewhere
    assert report["documents"]["901_tiny_action_plan.txt"]["co_lead_pairs"] == prf(1.0, 1.0, 1.0, 3, 3, 3)
    assert report["overall"]["co_lead_pairs"] == prf(1.0, 1.0, 1.0, 3, 3, 3)


def test_an_unknown_domain_fails_before_any_extraction():
    def never(*args, **kwargs):
        raise AssertionError("extracted before the domain was checked")

    with pytest.raises(InputError, match="unknown domain '养老服物'; nearest: 养老服务"):
        evaluate(FIXTURES, extract=never, domain="养老服物")


def test_eval_command_takes_the_domain():
    from mskg.cli import main

    result = CliRunner().invoke(main, ["eval", str(FIXTURES), "--domain", "elderly_and_child_care", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["co_lead_domain"] == "elderly_and_child_care"
    result = CliRunner().invoke(main, ["eval", str(FIXTURES), "--domain", "nothing"])
    assert result.exit_code == 2 and "unknown domain 'nothing'" in result.output


@pytest.mark.parametrize("measures, message", [
    ('[{"id": "a", "kind": "group", "title": "t", "parent": "b"}]', "measure a: its parent 'b' is not a measure"),
    ('[{"id": "a", "kind": "group", "title": "t", "parent": "b"}, {"id": "b", "kind": "group", "title": "u", '
     '"parent": "a"}]', "measure a: its parents go round in a circle"),
], ids=["dangling", "circle"])
def test_a_broken_parent_is_an_input_error(tmp_path, measures, message):
    (tmp_path / "a.txt").write_text("标题", encoding="utf-8")
    _gold_dir(tmp_path, f'{{"document": "a.txt", "measures": {measures}}}')
    with pytest.raises(InputError, match=message):
        evaluate(tmp_path)


def test_gold_pairs_of_a_lead_inherited_from_sections_of_other_domains():
    """Blind document e03 (a progress report): the elder-care project 养老服务项目 is led by
    区民政局; two elder-care sub-items sit under projects of other domains and print no
    units, so they take those projects' leads: 65岁以上…接种肺炎疫苗 under 医疗卫生项目 (区卫健委),
    既有多层住宅加装电梯 under 住房保障项目 (区房管局). 各街镇 only cooperates."""
    gold = load_gold(SETS["blind"].gold / "e03_jiading_report.json")
    assert gold_pairs(gold, ELDERLY) == {
        pair("上海市嘉定区民政局", "上海市嘉定区卫生健康委员会"),
        pair("上海市嘉定区民政局", "上海市嘉定区房屋管理局"),
        pair("上海市嘉定区卫生健康委员会", "上海市嘉定区房屋管理局"),
    }


@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason="the shared gold annotations are not here")
def test_gold_pairs_of_seed_documents_counted_by_hand():
    """000: the elder-care items are 实施养老幸福工程 (县民政局) with its ten 工作重点 items, which
    print no units and inherit it, and 稳步推进长期护理保险制度 under 实施医疗保障工程, which inherits
    县医疗保障局; the collectives 各乡镇（街道）and 相关驻汶单位 only cooperate: one pair.
    001: 市民政局 (老年人食堂, 适老化改造), the company 广电山东网络济宁分公司 (有线电视银龄工程) and
    市医保局 (长期护理保险试点): three pairs. 003: its elder-care items print no units: none."""
    def pairs(stem):
        return gold_pairs(load_gold(SHARED_GOLD / f"{stem}.json"), ELDERLY)

    assert pairs("000_e71d73c36a34a15e") == {pair("汶上县民政局", "汶上县医疗保障局")}
    assert pairs("001_478e334c04adaff1") == {
        pair("济宁市民政局", "山东广电网络有限公司济宁分公司"), pair("济宁市民政局", "济宁市医疗保障局"),
        pair("山东广电网络有限公司济宁分公司", "济宁市医疗保障局")}
    assert pairs("003_635fd06134c9d9a0") == set()


@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason="the shared gold annotations are not here")
@pytest.mark.parametrize("domain", ["elderly_care", "一老一小"])
def test_extracted_pairs_are_the_stored_query_over_the_ingested_corpus(corpus_store, extract_once, domain):
    """The metric's extracted side is what the owner gets: the stored query over a store
    that `mskg ingest` built from the seed corpus, split by plan."""
    from mskg.identifiers import document_id, plan_iri
    from mskg.ingest import read_document
    from mskg.queries import run

    co_leads = CoLeadPairs(domain)
    for path in sorted(SHARED_GOLD.glob("*.json")):
        gold = load_gold(path)
        doc = CORPUS / gold.document
        co_leads.add(gold, doc, extract_once(read_document(doc), document=document_id(doc), path=doc.name))
    measured = {name: extracted for name, (_, extracted) in co_leads.pairs().items()}
    answered = {name: set() for name in measured}
    plans = {plan_iri(document_id(name)): name for name in measured}
    result = run(corpus_store, QUERY, {"domain": domain})
    for row in result.as_dicts():
        answered[plans[str(row["plan"])]].add(pair(str(row["nameA"]), str(row["nameB"])))
    assert measured == answered
    assert sum(map(len, measured.values())) >= 4  # 000's pair and 001's three at least


def test_the_metric_scores_the_rows_of_mskg_query(tmp_path, build_store, extract_once):
    """e03 alone: `mskg query co-leading-agencies` on a store of it gives the pairs the
    metric counts as extracted, and the gold pairs counted by hand above."""
    from mskg.cli import main

    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "e03_jiading_report.json").write_bytes((SETS["blind"].gold / "e03_jiading_report.json").read_bytes())
    record = evaluate(folder, SETS["blind"].docs, extract=extract_once)["documents"]["e03_jiading_report.txt"]
    store = build_store(tmp_path / "store", [SETS["blind"].docs / "e03_jiading_report.txt"])
    result = CliRunner().invoke(main, ["--store", str(store), "query", QUERY, "-p", "domain=elderly_care", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["results"]["bindings"]
    answered = {pair(r["nameA"]["value"], r["nameB"]["value"]) for r in rows}
    gold = gold_pairs(load_gold(folder / "e03_jiading_report.json"), ELDERLY)
    assert record["co_lead_pairs"]["gold"] == 3
    assert record["co_lead_pairs"]["extracted"] == len(answered)
    assert record["co_lead_pairs"]["matched"] == len(answered & gold)
