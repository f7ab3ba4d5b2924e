"""Time SHACL validation of the corpus graph and of graphs 10 and 100 times larger.

The larger graphs re-ingest the corpus under other plan identities: each document's
extraction is mapped to RDF again under document ids ``<id>-r1``, ``<id>-r2``, … so that
documents, plans, items, targets, responsibilities and spans are new nodes, while agencies,
places and the vocabularies are shared — as in a store holding many cities' plans.

Prints, per scale and engine, the triples validated, the seconds the engine took and the
result counts, and whether rudof's results equal pySHACL's.

    .venv/bin/python bench/validation.py                       # scales 1 and 10, both engines
    .venv/bin/python bench/validation.py --scales 1,10,100   # ×100 takes about an hour with pySHACL
    .venv/bin/python bench/validation.py --scales 100 --engines rudof
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from decimal import Decimal


def corpus_extractions():
    from mskg.data import corpus_files
    from mskg.ingest import extract_file

    return [extract_file(p) for p in corpus_files()]


def scaled_ntriples(extractions, scale: int) -> tuple[str, int]:
    """The ontology, the schemes and ``scale`` copies of the corpus as one N-Triples text,
    with its number of triples.

    Each copy is mapped and serialised on its own and the texts are joined: growing one
    rdflib graph to two million triples took longer than validating it. Copies share no
    blank nodes (the mapper mints none), so joining the texts is the union of the graphs.
    """
    from rdflib import Graph

    from mskg.ingest.rdf import extraction_to_graph
    from mskg.ontology import load_ontology, load_schemes

    vocabularies = Graph()
    vocabularies += load_ontology()
    vocabularies += load_schemes()
    chunks = [vocabularies.serialize(format="nt")]
    for copy in range(scale):
        for ex in extractions:
            doc = ex.document if copy == 0 else f"{ex.document}-r{copy}"
            chunks.append(extraction_to_graph(dataclasses.replace(ex, document=doc)).serialize(format="nt"))
    lines = sorted({line for chunk in chunks for line in chunk.splitlines() if line.strip()})
    return "\n".join(lines) + "\n", len(lines)


def result_keys(outcome) -> list[tuple]:
    from rdflib import Literal
    from rdflib.namespace import XSD

    keys = []
    for r in outcome.results:
        value = r.value
        if isinstance(value, Literal) and value.datatype == XSD.decimal:
            value = Decimal(str(value)).normalize()
        keys.append((r.rule, str(r.focus), r.path_label, str(value)))
    return sorted(keys)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10", help="comma-separated multiples of the corpus (default 1,10)")
    parser.add_argument("--engines", default="pyshacl,rudof", help="engines to time (default pyshacl,rudof)")
    parser.add_argument("--pyshacl-max", type=int, default=3_000_000,
                        help="skip pySHACL above this many triples (default 3000000)")
    args = parser.parse_args(argv)
    from rdflib import Graph

    from mskg.validation import validate_graph

    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    began = time.perf_counter()
    extractions = corpus_extractions()
    print(f"extracted {len(extractions)} documents in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    print(f"{'scale':>5}  {'triples':>9}  {'engine':<8}  {'seconds':>8}  {'violations':>10}  {'warnings':>8}  agrees")
    for scale in scales:
        began = time.perf_counter()
        text, triples = scaled_ntriples(extractions, scale)
        print(f"built ×{scale} ({triples} triples) in {time.perf_counter() - began:.1f} s", file=sys.stderr)
        keys = {}
        for engine in engines:
            if engine == "pyshacl" and triples > args.pyshacl_max:
                print(f"{scale:>5}  {triples:>9}  {engine:<8}  {'skipped':>8}  (above --pyshacl-max)")
                continue
            # rudof reads the N-Triples text itself; pySHACL needs an rdflib graph.
            graph = Graph().parse(data=text, format="nt") if engine == "pyshacl" else Graph()
            outcome = validate_graph(graph, engine=engine, ontology=False, ntriples=text)
            del graph
            keys[engine] = result_keys(outcome)
            counts = outcome.counts()
            agrees = ""
            if engine != "pyshacl" and "pyshacl" in keys:
                agrees = "yes" if keys[engine] == keys["pyshacl"] else "NO"
            print(f"{scale:>5}  {triples:>9}  {engine:<8}  {outcome.seconds:>8.1f}  "
                  f"{counts['violation']:>10}  {counts['warning']:>8}  {agrees}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
