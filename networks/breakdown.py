"""A plan broken down into its sections, measures, agencies and targets.

A directed graph: the plan → its top-level items → their parts (``part`` edges, in
document order), items → the agencies printed on them (``lead``, ``cooperating`` or
``responsible`` edges) and items → their targets (``target`` edges). Agencies printed
on a section cover its parts; the picture shows them where the plan prints them.
Every node keeps its source quote (``_evidence``) for the HTML page.
"""

from __future__ import annotations

import networkx as nx
from rdflib import URIRef

from mskg.networks.collaboration import ROLE_LABELS
from mskg.networks.selection import PlanInfo, select
from mskg.networks.sources import SourceLines

ITEM_TYPES = {"section": "篇章", "measure": "措施", "sub-measure": "子措施", "project": "项目"}
#: longest label drawn on a picture; the full text stays in ``title`` and the evidence
LABEL_LIMIT = 20


def short(text: str, limit: int = LABEL_LIMIT) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plan_breakdown(store, plan: PlanInfo) -> nx.DiGraph:
    """The breakdown graph of ``plan`` (see :func:`mskg.networks.selection.find_plan`)."""
    bindings = {"_plan": URIRef(plan.iri)}
    graph = nx.DiGraph(kind="plan", selection=f"plan={plan.document_id}")
    graph.add_node(
        plan.iri,
        label=short(plan.title or plan.document_id, 40),
        title=plan.title,
        type="plan",
        group="plan",
        group_label="规划",
        depth=0,
        order=0,
        _evidence=[{"role_label": "规划", "item_title": plan.title, "plan_title": plan.title, "quote": plan.title}],
    )
    items = select(store, "plan-items", bindings)
    known = {plan.iri}
    for row in items:
        known.add(str(row["item"]))
    for row in items:
        item = str(row["item"])
        title = str(row.get("title", ""))
        number = str(row.get("number", ""))
        kind = str(row.get("class", "section"))
        text = title or number or item.rsplit("/", 1)[-1]
        graph.add_node(
            item,
            label=short(text),
            title=(f"{number} {title}".strip() if number and title and not title.startswith(number) else text),
            type=kind,
            group=kind,
            group_label=ITEM_TYPES.get(kind, kind),
            order=int(row["sequence"]) if "sequence" in row else 0,
            _evidence=[{"role_label": ITEM_TYPES.get(kind, kind), "item_title": title, "plan_title": plan.title,
                        "quote": str(row.get("quote", ""))[:400]}],
        )
    for row in items:
        item, parent = str(row["item"]), str(row["parent"])
        if parent not in known:  # a part of something outside the plan: hang it on the plan
            parent = plan.iri
        graph.add_edge(parent, item, kind="part", label="")
    sources = SourceLines(store)
    for row in select(store, "plan-roles", bindings):
        item, agency, role = str(row["item"]), str(row["agency"]), str(row["role"])
        if item not in graph:
            continue
        if agency not in graph:
            collective = str(row.get("kind", "")) == "collective"
            graph.add_node(
                agency,
                label=str(row["agencyName"]),
                title=str(row["agencyName"]),
                type="agency",
                group="collective" if collective else "agency",
                group_label="集合指称" if collective else "部门",
                order=0,
                _evidence=[],
            )
        graph.nodes[agency]["_evidence"].append(
            {"role": role, "role_label": ROLE_LABELS.get(role, role), "item": item,
             "item_title": graph.nodes[item]["title"], "plan_title": plan.title, "quote": str(row.get("quote", "")),
             "line": sources.line(row)}
        )
        graph.add_edge(item, agency, kind=role, label=ROLE_LABELS.get(role, role))
    for row in select(store, "plan-targets", bindings):
        target = str(row["target"])
        owner = str(row["item"]) if "item" in row and str(row["item"]) in graph else plan.iri
        subject = str(row.get("subject", "") or row.get("indicator", ""))
        value = str(row.get("valueText", ""))
        year = f"（{row['year']}）" if "year" in row else ""
        text = f"{subject} {value}".strip() + year
        graph.add_node(
            target,
            label=short(text),
            title=text,
            type="target",
            group="target",
            group_label="目标",
            order=0,
            _evidence=[{"role_label": "目标", "item_title": graph.nodes[owner]["title"], "plan_title": plan.title,
                        "quote": str(row.get("quote", ""))}],
        )
        graph.add_edge(owner, target, kind="target", label="")
    for node in graph:
        graph.nodes[node]["_evidence"].sort(key=lambda e: (e.get("role", ""), e.get("item", ""), e["quote"]))
    _set_depths(graph, plan.iri)
    return graph


def _set_depths(graph: nx.DiGraph, root: str) -> None:
    """Depth along ``part`` edges; agencies and targets sit one level below their items."""
    depth = {root: 0}
    stack = [root]
    while stack:
        node = stack.pop()
        for child in graph.successors(node):
            if graph.edges[node, child]["kind"] == "part" and child not in depth:
                depth[child] = depth[node] + 1
                stack.append(child)
    deepest = max(depth.values())
    for node, data in graph.nodes(data=True):
        if data["type"] == "agency":
            data["depth"] = deepest + 2
        elif data["type"] == "target":
            data["depth"] = deepest + 1
        else:
            data["depth"] = depth.get(node, 1)
