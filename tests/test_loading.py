"""The load path: documents written as they are extracted, in parallel processes, with
the inferred graphs refreshed for the documents that changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import extractions
import pytest

from mskg.data import corpus_files
from mskg.graph_store import open_store
from mskg.graph_store.terms import oxigraph_triples, parsed_ntriples
from mskg.identifiers import document_graph
from mskg.inference import materialise, pending, rules
from mskg.loading import Interrupted, Stop, load_documents


def inferred(store) -> dict[str, bytes]:
    return {r.name: store.dump("ntriples", graph=r.graph) for r in rules()}


def assert_inferred_as_a_full_refresh(store) -> dict[str, bytes]:
    """The inferred graphs equal what a refresh over the whole store gives (and that
    refresh changes nothing)."""
    now = inferred(store)
    materialise(store)
    assert inferred(store) == now
    assert not pending(store)
    return now


def test_the_mapper_writes_the_triples_of_its_graph():
    from mskg.ingest.rdf import extraction_to_graph, extraction_triples, ntriples

    ex = extractions.extract_file(corpus_files()[1])
    triples = extraction_triples(ex)
    assert len(triples) == len(set(triples)) == len(extraction_to_graph(ex))
    assert set(parsed_ntriples([ntriples(triples)])) == set(oxigraph_triples(extraction_to_graph(ex)))


def test_inferred_graphs_refreshed_per_document_equal_a_full_refresh(tmp_path):
    files = corpus_files()
    folder = tmp_path / "docs"
    folder.mkdir()
    first, second = (shutil.copy(files[i], folder / files[i].name) for i in (0, 1))
    with open_store(path=str(tmp_path / "store")) as store:
        load_documents(store, [Path(first), Path(second)], vocabularies=True, extract=extractions.extract_text)
        full = assert_inferred_as_a_full_refresh(store)
        assert all(full.values())
        # the first document shortened: its items past the cut, and what was inferred
        # about them, are gone
        text = Path(first).read_text(encoding="utf-8")
        Path(first).write_text(text[: len(text) // 3], encoding="utf-8")
        load_documents(store, [Path(first)], vocabularies=True, extract=extractions.extract_text)
        shorter = assert_inferred_as_a_full_refresh(store)
        assert len(shorter["effective-responsibility"]) < len(full["effective-responsibility"])
        # the second one under another name, replacing it; then a third document
        renamed = folder / "renamed.txt"
        shutil.move(second, renamed)
        load_documents(store, [renamed, files[2]], vocabularies=True, replace=True, extract=extractions.extract_text)
        assert document_graph(Path(second).stem) not in store.graphs()
        assert_inferred_as_a_full_refresh(store)


def test_store_scoped_rules_have_no_negation():
    """A new document is written with its inferences computed beforehand (``Additions``),
    which is right only while a store-scoped rule can never lose a row when data is
    added: a negation (MINUS, NOT EXISTS, an unbound OPTIONAL) in one would need a refresh."""
    import re

    store_rules = [r for r in rules() if r.scope == "store"]
    assert store_rules
    for rule in store_rules:
        text = re.sub(r"#[^\n]*", "", rule.text).upper()  # comments may name the words
        for word in ("MINUS", "NOT EXISTS", "OPTIONAL", "!BOUND", "! BOUND"):
            assert word not in text, f"store-scoped inference rule {rule.name} uses {word}"


def test_the_scratch_store_made_anew_gives_the_same_inferences(tmp_path, monkeypatch):
    """The in-memory scratch store keeps the strings of every document parsed into it, so
    it is made anew as documents pass; the inferred graphs are still those of a full refresh."""
    import mskg.inference as inference

    monkeypatch.setattr(inference, "SCRATCH_RENEWAL", 0)  # a new scratch store for every document
    with open_store(path=str(tmp_path / "store")) as store:
        load_documents(store, corpus_files()[:3], vocabularies=True, extract=extractions.extract_text)
        assert all(assert_inferred_as_a_full_refresh(store).values())


def test_a_stop_between_documents_keeps_those_written_whole_with_their_inferences(tmp_path):
    files = corpus_files()[:3]
    stop = Stop()
    with open_store(path=str(tmp_path / "store")) as store:
        with pytest.raises(Interrupted, match=r"1 of 3 documents stored \(000_"):
            load_documents(store, files, vocabularies=True, stop=stop, extract=extractions.extract_text,
                           progress=lambda _: stop.request())
        documents = [g for g in store.graphs() if g.startswith(document_graph(""))]
        assert documents == [document_graph(files[0].stem)]
        assert_inferred_as_a_full_refresh(store)


def test_a_stop_waited_for_by_the_final_refresh_names_the_documents_stored(tmp_path):
    """A document replacing a stored one is not additive: a stop during its write or the
    refresh after it is waited for, and the message then names what was stored (it said
    "no document stored before" once the last document had been written)."""
    files = corpus_files()[:1]
    stop = Stop()
    with open_store(path=str(tmp_path / "store")) as store:
        load_documents(store, files, vocabularies=True, extract=extractions.extract_text)
        load_documents(store, files, vocabularies=True, stop=stop, extract=extractions.extract_text,
                       progress=lambda _: stop.request())  # after the last document, before the refresh
        assert stop.account().startswith(f"interrupted (Ctrl-C): 1 of 1 documents stored ({files[0].stem})")
        assert not pending(store)


def test_a_new_document_and_its_inferences_are_one_transaction_a_stop_abandons(tmp_path):
    """A stop while a new document's quads are being written abandons the transaction: the
    store holds exactly what it held, and no refresh is waited for (nothing is marked stale)."""
    files = corpus_files()
    stop = Stop()
    with open_store(path=str(tmp_path / "store")) as store:
        load_documents(store, files[:1], vocabularies=True, extract=extractions.extract_text)
        before = store.dump("nquads")
        add_trig = store.add_trig

        def stopped_midway(pieces, **options):
            def stream():
                for i, piece in enumerate(pieces):
                    if i == 1:  # the document's text has begun
                        assert not stop.request()  # not waited for: the transaction is abandoned
                    yield piece
            add_trig(stream(), **options)

        store.add_trig = stopped_midway
        with pytest.raises(Interrupted, match="before anything was stored; the store is unchanged"):
            load_documents(store, files[1:2], vocabularies=True, stop=stop, extract=extractions.extract_text)
        assert store.dump("nquads") == before
        assert not pending(store)
        # a second ingest works and gives the inferred graphs of a full refresh
        store.add_trig = add_trig
        load_documents(store, files[1:3], vocabularies=True, extract=extractions.extract_text)
        assert document_graph(files[2].stem) in store.graphs()
        assert_inferred_as_a_full_refresh(store)


def test_a_new_document_is_the_same_written_by_the_bulk_loader_or_in_one_transaction(tmp_path, monkeypatch):
    """A new document and its inferences go to Oxigraph's bulk loader up to BULK_ATOMIC
    statements (its one ingestion of files is atomic) and into one transaction above:
    the store holds the same either way."""
    import mskg.graph_store.embedded as embedded

    files = corpus_files()[:2]
    dumps = []
    for limit in (embedded.BULK_ATOMIC, 0):
        monkeypatch.setattr(embedded, "BULK_ATOMIC", limit)
        with open_store(path=str(tmp_path / f"store-{limit}")) as store:
            load_documents(store, files, vocabularies=True, extract=extractions.extract_text)
            dumps.append(store.dump("nquads"))
    assert dumps[0] == dumps[1]


def test_files_left_by_a_bulk_load_that_was_killed_are_removed_when_the_store_is_opened(tmp_path):
    with open_store(path=str(tmp_path / "store")) as store:
        load_documents(store, corpus_files()[:1], vocabularies=True, extract=extractions.extract_text)
        before = store.dump("nquads")
    left = tmp_path / "store" / "bulk-1234.sst"  # as Oxigraph names the files it builds
    left.write_bytes(b"half a file")
    with open_store(path=str(tmp_path / "store"), read_only=True) as reader:  # a reader writes nothing
        assert reader.dump("nquads") == before
    assert left.exists()
    with open_store(path=str(tmp_path / "store")) as store:
        assert store.dump("nquads") == before
    assert not left.exists()


def test_a_stop_during_the_commit_waits_for_it_and_counts_the_document(tmp_path):
    """After a new document's last quad the transaction commits: a stop then is waited for,
    and the message names the document as stored."""
    files = corpus_files()[:2]
    stop = Stop()
    waited: list[bool] = []
    with open_store(path=str(tmp_path / "store")) as store:
        add_trig = store.add_trig

        def stopped_at_the_end(pieces, **options):
            def stream():
                yield from pieces
            add_trig(stream(), **options)
            if not waited:
                waited.append(stop.request())

        store.add_trig = stopped_at_the_end
        with pytest.raises(Interrupted, match=r"1 of 2 documents stored \(000_"):
            load_documents(store, files, vocabularies=True, stop=stop, extract=extractions.extract_text)
        assert waited == [True]
        assert [g for g in store.graphs() if g.startswith(document_graph(""))] == [document_graph(files[0].stem)]
        assert not pending(store)
        assert_inferred_as_a_full_refresh(store)


def test_a_stop_waits_for_a_commit_only_so_long(monkeypatch):
    """A commit is waited for at most COMMIT_WAIT seconds; then the stop may end the
    process, and the message says that the document is stored whole or not at all."""
    import mskg.loading as loading

    monkeypatch.setattr(loading, "COMMIT_WAIT", 0.05)
    stop = Stop()
    stop.total = 1
    assert list(stop.committing(iter(range(3)), "doc")) == [0, 1, 2]
    assert stop.request()  # committing: waited for
    assert not stop.settled()
    import time

    time.sleep(0.06)
    assert stop.settled()
    assert "doc was being committed when the process ended" in stop.account()
    assert "unchanged" not in stop.account()  # it may be stored: the store may have changed
    stop.committed("doc")
    assert stop.settled() and "1 of 1 documents stored (doc)" in stop.account()
    assert "being committed" not in stop.account()


def test_the_refresh_after_a_replacement_is_part_of_the_write(tmp_path):
    """A document replacing a stored one changes the inferred graphs by more than adding:
    a Ctrl-C while they are refreshed after the last document must wait for the refresh
    (the load still holds), else the process ends with the inferred graphs stale; only
    the compaction after it may be abandoned."""
    from mskg.inference import PENDING_GRAPH

    stop = Stop()
    holding_when_refreshed: list[bool] = []
    with open_store(path=str(tmp_path / "store")) as store:
        load_documents(store, corpus_files()[:1], vocabularies=True, extract=extractions.extract_text)
        drop_graph = store.drop_graph

        def watched_drop(name: str) -> None:  # the refresh's last step removes the pending mark
            if name == PENDING_GRAPH:
                holding_when_refreshed.append(stop.writing)
            drop_graph(name)

        store.drop_graph = watched_drop
        load_documents(store, corpus_files()[:1], vocabularies=True, stop=stop, extract=extractions.extract_text)
        assert holding_when_refreshed == [True]
        assert not stop.writing
        assert_inferred_as_a_full_refresh(store)


def test_vocabularies_whose_blank_nodes_have_other_names_are_current(tmp_path):
    """Each load names the lexicons' blank nodes anew: the stored vocabularies are this
    version's when they are the same graph, whatever the names (else every ingest would
    rewrite them and refresh every inferred graph)."""
    import rdflib

    from mskg.identifiers import SCHEMES_GRAPH
    from mskg.loading import load_vocabularies, vocabularies_current

    with open_store(path=str(tmp_path / "store")) as store:
        load_vocabularies(store)
        renamed = rdflib.Graph().parse(data=store.dump("ntriples", graph=SCHEMES_GRAPH), format="nt")
        assert any(isinstance(t, rdflib.BNode) for triple in renamed for t in triple)
        store.replace_graph(SCHEMES_GRAPH, renamed)
        assert vocabularies_current(store)
        renamed.remove(next(iter(renamed)))
        store.replace_graph(SCHEMES_GRAPH, renamed)
        assert not vocabularies_current(store)


def test_a_file_changed_after_its_check_is_refused_with_the_store_unchanged(tmp_path, monkeypatch):
    """Each file is read and its digest checked against the stored documents once; the
    mapper reads it again and records the checked digest. A file edited in between (here
    into a copy of a stored document, which the check would have refused) is refused,
    naming it, with nothing written."""
    import mskg.ingest.identity as identity
    from mskg.errors import InputError

    files = corpus_files()
    edited = tmp_path / files[1].name
    shutil.copy(files[1], edited)
    with open_store(path=str(tmp_path / "store")) as store:
        load_documents(store, files[:1], vocabularies=True, extract=extractions.extract_text)
        before = store.dump("nquads")
        check = identity.same_text_documents

        def edited_after_the_check(*args, **kwargs):
            superseded = check(*args, **kwargs)
            edited.write_text(files[0].read_text(encoding="utf-8"), encoding="utf-8")
            return superseded

        monkeypatch.setattr(identity, "same_text_documents", edited_after_the_check)
        with pytest.raises(InputError, match=f"{edited.name}: the file changed while the ingest ran"):
            load_documents(store, [edited], vocabularies=True, extract=extractions.extract_text)
        assert store.dump("nquads") == before


def test_an_ingest_that_changes_nothing_rewrites_no_vocabulary(tmp_path):
    files = corpus_files()[:1]
    with open_store(path=str(tmp_path / "store")) as store:
        load_documents(store, files, vocabularies=True, extract=extractions.extract_text)
        before = store.dump("nquads")
        load_documents(store, files, vocabularies=True, extract=extractions.extract_text)
        assert store.dump("nquads") == before


@pytest.mark.slow
def test_parallel_extraction_gives_the_same_store_as_one_process(tmp_path):
    """`mskg ingest -j 1` and `-j 2` (one and two extraction processes) store what loading
    in this process stores. The commands run in this process (click's runner): the
    extraction processes they start are what is compared."""
    from click.testing import CliRunner

    from mskg.cli import main

    files = [str(p) for p in corpus_files()[:3]]
    dumps = []
    for jobs in ("1", "2"):
        store = tmp_path / f"store-{jobs}"
        out = tmp_path / f"j{jobs}.nq"
        for command in (["ingest", "-j", jobs, *files], ["export", "-f", "nquads", "-o", str(out)]):
            result = CliRunner().invoke(main, ["-q", "--store", str(store), *command])
            assert result.exit_code == 0, result.output
        dumps.append(out.read_bytes())
    with open_store(path=str(tmp_path / "in-process")) as store:
        load_documents(store, [Path(f) for f in files], vocabularies=True, extract=extractions.extract_text)
        dumps.append(store.dump("nquads"))
    assert dumps[0] == dumps[1] == dumps[2]
    assert dumps[0].count(b"\n") > 10_000
