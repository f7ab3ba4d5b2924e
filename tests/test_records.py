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


CARDS = """某区2024年为民办实事项目

每个项目的“责任单位”中，排在首位的为牵头单位，其余为配合单位。

◆项目一
标题：提升养老服务水平
内容：新建社区养老服务站3个，新增护理型床位120张。
责任单位：区民政局、区财政局
完成时限：2024年12月底
－－－－－－－－－－－－
◆项目二
标题：提升基层医疗服务能力
内容：
①完成3个乡镇卫生院提级改造。（责任单位：区卫健局、区医院）
②城乡居民医保财政补助标准提高到每人每年670元。（区医保局、区财政局共同牵头，区卫健局配合）
责任单位：区卫健局、区医保局
完成时限：2024年12月底
— 2 —
◆项目三
标题：稳就业促增收
内容：城镇新增就业3200人，
开展职业技能培训4000人次。
责任单位：区人社局、区残联
完成时限：2024年12月底
"""


def test_cards_whose_labels_no_lexicon_knows_read_as_records_by_recurrence():
    # 标题 / 内容 name no known column: every record prints them, the short values name
    # the items and the long ones describe them; ◆项目一 numbers the card below it; a
    # value left empty on its label's line, or broken mid-sentence, goes on below; a
    # page number between two cards is no break in the list
    (t,) = read(CARDS).tables
    assert (t.layout, t.header) == ("records", ["number", "title", "body", "responsible", "deadline"])
    ex = _extract(CARDS)
    assert _items(ex) == [
        ("measure", "项目一", "提升养老服务水平"), ("measure", "项目二", "提升基层医疗服务能力"),
        ("sub-measure", "①", "完成3个乡镇卫生院提级改造"),
        ("sub-measure", "②", "城乡居民医保财政补助标准提高到每人每年670元"),
        ("measure", "项目三", "稳就业促增收")]
    roles = {it.title: sorted((r.printed, r.role) for r in it.responsibilities) for it in ex.items}
    assert roles["提升养老服务水平"] == [("区民政局", "lead"), ("区财政局", "cooperating")]
    # points of a cell that print units of their own are sub-items with those units
    assert roles["完成3个乡镇卫生院提级改造"] == [("区医院", "cooperating"), ("区卫健局", "lead")]
    assert roles["城乡居民医保财政补助标准提高到每人每年670元"] == [
        ("区医保局", "lead"), ("区卫健局", "cooperating"), ("区财政局", "lead")]
    assert roles["稳就业促增收"] == [("区人社局", "lead"), ("区残联", "cooperating")]
    assert {t.span.quote for t in ex.targets} >= {"开展职业技能培训4000人次", "新增护理型床位120张"}


def test_points_of_a_cell_without_units_of_their_own_stay_its_text():
    text = CARDS.replace("（责任单位：区卫健局、区医院）", "").replace("（区医保局、区财政局共同牵头，区卫健局配合）", "")
    assert [it.kind for it in _extract(text).items] == ["measure"] * 3


def _items(ex: Extraction) -> list[tuple[str, str | None, str]]:
    return [(it.kind, it.number, it.title) for it in ex.items]


TWO_RECORD_TABLES = """某市2024年重点民生实事项目及责任分工
一、项目及目标任务
序号：1
项目名称：义务教育学校建设
目标任务：新增学位6000个。

序号：2
项目名称：普惠性幼儿园扩容
目标任务：新增公办幼儿园学位2400个。

二、责任分工（加★的为牵头单位）
序号：1
责任单位：市教育局★、市发展改革委
责任领导：副市长 杨某

序号：2
责任单位：市教育局★、市财政局
责任领导：副市长 杨某
"""


def test_records_of_other_labels_are_another_table_giving_units_by_number():
    # the second run of records prints no label of the first but 序号: a table of its own
    # (序号 | 责任单位 | 责任领导) whose units go to the items by number; its lines give no
    # units to the heading above it
    doc = read(TWO_RECORD_TABLES)
    assert [(t.kind, t.header) for t in doc.tables] == [
        ("list", ["number", "title", "body"]), ("assignment", ["number", "responsible", "people"])]
    ex = _extract(TWO_RECORD_TABLES)
    roles = {(it.kind, it.title): sorted((r.printed, r.role) for r in it.responsibilities) for it in ex.items}
    assert roles == {
        ("group", "项目及目标任务"): [], ("group", "责任分工"): [],
        ("measure", "义务教育学校建设"): [("市发展改革委", "cooperating"), ("市教育局", "lead")],
        ("measure", "普惠性幼儿园扩容"): [("市教育局", "lead"), ("市财政局", "cooperating")]}


