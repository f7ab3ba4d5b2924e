"""The embedded on-disk store: its directory, its lock, and surviving a killed ingest."""

from __future__ import annotations

import os
import signal
import textwrap

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from mskg.errors import InputError
from mskg.graph_store import DEFAULT_STORE_PATH, open_store
from mskg.graph_store.staging import is_staging
from mskg.identifiers import document_graph

DOC_A = document_graph("doc-a")
DOC_B = document_graph("doc-b")
V = URIRef("http://example.org/version")

# A writer process: replaces DOC_A with an endless slow stream of triples and says
# "writing" on stdout once more than one chunk is committed to the staging graph.
WRITER = textwrap.dedent(
    """
    import sys, time
    from rdflib import Literal, URIRef
    from mskg.graph_store import open_store

    path, graph, signal_after = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = open_store(path=path)
    store.chunk_size = 1000

    def slow():
        i = 0
        while True:
            if i == signal_after:
                print("writing", flush=True)
            if i > signal_after:
                time.sleep(0.002)
            yield (URIRef(f"http://example.org/new/{i}"), URIRef("http://example.org/version"), Literal("new"))
            i += 1

    store.replace_graph(graph, slow())
    print("finished", flush=True)
    """
)


def old_triples(n: int = 200):
    return [(URIRef(f"http://example.org/old/{i}"), V, Literal("旧", lang="zh")) for i in range(n)]


def raw_graph_names(path) -> list[str]:
    """Named graphs as pyoxigraph itself sees the directory, staging graphs included."""
    raw = ox.Store(str(path))
    try:
        return sorted(g.value for g in raw.named_graphs())
    finally:
        del raw


def test_default_location_is_dot_mskg_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open_store() as store:
        store.replace_graph(DOC_A, old_triples(3))
    assert DEFAULT_STORE_PATH == ".mskg/store"
    assert (tmp_path / ".mskg" / "store").is_dir()


def test_data_persists_across_reopen(tmp_path):
    path = tmp_path / "store"
    with open_store(path=str(path)) as store:
        store.replace_graph(DOC_A, old_triples(5))
        before = store.dump("nquads")
    with open_store(path=str(path)) as store:
        assert store.graphs() == [DOC_A]
        assert store.dump("nquads") == before


def test_store_path_that_is_a_file_is_an_input_error(tmp_path):
    path = tmp_path / "store"
    path.write_text("not a store")
    with pytest.raises(InputError, match="is a file"):
        open_store(path=str(path))


def test_killed_ingest_leaves_previous_graph_intact(tmp_path, writer_process):
    path = tmp_path / "store"
    with open_store(path=str(path)) as store:
        store.replace_graph(DOC_A, old_triples())
        store.replace_graph(DOC_B, old_triples(7))
        before = store.dump("nquads")

    writer = writer_process(WRITER, str(path), DOC_A, "2500")
    try:
        # While the writer holds the store, another process cannot open it.
        with pytest.raises(InputError, match="in use by another process"):
            open_store(path=str(path))
        # A reader opens it read-only and sees the committed graphs, not the staging one.
        with open_store(path=str(path), read_only=True) as reader:
            assert reader.graphs() == [DOC_A, DOC_B]
            assert reader.dump("nquads") == before
            with pytest.raises(InputError, match="read-only"):
                reader.replace_graph(DOC_B, old_triples(1))
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL

    # The kill happened midway: a staging graph with committed chunks is on disk.
    leftovers = [g for g in raw_graph_names(path) if is_staging(g)]
    assert len(leftovers) == 1

    with open_store(path=str(path)) as store:
        assert store.graphs() == [DOC_A, DOC_B]
        assert store.dump("nquads") == before
        (row,) = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        assert int(row[0]) == 207
        # The next write removes what the killed run left behind.
        store.replace_graph(DOC_B, old_triples(8))
    assert raw_graph_names(path) == [DOC_A, DOC_B]


def test_interrupted_replace_leaves_no_staging_graph(tmp_path):
    path = tmp_path / "store"

    def interrupted():
        yield from old_triples(2500)
        raise KeyboardInterrupt

    with open_store(path=str(path)) as store:
        store.chunk_size = 1000
        store.replace_graph(DOC_A, old_triples(3))
        with pytest.raises(KeyboardInterrupt):
            store.replace_graph(DOC_A, interrupted())
        assert store.graphs() == [DOC_A]
    assert raw_graph_names(path) == [DOC_A]


def test_store_path_under_a_file_is_an_input_error(tmp_path):
    (tmp_path / "plain").write_text("x")
    with pytest.raises(InputError, match="plain"):
        open_store(path=str(tmp_path / "plain" / "store"))


def test_folder_with_other_content_is_not_taken_as_a_store(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not a store"):
        open_store(path=str(folder))
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    open_store(path=str(empty)).close()


def test_read_only_opening_never_creates_a_store(tmp_path):
    path = tmp_path / "typo" / "store"
    with pytest.raises(InputError, match="no store at"):
        open_store(path=str(path), read_only=True)
    assert not (tmp_path / "typo").exists()
