"""Target extraction on real sentences of the genre: values, years, baselines, non-targets, tables."""

from __future__ import annotations

from mskg.ingest.model import Item, Plan, Span
from mskg.ingest.targets import extract_targets, plan_years

ACTION = Plan(title="某县民生领域补短板行动方案（2022—2025年）", kind="action_plan", period=(2022, 2025),
              jurisdiction="山东省济宁市汶上县")
ANNUAL = Plan(title="某市2022年“民生实事”", kind="annual_list", period=(2022, 2022))
FIVE = Plan(title="某市“十四五”公共服务规划", kind="five_year_plan", period=(2021, 2025))


def targets(text: str, plan: Plan = ACTION, items=()):
    out = extract_targets(text, list(items), plan)
    for t in out:
        assert t.span.quote == text[t.span.start:t.span.end]
    return out


def values(text: str, plan: Plan = ACTION):
    return [(t.value, t.unit) for t in targets(text, plan)]


# --------------------------------------------------------------------------- values


def test_goal_paragraph_values_units_comparators():
    text = ("1．发展目标\n到2025年，全县各类养老床位达到6400张，每千名老年人拥有养老床位数42张以上，"
            "护理型床位占比达60%以上。全县城镇新增就业1.1万人以上。\n")
    got = targets(text)
    assert [(t.value, t.unit, t.comparator) for t in got] == [
        (6400.0, "张", "="), (42.0, "张", ">="), (60.0, "%", ">="), (1.1, "万人", ">=")]
    assert got[3].normalised_value == 11000.0 and got[3].normalised_unit == "人"
    assert all(t.place == "山东省济宁市汶上县" for t in got)


def test_keys_are_stable_and_in_text_order():
    text = "新建小游园11个、健康步道4000米、林荫停车场8个。"
    a, b = targets(text), targets(text)
    assert [t.key for t in a] == ["t001", "t002", "t003"]
    assert a == b


def test_span_is_the_clause_not_the_paragraph():
    text = "深入整治城区住宅小区周边，修建小游园11个，推行机械清扫。"
    (t,) = targets(text)
    assert t.span.quote == "修建小游园11个"
    assert t.subject == "修建小游园"


def test_range_and_chinese_numerals():
    got = targets("每个县区建设2-3个残疾人综合服务平台，加快建设两条快速连接线。", ANNUAL)
    assert [(t.value, t.value_max, t.comparator) for t in got] == [(2.0, 3.0, ">="), (2.0, None, "=")]


def test_time_circle_is_an_upper_bound():
    (t,) = targets("3．工作重点\n（1）城市社区建成15分钟健身圈。\n")
    assert (t.value, t.unit, t.comparator) == (15.0, "分钟", "<=")


def test_shared_value_lists_give_one_target_per_subject():
    text = "孕产妇系统管理率、3岁以下儿童系统管理率、适龄儿童免疫规划疫苗接种率保持在90%以上。"
    got = targets(text, FIVE)
    assert len(got) == 3 and {t.value for t in got} == {90.0}
    text = "年内中小学专职保安员配备率,视频监控系统达标率,城市和城镇护学岗均达到100%。"
    assert len(targets(text, ANNUAL)) == 3


# --------------------------------------------------------------------------- years


def test_year_of_the_governing_clause_else_plan_end():
    text = ("到2025年，全县城区集中供热面积达到800万平方米。\n"
            "（1）2022年推进建设项目。新改建农村公路95公里。\n"
            "（2）每个乡镇至少办好一所寄宿制学校。\n")
    a, b, c = targets(text)
    assert (a.year, a.effective_year) == (2025, 2025)
    assert (b.year, b.effective_year) == (2022, 2022)
    assert (c.year, c.effective_year) == (None, 2025)


def test_fourteenth_five_year_plan_end_means_2025():
    (t,) = targets("“十四五”期间，拟开工建设保障性租赁住房4000套。", FIVE)
    assert (t.year, t.effective_year) == (2025, 2025)


def test_annual_list_targets_get_the_list_year():
    (t,) = targets("全市新增“口袋绿地”29处。", ANNUAL)
    assert t.effective_year == 2022


def test_plan_years_from_the_title_when_the_pipeline_has_not_set_them():
    assert plan_years("", Plan(title="汶上县行动方案（2022—2025年）", kind="other")) == (2022, 2025, False)
    assert plan_years("", Plan(title="吕梁市“十四五”公共服务规划", kind="other")) == (2021, 2025, False)
    assert plan_years("", Plan(title="临沂市2021年度20项重点民生实事", kind="other")) == (2021, 2021, True)


# --------------------------------------------------------------------------- baselines


