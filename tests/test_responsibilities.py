"""Agency roles printed inside responsibility lists and table cells.

Short documents of the genre (invented content, real layouts and places) run end to end
through ``extract_text``: lead marks inside a 责任单位 list (``（牵头）``, half-width, 繁體,
``（牵头单位）``, two marks = co-lead), the single-unit rule, a cell or line that states its
own roles against the column's convention, and the parts these rules are built from.
"""

from __future__ import annotations

import pytest

from mskg.ingest.agency_lists import inline_fields, prose_fields, role_statement, takes_cell_above
from mskg.ingest.responsibilities import lead_mark_pattern, lead_symbol, single_unit_leads, stated_convention
from mskg.ingest.text import normalised
from small_documents import assert_spans as _assert_spans, by_title as _by_title, extract as _extract
from small_documents import roles as _roles


def _full_roles(item) -> set[tuple[str, str]]:
    return {(r.agency.full, r.role) for r in item.responsibilities}


# --------------------------------------------------------------------------- lead marks inside a list

MARKED = """\
六安市霍山县人民政府关于印发2024年霍山县民生实事项目的通知
霍政〔2024〕5号
各乡镇人民政府，县直各单位：
现将2024年霍山县民生实事项目印发给你们，请认真组织实施。责任单位中标注“（牵头）”的为牵头单位，其余为配合单位；只列一个责任单位的，由该单位牵头负责。
霍山县人民政府
2024年2月20日
2024年霍山县民生实事项目
1．新建城区幼儿园
新建城区公办幼儿园2所，新增学位900个。
责任单位：县教育体育局（牵头）、县发展改革委、县财政局
2．建设社区食堂
新建社区老年食堂12个。
责任单位：县民政局(牵头)、县市场监管局
3．开展“两癌”免费筛查
为1.2万名适龄妇女免费筛查。
责任单位：县卫生健康委（牵头）、县妇联（牵头）、县医保局
4．扩大职业技能培训
开展职业技能培训5000人次。
责任单位：县人力资源社会保障局
5．改造农村公路
改造农村公路60公里。
责任单位：县交通运输局（牵头单位）、各乡镇人民政府
6．整治农村人居环境
新改建农村户厕1500座。
责任单位：县农业农村局、县住房城乡建设局
"""


def test_lead_marks_are_no_part_of_the_names():
    # its roles: test_roles_printed_with_each_measure_of_a_list
    ex = _extract(MARKED)
    # the marks are not part of the names, and the printed name is the quote
    for it in ex.items:
        for r in it.responsibilities:
            assert r.span.quote == r.printed == ex.text[r.span.start : r.span.end]
            assert "牵头" not in r.printed


def test_traditional_script_marks():
    text = (
        MARKED.replace("县教育体育局（牵头）", "縣教育體育局（牽頭）")
        .replace("县民政局(牵头)", "縣民政局(牽頭)")
    )
    items = _by_title(_extract(text))
    assert _roles(items["新建城区幼儿园"]) == {
        ("縣教育體育局", "lead"),
        ("县发展改革委", "cooperating"),
        ("县财政局", "cooperating"),
    }
    assert ("縣民政局", "lead") in _roles(items["建设社区食堂"])


# MARKED's two rules, stated in its notice: marked units lead; a single unit leads
MARKS_RULE = "责任单位中标注“（牵头）”的为牵头单位，其余为配合单位；"
SINGLE_UNIT_RULE = "只列一个责任单位的，由该单位牵头负责。"


def _unmarked(text: str) -> str:
    """``text`` with its lead marks taken out: （牵头）, (牵头), （牵头单位）."""
    return text.replace("（牵头）", "").replace("(牵头)", "").replace("（牵头单位）", "")


def test_one_unit_leads_where_the_document_marks_leads_without_saying_so():
    text = MARKED.replace(MARKS_RULE + SINGLE_UNIT_RULE, "")
    ex = _extract(text)
    items = _by_title(ex)
    assert ex.plan.lead_convention is None
    assert _roles(items["扩大职业技能培训"]) == {("县人力资源社会保障局", "lead")}
    assert ("县教育体育局", "lead") in _roles(items["新建城区幼儿园"])


def test_one_unit_stays_responsible_without_marks_or_a_stated_rule():
    items = _by_title(_extract(_unmarked(MARKED.replace(MARKS_RULE + SINGLE_UNIT_RULE, ""))))
    assert _roles(items["扩大职业技能培训"]) == {("县人力资源社会保障局", "responsible")}
    assert _roles(items["建设社区食堂"]) == {("县民政局", "responsible"), ("县市场监管局", "responsible")}


def test_the_single_unit_rule_stated_alone():
    ex = _extract(_unmarked(MARKED.replace(MARKS_RULE, "")))
    items = _by_title(ex)
    assert ex.plan.lead_convention is None
    assert _roles(items["扩大职业技能培训"]) == {("县人力资源社会保障局", "lead")}
    assert _roles(items["建设社区食堂"]) == {("县民政局", "responsible"), ("县市场监管局", "responsible")}


@pytest.mark.parametrize(
    "note, single",
    [
        ("只列一个责任单位的，由该单位牵头负责。", True),
        ("仅列一个责任单位的,由该单位牵头。", True),
        ("责任单位只有一个的，由该单位牵头落实。", True),
        ("只列一個責任單位的，由該單位牽頭負責。", True),
        ("仅有一个责任单位的，由其牵头。", True),
        ("只列一家单位的为牵头单位。", True),
        ("凡只列责任单位、未列牵头单位的事项，由所列责任单位承担牵头职责。", False),
        ("各责任单位要按照职责分工抓好落实。", False),
    ],
)
def test_single_unit_rule_statements(note, single):
    view = normalised(note)
    assert single_unit_leads(view) is single
    convention, notes = stated_convention(view)
    # the single-unit rule is no lead convention, but its note is excluded from lists
    assert convention == ("responsible_is_lead" if note.startswith("凡") else None)
    assert bool(notes) is (single or convention is not None)


@pytest.mark.parametrize(
    "printed, marked",
    [
        ("（牵头）", True),
        ("(牵头)", True),
        ("（共同牵头）", True),
        ("（牵头单位）", True),
        ("（牵头部门）", True),
        ("牵头、", True),
        ("牵头\n", True),
        ("（配合）", False),
        ("牵头单位：", False),
        ("、", False),
    ],
)
def test_lead_mark_pattern(printed, marked):
    assert bool(lead_mark_pattern().match(normalised(printed))) is marked


# --------------------------------------------------------------------------- roles stated inside a cell or a line

TABLE = """\
牡丹江市人民政府办公室关于印发2024年牡丹江市民生实事的通知
牡政办发〔2024〕4号
各县（市）、区人民政府，市政府各委、办、局：
现将2024年牡丹江市民生实事印发给你们。凡只列责任单位、未列牵头单位的事项，由所列责任单位承担牵头职责；所列责任单位为两个及以上的，共同牵头。
牡丹江市人民政府办公室
2024年2月26日
2024年牡丹江市民生实事
\t序号
\t项目名称
\t目标任务
\t责任单位

\t1
\t新建公办幼儿园
\t新建公办幼儿园3所，新增学位1080个。
\t市教育局

\t2
\t改造老旧小区
\t改造城镇老旧小区120个。
\t市住建局牵头，市城管局、各县（市）区政府配合

\t3
\t开展“两癌”筛查
\t为3万名适龄妇女免费筛查。
\t市卫健委
市妇联

\t4
\t整治背街小巷
\t整治背街小巷80条。
\t市城管局牵头
市住建局配合
"""


