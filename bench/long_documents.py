"""Extraction of long documents: time per item and per character as they grow, and peak memory.

    .venv/bin/python bench/long_documents.py                     (lists of 1,000 to 10,000
                                                                  items, the corpus repeated
                                                                  to 1 and 10 MB, the corpus
                                                                  on one line, 0.25 and 1 MB)
    .venv/bin/python bench/long_documents.py --against f10f696   (each document read by that
                                                                  commit too, in the same run)
    .venv/bin/python bench/long_documents.py --items 1000,5000 --mb "" --flat-mb ""

The documents are made from the bundled corpus: a numbered list of N items, each with its
lead and cooperating agencies (the list ``bench/scale.py --big`` ingests, at other
lengths); the corpus repeated to a size (``bench/scale.py``'s 10 MB document); the corpus
with its line breaks removed (``bench/ingest.py``'s one-line document).

Each document is extracted (``mskg.ingest.extract_text``) in a fresh process, after a
warm-up extraction of a short text that loads the lexicons, the tokenizer and the
resolvers. The time is the CPU time of the extraction (``time.process_time``: other work
on a shared machine stretches the wall clock far more); peak memory is the process's
maximum resident set (``ru_maxrss``), beside the resident set after the warm-up. With
``--against REV`` the same files are also read by the source tree of that commit
(``git archive``), one process after the other, so both columns come from the same run.

Goal: every step grows with the text and none faster — the time per item flat from 1,000
to 10,000 items, the time per character flat from 1 to 10 MB and on one line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from documents import numbered_list, repeated_corpus

from mskg.data import corpus_files

ROOT = Path(__file__).resolve().parent.parent  # the package's source tree (a git checkout)


def child(path: str) -> dict:
    """Run in the fresh process: warm up, then time one extraction."""
    from mskg.ingest import extract_text

    extract_text("某市2024年民生实事项目清单\n1. 新建社区食堂10个。牵头单位：市民政局；配合单位：市财政局。\n",
                 document="warm-up")
    warm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = Path(path).read_text(encoding="utf-8")
    cpu, wall = time.process_time(), time.perf_counter()
    ex = extract_text(text, document="long")
    return {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall, "items": len(ex.items),
            "chars": len(text), "warm_mb": warm, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_child(path: Path, source: Path | None) -> dict:
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), env.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, __file__, "--child", str(path)], env=env, capture_output=True, text=True)
    if out.returncode:
        return {"error": (out.stderr.strip().splitlines() or ["exit %d" % out.returncode])[-1]}
    return json.loads(out.stdout)


def documents(folder: Path, items: list[int], sizes: list[float], flat: list[float]) -> list[tuple[str, str, Path]]:
    """(family, label, file) of each document, written into ``folder``."""
    from ingest import flat_document  # bench/ingest.py

    texts = [p.read_text(encoding="utf-8") for p in corpus_files()]
    made = []
    for n in items:
        made.append(("list", f"{n:,}-item list", numbered_list(texts, n)))
    for mb in sizes:
        made.append(("corpus", f"corpus repeated, {mb:g} MB", repeated_corpus(texts, int(mb * 1_000_000))))
    for mb in flat:
        made.append(("flat", f"corpus on one line, {mb:g} MB", flat_document(texts, int(mb * 1_000_000))))
    out = []
    for k, (family, label, text) in enumerate(made):
        path = folder / f"doc-{k}.txt"
        path.write_text(text, encoding="utf-8")
        out.append((family, label, path))
    return out


def checkout(rev: str, folder: Path) -> Path:
    """The source tree of ``rev`` as an importable ``mskg`` package under ``folder``."""
    target = folder / "mskg"
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", default="1000,2500,5000,10000", help="lengths of the numbered lists")
    parser.add_argument("--mb", default="1,10", help="sizes in MB of the repeated corpus (empty: none)")
    parser.add_argument("--flat-mb", default="0.25,1", help="sizes in MB of the one-line document (empty: none)")
    parser.add_argument("--against", metavar="REV", help="also read each document with the source of this commit")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return

    def numbers(s: str) -> list[float]:
        return [float(x) for x in s.split(",") if x.strip()]

    with tempfile.TemporaryDirectory(prefix="mskg-long-") as tmp:
        folder = Path(tmp)
        docs = documents(folder, [int(n) for n in numbers(args.items)], numbers(args.mb), numbers(args.flat_mb))
        other = checkout(args.against, folder / "against") if args.against else None
        rows = []
        for family, label, path in docs:
            now = run_child(path, None)
            then = run_child(path, other) if other is not None else None
            rows.append((family, label, now, then))
            print(f"… {label} done", file=sys.stderr, flush=True)
    head = ["document", "chars", "items", "CPU s", "per unit", "×time for ×size", "peak MB (warm)"]
    if args.against:
        head += [f"{args.against}: CPU s", "per unit", "×time for ×size", "peak MB (warm)", "items", "faster"]
    table = [head]
    previous: dict[tuple[str, int], dict] = {}
    for family, label, now, then in rows:
        line = [label]
        for k, r in enumerate([now] + ([then] if args.against else [])):
            if "error" in r:
                line += ["error: " + r["error"][:60]] + [""] * (4 if k else 5)
                continue
            unit = f"{r['cpu'] / r['items'] * 1000:.2f} ms/item" if family == "list" and r["items"] else \
                f"{r['cpu'] / r['chars'] * 1e6:.2f} µs/char"
            before = previous.get((family, k))
            growth = f"×{r['cpu'] / before['cpu']:.1f} for ×{r['chars'] / before['chars']:.1f}" if before else ""
            previous[(family, k)] = r
            cells = [f"{r['cpu']:.2f}", unit, growth, f"{r['peak_mb']:.0f} ({r['warm_mb']:.0f})"]
            line += ([f"{r['chars']:,}", f"{r['items']:,}"] + cells) if k == 0 else (cells + [f"{r['items']:,}"])
        if args.against and "error" not in now and "error" not in then:
            line.append(f"×{then['cpu'] / now['cpu']:.1f}")
        table.append(line)
    widths = [max(len(r[i]) if i < len(r) else 0 for r in table) for i in range(len(head))]
    for k, r in enumerate(table):
        print(" | ".join(c.ljust(w) for c, w in zip(r, widths)))
        if k == 0:
            print("-|-".join("-" * w for w in widths))


if __name__ == "__main__":
    main()
