"""Speed of the RDF mapper on the bundled corpus.

Run: ``.venv/bin/python bench/rdf_mapping.py``. Extracts every bundled document once
(not timed), then times ``extraction_to_graph`` per document and the Turtle
serialisation of the result. Goal: mapping well under 1 s per document and under
10 % of the extraction time, so the build is never waiting on it.
"""

from __future__ import annotations

import time
from pathlib import Path

from mskg.ingest import extract_file
from mskg.ingest.rdf import extraction_to_graph
from mskg.ontology import load_ontology, load_schemes

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def main() -> None:
    t0 = time.perf_counter()
    load_ontology(), load_schemes()
    print(f"ontology and schemes: {time.perf_counter() - t0:.2f} s")
    print(f"{'document':28} {'extract':>8} {'map':>8} {'turtle':>8} {'triples':>8}")
    for path in sorted(CORPUS.glob("*.txt")):
        t0 = time.perf_counter()
        ex = extract_file(path)
        t1 = time.perf_counter()
        graph = extraction_to_graph(ex)
        t2 = time.perf_counter()
        graph.serialize(format="turtle")
        t3 = time.perf_counter()
        print(f"{path.stem:28} {t1 - t0:8.2f} {t2 - t1:8.2f} {t3 - t2:8.2f} {len(graph):8d}")


if __name__ == "__main__":
    main()