def test_a_cell_states_its_own_roles_against_the_convention():
    ex = _extract(TABLE)
    assert ex.plan.lead_convention == "responsible_is_lead"
    items = _by_title(ex)
    # the convention: a lone unit leads, two units co-lead
    assert _roles(items["新建公办幼儿园"]) == {("市教育局", "lead")}
    assert _roles(items["开展“两癌”筛查"]) == {("市卫健委", "lead"), ("市妇联", "lead")}
    # the cell prints its roles: one lead, two cooperating (one of them a collective)
    reform = items["改造老旧小区"]
    assert _roles(reform) == {
        ("市住建局", "lead"),
        ("市城管局", "cooperating"),
        ("各县（市）区政府", "cooperating"),
    }
    collective = next(r for r in reform.responsibilities if r.printed == "各县（市）区政府")
    assert collective.agency.kind == "collective"
    # a cell that prints one unit and its role per line
    assert _roles(items["整治背街小巷"]) == {("市城管局", "lead"), ("市住建局", "cooperating")}


LINES = """\
呼和浩特市赛罕区2024年为民办实事项目
1．建设口袋公园
新建口袋公园15个。
责任单位：区住建局牵头，区城管局、区财政局配合
2．改造背街小巷
改造背街小巷30条。
责任单位：区城管局、区住建局按职责分工负责
3．实施养老助餐
新建老年助餐点20个。（区民政局牵头，各街道办事处、区市场监管局配合）
4．农村供水
新建农村供水工程10处。（区水务局牵头,各镇(街道)配合）
5．建设社区养老服务站
新建社区养老服务站12个。
责任单位：区民政局（牵头）、区财政局、
各街道办事处
6．开展全民健身活动
举办全民健身赛事20场。
责任单位：区文化旅游体育局
"""


def test_a_line_stating_its_own_roles_names_bodies_of_the_plan():
    # its roles: test_roles_printed_with_each_measure_of_a_list
    items = _by_title(_extract(LINES))
    assert _full_roles(items["农村供水"]) == {
        ("呼和浩特市赛罕区水务局", "lead"),
        ("呼和浩特市赛罕区各镇人民政府（街道办事处）", "cooperating"),
    }


@pytest.mark.parametrize(
    "printed, expected",
    [
        ("市住建局牵头，市城管局、各县（市、区）政府配合", [("lead", "市住建局"), ("cooperating", "市城管局、各县(市、区)政府")]),
        ("市民政局、市残联负责", [("lead", "市民政局、市残联")]),
        ("市卫健委、市医保局共同牵头，市财政局配合", [("lead", "市卫健委、市医保局"), ("cooperating", "市财政局")]),
        ("市住建局牵头\n市城管局\n市财政局配合", [("lead", "市住建局"), ("cooperating", "市城管局"), ("cooperating", "市财政局")]),
        # 按职责分工负责 names the responsible units, not leads
        ("市城管局、市住建局按职责分工负责", [("responsible", "市城管局、市住建局")]),
        ("市体育局为牵头单位，市教育局、各县（市、区）政府为配合单位",
         [("lead", "市体育局"), ("cooperating", "市教育局、各县(市、区)政府")]),
        ("市民政局和市卫生健康委共同负责", [("lead", "市民政局和市卫生健康委")]),
        ("市人力社保局与市总工会联合实施", [("lead", "市人力社保局与市总工会")]),
        ("市水务集团负总责，温州港华燃气具体实施", [("lead", "市水务集团"), ("responsible", "温州港华燃气")]),
        ("市住建局牵头负责，市资规局、国网温州供电公司协同", [("lead", "市住建局"), ("cooperating", "市资规局、国网温州供电公司")]),
        ("具体由市文化馆承办", [("responsible", "市文化馆")]),
        ("交由各县（市、区）政府落实", [("responsible", "各县(市、区)政府")]),
        ("由市大数据局组织实施", [("lead", "市大数据局")]),
        ("该项目由市卫生健康局牵头实施，市妇联、市总工会参与", [("lead", "市卫生健康局"), ("cooperating", "市妇联、市总工会")]),
        ("市民政局具体负责", [("responsible", "市民政局")]),
        ("市民政局牵头抓总，市财政局予以配合", [("lead", "市民政局"), ("cooperating", "市财政局")]),
        ("由市教育局负责牵头，市人社局协同配合", [("lead", "市教育局"), ("cooperating", "市人社局")]),
        # 具体 marks the implementer, not the lead
        ("市文化馆具体组织实施", [("responsible", "市文化馆")]),
        ("市城管局负责具体实施", [("responsible", "市城管局")]),
        # 共同 beside a cooperating word makes no co-lead
        ("市教育局牵头，市财政局、市人社局共同配合", [("lead", "市教育局"), ("cooperating", "市财政局、市人社局")]),
        ("市城管局、市住建局", None),
        ("市住建局牵头，市城管局", None),
    ],
)
def test_role_statement(printed, expected):
    view = normalised(printed)
    found = role_statement(view, 0, len(view), "cell")
    if expected is None:
        assert found is None
        return
    assert [(f.role, view[f.start : f.end]) for f in found] == expected
    assert all(f.source == "cell" for f in found)
    assert [f.co_lead for f in found][0] is ("共同" in printed.split("，")[0])
    assert not any(f.co_lead for f in found if f.role != "lead")


def test_inline_fields_keep_a_bracketed_name_whole():
    view = normalised("实施农村供水工程60处。(市水利局牵头,各县(市、区)人民政府配合)")
    fields = inline_fields(view, view, 0, len(view))
    assert [(f.role, view[f.start : f.end]) for f in fields] == [
        ("lead", "市水利局"),
        ("cooperating", "各县(市、区)人民政府"),
    ]


BARE_LABELS = """\
德阳市2023年十件民生实事
1.建设社区养老服务中心
新建社区养老服务中心10个。（牵头：市民政局；配合：市财政局、市卫生健康委）
2.新增公办学位
新增公办学位5000个。
牵头：市教育局
配合：市发展改革委、各县（市、区）人民政府
"""


SYMBOLS = """\
呼和浩特市赛罕区2024年为民办实事项目
责任单位中带“★”的为牵头单位，其余为配合单位。
1．建设口袋公园
新建口袋公园15个。
责任单位：★区住建局、区城管局、区财政局
2．改造背街小巷
改造背街小巷30条。
责任单位：区城管局、区住建局★、各街道办事处
3．实施养老助餐
新建老年助餐点20个。
责任单位：区民政局
"""


INLINE_LIST = """\
德阳市2023年十件民生实事
1.建设社区嵌入式养老服务中心
新建社区嵌入式养老服务中心10个。（市民政局牵头，市财政局、市卫生健康委配合）
2.新增公办学位
新增公办学位5000个。（牵头单位：市教育局；责任单位：市发展改革委、各县（市、区）人民政府）
3.促进高校毕业生就业
帮扶高校毕业生就业1万人。（市人力资源社会保障局负责）
4.开展妇女“两癌”筛查
为2万名适龄妇女免费筛查。（市妇联、市卫生健康委共同牵头）
5.改造老旧小区
改造老旧小区30个。（责任单位：市住房城乡建设局、市财政局）
"""


