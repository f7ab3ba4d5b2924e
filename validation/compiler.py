"""SHACL shapes compiled to SPARQL: one whole-graph SELECT per constraint.

Each constraint of each shape becomes one query over the whole data graph whose rows are
the validation results: ``?this`` (focus node), ``?value`` when the result has a value,
and, for SHACL-SPARQL constraints, the other projected variables their messages name.
The focus nodes of a shape are selected inside the query (``sh:targetClass`` with the
``rdfs:subClassOf`` closure of the data graph, ``sh:targetNode``, ``sh:targetSubjectsOf``,
``sh:targetObjectsOf``; a property shape takes those of the node shapes that name it).

The results are the ones pySHACL gives, result for result (the reference engine; tests
compare the two on every shape case and on the corpus):

* value constraints (class, datatype, nodeKind, in, languageIn, minLength, pattern, the
  range constraints, ``sh:node``, ``sh:not``) give one result per failing value node;
* ``sh:minCount``, ``sh:maxCount`` and ``sh:qualifiedMinCount`` one per focus node,
  without a value; ``sh:uniqueLang`` one per duplicated language, without a value;
* ``sh:lessThan`` / ``sh:lessThanOrEquals`` one per failing pair, valued by the first;
* a SHACL-SPARQL constraint one per distinct solution: ``$this`` becomes a variable
  joined with the focus nodes in the query's own top-level group (the pre-bound value in
  every sub-pattern under SHACL's substitution), ``?value`` when bound, else the focus
  node for a node shape.

Anything else is refused with :class:`UnsupportedShape` naming the shape and the feature,
never skipped: a shape the compiler cannot run must not look like a shape that passed.

>>> from mskg.shapes import load_shapes
>>> plan = compile_shapes(load_shapes())
>>> len(plan) > 90
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from mskg.errors import InputError

__all__ = ["CompiledConstraint", "UnsupportedShape", "compile_shapes", "sparql_term"]

RDF_LANGSTRING = RDF.langString

# Shape predicates that carry no constraint (descriptions, structure, parameters read
# together with the constraint they belong to).
_DESCRIPTIVE = {
    RDF.type, SH.name, SH.description, SH.message, SH.severity, SH.order, SH.group,
    SH.defaultValue, SH.deactivated, SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
    SH.targetObjectsOf, SH.path, SH.property, SH.sparql, SH.qualifiedMinCount,
    SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint, SH.flags,
}
_OTHER_VOCABULARIES = ("http://www.w3.org/ns/shacl#",)

# Value tests: one result per value node that fails.
_VALUE_COMPONENTS = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
}
_PAIR_COMPONENTS = {SH.lessThan: (SH.LessThanConstraintComponent, "<"),
                    SH.lessThanOrEquals: (SH.LessThanOrEqualsConstraintComponent, "<=")}
_RANGE_OPERATORS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
# Datatypes whose lexical forms are checked (a cast of the lexical form must succeed, as
# rdflib must parse it for pySHACL): ill-typed literals fail sh:datatype.
_CASTABLE = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.date, XSD.dateTime, XSD.time}

_SUBCLASS_PATH = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
_PRE_BOUND = re.compile(r"\$(this|PATH|shapesGraph|currentShape)\b")
_FORBIDDEN_SPARQL = re.compile(r"\b(MINUS|SERVICE)\b", re.IGNORECASE)


class UnsupportedShape(InputError):
    """A shape uses a SHACL feature the SPARQL compiler does not implement."""

    def __init__(self, message: str):
        super().__init__(f"{message}; the oxigraph engine does not run it, validate with --engine pyshacl")


@dataclass(frozen=True)
class CompiledConstraint:
    """One constraint of one shape, as a whole-graph query and what its results say."""

    shape: Node  # sh:sourceShape
    component: URIRef  # sh:sourceConstraintComponent
    severity: URIRef
    query: str  # SELECT ?this [?value] [other variables]
    path: Node | None = None  # sh:resultPath (a node of the shapes graph) for property shapes
    source_constraint: Node | None = None  # the sh:SPARQLConstraint node
    messages: tuple[Literal, ...] = ()  # the shape's sh:message
    extra_messages: tuple[Literal, ...] = ()  # the SPARQL constraint's sh:message
    generic: str = ""  # the message of a shape that has no sh:message
    value_is_focus: bool = False  # a node shape's SPARQL constraint without ?value
    variables: tuple[str, ...] = field(default=())  # projected by a SPARQL constraint


def sparql_term(term: Node) -> str:
    """A term written for SPARQL text (IRIs of the shapes graph, literals escaped)."""
    if isinstance(term, URIRef):
        text = str(term)
        if any(c in text for c in '<>"{}|^`\\ ') or any(ord(c) < 0x21 for c in text):
            raise InputError(f"IRI {text!r} in the shapes cannot be written in SPARQL")
        return f"<{text}>"
    if isinstance(term, Literal):
        return term.n3()
    raise InputError(f"{term!r} cannot be written in a SPARQL query")


def compile_shapes(shapes: Graph) -> list[CompiledConstraint]:
    """Every constraint of every shape with focus nodes, compiled.

    Shapes reached only through ``sh:node``, ``sh:not`` or ``sh:qualifiedValueShape``
    are compiled into the conditions of the shapes that use them.

    :raises UnsupportedShape: a shape uses a feature the compiler does not run.
    """
    return _Compiler(shapes).compile()


class _Compiler:
    def __init__(self, shapes: Graph):
        self.g = shapes
        self.parents: dict[Node, list[Node]] = {}
        for parent, prop in shapes.subject_objects(SH.property):
            self.parents.setdefault(prop, []).append(parent)

    # -- shapes and their focus nodes --------------------------------------------------

    def shapes(self) -> list[Node]:
        g = self.g
        found = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
        for prop in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.path):
            found.update(g.subjects(prop, None))
        found.update(g.objects(None, SH.property))
        return sorted(found, key=lambda n: (isinstance(n, BNode), str(n)))

    def focus_pattern(self, shape: Node, seen: frozenset = frozenset()) -> str | None:
        """A group pattern binding ``?this`` to the focus nodes of ``shape`` (duplicates
        possible), or None when the shape has no focus nodes."""
        if shape in seen:
            raise UnsupportedShape(f"shape {_name(shape)}: sh:property cycle")
        g = self.g
        branches = []
        for cls in sorted(g.objects(shape, SH.targetClass), key=str):
            branches.append(f"?this {_SUBCLASS_PATH} {sparql_term(cls)} .")
        nodes = sorted(g.objects(shape, SH.targetNode), key=str)
        if nodes:
            branches.append("VALUES ?this { " + " ".join(sparql_term(n) for n in nodes) + " }")
        for prop in sorted(g.objects(shape, SH.targetSubjectsOf), key=str):
            branches.append(f"?this {sparql_term(prop)} ?_target .")
        for prop in sorted(g.objects(shape, SH.targetObjectsOf), key=str):
            branches.append(f"?_target {sparql_term(prop)} ?this .")
        if (shape, RDF.type, URIRef("http://www.w3.org/2000/01/rdf-schema#Class")) in g:
            raise UnsupportedShape(f"shape {_name(shape)}: implicit class targets (a shape that is an rdfs:Class)")
        for parent in self.parents.get(shape, []):
            inner = self.focus_pattern(parent, seen | {shape})
            if inner is not None:
                branches.append(inner)
        if not branches:
            return None
        return " UNION ".join("{ " + b + " }" for b in branches)

    # -- constraints -------------------------------------------------------------------

    def compile(self) -> list[CompiledConstraint]:
        out: list[CompiledConstraint] = []
        for shape in self.shapes():
            if self._deactivated(shape):
                continue
            focus = self.focus_pattern(shape)
            if focus is None:
                self.condition(shape, "?_check")  # refuses what could not run when used
                continue
            out.extend(self.compile_shape(shape, focus))
        return out

    def _deactivated(self, shape: Node) -> bool:
        value = self.g.value(shape, SH.deactivated)
        return isinstance(value, Literal) and value.toPython() is True

    def compile_shape(self, shape: Node, focus: str) -> list[CompiledConstraint]:
        g = self.g
        self._check_predicates(shape)
        path = g.value(shape, SH.path)
        severity = g.value(shape, SH.severity) or SH.Violation
        messages = tuple(sorted((m for m in g.objects(shape, SH.message) if isinstance(m, Literal)), key=str))
        base = dict(shape=shape, severity=severity, messages=messages, path=path)
        focus_select = f"{{ SELECT DISTINCT ?this WHERE {{ {focus} }} }}"
        if path is not None:
            p = self.path(path)
            values = f"{focus_select} ?this {p} ?value ."
        else:
            p = None
            values = f"{focus_select} BIND (?this AS ?value)"
        out = []
        for param, component in _VALUE_COMPONENTS.items():
            for arg in sorted(g.objects(shape, param), key=str):
                if param == SH["class"]:
                    # an anti-join with every instance of the class: one pass, not one look-up per value
                    query = (f"SELECT DISTINCT ?this ?value WHERE {{ {{ {values} }} "
                             f"MINUS {{ ?value {_SUBCLASS_PATH} {sparql_term(arg)} }} }}")
                else:
                    test = self.value_test(shape, param, arg, "?value")
                    query = f"SELECT DISTINCT ?this ?value WHERE {{ {values} FILTER (!({test})) }}"
                out.append(CompiledConstraint(component=component, generic=_generic(param, arg), query=query, **base))
        for param, (component, op) in _PAIR_COMPONENTS.items():
            for other in sorted(g.objects(shape, param), key=str):
                if p is None:
                    raise UnsupportedShape(f"shape {_name(shape)}: {_local(param)} on a node shape")
                left, right = _comparable("?value"), _comparable("?_other")
                out.append(CompiledConstraint(
                    component=component, generic=_generic(param, other),
                    query=(f"SELECT DISTINCT ?this ?value ?_other WHERE {{ {values} ?this {sparql_term(other)} ?_other . "
                           f"FILTER (!COALESCE({left} {op} {right}, false)) }}"),
                    **base))
        for count_param, component, op in ((SH.minCount, SH.MinCountConstraintComponent, "<"),
                                           (SH.maxCount, SH.MaxCountConstraintComponent, ">")):
            for n in g.objects(shape, count_param):
                if p is None:
                    raise UnsupportedShape(f"shape {_name(shape)}: {_local(count_param)} on a node shape")
                out.append(CompiledConstraint(component=component, generic=_generic(count_param, n),
                                              query=self._count_query(focus_select, p, _int(shape, n), op, None),
                                              **base))
        unique = g.value(shape, SH.uniqueLang)
        if unique is not None and unique.toPython() is True:
            if p is None:
                raise UnsupportedShape(f"shape {_name(shape)}: sh:uniqueLang on a node shape")
            out.append(CompiledConstraint(
                component=SH.UniqueLangConstraintComponent, generic=_generic(SH.uniqueLang, unique),
                query=(f"SELECT ?this ?_lang WHERE {{ {focus_select} {{ SELECT ?this ?_lang WHERE {{ "
                       f"?this {p} ?_v . FILTER (isLiteral(?_v) && LANG(?_v) != \"\") BIND (LCASE(LANG(?_v)) AS ?_lang) }} "
                       f"GROUP BY ?this ?_lang HAVING (COUNT(DISTINCT ?_v) > 1) }} }}"),
                **base))
        qualified = list(g.objects(shape, SH.qualifiedValueShape))
        if qualified:
            out.extend(self._qualified(shape, qualified, focus_select, p, base))
        for constraint in sorted(g.objects(shape, SH.sparql), key=str):
            out.append(self.sparql_constraint(shape, constraint, focus, path, base))
        return out

    def _check_predicates(self, shape: Node) -> None:
        known = set(_DESCRIPTIVE) | set(_VALUE_COMPONENTS) | set(_PAIR_COMPONENTS) | {
            SH.minCount, SH.maxCount, SH.uniqueLang, SH.qualifiedValueShape}
        for prop in set(self.g.predicates(shape, None)):
            if str(prop).startswith(_OTHER_VOCABULARIES) and prop not in known:
                raise UnsupportedShape(f"shape {_name(shape)}: {_local(prop)} is not supported by the SPARQL engine")

    def _count_query(self, focus_select: str, p: str, n: int, op: str, condition: str | None) -> str:
        cond = f" FILTER ({condition})" if condition else ""
        if op == "<" and n == 1:  # an anti-join: Oxigraph runs MINUS as one pass, NOT EXISTS per row
            return f"SELECT ?this WHERE {{ {focus_select} MINUS {{ ?this {p} ?_v .{cond} }} }}"
        if op == "<":
            return (f"SELECT ?this WHERE {{ {focus_select} OPTIONAL {{ SELECT ?this (COUNT(DISTINCT ?_v) AS ?_n) "
                    f"WHERE {{ ?this {p} ?_v .{cond} }} GROUP BY ?this }} FILTER (COALESCE(?_n, 0) < {n}) }}")
        return (f"SELECT ?this WHERE {{ {focus_select} {{ SELECT ?this WHERE {{ ?this {p} ?_v .{cond} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_v) > {n}) }} }}")

    def _qualified(self, shape, qualified, focus_select, p, base) -> list[CompiledConstraint]:
        g = self.g
        if len(qualified) > 1:
            raise UnsupportedShape(f"shape {_name(shape)}: several sh:qualifiedValueShape")
        disjoint = g.value(shape, SH.qualifiedValueShapesDisjoint)
        if disjoint is not None and disjoint.toPython() is True:
            raise UnsupportedShape(f"shape {_name(shape)}: sh:qualifiedValueShapesDisjoint")
        if p is None:
            raise UnsupportedShape(f"shape {_name(shape)}: sh:qualifiedValueShape on a node shape")
        condition = self.condition(qualified[0], "?_v")
        out = []
        for param, component, op in ((SH.qualifiedMinCount, SH.QualifiedMinCountConstraintComponent, "<"),
                                     (SH.qualifiedMaxCount, SH.QualifiedMaxCountConstraintComponent, ">")):
            for n in g.objects(shape, param):
                out.append(CompiledConstraint(component=component, generic=_generic(param, n, qualified[0]),
                                              query=self._count_query(focus_select, p, _int(shape, n), op, condition),
                                              **base))
        return out

    # -- conditions on one node --------------------------------------------------------

    def value_test(self, shape: Node, param: URIRef, arg: Node, v: str) -> str:
        """A SPARQL expression, true when the value node ``v`` satisfies the constraint."""
        g = self.g
        if param == SH["class"]:
            return f"EXISTS {{ {v} {_SUBCLASS_PATH} {sparql_term(arg)} }}"
        if param == SH.datatype:
            if arg == RDF_LANGSTRING:
                return f"(isLiteral({v}) && LANG({v}) != \"\")"
            test = f"(isLiteral({v}) && sameTerm(DATATYPE({v}), {sparql_term(arg)}) && LANG({v}) = \"\")"
            if arg in _CASTABLE:
                test = f"({test} && COALESCE(BOUND({v}) && isLiteral({sparql_term(arg)}(STR({v}))), false))"
            return test
        if param == SH.nodeKind:
            if arg not in _NODE_KINDS:
                raise UnsupportedShape(f"shape {_name(shape)}: sh:nodeKind {arg}")
            return _NODE_KINDS[arg].format(v=v)
        if param == SH["in"]:
            items = _list(g, shape, arg)
            return "(" + " || ".join(f"sameTerm({v}, {sparql_term(x)})" for x in items) + ")" if items else "false"
        if param == SH.languageIn:
            tags = [str(x) for x in _list(g, shape, arg)]
            matches = " || ".join(f"LANGMATCHES(LANG({v}), {Literal(t).n3()})" for t in tags) or "false"
            return f"(isLiteral({v}) && LANG({v}) != \"\" && ({matches}))"
        if param in (SH.minLength, SH.maxLength):
            op = ">=" if param == SH.minLength else "<="
            n = _int(shape, arg)
            if param == SH.minLength and n == 0:
                return "true"
            return f"(!isBlank({v}) && STRLEN(STR({v})) {op} {n})"
        if param == SH.pattern:
            flags = g.value(shape, SH.flags)
            flag_text = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            return f"(!isBlank({v}) && REGEX(STR({v}), {Literal(str(arg)).n3()}{flag_text}))"
        if param in _RANGE_OPERATORS:
            return f"COALESCE({v} {_RANGE_OPERATORS[param]} {sparql_term(arg)}, false)"
        if param == SH.node:
            return self.condition(arg, v)
        if param == SH["not"]:
            return f"!({self.condition(arg, v)})"
        raise UnsupportedShape(f"shape {_name(shape)}: {_local(param)}")  # pragma: no cover

    def condition(self, shape: Node, v: str, depth: int = 0) -> str:
        """A SPARQL expression, true when node ``v`` conforms to ``shape`` (used by
        sh:node, sh:not and sh:qualifiedValueShape)."""
        if depth > 8:
            raise UnsupportedShape(f"shape {_name(shape)}: shapes nested too deeply (recursive?)")
        g = self.g
        self._check_predicates(shape)
        if any(g.objects(shape, SH.sparql)):
            raise UnsupportedShape(f"shape {_name(shape)}: SHACL-SPARQL inside sh:node, sh:not or a qualified shape")
        for param in (SH.uniqueLang, SH.qualifiedValueShape, SH.lessThan, SH.lessThanOrEquals):
            if any(g.objects(shape, param)):
                raise UnsupportedShape(f"shape {_name(shape)}: {_local(param)} inside sh:node, sh:not or a qualified shape")
        path = g.value(shape, SH.path)
        parts = []
        inner = f"?_n{depth}"
        subject = v if path is None else inner
        for param in _VALUE_COMPONENTS:
            for arg in sorted(g.objects(shape, param), key=str):
                test = self.value_test(shape, param, arg, subject) if param not in (SH.node, SH["not"]) else (
                    self.condition(arg, subject, depth + 1) if param == SH.node
                    else f"!({self.condition(arg, subject, depth + 1)})")
                parts.append(test if path is None else
                             f"NOT EXISTS {{ {v} {self.path(path)} {inner} . FILTER (!({test})) }}")
        if path is not None:
            p = self.path(path)
            for n in g.objects(shape, SH.minCount):
                k = _int(shape, n)
                if k == 1:
                    parts.append(f"EXISTS {{ {v} {p} {inner} }}")
                elif k > 1:
                    raise UnsupportedShape(f"shape {_name(shape)}: sh:minCount {k} inside sh:node, sh:not or a qualified shape")
            for n in g.objects(shape, SH.maxCount):
                k = _int(shape, n)
                if k == 0:
                    parts.append(f"NOT EXISTS {{ {v} {p} {inner} }}")
                else:
                    raise UnsupportedShape(f"shape {_name(shape)}: sh:maxCount {k} inside sh:node, sh:not or a qualified shape")
        elif any(g.objects(shape, SH.minCount)) or any(g.objects(shape, SH.maxCount)):
            raise UnsupportedShape(f"shape {_name(shape)}: cardinality on a node shape")
        for prop in sorted(g.objects(shape, SH.property), key=str):
            parts.append(self.condition(prop, v, depth + 1))
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def path(self, path: Node) -> str:
        """A SHACL property path as a SPARQL property path."""
        g = self.g
        if isinstance(path, URIRef):
            return sparql_term(path)
        if (path, RDF.first, None) in g:
            items = list(Collection(g, path))
            if len(items) < 2:
                raise UnsupportedShape(f"a sequence path with {len(items)} member")
            return "(" + "/".join(self.path(x) for x in items) + ")"
        for prop, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                          (SH.zeroOrOnePath, "{}?")):
            inner = g.value(path, prop)
            if inner is not None:
                return "(" + fmt.format(self.path(inner)) + ")"
        alternatives = g.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(x) for x in Collection(g, alternatives)) + ")"
        raise UnsupportedShape(f"property path {path!r} is not a SHACL path")

    # -- SHACL-SPARQL ------------------------------------------------------------------

    def sparql_constraint(self, shape: Node, constraint: Node, focus: str, path: Node | None, base: dict) -> CompiledConstraint:
        g = self.g
        if self._deactivated(constraint):
            raise UnsupportedShape(f"shape {_name(shape)}: a deactivated SPARQL constraint")
        if any(g.objects(constraint, SH.ask)) or any(g.objects(constraint, SH.construct)):
            raise UnsupportedShape(f"shape {_name(shape)}: a SPARQL constraint that is not a SELECT")
        selects = list(g.objects(constraint, SH.select))
        if len(selects) != 1:
            raise UnsupportedShape(f"shape {_name(shape)}: a SPARQL constraint needs exactly one sh:select")
        text = str(selects[0])
        for match in _PRE_BOUND.finditer(text):
            if match.group(1) not in ("this", "PATH"):
                raise UnsupportedShape(f"shape {_name(shape)}: ${match.group(1)} in a SPARQL constraint")
        if _FORBIDDEN_SPARQL.search(_strip_strings(text)):
            raise UnsupportedShape(f"shape {_name(shape)}: MINUS or SERVICE in a SPARQL constraint")
        body = _strip_strings(text)
        if len(re.findall(r"\bSELECT\b", body, re.IGNORECASE)) != 1:
            raise UnsupportedShape(f"shape {_name(shape)}: a nested SELECT in a SPARQL constraint")
        if "$PATH" in text:
            if path is None:
                raise UnsupportedShape(f"shape {_name(shape)}: $PATH in the SPARQL constraint of a node shape")
            text = text.replace("$PATH", self.path(path))
        text = text.replace("$this", "?this")
        query = _with_focus(text, f"{{ SELECT DISTINCT ?this WHERE {{ {focus} }} }}", shape)
        prefixes = self._prefixes(constraint)
        query = exists_as_joins(prefixes + query)[len(prefixes):]
        extra = tuple(sorted((m for m in g.objects(constraint, SH.message) if isinstance(m, Literal)), key=str))
        variables = tuple(_projected(text))
        return CompiledConstraint(
            component=SH.SPARQLConstraintComponent,
            query=prefixes + query,
            source_constraint=constraint,
            extra_messages=extra,
            value_is_focus=path is None,
            variables=variables,
            **base,
        )

    def _prefixes(self, constraint: Node) -> str:
        g = self.g
        lines = []
        for source in g.objects(constraint, SH.prefixes):
            for decl in g.objects(source, SH.declare):
                prefix, namespace = g.value(decl, SH.prefix), g.value(decl, SH.namespace)
                if prefix is None or namespace is None:
                    raise UnsupportedShape(f"an sh:declare of {_name(source)} without sh:prefix or sh:namespace")
                lines.append(f"PREFIX {prefix}: {sparql_term(URIRef(str(namespace)))}")
        return "\n".join(sorted(set(lines))) + "\n"


def _with_focus(text: str, focus: str, shape: Node) -> str:
    """The SELECT with DISTINCT, ``?this`` projected, and the focus nodes joined in its
    top-level group."""
    stripped = _strip_strings(text)
    select = re.search(r"\bSELECT\b(\s+(DISTINCT|REDUCED)\b)?", stripped, re.IGNORECASE)
    if select is None:
        raise UnsupportedShape(f"shape {_name(shape)}: no SELECT in the SPARQL constraint")
    brace = stripped.find("{", select.end())
    if brace < 0:
        raise UnsupportedShape(f"shape {_name(shape)}: no WHERE group in the SPARQL constraint")
    projection = text[select.end():brace]
    projection = re.sub(r"\bWHERE\s*$", "", projection.strip(), flags=re.IGNORECASE).strip()
    if projection != "*" and not re.search(r"\?this\b", projection):
        projection = "?this " + projection
    return f"{text[:select.start()]}SELECT DISTINCT {projection} WHERE {{ {focus} {text[brace + 1:]}"


def _projected(text: str) -> list[str]:
    stripped = _strip_strings(text)
    select = re.search(r"\bSELECT\b(.*?)(\bWHERE\b|\{)", stripped, re.IGNORECASE | re.DOTALL)
    if select is None:
        return []
    names = re.findall(r"[?$](\w+)", select.group(1))
    return [n for n in dict.fromkeys(names)]


def _strip_strings(text: str) -> str:
    """The query text with string literals and comments blanked (same length); IRIs are
    kept (a ``#`` inside one starts no comment)."""
    pattern = re.compile(r'<[^<>"{}|^`\\\s]*>|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"'
                         r'|\'(?:\\.|[^\'\\\n])*\'|#[^\n]*')
    return pattern.sub(lambda m: m.group(0) if m.group(0).startswith("<") else " " * len(m.group(0)), text)


_GENERIC = {
    SH["class"]: "Value does not have class {0}",
    SH.datatype: "Value is not Literal with datatype {0}",
    SH.nodeKind: "Value is not of Node Kind {0}",
    SH["in"]: "Value is not in the list of sh:in",
    SH.languageIn: "The language of the value is not in the list of sh:languageIn",
    SH.minLength: "String length not >= {0}",
    SH.maxLength: "String length not <= {0}",
    SH.pattern: "Value does not match pattern '{0}'",
    SH.minInclusive: "Value is not >= {0}",
    SH.maxInclusive: "Value is not <= {0}",
    SH.minExclusive: "Value is not > {0}",
    SH.maxExclusive: "Value is not < {0}",
    SH.node: "Value does not conform to shape {0}",
    SH["not"]: "Value conforms to shape {0}, which it must not",
    SH.lessThan: "Value is not < the value of {0}",
    SH.lessThanOrEquals: "Value is not <= the value of {0}",
    SH.minCount: "Less than {0} values",
    SH.maxCount: "More than {0} values",
    SH.uniqueLang: "More than one string shares the same language",
    SH.qualifiedMinCount: "Less than {0} values conform to shape {1}",
    SH.qualifiedMaxCount: "More than {0} values conform to shape {1}",
}


def _generic(param: URIRef, arg: Node, other: Node | None = None) -> str:
    """An engine's own wording for a shape without sh:message (English, like pySHACL's)."""
    def text(term):
        return "" if term is None else str(term) if not isinstance(term, BNode) else "[blank node]"

    return _GENERIC[param].format(text(arg), text(other))


def _comparable(v: str) -> str:
    """A value as pySHACL compares it for sh:lessThan: IRIs and language-tagged strings by their text."""
    return f"IF(isIRI({v}) || (isLiteral({v}) && LANG({v}) != \"\"), STR({v}), {v})"


def _list(g: Graph, shape: Node, head: Node) -> list[Node]:
    try:
        return list(Collection(g, head))
    except Exception:  # noqa: BLE001 - a malformed RDF list
        raise UnsupportedShape(f"shape {_name(shape)}: a malformed RDF list") from None


def _int(shape: Node, n: Node) -> int:
    try:
        return int(n.toPython()) if isinstance(n, Literal) else int(str(n))
    except (TypeError, ValueError):
        raise UnsupportedShape(f"shape {_name(shape)}: {n!r} is not an integer") from None


def _local(iri: Node) -> str:
    text = str(iri)
    if text.startswith(str(SH)):
        return "sh:" + text[len(str(SH)):]
    return text


def _name(node: Node) -> str:
    return str(node) if isinstance(node, URIRef) else f"[blank node {node}]"


def supported(shapes: Graph) -> Iterable[str]:  # pragma: no cover - convenience for people
    """The shapes that compile (raises on the first that does not)."""
    return sorted({str(c.shape) for c in compile_shapes(shapes)})


# -- FILTER (NOT) EXISTS as MINUS or a join --------------------------------------------
#
# Oxigraph evaluates ``FILTER NOT EXISTS { P }`` once per solution, MINUS as one anti-join;
# over the whole graph the difference is a hundredfold (W-MEAS-01 at ten times the corpus:
# 12.7 s against 0.12 s). The two mean the same when P is plain triple patterns (no filter
# of its own that could read the outer solution), shares a variable with the group, and
# every variable it shares is bound in every solution of the group. Only then is a
# top-level ``FILTER NOT EXISTS`` rewritten, its MINUS placed at the end of the group where
# it sees the whole group as the filter did; ``FILTER EXISTS`` likewise becomes a join with
# the distinct bindings of the shared variables in P.

_EXISTS = re.compile(r"\bFILTER\s+(NOT\s+)?EXISTS\s*\{", re.IGNORECASE)


def exists_as_joins(query: str) -> str:
    """``query`` with each top-level ``FILTER NOT EXISTS`` / ``FILTER EXISTS`` that means
    the same as a MINUS / a join rewritten as one (see the comment above); any other
    query unchanged."""
    stripped = _strip_strings(query)
    select = re.search(r"\bSELECT\b", stripped, re.IGNORECASE)
    if select is None:
        return query
    open_at = stripped.find("{", select.end())
    close_at = _matching(stripped, open_at)
    if open_at < 0 or close_at < 0:
        return query
    prologue = query[:select.start()]
    kept, moved = [], []
    position = open_at + 1
    for match in _EXISTS.finditer(stripped, open_at + 1, close_at):
        if _depth(stripped, open_at, match.start()) != 1 or match.start() < position:
            continue
        inner_open = match.end() - 1
        inner_close = _matching(stripped, inner_open)
        pattern = query[inner_open + 1:inner_close]
        rest = query[open_at + 1:match.start()] + query[inner_close + 1:close_at]
        shared = _shared_if_same(prologue, pattern, rest)
        if shared:
            kept.append(query[position:match.start()])
            if match.group(1):  # NOT EXISTS: an anti-join
                moved.append(f" MINUS {{{pattern}}}")
            else:  # EXISTS: a join with the distinct shared bindings P has
                names = " ".join(f"?{v}" for v in sorted(shared))
                moved.append(f" {{ SELECT DISTINCT {names} WHERE {{{pattern}}} }}")
            position = inner_close + 1
    if not moved:
        return query
    kept.append(query[position:close_at])
    body = "".join(kept) + "".join(moved)
    return query[:open_at + 1] + body + query[close_at:]


def _shared_if_same(prologue: str, pattern: str, rest: str) -> set[str]:
    """The variables ``pattern`` shares with the group ``rest`` when its (NOT) EXISTS may be
    written as a MINUS or a join (see above); an empty set when it may not."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable

    try:
        inner = prepareQuery(f"{prologue} SELECT * WHERE {{{pattern}}}").algebra["p"]["p"]
        outer = prepareQuery(f"{prologue} SELECT * WHERE {{{rest}}}").algebra["p"]["p"]
    except Exception:  # noqa: BLE001 - anything rdflib cannot read stays as written
        return set()
    if inner.name != "BGP":
        return set()
    inner_vars = {t for triple in inner.triples for t in triple if isinstance(t, Variable)}
    mentioned = set(re.findall(r"[?$](\w+)", _strip_strings(rest)))
    shared = {v for v in inner_vars if str(v) in mentioned}
    return {str(v) for v in shared} if shared and shared <= _certain(outer) else set()


def _certain(node) -> set:
    """Variables bound in every solution of an rdflib algebra node (conservative)."""
    from rdflib import Literal as _Literal, URIRef as _URIRef
    from rdflib.term import Variable

    name = getattr(node, "name", "")
    if name == "BGP":
        return {t for triple in node.triples for t in triple if isinstance(t, Variable)}
    if name == "Join":
        return _certain(node.p1) | _certain(node.p2)
    if name in ("LeftJoin", "Minus"):
        return _certain(node.p1)
    if name == "Union":
        return _certain(node.p1) & _certain(node.p2)
    if name == "Extend":
        found = _certain(node.p)
        if isinstance(node.expr, (_URIRef, _Literal)):  # BIND of a constant always binds
            found = found | {node.var}
        return found
    if name == "Project":
        return _certain(node.p) & set(node.PV)
    if name in ("Filter", "Distinct", "Reduced", "ToMultiSet", "Slice", "OrderBy"):
        return _certain(node.p)
    return set()


def _matching(text: str, open_at: int) -> int:
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _depth(text: str, start: int, end: int) -> int:
    return text.count("{", start, end) - text.count("}", start, end)
