"""Structure, roles, noise and traditional script on small documents of the genre.

Each text is a short, realistic document written for the test (invented content, real
layouts): the assertions check what the extractor reads from it, end to end through
``extract_text`` with the real agency, place and target components.
"""

from __future__ import annotations

import pytest

from mskg.ingest.model import Extraction
from mskg.ingest.plan import plan_kind, plan_period
from mskg.ingest.text import clean_title, normalised
from small_documents import assert_spans as _assert_spans, by_title as _by_title, extract as _extract, read as _read
from small_documents import roles as _roles


def _head(ex: Extraction) -> dict:
    """What the plan's head says: title, kind, document number, issue date, period, issuer."""
    p = ex.plan
    return {"title": p.title, "kind": p.kind, "doc_number": p.doc_number, "issued": p.issued, "period": p.period,
            "issuer": p.issuer}


def _measures(items: dict, *titles: str) -> list:
    """The items of ``titles`` (``items`` by title), each of them a measure."""
    found = [items[title] for title in titles]
    assert [(it.title, it.kind) for it in found] == [(title, "measure") for title in titles]
    return found


# --------------------------------------------------------------------------- action plan

ACTION_PLAN = """\
泰政办发〔2023〕9号

泰兴市人民政府办公室
关于印发泰兴市养老服务补短板行动方案（2023—2025年）的通知

各镇人民政府、街道办事处，市各委办局：
现将《泰兴市养老服务补短板行动方案（2023—2025年）》印发给你们，请认真贯彻执行。

泰兴市人民政府办公室
2023年5月8日
泰兴市养老服务补短板行动方案
（2023—2025年）
一、指导思想
坚持以人民为中心，补齐养老服务短板。
二、重点工作
（一）实施居家养老提升工程
1．发展目标
到2025年，全市建成老年助餐点120个。
2．工作重点
（1）建设老年助餐点。在城区和中心镇建设老年助餐点，方便老年人就餐。
（2）开展适老化改造。为困难老年人家庭实施适老化改造500户。
牵头单位：市民政局
配合单位：市财政局、市住房城乡建设局，各镇（街道）
（二）实施托育服务扩容工程
1．发展目标
到2025年，每千人口拥有3岁以下婴幼儿托位数达到4.5个。
2．工作重点
（1）发展普惠托育。新增普惠托位800个。
牵头单位：市卫生健康委、市教育局
配合单位：市妇联
三、保障措施
（一）加强组织领导。各地各部门要高度重视。
"""


def test_action_plan_sections_measures_and_facets():
    ex, items = _read(ACTION_PLAN)
    assert _head(ex) == {"title": "泰兴市养老服务补短板行动方案（2023—2025年）", "kind": "action_plan",
                         "doc_number": "泰政办发〔2023〕9号", "issued": "2023-05-08", "period": (2023, 2025),
                         "issuer": "泰兴市人民政府办公室"}
    home = items["实施居家养老提升工程"]
    assert home.kind == "measure" and home.number == "（一）"
    subs = [it for it in ex.items if it.parent == home.key]
    # 1．发展目标 / 2．工作重点 recur under every section: facets, not items
    assert [s.title for s in subs] == ["建设老年助餐点", "开展适老化改造"]
    assert all(s.kind == "sub-measure" and s.number.startswith("（") for s in subs)
    assert "发展目标" not in items and "工作重点" not in items
    # the safeguards part is scaffolding: a group, and what it numbers holds nothing,
    # directions about the work, neither sections nor measures
    safeguards = items["保障措施"]
    assert safeguards.kind == "group"
    assert "加强组织领导" not in items
    assert "加强组织领导" in safeguards.span.quote


def test_responsibility_lines_at_the_section_level():
    ex = _extract(ACTION_PLAN)
    items = _by_title(ex)
    home = items["实施居家养老提升工程"]
    assert _roles(home) == {
        ("市民政局", "lead"),
        ("市财政局", "cooperating"),
        ("市住房城乡建设局", "cooperating"),
        ("各镇（街道）", "cooperating"),
    }
    # sub-measures are covered by the section's line: roles are not copied down
    assert all(not it.responsibilities for it in ex.items if it.parent == home.key)
    # two units on a 牵头单位 line co-lead
    childcare = items["实施托育服务扩容工程"]
    assert {r.printed for r in childcare.responsibilities if r.role == "lead"} == {"市卫生健康委", "市教育局"}


def test_domains_from_keywords():
    ex = _extract(ACTION_PLAN)
    items = _by_title(ex)
    assert "elderly_care" in items["实施居家养老提升工程"].domains
    assert "childcare" in items["实施托育服务扩容工程"].domains
    assert items["指导思想"].domains == []
    assert items["保障措施"].domains == []


# --------------------------------------------------------------------------- table layout

TABLE_LIST = """\
滨州市人民政府关于做好2023年民生实事的通知
各县（市、区）人民政府，市政府各部门：
现将2023年民生实事项目印发给你们，请抓好落实。
附件
2023年民生实事项目表
\t序号
\t项目名称
\t内容概述
\t实施内容及工作目标
\t承办单位

\t1
\t提升养老服务水平
\t建设社区老年食堂
\t新建社区老年食堂50处。
\t市民政局
（排在第一位的为牵头单位，下同）
市财政局
各县（市、区）

\t
\t
\t开展居家适老化改造
\t为1000户困难老年人家庭实施改造。
\t

\t
\t
\t
\t年内完成改造验收。
\t

\t2
\t建设城市口袋公园
\t新建口袋公园20处
\t新建口袋公园20处，提升城市品质。
\t市城市管理局
市住房城乡建设局
"""


