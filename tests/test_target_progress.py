"""Targets in progress reports and what a target counts.

A progress report prints the year's goal beside what was done: only the goal is a
target. A target's subject is a phrase naming what is counted, never a bare unit,
number or verb (issue: ``%``, ``70%``, ``小区``, ``户`` appeared as subjects)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from extractions import extract_file

from mskg.ingest import extract_text
from mskg.ingest.model import Plan
from mskg.ingest.targets import extract_targets

ROOT = Path(__file__).resolve().parent

PROGRESS = """某区2024年民生实事项目进展情况

1.新建社区养老服务站。年度目标：新建20个。目前已建成12个，完成率60%。牵头单位：区民政局
2.发放高龄津贴。年度目标：惠及老人5000人，已发放津贴300万元。牵头单位：区民政局
3.新增普惠托位。全年计划新增托位600个，已完成450个。牵头单位：区卫生健康委
"""


def test_progress_is_not_a_target_the_years_goal_is():
    ex = extract_text(PROGRESS, document="t", path="t.txt")
    assert [(t.value, t.unit, t.item) for t in ex.targets] == [
        (20.0, "个", "s01"), (5000.0, "人", "s02"), (600.0, "个", "s03")]


def test_a_completion_rate_to_reach_is_a_goal():
    plan = Plan(title="某县行动方案（2022—2025年）", kind="action_plan", period=(2022, 2025))
    (t,) = extract_targets("到2025年，优抚对象信息采集完成率达到95%以上。", [], plan)
    assert (t.value, t.comparator) == (95.0, ">=")


_BARE = re.compile(r"^[\d.%％\s]*$")


def _documents() -> list[Path]:
    return sorted((ROOT / "documents").glob("*.txt")) + sorted((ROOT / "heldout").glob("*.txt"))


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.stem[:12])
def test_subjects_name_what_is_counted(path):
    for t in extract_file(path).targets:
        assert not _BARE.match(t.subject), (t.subject, t.span.quote)
        assert t.subject != t.unit, (t.subject, t.span.quote)
        assert len(t.subject) >= 3, (t.subject, t.span.quote)


def test_subject_of_a_number_printed_alone_comes_from_its_sentence_or_item():
    text = ("某县2022年老旧小区改造实施方案\n\n"
            "1.推进老旧小区改造。2022年实施3个老旧小区改造项目，共计32个小区、78栋楼、2363户。\n")
    ex = extract_text(text, document="t", path="t.txt")
    subjects = {t.value: t.subject for t in ex.targets}
    assert subjects[32.0] not in ("小区", "个") and "老旧小区改造" in subjects[32.0]
    assert subjects[78.0].endswith("（楼）")
    assert subjects[2363.0] != "户"
