"""The corpus graph (real pipeline over the bundled documents) against the shapes.

Extraction improves while the project grows, so these tests assert properties, not counts:
no violation; every warning is of a kind that reports a property of the documents (a
measure nobody is named for, a target outside the plan's period, …), not an extractor
gap; and the default engine (shapes compiled to SPARQL, run by Oxigraph) gives the same
results as the reference, pySHACL, on the corpus. The same comparison on copies of the
corpus in a store is ``test_validation_copies.py`` (a module of its own, so that the two
pySHACL runs, the heaviest of the suite, can run on two workers at once).
"""

from __future__ import annotations

import pytest
from extractions import corpus_graph
from report_keys import result_keys

from mskg.validation import validate_graph

pytestmark = pytest.mark.slow  # both engines over the whole corpus graph

# Warnings that describe the documents themselves.
DOCUMENT_PROPERTIES = {
    "W-MEAS-01",  # the document names no agency for the measure (003 lists none)
    "W-MEAS-02",  # only responsible/cooperating units, no lead and no stated convention
    "W-RESP-01",  # a body of another place is given a task
    "W-TGT-04",  # a target due outside the plan period (a 2035 vision in a 2021–2025 plan)
    "W-TGT-05",  # a percentage above 100 (a growth rate)
}


@pytest.fixture(scope="module")
def outcomes():
    corpus = corpus_graph()
    return {engine: validate_graph(corpus, engine=engine) for engine in ("pyshacl", "oxigraph")}


def _describe(results) -> list[str]:
    return [f"{r.rule} {r.focus_label} {r.value_label} {r.message_en}" for r in results]


def test_corpus_graph_has_no_violation(outcomes):
    violations = [r for r in outcomes["pyshacl"].results if r.severity == "violation"]
    assert violations == [], _describe(violations)


def test_corpus_warnings_are_properties_of_the_documents(outcomes):
    warnings = [r for r in outcomes["pyshacl"].results if r.severity == "warning"]
    other = [r for r in warnings if r.rule not in DOCUMENT_PROPERTIES]
    assert other == [], _describe(other)
    # 003 (临沂 2021) prints no agency for its measures: the auditor is told so.
    assert any(r.rule == "W-MEAS-01" and (r.document or "").startswith("003_") for r in warnings)


def test_compiled_engine_agrees_with_pyshacl_on_the_corpus(outcomes):
    from rdflib.compare import isomorphic

    reference, compiled = outcomes["pyshacl"], outcomes["oxigraph"]
    assert result_keys(compiled) == result_keys(reference)
    assert isomorphic(compiled.report_graph, reference.report_graph)