# Roles printed with each measure of a list, whatever their form: marks inside a 责任单位
# list under a stated convention, a line or a bracket after the measure's text stating its
# own roles (X牵头，Y配合; 牵头单位：…；责任单位：…; 负责; 共同牵头), bare role words with a
# colon, in a bracket or on lines of their own, a symbol the document names marking the
# lead. Every measure's roles are listed; the plan's convention is the one the document
# states (none: a bare 责任单位 list stays responsible).
@pytest.mark.parametrize(("text", "convention", "roles"), [
    pytest.param(MARKED, "marked_lead", {
        "新建城区幼儿园": {("县教育体育局", "lead"), ("县发展改革委", "cooperating"), ("县财政局", "cooperating")},
        "建设社区食堂": {("县民政局", "lead"), ("县市场监管局", "cooperating")},  # a half-width mark
        "开展“两癌”免费筛查": {("县卫生健康委", "lead"), ("县妇联", "lead"), ("县医保局", "cooperating")},  # two: co-leads
        # （牵头单位） marks as well; a collective cooperates
        "改造农村公路": {("县交通运输局", "lead"), ("各乡镇人民政府", "cooperating")},
        # a list of one unit: the stated rule makes it the lead
        "扩大职业技能培训": {("县人力资源社会保障局", "lead")},
        # several units and no mark: no lead was printed, so none is invented
        "整治农村人居环境": {("县农业农村局", "responsible"), ("县住房城乡建设局", "responsible")},
    }, id="marks-inside-the-list"),
    pytest.param(LINES, None, {
        "建设口袋公园": {("区住建局", "lead"), ("区城管局", "cooperating"), ("区财政局", "cooperating")},
        # 按职责分工负责 shares out the work: no lead is printed
        "改造背街小巷": {("区城管局", "responsible"), ("区住建局", "responsible")},
        "实施养老助餐": {("区民政局", "lead"), ("各街道办事处", "cooperating"), ("区市场监管局", "cooperating")},
        # a half-width role bracket holding a bracketed name
        "农村供水": {("区水务局", "lead"), ("各镇(街道)", "cooperating")},
        # a list broken after 、 goes on on the next line
        "建设社区养老服务站": {("区民政局", "lead"), ("区财政局", "cooperating"), ("各街道办事处", "cooperating")},
        # a list that ends its line is not continued by the next item
        "开展全民健身活动": {("区文化旅游体育局", "lead")},
    }, id="a-line-states-its-own-roles"),
    pytest.param(INLINE_LIST, None, {
        "建设社区嵌入式养老服务中心": {("市民政局", "lead"), ("市财政局", "cooperating"), ("市卫生健康委", "cooperating")},
        # with a lead on the measure, the 责任单位 cooperate
        "新增公办学位": {("市教育局", "lead"), ("市发展改革委", "cooperating"), ("各县（市、区）人民政府", "cooperating")},
        "促进高校毕业生就业": {("市人力资源社会保障局", "lead")},
        "开展妇女“两癌”筛查": {("市妇联", "lead"), ("市卫生健康委", "lead")},
        "改造老旧小区": {("市住房城乡建设局", "responsible"), ("市财政局", "responsible")},
    }, id="role-statements-in-brackets"),
    pytest.param(BARE_LABELS, None, {
        "建设社区养老服务中心": {("市民政局", "lead"), ("市财政局", "cooperating"), ("市卫生健康委", "cooperating")},
        "新增公办学位": {("市教育局", "lead"), ("市发展改革委", "cooperating"), ("各县（市、区）人民政府", "cooperating")},
    }, id="bare-role-words-with-a-colon"),
    pytest.param(SYMBOLS, "symbol_lead", {
        "建设口袋公园": {("区住建局", "lead"), ("区城管局", "cooperating"), ("区财政局", "cooperating")},
        "改造背街小巷": {("区住建局", "lead"), ("区城管局", "cooperating"), ("各街道办事处", "cooperating")},
        "实施养老助餐": {("区民政局", "lead")},
    }, id="a-symbol-marks-the-lead"),
])
def test_roles_printed_with_each_measure_of_a_list(text, convention, roles):
    ex = _extract(text)
    _assert_spans(ex)
    assert ex.plan.lead_convention == convention
    assert all(it.kind == "measure" for it in ex.items)
    assert {it.title: _roles(it) for it in ex.items} == roles


def test_a_symbol_marking_leads_is_no_part_of_a_name():
    # its roles: test_roles_printed_with_each_measure_of_a_list
    ex = _extract(SYMBOLS)
    items = _by_title(ex)
    # the symbol is no part of a name, and the note stating it is no list
    assert all("★" not in r.printed for it in ex.items for r in it.responsibilities)
    assert _full_roles(items["改造背街小巷"]) >= {("呼和浩特市赛罕区住房和城乡建设局", "lead")}


@pytest.mark.parametrize(
    "note, symbol",
    [
        ("责任单位中带“★”的为牵头单位。", "★"),
        ("加*号的为牵头单位，其余为配合单位。", "*"),
        ("标注※的单位为牵头单位", "※"),
        ("带★的项目为省级重点项目。", None),
    ],
)
def test_lead_symbol(note, symbol):
    assert lead_symbol(normalised(note)) == symbol


# --------------------------------------------------------------------------- the plan's lead convention


# The notes that state a plan's lead convention, in their many wordings, and notes that
# state none: the rule each states, and the note found (or none found).
@pytest.mark.parametrize(
    "note, expected",
    [
        ("（黑体字为牵头单位，下同）", "bold_lead"),
        ("标注下划线的为牵头单位", "bold_lead"),
        ("各项目所列责任单位中，排在第一位的为牵头单位，其余为配合单位。", "first_lead"),
        ("多个责任单位的，排名第一的为牵头单位。", "first_lead"),
        ("责任单位中第一个为牵头单位，其余为配合单位。", "first_lead"),
        ("（列第一位的为牵头单位）", "first_lead"),
        ("列在首位的单位负总责。", "first_lead"),
        ("排在第一位的单位为主要责任单位。", "first_lead"),
        ("责任单位中排首位的为牵头单位", "first_lead"),
        ("首个单位为牵头单位", "first_lead"),
        ("列首位的单位牵头", "first_lead"),
        ("居首位的单位负责牵头。", "first_lead"),
        ("多个责任单位的，第一家为牵头单位。", "first_lead"),
        ("责任单位中列在最前面的为牵头单位。", "first_lead"),
        ("凡只列责任单位、未列牵头单位的事项，由所列责任单位承担牵头职责。", "responsible_is_lead"),
        ("未标明牵头单位的，所列单位均为牵头单位。", "responsible_is_lead"),
        ("未明确牵头单位的，由所列单位共同牵头。", "responsible_is_lead"),
        ("责任单位中标注“（牵头）”的为牵头单位，其余为配合单位。", "marked_lead"),
        ("责任单位中标注“(牵头)”的，由该单位牵头，其余单位配合。", "marked_lead"),
        ("各项实事所列责任单位中，标注“（牵头）”的为牵头单位，负总责。", "marked_lead"),
        ("責任單位中標注“（牽頭）”的為牽頭單位。", "marked_lead"),
        ("括号内注明牵头的为牵头单位。", "marked_lead"),
        ("责任单位中带“★”的为牵头单位，其余为配合单位。", "symbol_lead"),
        ("加*号的为牵头单位。", "symbol_lead"),
        # an order or label convention names the rule; marks then name the exceptions
        ("凡只列责任单位、未列牵头单位的，由所列责任单位承担牵头职责；标注“（牵头）”的为牵头单位。",
         "responsible_is_lead"),
        ("各部门要按照职责分工抓好落实。", None),
        ("责任单位排名不分先后。", None),
        ("该县养老服务工作全省排名第一。", None),
        ("区民政局负责牵头抓总。", None),
        ("“（牵头）”字样见附件。", None),
    ],
)
def test_stated_conventions(note, expected):
    convention, notes = stated_convention(normalised(note))
    assert convention == expected
    assert bool(notes) == (expected is not None)


def test_responsible_units_lead_when_the_notice_says_so():
    text = INLINE_LIST.replace(
        "德阳市2023年十件民生实事\n",
        "德阳市2023年十件民生实事\n凡只列责任单位、未列牵头单位的事项，由所列责任单位承担牵头职责。\n",
    )
    ex = _extract(text)
    assert ex.plan.lead_convention == "responsible_is_lead"
    items = _by_title(ex)
    assert _roles(items["改造老旧小区"]) == {("市住房城乡建设局", "lead"), ("市财政局", "lead")}
    # an item that names its lead keeps 责任单位 as cooperating
    assert ("市发展改革委", "cooperating") in _roles(items["新增公办学位"])