def test_flattened_table_rows_and_inherited_cells():
    ex = _extract(TABLE_LIST)
    _assert_spans(ex)
    assert ex.plan.kind == "annual_list"
    assert ex.plan.period == (2023, 2023)
    assert ex.plan.lead_convention == "first_lead"
    measures = [it for it in ex.items if it.kind == "measure"]
    assert [(m.number, m.title) for m in measures] == [("1", "提升养老服务水平"), ("2", "建设城市口袋公园")]
    subs = [it for it in ex.items if it.kind == "sub-measure"]
    # the row with an empty 内容概述 continues the sub-item above: two sub-items under item 1
    assert [s.title for s in subs if s.parent == measures[0].key] == ["建设社区老年食堂", "开展居家适老化改造"]
    canteen, adapt = subs[0], subs[1]
    assert "年内完成改造验收" in adapt.span.quote
    # first-listed unit leads, the rest cooperate; the convention note is no agency
    assert _roles(canteen) == {("市民政局", "lead"), ("市财政局", "cooperating"), ("各县（市、区）", "cooperating")}
    # an empty 承办单位 cell repeats the cell above, pointing at the printed names there
    assert _roles(adapt) == _roles(canteen)
    for r in adapt.responsibilities:
        assert canteen.span.start <= r.span.start < canteen.span.end
    # measure-level items carry no agencies of their own
    assert not measures[0].responsibilities


# --------------------------------------------------------------------------- five-year plan

FIVE_YEAR = """\
索 引 号: 11410000/2022-00012 有 效 性: 有效
发文机关: 安阳市人民政府 发文字号: 安政〔2022〕7号
标  题: 安阳市人民政府关于印发安阳市“十四五”社会保障规划的通知
成文日期: 2022-03-18 发布时间: 2022-03-25
安阳市人民政府关于印发安阳市“十四五”社会保障规划的通知

安阳市“十四五”社会保障规划

第一章? 发展基础

“十三五”时期，全市社会保障体系不断完善。

第二章? 健全养老服务体系

第一节? 完善居家社区养老

以188体育平台:居家为基础、社区为依托，建设社区养老服务中心。县级政府要落实养老服务设施配建要求。

第二节? 发展普惠托育服务

鼓励社会力量举办托育机构，新增托位2000个。

1:“十四五”养老托育重点工程

1.社区养老服务中心建设工程。新建社区养老服务中心30个。

2.普惠托育示范工程:建设示范性托育机构5个。

第三章? 规划实施

各县（市、区）人民政府要加强组织领导。
"""


def test_five_year_plan_chapters_sections_and_boxes():
    ex, items = _read(FIVE_YEAR)
    assert _head(ex) == {"title": "安阳市“十四五”社会保障规划", "kind": "five_year_plan", "doc_number": "安政〔2022〕7号",
                         "issued": "2022-03-18", "period": (2021, 2025), "issuer": "安阳市人民政府"}
    assert items["发展基础"].number == "第一章" and items["发展基础"].kind == "group"
    chapter = items["健全养老服务体系"]
    section = items["完善居家社区养老"]
    assert section.parent == chapter.key and section.kind == "group" and section.number == "第一节"
    # the 专栏 whose label lost the word 专栏 belongs to its chapter
    box = items["“十四五”养老托育重点工程"]
    assert box.kind == "group" and box.parent == chapter.key and box.number == "专栏1"
    projects = [it for it in ex.items if it.parent == box.key]
    assert [(it.number, it.title, it.kind) for it in projects] == [
        ("专栏1-1", "社区养老服务中心建设工程", "project"),
        ("专栏1-2", "普惠托育示范工程", "project"),
    ]
    # the section ends where the box begins
    assert section.span.end <= box.span.start


def test_prose_agencies_in_a_plan_without_responsibility_lists():
    ex = _extract(FIVE_YEAR)
    items = _by_title(ex)
    # 县级政府要… gives a task; 鼓励社会力量… does not
    assert ("县级政府", "cooperating") in _roles(items["完善居家社区养老"])
    assert not items["发展普惠托育服务"].responsibilities
    assert ("各县（市、区）人民政府", "cooperating") in _roles(items["规划实施"])
    # prose agencies do not turn a section into a measure
    assert items["完善居家社区养老"].kind == "group"


# --------------------------------------------------------------------------- noise and script


def test_scraping_noise_is_removed_from_titles_not_from_spans():
    ex = _extract(FIVE_YEAR)
    section = _by_title(ex)["完善居家社区养老"]
    assert "?" in ex.text[section.span.start : section.title_span.start]
    assert "188体育平台" in section.span.quote
    assert clean_title("以188体育平台:居家为基础") == "以居家为基础"
    assert clean_title("[bookmark: _Toc1]（1）健全机制????") == "（1）健全机制"


TRADITIONAL = """\
安溪縣人民政府關於印發2023年為民辦實事項目的通知
安政〔2023〕8號
各鄉鎮人民政府，縣直各單位：
安溪縣人民政府
2023年3月2日
2023年安溪縣為民辦實事項目
一、提升城鄉養老服務水平
新建鄉鎮綜合養老服務中心3個。
牽頭單位：縣民政局
配合單位：縣財政局、各鄉鎮人民政府
二、擴大優質教育資源供給
新建中小學校舍5所。
牽頭單位：縣教育局
"""


