"""Graphs for other tools: GEXF (Gephi), GraphML (yEd, Cytoscape, igraph) and DOT (Graphviz).

Only scalar attributes are written (label, type, group, counts, weights); the evidence
kept for the HTML page is left out. GEXF carries the layout, colours and sizes as
``viz`` attributes, so Gephi opens the picture as drawn. DOT names the CJK font so
``dot -Tsvg`` and ``dot -Tpng`` draw Chinese labels. Output is deterministic: nodes
and edges in sorted order, and GEXF's modification date is left out.
"""

from __future__ import annotations

import io
import re

import networkx as nx

from mskg.errors import InputError
from mskg.networks import style
from mskg.networks.layout import positions

FORMATS = ("gexf", "graphml", "dot")
DOT_FONT = "Noto Sans CJK SC"


def plain_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` in sorted order with scalar attributes only (no ``_`` keys, no None)."""
    out = graph.__class__()
    out.graph.update({k: v for k, v in sorted(graph.graph.items()) if isinstance(v, (str, int, float, bool))})
    for node in sorted(graph.nodes):
        out.add_node(node, **_scalars(graph.nodes[node]))
    for u, v in sorted(graph.edges):
        out.add_edge(u, v, **_scalars(graph.edges[u, v]))
    return out


def _scalars(data: dict) -> dict:
    return {k: v for k, v in sorted(data.items())
            if not k.startswith("_") and isinstance(v, (str, int, float, bool)) and v is not None}


def _rgb(colour: str) -> dict[str, int]:
    colour = colour.lstrip("#")
    return {"r": int(colour[0:2], 16), "g": int(colour[2:4], 16), "b": int(colour[4:6], 16), "a": 1.0}


def to_gexf(graph: nx.Graph) -> bytes:
    """GEXF 1.2 with ``viz`` colour, size and position for every node."""
    plain = plain_graph(graph)
    colours = style.group_colours(graph)
    pos = positions(graph)
    scale = 40.0 if graph.graph.get("kind") == "plan" else 500.0
    for node, data in plain.nodes(data=True):
        x, y = pos.get(node, (0.0, 0.0))
        data["viz"] = {
            "color": _rgb(colours.get(data.get("group", ""), style.GREY)),
            "size": round(style.node_size(graph.nodes[node]), 3),
            "position": {"x": round(x * scale, 3), "y": round(-y * scale, 3), "z": 0.0},
        }
    out = io.BytesIO()
    nx.write_gexf(plain, out, encoding="utf-8", prettyprint=True)
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", out.getvalue(), count=1)


def to_graphml(graph: nx.Graph) -> bytes:
    """GraphML with typed node and edge attributes."""
    out = io.BytesIO()
    nx.write_graphml(plain_graph(graph), out, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return out.getvalue()


def _quote(value) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def to_dot(graph: nx.Graph) -> bytes:
    """Graphviz DOT in UTF-8 naming a CJK font; plans read left to right."""
    directed = graph.is_directed()
    colours = style.group_colours(graph)
    lines = [f"{'digraph' if directed else 'graph'} mskg {{"]
    graph_attrs = {"charset": "UTF-8", "fontname": DOT_FONT, "label": graph.graph.get("selection", ""),
                   "labelloc": "t", "overlap": "false", "splines": "true"}
    if graph.graph.get("kind") == "plan":
        graph_attrs["rankdir"] = "LR"
    lines.append("  graph [" + ", ".join(f"{k}={_quote(v)}" for k, v in graph_attrs.items()) + "];")
    lines.append(f'  node [fontname={_quote(DOT_FONT)}, style="filled", shape="ellipse", fontsize="10"];')
    lines.append(f'  edge [fontname={_quote(DOT_FONT)}, fontsize="8"];')
    for node in sorted(graph.nodes):
        d = graph.nodes[node]
        attrs = {
            "label": d.get("label", node),
            "tooltip": d.get("title", d.get("label", node)),
            "fillcolor": colours.get(d.get("group", ""), style.GREY),
            "group": d.get("group", ""),
            "width": round(style.node_size(d) / 18, 3),
        }
        if d.get("type") in ("section", "measure", "sub-measure", "project", "plan"):
            attrs["shape"] = "box"
        lines.append(f"  {_quote(node)} [" + ", ".join(f"{k}={_quote(v)}" for k, v in attrs.items()) + "];")
    arrow = "->" if directed else "--"
    for u, v in sorted(graph.edges):
        d = graph.edges[u, v]
        attrs = {"color": style.EDGE_COLOURS.get(d.get("kind", ""), "#999999"), "penwidth": round(style.edge_width(d), 3)}
        if "weight" in d:
            attrs["weight"] = d["weight"]
        if d.get("label"):
            attrs["label"] = d["label"]
        lines.append(f"  {_quote(u)} {arrow} {_quote(v)} [" + ", ".join(f"{k}={_quote(x)}" for k, x in attrs.items()) + "];")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write(graph: nx.Graph, fmt: str) -> bytes:
    """``graph`` as ``gexf``, ``graphml`` or ``dot`` bytes."""
    writers = {"gexf": to_gexf, "graphml": to_graphml, "dot": to_dot}
    if fmt not in writers:
        raise InputError(f"unknown graph format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return writers[fmt](graph)
