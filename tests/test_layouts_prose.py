"""Prose layouts read by generic mechanisms rather than per-document rules: bullets of any
symbol (the emoji of a post written on a phone), 【…】 headings that print a number,
role labels after a bullet or a wide gap, conventions stated for one table, numbering that
runs on across headings, and lists cut by slashes. Each text is a small invented document
in a real layout."""

from __future__ import annotations

from mskg.ingest import extract_text
from mskg.ingest.agencies import split_names
from mskg.ingest.headings import is_bullet_glyph
from mskg.ingest.model import Extraction


def _extract(text: str) -> Extraction:
    return extract_text(text, document="t", path="t.txt")


def _items(ex: Extraction) -> list[tuple[str, str | None, str]]:
    return [(it.kind, it.number, it.title) for it in ex.items]


def _roles(ex: Extraction) -> list[list[tuple[str, str]]]:
    return [[(r.printed, r.role) for r in it.responsibilities] for it in ex.items]


POST = """重磅！某区2024年民生实事出炉👇
某区发布  2024-02-21

📢 点击上方蓝字关注我们

今年某区将办好以下民生实事↓↓↓

🏫【教育篇】
✅ 新建幼儿园3所，新增学位900个。
👉 主办：区教育局  协办：区财政局、区住建局
✅ 为中小学配备AED设备50台。
👉 主办：区教育局、区卫健局  协办：区红十字会

👵【养老篇】（本篇主办：区民政局；协办：区财政局）
✅ 新建社区老年餐厅12个。
✅ 完成居家适老化改造300户。

🚌【出行篇】
✅ 新开公交线路5条。
👉 主办：区交通运输局  协办：各街道办事处

📌 温馨提示：以上实事项目欢迎大家监督！
"""


def test_any_symbol_is_a_bullet():
    assert is_bullet_glyph("◆") and is_bullet_glyph("✅") and is_bullet_glyph("👉")
    assert not is_bullet_glyph("市") and not is_bullet_glyph("1") and not is_bullet_glyph("（")


def test_an_emoji_post_reads_its_headings_items_and_role_lines():
    ex = _extract(POST)
    assert _items(ex) == [
        ("group", None, "教育篇"),
        ("measure", None, "新建幼儿园3所，新增学位900个"),
        ("measure", None, "为中小学配备AED设备50台"),
        ("group", None, "养老篇"),
        ("measure", None, "新建社区老年餐厅12个"),
        ("measure", None, "完成居家适老化改造300户"),
        ("group", None, "出行篇"),
        ("measure", None, "新开公交线路5条"),
    ]
    roles = _roles(ex)
    # 主办 leads, 协办 cooperates; a label after a wide gap opens a list of its own
    assert roles[1] == [("区教育局", "lead"), ("区财政局", "cooperating"), ("区住建局", "cooperating")]
    assert roles[2] == [("区教育局", "lead"), ("区卫健局", "lead"), ("区红十字会", "cooperating")]
    # 本篇主办： scopes the label to its heading, which stays a group like its siblings
    assert roles[3] == [("区民政局", "lead"), ("区财政局", "cooperating")]
    assert roles[4] == roles[5] == []
    assert roles[7] == [("区交通运输局", "lead"), ("各街道办事处", "cooperating")]


BLOCKS = """某县2024年十件民生实事清单

【实事一】城乡学位扩容工程
目标任务：新建小学1所，新增学位1080个。
牵头单位：县教育局    配合单位：县财政局 县自然资源局
责任领导：副县长 王某

【实事二】养老服务提质工程
目标任务：新建社区养老服务中心2个。
责任单位：县民政局/县财政局/县残联（县民政局牵头）
责任领导：副县长 李某

【实事三】农村供水保障工程
目标任务：新建改造农村供水工程15处。
责任单位：县水务局
"""


def test_a_bracket_that_prints_a_number_gives_the_number_and_the_title_after_it():
    ex = _extract(BLOCKS)
    assert _items(ex) == [
        ("measure", "实事一", "城乡学位扩容工程"),
        ("measure", "实事二", "养老服务提质工程"),
        ("measure", "实事三", "农村供水保障工程"),
    ]
    roles = _roles(ex)
    assert roles[0] == [("县教育局", "lead"), ("县财政局", "cooperating"), ("县自然资源局", "cooperating")]
    # units cut by slashes, the lead named in the bracket after them
    assert ("县民政局", "lead") in roles[1] and ("县残联", "cooperating") in roles[1]
    assert ("县财政局", "cooperating") in roles[1]


