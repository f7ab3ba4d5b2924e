"""`mskg serve` as a user runs it: the installed command on a real store, on loopback,
asked by SPARQLWrapper, plain HTTP and Debian's chromium (offline); and the VoID
description it serves and `mskg export --void` writes."""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from mskg.cli import main
from mskg.graph_store import open_store, stats
from mskg.graph_store.bindings import check_bindings, with_values_block
from mskg.queries import get, load_all, run

_spec = importlib.util.spec_from_file_location("browser", Path(__file__).with_name("browser.py"))
browser = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(browser)

DOCUMENTS = ("000_e71d73c36a34a15e", "001_478e334c04adaff1")  # 汶上县 action plan, 济宁市 annual list
TIMEOUT = 10  # seconds a query may run in these tests
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, build_store):
    from mskg.data import corpus_dir

    return build_store(tmp_path_factory.mktemp("servestore") / "store", [corpus_dir() / f"{d}.txt" for d in DOCUMENTS])


@pytest.fixture(scope="module")
def co_lead_rows(store_path):
    with open_store(path=str(store_path), read_only=True) as store:
        result = run(store, "co-leading-agencies")
    rows = {tuple(str(term) for term in row[:3]) for row in result.rows}
    assert rows, "the two documents have co-leading agencies"
    return rows


@pytest.fixture(scope="module")
def server(store_path):
    """`mskg serve` on a free loopback port (the installed console script)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [str(Path(sys.executable).with_name("mskg")), "--store", str(store_path), "serve",
               "--port", str(port), "--timeout", str(TIMEOUT)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"mskg serve exited with {process.returncode}: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(base + "/queries", timeout=2):
                break
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("mskg serve did not answer within 60 s")
    yield base, port, process
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stdout.close()
    process.stderr.close()


def fetch(url: str, *, data: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def co_lead_query(store_path) -> str:
    """The stored co-lead query with its default domain written in, as an analyst sends it."""
    from mskg.queries.resolution import Resolver

    query = get("co-leading-agencies")
    with open_store(path=str(store_path), read_only=True) as store:
        return with_values_block(query.text, check_bindings(query.bindings({}, Resolver(store))))


def test_sparqlwrapper_gets_the_co_lead_rows(server, co_lead_rows, store_path):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    base, _, _ = server
    for method in ("GET", POST):
        client = SPARQLWrapper(base + "/sparql")
        client.setQuery(co_lead_query(store_path))
        client.setReturnFormat(JSON)
        client.setMethod(method)
        payload = client.query().convert()
        got = {tuple(b[v]["value"] for v in ("nameA", "nameB", "planTitle")) for b in payload["results"]["bindings"]}
        assert got == co_lead_rows


def test_stored_query_url_gives_json_and_csv_with_checked_parameters(server, co_lead_rows):
    base, _, _ = server
    status, headers, body = fetch(base + "/queries/co-leading-agencies?domain=elderly_care",
                                  headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    bindings = json.loads(body)["results"]["bindings"]
    assert {tuple(b[v]["value"] for v in ("nameA", "nameB", "planTitle")) for b in bindings} == co_lead_rows
    status, headers, body = fetch(base + "/queries/co-leading-agencies?format=csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert body.decode("utf-8").splitlines()[0].startswith("nameA,nameB,planTitle")
    assert len(body.decode("utf-8").splitlines()) == len(bindings) + 1
    status, _, body = fetch(base + "/queries/co-leading-agencies?colour=red")
    assert status == 400 and b"colour" in body
    status, _, body = fetch(base + "/queries/no-such-query")
    assert status == 404 and b"no-such-query" in body
    status, _, body = fetch(base + "/queries")
    listed = {q["name"]: q for q in json.loads(body)}
    assert set(listed) == set(load_all())
    assert listed["co-leading-agencies"]["summary"]["zh"] and listed["co-leading-agencies"]["parameters"]


@pytest.mark.parametrize(
    "how",
    ["form-update", "body-update", "update-in-query"],
)
def test_updates_are_refused_with_a_clear_message(server, store_path, how):
    base, _, _ = server
    update = "DROP ALL"
    if how == "form-update":
        status, _, body = fetch(base + "/sparql", data=urllib.parse.urlencode({"update": update}).encode(),
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
    elif how == "body-update":
        status, _, body = fetch(base + "/sparql", data=update.encode(),
                                headers={"Content-Type": "application/sparql-update"})
    else:
        status, _, body = fetch(base + "/sparql?" + urllib.parse.urlencode({"query": update}))
    assert status == 403 and b"read-only" in body
    with open_store(path=str(store_path), read_only=True) as store:
        assert len(store.graphs()) > 2  # nothing dropped


def test_service_is_refused(server):
    base, _, _ = server
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    status, _, body = fetch(base + "/sparql?" + urllib.parse.urlencode({"query": query}))
    assert status == 403 and b"SERVICE" in body


@pytest.mark.slow  # the server works for its whole time limit (10 s) on a cartesian product
def test_a_query_past_the_time_limit_is_stopped_and_the_next_one_answers(server):
    base, _, _ = server
    started = time.monotonic()
    status, _, body = fetch(base + "/sparql?" + urllib.parse.urlencode({"query": CARTESIAN}))
    took = time.monotonic() - started
    assert status == 503 and b"time limit of 10 s" in body
    assert took < TIMEOUT + 10
    status, _, body = fetch(base + "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}),
                            headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["boolean"] is True


def test_bad_queries_and_datasets_are_client_errors(server):
    base, _, _ = server
    status, _, body = fetch(base + "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x"}))
    assert status == 400 and body.strip()
    status, _, _ = fetch(base + "/sparql?" + urllib.parse.urlencode(
        {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "http://example.org/g"}))
    assert status == 400


def _listening(port: int) -> list[str]:
    """Local addresses (hex, as in /proc/net/tcp*) listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if int(hex_port, 16) == port and fields[3] == "0A":  # LISTEN
                found.append(address)
    return found


