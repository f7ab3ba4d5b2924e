"""Runs of row numbers: a table's rows numbered 1, 2, 3 … in order, found among numbers
that may be anything else as well (a count in a sentence, a year, a page number).

A run starts at a row number and goes on, each time, to the nearest later number that
numbers the next row: one more than the highest number the row before names. A row may
name several numbers (``5、6``, ``7—9``), and a row may fill a number an earlier row
skipped (``10、12`` then ``11``): the next row's lowest number lies above the row
before's lowest and at most one past its highest.

The reader of one-cell-per-line tables whose cells wrap (:mod:`.wrapped`) finds its
rows' numbers on lines of their own; the restoring of lost line breaks
(:mod:`.line_breaks`) finds them inside a page flattened to one line. Both take their
rows from :class:`NumberRuns`.

>>> runs = NumberRuns([RowNumber(0, 1, 1), RowNumber(5, 3, 3), RowNumber(9, 2, 2),
...                    RowNumber(14, 3, 4), RowNumber(20, 5, 5), RowNumber(30, 7, 7)])
>>> [(n.pos, n.first) for n in runs.run(runs.numbers[0])]
[(0, 1), (9, 2), (14, 3), (20, 5)]
>>> [n.pos for n in runs.run(runs.numbers[0], gap=8)]
[0]
>>> numbers_of("5、6"), numbers_of("7—9"), numbers_of("12."), numbers_of("一")
(['5', '6'], ['7', '8', '9'], ['12'], [])
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RowNumber:
    """A number printed where a row may start."""

    pos: int  # where it is printed: an offset of the text, or a line's index
    first: int  # the lowest number it names (5 for 5、6)
    last: int  # the highest it names (6 for 5、6)


class NumberRuns:
    """The row numbers of a text, indexed by the lowest number each names, so that a
    run is followed with one binary search a row."""

    def __init__(self, numbers: Iterable[RowNumber]):
        self.numbers = sorted(numbers, key=lambda n: n.pos)
        self._by_first: dict[int, list[RowNumber]] = {}
        for n in self.numbers:
            self._by_first.setdefault(n.first, []).append(n)
        self._positions = {v: [n.pos for n in ns] for v, ns in self._by_first.items()}

    def run(self, start: RowNumber, gap: int | None = None) -> list[RowNumber]:
        """The run of rows that ``start`` opens: each next row the nearest later number
        that numbers it, at most ``gap`` after the row before."""
        chain = [start]
        while True:
            prev = chain[-1]
            best: RowNumber | None = None
            for v in range(prev.first + 1, prev.last + 2):
                positions = self._positions.get(v)
                if not positions:
                    continue
                j = bisect.bisect_right(positions, prev.pos)
                if j < len(positions) and (gap is None or positions[j] - prev.pos <= gap) \
                        and (best is None or positions[j] < best.pos):
                    best = self._by_first[v][j]
            if best is None:
                return chain
            chain.append(best)


def numbers_of(cell: str) -> list[str]:
    """The item numbers a number cell names: ``5``, ``5、6``, ``5-7``."""
    cell = cell.strip().rstrip("、.")
    m = re.fullmatch(r"(\d{1,4})\s*[-—~至]\s*(\d{1,4})", cell)
    if m and int(m.group(1)) < int(m.group(2)) <= int(m.group(1)) + 50:
        return [str(k) for k in range(int(m.group(1)), int(m.group(2)) + 1)]
    parts = [p.strip() for p in re.split(r"[、,，/ ]+", cell) if p.strip()]
    return parts if all(p.isdigit() for p in parts) else []