def test_a_note_printed_as_a_label_line_right_above_the_records_stays_out_of_them():
    text = TWO_RECORD_TABLES.replace("一、项目及目标任务\n", "说明：加★的为牵头单位，其余为配合单位。\n")
    first = read(text).tables[0]
    assert first.header == ["number", "title", "body"] and len(first.rows) == 2
    assert text[first.start:].startswith("序号：1")


def test_a_field_line_naming_a_planning_bureau_is_no_plan_title():
    text = ("票决结果出炉！今年十大民生实事项目来了，市人大代表以无记名投票方式票决产生。\nⅠ.城乡供水管网提质改造工程\n"
            "主办单位：市水务局\n协办单位：市住建局、市自然资源和规划局\nⅡ.普惠托育扩容工程\n主办单位：市卫健委\n协办单位：市教育局\n")
    ex = _extract(text)
    assert not ex.plan.title.startswith("协办单位")
    assert [it.title for it in ex.items] == ["城乡供水管网提质改造工程", "普惠托育扩容工程"]


def test_a_note_saying_likewise_below_holds_for_the_tables_after_its_own():
    text = ("某市2022年民生实事\n一、教育\n项目名称：学前教育扩容\n建设内容：新建项目2个。\n承办单位：市教育局（黑体字为牵头单位，下同）、市财政局\n\n"
            "项目名称：义务教育提质\n建设内容：新建项目2个。\n承办单位：市教育局、市住建局\n\n二、养老\n说明文字一段，不属于任何项目。\n\n"
            "项目名称：老年助餐\n建设内容：新建项目2个。\n承办单位：市民政局、市财政局\n\n项目名称：居家适老化改造\n建设内容：新建项目2个。\n承办单位：市民政局、市残联\n")
    assert len(read(text).tables) == 2
    ex = _extract(text)
    roles = {it.title: sorted((r.printed, r.role) for r in it.responsibilities) for it in ex.items if it.kind == "measure"}
    assert roles["老年助餐"] == [("市民政局", "lead"), ("市财政局", "cooperating")]
    assert roles["居家适老化改造"] == [("市残联", "cooperating"), ("市民政局", "lead")]


def test_a_table_cell_naming_a_planning_bureau_is_no_plan_title():
    text = ("某市人民政府办公室关于印发某市养老服务行动方案的通知各县（市、区）人民政府：现印发给你们。一、重点任务\n"
            "\t序号\n\t重点任务\n\t牵头单位\n\t配合单位\n\n\t1\n\t建设养老服务中心\n\t市民政局\n\t市自然资源规划局\n\n"
            "\t2\n\t发展普惠托育\n\t市卫生健康委\n\t市教育局\n")
    ex = _extract(text)
    assert "规划局" not in ex.plan.title
    assert [it.title for it in ex.items if it.kind == "measure"] == ["建设养老服务中心", "发展普惠托育"]


def test_a_lone_line_between_records_is_a_row_filling_its_describing_cell():
    # a table's sub-row that fills one cell only, printed as records: the line of its
    # task alone between two records, a row of the table (without units of its own it
    # goes on with the item above); a line after the last record, before a page's
    # footer (来源：…), is none
    text = ("某市2024年民生实事\n序号：1\n项目名称：城乡居民就业增收\n主要工作任务：城镇新增就业6500人。\n"
            "牵头部门：市人社局\n\n开展职业技能培训3000人次。\n\n序号：2\n项目名称：教育优质均衡发展\n"
            "主要工作任务：新建综合教学楼1栋。\n牵头部门：市教育局\n\n下一步，将组织代表开展跟踪监督。\n\n来源：某市人大常委会办公室\n")
    (t,) = read(text).tables
    assert [[text[c.start:c.end] for c in row] for row in t.rows] == [
        ["1", "城乡居民就业增收", "城镇新增就业6500人。", "市人社局"], ["", "", "开展职业技能培训3000人次。", ""],
        ["2", "教育优质均衡发展", "新建综合教学楼1栋。", "市教育局"]]
    ex = _extract(text)
    assert [(it.kind, it.title) for it in ex.items] == [("measure", "城乡居民就业增收"), ("measure", "教育优质均衡发展")]
    first, second = ex.items
    assert "开展职业技能培训3000人次" in first.span.quote and "下一步" not in second.span.quote


LONG_LABEL_RECORDS = """某县2023年民生实事项目

序号：1
项目名称：普惠托育服务扩容
主要建设内容及年度目标：新增托位600个。
责任单位：县卫生健康局、县教育局

序号：2
项目名称：居家养老服务提质

主要建设内容及年度目标：新建居家养老服务中心3家。
责任单位：县民政局、各乡镇（街道）

主要建设内容及年度目标：实施适老化改造300户。
责任单位：县民政局、县残联
"""


