"""Counts behind every score, and the scores computed from them.

Scores are always derived from counts, never averaged: a document's counts and the
sum of all documents' counts (the micro-average) go through the same arithmetic.
Conventions (the same for every metric):

- precision = matched / extracted, recall = matched / gold,
  F1 = 2·matched / (gold + extracted) (equal to the harmonic mean of P and R);
- when exactly one side is empty, the undefined ratio is 0.0 (nothing extracted
  while gold exists: P = R = F1 = 0.0; something extracted while gold is empty:
  P = R = F1 = 0.0);
- when gold = extracted = 0 there is nothing to score: P, R and F1 are ``None``;
- an accuracy with n = 0 is ``None``.

>>> PRF(gold=4, extracted=5, matched=3).scores()
(0.6, 0.75, 0.6667)
>>> PRF(gold=0, extracted=0, matched=0).scores()
(None, None, None)
>>> (PRF(2, 0, 0) + PRF(0, 3, 0)).scores()
(0.0, 0.0, 0.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

DIGITS = 4  # floats in the report are rounded to this many places


def ratio(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator`` rounded, ``None`` when the denominator is 0."""
    if denominator == 0:
        return None
    return round(numerator / denominator, DIGITS)


@dataclass(frozen=True)
class PRF:
    """Gold, extracted and matched counts of one metric."""

    gold: int = 0
    extracted: int = 0
    matched: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.matched <= min(self.gold, self.extracted):
            raise ValueError(f"inconsistent counts: {self}")

    def __add__(self, other: "PRF") -> "PRF":
        return PRF(
            self.gold + other.gold,
            self.extracted + other.extracted,
            self.matched + other.matched,
        )

    def scores(self) -> tuple[float | None, float | None, float | None]:
        """(precision, recall, F1) under the conventions of this module."""
        if self.gold == 0 and self.extracted == 0:
            return None, None, None
        p = ratio(self.matched, self.extracted) if self.extracted else 0.0
        r = ratio(self.matched, self.gold) if self.gold else 0.0
        f1 = ratio(2 * self.matched, self.gold + self.extracted)
        return p, r, f1

    def to_json(self) -> dict:
        p, r, f1 = self.scores()
        return {
            "precision": p,
            "recall": r,
            "f1": f1,
            "gold": self.gold,
            "extracted": self.extracted,
            "matched": self.matched,
        }


@dataclass(frozen=True)
class Accuracy:
    """``correct`` out of ``n`` decisions."""

    correct: int = 0
    n: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.correct <= self.n:
            raise ValueError(f"inconsistent counts: {self}")

    def __add__(self, other: "Accuracy") -> "Accuracy":
        return Accuracy(self.correct + other.correct, self.n + other.n)

    @property
    def value(self) -> float | None:
        return ratio(self.correct, self.n)

    def to_json(self) -> dict:
        return {"accuracy": self.value, "n": self.n}


@dataclass(frozen=True)
class TargetFields:
    """Accuracy of the fields of matched targets.

    ``unit``, ``comparator`` and ``baseline`` are decided for every matched target
    (their ``n`` is the number of matches); ``year`` only where the gold year is
    printed, so its ``n`` may be smaller and is reported as ``n_year``.
    """

    unit: Accuracy = field(default_factory=Accuracy)
    comparator: Accuracy = field(default_factory=Accuracy)
    year: Accuracy = field(default_factory=Accuracy)
    baseline: Accuracy = field(default_factory=Accuracy)

    def __add__(self, other: "TargetFields") -> "TargetFields":
        return TargetFields(
            *(getattr(self, f.name) + getattr(other, f.name) for f in fields(self))
        )

    def to_json(self) -> dict:
        return {
            "unit": self.unit.value,
            "comparator": self.comparator.value,
            "year": self.year.value,
            "baseline": self.baseline.value,
            "n": self.unit.n,
            "n_year": self.year.n,
        }


@dataclass(frozen=True)
class Scores:
    """All counts of one document, or summed over several."""

    sections: PRF = field(default_factory=PRF)
    measures: PRF = field(default_factory=PRF)
    domains: PRF = field(default_factory=PRF)
    agency_roles: PRF = field(default_factory=PRF)
    agency_names: Accuracy = field(default_factory=Accuracy)
    targets: PRF = field(default_factory=PRF)
    target_fields: TargetFields = field(default_factory=TargetFields)
    places: PRF = field(default_factory=PRF)
    co_lead_pairs: PRF = field(default_factory=PRF)

    def __add__(self, other: "Scores") -> "Scores":
        return Scores(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def to_json(self) -> dict:
        """The report record ``R`` of one document or of the overall result."""
        return {f.name: getattr(self, f.name).to_json() for f in fields(self)}
