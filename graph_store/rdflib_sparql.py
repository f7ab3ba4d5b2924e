"""Corrections to rdflib's SPARQL evaluation, where it gives rows that SPARQL 1.1 and
Oxigraph do not: the in-memory store must answer as the other stores.

GROUP BY over a pattern that matches nothing
--------------------------------------------
SPARQL 1.1 groups the solutions of a pattern by the GROUP BY keys (§11.2, §18.5 "Group"):
with no solution there is no group, so no row — the SPARQL Working Group's answer to the
comment BT-2, what Oxigraph and Virtuoso give. rdflib (7.6, the newest release in December
2026; RDFLib/rdflib issue #3382, a fix proposed in pull request #3498 but not released) gives
one row with nothing bound instead. rdflib drops such a row at the top level of a query,
but a grouped sub-select joins it with whatever the rest of the query binds:
``co-leading-agencies`` on a store where no item of the domain has a lead paired every agency
with every other (2,121 rows on one seed document, where Oxigraph gives 0).

Only that case changes. An aggregate without GROUP BY forms one group of all the solutions,
an empty one when nothing matches, and still gives its row (``COUNT`` 0, ``GROUP_CONCAT``
""), as Oxigraph, Virtuoso and rdflib itself give it (tested on every backend).

The corrected evaluation goes into rdflib's table of custom evaluation functions
(``rdflib.plugins.sparql.CUSTOM_EVALS``), which rdflib consults for each part of a query
before its own: it takes the grouped aggregations and leaves every other part, and the
aggregate without GROUP BY, to rdflib. The table is the process's, so every rdflib query
in it (pySHACL's SHACL-SPARQL too) gets the corrected grouping; the grouping itself is
rdflib's own (its ``Aggregator``), so the rows of non-empty groups are the same.

VALUES before an OPTIONAL whose filter reads its variables
-----------------------------------------------------------
rdflib's algebra lists the variables each part of a query may bind (``_vars``), and lists
none for a VALUES block (RDFLib/rdflib#2332). An OPTIONAL checks, before keeping a row
that nothing optional matched, that nothing would match with the variables of its left
side alone: a VALUES variable is left out of them, so a filter such as
``FILTER (!BOUND(?domain) || EXISTS { ?item mskg:inDomain ?domain })`` held in that check
and the row was dropped. Parameters bound to a list of terms come as a VALUES block, so
``measure-count`` for a domain lost the plans with no item of it (listed with 0 on
Oxigraph, as the query says). :func:`prepared` translates a query as rdflib does and
gives each VALUES block its variables, and every part above it its own again.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from rdflib.plugins.sparql import CUSTOM_EVALS, prepareQuery
from rdflib.plugins.sparql.aggregates import Aggregator
from rdflib.plugins.sparql.algebra import _addVars, _traverseAgg
from rdflib.plugins.sparql.evaluate import evalPart
from rdflib.plugins.sparql.evalutils import _eval
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import FrozenBindings, Query, QueryContext

__all__ = ["install_grouping", "prepared"]

#: the key of the corrected evaluation in rdflib's table
NAME = "mskg-grouped-aggregation"


def install_grouping() -> None:
    """Have rdflib evaluate GROUP BY over no solution as no row (once per process)."""
    CUSTOM_EVALS.setdefault(NAME, _evaluate)


def _evaluate(ctx: QueryContext, part: CompValue) -> Iterator[FrozenBindings]:
    # Called for every part of every query: anything but a grouped aggregation goes back
    # to rdflib (NotImplementedError is the table's way to decline, raised before any
    # evaluation starts).
    if part.name != "AggregateJoin" or part.p.expr is None:
        raise NotImplementedError
    return _groups(ctx, part)


def _groups(ctx: QueryContext, part: CompValue) -> Iterator[FrozenBindings]:
    """One solution per group of the solutions of ``part.p`` (a Group), in the order the
    groups were met, as rdflib's ``evalAggregateJoin``; none when there is no group."""
    groups: dict[tuple, Aggregator] = {}
    for row in evalPart(ctx, part.p):
        key = tuple(_eval(e, row, False) for e in part.p.expr)
        aggregator = groups.get(key)
        if aggregator is None:
            aggregator = groups[key] = Aggregator(aggregations=part.A)
        aggregator.update(row)
    for aggregator in groups.values():
        yield FrozenBindings(ctx, aggregator.get_bindings())


def prepared(text: str, namespaces: Mapping[str, str]) -> Query:
    """``text`` parsed and translated as rdflib's ``Graph.query`` does (``namespaces``, the
    prefixes it may use undeclared), with the variables of its VALUES blocks counted.

    :raises pyparsing.ParseException: ``text`` is not SPARQL.
    """
    query = prepareQuery(text, initNs=namespaces)
    _traverseAgg(query.algebra, _variables)
    return query


def _variables(node: object, children: list) -> object:
    # the variables a part may bind, as rdflib's _addVars finds them, and a VALUES block's
    if isinstance(node, CompValue) and node.name == "values":
        node["_vars"] = {variable for row in node.res or () for variable in row}
        return node["_vars"]
    return _addVars(node, children)
