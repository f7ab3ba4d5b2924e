"""Query text inspection and safe variable bindings.

Three things every backend needs before running a query:

* ``query_form``: SELECT, ASK, CONSTRUCT or DESCRIBE — and a clear refusal of
  SPARQL Update text, which ``query()`` never runs;
* ``check_bindings``: bindings are rdflib IRIs or literals for well-formed
  variable names, converted to pyoxigraph terms (which validates and escapes them);
  a variable may also be bound to a list of terms (a parameter resolved to several
  IRIs), which every backend receives as a ``VALUES`` block;
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
>>> from rdflib import URIRef
>>> print(with_values_block("SELECT ?o WHERE { ?s ?p ?o }", check_bindings({"s": [URIRef("http://a"), URIRef("http://b")]})))
SELECT ?o WHERE {
VALUES ?s { <http://a> <http://b> }
 ?s ?p ?o }
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
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


def service_calls(sparql: str) -> list[str]:
    """The endpoints a query calls with ``SERVICE`` (an IRI, or ``?var`` for a variable),
    found by tokens, so a word in a string or a comment does not count.

    >>> service_calls('SELECT * WHERE { SERVICE SILENT <http://x.example/sparql> { ?s ?p ?o } } # SERVICE')
    ['http://x.example/sparql']
    >>> service_calls('SELECT ("SERVICE" AS ?x) {}')
    []
    """
    toks = _tokens(sparql)
    out = []
    for i, tok in enumerate(toks):
        if _keyword(tok) != "service":
            continue
        j = i + 1
        if j < len(toks) and _keyword(toks[j]) == "silent":
            j += 1
        target = toks[j].text if j < len(toks) else ""
        out.append(target[1:-1] if target.startswith("<") else target)
    return out


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


Term = ox.NamedNode | ox.Literal
Bound = Term | tuple[Term, ...]


def check_bindings(bindings: Mapping[str, Node | Sequence[Node]] | None) -> dict[str, Bound]:
    """Validated bindings: variable name (without ``?``) → pyoxigraph term, or a tuple
    of terms for a variable bound to several values.

    Only IRIs and literals can be bound (SPARQL's VALUES has no blank nodes).
    """
    if not bindings:
        return {}
    if not isinstance(bindings, Mapping):
        raise InputError(f"bindings must be a mapping of variable names to RDF terms, got {type(bindings).__name__}")
    out: dict[str, Bound] = {}
    for key, value in bindings.items():
        name = str(key)
        if not isinstance(key, Variable) and name[:1] in ("?", "$"):
            name = name[1:]
        if not isinstance(key, (str, Variable)) or not _VARNAME.fullmatch(name):
            raise InputError(f"invalid query variable name {key!r}")
        if isinstance(value, (list, tuple)):
            out[name] = tuple(_term(name, v) for v in value)
        else:
            out[name] = _term(name, value)
    return out


def _term(name: str, value: object) -> Term:
    if not isinstance(value, (URIRef, Literal)):
        raise InputError(
            f"binding for ?{name} must be an rdflib URIRef or Literal, got {type(value).__name__}: {value!r}"
        )
    return to_oxigraph(value)  # type: ignore[return-value]


def split_bindings(bindings: Mapping[str, Bound]) -> tuple[dict[str, Term], dict[str, tuple[Term, ...]]]:
    """Single-valued bindings (for a backend's substitution API) and the several-valued
    ones (always written as VALUES blocks)."""
    single = {k: v for k, v in bindings.items() if not isinstance(v, tuple)}
    several = {k: v for k, v in bindings.items() if isinstance(v, tuple)}
    return single, several


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


def with_values_block(sparql: str, bindings: Mapping[str, Bound]) -> str:
    """The query with a VALUES block for ``bindings`` first in its WHERE clause
    (one row for the single-valued bindings, one block per several-valued one).

    The short form ``CONSTRUCT WHERE { T }`` allows no VALUES inside; it is written
    out as ``CONSTRUCT { T } WHERE { VALUES … T }``, which means the same.
    """
    if not bindings:
        return sparql
    single, several = split_bindings(bindings)
    block = "\n"
    if single:
        names = " ".join(f"?{name}" for name in single)
        values = " ".join(str(term) for term in single.values())
        block += f"VALUES ({names}) {{ ({values}) }}\n"
    top = _top_level_variables(sparql)
    for name, terms in several.items():
        if name in top:
            block += f"VALUES ?{name} {{ {' '.join(str(term) for term in terms)} }}\n"
    everything = {**{name: (term,) for name, term in single.items()}, **several}
    return _with_block(_into_subqueries(sparql, everything), block)


def with_bind_alternatives(sparql: str, several: Mapping[str, tuple[Term, ...]]) -> str:
    """The query with each several-valued binding first in its WHERE clause as a union
    of ``BIND``s — the same solutions as a VALUES block, for servers that evaluate
    VALUES wrongly (Virtuoso 7 inside ``FILTER EXISTS``). An empty list stays VALUES.

    >>> from rdflib import URIRef
    >>> print(with_bind_alternatives("SELECT ?o WHERE { ?s ?p ?o }",
    ...       check_bindings({"s": [URIRef("http://a"), URIRef("http://b")]})))
    SELECT ?o WHERE {
    { BIND (<http://a> AS ?s) } UNION { BIND (<http://b> AS ?s) }
     ?s ?p ?o }
    """
    if not several:
        return sparql
    block = "\n"
    top = _top_level_variables(sparql)
    for name, terms in several.items():
        if name not in top:
            continue
        if terms:
            block += " UNION ".join(f"{{ BIND ({term} AS ?{name}) }}" for term in terms) + "\n"
        else:
            block += f"VALUES ?{name} {{ }}\n"
    return _with_block(_into_subqueries(sparql, several), block)


def _with_block(sparql: str, block: str) -> str:
    """``block`` inserted first in the query's WHERE clause."""
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


def _subquery_spans(toks: list[_Token]) -> list[tuple[int, int, int]]:
    """The subqueries as token indices: their ``SELECT``, the brace opening their group
    and the brace closing it."""
    spans = []
    depth = 0
    for i, tok in enumerate(toks):
        if tok.kind == "open":
            depth += 1
        elif tok.kind == "close":
            depth -= 1
        elif depth > 0 and _keyword(tok) == "select":
            j = i + 1
            while j < len(toks) and toks[j].kind != "open":
                j += 1
            if j == len(toks):
                break
            spans.append((i, j, _matching_close(toks, j)))
    return spans


def _top_level_variables(sparql: str) -> set[str]:
    """Names of the variables the query uses outside its subqueries.

    A variable named only inside subqueries that do not project it is not in scope at
    the top: a VALUES block of several values there would join nothing and repeat every
    row once per value.

    >>> sorted(_top_level_variables("SELECT ?a WHERE { { SELECT ?b WHERE { ?b ?p ?c } } ?a ?q ?b }"))
    ['a', 'b', 'q']
    """
    toks = _tokens(sparql)
    spans = _subquery_spans(toks)
    names = set()
    for i, tok in enumerate(toks):
        if tok.kind == "var" and not any(start <= i <= end for start, _, end in spans):
            names.add(tok.text[1:])
    return names


def _into_subqueries(sparql: str, several: Mapping[str, tuple[Term, ...]]) -> str:
    """The bindings also as VALUES blocks in each subquery that uses them (outside the
    subqueries nested in it, which get their own).

    A parameter stands for its values wherever the query names it, as a textual
    substitution would (and as the remote backend's inlined terms do): a subquery that
    aggregates the items of ``?_domain`` then counts those of the given domains only,
    instead of every domain before the join; a filter on ``?__role`` inside a subquery
    sees the role given. Without this, a subquery's variables are its own, and the
    parameter would be unbound there.

    >>> from rdflib import Literal
    >>> print(with_values_block("SELECT ?n WHERE { { SELECT ?n WHERE { ?s ?p ?n FILTER (?n != ?_x) } } }",
    ...       check_bindings({"_x": Literal("a")})))
    SELECT ?n WHERE {
    VALUES (?_x) { ("a") }
     { SELECT ?n WHERE {
    VALUES ?_x { "a" }
     ?s ?p ?n FILTER (?n != ?_x) } } }
    """
    if not several:
        return sparql
    toks = _tokens(sparql)
    inserts: list[tuple[int, str]] = []
    spans = _subquery_spans(toks)
    for _, open_at, close_at in spans:
        # a subquery nested in this one gets its own block where it names the variable
        nested = [(s, e) for s, _, e in spans if open_at < s and e < close_at]
        used = {toks[i].text[1:] for i in range(open_at, close_at)
                if toks[i].kind == "var" and not any(s <= i <= e for s, e in nested)}
        block = "".join(
            f"\nVALUES ?{name} {{ {' '.join(str(term) for term in terms)} }}"
            for name, terms in several.items()
            if name in used
        )
        if block:
            inserts.append((toks[open_at].end, block + "\n"))
    for at, block in sorted(inserts, reverse=True):
        sparql = f"{sparql[:at]}{block}{sparql[at:]}"
    return sparql


def with_inlined_bindings(sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with each bound variable replaced by its term, written by pyoxigraph.

    For servers whose engines mishandle a ``VALUES`` block (Virtuoso 7 returns no rows
    when a variable bound that way is used inside ``FILTER EXISTS`` in a group that
    also has a ``BIND``). Only variable tokens found by the scanner are replaced, so a
    value can never become query syntax. Where a term cannot stand in for a variable
    the replacement keeps the meaning: a projected ``?v`` becomes ``(term AS ?v)``,
    ``BOUND(?v)`` becomes ``true``, ``GROUP BY``/``ORDER BY ?v`` become ``(term)``, and
    ``STR``/``LCASE``/``UCASE`` around the variable are computed (``STR(?v)`` becomes
    the plain string).
    ``SELECT *`` keeps the VALUES block (the bound variables must stay in its rows).

    >>> from rdflib import Literal, URIRef
    >>> print(with_inlined_bindings(
    ...     "SELECT ?x ?n WHERE { ?x ?p ?n FILTER (!BOUND(?n) || STR(?n) = 'a') } ORDER BY ?n",
    ...     check_bindings({"n": Literal('x"}')})))
    SELECT ?x ("x\\"}" AS ?n) WHERE { ?x ?p "x\\"}" FILTER (!true || "x\\"}" = 'a') } ORDER BY ("x\\"}")
    """
    if not bindings:
        return sparql
    toks = _tokens(sparql)
    if any(t.kind == "other" and t.text == "*" and i and _keyword(toks[i - 1]) in ("select", "distinct", "reduced")
           for i, t in enumerate(toks)):
        return with_values_block(sparql, bindings)
    out: list[str] = []
    last = 0
    in_projection = False
    paren = 0  # parenthesis depth inside the projection
    modifier = None  # "group" / "order" while inside GROUP BY / ORDER BY
    i = 0
    while i < len(toks):
        tok = toks[i]
        word = _keyword(tok)
        if word == "select":
            in_projection, paren, modifier = True, 0, None
        elif word in ("where", "from") or tok.kind == "open":
            in_projection = False
            modifier = None
        elif word in ("group", "order"):
            modifier = word
        elif word in ("having", "limit", "offset", "values"):
            modifier = None
        elif tok.kind == "other" and tok.text == "(" and in_projection:
            paren += 1
        elif tok.kind == "other" and tok.text == ")" and in_projection:
            paren -= 1
        if tok.kind != "var" or tok.text[1:] not in bindings:
            i += 1
            continue
        term = str(bindings[tok.text[1:]])
        start, end = tok.start, tok.end
        before = toks[i - 2 : i]
        after = toks[i + 1 : i + 2]
        if (
            len(before) == 2 and _keyword(before[0]) == "bound" and before[1].text == "("
            and after and after[0].text == ")"
        ):
            start, end, text = before[0].start, after[0].end, "true"
            i += 1
        elif in_projection and paren == 0:
            text = f"({term} AS {tok.text})"
        elif in_projection and i and _keyword(toks[i - 1]) == "as":
            raise InputError(f"{tok.text} is bound as a parameter and cannot also be assigned with AS")
        elif modifier is not None and paren == 0 and not (i and toks[i - 1].text == "("):
            text = f"({term})"
        else:
            # STR/LCASE/UCASE of the value are computed here: Virtuoso 7 evaluates them
            # wrongly on non-ASCII constants (STR("牵头") gives "??").
            value, first, stop = _folded(toks, i, bindings[tok.text[1:]])
            start, end, text = toks[first].start, toks[stop].end, str(value)
            i = stop
        out.append(sparql[last:start])
        out.append(text)
        last = end
        i += 1
    out.append(sparql[last:])
    return "".join(out)


_FOLDABLE = ("str", "lcase", "ucase")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _folded(toks: list[_Token], i: int, term: ox.NamedNode | ox.Literal) -> tuple[ox.NamedNode | ox.Literal, int, int]:
    """The value of STR/LCASE/UCASE calls wrapped directly around the variable at
    ``toks[i]``, and the token span they cover."""
    first = stop = i
    value = term
    while (
        first >= 2 and toks[first - 1].text == "(" and _keyword(toks[first - 2]) in _FOLDABLE
        and stop + 1 < len(toks) and toks[stop + 1].text == ")"
    ):
        function = _keyword(toks[first - 2])
        if function == "str":
            value = ox.Literal(value.value)
        elif isinstance(value, ox.Literal) and (value.language or value.datatype.value == _XSD_STRING):
            text = value.value.lower() if function == "lcase" else value.value.upper()
            value = ox.Literal(text, language=value.language) if value.language else ox.Literal(text)
        else:
            break  # LCASE of an IRI or a number is an error: leave it to the engine
        first, stop = first - 2, stop + 1
    return value, first, stop


_BOOLEAN_FUNCTIONS = {
    "exists", "not", "contains", "strstarts", "strends", "regex", "bound", "isiri", "isuri", "isblank",
    "isliteral", "isnumeric", "sameterm", "langmatches",
}
_BOOLEAN_OPERATORS = {"=", "<", ">", "&&", "||", "!"}


def boolean_variables(sparql: str) -> set[str]:
    """Names of the variables a query assigns from a boolean expression with ``AS``
    (comparisons, logic, EXISTS, CONTAINS, …): servers that write booleans as 0/1
    (Virtuoso) are read back right with this.

    >>> sorted(boolean_variables(
    ...     "SELECT (MAX(?x) = 1 AS ?a) (COUNT(*) AS ?n) WHERE { BIND (EXISTS { ?s ?p ?o } AS ?b) "
    ...     "BIND (IF(?c, 1, 0) AS ?d) BIND (CONTAINS(?t, 'x') AS ?e) }"))
    ['a', 'b', 'e']
    """
    toks = _tokens(sparql)
    out: set[str] = set()
    for j, tok in enumerate(toks):
        if _keyword(tok) != "as" or j + 1 >= len(toks) or toks[j + 1].kind != "var":
            continue
        depth, k = 0, j - 1
        while k >= 0:  # back to the parenthesis that opens the expression
            if toks[k].text == ")":
                depth += 1
            elif toks[k].text == "(":
                if depth == 0:
                    break
                depth -= 1
            k -= 1
        expression = toks[k + 1 : j]
        if not expression:
            continue
        depth, operator = 0, False
        for t in expression:
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth -= 1
            elif depth == 0 and (t.text in _BOOLEAN_OPERATORS or _keyword(t) == "in"):
                operator = True
        head = _keyword(expression[0])
        if operator or (head in _BOOLEAN_FUNCTIONS and _closes_at_end(expression)):
            out.add(toks[j + 1].text[1:])
    return out


def _closes_at_end(expression: list[_Token]) -> bool:
    """True when ``F(...)`` (or ``NOT EXISTS {…}``/``EXISTS {…}``) spans the whole expression."""
    depth = 0
    for n, t in enumerate(expression):
        if t.text in ("(", "{"):
            depth += 1
        elif t.text in (")", "}"):
            depth -= 1
            if depth == 0 and n != len(expression) - 1 and expression[n + 1].text not in ("(", "{"):
                return False
    return True
