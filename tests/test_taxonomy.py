"""The packaged concept taxonomy: it validates, covers the draft's vocabulary, and resolves any zh/en label."""

from __future__ import annotations

import itertools
import textwrap

import pytest

from regkg.errors import ConfigError, UnknownConceptError
from regkg.loaders.facts import CONCEPT_TYPES
from regkg.loaders.taxonomy import english_variants, load_taxonomy, normalise_label


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def test_packaged_taxonomy_validates_no_cycles_no_dangling_no_duplicate_labels(taxonomy):
    taxonomy.validate()  # raises ConfigError on any problem
    assert len(taxonomy) >= 250
    for concept in taxonomy.concepts.values():
        assert concept.id.startswith("concept:")
        assert concept.type in CONCEPT_TYPES
        assert concept.name and concept.name_en
        assert all(parent in taxonomy.concepts for parent in concept.broader)
        assert concept.id not in taxonomy.broader_closure(concept.id) - {concept.id}  # no cycle through itself


def test_every_type_is_used(taxonomy):
    assert {c.type for c in taxonomy.concepts.values()} == set(CONCEPT_TYPES)


def test_design_chain_green_data_centre_to_digital_infrastructure(taxonomy):
    chain = ["绿色数据中心", "数据中心", "算力基础设施", "数字基础设施"]
    ids = [taxonomy.resolve(label).id for label in chain]
    for narrow, broad in itertools.pairwise(ids):
        assert broad in taxonomy.get(narrow).broader


@pytest.mark.parametrize("label", ["data centres", "data centre", "data center", "Data Centers", "data-centres",
                                   "DATA CENTRE", "数据中心", "IDC", "internet data centers", " data  centre "])
def test_english_aliases_and_spellings_resolve_to_data_centre(taxonomy, label):
    assert taxonomy.resolve(label).id == "concept:data-centre"


def test_generated_english_variants_are_listed_as_aliases(taxonomy):
    aliases = taxonomy.get("data-centre").aliases_en
    assert {"data centres", "data center", "data centers"} <= set(aliases)
    assert "softwares" not in taxonomy.get("software-it-services").aliases_en  # mass nouns get no plural
    assert english_variants("smart city") == ["smart city", "smart cities"]
    assert english_variants("industrial digitalisation", countable=False) == [
        "industrial digitalisation", "industrial digitalization"]


def test_normalisation_is_case_space_hyphen_plural_and_spelling_tolerant():
    assert normalise_label("Data-Centres") == normalise_label("data centers") == normalise_label("datacenter")
    assert normalise_label("Internet of Things") == normalise_label("internet-of-things")
    assert normalise_label("数据 中心") == normalise_label("数据中心")
    assert normalise_label("digitalisation") == normalise_label("digitalization")


@pytest.mark.parametrize(("label", "concept_id"), [
    ("Internet of Things", "concept:iot"), ("IoT", "concept:iot"), ("物联网", "concept:iot"),
    ("5G", "concept:next-generation-mobile-communications"), ("5G networks", "concept:5g-network"),
    ("AI", "concept:artificial-intelligence"), ("超算中心", "concept:supercomputing-centre"),
    ("supercomputing centers", "concept:supercomputing-centre"),
    ("智能网联汽车", "concept:intelligent-connected-vehicle"),
    ("e-commerce", "concept:e-commerce"), ("电商", "concept:e-commerce"),
    ("personal data", "concept:personal-information"),
    ("concept:public-data", "concept:public-data"), ("big data centres", "concept:big-data-centre"),
])
def test_chinese_english_aliases_and_ids_resolve(taxonomy, label, concept_id):
    assert taxonomy.resolve(label).id == concept_id


def test_unknown_label_raises_with_closest_suggestions(taxonomy):
    with pytest.raises(UnknownConceptError) as caught:
        taxonomy.resolve("data centr")
    assert "data centre" in caught.value.details["suggestions"]
    assert str(caught.value) == "unknown concept 'data centr'"
    with pytest.raises(UnknownConceptError) as caught:
        taxonomy.resolve("数剧中心")
    assert caught.value.details["suggestions"][0] == "数据中心"
    assert caught.value.status == 404


