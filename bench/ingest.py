"""Cold start and throughput of ingest on the bundled corpus.

    .venv/bin/python bench/ingest.py                 (cache as it is: the usual start)
    .venv/bin/python bench/ingest.py --empty-cache   (first run on a machine: the cache
                                                      files are built in a temporary folder)
    .venv/bin/python bench/ingest.py --runs 3        (three fresh processes, best and worst)

Each run is a fresh Python process that imports ``mskg.ingest`` and extracts the
first document (cold start: imports, datasets, lexicons, tokenizer, resolvers), then
extracts every document of the corpus once more (warm) and reports characters per
second. Times are wall-clock (``time.perf_counter``); the CPU time of the process
(``time.process_time``) is printed beside them, since a loaded machine stretches the
wall clock but not the CPU time.

A document without line breaks (a web page flattened to one line) is made from the
corpus with its line breaks removed, repeated to 0.25, 0.5 and 1 MB of UTF-8
(``--flat-sizes``); its times must grow in proportion to its size: a step that rescans
the line for every quantity once took 325 s for the 1 MB document.

Goals: a cold start under 3 s wall on an idle machine with the cache in place; warm
extraction over 100,000 characters per second; the 1 MB document without line breaks
under 30 s, at most about twice the time of the 0.5 MB one.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mskg.data import corpus_files


def flat_document(texts: list[str], size: int) -> str:
    """The texts with their line breaks removed, repeated to ``size`` bytes of UTF-8.
    Each text is cut where the reader ends its body (:meth:`Document.set_body`: the print
    colophon 抄送：…, a web page's footer): one such line left inside would end the flat
    document there and leave the rest unread."""
    from mskg.ingest.document import read  # here, not at the top: the child times the import

    def body(text: str) -> str:
        document = read(text)
        document.set_body(0)
        return text[: document.body_end]

    bodies = (body(t) for t in texts)
    one = "".join(t.replace("\r", "").replace("\n", "") for t in bodies)
    out = one * (size // len(one.encode("utf-8")) + 1)
    return out.encode("utf-8")[:size].decode("utf-8", "ignore")


def child(paths: list[str], flat_sizes: list[float]) -> dict:
    """Run in the fresh process: time the import, the first document, then all."""
    wall, cpu = time.perf_counter(), time.process_time()
    from mskg.ingest import extract_text, read_document

    texts = [(Path(p).stem, read_document(p)) for p in paths]
    imported = (time.perf_counter() - wall, time.process_time() - cpu)
    name, text = texts[0]
    t, c = time.perf_counter(), time.process_time()
    extract_text(text, document=name)
    first = (time.perf_counter() - t, time.process_time() - c)
    docs = []
    for name, text in texts:
        t, c = time.perf_counter(), time.process_time()
        ex = extract_text(text, document=name)
        docs.append({"document": name, "chars": len(text), "items": len(ex.items),
                     "wall": time.perf_counter() - t, "cpu": time.process_time() - c})
    flat = []
    for mb in flat_sizes:
        text = flat_document([t for _, t in texts], int(mb * 1_000_000))
        t, c = time.perf_counter(), time.process_time()
        ex = extract_text(text, document="flat")
        flat.append({"mb": mb, "chars": len(text), "items": len(ex.items), "targets": len(ex.targets),
                     "wall": time.perf_counter() - t, "cpu": time.process_time() - c})
    return {"import": imported, "first": first, "first_document": texts[0][0],
            "first_chars": len(texts[0][1]), "docs": docs, "flat": flat}


def run_fresh(paths: list[Path], env: dict[str, str], flat_sizes: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", f"--flat-sizes={flat_sizes}", *map(str, paths)],
        env=env, check=True, capture_output=True, text=True,
    )
    if out.stderr.strip():
        print(out.stderr.strip(), file=sys.stderr)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("documents", nargs="*", type=Path, help="default: the bundled corpus")
    parser.add_argument("--runs", type=int, default=1, help="fresh processes to time")
    parser.add_argument("--empty-cache", action="store_true",
                        help="start each run with an empty cache folder ($MSKG_CACHE_DIR)")
    parser.add_argument("--flat-sizes", default="0.25,0.5,1",
                        help="sizes in MB of the document without line breaks (empty: none)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sizes = [float(x) for x in args.flat_sizes.split(",") if x.strip()]
        print(json.dumps(child([str(p) for p in args.documents], sizes)))
        return
    paths = args.documents or corpus_files()
    results = []
    for _ in range(args.runs):
        env = dict(os.environ)
        with tempfile.TemporaryDirectory(prefix="mskg-bench-cache-") as tmp:
            if args.empty_cache:
                env["MSKG_CACHE_DIR"] = tmp
            results.append(run_fresh(paths, env, args.flat_sizes))
    cache = "empty cache" if args.empty_cache else "cache in place"
    print(f"cold start ({cache}), first document {results[0]['first_document']} "
          f"({results[0]['first_chars']:,} chars):")
    for i, r in enumerate(results, 1):
        (iw, ic), (fw, fc) = r["import"], r["first"]
        print(f"  run {i}: import {iw:6.2f} s (cpu {ic:5.2f})  first extraction {fw:6.2f} s "
              f"(cpu {fc:5.2f})  total {iw + fw:6.2f} s (cpu {ic + fc:5.2f})")
    best = min(results, key=lambda r: r["import"][0] + r["first"][0])
    print("warm, per document (best run):")
    for d in best["docs"]:
        print(f"  {d['document']:32} {d['chars']:>9,} chars {d['items']:>5} items "
              f"{d['wall']:7.3f} s (cpu {d['cpu']:6.3f})  {d['chars'] / d['wall']:>10,.0f} chars/s")
    chars = sum(d["chars"] for d in best["docs"])
    wall = sum(d["wall"] for d in best["docs"])
    cpu = sum(d["cpu"] for d in best["docs"])
    print(f"  {'all':32} {chars:>9,} chars {'':>11} {wall:7.3f} s (cpu {cpu:6.3f})  "
          f"{chars / wall:>10,.0f} chars/s (cpu {chars / cpu:,.0f} chars/s)")
    if best["flat"]:
        print("the corpus without line breaks (best run; time should grow with the size):")
        base = best["flat"][0]
        for d in best["flat"]:
            print(f"  {d['mb']:5.2f} MB {d['chars']:>9,} chars {d['items']:>5} items {d['targets']:>5} targets "
                  f"{d['wall']:7.2f} s (cpu {d['cpu']:6.2f})  ×{d['wall'] / base['wall']:4.1f} time "
                  f"for ×{d['chars'] / base['chars']:4.1f} size")


if __name__ == "__main__":
    main()
