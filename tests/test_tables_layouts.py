"""Tables of LAYOUTS.md section A read end to end: multi-line header cells, category
rows, merged grouping cells, lists one cell per line without tabs, columns of people,
and a second table that gives the units of items by their numbers.

Each text is a small invented document in a real layout; the assertions check the
items, titles and roles ``extract_text`` reads from it.
"""

from __future__ import annotations

import pytest

from mskg.ingest import extract_text
from mskg.ingest.model import Extraction
from mskg.ingest.tables import column_of, describe_tables


def _extract(text: str) -> Extraction:
    return extract_text(text, document="t", path="t.txt")


def _items(ex: Extraction) -> list[tuple[str, str | None, str]]:
    return [(it.kind, it.number, it.title) for it in ex.items]


def _roles(ex: Extraction, title: str) -> set[tuple[str, str]]:
    (item,) = [it for it in ex.items if it.title == title]
    return {(r.printed, r.role) for r in item.responsibilities}


# A1: one cell per line with tabs; a header cell printed on two lines; category rows.
CELLS_TWO_LINE_HEADER = (
    "某区2024年民生实事项目表\n\n"
    "\t序号\n\t项目名称\n\t建设内容及规模\n\t总投资\n（万元）\n\t责任单位\n\n"
    "\t一、老有所养\n\t\n\t\n\t\n\t\n\n"
    "\t1\n\t社区嵌入式养老机构建设\n\t新建社区嵌入式养老机构4家，新增床位120张。\n\t860\n\t区民政局\n区财政局\n各街道办事处\n\n"
    "\t2\n\t老年助餐点建设\n\t新建老年助餐点12个。\n\t300\n\t区民政局\n\n"
    "\t二、幼有所育\n\t\n\t\n\t\n\t\n\n"
    "\t3\n\t普惠托育\n\t新增普惠托位500个。\n\t200\n\t区卫生健康委\n区教委\n\n"
)


def test_header_cell_on_two_lines():
    # its category rows: test_category_rows_are_groups_of_the_table
    ex = _extract(CELLS_TWO_LINE_HEADER)
    assert [it.parent for it in ex.items] == [None, "s01", "s01", None, "s02"]
    (table,) = describe_tables(CELLS_TWO_LINE_HEADER)
    assert [c["notation"] for c in table["columns"]] == ["number", "title", "body", "investment", "responsible"]
    # the investment of each project is a target of its row
    assert {(t.item, t.value, t.unit) for t in ex.targets if t.unit == "万元"} == {
        ("s01.1", 860.0, "万元"), ("s01.2", 300.0, "万元"), ("s02.1", 200.0, "万元")}


def test_bracketed_header_line_continues_the_cell_without_tabs():
    text = "某市指标表\n\n指标\n单位\n2020年\n2025年\n目标值\n（预期）\n\n养老床位\n张\n5000\n6000\n6400\n\n"
    (table,) = describe_tables(text)
    assert [c["label"].replace("\n", "") for c in table["columns"]][-1] == "目标值（预期）"


# A3: a merged grouping cell; each numbered row titled by its own description.
MERGED = """某市老年健康促进行动重点任务分工

| 序号 | 重点任务 | 具体措施 | 牵头单位 | 配合单位 | 完成时限 |
| --- | --- | --- | --- | --- | --- |
| 1 | 加强老年健康服务 | 二级以上综合医院设老年医学科比例达到60%。 | 市卫生健康委 | 各县区政府 | 2025年底 |
| 2 |  | 建设老年友善医疗机构30家。 | 市卫生健康委 | 市民政局 | 2025年底 |
| 3 | 发展居家养老 | 新建社区养老服务站20个。 | 市民政局 | 市财政局 | 2025年底 |
"""


def test_merged_grouping_cells_make_groups_and_rows_titled_by_description():
    ex = _extract(MERGED)
    assert _items(ex) == [
        ("group", None, "加强老年健康服务"),
        ("measure", "1", "二级以上综合医院设老年医学科比例达到60%"),
        ("measure", "2", "建设老年友善医疗机构30家"),
        ("group", None, "发展居家养老"),
        ("measure", "3", "新建社区养老服务站20个"),
    ]
    assert all(it.title for it in ex.items)
    assert _roles(ex, "建设老年友善医疗机构30家") == {("市卫生健康委", "lead"), ("市民政局", "cooperating")}
    assert {t.item for t in ex.targets} == {"s01.1", "s01.2", "s02.1"}


# A1 without tabs; A2: a column of people never yields agencies.
NO_TABS = """某区2024年民生实事项目表

序号
项目名称
建设内容
责任单位
责任领导

1
社区养老服务站建设
新建社区养老服务站12个。
区民政局
副区长 李某

2
农村公路改造
改造农村公路80公里。
区交通运输局
区政府副区长

3
就业促进
新增城镇就业2000人。
区人力资源社会保障局
副区长 王某
"""


def test_list_one_cell_per_line_without_tabs_and_people_column():
    ex = _extract(NO_TABS)
    assert _items(ex) == [("measure", "1", "社区养老服务站建设"), ("measure", "2", "农村公路改造"),
                          ("measure", "3", "就业促进")]
    assert _roles(ex, "农村公路改造") == {("区交通运输局", "responsible")}
    assert column_of("责任领导") == "people" and column_of("分管领导") == "people"


# B2 items with an annexed assignment table joined by number, a row numbered 5、6.
JOINED = """某区2024年民生实事

1.新建社区养老服务站12个。
2.改造农村公路80公里。
3.新增城镇就业2000人。
4.新建公办幼儿园2所。
5.改造老旧小区10个。
6.新建口袋公园3个。

附件：责任分工表
序号 | 责任单位 | 责任领导
1 | 区民政局 | 副区长 李某
2 | 区交通运输局 | 副区长 王某
3 | 区人力资源社会保障局 | 副区长 王某
4 | 区教育局 | 副区长 张某
5、6 | 区住房城乡建设局 | 副区长 赵某
"""


def test_assignment_table_joined_to_items_by_number():
    ex = _extract(JOINED)
    assert [it.number for it in ex.items] == ["1", "2", "3", "4", "5", "6"]
    assert _roles(ex, "新建社区养老服务站12个") == {("区民政局", "responsible")}
    assert _roles(ex, "改造老旧小区10个") == {("区住房城乡建设局", "responsible")}
    assert _roles(ex, "新建口袋公园3个") == {("区住房城乡建设局", "responsible")}
    # the people column gives no agency
    assert not any("副区长" in r.printed for it in ex.items for r in it.responsibilities)
    (table,) = describe_tables(JOINED)
    assert table["kind"] == "assignment"


# A1 without tabs and without empty lines between rows: an empty line is an empty cell.
NO_TABS_NO_GAPS = """某市重点任务分工表
序号
重点任务
牵头单位
配合单位
完成时限
1
建设区域性居家养老服务中心
市民政局
市财政局
2025年底
2
实施困难老年人家庭适老化改造
市民政局
市残联
每年年底

开展家庭养老床位试点


2024年底
3
发展普惠托育服务
市卫生健康委
市教育局
2025年底
"""


def test_cells_without_tabs_or_gaps_take_the_header_as_period():
    ex = _extract(NO_TABS_NO_GAPS)
    assert _items(ex) == [
        ("measure", "1", "建设区域性居家养老服务中心"),
        ("measure", "2", "实施困难老年人家庭适老化改造"),
        ("sub-measure", None, "开展家庭养老床位试点"),
        ("measure", "3", "发展普惠托育服务"),
    ]
    # the continuation row's empty unit cells repeat the row above
    assert _roles(ex, "开展家庭养老床位试点") == {("市民政局", "lead"), ("市残联", "cooperating")}


