"""Domain errors per matched item: false positive and false negative codes, with titles.

    .venv/bin/python bench/domain_errors.py GOLD_DIR [DOC_DIR]   (DOC_DIR defaults to GOLD_DIR)
    .venv/bin/python bench/domain_errors.py tests/heldout --all  (also list correct items)

Items are matched to gold items as ``mskg eval`` matches them (sections with sections,
measures with measures), so the counts add up to the domain figures of the report.
Each line: gold id, kind, ``+code`` for extracted but not in gold, ``-code`` for in
gold but not extracted, then the extracted key and the title. A summary per code
follows, to see which domains are over- or under-assigned.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from mskg.evaluation.gold import MEASURE_KINDS, SECTION_KINDS, gold_files, load_gold
from mskg.evaluation.metrics import _item_pairs
from mskg.identifiers import document_id
from mskg.ingest import extract_text, read_document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("docs", nargs="?")
    parser.add_argument("--all", action="store_true", help="list correct items too")
    args = parser.parse_args()
    docs = Path(args.docs or args.gold)
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    tp: Counter[str] = Counter()
    for path in gold_files(args.gold):
        gold = load_gold(path)
        doc = docs / gold.document
        text = read_document(doc)
        ex = extract_text(text, document=document_id(doc), path=doc.name)
        pairs = _item_pairs(gold.sections(), ex.items, SECTION_KINDS) + _item_pairs(
            gold.measures(), ex.items, MEASURE_KINDS
        )
        pairs.sort(key=lambda p: p[1].span.start)
        print(f"== {gold.document}")
        for g, e in pairs:
            gs, es = set(g.domains), set(e.domains)
            plus, minus = sorted(es - gs), sorted(gs - es)
            fp.update(plus)
            fn.update(minus)
            tp.update(gs & es)
            if plus or minus or args.all:
                marks = " ".join([f"+{c}" for c in plus] + [f"-{c}" for c in minus]) or "ok " + ",".join(sorted(gs))
                print(f"  {g.id:<14} {e.kind:<11} {marks}  [{e.key}] {e.title[:50]}")
    print("== per code: tp fp fn")
    for code in sorted(set(fp) | set(fn) | set(tp), key=lambda c: -(fp[c] + fn[c])):
        print(f"  {code:<42} {tp[code]:>4} {fp[code]:>4} {fn[code]:>4}")
    n_tp, n_fp, n_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    p = n_tp / (n_tp + n_fp) if n_tp + n_fp else 0.0
    r = n_tp / (n_tp + n_fn) if n_tp + n_fn else 0.0
    f = 2 * n_tp / (2 * n_tp + n_fp + n_fn) if n_tp else 0.0
    print(f"== total tp {n_tp} fp {n_fp} fn {n_fn}  P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