def test_traditional_characters():
    ex = _extract(TRADITIONAL)
    _assert_spans(ex)
    assert ex.plan.kind == "annual_list"
    assert ex.plan.doc_number == "安政〔2023〕8號"
    assert ex.plan.issued == "2023-03-02"
    assert ex.plan.issuer == "安溪县人民政府"  # given in simplified characters
    items = _by_title(ex)
    elder = items["提升城鄉養老服務水平"]  # titles as printed
    assert elder.kind == "measure" and elder.number == "一"
    assert _roles(elder) == {("縣民政局", "lead"), ("縣財政局", "cooperating"), ("各鄉鎮人民政府", "cooperating")}
    assert "elderly_care" in elder.domains
    assert "basic_education" in items["擴大優質教育資源供給"].domains


# --------------------------------------------------------------------------- news report and helpers

NEWS = """\
十件民生实事出炉
··
2月10日,区委办公室、区政府办公室印发《顺德区2023年十件民生实事工作方案》,对全年民生实事作出部署。
1、扩大普惠托育服务
新增普惠托位600个。(牵头单位:区卫生健康局;协办单位:区教育局)
2、推进社区居家养老
新建长者饭堂20间。
"""


def test_news_report():
    ex, items = _read(NEWS)
    # the issue date's year comes from the title, the issuers from 区委办公室、区政府办公室
    assert _head(ex) == {"title": "顺德区2023年十件民生实事工作方案", "kind": "annual_list", "doc_number": None,
                         "issued": "2023-02-10", "period": (2023, 2023),
                         "issuer": "中共佛山市顺德区委办公室、佛山市顺德区人民政府办公室"}
    assert [it.number for it in ex.items] == ["1", "2"]
    assert _roles(items["扩大普惠托育服务"]) == {("区卫生健康局", "lead"), ("区教育局", "cooperating")}
    # a measure with no agency is a fact, not an error
    assert items["推进社区居家养老"].responsibilities == []


@pytest.mark.parametrize(
    "title, kind, period",
    [
        ("某市民生领域补短板行动方案（2022—2025年）", "action_plan", (2022, 2025)),
        ("某市2021年度20项重点民生实事工作方案", "annual_list", (2021, 2021)),
        ("某县“十四五”公共服务规划", "five_year_plan", (2021, 2025)),
        ("某县“十五五”养老服务发展规划", "five_year_plan", (2026, 2030)),
        ("关于进一步加强社区治理的若干意见", "other", None),
    ],
)
def test_plan_kind_and_period_from_the_title(title, kind, period):
    k = plan_kind(title)
    assert k == kind
    assert plan_period(title, k) == period


def test_lead_marked_inside_a_responsible_list():
    ex = _extract(
        "某市2023年民生实事\n"
        "1.建设养老服务中心\n新建中心10个。（责任单位：市民政局（牵头）、市财政局、市卫生健康委）\n"
        "2.新增学位\n新增学位500个。（责任单位：市教育局、市财政局）\n"
    )
    items = _by_title(ex)
    assert _roles(items["建设养老服务中心"]) == {
        ("市民政局", "lead"),
        ("市财政局", "cooperating"),
        ("市卫生健康委", "cooperating"),
    }
    assert _roles(items["新增学位"]) == {("市教育局", "responsible"), ("市财政局", "responsible")}


def test_keywords_match_whole_words_only():
    from mskg.ingest.domains import hits

    def found(text: str) -> set[str]:
        view = normalised(text)
        return {code for _, _, codes in hits(view) for code in codes}

    # 高中 is not read across the words 提高 | 中职
    assert found("提高中职学校办学水平") == {"vocational_higher_education"}
    assert found("推动普通高中多样化发展") == {"basic_education"}
    # the longest keyword wins: 养老保险 is a pension, not elder care
    assert found("完善城乡居民养老保险制度") == {"social_insurance_pension"}
    # a keyword shared by two domains counts for both
    assert found("开展长期护理保险试点") == {"medical_insurance", "elderly_care"}


def test_table_flattened_one_row_per_line():
    ex, items = _read(
        "某县2023年民生实事项目\n"
        "序号\t项目名称\t主要内容\t牵头单位\t配合单位\n"
        "1\t建设养老服务中心\t新建中心10个。\t县民政局\t县财政局、各乡镇人民政府\n"
        "2\t新增公办学位\t新增学位500个，\n改扩建学校3所。\t县教育局\t县发展和改革局\n"
        "\t开展课后服务\t覆盖全部义务教育学校。\t\t\n"
        "三、保障措施\n加强领导。\n"
    )
    assert items["建设养老服务中心"].kind == "measure" and items["建设养老服务中心"].number == "1"
    assert _roles(items["建设养老服务中心"]) == {
        ("县民政局", "lead"),
        ("县财政局", "cooperating"),
        ("各乡镇人民政府", "cooperating"),
    }
    # a cell broken over two lines stays one cell of its row
    assert "改扩建学校3所" in items["新增公办学位"].span.quote
    # an empty 序号 cell continues the item above; its empty agency cells repeat the row above
    after = items["开展课后服务"]
    assert after.kind == "sub-measure" and after.parent == items["新增公办学位"].key
    assert _roles(after) == {("县教育局", "lead"), ("县发展和改革局", "cooperating")}
    assert items["保障措施"].kind == "group"