# A5: two names for the row; unnumbered sub-rows with their own units are sub-measures.
TWO_NAMES = """某市2025年民生实事项目实施方案
序号 | 项目名称 | 主要工作任务 | 牵头单位 | 配合单位
--- | --- | --- | --- | ---
1 | 学前教育提质扩容 | 新建公办幼儿园12所，新增学位3240个。 | 市教育局 | 市财政局
  |  | 在城北区建设乡镇中心幼儿园4所。 | 城北区人民政府 | 市教育局
2 | 居家养老服务提升 | 新增养老床位500张。 | 市民政局 | 市财政局
"""


def test_numbered_row_is_the_measure_and_its_sub_rows_keep_their_own_units():
    ex = _extract(TWO_NAMES)
    assert _items(ex) == [
        ("measure", "1", "学前教育提质扩容"),
        ("sub-measure", None, "在城北区建设乡镇中心幼儿园4所"),
        ("measure", "2", "居家养老服务提升"),
    ]
    assert _roles(ex, "学前教育提质扩容") == {("市教育局", "lead"), ("市财政局", "cooperating")}
    assert _roles(ex, "在城北区建设乡镇中心幼儿园4所") == {("城北区人民政府", "lead"), ("市教育局", "cooperating")}


def test_a_part_heading_right_after_the_last_cell_ends_the_table():
    text = ("某市2024年民生实事\n一、项目\n\t序号\n\t项目名称\n\t目标任务\n\n\t1\n\t就业援助\n\t新增就业100人。\n\n"
            "\t2\n\t农村供水\n\t新建供水工程6处。\n二、责任分工\n\t序号\n\t责任单位\n\t责任领导\n\n"
            "\t1\n\t市人力资源社会保障局\n\t副市长 张某\n\n\t2\n\t市水利局\n\t副市长 李某\n")
    tables = describe_tables(text)
    assert [(t["kind"], len(t["rows"])) for t in tables] == [("list", 2), ("assignment", 2)]
    ex = _extract(text)
    assert _roles(ex, "农村供水") == {("市水利局", "responsible")}


# A1 without tabs, the first row continued by an unnumbered row (its number cell an empty
# line) and a description cell listing ①② points: still one row every five lines.
NO_TABS_CONTINUED = """某市2024年民生实事
序号
项目名称
内容概述
实施内容及工作目标
承办单位
1
提升适老化服务水平
建设老年人食堂
新建老年人食堂100处。①城区50处；②农村50处。
市民政局、市财政局


开展适老化改造
完成困难老年人家庭适老化改造2000户。
市民政局、市残联
2
发展普惠托育
新增普惠托位
①新增托位3000个；②建设示范点10个。
市卫生健康委
"""


def test_cells_without_tabs_continued_at_once_and_points_in_a_cell_keep_the_period():
    ex = _extract(NO_TABS_CONTINUED)
    assert _items(ex) == [
        ("measure", "1", "提升适老化服务水平"),
        ("sub-measure", None, "建设老年人食堂"),
        ("sub-measure", None, "开展适老化改造"),
        ("measure", "2", "发展普惠托育"),
        ("sub-measure", None, "新增普惠托位"),
    ]
    assert _roles(ex, "开展适老化改造") == {("市民政局", "responsible"), ("市残联", "responsible")}


NO_TABS_CATEGORIES = """某区2024年民生实事项目表
序号
项目名称
建设内容及规模
总投资（万元）
责任单位
一、老有所养




1
社区嵌入式养老机构建设
新建社区嵌入式养老机构4家，新增床位120张。
860
区民政局、区财政局、各街道办事处
2
老年助餐点建设
新建老年助餐点12个。
300
区民政局
二、幼有所育




3
普惠托育
新增普惠托位500个。
200
区卫生健康委、区教委
"""


# A number cell that also names its row (no title column), and a role label inside a
# unit cell: the table is a list, each row a measure titled by its number cell, the units
# after 配合单位： cooperate.
NUMBER_NAMES_THE_ROW = """某市2024年民生实事进展情况
序号 | 年度目标 | 进展情况 | 牵头单位
--- | --- | --- | ---
（一）学前教育扩容 | 新增学位3000个。 | 已新增学位1150个。 | 市教育局；配合单位：各县（市、区）人民政府
（二）养老服务提质 | 新建社区养老服务机构12个。 | 已建成5个。 | 市民政局
三、存在的问题
部分项目开工较晚。
"""


def test_a_number_cell_naming_its_row_and_a_role_label_inside_a_cell():
    ex = _extract(NUMBER_NAMES_THE_ROW)
    assert _items(ex)[:2] == [("measure", "（一）", "学前教育扩容"), ("measure", "（二）", "养老服务提质")]
    assert _roles(ex, "学前教育扩容") == {("市教育局", "lead"), ("各县（市、区）人民政府", "cooperating")}
    # the same table one cell per line without tabs: the next part (三、) ends it
    cells = NUMBER_NAMES_THE_ROW.replace("--- | --- | --- | ---\n", "").replace(" | ", "\n")
    assert _items(_extract(cells)) == _items(ex)


# A ledger of progress, one row per line with tabs, category rows printed on lines of
# their own; the progress columns (进展情况, 完成率) report what was done: no targets.
LEDGER = (
    "某县2024年民生实事督办台账\n"
    "序号\t民生实事\t年度目标\t责任单位\t进展情况\t完成率\n"
    "一、教育（2项）\n"
    "1\t城区公办幼儿园建设\t新增学位360个\t县教育局、县住建局\t主体工程完成60%\t60%\n"
    "2\t农村学校供暖改造\t完成8所农村学校供暖设施改造\t县教育局\t已完成招标，3所学校开工\t37.5%\n"
    "二、医疗卫生（1项）\n"
    "3\t“两癌”免费筛查\t免费筛查6000人\t县卫健局\t已筛查2380人\t39.7%\n"
)


def test_progress_columns_of_a_ledger_give_no_targets():
    # its category lines: test_category_rows_are_groups_of_the_table
    ex = _extract(LEDGER)
    assert sorted(t.value for t in ex.targets) == [8.0, 360.0, 6000.0]


def test_the_ledger_as_records_with_category_lines_reads_alike():
    # the same ledger as label：value records, a category line above each group, two
    # labels of one meaning (进展情况, 完成率) and one of none (推进状态)
    head, *rows = [line.split("\t") for line in LEDGER.splitlines()[1:]]
    blocks = ["某县2024年民生实事督办台账"]
    for row in rows:
        if len(row) == 1:
            blocks.append(row[0])
        else:
            blocks.append("\n".join(f"{h}：{v}" for h, v in zip(head, row)) + "\n推进状态：序时推进")
    records = "\n\n".join(blocks) + "\n"
    ex, original = _extract(records), _extract(LEDGER)
    assert _items(ex) == _items(original)
    assert sorted(t.value for t in ex.targets) == sorted(t.value for t in original.targets)


def test_a_task_name_followed_by_its_description_in_one_cell_is_titled_by_its_first_sentence():
    text = ("某市2024年为民办实事工作任务分解表\n\t序号\n\t任务内容\n\t牵头单位\n\n"
            "\t1\n\t托育服务扩容。\n新增普惠性托位300个，\n建成市级托育综合服务中心1个。\n\t市卫健局\n\n"
            "\t2\n\t特困供养服务设施改造。\n护理型床位占比达到55%以上。\n\t市民政局\n")
    ex = _extract(text)
    assert _items(ex) == [("measure", "1", "托育服务扩容"), ("measure", "2", "特困供养服务设施改造")]
    # the description after the title belongs to the item: its domain and its target
    (care,) = [it for it in ex.items if it.number == "2"]
    assert "elderly_care" in care.domains
    assert {t.item for t in ex.targets if t.value == 55.0} == {care.key}


# A Markdown table: bold category rows that print a number of another style and a title
# (| **（一）** | **教育惠民** | | |) are groups; a 进度 column reports progress.
MARKDOWN_LEDGER = """某区2023年重点民生实事推进情况

| 序号 | 项目名称 | 年度目标 | 责任单位 | 进度 |
| :-: | --- | --- | --- | :-: |
| **（一）** | **教育惠民** | | | |
| 1 | 义务教育学位扩容 | 新增公办学位3600个 | 区教育局 | 66.7% |
| 2 | 校园明厨亮灶 | 食堂覆盖率达到100% | 区市场监管局 | 93% |
| **（二）** | **健康养老** | | | |
| 3 | 社区老年幸福食堂 | 新建社区老年幸福食堂15个 | 区民政局 | 80% |
"""


