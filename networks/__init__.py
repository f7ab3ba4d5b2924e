"""Pictures and networks of the knowledge graph: the library behind ``mskg viz`` and
``mskg analyze``.

Three kinds of picture, each built from the store with the SPARQL files in
``sparql/`` and filters bound as RDF terms:

* ``agencies`` — the collaboration network (:mod:`.collaboration`): agencies sized by
  the measures they lead, coloured by functional category, linked by co-leading,
  lead–cooperating and co-responsibility, weighted by shared measures;
* ``plan`` — a plan broken down into sections, measures, agencies and targets
  (:mod:`.breakdown`);
* ``coverage`` — a domain × place matrix (:mod:`.coverage`).

Formats: ``html`` (one offline page, :mod:`.page`), ``svg`` and ``png`` (matplotlib
with a CJK font, :mod:`.drawing`), ``dot``, ``gexf`` and ``graphml``
(:mod:`.interchange`). :func:`analyze` computes centralities, communities and bridges
(:mod:`.analysis`). The plan, domain and place filters (:mod:`.selection`) serve
``mskg export --plan`` too.

>>> sorted(SUFFIXES.items())[:3]
[('.dot', 'dot'), ('.gexf', 'gexf'), ('.graphml', 'graphml')]
"""

from __future__ import annotations

import networkx as nx

from mskg.errors import InputError
from mskg.formats import ANALYSIS, PICTURES
from mskg.networks.analysis import NetworkAnalysis, analyze_network
from mskg.networks.analysis import render as render_analysis
from mskg.networks.selection import Selection, find_plan, resolve

KINDS = ("agencies", "plan", "coverage")
FORMATS = PICTURES.names
SUFFIXES = PICTURES.suffixes
ANALYSIS_FORMATS = ANALYSIS.names


def network(store, kind: str, *, plan: str | None = None, domain: str | None = None,
            place: str | None = None) -> nx.Graph:
    """The graph of picture ``kind`` for the given filters (checked against the store).

    :raises InputError: unknown kind, ``plan`` kind without a plan, an unknown plan,
        domain or place.
    """
    from mskg.networks.breakdown import plan_breakdown
    from mskg.networks.collaboration import collaboration_network
    from mskg.networks.coverage import coverage_matrix

    if kind not in KINDS:
        raise InputError(f"unknown picture {kind!r}; choose one of: {', '.join(KINDS)}")
    if kind == "plan" and not plan:
        raise InputError("`mskg viz plan` needs --plan (a document id, an IRI or part of a title)")
    if kind == "coverage" and plan:
        raise InputError("the coverage picture spans plans; filter it with --domain or --place, not --plan")
    selection = resolve(store, plan=plan, domain=domain, place=place)
    if kind == "agencies":
        return collaboration_network(store, selection)
    if kind == "plan":
        return plan_breakdown(store, find_plan(store, plan))
    return coverage_matrix(store, selection).as_graph()


def picture(store, kind: str, fmt: str = "html", *, plan: str | None = None, domain: str | None = None,
            place: str | None = None) -> bytes:
    """Picture ``kind`` (agencies, plan, coverage) as ``fmt`` bytes, deterministic.

    :raises InputError: unknown kind or format, missing or unknown filters.
    :raises mskg.networks.fonts.FontError: SVG or PNG without a CJK font installed.
    """
    from mskg.networks import drawing, interchange, page
    from mskg.networks.coverage import coverage_matrix

    if fmt not in FORMATS:
        raise InputError(f"unknown picture format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if kind == "coverage" and fmt in ("html", "svg", "png") and not plan:
        matrix = coverage_matrix(store, resolve(store, domain=domain, place=place))
        return page.coverage_page(matrix) if fmt == "html" else drawing.draw_coverage(matrix, fmt)
    graph = network(store, kind, plan=plan, domain=domain, place=place)
    if fmt == "html":
        return page.network_page(graph)
    if fmt in ("svg", "png"):
        return drawing.draw_network(graph, fmt)
    return interchange.write(graph, fmt)


def analyze(store, *, plan: str | None = None, domain: str | None = None,
            place: str | None = None) -> NetworkAnalysis:
    """Centralities, communities and bridging agencies of the collaboration network."""
    from mskg.networks.collaboration import collaboration_network

    return analyze_network(collaboration_network(store, resolve(store, plan=plan, domain=domain, place=place)))


__all__ = [
    "ANALYSIS_FORMATS",
    "FORMATS",
    "KINDS",
    "SUFFIXES",
    "NetworkAnalysis",
    "Selection",
    "analyze",
    "network",
    "picture",
    "render_analysis",
]