def test_slashes_separate_units():
    assert [n for _, _, n in split_names("市卫健局/市发改局／市妇幼保健院")] == ["市卫健局", "市发改局", "市妇幼保健院"]


ACTION_PLAN = """某市民生领域补短板行动方案

第一部分  重点任务
一、幼有所育
（一）扩大普惠托育服务。新增普惠性托位800个。
责任单位：市卫健局（牵头），市财政局，各街道、镇
（二）推进学前教育发展。新增学位1200个。
牵头单位：市教育局；责任单位：市财政局
二、学有所教
（三）促进义务教育均衡。新增学位2700个。
主办单位：市教育局；协办单位：市住建局
（四）提升职业教育能力。共建实训基地5个。
市教育局、市人社局按职责分工负责，市财政局配合。

附件
某市重点项目清单
（责任单位栏中第一个单位为牵头单位）
序号	项目名称	建设内容	责任单位	建设年限
1	儿童医院综合楼	新建综合楼1栋	市卫健局/市发改局	2023—2025年
2	养老服务中心	设置养老床位80张	市民政局/北山街道	2023—2024年
"""


def test_numbering_that_runs_on_across_headings_stays_under_them():
    ex = _extract(ACTION_PLAN)
    by_title = {it.title: it for it in ex.items}
    assert by_title["促进义务教育均衡"].parent == by_title["学有所教"].key
    assert by_title["学有所教"].kind == "group"
    assert by_title["提升职业教育能力"].parent == by_title["学有所教"].key


def test_a_convention_stated_over_a_table_applies_to_that_table_only():
    ex = _extract(ACTION_PLAN)
    by_title = {it.title: it for it in ex.items}
    # the table's first unit leads
    assert [(r.printed, r.role) for r in by_title["儿童医院综合楼"].responsibilities] == [
        ("市卫健局", "lead"), ("市发改局", "cooperating")]
    # the prose before it: units responsible by their duties, seconded by 配合, lead together
    assert [(r.printed, r.role) for r in by_title["提升职业教育能力"].responsibilities] == [
        ("市教育局", "lead"), ("市人社局", "lead"), ("市财政局", "cooperating")]
    # 主办 leads, 协办 cooperates; a 主办单位 line in the body is no page footer
    assert [(r.printed, r.role) for r in by_title["促进义务教育均衡"].responsibilities] == [
        ("市教育局", "lead"), ("市住建局", "cooperating")]


def test_streets_and_towns_sharing_one_ge_are_one_collective():
    ex = _extract(ACTION_PLAN)
    by_title = {it.title: it for it in ex.items}
    names = [r.printed for r in by_title["扩大普惠托育服务"].responsibilities]
    assert names == ["市卫健局", "市财政局", "各街道、镇"]
    assert by_title["扩大普惠托育服务"].responsibilities[-1].agency.kind == "collective"


LEDGER = """某县2024年民生实事督办台账
注：责任单位中标注★的为牵头单位，其余为配合单位。
序号	民生实事	年度目标	责任单位	责任领导
一、教育（2项）
1	幼儿园建设	新增学位360个	县教育局★、县住建局	副县长 赵某
2	学校供暖改造	完成8所学校供暖改造	县教育局	副县长 赵某
二、医疗卫生（1项）
3	胸痛中心建设	建成胸痛中心1个	县卫健局★、县医院	副县长 孙某
"""


def test_category_rows_inside_a_tab_table_group_its_rows():
    ex = _extract(LEDGER)
    assert _items(ex) == [
        ("group", "一", "教育（2项）"),
        ("measure", "1", "幼儿园建设"),
        ("measure", "2", "学校供暖改造"),
        ("group", "二", "医疗卫生（1项）"),
        ("measure", "3", "胸痛中心建设"),
    ]
    assert _roles(ex)[1] == [("县教育局", "lead"), ("县住建局", "cooperating")]
    assert _roles(ex)[4] == [("县卫健局", "lead"), ("县医院", "cooperating")]


VOTE = """2024年东台市民生实事项目票决结果

一、当选项目实施安排

Ⅰ.城乡供水管网提质改造工程
实施内容：改造老旧供水管网60公里。
主办单位：市水务局
协办单位：市住建局、市公交公司

Ⅱ.居家养老服务提升工程
实施内容：新建老年助餐点40个。该项目由市民政局主办，市财政局、市残联协办。

Ⅲ.农贸市场改造提升工程
实施内容：改造提升农贸市场6个。
主办单位：市市场监管局、市商务局（共同主办）
协办单位：县城投公司
"""


