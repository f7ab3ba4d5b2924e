"""Render SPARQL SELECT results for people and for programs.

Formats: ``table`` (aligned text, CJK-width aware), ``markdown``, ``csv`` and ``tsv``
(SPARQL 1.1 Query Results CSV/TSV), ``json`` (SPARQL 1.1 Query Results JSON).

>>> from rdflib import Literal, URIRef
>>> print(render(["name"], [(Literal("济宁市民政局", lang="zh"),)], "table"))
name
------------
济宁市民政局
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from mskg.formats import RESULTS
from mskg.identifiers import ID, ONTOLOGY, SCHEME

FORMATS = RESULTS.names

# Short forms for the table and markdown views only; machine formats keep full IRIs.
PREFIXES = {
    "mskg:": ONTOLOGY,
    "mskgr:": ID,
    "scheme:": SCHEME,
}

Row = Sequence[Node | None]


def display(term: Node | None) -> str:
    """A term as a person reads it: literal text, IRIs shortened by known prefixes."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    if isinstance(term, URIRef):
        for short, long in PREFIXES.items():
            if term.startswith(long):
                return short + term[len(long):]
        return str(term)
    return "_:" + str(term)


def width(text: str) -> int:
    """Display width in a terminal: wide and full-width characters take two cells."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, n: int) -> str:
    return text + " " * (n - width(text))


def _table(variables: list[str], rows: list[Row]) -> str:
    cells = [[display(t).replace("\n", " ") for t in row] for row in rows]
    widths = [max([width(v)] + [width(r[i]) for r in cells]) for i, v in enumerate(variables)]
    lines = ["  ".join(_pad(v, widths[i]) for i, v in enumerate(variables)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, widths[i]) for i, c in enumerate(r)).rstrip() for r in cells]
    return "\n".join(lines)


def _markdown(variables: list[str], rows: list[Row]) -> str:
    def esc(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(variables) + " |", "|" + "---|" * len(variables)]
    lines += ["| " + " | ".join(esc(display(t)) for t in row) + " |" for row in rows]
    return "\n".join(lines)


def _csv(variables: list[str], rows: list[Row], *, bom: bool) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(variables)
    for row in rows:
        w.writerow(["" if t is None else ("_:" + t if isinstance(t, BNode) else str(t)) for t in row])
    return ("\ufeff" if bom else "") + buf.getvalue()


def _tsv(variables: list[str], rows: list[Row]) -> str:
    lines = ["\t".join("?" + v for v in variables)]
    for row in rows:
        lines.append("\t".join("" if t is None else t.n3() for t in row))
    return "\n".join(lines) + "\n"


def _json_term(term: Node) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def _json(variables: list[str], rows: list[Row]) -> str:
    bindings = [
        {v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows
    ]
    doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def render(variables: list[str], rows: list[Row], fmt: str = "table", *, bom: bool = False) -> str:
    """Render SELECT results in one of ``FORMATS``; ``bom`` prefixes CSV for spreadsheets."""
    rows = [tuple(r) for r in rows]
    if fmt == "table":
        return _table(variables, rows)
    if fmt == "markdown":
        return _markdown(variables, rows)
    if fmt == "csv":
        return _csv(variables, rows, bom=bom)
    if fmt == "tsv":
        return _tsv(variables, rows)
    if fmt == "json":
        return _json(variables, rows)
    raise ValueError(f"unknown result format {fmt!r}; choose one of {', '.join(FORMATS)}")


def render_boolean(value: bool, fmt: str = "table") -> str:
    """Render an ASK answer."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value})
    return "true" if value else "false"
