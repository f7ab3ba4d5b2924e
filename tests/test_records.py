"""Items and indicators printed as records of ``label：value`` lines (LAYOUTS.md: a table
printed one record per row, its header words as the labels). Each text is a small
invented document; the same content as a table must give the same reading."""

from __future__ import annotations

from mskg.ingest import extract_text
from mskg.ingest.document import read
from mskg.ingest.model import Extraction


def _extract(text: str) -> Extraction:
    return extract_text(text, document="t", path="t.txt")


INDICATOR_RECORDS = """某县“十四五”社会事业发展规划

表1  主要指标

指标名称：城镇调查失业率
单位：%
2020年：4.8
2025年：5.5以内
属性：预期性

指标名称：每千名老年人拥有养老床位数
单位：张
2020年：28
2025年：35
属性：约束性

第一章 发展基础
"""


def test_indicator_records_are_an_indicator_table_with_baselines_and_year_columns():
    doc = read(INDICATOR_RECORDS)
    assert [(t.kind, t.layout, t.header) for t in doc.tables] == [
        ("indicator", "records", ["indicator", "unit", "baseline", "target", "attribute"])]
    ex = _extract(INDICATOR_RECORDS)
    got = sorted((t.subject, t.value, t.unit, t.comparator, t.baseline_value, t.year) for t in ex.targets)
    assert got == [("城镇调查失业率", 5.5, "%", "<=", 4.8, 2025), ("每千名老年人拥有养老床位数", 35.0, "张", "=", 28.0, 2025)]
    assert not [it for it in ex.items if it.kind == "measure"]
    for t in ex.targets:  # the span runs from the indicator's name to the target's value
        assert t.span.quote.startswith(t.subject) and INDICATOR_RECORDS[t.span.start:t.span.end] == t.span.quote
