"""Domain assignment: the keyword lexicon and the rules of :mod:`mskg.ingest.domains`.

The rule tests build small outlines of the genre by hand (titles and texts written for
the test, nested as a plan nests them) and run the real lexicon and matcher on them;
the end-to-end tests extract short documents with the whole pipeline.
"""

from __future__ import annotations

import pytest

from mskg.ingest import extract_text
from mskg.ingest.domains import (
    assign_domains,
    is_box,
    keywords,
    mentions,
    population,
    quantified,
    states_quantity,
    supporting,
)
from mskg.ingest.model import Agency, Item, Responsibility, Span
from mskg.ingest.text import normalised
from mskg.ontology import MSKG, enumeration


def _outline(*nodes) -> tuple[str, list[Item]]:
    """Text and items from nested ``(key, kind, title, body, [children])`` tuples: each
    item prints its title on a line, then its body lines, then its children."""
    parts: list[str] = []
    items: list[Item] = []
    pos = 0

    def emit(s: str) -> tuple[int, int]:
        nonlocal pos
        parts.append(s)
        start = pos
        pos += len(s)
        return start, pos

    def walk(node, parent):
        key, kind, title, body, *rest = node
        kids = rest[0] if rest else []
        text_so_far = len("".join(parts))
        t0, t1 = emit(title)
        emit("\n")
        if body:
            emit(body + "\n")
        item = Item(key=key, kind=kind, number=None, title=title, span=Span(t0, t0, ""),
                    title_span=Span(t0, t1, title), parent=parent)
        items.append(item)
        for k in kids:
            walk(k, key)
        item.span = Span(text_so_far, pos, "")
        return item

    for n in nodes:
        walk(n, None)
    text = "".join(parts)
    for it in items:
        it.span = Span(it.span.start, it.span.end, text[it.span.start : it.span.end])
    return text, items


def _domains(*nodes, skip=frozenset()) -> dict[str, list[str]]:
    text, items = _outline(*nodes)
    assign_domains(normalised(text), items, skip=skip)
    return {it.key: it.domains for it in items}


# --------------------------------------------------------------------------- lexicon


def test_lexicon_codes_are_the_scheme_s_domains():
    leaves = set(enumeration(MSKG.Domain))
    assert len(leaves) == 22
    assert set(keywords()) == leaves


def test_supporting_keywords_never_also_name_their_domain():
    # a word is either a full keyword of a domain or a supporting one, not both
    import rdflib

    from mskg import lexicons

    g = lexicons.load("domain-keywords.ttl").graph
    full = {(str(s), str(o)) for s, o in g.subject_objects(rdflib.SKOS.altLabel)}
    weak = {(str(s), str(o)) for s, o in g.subject_objects(
        rdflib.URIRef("https://w3id.org/mskg/lexicon/domains#supportingKeyword"))}
    assert weak and not (full & weak)


def test_population_keywords_are_a_kind_of_their_own():
    import rdflib

    from mskg import lexicons

    g = lexicons.load("domain-keywords.ttl").graph
    people = {(str(s), str(o)) for s, o in g.subject_objects(
        rdflib.URIRef("https://w3id.org/mskg/lexicon/domains#populationKeyword"))}
    others = {(str(s), str(o)) for p in (rdflib.SKOS.altLabel, rdflib.URIRef(
        "https://w3id.org/mskg/lexicon/domains#supportingKeyword")) for s, o in g.subject_objects(p)}
    assert people and not (people & others)
    assert population("老年人", "elderly_care") and population("残疾人", "disability")
    assert not population("养老", "elderly_care")
    # a population keyword names its domain in a sentence like any other keyword
    view = normalised("关爱农村留守老年人")
    assert {m.code for m in mentions(view, [(0, len(view))])} == {"elderly_care"}


def test_supporting_and_full_keywords():
    assert supporting("学生", "basic_education")
    assert not supporting("义务教育", "basic_education")
    # a word may support one domain and name another
    assert supporting("两癌", "health_care") and not supporting("两癌", "women_children")
    assert "学生" in keywords()["basic_education"]


