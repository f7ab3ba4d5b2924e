"""mskg at scale: the corpus copied ×1, ×10, ×40 under distinct document ids, timed as a
user runs it, beside Oxigraph's own speed on the same data.

    .venv/bin/python bench/scale.py                       (×1, ×10 and ×40: takes a while)
    .venv/bin/python bench/scale.py --scales 1,10         (a quicker run)
    .venv/bin/python bench/scale.py --scales 1 --big      (and the 10 MB document and the
                                                           5,000-item list, for peak memory)

For each scale, in a work folder (``--workdir``, default a temporary one):

* **ingest**: ``mskg ingest`` of the copies into a new on-disk store, end to end (MB/s of
  UTF-8 input, triples/s; its default ``-j``, one extraction process per core; the peak
  memory is that of the largest process, the ingest or one of its extraction processes;
  the bytes of the store's folder on disk as the ingest left it, every file counted,
  divided by the statements stored), and beside it **oxigraph bulk load** of the same
  N-Quads (``mskg export -f nquads``) into an empty store with ``Store.bulk_load`` — the floor;
* **extract**: extraction alone (``mskg.ingest.extract_text``) of the copies in one
  process: characters per second on one core;
* every **stored query** with the parameters of the README: the engine time
  (``mskg.queries.run`` in one process, after one warm-up run) and the whole process
  (``mskg query …``), each the median of ``--repeat`` runs, and the number of rows; beside
  them the CPU time of each (which other work on the machine stretches far less than
  the wall time) and the spread of the runs;
* ``mskg ask "哪些部门共同牵头养老工作"``, ``mskg validate``, ``mskg export`` (beside
  Oxigraph's own N-Quads dump of the same store, which writes in its index order);
* ``mskg build`` in a fresh store (the bundled corpus: what ``make run`` does).

``--keep-stores`` (with ``--workdir``) leaves each scale's store in the work folder, and a
later run with the same options measures the queries, ``ask`` and ``validate`` on it
instead of extracting and ingesting again (its inferred graphs are refreshed first, so a
store of an older mskg gets the graphs the queries read); ``--skip-build`` leaves out
``mskg build``. Both are for timing queries again after a change, not for the kept run.

``--results FILE`` also writes the table as JSON (the machine, the header and the rows);
the run kept in ``bench/results/scale.json`` is the one the README's table is generated
from (``make docs``).

Peak memory is the maximum resident set of each child process (``os.wait4``). Every
step runs in a child with a time limit (``--timeout``); a step over it reads
``timeout``. The machine is described at the top of the table: compare figures as ratios
within one run (ingest against bulk load), since other work on the machine stretches
every wall-clock time alike.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from mskg.data import corpus_files

#: every stored query with the parameters the README shows
QUERIES: dict[str, dict[str, str]] = {
    "agencies-by-category": {"category": "civil_affairs"},
    "agencies-by-role": {"domain": "elderly_care", "role": "lead"},
    "agency-portfolio": {"agency": "济宁市民政局"},
    "busiest-agencies": {"role": "lead"},
    "co-leading-agencies": {"domain": "elderly_care"},
    "collaboration-partners": {"agency": "济宁市民政局"},
    "domain-place-coverage": {"domain": "elderly_care"},
    "domain-summary": {},
    "graph-labels": {},
    "indicator-across-places": {"indicator": "护理型床位占比"},
    "measure-count": {},
    "measures-of-domain": {"domain": "education", "place": "汶上县"},
    "measures-without-lead": {"plan": "临沂"},
    "measures-without-target": {"domain": "elderly_care"},
    "place-overview": {"place": "济宁"},
    "plan-overview": {},
    "search-measures": {"text": "充电桩"},
    "shared-indicators": {},
    "source-sentence": {"text": "老年人食堂"},
    "targets-due-in-year": {"year": "2025", "place": "济宁", "domain": "childcare"},
    "targets-with-baseline": {},
}
QUESTION = "哪些部门共同牵头养老工作"

# A child that runs one stored query `repeat` times after a warm-up and prints JSON.
ENGINE_CHILD = """
import json, sys, time
from mskg.graph_store import open_store
from mskg.queries import run
store_path, name, params, repeat = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4])
with open_store(path=store_path) as store:
    rows = len(run(store, name, params).rows)
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run(store, name, params)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
print(json.dumps({"times": times, "cpu": cpu, "rows": rows}))
"""

EXTRACT_CHILD = """
import json, sys, time
from pathlib import Path
from mskg.identifiers import document_id
from mskg.ingest import extract_text, read_document
paths = [Path(p) for p in sys.argv[1:]]
texts = [(p, read_document(p)) for p in paths]
extract_text(texts[0][1], document=document_id(texts[0][0]), path=texts[0][0].name)  # warm-up
start, cpu = time.perf_counter(), time.process_time()
for p, text in texts:
    extract_text(text, document=document_id(p), path=p.name)
