"""Time `mskg validate` on stores of 1, 10 and 40 times the corpus, with each engine.

Each scale is an embedded store on disk holding the ontology, the concept schemes and the
corpus re-mapped under other document ids (``<id>-r1``, ``<id>-r2``, …), one named graph per
document: documents, plans, items, targets, responsibilities and spans are new nodes, while
agencies, places and the vocabularies are shared — as in a store holding many cities' plans.

Every engine runs in a process of its own that opens the store, validates it as
``mskg validate`` does (``validate_store``) and writes the Turtle report. Printed per scale and engine: the triples validated, the seconds
the engine took, the whole process's seconds and peak memory (RSS), the result counts, and
whether the report graph is the same graph (isomorphic) as pySHACL's at that scale.
The oxigraph engine is then timed as ``mskg validate`` runs it on a store it validated
before: a first run that stores each document's results, a run that reuses them all, and,
after one document's graph is written again with other text, a run that checks that
document alone, each compared with a run over the whole graph.

    .venv/bin/python bench/validation.py                          # scales 1,10,40; pySHACL up to 300k triples
    .venv/bin/python bench/validation.py --scales 1 --engines oxigraph,pyshacl
    .venv/bin/python bench/validation.py --scales 40 --pyshacl-max 2000000   # pySHACL ×40 takes ~20 minutes
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, resource, sys, time
from mskg.graph_store import open_store
from mskg.validation import render, validate_store
began = time.perf_counter()
with open_store(path=sys.argv[1], read_only=True) as store:
    outcome = validate_store(store, engine=sys.argv[2], reuse=sys.argv[4] == "reuse")
with open(sys.argv[3], "w", encoding="utf-8") as out:
    out.write(render(outcome, "turtle"))
# peak memory of this process: VmHWM starts afresh at exec, unlike ru_maxrss after a fork
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"engine_seconds": outcome.seconds, "triples": outcome.triples, "counts": outcome.counts(),
                  "seconds": time.perf_counter() - began, "peak_kb": peak, "cpu": usage.ru_utime + usage.ru_stime,
                  "checked": outcome.documents_checked, "reused": outcome.documents_reused}))
"""


def corpus_extractions():
    from mskg.data import corpus_files
    from mskg.ingest import extract_file

    return [extract_file(p) for p in corpus_files()]


