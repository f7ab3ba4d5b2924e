"""What part of the graph a picture or an analysis is about, and reading it from the store.

A :class:`Selection` holds the ``--plan``, ``--domain`` and ``--place`` a user gave,
resolved by :func:`resolve` to IRIs (an unknown domain, an unknown or ambiguous place
or plan is an :class:`~mskg.errors.InputError` that names the value). Values reach
SPARQL only as bound RDF terms (``?_place`` for the look-up, then ``?__plan``,
``?__domain``, ``?__place`` as IRIs), never pasted into query text.

The network queries are ``sparql/*.rq`` files of this package, read with
:func:`query_text` and run with :func:`select`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from rdflib import Literal, URIRef
from rdflib.term import Node

from mskg.errors import InputError


@dataclass(frozen=True)
class Selection:
    """Filters of a picture or analysis, resolved to IRIs, with what the user typed.

    ``plan``, ``domain`` and ``place`` are IRIs (or None); ``labels`` keeps the values
    as given, for titles and reports.
    """

    plan: str | None = None
    domain: str | None = None
    place: str | None = None
    labels: tuple[tuple[str, str], ...] = ()

    def bindings(self) -> dict[str, Node]:
        """The optional query parameters of the network queries, as RDF terms."""
        out: dict[str, Node] = {}
        for name, value in (("__plan", self.plan), ("__domain", self.domain), ("__place", self.place)):
            if value:
                out[name] = URIRef(value)
        return out

    def describe(self) -> str:
        """A short human description, e.g. ``domain=elderly_care place=济宁市``."""
        return " ".join(f"{k}={v}" for k, v in self.labels) or "whole graph"


@dataclass(frozen=True)
class PlanInfo:
    """A plan in the store: its IRI, title, document id and named graph."""

    iri: str
    title: str
    document_id: str
    graph: str


@cache
def query_text(name: str) -> str:
    """The text of the network query ``sparql/<name>.rq``."""
    return (files("mskg.networks") / "sparql" / f"{name}.rq").read_text(encoding="utf-8")


def select(store, name: str, bindings: dict[str, Node] | None = None) -> list[dict[str, Node]]:
    """Run the network query ``name`` with ``bindings``; rows as dicts (unbound left out)."""
    return store.query(query_text(name), bindings=bindings or {}).as_dicts()


def plans(store) -> list[PlanInfo]:
    """Every plan in the store, sorted by IRI."""
    out: dict[str, PlanInfo] = {}
    for row in select(store, "plans"):
        iri = str(row["plan"])
        if iri in out:
            continue
        out[iri] = PlanInfo(
            iri=iri,
            title=str(row.get("title", "")),
            document_id=str(row.get("documentId", "")),
            graph=str(row["graph"]),
        )
    return [out[k] for k in sorted(out)]


def find_plan(store, value: str) -> PlanInfo:
    """The one plan that ``value`` names: a document id, the plan's, document's or named
    graph's IRI, or a part of its title.

    :raises InputError: no plan or several plans match.
    """
    value = value.strip()
    known = plans(store)
    if not known:
        raise InputError("the graph holds no plan; ingest documents first (mskg build or mskg ingest)")
    exact = [p for p in known if value in (p.iri, p.document_id, p.graph) or value == _document_iri(p)]
    if len(exact) == 1:
        return exact[0]
    partial = [p for p in known if value and value in p.title]
    if len(partial) == 1:
        return partial[0]
    choices = "; ".join(f"{p.document_id} ({p.title})" for p in (partial or known))
    if partial:
        raise InputError(f"--plan {value!r} matches several plans: {choices}")
    raise InputError(f"no plan {value!r} in the graph; give a document id, an IRI or a part of a title: {choices}")


def _document_iri(plan: PlanInfo) -> str:
    from mskg.identifiers import document_iri

    return document_iri(plan.document_id) if plan.document_id else ""


def find_domain(store, domain: str) -> str:
    """The IRI of the domain whose code or label (any case) is ``domain``.

    :raises InputError: ``domain`` is no code or label of the domain scheme.
    """
    rows = select(store, "domains")
    for row in rows:
        if str(row["name"]).lower() == domain.strip().lower():
            return str(row["domain"])
    codes = sorted({str(r["code"]) for r in rows})
    raise InputError(f"unknown domain {domain!r}; use a code or a label of the domain scheme: {', '.join(codes)}")


def find_place(store, place: str) -> str:
    """The IRI of the place whose name, short name or division code is ``place``.

    :raises InputError: no place or several places match.
    """
    rows = select(store, "places", {"_place": Literal(place.strip())})
    found = {str(r["place"]): str(r.get("label", r["place"])) for r in rows}
    if len(found) == 1:
        return next(iter(found))
    if not found:
        raise InputError(f"no place {place!r} in the graph; give a name (济宁市, 济宁) or a six-digit division code")
    choices = "; ".join(f"{label} ({iri})" for iri, label in sorted(found.items()))
    raise InputError(f"place {place!r} is ambiguous: {choices}; give the full name or the division code")


def check_inferences(store) -> None:
    """:raises InputError: the store lacks the inferred graphs the network queries read
    (roles inherited from sections, broader domains, enclosing places)."""
    from mskg.inference import INFERRED_GRAPH_PREFIX

    if not any(g.startswith(INFERRED_GRAPH_PREFIX) for g in store.graphs()):
        raise InputError(
            "the graph holds no inferred triples (inherited roles, broader domains, enclosing places); "
            "load it with `mskg build` or `mskg ingest`, which apply the inference rules"
        )


def resolve(store, *, plan: str | None = None, domain: str | None = None, place: str | None = None) -> Selection:
    """Check the store and the user's filters; resolve the filters to IRIs.

    :raises InputError: no inferred graphs in the store, an unknown or ambiguous filter.
    """
    check_inferences(store)
    labels = []
    plan_info = find_plan(store, plan) if plan else None
    if plan_info:
        labels.append(("plan", plan_info.document_id or plan_info.iri))
    if domain:
        labels.append(("domain", domain))
    if place:
        labels.append(("place", place))
    return Selection(
        plan=plan_info.iri if plan_info else None,
        domain=find_domain(store, domain) if domain else None,
        place=find_place(store, place) if place else None,
        labels=tuple(labels),
    )
