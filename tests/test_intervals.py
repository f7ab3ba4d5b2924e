"""The span index answers exactly as a scan of every span would, on random spans:
overlapping, nested, empty, repeated starts, and offsets outside them all."""

from __future__ import annotations

import random

import pytest

from mskg.ingest.intervals import SpanIndex


def _spans(rng: random.Random) -> list[tuple[int, int]]:
    out = []
    for _ in range(rng.randint(0, 40)):
        a = rng.randint(0, 80)
        out.append((a, a + rng.choice([0, 1, 2, 5, 20, 90])))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_lookups_agree_with_a_scan(seed):
    rng = random.Random(seed)
    spans = _spans(rng)
    idx = SpanIndex(spans)
    for pos in range(-2, 175):
        assert idx.holding(pos) == [k for k, (s, e) in enumerate(spans) if s <= pos < e]
        assert idx.covers(pos) == any(s <= pos < e for s, e in spans)
    for _ in range(200):
        lo = rng.randint(-2, 175)
        hi = lo + rng.randint(0, 30)
        assert idx.overlaps(lo, hi) == any(s < hi and lo < e for s, e in spans)
        starting = [k for k, (s, _) in enumerate(spans) if lo <= s <= hi]
        latest = max((spans[k][0] for k in starting), default=None)
        # the latest start; of several spans starting there, the first given
        assert idx.last_start(lo, hi) == next((k for k in starting if spans[k][0] == latest), None)


def test_the_innermost_of_nested_items_is_found_in_a_long_list():
    # 10,000 items under one part: each offset is held by the part and by one item
    spans = [(0, 1_000_000)] + [(10 + 100 * k, 10 + 100 * k + 90) for k in range(10_000)]
    idx = SpanIndex(spans)
    assert idx.holding(10 + 100 * 5_000 + 3) == [0, 5_001]
    assert idx.holding(10 + 100 * 5_000 + 95) == [0]
    assert idx.holding(1_000_000) == []
