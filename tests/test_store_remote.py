"""The remote store against real HTTP servers on loopback: Oxigraph server and Virtuoso 7
(each test that takes ``remote_server`` runs on both), a server that refuses
credentials, and a port where nothing listens."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rdflib import Literal, URIRef

from mskg.errors import EndpointError, InputError, TimeLimitError
from mskg.graph_store import open_store
from mskg.graph_store.remote import RemoteStore, default_update_endpoint
from mskg.graph_store.staging import is_staging
from mskg.identifiers import document_graph

DOC_A = document_graph("doc-a")
DOC_B = document_graph("doc-b")
V = URIRef("http://example.org/version")
PASSWORD = "s3cret-Pa55word"


def old_triples(n: int = 100):
    return [(URIRef(f"http://example.org/old/{i}"), V, Literal("旧", lang="zh")) for i in range(n)]


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that answers in one call and keeps the test output clean."""

    def answer(self, status: int, body: bytes = b"", content_type: str | None = None, *,
               challenge: str | None = None) -> None:
        """``status`` with ``body``; ``challenge``: a ``WWW-Authenticate`` header."""
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if challenge:
            self.send_header("WWW-Authenticate", challenge)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class LoopbackServer:
    """A ``ThreadingHTTPServer`` on a free loopback port, serving ``handler`` at
    ``self.url`` inside a ``with`` block."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class AuthServer(LoopbackServer):
    """A loopback HTTP server that wants basic authentication as user/PASSWORD and
    then answers an ASK with true and a SELECT with no rows; ``refuse`` is 401 or 403."""

    def __init__(self, refuse: int) -> None:
        expected = "Basic " + base64.b64encode(f"user:{PASSWORD}".encode()).decode()
        self.requests: list[str] = []
        seen = self.requests

        class Handler(QuietHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                seen.append(self.headers.get("Authorization") or "")
                if self.headers.get("Authorization") != expected:
                    self.answer(refuse, challenge='Basic realm="sparql"' if refuse == 401 else None)
                    return
                if form.get("query", [""])[0].lstrip().upper().startswith("SELECT"):
                    body = json.dumps({"head": {"vars": ["g"]}, "results": {"bindings": []}}).encode()
                else:
                    body = json.dumps({"head": {}, "boolean": True}).encode()
                self.answer(200, body, "application/sparql-results+json")

        super().__init__(Handler)


# -- connection and authentication -------------------------------------------------------------


def test_unreachable_endpoint_is_an_endpoint_error_naming_the_url(unused_port):
    url = f"http://127.0.0.1:{unused_port}/query"
    with pytest.raises(EndpointError, match="cannot reach") as caught:
        open_store(endpoint=url)
    assert url in str(caught.value)
    assert caught.value.exit_code == 3


@pytest.mark.parametrize("refuse", [401, 403])
def test_refused_credentials_are_an_endpoint_error_without_the_password(refuse):
    with AuthServer(refuse) as server:
        for user, password in [(None, None), ("user", "wrong-" + PASSWORD)]:
            with pytest.raises(EndpointError, match=f"HTTP {refuse}") as caught:
                open_store(endpoint=server.url, user=user, password=password)
            assert server.url in str(caught.value)
            assert PASSWORD not in str(caught.value)
        # the right credentials are sent as HTTP basic authentication
        with open_store(endpoint=server.url, user="user", password=PASSWORD) as store:
            assert store.query("ASK { ?s ?p ?o }").boolean is True
        assert server.requests[-1].startswith("Basic ")


def test_missing_endpoint_path_is_an_endpoint_error(remote_server):
    with pytest.raises(EndpointError, match="404"):
        open_store(endpoint=remote_server.base + "/no-such-endpoint")


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/query", "not a url", "127.0.0.1:7878/query", f"http://user:{PASSWORD}@127.0.0.1/query"]
)
def test_malformed_endpoint_url_is_an_input_error(url):
    with pytest.raises(InputError) as caught:
        open_store(endpoint=url)
    assert PASSWORD not in str(caught.value)


def test_conflicting_store_options_are_input_errors(tmp_path):
    with pytest.raises(InputError):
        open_store(endpoint="http://127.0.0.1:1/query", memory=True)
    with pytest.raises(InputError):
        open_store(path=str(tmp_path / "s"), update_endpoint="http://127.0.0.1:1/update")


def test_update_url_defaults():
    assert default_update_endpoint("http://h:7878/query") == "http://h:7878/update"
    assert default_update_endpoint("http://h/fuseki/ds/query") == "http://h/fuseki/ds/update"
    assert default_update_endpoint("http://h/sparql") == "http://h/sparql"


def test_wrong_update_endpoint_fails_clearly_and_changes_nothing(remote_server):
    with remote_server.open() as store:
        store.replace_graph(DOC_A, old_triples())
        before = store.dump("nquads")
    # Oxigraph: updates sent to the query URL; Virtuoso: to /sparql, where the
    # anonymous user may not write
    with open_store(endpoint=remote_server.query_url, update_endpoint=remote_server.query_url) as wrong:
        with pytest.raises((InputError, EndpointError), match="update endpoint") as caught:
            wrong.replace_graph(DOC_A, old_triples(5))
        assert "\n" not in str(caught.value) and len(str(caught.value)) < 600
        assert wrong.dump("nquads") == before


# -- staging graphs and a killed writer ------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import os, sys, time
    from rdflib import Literal, URIRef
    from mskg.graph_store.remote import RemoteStore

    graph = sys.argv[1]
    store = RemoteStore(os.environ["MSKG_ENDPOINT"], os.environ["MSKG_UPDATE_ENDPOINT"],
                        os.environ.get("MSKG_USER"), os.environ.get("MSKG_PASSWORD"), batch=500)

    def slow():
        i = 0
        while True:
            if i == 1200:  # two chunks sent to the staging graph
                print("writing", flush=True)
            if i > 1200:
                time.sleep(0.002)
            yield (URIRef(f"http://example.org/new/{i}"), URIRef("http://example.org/version"), Literal("new"))
            i += 1

    store.replace_graph(graph, slow())
    """
)


