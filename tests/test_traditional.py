"""Documents printed in 繁體 read like their simplified form, quoted as printed.

Every word the reader looks for (facet sub-headings, 關於 of a notice heading, the
conjunction 與 between two units, quotation marks 「」, a plan's own name) is matched
on the same-length simplified view, never on the printed characters.
"""

from __future__ import annotations

import zhconv

from mskg.ingest import extract_text

PLAN = """\
汶上縣人民政府關於印發汶上縣民生領域補短板行動方案（2024—2026年）的通知
各鄉鎮人民政府，縣政府各部門：
現將《汶上縣民生領域補短板行動方案（2024—2026年）》印發給你們，請認真貫徹執行。
汶上縣民生領域補短板行動方案（2024—2026年）
一、重點工作
（一）實施養老服務工程
1．發展目標
到2026年，全縣養老床位達到6400張，實行「一院一策」管理。
2．工作重點
（1）建設區域養老服務中心3個。
（2）改造敬老院5所。
牽頭單位：縣民政局與縣衛生健康局
配合單位：縣財政局
（二）實施托育服務工程
1．發展目標
到2026年，每千人口擁有3歲以下嬰幼兒托位數達到4.5個。
2．工作重點
（1）新增普惠托位300個。
（2）培訓托育從業人員200人。
牽頭單位：縣衛生健康局
配合單位：縣教育局
"""


def _reading(extraction):
    return {
        "plan": (extraction.plan.issuer, extraction.plan.jurisdiction, extraction.plan.kind),
        "items": [(it.key, it.kind, zhconv.convert(it.title, "zh-cn")) for it in extraction.items],
        "roles": sorted((it.key, r.agency.full, r.role) for it in extraction.items for r in it.responsibilities),
        "targets": sorted((t.span.start, t.span.end, t.value) for t in extraction.targets),
    }


def test_a_plan_in_traditional_characters_reads_like_its_simplified_form():
    simplified = zhconv.convert(PLAN, "zh-cn")
    traditional = PLAN
    assert len(simplified) == len(traditional)
    a = extract_text(simplified, document="s", path="s.txt")
    b = extract_text(traditional, document="t", path="t.txt")
    assert _reading(b) == _reading(a)
    # facet sub-headings (發展目標, 工作重點) are transparent: the sections are the measures
    assert [it.kind for it in b.items if it.parent is None] == ["group"]
    assert {(k, name) for k, name, role in _reading(b)["roles"] if role == "lead"} >= {
        ("s01.1", "汶上县民政局"), ("s01.1", "汶上县卫生健康局")}
    for it in b.items:
        assert traditional[it.title_span.start:it.title_span.end] == it.title_span.quote
        for r in it.responsibilities:
            assert traditional[r.span.start:r.span.end] == r.printed  # printed as in the text
    # 「一院一策」 is a name, not a target, in either script
    assert not any("一院" in t.span.quote for t in b.targets)
