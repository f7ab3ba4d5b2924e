"""Pictures and networks built from a real store: two corpus documents of different
kinds (a county action plan with 牵头/配合 lines, a city's annual project list),
extracted once for this module.

The browser tests (HTML opened in Debian's chromium, offline) are in this module too,
so the store is built once.
"""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import URIRef

from mskg.cli import main
from mskg.errors import InputError
from mskg.networks import FORMATS, analyze, network, picture
from mskg.networks.selection import find_plan, plans

_spec = importlib.util.spec_from_file_location("browser", Path(__file__).with_name("browser.py"))
browser = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(browser)
_chromium, _requests = browser.chromium, browser.requests

ACTION_PLAN = "000_e71d73c36a34a15e"  # 汶上县 action plan
PROJECT_LIST = "001_478e334c04adaff1"  # 济宁市 annual list


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, build_store):
    from mskg.data import corpus_dir

    return build_store(tmp_path_factory.mktemp("vizstore") / "store", [corpus_dir() / f"{doc}.txt" for doc in (ACTION_PLAN, PROJECT_LIST)])


@pytest.fixture(scope="module")
def store(store_path):
    from mskg.graph_store import open_store

    with open_store(path=str(store_path)) as opened:
        yield opened


def count(store, sparql: str, **bindings) -> int:
    rows = store.query("PREFIX mskg: <https://w3id.org/mskg/ontology#>\n" + sparql, bindings=bindings).rows
    return int(rows[0][0])


# -- the collaboration network -------------------------------------------------------------


def test_elder_care_network_is_led_by_civil_affairs(store):
    graph = network(store, "agencies", domain="elderly_care")
    assert graph.number_of_nodes() >= 3 and graph.number_of_edges() >= 1
    top = max(graph.nodes(data=True), key=lambda nd: (nd[1]["led"], nd[0]))[1]
    assert top["led"] >= 1
    assert top["group"] == "civil_affairs", top  # elder care is the civil-affairs bureaus' work
    for _, data in graph.nodes(data=True):
        assert data["type"] == "agency" and data["label"]
        assert data["measures"] >= max(data["led"], data["cooperating"], data["responsible"])
        for evidence in data["_evidence"]:  # the printed name, within the printed line
            assert evidence["quote"] and evidence["quote"] in evidence["line"]
    lines = [e["line"] for _, d in graph.nodes(data=True) for e in d["_evidence"]]
    assert any(line != e for line, e in zip(lines, (e["quote"] for _, d in graph.nodes(data=True)
                                                     for e in d["_evidence"])))  # lines say more than names


def test_collective_references_are_not_nodes(store):
    graph = network(store, "agencies")
    collective = store.query(
        "PREFIX mskg: <https://w3id.org/mskg/ontology#> "
        "SELECT ?a WHERE { ?a mskg:agencyKind mskg:agencyKind-collective }").rows
    assert collective, "the corpus names collective units (各县（市、区）…)"
    assert not {str(r[0]) for r in collective} & set(graph.nodes)


def test_edges_count_shared_measures_by_kind(store):
    graph = network(store, "agencies")
    kinds = {d["kind"] for _, _, d in graph.edges(data=True)}
    assert "lead-cooperating" in kinds  # 牵头单位 / 配合单位 lines of the action plan
    for _, _, d in graph.edges(data=True):
        parts = (d["co_lead"], d["lead_cooperating"], d["co_responsible"])
        assert max(parts) <= d["weight"] <= sum(parts)
        assert d["weight"] >= 1


def test_place_filter_takes_in_places_inside(store):
    county = network(store, "agencies", place="汶上县")
    city = network(store, "agencies", place="济宁市")
    plan = network(store, "agencies", plan=ACTION_PLAN)
    assert set(county.nodes) == set(plan.nodes)  # the county's only plan here
    assert set(county.nodes) < set(city.nodes)  # 汶上县 lies within 济宁市
    assert set(network(store, "agencies", place="370830").nodes) == set(county.nodes)  # by division code


def test_domain_filter_is_a_subnetwork(store):
    whole = network(store, "agencies")
    elder = network(store, "agencies", domain="养老服务")  # the label works like the code
    assert set(elder.nodes) <= set(whole.nodes)
    assert set(elder.nodes) == set(network(store, "agencies", domain="elderly_care").nodes)
    for u, v in elder.edges:
        assert whole.has_edge(u, v) and elder.edges[u, v]["weight"] <= whole.edges[u, v]["weight"]


