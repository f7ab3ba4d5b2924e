"""Colours and sizes shared by every renderer, so HTML, SVG, PNG and DOT agree.

Agencies are coloured by functional category: the categories present in a picture,
sorted by code, take the colours of a 20-colour qualitative palette in turn
(uncategorised agencies are grey). Plan and coverage nodes are coloured by type.
Node sizes grow with the square root of ``led`` (agencies) and are fixed by type
otherwise.
"""

from __future__ import annotations

import math

import networkx as nx

#: matplotlib's tab20, reordered so the first ten are the strong shades
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf", "#7f7f7f",
    "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#dbdb8d", "#9edae5", "#393b79",
)
GREY = "#b0b0b0"
TYPE_COLOURS = {
    "plan": "#393b79",
    "section": "#1f77b4",
    "measure": "#2ca02c",
    "project": "#2ca02c",
    "sub-measure": "#98df8a",
    "target": "#ff7f0e",
    "agency": "#d62728",
    "collective": GREY,
    "domain": "#9467bd",
    "place": "#17becf",
}
TYPE_SIZES = {"plan": 30, "section": 18, "measure": 12, "project": 12, "sub-measure": 9, "target": 9, "agency": 14,
              "collective": 10, "domain": 16, "place": 20}
EDGE_COLOURS = {
    "co-lead": "#d62728",
    "lead-cooperating": "#1f77b4",
    "co-responsible": "#8c564b",
    "lead": "#d62728",
    "cooperating": "#1f77b4",
    "responsible": "#8c564b",
    "part": "#9a9a9a",
    "target": "#ff7f0e",
    "coverage": "#9467bd",
}


def group_colours(graph: nx.Graph) -> dict[str, str]:
    """Colour of each node group in ``graph``."""
    if graph.graph.get("kind") != "agencies":
        return {g: TYPE_COLOURS.get(g, GREY) for g in sorted({d.get("group", "") for _, d in graph.nodes(data=True)})}
    groups = sorted({d.get("group", "") for _, d in graph.nodes(data=True)} - {"uncategorised"})
    colours = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}
    colours["uncategorised"] = GREY
    return colours


def node_size(data: dict) -> float:
    """A node's size in points (radius-like; renderers scale it)."""
    if data.get("type") == "agency" and "led" in data:
        return 8 + 6 * math.sqrt(data.get("led", 0))
    return TYPE_SIZES.get(data.get("group", data.get("type", "")), 10)


def edge_width(data: dict) -> float:
    """An edge's width: grows with the square root of its weight."""
    return 0.6 + 1.2 * math.sqrt(data.get("weight", 1)) if "weight" in data else 0.8


def legend(graph: nx.Graph) -> list[tuple[str, str]]:
    """(label, colour) pairs for the groups present in ``graph``, in colour order."""
    colours = group_colours(graph)
    labels: dict[str, str] = {}
    for _, d in graph.nodes(data=True):
        labels.setdefault(d.get("group", ""), d.get("group_label", d.get("group", "")))
    return [(labels[g], colours[g]) for g in colours if g in labels]
