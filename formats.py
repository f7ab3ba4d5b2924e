"""Every file format mskg reads or writes, with its suffixes and media type: one table.

The library renders and parses by these names, the command line offers them as
``-f/--format`` choices and infers them from ``-o``'s extension, and ``mskg serve``
answers with their media types; nobody keeps a suffix map of their own.

Each family is what one kind of output can be written as (RDF, query results, a
validation report, a picture…); a format's first suffix is the one mskg writes, the
others are accepted when reading or naming an output file.

>>> RDF.for_output("plan.trig")
'trig'
>>> RESULTS.for_output(None, default="csv")
'csv'
>>> RDF["jsonld"].media_type
'application/ld+json'
>>> PICTURES.for_output("net.pdf")
Traceback (most recent call last):
...
mskg.errors.InputError: net.pdf: unknown output extension '.pdf'; name the file with one of .dot, .gexf, .graphml, .gv, .htm, .html, .png, .svg, or give the format with --format
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from mskg.errors import InputError

__all__ = [
    "ANALYSIS",
    "DOCUMENTS",
    "Format",
    "Formats",
    "PICTURES",
    "RDF",
    "RDF_INPUT",
    "READING",
    "REPORTS",
    "RESULTS",
    "SCORES",
]


@dataclass(frozen=True)
class Format:
    """One format: its name (a ``--format`` choice), file suffixes and media type."""

    name: str
    suffixes: tuple[str, ...]
    media_type: str = "text/plain"
    rdflib: str | None = None  # rdflib's parser/serializer name, for RDF
    keeps_graphs: bool = False  # RDF: a dataset format (named graphs kept)
    binary: bool = False

    @property
    def extension(self) -> str:
        """The suffix mskg writes."""
        return self.suffixes[0]


class Formats:
    """The formats of one family, in the order they are offered; the first is the default."""

    def __init__(self, what: str, *formats: Format):
        self.what = what
        self._formats = {f.name: f for f in formats}

    def __iter__(self) -> Iterator[Format]:
        return iter(self._formats.values())

    def __contains__(self, name: object) -> bool:
        return name in self._formats

    def __getitem__(self, name: str) -> Format:
        try:
            return self._formats[name]
        except KeyError:
            raise InputError(f"unknown {self.what} format {name!r}; choose one of: {', '.join(self.names)}") from None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._formats)

    @property
    def default(self) -> str:
        return next(iter(self._formats))

    @property
    def suffixes(self) -> dict[str, str]:
        """Format name by suffix (lower case, with the dot)."""
        return {s: f.name for f in self for s in f.suffixes}

    def for_suffix(self, path: str | PurePath) -> str | None:
        """The format a file name's extension implies, or None."""
        return self.suffixes.get(PurePath(path).suffix.lower())

    def for_output(self, output: str | PurePath | None, given: str | None = None, *,
                   default: str | None = None) -> str:
        """The format to write: ``given``, else the one ``output``'s extension names, else
        ``default`` (the family's first).

        :raises InputError: ``output`` has an extension that is no format of the family.
        """
        if given:
            return self[given].name
        if output is not None and PurePath(output).suffix:
            name = self.for_suffix(output)
            if name is None:
                raise InputError(f"{output}: unknown output extension {PurePath(output).suffix!r}; name the file "
                                 f"with one of {', '.join(sorted(self.suffixes))}, or give the format with --format")
            return name
        return default or self.default

    def only(self, *names: str) -> Formats:
        """The family restricted to ``names`` (in this family's order)."""
        return Formats(self.what, *(f for f in self if f.name in names))


#: RDF that mskg writes (``mskg export``) and reads.
RDF = Formats(
    "RDF",
    Format("turtle", (".ttl",), "text/turtle", "turtle"),
    Format("ntriples", (".nt",), "application/n-triples", "nt"),
    Format("nquads", (".nq",), "application/n-quads", "nquads", keeps_graphs=True),
    Format("trig", (".trig",), "application/trig", "trig", keeps_graphs=True),
    Format("jsonld", (".jsonld", ".json"), "application/ld+json", "json-ld", keeps_graphs=True),
)

#: RDF that mskg reads but does not write (data to validate, shapes files).
RDF_INPUT = Formats(
    "RDF",
    *RDF,
    Format("rdfxml", (".rdf", ".owl", ".xml"), "application/rdf+xml", "xml"),
    Format("n3", (".n3",), "text/n3", "n3"),
)

# formats that several families share
_TEXT = Format("text", (".txt",))
_TABLE = Format("table", (".txt",))
_MARKDOWN_TABLE = Format("table", (".md",), "text/markdown")
_CSV = Format("csv", (".csv",), "text/csv")
_JSON = Format("json", (".json",), "application/json")

#: Rows of a query (``mskg query``, ``ask``, ``sparql``, ``queries``, ``stats``); csv, tsv
#: and json are the SPARQL 1.1 Query Results formats.
RESULTS = Formats(
    "result",
    _TABLE,
    _CSV,
    Format("tsv", (".tsv",), "text/tab-separated-values"),
    Format("json", (".json",), "application/sparql-results+json"),
    Format("markdown", (".md",), "text/markdown"),
)

#: A SHACL validation report (``mskg validate``): turtle and json are the report graph.
REPORTS = Formats(
    "validation report",
    _TEXT,
    _MARKDOWN_TABLE,
    RDF["turtle"],
    Format("json", (".json", ".jsonld"), "application/ld+json", "json-ld"),
)

#: Pictures of the graph (``mskg viz``).
PICTURES = Formats(
    "picture",
    Format("html", (".html", ".htm"), "text/html"),
    Format("svg", (".svg",), "image/svg+xml"),
    Format("png", (".png",), "image/png", binary=True),
    Format("dot", (".dot", ".gv"), "text/vnd.graphviz"),
    Format("gexf", (".gexf",), "application/xml"),
    Format("graphml", (".graphml",), "application/xml"),
)

#: Central and bridging agencies (``mskg analyze``).
ANALYSIS = Formats("analysis", _TABLE, _CSV, _JSON)

#: How a document is read (``mskg inspect``).
READING = Formats("reading", _TEXT, _JSON)

#: Extraction scores (``mskg eval``).
SCORES = Formats("score", _TABLE, _JSON)

#: Policy documents to ingest (a folder is read for these).
DOCUMENTS = Formats(
    "document",
    Format("text", (".txt", ".text")),
)
