"""A validation outcome: the report graph and one readable record per result.

Each record names the rule (id and shape), the severity, the focus node with its label,
the path and value, the message in Chinese and in English, the document the focus node
comes from and the sentence of that document that the fact rests on, so an auditor can go
from a result to the text.

The report graph is rebuilt from the engine's report in a normal form that does not
depend on the engine: results are named by a hash of what they say (no blank nodes but
property paths), messages are language-tagged (pySHACL drops the tags of SHACL-SPARQL
messages), and an engine's generic messages are left out where the shape gives its own.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from mskg.ontology import MSKG, MSKGR
from mskg.severities import FAIL_ON, SEVERITY_ORDER
from mskg.shapes import SEVERITIES, rules

__all__ = ["FAIL_ON", "SEVERITY_ORDER", "ValidationOutcome", "ValidationResult", "outcome_from_report"]

RESULT_NS = "urn:mskg:validation:result:"
REPORT_IRI = URIRef("urn:mskg:validation:report")

_HAN = re.compile(r"[\u3400-\u9fff]")
_RULE_ID = re.compile(r"^\s*([A-Z]+(?:-[A-Z0-9]+)*-\d+)\b")
_SENTENCE_END = "。！？；\n"
_QUOTE_LIMIT = 160


@dataclass(frozen=True)
class ValidationResult:
    """One validation result, resolved for people."""

    severity: str  # violation | warning | info
    rule: str  # rule id, e.g. V-SPAN-05
    shape: URIRef
    focus: Node
    focus_label: str
    path: Node | None
    value: Node | None
    value_label: str
    message_zh: str
    message_en: str
    document: str | None  # file name of the focus node's document, when it has one
    subject: str | None  # for nodes without a document: "机构 Agency: …" / "地点 Place: …"
    quote: str | None  # the source sentence the focus rests on
    component: URIRef | None = None
    path_label: str = ""  # the path as a person reads it: mskg:quote, ^mskg:hasTarget
    rule_name: str = ""  # the shape's sh:name in Chinese and English, "引文与原文一致 · quote matches the text"
    iri: URIRef | None = None  # the result's node in the report graph (named by what it says)

    def sort_key(self) -> tuple:
        return (
            SEVERITY_ORDER.index(self.severity),
            self.rule,
            self.document or "",
            self.subject or "",
            self.focus_label,
            str(self.focus),
            self.value_label,
            str(self.value or ""),
        )


@dataclass
class ValidationOutcome:
    """The report graph and its results; the exit code follows severities, not sh:conforms."""

    report_graph: Graph
    results: list[ValidationResult]
    engine: str = "pyshacl"
    triples: int = 0  # size of the validated graph
    seconds: float = 0.0  # time the engine took
    shapes: int = 0  # number of rules applied
    documents_checked: int | None = None  # documents checked in this run, when results were reused
    documents_reused: int | None = None  # documents whose stored results were reused

    def counts(self) -> dict[str, int]:
        c = Counter(r.severity for r in self.results)
        return {s: c.get(s, 0) for s in SEVERITY_ORDER}

    def exceeds(self, fail_on: str) -> bool:
        """True when a result is at or above ``fail_on`` (violation|warning|info|never)."""
        if fail_on not in FAIL_ON:
            from mskg.errors import InputError

            raise InputError(f"--fail-on {fail_on!r}: choose one of {', '.join(FAIL_ON)}")
        if fail_on == "never":
            return False
        threshold = SEVERITY_ORDER.index(fail_on)
        return any(SEVERITY_ORDER.index(r.severity) <= threshold for r in self.results)

    @property
    def conforms(self) -> bool:
        return not self.results

    def by_rule(self) -> dict[str, int]:
        return dict(sorted(Counter(r.rule for r in self.results).items()))


def outcome_from_report(report: Graph, data: Graph, shapes: Graph, *, engine: str = "pyshacl") -> ValidationOutcome:
    """Normalise an engine's report and resolve each result against the data and shapes."""
    catalogue = rules(shapes)
    annotator = _Annotator(data)
    normal = report_graph_header()
    results: list[ValidationResult] = []
    # Top-level results only: sh:detail results of sh:node failures explain their parent.
    tops = set()
    for root in report.subjects(RDF.type, SH.ValidationReport):
        tops.update(report.objects(root, SH.result))
    for node in sorted(tops, key=str):
        shape = report.value(node, SH.sourceShape)
        severity = SEVERITIES.get(report.value(node, SH.resultSeverity), "violation")
        rule = catalogue.get(shape) if isinstance(shape, URIRef) else None
        messages = [m for m in report.objects(node, SH.resultMessage) if isinstance(m, Literal)]
        rule_id = rule.id if rule else _rule_from_messages(messages) or _local_name(shape)
        zh, en = _messages(messages, rule_id, shapes, shape)
        focus = report.value(node, SH.focusNode)
        path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        component = report.value(node, SH.sourceConstraintComponent)
        document, subject = annotator.document(focus)
        results.append(
            ValidationResult(
                severity=severity,
                rule=rule_id,
                shape=shape,
                focus=focus,
                focus_label=annotator.label(focus),
                path=path,
                value=value,
                value_label=annotator.label(value) if value is not None else "",
                message_zh=zh,
                message_en=en,
                document=document,
                subject=subject,
                quote=annotator.quote(focus, value),
                component=component,
                path_label=_path_label(report, path),
                rule_name=" · ".join(x for x in (rule.name_zh, rule.name_en) if x) if rule else "",
                iri=_add_result(normal, report, node, focus, path, value, shape, component, severity, zh, en),
            )
        )
    results.sort(key=ValidationResult.sort_key)
    normal.add((REPORT_IRI, RDF.type, SH.ValidationReport))
    normal.add((REPORT_IRI, SH.conforms, Literal(not results)))
    return ValidationOutcome(normal, results, engine=engine, shapes=len(catalogue))


