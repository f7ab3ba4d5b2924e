"""RDF terms crossing the store interface: rdflib outside, pyoxigraph inside.

Every backend receives and returns rdflib terms. Internally terms are converted to
pyoxigraph terms, which validates them (an IRI with a space or a ``>`` in it is
rejected, a language tag is checked) and gives one normal form for all backends:
language tags in lower case, ``xsd:string`` literals as simple literals. The
N-Triples text of a pyoxigraph term (``str(term)``) is correctly escaped, so SPARQL
text built from it (remote writes, VALUES blocks) cannot be broken out of.

>>> from rdflib import Literal, URIRef
>>> str(to_oxigraph(Literal('say "}" ; DROP ALL', lang="ZH")))
'"say \\\\"}\\\\" ; DROP ALL"@zh'
>>> to_rdflib(to_oxigraph(URIRef("https://w3id.org/mskg/id/plan/x")))
rdflib.term.URIRef('https://w3id.org/mskg/id/plan/x')
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
import rdflib
from rdflib.term import BNode, Literal, Node, URIRef

from mskg.errors import InputError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def named_node(iri: str, *, what: str = "IRI") -> ox.NamedNode:
    """A validated IRI; InputError naming it when it is not a valid absolute IRI."""
    if not isinstance(iri, str):
        raise InputError(f"{what} must be a string IRI, not {type(iri).__name__}: {iri!r}")
    try:
        node = ox.NamedNode(iri)
    except ValueError as exc:
        raise InputError(f"invalid {what} {iri!r}: {exc}") from None
    if ":" not in iri:
        raise InputError(f"invalid {what} {iri!r}: not an absolute IRI")
    return node


def blank_node(label: str) -> ox.BlankNode:
    try:
        return ox.BlankNode(label)
    except ValueError:
        # rdflib allows any string as a blank node id; pyoxigraph does not. Derive a
        # valid label from it so that the same id always maps to the same node.
        return ox.BlankNode("b" + hashlib.sha1(label.encode("utf-8")).hexdigest())


def to_oxigraph(term: Node) -> OxTerm:
    """The pyoxigraph term for an rdflib term; InputError for anything else."""
    if isinstance(term, URIRef):
        return named_node(str(term))
    if isinstance(term, BNode):
        return blank_node(str(term))
    if isinstance(term, Literal):
        lexical = str(term)
        try:
            if term.language:
                return ox.Literal(lexical, language=term.language)
            if term.datatype is not None and str(term.datatype) != XSD_STRING:
                return ox.Literal(lexical, datatype=named_node(str(term.datatype), what="datatype IRI"))
            return ox.Literal(lexical)
        except ValueError as exc:
            raise InputError(f"invalid literal {term.n3()}: {exc}") from None
    raise InputError(
        f"expected an RDF term (rdflib URIRef, BNode or Literal), got {type(term).__name__}: {term!r}"
    )


def to_rdflib(term: OxTerm) -> Node:
    """The rdflib term for a pyoxigraph term (simple literals carry no datatype)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (XSD_STRING, RDF_LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise InputError(f"unsupported RDF term in a result (RDF-star triple terms are not supported): {term}")


def to_oxigraph_triple(triple: tuple[Node, Node, Node]) -> ox.Triple:
    """A validated pyoxigraph triple: IRI or blank-node subject, IRI predicate."""
    try:
        s, p, o = triple
    except (TypeError, ValueError):
        raise InputError(f"expected a (subject, predicate, object) triple, got {triple!r}") from None
    if not isinstance(s, (URIRef, BNode)):
        raise InputError(f"triple subject must be an IRI or a blank node, got {s!r}")
    if not isinstance(p, URIRef):
        raise InputError(f"triple predicate must be an IRI, got {p!r}")
    return ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))


def oxigraph_triples(triples: rdflib.Graph | Iterable[tuple[Node, Node, Node]]) -> Iterator[ox.Triple]:
    """Lazily convert (and validate) the triples given to ``replace_graph``.

    An rdflib Dataset or ConjunctiveGraph would silently merge its graphs: refuse it.
    """
    if isinstance(triples, (rdflib.Dataset, rdflib.ConjunctiveGraph)):
        raise InputError("replace_graph takes one graph (rdflib.Graph) or triples, not a dataset")
    if isinstance(triples, (str, bytes)):
        raise InputError("replace_graph takes rdflib triples, not text")
    for triple in triples:
        yield to_oxigraph_triple(triple)


def parsed_ntriples(pieces: Iterable[str]) -> Iterator[ox.Triple]:
    """The triples of N-Triples text given in pieces of whole lines, read by pyoxigraph.

    >>> [str(t.object) for t in parsed_ntriples(['<http://x/a> <http://x/p> "1" .\\n'])]
    ['"1"']
    """
    for piece in pieces:
        try:
            for quad in ox.parse(piece, format=ox.RdfFormat.N_TRIPLES):
                yield quad.triple
        except SyntaxError as exc:
            raise InputError(f"invalid N-Triples: {exc}") from None


def rdflib_triple(triple: ox.Triple) -> tuple[Node, Node, Node]:
    return (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
