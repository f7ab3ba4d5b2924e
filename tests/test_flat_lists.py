"""A flat numbered list of realistic, varied titles is one rank of measures.

Items of one numbering style running 1..N, one per line, are siblings whatever their titles
read like: a title like a category name (实施城市管理工程, 指导思想), an agency, a target
(全市新增托位不少于10000个), a short phrase, a sentence ending in 。 or ：. Such titles used
to turn items into groups (or their numbers into nothing) once some items of the list held
anything, so a 5,000-item list of corpus titles gave 3,884 measures and 252 groups.
"""

from __future__ import annotations

import pytest

from flat_lists import flat_list, varied_titles
from mskg.ingest import extract_text

COUNT = 2000


def test_the_titles_are_varied():
    titles = varied_titles()
    assert len(titles) >= 300
    assert any(t.endswith("。") for t in titles) and any(t.endswith("：") for t in titles)
    assert any(len(t) <= 8 for t in titles) and any(len(t) >= 40 for t in titles)
    assert sum(any(c.isdigit() for c in t) for t in titles) >= 50  # quantities and years


@pytest.mark.parametrize("marker, number", [("{}.", "{}"), ("{}、", "{}")])
def test_every_item_of_a_flat_list_is_a_measure_numbered_as_printed(marker, number):
    ex = extract_text(flat_list(COUNT, marker), document="list", path="list.txt")
    assert [(it.kind, it.number) for it in ex.items] == [("measure", number.format(i)) for i in range(1, COUNT + 1)]
    assert all(it.parent is None for it in ex.items)
