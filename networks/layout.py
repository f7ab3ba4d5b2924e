"""Node positions, computed once in Python and shared by every renderer.

Networks (agencies, coverage) use a force-directed layout (Fruchterman–Reingold,
networkx ``spring_layout``) with a fixed seed, per connected component, the
components packed side by side; a plan uses a layered tree: depth from
left to right, items top to bottom in document order, each agency level with the mean
height of the items it is printed on. Positions are rounded, so the same graph gives
the same coordinates, and therefore the same files, on every run.
"""

from __future__ import annotations

import math

import networkx as nx

SEED = 20240601


def positions(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """x, y of every node: y grows downwards, the picture fits [-1, 1] × [-1, 1] for networks."""
    if graph.number_of_nodes() == 0:
        return {}
    if graph.graph.get("kind") == "plan":
        pos = tree_positions(graph)
    else:
        pos = packed_spring_positions(graph)
    return {n: (round(float(x), 4), round(float(y), 4)) for n, (x, y) in sorted(pos.items())}


def packed_spring_positions(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Each connected component laid out on its own (seeded spring layout, radius
    growing with the square root of its size), components packed in rows, largest
    first, the whole scaled to [-1, 1]."""
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes))
    ordered.add_edges_from(sorted((min(u, v), max(u, v), {"weight": d.get("weight", 1)})
                                  for u, v, d in graph.edges(data=True)))
    components = sorted((sorted(c) for c in nx.connected_components(ordered)), key=lambda c: (-len(c), c[0]))
    laid = []
    for members in components:
        radius = 0.5 if len(members) == 1 else math.sqrt(len(members))
        if len(members) == 1:
            local = {members[0]: (0.0, 0.0)}
        else:
            sub = ordered.subgraph(members)
            local = nx.spring_layout(sub, seed=SEED, weight="weight", k=1.0 / math.sqrt(len(members)) * 1.6,
                                     iterations=300, scale=radius)
        laid.append((members, radius, local))
    total_width = max(math.sqrt(sum((2 * r + 1) ** 2 for _, r, _ in laid)) * 1.3, 2 * laid[0][1] + 1)
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for members, radius, local in laid:
        size = 2 * radius + 1
        if x > 0 and x + size > total_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for n in members:
            lx, ly = local[n]
            pos[n] = (x + size / 2 + float(lx), y + size / 2 + float(ly))
        x += size
        row_height = max(row_height, size)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: (2 * (px - cx) / span, 2 * (py - cy) / span) for n, (px, py) in pos.items()}


def tree_positions(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Layered tree: x = depth, y = row (one row per leaf, parents centred on children)."""
    orders = {n: (d.get("order", 0), n) for n, d in graph.nodes(data=True)}
    roots = sorted((n for n, d in graph.nodes(data=True) if d.get("type") == "plan"), key=orders.get)
    pos: dict[str, tuple[float, float]] = {}
    row = 0

    def children(node: str) -> list[str]:
        return sorted((c for c in graph.successors(node) if graph.nodes[c]["type"] != "agency" and c not in pos),
                      key=lambda c: (graph.nodes[c]["type"] == "target", orders[c]))

    def place(node: str) -> float:
        nonlocal row
        depth = graph.nodes[node].get("depth", 0)
        pos[node] = (float(depth), 0.0)  # mark visited before the children
        kids = children(node)
        if not kids:
            y = float(row)
            row += 1
        else:
            ys = [place(c) for c in kids]
            y = (ys[0] + ys[-1]) / 2
        pos[node] = (float(depth), y)
        return y

    for root in roots:
        place(root)
    for node in sorted(graph.nodes, key=orders.get):  # anything not reached from a plan
        if node not in pos and graph.nodes[node]["type"] != "agency":
            place(node)
    agencies = [n for n, d in graph.nodes(data=True) if d.get("type") == "agency"]
    wanted = {}
    for a in agencies:
        ys = [pos[i][1] for i in graph.predecessors(a) if i in pos]
        wanted[a] = sum(ys) / len(ys) if ys else 0.0
    gap = 1.0  # one row per agency at least: names never overlap
    last = -math.inf
    for a in sorted(agencies, key=lambda n: (wanted[n], graph.nodes[n]["label"], n)):
        y = max(wanted[a], last + gap)
        pos[a] = (float(graph.nodes[a].get("depth", 0)), y)
        last = y
    return pos