# A project table aligned by runs of spaces, category rows on lines of their own.
ALIGNED_BY_SPACES = (
    "某市2024年民生实事项目\n"
    "序号  项目名称                    建设内容及规模                        总投资（万元）  责任单位\n"
    "一、老有所养\n"
    "1     社区嵌入式养老服务设施建设  新建社区嵌入式养老服务中心12个。      2400            市民政局、市财政局\n"
    "2     老年助餐服务提质扩面        新建老年助餐点50个。                  600             市民政局\n"
    "二、幼有所育\n"
    "3     普惠托育服务扩容            新增普惠性托位1500个。                1800            市卫健委\n"
)


def _two_groups(numbers: tuple[str, str], titles: tuple[str, ...]) -> list[tuple[str, str | None, str]]:
    """The outline of a table of two category rows, the first over measures 1 and 2, the
    second over measure 3: the groups' numbers, then the five titles in reading order."""
    kinds = ("group", "measure", "measure", "group", "measure")
    return list(zip(kinds, (numbers[0], "1", "2", numbers[1], "3"), titles))


# Category rows, in every layout a table is printed in, are groups of the table over the
# rows below them, each row with the units of its own cells: a row of 一、 and empty cells
# (with tabs; without tabs or empty lines, where the table's title right above the header
# must not read as a header cell), a line of its own between rows of tabs or of spaces, a
# bold row of a markdown table.
@pytest.mark.parametrize(("text", "outline", "title", "units"), [
    pytest.param(CELLS_TWO_LINE_HEADER,
                 _two_groups(("一", "二"), ("老有所养", "社区嵌入式养老机构建设", "老年助餐点建设", "幼有所育", "普惠托育")),
                 "社区嵌入式养老机构建设", {"区民政局", "区财政局", "各街道办事处"}, id="cells-with-tabs"),
    pytest.param(NO_TABS_CATEGORIES,
                 _two_groups(("一", "二"), ("老有所养", "社区嵌入式养老机构建设", "老年助餐点建设", "幼有所育", "普惠托育")),
                 "普惠托育", {"区卫生健康委", "区教委"}, id="cells-without-tabs-title-above"),
    pytest.param(LEDGER,
                 _two_groups(("一", "二"), ("教育（2项）", "城区公办幼儿园建设", "农村学校供暖改造", "医疗卫生（1项）", "“两癌”免费筛查")),
                 "城区公办幼儿园建设", {"县教育局", "县住建局"}, id="rows-of-tabs"),
    pytest.param(ALIGNED_BY_SPACES,
                 _two_groups(("一", "二"), ("老有所养", "社区嵌入式养老服务设施建设", "老年助餐服务提质扩面", "幼有所育", "普惠托育服务扩容")),
                 "社区嵌入式养老服务设施建设", {"市民政局", "市财政局"}, id="rows-aligned-by-spaces"),
    pytest.param(MARKDOWN_LEDGER,
                 _two_groups(("（一）", "（二）"), ("教育惠民", "义务教育学位扩容", "校园明厨亮灶", "健康养老", "社区老年幸福食堂")),
                 "校园明厨亮灶", {"区市场监管局"}, id="markdown-bold-rows"),
])
def test_category_rows_are_groups_of_the_table(text, outline, title, units):
    ex = _extract(text)
    assert _items(ex) == outline
    assert {p for p, _ in _roles(ex, title)} == units


def test_markdown_progress_gives_no_target_and_numbers_may_be_words():
    # its bold category rows: test_category_rows_are_groups_of_the_table
    ex = _extract(MARKDOWN_LEDGER)
    assert sorted(t.value for t in ex.targets) == [15.0, 100.0, 3600.0]
    # one cell per line without tabs, numbers printed 项目一 …: the same items
    cells = NO_TABS_CATEGORIES.replace("\n1\n", "\n项目一\n").replace("\n2\n", "\n项目二\n").replace("\n3\n", "\n项目三\n")
    assert [n for _, n, _ in _items(_extract(cells))] == ["一", "项目一", "项目二", "二", "项目三"]


def test_describing_columns_read_by_position_whatever_their_words():
    # 内容概述 alone beside the name of numbered rows describes them; two describing
    # columns in either order: the first names the sub-rows, the second describes them
    one = NUMBER_NAMES_THE_ROW.replace("（一）学前教育扩容 |", "1 | 学前教育扩容 |").replace(
        "（二）养老服务提质 |", "2 | 养老服务提质 |").replace("| 年度目标 | 进展情况 |", "| 项目名称 | 内容概述 |")
    assert [(k, t) for k, _, t in _items(_extract(one))][:2] == [("measure", "学前教育扩容"), ("measure", "养老服务提质")]
    swapped = NO_TABS_CONTINUED.replace("内容概述\n实施内容及工作目标", "工作目标\n内容概述")
    assert _items(_extract(swapped)) == _items(_extract(NO_TABS_CONTINUED))


# A table drawn with box characters: cells printed over several lines beside each other,
# a category row across the table, a merged cell beside rows split by partial rules.
BOX_DRAWN = (
    "某区2024年民生实事项目\n\n"
    "注：责任单位栏中排在第一位的为牵头单位，其余为配合单位。\n\n"
    "┌────┬────────────────┬────────────────────────────────────┬────────────────┐\n"
    "│序号│项目名称        │主要建设内容及年度目标              │责任单位        │\n"
    "├────┴────────────────┴────────────────────────────────────┴────────────────┤\n"
    "│一、老有所养                                                               │\n"
    "├────┬────────────────┬────────────────────────────────────┬────────────────┤\n"
    "│1   │社区食堂建设    │新建社区老年食堂6个，其中           │区民政局        │\n"
    "│    │                │街道综合食堂不少于2个。             │区财政局        │\n"
    "│    │                │                                    │各街道办事处    │\n"
    "├────┼────────────────┼────────────────────────────────────┼────────────────┤\n"
    "│2   │居家养老服务    │新建居家养老服务中心3家。           │区民政局        │\n"
    "│    │                │                                    │区残联          │\n"
    "│    │                ├────────────────────────────────────┼────────────────┤\n"
    "│    │                │为困难老人实施适老化改造300户。     │区民政局        │\n"
    "│    │                │                                    │区住房城乡建设委│\n"
    "└────┴────────────────┴────────────────────────────────────┴────────────────┘\n"
)


def test_a_box_drawn_table_is_read_by_its_rules_and_bars():
    ex = _extract(BOX_DRAWN)
    assert _items(ex) == [
        ("group", "一", "老有所养"),
        ("measure", "1", "社区食堂建设"),
        ("measure", "2", "居家养老服务"),
        ("sub-measure", None, "新建居家养老服务中心3家"),
        ("sub-measure", None, "为困难老人实施适老化改造300户"),
    ]
    # the units of a cell printed one per line: the first of the cell leads
    assert _roles(ex, "社区食堂建设") == {("区民政局", "lead"), ("区财政局", "cooperating"),
                                         ("各街道办事处", "cooperating")}
    assert _roles(ex, "为困难老人实施适老化改造300户") == {("区民政局", "lead"), ("区住房城乡建设委", "cooperating")}
    (table,) = describe_tables(BOX_DRAWN)
    assert table["layout"] == "grid"
    assert [c["notation"] for c in table["columns"]] == ["number", "title", "body", "responsible"]
    # a sentence printed over two lines of its cell is one target
    assert {(t.value, t.unit) for t in ex.targets} >= {(6.0, "个"), (2.0, "个"), (3.0, "家"), (300.0, "户")}


