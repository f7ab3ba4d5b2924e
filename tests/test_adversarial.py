"""Adversarial cases (tests/adversarial/cases.tsv): each line runs `mskg` on a fresh copy of
the corpus store and asserts the exit code, the message and whether the store changed.

Cases that need a real signal (Ctrl-C during a 10 MB ingest and during a cartesian query,
sent to a real `mskg` process) or a store prepared by hand are the functions below.
"""

from __future__ import annotations

import csv
import hashlib
import http.server
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner

from mskg.cli import main
from mskg.data import corpus_files
from mskg.errors import TimeLimitError
from mskg.graph_store import open_store

HERE = Path(__file__).resolve().parent
CASES = HERE / "adversarial" / "cases.tsv"
MSKG = [sys.executable, "-m", "mskg.cli"]



def cases() -> list[tuple[str, str, int, str, str]]:
    lines = [ln for ln in CASES.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return [(c, args, int(code), output, store) for c, args, code, output, store in list(csv.reader(lines, delimiter="\t"))[1:]]


def fingerprint(path: Path) -> str:
    """The store's content, every graph, as one digest (staging graphs are not content)."""
    with open_store(path=str(path), read_only=True) as store:
        return hashlib.sha256(store.dump("nquads")).hexdigest()


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory, corpus_store_path) -> Path:
    """This module's own copy of the session's corpus store (cases may write to it)."""
    path = tmp_path_factory.mktemp("adversarial") / "corpus"
    shutil.copytree(corpus_store_path, path)
    return path