@pytest.mark.parametrize("sentence, expected", [
    ("新增普惠性托位200个", {"childcare"}),
    ("为特困人员提供集中供养服务", {"social_assistance"}),
    ("实施城镇老旧小区雨污分流改造", {"housing", "urban_management_utilities"}),
    ("整治背街小巷30条", {"urban_management_utilities"}),
    ("新建社会福利中心一处", {"elderly_care"}),  # a care home, not social assistance
    # an allowance paid by age alone is elder care; one paid by need is also assistance
    ("为80周岁以上老年人发放高龄津贴", {"elderly_care"}),
    ("为经济困难老年人发放养老服务补贴", {"elderly_care", "social_assistance"}),
    ("县域内住院医疗费用报销比例提高", {"health_care", "medical_insurance"}),
    ("推进一老一小服务", {"elderly_care", "childcare"}),
])
def test_genre_vocabulary(sentence, expected):
    view = normalised(sentence)
    assert {m.code for m in mentions(view, [(0, len(view))])} == expected


def test_traditional_script_is_matched_on_the_simplified_view():
    view = normalised("新增普惠性托位1200個,為困難殘疾人發放補貼")
    assert {m.code for m in mentions(view, [(0, len(view))])} == {"childcare", "disability"}


# --------------------------------------------------------------------------- quantities


def test_a_date_is_not_a_quantity():
    for text, expected in [
        ("改造2005年以前建成的小区", False),
        ("2024—2026年持续推进", False),
        ("每年3月开展宣传", False),
        ("新增学位1200个", True),
        ("覆盖率达到95%", True),
    ]:
        assert states_quantity(text, 0, len(text)) is expected, text


def test_a_quantified_clause_names_domains_even_in_passing():
    view = normalised("城市低保标准提高到每人每月900元，为1500名困难残疾人发放生活补贴，加强宣传引导残疾人参与。")
    found = mentions(view, [(0, len(view))])
    assert quantified(view, found) == {"social_assistance", "disability"}


def test_an_inventory_is_not_a_commitment_to_each_part():
    view = normalised("供水、供电、燃气、消防、道路等12项基础类内容全部纳入改造范围。")
    assert quantified(view, mentions(view, [(0, len(view))])) == set()


@pytest.mark.parametrize("title, clause, expected", [
    # the clause counts alarms fitted for the old: a fire-safety commitment
    ({"public_safety_emergency"}, "为独居老人家庭免费安装烟感报警器500个", set()),
    # an age sets who rides free: a bus commitment
    ({"transport"}, "60周岁以上老年人免费乘车", set()),
    # the clause counts the people served: their field is part of the measure
    ({"social_assistance"}, "为4300名困难重度残疾人发放护理补贴", {"disability"}),
    # a service named beside the people: the clause names a field besides the title's
    ({"health_care"}, "为65岁以上老年人免费健康体检", {"health_care", "elderly_care"}),
    # without a field in the title, the people are what the measure is about
    (set(), "为独居老人家庭免费安装烟感报警器500个", {"elderly_care"}),
])
def test_people_only_receiving_another_field_s_work_are_not_its_field(title, clause, expected):
    view = normalised(clause)
    assert quantified(view, mentions(view, [(0, len(view))]), title) == expected


def test_supporting_keywords_alone_do_not_count_in_a_quantified_clause():
    view = normalised("在城区新建小区配套停车泊位300个。")
    assert quantified(view, mentions(view, [(0, len(view))])) == set()


# --------------------------------------------------------------------------- items


def test_annual_list_item_takes_every_field_its_commitments_name():
    d = _domains(
        ("m1", "measure", "困难群众救助工程", "城乡低保标准提高到每人每月880元，为2000名困难残疾人发放康复补贴。"),
        ("m2", "measure", "基层医疗服务提升工程", "建成县域医疗次中心4个，65周岁以上老年人健康管理率达到70%。"),
        ("m3", "measure", "发展普惠托育服务", "新增托位150个，支持妇幼保健院开展托育指导。"),
    )
    assert set(d["m1"]) == {"social_assistance", "disability"}
    assert set(d["m2"]) == {"health_care", "elderly_care"}
    # a provider named without a number is not a field of the measure
    assert d["m3"] == ["childcare"]


