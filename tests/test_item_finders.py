"""Items found in layouts without printed numbers or without a table header: bullets,
【bracketed titles】, ``——`` sub-headings, 第X条 articles, and records of
``label：value`` lines. Each text is a small invented document in a real layout."""

from __future__ import annotations

import pytest

from mskg.ingest import extract_text
from mskg.ingest.model import Extraction


def _extract(text: str) -> Extraction:
    return extract_text(text, document="t", path="t.txt")


def _items(ex: Extraction) -> list[tuple[str, str | None, str]]:
    return [(it.kind, it.number, it.title) for it in ex.items]


BULLETS = """某县2024年民生实事

◆新建城乡社区养老服务站12个，新增养老床位300张。责任单位：县民政局
◆改造农村公路80公里。责任单位：县交通运输局
◆新增城镇就业2000人。责任单位：县人力资源和社会保障局
"""


def test_recurring_bullets_open_measures_with_their_units():
    ex = _extract(BULLETS)
    assert _items(ex) == [
        ("measure", None, "新建城乡社区养老服务站12个，新增养老床位300张"),
        ("measure", None, "改造农村公路80公里"),
        ("measure", None, "新增城镇就业2000人"),
    ]
    assert [[r.printed for r in it.responsibilities] for it in ex.items] == [
        ["县民政局"], ["县交通运输局"], ["县人力资源和社会保障局"]]
    # the bullet is no part of what a target counts
    assert not any(t.subject.startswith("◆") for t in ex.targets)


def test_a_lone_bullet_is_emphasis_not_an_item():
    ex = _extract("某县2024年民生实事\n\n◆全年新增城镇就业2000人。\n")
    assert ex.items == []


BRACKETS = """某区2024年十件民生实事

【养老服务提升工程】新建社区养老服务中心5个，新增床位200张。牵头单位：区民政局。
【托育服务扩容工程】新增普惠托位600个。牵头单位：区卫生健康委。
"""


def test_bracketed_titles_open_measures():
    ex = _extract(BRACKETS)
    assert _items(ex) == [("measure", None, "养老服务提升工程"), ("measure", None, "托育服务扩容工程")]
    assert [(r.printed, r.role) for r in ex.items[1].responsibilities] == [("区卫生健康委", "lead")]
    assert {t.subject for t in ex.targets} == {"新建社区养老服务中心", "新增床位", "新增普惠托位"}


WORK_REPORT = """某市2024年政府工作报告重点工作任务分解

（二）增进民生福祉
——办好养老托育服务。
41.新建区域养老服务中心10个，改造提升乡镇敬老院15所。（牵头单位：市民政局；责任单位：各县市区政府）
42.新增普惠托位2000个。（市卫生健康委员会负责）
——促进就业。
43.城镇新增就业3万人。（市人力资源社会保障局负责）
"""


def test_dash_sub_headings_group_the_numbered_measures():
    ex = _extract(WORK_REPORT)
    assert _items(ex) == [
        ("group", "（二）", "增进民生福祉"),
        ("group", None, "办好养老托育服务"),
        ("measure", "41", "新建区域养老服务中心10个，改造提升乡镇敬老院15所"),
        ("measure", "42", "新增普惠托位2000个"),
        ("group", None, "促进就业"),
        ("measure", "43", "城镇新增就业3万人"),
    ]
    assert ex.items[5].parent == ex.items[4].key


def test_dash_line_with_a_date_is_no_heading():
    ex = _extract("某县政府工作报告\n——2024年1月18日在某县人民代表大会上\n——2024年1月19日\n")
    assert ex.items == []


RECORDS = """某县2024年民生实事项目

1
项目名称：城乡养老服务提升
建设内容：新建社区养老服务站12个，新增养老床位300张。
责任单位：县民政局
---
2
项目名称：农村公路改造
建设内容：改造农村公路80公里。
责任单位：县交通运输局

项目三
项目名称：就业促进
建设内容：新增城镇就业2000人。
责任单位：县人力资源和社会保障局
"""


def test_records_of_label_value_lines_are_items():
    ex = _extract(RECORDS)
    assert _items(ex) == [("measure", "1", "城乡养老服务提升"), ("measure", "2", "农村公路改造"),
                          ("measure", "项目三", "就业促进")]
    assert [[(r.printed, r.role) for r in it.responsibilities] for it in ex.items] == [
        [("县民政局", "responsible")], [("县交通运输局", "responsible")], [("县人力资源和社会保障局", "responsible")]]
    assert {t.item for t in ex.targets} == {"s01", "s02", "s03"}