@pytest.mark.parametrize(
    ("options", "named"),
    [({"domain": "no_such_domain"}, "no_such_domain"), ({"place": "不存在县"}, "不存在县"),
     ({"plan": "no-such-plan"}, "no-such-plan")],
)
def test_unknown_filters_are_input_errors_naming_the_value(store, options, named):
    with pytest.raises(InputError, match=named):
        network(store, "agencies", **options)


def test_filters_are_bound_not_pasted(store):
    """A value full of SPARQL syntax is looked up as a string and simply not found."""
    with pytest.raises(InputError, match="no place"):
        network(store, "agencies", place='x" } ; DROP ALL ; #')


# -- the plan breakdown and the coverage matrix -------------------------------------------


def test_plan_breakdown_holds_every_item_target_and_printed_agency(store):
    info = find_plan(store, ACTION_PLAN)
    assert find_plan(store, info.iri) == info and find_plan(store, info.graph) == info
    graph = network(store, "plan", plan=ACTION_PLAN)
    plan = URIRef(info.iri)
    types = [d["type"] for _, d in graph.nodes(data=True)]
    items = count(store, "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a mskg:Item ; mskg:plan ?p }", p=plan)
    targets = count(store, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a mskg:Target ; mskg:plan ?p }", p=plan)
    agencies = count(store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?i mskg:plan ?p ; mskg:hasResponsibility/mskg:agency ?a }",
                     p=plan)
    assert sum(t in ("section", "measure", "sub-measure", "project") for t in types) == items > 0
    assert types.count("target") == targets
    assert types.count("agency") == agencies > 0
    parts = nx.DiGraph([(u, v) for u, v, d in graph.edges(data=True) if d["kind"] == "part"])
    assert nx.is_arborescence(parts) and next(n for n, deg in parts.in_degree() if deg == 0) == info.iri
    assert {d["kind"] for *_, d in graph.edges(data=True)} >= {"part", "lead", "cooperating"}


def test_plan_picture_needs_a_plan(store):
    with pytest.raises(InputError, match="--plan"):
        picture(store, "plan", "svg")


def test_coverage_agrees_with_the_stored_coverage_query(store):
    from mskg.networks.coverage import coverage_matrix
    from mskg.networks.selection import resolve
    from mskg.queries import run

    matrix = coverage_matrix(store, resolve(store))
    assert {name for _, name in matrix.places} >= {"山东省济宁市", "山东省济宁市汶上县"} or len(matrix.places) == 2
    stored = {(str(r["domainCode"]), str(r["place"])): int(r["items"]) for r in run(store, "domain-place-coverage").as_dicts()}
    assert matrix.items
    for key, n in matrix.items.items():
        assert stored[key] == n, key
    elder = coverage_matrix(store, resolve(store, domain="elderly_care"))
    assert [d[0] for d in elder.domains] == ["elderly_care"]
    group = coverage_matrix(store, resolve(store, domain="elderly_and_child_care"))  # a group: its domains
    assert "elderly_care" in [d[0] for d in group.domains] and len(group.domains) >= 1


# -- formats -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def elder_graph(store):
    return network(store, "agencies", domain="elderly_care")


def test_gexf_and_graphml_read_back_with_the_same_nodes_and_edges(store, elder_graph):
    for fmt, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        back = reader(io.BytesIO(picture(store, "agencies", fmt, domain="elderly_care")))
        assert set(back.nodes) == set(elder_graph.nodes), fmt
        assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in elder_graph.edges}, fmt
        for u, v, d in elder_graph.edges(data=True):
            assert int(back.edges[u, v]["weight"]) == d["weight"]
        for n, d in elder_graph.nodes(data=True):
            assert back.nodes[n]["label"] == d["label"] and int(back.nodes[n]["led"]) == d["led"]


def test_plan_graphml_keeps_direction(store):
    graph = network(store, "plan", plan=ACTION_PLAN)
    back = nx.read_graphml(io.BytesIO(picture(store, "plan", "graphml", plan=ACTION_PLAN)))
    assert back.is_directed() and set(back.edges) == set(graph.edges)