def test_roman_numerals_number_items_and_a_zhuban_line_before_a_role_line_is_no_footer():
    ex = _extract(VOTE)
    assert [(it.kind, it.number) for it in ex.items] == [
        ("group", "一"), ("measure", "Ⅰ"), ("measure", "Ⅱ"), ("measure", "Ⅲ")]
    roles = _roles(ex)
    assert roles[1] == [("市水务局", "lead"), ("市住建局", "cooperating"), ("市公交公司", "cooperating")]
    assert roles[2] == [("市民政局", "lead"), ("市财政局", "cooperating"), ("市残联", "cooperating")]
    assert ("市商务局", "lead") in roles[3]


def test_company_short_names_become_formal():
    ex = _extract(VOTE)
    full = {r.printed: r.agency for it in ex.items for r in it.responsibilities}
    assert full["市公交公司"].full == "东台市公共交通有限公司"
    assert full["市公交公司"].level == "enterprise"
    assert full["县城投公司"].full.endswith("城市建设投资有限公司")


def test_html_line_breaks_separate_units_and_kinds_of_township_expand_in_order():
    assert [n for _, _, n in split_names("区教育局★<br>区住建局<br/>各街道（乡、镇）")] == [
        "区教育局", "区住建局", "各街道（乡、镇）"]
    from mskg.ingest.agencies import resolve
    from mskg.ingest.places import jurisdiction_of

    home = jurisdiction_of("常德市武陵区人民政府")
    assert resolve("各街道（乡、镇）", home).full == "常德市武陵区各街道办事处（乡、镇人民政府）"
    assert resolve("各乡镇（街道）", home).full == "常德市武陵区各乡镇人民政府（街道办事处）"
    assert resolve("武陵城投公司", home).full == "常德市武陵区城市建设投资有限公司"


DECIMAL = """某县2024年民生实事任务分工

1 教育
1.1 新建幼儿园3所，新增学位900个。
牵头单位：县教育局
1.2 新建小学1所。
牵头单位：县教育局
2 养老
2.1 新建养老服务中心2个。
牵头单位：县民政局
2.2 完成适老化改造300户。
牵头单位：县民政局
"""


def test_a_decimal_outline_nests_by_its_depth():
    ex = _extract(DECIMAL)
    assert [(it.kind, it.number, it.title) for it in ex.items] == [
        ("group", "1", "教育"),
        ("measure", "1.1", "新建幼儿园3所，新增学位900个"),
        ("measure", "1.2", "新建小学1所"),
        ("group", "2", "养老"),
        ("measure", "2.1", "新建养老服务中心2个"),
        ("measure", "2.2", "完成适老化改造300户"),
    ]
    assert ex.items[4].parent == ex.items[3].key


def test_keycap_digits_and_half_brackets_number_items():
    ex = _extract("某县2024年民生实事\n\n1️⃣ 新开公交线路5条。\n2️⃣ 新增停车位500个。\n3️⃣ 新增托位300个。\n")
    assert [(it.number, it.title) for it in ex.items] == [
        ("1️⃣", "新开公交线路5条"), ("2️⃣", "新增停车位500个"), ("3️⃣", "新增托位300个")]
    ex = _extract("某县2024年民生实事\n\n1）城镇新增就业2000人。\n2）新增托位300个。\n")
    assert [(it.number, it.title) for it in ex.items] == [("1）", "城镇新增就业2000人"), ("2）", "新增托位300个")]


CARDS = """某县2024年民生实事

【项目一】城乡学位扩容工程
【建设内容】新建小学1所，新增学位1080个。
【牵头单位】县教育局【配合单位】县财政局、县自然资源局

【项目二】养老服务提质工程
【建设内容】新建社区养老服务中心2个。
【牵头单位】县民政局
【配合单位】县财政局
"""


def test_labels_in_square_brackets_are_fields_not_headings():
    ex = _extract(CARDS)
    assert _items(ex) == [("measure", "项目一", "城乡学位扩容工程"), ("measure", "项目二", "养老服务提质工程")]
    assert _roles(ex) == [
        [("县教育局", "lead"), ("县财政局", "cooperating"), ("县自然资源局", "cooperating")],
        [("县民政局", "lead"), ("县财政局", "cooperating")],
    ]


