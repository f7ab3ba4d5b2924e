"""Shared fixtures: a real Oxigraph SPARQL server on loopback, and a store of each backend.

The server is started once per test session (``oxigraph serve`` from the ``oxigraph``
package of the test extra), waited for until it answers, and killed at the end.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

BACKENDS = ("embedded", "memory", "remote")

# Test helper modules beside this file (document_sets, metamorphic) are imported by name;
# the importlib import mode does not put the tests folder on the path by itself.
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_executable() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        pytest.fail("the `oxigraph` server binary is missing: install the test extra (make install)")
    return found


@dataclass
class SparqlServer:
    """A running loopback SPARQL server."""

    base: str
    process: subprocess.Popen

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    @property
    def update_url(self) -> str:
        return self.base + "/update"

    def update(self, text: str) -> None:
        request = urllib.request.Request(
            self.update_url, data=text.encode("utf-8"), headers={"Content-Type": "application/sparql-update"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()

    def graph_names(self) -> list[str]:
        """Every named graph on the server, staging graphs included (raw protocol)."""
        query = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
        request = urllib.request.Request(
            self.query_url + "?" + query, headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            rows = json.load(response)["results"]["bindings"]
        return sorted(row["g"]["value"] for row in rows)

    def reset(self) -> None:
        self.update("DROP ALL")


def _wait_until_up(server: SparqlServer, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    url = server.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            err = server.process.stderr.read().decode(errors="replace") if server.process.stderr else ""
            pytest.fail(f"oxigraph serve exited with code {server.process.returncode}: {err}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    pytest.fail(f"oxigraph serve did not answer at {server.base} within {timeout:g} s")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):
    location = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_executable(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = SparqlServer(f"http://127.0.0.1:{port}", process)
    try:
        _wait_until_up(server)
        yield server
    finally:
        process.kill()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


@pytest.fixture
def remote_server(oxigraph_server: SparqlServer) -> SparqlServer:
    """The session's server, emptied for this test."""
    oxigraph_server.reset()
    return oxigraph_server


def open_backend(name: str, request: pytest.FixtureRequest, tmp_path: Path):
    from mskg.graph_store import open_store

    if name == "embedded":
        return open_store(path=str(tmp_path / "store"))
    if name == "memory":
        return open_store(memory=True)
    server = request.getfixturevalue("remote_server")
    # The update URL is derived from the query URL (…/query → …/update).
    return open_store(endpoint=server.query_url)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path):
    """An empty store of each backend in turn."""
    opened = open_backend(request.param, request, tmp_path)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def second_client(store, request: pytest.FixtureRequest):
    """Another handle on the same data: a second client for the remote store, the
    same handle (shared between threads) for the embedded and in-memory stores."""
    if store.backend == "remote":
        from mskg.graph_store import open_store

        other = open_store(endpoint=store.endpoint, update_endpoint=store.update_endpoint)
        try:
            yield other
        finally:
            other.close()
    else:
        yield store


@pytest.fixture
def unused_port() -> int:
    """A loopback port where nothing listens."""
    return free_port()


@pytest.fixture(scope="session")
def build_store():
    """``build_store(path, files) -> path``: an embedded store at ``path`` holding the
    vocabularies and the documents ``files``, with the inferred graphs that loading
    refreshes; the store is closed again, so tests open it as they need."""

    def build(path, files):
        from mskg.graph_store import open_store
        from mskg.loading import load_documents, load_vocabularies

        with open_store(path=str(path)) as store:
            load_vocabularies(store)
            load_documents(store, list(files))
        return path

    return build


@pytest.fixture
def writer_process():
    """``writer_process(code, *args)``: run ``python -c code args`` and return the process
    once it has printed ``writing`` (it is midway through a write); the kill tests then
    SIGKILL it. Any process still running at teardown is killed and reaped."""
    started: list[subprocess.Popen] = []

    def start(code: str, *args, timeout: float = 60.0) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-c", code, *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(proc)
        box: list[str] = []
        reader = threading.Thread(target=lambda: box.append(proc.stdout.readline()))
        reader.start()
        reader.join(timeout)
        assert box and box[0].strip() == "writing", "the writer process never reported progress"
        return proc

    yield start
    for proc in started:
        proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()


@pytest.fixture(scope="session")
def extract_once():
    """``extract_once(text, document=..., path=...)``: :func:`mskg.ingest.extract_text`,
    memoised for the session, so every test scoring the same text shares one extraction."""
    from mskg.ingest import extract_text

    done: dict[tuple[str, str, str], object] = {}

    def extract(text: str, *, document: str, path: str = ""):
        key = (text, document, path)
        if key not in done:
            done[key] = extract_text(text, document=document, path=path)
        return done[key]

    return extract


@pytest.fixture(scope="session")
def set_scores(extract_once):
    """``set_scores(name) -> report``: ``evaluate`` over one document set of
    ``tests/document_sets.py`` (the report of ``mskg eval --format json``), computed once
    per session; skips when the set is not present on this machine."""
    from document_sets import SETS

    from mskg.evaluation import evaluate

    reports: dict[str, dict] = {}

    def scores(name: str) -> dict:
        chosen = SETS[name]
        if not chosen.present:
            pytest.skip(f"the {name} set is not on this machine ({chosen.gold})")
        if name not in reports:
            reports[name] = evaluate(chosen.gold, chosen.docs, extract=extract_once)
        return reports[name]

    return scores