def test_parts_above_chapters():
    ex = _extract(
        "某市养老服务体系建设规划（2021—2025年）\n"
        "第一部分 发展基础\n“十三五”时期成效明显。\n"
        "第二部分 主要任务\n第一章 完善居家养老\n第一节 建设助餐点\n新建助餐点100个。\n"
        "第二章 发展机构养老\n新增床位500张。\n"
    )
    assert ex.plan.kind == "five_year_plan" and ex.plan.period == (2021, 2025)
    items = _by_title(ex)
    part = items["主要任务"]
    assert part.number == "第二部分" and part.parent is None
    assert items["完善居家养老"].parent == part.key
    assert items["发展机构养老"].parent == part.key
    assert items["建设助餐点"].parent == items["完善居家养老"].key
    assert all(it.kind == "group" for it in ex.items)


def test_lists_printed_after_each_numbered_paragraph_belong_to_it():
    ex = _extract(
        "某市2023年民生实事\n"
        "一、加强困难群体保障\n"
        "1.提高救助水平。将低保标准提高5%。\n责任单位：市民政局、市财政局\n"
        "2.开展残疾儿童康复救助。救助残疾儿童500名。\n责任单位：市残联\n"
        "二、扩大教育资源\n"
        "3.新建幼儿园。新建幼儿园10所。\n责任单位：市教育局\n"
    )
    items = _by_title(ex)
    assert _roles(items["提高救助水平"]) == {("市民政局", "responsible"), ("市财政局", "responsible")}
    assert _roles(items["开展残疾儿童康复救助"]) == {("市残联", "responsible")}
    # the same layout holds in a section with a single paragraph
    assert _roles(items["新建幼儿园"]) == {("市教育局", "responsible")}
    assert items["扩大教育资源"].kind == "group" and not items["扩大教育资源"].responsibilities


def test_bracketed_role_words_need_a_body():
    ex = _extract(
        "某市2023年民生实事\n"
        "1.开展家庭教育指导\n举办家长课堂100场。（家长负责）\n"
        "2.建设社区食堂\n新建社区食堂20个。（市民政局负责）\n"
    )
    items = _by_title(ex)
    assert items["开展家庭教育指导"].responsibilities == []
    assert _roles(items["建设社区食堂"]) == {("市民政局", "lead")}


def test_table_category_column_groups_its_rows():
    ex, items = _read(
        "某区2024年为民办实事项目安排表\n"
        "\t类别\n\t序号\n\t项目名称\n\t目标任务\n\t牵头单位\n\t责任单位\n\n"
        "\t一、教育\n\t1\n\t新建中小学校\n\t新建学校3所。\n\t区教育局\n\t区发改局、区财政局\n\n"
        "\t\n\t2\n\t改造学校食堂\n\t改造食堂10个。\n\t区教育局\n\t区市场监管局\n\n"
        "\t二、养老\n\t3\n\t建设社区养老服务站\n\t新建服务站20个。\n\t区民政局\n\t各街道办事处\n"
    )
    edu, elder = items["教育"], items["养老"]
    assert (edu.kind, edu.number, elder.number) == ("group", "一", "二")
    assert [it.title for it in ex.items if it.parent == edu.key] == ["新建中小学校", "改造学校食堂"]
    assert items["建设社区养老服务站"].parent == elder.key
    assert items["新建中小学校"].span.quote.startswith("1")
    # with a 牵头单位 column, the 责任单位 of the same row cooperate
    assert _roles(items["改造学校食堂"]) == {("区教育局", "lead"), ("区市场监管局", "cooperating")}


def test_a_title_only_numbered_line_heads_the_paragraphs_below():
    ex = _extract(
        "某市2021年民生实事\n一、加强困难群体保障\n"
        "1.提高困难群众救助保障水平。\n具体措施:将低保标准提高10%。\n确保按时发放。\n"
        "2.提高工伤保险待遇水平。\n具体措施:调整待遇标准。\n"
    )
    items = _by_title(ex)
    first = items["提高困难群众救助保障水平"]
    assert first.kind == "measure"
    assert first.span.quote.endswith("确保按时发放。")
    assert "2.提高" not in first.span.quote


# --------------------------------------------------------------------------- what a table is


INDICATOR_ROWS = [
    ["类别", "序号", "指标（单位）", "2020年", "2025年", "属性"],
    ["就业", "1", "城镇新增就业人数（万人）", "[2.3]", "[2.5]", "预期性"],
    ["", "2", "城镇调查失业率（%）", "5.2", "5.5以内", "预期性"],
    ["教育", "3", "学前教育毛入园率（%）", "90.5", "95", "约束性"],
]


def _flattened(rows: list[list[str]], layout: str) -> str:
    if layout == "tabs":
        return "".join("\t".join(r) + "\n" for r in rows)
    if layout == "pipes":
        head, *body = rows
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in body]) + "\n"
    if layout == "spaces":  # an empty cell leaves no trace between runs of spaces
        return "".join("    ".join(c for c in r if c) + "\n" for r in rows)
    return "\n\n".join("\n".join("\t" + c for c in r) for r in rows) + "\n"  # one cell per line


@pytest.mark.parametrize("layout", ["cells", "tabs", "pipes", "spaces"])
def test_every_flattening_of_an_indicator_table_reads_the_same(layout):
    from mskg.ingest.tables import find_tables
    from mskg.ingest.text import lines_of

    text = "表1 主要指标\n" + _flattened(INDICATOR_ROWS, layout) + "注：[ ]内为五年累计数。\n"
    (table,) = find_tables(text, normalised(text), lines_of(text))
    assert (table.kind, table.layout) == ("indicator", layout)
    assert table.header == ["title", "number", "indicator", "baseline", "target", "attribute"]
    cells = [[text[c.start : c.end] for c in row] for row in table.rows]
    assert cells == INDICATOR_ROWS[1:]
    assert "注" not in text[table.start : table.end]


