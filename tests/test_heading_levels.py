"""Heading levels come from how a document nests its numbering, not from the style's usual rank.

The genre usually nests 一、 > （一） > 1. > （1） > ①, but documents deviate. The same
plan numbered the other way round (（1） above 1.) must give the same sections, measures
and roles; where units are printed decides which level holds the measures.
"""

from __future__ import annotations

import pytest

from mskg.ingest import extract_text

USUAL = """\
汶上县民生实事实施方案
一、重点任务
（一）完善养老服务网络
1.建设社区养老服务设施。新建日间照料中心6个。（牵头单位：县民政局；配合单位：县财政局）
2.发展老年助餐服务。新建老年餐桌30个。（牵头单位：县民政局；配合单位：县市场监督管理局）
（二）提升托育服务能力
1.新增普惠托位。新增普惠托位300个。（牵头单位：县卫生健康局；配合单位：县教育局）
2.培训托育人员。培训托育从业人员200人。（牵头单位：县卫生健康局；配合单位：县人力资源和社会保障局）
（三）推进医养结合。组建医养结合服务团队4个。（牵头单位：县卫生健康局；配合单位：县民政局）
二、保障措施
加强组织领导，强化督促检查。
"""


def _swap(text: str, a, b) -> str:
    """Swap two numbering forms at line starts (``a(k)`` ↔ ``b(k)``): 1. ↔ （1）."""
    out = []
    for line in text.split("\n"):
        for k in range(1, 10):
            if line.startswith(a(k)):
                line = b(k) + line[len(a(k)):]
                break
            if line.startswith(b(k)):
                line = a(k) + line[len(b(k)):]
                break
        out.append(line)
    return "\n".join(out)


def _shape(extraction):
    return [(it.key, it.kind, it.title, sorted((r.agency.full, r.role) for r in it.responsibilities))
            for it in extraction.items]


@pytest.mark.parametrize("b", [lambda k: f"（{k}）", lambda k: "①②③④⑤⑥⑦⑧⑨"[k - 1], lambda k: f"{k}、"],
                         ids=["paren", "circled", "comma"])
def test_the_same_plan_numbered_in_another_nesting_reads_alike(b):
    swapped = _swap(USUAL, lambda k: f"{k}.", b)
    assert swapped != USUAL
    usual = extract_text(USUAL, document="u", path="u.txt")
    other = extract_text(swapped, document="o", path="o.txt")
    assert _shape(other) == _shape(usual)
    kinds = {it.title: it.kind for it in other.items}
    assert kinds["完善养老服务网络"] == "group" and kinds["建设社区养老服务设施"] == "measure"
    assert kinds["推进医养结合"] == "measure"


def test_a_parent_that_prints_its_units_keeps_its_numbered_points_as_sub_measures():
    text = ("汶上县民生实事实施方案\n一、重点任务\n（一）实施交通畅通工程\n"
            "（1）推进建设项目。新改建农村公路95公里。\n（2）统筹规划交通项目。完成危旧桥梁改造15座。\n"
            "牵头单位：县交通运输局\n配合单位：县财政局\n")
    for variant in (text, text.replace("（1）", "1、").replace("（2）", "2、")):
        ex = extract_text(variant, document="x", path="x.txt")
        kinds = [(it.title, it.kind) for it in ex.items]
        assert kinds == [("重点任务", "group"), ("实施交通畅通工程", "measure"),
                         ("推进建设项目", "sub-measure"), ("统筹规划交通项目", "sub-measure")]


def test_a_marker_that_changes_form_but_goes_on_with_the_sequence_is_a_sibling():
    text = ("汶上县民生实事实施方案\n一、重点任务\n"
            "1.建设社区养老服务设施。新建日间照料中心6个。（牵头单位：县民政局）\n"
            "（2）发展老年助餐服务。新建老年餐桌30个。（牵头单位：县民政局）\n"
            "3.新增普惠托位。新增普惠托位300个。（牵头单位：县卫生健康局）\n")
    ex = extract_text(text, document="x", path="x.txt")
    assert [(it.key, it.number, it.kind) for it in ex.items] == [
        ("s01", "一", "group"), ("s01.1", "1", "measure"), ("s01.2", "（2）", "measure"), ("s01.3", "3", "measure")]


def test_a_box_number_printed_twice_keys_two_boxes():
    text = ("某县“十四五”公共服务规划\n第一章 幼有所育\n专栏1 托育服务工程\n1.新建托育中心3个。\n"
            "第二章 老有所养\n专栏1 养老服务工程\n1.新建养老院2所。\n")
    ex = extract_text(text, document="x", path="x.txt")
    keys = [it.key for it in ex.items]
    assert len(keys) == len(set(keys))
    boxes = [it for it in ex.items if it.key.startswith("box") and "." not in it.key]
    assert [b.key for b in boxes] == ["box1", "box1-2"]
    assert {it.parent for it in ex.items if it.kind == "project"} == {"box1", "box1-2"}