# A table taken from a PDF: one cell per line, cells wrapping onto further lines, no
# blank line between rows, a page number inside a row, a category row before a number.
PDF_WRAPPED = (
    "某市2024年民生实事任务分解表\n"
    "（责任单位中排在第一位的为牵头单位，其余为配合单位）\n"
    "序号\n项目名称\n主要建设内容及目标\n责任单位\n完成时限\n"
    "一、办好人民满意教育\n"
    "1\n新建改扩建公办幼\n儿园\n新建改扩建公办幼儿园5所，新增学位\n1080个，公办园在园幼儿占比达到55%\n以上。\n"
    "市教育局、市财政局、市自然资源局、\n市住建局、各镇（街道）\n2024年12月\n底\n"
    "2\n义务教育学校建设\n建成第十二小学、第八中学2所学校，\n新增义务教育学位3150个。\n"
    "市教育局、市发改局、\n第 2 页 共 3 页\n市财政局\n2024年8月\n底\n"
    "二、提升医疗卫生服务能力\n"
    "3\n基层医疗机构提质\n完成3个中心卫生院提质改造，村卫生\n室标准化建设率达到100%。\n"
    "市卫生健康局、市财政局、市医疗保障\n局、相关镇人民政府\n2024年12月\n底\n"
    "抄送：市委办公室。\n"
)


def test_a_pdf_table_with_wrapping_cells_is_cut_where_its_cells_fit_their_columns():
    ex = _extract(PDF_WRAPPED)
    assert [(k, n, t.replace("\n", "")) for k, n, t in _items(ex)] == [
        ("group", "一", "办好人民满意教育"),
        ("measure", "1", "新建改扩建公办幼儿园"),
        ("measure", "2", "义务教育学校建设"),
        ("group", "二", "提升医疗卫生服务能力"),
        ("measure", "3", "基层医疗机构提质"),
    ]
    # a unit list broken inside a name (市医疗保障 / 局) and around a page number
    assert {(p.replace("\n", ""), r) for p, r in _roles(ex, "基层医疗机构提质")} == {
        ("市卫生健康局", "lead"), ("市财政局", "cooperating"), ("市医疗保障局", "cooperating"),
        ("相关镇人民政府", "cooperating")}
    assert _roles(ex, "义务教育学校建设") == {("市教育局", "lead"), ("市发改局", "cooperating"),
                                           ("市财政局", "cooperating")}
    assert {(t.value, t.unit) for t in ex.targets} >= {(5.0, "所"), (1080.0, "个"), (55.0, "%"), (3150.0, "个")}


# A spreadsheet exported as CSV: quoted cells over several lines, a category column
# printed in the first row of its group, a task sub-row, a total row, a note below.
CSV_EXPORT = (
    "某市2024年民生实事工作任务分解表,,,,,,\n"
    "类别,序号,项目名称,工作任务,牵头单位,责任单位,完成时限\n"
    "兜底保障类,1,提高低保标准,\"城市低保标准提高到每人每月800元;\n农村低保标准提高到每人每年7080元。\",市民政局,\"市财政局\n各县（市、区）人民政府\",2024年6月底\n"
    ",2,实施“一老一小”民生工程,\"新增普惠托位1200个,其中社区托育点不少于20个。\",市卫健委,市教体局、市妇联,2024年12月底\n"
    ",,,新建区域性养老服务中心6个。,市民政局,市卫健委,2024年12月底\n"
    ",,,为1500户老年人家庭实施适老化改造。,,,2024年11月底\n"
    "教育就业类,3,扩大学位供给,新建中小学和幼儿园15所。,市教体局,\"市发展改革委,市住建委\",2024年8月底\n"
    "合计,,,,,,\n"
    "注：牵头单位栏为空的，由责任单位栏排在第一位的单位牵头。\n"
)


def test_a_csv_export_is_read_with_its_quoted_cells_groups_and_sub_rows():
    ex = _extract(CSV_EXPORT)
    assert _items(ex) == [
        ("group", None, "兜底保障类"),
        ("measure", "1", "提高低保标准"),
        ("measure", "2", "实施“一老一小”民生工程"),
        ("sub-measure", None, "新建区域性养老服务中心6个"),
        ("sub-measure", None, "为1500户老年人家庭实施适老化改造"),
        ("group", None, "教育就业类"),
        ("measure", "3", "扩大学位供给"),
    ]
    (table,) = describe_tables(CSV_EXPORT)
    assert table["layout"] == "csv" and len(table["rows"]) == 6
    # a quoted cell lists its units one per line; a sub-row without units takes those above
    assert {p for p, _ in _roles(ex, "提高低保标准")} == {"市民政局", "市财政局", "各县（市、区）人民政府"}
    assert _roles(ex, "为1500户老年人家庭实施适老化改造") == _roles(ex, "新建区域性养老服务中心6个")
    assert _roles(ex, "扩大学位供给") == {("市教体局", "lead"), ("市发展改革委", "cooperating"),
                                        ("市住建委", "cooperating")}


# An HTML table of a report's web page, its cells joined by single spaces: an empty cell
# leaves two spaces side by side, a category row prints its group's subtotal, the total
# row opens with its empty number cell; the table's rows name no plan.
SPACE_JOINED = (
    "关于某区2024年预算草案的报告（摘要）\n"
    "一、2023年预算执行情况\n全区一般公共预算收入完成50.2亿元。\n"
    "附表\n2024年区级重点民生项目预算安排表\n单位：万元\n"
    "序号 项目名称 主管部门 协同部门 预算金额 年度绩效目标\n"
    "一 教育   4850 \n"
    "1 学前教育普惠扩容 区教委 区发展改革委、区财政局 3200 新增公办幼儿园学位1200个\n"
    "2 学生资助 区教委 区财政局 1650 资助家庭经济困难学生1.1万人次，资助资金按时足额发放率100%\n"
    "二 社会保障   2100 \n"
    "3 退役军人优抚 区退役军人事务局  2100 按时足额发放优抚对象抚恤补助资金 发放率100%\n"
    " 合计   6950 \n"
    "注：1.主管部门为项目牵头实施单位；协同部门按职责配合实施。\n"
)


def test_cells_joined_by_single_spaces_are_read_as_a_table():
    (table,) = describe_tables(SPACE_JOINED)
    assert table["layout"] == "space" and table["lines"] == [7, 13]
    assert [c["notation"] for c in table["columns"]] == ["number", "title", "lead", "cooperating", "funding", "body"]
    # an empty cell between two spaces keeps the row's cells in their columns; a space
    # inside the last cell leaves it whole
    assert [c["text"] for c in table["rows"][4]] == [
        "3", "退役军人优抚", "区退役军人事务局", "", "2100", "按时足额发放优抚对象抚恤补助资金 发放率100%"]
    ex = _extract(SPACE_JOINED)
    assert ex.plan.title == "关于某区2024年预算草案的报告（摘要）"
    assert [(kind, number, title) for kind, number, title in _items(ex) if kind != "group" or number != "一"
            or title != "2023年预算执行情况"] == [
        ("group", "一", "教育"),
        ("measure", "1", "学前教育普惠扩容"),
        ("measure", "2", "学生资助"),
        ("group", "二", "社会保障"),
        ("measure", "3", "退役军人优抚"),
    ]
    assert _roles(ex, "学前教育普惠扩容") == {("区教委", "lead"), ("区发展改革委", "cooperating"),
                                            ("区财政局", "cooperating")}
    assert _roles(ex, "退役军人优抚") == {("区退役军人事务局", "lead")}
    # the budget column funds the work: its amounts are no targets
    assert not [t for t in ex.targets if t.unit == "万元"]