def build_store(extractions, scale: int, path: Path) -> int:
    """An embedded store at ``path`` with the vocabularies and ``scale`` copies of the corpus,
    one graph per document; returns the number of quads."""
    import pyoxigraph as ox

    from mskg.identifiers import ONTOLOGY_GRAPH, SCHEMES_GRAPH, document_graph
    from mskg.ontology import load_ontology, load_schemes

    store = ox.Store(str(path))
    quads = 0

    def load(graph, name: str) -> None:
        nonlocal quads
        text = graph.serialize(format="nt", encoding="utf-8")
        store.load(text, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
        quads += len(graph)

    load(load_ontology(), ONTOLOGY_GRAPH)
    load(load_schemes(), SCHEMES_GRAPH)
    for copy in range(scale):
        for ex in extractions:
            doc = ex.document if copy == 0 else f"{ex.document}-r{copy}"
            quads += write_document(store, dataclasses.replace(ex, document=doc))
    store.optimize()
    store.flush()
    del store
    return quads


def write_document(store, extraction) -> int:
    """Write one extraction's graph as the ingest writes it (with its content digest);
    returns the number of triples."""
    import pyoxigraph as ox

    from mskg.identifiers import document_graph
    from mskg.ingest.rdf import extraction_triples, ntriples
    from mskg.loading import with_content_digest

    graph = document_graph(extraction.document)
    triples = extraction_triples(extraction)
    text = "".join(with_content_digest(graph, [ntriples(triples)]))
    store.remove_graph(ox.NamedNode(graph)) if ox.NamedNode(graph) in store.named_graphs() else None
    store.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    return len(triples) + 1


def change_one_document(extractions, path: Path) -> str:
    """Replace the graph of the second corpus document by that of its text with the lead
    agencies of its first items left out (more results), as a new ingest of it would."""
    import pyoxigraph as ox

    from mskg.ingest import extract_text

    ex = extractions[1]
    text = ex.text.replace("牵头单位", "", 3)
    store = ox.Store(str(path))
    write_document(store, extract_text(text, document=ex.document, path=ex.path))
    store.flush()
    del store
    return ex.document


def run_engine(store: Path, engine: str, report: Path, *, reuse: bool = False) -> dict:
    """One validation in a process of its own: its figures, wall time and peak memory."""
    began = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", CHILD, str(store), engine, str(report),
                                "reuse" if reuse else "whole"],
                               stdout=subprocess.PIPE, text=True)
    status = process.wait()
    wall = time.perf_counter() - began
    out = process.stdout.read() if process.stdout else ""
    if status != 0:
        raise SystemExit(f"{engine} failed on {store} (status {status})")
    figures = json.loads(out.strip().splitlines()[-1])
    figures["wall"] = wall
    figures["peak_mb"] = figures["peak_kb"] / 1024
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,40", help="comma-separated multiples of the corpus (default 1,10,40)")
    parser.add_argument("--engines", default="oxigraph,pyshacl",
                        help="engines to time (default oxigraph,pyshacl); oxigraph is also timed reusing stored "
                             "results, before and after one document changes")
    parser.add_argument("--pyshacl-max", type=int, default=300_000,
                        help="skip pySHACL above this many triples (default 300000; ×40 takes it about 20 minutes)")
    args = parser.parse_args(argv)
    from rdflib import Graph
    from rdflib.compare import isomorphic

    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    began = time.perf_counter()
    extractions = corpus_extractions()
    print(f"extracted {len(extractions)} documents in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    print(f"{'scale':>5}  {'triples':>9}  {'engine':<34}  {'engine s':>8}  {'process s':>9}  {'CPU s':>6}  "
          f"{'peak MB':>7}  {'violations':>10}  {'warnings':>8}  same report as")
    work = Path(tempfile.mkdtemp(prefix="mskg-bench-validation-"))

    def same(a: Path, b: Path) -> str:
        return "yes" if isomorphic(Graph().parse(a, format="turtle"), Graph().parse(b, format="turtle")) else "NO"

    def show(scale: int, what: str, f: dict, compared: str) -> None:
        counts = f["counts"]
        print(f"{scale:>5}  {f['triples']:>9}  {what:<34}  {f['engine_seconds']:>8.1f}  {f['wall']:>9.1f}  "
              f"{f['cpu']:>6.1f}  {f['peak_mb']:>7.0f}  {counts['violation']:>10}  {counts['warning']:>8}  {compared}",
              flush=True)

    try:
        for scale in scales:
            store = work / f"x{scale}"
            began = time.perf_counter()
            quads = build_store(extractions, scale, store)
            print(f"built ×{scale} ({quads} quads) in {time.perf_counter() - began:.1f} s", file=sys.stderr)
            reports: dict[str, Path] = {}
            for engine in sorted(engines, key=lambda e: e != "pyshacl"):  # the reference first
                if engine == "pyshacl" and quads > args.pyshacl_max:
                    print(f"{scale:>5}  {quads:>9}  {engine:<34}  {'skipped':>8}  (above --pyshacl-max)", flush=True)
                    continue
                report = work / f"x{scale}-{engine}.ttl"
                f = run_engine(store, engine, report)
                reports[engine] = report
                compared = same(reports["pyshacl"], report) + " (pySHACL)" if engine != "pyshacl" and "pyshacl" in reports else ""
                show(scale, f"{engine}, whole graph" if engine == "oxigraph" else engine, f, compared)
            if "oxigraph" in engines:
                whole = reports["oxigraph"]
                for what in ("first run, results stored", "again, nothing changed"):
                    report = work / f"x{scale}-{what[:5]}.ttl"
                    f = run_engine(store, "oxigraph", report, reuse=True)
                    show(scale, f"oxigraph, {what}", f, same(whole, report) + " (whole graph)")
                changed = change_one_document(extractions, store)
                print(f"changed document {changed}", file=sys.stderr)
                report = work / f"x{scale}-changed.ttl"
                f = run_engine(store, "oxigraph", report, reuse=True)
                whole = work / f"x{scale}-changed-whole.ttl"
                g = run_engine(store, "oxigraph", whole)
                show(scale, f"oxigraph, 1 changed: {f['checked']} checked, {f['reused']} reused", f,
                     same(whole, report) + " (whole graph)")
                show(scale, "oxigraph, whole graph after the change", g, "")
            shutil.rmtree(store, ignore_errors=True)
            (store.parent / (store.name + ".validation.json")).unlink(missing_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