def test_indicator_table_rows_are_targets_of_their_section_not_items():
    ex = _extract(
        "某区人民政府关于印发某区“十四五”社会事业发展规划的通知\n"
        "某区“十四五”社会事业发展规划\n"
        "第二章 发展目标\n第一节 主要指标\n到2025年，社会事业发展水平显著提升。\n"
        + _flattened(INDICATOR_ROWS, "tabs")
        + "注：[ ]内为五年累计数。\n第三章 推动就业\n第一节 稳定就业\n新增就业岗位500个。\n"
    )
    _assert_spans(ex)
    assert ex.plan.kind == "five_year_plan"
    assert [it.title for it in ex.items] == ["发展目标", "主要指标", "推动就业", "稳定就业"]
    section = _by_title(ex)["主要指标"]
    in_table = [t for t in ex.targets if t.item == section.key]
    assert [(t.value, t.unit, t.baseline_value) for t in in_table] == [(2.5, "万人", 2.3), (5.5, "%", 5.2), (95.0, "%", 90.5)]


def test_a_plans_project_table_gives_projects_of_its_box_or_of_no_part_after_an_annex_line():
    ex, items = _read(
        "某县“十四五”公共服务规划\n"
        "第四章 提升公共服务\n第一节 完善医疗服务\n新增床位300张。\n"
        "专栏3 “十四五”重点项目\n"
        "序号    项目名称    建设内容及规模    总投资（万元）    建设年限\n"
        "1    县人民医院门诊楼建设项目    新建门诊楼2万平方米    18600    2022—2024年\n"
        "2    县社会福利中心建设项目    新建养老床位400张    9500    2022—2023年\n"
        "附表 重点项目表\n"
        "| 序号 | 项目名称 | 建设内容 | 总投资（亿元） | 建设年限 |\n"
        "| 1 | 县城区学校建设项目 | 新建学校2所 | 3.6 | 2021—2024年 |\n"
    )
    box = items["“十四五”重点项目"]
    hospital, welfare, school = (items[t] for t in ("县人民医院门诊楼建设项目", "县社会福利中心建设项目", "县城区学校建设项目"))
    assert (box.kind, box.number) == ("group", "专栏3")
    assert [(p.kind, p.parent, p.number) for p in (hospital, welfare)] == [
        ("project", box.key, "专栏3-1"), ("project", box.key, "专栏3-2")]
    # after 附表 the table belongs to no chapter and no box
    assert (school.kind, school.parent, school.number) == ("project", None, "1")
    assert "18600" in hospital.span.quote and "新建养老床位400张" not in hospital.span.quote
    invest = {t.span.quote: (t.item, t.unit, t.effective_year) for t in ex.targets if t.subject.endswith("总投资")}
    assert invest == {"18600": (hospital.key, "万元", 2024), "9500": (welfare.key, "万元", 2023),
                      "3.6": (school.key, "亿元", 2024)}


def test_a_list_flattened_with_runs_of_spaces_keeps_rows_that_lost_their_empty_cells():
    ex, items = _read(
        "某市2024年民生实事项目清单\n"
        "序号  项目名称  建设内容  单位  数量  牵头单位  配合单位\n"
        "1  建设社区养老服务站  新建社区养老服务站  个  50  市民政局  市卫生健康委、市财政局\n"
        "    开展居家适老化改造  为特困老年人家庭实施改造  户  1000  市民政局  市残联\n"
        "2　　开展职业技能培训　　开展补贴性职业技能培训　　人次　　30000　　市人力资源社会保障局\n"
    )
    station, adapt, training = items["建设社区养老服务站"], items["开展居家适老化改造"], items["开展职业技能培训"]
    assert (station.kind, station.number) == ("measure", "1")
    # the continuation row's 序号 cell vanished: it is a sub-item of the row above, with its own units
    assert (adapt.kind, adapt.parent, adapt.number) == ("sub-measure", station.key, None)
    assert _roles(adapt) == {("市民政局", "lead"), ("市残联", "cooperating")}
    # a last row without 配合单位 (full-width spaces between cells)
    assert (training.kind, training.number) == ("measure", "2")
    assert _roles(training) == {("市人力资源社会保障局", "lead")}
    assert [(t.item, t.value, t.unit) for t in ex.targets] == [
        (station.key, 50.0, "个"), (adapt.key, 1000.0, "户"), (training.key, 30000.0, "人次")]


def test_a_table_whose_rows_name_agencies_is_a_list_even_with_indicator_columns():
    ex, items = _read(
        "某市2024年民生实事目标任务表\n"
        "序号\t实事项目\t指标名称\t单位\t目标值\t牵头单位\n"
        "1\t建设养老服务设施\t新建社区养老服务站\t个\t50\t市民政局\n"
        "2\t扩大学前教育资源\t新增公办学位\t个\t3000\t市教育局\n"
    )
    care, school = _measures(items, "建设养老服务设施", "扩大学前教育资源")
    assert _roles(school) == {("市教育局", "lead")}
    assert [(t.item, t.value, t.unit, t.span.quote) for t in ex.targets] == [
        (care.key, 50.0, "个", "新建社区养老服务站\t个\t50"), (school.key, 3000.0, "个", "新增公办学位\t个\t3000")]