# A Word table pasted one cell per line without tabs, its 序号 and 项目名称 cells merged
# over the rows of their item: a blank line only between items, each item printing its
# number and name once and then one or more rows of four lines; category rows between.
# The notice lists its annexes as numbered lines before the table's own title; the note
# under the table numbers its points (注：1.… / 2.… / 3.…), which are no items.
MERGED_CELLS = (
    "某市人民政府关于印发2024年某市惠民实事的通知\n"
    "现将《2024年某市惠民实事》印发给你们，请认真抓好贯彻落实。\n\n"
    "附件：1.2024年某市惠民实事任务清单\n　　　2.城镇老旧小区改造任务分配表\n\n"
    "附件\n\n2024年某市惠民实事任务清单\n\n"
    "序号\n项目名称\n建设内容及年度目标\n牵头单位\n责任单位\n完成时限\n\n"
    "一、教育和健康（2件）\n\n"
    "1\n学前教育扩容提质\n新建公办幼儿园12所，新增学位3600个。\n市教育局\n市财政局\n12月底\n"
    "全市新增普惠性托位1500个。\n市卫健委\n市民政局\n11月底\n\n"
    "2\n义务教育学校建设\n新建义务教育学校15所。\n市教育局\n市住建局\n8月底\n\n"
    "二、养老服务（1件）\n\n"
    "3\n养老服务提升\n新建老年助餐点100个。\n市民政局\n市财政局\n12月底\n"
    "为2000户特殊困难老年人家庭实施居家适老化改造。\n市民政局\n市残联\n10月底\n"
    "新建社区养老服务站20个。\n市民政局\n/\n12月底\n\n"
    "注：1.责任单位按职责分工配合牵头单位开展工作。\n"
    "2.牵头单位栏列有两个单位的，由其共同牵头。\n3.各县（市、区）政府是本辖区惠民实事的实施主体。\n"
)


def test_merged_number_and_name_cells_over_rows_one_cell_per_line():
    (table,) = describe_tables(MERGED_CELLS)
    assert table["layout"] == "cells" and [c["notation"] for c in table["columns"]] == [
        "number", "title", "body", "lead", "responsible", "deadline"]
    ex = _extract(MERGED_CELLS)
    assert _items(ex) == [
        ("group", "一", "教育和健康（2件）"),
        ("measure", "1", "学前教育扩容提质"),
        ("sub-measure", None, "新建公办幼儿园12所，新增学位3600个"),
        ("sub-measure", None, "全市新增普惠性托位1500个"),
        ("measure", "2", "义务教育学校建设"),
        ("group", "二", "养老服务（1件）"),
        ("measure", "3", "养老服务提升"),
        ("sub-measure", None, "新建老年助餐点100个"),
        ("sub-measure", None, "为2000户特殊困难老年人家庭实施居家适老化改造"),
        ("sub-measure", None, "新建社区养老服务站20个"),
    ]
    # each row's units are its own
    assert _roles(ex, "全市新增普惠性托位1500个") == {("市卫健委", "lead"), ("市民政局", "cooperating")}
    assert _roles(ex, "义务教育学校建设") == {("市教育局", "lead"), ("市住建局", "cooperating")}
    assert _roles(ex, "新建社区养老服务站20个") == {("市民政局", "lead")}


def test_short_unit_names_resolve_through_the_legend_under_the_table():
    text = ("玉溪市2024年惠民实事任务清单\n"
            "序号 | 项目名称 | 牵头单位 | 责任单位\n"
            "1 | 学前教育扩容 | 教体 | 发改、财政\n"
            "2 | 托育服务 | 卫健、教体 | 人行\n"
            "注：表中单位均使用简称，全称对照如下：教体—市教育体育局；卫健—市卫生健康委；"
            "发改—市发展改革委；财政—市财政局；人行—人民银行玉溪市分行。\n")
    ex = _extract(text)
    (item,) = [it for it in ex.items if it.title == "托育服务"]
    # the printed short name stays what the table prints; the body is the legend's
    assert [(r.printed, r.agency.full, r.role) for r in item.responsibilities] == [
        ("卫健", "玉溪市卫生健康委员会", "lead"), ("教体", "玉溪市教育体育局", "lead"),
        ("人行", "中国人民银行玉溪市分行", "cooperating")]
    assert {r.agency.full for it in ex.items for r in it.responsibilities if r.printed == "发改"} == {
        "玉溪市发展和改革委员会"}


def test_units_left_unmarked_cooperate_when_the_note_says_so():
    text = ("某区民心工程任务分解表\n说明：责任单位栏中标注★的为牵头单位，未标注★的为配合单位。\n"
            "序号\t项目名称\t年度目标任务\t责任单位\n"
            "1\t社区老年助餐\t新建助餐点15个\t★区民政局、区财政局\n"
            "\t\t新增公共充电桩500个\t国网西青供电公司\n"
            "2\t学前教育扩容\t新增学位1200个\t★区教育局\n")
    ex = _extract(text)
    assert _roles(ex, "新增公共充电桩500个") == {("国网西青供电公司", "cooperating")}
    assert _roles(ex, "学前教育扩容") == {("区教育局", "lead")}


def test_rows_named_by_their_number_cells_go_on_with_the_headings_above():
    text = ("东台市2024年民生实事项目\n\n二、当选项目实施安排\n\n"
            "Ⅰ.城乡供水管网提质改造工程\n"
            "| 序号 | 实施内容 | 主办单位 | 协办单位 |\n| --- | --- | --- | --- |\n"
            "|  | 改造老旧供水管网60公里。 | 市水务局 | 市住建局 |\n"
            "| Ⅱ.普惠托育扩容工程 | 新增普惠性托位500个。 | 市卫健委 | 市教育局、市妇联 |\n\n"
            "Ⅲ.居家养老服务提升工程\n实施内容：新建老年助餐点40个。\n主办单位：市民政局\n")
    ex = _extract(text)
    assert _items(ex) == [
        ("group", "二", "当选项目实施安排"),
        ("measure", "Ⅰ", "城乡供水管网提质改造工程"),
        ("measure", "Ⅱ", "普惠托育扩容工程"),
        ("measure", "Ⅲ", "居家养老服务提升工程"),
    ]
    # the first row, its number cell empty, gives its units to the heading above the table
    assert _roles(ex, "城乡供水管网提质改造工程") == {("市水务局", "lead"), ("市住建局", "cooperating")}
    assert _roles(ex, "普惠托育扩容工程") == {("市卫健委", "lead"), ("市教育局", "cooperating"),
                                             ("市妇联", "cooperating")}


def test_an_indicator_table_one_cell_per_line_keeps_its_period_over_empty_cells():
    # the category printed once leaves an empty line where the rows below repeat it: the
    # header's six cells are the period, not the blank lines
    text = ("表1 某市“十四五”社会事业发展主要指标\n类别\n指标\n单位\n2020年\n2025年\n属性\n"
            "教育\n学前教育毛入园率\n%\n88.5\n95\n约束性\n"
            "\n九年义务教育巩固率\n%\n96.2\n≥97\n约束性\n"
            "卫生健康\n每千人口执业（助理）医师数\n人\n3.1\n3.5\n预期性\n"
            "\n人均预期寿命\n岁\n71.1\n72.5\n预期性\n"
            "注：[ ]内为五年累计数。\n")
    (table,) = describe_tables(text)
    assert table["kind"] == "indicator" and len(table["rows"]) == 4
    assert [[c["text"] for c in r][:2] for r in table["rows"]] == [
        ["教育", "学前教育毛入园率"], ["", "九年义务教育巩固率"], ["卫生健康", "每千人口执业（助理）医师数"],
        ["", "人均预期寿命"]]
    ex = _extract(text)
    assert {(t.value, t.baseline_value) for t in ex.targets} >= {(95.0, 88.5), (97.0, 96.2), (72.5, 71.1)}