def test_narrower_closure_expands_transitively(taxonomy):
    closure = taxonomy.narrower_closure("concept:computing-infrastructure")
    assert {"concept:computing-infrastructure", "concept:data-centre", "concept:green-data-centre",
            "concept:supercomputing-centre", "concept:intelligent-computing-centre",
            "concept:blockchain-computing-centre", "concept:edge-computing-node"} <= closure
    assert "concept:big-data-centre" not in closure  # the documented 大数据中心 decision
    digital = taxonomy.narrower_closure("digital-infrastructure")
    assert closure < digital  # transitive: green data centres are digital infrastructure
    assert taxonomy.narrower_closure("green-data-centre") == {"concept:green-data-centre"}


def test_broader_closure(taxonomy):
    assert taxonomy.broader_closure("green-data-centre") == {
        "concept:green-data-centre", "concept:data-centre", "concept:computing-infrastructure",
        "concept:digital-infrastructure"}


@pytest.mark.parametrize("label", [
    # chapter 2 industries
    "半导体与集成电路", "智能装备与机器人", "超高清视频", "新型显示", "软件与信息服务", "新一代移动通信", "数字创意",
    "平台经济", "共享经济", "人工智能", "大数据", "区块链", "云计算", "太赫兹", "网络安全", "量子科技",
    # chapters 3-6 sectors
    "工业互联网", "智能制造", "建筑业", "建筑信息模型", "商贸", "金融", "物流", "教育", "医疗", "文旅", "养老", "餐饮",
    "法律服务", "电子商务", "数字农业", "智慧农业",
    # chapter 7 infrastructure
    "信息通信网络", "基站", "室内分布系统", "多功能智能杆塔",
    "算力基础设施", "数据中心", "超级计算中心", "智能计算中心",
    "区块链算力中心", "边缘计算节点", "绿色数据中心", "物联网",
    "车联网", "智能交通", "智慧能源", "地下管线", "智慧水务",
    # technologies of 第十四条 and 第九十六条
    "数字孪生", "边缘计算", "虚拟现实", "增强现实", "卫星导航",
    "类脑智能", "集成电路", "基础软件", "工业软件", "互联网",
    # data resources
    "数据", "公共数据", "个人信息", "数据资源", "重要数据",
    # other digital-economy regulations (Zhejiang 2020)
    "新一代移动通信网", "大数据中心", "卫星通信", "移动支付",
    "智慧城市", "在线教育", "智慧医疗", "智慧养老", "城市大脑",
])
def test_coverage_of_the_digital_economy_vocabulary(taxonomy, label):
    assert taxonomy.lookup(label) is not None, label


def _write(tmp_path, body: str):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_validation_rejects_a_cycle(tmp_path):
    path = _write(tmp_path, """
        concepts:
        - {id: a, type: Sector, zh: 甲, en: alpha, broader: [b]}
        - {id: b, type: Sector, zh: 乙, en: beta, broader: [a]}
    """)
    with pytest.raises(ConfigError, match="cycle"):
        load_taxonomy(path)


def test_validation_rejects_a_dangling_broader_id(tmp_path):
    path = _write(tmp_path, """
        concepts:
        - {id: a, type: Sector, zh: 甲, en: alpha, broader: [nowhere]}
    """)
    with pytest.raises(ConfigError, match="nowhere"):
        load_taxonomy(path)


def test_validation_rejects_a_label_naming_two_concepts(tmp_path):
    path = _write(tmp_path, """
        concepts:
        - {id: a, type: Sector, zh: 甲, en: data centre}
        - {id: b, type: Sector, zh: 乙, en: beta, en_alt: [Data Centers]}
    """)
    with pytest.raises(ConfigError, match="names both"):
        load_taxonomy(path)