def test_articles_number_items():
    ex = _extract("某市养老服务条例实施办法\n\n第一条 新建养老服务中心10个。\n第二条 新增养老床位500张。\n")
    assert [(it.number, it.title) for it in ex.items] == [("第一条", "新建养老服务中心10个"), ("第二条", "新增养老床位500张")]


NEWS_BULLETS = """某区2024年“十件民生实事”发布
日前，某区印发实施方案。各项目所列责任单位中，排在首位的为牵头单位，其余为配合单位。具体如下：
【幼有所育】
◆ 普惠托育扩容
新增普惠托位600个。
■ 责任单位：区卫生健康局、区财政局
【病有所医】
◆ 基层医疗能力提升
● 为10个乡镇卫生院配备救护车。
● 建成2个县域医疗次中心。
■ 责任单位：区卫生健康局、区医疗保障局
【工作要求】
▲ 加强组织领导。各牵头单位逐项制定方案。
▲ 强化督查考核。每季度开展一次专项督查。
责任编辑：某某
【打印本页】　【关闭窗口】
主办单位：某区人民政府办公室
"""


def test_bullets_rank_by_glyph_and_role_lines_cover_their_item():
    ex = _extract(NEWS_BULLETS)
    assert _items(ex) == [
        ("group", None, "幼有所育"),
        ("measure", None, "普惠托育扩容"),
        ("group", None, "病有所医"),
        ("measure", None, "基层医疗能力提升"),
        ("sub-measure", None, "为10个乡镇卫生院配备救护车"),
        ("sub-measure", None, "建成2个县域医疗次中心"),
        ("group", None, "工作要求"),  # its ▲ directions are no items
    ]
    roles = {it.title: [(r.printed, r.role) for r in it.responsibilities] for it in ex.items}
    assert roles["基层医疗能力提升"] == [("区卫生健康局", "lead"), ("区医疗保障局", "cooperating")]
    assert roles["为10个乡镇卫生院配备救护车"] == []  # covered by the ■ line of its item
    assert roles["普惠托育扩容"] == [("区卫生健康局", "lead"), ("区财政局", "cooperating")]
    # the page footer is no responsibility line
    assert not any("办公室" in r.printed for it in ex.items for r in it.responsibilities)


CIRCLED = """烟台市人民政府办公室关于印发2024年烟台市10件民生实事的通知
各项实事后括号内所列单位，排在第一位的为牵头单位，其余为配合单位。
2024年烟台市10件民生实事
一、聚焦“一老一小”
①新建公办幼儿园10所（市教育局，各县市区政府）；②新增普惠性托位1000个（市卫生健康委、市发展改革委）；③新建养老服务中心5处（市民政局）。
二、聚焦宜居安居
④改造城镇老旧小区50个（市住房城乡建设局，芝罘区、莱山区政府）；⑤新建农村公路100公里（市交通运输局）。
"""


def test_circled_numbers_running_across_headings_are_measures_of_each_heading():
    ex = _extract(CIRCLED)
    assert _items(ex) == [
        ("group", "一", "聚焦“一老一小”"),
        ("measure", "①", "新建公办幼儿园10所"),
        ("measure", "②", "新增普惠性托位1000个"),
        ("measure", "③", "新建养老服务中心5处"),
        ("group", "二", "聚焦宜居安居"),
        ("measure", "④", "改造城镇老旧小区50个"),
        ("measure", "⑤", "新建农村公路100公里"),
    ]
    roles = {it.number: [(r.printed, r.role) for r in it.responsibilities] for it in ex.items}
    # a bracket closing the clause names the units; the first leads, as the notice says
    assert roles["①"] == [("市教育局", "lead"), ("各县市区政府", "cooperating")]
    assert roles["③"] == [("市民政局", "lead")]
    # places before a shared 政府 are each a government
    assert [p for p, _ in roles["④"]] == ["市住房城乡建设局", "芝罘区", "莱山区政府"]


POST = """权威发布｜2024年区政府工作报告重点任务分解来了！
方案明确，每项任务所列责任单位中，排在第一位的为牵头单位，其余为配合单位。
━━━━━━━━━━━━━━
【七】用心用情办好民生实事
━━━━━━━━━━━━━━
▌教育更优质

🔹第61项
新建幼儿园2所，新增公办学位720个。同步推进智慧校园建设。
👉责任单位：区教育局、区财政局
⏰完成时限：2024年9月

🔹第62项
新改扩建中小学校4所。
👉区教育局负责，区住建局配合
⏰完成时限：2024年12月

▌健康更有保障

🔹第63项
建成县域医疗卫生次中心2个。
👉责任单位：区卫健局、区医保局
⏰完成时限：2024年12月

来源：襄州区人民政府办公室
"""


