"""The embedded store rewritten through Oxigraph's bulk loader after a large load: the same
quads in compressed files, and a store left whole whatever happens meanwhile."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import textwrap

import pyoxigraph as ox
import pytest

from mskg.errors import InputError
from mskg.graph_store import open_store, rewrite
from mskg.identifiers import document_graph

pytestmark = pytest.mark.skipif(not rewrite.can_exchange(), reason="no atomic exchange of two folders here")


def graph_text(g: int, n: int = 1500) -> str:
    """N-Triples of one document-like graph: IRIs, numbers, short and long Chinese text."""
    base = f"https://w3id.org/mskg/id/item/doc-{g:03d}"
    lines = []
    for i in range(n // 3):
        s = f"<{base}/s{i:04d}>"
        lines.append(f'{s} <https://w3id.org/mskg/ontology#start> "{i * 37}"^^<http://www.w3.org/2001/XMLSchema#integer> .')
        lines.append(f'{s} <https://w3id.org/mskg/ontology#quote> "第{i}项：加快推进养老服务设施建设，完善社区居家养老服务网络（文件{g}）" .')
        lines.append(f"{s} <https://w3id.org/mskg/ontology#plan> <https://w3id.org/mskg/id/plan/doc-{g:03d}> .")
    return "\n".join(lines) + "\n"


def fill(store, graphs: int = 8) -> int:
    """Write ``graphs`` graphs one by one (each its own write, as an ingest does)."""
    for g in range(graphs):
        store.replace_graph_text(document_graph(f"doc-{g:03d}"), graph_text(g))
    return len(store.oxigraph_store)


def folder_bytes(path) -> int:
    return sum(p.stat().st_size for p in path.iterdir() if p.is_file())


def locked_against_other_processes(path) -> bool:
    other = subprocess.run([sys.executable, "-c", "import sys, pyoxigraph as ox; ox.Store(sys.argv[1])", str(path)],
                           capture_output=True, text=True)
    return other.returncode != 0 and "lock" in other.stderr.lower()


def test_a_load_of_most_of_the_store_rewrites_it_smaller_with_the_same_quads(tmp_path):
    path = tmp_path / "store"
    with open_store(path=str(path)) as store:
        total = fill(store)
        store.optimize()  # compaction only: the files RocksDB's compactions write are uncompressed
        before = store.dump("nquads")
        compacted = folder_bytes(path)
        store.optimize(written=total)
        assert store.dump("nquads") == before
        rewritten = folder_bytes(path)
        assert rewritten < 0.7 * compacted, (rewritten, compacted)
        assert locked_against_other_processes(path)
        # the handle writes and reads on the rewritten store
        store.replace_graph_text(document_graph("doc-new"), graph_text(99, 30))
        assert document_graph("doc-new") in store.graphs()
    assert rewrite.leftovers(path) == []
    with open_store(path=str(path)) as store:
        assert len(store.oxigraph_store) == total + 30


def test_a_small_share_written_is_not_worth_a_rewrite():
    assert rewrite.worth_it(100_000, 400_000)
    assert not rewrite.worth_it(99_999, 400_000)  # a quarter is the threshold
    assert not rewrite.worth_it(1, 0)
    assert rewrite.worth_it(rewrite.PART, rewrite.PART)
    # a store larger than one load of the bulk loader holds in memory is only compacted
    assert not rewrite.worth_it(rewrite.PART + 1, rewrite.PART + 1)


def test_a_reader_opened_before_the_rewrite_reads_after_it(tmp_path):
    path = tmp_path / "store"
    with open_store(path=str(path)) as store:
        total = fill(store, graphs=4)
        store.flush()
        with open_store(path=str(path), read_only=True) as reader:
            count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
            assert int(reader.query(count).rows[0][0]) == total
            store.optimize(written=total)
            assert int(reader.query(count).rows[0][0]) == total


def test_an_iterator_that_keeps_the_store_open_stops_the_rewrite(tmp_path, caplog):
    path = tmp_path / "store"
    store = open_store(path=str(path))
    total = fill(store, graphs=3)
    before = store.dump("nquads")
    pending = store.oxigraph_store.quads_for_pattern(None, None, None, None)  # holds the RocksDB instance
    with caplog.at_level(logging.WARNING, logger="mskg"):
        store.optimize(written=total)
    assert "not rewritten" in caplog.text
    assert store.dump("nquads") == before  # read through the instance still open
    with pytest.raises(InputError, match="read-only"):
        store.replace_graph_text(document_graph("doc-x"), graph_text(5, 3))
    store.close()
    del pending
    assert rewrite.leftovers(path) == []
    with open_store(path=str(path)) as again:
        assert again.dump("nquads") == before


def test_where_folders_cannot_be_exchanged_the_store_is_only_compacted(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(rewrite, "exchange", lambda a, b: "the file system cannot exchange two folders atomically")
    path = tmp_path / "store"
    with open_store(path=str(path)) as store:
        total = fill(store, graphs=3)
        before = store.dump("nquads")
        with caplog.at_level(logging.WARNING, logger="mskg"):
            store.optimize(written=total)
        assert "cannot exchange" in caplog.text
        assert store.dump("nquads") == before
        store.replace_graph_text(document_graph("doc-x"), graph_text(5, 3))  # still writable
        assert locked_against_other_processes(path)
    assert rewrite.leftovers(path) == []


KILLED = textwrap.dedent(
    """
    import sys
    from mskg.graph_store import open_store, rewrite

    copy = rewrite.copy

    def slow_copy(source, target):
        print("copying", flush=True)
        copy(source, target)
        print("copied", flush=True)
        import time; time.sleep(60)

    rewrite.copy = slow_copy
    store = open_store(path=sys.argv[1])
    store.optimize(written=len(store.oxigraph_store))
    """
)


def test_a_rewrite_killed_halfway_leaves_the_store_whole(tmp_path):
    path = tmp_path / "store"
    with open_store(path=str(path)) as store:
        fill(store, graphs=3)
        before = store.dump("nquads")
    child = subprocess.Popen([sys.executable, "-c", KILLED, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "copying"
        assert child.stdout.readline().strip() == "copied"
        assert len(rewrite.leftovers(path)) == 1  # the copy, beside the store
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    with open_store(path=str(path)) as store:
        assert store.dump("nquads") == before
    assert rewrite.leftovers(path) == []  # removed by the opening for writing


def test_opening_for_writing_removes_what_earlier_runs_left(tmp_path):
    path = tmp_path / "store"
    with open_store(path=str(path)) as store:
        store.replace_graph_text(document_graph("doc-a"), graph_text(1, 30))
    left = path.with_name(f".{path.name}.rewrite-0123456789ab")
    left.mkdir()
    (left / "000001.sst").write_bytes(b"x" * 100)
    old_log = path / "LOG.old.1796686159077725"
    old_log.write_text("an info log of an earlier opening\n")
    with open_store(path=str(path), read_only=True):
        pass  # a reader leaves everything as it is
    assert left.exists() and old_log.exists()
    with open_store(path=str(path)) as store:
        assert store.graphs() == [document_graph("doc-a")]
    assert not left.exists() and not old_log.exists()
    assert (path / "LOG").exists()  # the current info log stays
    raw = ox.Store.read_only(str(path))
    assert len(raw) == 30