def test_a_plan_that_marks_its_leads_records_the_convention_in_the_graph():
    from rdflib import URIRef

    from mskg.ingest.rdf import extraction_to_graph
    from mskg.ontology import MSKG
    from mskg.validation import validate_graph

    for text, code in ((MARKED, "marked_lead"), (SYMBOLS, "symbol_lead")):
        ex = _extract(text)
        assert ex.plan.lead_convention == code
        graph = extraction_to_graph(ex)
        assert list(graph.objects(None, MSKG.leadConvention)) == [URIRef(str(MSKG) + "leadConvention-" + code)]
        outcome = validate_graph(graph)
        assert not [r for r in outcome.results if "V-PLAN-07" in (r.rule or "")]


# --------------------------------------------------------------------------- continuation rows of task tables

TASKS_HEAD = """\
十堰市人民政府办公室关于印发2024年十堰市民生实事任务分工的通知
十政办发〔2024〕3号
各县（市、区）人民政府，十堰经济技术开发区管委会，市政府各部门：
现将2024年十堰市民生实事任务分工印发给你们，请认真抓好落实。
十堰市人民政府办公室
2024年2月26日
2024年十堰市民生实事任务分工表
"""
TASK_NOTE = "注：续行未列牵头单位、配合单位的，由上一行所列单位负责。\n"
TASK_ROWS = [
    ["序号", "项目名称", "主要内容", "牵头单位", "配合单位", "完成时限"],
    ["1", "建设社区养老服务设施", "新建社区养老服务中心40个。", "市民政局", "市财政局、各县（市、区）政府", "2024年12月底"],
    ["", "发展老年助餐服务", "新建老年助餐点80个。", "", "", "2024年12月底"],
    ["", "开展适老化改造", "改造困难老年人家庭1000户。", "市住建局", "市残联", "2024年12月底"],
    ["", "建设家庭养老床位", "建设家庭养老床位500张。", "同上", "同上", "2024年12月底"],
    ["", "", "为家庭养老床位老年人提供上门服务2万人次。", "", "", ""],
    ["2", "改善农村寄宿制学校办学条件", "改扩建农村寄宿制学校10所。", "市教育局", "市发展改革委", "2024年9月底"],
    ["", "配备学生公寓设施", "为寄宿制学校配备床位2000张。", "", "市财政局", "2024年9月底"],
    ["3", "实施城市燃气管道更新改造", "更新改造老旧燃气管道100公里。", "市住建局、市城管局",
     "十堰市燃气有限公司、国网十堰供电公司、各开发区管委会", "2024年11月底"],
    ["4", "新建公办幼儿园", "新建公办幼儿园5所。", "", "", "2024年8月底"],
]


def _task_table(layout: str, note: bool = True) -> str:
    lines: list[str] = []
    for k, row in enumerate(TASK_ROWS):
        if layout == "pipes":
            lines.append("| " + " | ".join(row) + " |")
            if k == 0:
                lines.append("| " + " | ".join("---" for _ in row) + " |")
        elif layout == "tabs":
            lines.append("\t".join(row))
        else:  # one cell per line, a tab before each cell, rows apart
            lines.extend(["\t" + c for c in row] + [""])
    return TASKS_HEAD + "\n".join(lines) + "\n" + (TASK_NOTE if note else "")


@pytest.mark.parametrize("layout", ["pipes", "tabs", "cells"])
@pytest.mark.parametrize("note", [True, False])
def test_continuation_rows_take_the_units_of_the_row_above(layout, note):
    ex = _extract(_task_table(layout, note))
    items = _by_title(ex)
    care = {("市民政局", "lead"), ("市财政局", "cooperating"), ("各县（市、区）政府", "cooperating")}
    assert _roles(items["建设社区养老服务设施"]) == care
    # empty role cells: the units of the row above, with a note saying so or without
    meals = items["发展老年助餐服务"]
    assert meals.kind == "sub-measure" and meals.parent == items["建设社区养老服务设施"].key
    assert _roles(meals) == care
    # a continuation row with its own units keeps them
    assert _roles(items["开展适老化改造"]) == {("市住建局", "lead"), ("市残联", "cooperating")}
    # 同上 repeats the row above, which is the continuation row before it
    assert _roles(items["建设家庭养老床位"]) == {("市住建局", "lead"), ("市残联", "cooperating")}
    # one empty role cell takes the row above, the other keeps its own unit
    assert _roles(items["配备学生公寓设施"]) == {("市教育局", "lead"), ("市财政局", "cooperating")}
    # a new numbered row with empty cells is no continuation: it has no units
    assert items["新建公办幼儿园"].responsibilities == []
    # the provenance of an inherited unit is the cell it was printed in
    for r in meals.responsibilities:
        assert ex.text[r.span.start : r.span.end] == r.printed
        assert r.span.start < meals.span.start


@pytest.mark.parametrize("layout", ["pipes", "tabs", "cells"])
def test_a_row_without_number_and_title_goes_on_with_the_continuation_row(layout):
    ex = _extract(_task_table(layout))
    beds = _by_title(ex)["建设家庭养老床位"]
    assert "上门服务2万人次" in beds.span.quote
    assert any(t.item == beds.key and t.value == 2 for t in ex.targets)
    assert len([it for it in ex.items if it.parent == _by_title(ex)["建设社区养老服务设施"].key]) == 3


def test_task_table_names_co_leads_collectives_abbreviations_and_companies():
    items = _by_title(_extract(_task_table("pipes")))
    gas = items["实施城市燃气管道更新改造"]
    assert _full_roles(gas) == {
        ("十堰市住房和城乡建设局", "lead"),
        ("十堰市城市管理局", "lead"),
        ("十堰市燃气有限公司", "cooperating"),
        ("国网湖北省电力有限公司十堰供电公司", "cooperating"),
        ("十堰市各开发区管理委员会", "cooperating"),
    }
    kinds = {r.printed: (r.agency.kind, r.agency.level) for r in gas.responsibilities}
    assert kinds["十堰市燃气有限公司"] == ("enterprise", "enterprise")
    assert kinds["国网十堰供电公司"] == ("enterprise", "enterprise")
    assert kinds["各开发区管委会"] == ("collective", "collective")
    assert _full_roles(items["建设社区养老服务设施"]) >= {("十堰市各县（市、区）人民政府", "cooperating")}


def test_a_deadline_that_slid_into_a_role_cell_is_no_unit():
    # runs of spaces drop empty cells: the deadline of a row without units moves left
    lines = ["  ".join(c for c in row if c) for row in TASK_ROWS]
    ex = _extract(TASKS_HEAD + "\n".join(lines) + "\n")
    items = _by_title(ex)
    names = {r.printed for it in ex.items for r in it.responsibilities}
    assert not any("年" in n or "月" in n for n in names)
    assert _roles(items["发展老年助餐服务"]) == {
        ("市民政局", "lead"), ("市财政局", "cooperating"), ("各县（市、区）政府", "cooperating")}
    assert items["新建公办幼儿园"].responsibilities == []


@pytest.mark.parametrize(
    "cell, takes",
    [("同上", True), ("（同上）", True), ("同左", True), ("2024年12月底", True), ("6月底前", True),
     ("长期", True), ("市民政局", False), ("—", False), ("无", False), ("市120急救指挥中心", False)],
)
def test_cells_read_as_empty(cell, takes):
    assert takes_cell_above(cell) is takes


# --------------------------------------------------------------------------- agencies tasked in prose