def report_graph_header() -> Graph:
    """An empty report graph with the prefixes a report uses (and only those)."""
    normal = Graph(bind_namespaces="none")
    for prefix, namespace in (("sh", SH), ("rdf", RDF), ("xsd", XSD), ("mskg", MSKG), ("mskgr", MSKGR),
                              ("dcterms", DCTERMS), ("skos", SKOS), ("rdfs", RDFS)):
        normal.bind(prefix, namespace)
    return normal


def _add_result(out: Graph, report: Graph, node, focus, path, value, shape, component, severity, zh, en) -> URIRef:
    key = "\x1f".join(str(x) for x in (shape, component, focus, _path_key(report, path), value))
    iri = URIRef(RESULT_NS + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16])
    out.add((REPORT_IRI, SH.result, iri))
    out.add((iri, RDF.type, SH.ValidationResult))
    out.add((iri, SH.resultSeverity, {v: k for k, v in SEVERITIES.items()}.get(severity, SH.Violation)))
    for prop, term in ((SH.focusNode, focus), (SH.value, value), (SH.sourceShape, shape),
                       (SH.sourceConstraintComponent, component)):
        if term is not None:
            out.add((iri, prop, term))
    if path is not None:
        out.add((iri, SH.resultPath, copy_path(report, path, out)))
    constraint = report.value(node, SH.sourceConstraint)
    if isinstance(constraint, URIRef):
        out.add((iri, SH.sourceConstraint, constraint))
    if zh:
        out.add((iri, SH.resultMessage, Literal(zh, lang="zh")))
    if en:
        out.add((iri, SH.resultMessage, Literal(en, lang="en")))
    return iri


def copy_path(report: Graph, path: Node, out: Graph) -> Node:
    """Copy a (possibly blank-node) property path, or any blank-node structure, from
    ``report`` into ``out``; an IRI is returned as it is."""
    if not isinstance(path, BNode):
        return path
    copy = BNode()
    for p, o in report.predicate_objects(path):
        out.add((copy, p, copy_path(report, o, out)))
    return copy


def _path_key(report: Graph, path: Node | None) -> str:
    if path is None or not isinstance(path, BNode):
        return str(path)
    return "[" + ",".join(sorted(f"{p}={_path_key(report, o)}" for p, o in report.predicate_objects(path))) + "]"


def _path_label(report: Graph, path: Node | None) -> str:
    from mskg.results import display

    if path is None:
        return ""
    if not isinstance(path, BNode):
        return display(path)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_label(report, inverse)
    return "(" + " ".join(sorted(display(p) for p in report.predicates(path))) + ")"


def _rule_from_messages(messages: list[Literal]) -> str | None:
    for m in sorted(messages):
        match = _RULE_ID.match(str(m))
        if match:
            return match.group(1)
    return None


def _local_name(node: Node | None) -> str:
    text = str(node or "shape")
    return re.split(r"[#/:]", text)[-1] or text


def _messages(messages: list[Literal], rule_id: str, shapes: Graph, shape: Node | None) -> tuple[str, str]:
    """The Chinese and English messages: the shape's own (they begin with the rule id)
    before an engine's generic wording; language from the tag, else from the script."""
    own = [m for m in messages if str(m).lstrip().startswith(rule_id)]
    candidates = own or messages
    if not own and shape is not None:  # an engine may drop a shape's message: use the shape's
        shape_messages = [m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)]
        candidates = shape_messages or candidates
    zh = en = ""
    for m in sorted(candidates):
        lang = (m.language or "").lower()
        is_zh = lang.startswith("zh") if lang else _mostly_chinese(str(m), rule_id)
        if is_zh and not zh:
            zh = str(m)
        elif not is_zh and not en and (lang.startswith("en") or not lang):
            en = str(m)
    return zh, en


