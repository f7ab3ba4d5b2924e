"""Reading quantities: numbers, Chinese numerals, ranges, multipliers, units, comparators."""

from __future__ import annotations

import pytest

from mskg.ingest.quantities import find_quantities, parse_number, unit_reading, vocabulary


def one(text: str):
    qs = find_quantities(text)
    assert len(qs) == 1, [(q.value_text, q.unit) for q in qs]
    q = qs[0]
    assert text[q.start:q.end] == text[q.start:q.end]  # offsets index the text
    return q


@pytest.mark.parametrize("printed, value", [
    ("6400", 6400.0), ("3.44", 3.44), ("1,200", 1200.0), ("１２", 12.0),
    ("两", 2.0), ("十", 10.0), ("十二", 12.0), ("二十", 20.0), ("一百", 100.0), ("半", 0.5),
])
def test_parse_number(printed, value):
    assert parse_number(printed) == value


@pytest.mark.parametrize("printed", ["", "abc", "十四五x"])
def test_parse_number_rejects_non_numbers(printed):
    with pytest.raises(ValueError):
        parse_number(printed)


def test_wan_multiplier_is_kept_in_unit_and_applied_to_normalised_value():
    q = one("新增就业1.1万人")
    assert (q.value, q.unit, q.normalised_value, q.normalised_unit) == (1.1, "万人", 11000.0, "人")
    q = one("开发公益性岗位3.44万个")
    assert (q.value, q.unit, q.normalised_value, q.normalised_unit) == (3.44, "万个", 34400.0, "个")
    q = one("地区生产总值达到1000亿元")
    assert (q.value, q.unit, q.normalised_value) == (1000.0, "亿元", 1e11)


@pytest.mark.parametrize("text, unit, normalised", [
    ("补助标准为576元/人/月", "元/人/月", "元/人/月"),
    ("每千人口床位达到4.5张/千人", "张/千人", "张/千人"),
    ("一次性开办补助2万元/班", "万元/班", "元/班"),
    ("购置50台（套）设备", "台（套）", "台"),
    ("建筑面积控制在60-90m2", "m2", "平方米"),
])
def test_compound_and_printed_units(text, unit, normalised):
    q = one(text)
    assert (q.unit, q.normalised_unit) == (unit, normalised)


@pytest.mark.parametrize("text, lo, hi", [
    ("每个县区建设2-3个平台", 2.0, 3.0),
    ("打造2至3处示范点", 2.0, 3.0),
    ("打造1—2个知名品牌", 1.0, 2.0),
    ("建筑面积60～90m2", 60.0, 90.0),
])
def test_ranges_are_lower_bound_with_upper_bound(text, lo, hi):
    q = one(text)
    assert (q.value, q.value_max, q.comparator) == (lo, hi, ">=")


def test_a_span_of_years_is_not_a_range():
    assert all(q.value_max is None for q in find_quantities("2022—2025年"))


@pytest.mark.parametrize("text, value, unit", [
    ("加快建设两条快速连接线", 2.0, "条"),
    ("争取打造一处城市书房", 1.0, "处"),
    ("新建十个乡镇创业孵化基地", 10.0, "个"),
    ("半小时到高铁机场", 0.5, "小时"),
    ("接入七类基础信息", 7.0, "类"),
])
def test_chinese_numerals_before_count_units(text, value, unit):
    q = one(text)
    assert (q.value, q.unit, q.chinese) == (value, unit, True)


def test_shang_wan_is_ten_thousand_or_more():
    q = one("开展上万人次的新型学徒制培训")
    assert (q.value, q.unit, q.comparator, q.normalised_value) == (1.0, "万人次", ">=", 10000.0)


@pytest.mark.parametrize("text", [
    "按照省里统一部署", "一课一名师", "实施“三名”工程", "落实“两个确保”", "践行“三个一”工程",
    "四、五类危旧桥梁", "择优推荐参评“全国百名”", "力争实现两个百分百目标", "一次性补助",
    "推行“一件事一次办”", "实现“最多跑一次”",
])
def test_numerals_inside_words_and_slogans_are_not_quantities(text):
    assert [q for q in find_quantities(text) if q.chinese] == []


