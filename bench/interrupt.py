"""Ctrl-C during `mskg ingest` of the 10 MB document, at three moments, many times.

    .venv/bin/python bench/interrupt.py --runs 10
    .venv/bin/python bench/interrupt.py --runs 10 --mskg /other/checkout/.venv/bin/mskg

A store of the bundled corpus is built once (with the `mskg` given); each run copies it,
starts `mskg ingest` of a 10 MB document (a seed document repeated, as in the tests) and
sends SIGINT at one of three moments:

- ``extraction``: 3 to 13 s after the start, while the document is being extracted in
  the child process (which takes 30 s and more);
- ``write``: once the extraction process has worked for 2 s of CPU, as soon as the
  ingest process itself, which waits meanwhile, uses 0.04 s of CPU within 0.2 s (the
  document has arrived), plus 0 to 1.5 s: while the document and its inferences are
  prepared and written;
- ``after-write``: as soon as the document's graph can be seen by a reader (the store
  opened read-only, polled), plus 0 to 0.3 s: what follows the write (before this
  change, the refresh of the inferred graphs; now the flush and the compaction).

Each run reports the time from the signal to the end of the process, the exit code,
whether the store's content (every quad, as N-Quads) is the same as before the ingest,
whether the document ended up stored, and the exit code of `mskg validate` afterwards.
A final ingest of the document into the last interrupted store shows that a second
ingest works. One table on stdout: per moment, the median and maximum of the time to
exit and how many runs kept the store unchanged and validated clean.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from mskg.data import corpus_files

DOCUMENT_GRAPH = "https://w3id.org/mskg/graph/document/big"


def ten_megabytes(folder: Path) -> Path:
    big = folder / "big.txt"
    text = next(p for p in corpus_files() if p.name.startswith("002_")).read_text(encoding="utf-8")
    big.write_text("\n".join([text] * (10_000_000 // len(text.encode("utf-8")) + 1)), encoding="utf-8")
    return big


def content(store: Path) -> str:
    """The store's quads, staging graphs left out (they are not content), as a digest."""
    s = ox.Store.read_only(str(store))
    quads = sorted(str(q) for q in s if not str(q.graph_name).startswith("<https://w3id.org/mskg/graph/staging/"))
    return hashlib.sha256("\n".join(quads).encode("utf-8")).hexdigest()


def visible(store: Path) -> bool:
    try:
        return ox.Store.read_only(str(store)).contains_named_graph(ox.NamedNode(DOCUMENT_GRAPH))
    except (OSError, RuntimeError):
        return False


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks


def children(pid: int) -> list[int]:
    try:
        return [int(c) for t in Path(f"/proc/{pid}/task").iterdir()
                for c in (t / "children").read_text().split()]
    except OSError:
        return []


def wait_for(moment: str, process: subprocess.Popen, store: Path, rng: random.Random) -> None:
    start = time.monotonic()
    if moment == "extraction":
        time.sleep(3 + 10 * rng.random())
        return
    if moment == "write":
        # the extraction process has been at work for a while, and the ingest process
        # itself is quiet (it waits): then the first surge of its own CPU time is the
        # document arriving to be written
        while process.poll() is None and time.monotonic() - start < 900:
            time.sleep(0.2)
            kids = children(process.pid)
            try:
                if kids and max(cpu_seconds(k) for k in kids) > 2:
                    break
            except OSError:
                continue
        last = cpu_seconds(process.pid)
        while process.poll() is None and time.monotonic() - start < 900:
            time.sleep(0.2)
            now = cpu_seconds(process.pid)
            if now - last >= 0.04:
                break
            last = now
        time.sleep(1.5 * rng.random())
        return
    while process.poll() is None and not visible(store) and time.monotonic() - start < 900:
        time.sleep(0.05)
    time.sleep(0.3 * rng.random())


def run(mskg: list[str], base: Path, big: Path, moment: str, folder: Path, rng: random.Random) -> dict:
    store = folder / "store"
    shutil.rmtree(store, ignore_errors=True)
    shutil.copytree(base, store)
    before = content(store)
    process = subprocess.Popen(mskg + ["--store", str(store), "ingest", str(big)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    started = time.monotonic()
    wait_for(moment, process, store, rng)
    if process.poll() is not None:
        return {"moment": moment, "ended_before_signal": True, "exit": process.returncode}
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=300)
    seconds = time.monotonic() - sent
    validated = subprocess.run(mskg + ["--store", str(store), "validate"], capture_output=True, text=True)
    return {
        "moment": moment,
        "signal_at": round(sent - started, 2),
        "seconds_to_exit": round(seconds, 3),
        "exit": process.returncode,
        "unchanged": content(store) == before,
        "stored": visible(store),
        "validate_exit": validated.returncode,
        "message": err.strip().splitlines()[-1] if err.strip() else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10, help="runs per moment")
    parser.add_argument("--moments", default="extraction,write,after-write")
    parser.add_argument("--mskg", default=str(Path(sys.executable).with_name("mskg")), help="the mskg program to test")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--results", type=Path, help="write every run as JSON here")
    args = parser.parse_args()
    mskg = [args.mskg]
    rng = random.Random(args.seed)
    uptime = Path("/proc/loadavg").read_text().split()[:3]
    with tempfile.TemporaryDirectory(prefix="mskg-interrupt-") as tmp:
        folder = Path(tmp)
        base = folder / "corpus"
        subprocess.run(mskg + ["-q", "--store", str(base), "ingest", *map(str, corpus_files())], check=True)
        big = ten_megabytes(folder)
        runs = []
        for i in range(args.runs):
            for moment in args.moments.split(","):
                result = run(mskg, base, big, moment, folder, rng)
                runs.append(result)
                print(json.dumps(result, ensure_ascii=False), file=sys.stderr, flush=True)
        store = folder / "store"
        again = subprocess.run(mskg + ["-q", "--store", str(store), "ingest", str(big)], capture_output=True, text=True)
        validated = subprocess.run(mskg + ["--store", str(store), "validate"], capture_output=True, text=True)
    print(f"{args.mskg}; load average {' '.join(uptime)} at start, "
          f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])} at end")
    print("| moment | runs | signal at s | exit s median / max | exit codes | store unchanged | stored | validate clean |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for moment in args.moments.split(","):
        mine = [r for r in runs if r["moment"] == moment and not r.get("ended_before_signal")]
        if not mine:
            continue
        secs = [r["seconds_to_exit"] for r in mine]
        at = [r["signal_at"] for r in mine]
        print(f"| {moment} | {len(mine)} | {min(at):.1f}–{max(at):.1f} | {statistics.median(secs):.2f} / {max(secs):.2f} "
              f"| {','.join(sorted({str(r['exit']) for r in mine}))} | {sum(r['unchanged'] for r in mine)} "
              f"| {sum(r['stored'] for r in mine)} | {sum(r['validate_exit'] == 0 for r in mine)} |")
    print(f"a second ingest of the document into the last interrupted store: exit {again.returncode}, "
          f"then validate exit {validated.returncode}")
    if args.results:
        args.results.write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
