"""The documents a throughput benchmark reads: named on the command line, or the bundled
corpus, each repeated ``--copies`` times to make longer texts.

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
