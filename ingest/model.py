"""The extraction model: what ingest finds in one document, before it becomes RDF.

Every extractor fills these dataclasses; ``mskg.ingest.rdf`` turns them into
triples and ``mskg.evaluation`` scores them against gold annotations. Offsets are
Python string indices into ``Extraction.text`` (the document as read), and every
``Span.quote`` equals ``text[start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the document model imports the readers, which import this module
    from mskg.ingest.document import Document


@dataclass(frozen=True)
class Span:
    """A stretch of the source text: ``quote == text[start:end]``."""

    start: int
    end: int
    quote: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])


@dataclass
class Place:
    """A geographic unit named by a document (division or zone)."""

    name: str  # fullest printed form, e.g. 汶上县
    full: str  # full hierarchical name, e.g. 山东省济宁市汶上县
    level: str  # province | city | county | district | town | street | zone
    code: str | None = None  # six-digit GB/T 2260 code where the unit has one
    parent: str | None = None  # ``full`` of the enclosing unit
    aliases: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    english: str = ""  # English label, the same in every document (Wenshang County, Jining City, …)
    english_alternatives: list[str] = field(default_factory=list)


@dataclass
class Agency:
    """One real body (or a collective reference) as resolved from a printed form."""

    full: str  # formal full name in simplified characters, e.g. 汶上县民政局
    kind: str  # government | government_department | party | mass_organisation |
    #            public_institution | coordination_body | enterprise | collective
    level: str | None = None  # province | city | county | ... | collective | enterprise
    category: str | None = None  # functional category code, e.g. civil_affairs
    jurisdiction: str | None = None  # ``Place.full`` of the body's jurisdiction
    aliases: list[str] = field(default_factory=list)  # printed forms


@dataclass
class Responsibility:
    """An agency's role on an item, where the document prints it."""

    printed: str  # the agency as printed, e.g. 县民政局
    agency: Agency
    role: str  # lead | cooperating | responsible
    span: Span  # the printed agency name in the text


class ItemKind(StrEnum):
    """What an item of a plan is (values are the stable codes of the graph and the gold)."""

    GROUP = "group"  # a section: a chapter, a part, a category row
    MEASURE = "measure"
    SUB_MEASURE = "sub-measure"
    PROJECT = "project"  # an item of a 专栏 box


@dataclass
class Item:
    """A section (kind ``group``) or a measure (``measure``, ``sub-measure``, ``project``)."""

    key: str  # stable within the document, e.g. "s02", "s02.3", "box4.p1"
    kind: ItemKind  # a plain code ("measure") is taken as its kind
    number: str | None  # as printed, without a trailing 、
    title: str
    span: Span  # the whole item: heading and body
    title_span: Span
    parent: str | None = None  # key of the enclosing item
    domains: list[str] = field(default_factory=list)  # domain codes of the SKOS scheme
    responsibilities: list[Responsibility] = field(default_factory=list)
    source: str = ""  # what found it: a numbering style (ar, pcn, bullet◆ …), table-<layout>, paragraph

    def __post_init__(self) -> None:
        self.kind = ItemKind(self.kind)


@dataclass
class Target:
    """A quantity the plan commits to."""

    key: str  # stable within the document, e.g. "t014"
    item: str | None  # key of the item it belongs to
    subject: str  # what is measured, as printed (养老床位)
    value_text: str  # the number as printed (6400, 3.44万, 两)
    value: float  # the printed number as a number (3.44 for 3.44万个)
    unit: str  # unit as printed (张, 万个, %)
    comparator: str  # = | >= | > | <= | < | ~
    span: Span  # the statement of the target
    normalised_value: float | None = None  # multipliers applied: 34400 for 3.44万个
    normalised_unit: str | None = None  # 个
    value_max: float | None = None  # upper bound of a range
    year: int | None = None  # year printed in the governing clause
    effective_year: int | None = None  # stated, else list year, else plan end year
    baseline_value: float | None = None
    baseline_year: int | None = None
    place: str | None = None  # ``Place.full``
    indicator: str | None = None  # indicator code of the indicator scheme
    attribute: str | None = None  # binding (约束性) | expected (预期性)


@dataclass
class Plan:
    title: str
    kind: str  # action_plan | annual_list | five_year_plan | other
    issuer: str | None = None
    doc_number: str | None = None
    issued: str | None = None  # ISO date YYYY-MM-DD
    period: tuple[int, int] | None = None
    jurisdiction: str | None = None  # ``Place.full``
    span: Span | None = None  # the title as printed
    # Convention the document states for responsibility lists, if any:
    # first_lead | bold_lead | responsible_is_lead | None
    lead_convention: str | None = None


class NoticeKind(StrEnum):
    """What ingest warns about (each names the lines)."""

    NO_MEASURES = "no-measures"  # targets or units found, but no measure
    EMPTY_TITLE = "empty-title"  # a measure without a title
    ROW_MISFIT = "row-misfit"  # a table row whose cells do not fit the header
    UNKNOWN_HEADER = "unknown-header"  # a header word of no known column
    EMPTY_SPAN = "empty-span"  # a fact without source text, left out of the graph


@dataclass(frozen=True)
class Notice:
    """A warning about how a document was read, with the 1-based line it concerns."""

    kind: NoticeKind
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class Extraction:
    """All that ingest found in one document."""

    document: str  # document id (stable, ASCII): file stem
    path: str  # file name as read
    text: str
    plan: Plan
    items: list[Item] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    # every place the extraction refers to (printed, jurisdictions, enclosing units) by full name
    # (mskg.ingest.places.referenced_places)
    referenced_places: dict[str, Place] = field(default_factory=dict)
    source: "Document | None" = field(default=None, repr=False)  # the document model read

    def agencies(self) -> dict[str, Agency]:
        """Resolved agencies by full name, over all responsibilities."""
        out: dict[str, Agency] = {}
        for item in self.items:
            for r in item.responsibilities:
                out.setdefault(r.agency.full, r.agency)
        return out

    def printed_names(self) -> dict[str, str]:
        """Printed agency form → resolved full name (first resolution wins)."""
        out: dict[str, str] = {}
        for item in self.items:
            for r in item.responsibilities:
                out.setdefault(r.printed, r.agency.full)
        return out