def test_a_label_as_long_as_a_header_cell_is_a_field_not_the_title_going_on():
    # 主要建设内容及年度目标 (eleven characters) names the describing column: it is a field,
    # so the titles stay as printed and each sub-record keeps its own units only
    ex = _extract(LONG_LABEL_RECORDS)
    measures = [it for it in ex.items if it.kind == "measure"]
    assert [m.title for m in measures] == ["普惠托育服务扩容", "居家养老服务提质"]
    subs = [it for it in ex.items if it.kind == "sub-measure"]
    assert [sorted(r.printed for r in s.responsibilities) for s in subs] == [
        sorted(["县民政局", "各乡镇（街道）"]), sorted(["县民政局", "县残联"])]


CATEGORY_RECORDS = """某市2023年民生实事项目

序号：一
类别：老有所养

序号：1
项目名称：社区养老服务设施建设
主要目标任务：新建城市社区养老服务站40个。
牵头单位：市民政局

序号：2
项目名称：老年助餐服务
主要目标任务：新建老年助餐点60个。
牵头单位：市民政局

序号：二
类别：幼有所育、学有所教

序号：3
项目名称：公办幼儿园建设
主要目标任务：新建公办幼儿园20所。
牵头单位：市教育局
"""


def test_a_category_row_printed_as_a_record_of_a_numeral_and_a_name_opens_a_group():
    # a table's category rows 一 | 老有所养 rendered as records (序号：一 / 类别：老有所养)
    # between records numbered 1, 2, 3: groups of one table, not tables of their own
    doc = read(CATEGORY_RECORDS)
    assert [(t.layout, len(t.rows)) for t in doc.tables] == [("records", 5)]
    ex = _extract(CATEGORY_RECORDS)
    assert [(it.kind, it.title) for it in ex.items if it.kind != "sub-measure"] == [
        ("group", "老有所养"), ("measure", "社区养老服务设施建设"), ("measure", "老年助餐服务"),
        ("group", "幼有所育、学有所教"), ("measure", "公办幼儿园建设")]


def test_labels_set_apart_by_a_tab_or_a_run_of_spaces_read_as_by_a_colon():
    colons = ("某区2023年民生实事项目\n"
              "项目名称：社区养老服务提升\n建设内容：新建社区日间照料中心3个。\n牵头单位：区民政局\n配合单位：区财政局\n\n"
              "项目名称：老年助餐服务\n建设内容：新建老年餐桌15个。\n牵头单位：区民政局\n配合单位：区市场监管局\n")

    def reading(text: str):
        ex = _extract(text)
        return [(it.kind, it.title, sorted((r.printed, r.role) for r in it.responsibilities)) for it in ex.items]

    expected = reading(colons)
    assert [t for _, t, _ in expected] == ["社区养老服务提升", "老年助餐服务"]
    for gap in ("\t", "　　", "    "):
        assert reading(colons.replace("：", gap)) == expected, repr(gap)
    # a line of three cells apart by tabs is a row, not a label and its value
    assert not [t for t in read("项目名称\t新建食堂\t区民政局\n牵头单位\t区民政局\t区财政局\n").tables
                if t.layout == "records"]


def test_cards_of_label_lines_with_year_labels_and_category_lines_between_them():
    indicators = ("某区“十四五”社会事业发展规划\n第一节 发展目标\n表1 主要指标\n"
                  "序号\n1\n指标\n城镇新增就业人数（万人）\n2020年\n2.3\n2025年\n2.5\n属性\n预期性\n"
                  "序号\n2\n指标\n学前教育毛入园率（%）\n2020年\n90.5\n2025年\n95\n属性\n约束性\n"
                  "第二节 重点任务\n")
    (table,) = [t for t in read(indicators).tables]
    assert (table.kind, table.layout, table.header) == ("indicator", "records",
                                                         ["number", "indicator", "baseline", "target", "attribute"])
    ex = _extract(indicators)
    assert sorted((t.value, t.baseline_value) for t in ex.targets) == [(2.5, 2.3), (95.0, 90.5)]
    grouped = ("某县2024年民生实事项目计划表\n（责任单位栏中排在首位的为牵头单位，其余为配合单位）\n"
               "一、教育提质工程\n"
               "序号\n1\n项目名称\n义务教育学校扩容\n建设内容\n新增学位2160个。\n责任单位\n县教育局、县发改委\n"
               "序号\n2\n项目名称\n学前教育普惠扩容\n建设内容\n新建公办幼儿园4所。\n责任单位\n县教育局、县财政局\n"
               "二、健康惠民工程\n"
               "序号\n3\n项目名称\n村卫生室标准化建设\n建设内容\n新建村卫生室30个。\n责任单位\n县卫健委、各乡镇人民政府\n")
    ex = _extract(grouped)
    assert [(it.kind, it.number, it.title) for it in ex.items] == [
        ("group", "一", "教育提质工程"), ("measure", "1", "义务教育学校扩容"), ("measure", "2", "学前教育普惠扩容"),
        ("group", "二", "健康惠民工程"), ("measure", "3", "村卫生室标准化建设")]
    # one table: the convention above it holds for the cards after the category line too
    (item,) = [it for it in ex.items if it.number == "3"]
    assert sorted((r.printed, r.role) for r in item.responsibilities) == [
        ("县卫健委", "lead"), ("各乡镇人民政府", "cooperating")]