def test_a_chapter_heading_ends_a_table_flattened_with_runs_of_spaces():
    ex = _extract(
        "某县“十四五”公共服务规划\n"
        "第二章  发展目标\n"
        "指标名称  单位  2020年  2025年\n"
        "城镇新增就业人数  万人  1.6  1.8\n"
        "养老床位数  张  5000  6400\n"
        "第三章  推动就业\n"
        "新增就业岗位500个。\n"
    )
    _assert_spans(ex)
    assert [(it.number, it.title, it.kind) for it in ex.items] == [
        ("第二章", "发展目标", "group"), ("第三章", "推动就业", "group")]
    goals, jobs = ex.items
    assert [(t.item, t.value, t.unit, t.baseline_value) for t in ex.targets] == [
        (goals.key, 1.8, "万人", 1.6), (goals.key, 6400.0, "张", 5000.0), (jobs.key, 500.0, "个", None)]


def test_describe_tables_gives_each_cell_with_exact_offsets():
    from mskg.ingest.tables import describe_tables

    text = "某市2024年民生实事\n" + _flattened(INDICATOR_ROWS, "pipes") + "注：[ ]内为五年累计数。\n"
    (table,) = describe_tables(text)
    assert (table["kind"], table["layout"], table["lines"]) == ("indicator", "pipes", [2, 6])
    assert [c["label"] for c in table["columns"]] == INDICATOR_ROWS[0]
    assert [[c["text"] for c in row] for row in table["rows"]] == INDICATOR_ROWS[1:]
    assert all(text[c["start"] : c["end"]] == c["text"] for row in table["rows"] for c in row)


def test_a_project_table_inside_a_section_gives_projects_of_that_section_with_their_units():
    ex, items = _read(
        "某县“十四五”社会事业发展规划\n"
        "第三章 完善医疗服务\n第一节 建设县域医疗中心\n推进县人民医院提标扩能。\n"
        "序号\t项目名称\t建设内容\t总投资（万元）\t建设年限\t责任单位\n"
        "1\t县人民医院门诊楼建设项目\t新建门诊楼2万平方米\t18600\t2022—2024年\t县卫生健康局\n"
        "第二节 发展中医药\n建设中医馆10个。\n"
    )
    project, section = items["县人民医院门诊楼建设项目"], items["建设县域医疗中心"]
    assert (project.kind, project.parent, project.number) == ("project", section.key, "1")
    assert _roles(project) == {("县卫生健康局", "responsible")}
    assert items["发展中医药"].parent == items["完善医疗服务"].key


# --------------------------------------------------------------------------- enumerations in prose

ENUMERATED_NEWS = """\
福清市2024年八件民生实事出炉
来源：福清市人民政府网　　发布时间：2024-02-20
　　近日，市委办公室、市政府办公室印发《福清市2024年为民办实事项目》，明确了各项实事的任务分工。
　　今年将办好八件民生实事：一是实施学前教育扩容工程，新增公办学位1200个，由市教育局牵头，市住建局、市财政局配合；二是提升居家养老服务，新建长者食堂10个，牵头单位为市民政局，配合单位为市卫健委；三是扩大就业，城镇新增就业8000人（市人社局牵头，市总工会配合）。
　　四是改造老旧小区20个，由市住建局负责；五是加强部门协同，推进“一件事一次办”。六是新建社区体育公园5个。七是建设公共停车位1000个。八是开展食品安全抽检3000批次。由市市场监管局负责。
　　为确保各项实事落地见效，市政府将强化三项保障：一是实行领导包案；二是建立月调度制度；三是纳入绩效考评。
"""


def test_measures_enumerated_in_running_prose():
    ex = _extract(ENUMERATED_NEWS)
    _assert_spans(ex)
    assert ex.plan.kind == "annual_list"
    assert [(it.number, it.kind, it.parent) for it in ex.items] == [
        (n, "measure", None) for n in "一二三四五六七八"
    ]
    items = _by_title(ex)
    assert list(items) == [
        "实施学前教育扩容工程", "提升居家养老服务", "扩大就业", "改造老旧小区20个", "加强部门协同",
        "新建社区体育公园5个", "建设公共停车位1000个", "开展食品安全抽检3000批次",
    ]
    assert _roles(items["实施学前教育扩容工程"]) == {
        ("市教育局", "lead"), ("市住建局", "cooperating"), ("市财政局", "cooperating")}
    assert _roles(items["提升居家养老服务"]) == {("市民政局", "lead"), ("市卫健委", "cooperating")}
    assert _roles(items["扩大就业"]) == {("市人社局", "lead"), ("市总工会", "cooperating")}
    assert _roles(items["改造老旧小区20个"]) == {("市住建局", "lead")}
    # 部门协同 is the task, not a role statement; a clause without agencies has none
    assert items["加强部门协同"].responsibilities == []
    assert items["新建社区体育公园5个"].responsibilities == []
    # the last clause takes the role sentence after it
    last = items["开展食品安全抽检3000批次"]
    assert last.span.quote.endswith("。由市市场监管局负责。") and _roles(last) == {("市市场监管局", "lead")}
    # a clause ends where the next one begins, and holds its own targets
    first = items["实施学前教育扩容工程"]
    assert first.span.quote.startswith("一是") and first.span.quote.endswith("市财政局配合")
    assert {(t.item, t.value) for t in ex.targets} >= {(first.key, 1200.0), (last.key, 3000.0)}
    # 三项保障：一是…二是…三是… announces no 实事 and prints no roles: rhetoric, no measure
    assert "实行领导包案" not in items


