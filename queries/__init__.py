"""Stored SPARQL queries: one ``.rq`` file per query, with a grlc-style header.

Each file is valid SPARQL on its own (its own PREFIX lines). Comment lines starting
with ``#+`` hold a YAML header::

    #+ summary:
    #+   zh: 哪些部门共同牵头某一领域的工作
    #+   en: Which agencies co-lead work in a domain
    #+ description: ...
    #+ tags: [agencies, roles]
    #+ defaults:
    #+   domain: elderly_care
    #+ questions:
    #+   - 哪些部门共同牵头养老工作
    #+   - which agencies co-lead elder-care work

Parameters are variables named ``?_name`` (required) or ``?__name`` (optional), with
an optional type suffix: ``?_year_integer``, ``?_place_iri``, ``?_text_string``,
``?_label_zh``. Values are checked against the type and bound as RDF terms by the
store (never pasted into the query text).

A parameter named after a kind of thing (``domain``, ``category``, ``indicator``,
``place``, ``agency``, ``plan``: :data:`mskg.queries.resolution.KINDS`) with no type
suffix is bound to the IRIs its value names, found once before the query runs
(:mod:`mskg.queries.resolution`); an unknown value is an error naming the nearest
ones. The same parameter may appear a second time with a type suffix to get the text
as typed as well (``?_indicator_string``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from importlib.resources import files

import yaml
from rdflib import XSD, Literal, URIRef

from mskg.errors import InputError
from mskg.queries.resolution import KINDS

TYPES = ("string", "iri", "integer", "decimal", "boolean", "date", "zh", "en")
_PARAM = re.compile(r"\?(__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")
#: libyaml's safe loader where PyYAML was built with it (the same documents, ten times faster)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_IRI_OK = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True)
class Parameter:
    name: str  # as given on the command line: domain, year, place
    variable: str  # the query variable without "?": _domain, __year_integer
    type: str  # one of TYPES, or a kind of KINDS (resolved to IRIs)
    required: bool
    default: str | None = None
    #: further variables of the same parameter with their types (``_indicator_string``)
    also: tuple[tuple[str, str], ...] = ()


@dataclass
class StoredQuery:
    name: str
    text: str
    summary: dict[str, str]
    description: str = ""
    tags: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)
    header: dict = field(default_factory=dict)

    def bindings(self, values: dict[str, str], resolve=None) -> dict[str, object]:
        """Check ``values`` (strings, by parameter name) and turn them into RDF terms.

        Defaults fill parameters not given; a required parameter with neither is an
        error, and so is a name the query does not declare. Parameters of a kind are
        bound to the list of IRIs ``resolve(kind, value)`` returns; without
        ``resolve`` they are only checked (not empty) and left out.

        :raises InputError: for an unknown name, a missing or empty value, a value of
            the wrong type, a value that names nothing.
        """
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise InputError(
                f"query {self.name!r} has no parameter {', '.join(unknown)}; "
                f"its parameters: {', '.join(known) or '(none)'}"
            )
        out: dict[str, object] = {}
        for p in self.parameters:
            raw = values.get(p.name, p.default)
            if raw is None:
                if p.required:
                    raise InputError(f"query {self.name!r} needs -p {p.name}=VALUE ({p.type})")
                continue
            if not str(raw).strip():
                raise InputError(f"parameter {p.name} of query {self.name!r} is empty; give a value")
            for variable, kind in ((p.variable, p.type), *p.also):
                if kind not in KINDS:
                    out[variable] = to_term(raw, kind, p.name)
                elif resolve is not None:
                    out[variable] = resolve(kind, str(raw))
        return out


def to_term(raw: str, kind: str, name: str = "value"):
    """A parameter value as an RDF term of the declared type.

    >>> to_term("2025", "integer")
    rdflib.term.Literal('2025', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    >>> to_term('x" } ; DROP ALL', "string").n3()
    '"x\\\\" } ; DROP ALL"'
    """
    raw = str(raw)
    if kind == "iri":
        if not _IRI_OK.match(raw):
            raise InputError(f"parameter {name}: {raw!r} is not an absolute IRI")
        return URIRef(raw)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", raw.strip()):
            raise InputError(f"parameter {name}: {raw!r} is not a whole number")
        return Literal(int(raw), datatype=XSD.integer)
    if kind == "decimal":
        try:
            return Literal(Decimal(raw.strip()), datatype=XSD.decimal)
        except InvalidOperation:
            raise InputError(f"parameter {name}: {raw!r} is not a number") from None
    if kind == "boolean":
        if raw.lower() not in ("true", "false"):
            raise InputError(f"parameter {name}: {raw!r} is not true or false")
        return Literal(raw.lower() == "true", datatype=XSD.boolean)
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise InputError(f"parameter {name}: {raw!r} is not a date YYYY-MM-DD")
        return Literal(raw, datatype=XSD.date)
    if kind in ("zh", "en"):
        return Literal(raw, lang=kind)
    return Literal(raw)


def parse(name: str, text: str) -> StoredQuery:
    """Parse one stored query file.

    :raises InputError: when the header is not YAML or lacks a summary.
    """
    header_lines = [ln[2:].removeprefix(" ") for ln in text.splitlines() if ln.startswith("#+")]
    try:
        header = yaml.load("\n".join(header_lines), Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as e:
        raise InputError(f"query {name}: its #+ header is not valid YAML ({e})") from None
    if not isinstance(header, dict) or "summary" not in header:
        raise InputError(f"query {name}: its #+ header has no summary")
    summary = header["summary"]
    if isinstance(summary, str):
        summary = {"en": summary}
    defaults = header.get("defaults") or {}
    if isinstance(defaults, list):  # grlc writes defaults as a list of one-key maps
        defaults = {k: v for d in defaults for k, v in d.items()}
    body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    params: dict[str, Parameter] = {}
    for m in _PARAM.finditer(body):
        optional = m.group(1) == "__"
        var = m.group(1) + m.group(2)
        parts = m.group(2).split("_")
        if len(parts) > 1 and parts[-1] in TYPES:
            kind, pname = parts[-1], "_".join(parts[:-1])
        else:
            pname = m.group(2)
            kind = pname if pname in KINDS else "string"
        default = defaults.get(pname)
        if pname in params:
            first = params[pname]
            if var != first.variable and (var, kind) not in first.also:
                if kind in KINDS:  # the kind is what the parameter takes: it leads
                    first = replace(first, variable=var, type=kind, also=((first.variable, first.type), *first.also))
                else:
                    first = replace(first, also=(*first.also, (var, kind)))
                params[pname] = first
            continue
        params[pname] = Parameter(pname, var, kind, required=not optional, default=None if default is None else str(default))
    return StoredQuery(
        name=name,
        text=text,
        summary={k: str(v) for k, v in summary.items()},
        description=str(header.get("description", "")).strip(),
        tags=list(header.get("tags") or []),
        questions=[str(q) for q in header.get("questions") or []],
        parameters=list(params.values()),
        header=header,
    )


def load_all() -> dict[str, StoredQuery]:
    """Every stored query shipped with mskg, by name (file stem), sorted."""
    return dict(_shipped())


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[str, StoredQuery]:
    # read once per process: `mskg ask` and every query run look them up (their YAML
    # headers took a tenth of a second to parse, twice per question)
    out = {}
    for ref in sorted(files("mskg.queries").iterdir(), key=lambda r: r.name):
        if ref.name.endswith(".rq"):
            name = ref.name[:-3]
            out[name] = parse(name, ref.read_text(encoding="utf-8"))
    return out


def get(name: str) -> StoredQuery:
    """One stored query by name.

    :raises InputError: naming the query and the known names when it does not exist.
    """
    queries = load_all()
    if name not in queries:
        raise InputError(f"no stored query {name!r}; see `mskg queries` ({', '.join(queries)})")
    return queries[name]


def run(store, name: str, values: dict[str, str] | None = None):
    """Run a stored query with checked, bound parameters; returns the store's QueryResult.

    :raises InputError: as :meth:`StoredQuery.bindings`, for a value that names nothing
        in ``store`` too, and when the query reads an inferred graph that a store holding
        documents lacks.
    """
    from mskg.inference import missing
    from mskg.queries.resolution import Resolver

    q = get(name)
    absent = missing(store, q.text)
    if absent:
        # its answer would be empty or short, not wrong-looking: say why instead
        raise InputError(
            f"query {name!r} reads the inferred graph {', '.join(absent)}, which this store lacks "
            "(loaded by an older mskg?); run `mskg ingest` on its documents again, or `mskg build`, "
            "to compute it"
        )
    return store.query(q.text, bindings=q.bindings(values or {}, Resolver(store)))


def parse_assignments(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["domain=elderly_care", "year=2025"]`` → ``{"domain": "elderly_care", "year": "2025"}``.

    >>> parse_assignments(["place=济宁", "text=a=b"])
    {'place': '济宁', 'text': 'a=b'}

    :raises InputError: for an item without ``=`` or with an empty name, or a name given twice.
    """
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(f"parameter {pair!r} is not KEY=VALUE (e.g. -p domain=elderly_care)")
        if name in out:
            raise InputError(f"parameter {name} is given twice")
        out[name] = value
    return out


def describe_parameter(p: Parameter) -> str:
    """One parameter for people: ``domain (string, default elderly_care)``."""
    detail = [p.type]
    if p.default is not None:
        detail.append(f"default {p.default}")
    elif not p.required:
        detail.append("optional")
    return f"{p.name} ({', '.join(detail)})"


def catalogue() -> tuple[list[str], list[tuple]]:
    """Every stored query as result rows (name, summaries, parameters) for ``mskg queries``."""
    variables = ["name", "summary_zh", "summary_en", "parameters"]
    rows = [
        tuple(
            Literal(v)
            for v in (
                q.name,
                q.summary.get("zh", ""),
                q.summary.get("en", ""),
                "; ".join(describe_parameter(p) for p in q.parameters),
            )
        )
        for q in load_all().values()
    ]
    return variables, rows
