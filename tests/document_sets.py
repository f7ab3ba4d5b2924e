"""The document sets that have gold annotations, and where their gold and texts live.

- ``seed``: the seed corpus, gold in ``../shared/gold`` beside the repository (or
  ``$MSKG_GOLD``), texts in ``../shared/corpus`` when present, else the bundled copy in
  ``data/corpus``. Absent on machines without the shared folder: tests skip it.
- ``documents`` and ``heldout``: the project's own documents, gold beside each text.
- ``blind``: documents written and annotated apart by people who never read the rules.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SNAPSHOTS = TESTS / "snapshots"


@dataclass(frozen=True)
class DocumentSet:
    name: str
    gold: Path
    docs: Path

    @property
    def present(self) -> bool:
        return self.gold.is_dir() and any(self.gold.glob("*.json")) and self.docs.is_dir()

    @property
    def snapshot(self) -> Path:
        return SNAPSHOTS / f"scores_{self.name}.json"


def _seed() -> DocumentSet:
    gold = Path(os.environ.get("MSKG_GOLD", ROOT.parent / "shared" / "gold"))
    docs = gold.parent / "corpus"
    return DocumentSet("seed", gold, docs if docs.is_dir() else ROOT / "data" / "corpus")


SETS: dict[str, DocumentSet] = {
    s.name: s
    for s in (_seed(), DocumentSet("documents", TESTS / "documents", TESTS / "documents"),
              DocumentSet("heldout", TESTS / "heldout", TESTS / "heldout"),
              DocumentSet("blind", TESTS / "blind", TESTS / "blind"))
}