def test_title_domains_come_first():
    d = _domains(("m1", "measure", "基层医疗服务提升工程", "65周岁以上老年人健康管理率达到70%，建成医疗次中心4个。"))
    assert d["m1"][0] == "health_care"


def test_a_supporting_keyword_in_a_title_counts_only_alone():
    d = _domains(
        ("m1", "measure", "扩充城区学位", "新建学校两所。"),
        ("m2", "measure", "扩增学前教育学位", "新建幼儿园两所。"),
    )
    assert d["m1"] == ["basic_education"]
    assert d["m2"] == ["preschool_education"]


def test_a_cited_document_is_not_a_topic():
    d = _domains(
        ("m1", "measure", "建设老年人食堂", "按照《食品安全法》和《餐饮服务食品安全操作规范》要求，新建老年人食堂20处。"),
        ("m2", "measure", "建设老年人食堂", "按照食品安全法和餐饮服务食品安全操作规范要求，新建老年人食堂20处。"),
    )
    assert d["m1"] == ["elderly_care"]
    assert d["m2"] == ["elderly_care", "food_drug_safety"]


def test_agency_names_are_not_keywords():
    # the role bracket closes the quantified clause: without blanking, housing would be
    # read in it
    text, items = _outline(("m1", "measure", "改善城区办学条件",
                            "改扩建中小学校舍2所（县教育局、县住房和城乡建设局负责）"))
    for name in ("县教育局", "县住房和城乡建设局"):
        s = text.index(name)
        items[0].responsibilities.append(
            Responsibility(printed=name, agency=Agency(full=name, kind="government_department"),
                           role="cooperating", span=Span(s, s + len(name), name)))
    assign_domains(normalised(text), items)
    assert items[0].domains == ["basic_education"]


def test_titled_section_takes_main_and_shared_domains_of_its_measures():
    d = _domains(
        ("g1", "group", "（一）提升养老托育服务水平", "", [
            ("m1", "measure", "完善养老服务网络", "新增护理型床位300张。"),
            ("m2", "measure", "发展普惠托育服务", "新增托位150个。"),
            ("m3", "measure", "保障特殊困难老年人", "将经济困难老年人补贴标准提高到每人每月80元。"),
        ]),
    )
    assert set(d["m3"]) == {"elderly_care", "social_assistance"}
    # the allowance of m3 is one measure's second field and stays there
    assert set(d["g1"]) == {"elderly_care", "childcare"}


def test_untitled_section_is_about_all_its_measures():
    d = _domains(
        ("g2", "group", "二、健康惠民（3件）", "", [
            ("m4", "measure", "4．提升基层医疗服务能力", "建成医共体分院2个，每个村卫生室配备乡村医生1名。"),
            ("m5", "measure", "5．开展重点人群免费健康服务", "为2万名65岁以上老年人免费体检，为1万名适龄妇女免费开展“两癌”筛查。"),
            ("m6", "measure", "6．扩大长期护理保险试点", "长期护理保险参保人数达到15万人。"),
        ]),
    )
    assert set(d["m5"]) == {"health_care", "elderly_care", "women_children"}
    assert set(d["g2"]) == {"health_care", "elderly_care", "women_children", "medical_insurance"}


def test_a_titled_measure_does_not_take_its_sub_items_fields():
    d = _domains(
        ("m1", "measure", "提升中小学生健康水平", "", [
            ("m1.1", "sub-measure", "开展学生体质监测", "每年开展体育运动会一次。"),
            ("m1.2", "sub-measure", "保障学生视力健康", "改造教室照明2000间。"),
        ]),
        ("m2", "measure", "城镇居住环境改善工程", "", [
            ("m2.1", "sub-measure", "改造城镇老旧小区90个", "惠及居民1.1万户。"),
            ("m2.2", "sub-measure", "新建城市排水管网40公里", "消除内涝积水点十个。"),
        ]),
    )
    assert d["m1"] == ["basic_education"]
    # a measure whose title names no field is what its sub-items are about
    assert set(d["m2"]) == {"housing", "urban_management_utilities"}