def test_the_header_of_cells_without_tabs_ends_where_its_columns_read_alike():
    # no blank line under the header, the first row's cells name no column: the header
    # ends with 指标属性, whose reading holds alike cells in each column; the last row lost
    # its empty last cell before the note
    text = ("表1 某市“十四五”民生事业主要指标\n领域\n指标（单位）\n2020年\n2025年\n指标属性\n"
            "就业\n城镇新增就业人数（万人）\n[2.1]\n[2.4]\n预期性\n"
            "\n城镇调查失业率（%）\n4.9\n≤5.5\n预期性\n"
            "教育\n普惠性幼儿园覆盖率（%）\n82\n≥90\n约束性\n"
            "\n高中阶段教育毛入学率（%）\n93.5\n96\n预期性\n"
            "第三章 保障措施\n")
    (table,) = describe_tables(text)
    assert [c["notation"] for c in table["columns"]] == ["title", "indicator", "baseline", "target", "attribute"]
    assert [r[1]["text"] for r in table["rows"]] == [
        "城镇新增就业人数（万人）", "城镇调查失业率（%）", "普惠性幼儿园覆盖率（%）", "高中阶段教育毛入学率（%）"]
    listing = ("某市民生实事项目清单\n序号\n项目名称\n建设内容\n牵头单位\n配合单位\n"
               "1\n新建城市书房\n新建24小时城市书房20处\n市文化广电和旅游局\n市财政局\n"
               "2\n开展职业技能培训\n开展补贴性职业技能培训3万人次\n市人力资源和社会保障局\n"
               "注：清单中的数量为年度目标。\n")
    (table,) = describe_tables(listing)
    assert [[c["text"] for c in r] for r in table["rows"]][-1] == [
        "2", "开展职业技能培训", "开展补贴性职业技能培训3万人次", "市人力资源和社会保障局", ""]


def test_pipes_without_outer_pipes_a_row_with_empty_first_and_last_cells():
    text = ("某市民生实事项目\n序号 | 项目名称 | 主要内容及目标 | 牵头单位 | 完成时限\n--- | --- | --- | --- | ---\n"
            "1 | 改造城镇老旧小区 | 开工改造城镇老旧小区150个。 | 市住建局 | 2024年11月底\n"
            " | 更新改造老旧燃气管网 | 更新改造老旧燃气管道120公里。 | 市城管局 | 2024年10月底\n"
            " |  | 完成居民户内燃气设施安全隐患排查8万户。 |  | \n"
            "2 | 新建公办幼儿园 | 新建公办幼儿园30所。 | 市教育局 | 2024年9月底\n")
    (table,) = describe_tables(text)
    assert [c["text"] for c in table["rows"][2]] == ["", "", "完成居民户内燃气设施安全隐患排查8万户。", "", ""]
    # neither number nor title: the row goes on with the sub-row above it
    assert [t for _, _, t in _items(_extract(text))] == ["改造城镇老旧小区", "更新改造老旧燃气管网", "新建公办幼儿园"]


def test_a_pdf_table_without_its_header_is_read_by_the_kinds_of_its_cells():
    # the page begins inside the table: no header, yet numbers open rows and the cells'
    # kinds (a short name, sentences, names of bodies, a time) give the columns
    text = PDF_WRAPPED.replace("序号\n项目名称\n主要建设内容及目标\n责任单位\n完成时限\n", "")
    ex = _extract(text)
    assert [(k, n) for k, n, _ in _items(ex)] == [
        ("group", "一"), ("measure", "1"), ("measure", "2"), ("group", "二"), ("measure", "3")]
    assert _roles(ex, "义务教育学校建设") == {("市教育局", "lead"), ("市发改局", "cooperating"),
                                           ("市财政局", "cooperating")}
    (table,) = describe_tables(text)
    assert table["columns"] == []  # no header printed
    from mskg.ingest.reading import explain
    (read,) = explain(ex)["tables"]
    assert read["reading"].startswith("no header") and "responsible | deadline" in read["reading"]


# One cell per line without tabs, a grouping column (类别) printed only in the first row of
# its group (an empty line elsewhere) and a blank line under the last row.
GROUPING_PRINTED_ONCE = (
    "某区2022年重点民生实事项目\n（共3项）\n\n"
    "类别\n序号\n项目名称\n建设内容及目标\n牵头单位\n责任单位\n完成时限\n"
    "教育\n1\n新建改扩建中小学校\n新增学位1620个。\n区教育局\n区发改局、区财政局\n2022年8月底\n"
    "\n2\n义务教育提质\n组建区级名师工作室10个。\n区教育局\n区财政局\n2022年12月底\n"
    "医疗卫生\n3\n基层医疗服务能力提升\n建成标准化社区卫生服务站8个。\n区卫生健康局\n区财政局\n2022年11月底\n"
    "\n相关附件：\n项目表.docx\n"
)


def test_a_grouping_column_printed_once_keeps_its_header_cell():
    # read from 序号, the first group's 教育 would be a header cell and the blank line under
    # the table the last row's empty 类别: as many rows, but that blank line explains nothing
    (table,) = describe_tables(GROUPING_PRINTED_ONCE)
    assert [c["label"] for c in table["columns"]][:2] == ["类别", "序号"]
    assert [r[0]["text"] for r in table["rows"]] == ["教育", "", "医疗卫生"]
    ex = _extract(GROUPING_PRINTED_ONCE)
    assert [(k, n) for k, n, _ in _items(ex)] == [
        ("group", None), ("measure", "1"), ("measure", "2"), ("group", None), ("measure", "3")]
    assert [t for k, _, t in _items(ex) if k == "group"] == ["教育", "医疗卫生"]


# Cells one per line without tabs between items printed as records: a line printing a
# column's label (实施内容：…) is the record after the table, not a row's cell.
CELLS_THEN_A_RECORD = (
    "二、当选项目实施安排\n\n"
    "序号\n实施内容\n主办单位\n协办单位\n"
    "Ⅰ.城乡供水管网提质改造工程\n改造老旧供水管网60公里。\n市水务局\n市住建局\n"
    "Ⅱ.普惠托育扩容工程\n新增普惠性托位500个。\n市卫健委\n市教育局、市妇联\n"
    "\nⅢ.居家养老服务提升工程\n实施内容：新建老年助餐点40个。该项目由市民政局牵头，市财政局配合。\n\n"
)


def test_a_line_printing_a_columns_label_ends_cells_one_per_line():
    (table,) = describe_tables(CELLS_THEN_A_RECORD)
    assert [r[0]["text"] for r in table["rows"]] == ["Ⅰ.城乡供水管网提质改造工程", "Ⅱ.普惠托育扩容工程"]


# A row per line, cells apart by runs of full-width spaces (a word processor's table
# pasted as text), the units of a cell apart by single ones; a blank line inside the
# table (a page break) before a category row; an indented sub-row without number or name.
FULL_WIDTH_SPACES = (
    "某县2023年民生工程责任分工表\n"
    "各项任务的责任单位中，排在首位的为牵头单位，其他单位为配合单位。\n"
    "序号　　　　工作任务　　　　　　目标要求　　　　　　　　责任单位　　　　　　完成时限\n"
    "一、教育惠民工程\n"
    "1　　　　　新建改扩建学校　　　　新建学校5所，新增学位4050个　　　　县教育局　县发改局　相关乡镇　　　　2023年9月\n"
    "二、养老助残工程\n"
    "2　　　　　建设社区养老服务设施　　　　新建社区日间照料中心10个　　　　县民政局　各乡镇　　　　2023年12月\n"
    "　　　　　　　　　　为300户困难重度残疾人家庭实施无障碍改造　　　　县残联　县民政局　　　　2023年10月\n"
    "\n"
    "三、平安便民工程\n"
    "3　　　　　消防安全便民　　　　新建微型消防站50个　　　　县应急管理局　各乡镇　　　　2023年9月\n"
    "\n"
    "抄送：县委办公室。\n"
)


def test_full_width_space_runs_a_page_break_and_an_indented_sub_row():
    ex = _extract(FULL_WIDTH_SPACES)
    assert _items(ex) == [
        ("group", "一", "教育惠民工程"),
        ("measure", "1", "新建改扩建学校"),
        ("group", "二", "养老助残工程"),
        ("measure", "2", "建设社区养老服务设施"),
        ("sub-measure", None, "为300户困难重度残疾人家庭实施无障碍改造"),
        ("group", "三", "平安便民工程"),
        ("measure", "3", "消防安全便民"),
    ]
    assert _roles(ex, "新建改扩建学校") == {("县教育局", "lead"), ("县发改局", "cooperating"),
                                       ("相关乡镇", "cooperating")}
    # the sub-row keeps its own units, the numbered row its own
    assert _roles(ex, "为300户困难重度残疾人家庭实施无障碍改造") == {("县残联", "lead"), ("县民政局", "cooperating")}
    assert _roles(ex, "建设社区养老服务设施") == {("县民政局", "lead"), ("各乡镇", "cooperating")}


