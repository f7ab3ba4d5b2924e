"""CPU time of the stored queries on the in-memory store (rdflib), with the corrections of
``graph_store/rdflib_sparql.py`` and as rdflib has them, measured in the same run,
interleaved, so the ratio holds on a shared machine.

    .venv/bin/python bench/memory_corrections.py                 (the bundled corpus)
    .venv/bin/python bench/memory_corrections.py --copies 4      (the corpus 4 times)
    .venv/bin/python bench/memory_corrections.py --queries co-leading-agencies,measure-count

Prints, per stored query run with its defaults (and the sample values below for required
parameters): rows and median CPU seconds with the corrections and without, and their ratio.
The rows differ only where rdflib's own answer is wrong (a grouped sub-select over nothing,
an OPTIONAL filter reading a VALUES variable).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from rdflib.plugins.sparql import CUSTOM_EVALS, prepareQuery

import mskg.graph_store.memory as memory_backend
from mskg.graph_store import open_store
from mskg.graph_store.rdflib_sparql import NAME, prepared
from mskg.loading import load_documents, load_vocabularies
from mskg.queries import load_all, run
from scale import copies  # bench/scale.py, beside this script: the corpus ×n under distinct names

#: values for the required parameters without a default (all name something in the corpus)
SAMPLE = {"agency": "济宁市民政局", "indicator": "护理型床位占比", "place": "济宁", "text": "老年人食堂"}


#: the corrected grouping, installed when the in-memory backend was imported
GROUPING = CUSTOM_EVALS[NAME]


def corrected(on: bool) -> None:
    """Switch the corrections on or off for the queries that follow."""
    if on:
        CUSTOM_EVALS[NAME] = GROUPING
        memory_backend.prepared = prepared
    else:
        CUSTOM_EVALS.pop(NAME, None)
        memory_backend.prepared = lambda text, namespaces: prepareQuery(text, initNs=namespaces)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=1, help="load the corpus this many times")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each query in each setting")
    parser.add_argument("--queries", help="comma-separated stored query names (default: all)")
    args = parser.parse_args()
    queries = load_all()
    names = args.queries.split(",") if args.queries else sorted(queries)
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(path=str(Path(tmp) / "store")) as embedded:
            load_vocabularies(embedded)
            load_documents(embedded, copies(Path(tmp) / "documents", args.copies))
            memory = open_store(memory=True)
            for graph in embedded.graphs():
                memory.replace_graph_text(graph, embedded.dump("ntriples", graph=graph).decode("utf-8"))
            (total,) = memory.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]
    print(f"in-memory store: {int(total):,} triples (corpus x{args.copies}); {args.rounds} rounds, CPU seconds, medians")
    print(f"{'query':28} {'rows':>7} {'corrected':>10} {'rdflib':>9} {'rows':>7} {'ratio':>6}")
    sums = {True: 0.0, False: 0.0}
    for name in names:
        params = {p.name: SAMPLE[p.name] for p in queries[name].parameters if p.required and p.default is None}
        times: dict[bool, list[float]] = {True: [], False: []}
        rows: dict[bool, int] = {}
        for _ in range(args.rounds):
            for on in (True, False):
                corrected(on)
                start = time.process_time()
                rows[on] = len(run(memory, name, params).rows)
                times[on].append(time.process_time() - start)
        corrected(True)
        on, off = statistics.median(times[True]), statistics.median(times[False])
        sums[True] += on
        sums[False] += off
        print(f"{name:28} {rows[True]:>7} {on:>10.3f} {off:>9.3f} {rows[False]:>7} {on / off:>6.2f}")
    print(f"{'all':28} {'':>7} {sums[True]:>10.3f} {sums[False]:>9.3f} {'':>7} {sums[True] / sums[False]:>6.2f}")


if __name__ == "__main__":
    main()
