"""Documents that lost their line breaks: numbering markers inside running text.

Every gold document of the document sets, joined onto one line (a web page flattened
to text), must still give its measures, about as many as the original gives, with
every quote an exact substring of the one-line text. Documents the reader cannot yet
read on one line are listed in ``data/one_line_xfail.json`` (strict xfails: an entry
that comes to pass fails until it is removed). Small cases pin the markers that
must, and the numbers that must not, open an item.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from document_sets import SETS

from mskg.ingest import extract_text
from mskg.ingest.line_breaks import restore_breaks
from mskg.ingest.model import Span

HERE = Path(__file__).parent
EXPECTED_FAILURES = json.loads((HERE / "data" / "one_line_xfail.json").read_text(encoding="utf-8"))
MEASURE_KINDS = ("measure", "sub-measure", "project")


def _documents():
    for name, chosen in SETS.items():
        if not chosen.present:
            continue
        for gold in sorted(chosen.gold.glob("*.json")):
            document = json.loads(gold.read_text(encoding="utf-8"))["document"]
            key = Path(document).stem
            marks = [pytest.mark.xfail(strict=True, reason=EXPECTED_FAILURES[key])] if key in EXPECTED_FAILURES else []
            yield pytest.param(chosen.docs / document, id=f"{name}-{key[:3]}", marks=marks)


def _measures(extraction) -> int:
    return sum(1 for it in extraction.items if it.kind in MEASURE_KINDS)


def _spans(extraction):
    for it in extraction.items:
        yield it.span
        yield it.title_span
        yield from (r.span for r in it.responsibilities)
    yield from (t.span for t in extraction.targets)
    for p in extraction.places:
        yield from p.spans
    if extraction.plan.span is not None:
        yield extraction.plan.span


@pytest.mark.slow
@pytest.mark.parametrize("path", list(_documents()))
def test_a_document_on_one_line_gives_its_measures(path: Path, extract_once):
    text = path.read_text(encoding="utf-8-sig")
    flat = text.replace("\r", "").replace("\n", "")
    original = _measures(extract_once(text, document=path.stem, path=path.name))
    extraction = extract_once(flat, document=path.stem, path=path.name)
    found = _measures(extraction)
    assert original < 5 or found > 0, f"{path.name} on one line: 0 measures (the original gives {original})"
    assert abs(found - original) <= max(2, round(0.2 * original)), (
        f"{path.name} on one line: {found} measures, the original gives {original}")
    assert extraction.text == flat
    bad = [s for s in _spans(extraction) if isinstance(s, Span) and flat[s.start:s.end] != s.quote]
    assert not bad, f"quotes that are not the text at their offsets: {bad[:3]}"


def _broken_lines(text: str) -> list[str]:
    rebroken = restore_breaks(text)
    return (rebroken.text if rebroken else text).split("\n")


def test_circled_items_run_together_in_one_paragraph_are_items():
    text = ("一、聚焦一老一小\n①新建幼儿园20所（市教育局）；②新增托位3000个（市卫生健康委、市发展改革委）；"
            "③新建养老服务中心12处（市民政局）。\n二、聚焦就业增收\n④城镇新增就业6.5万人（市人力资源社会保障局）。")
    assert _broken_lines(text) == [
        "一、聚焦一老一小", "①新建幼儿园20所（市教育局）；", "②新增托位3000个（市卫生健康委、市发展改革委）；",
        "③新建养老服务中心12处（市民政局）。", "二、聚焦就业增收", "④城镇新增就业6.5万人（市人力资源社会保障局）。"]
    extraction = extract_text(text, document="t", path="t.txt")
    measures = [it for it in extraction.items if it.kind == "measure"]
    assert [m.number for m in measures] == ["①", "②", "③", "④"]
    assert [r.printed for r in measures[1].responsibilities] == ["市卫生健康委", "市发展改革委"]


def test_a_heading_title_without_punctuation_heads_the_numbers_after_it():
    flat = ("一、加强困难群体关爱服务保障1.提高困难群众救助保障水平具体措施:救助保障标准再提高10%。"
            "2.免费康复救助2000名残疾儿童具体措施:为残疾儿童提供康复训练补助。二、巩固拓展脱贫攻坚成果"
            "3.实施扶贫特惠保险具体措施:购买医疗商业补充保险。")
    assert _broken_lines(flat) == [
        "一、加强困难群体关爱服务保障", "1.提高困难群众救助保障水平", "具体措施:救助保障标准再提高10%。",
        "2.免费康复救助2000名残疾儿童", "具体措施:为残疾儿童提供康复训练补助。", "二、巩固拓展脱贫攻坚成果",
        "3.实施扶贫特惠保险", "具体措施:购买医疗商业补充保险。"]


@pytest.mark.parametrize("sentence", [
    "全年新增就业1.5万人，其中高校毕业生2.3万人。",  # decimals
    "自2021.3.5起施行，至2022.3.5止。",  # dates
    "完成第1、2项任务，推进第3、4项任务，启动第5、6项。",  # ordinals
    "建立统一、规范、高效的服务体系；实施唯一、权威的标准。",  # 一、 inside words
    "完成农村公路四、五类危旧桥梁改造15座。",  # 四、五类
    "共建成 3 个中心，改造 4 个站点，新增 5 个网点。",  # spaced numbers
    "注：1.表中续行未列单位的，由上一行所列单位负责。2.牵头单位列有两个单位的，由所列单位共同牵头。",  # a note
    "市民政局（1.牵头；2.配合；3.督办）负责。",  # inside brackets
])
def test_numbers_inside_sentences_open_no_item(sentence):
    assert restore_breaks(sentence) is None


def test_offsets_map_back_to_the_text_as_printed():
    flat = "某区民生实事。1.新建食堂5个。2.新增托位300个。3.改造小区12个。"
    rebroken = restore_breaks(flat)
    assert rebroken is not None and rebroken.inserted == (7, 16, 27)
    for needle in ("1.新建", "2.新增", "3.改造", "12个"):
        assert rebroken.original(rebroken.text.index(needle)) == flat.index(needle)
    extraction = extract_text(flat, document="t", path="t.txt")
    assert [it.title for it in extraction.items if it.kind == "measure"] == ["新建食堂5个", "新增托位300个", "改造小区12个"]
    assert all(flat[t.span.start:t.span.end] == t.span.quote for t in extraction.targets)
    assert {t.span.quote for t in extraction.targets} >= {"新建食堂5个"}


def test_pipes_far_apart_in_a_page_header_and_footer_make_no_table_cell():
    header = "某县人民政府门户网站繁体版 | 简体版首页 > 政务公开"
    footer = "网站地图 | 联系我们 | 主办：某县人民政府"
    body = "".join(f"{cn}、实施第{k}项民生工程新建服务中心{k}个。牵头单位：县民政局" for k, cn in enumerate("一二三四五六七", 1))
    lines = _broken_lines(header + "某县民生实事" + body + footer)
    assert [ln[:2] for ln in lines if ln[1:2] == "、"] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]


def test_responsibility_lines_after_a_top_level_paragraph_on_one_line_are_its_own():
    flat = ("汶上县2024年为民办实事项目一、提升养老服务水平新建乡镇综合养老服务中心3个。牵头单位：县民政局"
            "配合单位：县财政局二、扩大教育资源供给新建中小学校舍5所。牵头单位：县教育局配合单位：县住建局"
            "三、提升基层医疗服务能力新增床位120张。牵头单位：县卫生健康局配合单位：县医疗保障局")
    ex = extract_text(flat, document="x", path="x.txt")
    roles = [sorted((r.printed, r.role) for r in it.responsibilities) for it in ex.items if it.kind == "measure"]
    assert roles == [[("县民政局", "lead"), ("县财政局", "cooperating")],
                     [("县住建局", "cooperating"), ("县教育局", "lead")],
                     [("县医疗保障局", "cooperating"), ("县卫生健康局", "lead")]]
    assert all(flat[r.span.start:r.span.end] == r.printed for it in ex.items for r in it.responsibilities)


def test_a_paragraph_indent_after_a_sentence_end_starts_a_paragraph_but_a_table_gap_does_not():
    page = ("温州市十二件民生实事项目公布\u3000\u30002月19日，经市人大常委会票决，项目已明确到相关单位。"
            "\u3000\u3000今年将全力办好以下民生实事：一是扩大优质教育资源供给，新增学位1.5万个，由市教育局牵头；"
            "二是提升居家养老服务水平，新建老年食堂50家，由市民政局负责。")
    assert [ln[:4] for ln in _broken_lines(page)][1:] == ["\u3000\u3000今年"]
    table = "项目名称  建设内容  责任单位\n老年食堂  新建老年食堂50家。  市民政局\n托育机构  新增托位300个。  市卫生健康委\n"
    assert restore_breaks(table) is None


def test_recurring_bullets_and_bracketed_headings_inside_a_line_open_items():
    flat = ("西秀区十大民生实事【学有优教】◆ 公办幼儿园扩容提质。■ 责任单位：区教育局◆ 义务教育薄弱学校改造。"
            "■ 责任单位：区教育局【病有良医】◆ 基层医疗卫生能力提升。■ 责任单位：区卫生健康局")
    lines = _broken_lines(flat)
    assert [ln[:2] for ln in lines[1:]] == ["【学", "◆ ", "■ ", "◆ ", "■ ", "【病", "◆ ", "■ "]
    assert restore_breaks("张·三与李·四，王·五和赵·六见面。") is None  # the middle dot of names


def test_a_table_of_tabbed_cells_on_one_line_reads_one_cell_per_line():
    # LAYOUTS.md A1 with its line breaks lost: each cell keeps the tab before it, so from
    # the header on a tab opens a cell again and the header's cell count gives the period;
    # a ① inside a cell opens no line
    cells = ["序号", "项目名称", "建设内容", "责任单位", "一、老有所养", "", "", "",
             "1", "社区养老机构建设", "新建养老机构4家。①城区2家；②农村2家。", "区民政局",
             "2", "老年助餐点建设", "新建老年助餐点12个。", "区民政局",
             "二、幼有所育", "", "", "", "3", "普惠托育", "新增普惠托位500个。", "区卫生健康委"]
    flat = "某区2024年民生实事项目表" + "".join("\t" + c for c in cells) + "注：排在第一位的为牵头单位。"
    ex = extract_text(flat, document="t", path="t.txt")
    assert [(it.kind, it.number, it.title) for it in ex.items] == [
        ("group", "一", "老有所养"), ("measure", "1", "社区养老机构建设"), ("measure", "2", "老年助餐点建设"),
        ("group", "二", "幼有所育"), ("measure", "3", "普惠托育")]
    assert all(flat[t.span.start:t.span.end] == t.span.quote for t in ex.targets)


def test_pipe_tables_with_outer_pipes_on_one_line_read_row_by_row():
    # rows meet as ||; a second table's header after a heading starts its own table, whose
    # rows give the units of the items above by number; the header repeated on the next
    # page is no row
    flat = ("某市2024年民生实事一、项目| 序号 | 项目名称 | 目标任务 || --- | --- | --- |"
            "| 1 | 义务教育学校建设 | 新增学位6000个。 || 序号 | 项目名称 | 目标任务 |"
            "| 2 | 普惠性幼儿园扩容 | 新增学位2400个。 |"
            "二、责任分工（加★的为牵头单位）| 序号 | 责任单位 | 责任领导 || --- | --- | --- |"
            "| 1 | 市教育局★、市财政局 | 副市长 杨某 || 2 | 市教育局★、市住建局 | 副市长 杨某 |")
    ex = extract_text(flat, document="t", path="t.txt")
    measures = [it for it in ex.items if it.kind == "measure"]
    assert [(it.number, it.title) for it in measures] == [("1", "义务教育学校建设"), ("2", "普惠性幼儿园扩容")]
    assert {(r.printed, r.role) for r in measures[1].responsibilities} == {("市教育局", "lead"), ("市住建局", "cooperating")}


def test_records_run_together_on_one_line_break_before_their_recurring_labels():
    # labels no lexicon knows (标题, 内容) recur once a record in one order: each starts a
    # line again, as the bullet numbering each card does; a label inside brackets
    # (（责任单位：…）) or printed once elsewhere (区直各单位：) stays where it is; the
    # page's buttons 【打印本页】【关闭窗口】 are no headings
    cards = "".join(f"◆项目{cn}标题：{t}内容：新建服务站{k}个。（责任单位：区民政局）责任单位：区民政局、区财政局完成时限：2024年12月底"
                    for k, (cn, t) in enumerate(zip("一二三", ["养老服务提升", "托育服务扩容", "就业促进"]), 1))
    flat = "某区人民政府【打印本页】【关闭窗口】区直各单位：现将项目印发如下。" + cards
    lines = _broken_lines(flat)
    assert lines[:6] == ["某区人民政府【打印本页】【关闭窗口】区直各单位：现将项目印发如下。", "◆项目一", "标题：养老服务提升",
                         "内容：新建服务站1个。（责任单位：区民政局）", "责任单位：区民政局、区财政局", "完成时限：2024年12月底"]
    ex = extract_text(flat, document="t", path="t.txt")
    assert [(it.number, it.title) for it in ex.items] == [("项目一", "养老服务提升"), ("项目二", "托育服务扩容"), ("项目三", "就业促进")]


def test_a_long_line_of_running_paragraphs_starts_a_line_at_each_sentence_end():
    # a news page flattened to one line whose paragraphs open with 一是 / 二是: no
    # numbering marker puts a break back, so each sentence of the long line starts one
    paragraphs = "".join(f"{cn}是实施第{k}项民生工程。年内新建服务中心{k}个，惠及群众{k}万人。该项目由县民政局牵头。"
                         for k, cn in enumerate("一二三四五六七八九十", 1))
    flat = "某县十件民生实事出炉。今年县政府将办好十件民生实事，具体如下。" + paragraphs * 2
    lines = _broken_lines(flat)
    assert "一是实施第1项民生工程。" in lines and "年内新建服务中心1个，惠及群众1万人。" in lines
    assert restore_breaks(paragraphs[:200]) is None  # a short paragraph keeps its sentences together


def test_a_recurring_bullet_right_after_a_colon_opens_a_line_unless_a_role_label_precedes_it():
    flat = ("答：12项实事具体如下：■ 学有优教1.新建小学1所，新增学位1080个。2.提供营养午餐，惠及学生2.1万人。"
            "■ 病有良医3.提质升级卫生院3个。4.免费开展两癌筛查1.5万人。■ 老有颐养5.新增养老床位150张。"
            "牵头单位：■市民政局")
    lines = _broken_lines(flat)
    assert "■ 学有优教" in lines and "■ 病有良医" in lines
    assert lines[-1].endswith("牵头单位：■市民政局")


def test_rows_numbered_in_order_on_one_line_start_lines_again():
    text = ("附件民生实事任务分解表序号 | 项目名称 | 主要任务 | 牵头单位--- | --- | --- | ---"
            "1 | 学前教育 | 新增学位3240个。 | 市教育局2 | 养老服务 | 新增床位500张。 | 市民政局"
            "3 | 就业增收 | 城镇新增就业6500人。 | 市人社局4 | 医疗卫生 | 新建卫生院2所。 | 市卫健委")
    text = text + "。" + "说明文字" * 200  # a page flattened to one long line
    lines = _broken_lines(text)
    assert lines[:4] == ["附件民生实事任务分解表", "序号 | 项目名称 | 主要任务 | 牵头单位", "--- | --- | --- | ---",
                         "1 | 学前教育 | 新增学位3240个。 | 市教育局"]
    assert lines[4] == "2 | 养老服务 | 新增床位500张。 | 市民政局"


def test_numbers_in_prose_on_one_line_are_no_rows():
    text = ("全年完成投资1  亿元，新建学校2  所，改造道路3  公里。" + "说明文字" * 250)
    assert _broken_lines(text)[0] == "全年完成投资1  亿元，新建学校2  所，改造道路3  公里。"


def test_a_numbered_row_with_sub_rows_on_one_line_gives_each_sub_row_a_line():
    text = ("序号 | 项目名称 | 主要工作任务 | 牵头单位--- | --- | --- | ---"
            "1 | 学前教育 | 新增学位3240个。 | 市教育局  |  | 建设乡镇中心幼儿园4所。 | 大通县人民政府"
            "2 | 养老服务 | 新增床位500张。 | 市民政局3 | 就业增收 | 城镇新增就业6500人。 | 市人社局")
    lines = _broken_lines(text + "。" + "说明文字" * 200)
    assert lines[2:5] == ["1 | 学前教育 | 新增学位3240个。 | 市教育局", "  |  | 建设乡镇中心幼儿园4所。 | 大通县人民政府",
                          "2 | 养老服务 | 新增床位500张。 | 市民政局"]


def test_tab_separated_rows_on_one_line_start_at_their_numbers():
    # a row per line, cells apart by tabs (no tab before a row's first cell): on one line
    # each row's number runs into the last cell before it, a category row too; the
    # header holds a column no lexicon names (推进状态); a last cell ending in digits
    # runs into the next number (…\t2025 + 5 → 20255); a row may name two numbers
    rows = [("1", "城区公办幼儿园建设", "新建幼儿园1所，新增学位360个", "县教育局★、县发改局", "序时推进"),
            ("2", "农村学校供暖改造", "完成8所农村学校供暖设施改造", "县教育局", "2025"),
            ("二、医疗卫生（2项）",), ("3、4", "两癌筛查和体检", "免费开展两癌筛查6000人", "县卫健局★、县妇联", "2025"),
            ("5", "居民医保参保", "参保率稳定在95%以上", "县医保局★、县税务局", "序时推进")]
    table = "序号\t民生实事\t年度目标\t责任单位\t推进状态一、教育（2项）" + "".join("\t".join(r) for r in rows)
    flat = "某县民生实事督办台账。注：标注★的为牵头单位。" + table + "抄送：县委办。" + "说明文字" * 200
    lines = _broken_lines(flat)
    assert lines[1:7] == ["序号\t民生实事\t年度目标\t责任单位\t推进状态", "一、教育（2项）", "\t".join(rows[0]), "\t".join(rows[1]),
                          "二、医疗卫生（2项）", "\t".join(rows[3])]
    assert lines[7].startswith("\t".join(rows[4]))  # the table's end is no line's end on one line


def _report_on_one_line(heading: str, ordinal: str, after: str) -> str:
    """A government report flattened to one line: a long review, then ``heading`` and five
    items opening with ``ordinal`` (第{}， / {}是), then ``after``."""
    items = "".join(ordinal.format(cn) + f"实施第{k}项民生工程。年内新建服务中心{k}个，惠及群众{k}万人，由县民政局牵头，县财政局配合。"
                    for k, cn in enumerate("一二三四五", 1))
    return "一、2023年工作回顾" + "过去一年，全县经济社会发展取得新成效，群众获得感持续增强。" * 20 + heading + items + after


def test_paragraphs_opening_with_ordinals_in_order_start_lines_again():
    # a government report flattened to one line: its items are paragraphs opening with
    # 第一，第二，… (or 一是、二是 …) after a sentence end; an ordinal inside a sentence
    # (…，第一，…) or out of order opens nothing
    flat = _report_on_one_line("二、2024年民生实事今年，县政府将办好五件民生实事，原则是第一，量力而行：",
                               "第{}，", "第七，附则。")
    lines = _broken_lines(flat)
    opened = [ln[:3] for ln in lines if ln.startswith("第")]
    assert opened == ["第一，", "第二，", "第三，", "第四，", "第五，"]
    assert lines[-1].endswith("县财政局配合。第七，附则。")


def test_a_box_drawn_table_on_one_line_ends_its_lines_where_its_border_is_as_wide():
    # every line of a box-drawn table is as wide on the page as its top border (a
    # full-width character takes two columns): each ends there again, and a numbered
    # heading inside a box line opens no line of its own, there or in the original
    box = ["┌────┬────────┬────────┐", "│序号│项目名称│责任单位│", "├────┴────────┴────────┤",
           "│一、幼有所育          │", "├────┬────────┬────────┤", "│1   │托育扩容│县卫健局│",
           "│    │（一期）│县教育局│", "└────┴────────┴────────┘"]
    original = "某县民生实事项目表\n" + "\n".join(box) + "\n注：排在第一位的为牵头单位。"
    assert _broken_lines(original.replace("\n", "")) == original.split("\n")
    assert restore_breaks(original) is None


def test_comma_separated_records_on_one_line_start_where_the_header_count_says():
    # a CSV export on one line: each record's last field ran into the next one's first;
    # the header's field count finds where they meet, the number column (second here)
    # says the record is in step, a value the last column printed before (2024年12月底)
    # cuts it from the next record's category; quoted fields keep their commas; a note
    # run into the last record ends the table and its points open no items
    rows = ["兜底保障类,1,提高低保标准,\"城市低保提高到800元;\n农村低保提高到7080元。\",市民政局,2024年12月底",
            ",2,一老一小工程,\"新增普惠托位1200个,其中托育点20个。\",市卫健委,2024年12月底",
            "教育就业类,3,扩大学位供给,新增学位1.2万个。,市教体局,2024年8月底",
            ",4,稳就业促增收,\"在\"\"天府通办\"\"新增就业服务专区。\",市人社局,2024年12月底"]
    text = ("绵阳市民生实事任务分解表,,,,,\n类别,序号,项目名称,工作任务,牵头单位,完成时限\n" + "\n".join(rows)
            + "\n注：1.牵头单位栏列有两个单位的，共同牵头；2.其余为配合单位。\n" + "说明文字" * 200)
    flat = text.replace("\n", "")
    lines = _broken_lines(flat)
    assert lines[1:7] == ["类别,序号,项目名称,工作任务,牵头单位,完成时限"] + [r.replace("\n", "") for r in rows] + [
        "注：1.牵头单位栏列有两个单位的，共同牵头；2.其余为配合单位。"]
    ex = extract_text(flat, document="t", path="t.txt")
    assert [it.number for it in ex.items if it.kind in MEASURE_KINDS] == ["1", "2", "3", "4"]


def test_sub_rows_of_a_table_aligned_by_spaces_on_one_line_start_lines_again():
    # a table aligned by spaces (a full-width character takes two columns) whose rows run
    # on under an empty number and name: on one line a sub-row's indent follows the last
    # cell above it; a gap as wide as a column's position, at no column, opens its line
    def row(*cells):
        out = ""
        for cell, column in zip(cells, (0, 6, 24, 60)):
            out += " " * (column - sum(2 if ord(c) > 0x2e7f else 1 for c in out)) + cell
        return out
    table = [row("序号", "项目名称", "主要工作任务", "牵头部门"),
             row("1", "就业增收", "城镇新增就业6500人。", "市人社局"), row("", "", "开展职业技能培训3000人次。"),
             row("", "", "新增直播就业岗位500个。", "市商务局"), row("2", "教育均衡", "新增学位900个。", "市教育局"),
             row("", "", "改造寄宿制学校6所。", "市教育局"), row("3", "医疗服务", "新增抢救床位40张。", "市卫健局")]
    flat = "某市民生实事项目表" + "".join(table) + "。" + "说明文字" * 200
    assert _broken_lines(flat)[1:7] == table[:6]


def test_a_lone_first_item_right_after_each_heading_title_opens_a_line_where_that_recurs():
    flat = ("第三章　提升公共教育服务水平第一节　职业教育和终身学习一、提升职业教育服务能力支持院校创建省级高水平专业群。"
            "第二节　促进高质量就业一、稳定和扩大就业城镇新增就业10万人。")
    lines = _broken_lines(flat)
    assert "一、提升职业教育服务能力支持院校创建省级高水平专业群。" in lines and "一、稳定和扩大就业城镇新增就业10万人。" in lines
    once = "第三章　总体要求第一节　推进统一、规范的服务体系建设，到2025年基本建成。"
    assert not any(ln.startswith("一、") for ln in _broken_lines(once))


def test_a_heading_run_into_its_first_sentence_above_ordinal_paragraphs_ends_after_its_first_clause():
    flat = _report_on_one_line("二、用心用情办好五件民生实事今年，我们将集中力量办好五件民生实事：", "{}是",
                               "各位代表，民生实事是民心工程。")
    lines = _broken_lines(flat)
    assert "二、用心用情办好五件民生实事今年，" in lines
    assert [ln[:2] for ln in lines if ln[1:2] == "是"] == ["一是", "二是", "三是", "四是", "五是"]
    ex = extract_text(flat, document="t", path="t.txt")
    assert [it.number for it in ex.items if it.kind in MEASURE_KINDS][-5:] == ["一", "二", "三", "四", "五"]