# A notice page whose table is printed after the page's footer (an attachment exported as
# CSV and pasted under the page), its header on two rows under a merged 责任单位 cell.
CSV_AFTER_FOOTER = (
    "某区人民政府关于公布2024年民生实事项目的通知\n"
    "各镇人民政府，各街道办事处：\n"
    "经区人大票决确定，2024年全区共实施民生实事项目3项，现将项目表公布（见附件）。\n\n"
    "附件：某区2024年民生实事项目表\n\n"
    "扫一扫在手机打开当前页\n"
    "附件下载：某区2024年民生实事项目表.csv\n"
    "某区2024年民生实事项目表,,,,,,\n"
    "序号,类别,项目名称,主要内容及目标,责任单位,,完成时限\n"
    ",,,,牵头单位,配合单位,\n"
    '1,一、教育优先,新建幼儿园,"新建幼儿园3所，新增学位900个。",区教育局,"区住建局、区财政局",2024年9月\n'
    '2,,提升课后服务,"课后服务覆盖率保持100%。",区教育局,区财政局,2024年12月\n'
    '3,二、老有颐养,扩大老年助餐,"新建老年助餐点40个。",区民政局,"区市场监管局、各镇（街道）",2024年12月\n'
    "合计,,3项,,,,\n"
)


def test_a_table_after_the_page_footer_with_a_header_on_two_rows():
    ex = _extract(CSV_AFTER_FOOTER)
    assert _items(ex) == [
        ("group", "一", "教育优先"),
        ("measure", "1", "新建幼儿园"),
        ("measure", "2", "提升课后服务"),
        ("group", "二", "老有颐养"),
        ("measure", "3", "扩大老年助餐"),
    ]
    assert _roles(ex, "新建幼儿园") == {("区教育局", "lead"), ("区住建局", "cooperating"),
                                     ("区财政局", "cooperating")}
    assert _roles(ex, "扩大老年助餐") == {("区民政局", "lead"), ("区市场监管局", "cooperating"),
                                       ("各镇（街道）", "cooperating")}
    # the notice's own numbered instructions above the footer name no units: the table
    # after the footer is still the plan's
    instructed = CSV_AFTER_FOOTER.replace(
        "现将项目表公布（见附件）。\n", "现将项目表公布（见附件）。\n一、压实工作责任。各牵头单位要制定实施方案。\n"
        "二、加强督查。区政府督查室每季度通报一次进展。\n")
    assert [i for i in _items(_extract(instructed)) if i[0] == "measure"] == [
        i for i in _items(ex) if i[0] == "measure"]
    # the same header on two rows in a table of tabs
    tabs = ("某区项目表\n序号\t项目名称\t主要内容\t责任单位\t\t完成时限\n\t\t\t牵头单位\t配合单位\t\n"
            "1\t新建食堂\t新建食堂3个。\t区民政局\t区财政局、区卫健委\t2024年12月\n"
            "2\t托育扩容\t新增托位300个。\t区卫健委\t区教育局\t2024年12月\n")
    (table,) = describe_tables(tabs)
    assert [c["notation"] for c in table["columns"]] == ["number", "title", "body", "lead", "cooperating", "deadline"]
    assert _roles(_extract(tabs), "新建食堂") == {("区民政局", "lead"), ("区财政局", "cooperating"),
                                               ("区卫健委", "cooperating")}


# A table scraped for small screens: each cell a line of its column's label, its value on
# the line below, the grouping cell repeated in every card; an estimated cost is no target.
LABEL_LINE_CARDS = (
    "某区2023年民生实事实施方案\n"
    "一、项目及责任分工\n"
    "类别\n老有所养\n序号\n1\n项目名称\n社区养老服务提升\n"
    "建设内容及目标\n新建社区日间照料中心3个，\n改造农村互助幸福院20个。\n"
    "估算投资（万元）\n860\n牵头单位\n区民政局\n配合单位\n区财政局、各街道办事处\n完成时限\n2023年12月底\n"
    "类别\n老有所养\n序号\n2\n项目名称\n老年助餐服务\n"
    "建设内容及目标\n新建老年餐桌15个。\n估算投资（万元）\n210\n牵头单位\n区民政局\n"
    "配合单位\n完成时限\n2023年10月底\n"
    "类别\n病有所医\n序号\n3\n项目名称\n两癌免费筛查\n"
    "建设内容及目标\n免费开展宫颈癌筛查8000人。\n估算投资（万元）\n96\n牵头单位\n区卫生健康局\n"
    "配合单位\n区妇联\n完成时限\n2023年11月底\n"
    "二、工作要求\n（一）压实工作责任。各牵头单位要制定具体实施方案。\n"
)


def test_cards_of_label_lines_and_value_lines_with_a_repeated_grouping_cell():
    ex = _extract(LABEL_LINE_CARDS)
    items = [i for i in _items(ex) if i[2] not in ("项目及责任分工", "工作要求", "压实工作责任")]
    assert items == [
        ("group", None, "老有所养"),
        ("measure", "1", "社区养老服务提升"),
        ("measure", "2", "老年助餐服务"),
        ("group", None, "病有所医"),
        ("measure", "3", "两癌免费筛查"),
    ]
    assert _roles(ex, "社区养老服务提升") == {("区民政局", "lead"), ("区财政局", "cooperating"),
                                       ("各街道办事处", "cooperating")}
    # an empty cell prints its label only: the card goes on
    assert _roles(ex, "老年助餐服务") == {("区民政局", "lead")}
    (table,) = describe_tables(LABEL_LINE_CARDS)
    assert [c["notation"] for c in table["columns"]] == [
        "title", "number", "title", "body", "funding", "lead", "cooperating", "deadline"]
    # a value runs over the lines up to the next label
    assert table["rows"][0][3]["text"] == "新建社区日间照料中心3个，\n改造农村互助幸福院20个。"
    assert {(t.value, t.unit) for t in ex.targets} == {(3.0, "个"), (20.0, "个"), (15.0, "个"), (8000.0, "人")}


# Cells one per line without tabs inside a report's part (Markdown headings, bold category
# rows, empty cells as empty lines): the next part's heading after the table is no row.
CELLS_IN_A_PART = (
    "# 某区2023年重点民生实事项目第三季度推进情况通报\n\n### 一、总体进展\n\n- 12个项目中，已完成年度目标任务的3项。\n\n"
    "### 二、分项目推进情况\n\n"
    "序号\n项目名称\n年度目标\n责任单位\n"
    "**（一）**\n**教育惠民**\n\n\n"
    "1\n义务教育学位扩容\n新增公办学位3600个\n区教育局★<br>区住建局\n"
    "2\n校园“明厨亮灶”\n食堂“明厨亮灶”覆盖率达到100%\n区市场监管局★<br>区教育局\n"
    "**（二）**\n**健康养老**\n\n\n"
    "3\n社区卫生服务提质\n新建社区卫生服务站6个\n区卫健局★\n"
    "\n### 三、存在问题\n\n- 第2项进度滞后于序时进度，主要原因是部分食堂改造方案征求意见时间较长。\n"
    "\n### 四、下一步工作\n\n- 各牵头单位要对照年度目标，逐项制定四季度推进计划。\n"
)


def test_the_next_parts_heading_ends_cells_one_per_line():
    (table,) = describe_tables(CELLS_IN_A_PART)
    assert [r[0]["text"] for r in table["rows"]][-1] == "3"
    ex = _extract(CELLS_IN_A_PART)
    assert [(k, n, t) for k, n, t in _items(ex) if k != "measure"] == [
        ("group", "一", "总体进展"), ("group", "二", "分项目推进情况"), ("group", "（一）", "教育惠民"),
        ("group", "（二）", "健康养老"), ("group", "三", "存在问题"), ("group", "四", "下一步工作")]
    assert [t for k, _, t in _items(ex) if k == "measure"] == ["义务教育学位扩容", "校园“明厨亮灶”", "社区卫生服务提质"]