def _mostly_chinese(message: str, rule_id: str) -> bool:
    """An untagged message is Chinese when Han characters outnumber Latin letters
    (pySHACL drops the language tags of SHACL-SPARQL messages; substituted values
    may be Chinese names inside an English sentence)."""
    text = message.replace(rule_id, "", 1)
    han = len(_HAN.findall(text))
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return han > latin


class _Annotator:
    """Labels, documents and source sentences of nodes of the data graph."""

    def __init__(self, data: Graph):
        self.data = data
        self._texts: dict[Node, str] = {}

    def label(self, node: Node | None) -> str:
        if node is None:
            return ""
        if isinstance(node, Literal):
            return str(node)
        g = self.data
        for prop in (SKOS.prefLabel, RDFS.label, DCTERMS.title):
            for lang in ("zh", "en", ""):
                for value in sorted(g.objects(node, prop)):
                    if isinstance(value, Literal) and (value.language or "").lower().startswith(lang):
                        if lang or not value.language:
                            return str(value)
        quote = g.value(node, MSKG.quote)
        if quote is not None:
            return f"“{quote}”"
        return _short(node)

    def document(self, node: Node | None) -> tuple[str | None, str | None]:
        """(file name of the node's document, or None; else a subject line for agencies and places)."""
        g = self.data
        if node is None:
            return None, None
        doc = self._document_node(node)
        if doc is not None:
            name = g.value(doc, MSKG.fileName) or g.value(doc, DCTERMS.identifier)
            return (str(name) if name is not None else _short(doc)), None
        if (node, RDF.type, MSKG.Agency) in g:
            return None, f"机构 Agency: {self.label(node)}"
        if (node, RDF.type, MSKG.GeographicUnit) in g:
            return None, f"地点 Place: {self.label(node)}"
        return None, f"{self.label(node)}"

    def _document_node(self, node: Node) -> Node | None:
        g = self.data
        if (node, RDF.type, MSKG.Document) in g:
            return node
        for path in (
            (MSKG.inDocument,),
            (MSKG.sourceDocument,),
            (MSKG.plan, MSKG.sourceDocument),
        ):
            found = self._follow(node, path)
            if found is not None:
                return found
        for item in g.subjects(MSKG.hasResponsibility, node):
            found = self._follow(item, (MSKG.plan, MSKG.sourceDocument))
            if found is not None:
                return found
        return None

    def _follow(self, node: Node, path: tuple[URIRef, ...]) -> Node | None:
        current = node
        for prop in path:
            current = self.data.value(current, prop)
            if current is None:
                return None
        return current

    def quote(self, focus: Node | None, value: Node | None) -> str | None:
        """The sentence of the source text the focus node (or its link to the value) rests on."""
        g = self.data
        if focus is None:
            return None
        span = None
        if (focus, RDF.type, MSKG.Span) in g:
            span = focus
        if span is None and value is not None:
            # a qualified node that links the focus to the value and has evidence
            for qualified in sorted(g.objects(focus, MSKG.hasResponsibility), key=str):
                if (qualified, MSKG.agency, value) in g:
                    span = g.value(qualified, MSKG.evidence)
                    if span is not None:
                        break
        if span is None:
            spans = sorted(g.objects(focus, MSKG.titleEvidence), key=str) or sorted(g.objects(focus, MSKG.evidence), key=str)
            span = spans[0] if spans else None
        if span is None:
            return None
        return self._sentence(span)

    def _sentence(self, span: Node) -> str | None:
        g = self.data
        quote = g.value(span, MSKG.quote)
        doc = g.value(span, MSKG.inDocument)
        start, end = g.value(span, MSKG.start), g.value(span, MSKG.end)
        text = self._text(doc) if doc is not None else None
        try:
            s, e = int(start), int(end)
        except (TypeError, ValueError):
            s = e = -1
        if text is None or not (0 <= s <= e <= len(text)):
            return _clip(str(quote)) if quote is not None else None
        left = max((text.rfind(c, 0, s) for c in _SENTENCE_END), default=-1) + 1
        rights = [i for i in (text.find(c, e) for c in _SENTENCE_END) if i >= 0]
        right = min(rights) + 1 if rights else len(text)
        if e > s and text[e - 1] in _SENTENCE_END:  # a span that ends a sentence
            right = e
        sentence = text[left:right].strip()
        if len(sentence) > _QUOTE_LIMIT:  # keep the span, with context either side
            pad = max(0, (_QUOTE_LIMIT - (e - s)) // 2)
            a, b = max(left, s - pad), min(right, e + pad)
            sentence = ("…" if a > left else "") + text[a:b].strip() + ("…" if b < right else "")
        return _clip(sentence)

    def _text(self, doc: Node) -> str | None:
        if doc not in self._texts:
            text = self.data.value(doc, MSKG.fullText)
            self._texts[doc] = str(text) if text is not None else None
        return self._texts[doc]


def _clip(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= 2 * _QUOTE_LIMIT else text[: 2 * _QUOTE_LIMIT] + "…"


def _short(node: Node) -> str:
    from mskg.results import display

    return display(node)