def test_validation_rejects_an_unknown_type(tmp_path):
    path = _write(tmp_path, """
        concepts:
        - {id: a, type: Gadget, zh: 甲, en: alpha}
    """)
    with pytest.raises(ConfigError, match="Gadget"):
        load_taxonomy(path)


def test_env_var_points_at_an_extended_taxonomy(tmp_path, monkeypatch):
    path = _write(tmp_path, """
        concepts:
        - {id: low-altitude-economy, type: Sector, zh: 低空经济, en: low-altitude economy, plural: false}
        - {id: evtol, type: Technology, zh: 电动垂直起降飞行器, en: eVTOL aircraft, broader: [low-altitude-economy]}
    """)
    monkeypatch.setenv("REGKG_TAXONOMY", str(path))
    extended = load_taxonomy()
    assert extended.resolve("低空经济").id == "concept:low-altitude-economy"
    assert extended.narrower_closure("low-altitude-economy") == {"concept:low-altitude-economy", "concept:evtol"}
    assert extended.resolve("evtol aircrafts").id == "concept:evtol"


# -- general regulatory vocabulary (data law, cybersecurity, AI, transport/energy, e-government) -----------
@pytest.mark.parametrize(("label", "concept_id"), [
    ("large language models", "concept:large-model"), ("LLM", "concept:large-model"),
    ("generative AI", "concept:generative-ai"), ("deepfakes", "concept:deep-synthesis"),
    ("anonymization", "concept:de-identification"), ("data brokers", "concept:data-brokerage"),
    ("Gas Stations", "concept:fuel-station"), ("electric vehicles", "concept:new-energy-vehicle"),
    ("multi-level protection scheme", "concept:mlps"), ("e-invoices", "concept:electronic-invoice"),
    ("low altitude economy", "concept:low-altitude-economy"), ("data catalogs", "concept:data-catalogue"),
    ("个人敏感信息", "concept:sensitive-personal-information"), ("东数西算", "concept:east-data-west-computing"),
])
def test_new_english_and_chinese_aliases_resolve(taxonomy, label, concept_id):
    assert taxonomy.resolve(label).id == concept_id


@pytest.mark.parametrize(("broad", "narrow"), [
    ("交通", "智能网联汽车"),             # transport → intelligent transport → IoV → ICV
    ("敏感数据", "人脸信息"),             # sensitive data → sensitive personal information → biometric information
    ("个人信息", "行踪轨迹"),
    ("人工智能", "人脸识别"),             # AI → computer vision → facial recognition
    ("人工智能", "AIGC"),
    ("网络安全", "等级保护"),
    ("算力基础设施", "东数西算"),
    ("数字政府", "跨省通办"),
    ("能源", "智能电网"),                 # energy → electric power → smart grid
    ("数据要素", "数据产权登记"),
])
def test_narrower_closure_follows_the_new_links(taxonomy, broad, narrow):
    assert taxonomy.resolve(narrow).id in taxonomy.narrower_closure(taxonomy.resolve(broad).id)


def test_split_concepts_are_narrower_not_aliases(taxonomy):
    """大模型, 生成式人工智能, 核心数据, 数据经纪人, 一网通办 are their own concepts, found under their old home."""
    for label, old_home in [("大模型", "artificial-intelligence"), ("生成式人工智能", "artificial-intelligence"),
                            ("数据经纪人", "data-market"), ("一网通办", "digital-government")]:
        concept = taxonomy.resolve(label)
        assert concept.id != "concept:" + old_home
        assert "concept:" + old_home in taxonomy.broader_closure(concept.id)
    core = taxonomy.resolve("核心数据")  # 数据安全法 art. 21: a grade of its own, not a kind of important data
    assert core.id == "concept:core-data" and "concept:important-data" not in taxonomy.broader_closure(core.id)


def test_flow_values_with_commas_are_quoted(taxonomy):
    """A comma inside a YAML flow value splits it: such labels must be quoted to stay one label."""
    assert taxonomy.get("testing-certification").name_en == "testing, inspection and certification"
    assert taxonomy.lookup("telecommunications").id == "concept:telecommunications"
