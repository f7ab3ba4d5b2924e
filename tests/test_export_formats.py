"""`mskg export`: every RDF format, the whole dataset, one plan or one graph, with or
without the ontology and the shapes; checked with independent parsers (raptor's
``rapper`` for the Turtle family, rdflib for JSON-LD)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tracemalloc

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from mskg.cli import main
from mskg.errors import InputError
from mskg.formats import RDF
from mskg.graph_store import export
from mskg.graph_store.export import ExportPart, export_dataset
from mskg.identifiers import ONTOLOGY_GRAPH, SCHEMES_GRAPH, SHAPES_GRAPH, document_graph

DOCUMENT = "000_e71d73c36a34a15e"
RAPPER_SYNTAX = {"turtle": "turtle", "ntriples": "ntriples", "nquads": "nquads", "trig": "trig"}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, build_store):
    from mskg.data import corpus_dir

    return build_store(tmp_path_factory.mktemp("exportstore") / "store", [corpus_dir() / f"{DOCUMENT}.txt"])


@pytest.fixture(scope="module")
def store(store_path):
    from mskg.graph_store import open_store

    with open_store(path=str(store_path)) as opened:
        yield opened


def graph_names(nquads: bytes) -> set[str]:
    return {q.graph_name.value for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)}


def rapper_count(data: bytes, syntax: str, tmp_path) -> int:
    """Statements rapper (raptor2, an independent parser) reads from ``data``."""
    if not shutil.which("rapper"):
        pytest.skip("rapper is not installed (raptor2-utils; scripts/system-deps.sh)")
    path = tmp_path / f"export.{syntax}"
    path.write_bytes(data)
    done = subprocess.run(["rapper", "-i", syntax, "-c", str(path), "https://w3id.org/mskg/"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr
    return int(done.stderr.split("returned")[1].split()[0])


@pytest.fixture(scope="module")
def statement_counts(store):
    """``statement_counts(part) -> (quads, distinct triples)`` of the part's N-Quads
    export, read by Oxigraph once per part for the module (each format's test compares
    rapper's count with it)."""
    found: dict[ExportPart, tuple[int, int]] = {}

    def counts(part: ExportPart) -> tuple[int, int]:
        if part not in found:
            quads = list(ox.parse(export_dataset(store, "nquads", part), format=ox.RdfFormat.N_QUADS))
            found[part] = len(quads), len({(q.subject, q.predicate, q.object) for q in quads})
        return found[part]

    return counts


@pytest.mark.parametrize("part", [ExportPart(), ExportPart(plan=DOCUMENT),
                                  ExportPart(plan=DOCUMENT, with_ontology=True, with_shapes=True)], ids=repr)
@pytest.mark.parametrize("fmt", sorted(RAPPER_SYNTAX))
def test_every_turtle_family_format_parses_with_rapper(store, statement_counts, tmp_path, fmt, part):
    data = export_dataset(store, fmt, part)
    quads, triples = statement_counts(part)
    expected = quads if RDF[fmt].keeps_graphs else triples
    assert rapper_count(data, RAPPER_SYNTAX[fmt], tmp_path) == expected


@pytest.mark.parametrize("part", [ExportPart(), ExportPart(plan=DOCUMENT, with_shapes=True)], ids=repr)
def test_jsonld_parses_with_rdflib_into_the_same_quads(store, part):
    dataset = rdflib.Dataset()
    dataset.parse(data=export_dataset(store, "jsonld", part), format="json-ld")
    reference = rdflib.Dataset()
    reference.parse(data=export_dataset(store, "nquads", part), format="nquads")
    assert len(dataset) == len(reference) > 0
    assert {str(c.identifier) for c in dataset.graphs() if len(c)} == {
        str(c.identifier) for c in reference.graphs() if len(c)}


@pytest.mark.parametrize("fmt", sorted(RDF.names))
def test_same_store_same_bytes(store, fmt):
    part = ExportPart(plan=DOCUMENT, with_shapes=True)
    assert export_dataset(store, fmt, part) == export_dataset(store, fmt, part)


@pytest.mark.parametrize("fmt", sorted(RDF.names))
def test_an_export_sorted_on_disk_in_many_runs_gives_the_same_bytes(store, fmt, monkeypatch):
    in_memory = export_dataset(store, fmt, ExportPart(with_shapes=True))  # one run: the store is small
    monkeypatch.setattr(export, "RUN_BYTES", 20_000)  # about a hundred runs, merged
    assert export_dataset(store, fmt, ExportPart(with_shapes=True)) == in_memory


@pytest.mark.parametrize("fmt", ["nquads", "ntriples"])
def test_the_export_is_the_canonical_quads_sorted_by_their_text(store, fmt, monkeypatch):
    # the definition the streaming export must keep: every quad (its graph merged away in
    # a triple format), blank nodes labelled by RDFC-1.0, each line once, in text order
    quads = list(store.oxigraph_store.quads_for_pattern(None, None, None, None))
    assert any(isinstance(q.object, ox.BlankNode) for q in quads)  # the ontology's lists
    if fmt == "ntriples":
        quads = [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads]
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    lines = sorted({f"{q} .\n" for q in dataset})
    monkeypatch.setattr(export, "RUN_BYTES", 50_000)
    assert export_dataset(store, fmt) == "".join(lines).encode("utf-8")


class _Counting(io.RawIOBase):
    def __init__(self) -> None:
        super().__init__()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.size += len(data)
        return len(data)


def _more_quads(n: int):
    """``n`` quads of a graph of their own, made as they are read (the test holds none)."""
    graph, label = ox.NamedNode(document_graph("generated")), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for i in range(n):
        yield ox.Quad(ox.NamedNode(f"https://w3id.org/mskg/id/generated/item-{i}"), label,
                      ox.Literal(f"第{i}项：生成的措施，用于测量导出的内存", language="zh"), graph)


@pytest.mark.parametrize("fmt", ["nquads", "turtle"])
def test_the_memory_an_export_holds_does_not_grow_with_the_store(store, fmt, monkeypatch):
    # Python's own allocations while exporting (tracemalloc: counted, not timed), with
    # sorted runs of 300 kB: the store, then the store with as much data again in a
    # graph of its own. The export that sorted in memory held every quad and its text.
    monkeypatch.setattr(export, "RUN_BYTES", 300_000)

    def measured() -> tuple[int, int]:
        sink = _Counting()
        tracemalloc.start()
        try:
            export_dataset(store, fmt, output=sink)
            return tracemalloc.get_traced_memory()[1], sink.size
        finally:
            tracemalloc.stop()

    peak, size = measured()
    store.add_quads(_more_quads(15_000))
    try:
        larger_peak, larger_size = measured()
    finally:
        store.drop_graph(document_graph("generated"))
    assert larger_size > 1.8 * size
    assert larger_peak < 1.3 * peak, (peak, larger_peak)


def test_one_plan_is_its_document_graph(store):
    assert graph_names(export_dataset(store, "nquads", ExportPart(plan=DOCUMENT))) == {document_graph(DOCUMENT)}
    with_vocabularies = graph_names(export_dataset(store, "nquads", ExportPart(DOCUMENT, with_ontology=True)))
    assert with_vocabularies == {document_graph(DOCUMENT), ONTOLOGY_GRAPH, SCHEMES_GRAPH}
    title_part = export_dataset(store, "nquads", ExportPart(plan="汶上县"))  # part of the plan's title
    assert title_part == export_dataset(store, "nquads", ExportPart(plan=DOCUMENT))


def test_whole_dataset_with_and_without_vocabularies(store):
    everything = graph_names(export_dataset(store, "nquads"))
    assert {ONTOLOGY_GRAPH, SCHEMES_GRAPH, document_graph(DOCUMENT)} <= everything
    assert any("/graph/inferred/" in g for g in everything)
    data_only = graph_names(export_dataset(store, "nquads", ExportPart(with_ontology=False)))
    assert data_only == everything - {ONTOLOGY_GRAPH, SCHEMES_GRAPH}
    assert export_dataset(store, "nquads") == store.dump("nquads")


def test_shapes_are_added_as_their_own_graph(store):
    data = export_dataset(store, "trig", ExportPart(graph=document_graph(DOCUMENT), with_shapes=True))
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format="trig")
    shapes = dataset.graph(rdflib.URIRef(SHAPES_GRAPH))
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert len(set(shapes.subjects(rdflib.RDF.type, sh.NodeShape))) >= 3
    assert SHAPES_GRAPH in graph_names(export_dataset(store, "nquads", ExportPart(with_shapes=True)))


