"""Numbers as printed: a list of any length gives one measure per item, numbered as printed.

Item numbers of three or four digits used not to open an item (the numbering patterns
took one or two digits), so items 100 and above were silently merged into item 99.
"""

from __future__ import annotations

import pytest

from mskg.ingest import extract_text

COUNT = 5000
# printed marker → the number the item keeps
STYLES = {
    "1.": ("{}.", "{}"),
    "1、": ("{}、", "{}"),
    "（1）": ("（{}）", "（{}）"),
}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_5000_item_list_gives_5000_measures_with_their_numbers(style):
    marker, number = STYLES[style]
    lines = ["某市2024年民生实事项目清单", ""]
    lines += [marker.format(i) + f"建设第{i}处社区食堂。" for i in range(1, COUNT + 1)]
    ex = extract_text("\n".join(lines), document="list", path="list.txt")
    measures = [it for it in ex.items if it.kind == "measure"]
    assert len(measures) == COUNT == len(ex.items)
    assert [m.number for m in measures] == [number.format(i) for i in range(1, COUNT + 1)]
    assert [m.title for m in measures[98:101]] == [f"建设第{i}处社区食堂" for i in (99, 100, 101)]
