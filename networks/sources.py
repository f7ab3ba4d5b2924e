"""The printed line around a quote, for pictures that show where a fact comes from.

A responsibility's evidence span is the agency as printed (``县民政局``); the reader
of a picture wants the line it sits in (``牵头单位：县民政局``, a table row). Spans
carry their document and character offsets into the text as read, so the line is
cut from the document's ``mskg:fullText`` (read once per document).
"""

from __future__ import annotations

from rdflib import URIRef

from mskg.networks.selection import select

#: longest context shown; longer lines are cut around the quote
CONTEXT_LIMIT = 160


def line_around(text: str, start: int, end: int, limit: int = CONTEXT_LIMIT) -> str:
    """The line of ``text`` holding ``text[start:end]``, cut to about ``limit`` characters
    around it (``…`` marks a cut).

    >>> line_around("一、目标\\n牵头单位：县民政局；配合单位：县财政局\\n", 10, 14)
    '牵头单位：县民政局；配合单位：县财政局'
    """
    if not 0 <= start <= end <= len(text):
        return text[start:end]
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    if right - left > limit:
        room = max(limit - (end - start), 0) // 2
        new_left, new_right = max(left, start - room), min(right, end + room)
        prefix = "…" if new_left > left else ""
        suffix = "…" if new_right < right else ""
        return prefix + text[new_left:new_right].strip() + suffix
    return text[left:right].strip()


class SourceLines:
    """Lines around quotes, reading each document's text at most once."""

    def __init__(self, store) -> None:
        self._store = store
        self._texts: dict[str, str] = {}

    def text(self, document: str) -> str:
        if document not in self._texts:
            rows = select(self._store, "document-text", {"_document": URIRef(document)})
            self._texts[document] = str(rows[0]["text"]) if rows else ""
        return self._texts[document]

    def line(self, row: dict) -> str:
        """The line around the span of a query row with ``document``, ``start``, ``end``
        (the row's ``quote`` when it has no span)."""
        quote = str(row.get("quote", ""))
        if not {"document", "start", "end"} <= row.keys():
            return quote
        text = self.text(str(row["document"]))
        start, end = int(row["start"]), int(row["end"])
        if text[start:end] != quote:  # offsets into another text: show the quote only
            return quote
        return line_around(text, start, end)