def test_bad_selections_are_input_errors(store):
    with pytest.raises(InputError, match="not both"):
        export_dataset(store, "turtle", ExportPart(plan=DOCUMENT, graph=document_graph(DOCUMENT)))
    with pytest.raises(InputError, match="no named graph"):
        export_dataset(store, "turtle", ExportPart(graph="https://example.org/nothing"))
    with pytest.raises(InputError, match="no plan"):
        export_dataset(store, "turtle", ExportPart(plan="999_missing"))
    with pytest.raises(InputError, match="format"):
        export_dataset(store, "rdfxml")


def test_cli_export_of_one_plan_with_ontology_and_shapes(store_path, store, tmp_path):
    store.close()  # the embedded store takes one process at a time; last test of the module
    out = tmp_path / "plan.trig"
    result = CliRunner().invoke(main, ["--store", str(store_path), "export", "--plan", DOCUMENT, "--with-ontology",
                                       "--with-shapes", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert graph_names(ox.serialize(ox.parse(out.read_bytes(), format=ox.RdfFormat.TRIG),
                                    format=ox.RdfFormat.N_QUADS)) == {
        document_graph(DOCUMENT), ONTOLOGY_GRAPH, SCHEMES_GRAPH, SHAPES_GRAPH}
    both = CliRunner().invoke(main, ["--store", str(store_path), "export", "--plan", DOCUMENT, "--graph",
                                     document_graph(DOCUMENT)])
    assert both.exit_code == 2 and "not both" in both.output


def test_cli_export_that_fails_leaves_the_file_as_it_was(store_path, tmp_path):
    out = tmp_path / "kept.nq"
    out.write_bytes(b"before\n")
    failed = CliRunner().invoke(main, ["--store", str(store_path), "export", "--graph", "https://example.org/nothing",
                                       "-o", str(out)])
    assert failed.exit_code == 2 and "no named graph" in failed.output
    assert out.read_bytes() == b"before\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.nq"]  # no partial file left
    missing = CliRunner().invoke(main, ["--store", str(store_path), "export", "-o", str(tmp_path / "no" / "x.nq")])
    assert missing.exit_code == 2 and "cannot write" in missing.output
    done = CliRunner().invoke(main, ["--store", str(store_path), "export", "--plan", DOCUMENT, "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert out.read_bytes() != b"before\n" and sorted(p.name for p in tmp_path.iterdir()) == ["kept.nq"]