def test_paragraphs_opening_with_ordinals_under_a_heading_of_a_work_report():
    ex, items = _read(
        "标　　题：某县2024年政府工作报告（摘要）\n"
        "某县2024年政府工作报告（摘要）\n"
        "一、2023年工作回顾\n"
        "过去一年，城镇新增就业2860人。问题仍然突出：第一，产业结构单一；第二，财政收支矛盾较大。\n"
        "二、2024年民生实事\n"
        "今年，县政府将继续办好三件民生实事：\n"
        "第一，实施城乡教育提质工程。新增公办学前学位360个。由县教育局牵头，县住建局配合。\n"
        "第二，完善养老服务体系。新增护理型床位120张。县民政局负责。\n"
        "第三，丰富群众文化生活。开展“送戏下乡”200场。\n"
    )
    review, part = items["2023年工作回顾"], items["2024年民生实事"]
    assert (review.number, review.kind, review.domains) == ("一", "group", [])
    assert (part.number, part.kind, part.domains) == ("二", "group", [])
    measures = [it for it in ex.items if it.parent == part.key]
    assert [(it.number, it.title, it.kind) for it in measures] == [
        ("第一", "实施城乡教育提质工程", "measure"),
        ("第二", "完善养老服务体系", "measure"),
        ("第三", "丰富群众文化生活", "measure"),
    ]
    assert _roles(measures[0]) == {("县教育局", "lead"), ("县住建局", "cooperating")}
    assert _roles(measures[1]) == {("县民政局", "lead")}
    assert "preschool_education" in measures[0].domains and measures[1].domains == ["elderly_care"]
    # the shortcomings enumerated in the review are rhetoric of that part
    assert [it.key for it in ex.items if it.parent == review.key] == []
    assert "产业结构单一" not in items


def test_enumerations_inside_a_numbered_paragraph_or_a_five_year_plan_stay_part_of_it():
    annual = _extract(
        "某市2024年十件民生实事\n"
        "1.扩大托育服务。今年办好两个项目：一是新增托位500个，由市卫健委牵头；二是建设托育中心2个，由市妇联负责。\n"
        "2.提升养老服务。新建长者食堂10个。（市民政局牵头）\n"
    )
    assert [it.title for it in annual.items] == ["扩大托育服务", "提升养老服务"]
    plan = _extract(
        "某县“十四五”公共服务规划\n"
        "第一章 完善公共服务\n"
        "实施十大民生工程：一是兜底基本公共服务，由县民政局负责；二是扩大普惠服务，由县发改局负责。\n"
    )
    assert [it.title for it in plan.items] == ["完善公共服务"]
    # a series announcing nothing and naming no agency is rhetoric
    prose = _extract("某市2024年民生实事\n要做到：一是提高认识；二是加强协调；三是强化督查。\n")
    assert prose.items == []


@pytest.mark.parametrize(
    "marker, number",
    [("一是", "一"), ("第一，", "第一"), ("其一，", "其一"), ("（一）是", "（一）")],
)
def test_enumeration_markers_and_their_printed_numbers(marker, number):
    second = marker.replace("一", "二")
    ex = _extract(
        f"某区2024年民生实事\n今年办好两件民生实事：{marker}新建幼儿园3所，区教育局负责；{second}新建养老院1所，区民政局负责。\n"
    )
    _assert_spans(ex)
    assert [(it.number, it.title) for it in ex.items] == [(number, "新建幼儿园3所"), (second.rstrip("，是"), "新建养老院1所")]
    assert [_roles(it) for it in ex.items] == [{("区教育局", "lead")}, {("区民政局", "lead")}]


@pytest.mark.parametrize(
    "title, scaffold",
    [
        ("发展基础和形势", True), ("“十三五”发展成就", True), ("面临的形势", True), ("发展现状和面临形势", True),
        ("2023年工作回顾", True), ("“十三五”时期发展成就", True), ("“十四五”时期面临的机遇和挑战", True),
        ("机遇与挑战", True), ("夯实基层医疗基础", False), ("巩固拓展脱贫攻坚成果", False),
        ("提升公共服务基础能力", False), ("强化基础教育", False), ("2024年民生实事", False),
    ],
)
def test_background_chapters_are_scaffolding(title, scaffold):
    from mskg.ingest.structure import is_scaffold

    assert is_scaffold(title) is scaffold


def test_background_chapters_of_a_five_year_plan_carry_no_domain():
    ex = _extract(
        "某县“十四五”养老服务发展规划\n"
        "第一章 发展基础和形势\n第一节 “十三五”发展成就\n新建养老机构12家，养老床位达到3000张。\n"
        "第二节 面临的形势\n老龄化加快，养老服务需求增加。\n"
        "第二章 完善养老服务体系\n到2025年，养老床位达到4000张。\n"
    )
    items = _by_title(ex)
    for title in ("发展基础和形势", "“十三五”发展成就", "面临的形势"):
        assert items[title].kind == "group" and items[title].domains == [], title
    assert items["完善养老服务体系"].domains == ["elderly_care"]


