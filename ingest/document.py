"""The document model: a text read once into lines and blocks that every later stage consumes.

:func:`read` builds it from the text as read: the same-length normalised view
(:func:`mskg.ingest.text.normalised`), the lines with their content offsets, and the
blocks found in them — flattened tables of every layout (:mod:`mskg.ingest.tables`)
and the heading or marker each line opens with (:mod:`mskg.ingest.headings`). The
plan head (:mod:`mskg.ingest.plan`) then fixes where the body starts and ends, and
the plan's period. Structure, roles, targets and the explanation of a reading
(:mod:`mskg.ingest.reading`) all look these up here instead of finding them again.

>>> doc = read("某区民生实事\\n序号 | 项目名称 | 牵头单位\\n1 | 新建食堂 | 区民政局\\n")
>>> [(t.kind, t.layout, t.first_line) for t in doc.tables]
[('list', 'pipes', 1)]
>>> doc.line_of(doc.tables[0].start)
2
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from mskg.ingest.headings import Heading, heading_of, marker_of
from mskg.ingest.tables import Table, find_tables
from mskg.ingest.text import Line, is_metadata_line, is_tail_line, lines_of, normalised


# tables whose rows are items (not an indicator table's targets)
_ITEM_TABLES = ("list", "project", "assignment")


@dataclass
class Document:
    """A document's text, its normalised view, lines and blocks (offsets index ``text``)."""

    text: str
    view: str
    lines: list[Line]
    tables: list[Table]
    body_start: int = 0
    body_end: int = 0
    period: tuple[int, int] | None = None
    conventions: list[tuple[int, int]] = field(default_factory=list)  # notes stating a lead convention
    _starts: list[int] = field(default_factory=list, repr=False)
    _heads: dict[int, Heading | None] = field(default_factory=dict, repr=False)

    def line_of(self, offset: int) -> int:
        """The 1-based number of the line holding ``offset``."""
        if not self._starts:
            self._starts = [ln.start for ln in self.lines]
        return bisect.bisect_right(self._starts, offset)

    def heading(self, line: Line) -> Heading | None:
        """The numbering a line opens with, else its unnumbered marker (read once per line)."""
        if line.index not in self._heads:
            self._heads[line.index] = heading_of(line, self.view) or marker_of(line, self.view)
        return self._heads[line.index]

    def table_lines(self) -> set[int]:
        """Indices of the lines that tables of the body occupy."""
        out: set[int] = set()
        for t in self.body_tables():
            out.update(range(t.first_line, t.last_line + 1))
        return out

    def body_tables(self) -> list[Table]:
        """The tables that start inside the body."""
        return [t for t in self.tables if self.body_start <= t.start < self.body_end]

    def body_lines(self) -> list[Line]:
        """Lines of the body with content, without page metadata."""
        return [ln for ln in self.lines if self.body_start <= ln.start < self.body_end and not ln.blank
                and not is_metadata_line(ln.content(self.view))]

    def set_body(self, start: int) -> None:
        """The body starts after the plan head and ends at the first line of page furniture."""
        self.body_start = start
        self.body_end = self._furniture_from(start)
        items = [t for t in self.tables if t.kind in _ITEM_TABLES]
        if not any(start <= t.start < self.body_end for t in items) and not self._assigns_units(start):
            # neither a table of items nor a part naming its units above the furniture, a
            # table of items below it: the page prints the plan's table after its footer (an
            # attachment's content pasted under the notice and its own instructions), which
            # goes on to the next furniture after that table
            later = next((t for t in items if t.start >= self.body_end), None)
            if later is not None:
                self.body_end = self._furniture_from(later.end)

    def _assigns_units(self, start: int) -> bool:
        """Does the text from ``start`` to the body's end hold numbered parts that name their
        units (一、… / 责任单位：…)? A notice's own numbered instructions name none."""
        from mskg.ingest.agency_lists import role_label_pattern

        label = role_label_pattern()
        inside = [ln for ln in self.lines if start <= ln.start < self.body_end and not ln.blank]
        return (any(self.heading(ln) is not None for ln in inside)
                and any(label.search(self.view, ln.cstart, ln.end) for ln in inside))

    def _furniture_from(self, start: int) -> int:
        """Where the first line of page furniture at or after ``start`` begins (the text's end
        when none does)."""
        for ln in self.lines:
            if (ln.start >= start and not ln.blank and is_tail_line(ln.content(self.view))
                    and not self._role_line_after(ln)):
                return ln.start
        return len(self.text)

    def _role_line_after(self, ln: Line) -> bool:
        """Does a role label open the next line with content (主办单位：X / 协办单位：Y)? Then
        the line before it, whatever a page footer would print there, is a role line too."""
        from mskg.ingest.agency_lists import role_label_pattern

        lines = self.lines
        nxt = next((lines[k] for k in range(ln.index + 1, len(lines)) if not lines[k].blank), None)
        return nxt is not None and role_label_pattern().match(self.view, nxt.cstart, nxt.end) is not None


def read(text: str, view: str | None = None) -> Document:
    """Read a text into the document model (body bounds are set by :meth:`Document.set_body`);
    ``view``, when the caller has it, is ``normalised(text)``."""
    view = normalised(text) if view is None else view
    lines = lines_of(text, view)
    doc = Document(text, view, lines, find_tables(text, view, lines))
    doc.body_end = len(text)
    return doc
