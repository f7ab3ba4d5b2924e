"""Agency resolution: printed forms → one formal body, across provinces and levels."""

from __future__ import annotations

import pytest

from mskg.errors import InputError
from mskg.identifiers import agency_iri
from mskg.ingest.agencies import lexicon, resolve
from mskg.ingest.places import jurisdiction_of


@pytest.fixture(scope="module")
def county():  # a county plan in Shandong
    return jurisdiction_of("汶上县人民政府")


@pytest.fixture(scope="module")
def city():  # a city plan in Shanxi
    return jurisdiction_of("吕梁市人民政府办公室")


@pytest.fixture(scope="module")
def district():  # a district plan in Guangdong: district bodies carry their city
    return jurisdiction_of("佛山市顺德区人民政府")


CASES = [
    # (jurisdiction issuer, printed, full, kind, level, category)
    ("汶上县人民政府", "县民政局", "汶上县民政局", "government_department", "county", "civil_affairs"),
    ("汶上县人民政府", "县发展和改革局", "汶上县发展和改革局", "government_department", "county", "development_reform"),
    ("汶上县人民政府", "县委组织部", "中共汶上县委组织部", "party", "county", "party_organisation"),
    ("汶上县人民政府", "中共汶上县委员会", "中共汶上县委员会", "party", "county", "party_general"),
    ("汶上县人民政府", "县委", "中共汶上县委员会", "party", "county", "party_general"),
    ("汶上县人民政府", "义桥镇卫生院", "汶上县义桥镇卫生院", "public_institution", "town", "health"),
    ("汶上县人民政府", "县委编办", "中共汶上县委机构编制委员会办公室", "party", "county", "party_general"),
    ("汶上县人民政府", "团县委", "共青团汶上县委员会", "mass_organisation", "county", "youth"),
    ("汶上县人民政府", "市生态环境局汶上县分局", "济宁市生态环境局汶上县分局", "government_department", "county", "ecology_environment"),
    ("汶上县人民政府", "县规划事务中心", "汶上县规划事务中心", "public_institution", "county", "natural_resources_planning"),
    ("济宁市人民政府", "市卫生健康委", "济宁市卫生健康委员会", "government_department", "city", "health"),
    ("济宁市人民政府", "市住房城乡建设局", "济宁市住房和城乡建设局", "government_department", "city", "housing_urban_rural"),
    ("济宁市人民政府", "市国资委", "济宁市人民政府国有资产监督管理委员会", "government_department", "city", "state_assets"),
    ("济宁市人民政府", "市残联", "济宁市残疾人联合会", "mass_organisation", "city", "disability"),
    ("济宁市人民政府", "市交警支队", "济宁市公安局交通警察支队", "government_department", "city", "public_security"),
    ("济宁市人民政府", "济宁消防救援支队", "济宁市消防救援支队", "government_department", "city", "fire_rescue"),
    ("济宁市人民政府", "任城区", "济宁市任城区人民政府", "government", "district", "local_government"),
    ("济宁市人民政府", "济宁高新区", "济宁高新技术产业开发区管理委员会", "government", "zone", "local_government"),
    ("济宁市人民政府", "国网济宁供电公司", "国网山东省电力公司济宁供电公司", "enterprise", "enterprise", "power_supply"),
    ("济宁市人民政府", "市移动公司", "中国移动通信集团山东有限公司济宁分公司", "enterprise", "enterprise", "telecommunications"),
    ("济宁市人民政府", "济宁银保监分局", "中国银行保险监督管理委员会济宁监管分局", "government_department", "city", "financial_regulation"),
    ("嘉兴市人民政府办公室", "市自然资源规划局", "嘉兴市自然资源和规划局", "government_department", "city", "natural_resources_planning"),
    ("宜昌市人民政府", "市人社局", "宜昌市人力资源和社会保障局", "government_department", "city", "human_resources_social_security"),
    ("宜昌市人民政府", "市城管执法委", "宜昌市城市管理执法委员会", "government_department", "city", "urban_management"),
    ("苏州市吴江区人民政府", "区税务局", "国家税务总局苏州市吴江区税务局", "government_department", "district", "taxation"),
    ("苏州市吴江区人民政府", "区委宣传部", "中共苏州市吴江区委宣传部", "party", "district", "party_publicity"),
    ("苏州市吴江区人民政府", "市资规局吴江分局", "苏州市自然资源和规划局吴江分局", "government_department", "district", "natural_resources_planning"),
    ("梓潼县人民政府", "文昌镇人民政府", "梓潼县文昌镇人民政府", "government", "town", "local_government"),
    ("济源产城融合示范区管理委员会", "示范区管委会", "济源产城融合示范区管理委员会", "government", "zone", "local_government"),
    ("济源产城融合示范区管理委员会", "示范区党工委", "中共济源产城融合示范区工作委员会", "party", "zone", "party_general"),
    ("孝义市人民政府", "市民政局", "孝义市民政局", "government_department", "county", "civil_affairs"),
    ("山东省人民政府", "省民政厅", "山东省民政厅", "government_department", "province", "civil_affairs"),
    # merged education and sports bureaus keep the formal form printed
    ("曲靖市麒麟区人民政府", "区教育体育局", "曲靖市麒麟区教育体育局", "government_department", "district", "education"),
    ("汶上县人民政府", "县教育和体育局", "汶上县教育和体育局", "government_department", "county", "education"),
    # State Grid companies whose city and county units are 供电分公司
    ("赣州市人民政府", "国网赣州供电公司", "国网江西省电力有限公司赣州供电分公司", "enterprise", "enterprise", "power_supply"),
    ("攸县人民政府", "国网攸县供电公司", "国网湖南省电力有限公司攸县供电分公司", "enterprise", "enterprise", "power_supply"),
    ("牡丹江市人民政府", "国网牡丹江供电公司", "国网黑龙江省电力有限公司牡丹江供电公司", "enterprise", "enterprise", "power_supply"),
    ("赤峰市人民政府", "国网赤峰供电公司", "国网内蒙古东部电力有限公司赤峰供电公司", "enterprise", "enterprise", "power_supply"),
    # China Southern Power Grid's supply bureaus in the five provinces it serves
    ("曲靖市麒麟区人民政府", "麒麟供电局", "云南电网有限责任公司曲靖麒麟供电局", "enterprise", "enterprise", "power_supply"),
    ("遵义市人民政府", "遵义供电局", "贵州电网有限责任公司遵义供电局", "enterprise", "enterprise", "power_supply"),
    ("梧州市人民政府", "藤县供电局", "广西电网有限责任公司梧州藤县供电局", "enterprise", "enterprise", "power_supply"),
    # zone committees the places data do not know: 管委会 → 管理委员会
    ("攸县人民政府", "湖南攸州工业园管委会", "湖南攸州工业园管理委员会", "government", "zone", "local_government"),
    ("攸县人民政府", "县工业园管委会", "攸县工业园管理委员会", "government", "zone", "local_government"),
    # branches of city bodies, mass organisations and the tax administration in other provinces
    ("遵义市汇川区人民政府", "市公安局汇川分局", "遵义市公安局汇川分局", "government_department", "district", "public_security"),
    ("遵义市汇川区人民政府", "团区委", "共青团遵义市汇川区委员会", "mass_organisation", "district", "youth"),
    ("牡丹江市人民政府", "团市委", "共青团牡丹江市委员会", "mass_organisation", "city", "youth"),
    ("牡丹江市人民政府", "市总工会", "牡丹江市总工会", "mass_organisation", "city", "trade_union"),
    ("霍山县人民政府", "县税务局", "国家税务总局霍山县税务局", "government_department", "county", "taxation"),
    # a district's public security is a branch of the city's bureau, however printed
    ("牡丹江市人民政府", "东安公安分局", "牡丹江市公安局东安分局", "government_department", "district", "public_security"),
    ("苏州市吴江区人民政府", "区公安分局", "苏州市公安局吴江分局", "government_department", "district", "public_security"),
    # in a district of a province-level municipality the municipality is the city
    ("北京市朝阳区人民政府", "朝阳公安分局", "北京市公安局朝阳分局", "government_department", "district", "public_security"),
    ("重庆市江北区人民政府", "区规划资源局", "重庆市江北区规划和自然资源局", "government_department", "district", "natural_resources_planning"),
    ("天津市河西区人民政府", "区建管委", "天津市河西区建设和管理委员会", "government_department", "district", "housing_urban_rural"),
    ("北京市海淀区人民政府", "区商务委", "北京市海淀区商务委员会", "government_department", "district", "commerce"),
    ("重庆市渝中区人民政府", "区绿化市容局", "重庆市渝中区绿化和市容管理局", "government_department", "district", "urban_management"),
    ("重庆市渝中区人民政府", "各街镇", "重庆市渝中区各镇人民政府（街道办事处）", "collective", "collective", "local_government"),
    # towns and streets listed side by side stay side by side
    ("重庆市渝中区人民政府", "各镇街", "重庆市渝中区各镇人民政府、街道办事处", "collective", "collective", "local_government"),
    ("宁波市鄞州区人民政府", "各乡镇政府、街道办事处", "宁波市鄞州区各乡镇人民政府、街道办事处", "collective", "collective", "local_government"),
    # lists opening with districts keep the kinds printed; 政府 is the people's government
    ("宝鸡市人民政府", "各区县政府", "宝鸡市各区县人民政府", "collective", "collective", "local_government"),
    ("威海市人民政府", "各区市政府", "威海市各区（市）人民政府", "collective", "collective", "local_government"),
    ("岳阳市人民政府", "各区县（市）人民政府", "岳阳市各区县（市）人民政府", "collective", "collective", "local_government"),
    ("海口市人民政府", "各区政府", "海口市各区人民政府", "collective", "collective", "local_government"),
    # county-first lists of two kinds too; all three kinds are 县（市、区）
    ("宝鸡市人民政府", "各县区政府", "宝鸡市各县区人民政府", "collective", "collective", "local_government"),
    ("宝鸡市人民政府", "各县（区）人民政府", "宝鸡市各县（区）人民政府", "collective", "collective", "local_government"),
    ("宝鸡市人民政府", "各县市区政府", "宝鸡市各县（市、区）人民政府", "collective", "collective", "local_government"),
    # grids of autonomous regions are named by the short name; western Inner Mongolia has its own
    ("哈密市人民政府", "国网哈密供电公司", "国网新疆电力有限公司哈密供电公司", "enterprise", "enterprise", "power_supply"),
    ("日喀则市人民政府", "日喀则供电公司", "国网西藏电力有限公司日喀则供电公司", "enterprise", "enterprise", "power_supply"),
    ("银川市人民政府", "国网银川供电公司", "国网宁夏电力有限公司银川供电公司", "enterprise", "enterprise", "power_supply"),
    ("呼和浩特市人民政府", "呼和浩特供电公司", "内蒙古电力（集团）有限责任公司呼和浩特供电分公司", "enterprise", "enterprise", "power_supply"),
    # a township's plan: its own offices after the township, the district's bodies after
    # the district, the villages below it as a collective
    ("宁乡市花明楼镇人民政府", "镇社会事务办", "花明楼镇社会事务办公室", "government_department", "town", None),
    ("宁乡市花明楼镇人民政府", "镇政府", "花明楼镇人民政府", "government", "town", "local_government"),
    ("宁乡市花明楼镇人民政府", "市民政局", "宁乡市民政局", "government_department", "county", "civil_affairs"),
    ("宁乡市花明楼镇人民政府", "各村（社区）", "花明楼镇各村民委员会（社区居民委员会）", "collective", "collective", "local_government"),
    # short endings of departments the lexicon does not know: 委 a committee, 办 an office
    ("长春市人民政府", "市城乡建设委", "长春市城乡建设委员会", "government_department", "city", "housing_urban_rural"),
    # a development zone printed without its place carries the plan's division
    ("包头市人民政府", "稀土高新区管委会", "包头稀土高新技术产业开发区管理委员会", "government", "zone", "local_government"),
    # the People's Bank's city branches since 2024 keep their printed 分行
    ("潍坊市人民政府", "中国人民银行潍坊市分行", "中国人民银行潍坊市分行", "government_department", "city", "financial_regulation"),
    # standard abbreviations expand only what they abbreviate; a full name printed without 和
    # that is formal of its own stays as printed
    ("宜宾市叙州区人民政府", "区编办", "中共宜宾市叙州区委机构编制委员会办公室", "party", "district", "party_general"),
    ("宜宾市叙州区人民政府", "区城管执法局", "宜宾市叙州区城市管理执法局", "government_department", "district", "urban_management"),
    ("宜宾市叙州区人民政府", "区政务服务办", "宜宾市叙州区政务服务办公室", "government_department", "district", "administrative_approval"),
    ("宜宾市叙州区人民政府", "区工信科技局", "宜宾市叙州区工业信息化和科技局", "government_department", "district", "industry_it"),
    ("天津市河东区人民政府", "区住房建设委", "天津市河东区住房和建设委员会", "government_department", "district", "housing_urban_rural"),
    ("上海市徐汇区人民政府", "区房管局", "上海市徐汇区住房保障和房屋管理局", "government_department", "district", "housing_urban_rural"),
    ("北京市通州区人民政府", "区交通局", "北京市通州区交通局", "government_department", "district", "transport"),
    ("遵义市人民政府", "市文体广电旅游局", "遵义市文体广电旅游局", "government_department", "city", "culture_tourism"),
    ("玉林市人民政府", "市文广体旅局", "玉林市文化广电体育和旅游局", "government_department", "city", "culture_tourism"),
    ("吉林市人民政府", "市文广旅局", "吉林市文化广播电视和旅游局", "government_department", "city", "culture_tourism"),
    ("合肥市人民政府", "市数据资源局", "合肥市数据资源管理局", "government_department", "city", "big_data"),
    ("嘉兴市人民政府", "市水务公司", "嘉兴市水务有限公司", "enterprise", "enterprise", "water"),
    # a branch printed after the district or county it serves belongs to the city's body
    ("宜宾市叙州区人民政府", "区自然资源和规划分局", "宜宾市自然资源和规划局叙州分局", "government_department", "district", "natural_resources_planning"),
    ("六安市金安区人民政府", "区生态环境分局", "六安市生态环境局金安分局", "government_department", "district", "ecology_environment"),
    ("霍山县人民政府", "县市场监管分局", "六安市市场监督管理局霍山分局", "government_department", "county", "market_regulation"),
    # kinds of township and zone in one collective, each with its own government
    ("宜宾市叙州区人民政府", "各镇（街道、开发区）", "宜宾市叙州区各镇人民政府（街道办事处、开发区管理委员会）", "collective", "collective", "local_government"),
    ("霍山县人民政府", "各乡（镇、街道）", "霍山县各乡（镇）人民政府、街道办事处", "collective", "collective", "local_government"),
    ("霍山县人民政府", "各山区乡镇", "霍山县各山区乡镇人民政府", "collective", "collective", "local_government"),
    # departments after a level word with 直 or 级: the unit it names, then as printed
    ("霍山县人民政府", "县直各有关部门", "霍山县直各有关部门", "collective", "collective", None),
    ("北京市通州区人民政府", "区级各部门", "北京市通州区各部门", "collective", "collective", None),
    # a company printed after its city and its district in short
    ("宜宾市叙州区人民政府", "国网宜宾叙州供电公司", "国网四川省电力公司宜宾市叙州区供电公司", "enterprise", "enterprise", "power_supply"),
    # a Hong Kong variant character (衞) is read as the standard one
    ("梅州市梅县区人民政府", "區衞生健康局", "梅州市梅县区卫生健康局", "government_department", "district", "health"),
    # a committee's organ printed right after the jurisdiction is the committee's all the same
    ("平罗县人民政府", "县宣传部", "中共平罗县委宣传部", "party", "county", "party_publicity"),
    ("平罗县人民政府", "县政法委", "中共平罗县委政法委员会", "party", "county", "party_political_legal"),
    ("平罗县人民政府", "县网信办", "中共平罗县委网络安全和信息化委员会办公室", "party", "county", "party_publicity"),
    ("平罗县人民政府", "县文明办", "中共平罗县委精神文明建设委员会办公室", "party", "county", "party_publicity"),
    # coordination bodies and their offices
    ("平罗县人民政府", "县妇儿工委办", "平罗县妇女儿童工作委员会办公室", "coordination_body", "county", "women_children"),
    ("平罗县人民政府", "县残工委", "平罗县残疾人工作委员会", "coordination_body", "county", "disability"),
    ("平罗县人民政府", "县爱卫办", "平罗县爱国卫生运动委员会办公室", "coordination_body", "county", "health"),
    # China Southern Power Grid's units are supply bureaus, also when printed as a 供电公司
    ("六盘水市人民政府", "六盘水供电公司", "贵州电网有限责任公司六盘水供电局", "enterprise", "enterprise", "power_supply"),
    # a company printed alone is the plan's own place's
    ("平罗县人民政府", "公交公司", "平罗县公共交通有限公司", "enterprise", "enterprise", "public_transport"),
    # an autonomous region printed by its level word, as 省 is elsewhere
    ("平罗县人民政府", "自治区卫健委", "宁夏回族自治区卫生健康委员会", "government_department", "province", "health"),
    ("哈密市人民政府", "自治区民政厅", "新疆维吾尔自治区民政厅", "government_department", "province", "civil_affairs"),
    # collectives printed without 各, zones, villages beside communities
    ("呼和浩特市人民政府", "旗县区政府", "呼和浩特市各旗县区人民政府", "collective", "collective", "local_government"),
    ("平罗县人民政府", "各开发区", "平罗县各开发区管理委员会", "collective", "collective", "local_government"),
    ("平罗县人民政府", "各村居", "平罗县各村民委员会、社区居民委员会", "collective", "collective", "local_government"),
    # 县级 in a county's own plan is the county; in a city's plan each of its counties
    ("平罗县人民政府", "县级各部门", "平罗县各部门", "collective", "collective", None),
    # a local utility printed by its trade keeps its printed form under its place (no legal
    # form is guessed); a proper name stays as printed
    ("平罗县人民政府", "县燃气公司", "平罗县燃气公司", "enterprise", "enterprise", "urban_utilities"),
    ("平罗县人民政府", "华润燃气平罗公司", "华润燃气平罗公司", "enterprise", "enterprise", "urban_utilities"),
    ("平罗县人民政府", "县农商银行", "平罗县农村商业银行", "enterprise", "enterprise", "financial_regulation"),
]


@pytest.mark.parametrize("issuer,printed,full,kind,level,category", CASES)
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
