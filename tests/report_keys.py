"""Validation results as comparable tuples: what the tests compare between the two engines
(pySHACL and the shapes compiled to SPARQL) — every field of a result, messages and the
source quote included."""

from __future__ import annotations


def result_key(r) -> tuple:
    """One :class:`mskg.validation.outcome.ValidationResult` as a tuple of strings."""
    return (r.rule, r.severity, str(r.focus), r.path_label, r.value.n3() if r.value is not None else "",
            str(r.component), r.message_zh, r.message_en, r.document or "", r.quote or "")


def result_keys(outcome) -> list[tuple]:
    """The results of an outcome, sorted: equal lists mean the same results."""
    return sorted(result_key(r) for r in outcome.results)
