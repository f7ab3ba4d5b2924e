"""Load, query and export timings of the three store backends on corpus-sized data.

    .venv/bin/python bench/store.py [DOCUMENTS...]      (default: the bundled corpus)
    .venv/bin/python bench/store.py --copies 20         (the corpus 20 times, as 20x as many documents)
    MSKG_ENDPOINT=… MSKG_UPDATE_ENDPOINT=… MSKG_USER=… MSKG_PASSWORD=… \
        .venv/bin/python bench/store.py --backends embedded,server   (a running server, e.g. Virtuoso)

Extracts the documents once, maps them to RDF, then for each backend (embedded on
disk in a temporary folder, in memory, remote against an `oxigraph serve` started on
loopback) times: the first load of the ontology, schemes and document graphs,
a reload (every graph replaced), the statistics queries, a query with a binding,
and exports in Turtle and N-Quads. Exported Turtle is checked with rapper when it
is installed.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from rdflib import Graph, URIRef

from mskg.graph_store import open_store, stats
from mskg.identifiers import ONTOLOGY_GRAPH, SCHEMES_GRAPH, document_graph
from mskg.ingest import document_paths, extract_file
from mskg.ingest.rdf import extraction_to_graph
from mskg.ontology import load_ontology, load_schemes

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"

BOUND_QUERY = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?s ?p ?o WHERE { ?s rdf:type ?class ; ?p ?o } ORDER BY ?s ?p ?o LIMIT 1000
"""


def rename(graph: Graph, copy: int) -> Graph:
    """The same document under another id: IRIs get a copy suffix."""
    if copy == 0:
        return graph
    out = Graph()
    suffix = f"-copy{copy}"

    def r(t):
        return URIRef(str(t) + suffix) if isinstance(t, URIRef) and "/id/" in str(t) else t

    for s, p, o in graph:
        out.add((r(s), p, r(o)))
    return out


@contextmanager
def oxigraph_server(location: Path):
    exe = Path(sys.executable).parent / "oxigraph"
    if not exe.exists():
        found = shutil.which("oxigraph")
        if not found:
            yield None
            return
        exe = Path(found)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [str(exe), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        yield base + "/query"
    finally:
        proc.kill()
        proc.wait()


def timed(label: str, fn, results: list):
    start = time.perf_counter()
    value = fn()
    results.append((label, time.perf_counter() - start))
    return value


def bench(name: str, store, graphs: dict[str, Graph], tmp: Path) -> None:
    results: list[tuple[str, float]] = []

    def load():
        for iri, graph in graphs.items():
            store.replace_graph(iri, graph)

    timed("first load", load, results)
    timed("reload (replace all)", load, results)
    figures = timed("stats()", lambda: stats(store), results)
    timed("typed-resource query", lambda: store.query(BOUND_QUERY), results)
    some_class = next(iter(figures["classes"]), None)
    if some_class:
        q = "SELECT ?s WHERE { ?s a ?class }"
        timed("query with a binding", lambda: store.query(q, bindings={"class": URIRef(some_class)}), results)
    turtle = timed("dump turtle", lambda: store.dump("turtle"), results)
    timed("dump nquads", lambda: store.dump("nquads"), results)
    rapper = ""
    if shutil.which("rapper"):
        path = tmp / f"{name}.ttl"
        path.write_bytes(turtle)
        done = subprocess.run(["rapper", "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
        rapper = "rapper: ok" if done.returncode == 0 else f"rapper FAILED: {done.stderr[-300:]}"
    print(f"\n{name}: {figures['graph_count']} graphs, {figures['triples']} triples; {rapper}")
    for label, seconds in results:
        print(f"  {label:<24} {seconds * 1000:9.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("documents", nargs="*", default=[str(CORPUS)])
    parser.add_argument("--copies", type=int, default=1, help="load each document this many times under new ids")
    parser.add_argument("--backends", default="embedded,memory,remote",
                        help="comma-separated: embedded, memory, remote (an oxigraph serve started here), "
                             "server (the running server named by MSKG_ENDPOINT and friends; its mskg graphs are replaced)")
    args = parser.parse_args()
    chosen = set(args.backends.split(","))

    start = time.perf_counter()
    extractions = [extract_file(p) for p in document_paths(args.documents)]
    extract_s = time.perf_counter() - start
    start = time.perf_counter()
    graphs: dict[str, Graph] = {ONTOLOGY_GRAPH: load_ontology(), SCHEMES_GRAPH: load_schemes()}
    for ex in extractions:
        graph = extraction_to_graph(ex)
        for copy in range(args.copies):
            graphs[document_graph(ex.document + (f"-copy{copy}" if copy else ""))] = rename(graph, copy)
    map_s = time.perf_counter() - start
    total = sum(len(g) for g in graphs.values())
    print(f"{len(extractions)} documents extracted in {extract_s:.2f} s, mapped in {map_s:.2f} s; "
          f"{len(graphs)} graphs, {total} triples to load")

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if "embedded" in chosen:
            with open_store(path=str(tmp / "store")) as store:
                bench("embedded", store, graphs, tmp)
        if "memory" in chosen:
            with open_store(memory=True) as store:
                bench("memory", store, graphs, tmp)
        if "remote" in chosen:
            with oxigraph_server(tmp / "server") as endpoint:
                if endpoint is None:
                    print("\nremote: skipped (no oxigraph binary; install the test extra)")
                else:
                    with open_store(endpoint=endpoint) as store:
                        bench("remote", store, graphs, tmp)
        if "server" in chosen:
            import os

            with open_store(endpoint=os.environ["MSKG_ENDPOINT"], update_endpoint=os.environ.get("MSKG_UPDATE_ENDPOINT"),
                            user=os.environ.get("MSKG_USER"), password=os.environ.get("MSKG_PASSWORD")) as store:
                for graph in store.graphs():
                    store.drop_graph(graph)
                print(f"\nserver: {os.environ['MSKG_ENDPOINT']}")
                bench("server", store, graphs, tmp)


if __name__ == "__main__":
    main()