def _svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)  # well-formed XML or ParseError
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_svg_is_well_formed_and_holds_the_chinese_labels(store, elder_graph):
    texts = _svg_texts(picture(store, "agencies", "svg", domain="elderly_care"))
    for _, d in elder_graph.nodes(data=True):
        assert d["label"] in texts
    plan = network(store, "plan", plan=ACTION_PLAN)
    plan_texts = _svg_texts(picture(store, "plan", "svg", plan=ACTION_PLAN))
    assert all(d["label"] in plan_texts for _, d in plan.nodes(data=True))
    coverage_texts = " ".join(_svg_texts(picture(store, "coverage", "svg")))
    assert "养老服务" in coverage_texts and "汶上县" in coverage_texts


def test_pictures_use_a_font_with_every_glyph_of_the_labels(store, elder_graph):
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from mskg.networks.fonts import cjk_font

    path = font_manager.findfont(font_manager.FontProperties(family=cjk_font()), fallback_to_default=False)
    font = FT2Font(path)
    characters = {c for _, d in elder_graph.nodes(data=True) for c in d["label"]} | set("领域地区规划分解部门协作网络")
    missing = [c for c in characters if not font.get_char_index(ord(c))]
    assert not missing


def test_png_is_an_image(store):
    from matplotlib.image import imread

    data = picture(store, "coverage", "png")
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert imread(io.BytesIO(data)).shape[0] > 100