@pytest.mark.parametrize(
    "sentence, names",
    [
        ("市人力资源社会保障局要会同市财政局、市税务局落实补贴政策。", ["市人力资源社会保障局", "市财政局", "市税务局"]),
        ("由市人力资源社会保障局牵头，建设公共实训基地1个。", ["市人力资源社会保障局"]),
        ("市教育局要牵头做好学位供需监测预警。", ["市教育局"]),
        ("由市民政局牵头，市卫生健康局配合，推进医养结合。", ["市民政局", "市卫生健康局"]),
        ("由市民政局牵头，会同市卫生健康局推进医养结合。", ["市民政局", "市卫生健康局"]),
        ("市医疗保障局会同市卫生健康局推进支付方式改革。", ["市医疗保障局", "市卫生健康局"]),
        ("市医疗保障局联合市卫生健康局开展专项整治。", ["市医疗保障局", "市卫生健康局"]),
        ("由市卫生健康局和市医疗保障局共同牵头推进。", ["市卫生健康局", "市医疗保障局"]),
        ("本规划由市发展改革局负责组织实施和监测评估。", ["市发展改革局"]),
        ("建立由市发展改革局牵头、各有关部门参与的协调机制。", ["市发展改革局", "各有关部门"]),
        ("在市委、市政府统一领导下，市发展改革局负责统筹协调。", ["市发展改革局"]),
        # encouraged, not tasked; no body; a provincial body; a mechanism naming no body
        ("鼓励社会力量兴办职业技能培训机构，支持企业开展以工代训。", []),
        ("鼓励各县（市、区）人民政府结合实际建设。", []),
        ("积极争取省卫生健康委支持。", []),
        ("构建职能部门牵头、相关部门配合、社会力量参与的工作机制。", []),
        # addressee lists
        ("抄送：市委办公室，市人大常委会办公室，市政协办公室。", []),
        ("主送：市人力资源社会保障局，市财政局。", []),
    ],
)
def test_agencies_tasked_in_prose(sentence, names):
    view = normalised(sentence)
    fields = prose_fields(view, 0, len(view))
    assert [sentence[f.start : f.end] for f in fields] == names
    assert all(f.role == "cooperating" and f.source == "prose" for f in fields)


PLAN = """\
十堰市人民政府关于印发十堰市“十四五”社会事业发展规划的通知
十政发〔2021〕21号
各县（市、区）人民政府，十堰经济技术开发区管委会，市政府各部门：
现将《十堰市“十四五”社会事业发展规划》印发给你们，请认真组织实施。
十堰市人民政府
2021年11月30日
十堰市“十四五”社会事业发展规划（节选）
第一章 发展基础
“十三五”时期，全市累计城镇新增就业12万人。
第二章 完善养老服务体系
第一节 推进医养结合
到2025年，养老机构护理型床位占比达到55%。由市民政局牵头，市卫生健康委配合，推动二级以上医院开设老年医学科。鼓励社会力量举办养老机构，支持市属国有企业参与养老服务。
第二节 发展普惠托育
市卫生健康委要会同市教育局、市住建局推进托育服务设施建设，新增托位3000个。
第三章 规划实施保障
第一节 加强组织领导
市发展改革委负责本规划实施的统筹协调，各有关部门要按照职责分工抓好落实。
抄送：省发展改革委，省卫生健康委。
"""


def test_a_five_year_plan_tasks_agencies_in_prose_and_its_closing_chapter():
    ex = _extract(PLAN)
    items = _by_title(ex)
    assert _full_roles(items["推进医养结合"]) == {
        ("十堰市民政局", "cooperating"), ("十堰市卫生健康委员会", "cooperating")}
    assert _roles(items["发展普惠托育"]) == {
        ("市卫生健康委", "cooperating"), ("市教育局", "cooperating"), ("市住建局", "cooperating")}
    # the chapter that closes the plan names one agency to coordinate it
    assert _full_roles(items["加强组织领导"]) == {
        ("十堰市发展和改革委员会", "cooperating"), ("十堰市各有关部门", "cooperating")}
    # no roles on chapters, none from the notice, the 抄送 list or provincial bodies
    assert not items["完善养老服务体系"].responsibilities and not items["规划实施保障"].responsibilities
    printed = {r.printed for it in ex.items for r in it.responsibilities}
    assert not any(p.startswith("省") for p in printed)
    assert ex.plan.lead_convention is None


NO_OUTER_PIPES = """\
湛江市人民政府办公室关于印发2024年湛江市十件民生实事的通知
湛府办〔2024〕5号
各县（市、区）人民政府，市府直属各单位：
现将2024年湛江市十件民生实事印发给你们，请认真组织实施。
湛江市人民政府办公室
2024年2月26日
2024年湛江市十件民生实事
序号 | 项目名称 | 主要内容 | 责任单位 | 完成时限
1 | 建设社区养老服务设施 | 新建社区养老服务中心40个。 | 市民政局、市财政局 | 2024年12月底
 | 发展老年助餐服务 | 新建老年助餐点80个。 |  | 2024年12月底
 | 开展适老化改造 | 改造困难老年人家庭1000户。 | 市住房城乡建设局 | 2024年12月底
2 | 改善办学条件 | 改扩建农村寄宿制学校10所。 | 市教育局牵头，市财政局配合 | 2024年9月底
 | 配备学生公寓设施 | 为寄宿制学校配备床位2000张。 |  | 2024年9月底
"""


def test_pipes_without_outer_pipes_keep_the_empty_number_cell_of_a_continuation_row():
    ex = _extract(NO_OUTER_PIPES)
    items = _by_title(ex)
    meals = items["发展老年助餐服务"]
    assert meals.kind == "sub-measure" and meals.number is None
    # no convention: the 责任单位 stay responsible, on the continuation row as above it
    assert _roles(meals) == {("市民政局", "responsible"), ("市财政局", "responsible")}
    # a cell that states its own roles marks no lead in the list: a lone unit elsewhere
    # in the table stays responsible
    assert _roles(items["开展适老化改造"]) == {("市住房城乡建设局", "responsible")}
    assert _roles(items["配备学生公寓设施"]) == {("市教育局", "lead"), ("市财政局", "cooperating")}
    assert len([it for it in ex.items if it.kind == "measure"]) == 2


@pytest.mark.parametrize(
    "sentence, names",
    [
        ("由市委宣传部牵头，推进文明城市创建。", ["市委宣传部"]),
        ("团市委、市妇联要组织志愿服务。", ["团市委", "市妇联"]),
        ("湛江经济技术开发区管委会要加快建设人才公寓。", ["湛江经济技术开发区管委会"]),
        ("市卫生健康委、市医保局按职责分工负责。", ["市卫生健康委", "市医保局"]),
        ("各县（市、区）政府和市直有关部门要落实责任。", ["各县（市、区）政府", "市直有关部门"]),
    ],
)
def test_more_subjects_tasked_in_prose(sentence, names):
    view = normalised(sentence)
    assert [sentence[f.start : f.end] for f in prose_fields(view, 0, len(view))] == names


def test_a_list_closed_by_deng_bumen_names_its_units():
    text = PLAN.replace("市卫生健康委要会同市教育局、市住建局推进", "市卫生健康委要会同市教育局、市住建局等部门推进")
    items = _by_title(_extract(text))
    assert _roles(items["发展普惠托育"]) == {
        ("市卫生健康委", "cooperating"), ("市教育局", "cooperating"), ("市住建局", "cooperating")}


@pytest.mark.parametrize(
    "printed, full",
    [
        ("华润燃气周口公司", "华润燃气周口公司"),  # a proper company name naming its place
        ("中石油昆仑燃气周口分公司", "中石油昆仑燃气周口分公司"),
        ("周口华润燃气", "周口华润燃气"),  # a utility printed by its trade name
        ("市燃气公司", "周口市燃气公司"),
        ("国网周口供电公司", "国网河南省电力公司周口供电公司"),
        ("市水务集团", "周口市水务集团"),
    ],
)
def test_companies_in_role_cells_are_enterprises(printed, full):
    from mskg.ingest.agencies import resolve
    from mskg.ingest.places import jurisdiction_of

    agency = resolve(printed, jurisdiction_of("周口市人民政府办公室"))
    assert (agency.full, agency.kind, agency.level) == (full, "enterprise", "enterprise")


