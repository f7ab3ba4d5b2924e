"""The whole pipeline on every real document: provenance and stability.

The seed corpus ships in ``data/corpus``; the project's own documents with gold are in
``tests/documents``. Their scores against gold are guarded by test_score_snapshots.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from extractions import extract_file as cached_extraction

from mskg.ingest import document_paths, extract_file
from mskg.ingest.model import Extraction

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
OWN = ROOT / "tests" / "documents"

DOCUMENTS = document_paths([CORPUS, OWN])


@pytest.fixture(scope="module")
def extractions() -> dict[str, Extraction]:
    return {p.name: cached_extraction(p) for p in DOCUMENTS}


def _spans(ex: Extraction):
    if ex.plan.span is not None:
        yield "plan", ex.plan.span
    for it in ex.items:
        yield f"item {it.key}", it.span
        yield f"title {it.key}", it.title_span
        for r in it.responsibilities:
            yield f"agency {it.key} {r.printed}", r.span
    for t in ex.targets:
        yield f"target {t.key}", t.span
    for p in ex.places:
        for s in p.spans:
            yield f"place {p.full}", s


def test_corpus_is_found():
    names = {p.name for p in DOCUMENTS}
    assert len([n for n in names if n[:3].isdigit()]) == 5
    assert len(names) >= 10


def test_every_span_quotes_its_source(extractions):
    for name, ex in extractions.items():
        text = ex.text
        checked = 0
        for label, span in _spans(ex):
            assert 0 <= span.start <= span.end <= len(text), (name, label)
            assert span.quote == text[span.start : span.end], (name, label)
            checked += 1
        assert checked > 0, name


def test_every_document_has_a_plan_and_items(extractions):
    for name, ex in extractions.items():
        assert ex.plan.title, name
        assert ex.plan.kind in ("action_plan", "annual_list", "five_year_plan", "other"), name
        assert ex.items, name
        keys = [it.key for it in ex.items]
        assert len(keys) == len(set(keys)), name
        seen: set[str] = set()
        for it in ex.items:  # parents come before their children
            assert it.parent is None or it.parent in seen, (name, it.key)
            seen.add(it.key)
            assert it.kind in ("group", "measure", "sub-measure", "project"), (name, it.key)
            assert it.title and "?" not in it.title and "[bookmark" not in it.title, (name, it.key)
            assert it.span.start <= it.title_span.start and it.title_span.end <= it.span.end, (name, it.key)
            for r in it.responsibilities:
                assert r.role in ("lead", "cooperating", "responsible"), (name, it.key)


def test_extraction_is_stable():
    path = CORPUS / "001_478e334c04adaff1.txt"
    a, b = extract_file(path), extract_file(path)

    def fingerprint(ex: Extraction):
        return [
            (it.key, it.kind, it.number, it.title, it.span, tuple(it.domains),
             tuple((r.printed, r.role, r.agency.full, r.span) for r in it.responsibilities))
            for it in ex.items
        ]

    assert fingerprint(a) == fingerprint(b)
    assert a.plan == b.plan


def test_describe_is_json_ready(extractions):
    import json

    from mskg.ingest.pipeline import describe

    ex = extractions["000_e71d73c36a34a15e.txt"]
    data = json.loads(json.dumps(describe(ex), ensure_ascii=False))
    assert data["plan"]["title"] == ex.plan.title
    assert [i["key"] for i in data["items"]] == [it.key for it in ex.items]
    leads = [r for i in data["items"] for r in i["responsibilities"] if r["role"] == "lead"]
    assert leads and all(ex.text[r["span"][0] : r["span"][1]] == r["printed"] for r in leads)


TITLE_CASES = [
    # a 政府工作报告 without a 标题 field: the heading, not the sentence asking for 意见
    ("2024年灵丘县人民政府工作报告\n"
     "——2024年1月10日在灵丘县第十七届人民代表大会第三次会议上\n"
     "各位代表：\n"
     "现在，我代表县人民政府，向大会报告工作，请予审议，并请县政协委员和其他列席人员提出意见。\n"
     "二、2024年民生实事\n"
     "第一，新建养老服务中心2处，由县民政局负责。\n"
     "第二，新增普惠托位200个，由县卫生健康局牵头，县财政局配合。\n",
     "2024年灵丘县人民政府工作报告", "山西省大同市灵丘县", (2024, 2024)),
    # a portal page opening with a breadcrumb trail: the heading under it
    ("首页 > 政务公开 > 法定主动公开内容 > 政府工作报告\n"
     "西峡县2025年政府工作报告（摘要）\n"
     "发布时间：2025-01-21 09:30　　来源：西峡县人民政府办公室\n"
     "一是新建养老服务中心2处，由县民政局牵头。\n",
     "西峡县2025年政府工作报告（摘要）", "河南省南阳市西峡县", (2025, 2025)),
    # a town's own post naming no issuer: the town the text prints with its city, as the
    # post says 镇政府 and its title names the town
    ("塘厦2024年十件民生实事最新进展\n"
     "年初，东莞市塘厦镇人民代表大会票决产生了十件民生实事，镇政府广泛征集建议。\n"
     "1. 新增公办学位\n"
     "新增公办义务教育学位2700个。（镇教育管理中心牵头，镇财政分局配合）\n",
     "塘厦2024年十件民生实事最新进展", "广东省东莞市塘厦镇", (2024, 2024)),
]


@pytest.mark.parametrize("text,title,jurisdiction,period", TITLE_CASES, ids=["work-report", "breadcrumb", "town-post"])
def test_the_heading_names_the_document(text, title, jurisdiction, period):
    from mskg.ingest import extract_text

    plan = extract_text(text, document="doc").plan
    assert (plan.title, plan.jurisdiction, plan.period) == (title, jurisdiction, period)
