"""Throughput of the structure stages: normalised view, plan head, outline, roles, domains.

    .venv/bin/python bench/structure.py [DOCUMENTS...]     (default: the bundled corpus)
    .venv/bin/python bench/structure.py --copies 5         (each document 5 times longer)

Times each stage per document after one warm-up document that loads the lexicons,
the converters, jieba and the agency resolver, and prints characters per second.
Goal: under one second per 100,000 characters for all stages together.
"""

from __future__ import annotations

import time

from documents import benchmark_texts

from mskg.ingest.domains import assign_domains
from mskg.ingest.plan import extract_plan
from mskg.ingest.responsibilities import assign_roles, stated_convention
from mskg.ingest.structure import build_outline, domainless_keys
from mskg.ingest.document import read

STAGES = ("document", "plan", "outline", "roles", "domains")


def run(text: str) -> tuple[dict[str, float], int]:
    times: dict[str, float] = {}
    t = time.perf_counter()
    doc = read(text)
    view = doc.view
    times["document"] = time.perf_counter() - t
    t = time.perf_counter()
    head = extract_plan(text, view, doc.lines)
    doc.set_body(head.body_start)
    times["plan"] = time.perf_counter() - t
    t = time.perf_counter()
    outline = build_outline(doc, plan_kind=head.plan.kind)
    times["outline"] = time.perf_counter() - t
    t = time.perf_counter()
    convention, notes = stated_convention(view)
    assign_roles(text, view, outline, None, convention, notes)
    times["roles"] = time.perf_counter() - t
    t = time.perf_counter()
    assign_domains(view, outline.items, skip=domainless_keys(outline.items))
    times["domains"] = time.perf_counter() - t
    return times, len(outline.items)


def main() -> None:
    texts = benchmark_texts(__doc__.splitlines()[0])
    run(texts[0][1])  # warm-up: lexicons, converters, tokenizer, resolver
    total_chars = 0
    total = dict.fromkeys(STAGES, 0.0)
    for doc, text in texts:
        times, n = run(text)
        total_chars += len(text)
        for k in STAGES:
            total[k] += times[k]
        cols = " ".join(f"{k} {times[k]:6.3f}" for k in STAGES)
        print(f"{doc.name:40} {len(text):>9,} chars {n:>5} items  {cols}")
    whole = sum(total.values())
    cols = " ".join(f"{k} {total[k]:6.3f}" for k in STAGES)
    print(f"{'total':40} {total_chars:>9,} chars {'':>11}  {cols}")
    print(f"{total_chars / whole:,.0f} chars/s")


if __name__ == "__main__":
    main()