@pytest.mark.parametrize(
    "note",
    ["注：续行未列牵头单位的，由上一行所列单位牵头。", "续行未列牵头单位、配合单位的，由上一行所列单位负责。"],
)
def test_a_note_on_continuation_rows_is_no_lead_convention(note):
    assert stated_convention(normalised(note))[0] is None
    ex = _extract(_task_table("pipes", note=False) + note + "\n")
    assert ex.plan.lead_convention is None
    assert _roles(_by_title(ex)["发展老年助餐服务"]) == {
        ("市民政局", "lead"), ("市财政局", "cooperating"), ("各县（市、区）政府", "cooperating")}


# --------------------------------------------------------------------------- roles stated in sentences

# a news report listing the year's 实事 in prose (湖南 常德; invented content)
NEWS_ROLES = """\
常德市2024年十件重点民生实事项目确定
来源：常德市人民政府网　　发布时间：2024-02-26
　　今年将集中力量办好十件重点民生实事：一是新建改扩建公办幼儿园10所，新增学位3000个，由市教育局、市住建局共同牵头，市财政局配合；二是建设社区老年食堂60个，市民政局和市卫健委共同负责；三是开展职业技能培训2万人次，市人社局与市总工会联合实施；四是新建体育公园8个，市体育局为牵头单位，市资规局、各区县（市）政府为配合单位；五是新辟公交线路15条，牵头单位是市交通运输局；六是完成食品抽检1.2万批次，责任单位为市市场监管局；七是改造背街小巷60条，主要责任单位：市城管局；八是改造燃气管道50公里，市住建局牵头负责，市应急局协同；九是改造供水管网40公里，市水务集团负总责，常德港华燃气具体实施；十是开展送戏下乡300场，具体由市文化馆承办。
　　为抓好落实，市政府将强化三项措施：一是建立工作台账；二是每月调度；三是年底考核。
"""


def test_roles_stated_in_sentences_of_a_prose_list():
    ex = _extract(NEWS_ROLES)
    items = {it.number: it for it in ex.items}
    assert sorted(items, key=lambda n: "一二三四五六七八九十".index(n[-1])) == list("一二三四五六七八九十")
    assert _roles(items["一"]) == {("市教育局", "lead"), ("市住建局", "lead"), ("市财政局", "cooperating")}
    # names joined by 和 / 与 are two bodies that co-lead
    assert _roles(items["二"]) == {("市民政局", "lead"), ("市卫健委", "lead")}
    assert _roles(items["三"]) == {("市人社局", "lead"), ("市总工会", "lead")}
    assert _roles(items["四"]) == {
        ("市体育局", "lead"), ("市资规局", "cooperating"), ("各区县（市）政府", "cooperating")}
    assert _roles(items["五"]) == {("市交通运输局", "lead")}
    # responsible units with no lead stay responsible (no convention stated)
    assert _roles(items["六"]) == {("市市场监管局", "responsible")}
    assert _roles(items["七"]) == {("市城管局", "responsible")}
    assert _roles(items["八"]) == {("市住建局", "lead"), ("市应急局", "cooperating")}
    # the implementer cooperates when the item names a lead
    assert _roles(items["九"]) == {("市水务集团", "lead"), ("常德港华燃气", "cooperating")}
    assert _roles(items["十"]) == {("市文化馆", "responsible")}
    assert _full_roles(items["二"]) == {("常德市民政局", "lead"), ("常德市卫生健康委员会", "lead")}
    gas = next(r.agency for r in items["九"].responsibilities if r.printed == "常德港华燃气")
    assert (gas.full, gas.kind) == ("常德港华燃气", "enterprise")


# a work report whose 实事 are paragraphs, the roles in a sentence after the description
# (四川 宜宾; invented content)
REPORT_ROLES = """\
宜宾市人民政府工作报告（摘要）
一、2024年民生实事
　　今年，市政府将办好以下民生实事：
　　第一，扩大托育服务供给。新增普惠性托位2000个。该项目由市卫生健康委牵头实施，市妇联参与。
　　第二，推进老旧小区改造。改造老旧小区90个。由市住房城乡建设局组织实施。
　　第三，提升养老服务能力。新建社区养老服务站30个。市民政局具体负责。
　　第四，改善农村饮水条件。巩固提升农村供水工程80处。交由各区县政府落实。
　　第五，开展文化惠民活动。组织送电影下乡3000场。
　　第六，整治城市市容环境。新建和改造公厕40座。市综合执法局、市市场监管局按职责分工负责。
　　第七，提升农村电网供电能力。改造农网线路200公里。宜宾供电公司牵头负责，市发展改革委协助。
"""


def test_roles_stated_after_the_description_of_a_paragraph():
    ex = _extract(REPORT_ROLES)
    items = {it.number: it for it in ex.items if it.kind == "measure"}
    assert _roles(items["第一"]) == {("市卫生健康委", "lead"), ("市妇联", "cooperating")}
    assert _roles(items["第二"]) == {("市住房城乡建设局", "lead")}
    assert _roles(items["第三"]) == {("市民政局", "responsible")}
    assert _roles(items["第四"]) == {("各区县政府", "responsible")}
    # an item that names no agency gets none, not the previous item's
    assert items["第五"].responsibilities == []
    assert _roles(items["第六"]) == {("市综合执法局", "responsible"), ("市市场监管局", "responsible")}
    assert _roles(items["第七"]) == {("宜宾供电公司", "lead"), ("市发展改革委", "cooperating")}
    assert items["第一"].title == "扩大托育服务供给"


def test_a_stated_convention_applies_to_units_named_responsible_in_a_sentence():
    text = REPORT_ROLES.replace(
        "一、2024年民生实事\n", "一、2024年民生实事\n　　凡只列责任单位、未列牵头单位的事项，由所列责任单位承担牵头职责。\n"
    )
    items = {it.number: it for it in _extract(text).items if it.kind == "measure"}
    assert _roles(items["第三"]) == {("市民政局", "lead")}
    assert _roles(items["第六"]) == {("市综合执法局", "lead"), ("市市场监管局", "lead")}


@pytest.mark.parametrize(
    "printed, names",
    [
        ("市民政局和市卫健委", ["市民政局", "市卫健委"]),
        ("市残联与市教育局", ["市残联", "市教育局"]),
        ("常德港华燃气与市住建局", ["常德港华燃气", "市住建局"]),
        # a 和 inside a formal name is no conjunction
        ("市人力资源和社会保障局", ["市人力资源和社会保障局"]),
        ("市自然资源和规划局、市发展和改革委员会", ["市自然资源和规划局", "市发展和改革委员会"]),
    ],
)
def test_names_joined_by_a_conjunction(printed, names):
    from mskg.ingest.agencies import split_names

    assert [n for _, _, n in split_names(printed)] == names


