"""Shared fixtures: real SPARQL servers on loopback, and a store of each backend.

Two servers, each started once per test session, waited for until they answer, and
killed at the end: ``oxigraph serve`` (the ``oxigraph`` package of the test extra) and
Virtuoso 7 (``virtuoso-t`` from Debian's virtuoso-opensource-7-bin, installed by
scripts/system-deps.sh) with a fresh database in a temporary folder and stock limits
(ResultSetMaxRows 10000); mskg writes to it through ``/sparql-auth`` with Digest
authentication, as a new user would.
"""

from __future__ import annotations

import contextlib
import json
import os
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

BACKENDS = ("embedded", "memory", "remote", "virtuoso")
SERVERS = ("oxigraph", "virtuoso")


def backend_params(names) -> list:
    """``names`` as test parameters, Virtuoso's marked slow: it takes seconds to start and
    to write, so `make test` runs it and `make test-fast` keeps Oxigraph server alone."""
    return [pytest.param(n, marks=pytest.mark.slow) if n == "virtuoso" else n for n in names]

# Test helper modules beside this file (document_sets, metamorphic) are imported by name;
# the importlib import mode does not put the tests folder on the path by itself.
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

import extractions  # noqa: E402  (the session's cache of extractions, beside this file)
from schedule import (  # noqa: E402,F401  (hooks: the heaviest modules first, see schedule.py)
    pytest_addoption,
    pytest_collection_modifyitems,
    pytest_configure,
)


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
    """A running loopback SPARQL server (Oxigraph's layout: /query and /update)."""

    base: str
    process: subprocess.Popen
    name: str = "oxigraph"
    user: str | None = None
    password: str | None = None

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    @property
    def update_url(self) -> str:
        return self.base + "/update"

    def env(self) -> dict[str, str]:
        """Environment for a process that talks to this server as mskg does."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("MSKG_")}
        env.update(MSKG_ENDPOINT=self.query_url, MSKG_UPDATE_ENDPOINT=self.update_url)
        if self.user:
            env.update(MSKG_USER=self.user, MSKG_PASSWORD=self.password or "")
        return env

    def open(self, **options):
        """A RemoteStore on this server, with the credentials it needs."""
        from mskg.graph_store.remote import RemoteStore

        return RemoteStore(self.query_url, self.update_url, self.user, self.password, **options)

    def _opener(self):
        if not self.user:
            return urllib.request.build_opener()
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, self.update_url, self.user, self.password)
        return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager))

    def update(self, text: str) -> None:
        request = urllib.request.Request(
            self.update_url, data=text.encode("utf-8"), headers={"Content-Type": "application/sparql-update"}
        )
        with self._opener().open(request, timeout=60) as response:
            response.read()

    def select(self, query: str) -> list[dict]:
        """Rows of a SELECT query sent as is (raw protocol, the server's own dataset)."""
        encoded = urllib.parse.urlencode({"query": query})
        request = urllib.request.Request(
            self.query_url + "?" + encoded, headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)["results"]["bindings"]

    def graph_names(self) -> list[str]:
        """mskg's named graphs on the server, staging graphs included (raw protocol)."""
        from mskg.identifiers import GRAPH

        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row["g"]["value"] for row in rows if row["g"]["value"].startswith(GRAPH))

    def reset(self) -> None:
        """Drop mskg's graphs (never the server's own, such as Virtuoso's system graphs)."""
        names = self.graph_names()
        if names:
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in names))


@dataclass
class VirtuosoServer(SparqlServer):
    """Virtuoso's layout: anonymous queries at /sparql, updates at /sparql-auth (Digest)."""

    name: str = "virtuoso"
    user: str | None = "dba"
    password: str | None = "dba"

    @property
    def query_url(self) -> str:
        return self.base + "/sparql"

    @property
    def update_url(self) -> str:
        return self.base + "/sparql-auth"


