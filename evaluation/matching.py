"""Pairing extracted facts with gold facts: text normalisation and one-to-one matching.

Titles are compared after :func:`normalise_title`; resolved names (agency and place
full names) after the lighter :func:`normalise_name`; printed forms (agency names
as printed, units) after :func:`normalise_printed`. Both matchers are greedy and
one-to-one: all admissible (gold, extracted) pairs are ranked best first and taken in that order
whenever neither side is taken yet; ties fall back to document order (gold index,
then extracted index), so the same input always gives the same pairs.

>>> normalise_title("（一）發展 老年助餐服務。")
'一发展老年助餐服务'
>>> title_score("增加普惠托育供给", "增加普惠托育服务供给")[0]
1
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from rapidfuzz.fuzz import ratio as fuzz_ratio

# Similarity ratio (rapidfuzz ``ratio``, 0-100) from which two titles match.
RATIO_THRESHOLD = 80.0
# The shorter title must have at least this many characters (after normalisation)
# for containment to count: a one-character title such as 一 would contain-match
# almost anything.
MIN_CONTAINED = 2

# Match tiers, best first.
EQUAL, CONTAINED, SIMILAR = 3, 2, 1


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC  # imported here: loading its dictionaries takes a moment

    return OpenCC("t2s")


def normalise_title(title: str) -> str:
    """NFKC, traditional → simplified, case-folded, only letters and digits kept.

    Whitespace, punctuation and symbols (Unicode categories Z*, P*, S*, C*) are
    dropped, so 《》“”、（） and scrape noise such as ``?`` do not affect matching.
    """
    text = _t2s().convert(unicodedata.normalize("NFKC", title)).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def normalise_name(name: str) -> str:
    """NFKC with all whitespace removed: for agency and place names and units."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def normalise_printed(form: str) -> str:
    """:func:`normalise_name` then traditional → simplified: for printed forms whose
    script carries no meaning (agency names as printed, units as printed)."""
    return _t2s().convert(normalise_name(form))


def same_number(a: float | None, b: float | None) -> bool:
    """Both absent, or both numbers equal within a relative/absolute tolerance of 1e-9."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def title_score(gold: str, extracted: str) -> tuple[int, float] | None:
    """(tier, ratio) of two normalised titles, or ``None`` when they do not match.

    Tiers: :data:`EQUAL`; :data:`CONTAINED` when one contains the other and the
    shorter has at least :data:`MIN_CONTAINED` characters; :data:`SIMILAR` when the
    rapidfuzz ratio is at least :data:`RATIO_THRESHOLD`. Empty titles never match.
    """
    if not gold or not extracted:
        return None
    if gold == extracted:
        return EQUAL, 100.0
    score = fuzz_ratio(gold, extracted)
    shorter, longer = sorted((gold, extracted), key=len)
    if len(shorter) >= MIN_CONTAINED and shorter in longer:
        return CONTAINED, score
    if score >= RATIO_THRESHOLD:
        return SIMILAR, score
    return None


def match_titles(gold: Sequence[str], extracted: Sequence[str]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, extracted index) of matching titles.

    Ranked by tier (equal > containment > similarity), then by similarity ratio,
    then by document order. The result is sorted by gold index.
    """
    g_norm = [normalise_title(t) for t in gold]
    e_norm = [normalise_title(t) for t in extracted]
    candidates = []
    for gi, g in enumerate(g_norm):
        for ei, e in enumerate(e_norm):
            score = title_score(g, e)
            if score is not None:
                candidates.append((-score[0], -score[1], gi, ei))
    return _greedy(candidates)


def _greedy(candidates: list[tuple]) -> list[tuple[int, int]]:
    """Take ranked candidates ``(*rank, gold index, extracted index)`` one-to-one."""
    candidates.sort()
    used_g: set[int] = set()
    used_e: set[int] = set()
    pairs = []
    for *_, gi, ei in candidates:
        if gi in used_g or ei in used_e:
            continue
        used_g.add(gi)
        used_e.add(ei)
        pairs.append((gi, ei))
    return sorted(pairs)


def occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) where ``quote`` occurs in ``text``, overlapping ones included."""
    out = []
    if not quote:
        return out
    i = text.find(quote)
    while i >= 0:
        out.append((i, i + len(quote)))
        i = text.find(quote, i + 1)
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Length of the intersection of two half-open intervals (0 when disjoint)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = _overlap(a, b)
    return inter / (max(a[1], b[1]) - min(a[0], b[0])) if inter else 0.0


@dataclass(frozen=True)
class QuotedValue:
    """A gold target reduced to what target matching needs."""

    value: float
    occurrences: tuple[tuple[int, int], ...]  # where its quote occurs in the text


@dataclass(frozen=True)
class SpanValue:
    """An extracted target reduced to what target matching needs."""

    value: float | None
    span: tuple[int, int]


def _target_candidates(gold: Sequence[QuotedValue], extracted: Sequence[SpanValue]) -> list[tuple]:
    candidates = []
    for gi, g in enumerate(gold):
        for ei, e in enumerate(extracted):
            if not same_number(g.value, e.value) or e.value is None:
                continue
            best = max((_iou(e.span, occ) for occ in g.occurrences), default=0.0)
            if best > 0:
                candidates.append((-best, gi, ei))
    return candidates


def match_targets(gold: Sequence[QuotedValue], extracted: Sequence[SpanValue]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, extracted index) of matching targets.

    A pair is admissible when the values are equal (:func:`same_number`) and the
    extracted span overlaps (non-empty half-open intersection) at least one
    occurrence of the gold quote. Pairs are ranked by the best intersection over
    union of the extracted span with an occurrence, then by document order.
    """
    return _greedy(_target_candidates(gold, extracted))


def inside_any(span: tuple[int, int], regions: Sequence[tuple[int, int]]) -> bool:
    """Whether a non-empty span lies within one of the regions."""
    return span[0] < span[1] and any(s <= span[0] and span[1] <= e for s, e in regions)
