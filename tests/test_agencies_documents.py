"""Agencies and places through the whole pipeline, on the seed corpus and the own test
documents (other provinces, a 繁體 page): jurisdictions, codes, collective references.
Their agency_names and places scores are guarded by test_score_snapshots.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from extractions import extract_file

from mskg.evaluation.gold import gold_files, load_gold
from mskg.identifiers import agency_iri

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
OWN = ROOT / "tests" / "documents"
SEED_GOLD = Path(os.environ.get("MSKG_GOLD", ROOT.parent / "shared" / "gold"))

SETS = {"seed": (SEED_GOLD, CORPUS), "own": (OWN, OWN)}


@pytest.fixture(scope="module")
def extractions():
    """(set name, gold, extraction) for every gold file whose document is present."""
    out = []
    for name, (gold_dir, docs) in SETS.items():
        if not gold_dir.is_dir():
            continue
        for path in gold_files(gold_dir):
            gold = load_gold(path)
            doc = docs / gold.document
            if doc.is_file():
                out.append((name, gold, extract_file(doc)))
    if not out:
        pytest.skip("no gold files beside the documents")
    return out


def test_every_plan_and_body_has_a_jurisdiction(extractions) -> None:
    for _, _, ex in extractions:
        assert ex.plan.jurisdiction, ex.document
        for agency in ex.agencies().values():
            if agency.kind != "collective" and agency.level != "national":
                assert agency.jurisdiction, (ex.document, agency.full)


def test_divisions_from_county_up_have_codes(extractions) -> None:
    for _, _, ex in extractions:
        for place in ex.places:
            if place.level in ("province", "city", "county", "district"):
                assert place.code and len(place.code) == 6 and place.code.isdigit(), (ex.document, place.full)
            if place.level in ("town", "street"):
                assert place.parent, (ex.document, place.full)
            for span in place.spans:
                assert ex.text[span.start:span.end] == span.quote


def test_collective_references_stay_collective(extractions) -> None:
    for _, _, ex in extractions:
        agencies = ex.agencies().values()
        collective = {agency_iri(a.full) for a in agencies if a.kind == "collective"}
        bodies = {agency_iri(a.full) for a in agencies if a.kind != "collective"}
        assert not collective & bodies, ex.document
        for printed, full in ex.printed_names().items():
            if printed.startswith(("各", "相关")):
                assert full in {a.full for a in agencies if a.kind == "collective"}, printed