print(json.dumps({"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu,
                  "chars": sum(len(t) for _, t in texts)}))
"""

# A child that refreshes the inferred graphs of a kept store and prints how many triples
# the rules inferred.
REFRESH_CHILD = """
import sys
from mskg.graph_store import open_store
from mskg.inference import materialise
with open_store(path=sys.argv[1]) as store:
    print(sum(materialise(store).values()))
"""

# Oxigraph's own N-Quads dump of the store, in its order: the floor of an export.
DUMP_CHILD = """
import sys, pyoxigraph as ox
ox.Store.read_only(sys.argv[1]).dump(sys.argv[2], format=ox.RdfFormat.N_QUADS)
"""

BULK_CHILD = """
import sys, pyoxigraph as ox
store = ox.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)
store.optimize()
store.flush()
print(len(store))
"""


@dataclass
class Run:
    seconds: float | None  # None: over the time limit
    peak_mb: float
    stdout: str
    returncode: int
    cpu: float = 0.0  # user + system CPU seconds of the child


def child(argv: list[str], timeout: float, *, cwd: str | None = None) -> Run:
    """Run ``argv``; wall time, peak resident memory (MB) and output."""
    out = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, cwd=cwd)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = -9
            out.close()
            return Run(None, usage.ru_maxrss / 1024, "", -9, usage.ru_utime + usage.ru_stime)
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    out.seek(0)
    text = out.read().decode("utf-8", "replace")
    out.close()
    return Run(seconds, usage.ru_maxrss / 1024, text, os.waitstatus_to_exitcode(status),
               usage.ru_utime + usage.ru_stime)


def mskg(*args: str) -> list[str]:
    """The installed console script, as a user runs it."""
    return [str(Path(sys.executable).with_name("mskg")), *args]


def copies(folder: Path, n: int) -> list[Path]:
    """The corpus ×n under distinct file names (so distinct document ids), each copy
    ending with a line that names it: ingest refuses a second document with the same text."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(n):
        for source in corpus_files():
            target = folder / (source.name if k == 0 else f"{source.stem}-c{k:02d}{source.suffix}")
            if not target.exists():
                text = source.read_text(encoding="utf-8")
                target.write_text(text if k == 0 else f"{text.rstrip()}\n\n（副本 {k}）\n", encoding="utf-8")
            out.append(target)
    return out


def big_inputs(folder: Path) -> dict[str, Path]:
    """A 10 MB document (the corpus repeated) and a list of 5,000 numbered items, each with
    its lead and cooperating agencies (item titles taken from the corpus lines)."""
    from documents import numbered_list, repeated_corpus

    folder.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in corpus_files()]
    big = folder / "big-10mb.txt"
    if not big.exists():
        big.write_text(repeated_corpus(texts, 10_000_000), encoding="utf-8")
    items = folder / "list-5000.txt"
    if not items.exists():
        items.write_text(numbered_list(texts, 5000), encoding="utf-8")
    return {"10 MB document": big, "5,000-item list": items}