def test_killed_remote_ingest_leaves_previous_graph_intact(remote_server, writer_process):
    with remote_server.open() as store:
        store.replace_graph(DOC_A, old_triples())
        store.replace_graph(DOC_B, old_triples(3))
        before = store.dump("nquads")

    writer = writer_process(WRITER, DOC_A, env=remote_server.env())
    try:
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(timeout=30)

    raw = remote_server.graph_names()
    assert len([g for g in raw if is_staging(g)]) == 1  # killed midway, after two chunks

    with remote_server.open() as store:
        assert store.graphs() == [DOC_A, DOC_B]
        assert store.dump("nquads") == before
        (row,) = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        assert int(row[0]) == 103
        # A fresh staging graph may belong to a client still writing: kept for now.
        store.replace_graph(DOC_B, old_triples(4))
        assert len([g for g in remote_server.graph_names() if is_staging(g)]) == 1
    # Once older than stale_after, the next write removes it.
    with remote_server.open(stale_after=0) as store:
        store.replace_graph(DOC_B, old_triples(5))
        assert store.graphs() == [DOC_A, DOC_B]
    assert remote_server.graph_names() == [DOC_A, DOC_B]


def test_failed_remote_write_removes_its_staging_graph(remote_server):
    def failing():
        yield from old_triples(1200)
        raise RuntimeError("extraction failed")

    with remote_server.open(batch=500) as store:
        store.replace_graph(DOC_A, old_triples(10))
        with pytest.raises(RuntimeError):
            store.replace_graph(DOC_A, failing())
        assert store.graphs() == [DOC_A]
    assert remote_server.graph_names() == [DOC_A]


