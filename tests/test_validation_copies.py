"""The two engines on a store of several documents that share agencies and places: the
corpus twice, the second time under other document ids, one named graph per document in
an embedded store (cross-document rules then see every agency and place named by two
documents). The store validated where it is by the default engine (shapes compiled to
SPARQL) equals pySHACL's report on the same graphs.

Two copies are enough for what is checked (every shared node is shared by two documents);
each further copy costs the reference engine about 20 CPU-seconds.
"""

from __future__ import annotations

import pytest
from report_keys import result_keys

pytestmark = pytest.mark.slow  # pySHACL over twice the corpus

COPIES = 2


@pytest.fixture(scope="module")
def corpus_copies(tmp_path_factory):
    """(an embedded store of the corpus ``COPIES`` times, the result counts of one copy)."""
    import dataclasses

    from extractions import corpus_graph, extract_file

    from mskg.data import corpus_files
    from mskg.graph_store import open_store
    from mskg.identifiers import document_graph
    from mskg.inference import materialise
    from mskg.ingest.rdf import extraction_to_graph
    from mskg.loading import load_vocabularies
    from mskg.validation import validate_graph

    store = open_store(path=str(tmp_path_factory.mktemp("copies") / "store"))
    load_vocabularies(store)
    for path in corpus_files():
        ex = extract_file(path)
        for copy in range(COPIES):
            doc = ex.document if copy == 0 else f"{ex.document}-r{copy}"
            store.replace_graph(document_graph(doc), extraction_to_graph(dataclasses.replace(ex, document=doc)))
    materialise(store)  # inferred graphs are in the store, and left out of validation
    # one copy's counts from the default engine: test_validation_corpus.py checks that it
    # gives pySHACL's results on the corpus graph
    single = validate_graph(corpus_graph()).counts()
    yield store, single
    store.close()


def test_compiled_engine_agrees_with_pyshacl_on_copies_of_the_corpus(corpus_copies):
    """The results and report graphs of both engines are equal, and hold ``COPIES`` times
    the corpus's results."""
    from rdflib.compare import isomorphic

    from mskg.validation import validate_store

    store, single = corpus_copies
    compiled = validate_store(store)
    reference = validate_store(store, engine="pyshacl")
    assert compiled.engine == "oxigraph" and reference.engine == "pyshacl"
    assert result_keys(compiled) == result_keys(reference)
    assert isomorphic(compiled.report_graph, reference.report_graph)
    assert single and compiled.counts() == {k: COPIES * v for k, v in single.items()}
    assert compiled.triples == reference.triples
