"""Targets and indicators on whole documents.

The seed corpus must share at least five indicators between two or more documents;
target scores against gold are guarded by test_score_snapshots.py.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

from mskg import lexicons
from mskg.identifiers import indicator_iri
from mskg.ingest import extract_file, read_document
from mskg.ingest.indicators import SCHEME_IRI, indicators, match_indicator, shared_indicators
from mskg.ingest.model import Extraction, Plan
from mskg.ingest.targets import extract_targets

DOCS = Path(__file__).parent / "documents"
CORPUS = Path(str(files("mskg.data") / "corpus"))


def _plan_of(gold: dict) -> Plan:
    """The plan as the pipeline states it (kind, period): targets are scored on their own."""
    p = gold["plan"]
    period = tuple(p["period"]) if p.get("period") else None
    kind = "annual_list" if period and period[0] == period[1] else "five_year_plan"
    return Plan(title=p["title"], kind=kind, period=period, jurisdiction=p.get("jurisdiction"))


def test_seed_corpus_shares_at_least_five_indicators():
    extractions = []
    for doc in sorted(CORPUS.glob("*.txt")):
        text = read_document(doc)
        plan = Plan(title="", kind="other")
        extractions.append(Extraction(document=doc.stem, path=doc.name, text=text, plan=plan,
                                      targets=extract_targets(text, [], plan)))
    shared = shared_indicators(extractions)
    assert len(shared) >= 5, shared
    assert all(len(docs) >= 2 for docs in shared.values())
    assert {"urban_new_jobs", "nursing_bed_share"} <= set(shared)


def test_pipeline_output_is_stable():
    doc = DOCS / "t05_qinan_shisiwu_guihua.txt"
    a, b = extract_file(doc), extract_file(doc)
    assert [(t.key, t.value, t.span) for t in a.targets] == [(t.key, t.value, t.span) for t in b.targets]
    assert a.targets and all(t.effective_year for t in a.targets)


def test_indicator_scheme_is_skos_with_bilingual_labels_and_rules():
    g = lexicons.load("indicators.ttl").graph
    assert (URIRef(SCHEME_IRI), RDF.type, SKOS.ConceptScheme) in g
    codes = [i.code for i in indicators()]
    assert len(codes) == len(set(codes)) >= 40
    for ind in indicators():
        concept = URIRef(ind.iri)
        assert ind.iri == indicator_iri(ind.code)
        assert (concept, SKOS.inScheme, URIRef(SCHEME_IRI)) in g
        langs = {lit.language for lit in g.objects(concept, SKOS.prefLabel)}
        assert langs == {"zh", "en"}, ind.code
        assert ind.patterns and ind.units, ind.code


@pytest.mark.parametrize("subject, unit, code", [
    ("全县各类养老床位", "张", "elderly_care_beds"),
    ("护理型床位占比", "%", "nursing_bed_share"),
    ("增加护理型养老床位", "张", "nursing_beds"),
    ("普惠性幼儿园覆盖率", "%", "inclusive_kindergarten_coverage"),
    ("学前三年毛入园率", "%", "preschool_gross_enrolment"),
    ("城镇新增就业", "万人", "urban_new_jobs"),
    ("城镇登记失业率", "%", "registered_unemployment_rate"),
    ("每千人口拥有3岁以下婴幼儿托位数", "个", "childcare_places_per_1000"),
    ("全市新增托位", "个", "new_childcare_places"),
    ("改造老旧住宅小区", "个", "old_communities_renovated"),
    ("每千常住人口执业(助理)医师数", "人", "physicians_per_1000"),
    ("人均预期寿命", "岁", "life_expectancy"),
    ("基本养老保险参保率", "%", "basic_pension_coverage"),
    ("城市低保平均标准", "元/人/月", "urban_minimum_living_allowance"),
    ("城镇新增就业", "%", None),  # a share is not a head count
    ("修建小游园", "个", None),
])
def test_indicator_matching(subject, unit, code):
    assert match_indicator(subject, unit, unit.removeprefix("万")) == code


def test_indicator_rows_put_the_same_indicator_of_several_documents_side_by_side():
    from mskg.ingest.indicators import indicator_rows

    extractions = []
    for name, period, text in (
        ("a", (2021, 2025), "到2025年，全县养老床位达到6400张，城镇新增就业1.1万人以上。"),
        ("b", (2022, 2022), "全市新增养老床位1200张，建成社区食堂20处。"),
    ):
        plan = Plan(title="", kind="five_year_plan" if period[0] != period[1] else "annual_list",
                    period=period, jurisdiction=f"{name}市")
        extractions.append(Extraction(document=name, path=name, text=text, plan=plan,
                                      targets=extract_targets(text, [], plan)))
    rows = indicator_rows(extractions)
    assert [(r.indicator, r.document, r.place, r.value, r.year) for r in rows] == [
        ("elderly_care_beds", "a", "a市", 6400.0, 2025),
        ("elderly_care_beds", "b", "b市", 1200.0, 2022),
    ]
    assert len(indicator_rows(extractions, shared_only=False)) == 3