TITLED_RECORDS = """某市2025年民生实事项目

◆就业增收
技能培训扩面
    目标：开展职业技能培训5000人次，取证率达到60%。
    做法：依托职业院校开设订单班
    牵头：市人社局
    配合：市教育局、市财政局
零工市场建设
    目标：建成零工驿站12个。
    做法：在街道便民服务中心设置驿站
    牵头：市人社局
    配合：各区政府
◆养老服务
社区助餐点
    目标：新增社区助餐点30个。
    做法：依托社区食堂布局
    牵头：市民政局
    配合：市商务局
家庭养老床位
    目标：建设家庭养老床位200张。
    做法：由养老机构提供上门服务
    牵头：市民政局
    配合：市卫健委
"""


def test_an_unlabelled_short_line_heading_each_record_is_its_title():
    # no label names the items: the short line printed above each run of label lines
    # (labels recurring in the same order) is the title of the record below it, not
    # the last value going on; 牵头 / 配合 give the roles
    tables = read(TITLED_RECORDS).tables
    assert [(t.layout, t.header[:2]) for t in tables] == [("records", ["title", "target"])] * 2
    ex = _extract(TITLED_RECORDS)
    measures = [it for it in ex.items if it.kind == "measure"]
    assert [it.title for it in measures] == ["技能培训扩面", "零工市场建设", "社区助餐点", "家庭养老床位"]
    roles = {it.title: sorted((r.printed, r.role) for r in it.responsibilities) for it in measures}
    assert roles["技能培训扩面"] == [("市人社局", "lead"), ("市教育局", "cooperating"), ("市财政局", "cooperating")]
    assert roles["零工市场建设"] == [("各区政府", "cooperating"), ("市人社局", "lead")]
    # a record's title is no part of the value printed above it
    assert not any("零工市场建设" in r.printed for it in measures for r in it.responsibilities)


def test_a_short_line_above_only_some_records_gives_no_title_column():
    # the first group's second record has no title line: its group gives no title column
    # (the other group's records all have one)
    text = TITLED_RECORDS.replace("零工市场建设\n", "")
    assert [t.header[0] for t in read(text).tables] == ["target", "title"]


def test_labels_set_apart_by_one_space_read_as_records_where_they_recur():
    # a web page scraped into text: each cell ``label value`` on a line, one space between
    scraped = ("某区2024年民生重点工作任务分解\n"
               "（一）办好养老服务\n"
               "序号 1\n工作任务 新建社区养老服务站3个，新增护理型床位120张\n牵头区领导 王某\n"
               "牵头单位 区民政局\n责任单位 区财政局、区卫健委\n完成时限 2024年12月\n"
               "序号 2\n工作任务 开展老年助餐服务，新增老年食堂10个\n牵头区领导 王某\n"
               "牵头单位 区民政局\n责任单位 区市场监管局 区商务局\n完成时限 2024年10月\n")
    ex = _extract(scraped)
    measures = [it for it in ex.items if it.kind == "measure"]
    assert [(it.number, it.title[:8]) for it in measures] == [("1", "新建社区养老服务"), ("2", "开展老年助餐服务")]
    roles = {it.number: sorted((r.printed, r.role) for r in it.responsibilities) for it in measures}
    assert roles["1"] == [("区卫健委", "cooperating"), ("区民政局", "lead"), ("区财政局", "cooperating")]
    assert roles["2"] == [("区商务局", "cooperating"), ("区市场监管局", "cooperating"), ("区民政局", "lead")]
    assert not any("王某" in r.printed for it in measures for r in it.responsibilities)
    # the same words opening prose lines, or a header row of column words apart by single
    # spaces, are no records
    prose = ("某区2024年工作要点\n工作任务 要细化到人，按月报送进展。\n牵头单位 要负总责，"
             "配合单位积极参与。\n责任单位 要主动配合，共同推进。\n"
             "工作任务 完成后及时总结。\n牵头单位 要按月报送。\n责任单位 要积极配合。\n")
    assert not [t for t in read(prose).tables if t.layout == "records"]
    phrases = "某区\n责任单位要 细化到人\n牵头单位要 负总责\n责任单位要 细化到人\n牵头单位要 负总责\n"
    assert not [t for t in read(phrases).tables if t.layout == "records"]
    header = "序号 工作任务 牵头单位 责任单位\n1 新建养老服务站 区民政局 区财政局\n"
    assert not [t for t in read(header).tables if t.layout == "records"]