def median(values: list[float]) -> float:
    return statistics.median(values)


def fmt(seconds: float | None) -> str:
    return "timeout" if seconds is None else f"{seconds:.2f}"


def machine() -> str:
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.1f} GB RAM"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", load average %.1f %.1f %.1f at start" % os.getloadavg()
    import pyoxigraph

    return f"{cpu}, {os.cpu_count()} cores{mem}{load}; Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}"


def store_triples(store: Path) -> int:
    # read-only: an opening for writing would change the folder measured (RocksDB drops the
    # write-ahead logs it keeps for reuse, rotates its info log, writes a new manifest)
    code = "import sys, pyoxigraph as ox; print(len(ox.Store.read_only(sys.argv[1])))"
    return int(subprocess.run([sys.executable, "-c", code, str(store)], capture_output=True, text=True, check=True).stdout)


def disk_bytes(folder: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


def bench_scale(n: int, work: Path, args, rows: list[tuple]) -> None:
    def add(step: str, what: str, run_: Run | None = None, *, seconds=None, process=None, note: str = "") -> None:
        peak = f"{run_.peak_mb:.0f}" if run_ is not None else ""
        rows.append((f"×{n}", step, what, fmt(seconds) if seconds is not None or run_ is None else fmt(run_.seconds),
                     fmt(process) if process is not None else "", peak, note))

    store = work / f"store-x{n}"
    complete = work / f"store-x{n}.complete"
    if args.keep_stores and complete.exists() and store.is_dir():
        refresh = child([sys.executable, "-c", REFRESH_CHILD, str(store)], args.timeout * 20)
        add("refresh", "the kept store's inferred graphs (no ingest: --keep-stores)", refresh,
            note=f"exit {refresh.returncode}, {refresh.stdout.strip()} inferred triples")
    else:
        complete.unlink(missing_ok=True)
        if not ingest_scale(n, work, store, args, add):
            return
        if args.keep_stores:
            complete.write_text("ingested\n", encoding="utf-8")
    measure_store(n, store, args, rows, add)
    if not args.keep_stores:
        shutil.rmtree(store, ignore_errors=True)
        Path(f"{store}.validation.json").unlink(missing_ok=True)


def ingest_scale(n: int, work: Path, store: Path, args, add) -> bool:
    """Extraction alone, the ingest, the export and Oxigraph's bulk load of the export;
    False when the ingest failed."""
    files = copies(work / f"corpus-x{n}", n)
    size = sum(p.stat().st_size for p in files)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    shutil.rmtree(store, ignore_errors=True)

    extract = child([sys.executable, "-c", EXTRACT_CHILD, *map(str, files)], args.timeout * 4)
    if extract.seconds is not None and extract.returncode == 0:
        e = json.loads(extract.stdout)
        add("extract", f"{len(files)} documents, {chars:,} chars", extract, seconds=e["wall"],
            note=f"{e['chars'] / e['wall']:,.0f} chars/s wall, {e['chars'] / e['cpu']:,.0f} chars/s CPU, one core")
    else:
        add("extract", f"{len(files)} documents", extract)

    ingest = child(mskg("-q", "--store", str(store), "ingest", *map(str, files)), args.timeout * 20)
    if ingest.seconds is None or ingest.returncode != 0:
        add("ingest", f"{len(files)} documents", ingest, note=f"exit {ingest.returncode}")
        return False
    on_disk, tables = disk_bytes(store), disk_bytes(store, "*.sst")  # before anything opens it again
    triples = store_triples(store)
    add("ingest", f"{len(files)} documents, {size / 1e6:.1f} MB, {triples:,} triples, -j {os.cpu_count()}", ingest,
        note=f"CPU {ingest.cpu:.1f} s (with its extraction processes); "
             f"{size / 1e6 / ingest.seconds:.2f} MB/s, {triples / ingest.seconds:,.0f} triples/s, "
             f"store {on_disk / 1e6:.0f} MB = {on_disk / triples:.0f} bytes/triple "
             f"({tables / on_disk:.0%} in RocksDB's table files, the rest logs and manifests)")

    dump = work / f"x{n}.nq"
    export = child(mskg("-q", "--store", str(store), "export", "-f", "nquads", "-o", str(dump)), args.timeout * 4)
    native = work / f"x{n}.native.nq"
    own = child([sys.executable, "-c", DUMP_CHILD, str(store), str(native)], args.timeout * 4)
    native.unlink(missing_ok=True)
    note = f"CPU {export.cpu:.1f} s"
    if export.seconds and own.seconds:
        note += (f"; Oxigraph's own dump of the store (unsorted) {own.seconds:.2f} s, CPU {own.cpu:.1f} s, "
                 f"{own.peak_mb:.0f} MB: export takes {export.seconds / own.seconds:.1f}× as long")
    add("export", f"N-Quads, {dump.stat().st_size / 1e6:.0f} MB" if dump.exists() else "N-Quads", export, note=note)
    if dump.exists():
        bulk_store = work / f"bulk-x{n}"
        shutil.rmtree(bulk_store, ignore_errors=True)
        bulk = child([sys.executable, "-c", BULK_CHILD, str(bulk_store), str(dump)], args.timeout * 4)
        note = ""
        if bulk.seconds:
            note = (f"{triples / bulk.seconds:,.0f} triples/s; ingest takes {ingest.seconds / bulk.seconds:.1f}× "
                    f"as long; store {disk_bytes(bulk_store) / triples:.0f} bytes/triple")
        add("oxigraph bulk load", "the same N-Quads, Store.bulk_load + optimize", bulk, note=note)
        shutil.rmtree(bulk_store, ignore_errors=True)
        dump.unlink()
    return True


def measure_store(n: int, store: Path, args, rows: list[tuple], add) -> None:
    """Every stored query (engine and whole process), ask and validate on ``store``."""
    for name, params in QUERIES.items():
        if args.queries and name not in args.queries:
            continue
        engine = child([sys.executable, "-c", ENGINE_CHILD, str(store), name, json.dumps(params, ensure_ascii=False),
                        str(args.repeat)], args.timeout * (args.repeat + 1))
        flags = [f"{k}={v}" for k, v in params.items()]
        label = " ".join([name, *flags])
        if engine.seconds is None or engine.returncode != 0:
            add("query", label, engine, note="" if engine.seconds is None else f"exit {engine.returncode}")
            continue
        e = json.loads(engine.stdout)
        process, process_cpu = [], []
        peak = 0.0
        for _ in range(args.repeat):
            argv = mskg("-q", "--store", str(store), "query", name, *[a for f in flags for a in ("-p", f)],
                        "--format", "json", "-o", os.devnull)
            r = child(argv, args.timeout)
            peak = max(peak, r.peak_mb)
            process.append(r.seconds)
            process_cpu.append(r.cpu)
        whole = None if None in process else median(process)
        spread = f"engine {fmt(min(e['times']))}–{fmt(max(e['times']))}"
        if whole is not None:
            spread += f", process {fmt(min(process))}–{fmt(max(process))}"
        cpu = f"CPU engine {fmt(median(e['cpu']))}, process {fmt(median(process_cpu))}"
        rows.append((f"×{n}", "query", label, fmt(median(e["times"])), fmt(whole), f"{peak:.0f}",
                     f"{e['rows']} rows; {cpu}; runs {spread}"))

    ask = [child(mskg("-q", "--store", str(store), "ask", QUESTION), args.timeout) for _ in range(args.repeat)]
    times = [r.seconds for r in ask]
    rows.append((f"×{n}", "ask", QUESTION, "", fmt(None if None in times else median(times)),
                 f"{max(r.peak_mb for r in ask):.0f}",
                 "" if None in times else f"CPU {fmt(median([r.cpu for r in ask]))}; "
                 f"runs {fmt(min(times))}–{fmt(max(times))}"))

    if not args.skip_validate:
        Path(f"{store}.validation.json").unlink(missing_ok=True)  # a kept store's: the first run checks all
        argv = mskg("-q", "--store", str(store), "validate", "--format", "json", "-o", os.devnull, "--fail-on", "never")
        validate = child(argv, args.timeout * 20)
        add("validate", "default engine, first run: the whole graph (results stored)", validate,
            note=f"exit {validate.returncode}")
        again = child(argv, args.timeout * 20)
        add("validate", "again: every document's stored results reused", again, note=f"exit {again.returncode}")


class _Rows(list):
    """The table's rows, each also printed to stderr as soon as it is measured."""

    def append(self, row: tuple) -> None:
        print(" | ".join(map(str, row)), file=sys.stderr, flush=True)
        super().append(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,10,40", help="comma-separated copies of the corpus (default 1,10,40)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query; the median is shown (default 3)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per query run (default 120)")
    parser.add_argument("--workdir", type=Path, help="work folder (default: a temporary one, removed)")
    parser.add_argument("--queries", nargs="*", help="only these stored queries")
    parser.add_argument("--skip-validate", action="store_true")
    parser.add_argument("--keep-stores", action="store_true",
                        help="leave each scale's store in --workdir and reuse it in a later run "
                        "(queries, ask and validate only)")
    parser.add_argument("--skip-build", action="store_true", help="leave out mskg build")
    parser.add_argument("--big", action="store_true", help="also the 10 MB document and the 5,000-item list")
    parser.add_argument("--results", type=Path, help="also write the table as JSON to this file "
                        "(bench/results/scale.json: the run the README shows)")
    args = parser.parse_args()

    temporary = args.workdir is None
    if args.keep_stores and temporary:
        parser.error("--keep-stores needs --workdir")
    work = Path(tempfile.mkdtemp(prefix="mskg-scale-")) if temporary else args.workdir
    work.mkdir(parents=True, exist_ok=True)
    header = ("scale", "step", "what", "engine s", "process s", "peak MB", "figures")
    rows: list[tuple] = _Rows()
    described = machine()
    print(f"machine: {described}", flush=True)
    try:
        if not args.skip_build:
            build_store = work / "build"
            shutil.rmtree(build_store, ignore_errors=True)
            build_store.mkdir()
            build = child(mskg("-q", "build"), args.timeout * 10, cwd=str(build_store))
            rows.append(("×1", "build", "mskg build in a new store (make run)", fmt(build.seconds), "",
                         f"{build.peak_mb:.0f}", f"exit {build.returncode}"))
            shutil.rmtree(build_store, ignore_errors=True)
        if args.big:
            for label, path in big_inputs(work / "big").items():
                store = work / "store-big"
                shutil.rmtree(store, ignore_errors=True)
                r = child(mskg("-q", "--store", str(store), "ingest", str(path)), args.timeout * 20)
                rows.append(("", "ingest", f"{label} ({path.stat().st_size / 1e6:.1f} MB)", fmt(r.seconds), "",
                             f"{r.peak_mb:.0f}", f"exit {r.returncode}; CPU {r.cpu:.1f} s"))
                shutil.rmtree(store, ignore_errors=True)
        for n in [int(s) for s in args.scales.split(",") if s.strip()]:
            bench_scale(n, work, args, rows)
            print(f"… ×{n} done", file=sys.stderr, flush=True)
    finally:
        if temporary:
            shutil.rmtree(work, ignore_errors=True)
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("-|-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    if args.results:
        args.results.parent.mkdir(parents=True, exist_ok=True)
        record = {"command": " ".join(["bench/scale.py", *sys.argv[1:]]), "machine": described,
                  "header": list(header), "rows": [list(r) for r in rows]}
        args.results.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
