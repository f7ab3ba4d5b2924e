"""Targets: quantities a plan commits to, with value, unit, comparator, year, baseline.

Interface used by the pipeline (kept stable):

- ``extract_targets(text, items, plan) -> list[Target]``: every target in the text;
  ``items`` (already extracted, with spans) tell which item a target belongs to;
  ``plan`` gives the kind (annual list → its year) and period (end year).

STUB: finds nothing yet.
"""

from __future__ import annotations

from mskg.ingest.model import Item, Plan, Target


def extract_targets(text: str, items: list[Item], plan: Plan) -> list[Target]:
    return []