def test_baseline_from_raised_to_statements():
    text = "参保居民住院费用支付比例分别由原来的80%、70%分别提高到85%、75%。职工医保最高支付限额由125万元提高到145万元。"
    got = targets(text, ANNUAL)
    assert [(t.value, t.baseline_value) for t in got] == [(85.0, 80.0), (75.0, 70.0), (145.0, 125.0)]


def test_baseline_year_from_an_achieved_base():
    text = "在2021年已建成43处“如康家园”的基础上，再新建113处，实现全市156个镇街全覆盖。"
    got = targets(text, ANNUAL)
    assert [(t.value, t.baseline_value, t.baseline_year) for t in got] == [(113.0, None, None), (156.0, 43.0, 2021)]


# --------------------------------------------------------------------------- not targets


def test_document_numbers_dates_ages_and_plan_names_are_not_targets():
    text = ("汶政发〔2022〕5号\n汶上县人民政府\n2022年7月11日\n"
            "为全市符合条件的65岁以上老年人免费提供有线电视服务。\n"
            "深入实施《15分钟生活圈建设指南》。\n"
            "在主城区继续实行早晚高峰时段（早6:00-8:30，晚17:00-19:00）免费乘公交政策。\n")
    assert targets(text) == []


def test_achievements_of_the_previous_plan_are_not_targets():
    text = ("一、规划背景\n（一）发展基础\n“十三五”末，学前三年毛入园率达到90.2%，城镇新增就业8.86万人。\n"
            "（二）主要目标\n到2025年，普惠性幼儿园覆盖率达到85%。\n")
    assert values(text, FIVE) == [(85.0, "%")]


def test_statistics_of_past_years_and_reports_are_not_targets():
    text = "全市财政民生支出2017年为259.9亿元，比上年增长14.7%。城市低保平均标准由2015年的363元/人/月提高到2020年的576元/人/月。"
    assert targets(text, FIVE) == []


def test_guidance_sections_and_thresholds_are_not_targets():
    text = ("2．发展思路\n打造城市“15分钟社区便民生活圈”。\n3．工作重点\n"
            "（1）50张床位以下养老机构与医疗机构建立签约服务达到100%。\n")
    assert values(text) == [(100.0, "%")]


def test_traditional_characters_are_read_and_quoted_as_printed():
    text = "新建鄉鎮綜合養老服務中心3個，新增床位120張。"
    got = targets(text, ANNUAL)
    assert [(t.value, t.unit) for t in got] == [(3.0, "個"), (120.0, "張")]
    assert got[1].span.quote == "新增床位120張"


# --------------------------------------------------------------------------- restatements, items


def test_title_cell_restating_its_content_cell_is_dropped():
    text = ("\t全市幼儿园公办率达到56%\n"
            "\t2022年，全市新增公办园91所，全市公办率达到56%以上，普惠率达到92%以上。\n")
    got = targets(text, ANNUAL)
    assert [(t.value, t.comparator) for t in got] == [(91.0, "="), (56.0, ">="), (92.0, ">=")]


def test_targets_attach_to_the_innermost_item():
    text = "（一）养老\n（1）新建养老床位400张。\n（二）教育\n新建幼儿园4所。\n"
    outer = Item("s01", "group", "（一）", "养老", Span.of(text, 0, 22), Span.of(text, 0, 6))
    inner = Item("s01.1", "measure", "（1）", "新建养老床位", Span.of(text, 7, 22), Span.of(text, 7, 20), "s01")
    second = Item("s02", "group", "（二）", "教育", Span.of(text, 22, len(text)), Span.of(text, 22, 28))
    got = targets(text, items=[outer, inner, second])
    assert [t.item for t in got] == ["s01.1", "s02"]
    assert targets(text)[0].item is None


# --------------------------------------------------------------------------- tables and indicators


INDICATOR_TABLE = (
    "表1 “十四五”主要指标\n"
    "\t指标名称\n\t单位\n\t2020年基期值\n\t2025年目标值\n\t属性\n\n"
    "\t城镇新增就业人数\n\t万人\n\t[1.6]\n\t[1.8]\n\t预期性\n\n"
    "\t城镇调查失业率\n\t%\n\t4.8\n\t5.5以内\n\t预期性\n\n"
    "\t每千名老年人拥有养老床位数\n\t张\n\t28\n\t35\n\t约束性\n\n"
    "注：[ ]内为五年累计数。\n"
)


