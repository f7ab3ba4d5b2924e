"""Query text inspection and safe variable bindings.

Three things every backend needs before running a query:

* ``query_form``: SELECT, ASK, CONSTRUCT or DESCRIBE — and a clear refusal of
  SPARQL Update text, which ``query()`` never runs;
* ``check_bindings``: bindings are rdflib IRIs or literals for well-formed
  variable names, converted to pyoxigraph terms (which validates and escapes them);
* ``with_values_block``: for servers without a substitution API, the bindings as a
  ``VALUES`` block inserted right after the opening brace of the WHERE clause. Terms
  are written as N-Triples by pyoxigraph, never pasted as raw text.

The scanner knows SPARQL's comments, strings and IRIs, so braces or keywords inside
them are not mistaken for structure.

>>> query_form("PREFIX ex: <http://ex/> # SELECT in a comment\\nASK { ?s ex:p ?o }")
'ask'
>>> from rdflib import Literal
>>> print(with_values_block("SELECT ?o WHERE { ?s ?p ?o }", check_bindings({"s": Literal('x"}')})))
SELECT ?o WHERE {
VALUES (?s) { ("x\\"}") }
 ?s ?p ?o }
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.term import Literal, Node, URIRef, Variable

from mskg.errors import InputError
from mskg.graph_store.terms import to_oxigraph

QUERY_FORMS = ("select", "ask", "construct", "describe")
_UPDATE_WORDS = {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<word>[A-Za-z_][\w-]*(?::[^\s{}()<>,;.]*)?|:[^\s{}()<>,;.]*)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_VARNAME = re.compile(r"[\w\u00b7]+")


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int


def _tokens(sparql: str) -> list[_Token]:
    out: list[_Token] = []
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        out.append(_Token(kind, m.group(), m.start(), m.end()))
    return out


def _keyword(tok: _Token) -> str | None:
    if tok.kind == "word" and ":" not in tok.text:
        return tok.text.lower()
    return None


def query_form(sparql: str) -> str:
    """The query form in lower case; InputError for updates and for non-queries.

    Queries run over the store's dataset (all named graphs), so dataset clauses
    (FROM, FROM NAMED) are refused: ``GRAPH <g> { … }`` selects a graph.
    """
    if not isinstance(sparql, str) or not sparql.strip():
        raise InputError("empty SPARQL query")
    toks = _tokens(sparql)
    for tok in toks:
        word = _keyword(tok)
        if word in ("prefix", "base"):
            continue
        if word in QUERY_FORMS:
            _refuse_dataset_clauses(toks)
            return word
        if word in _UPDATE_WORDS:
            raise InputError(
                f"this is a SPARQL Update ({word.upper()} ...), not a query; "
                "only SELECT, ASK, CONSTRUCT and DESCRIBE queries are run"
            )
        if tok.kind in ("iri", "word"):
            continue  # the arguments of PREFIX and BASE
        break
    raise InputError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE after the prologue")


def _refuse_dataset_clauses(toks: list[_Token]) -> None:
    depth = 0
    for tok in toks:
        if tok.kind == "open":
            depth += 1
        elif tok.kind == "close":
            depth -= 1
        elif depth == 0 and _keyword(tok) == "from":
            raise InputError(
                "FROM and FROM NAMED are not supported: queries run over all the store's "
                "named graphs; use GRAPH <graph IRI> { ... } to query one graph"
            )


def check_bindings(bindings: Mapping[str, Node] | None) -> dict[str, ox.NamedNode | ox.Literal]:
    """Validated bindings: variable name (without ``?``) → pyoxigraph term.

    Only IRIs and literals can be bound (SPARQL's VALUES has no blank nodes).
    """
    if not bindings:
        return {}
    if not isinstance(bindings, Mapping):
        raise InputError(f"bindings must be a mapping of variable names to RDF terms, got {type(bindings).__name__}")
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for key, value in bindings.items():
        name = str(key)
        if not isinstance(key, Variable) and name[:1] in ("?", "$"):
            name = name[1:]
        if not isinstance(key, (str, Variable)) or not _VARNAME.fullmatch(name):
            raise InputError(f"invalid query variable name {key!r}")
        if not isinstance(value, (URIRef, Literal)):
            raise InputError(
                f"binding for ?{name} must be an rdflib URIRef or Literal, got {type(value).__name__}: {value!r}"
            )
        out[name] = to_oxigraph(value)  # type: ignore[assignment]
    return out


def _matching_close(toks: list[_Token], i: int) -> int:
    """Index of the brace closing the one opened at ``toks[i]``."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].kind == "open":
            depth += 1
        elif toks[j].kind == "close":
            depth -= 1
            if depth == 0:
                return j
    raise InputError("unbalanced braces in the SPARQL query")


def with_values_block(sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with a VALUES block for ``bindings`` first in its WHERE clause.

    The short form ``CONSTRUCT WHERE { T }`` allows no VALUES inside; it is written
    out as ``CONSTRUCT { T } WHERE { VALUES … T }``, which means the same.
    """
    if not bindings:
        return sparql
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    block = f"\nVALUES ({names}) {{ ({values}) }}\n"

    toks = _tokens(sparql)
    n = len(toks)
    i = 0
    while i < n and _keyword(toks[i]) not in QUERY_FORMS:
        i += 1
    if i == n:
        raise InputError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
    form = _keyword(toks[i])
    i += 1
    if form == "construct" and i < n:
        if toks[i].kind == "open":  # the template: the WHERE group comes after it
            i = _matching_close(toks, i) + 1
        elif _keyword(toks[i]) == "where" and i + 1 < n and toks[i + 1].kind == "open":
            close = _matching_close(toks, i + 1)
            template = sparql[toks[i + 1].end : toks[close].start]
            return (
                f"{sparql[: toks[i].start]}{{{template}}}\nWHERE {{{block}{template}}}"
                f"{sparql[toks[close].end :]}"
            )
    while i < n:
        if toks[i].kind == "open":
            at = toks[i].end
            return f"{sparql[:at]}{block}{sparql[at:]}"
        i += 1
    raise InputError("bindings need a WHERE clause in the query, and this query has none")