PLAN = """某市“十四五”基本公共服务规划

第一章　提升公共教育服务水平
第一节　学前教育和义务教育
一、扩大普惠性学前教育资源
新建、改扩建公办幼儿园40所，新增学位1.2万个。市教育体育局要会同市发展改革委推进。
二、推进义务教育优质均衡发展
新建、改扩建义务教育学校25所。
第二节　职业教育和终身学习
一、提升职业教育服务能力
建设市级产教融合实训基地2个。
"""


def test_numbered_paragraphs_inside_a_plans_section_are_its_measures():
    ex = _extract(PLAN)
    assert [(it.kind, it.title) for it in ex.items] == [
        ("group", "提升公共教育服务水平"),
        ("group", "学前教育和义务教育"),
        ("measure", "扩大普惠性学前教育资源"),
        ("measure", "推进义务教育优质均衡发展"),
        ("group", "职业教育和终身学习"),
        ("measure", "提升职业教育服务能力"),
    ]


def test_a_units_hospital_printed_by_its_level_word_is_its_peoples_hospital():
    from mskg.ingest.agencies import resolve
    from mskg.ingest.places import jurisdiction_of

    home = jurisdiction_of("抚松县人民政府")
    hospital = resolve("县医院", home)
    assert (hospital.full, hospital.kind) == ("抚松县人民医院", "public_institution")
    assert resolve("县中医院", home).full == "抚松县中医院"


PROGRESS_POST = """某镇2024年五件民生实事最新进展
某镇发布  2024-07-10

截至6月底，五件民生实事进展顺利。

1️⃣ 建设社区食堂
🎯年度目标：新建社区食堂6个。
✅上半年进展：已完成年度目标👍 6个食堂全部开餐。
▲社区食堂开餐现场

2️⃣ 改造老旧小区
🎯年度目标：改造老旧小区4个。
✅上半年进展：已完成年度目标👍 4个小区完成改造。

3️⃣ 新增托位
🎯年度目标：新增普惠性托位120个。
✅上半年进展：已新增托位60个。
▲托育中心内景

4️⃣ 开通公交线路
🎯年度目标：开通公交线路2条。
✅上半年进展：已完成年度目标👍 2条线路已开通。

🔟 整治消防隐患
🎯年度目标：整治消防隐患300处。
✅上半年进展：已整治隐患120处。

注：各项实事责任分工——
①建设社区食堂：镇社会事务局（牵头），镇财政分局；
②改造老旧小区：镇住房建设局牵头，镇城管分局配合；
③新增托位：镇卫生健康局负责；
④开通公交线路：镇交通分局（牵头），镇公安分局；
⑤整治消防隐患：镇消防救援大队负责。
"""


def test_a_progress_post_reads_its_keycap_items_and_joins_the_role_list_by_number():
    ex = _extract(PROGRESS_POST.replace("🔟", "5️⃣"))
    # the 🎯 / ✅ lines open with one and the same label each time: fields of the items;
    # the ▲ caption never recurs under one item: text of its item; 👍 after the same
    # words each time decorates them
    assert _items(ex) == [("measure", f"{k}\ufe0f\u20e3", t) for k, t in
                          enumerate(["建设社区食堂", "改造老旧小区", "新增托位", "开通公交线路", "整治消防隐患"], 1)]
    # the list of ①…⑤ after the items names each item's units by its number
    assert _roles(ex) == [
        [("镇社会事务局", "lead"), ("镇财政分局", "cooperating")],
        [("镇住房建设局", "lead"), ("镇城管分局", "cooperating")],
        [("镇卫生健康局", "lead")],
        [("镇交通分局", "lead"), ("镇公安分局", "cooperating")],
        [("镇消防救援大队", "lead")],
    ]


def test_the_keycap_ten_numbers_the_tenth_item():
    from mskg.ingest.headings import numbering_at, ordinal

    n = numbering_at("🔟 整治消防隐患", 0, 8)
    assert (n.style, ordinal(n.value)) == ("keycap", 10)
    ex = _extract(PROGRESS_POST.replace("5️⃣", "🔟"))
    assert [it.title for it in ex.items][-1] == "整治消防隐患"


OCR_MINUTES = """某县人民政府常务会议纪要
　　会议议定：
　　（一）城乡养老服务设施建设。年内建成乡镇区域性养老服务中心2
个、村级老年人互助幸福院15个，新增养老床位200张。由县民政局牵
头，县财政局、县自然资源局配合，各乡镇人民政府抓好落实，确保年底
前全部投入使用，群众满意度明显提升，服务质量持续提高，管理更加规
范。

— 1 —

某县人民政府常务会议纪要

　　（二）农村公路提级改造。完成农村公路提级改造45公里、危桥改造
6座，新增农村客运班线3条。由县交通运输局负责，县财政局做好资金保
障，相关乡镇配合做好征地拆迁工作，确保工程质量和施工安全，按期完
成建设任务并及时组织验收，切实方便群众出行，服务乡村振兴和城乡一
体化发展。
"""


