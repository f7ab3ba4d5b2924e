"""Snapshot regression of extraction scores: no metric of any document may drop.

``mskg eval --format json`` of each document set (the seed corpus, ``tests/documents``,
``tests/heldout``; see ``document_sets.py``) is kept in ``tests/snapshots/``. The test
fails when any score of any document, or of a set's overall record, is lower than in
the snapshot, or when a document was added or removed without the snapshot following.
Improvements pass; accept them on purpose by regenerating the snapshots with
``MSKG_REGENERATE_GOLDEN=1 pytest tests/test_score_snapshots.py`` and review the diff;
the switch also regenerates the README's score table from them (``make docs``).
"""

from __future__ import annotations

import json
import os

import generated_docs
import pytest
from document_sets import SETS

# Keys of the report whose values are scores (higher is better); the others are counts.
SCORE_KEYS = {"precision", "recall", "f1", "accuracy", "unit", "comparator", "year", "baseline"}


def drops(before: dict, after: dict, where: str = "") -> list[str]:
    """Every score of ``before`` that is lower, or undefined, in ``after``.

    >>> drops({"m": {"f1": 0.9, "gold": 3}}, {"m": {"f1": 0.8, "gold": 4}})
    ['m.f1: 0.9 → 0.8']
    >>> drops({"m": {"f1": None}}, {"m": {"f1": 0.5}})
    []
    """
    out: list[str] = []
    for key, old in before.items():
        new = after.get(key) if isinstance(after, dict) else None
        path = f"{where}.{key}" if where else key
        if isinstance(old, dict):
            out += drops(old, new if isinstance(new, dict) else {}, path)
        elif key in SCORE_KEYS and old is not None and (new is None or new < old - 1e-9):
            out.append(f"{path}: {old} → {new}")
    return out


@pytest.mark.parametrize("name", sorted(SETS))
def test_no_score_drops_below_its_snapshot(name, set_scores):
    report = set_scores(name)
    snapshot = SETS[name].snapshot
    if os.environ.get("MSKG_REGENERATE_GOLDEN"):
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        generated_docs.regenerate()
    assert snapshot.exists(), f"{snapshot} is missing: create it with MSKG_REGENERATE_GOLDEN=1"
    expected = json.loads(snapshot.read_text(encoding="utf-8"))
    added = sorted(set(report["documents"]) - set(expected["documents"]))
    removed = sorted(set(expected["documents"]) - set(report["documents"]))
    assert not added and not removed, (
        f"{name}: documents added {added} / removed {removed}; regenerate the snapshot "
        "with MSKG_REGENERATE_GOLDEN=1 once their scores are right")
    lost = drops(expected["overall"], report["overall"], "overall")
    for document, record in expected["documents"].items():
        lost += drops(record, report["documents"][document], document)
    assert not lost, f"{name}: scores dropped below {snapshot.name}:\n" + "\n".join(lost)


def test_a_drop_in_any_metric_is_caught():
    before = {"overall": {"measures": {"f1": 1.0, "precision": 1.0}, "agency_names": {"accuracy": 0.9}}}
    after = {"overall": {"measures": {"f1": 1.0, "precision": 0.99}, "agency_names": {"accuracy": None}}}
    assert drops(before, after) == ["overall.measures.precision: 1.0 → 0.99",
                                    "overall.agency_names.accuracy: 0.9 → None"]