def test_indicator_table_rows_with_baseline_year_and_attribute():
    got = targets(INDICATOR_TABLE, FIVE)
    assert [(t.subject, t.value, t.unit, t.comparator, t.baseline_value, t.baseline_year, t.year, t.attribute)
            for t in got] == [
        ("城镇新增就业人数", 1.8, "万人", "=", 1.6, 2020, 2025, "expected"),
        ("城镇调查失业率", 5.5, "%", "<=", 4.8, 2020, 2025, "expected"),
        ("每千名老年人拥有养老床位数", 35.0, "张", "=", 28.0, 2020, 2025, "binding"),
    ]
    assert got[0].normalised_value == 18000.0
    assert [t.indicator for t in got] == ["urban_new_jobs", "surveyed_unemployment_rate",
                                          "elderly_care_beds_per_1000_elderly"]


def test_indicator_table_as_tab_separated_rows():
    text = "指标\t单位\t2020年\t2025年\t属性\n养老床位数\t张\t5000\t≥6400\t预期性\n"
    (t,) = targets(text, FIVE)
    assert (t.value, t.comparator, t.baseline_value, t.attribute) == (6400.0, ">=", 5000.0, "expected")


def test_project_table_investment_column_and_row_years():
    text = ("附表 重点项目表\n\t序号\n\t项目名称\n\t建设内容\n\t总投资（万元）\n\t建设年限\n\n"
            "\t1\n\t县人民医院门诊综合楼建设项目\n\t新建门诊综合楼2.8万平方米，新增床位300张\n\t18600\n\t2022—2024年\n\n"
            "\t2\n\t县社会福利中心建设项目\n\t新建养老床位400张及配套设施\n\t9500\n\t2022—2023年\n")
    got = targets(text, FIVE)
    assert [(t.value, t.unit, t.effective_year) for t in got] == [
        (2.8, "万平方米", 2024), (300.0, "张", 2024), (18600.0, "万元", 2024),
        (400.0, "张", 2023), (9500.0, "万元", 2023)]
    invest = got[2]
    assert invest.subject == "县人民医院门诊综合楼建设项目总投资" and invest.normalised_value == 186_000_000.0
    assert got[3].indicator == "elderly_care_beds"


def test_deadline_years_and_qualifying_years():
    got = targets("2024年前完成5个中心建设。\n改造2000年前建成的老旧小区300个。\n到2023年底前建成10个驿站。", FIVE)
    assert [(t.value, t.year) for t in got] == [(5.0, 2024), (300.0, None), (10.0, 2023)]


def test_forward_growth_rates_in_goal_sections_are_targets():
    (t,) = targets("（三）主要目标\n到2025年，城乡居民人均可支配收入年均增长7%左右。\n", FIVE)
    assert (t.value, t.unit, t.comparator, t.year) == (7.0, "%", "~", 2025)


def test_indicator_table_with_a_merged_category_column():
    text = ("\t类别\n\t指标\n\t单位\n\t2020年\n\t2025年\n\t属性\n\n"
            "\t幼有所育\n\t每千人口拥有3岁以下婴幼儿托位数\n\t个\n\t1.5\n\t4.5\n\t预期性\n\n"
            "\t\n\t普惠性幼儿园覆盖率\n\t%\n\t80\n\t≥85\n\t约束性\n\n"
            "\t学前教育毛入园率\n\t%\n\t90\n\t95\n\t预期性\n")
    got = targets(text, FIVE)
    assert [(t.subject, t.value, t.comparator, t.baseline_value, t.indicator) for t in got] == [
        ("每千人口拥有3岁以下婴幼儿托位数", 4.5, "=", 1.5, "childcare_places_per_1000"),
        ("普惠性幼儿园覆盖率", 85.0, ">=", 80.0, "inclusive_kindergarten_coverage"),
        ("学前教育毛入园率", 95.0, "=", 90.0, "preschool_gross_enrolment"),
    ]


def test_deadlines_and_opening_hours_are_not_targets():
    text = "开通24小时服务热线，群众诉求15天内办结。满足机组连续运行20天以上煤炭用量。"
    assert values(text) == [(20.0, "天")]


# --------------------------------------------------------------------------- tables in every layout