def test_hard_wrapped_minutes_are_read_as_paragraphs_with_their_breaks_kept_in_quotes():
    ex = _extract(OCR_MINUTES)
    assert [it.title for it in ex.items if it.kind == "measure"] == ["城乡养老服务设施建设", "农村公路提级改造"]
    # 县民政局牵 / 头: the role word broken by the page's line is read whole; the page's
    # number and running header between two lines of the second item are no text of it
    roles = _roles(ex)
    assert ("县民政局", "lead") in roles[-2] and ("县财政局", "cooperating") in roles[-2]
    assert roles[-1][0] == ("县交通运输局", "lead")
    # offsets index the text as printed: an item's quote keeps the breaks of its lines
    first = next(it for it in ex.items if it.title == "城乡养老服务设施建设")
    assert "由县民政局牵\n头" in first.span.quote
    assert [r.span.quote for r in first.responsibilities][0] == "县民政局"


def test_an_item_with_points_between_two_items_that_print_their_units_is_a_measure():
    text = ("某区推进养老服务行动方案\n一、重点任务\n（一）提升机构养老服务质量\n"
            "（1）推进公办养老机构改革。\n①实施区社会福利中心护理型床位改造，新增护理型床位120张。（区民政局牵头，区卫健局配合）\n"
            "②推动镇敬老院转型为区域性养老服务中心。（相关镇人民政府负责，区民政局配合）\n"
            "（2）深化医养结合。建成医养结合机构3家。（区卫健局牵头，区民政局配合）\n"
            "（3）加强养老服务人才队伍建设。每年培训养老护理员300人次。（区人社局牵头，区民政局配合）\n")
    kinds = {it.title: it.kind for it in _extract(text).items}
    assert kinds["推进公办养老机构改革"] == "measure"
    assert kinds["实施区社会福利中心护理型床位改造，新增护理型床位120张"] == "sub-measure"
    assert kinds["深化医养结合"] == "measure"


# A progress report whose role statements follow each group of items and name the items
# by number: several numbers to one statement, one statement for all the items above
# (以上各项) whose 其中 clauses replace the lead of the items they name, a statement
# running over a hard-wrapped line, a role word followed by the work it names.
BY_NUMBER = """某市人民政府办公室关于2022年民生实事项目推进情况的通报
一、各项目推进情况
（一）社会保障类（3项）
1.提高城乡低保标准。年度目标：城市低保标准提高到每人每月620元。
2.提高特困人员供养水平。年度目标：特困人员基本生活标准不低于低保标准的1.3倍。
3.城乡居民养老保险扩面。年度目标：参保人数达到16.2万人。
第1、2项由市民政局牵头，市财政局配合；第3项由市人力资源和社会保障局负责。
（二）城乡建设类（3项）
4.老旧小区改造。年度目标：改造老旧小区21个。
5.农村公路建设。年度目标：新建改建农村公路120公里。
6.食品安全快检进市场。年度目标：设立食品安全快检室5个。
以上第4、5项，市住房和城乡建设局牵头，市财政局、
市自然资源局配合，其中第5项由市交通运输局牵头；第6项由市市场监督管理局牵头，国网某市供电公司配合做好电力保障。
二、存在的问题
第4项因材料供应影响，进度滞后于计划。
"""


def test_role_statements_after_a_group_name_the_items_by_number():
    ex = _extract(BY_NUMBER)
    roles = {it.number: {(r.printed, r.role) for r in it.responsibilities} for it in ex.items
             if it.kind == "measure"}
    assert roles == {
        "1": {("市民政局", "lead"), ("市财政局", "cooperating")},
        "2": {("市民政局", "lead"), ("市财政局", "cooperating")},
        "3": {("市人力资源和社会保障局", "lead")},
        "4": {("市住房和城乡建设局", "lead"), ("市财政局", "cooperating"), ("市自然资源局", "cooperating")},
        "5": {("市交通运输局", "lead"), ("市财政局", "cooperating"), ("市自然资源局", "cooperating")},
        "6": {("市市场监督管理局", "lead"), ("国网某市供电公司", "cooperating")},
    }


