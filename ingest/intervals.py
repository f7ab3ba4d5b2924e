"""Spans of a document indexed once, for "which spans hold this offset" in logarithmic time.

The outline (:mod:`mskg.ingest.structure`) places every printed agency list and series
clause at the innermost item holding it, and targets (:mod:`mskg.ingest.targets`) go to
the innermost item holding their quote. Scanning every item for each lookup made a long
list quadratic (a 5,000-item list spent most of its time there). :class:`SpanIndex` sorts
the spans by start once and keeps, in a segment tree over that order, the furthest end of
each run of spans: a lookup visits only the runs that reach past the offset, so it costs
``O((k + 1) log n)`` for ``k`` spans found (the nesting depth, in an outline).

>>> idx = SpanIndex([(0, 100), (10, 20), (15, 18), (30, 40), (35, 36)])
>>> idx.holding(16), idx.holding(35), idx.holding(99), idx.holding(100)
([0, 1, 2], [0, 3, 4], [0], [])
>>> idx.covers(25), idx.covers(35), SpanIndex([]).covers(0)
(True, True, False)
>>> idx.overlaps(20, 30), idx.overlaps(100, 120), SpanIndex([(3, 7), (9, 12)]).overlaps(7, 9)
(True, False, False)
>>> idx.last_start(12, 37), idx.last_start(11, 14), idx.last_start(-5, 5)
(4, None, 0)
"""

from __future__ import annotations

import bisect


class SpanIndex:
    """Half-open spans ``[start, end)`` given in some order; lookups answer with positions
    in that order (ascending), so a caller choosing among them breaks ties as a scan of
    its own list would."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._order = sorted(range(len(spans)), key=lambda k: spans[k][0])  # stable: ties keep list order
        self._starts = [spans[k][0] for k in self._order]
        size = 1
        while size < len(spans):
            size *= 2
        self._size = size
        tree = [-1] * (2 * size)  # tree[node]: the furthest end among the spans under node (-1: none)
        for j, k in enumerate(self._order):
            tree[size + j] = spans[k][1]
        for node in range(size - 1, 0, -1):
            tree[node] = max(tree[2 * node], tree[2 * node + 1])
        self._tree = tree

    def holding(self, pos: int) -> list[int]:
        """Positions (in the given order) of the spans with ``start <= pos < end``."""
        return sorted(self._holding(pos, first=False))

    def covers(self, pos: int) -> bool:
        """Does some span hold ``pos``?"""
        return bool(self._holding(pos, first=True))

    def overlaps(self, lo: int, hi: int) -> bool:
        """Does some span share an offset with ``[lo, hi)`` (``start < hi`` and ``end > lo``)?"""
        count = bisect.bisect_left(self._starts, hi)  # the spans starting before hi
        a, b = self._size, self._size + count  # the furthest end among them, bottom up
        tree = self._tree
        while a < b:
            if a & 1:
                if tree[a] > lo:
                    return True
                a += 1
            if b & 1:
                b -= 1
                if tree[b] > lo:
                    return True
            a //= 2
            b //= 2
        return False

    def _holding(self, pos: int, *, first: bool) -> list[int]:
        count = bisect.bisect_right(self._starts, pos)  # the spans starting at or before pos
        if not count:
            return []
        tree, size = self._tree, self._size
        out: list[int] = []
        todo = [(1, 0, size)]
        while todo:
            node, lo, hi = todo.pop()
            if lo >= count or tree[node] <= pos:
                continue  # starts after pos, or every span under it ends at or before pos
            if node >= size:
                out.append(self._order[lo])
                if first:
                    break
                continue
            mid = (lo + hi) // 2
            todo.append((2 * node, lo, mid))
            todo.append((2 * node + 1, mid, hi))
        return out

    def last_start(self, lo: int, hi: int) -> int | None:
        """Position (in the given order) of the span starting last in ``[lo, hi]``; of
        several starting there, the first given. ``None`` when none starts in it."""
        k = bisect.bisect_right(self._starts, hi)
        if not k or self._starts[k - 1] < lo:
            return None
        return self._order[bisect.bisect_left(self._starts, self._starts[k - 1])]
