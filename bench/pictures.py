"""Time of every picture kind in every format, and of the analysis, on a store.

    .venv/bin/python bench/pictures.py --store .mskg/store      (after `mskg build`)
    .venv/bin/python bench/pictures.py --store /tmp/kg --domain elderly_care

Each picture is made twice (the first run warms the query engine and the font cache)
and the second time is printed with the size of the output. Goal: every picture of
the bundled corpus in under 5 s, the HTML pages and the analysis in under 3 s.
"""

from __future__ import annotations

import argparse
import time

from mskg.graph_store import open_store
from mskg.networks import FORMATS, analyze, find_plan, picture
from mskg.networks.selection import plans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=".mskg/store", help="embedded store folder")
    parser.add_argument("--domain", help="filter the agencies network and the analysis")
    args = parser.parse_args()
    with open_store(path=args.store) as store:
        known = plans(store)
        if not known:
            raise SystemExit(f"{args.store}: no plan in the store; run `mskg build` first")
        plan = find_plan(store, known[0].iri).document_id
        jobs = [("agencies", {"domain": args.domain}), ("plan", {"plan": plan}), ("coverage", {})]
        print(f"{'picture':<10} {'format':<8} {'seconds':>8} {'bytes':>10}")
        for kind, options in jobs:
            for fmt in FORMATS:
                picture(store, kind, fmt, **options)
                start = time.perf_counter()
                data = picture(store, kind, fmt, **options)
                print(f"{kind:<10} {fmt:<8} {time.perf_counter() - start:>8.2f} {len(data):>10}")
        start = time.perf_counter()
        result = analyze(store, domain=args.domain)
        print(f"{'analyze':<10} {'':<8} {time.perf_counter() - start:>8.2f} {result.nodes:>7} agencies")


if __name__ == "__main__":
    main()
