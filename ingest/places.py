"""Places: the plan's jurisdiction and every division or zone a document names.

Interface used by the pipeline (kept stable):

- ``jurisdiction_of(*names) -> Place | None``: the jurisdiction named by an issuer or
  title (汶上县人民政府 → 山东省济宁市汶上县), first name that resolves wins.
- ``find_places(text, jurisdiction) -> list[Place]``: every division (province, city,
  county, district, town, street) and zone the text names, with codes and parents.

STUB: to be replaced by the dataset-driven resolver.
"""

from __future__ import annotations

from mskg.ingest.model import Place


def jurisdiction_of(*names: str | None) -> Place | None:
    return None


def find_places(text: str, jurisdiction: Place | None) -> list[Place]:
    return []
