"""mskg.validation and `mskg validate` on small real graphs: outcomes, formats, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from mskg.cli import main
from mskg.errors import InputError
from mskg.ontology import MSKG
from mskg.validation import load_data, render, validate_graph, validate_store

CASES = Path(__file__).parent / "shapes_cases"
SPAN = URIRef("https://w3id.org/mskg/id/span/case/27-33")
TARGET = URIRef("https://w3id.org/mskg/id/target/case/t1")


def _base() -> Graph:
    return Graph().parse(CASES / "base.ttl", format="turtle")


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    """The base graph with a wrong quote (a violation) and a percentage of 6400 (a warning)."""
    g = _base()
    g.set((SPAN, MSKG.quote, Literal("发展养老事业")))
    g.set((TARGET, MSKG.unit, Literal("%")))
    path = tmp_path_factory.mktemp("data") / "broken.ttl"
    g.serialize(path, format="turtle")
    return path


def test_outcome_of_a_broken_graph(broken):
    outcome = validate_graph(load_data(broken))
    assert outcome.counts() == {"violation": 1, "warning": 1, "info": 0}
    assert [r.rule for r in outcome.results] == ["V-SPAN-05", "W-TGT-05"]
    quote = outcome.results[0]
    assert quote.focus == SPAN and quote.document == "case.txt"
    assert quote.message_zh.startswith("V-SPAN-05 引文") and "发展养老服务" in quote.message_zh
    assert quote.message_en.startswith("V-SPAN-05 The quote differs")
    assert quote.quote == "（一）发展养老服务"  # the sentence at the offsets, not the wrong quote
    percent = outcome.results[1]
    assert percent.severity == "warning" and percent.focus_label.startswith("养老床位")
    assert percent.quote == "到2025年，全县养老床位由2021年的5000张提高到6400张。"
    assert outcome.exceeds("violation") and outcome.exceeds("warning") and outcome.exceeds("info")
    assert not outcome.exceeds("never")


def test_exit_code_follows_severities_not_conforms(broken, tmp_path):
    warning_only = _base()
    warning_only.set((TARGET, MSKG.unit, Literal("%")))
    path = tmp_path / "warning.ttl"
    warning_only.serialize(path, format="turtle")
    runner = CliRunner()
    # sh:conforms is false, yet a warning does not fail the default --fail-on violation
    result = runner.invoke(main, ["validate", "--data", str(path)])
    assert result.exit_code == 0, result.output
    assert "W-TGT-05" in result.output
    assert runner.invoke(main, ["validate", "--data", str(path), "--fail-on", "warning"]).exit_code == 1
    assert runner.invoke(main, ["validate", "--data", str(broken)]).exit_code == 1
    assert runner.invoke(main, ["validate", "--data", str(broken), "--fail-on", "never"]).exit_code == 0


def test_text_format_shows_rule_messages_label_and_quote(broken):
    result = CliRunner().invoke(main, ["validate", "--data", str(broken), "--format", "text"])
    out = result.output
    assert "V-SPAN-05" in out
    assert "V-SPAN-05 引文与文件在该位置的文字“发展养老服务”不一致" in out
    assert "V-SPAN-05 The quote differs from the document's text at these offsets" in out
    assert "“发展养老事业”" in out  # the focus node's label (the span's quote)
    assert "原文 source: “（一）发展养老服务”" in out
    assert out.index("违反 VIOLATION") < out.index("警告 WARNING")
    assert "[case.txt]" in out


def test_machine_formats_are_the_report_graph(broken, tmp_path):
    runner = CliRunner()
    out = tmp_path / "report.ttl"
    assert runner.invoke(main, ["validate", "--data", str(broken), "-o", str(out)]).exit_code == 1
    report = Graph().parse(out, format="turtle")
    root = report.value(predicate=RDF.type, object=SH.ValidationReport)
    assert report.value(root, SH.conforms) == Literal(False)
    assert len(list(report.objects(root, SH.result))) == 2
    assert all(isinstance(r, URIRef) for r in report.objects(root, SH.result))  # no blank-node results
    messages = {m.language for m in report.objects(None, SH.resultMessage)}
    assert messages == {"zh", "en"}
    result = runner.invoke(main, ["validate", "--data", str(broken), "--format", "json"])
    data = json.loads(result.output)
    assert "引文" in result.output  # not \\u-escaped
    again = Graph().parse(data=json.dumps(data), format="json-ld")
    assert len(list(again.subjects(RDF.type, SH.ValidationResult))) == 2


def test_report_is_deterministic(broken):
    a = render(validate_graph(load_data(broken)), "turtle")
    b = render(validate_graph(load_data(broken)), "turtle")
    assert a == b


def test_table_format_has_one_row_per_result(broken):
    text = render(validate_graph(load_data(broken)), "table")
    lines = text.splitlines()
    assert lines[1].split()[:2] == ["severity", "rule"]
    assert sum(1 for line in lines if line.startswith(("violation", "warning"))) == 2


def test_user_mistakes_are_one_line_errors(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["validate", "--data", str(tmp_path / "missing.ttl")])
    assert missing.exit_code == 2 and "missing.ttl: cannot read" in missing.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <urn:x:> . x:a x:b", encoding="utf-8")
    result = runner.invoke(main, ["validate", "--data", str(bad)])
    assert result.exit_code == 2 and "bad.ttl: not valid RDF" in result.output
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("not turtle at all", encoding="utf-8")
    result = runner.invoke(main, ["validate", "--data", str(CASES / "base.ttl"), "--shapes", str(shapes)])
    assert result.exit_code == 2 and "shapes.ttl" in result.output
    assert "Traceback" not in result.output
    with pytest.raises(InputError, match="unknown validation engine"):
        validate_graph(Graph(), engine="jena")


def test_own_shapes_file(tmp_path):
    shapes = tmp_path / "mine.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix mskg: <https://w3id.org/mskg/ontology#> .\n"
        "<urn:x:DocNeedsNumber> a sh:PropertyShape ; sh:targetClass mskg:Plan ; sh:path mskg:issuerName ;\n"
        "  sh:minCount 1 ; sh:severity sh:Info ; sh:message \"X-1 no issuer\"@en .\n",
        encoding="utf-8",
    )
    outcome = validate_graph(_base(), shapes=[shapes])
    assert [(r.rule, r.severity, r.message_en) for r in outcome.results] == [("X-1", "info", "X-1 no issuer")]
    assert outcome.exceeds("info") and not outcome.exceeds("warning")


def test_validate_store_reads_the_asserted_graphs(store):
    """Every backend (embedded, in memory, remote servers on loopback): both engines read
    the document graphs, and give the same results."""
    from mskg.identifiers import document_graph
    from mskg.inference import materialise

    store.replace_graph(document_graph("case"), _base())
    assert validate_store(store).results == []
    broken = _base()
    broken.set((SPAN, MSKG.quote, Literal("发展养老事业")))
    store.replace_graph(document_graph("case"), broken)
    materialise(store)  # inferred graphs are left out
    for engine in ("oxigraph", "pyshacl"):
        outcome = validate_store(store, engine=engine)
        assert [r.rule for r in outcome.results] == ["V-SPAN-05"], (store.backend, engine)
        assert outcome.results[0].quote == "（一）发展养老服务"


def test_validate_command_on_a_store(tmp_path):
    from mskg.graph_store import open_store
    from mskg.identifiers import document_graph

    path = tmp_path / "store"
    with open_store(path=str(path)) as store:
        store.replace_graph(document_graph("case"), _base())
    result = CliRunner().invoke(main, ["--store", str(path), "validate", "--format", "text"])
    assert result.exit_code == 0, result.output
    assert "0 violations, 0 warnings" in result.output


def test_validate_command_refuses_a_store_without_documents(tmp_path):
    from mskg.graph_store import open_store
    from mskg.loading import load_vocabularies

    path = tmp_path / "store"
    with open_store(path=str(path)) as store:  # a store with the vocabularies and no document
        load_vocabularies(store)
    result = CliRunner().invoke(main, ["--store", str(path), "validate"])
    assert result.exit_code == 2
    assert f"{path} holds no document to validate" in result.output
    assert "Traceback" not in result.output
