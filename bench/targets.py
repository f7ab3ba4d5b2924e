"""Target extraction throughput on corpus-sized text.

    .venv/bin/python bench/targets.py [DOCUMENTS...]     (default: the bundled corpus)
    .venv/bin/python bench/targets.py --copies 10        (each document 10 times longer)

Times ``extract_targets`` alone (no structure, agencies or places) per document,
after one warm-up call that loads the lexicons, and prints characters per second.
Goal: the whole bundled corpus in well under a second per 100,000 characters.
"""

from __future__ import annotations

import time

from documents import benchmark_texts

from mskg.ingest.model import Plan
from mskg.ingest.targets import extract_targets


def main() -> None:
    texts = benchmark_texts(__doc__.splitlines()[0])
    plan = Plan(title="", kind="other")
    extract_targets("到2025年，养老床位达到6400张。", [], plan)  # warm-up: lexicons, converters
    total_chars, total_time = 0, 0.0
    for doc, text in texts:
        start = time.perf_counter()
        found = extract_targets(text, [], plan)
        elapsed = time.perf_counter() - start
        total_chars += len(text)
        total_time += elapsed
        print(f"{doc.name:40} {len(text):>9,} chars {len(found):>5} targets {elapsed:7.3f} s")
    print(f"{'total':40} {total_chars:>9,} chars {'':>13} {total_time:7.3f} s "
          f"({total_chars / max(total_time, 1e-9):,.0f} chars/s)")


if __name__ == "__main__":
    main()
