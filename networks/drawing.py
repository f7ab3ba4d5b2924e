"""SVG and PNG pictures drawn with matplotlib, Chinese labels in a CJK font.

The font comes from :func:`mskg.networks.fonts.cjk_font` (fontconfig). SVG keeps
text as text (``svg.fonttype = none``), so labels stay searchable and the file holds
the Chinese names; PNG is rasterised with the same font. Output is deterministic:
positions come from :mod:`mskg.networks.layout`, the SVG ids use a fixed salt and no
date is written.
"""

from __future__ import annotations

import io
from contextlib import contextmanager

import networkx as nx

from mskg.errors import InputError
from mskg.networks import style
from mskg.networks.coverage import CoverageMatrix
from mskg.networks.layout import positions

FORMATS = ("svg", "png")
DPI = 150


@contextmanager
def _canvas():
    import matplotlib

    matplotlib.use("Agg", force=False)
    from mskg.networks.fonts import cjk_font

    family = cjk_font()
    with matplotlib.rc_context({
        "font.family": [family, "DejaVu Sans"],
        "svg.fonttype": "none",
        "svg.hashsalt": "mskg",
        "axes.unicode_minus": False,
    }):
        yield


def _save(fig, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise InputError(f"cannot draw {fmt!r}; choose one of: {', '.join(FORMATS)}")
    out = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(out, format=fmt, dpi=DPI, metadata=metadata, bbox_inches="tight", pad_inches=0.2)
    return out.getvalue()


def _title(graph: nx.Graph) -> str:
    kind = graph.graph.get("kind", "")
    heading = {"agencies": "部门协作网络 Agency collaboration network", "plan": "规划分解 Plan breakdown"}.get(kind, kind)
    selection = graph.graph.get("selection", "")
    return f"{heading}（{selection}）" if selection else heading


def draw_network(graph: nx.Graph, fmt: str) -> bytes:
    """A network or plan graph as SVG or PNG bytes."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    with _canvas():
        pos = positions(graph)
        colours = style.group_colours(graph)
        is_plan = graph.graph.get("kind") == "plan"
        n = graph.number_of_nodes()
        if is_plan:
            xs = [p[0] for p in pos.values()] or [0]
            ys = [p[1] for p in pos.values()] or [0]
            size = (max(8.0, 3.0 * (max(xs) + 2.4)), max(4.0, 0.24 * (max(ys) + 2)))  # + the agencies' names
        else:
            side = min(40.0, max(8.0, 2.6 * n ** 0.5))
            size = (side * 1.25, side)
        fig = Figure(figsize=size)
        ax = fig.subplots()
        ax.set_axis_off()
        ax.invert_yaxis()  # layouts put y downwards
        if not is_plan:
            ax.margins(0.12)  # room for labels under the outer nodes
        for u, v, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
            (x1, y1), (x2, y2) = pos[u], pos[v]
            kind = d.get("kind", "")
            colour = style.EDGE_COLOURS.get(kind, "#999999")
            alpha = 0.35 if kind in ("lead", "cooperating", "responsible") else 0.6
            ax.plot([x1, x2], [y1, y2], color=colour, alpha=alpha, linewidth=style.edge_width(d) if not is_plan else 0.7,
                    zorder=1, solid_capstyle="round")
        nodes = sorted(graph.nodes(data=True), key=lambda nd: nd[0])
        ax.scatter([pos[n][0] for n, _ in nodes], [pos[n][1] for n, _ in nodes],
                   s=[style.node_size(d) ** 2 / (6 if is_plan else 1.5) for _, d in nodes],
                   c=[colours.get(d.get("group", ""), style.GREY) for _, d in nodes],
                   edgecolors="white", linewidths=0.6, zorder=2)
        fontsize = 7 if is_plan else (9 if n < 60 else 7)
        for node, d in nodes:
            x, y = pos[node]
            if is_plan:
                ax.text(x + 0.06, y, d.get("label", ""), fontsize=fontsize, va="center", ha="left", zorder=3)
            else:
                ax.annotate(d.get("label", ""), (x, y), xytext=(0, -style.node_size(d) / 2 - 2),
                            textcoords="offset points", fontsize=fontsize, va="top", ha="center", zorder=3,
                            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "alpha": 0.7, "linewidth": 0})
        if is_plan:
            xs = [p[0] for p in pos.values()]
            ax.set_xlim(min(xs) - 0.2, max(xs) + 2.2)
        handles = [Line2D([], [], marker="o", linestyle="", color=c, label=label) for label, c in style.legend(graph)]
        if not is_plan:
            kinds = sorted({d.get("kind", "") for _, _, d in graph.edges(data=True)})
            from mskg.networks.collaboration import EDGE_KIND_LABELS

            handles += [Line2D([], [], color=style.EDGE_COLOURS.get(k, "#999999"),
                               label=" ".join(EDGE_KIND_LABELS.get(k, (k, "")))) for k in kinds]
        if handles:
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
        ax.set_title(_title(graph), fontsize=12, loc="left")
        return _save(fig, fmt)


def draw_coverage(matrix: CoverageMatrix, fmt: str) -> bytes:
    """The domain × place matrix as a heatmap with the counts written in the cells."""
    from matplotlib.figure import Figure

    with _canvas():
        rows = matrix.rows()
        n_rows, n_cols = max(len(matrix.domains), 1), max(len(matrix.places), 1)
        fig = Figure(figsize=(max(5.0, 1.1 * n_cols + 3.5), max(3.0, 0.38 * n_rows + 1.6)))
        ax = fig.subplots()
        if not rows or not matrix.places:
            ax.set_axis_off()
            ax.text(0.5, 0.5, "没有数据 No data for this selection", ha="center", va="center")
        else:
            image = ax.imshow(rows, cmap="YlOrRd", aspect="auto", vmin=0)
            ax.set_xticks(range(len(matrix.places)), [name for _, name in matrix.places], rotation=30, ha="right")
            ax.set_yticks(range(len(matrix.domains)), [f"{zh}  {code}" for code, zh, _ in matrix.domains])
            top = max(max(r) for r in rows) or 1
            for i, r in enumerate(rows):
                for j, v in enumerate(r):
                    ax.text(j, i, str(v) if v else "·", ha="center", va="center", fontsize=8,
                            color="white" if v > top * 0.6 else "black")
            fig.colorbar(image, ax=ax, label="条目数 items", shrink=0.8)
        ax.set_title(f"领域 × 地区 Domain × place coverage（{matrix.selection}）", fontsize=11, loc="left")
        return _save(fig, fmt)