def _wait_until_up(server: SparqlServer, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    url = server.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            err = server.process.stderr.read().decode(errors="replace") if server.process.stderr else ""
            pytest.fail(f"{server.name} exited with code {server.process.returncode}: {err}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    pytest.fail(f"{server.name} did not answer at {server.base} within {timeout:g} s")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):
    location = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    command = [oxigraph_executable(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    yield from _running(SparqlServer, f"http://127.0.0.1:{port}", command)


def _running(kind: type[SparqlServer], base: str, command: list[str], cwd: Path | None = None, stop_wait: float = 10):
    """Start ``command`` as a server answering at ``base``, yield it once it answers,
    and kill it afterwards."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = kind(base, process)
    try:
        _wait_until_up(server)
        yield server
    finally:
        process.kill()
        process.wait(timeout=stop_wait)
        if process.stderr:
            process.stderr.close()


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = ., {db}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 60
ServerThreads = 10

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}/www
MaxClientConnections = 10
ServerThreads = 10

[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory):
    """Virtuoso 7 in the foreground on two free loopback ports, stock limits, a fresh database."""
    executable = shutil.which("virtuoso-t")
    if not executable:
        pytest.fail("virtuoso-t is missing: run scripts/system-deps.sh (Debian package virtuoso-opensource-7-bin)")
    db = tmp_path_factory.mktemp("virtuoso")
    (db / "www").mkdir()
    http_port, sql_port = free_port(), free_port()
    ini = db / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=db, http_port=http_port, sql_port=sql_port))
    command = [executable, "+foreground", "+configfile", str(ini)]
    yield from _running(VirtuosoServer, f"http://127.0.0.1:{http_port}", command, cwd=db, stop_wait=30)


@pytest.fixture(params=backend_params(SERVERS))
def remote_server(request: pytest.FixtureRequest) -> SparqlServer:
    """Each of the session's servers in turn, emptied of mskg's graphs for this test."""
    server = request.getfixturevalue(f"{request.param}_server")
    server.reset()
    return server


def open_backend(name: str, request: pytest.FixtureRequest, tmp_path: Path):
    from mskg.graph_store import open_store

    if name == "embedded":
        return open_store(path=str(tmp_path / "store"))
    if name == "memory":
        return open_store(memory=True)
    if name == "virtuoso":
        server = request.getfixturevalue("virtuoso_server")
        server.reset()
        return open_store(
            endpoint=server.query_url, update_endpoint=server.update_url, user=server.user, password=server.password
        )
    server = request.getfixturevalue("oxigraph_server")
    server.reset()
    # The update URL is derived from the query URL (…/query → …/update).
    return open_store(endpoint=server.query_url)


@pytest.fixture(params=backend_params(BACKENDS))
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

        other = open_store(
            endpoint=store.endpoint, update_endpoint=store.update_endpoint, user=store._user, password=store._password
        )
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
            load_documents(store, list(files), extract=extractions.extract_text)
        return path

    return build


def session_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary folder of the whole test session, shared by its pytest-xdist workers
    (each worker's temporary folders are under the session's own; without workers, the
    session's)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def session_lock(tmp_path_factory: pytest.TempPathFactory, name: str):
    """Hold the session's lock ``name`` (one worker at a time) while the block runs."""
    import fcntl

    with open(session_folder(tmp_path_factory) / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="module", autouse=True)
def no_query_left_running(request):
    """A query stopped at its time limit (or by Ctrl-C) is abandoned in a daemon thread
    that "ends with the process" (graph_store/deadline.py): run in a test's process, a
    cartesian one kept a core busy for the rest of the session. A module that leaves one
    running fails here; run such a command as a process of its own."""
    yield
    import threading

    deadline = time.monotonic() + 5  # a query abandoned just now may be about to end
    running = [t for t in threading.enumerate() if t.name == "mskg-query"]
    while running and time.monotonic() < deadline:
        running[0].join(timeout=0.1)
        running = [t for t in running if t.is_alive()]
    assert not running, f"{request.module.__name__} left {len(running)} query thread(s) running"


@pytest.fixture(scope="session", autouse=True)
def shared_extractions(tmp_path_factory):
    """Extractions are kept on disk for the session too (``extractions.py``), so that a
    document read by one worker is not extracted again by the other."""
    folder = session_folder(tmp_path_factory) / "extractions"
    folder.mkdir(exist_ok=True)
    extractions.FOLDER = folder
    yield
    extractions.FOLDER = None


@pytest.fixture(scope="session")
def corpus_store_path(tmp_path_factory, build_store) -> Path:
    """An embedded store of the bundled corpus (vocabularies, documents, inferred graphs),
    built once per session (by the first worker to need it) and closed. Never open it:
    copy it (``corpus_store_copy``) or share a worker's handle (``corpus_store``)."""
    from mskg.data import corpus_files

    folder = session_folder(tmp_path_factory) / "corpus"
    with session_lock(tmp_path_factory, "corpus"):
        if not (folder / "built").exists():
            shutil.rmtree(folder, ignore_errors=True)  # a worker stopped while building it
            build_store(folder / "store", corpus_files())
            (folder / "built").touch()
    return folder / "store"


@pytest.fixture(scope="session")
def corpus_store(corpus_store_path, tmp_path_factory):
    """One open handle on a copy of the corpus store, shared by every test that only reads."""
    from mskg.graph_store import open_store

    path = tmp_path_factory.mktemp("corpus-shared") / "store"
    shutil.copytree(corpus_store_path, path)
    with open_store(path=str(path)) as store:
        yield store


@pytest.fixture
def corpus_store_copy(corpus_store_path, tmp_path) -> Path:
    """A closed copy of the corpus store of this test's own (copying the folder takes a
    fraction of a second; extracting and loading the corpus takes many)."""
    path = tmp_path / "corpus-store"
    shutil.copytree(corpus_store_path, path)
    return path


@pytest.fixture
def writer_process():
    """``writer_process(code, *args)``: run ``python -c code args`` and return the process
    once it has printed ``writing`` (it is midway through a write); the kill tests then
    SIGKILL it. Any process still running at teardown is killed and reaped."""
    started: list[subprocess.Popen] = []

    def start(code: str, *args, timeout: float = 60.0, env: dict | None = None) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-c", code, *map(str, args)],
            env=env,
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
    memoised for the session (``extractions.py``), so every test scoring the same text
    shares one extraction."""
    return extractions.extract_text


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