def test_category_rows_numbered_like_the_part_above_stay_rows():
    # the rows number their own groups 一、 二、 三、 under the part 二、: 三、 is a group of rows
    text = ("二、重点任务\n\n序号\n项目名称\n责任单位\n"
            "一、老有所养\n\n\n1\n社区养老服务中心建设\n区民政局\n"
            "二、幼有所育\n\n\n2\n普惠托育扩容\n区卫健委\n"
            "三、学有优教\n\n\n3\n义务教育学位扩容\n区教育局\n")
    (table,) = describe_tables(text)
    assert [r[0]["text"] for r in table["rows"]] == ["一、老有所养", "1", "二、幼有所育", "2", "三、学有优教", "3"]


def test_a_line_of_the_pages_metadata_ends_cells_one_per_line():
    # after the last row, a paragraph and the post's 来源： line: no row with an empty number
    text = CELLS_THEN_A_RECORD.replace(
        "\nⅢ.居家养老服务提升工程\n实施内容：新建老年助餐点40个。该项目由市民政局牵头，市财政局配合。\n\n",
        "\n下一步，市人大常委会将组织代表对当选项目开展全过程跟踪监督。\n\n来源：东台市人大常委会办公室\n")
    (table,) = describe_tables(text)
    assert [r[0]["text"] for r in table["rows"]] == ["Ⅰ.城乡供水管网提质改造工程", "Ⅱ.普惠托育扩容工程"]
    assert [it.title for it in _extract(text).items if it.kind != "group"] == ["城乡供水管网提质改造工程", "普惠托育扩容工程"]


def test_a_note_and_the_form_signatures_under_a_tab_table_end_it():
    text = ("某县2023年民生实事推进情况台账\n"
            "序号\t实事项目\t年度目标任务\t牵头单位\t责任单位\t完成进度\n"
            "1\t养老服务设施建设\t新建社区养老服务站10个。\t县民政局\t县财政局\t70.0%\n"
            "2\t农村公路提档升级\t新建改建农村公路150公里。\t县交通运输局\t各乡镇\t85.0%\n"
            "说明：1.完成进度=已完成量÷年度目标量；2.“各乡镇”指各乡镇人民政府。\t\t\t\t\t\n"
            "审核人：张三\t\t填报人：李四\t\t联系电话：0370-0000000\t\n")
    ex = _extract(text)
    assert _items(ex) == [("measure", "1", "养老服务设施建设"), ("measure", "2", "农村公路提档升级")]
    (table,) = describe_tables(text)
    assert table["lines"] == [2, 4]
    # without the note, the signatures end the table all the same
    without = text.replace("说明：1.完成进度=已完成量÷年度目标量；2.“各乡镇”指各乡镇人民政府。\t\t\t\t\t\n", "")
    assert _items(_extract(without)) == _items(ex)
    # the note in the first cell of a pipe row of its own
    pipes = "\n".join(f"| {' | '.join(ln.split(chr(9)))} |" if "\t" in ln else ln for ln in text.split("\n"))
    assert _items(_extract(pipes)) == _items(ex)


def test_cards_of_label_lines_in_other_printings_read_alike():
    expected = _items(_extract(LABEL_LINE_CARDS))
    labels = ("类别", "序号", "项目名称", "建设内容及目标", "估算投资（万元）", "牵头单位", "配合单位", "完成时限")
    lines = LABEL_LINE_CARDS.split("\n")
    with_colons = "\n".join(f"{ln}：" if ln in labels else ln for ln in lines)
    apart = "\n".join(f"\n{ln}" if ln == "类别" else ln for ln in lines)
    # the grouping cell printed in its group's first card only
    once = LABEL_LINE_CARDS.replace("类别\n老有所养\n序号\n2\n", "序号\n2\n")
    for variant in (with_colons, apart, once):
        assert _items(_extract(variant)) == expected


def test_paragraphs_under_cells_one_per_line_are_no_row():
    # a paragraph after the last row, then a sentence or a post's 编辑： line: they fall in the
    # period of one more row with an empty number, whose units would be that last line
    for last in ("各镇（区、街道）要按照要求抓好落实，确保年底前全面完成。", "编辑：陈思远　审核：徐海波"):
        text = CELLS_THEN_A_RECORD.replace(
            "\nⅢ.居家养老服务提升工程\n实施内容：新建老年助餐点40个。该项目由市民政局牵头，市财政局配合。\n\n",
            f"\n下一步，市人大常委会将组织代表对当选项目开展全过程跟踪监督。\n\n{last}\n")
        (table,) = describe_tables(text)
        assert [r[0]["text"] for r in table["rows"]] == ["Ⅰ.城乡供水管网提质改造工程", "Ⅱ.普惠托育扩容工程"], last
        assert [it.kind for it in _extract(text).items] == ["measure", "measure"], last


def test_an_indicator_table_with_cells_apart_by_single_spaces_across_a_page_break():
    text = ("某县养老服务行动方案\n一、重点任务\n（一）建设养老服务中心。到2025年建成乡镇养老服务中心10个。\n"
            "（责任单位：县民政局）\n附件\n某县养老服务主要指标\n序号 指标名称 单位 2022年 2025年 属性\n"
            "1 养老机构床位总数 张 2650 ≥3200 约束性\n\n— 5 —\n\n2 护理型床位占比 % 48.2 ≥ 60 约束性\n"
            "3 老年助餐点数量 个 46 120 预期性\n")
    # the page's number between two rows is no text of the table; a comparator set
    # apart from its number (≥ 60) is one cell with it
    from mskg.ingest.hard_wraps import join_wraps

    tables = [t for t in describe_tables(join_wraps(text).text) if t["kind"] == "indicator"]
    assert [t["layout"] for t in tables] == ["space"] and len(tables[0]["rows"]) == 3
    assert [c["text"] for c in tables[0]["rows"][1]] == ["2", "护理型床位占比", "%", "48.2", "≥ 60", "约束性"]
    ex = _extract(text)
    assert not any("床位" in it.title for it in ex.items)  # its rows are targets, no items
    # words apart by single spaces that do not all name columns are no table
    assert not describe_tables("今天 我们 一起 学习 新的 内容\n1 2 3 4 5 6\n")


def test_a_header_on_two_rows_in_pipes_and_spaces():
    rows = ("1 | 新建食堂 | 新建食堂3个。 | 区民政局 | 区财政局、区卫健委 | 2024年12月\n"
            "2 | 托育扩容 | 新增托位300个。 | 区卫健委 | 区教育局 | 2024年12月\n")
    pipes = ("某区项目表\n| 序号 | 项目名称 | 主要内容 | 责任单位 | | 完成时限 |\n| --- | --- | --- | --- | --- | --- |\n"
             "| | | | 牵头单位 | 配合单位 | |\n" + "".join(f"| {r} |\n" for r in rows.splitlines()))
    spaces = ("某区项目表\n"
              "序号    项目名称    主要内容          责任单位              完成时限\n"
              "                                    牵头单位   配合单位\n"
              "1       新建食堂    新建食堂3个。     区民政局   区财政局、区卫健委   2024年12月\n"
              "2       托育扩容    新增托位300个。   区卫健委   区教育局             2024年12月\n")
    for text in (pipes, spaces):
        (table,) = describe_tables(text)
        assert [c["notation"] for c in table["columns"]] == [
            "number", "title", "body", "lead", "cooperating", "deadline"], text
        ex = _extract(text)
        assert [i.title for i in ex.items] == ["新建食堂", "托育扩容"]
        assert _roles(ex, "新建食堂") == {("区民政局", "lead"), ("区财政局", "cooperating"),
                                       ("区卫健委", "cooperating")}
