"""Validation that reuses the stored results of unchanged documents gives the report of a
run over the whole graph: after a document changes, after a document that brings new
shared facts arrives, and when the stored results cannot be read."""

from __future__ import annotations

import pytest
from rdflib.compare import isomorphic

from mskg.graph_store import open_store
from mskg.validation import render, validate_store


def _key(r) -> tuple:
    return (r.rule, r.severity, str(r.focus), r.path_label, r.value.n3() if r.value is not None else "",
            str(r.component), r.message_zh, r.message_en, r.document or "", r.subject or "", r.quote or "",
            r.focus_label, r.value_label)


def _assert_same(reused, whole) -> None:
    assert [_key(r) for r in reused.results] == [_key(r) for r in whole.results]
    assert isomorphic(reused.report_graph, whole.report_graph)
    assert reused.triples == whole.triples
    # the text an auditor reads, but for the summary line (times, documents reused)
    assert render(reused, "text").split("\n", 1)[1:] == render(whole, "text").split("\n", 1)[1:]


def _validate(path, **options):
    with open_store(path=str(path), read_only=True) as store:
        return validate_store(store, **options)


def _ingest(path, files) -> None:
    from mskg.loading import load_documents

    with open_store(path=str(path)) as store:
        load_documents(store, files)


def _edited(tmp_path, source, edit) -> object:
    target = tmp_path / "docs" / source.name
    target.parent.mkdir(exist_ok=True)
    text = source.read_text(encoding="utf-8")
    changed = edit(text)
    assert changed != text
    target.write_text(changed, encoding="utf-8")
    return target


def test_only_changed_documents_are_checked_again(corpus_store_copy, tmp_path):
    from mskg.data import corpus_files

    first = _validate(corpus_store_copy)
    assert (first.documents_checked, first.documents_reused) == (5, 0)  # nothing stored yet
    again = _validate(corpus_store_copy)
    assert (again.documents_checked, again.documents_reused) == (0, 5)
    _assert_same(again, first)

    # a document edited and ingested again: its lead agencies left out of the first items
    source = sorted(corpus_files())[1]
    _ingest(corpus_store_copy, [_edited(tmp_path, source, lambda t: t.replace("牵头单位", "", 3))])
    reused = _validate(corpus_store_copy)
    whole = _validate(corpus_store_copy, reuse=False)
    assert (reused.documents_checked, reused.documents_reused) == (1, 4)
    assert reused.counts() != first.counts()  # the change shows
    _assert_same(reused, whole)


def test_new_shared_facts_reach_the_documents_that_name_them(corpus_store_copy, tmp_path):
    """A new document stating other facts about places the stored documents name (济宁
    renamed in its text: other places, other agencies) is checked, and so is every stored
    document whose shared facts changed; the report equals a whole run."""
    from mskg.data import corpus_files

    _validate(corpus_store_copy)
    source = sorted(corpus_files())[1]
    new = _edited(tmp_path, source, lambda t: t.replace("济宁", "菏泽", 5))
    new = new.rename(new.with_name("new-" + new.name))
    _ingest(corpus_store_copy, [new])
    reused = _validate(corpus_store_copy)
    whole = _validate(corpus_store_copy, reuse=False)
    assert reused.documents_checked >= 1 and reused.documents_reused >= 1
    _assert_same(reused, whole)


def test_unreadable_stored_results_mean_a_whole_run(corpus_store_copy):
    from mskg.validation.incremental import result_file_for

    first = _validate(corpus_store_copy)
    with open_store(path=str(corpus_store_copy), read_only=True) as store:
        results = result_file_for(store)
    results.path.write_text("{not json", encoding="utf-8")
    again = _validate(corpus_store_copy)
    assert (again.documents_checked, again.documents_reused) == (5, 0)
    _assert_same(again, first)


@pytest.mark.parametrize("options", [{"reuse": False}, {"engine": "pyshacl"}, {}])
def test_what_is_not_reused(tmp_path, options):
    """Results are reused only by the oxigraph engine with the bundled shapes on an embedded
    store; a run asked not to reuse them reads none (an empty store here: quick)."""
    with open_store(path=str(tmp_path / "store")) as store:
        outcome = validate_store(store, **options)
    reuses = options.get("engine", "oxigraph") == "oxigraph" and options.get("reuse", True)
    assert (outcome.documents_reused is not None) == reuses


def test_a_document_rewritten_with_a_wrong_quote(corpus_store_copy):
    """A document graph written again with one span's quote changed (V-SPAN-05, a result
    with a value and a message naming it) is checked alone and reported as a whole run does."""
    import re

    from mskg.identifiers import document_graph
    from mskg.loading import with_content_digest

    _validate(corpus_store_copy)
    graph = document_graph("000_e71d73c36a34a15e")
    with open_store(path=str(corpus_store_copy)) as store:
        text = store.dump("ntriples", graph=graph).decode("utf-8")
        lines = [line for line in text.splitlines(keepends=True) if "ontology#contentDigest" not in line]
        at = next(i for i, line in enumerate(lines) if "ontology#quote>" in line)
        lines[at] = re.sub(r'"(.*)"', '"不是原文 \\\\"引文\\\\""', lines[at], count=1)
        store.replace_graph_text(graph, with_content_digest(graph, ["".join(lines)]))
    reused = _validate(corpus_store_copy)
    whole = _validate(corpus_store_copy, reuse=False)
    assert (reused.documents_checked, reused.documents_reused) == (1, 4)
    assert any(r.rule == "V-SPAN-05" and r.value is not None for r in reused.results)
    _assert_same(reused, whole)