def test_blank_nodes_keep_their_identity_across_write_chunks(remote_server):
    from rdflib import BNode, Graph
    from rdflib.compare import isomorphic

    g = Graph()
    for i in range(30):
        b = BNode()
        g.add((URIRef(f"http://example.org/plan/{i}"), URIRef("http://example.org/budget"), b))
        g.add((b, URIRef("http://example.org/amount"), Literal(i)))
    with remote_server.open(batch=7) as store:
        store.replace_graph(DOC_A, g)
        rows = store.query(
            "SELECT ?p ?a WHERE { ?p <http://example.org/budget> ?b . ?b <http://example.org/amount> ?a }"
        ).rows
        assert len(rows) == 30
        assert isomorphic(Graph().parse(data=store.dump("ntriples"), format="nt"), g)


def test_backends_are_imported_only_when_chosen():
    code = (
        "import sys, mskg.graph_store as gs\n"
        "assert 'SPARQLWrapper' not in sys.modules and 'mskg.graph_store.remote' not in sys.modules\n"
        "gs.open_store(memory=True).close()\n"
        "assert 'mskg.graph_store.memory' in sys.modules and 'SPARQLWrapper' not in sys.modules\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr


def test_unknown_backend_name_is_an_input_error():
    from mskg.graph_store import backend_class

    with pytest.raises(InputError, match="embedded"):
        backend_class("sqlite")


class ReplyServer(LoopbackServer):
    """A loopback HTTP server answering every POST with ``status`` and a body made by
    ``reply(authorization_header)``."""

    def __init__(self, status: int, reply) -> None:
        class Handler(QuietHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = reply(self.headers.get("Authorization") or "").encode()
                self.answer(status, body, "application/sparql-results+json" if status == 200 else "text/plain")

        super().__init__(Handler)


@pytest.mark.parametrize("status", [400, 500])
def test_server_error_bodies_become_one_line_with_credentials_masked(status):
    def reply(authorization: str) -> str:
        return (
            f"Error 42: bad request from {authorization} with password={PASSWORD} ({PASSWORD})\n\n"
            "SPARQL query:\n" + "INSERT DATA { <x> <y> <z> }\n" * 5000
        )

    with ReplyServer(status, reply) as server:
        with pytest.raises((InputError, EndpointError)) as caught:
            open_store(endpoint=server.url, user="user", password=PASSWORD)
    message = str(caught.value)
    assert "Error 42: bad request from" in message and server.url in message
    assert "\n" not in message and len(message) < 600
    encoded = base64.b64encode(f"user:{PASSWORD}".encode()).decode()
    assert PASSWORD not in message and encoded not in message and "***" in message


@pytest.mark.parametrize("reply", ['{"head": {}}', '{"head": {"vars": ["x"]}, "results": {"bindings": []}}', "{}"])
def test_an_ask_reply_without_a_boolean_is_an_error_not_false(reply):
    with ReplyServer(200, lambda _: reply) as server:
        with pytest.raises(EndpointError, match="ASK query without a boolean") as caught:
            open_store(endpoint=server.url)
    assert caught.value.exit_code == 3


@pytest.mark.slow  # 12,345 triples through each server
def test_a_graph_past_the_server_row_limit_is_exported_whole_and_long_results_are_refused(remote_server):
    """Virtuoso cuts results at ResultSetMaxRows (10,000 here): exports page, queries fail."""
    n = 12_345
    triples = [(URIRef(f"http://example.org/s/{i}"), V, Literal(i)) for i in range(n)]
    with remote_server.open() as store:
        store.replace_graph(DOC_A, triples)
        lines = store.dump("ntriples").decode().splitlines()
        assert len(lines) == len(set(lines)) == n
        (row,) = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        assert int(row[0]) == n
        if remote_server.name == "virtuoso":
            with pytest.raises(EndpointError, match="cut the result at 10000 rows"):
                store.query("SELECT ?s WHERE { ?s ?p ?o }")
        else:
            assert len(store.query("SELECT ?s WHERE { ?s ?p ?o }").rows) == n
        assert len(store.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 10000").rows) == 10_000


def test_booleans_come_back_as_booleans(remote_server):
    with remote_server.open() as store:
        store.replace_graph(DOC_A, old_triples(3))
        assert store.query("ASK { ?s ?p ?o }").boolean is True
        assert store.query("ASK { ?s ?p 42 }").boolean is False
        rows = store.query(
            "SELECT ?s (EXISTS { ?s ?p ?o } AS ?e) (?s = ?s AS ?same) (1 AS ?one) WHERE { ?s ?p ?o } LIMIT 1"
        ).rows
        assert [term.toPython() for term in rows[0][1:]] == [True, True, 1]


@pytest.mark.slow  # Virtuoso
def test_a_query_virtuoso_stops_at_its_time_limit_is_an_error_not_a_short_answer(virtuoso_server):
    """Virtuoso's "anytime" queries: past the time limit mskg sends, Virtuoso 7 answers
    200 with what it found so far and ``X-SQL-State: S1TAT``; mskg refuses that answer."""
    virtuoso_server.reset()
    triples = [(URIRef(f"http://example.org/s/{i}"), V, Literal(f"label {i}")) for i in range(5000)]
    with virtuoso_server.open() as store:
        store.replace_graph(DOC_A, triples)
        # 25 million string comparisons: seconds, far past the 0.1 s allowed
        slow = (f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a <{V}> ?x . ?b <{V}> ?y "
                'FILTER (STR(?x) = CONCAT(STR(?y), "!")) }')
        store.time_limit = 0.1
        with pytest.raises(TimeLimitError, match=r"incomplete results \(HTTP 200, X-SQL-State S1TAT"):
            store.query(slow)
        store.time_limit = None  # the store's own timeout (60 s): whole answers again
        (row,) = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a <{V}> ?x }}").rows
        assert int(row[0]) == 5000


@pytest.mark.slow  # the corpus built twice
def test_build_on_virtuoso_prints_what_the_embedded_store_prints(virtuoso_server, tmp_path):
    """The same document table, SHACL counts and co-lead pairs on Virtuoso as on the
    embedded store: `mskg build` as a user runs it, through /sparql-auth with Digest."""
    from click.testing import CliRunner

    from mskg.cli import main

    virtuoso_server.reset()
    runner = CliRunner()
    unset = {name: None for name in os.environ if name.startswith("MSKG_") and name != "MSKG_CACHE_DIR"}
    embedded = runner.invoke(main, ["--store", str(tmp_path / "kg"), "build"], env=unset, catch_exceptions=False)
    remote = runner.invoke(main, ["build"], env=virtuoso_server.env(), catch_exceptions=False)
    assert embedded.exit_code == remote.exit_code == 0, remote.output
    assert "0 violations, 91 warnings" in embedded.output and "济宁市民政局" in embedded.output
    assert remote.output == embedded.output


@pytest.mark.parametrize("timeout", [0, 0.5])
def test_a_timeout_of_zero_means_no_limit_and_fractions_count(remote_server, timeout):
    """`--timeout 0` (no limit) and a fraction of a second both reach the server: neither
    may become a socket that gives up at once."""
    with remote_server.open(timeout=timeout) as store:
        store.replace_graph(DOC_A, old_triples(3))
        assert len(store.query("SELECT ?s WHERE { ?s ?p ?o }").rows) == 3


def test_mskg_batch_sets_the_triples_per_request_and_a_bad_value_is_refused(remote_server, monkeypatch):
    """The README's MSKG_BATCH reaches the remote store the command line opens; a value
    that is no positive whole number is a usage error naming the variable."""
    from click.testing import CliRunner

    from mskg.cli import Settings, main

    for name, value in remote_server.env().items():
        if name.startswith("MSKG_"):
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("MSKG_BATCH", "7")
    with Settings(None, remote_server.query_url, remote_server.update_url, 0).open_store() as store:
        assert store.batch == 7
        store.replace_graph(DOC_A, old_triples(20))  # three requests of at most seven triples
        assert len(store.query("SELECT ?s WHERE { ?s ?p ?o }").rows) == 20
    for bad in ("many", "0", "-5"):
        result = CliRunner().invoke(main, ["sparql", "ASK {}"], env={**remote_server.env(), "MSKG_BATCH": bad})
        assert result.exit_code == 2, result.output
        assert "MSKG_BATCH" in result.output and "Traceback" not in result.output
