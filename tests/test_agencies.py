"""Agency resolution: printed forms → one formal body, across provinces and levels.

The cases of :func:`test_resolutions` are the rows of ``tests/data/agency_resolutions.tsv``:
adding a printed form and the body it names is adding a line there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mskg.errors import InputError
from mskg.identifiers import agency_iri
from mskg.ingest.agencies import lexicon, resolve
from mskg.ingest.places import jurisdiction_of

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def county():  # a county plan in Shandong
    return jurisdiction_of("汶上县人民政府")


@pytest.fixture(scope="module")
def city():  # a city plan in Shanxi
    return jurisdiction_of("吕梁市人民政府办公室")


@pytest.fixture(scope="module")
def district():  # a district plan in Guangdong: district bodies carry their city
    return jurisdiction_of("佛山市顺德区人民政府")


#: resolution cases, one a row: what a plan of the issuer prints and the body it names
CASES = HERE / "data" / "agency_resolutions.tsv"


def cases() -> list:
    lines = [ln for ln in CASES.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    rows = [ln.split("\t") for ln in lines[1:]]  # after the header line
    assert rows and all(len(row) == 6 for row in rows), CASES
    return [pytest.param(*row[:5], None if row[5] == "-" else row[5], id=f"{row[0]}-{row[1]}") for row in rows]


@pytest.mark.parametrize("issuer,printed,full,kind,level,category", cases())
def test_resolutions(issuer, printed, full, kind, level, category) -> None:
    a = resolve(printed, jurisdiction_of(issuer))
    assert (a.full, a.kind, a.level, a.category) == (full, kind, level, category)
    assert printed in a.aliases
    assert a.jurisdiction


def test_jurisdiction_of_bodies(county, district) -> None:
    assert resolve("县民政局", county).jurisdiction == "山东省济宁市汶上县"
    # a county plan's 市XX局 is the parent city's bureau
    assert resolve("市民政局", county).full == "济宁市民政局"
    assert resolve("市民政局", county).jurisdiction == "山东省济宁市"
    # a branch of a city bureau serves the county it sits in
    assert resolve("市生态环境局汶上县分局", county).jurisdiction == "山东省济宁市汶上县"
    assert resolve("市医保局顺德分局", district).full == "佛山市医疗保障局顺德分局"


def test_same_body_printed_two_ways_is_one_iri() -> None:
    jining = jurisdiction_of("济宁市人民政府")
    a = resolve("市卫健委", jining)  # one document's printing
    b = resolve("市卫生健康委员会", jining)  # another's
    assert a.full == b.full == "济宁市卫生健康委员会"
    assert agency_iri(a.full) == agency_iri(b.full)
    # and from a county plan of the same city, 市卫健委 is the same body again
    c = resolve("市卫健委", jurisdiction_of("汶上县人民政府"))
    assert agency_iri(c.full) == agency_iri(a.full)


def test_abbreviations_and_formal_forms_agree(city) -> None:
    pairs = [
        ("市人社局", "市人力资源和社会保障局"),
        ("市人力资源社会保障局", "市人力资源和社会保障局"),
        ("市发改委", "市发展和改革委员会"),
        ("市发展改革委", "市发展和改革委员会"),
        ("市医保局", "市医疗保障局"),
        ("市市场监管局", "市市场监督管理局"),
        ("市妇联", "市妇女联合会"),
        ("市住建局", "市住房和城乡建设局"),
        ("市自然资源规划局", "市自然资源和规划局"),
    ]
    for short, formal in pairs:
        assert resolve(short, city).full == resolve(formal, city).full == "吕梁" + formal


def test_collective_is_never_a_body(county, city) -> None:
    for printed, jur, full in [
        ("各乡镇（街道）", county, "汶上县各乡镇人民政府（街道办事处）"),
        ("相关驻汶单位", county, "驻汶上县相关单位"),
        ("各县（市、区）", city, "吕梁市各县（市、区）人民政府"),
        ("县级政府", city, "吕梁市各县（市、区）人民政府"),
        ("各县区", city, "吕梁市各县区人民政府"),  # kinds as printed
        ("县级人力资源管理部门", city, "吕梁市各县（市、区）人力资源和社会保障部门"),
        ("市政府有关部门", city, "吕梁市人民政府有关部门"),
    ]:
        a = resolve(printed, jur)
        assert (a.full, a.kind, a.level) == (full, "collective", "collective"), printed
        bodies = [resolve(p, jur) for p in ("县人民政府", "市人民政府", "县民政局", "市民政局")]
        bodies = {agency_iri(b.full) for b in bodies if b.kind != "collective"}
        assert bodies and agency_iri(a.full) not in bodies
    # 各县（市、区） and a single county government are different IRIs
    assert agency_iri(resolve("各县（市、区）", city).full) != agency_iri(resolve("孝义市", city).full)


def test_lower_level_words_in_a_city_plan_are_collective(city) -> None:
    # a city's plan printing 县民政局 means every county's bureau
    a = resolve("县民政局", city)
    assert (a.full, a.kind) == ("吕梁市各县（市、区）民政局", "collective")
    assert resolve("区县", city).full == "吕梁市各县（市、区）人民政府"


def test_second_names_and_notes_in_brackets(city) -> None:
    assert resolve("市卫生健康委（市中医药管理局）", city).full == "吕梁市卫生健康委员会"
    assert resolve("市民政局（牵头）", city).full == "吕梁市民政局"


def test_traditional_input_gives_simplified_names() -> None:
    anxi = jurisdiction_of("安溪縣人民政府")
    assert anxi is not None and anxi.full == "福建省泉州市安溪县"
    a = resolve("縣衛健局", anxi)
    assert a.full == "安溪县卫生健康局"
    assert a.aliases[0] == "縣衛健局"
    assert resolve("團縣委", anxi).full == "共青团安溪县委员会"
    assert resolve("國網安溪縣供電公司", anxi).full == "国网福建省电力有限公司安溪县供电公司"


def test_unknown_body_is_kept_as_printed_after_its_jurisdiction(county) -> None:
    a = resolve("县殡葬管理所", county)
    assert a.full == "汶上县殡葬管理所"
    assert a.kind == "public_institution"
    assert a.category == "civil_affairs"  # by a keyword of the category scheme


def test_every_category_is_in_the_scheme() -> None:
    lex = lexicon()
    used = {e.category for e in lex.bodies.values()} | {e.category for e in lex.party.values()}
    used |= {v.category for v in lex.verticals} | {c.category for c in lex.collectives}
    used.discard(None)
    assert used <= set(lex.categories)
    assert len(lex.categories) >= 40 and len({e.formal for e in lex.bodies.values()}) >= 100


def test_empty_name_is_an_input_error(county) -> None:
    with pytest.raises(InputError, match="no name"):
        resolve(" 、", county)


def test_resolution_is_stable(county) -> None:
    assert resolve("县委组织部", county) == resolve("县委组织部", county)