@pytest.mark.skipif(not shutil.which("dot"), reason="graphviz is not installed (scripts/system-deps.sh)")
def test_dot_is_read_by_graphviz_with_chinese_labels(store, elder_graph):
    data = picture(store, "agencies", "dot", domain="elderly_care")
    done = subprocess.run(["dot", "-Tsvg"], input=data, capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode()
    texts = _svg_texts(done.stdout)
    assert {d["label"] for _, d in elder_graph.nodes(data=True)} <= set(texts)


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_graph_same_bytes(store, fmt):
    first = picture(store, "agencies", fmt, domain="elderly_care")
    assert picture(store, "agencies", fmt, domain="elderly_care") == first


@pytest.mark.slow  # copies the store into rdflib and a server
@pytest.mark.parametrize("backend", ["memory", "remote"])
def test_every_backend_draws_the_same_picture(store, backend, request):
    """Bindings are values of the engine (or VALUES blocks on a server): same answers everywhere."""
    from corpus_graph import copy_store

    from mskg.graph_store import open_store

    if backend == "memory":
        other = open_store(memory=True)
    else:
        server = request.getfixturevalue("oxigraph_server")
        server.reset()
        other = open_store(endpoint=server.query_url, update_endpoint=server.update_url)
    with other:
        copy_store(store, other)
        for kind, options in (("agencies", {"domain": "elderly_care", "place": "济宁市"}), ("coverage", {})):
            assert picture(other, kind, "graphml", **options) == picture(store, kind, "graphml", **options), kind
        assert picture(other, "agencies", "html", domain="elderly_care") == picture(
            store, "agencies", "html", domain="elderly_care")


def test_coverage_page_is_a_table_of_every_domain_and_place(store):
    from mskg.networks.coverage import coverage_matrix
    from mskg.networks.selection import resolve

    matrix = coverage_matrix(store, resolve(store))
    page = picture(store, "coverage", "html").decode("utf-8")
    assert f'data-rows="{len(matrix.domains)}" data-columns="{len(matrix.places)}"' in page
    assert page.count('<th scope="row">') == len(matrix.domains)
    assert all(f">{name}</th>" in page for _, name in matrix.places)
    assert "<script src" not in page and "default-src 'none'" in page


def test_html_is_one_file_with_its_data_and_library_inlined(store, elder_graph):
    page = picture(store, "agencies", "html", domain="elderly_care").decode("utf-8")
    assert "<script src" not in page.lower() and "<link" not in page.lower()
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "sourceMappingURL" not in page
    data = page[page.index('<script id="mskg-data" type="application/json">') + 47:]
    data = json.loads(data[: data.index("</script>")])
    assert len(data["nodes"]) == elder_graph.number_of_nodes()
    assert any(e["quote"] for n in data["nodes"] for e in n["evidence"])


# -- the HTML page in a real browser, offline -----------------------------------------------


@pytest.mark.slow  # a browser
def test_html_opens_offline_shows_every_node_and_requests_nothing_else(store, elder_graph, tmp_path):
    import time

    page = tmp_path / "elder-care.html"
    page.write_bytes(picture(store, "agencies", "html", domain="elderly_care"))
    driver = _chromium(tmp_path)
    try:
        driver.get("about:blank")
        _requests(driver)  # drop what the browser itself loaded before the page
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                               {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
        driver.get(page.as_uri())
        shown = None
        for _ in range(100):
            shown = driver.execute_script("return document.body.getAttribute('data-rendered-nodes')")
            if shown:
                break
            time.sleep(0.1)
        assert shown == str(elder_graph.number_of_nodes())
        assert driver.execute_script("return document.body.getAttribute('data-rendered-edges')") == str(
            elder_graph.number_of_edges())
        assert driver.execute_script("return document.getElementById('network').querySelector('canvas') !== null")

        # a click on the most active agency shows its label, its role and a source quote
        top, data = max(elder_graph.nodes(data=True), key=lambda nd: (nd[1]["measures"], nd[0]))
        point = driver.execute_script(
            "var n = window.mskgNetwork; n.focus(arguments[0], {scale: 1.5, animation: false});"
            "var p = n.canvasToDOM(n.getPosition(arguments[0]));"
            "var r = document.querySelector('#network canvas').getBoundingClientRect();"
            "return [p.x, p.y, r.width, r.height];", top)
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By

        canvas = driver.find_element(By.CSS_SELECTOR, "#network canvas")
        ActionChains(driver).move_to_element_with_offset(
            canvas, int(point[0] - point[2] / 2), int(point[1] - point[3] / 2)).click().perform()
        details = driver.find_element(By.ID, "details").text
        assert data["label"] in details
        evidence = data["_evidence"][0]
        assert evidence["role_label"] in details and evidence["quote"] in details

        # the search box finds a node by part of its name
        search = driver.find_element(By.ID, "search")
        search.send_keys(data["label"])
        assert driver.find_element(By.ID, "matches").text.startswith("1 ")

        screenshot = tmp_path / "elder-care.png"
        assert driver.save_screenshot(str(screenshot)) and screenshot.stat().st_size > 10_000
        requests = _requests(driver)
        severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        driver.quit()
    assert requests == [page.as_uri()], requests  # its own file, nothing else
    assert not severe, severe


# -- the command line --------------------------------------------------------------------


def test_cli_viz_infers_the_format_from_the_suffix(store_path, store, tmp_path):
    store.close()  # the embedded store takes one process at a time
    runner = CliRunner()
    out = tmp_path / "coverage.svg"
    result = runner.invoke(main, ["--store", str(store_path), "viz", "coverage", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "养老服务" in " ".join(_svg_texts(out.read_bytes()))
    bad = runner.invoke(main, ["--store", str(store_path), "viz", "agencies", "--domain", "nope", "-o", str(tmp_path / "x.html")])
    assert bad.exit_code == 2 and "nope" in bad.output and "Traceback" not in bad.output
    analysis = runner.invoke(main, ["--store", str(store_path), "analyze", "--domain", "elderly_care", "--format", "json"])
    assert analysis.exit_code == 0, analysis.output
    report = json.loads(analysis.output)
    assert report["agencies"] and report["communities"]
    assert report["agencies"][0]["betweenness"] == max(a["betweenness"] for a in report["agencies"])


def test_plans_are_listed_with_their_graphs(store_path):
    from mskg.graph_store import open_store

    with open_store(path=str(store_path)) as store:
        assert [p.document_id for p in plans(store)] == [ACTION_PLAN, PROJECT_LIST]
        result = analyze(store, domain="elderly_care")
        assert result.nodes == len(result.agencies) > 0


def test_a_store_without_inferences_is_refused_with_the_remedy():
    from mskg.graph_store import open_store
    from mskg.loading import load_vocabularies

    with open_store(memory=True) as bare:
        load_vocabularies(bare)
        with pytest.raises(InputError, match="mskg build"):
            network(bare, "agencies")