def test_box_is_the_union_of_its_projects_and_does_not_spill_into_its_chapter():
    d = _domains(
        ("s05", "group", "第五章 建设健康城市", "", [
            ("s05.1", "group", "第一节 完善医疗卫生服务体系", "建设区域医疗中心，提升基层医疗卫生服务能力。"),
            ("s05.2", "group", "第二节 发展养老托育服务", "新增养老床位800张，新增托位600个。"),
            ("box2", "group", "专栏2 “十四五”民生重点工程", "", [
                ("box2.p1", "project", "1.就业服务提升工程", "城镇新增就业2万人。"),
                ("box2.p2", "project", "2.教育提质工程", "新建幼儿园3所、中小学2所。"),
                ("box2.p3", "project", "3.养老托育工程", "新增养老床位800张，新增托位600个。"),
            ]),
        ]),
    )
    assert is_box(Item(key="s05.box2", kind="group", number=None, title="", span=Span(0, 0, ""),
                       title_span=Span(0, 0, "")))
    assert set(d["box2"]) == {"employment", "preschool_education", "basic_education", "elderly_care", "childcare"}
    assert set(d["s05"]) == {"health_care", "elderly_care", "childcare"}


def test_an_unnamed_project_takes_what_its_box_title_names():
    d = _domains(
        ("box2", "group", "专栏2 “十四五”创业就业重大工程", "", [
            ("box2.p1", "project", "1.全民技能振兴工程", "开展职业技能培训5万人次，依托职业院校建设实训基地。"),
            ("box2.p2", "project", "2.产业创新平台工程", "建设省级创新平台3个。"),
        ]),
    )
    assert d["box2.p2"] == ["employment"]


def test_a_field_s_measure_speaks_a_broader_field_s_words_as_its_own():
    d = _domains(
        ("m1", "measure", "农村人居环境整治", "完成农村户厕改造2000户，新建村级污水处理设施8处，生活垃圾收运覆盖率达到95%。"),
        ("m2", "measure", "发展现代职业教育", "中等职业学校毕业生就业率达到95%。"),
        # the same words under a title of no such field keep their own domains
        ("m3", "measure", "美丽城镇建设", "新建镇级污水处理设施8处，生活垃圾收运覆盖率达到95%。"),
        # and a title naming both fields keeps both
        ("m4", "measure", "城乡人居环境和市政设施提升", "新建污水处理设施8处。"),
    )
    assert d["m1"] == ["rural_living_environment"]
    assert d["m2"] == ["vocational_higher_education"]
    assert d["m3"] == ["urban_management_utilities"]
    assert set(d["m4"]) == {"rural_living_environment", "urban_management_utilities"}


def test_a_measure_under_a_scaffolding_title_keeps_its_domains():
    # a table of 实事 headed 一、项目及目标任务 (read like 目标任务): its rows are measures
    from mskg.ingest.structure import domainless_keys

    text, items = _outline(
        ("s01", "group", "项目及目标任务", "", [
            ("s01.1", "measure", "普惠性幼儿园扩容", "新增公办幼儿园学位2400个。"),
        ]),
        ("s02", "group", "保障措施", "", [
            ("s02.1", "group", "加强组织领导", "各牵头单位要加强统筹。"),
        ]),
    )
    assert domainless_keys(items) == {"s01", "s02", "s02.1"}
    assign_domains(normalised(text), items, skip=domainless_keys(items))
    assert {it.key: it.domains for it in items} == {
        "s01": [], "s01.1": ["preschool_education"], "s02": [], "s02.1": []}


