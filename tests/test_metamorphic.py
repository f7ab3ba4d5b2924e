"""Metamorphic tests: the same content in another layout must score the same.

Every table- or list-bearing gold document of the document sets (``document_sets.py``) is
rendered by ``metamorphic.py`` into each other flattening of its tables, with header
words swapped for synonyms, with numbering styles swapped, and in 繁體, each with gold
re-located in the variant. Each variant must score within 0.02 of its original on every
metric of ``mskg eval`` (precision, recall and F1 of sections, measures, domains, roles,
targets and places; agency-name and target-field accuracies).

Variants that the reader does not yet read alike are listed in
``data/metamorphic_xfail.json`` with what differs; they are strict xfails, so a variant
that comes to pass fails until its entry is removed.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from document_sets import SETS
from metamorphic import GoldLost, Variant, variants

from mskg.evaluation.gold import load_gold
from mskg.evaluation.metrics import score_document
from mskg.identifiers import document_id

HERE = Path(__file__).parent
TOLERANCE = 0.02
SCORE_KEYS = {"precision", "recall", "f1", "accuracy", "unit", "comparator", "year", "baseline"}
EXPECTED_FAILURES = json.loads((HERE / "data" / "metamorphic_xfail.json").read_text(encoding="utf-8"))


def _documents():
    for name, chosen in SETS.items():
        if not chosen.present:
            continue
        for path in sorted(chosen.gold.glob("*.json")):
            yield name, path, chosen.docs


@lru_cache(maxsize=None)
def _variants_of(gold_path: Path, docs: Path) -> tuple[str, dict, dict[str, Variant | GoldLost]]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = (docs / gold["document"]).read_text(encoding="utf-8-sig")
    try:
        found: dict[str, Variant | GoldLost] = {v.name: v for v in variants(text, gold)}
    except GoldLost as lost:
        found = {"gold": lost}
    return text, gold, found


def _cases():
    for set_name, path, docs in _documents():
        _, _, found = _variants_of(path, docs)
        for variant in found:
            key = f"{variant}/{path.stem}"
            marks = []
            if key in EXPECTED_FAILURES:
                marks = [pytest.mark.xfail(strict=True, reason=EXPECTED_FAILURES[key])]
            yield pytest.param(path, docs, variant, id=f"{variant}-{set_name}-{path.stem[:3]}", marks=marks)


def _scores(extract, text: str, gold: dict, doc_name: str, tmp: Path) -> dict:
    gold_path = tmp / f"{Path(doc_name).stem}.json"
    gold_path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    extraction = extract(text, document=document_id(Path(doc_name)), path=doc_name)
    return score_document(load_gold(gold_path), extraction).to_json()


def differences(before: dict, after: dict, where: str = "") -> list[str]:
    """Every score that moved by more than the tolerance (or became or stopped being undefined).

    >>> differences({"m": {"f1": 0.9, "gold": 3}}, {"m": {"f1": 0.89, "gold": 4}})
    []
    >>> differences({"m": {"f1": 0.9}}, {"m": {"f1": None}})
    ['m.f1 0.9 → None']
    """
    out = []
    for key, old in before.items():
        new = after.get(key) if isinstance(after, dict) else None
        path = f"{where}.{key}" if where else key
        if isinstance(old, dict):
            out += differences(old, new if isinstance(new, dict) else {}, path)
        elif key in SCORE_KEYS and (
            (old is None) != (new is None) or (old is not None and abs(new - old) > TOLERANCE + 1e-9)
        ):
            out.append(f"{path} {old} → {new}")
    return out


@pytest.mark.slow  # one extraction per variant, about two hundred
@pytest.mark.parametrize("gold_path, docs, variant", list(_cases()))
def test_a_variant_scores_like_its_original(gold_path, docs, variant, extract_once, tmp_path):
    text, gold, found = _variants_of(gold_path, docs)
    chosen = found[variant]
    if isinstance(chosen, GoldLost):
        pytest.fail(f"the gold of {gold_path.name} cannot be carried into its variants: {chosen}")
    doc_name = gold["document"]
    original = _scores(extract_once, text, gold, doc_name, tmp_path)
    changed = _scores(extract_once, chosen.text, chosen.gold, doc_name, tmp_path)
    moved = differences(original, changed)
    assert not moved, f"{variant} of {doc_name}:\n" + "\n".join(moved)


def test_every_table_or_list_document_has_variants():
    """The helper finds the tables and lists it is meant to vary, in every flattening met."""
    layouts = set()
    for _, path, docs in _documents():
        text, _, found = _variants_of(path, docs)
        from metamorphic import find_tables

        layouts |= {t.layout for t in find_tables(text)}
        if path.stem.startswith(("t01", "t08", "t11", "t14", "h01", "h06", "h13")):
            assert {"cells_tab", "records", "spaces", "hant"} <= set(found), path.stem
    assert {"cells_tab", "pipes_outer", "pipes_inner", "tabs_row", "spaces"} <= layouts


def test_cards_with_a_grouping_label_left_empty_are_one_table():
    """Mobile cards whose grouping label (类别：) is printed empty after the first card of its
    group, and whose value wraps onto a second line, are one table: the empty label is an
    empty cell, the wrap goes on the value, a count note above the cards numbers nothing."""
    from metamorphic import find_tables, render_tabs_row

    text = ("（共3项）\n\n类别：教育\n序号：1\n项目名称：新建学校\n\n"
            "类别：\n序号：2\n项目名称：课后服务覆盖率保持百分之百并开展送教\n下乡、送教到校活动不少于50场次。\n\n"
            "类别：医疗\n序号：3\n项目名称：新建卫生服务中心\n")
    (table,) = find_tables(text)
    assert table.header == ["类别", "序号", "项目名称"]
    assert [r[0] for r in table.rows] == ["教育", "", "医疗"]
    assert table.rows[1][2].endswith("开展送教下乡、送教到校活动不少于50场次。")
    assert text[table.start:].startswith("类别：教育")
    assert render_tabs_row(table).splitlines()[2] == "\t2\t课后服务覆盖率保持百分之百并开展送教下乡、送教到校活动不少于50场次。"


def test_a_numbered_list_with_one_labelled_paragraph_an_item_is_no_table():
    """Items whose one label：value line (具体措施：…) follows a numbered head are a list, not
    cards: the next item's head (2.…) is no wrap of the value above, and a card never prints
    a label twice (read as cards, the list became a table of 具体措施 columns, the heads glued
    to the values)."""
    from metamorphic import find_tables

    text = ("一、完善医疗保障体系\n"
            "1.提高居民基本医疗保险待遇水平\n具体措施：将居民基本医疗保险政府补助标准提高到每人每年580元。\n"
            "2.完善职工长期护理保险制度\n具体措施：继续开展职工长期护理保险国家试点，实现全覆盖。\n"
            "3.积极开展职工互助保障工作\n具体措施：吸引更多的单位参保入会，减轻患病职工经济负担。\n"
            "二、提升医保服务水平\n"
            "4.推进医保经办服务事项跨省通办\n具体措施：创新医保服务方式，推进五项医保经办服务跨省通办。\n"
            "5.市内定点医院开展门诊联网结算\n具体措施：年底前10家以上市内定点医院实现普通门诊费用联网直接结算。\n"
            "6.推进医保个人账户一卡通行\n具体措施：升级更新定点医药机构刷卡终端设备，完善医保服务协议。\n")
    assert find_tables(text) == []