# Minutes kept in a note-taking app, exported as Markdown: ### headings, task-list items
# (- [ ] …) under them, plain list items (- …) under another heading, units printed with
# the level word alone (区教育局) in a document that names its district only in passing.
MARKDOWN_MINUTES = """# 区政府2024年第3次常务会议纪要

**时间**：2024年2月26日上午
**主持**：杨建华（区长）

## 议题一：研究《西秀区2024年十件民生实事实施方案》

会议明确任务及分工如下。**括号内排在首位的为牵头单位，其余为配合单位**。

### 1. 教育提质扩容
- [ ] 新建公办幼儿园2所，新增学位540个（区教育局、区发改局）
- [ ] 改造提升农村薄弱学校运动场10块（区教育局、区财政局）

### 2. 健康西秀
- [ ] 为全区65岁及以上老年人免费健康体检不少于4.2万人（区卫健局、区医保局）

## 议题二：研究春季森林防灭火工作

会议要求：
- 区林业局牵头，区应急局配合，落实专职扑火队伍，全区森林火灾受害率控制在0.9‰以下。
- 区应急局牵头，区水务局配合，5月底前完成22座小型水库的汛前排查。
"""


def test_markdown_list_items_are_items_and_the_district_named_in_passing_is_the_jurisdiction():
    ex = _extract(MARKDOWN_MINUTES)
    assert [(kind, title) for kind, _, title in _items(ex) if kind != "group"] == [
        ("measure", "新建公办幼儿园2所，新增学位540个"),
        ("measure", "改造提升农村薄弱学校运动场10块"),
        ("measure", "为全区65岁及以上老年人免费健康体检不少于4.2万人"),
    ]  # (a plain list item, - …, marks points of any part, as 会议要求's here: no item)
    assert [(it.number, it.title) for it in ex.items if it.kind == "group"][:2] == [
        ("1", "教育提质扩容"), ("2", "健康西秀")]
    assert ex.plan.jurisdiction == "贵州省安顺市西秀区"
    (first,) = [it for it in ex.items if it.title.startswith("新建公办幼儿园")]
    assert [(r.agency.full, r.role) for r in first.responsibilities] == [
        ("安顺市西秀区教育局", "lead"), ("安顺市西秀区发展和改革局", "cooperating")]


def test_annex_lists_and_a_forms_instructions_number_no_items():
    text = ("某市人民政府办公室关于印发某市2023年民生实事任务分解方案的通知\n"
            "现将《某市2023年民生实事任务分解方案》印发给你们，请认真贯彻落实。\n"
            "附件：1.某市2023年民生实事任务分解表\n　　　2.民生实事项目进展情况月报表\n\n"
            "某市人民政府办公室\n2023年3月15日\n\n"
            "一、养老服务\n1.新建社区养老服务综合体4个。（市民政局牵头）\n"
            "2.新增养老床位200张。（市民政局牵头）\n"
            "填表说明：\n1.本表由各牵头单位汇总填报。\n2.“累计完成”栏填写截至本月末实际完成的工程量。\n")
    ex = _extract(text)
    assert _items(ex) == [("group", "一", "养老服务"), ("measure", "1", "新建社区养老服务综合体4个"),
                          ("measure", "2", "新增养老床位200张")]


def test_units_given_tasks_in_a_decision_take_roles():
    text = ("某县人民政府常务会议纪要\n会议议定：\n"
            "（一）农村公路提级改造。完成农村公路提级改造45公里。由县交通运输局负责，县财政局做好资金保障，相关乡镇配合做好征地拆迁工作。\n"
            "（二）残疾儿童康复和困境儿童保障。每年为不少于120名残疾儿童提供基本康复服务。县残联负责残疾儿童康复工作，县民政局负责困境儿童保障工作，县卫生健康局、县妇联予以配合。\n"
            "（三）老年健康服务。65岁以上老年人健康管理率达到70%。县卫生健康局牵头，县医保局配合。请县人民医院按要求做好老年医学科建设。\n"
            "会议要求，县政府办公室要加强跟踪督办。\n")
    roles = _roles(_extract(text))
    assert roles[-3] == [("县交通运输局", "lead"), ("县财政局", "cooperating"), ("相关乡镇", "cooperating")]
    # each unit 负责 its own part leads it; a seconding task beside no lead names no role
    assert roles[-2] == [("县残联", "lead"), ("县民政局", "lead"), ("县卫生健康局", "cooperating"), ("县妇联", "cooperating")]
    assert ("县人民医院", "cooperating") not in roles[-1] and ("县政府办公室", "cooperating") not in roles[-1]