@pytest.mark.parametrize("heading", [
    "项目任务分解", "各项目进展情况", "关于其他事项",
    "副县长马秀兰同志负责（分管教育、卫生健康、医疗保障、民政、残联）",
])
def test_a_part_that_only_groups_the_items_has_no_domain(heading):
    # a ledger's part, a progress report's, the rest of the minutes, an official's
    # portfolio: none is a field, and the portfolio's offices name none either
    from mskg.ingest.structure import domainless_keys

    text, items = _outline(("g1", "group", heading, "", [
        ("m1", "measure", "发展普惠托育服务", "新增托位150个。"),
        ("m2", "measure", "提升基层医疗服务能力", "建成医共体分院2个。"),
    ]))
    assign_domains(normalised(text), items, skip=domainless_keys(items))
    assert {it.key: it.domains for it in items} == {"g1": [], "m1": ["childcare"], "m2": ["health_care"]}


def test_scaffolding_gets_no_domain():
    d = _domains(
        ("s01", "group", "一、发展基础", "“十三五”期间新增养老床位2000张，新增学位1万个。"),
        ("s02", "group", "二、保障措施", "加强对养老、托育、教育经费的保障。"),
        skip={"s01", "s02"},
    )
    assert d == {"s01": [], "s02": []}


# --------------------------------------------------------------------------- end to end

ANNUAL_LIST = """\
某市2024年为民办实事项目
一、为2000名困难残疾人发放康复补贴
城乡低保标准提高到每人每月880元，为2000名困难残疾人发放康复补贴。（市民政局、市残联负责）
二、城镇老旧小区改造
改造城镇老旧小区60个，同步实施雨污分流改造10公里。（牵头单位：市住房和城乡建设局；配合单位：市城管局）
三、青少年心理健康关爱
开展中小学生心理健康筛查20万人次，建成心理健康服务站3个。（市教育局、团市委负责）
"""


def test_annual_list_end_to_end():
    ex = extract_text(ANNUAL_LIST, document="t", path="t.txt")
    items = {it.title: it for it in ex.items}
    assert set(items["为2000名困难残疾人发放康复补贴"].domains) == {"disability", "social_assistance"}
    assert set(items["城镇老旧小区改造"].domains) == {"housing", "urban_management_utilities"}
    assert set(items["青少年心理健康关爱"].domains) == {"health_care", "basic_education"}
    # the responsibility lines named 市残联, 市住房和城乡建设局: they add nothing
    assert all("women_children" not in it.domains for it in ex.items)


FIVE_YEAR_PLAN = """\
某区“十四五”社会事业发展规划
第一章 发展基础
“十三五”期间，全区新增养老床位1200张，新增学位8000个。
第二章 推动就业和社会保障提质扩面
第一节 实施就业优先战略
“十四五”期间，城镇新增就业累计2万人，每年开展职业技能培训3000人次以上。
第二节 健全多层次社会保障体系
基本养老保险参保率由95%提高到97%，城乡低保标准年均增长5%。
第三章 建设健康幸福城区
第一节 完善医疗卫生服务体系
到2025年，每千人口执业（助理）医师数达到3.2人，建成医共体2个。
第二节 发展养老托育服务
新增养老床位800张，每千人口拥有3岁以下婴幼儿托位数达到4.5个。
专栏1 “十四五”民生重点工程
1.就业服务提升工程：建设零工市场2个，年均培训农村劳动力2000人次。
2.教育提质工程：新建幼儿园3所、中小学2所。
3.养老托育工程：新建社区养老服务中心10个，新增托位600个。
第四章 保障措施
加强组织领导，强化资金保障。
"""


def test_five_year_plan_end_to_end():
    ex = extract_text(FIVE_YEAR_PLAN, document="t", path="t.txt")
    items = {it.title: it for it in ex.items}
    box = items["“十四五”民生重点工程"]
    assert is_box(box) and box.parent == items["建设健康幸福城区"].key
    assert set(box.domains) == {"employment", "preschool_education", "basic_education", "elderly_care", "childcare"}
    # the box sits in the health chapter but gathers projects of the whole plan
    assert set(items["建设健康幸福城区"].domains) == {"health_care", "elderly_care", "childcare"}
    assert set(items["推动就业和社会保障提质扩面"].domains) == {
        "employment", "social_insurance_pension", "social_assistance"}
    assert items["发展基础"].domains == [] and items["保障措施"].domains == []
