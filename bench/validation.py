"""Time `mskg validate` on stores of 1, 10 and 40 times the corpus, with each engine.

Each scale is an embedded store on disk holding the ontology, the concept schemes and the
corpus re-mapped under other document ids (``<id>-r1``, ``<id>-r2``, …), one named graph per
document: documents, plans, items, targets, responsibilities and spans are new nodes, while
agencies, places and the vocabularies are shared — as in a store holding many cities' plans.

Every engine runs in a process of its own that opens the store, validates it as
``mskg validate`` does (``validate_store``) and writes the Turtle report. Printed per scale and engine: the triples validated, the seconds
the engine took, the whole process's seconds and peak memory (RSS), the result counts, and
whether the report graph is the same graph (isomorphic) as pySHACL's at that scale.

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
import json, sys, time
from mskg.graph_store import open_store
from mskg.validation import render, validate_store
began = time.perf_counter()
with open_store(path=sys.argv[1]) as store:
    outcome = validate_store(store, engine=sys.argv[2])
with open(sys.argv[3], "w", encoding="utf-8") as out:
    out.write(render(outcome, "turtle"))
# peak memory of this process: VmHWM starts afresh at exec, unlike ru_maxrss after a fork
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"engine_seconds": outcome.seconds, "triples": outcome.triples, "counts": outcome.counts(),
                  "seconds": time.perf_counter() - began, "peak_kb": peak}))
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
    from mskg.ingest.rdf import extraction_to_graph
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
            load(extraction_to_graph(dataclasses.replace(ex, document=doc)), document_graph(doc))
    store.optimize()
    store.flush()
    del store
    return quads


def run_engine(store: Path, engine: str, report: Path) -> dict:
    """One validation in a process of its own: its figures, wall time and peak memory."""
    began = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", CHILD, str(store), engine, str(report)],
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
    parser.add_argument("--engines", default="oxigraph,pyshacl", help="engines to time (default oxigraph,pyshacl)")
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
    print(f"{'scale':>5}  {'triples':>9}  {'engine':<9}  {'engine s':>8}  {'process s':>9}  {'peak MB':>7}  "
          f"{'violations':>10}  {'warnings':>8}  same report as pySHACL")
    work = Path(tempfile.mkdtemp(prefix="mskg-bench-validation-"))
    try:
        for scale in scales:
            store = work / f"x{scale}"
            began = time.perf_counter()
            quads = build_store(extractions, scale, store)
            print(f"built ×{scale} ({quads} quads) in {time.perf_counter() - began:.1f} s", file=sys.stderr)
            reports: dict[str, Path] = {}
            for engine in sorted(engines, key=lambda e: e != "pyshacl"):  # the reference first
                if engine == "pyshacl" and quads > args.pyshacl_max:
                    print(f"{scale:>5}  {quads:>9}  {engine:<9}  {'skipped':>8}  (above --pyshacl-max)", flush=True)
                    continue
                report = work / f"x{scale}-{engine}.ttl"
                f = run_engine(store, engine, report)
                reports[engine] = report
                same = ""
                if engine != "pyshacl" and "pyshacl" in reports:
                    a = Graph().parse(reports["pyshacl"], format="turtle")
                    b = Graph().parse(report, format="turtle")
                    same = "yes" if isomorphic(a, b) else "NO"
                counts = f["counts"]
                print(f"{scale:>5}  {f['triples']:>9}  {engine:<9}  {f['engine_seconds']:>8.1f}  {f['wall']:>9.1f}  "
                      f"{f['peak_mb']:>7.0f}  {counts['violation']:>10}  {counts['warning']:>8}  {same}", flush=True)
            shutil.rmtree(store, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
