"""The collaboration network of agencies, built from the store.

Nodes are agencies (collective references such as 各县（市、区） left out), with the
number of measures they lead (``led``), cooperate on (``cooperating``), are responsible
for (``responsible``), their functional category and kind. A measure here is one of the
most specific items that carry responsibilities, roles inherited from an enclosing
section included (see ``sparql/roles.rq``).

Two agencies are linked when they share measures as

* ``co-lead`` — both lead the measure (牵头单位 with several units, 共同牵头);
* ``lead-cooperating`` — one leads, the other cooperates (牵头单位 / 配合单位);
* ``co-responsible`` — both are listed as responsible units where the plan names no
  lead (责任单位 / 承办单位 without a stated convention).

The edge ``weight`` is the number of distinct measures shared in any of these ways;
``co_lead``, ``lead_cooperating`` and ``co_responsible`` count each kind, and ``kind``
is the kind with the most measures. Two cooperating units are not linked by their
cooperation alone.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from mskg.networks.selection import Selection, select
from mskg.networks.sources import SourceLines

#: edge kinds, in the order that breaks ties for an edge's main ``kind``
EDGE_KINDS = ("co-lead", "lead-cooperating", "co-responsible")
EDGE_KIND_LABELS = {
    "co-lead": ("共同牵头", "co-lead"),
    "lead-cooperating": ("牵头–配合", "lead–cooperating"),
    "co-responsible": ("共同负责", "co-responsible"),
}
ROLE_LABELS = {"lead": "牵头", "cooperating": "配合", "responsible": "责任"}

#: how many measures a node keeps as evidence for the HTML page
EVIDENCE_LIMIT = 40


def _pair_kind(roles_a: set[str], roles_b: set[str]) -> str | None:
    if "lead" in roles_a and "lead" in roles_b:
        return "co-lead"
    if ("lead" in roles_a and "cooperating" in roles_b) or ("cooperating" in roles_a and "lead" in roles_b):
        return "lead-cooperating"
    if "responsible" in roles_a and "responsible" in roles_b:
        return "co-responsible"
    return None


def collaboration_network(store, selection: Selection | None = None) -> nx.Graph:
    """The agencies' collaboration network for ``selection`` (whole graph by default).

    Deterministic: nodes and edges are added in sorted order, so the same store gives
    the same graph, node for node and attribute for attribute.
    """
    selection = selection or Selection()
    rows = select(store, "roles", selection.bindings())
    agency_rows = select(store, "agencies")

    categories: dict[str, tuple[str, str, str]] = {}
    kinds: dict[str, str] = {}
    for row in agency_rows:  # sorted by agency, category: the first category wins
        iri = str(row["agency"])
        if "kind" in row:
            kinds.setdefault(iri, str(row["kind"]))
        if "category" in row:
            categories.setdefault(
                iri, (str(row["category"]), str(row.get("categoryZh", row["category"])), str(row.get("categoryEn", "")))
            )

    sources = SourceLines(store)
    names: dict[str, str] = {}
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # item → agency → roles
    evidence: dict[str, list[dict]] = defaultdict(list)
    item_info: dict[str, tuple[str, str, str]] = {}
    for row in rows:
        item, agency, role = str(row["item"]), str(row["agency"]), str(row["role"])
        names.setdefault(agency, str(row["agencyName"]))
        item_info.setdefault(item, (str(row.get("itemTitle", "")), str(row["plan"]), str(row.get("planTitle", ""))))
        if role not in roles[item][agency]:
            roles[item][agency].add(role)
            evidence[agency].append(
                {
                    "role": role,
                    "role_label": ROLE_LABELS.get(role, role),
                    "item": item,
                    "item_title": item_info[item][0],
                    "plan_title": item_info[item][2],
                    "quote": str(row.get("quote", "")),
                    "line": sources.line(row),
                }
            )

    counts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # agency → role → items
    pairs: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    plans_of: dict[str, set[str]] = defaultdict(set)
    for item in sorted(roles):
        members = roles[item]
        for agency, agency_roles in members.items():
            plans_of[agency].add(item_info[item][1])
            for role in agency_roles:
                counts[agency][role].add(item)
        for a, b in combinations(sorted(members), 2):
            kind = _pair_kind(members[a], members[b])
            if kind:
                pairs[(a, b)][kind].add(item)

    graph = nx.Graph(kind="agencies", selection=selection.describe())
    for agency in sorted(names):
        code, zh, en = categories.get(agency, ("", "", ""))
        role_counts = counts[agency]
        items = set().union(*role_counts.values()) if role_counts else set()
        graph.add_node(
            agency,
            label=names[agency],
            type="agency",
            group=code or "uncategorised",
            group_label=zh or "未分类",
            group_label_en=en or "uncategorised",
            agency_kind=kinds.get(agency, ""),
            led=len(role_counts.get("lead", ())),
            cooperating=len(role_counts.get("cooperating", ())),
            responsible=len(role_counts.get("responsible", ())),
            measures=len(items),
            plans=len(plans_of[agency]),
            _evidence=sorted(evidence[agency], key=lambda e: (e["role"] != "lead", e["plan_title"], e["item"]))[
                :EVIDENCE_LIMIT
            ],
            _evidence_more=max(0, len(evidence[agency]) - EVIDENCE_LIMIT),
        )
    for (a, b) in sorted(pairs):
        by_kind = pairs[(a, b)]
        shared = set().union(*by_kind.values())
        main = max(EDGE_KINDS, key=lambda k: (len(by_kind.get(k, ())), -EDGE_KINDS.index(k)))
        parts = [f"{EDGE_KIND_LABELS[k][0]} {len(by_kind[k])}" for k in EDGE_KINDS if by_kind.get(k)]
        graph.add_edge(
            a,
            b,
            kind=main,
            weight=len(shared),
            co_lead=len(by_kind.get("co-lead", ())),
            lead_cooperating=len(by_kind.get("lead-cooperating", ())),
            co_responsible=len(by_kind.get("co-responsible", ())),
            label=" · ".join(parts),
        )
    return graph