@pytest.mark.parametrize(
    "home, printed, full, kind, level",
    [
        # zone authorities: the zone's government, named after the zone
        ("海口市人民政府", "江东新区管理局", "江东新区管理局", "government", "zone"),
        ("儋州市人民政府", "洋浦经济开发区管理局", "洋浦经济开发区管理局", "government", "zone"),
        ("温州市人民政府", "浙南科技城管理局", "浙南科技城管理局", "government", "zone"),
        ("常德市人民政府", "常德经开区管委会", "常德经济技术开发区管理委员会", "government", "zone"),
        ("常德市人民政府", "常德经开区管理局", "常德经开区管理局", "government", "zone"),
        ("张家界市人民政府", "武陵源风景名胜区管理局", "武陵源风景名胜区管理局", "government", "zone"),
        # a city bureau ending in 管理局 is no zone authority
        ("海口市人民政府", "市城市管理局", "海口市城市管理局", "government_department", "city"),
        # city abbreviations
        ("海口市人民政府", "市旅文局", "海口市旅游和文化广电体育局", "government_department", "city"),
        ("常德市人民政府", "市资规局", "常德市自然资源和规划局", "government_department", "city"),
        ("常德市人民政府", "市综合执法局", "常德市综合行政执法局", "government_department", "city"),
        # supply bureaus of China Southern Power Grid, by province
        ("遵义市人民政府", "遵义供电局", "贵州电网有限责任公司遵义供电局", "enterprise", "enterprise"),
        ("柳州市人民政府", "柳州供电局", "广西电网有限责任公司柳州供电局", "enterprise", "enterprise"),
        ("海口市人民政府", "海口供电局", "海南电网有限责任公司海口供电局", "enterprise", "enterprise"),
        # water and gas companies printed by trade name
        ("常德市人民政府", "常德港华燃气", "常德港华燃气", "enterprise", "enterprise"),
        ("常德市人民政府", "市水务集团", "常德市水务集团", "enterprise", "enterprise"),
    ],
)
def test_names_printed_by_news_reports(home, printed, full, kind, level):
    from mskg.ingest.agencies import resolve
    from mskg.ingest.places import jurisdiction_of

    agency = resolve(printed, jurisdiction_of(home))
    assert (agency.full, agency.kind, agency.level) == (full, kind, level)


# numbered items (1.title + paragraph) whose roles are a sentence after the description
# (四川 绵阳; invented content)
NUMBERED_ROLES = """\
绵阳市2024年十件民生实事
　　1.扩大托育服务供给。新增普惠性托位2000个。由市卫生健康委牵头，市妇联、市总工会配合。
　　2.推进老旧小区改造。改造老旧小区90个。市住建局为牵头单位，市资规局为配合单位。
　　3.提升养老服务能力。新建社区养老服务站30个。市民政局具体负责。
　　4.开展文化惠民活动。组织送电影下乡3000场。
　　5.改善出行条件。新辟公交线路12条。牵头单位为市交通运输局，配合单位为各县（市、区）政府。
　　6.推进医养结合。由市卫生健康委牵头，建立医养结合工作协调机制，新增医养结合机构5家。
"""


def test_role_sentences_of_numbered_items():
    items = {it.number: it for it in _extract(NUMBERED_ROLES).items}
    assert _roles(items["1"]) == {("市卫生健康委", "lead"), ("市妇联", "cooperating"), ("市总工会", "cooperating")}
    assert _roles(items["2"]) == {("市住建局", "lead"), ("市资规局", "cooperating")}
    assert _full_roles(items["2"]) == {("绵阳市住房和城乡建设局", "lead"), ("绵阳市自然资源和规划局", "cooperating")}
    assert _roles(items["3"]) == {("市民政局", "responsible")}
    assert items["4"].responsibilities == []
    assert _roles(items["5"]) == {("市交通运输局", "lead"), ("各县（市、区）政府", "cooperating")}


def test_a_sentence_that_also_states_a_task_is_no_role_statement():
    from mskg.ingest.agency_lists import sentence_fields

    for sentence in (
        "由市卫生健康委牵头，建立医养结合工作协调机制。",  # a task follows the role
        "第十三章 规划组织实施\n",  # a heading ending in a role word names no body
        "加强部门协同配合。",
        "1\t改造老旧小区\t市住建局牵头，市城管局配合\n",  # a table row is read by its columns
    ):
        view = normalised(sentence)
        assert sentence_fields(view, 0, len(view)) == [], sentence


# items whose role line names partners with 会同 (宁夏 石嘴山; invented content)
PARTNER_ROLES = """\
石嘴山市大武口区2024年为民办实事项目
一、建设社区食堂
新建社区食堂6个，为80岁以上老年人提供助餐服务。
由区民政局会同区市场监管局、各街道办事处负责。
二、改造背街小巷
改造背街小巷20条。
由区住建局负责，区城管局配合。
"""


def test_a_lead_and_its_partners_joined_by_hui_tong():
    items = _by_title(_extract(PARTNER_ROLES))
    assert _roles(items["建设社区食堂"]) == {
        ("区民政局", "lead"), ("区市场监管局", "cooperating"), ("各街道办事处", "cooperating")}
    assert _roles(items["改造背街小巷"]) == {("区住建局", "lead"), ("区城管局", "cooperating")}


# a table aligned by spaces whose empty 配合单位 cell left only a wide gap, beside a
# column of officials (吉林 四平; invented content)
ALIGNED_PEOPLE = """\
四平市2025年民生实事项目
序号  项目名称          牵头单位      配合单位              责任领导      完成时限
1     新建城市书房      市文广旅局    市财政局、市教育局    副市长 张某   2025年10月底
2     改造农村公路      市交通局                            副市长 李某   2025年11月底
3     建设口袋公园      市住建局      市城管局              副市长 张某   2025年9月底
"""


def test_an_empty_cell_of_a_space_aligned_table_keeps_officials_out_of_the_units():
    ex = _extract(ALIGNED_PEOPLE)
    items = _by_title(ex)
    assert _roles(items["改造农村公路"]) == {("市交通局", "lead")}
    names = {r.printed for it in ex.items for r in it.responsibilities}
    assert not any("副市长" in n or "李某" in n for n in names)


@pytest.mark.parametrize("cell", ["市民政局、副区长 周某", "市民政局、区政府副区长", "市民政局、副市长王某某"])
def test_officials_in_a_unit_list_are_no_agencies(cell):
    from mskg.ingest.agency_lists import Field
    from mskg.ingest.responsibilities import names_in

    view = normalised(cell)
    names = [n for _, _, n in names_in(cell, view, Field("responsible", 0, len(cell), "cell"), [])]
    assert names == ["市民政局"]


# the decisions of a county government meeting: roles stated as clauses of the sentence
# that states the task (甘肃 临泽; invented content)
MINUTES = """\
临泽县人民政府常务会议纪要
第3次

临泽县人民政府办公室                          2024年4月2日

一、关于2024年民生实事项目推进工作
会议议定：
（一）教育方面。新建幼儿园2所，新增学位600个。由县教体局负责，县财政局、沙河镇配合。
（二）医疗方面。县卫健委牵头，县医保局、各乡镇配合，完成乡镇卫生院改造3个。
（三）养老方面。县民政局要会同县财政局，年内新建农村互助养老服务点20个。
（四）就业方面。城镇新增就业1200人。具体由县人社局承办，县总工会、团县委协办。
"""


def test_roles_stated_in_clauses_of_meeting_decisions():
    ex = _extract(MINUTES)
    assert ex.plan.title == "临泽县人民政府常务会议纪要"
    assert ex.plan.jurisdiction and ex.plan.jurisdiction.endswith("临泽县")
    assert ex.plan.issued == "2024-04-02"
    items = _by_title(ex)
    assert _roles(items["教育方面"]) == {("县教体局", "lead"), ("县财政局", "cooperating"), ("沙河镇", "cooperating")}
    assert _roles(items["医疗方面"]) == {("县卫健委", "lead"), ("县医保局", "cooperating"), ("各乡镇", "cooperating")}
    assert _roles(items["养老方面"]) == {("县民政局", "lead"), ("县财政局", "cooperating")}
    # 承办 beside 协办, no lead named: the unit that undertakes it leads
    assert _roles(items["就业方面"]) == {("县人社局", "lead"), ("县总工会", "cooperating"), ("团县委", "cooperating")}


def test_a_town_after_a_conjunction_is_a_unit_of_its_own():
    from mskg.ingest.agencies import split_names

    assert [n for _, _, n in split_names("市发展改革委和博鳌镇")] == ["市发展改革委", "博鳌镇"]


