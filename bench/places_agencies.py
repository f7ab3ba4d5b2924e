"""Speed of the places and agencies resolvers on the bundled corpus.

Run: ``.venv/bin/python bench/places_agencies.py``. Prints the one-off start-up cost
(datasets, lexicons, word list), the time of find_places per document and the
number of agency resolutions per second. Goals: start-up under 5 s, find_places
under 1 s for a 500-line plan, resolve over 500 names/s once warm.
"""

from __future__ import annotations

import time
from pathlib import Path

from mskg.ingest import read_document
from mskg.ingest.agencies import resolve, split_names
from mskg.ingest.places import division_table, find_places, jurisdiction_of

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def main() -> None:
    t0 = time.perf_counter()
    division_table()
    home = jurisdiction_of("汶上县人民政府")
    find_places("汶上县义桥镇", home)
    resolve("县民政局", home)
    print(f"start-up: {time.perf_counter() - t0:.2f} s")
    names: list[str] = []
    for path in sorted(CORPUS.glob("*.txt")):
        text = read_document(path)
        j = jurisdiction_of("\n".join(text.splitlines()[:20]))
        t = time.perf_counter()
        found = find_places(text, j)
        print(f"find_places {path.name}: {len(text)} chars, {len(found)} places, {time.perf_counter() - t:.3f} s")
        for line in text.splitlines():
            if "单位" in line[:8]:
                names.extend(n for _, _, n in split_names(line.split("：", 1)[-1]))
    t = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for n in names:
            resolve(n, home)
    elapsed = time.perf_counter() - t
    print(f"resolve: {rounds * len(names) / elapsed:.0f} names/s over {len(names)} printed names")


if __name__ == "__main__":
    main()