def test_a_post_numbers_its_items_on_marker_lines_and_labels_its_fields_with_pictographs():
    # 【七】 numbers a heading though it is the only bracket; ▌ bars head the groups; a
    # marker line printing only a number (🔹第61项) numbers the item whose text follows,
    # titled up to its first full stop; ⏰完成时限：… is a field, no item; a glyph before a
    # role sentence is no part of the unit's name
    ex = _extract(POST)
    assert _items(ex) == [
        ("group", "七", "用心用情办好民生实事"), ("group", None, "教育更优质"),
        ("measure", "第61项", "新建幼儿园2所，新增公办学位720个"), ("measure", "第62项", "新改扩建中小学校4所"),
        ("group", None, "健康更有保障"), ("measure", "第63项", "建成县域医疗卫生次中心2个")]
    roles = [sorted((r.printed, r.role) for r in it.responsibilities) for it in ex.items if it.kind == "measure"]
    assert roles[1] == [("区住建局", "cooperating"), ("区教育局", "lead")]
    # the page names its government only in its source line: the units are that district's
    assert ex.plan.jurisdiction == "湖北省襄阳市襄州区"
    assert {r.agency.full for r in ex.items[2].responsibilities} == {"襄阳市襄州区教育局", "襄阳市襄州区财政局"}


def test_articles_of_a_chapter_on_safeguards_and_supervision_are_no_measures():
    text = ("某市民生实事项目管理办法\n第一章 项目内容\n第一条 学前教育普惠提升项目。新增学位600个。\n"
            "第二条 基层医疗服务提升项目。建成卫生院3所。\n第二章 保障与监督\n"
            "第三条 项目资金按照上级补助、市县配套原则筹措。\n第四条 各牵头单位每月5日前报送项目进展情况。\n")
    ex = _extract(text)
    assert [(it.kind, it.number) for it in ex.items] == [
        ("group", "第一章"), ("measure", "第一条"), ("measure", "第二条"), ("group", "第二章")]


NUMBERED_BARS = """某市2023年十件惠民实事出炉！
（注：每件实事所列责任单位中，排在首位的为牵头单位，其余为配合单位。）

{g}NO.1 老有所养 颐养无忧

新建社区居家养老服务站12个，为不少于600户特殊困难老年人家庭实施居家适老化改造。

◆责任单位丨市民政局、市财政局

{g}NO.2 幼有善育 学有优教

①新增普惠性托位300个。
◆责任单位丨市卫生健康局、市妇联

②新建公办幼儿园4所，新增公办学位720个。
◆责任单位丨市教育体育局、市财政局

{g}NO.3 稳岗就业 增收致富

城镇新增就业5600人，开展各类职业技能培训1.2万人次。

◆责任单位丨市人力资源社会保障局、市财政局

{g}NO.4 放心消费 舌尖安全

完成农贸市场标准化改造6个。

◆责任单位丨市市场监管局、市商务局

往期推荐
▶ 某市2022年十件惠民实事“成绩单”来了
▶ 一图读懂2023年政府工作报告

来源：某市人民政府办公室
"""


@pytest.mark.parametrize("glyph", ["▌", "■", "🔸"])
def test_marker_lines_printing_numbers_in_sequence_are_items_whatever_glyph_marks_them(glyph):
    # NO.1 … NO.3 after a marker number the items (the bar does not make them headings,
    # since no numbered item stands under it); 丨 ends the role label as a colon does, so
    # ◆责任单位丨… is the item's responsibility line, no item of its own; the links to
    # earlier posts under 往期推荐 are the page's furniture
    ex = _extract(NUMBERED_BARS.format(g=glyph))
    assert _items(ex) == [
        ("measure", "NO.1", "老有所养颐养无忧"),
        ("measure", "NO.2", "幼有善育学有优教"),
        ("sub-measure", "①", "新增普惠性托位300个"),
        ("sub-measure", "②", "新建公办幼儿园4所，新增公办学位720个"),
        ("measure", "NO.3", "稳岗就业增收致富"),
        ("measure", "NO.4", "放心消费舌尖安全"),
    ]
    roles = {it.number: [(r.printed, r.role) for r in it.responsibilities] for it in ex.items}
    assert roles["NO.1"] == [("市民政局", "lead"), ("市财政局", "cooperating")]
    assert roles["②"] == [("市教育体育局", "lead"), ("市财政局", "cooperating")]
    assert roles["NO.3"] == [("市人力资源社会保障局", "lead"), ("市财政局", "cooperating")]