# a task table as PDF text prints it: columns laid out by spaces, cells wrapping onto the
# next lines beside each other, category rows across the table (广东 连州; invented content)
WRAPPED = """\
连州市2024年民生实事任务分解表

序号  任务内容                    牵头单位      配合单位              完成时限
一、幼有所育
1     托育服务扩容。              市卫健局      市发改局、市财政局、  2024年12月
      新增普惠性托位200个，                     市妇联
      建成托育综合服务中心1个。
二、病有所医
2     医保参保扩面。              市医保局、    各镇（街道）          2024年12月
      参保率达到95%以上。         市税务局
"""


def test_cells_wrapping_beside_each_other_keep_their_columns():
    ex = _extract(WRAPPED)
    items = _by_title(ex)
    assert _roles(items["托育服务扩容"]) == {
        ("市卫健局", "lead"), ("市发改局", "cooperating"), ("市财政局", "cooperating"), ("市妇联", "cooperating")}
    assert _roles(items["医保参保扩面"]) == {("市医保局", "lead"), ("市税务局", "lead"), ("各镇（街道）", "cooperating")}
    groups = {it.title for it in ex.items if it.kind == "group"}
    assert groups == {"幼有所育", "病有所医"}
    for it in ex.items:
        for r in it.responsibilities:
            assert ex.text[r.span.start : r.span.end] == r.printed


# the same layout with two names for the row: indented lines under the task column that
# print their own units are sub-rows (A5), each unit in its column (辽宁 盖州; invented content)
SUBROWS = """\
盖州市2024年民生实事项目表

序号  项目名称          主要工作任务                          牵头部门      配合部门
1     就业增收          城镇新增就业3000人。                  市人社局      市财政局、各镇（街道）
                        新增电商直播就业岗位300个。           市商务局      市人社局
2     教育均衡发展      新增学位600个。                       市教育局      市住建局
"""


def test_sub_rows_of_a_space_laid_table_keep_their_own_units():
    ex = _extract(SUBROWS)
    items = _by_title(ex)
    sub = items["新增电商直播就业岗位300个"]
    assert sub.kind == "sub-measure" and sub.parent == items["就业增收"].key
    assert _roles(sub) == {("市商务局", "lead"), ("市人社局", "cooperating")}
    assert _roles(items["教育均衡发展"]) == {("市教育局", "lead"), ("市住建局", "cooperating")}


def test_a_role_sentence_after_an_enumerated_item_belongs_to_it():
    text = ("2025年东方市为民办实事事项实施方案\n"
            "今年重点办好三件实事。一是新建城市书房。新建城市书房5个。由市旅文局牵头，市财政局配合。"
            "二是丰富群众文体生活。新建社区体育公园8个。该项由市教育局牵头，各区政府配合。\n")
    items = {it.number: it for it in _extract(text).items}
    assert _roles(items["二"]) == {("市教育局", "lead"), ("各区政府", "cooperating")}


def test_a_role_bracket_broken_by_a_hard_wrap_reads_across_the_break():
    # a PDF's text breaks every line at a fixed width, inside a bracket and inside a name
    text = ("某区2022年实事项目推进情况的报告\n二、各项目推进情况\n"
            "（一）交通出行项目（区建管委牵头，区公安分局、上海嘉定公共交通有限公\n司配合）\n"
            "1.新辟、调整公交线路12条。已新辟线路10条。\n"
            "（二）城市环境项目（区绿化市容局牵头，各街镇配合）\n"
            "2.新建市民益智健身苑点30个（区体育局牵头，区绿\n化市容局配合）。已建成20个。\n")
    ex = _extract(text)
    by_title = {it.title: sorted((r.printed.replace("\n", ""), r.role) for r in it.responsibilities) for it in ex.items}
    assert by_title["交通出行项目"] == [("上海嘉定公共交通有限公司", "cooperating"), ("区公安分局", "cooperating"),
                                  ("区建管委", "lead")]
    assert by_title["新建市民益智健身苑点30个"] == [("区体育局", "lead"), ("区绿化市容局", "cooperating")]


def test_a_role_line_broken_inside_a_name_by_a_hard_wrap_reads_across_the_break():
    # a PDF broken at a fixed width: 责任单位：… runs over the line end inside a name (县 /
    # 人民医院, 各乡镇人民政 / 府); the next line's label (进展情况：) is no part of the list
    text = ("某县关于2023年民生实事项目推进情况的通报\n二、分项推进情况\n"
            "（一）医疗卫生服务能力提升工程\n"
            "　　年度目标：建成乡镇卫生院中医馆5个。\n"
            "　　责任单位：县卫生健康局（牵头），县医保局、县财政局、县\n人民医院\n"
            "　　进展情况：中医馆建成4个。\n"
            "（二）农村公路畅通工程\n"
            "　　年度目标：新建改造农村公路120公里。\n"
            "　　责任单位：县交通运输局（牵头），县财政局、各乡镇人民政\n府\n"
            "　　进展情况：完成农村公路建设98公里。\n"
            "（三）城乡养老服务提质工程\n"
            "　　年度目标：新建农村互助养老服务站15个。\n"
            "　　责任单位：县民政局（牵头），县财政局\n"
            "　　进展情况：已建成11个。\n")
    ex = _extract(text)
    by_title = {it.title: [(r.printed.replace("\n", ""), r.role) for r in it.responsibilities] for it in ex.items}
    assert by_title["医疗卫生服务能力提升工程"] == [
        ("县卫生健康局", "lead"), ("县医保局", "cooperating"), ("县财政局", "cooperating"), ("县人民医院", "cooperating")]
    assert by_title["农村公路畅通工程"] == [
        ("县交通运输局", "lead"), ("县财政局", "cooperating"), ("各乡镇人民政府", "cooperating")]
    # a list that ends with a whole name stops at its line's end
    assert by_title["城乡养老服务提质工程"] == [("县民政局", "lead"), ("县财政局", "cooperating")]


# Minutes that state who does a task in the sentence after it: the clause after the
# lead's names its partners (由X牵头，会同Y、Z抓好落实; 会同 is no part of the first
# partner's name), and a role word may go on with the task (由X负责组织征缴) instead of
# ending its clause.
@pytest.mark.parametrize(("text", "title", "roles"), [
    pytest.param("某县人民政府常务会议纪要\n一、研究2024年民生实事项目\n"
                 "（一）养老服务。新建村级互助养老点60个。由县民政局牵头，会同县财政局、县卫生健康委和各乡镇（街道）抓好落实。\n"
                 "（二）医疗卫生。新建、改造村卫生室30个。县卫生健康委牵头，县医保局配合。\n",
                 "养老服务", [("县民政局", "lead"), ("县财政局", "cooperating"), ("县卫生健康委", "cooperating"),
                              ("各乡镇（街道）", "cooperating")], id="partners-after-会同"),
    pytest.param("某县人民政府常务会议纪要\n一、研究城乡居民医疗保险筹资方案\n"
                 "会议同意城乡居民参保率稳定在96%以上。由县医保局负责组织征缴，县税务局、县财政局配合。\n"
                 "二、研究公交线路优化方案\n"
                 "会议同意新开通公交线路2条。由县交通运输委负责，县公交公司配合。\n",
                 "研究城乡居民医疗保险筹资方案", [("县医保局", "lead"), ("县税务局", "cooperating"),
                                                  ("县财政局", "cooperating")], id="负责-going-on-with-its-task"),
])
def test_roles_stated_in_the_sentence_after_a_task(text, title, roles):
    (item,) = [it for it in _extract(text).items if it.title == title]
    assert [(r.printed, r.role) for r in item.responsibilities] == roles


def test_a_task_word_is_no_agency():
    # a task word is no agency: 由各地负责组织实施 names no body of a known function
    prose = "某市民生实事\n一、养老服务\n新建养老服务站12个。由各地负责组织实施好相关工作。\n"
    assert all(not it.responsibilities for it in _extract(prose, "p").items)
