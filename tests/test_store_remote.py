"""The remote store against real HTTP servers on loopback: an Oxigraph SPARQL server,
a server that refuses credentials, and a port where nothing listens."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rdflib import Literal, URIRef

from mskg.errors import EndpointError, InputError
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


class AuthServer:
    """A loopback HTTP server that wants basic authentication as user/PASSWORD and
    then answers every request with an ASK result; ``refuse`` is 401 or 403."""

    def __init__(self, refuse: int) -> None:
        expected = "Basic " + base64.b64encode(f"user:{PASSWORD}".encode()).decode()
        self.requests: list[str] = []
        seen = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                seen.append(self.headers.get("Authorization") or "")
                if self.headers.get("Authorization") != expected:
                    self.send_response(refuse)
                    if refuse == 401:
                        self.send_header("WWW-Authenticate", 'Basic realm="sparql"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = json.dumps({"head": {}, "boolean": True}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> AuthServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


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
    with open_store(endpoint=remote_server.query_url) as store:
        store.replace_graph(DOC_A, old_triples())
        before = store.dump("nquads")
    with open_store(endpoint=remote_server.query_url, update_endpoint=remote_server.query_url) as wrong:
        with pytest.raises((InputError, EndpointError), match="update endpoint"):
            wrong.replace_graph(DOC_A, old_triples(5))
        assert wrong.dump("nquads") == before


# -- staging graphs and a killed writer ------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys, time
    from rdflib import Literal, URIRef
    from mskg.graph_store.remote import RemoteStore

    endpoint, graph = sys.argv[1], sys.argv[2]
    store = RemoteStore(endpoint, chunk_size=500)

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
    with open_store(endpoint=remote_server.query_url) as store:
        store.replace_graph(DOC_A, old_triples())
        store.replace_graph(DOC_B, old_triples(3))
        before = store.dump("nquads")

    writer = writer_process(WRITER, remote_server.query_url, DOC_A)
    try:
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(timeout=30)

    raw = remote_server.graph_names()
    assert len([g for g in raw if is_staging(g)]) == 1  # killed midway, after two chunks

    with open_store(endpoint=remote_server.query_url) as store:
        assert store.graphs() == [DOC_A, DOC_B]
        assert store.dump("nquads") == before
        (row,) = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        assert int(row[0]) == 103
        # A fresh staging graph may belong to a client still writing: kept for now.
        store.replace_graph(DOC_B, old_triples(4))
        assert len([g for g in remote_server.graph_names() if is_staging(g)]) == 1
    # Once older than stale_after, the next write removes it.
    with RemoteStore(remote_server.query_url, stale_after=0) as store:
        store.replace_graph(DOC_B, old_triples(5))
        assert store.graphs() == [DOC_A, DOC_B]
    assert remote_server.graph_names() == [DOC_A, DOC_B]


def test_failed_remote_write_removes_its_staging_graph(remote_server):
    def failing():
        yield from old_triples(1200)
        raise RuntimeError("extraction failed")

    with RemoteStore(remote_server.query_url, chunk_size=500) as store:
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
    with RemoteStore(remote_server.query_url, chunk_size=7) as store:
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