class _Misbehaving(http.server.BaseHTTPRequestHandler):
    """A SPARQL server that answers badly on purpose: an ASK reply with no boolean, and an
    error page that reflects the request's Authorization header."""

    def do_GET(self):  # noqa: N802 - http.server's naming
        self._answer(urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query).get("query", [""])[0])

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
        if "x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
            body = urllib.parse.parse_qs(body).get("query", [""])[0]
        self._answer(body)

    def _answer(self, query: str) -> None:
        if query.strip().upper().startswith("ASK") and "?s" in query:
            body, status = b'{"head": {}}', 200
        elif "SELECT" in query.upper() and "?fail" in query:
            body = ("<html><body><h1>Internal error</h1>\nyou sent Authorization: "
                    + self.headers.get("Authorization", "") + "\nstack trace follows\n</body></html>").encode()
            status = 500
        else:
            body, status = b'{"head": {"vars": []}, "results": {"bindings": []}, "boolean": true}', 200
        self.send_response(status)
        self.send_header("Content-Type", "application/sparql-results+json" if status == 200 else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def bad_endpoint():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Misbehaving)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/query"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    """The input files the cases name as {doc:NAME}."""
    folder = tmp_path_factory.mktemp("inputs")
    stored = next(p for p in corpus_files() if p.name.startswith("001_"))
    text = stored.read_text(encoding="utf-8")
    other = next(p for p in corpus_files() if p.name.startswith("003_")).read_text(encoding="utf-8")
    raw = other.encode("utf-8")
    made = {
        "gb18030_copy": ("gb18030-copy.txt", text.encode("gb18030")),
        "renamed_copy": ("renamed-copy.txt", text.encode("utf-8")),
        "utf16_new": ("utf16-new.txt", other[: len(other) // 2].encode("utf-16")),
        "truncated": ("truncated.txt", raw + "养".encode("utf-8")[:2]),
        "bad_byte": ("bad-byte.txt", _cut_at_character(raw, 3000) + b"\xff" + raw[len(_cut_at_character(raw, 3000)):]),
        "foaf_ttl": ("people.ttl", b'@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n<http://example.org/a> a foaf:Person ; foaf:name "A" .\n'),
    }
    out = {}
    for key, (name, data) in made.items():
        (folder / name).write_bytes(data)
        out[key] = folder / name
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)
    out["fifo"] = fifo
    return out


def _cut_at_character(raw: bytes, at: int) -> bytes:
    """``raw[:n]`` with n the first character boundary at or after ``at``."""
    while raw[at] & 0xC0 == 0x80:
        at += 1
    return raw[:at]


#: commands that open the store for writing; every other command opens it read-only
WRITERS = ("ingest", "build")

#: the exit code of a query stopped at its time limit
TIME_LIMIT = TimeLimitError.exit_code


def _in_a_process(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """(exit code, stdout and stderr) of `mskg ARGS` run as a process of its own.

    A query stopped at its time limit is abandoned, not killed: the engine cannot be
    interrupted, so its thread "ends with the process". Run in the test's process, a
    cartesian query stopped after 0.5 s kept one core busy until the worker exited (about
    half the CPU time of the rest of the suite on a two-core machine)."""
    done = subprocess.run(MSKG + args, env={**os.environ, **env}, capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout + done.stderr


def file_fingerprint(path: Path) -> str:
    """Every file of the store folder, names and bytes: a read-only opening changes none."""
    digest = hashlib.sha256()
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(str(f.relative_to(path)).encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def corpus_fingerprint(corpus_store) -> str:
    return fingerprint(corpus_store)


@pytest.fixture(scope="module")
def corpus_files_fingerprint(corpus_store) -> str:
    """The module's store folder as it was copied, file by file (hashing 45 MB of files
    once, rather than again before every case)."""
    return file_fingerprint(corpus_store)


@pytest.mark.parametrize("case, arguments, code, output, changes", cases(), ids=[c[0] for c in cases()])
def test_adversarial_case(case, arguments, code, output, changes, corpus_store, corpus_fingerprint,
                          corpus_files_fingerprint, documents, bad_endpoint, tmp_path):
    words = shlex.split(arguments)
    env = {}
    while words and re.match(r"^[A-Z_]+=", words[0]):  # leading NAME=value: the environment
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    writes = any(w in words for w in WRITERS)
    if writes:  # a copy, so that a case that writes cannot affect the others
        store = tmp_path / "store"
        shutil.copytree(corpus_store, store)
    else:
        store = corpus_store
    missing = tmp_path / "no-such" / "store"

    def word(w: str) -> str:
        w = w.replace("{store}", str(store)).replace("{missing}", str(missing)).replace("{tmp}", str(tmp_path))
        w = w.replace("{bad_endpoint}", bad_endpoint)
        return re.sub(r"\{doc:(\w+)\}", lambda m: str(documents[m.group(1)]), w)

    if code == TIME_LIMIT:
        exit_code, said = _in_a_process([word(w) for w in words], env)
    else:
        result = CliRunner().invoke(main, [word(w) for w in words], env=env)
        exit_code, said = result.exit_code, result.stdout + result.stderr
    assert exit_code == code, f"{case}: exit {exit_code}\n{said}"
    assert "Traceback" not in said
    if output.startswith("!"):
        assert re.search(output[1:], said) is None, f"{case}: {output[1:]!r} in\n{said}"
    else:
        assert re.search(output, said), f"{case}: {output!r} not in\n{said}"
    if not writes:
        assert changes == "same"
        assert file_fingerprint(store) == corpus_files_fingerprint, f"{case}: a file of the store changed"
    elif changes == "same":
        # a writer's opening rewrites RocksDB's own files; the content must stay
        assert fingerprint(store) == corpus_fingerprint, f"{case}: the store changed"
    else:
        assert fingerprint(store) != corpus_fingerprint
    assert not missing.parent.exists(), f"{case}: a store was created at {missing}"


def test_every_case_kind_of_the_issue_is_listed():
    names = {c[0] for c in cases()}
    for prefix in ("ask-", "ingest-", "stats-", "export-", "viz-", "validate-", "sparql-", "query-", "measures-without-lead"):
        assert any(n.startswith(prefix) for n in names), prefix
    assert len(names) == len(cases()), "case names are unique"


# -- cases that need a prepared store -------------------------------------------------------------


def test_stats_lists_documents_stored_twice(corpus_store, tmp_path):
    """A store filled before documents were identified by content may hold a copy under another
    name: `mskg stats` lists both."""
    import rdflib

    store_path = tmp_path / "store"
    shutil.copytree(corpus_store, store_path)
    with open_store(path=str(store_path)) as store:
        original = "https://w3id.org/mskg/graph/document/001_478e334c04adaff1"
        dataset = rdflib.Dataset()
        dataset.parse(data=store.dump("nquads", graph=original), format="nquads")
        copy = rdflib.Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            text = lambda t: rdflib.URIRef(str(t).replace("001_478e334c04adaff1", "copy")) if isinstance(t, rdflib.URIRef) else t  # noqa: E731
            o = rdflib.Literal("copy") if str(p) == "http://purl.org/dc/terms/identifier" and str(o) == "001_478e334c04adaff1" else o
            copy.add((text(s), p, text(o)))
        store.replace_graph("https://w3id.org/mskg/graph/document/copy", copy)
    result = CliRunner().invoke(main, ["--store", str(store_path), "stats"])
    assert result.exit_code == 0, result.output
    assert "same text" in result.stdout
    assert "001_478e334c04adaff1" in result.stdout and "copy" in result.stdout.split("same text")[1]
    clean = CliRunner().invoke(main, ["--store", str(corpus_store), "stats"])
    assert "same text" not in clean.stdout


def test_validate_reports_stale_inferred_graphs(corpus_store, tmp_path):
    """A run killed between the swap of a document and the refresh of the inferred graphs
    leaves the pending mark: validate says so and exits 1."""
    from mskg.inference import mark_pending

    store_path = tmp_path / "store"
    shutil.copytree(corpus_store, store_path)
    with open_store(path=str(store_path)) as store:
        mark_pending(store)
    result = CliRunner().invoke(main, ["--store", str(store_path), "validate"])
    assert result.exit_code == 1
    assert "inferred graphs are stale" in result.stderr


# -- real signals -----------------------------------------------------------------------------------


def _interrupt(args: list[str], after: float, env=None) -> tuple[int, float, str]:
    """Run `mskg ARGS`, send SIGINT after ``after`` seconds; (exit code, seconds to exit, stderr).

    The command gets SIGINT's default handling whatever the test runner's: a runner started
    in the background by a non-interactive shell ignores SIGINT, and its children would
    inherit that (Python then never raises KeyboardInterrupt)."""
    process = subprocess.Popen(MSKG + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(after)
    assert process.poll() is None, "the command ended before the signal: " + process.communicate()[1]
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    return process.returncode, time.monotonic() - sent, err


def _stopped_within_a_second(corpus_store, tmp_path, command, after: float) -> None:
    """SIGINT ``after`` seconds into ``command(store)`` on a copy of the corpus store: exit
    130 within a second, no traceback, the store as before, and ``mskg validate`` clean."""
    store = tmp_path / "store"
    shutil.copytree(corpus_store, store)
    before = fingerprint(store)
    code, seconds, err = _interrupt(["--store", str(store), *command], after=after)
    assert code == 130, err
    assert seconds < 1.0, seconds
    assert "interrupted" in err and "Traceback" not in err
    assert fingerprint(store) == before
    validated = subprocess.run(MSKG + ["--store", str(store), "validate"],
                               capture_output=True, text=True, timeout=600)
    assert validated.returncode == 0, validated.stderr


@pytest.mark.slow  # a real signal to a real process, then a validation in another
def test_sigint_stops_a_cartesian_query_within_a_second(corpus_store, tmp_path):
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    _stopped_within_a_second(corpus_store, tmp_path, ["sparql", "--timeout", "0", cartesian], after=3)


def _ten_megabytes(folder: Path) -> Path:
    """A 10 MB document: a seed document repeated."""
    big = folder / "big.txt"
    text = next(p for p in corpus_files() if p.name.startswith("002_")).read_text(encoding="utf-8")
    big.write_text("\n".join([text] * (10_000_000 // len(text.encode("utf-8")) + 1)), encoding="utf-8")
    assert big.stat().st_size >= 10_000_000
    return big


@pytest.mark.slow  # a real signal to a real process, then a validation in another
def test_sigint_stops_the_ingest_of_a_10_mb_document_within_a_second(corpus_store, tmp_path):
    big = _ten_megabytes(tmp_path)
    _stopped_within_a_second(corpus_store, tmp_path, ["ingest", str(big)], after=4)


@pytest.mark.slow  # a real signal to a real process, then a validation in another
def test_sigint_after_a_document_is_written_does_not_wait_for_a_refresh(corpus_store, tmp_path):
    """SIGINT as soon as a first, small document can be seen in the store, while a second,
    larger one is still being extracted: the first was written with its inferences in one
    transaction, so nothing is left to refresh: exit 130 within a second, the message names
    it, the second is not stored, and `mskg validate` is clean."""
    import pyoxigraph as ox

    store = tmp_path / "store"
    shutil.copytree(corpus_store, store)
    seeds = corpus_files()
    small = tmp_path / "small.txt"
    small.write_text(seeds[3].read_text(encoding="utf-8") + "\n（本文件为副本）\n", encoding="utf-8")
    large = tmp_path / "large.txt"
    large.write_text("\n".join(p.read_text(encoding="utf-8") for p in seeds * 4), encoding="utf-8")
    process = subprocess.Popen(MSKG + ["--store", str(store), "ingest", "-j", "2", str(small), str(large)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    small_graph = ox.NamedNode("https://w3id.org/mskg/graph/document/small")

    def written() -> bool:
        try:
            return ox.Store.read_only(str(store)).contains_named_graph(small_graph)
        except (OSError, RuntimeError):
            return False

    deadline = time.monotonic() + 300
    while not written() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the ingest ended before the signal: " + process.communicate()[1]
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    seconds = time.monotonic() - sent
    assert process.returncode == 130, err
    assert seconds < 1.0, seconds
    assert "1 of 2 documents stored (small)" in err and "Traceback" not in err
    with open_store(path=str(store), read_only=True) as opened:
        documents = [g for g in opened.graphs() if g.startswith("https://w3id.org/mskg/graph/document/")]
    assert "https://w3id.org/mskg/graph/document/small" in documents
    assert "https://w3id.org/mskg/graph/document/large" not in documents
    validated = subprocess.run(MSKG + ["--store", str(store), "validate"], capture_output=True, text=True, timeout=600)
    assert validated.returncode == 0, validated.stderr


@pytest.mark.slow  # three real processes beside a 10 MB ingest, seconds apart
def test_reads_work_while_an_ingest_writes(corpus_store, tmp_path):
    """`mskg stats` and `mskg query` beside a running `mskg ingest` of the same store read
    what was stored before it, instead of `store … is in use`."""
    store = tmp_path / "store"
    shutil.copytree(corpus_store, store)
    ingest = subprocess.Popen(MSKG + ["--store", str(store), "ingest", str(_ten_megabytes(tmp_path))],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(3)
        assert ingest.poll() is None, "the ingest ended before the reads"
        stats = subprocess.run(MSKG + ["--store", str(store), "stats"], capture_output=True, text=True, timeout=120)
        query = subprocess.run(MSKG + ["--store", str(store), "query", "plan-overview", "--format", "csv"],
                               capture_output=True, text=True, timeout=120)
        assert ingest.poll() is None, "the ingest ended before the reads were done"
    finally:
        ingest.kill()
        ingest.communicate(timeout=60)
    assert stats.returncode == 0, stats.stderr
    assert "001_478e334c04adaff1" in stats.stdout and "in use" not in stats.stderr
    assert query.returncode == 0, query.stderr
    assert len(query.stdout.strip().splitlines()) == 1 + 5  # the header and the five plans stored before