def test_indicator_units_come_from_the_bracket_closing_the_name():
    text = ("| 类别 | 指标（单位） | 2020年 | 2025年 | 属性 |\n"
            "| --- | --- | --- | --- | --- |\n"
            "| 卫生健康 | 每千人口执业（助理）医师数（人） | 2.4 | 3.0 | 预期性 |\n"
            "|  | 人均预期寿命（岁） | 76.8 | 77.5 | 预期性 |\n"
            "| 就业 | 城镇新增就业人数(万人) | [2.3] | [2.5] | 预期性 |\n"
            "|  | 城镇调查失业率（%） | 5.2 | 5.5以内 | 预期性 |\n")
    got = targets(text, FIVE)
    assert [(t.subject, t.value, t.unit, t.comparator, t.baseline_value) for t in got] == [
        ("每千人口执业(助理)医师数", 3.0, "人", "=", 2.4),  # subjects read on the normalised view
        ("人均预期寿命", 77.5, "岁", "=", 76.8),
        ("城镇新增就业人数", 2.5, "万人", "=", 2.3),
        ("城镇调查失业率", 5.5, "%", "<=", 5.2),
    ]
    # the span runs from the indicator name (bracket included) to the target cell
    assert got[0].span.quote == "每千人口执业（助理）医师数（人） | 2.4 | 3.0"
    assert got[2].normalised_value == 25000.0 and got[2].normalised_unit == "人"
    assert got[0].indicator == "physicians_per_1000" and got[3].indicator == "surveyed_unemployment_rate"


def test_indicator_table_flattened_with_runs_of_spaces_and_a_unit_in_the_header():
    text = ("表1 主要指标\n"
            "序号    指标名称    2020年现状值    2025年目标值（%）    属性\n"
            "1    普惠性幼儿园覆盖率    80    ≥90    约束性\n"
            "2    学前教育毛入园率    88    92    预期性\n"
            "注：目标值为规划期末数。\n"
            "新建幼儿园5所。\n")
    got = targets(text, FIVE)
    assert [(t.subject, t.value, t.unit, t.comparator, t.baseline_value, t.year, t.attribute) for t in got] == [
        ("普惠性幼儿园覆盖率", 90.0, "%", ">=", 80.0, 2025, "binding"),
        ("学前教育毛入园率", 92.0, "%", "=", 88.0, 2025, "expected"),
        ("新建幼儿园", 5.0, "所", "=", None, None, None),
    ]


def test_a_list_quantity_column_takes_the_unit_of_its_row():
    text = ("某市2024年民生实事项目清单\n"
            "序号  项目名称  建设内容  单位  数量  牵头单位\n"
            "1  新建城市书房  每处配备座位不少于30个  处  20  市文化广电和旅游局\n"
            "2  开展“两癌”免费筛查  为适龄妇女免费筛查  万人  6  市卫生健康委\n"
            "3  开展技能培训  开展补贴性职业技能培训  人次  ——  市人力资源和社会保障局\n")
    got = targets(text, ANNUAL)
    assert [(t.subject, t.value, t.unit, t.span.quote, t.effective_year) for t in got] == [
        ("每处配备座位", 30.0, "个", "每处配备座位不少于30个", 2022),
        ("新建城市书房", 20.0, "处", "20", 2022),
        ("开展“两癌”免费筛查", 6.0, "万人", "6", 2022),
    ]
    assert got[2].normalised_value == 60000.0


def test_a_statement_in_a_table_cell_ends_with_the_cell():
    text = ("序号    项目名称    建设内容及规模    总投资（亿元）    建设年限\n"
            "1    县医院新院区建设项目    新建门诊楼、住院楼1.2万平方米，设置床位200张    2.6    2022—2024年\n")
    got = targets(text, FIVE)
    assert [(t.span.quote, t.subject, t.unit, t.effective_year) for t in got] == [
        ("住院楼1.2万平方米", "新建门诊楼、住院楼", "万平方米", 2024),
        ("设置床位200张", "设置床位", "张", 2024),
        ("2.6", "县医院新院区建设项目总投资", "亿元", 2024),
    ]


def test_indicator_table_one_cell_per_line_without_tabs_or_blank_lines():
    text = ("表1 主要指标\n指标名称\n单位\n2020年\n2025年\n属性\n"
            "城镇新增就业人数\n万人\n[1.6]\n[1.8]\n预期性\n"
            "养老床位数\n张\n5000\n6400\n约束性\n"
            "注：[ ]内为五年累计数。\n到2025年，新建幼儿园5所。\n")
    got = targets(text, FIVE)
    assert [(t.subject, t.value, t.unit, t.baseline_value, t.attribute, t.span.quote) for t in got] == [
        ("城镇新增就业人数", 1.8, "万人", 1.6, "expected", "城镇新增就业人数\n万人\n[1.6]\n[1.8]"),
        ("养老床位数", 6400.0, "张", 5000.0, "binding", "养老床位数\n张\n5000\n6400"),
        ("新建幼儿园", 5.0, "所", None, None, "新建幼儿园5所"),
    ]


def test_a_minimum_number_of_checks_per_term_is_a_target_a_routine_meeting_is_not():
    got = targets("每学期开展食堂食品安全检查不少于2次。联席会议每季度召开一次。", ANNUAL)
    assert [(t.value, t.unit, t.comparator) for t in got] == [(2.0, "次", ">=")]