def test_enumerated_clauses_separated_by_commas_and_opening_with_their_roles():
    ex = _extract(
        "某市2024年民生实事\n今年的民生实事包括：一是由市教育局牵头，新建幼儿园3所，二是新建养老院1所，市民政局负责。\n"
        "一、加强组织领导\n各部门要落实责任。\n"
    )
    # prose before a numbered outline sums up what the outline numbers: not read here
    assert [it.title for it in ex.items] == ["加强组织领导"]
    ex = _extract("某市2024年民生实事\n今年的民生实事包括：一是由市教育局牵头，新建幼儿园3所，二是新建养老院1所，市民政局负责。\n")
    _assert_spans(ex)
    assert [(it.number, it.title) for it in ex.items] == [("一", "新建幼儿园3所"), ("二", "新建养老院1所")]
    assert [_roles(it) for it in ex.items] == [{("市教育局", "lead")}, {("市民政局", "lead")}]


def test_an_unannounced_series_whose_clauses_print_roles_lists_measures():
    ex = _extract(
        "某县2024年民生实事\n"
        "一是新建幼儿园3所（县教育局牵头，县财政局配合）；二是新建养老院1所（县民政局负责）；三是开展义诊100场。\n"
    )
    assert [(it.number, it.title) for it in ex.items] == [("一", "新建幼儿园3所"), ("二", "新建养老院1所"), ("三", "开展义诊100场")]
    assert [_roles(it) for it in ex.items] == [
        {("县教育局", "lead"), ("县财政局", "cooperating")}, {("县民政局", "lead")}, set()]


def test_a_numbered_item_whose_paragraph_enumerates_parts_with_their_units_has_sub_measures():
    ex, items = _read(
        "某县2024年民生实事\n"
        "1.实施教育提升工程\n"
        "一是新建幼儿园3所，由县教育局牵头；二是改造农村校舍10所，由县住建局负责。\n"
        "2.提升养老服务\n"
        "实施三大工程：一是新建养老院1所；二是新建助餐点5个；三是培训护理员100人。\n"
    )
    school, elderly = _measures(items, "实施教育提升工程", "提升养老服务")
    subs = [it for it in ex.items if it.parent == school.key]
    assert [(it.number, it.title, it.kind) for it in subs] == [
        ("一", "新建幼儿园3所", "sub-measure"), ("二", "改造农村校舍10所", "sub-measure")]
    assert [_roles(it) for it in subs] == [{("县教育局", "lead")}, {("县住建局", "lead")}]
    # parts announced without units stay the item's text
    assert [it for it in ex.items if it.parent == elderly.key] == []


def test_the_last_enumerated_paragraph_goes_on_over_a_broken_line():
    ex = _extract(
        "某县2024年民生实事\n今年办好两件民生实事：\n"
        "第一，新建幼儿园3所，由县教育局牵头。\n"
        "第二，新建养老院1所，新增护理床\n位200张，由县民政局负责。\n"
        "各位代表，我们将确保件件落地。\n"
    )
    first, second = ex.items
    assert second.span.quote.endswith("床\n位200张，由县民政局负责。")
    assert _roles(second) == {("县民政局", "lead")}
    assert [(t.item, t.value) for t in ex.targets] == [(first.key, 3.0), (second.key, 1.0), (second.key, 200.0)]


# a notice whose own instructions come before the plan's title line, printed again with a
# bracketed note (甘肃 张掖; invented content)
NOTICE_WITH_NOTE = """\
张掖市人民政府关于印发2024年重点民生任务分解方案的通知
各县区人民政府，市政府各部门：
现将《2024年重点民生任务分解方案》印发给你们，请认真抓好落实。
一、提高思想认识。各地各部门要把民生任务作为全年工作的重点。
二、强化督查问效。市政府督查室要加强跟踪督办。
张掖市人民政府
2024年2月20日
2024年重点民生任务分解方案（民生部分）
一、增进民生福祉
1.新建城市书房10个。（市文旅局负责）
2.新增普惠托位800个。（市卫生健康委负责）
二、保障措施
（一）加强组织领导。各牵头单位要细化方案。
（二）严格督导考核。市政府督查室每季度通报一次。
"""


def test_notice_instructions_and_safeguard_points_are_no_sections():
    ex = _extract(NOTICE_WITH_NOTE)
    titles = {it.title for it in ex.items}
    assert ex.plan.title == "2024年重点民生任务分解方案（民生部分）"
    assert "提高思想认识" not in titles and "强化督查问效" not in titles
    assert "加强组织领导" not in titles and "严格督导考核" not in titles
    assert {"增进民生福祉", "保障措施"} <= titles
    assert len([it for it in ex.items if it.kind == "measure"]) == 2


def test_an_item_among_measures_is_a_measure_with_sub_measures():
    # its place in the outline decides: the items beside it are measures printing their units
    text = ("临泽县人民政府常务会议纪要\n临泽县人民政府办公室    2024年4月2日\n"
            "一、关于2024年民生实事项目\n"
            "（一）教育方面。新建幼儿园2所。由县教体局负责。\n"
            "（二）医疗方面。完成卫生院改造3个。由县卫健委负责。\n"
            "（三）城市更新方面。\n"
            "1.改造老旧小区12个（县住建局负责）；\n"
            "2.新增停车泊位500个（县城管局负责）。\n"
            "（四）养老方面。新建养老服务点20个。由县民政局负责。\n")
    items = _by_title(_extract(text))
    renewal = items["城市更新方面"]
    assert renewal.kind == "measure"
    assert [it.kind for it in _extract(text).items if it.parent == renewal.key] == ["sub-measure", "sub-measure"]
