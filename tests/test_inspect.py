"""`mskg inspect` and the notices of ingest: how a document was read, and what went unread.

Each case is a small invented document; the assertions check the explanation's parts
(layouts with scores, tables with column meanings, items, roles, convention, unread
lines) and that every notice names its line.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from extractions import extract_file

from mskg.cli import main
from mskg.ingest import extract_text
from mskg.ingest.model import NoticeKind
from mskg.ingest.reading import explain, format_explanation

ROOT = Path(__file__).resolve().parents[1]

TABLE = """某区2024年民生实事项目表
注：责任单位栏中排在第一位的为牵头单位。
序号 | 项目名称 | 建设内容 | 责任单位 | 经办人
1 | 社区养老服务站建设 | 新建社区养老服务站12个。 | 区民政局、区财政局 | 张某
2 | 农村公路改造 | 改造农村公路80公里。 | 区交通运输局 | 李某
3 | 就业促进 | 新增城镇就业2000人。
"""


def _extract(text: str):
    return extract_text(text, document="t", path="t.txt")


def test_explanation_names_layout_table_items_roles_and_convention():
    data = explain(_extract(TABLE))
    chosen = [s for s in data["layouts"] if s["chosen"]]
    assert chosen and chosen[0]["finder"] == "table-pipes" and chosen[0]["items"] == 3
    assert 0 < chosen[0]["score"] <= 1 and chosen[0]["regularity"] < 1  # row 3 lacks cells
    (table,) = data["tables"]
    assert [c["meaning"] for c in table["columns"]] == ["number", "title", "body", "responsible", "other"]
    assert [(it["number"], it["title"], it["line"]) for it in data["items"]] == [
        ("1", "社区养老服务站建设", 4), ("2", "农村公路改造", 5), ("3", "就业促进", 6)]
    assert data["items"][0]["roles"][0] == {"printed": "区民政局", "role": "lead", "agency": "区民政局", "line": 4}
    assert data["convention"]["rule"] == "first_lead"
    assert data["convention"]["stated"][0]["line"] == 2


def test_explanation_tells_how_the_rows_of_a_table_were_told_apart_and_what_lost():
    text = ("某市民生实事任务分解表\n序号\n项目名称\n建设内容\n责任单位\n完成时限\n"
            "1\n社区食堂建设\n新建社区老年食堂6个，新\n增助餐点20个。\n区民政局、区财政局、\n各街道办事处\n2024年12月\n"
            "2\n普惠托育\n新增普惠托位500个。\n区卫生健康委\n2024年\n10月底\n")
    (table,) = explain(_extract(text))["tables"]
    assert table["reading"] == "cells wrapping over lines, rows opened by their numbers"
    assert table["rows"] == 2
    # the fixed period of the header's five cells read fewer lines
    assert any(r["reading"] == "a row every 5 lines" and r["lines"] < 15 for r in table["runners_up"])
    assert "    rows read as: cells wrapping" in format_explanation(explain(_extract(text)))


def test_notices_name_the_lines_of_misfit_rows_and_unknown_header_words():
    ex = _extract(TABLE)
    kinds = {(n.kind, n.line) for n in ex.notices}
    assert (NoticeKind.ROW_MISFIT, 6) in kinds
    assert (NoticeKind.UNKNOWN_HEADER, 3) in kinds
    assert any("经办人" in n.message for n in ex.notices)


def test_targets_without_measures_are_a_notice_and_unread_lines_are_listed():
    text = "某县2024年民生工作安排\n\n今年全县新增城镇就业2000人。\n养老床位达到6400张。\n"
    ex = _extract(text)
    assert [it for it in ex.items if it.kind == "measure"] == []
    (notice,) = [n for n in ex.notices if n.kind is NoticeKind.NO_MEASURES]
    assert notice.line == 3 and "lines 3, 4" in notice.message
    assert explain(ex)["unread_lines"] == [3, 4]


def test_no_fact_without_source_text_is_kept():
    for path in sorted((ROOT / "tests" / "documents").glob("*.txt"))[:6]:
        ex = extract_file(path)  # the session's cache (extractions.py)
        assert all(it.span.end > it.span.start for it in ex.items)
        assert all(r.span.end > r.span.start for it in ex.items for r in it.responsibilities)
        assert all(t.span.end > t.span.start for t in ex.targets)


def test_inspect_command_prints_text_and_json(tmp_path):
    doc = tmp_path / "list.txt"
    doc.write_text(TABLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["inspect", str(doc)])
    assert result.exit_code == 0
    assert "* table-pipes" in result.output and "line 4" in result.output and "first_lead" in result.output
    out = tmp_path / "reading.json"
    result = CliRunner().invoke(main, ["inspect", str(doc), "-o", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["items"][1]["title"] == "农村公路改造"


def test_inspect_of_a_missing_file_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["inspect", str(tmp_path / "nothing.txt")])
    assert result.exit_code == 2 and "nothing.txt" in result.output and "Traceback" not in result.output


def test_ingest_prints_the_notices(tmp_path):
    doc = tmp_path / "list.txt"
    doc.write_text(TABLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "kg"), "ingest", str(doc)])
    assert result.exit_code == 0
    assert f"mskg: warning: {doc}: line 6: a row of the pipes table" in result.stderr