def test_listens_on_loopback_only_and_sends_no_cors_headers(server):
    base, port, _ = server
    assert _listening(port) == ["0100007F"]  # 127.0.0.1, nothing on 0.0.0.0 or ::
    _, headers, _ = fetch(base + "/queries", headers={"Origin": "http://elsewhere.example"})
    assert not any(h.lower().startswith("access-control-") for h in headers)


@pytest.mark.slow  # a browser
def test_the_query_page_works_offline_in_chromium_and_shows_the_co_lead_rows(server, co_lead_rows, tmp_path):
    from selenium.webdriver.common.by import By

    base, _, _ = server
    driver = browser.chromium(tmp_path, allow_hosts=("127.0.0.1",))
    try:
        driver.get("about:blank")
        browser.requests(driver)
        driver.get(base + "/")
        deadline = time.monotonic() + 30
        item = None
        while time.monotonic() < deadline and item is None:
            found = driver.find_elements(By.CSS_SELECTOR, "#query-list li[data-name='co-leading-agencies']")
            item = found[0] if found else None
            time.sleep(0.1)
        assert item is not None, "the stored queries are listed"
        assert len(driver.find_elements(By.CSS_SELECTOR, "#query-list li")) == len(load_all())
        item.click()
        driver.find_element(By.ID, "run").click()
        rows = []
        while time.monotonic() < deadline and not rows:
            rows = driver.find_elements(By.CSS_SELECTOR, "#rows table tbody tr")
            time.sleep(0.1)
        shown = {tuple(td.text for td in row.find_elements(By.TAG_NAME, "td"))[:3] for row in rows}
        assert shown == co_lead_rows
        assert driver.execute_script("return document.querySelector('#yasgui .yasqe') !== null"), "YASGUI is drawn"
        requests = browser.requests(driver)
        severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        driver.quit()
    outside = [url for url in requests if not url.startswith(base + "/") and not url.startswith(("data:", "blob:"))]
    assert not outside, outside
    assert not severe, severe


def test_void_is_served_and_exported_with_the_store_figures(server, store_path, tmp_path):
    base, _, _ = server
    status, headers, body = fetch(base + "/void")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    served = rdflib.Graph().parse(data=body, format="turtle")
    out = tmp_path / "void.ttl"
    result = CliRunner().invoke(main, ["--store", str(store_path), "export", "--void", "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = rdflib.Graph().parse(out, format="turtle")
    from mskg.graph_store.void import DATASET as dataset, VOID
    with open_store(path=str(store_path), read_only=True) as store:
        figures = stats(store)
    for g in (served, written):
        assert (dataset, rdflib.RDF.type, VOID.Dataset) in g
        assert int(g.value(dataset, VOID.triples)) == figures["triples"]
        subsets = {str(s): int(g.value(s, VOID.triples)) for s in g.objects(dataset, VOID.subset)}
        assert subsets == figures["graphs"]
        classes = {str(g.value(p, VOID["class"])): int(g.value(p, VOID.entities))
                   for p in g.objects(dataset, VOID.classPartition)}
        assert classes == figures["classes"]
        examples = set(g.subjects(rdflib.URIRef("https://schema.org/target"), dataset))
        assert len(examples) == len(load_all())
        assert not any(isinstance(t, rdflib.BNode) for triple in g for t in triple)
    assert str(served.value(dataset, VOID.sparqlEndpoint)) == base + "/sparql"
    result = CliRunner().invoke(main, ["--store", str(store_path), "export", "--void", "--plan", "x"])
    assert result.exit_code == 2
