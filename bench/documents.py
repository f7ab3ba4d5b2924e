"""The documents a throughput benchmark reads: named on the command line, or the bundled
corpus, each repeated ``--copies`` times to make longer texts; and the long documents made
from the corpus that the scale benchmarks read (a numbered list of N items, the corpus
repeated to a size).

Imported by the benchmark scripts beside it (``python bench/<script>.py`` puts this folder
on the import path).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mskg.data import corpus_files
from mskg.ingest import read_document


def benchmark_texts(description: str) -> list[tuple[Path, str]]:
    """Parse ``[DOCUMENTS...] [--copies N]`` and return (document, text) pairs."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("documents", nargs="*", type=Path, help="documents to read (default: the bundled corpus)")
    parser.add_argument("--copies", type=int, default=1, help="repeat each text this many times")
    args = parser.parse_args()
    return [(doc, "\n".join([read_document(doc)] * args.copies)) for doc in args.documents or corpus_files()]


AGENCIES = ("市民政局", "市财政局", "市卫生健康委", "市教育局", "市住房城乡建设局", "市人力资源社会保障局")


def numbered_list(texts: list[str], n: int) -> str:
    """A list of ``n`` numbered items (1. … 2. …), each titled by a line of ``texts`` (8 to
    40 characters) and printing its lead and cooperating agencies."""
    lines = [ln.strip() for t in texts for ln in t.splitlines() if 8 <= len(ln.strip()) <= 40]
    out = ["济宁市2024年民生实事项目清单", ""]
    for i in range(n):
        lead, other = AGENCIES[i % len(AGENCIES)], AGENCIES[(i + 1) % len(AGENCIES)]
        out.append(f"{i + 1}. {lines[i % len(lines)].rstrip('。；;')}。牵头单位：{lead}；配合单位：{other}。")
    return "\n".join(out) + "\n"


def repeated_corpus(texts: list[str], size: int) -> str:
    """``texts`` joined and repeated until the result passes ``size`` bytes of UTF-8."""
    body = "\n".join(texts)
    return "\n".join([body] * (size // len(body.encode("utf-8")) + 1))
