"""Self-contained HTML pages: one file that works offline.

The network page inlines the vendored vis-network library (``vendor/vis-network.min.js``,
MIT or Apache-2.0, see ``vendor/README.md``) and the graph as JSON into
``templates/network.html``: search, zoom, and a click on a node shows its label, role
and source quotes. A Content-Security-Policy forbids the page any request. The
coverage page is an HTML table coloured as a heatmap, with a search box, no library.
Output is deterministic: positions come from :mod:`mskg.networks.layout`, JSON keys
and lists are in a fixed order.
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib.resources import files

import networkx as nx

from mskg.networks import style
from mskg.networks.collaboration import EDGE_KIND_LABELS
from mskg.networks.coverage import CoverageMatrix
from mskg.networks.layout import positions

TYPE_LABELS = {
    "agency": "部门 agency", "plan": "规划 plan", "section": "篇章 section", "measure": "措施 measure",
    "sub-measure": "子措施 sub-measure", "project": "项目 project", "target": "目标 target",
    "domain": "领域 domain", "place": "地区 place",
}
KIND_TITLES = {
    "agencies": "部门协作网络 · Agency collaboration network",
    "plan": "规划分解 · Plan breakdown",
    "coverage": "领域 × 地区 · Domain × place coverage",
}


@cache
def _template(name: str) -> str:
    return (files("mskg.networks") / "templates" / name).read_text(encoding="utf-8")


@cache
def library() -> str:
    """The vendored vis-network UMD bundle, ready to inline (no source-map request)."""
    text = (files("mskg.networks") / "vendor" / "vis-network.min.js").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("//# sourceMappingURL=")]
    return "\n".join(lines).replace("</script", "<\\/script")


def _json_for_script(value) -> str:
    """JSON that cannot end the <script> element it sits in."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _facts(node: str, d: dict) -> list[list[str]]:
    facts = [["类型 type", TYPE_LABELS.get(d.get("type", ""), d.get("type", ""))]]
    if d.get("type") == "agency" and "led" in d:
        category = d.get("group_label", "")
        if d.get("group_label_en"):
            category += f" ({d['group_label_en']})"
        facts += [["职能类别 category", category]]
        if d.get("agency_kind"):
            facts.append(["机构类型 kind", d["agency_kind"]])
        facts += [["牵头 lead", str(d.get("led", 0))], ["配合 cooperating", str(d.get("cooperating", 0))],
                  ["责任 responsible", str(d.get("responsible", 0))], ["措施 measures", str(d.get("measures", 0))],
                  ["规划 plans", str(d.get("plans", 0))]]
    elif d.get("type") == "agency":
        facts.append(["类别 group", d.get("group_label", "")])
    if d.get("title") and d.get("title") != d.get("label"):
        facts.append(["全称 full text", d["title"]])
    facts.append(["IRI", node])
    return facts


def network_page(graph: nx.Graph) -> bytes:
    """An agencies or plan graph as one self-contained, offline HTML page."""
    kind = graph.graph.get("kind", "")
    pos = positions(graph)
    colours = style.group_colours(graph)
    xscale, yscale = (260.0, 30.0) if kind == "plan" else (650.0, 650.0)
    nodes = []
    for node in sorted(graph.nodes):
        d = graph.nodes[node]
        x, y = pos.get(node, (0.0, 0.0))
        nodes.append({
            "id": node,
            "label": d.get("label", node),
            "name": d.get("title") or d.get("label", node),
            "title": d.get("title") or d.get("label", node),
            "group": d.get("group", ""),
            "colour": colours.get(d.get("group", ""), style.GREY),
            "size": round(style.node_size(d) / (1.6 if kind == "plan" else 1.0), 3),
            "shape": "box" if kind == "plan" and d.get("type") in ("plan", "section") else "dot",
            "x": round(x * xscale, 2),
            "y": round(y * yscale, 2),
            "facts": _facts(node, d),
            "evidence": d.get("_evidence", []),
            "more": d.get("_evidence_more", 0),
        })
    edges = []
    for u, v in sorted(graph.edges):
        d = graph.edges[u, v]
        edges.append({
            "from": u,
            "to": v,
            "label": d.get("label", ""),
            "colour": style.EDGE_COLOURS.get(d.get("kind", ""), "#999999"),
            "width": round(style.edge_width(d), 3),
            "arrow": graph.is_directed(),
        })
    legend = [{"label": label, "colour": colour} for label, colour in style.legend(graph)]
    for k in sorted({d.get("kind", "") for _, _, d in graph.edges(data=True)}):
        if k in EDGE_KIND_LABELS:
            legend.append({"label": " ".join(EDGE_KIND_LABELS[k]), "colour": style.EDGE_COLOURS[k], "line": True})
    title = KIND_TITLES.get(kind, kind)
    data = {"title": title, "selection": graph.graph.get("selection", ""), "nodes": nodes, "edges": edges,
            "legend": legend}
    page = (_template("network.html")
            .replace("@@TITLE@@", html.escape(title))
            .replace("@@NODE_COUNT@@", str(len(nodes)))
            .replace("@@EDGE_COUNT@@", str(len(edges)))
            .replace("@@DATA@@", _json_for_script(data)))
    return page.replace("@@LIBRARY@@", library()).encode("utf-8")


def _cell_colour(value: int, top: int) -> str:
    """White to dark orange-red, by the share of the largest count."""
    if value <= 0:
        return "#ffffff"
    share = value / top if top else 0
    low, high = (255, 237, 160), (189, 0, 38)
    r, g, b = (round(lo + (hi - lo) * share) for lo, hi in zip(low, high))
    return f"#{r:02x}{g:02x}{b:02x}"


def coverage_page(matrix: CoverageMatrix) -> bytes:
    """The domain × place matrix as a self-contained HTML heatmap table."""
    rows = matrix.rows()
    top = max((max(r) for r in rows if r), default=0)
    head = "".join(f'<th scope="col">{html.escape(name)}</th>' for _, name in matrix.places)
    body = []
    for (code, zh, en), values in zip(matrix.domains, rows):
        cells = []
        for (place, name), v in zip(matrix.places, values):
            plans = matrix.plans.get((code, place), 0)
            tip = f"{zh} × {name}: {v} items in {plans} plans"
            colour = "#fff" if top and v > top * 0.6 else "#222"
            cells.append(f'<td style="background:{_cell_colour(v, top)};color:{colour}" title="{html.escape(tip)}">'
                         f"{v or '·'}</td>")
        label = f'{html.escape(zh)} <small>{html.escape(code)}</small>'
        body.append(f'<tr data-search="{html.escape((zh + " " + code + " " + en).lower())}">'
                    f'<th scope="row">{label}</th>{"".join(cells)}</tr>')
    table = (f'<table id="coverage"><thead><tr><th></th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
             if rows and matrix.places else "<p>没有数据 No data for this selection.</p>")
    page = (_template("coverage.html")
            .replace("@@TITLE@@", html.escape(KIND_TITLES["coverage"]))
            .replace("@@SELECTION@@", html.escape(matrix.selection))
            .replace("@@ROWS@@", str(len(matrix.domains)))
            .replace("@@COLUMNS@@", str(len(matrix.places)))
            .replace("@@TABLE@@", table))
    return page.encode("utf-8")