@pytest.mark.parametrize("text, comparator", [
    ("学前教育公办率达80%以上", ">="),
    ("托位不少于10000个", ">="),
    ("筛查覆盖率不低于90%", ">="),
    ("至少接受1次产前筛查", ">="),
    ("县级平台覆盖率至少达到90%", ">="),
    ("老年人食堂面积原则上不少（小）于70平方米", ">="),
    ("等10多家就业渠道", ">"),
    ("开展30余项活动", ">"),
    ("确保残疾儿童入学率超过95%", ">"),
    ("空编率在5%以下", "<="),
    ("失业率控制在5.5%以内", "<="),
    ("引进高层次人才80名左右", "~"),
    ("惠及约24万户", "~"),
    ("床位达到6400张", "="),
    ("新改建农村公路95公里", "="),
    # a rate's denominator may stand between the word and the number
    ("农村低保标准不低于每人每年6000元", ">="),
    ("城市低保标准不低于每人每月800元", ">="),
])
def test_comparator_words(text, comparator):
    assert one(text).comparator == comparator


def test_comparator_word_far_before_a_number_is_not_taken():
    assert one("约谈通报”5项制度").comparator == "="


def test_unit_followed_by_word_characters_is_not_a_unit():
    q = one("年内将86万天然气居民用户的软管更换")
    assert (q.value, q.unit, q.normalised_value, q.normalised_unit) == (86.0, "万户", 860000.0, "户")
    q = one("覆盖86万天然气")
    assert (q.value, q.unit) == (86.0, "万")


def test_offsets_cover_comparator_number_and_unit():
    text = "每千名老年人拥有养老床位数42张以上，"
    q = one(text)
    assert text[q.start:q.end] == "42张以上"
    assert text[q.num_start:q.num_end] == "42张"


def test_vocabulary_is_loaded_from_the_lexicon():
    voc = vocabulary()
    assert voc.units["张"][0] == "张" and voc.before["不少于"] == ">=" and voc.after["左右"] == "~"
    assert voc.multipliers["万"] == 10000


@pytest.mark.parametrize("text, value, unit, comparator", [
    ("孕产妇死亡率控制在10/10万以下", 10.0, "/10万", "<="),
    ("婴儿死亡率控制在5‰以下", 5.0, "‰", "<="),
])
def test_rates_per_hundred_thousand_and_per_mille(text, value, unit, comparator):
    q = one(text)
    assert (q.value, q.unit, q.comparator) == (value, unit, comparator)


@pytest.mark.parametrize("text, value, unit, normalised", [
    ("两条", 2.0, "条", 2.0),
    ("新增就业三万人", 3.0, "万人", 30000.0),
    ("开展上万人次", 1.0, "万人次", 10000.0),
])
def test_chinese_numerals_at_the_ends_of_a_text(text, value, unit, normalised):
    q = one(text)
    assert (q.value, q.unit, q.normalised_value) == (value, unit, normalised)


def test_plain_numerals_read_as_cn2an_reads_them() -> None:
    """parse_number reads plain numerals without importing cn2an: every form it reads
    so gives cn2an's value, and a spoken form is still cn2an's."""
    import itertools

    import cn2an

    from mskg.ingest.quantities import _PLAIN_NUMERAL

    digits = "一二两三四五六七八九"
    thousands = ["", *(d + "千" for d in digits)]
    hundreds = ["", *(d + "百" for d in digits)]
    tens = ["", "十", *(d + "十" for d in digits)]
    units = ["", *digits]
    checked = 0
    for parts in itertools.product(thousands, hundreds, tens, units):
        s = "".join(parts)
        if not s:
            continue
        assert _PLAIN_NUMERAL.fullmatch(s)
        assert parse_number(s) == float(cn2an.cn2an(s, "smart")), s
        checked += 1
    assert checked > 15_000
    assert parse_number("一百一") == 110.0  # spoken: one hundred and ten
    assert parse_number("三千五") == 3500.0
    assert parse_number("一二三") == 123.0
    assert parse_number("两千零五") == 2005.0


@pytest.mark.parametrize("label, normalised, factor, kind", [
    ("万人", "人", 10000.0, "people"), ("亿元", "元", 100000000.0, "money"), ("%", "%", 1.0, "ratio"),
    ("％", "%", 1.0, "ratio"), (" 张 ", "张", 1.0, "count"), ("张/千人", "张/千人", 1.0, "rate"),
    ("万平方米", "平方米", 10000.0, "area"), ("人次", "人次", 1.0, "people"),
])
def test_a_label_that_is_a_unit(label, normalised, factor, kind):
    u = unit_reading(label)
    assert (u.printed, u.normalised, u.factor, u.kind) == (label.strip(), normalised, factor, kind)


@pytest.mark.parametrize("label", ["助理", "", "万", "个人", "单位", "人民币元"])
def test_a_label_that_is_not_a_unit(label):
    # a bracket such as （助理） in 执业（助理）医师 names, it does not measure
    assert unit_reading(label) is None
