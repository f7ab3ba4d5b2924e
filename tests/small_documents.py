"""Helpers of the tests that read small documents written for them: extract one, look its
items up by title, list an item's roles, check every quote against the text under its span.
Tests import it by name (``conftest.py`` puts this folder on the import path)."""

from __future__ import annotations

from mskg.ingest import extract_text
from mskg.ingest.model import Extraction


def extract(text: str, doc: str = "t") -> Extraction:
    """``text`` extracted as the document ``doc`` (file ``doc.txt``)."""
    return extract_text(text, document=doc, path=doc + ".txt")


def by_title(ex: Extraction) -> dict:
    """The items of ``ex`` by their titles."""
    return {it.title: it for it in ex.items}


def roles(item) -> set[tuple[str, str]]:
    """(printed name, role) of each unit the item names."""
    return {(r.printed, r.role) for r in item.responsibilities}


def assert_spans(ex: Extraction) -> None:
    """Every quote of the plan, its items, their titles and their units is the text under
    its span, and a title lies within its item."""
    t = ex.text
    if ex.plan.span:
        assert ex.plan.span.quote == t[ex.plan.span.start : ex.plan.span.end]
    for it in ex.items:
        assert it.span.quote == t[it.span.start : it.span.end]
        assert it.title_span.quote == t[it.title_span.start : it.title_span.end]
        assert it.span.start <= it.title_span.start <= it.title_span.end <= it.span.end
        for r in it.responsibilities:
            assert r.span.quote == t[r.span.start : r.span.end]


def read(text: str, doc: str = "t") -> tuple[Extraction, dict]:
    """The extraction of ``text``, every quote checked against its span, and its items by
    title."""
    ex = extract(text, doc)
    assert_spans(ex)
    return ex, by_title(ex)
