"""The command-line contract: help with examples, exit codes, clean errors, data on stdout."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from mskg.cli import main

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
DOC = CORPUS / "000_e71d73c36a34a15e.txt"


def run(*args, env=None, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env, input=input, catch_exceptions=False)


def commands():
    return sorted(main.commands)


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_with_an_example(name):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output, f"`mskg {name} --help` shows no example"


@pytest.mark.parametrize("name", commands())
def test_every_command_is_documented_in_the_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"mskg {name}" in readme, f"README does not document `mskg {name}`"


def test_ingest_then_stats_and_sparql(tmp_path):
    store = tmp_path / "kg"
    result = run("--store", store, "ingest", DOC)
    assert result.exit_code == 0, result.output
    assert "000_e71d73c36a34a15e" in result.output
    stats = run("--store", store, "stats", "--format", "json")
    data = json.loads(stats.output)
    assert "https://w3id.org/mskg/graph/document/000_e71d73c36a34a15e" in data["graphs"]
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    res = run("--store", store, "sparql", q, "--format", "json")
    assert res.exit_code == 0
    n = int(json.loads(res.output)["results"]["bindings"][0]["n"]["value"])
    assert n == sum(data["graphs"].values())


def test_reingest_yields_the_same_triples(corpus_store_copy):
    # the corpus store was loaded by the library; the command must store the same
    store = corpus_store_copy
    first = run("--store", store, "export", "--format", "nquads").output
    assert run("--store", store, "ingest", DOC).exit_code == 0
    assert run("--store", store, "export", "--format", "nquads").output == first


def test_export_turtle_parses_and_infers_format_from_suffix(corpus_store_copy, tmp_path):
    out = tmp_path / "all.ttl"
    assert run("--store", corpus_store_copy, "export", "-o", out).exit_code == 0
    g = Graph().parse(out, format="turtle")
    assert len(g) > 0


def test_missing_file_is_a_clean_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "kg"), "ingest", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "nope.txt" in result.output and "no such file" in result.output
    assert "Traceback" not in result.output


def test_failed_ingest_keeps_what_was_stored(corpus_store_copy, tmp_path):
    store = corpus_store_copy
    before = run("--store", store, "export", "--format", "nquads").output
    binary = tmp_path / "broken.txt"
    binary.write_bytes(b"\x00\x01\x02garbage")
    result = CliRunner().invoke(main, ["--store", str(store), "ingest", str(DOC), str(binary)])
    assert result.exit_code == 2
    assert "broken.txt" in result.output
    assert run("--store", store, "export", "--format", "nquads").output == before


def test_a_document_without_measures_is_stored_with_a_warning(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("会议通知\n请各单位于本周五前报送材料。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "kg"), "ingest", str(DOC), str(note)])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [f"mskg: warning: {note}: no measure or section found; is it a policy document "
                        "of the genre (numbered measures, 牵头/配合 agencies, targets)? `mskg inspect` shows "
                        "how it was read"]


def test_malformed_sparql_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "kg"), "sparql", "SELECT WHERE {"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_endpoint_exits_3():
    url = f"http://127.0.0.1:{_closed_port()}/query"
    result = CliRunner().invoke(main, ["--endpoint", url, "sparql", "ASK {}"])
    assert result.exit_code == 3
    assert url in result.output


def test_password_is_not_an_option():
    assert "--password" not in run("--help").output
