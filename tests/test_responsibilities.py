"""Agency roles printed inside responsibility lists and table cells.

Short documents of the genre (invented content, real layouts and places) run end to end
through ``extract_text``: lead marks inside a 责任单位 list (``（牵头）``, half-width, 繁體,
``（牵头单位）``, two marks = co-lead), the single-unit rule, a cell or line that states its
own roles against the column's convention, and the parts these rules are built from.
"""

from __future__ import annotations

import pytest

from mskg.ingest import extract_text
from mskg.ingest.agency_lists import inline_fields, role_statement
from mskg.ingest.model import Extraction
from mskg.ingest.responsibilities import lead_mark_pattern, lead_symbol, single_unit_leads, stated_convention
from mskg.ingest.text import normalised


def _extract(text: str, doc: str = "t") -> Extraction:
    return extract_text(text, document=doc, path=doc + ".txt")


def _roles(item) -> set[tuple[str, str]]:
    return {(r.printed, r.role) for r in item.responsibilities}


def _by_title(ex: Extraction) -> dict:
    return {it.title: it for it in ex.items}


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


def test_lead_marked_inside_the_list():
    ex = _extract(MARKED)
    items = _by_title(ex)
    assert _roles(items["新建城区幼儿园"]) == {
        ("县教育体育局", "lead"),
        ("县发展改革委", "cooperating"),
        ("县财政局", "cooperating"),
    }
    # half-width mark
    assert _roles(items["建设社区食堂"]) == {("县民政局", "lead"), ("县市场监管局", "cooperating")}
    # two marks: co-lead
    assert _roles(items["开展“两癌”免费筛查"]) == {
        ("县卫生健康委", "lead"),
        ("县妇联", "lead"),
        ("县医保局", "cooperating"),
    }
    # （牵头单位） marks as well; a collective cooperates
    assert _roles(items["改造农村公路"]) == {("县交通运输局", "lead"), ("各乡镇人民政府", "cooperating")}
    # a list of one unit: the stated rule makes it the lead
    assert _roles(items["扩大职业技能培训"]) == {("县人力资源社会保障局", "lead")}
    # several units and no mark: no lead was printed, so none is invented
    assert _roles(items["整治农村人居环境"]) == {
        ("县农业农村局", "responsible"),
        ("县住房城乡建设局", "responsible"),
    }
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


def test_one_unit_leads_where_the_document_marks_leads_without_saying_so():
    text = MARKED.replace("责任单位中标注“（牵头）”的为牵头单位，其余为配合单位；只列一个责任单位的，由该单位牵头负责。", "")
    ex = _extract(text)
    items = _by_title(ex)
    assert ex.plan.lead_convention is None
    assert _roles(items["扩大职业技能培训"]) == {("县人力资源社会保障局", "lead")}
    assert ("县教育体育局", "lead") in _roles(items["新建城区幼儿园"])


def test_one_unit_stays_responsible_without_marks_or_a_stated_rule():
    text = (
        MARKED.replace("责任单位中标注“（牵头）”的为牵头单位，其余为配合单位；只列一个责任单位的，由该单位牵头负责。", "")
        .replace("（牵头）", "")
        .replace("(牵头)", "")
        .replace("（牵头单位）", "")
    )
    items = _by_title(_extract(text))
    assert _roles(items["扩大职业技能培训"]) == {("县人力资源社会保障局", "responsible")}
    assert _roles(items["建设社区食堂"]) == {("县民政局", "responsible"), ("县市场监管局", "responsible")}


def test_the_single_unit_rule_stated_alone():
    text = (
        MARKED.replace("责任单位中标注“（牵头）”的为牵头单位，其余为配合单位；", "")
        .replace("（牵头）", "")
        .replace("(牵头)", "")
        .replace("（牵头单位）", "")
    )
    ex = _extract(text)
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


def test_a_line_states_its_own_roles():
    items = _by_title(_extract(LINES))
    assert _roles(items["建设口袋公园"]) == {
        ("区住建局", "lead"),
        ("区城管局", "cooperating"),
        ("区财政局", "cooperating"),
    }
    # 按职责分工负责 shares out the work: no lead is printed
    assert _roles(items["改造背街小巷"]) == {("区城管局", "responsible"), ("区住建局", "responsible")}
    assert _roles(items["实施养老助餐"]) == {
        ("区民政局", "lead"),
        ("各街道办事处", "cooperating"),
        ("区市场监管局", "cooperating"),
    }
    # a half-width role bracket holding a bracketed name
    assert _roles(items["农村供水"]) == {("区水务局", "lead"), ("各镇(街道)", "cooperating")}
    # a list broken after 、 goes on on the next line
    assert _roles(items["建设社区养老服务站"]) == {
        ("区民政局", "lead"),
        ("区财政局", "cooperating"),
        ("各街道办事处", "cooperating"),
    }
    # a list that ends its line is not continued by the next item
    assert _roles(items["开展全民健身活动"]) == {("区文化旅游体育局", "lead")}
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
        ("市城管局、市住建局按职责分工负责", None),
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
    assert [f.co_lead for f in found][0] is ("共同" in printed)


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


def test_bare_role_words_with_a_colon_are_labels():
    items = _by_title(_extract(BARE_LABELS))
    assert _roles(items["建设社区养老服务中心"]) == {
        ("市民政局", "lead"),
        ("市财政局", "cooperating"),
        ("市卫生健康委", "cooperating"),
    }
    assert _roles(items["新增公办学位"]) == {
        ("市教育局", "lead"),
        ("市发展改革委", "cooperating"),
        ("各县（市、区）人民政府", "cooperating"),
    }


@pytest.mark.parametrize(
    "note, expected",
    [
        ("多个责任单位的，排名第一的为牵头单位。", "first_lead"),
        ("责任单位中第一个为牵头单位，其余为配合单位。", "first_lead"),
        ("（列第一位的为牵头单位）", "first_lead"),
        ("列在首位的单位负总责。", "first_lead"),
        ("排在第一位的单位为主要责任单位。", "first_lead"),
        ("未标明牵头单位的，所列单位均为牵头单位。", "responsible_is_lead"),
        ("未明确牵头单位的，由所列单位共同牵头。", "responsible_is_lead"),
        ("责任单位排名不分先后。", None),
        ("该县养老服务工作全省排名第一。", None),
    ],
)
def test_convention_phrasings(note, expected):
    assert stated_convention(normalised(note))[0] == expected


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


def test_leads_marked_with_the_symbol_the_document_names():
    ex = _extract(SYMBOLS)
    items = _by_title(ex)
    assert _roles(items["建设口袋公园"]) == {
        ("区住建局", "lead"),
        ("区城管局", "cooperating"),
        ("区财政局", "cooperating"),
    }
    assert _roles(items["改造背街小巷"]) == {
        ("区住建局", "lead"),
        ("区城管局", "cooperating"),
        ("各街道办事处", "cooperating"),
    }
    assert _roles(items["实施养老助餐"]) == {("区民政局", "lead")}
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
