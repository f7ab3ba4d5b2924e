"""Validation outcomes for people (text, table) and for programs (Turtle, JSON-LD).

``text`` groups the results by severity, then rule, then document (or agency or place
for nodes that belong to no document), and shows for each the focus node's label, the
value, the message in Chinese and English and the source sentence. ``table`` has one
row per result. ``turtle`` and ``json`` are the sh:ValidationReport graph itself.
"""

from __future__ import annotations

import json
from itertools import groupby

from rdflib import Literal

from mskg.formats import REPORTS
from mskg.validation.outcome import SEVERITY_ORDER, ValidationOutcome, ValidationResult

__all__ = ["FORMATS", "SUFFIXES", "render"]

FORMATS = REPORTS.names
SUFFIXES = REPORTS.suffixes

_SEVERITY_TITLE = {"violation": "违反 VIOLATION", "warning": "警告 WARNING", "info": "提示 INFO"}


def render(outcome: ValidationOutcome, fmt: str = "text") -> str:
    """``outcome`` as ``text``, ``table``, ``turtle`` or ``json`` (JSON-LD of the report)."""
    if fmt == "text":
        return _text(outcome)
    if fmt == "table":
        return _table(outcome)
    if fmt == "turtle":
        return outcome.report_graph.serialize(format="turtle")
    if fmt == "json":
        text = outcome.report_graph.serialize(format="json-ld", auto_compact=True, indent=2)
        return json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True)
    from mskg.errors import InputError

    raise InputError(f"unknown validation report format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def by_severity(counts: dict[str, int]) -> str:
    """The results by severity, most severe first: ``2 violations, 0 warnings, 1 info``."""
    return ", ".join(f"{counts.get(s, 0)} {s}{'' if counts.get(s, 0) == 1 else 's'}" for s in SEVERITY_ORDER)


def summary(outcome: ValidationOutcome) -> str:
    parts = by_severity(outcome.counts())
    reused = ""
    if outcome.documents_reused:
        checked = outcome.documents_checked or 0
        reused = (f"; {checked} changed document{'' if checked == 1 else 's'} checked, the stored results of "
                  f"{outcome.documents_reused} reused")
    return (
        f"SHACL validation ({outcome.engine}): {parts} — "
        f"{outcome.triples} triples, {outcome.shapes} rules, {outcome.seconds:.1f} s{reused}"
    )


def _text(outcome: ValidationOutcome) -> str:
    lines = [summary(outcome)]
    if not outcome.results:
        lines.append("The graph conforms to every rule. 图谱符合全部规则。")
        return "\n".join(lines)
    for severity, of_severity in groupby(outcome.results, key=lambda r: r.severity):
        of_severity = list(of_severity)
        lines.append("")
        lines.append(f"== {_SEVERITY_TITLE.get(severity, severity.upper())} ({len(of_severity)}) ==")
        for rule, of_rule in groupby(of_severity, key=lambda r: r.rule):
            of_rule = list(of_rule)
            lines.append("")
            lines.append(f"{rule}  {of_rule[0].rule_name}  ({len(of_rule)})")
            for where, of_place in groupby(of_rule, key=lambda r: r.document or r.subject or "—"):
                lines.append(f"  [{where}]")
                for result in of_place:
                    lines.extend(_result_lines(result))
    return "\n".join(lines)


def _result_lines(r: ValidationResult) -> list[str]:
    from mskg.results import display

    out = [f"    - {r.focus_label}  <{display(r.focus)}>"]
    if r.value is not None and r.value != r.focus:
        value = r.value_label if r.value_label else display(r.value)
        if not isinstance(r.value, Literal) and value != display(r.value):
            value += f"  <{display(r.value)}>"
        out.append(f"      值 value: {value}")
    if r.path_label:
        out.append(f"      属性 path: {r.path_label}")
    if r.message_zh:
        out.append(f"      {r.message_zh}")
    if r.message_en:
        out.append(f"      {r.message_en}")
    if r.quote:
        out.append(f"      原文 source: “{r.quote}”")
    return out


def _table(outcome: ValidationOutcome) -> str:
    from mskg.results import display, render as render_rows

    columns = ["severity", "rule", "document", "focus", "value", "message_zh", "message_en", "quote"]
    rows = [
        tuple(
            Literal(x)
            for x in (
                r.severity,
                r.rule,
                r.document or r.subject or "",
                r.focus_label,
                r.value_label or (display(r.value) if r.value is not None else ""),
                r.message_zh,
                r.message_en,
                r.quote or "",
            )
        )
        for r in outcome.results
    ]
    return summary(outcome) + "\n" + render_rows(columns, rows, "table")
