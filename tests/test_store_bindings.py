"""The query scanner behind bindings: query forms, and VALUES blocks placed in the
WHERE clause whatever the query's shape. Rewritten queries are run by a real engine."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from mskg.errors import InputError
from mskg.graph_store.bindings import check_bindings, query_form, with_values_block

EX = "http://example.org/"


@pytest.fixture(scope="module")
def engine() -> ox.Store:
    store = ox.Store()
    for s, o in [("a", "A"), ("b", "B"), ("c", "{ not a brace }")]:
        store.add(ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + "label"), ox.Literal(o)))
    return store


@pytest.mark.parametrize(
    "text,form",
    [
        ("SELECT * { ?s ?p ?o }", "select"),
        ("select ?s where { ?s ?p ?o }", "select"),
        ("PREFIX ex: <http://example.org/>\nBASE <http://example.org/>\nASK { ?s ex:p ?o }", "ask"),
        ("PREFIX : <http://example.org/> CONSTRUCT WHERE { ?s :p ?o }", "construct"),
        ("# ASK\nDESCRIBE <http://example.org/a>", "describe"),
        ("PREFIX select: <http://example.org/> ASK { ?s select:p ?o }", "ask"),
    ],
)
def test_query_form(text, form):
    assert query_form(text) == form


@pytest.mark.parametrize(
    "text,expected",
    [
        ("SELECT ?s WHERE { ?s <http://example.org/label> ?l }", [EX + "b"]),
        ("SELECT ?s { ?s <http://example.org/label> ?l }", [EX + "b"]),
        ("SELECT ?s WHERE { { SELECT ?s ?l WHERE { ?s <http://example.org/label> ?l } } }", [EX + "b"]),
        ("SELECT ?s WHERE { ?s <http://example.org/label> ?l . FILTER(?l != \"}\") } ORDER BY ?s", [EX + "b"]),
        ("# WHERE { ?s ?p ?o }\nSELECT ?s WHERE { OPTIONAL { ?s <http://example.org/label> ?l } }", [EX + "b"]),
    ],
)
def test_values_block_binds_select_queries(engine, text, expected):
    rewritten = with_values_block(text, check_bindings({"l": Literal("B")}))
    assert [sol["s"].value for sol in engine.query(rewritten)] == expected


def test_values_block_skips_a_construct_template(engine):
    text = "CONSTRUCT { ?s <http://example.org/seen> ?l } WHERE { ?s <http://example.org/label> ?l }"
    rewritten = with_values_block(text, check_bindings({"s": URIRef(EX + "a")}))
    triples = list(engine.query(rewritten))
    assert [(t.subject.value, t.object.value) for t in triples] == [(EX + "a", "A")]


def test_values_block_in_short_construct_and_ask(engine):
    bound = check_bindings({"s": URIRef(EX + "c")})
    short = with_values_block("CONSTRUCT WHERE { ?s <http://example.org/label> ?l }", bound)
    assert [t.object.value for t in engine.query(short)] == ["{ not a brace }"]
    assert bool(engine.query(with_values_block("ASK { ?s ?p ?o }", bound))) is True


def test_escaped_literal_cannot_break_out(engine):
    evil = Literal('B" } } ; DROP ALL ; SELECT * { "')
    rewritten = with_values_block("SELECT ?s WHERE { ?s ?p ?l }", check_bindings({"l": evil}))
    assert list(engine.query(rewritten)) == []
    assert len(engine) == 3


def test_describe_without_where_cannot_take_bindings():
    with pytest.raises(InputError, match="WHERE"):
        with_values_block("DESCRIBE <http://example.org/a>", check_bindings({"s": URIRef(EX + "a")}))


def test_variable_names_may_be_given_with_a_question_mark_or_dollar():
    assert set(check_bindings({"?a": Literal(1), "$b": Literal(2), "c": Literal(3)})) == {"a", "b", "c"}


@pytest.mark.parametrize("backend", ["embedded", "memory"])
def test_a_bound_value_holds_inside_union_branches_and_subqueries(backend, tmp_path):
    """A parameter stands for its value wherever the query names it: in a FILTER inside a
    UNION branch and in a subquery that does not project it (stored queries compare a text
    there, before their joins). A VALUES row joined at the top reaches neither."""
    from mskg.graph_store import open_store

    label = URIRef(EX + "label")
    with open_store(path=tmp_path / "store") if backend == "embedded" else open_store(memory=True) as store:
        store.replace_graph("https://w3id.org/mskg/graph/document/t", [
            (URIRef(EX + "a"), label, Literal("老年人食堂")), (URIRef(EX + "b"), label, Literal("充电桩")),
        ])
        text = Literal("食堂")
        union = ("SELECT ?s WHERE { { ?s <http://example.org/label> ?l FILTER (CONTAINS(?l, ?_text)) }"
                 " UNION { ?s <http://example.org/missing> ?l FILTER (CONTAINS(?l, ?_text)) } }")
        assert [str(r[0]) for r in store.query(union, bindings={"_text": text}).rows] == [EX + "a"]
        sub = ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s <http://example.org/label> ?l "
               "FILTER (CONTAINS(?l, ?_text)) } } }")
        assert [str(r[0]) for r in store.query(sub, bindings={"_text": text}).rows] == [EX + "a"]
        assert store.query(sub, bindings={"_text": Literal('") } } ; DROP ALL #')}).rows == []
