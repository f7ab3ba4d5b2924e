"""Load documents and vocabularies into a graph store: the work behind ``ingest`` and ``build``."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mskg.errors import InputError
from mskg.identifiers import CONTENT_DIGEST, ONTOLOGY_GRAPH, SCHEMES_GRAPH, document_graph, document_id
from mskg.ingest import extract_text, read_document_bytes
from mskg.ingest.model import Extraction


@dataclass
class LoadReport:
    """What one document contributed to the store."""

    document: str
    path: str
    graph: str
    title: str
    kind: str
    items: int
    responsibilities: int
    targets: int
    places: int
    triples: int
    notices: tuple = ()  # warnings about the reading (mskg.ingest.model.Notice), each naming a line


def load_vocabularies(store) -> int:
    """Replace the ontology and concept-scheme graphs; returns the number of triples."""
    from mskg.ontology import load_ontology, load_schemes

    ontology, schemes = load_ontology(), load_schemes()
    store.replace_graph(ONTOLOGY_GRAPH, ontology)
    store.replace_graph(SCHEMES_GRAPH, schemes)
    return len(ontology) + len(schemes)


def vocabularies_current(store) -> bool:
    """True when the store holds this version's ontology and concept schemes (compared as
    graphs: the lexicons' blank nodes get new names with each load)."""
    from rdflib.compare import isomorphic

    from mskg.ontology import load_ontology, load_schemes

    if not {ONTOLOGY_GRAPH, SCHEMES_GRAPH} <= set(store.graphs()):
        return False
    every = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    for graph, expected in ((ONTOLOGY_GRAPH, load_ontology()), (SCHEMES_GRAPH, load_schemes())):
        stored = store.query(every, graphs=[graph]).graph
        if stored is None or len(stored) != len(expected) or not isomorphic(stored, expected):
            return False
    return True


class Stop:
    """A request to stop a load, made from another thread (Ctrl-C in the main thread).

    A document new to the store is written with its inferences in one transaction
    (:meth:`committing`): a stop before that transaction's last piece of text abandons
    it, and the load may be left at once — the process may end while the transaction is
    open, which writes nothing. Only the commit itself (from the last piece to the end of
    ``add_trig``) is waited for, and the document then counts as stored; a commit
    slower than :data:`COMMIT_WAIT` (a loaded machine) is not waited for any longer, and
    the message says that the document is stored whole or not at all. Writes that
    are not additive (a document replacing or dropping a stored one, vocabularies that
    changed under stored documents, a backend that cannot write a document and its
    inferences as one transaction) mark the inferred graphs stale until they are
    refreshed: from the first of them to the end of the load's refresh the load holds
    (:meth:`hold`), a stop is waited for, and the load stops at the next document
    boundary after refreshing. The lock makes "must it be waited for?" and "stop" one step.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requested = False
        self._writing = False  # in a step that must be waited for
        self._changed = False  # the load wrote something that is not a whole document (vocabularies, a mark)
        self._children: list = []  # extraction processes, killed on request
        self._stored: list[str] = []  # documents written, each with its inferences
        self._committing: str | None = None  # the document whose transaction is committing
        self._requested_at = 0.0
        self.total = 0  # documents the load was given
        #: what the load said when it stopped after a held write (it names what it stored)
        self.outcome: str | None = None

    def request(self) -> bool:
        """Ask the load to stop; True when it must be waited for (it holds)."""
        with self._lock:
            self._requested = True
            self._requested_at = time.monotonic()
            for child in self._children:
                child.kill()
            return self._writing

    def start_child(self, child) -> None:
        """Start a process working for the load, to be killed when a stop is requested.

        Starting holds the lock: a stop requested meanwhile waits the few milliseconds
        until the child has its arguments, and kills it, rather than leaving a child
        that finds its parent gone halfway through its start.
        """
        with self._lock:
            if self._requested:
                raise Interrupted(UNCHANGED)
            child.start()
            self._children.append(child)

    def start_writing(self) -> None:
        with self._lock:
            if self._requested:
                raise Interrupted(UNCHANGED)

    def changed(self) -> None:
        """The load wrote something other than whole documents (vocabularies, a mark)."""
        with self._lock:
            self._changed = True

    def hold(self) -> None:
        """From now on a stop waits for the load (until :meth:`release`)."""
        with self._lock:
            if self._requested:
                raise Interrupted(self._account())
            self._writing = True

    def release(self) -> None:
        """The load may be abandoned again: what it wrote is consistent."""
        with self._lock:
            self._writing = False
            self._committing = None

    def settled(self) -> bool:
        """May a stop that waits for the load end the process now? When the load no
        longer holds; and when it holds for a commit only, once the stop has waited
        :data:`COMMIT_WAIT` seconds (the commit is all or nothing: the message then says
        that the document may or may not be stored)."""
        with self._lock:
            if not self._writing:
                return True
            return self._committing is not None and time.monotonic() - self._requested_at >= COMMIT_WAIT

    finish_writing = release

    def committing(self, pieces: Iterable, document: str, every: int = 1000) -> Iterator:
        """``pieces`` (quads or pieces of text) for one transaction writing ``document``,
        stopping with :class:`Interrupted` (the transaction abandoned) when a stop is
        requested, checked every ``every`` pieces; after the last one the load holds until
        :meth:`committed` or :meth:`release`."""
        for i, piece in enumerate(pieces):
            if i % every == 0:
                self.check()
            yield piece
        self.hold()
        with self._lock:
            self._committing = document

    def committed(self, document: str) -> None:
        """``document`` and its inferences are stored; the load may be abandoned again."""
        with self._lock:
            self._stored.append(document)
            self._writing = False
            self._committing = None

    def account(self) -> str:
        """What a stop now leaves stored, for the message."""
        with self._lock:
            return self._account()

    def _account(self) -> str:
        if self.outcome:
            return self.outcome
        if not self._stored:
            # with a commit in flight the store may have changed: never claim it did not
            unchanged = not self._changed and not self._committing
            said = UNCHANGED if unchanged else "interrupted (Ctrl-C): no document stored before"
        else:
            said = (f"interrupted (Ctrl-C): {len(self._stored)} of {self.total or len(self._stored)} documents "
                    f"stored ({', '.join(self._stored)}), each with its inferences; the rest left as they were")
        if self._committing:
            said += (f"; {self._committing} was being committed when the process ended: it is stored whole, with "
                     "its inferences, or not at all (`mskg stats` lists the documents stored)")
        return said

    @property
    def requested(self) -> bool:
        return self._requested

    @property
    def writing(self) -> bool:
        """Must a stop wait for the load (abandoning it now could leave a store half-done)?"""
        return self._writing

    def check(self) -> None:
        if self._requested:
            raise Interrupted("interrupted (Ctrl-C)")

    def checked(self, triples: Iterable, every: int = 1000) -> Iterator:
        """``triples``, stopping with :class:`Interrupted` when a stop is requested."""
        for i, triple in enumerate(triples):
            if i % every == 0:
                self.check()
            yield triple


#: seconds a stop waits for a document's transaction to commit before it ends the process anyway
COMMIT_WAIT = 0.6

UNCHANGED = "interrupted (Ctrl-C) before anything was stored; the store is unchanged"


class Interrupted(KeyboardInterrupt):
    """A load stopped on request; the message says what was stored."""


def default_jobs() -> int:
    """Extraction processes by default: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class _Job:
    """One document to extract: everything a worker process needs."""

    index: int
    document: str
    path: Path
    lenient: bool
    digest: str  # the text's digest, as checked against the store
    content: str  # the SHA-256 of the file's bytes when it was checked


@dataclass
class _Mapped:
    """A document extracted and mapped: its report and its graph as N-Triples pieces."""

    report: LoadReport
    pieces: list[str]


#: triples written between two flushes of the store's write buffers to disk
FLUSH_EVERY = 100_000

#: triples per N-Triples piece: a graph of more pieces is written through a staging
#: graph, one transaction per piece, with a stop check between pieces
PIECE = 50_000


def _map(job: _Job, extract: Callable[..., Extraction] = extract_text) -> _Mapped:
    """Read, extract and map one document (in a worker process, or in this one)."""
    from mskg.ingest.rdf import extraction_triples, ntriples

    text, content = read_document_bytes(job.path, lenient=job.lenient, quiet=True)  # its warnings came from the check
    if content != job.content:
        raise InputError(f"{job.path}: the file changed while the ingest ran (after it was checked against the "
                         "stored documents); it was not stored: ingest it again")
    ex = extract(text, document=job.document, path=job.path.name)
    triples = extraction_triples(ex, digest=job.digest)
    report = LoadReport(
        document=job.document,
        path=str(job.path),
        graph=document_graph(job.document),
        title=ex.plan.title,
        kind=ex.plan.kind,
        items=len(ex.items),
        responsibilities=sum(len(i.responsibilities) for i in ex.items),
        targets=len(ex.targets),
        places=len(ex.places),
        triples=len(triples),
        notices=tuple(ex.notices),
    )
    return _Mapped(report, with_content_digest(report.graph, [ntriples(triples[i:i + PIECE])
                                                             for i in range(0, len(triples), PIECE)]))


def with_content_digest(graph: str, pieces: list[str]) -> list[str]:
    """The N-Triples ``pieces`` of a document's graph, and one more line stating their
    digest about the graph itself (``mskg:contentDigest``): written with the graph in the
    same replacement, it changes whenever the graph does, so ``mskg validate`` knows an
    unchanged document without reading it (see :mod:`mskg.validation.incremental`)."""
    import hashlib

    digest = hashlib.sha256()
    for piece in pieces:
        digest.update(piece.encode("utf-8"))
    return [*pieces, f'<{graph}> <{CONTENT_DIGEST}> "sha256:{digest.hexdigest()}" .\n']


def load_documents(
    store,
    paths: Iterable[Path],
    *,
    progress: Callable[[Path], None] | None = None,
    extract: Callable[..., Extraction] = extract_text,
    vocabularies: bool = False,
    replace: bool = False,
    lenient: bool = False,
    stop: Stop | None = None,
    isolate: bool = False,
    jobs: int | None = None,
) -> list[LoadReport]:
    """Extract each document and replace its named graph, one atomic write per document,
    writing each document as soon as it is extracted: memory holds a few documents at a
    time, however many are given.

    Every file is read (and checked) before anything is written, so an unreadable file
    (:class:`mskg.errors.InputError`) leaves the store as it was. A document whose text
    (normalised, see :func:`mskg.ingest.identity.text_digest`) equals a stored
    document's under another name is refused unless ``replace``, which drops the stored
    one. ``lenient`` reads past undecodable bytes (see :func:`mskg.ingest.read_document`).
    With ``vocabularies`` the ontology and concept schemes are written first when the
    store's differ from this version's. The inferred graphs (``mskg.inference``) are
    refreshed for each document written (:class:`mskg.inference.Refresh`); a mark in
    the store says they are stale until the ingest ends (``mskg validate`` reports a
    run killed in between).

    ``stop`` lets another thread stop the load (see :class:`Stop`): before the first
    document is written, nothing is written; after, the load stops at the next
    document boundary — every document is stored entirely or not at all, the ones
    written stay, and the inferred graphs are refreshed for them. An extraction that
    fails (:class:`mskg.errors.InputError` naming the document) stops the load the
    same way.

    With ``isolate`` the documents are extracted and mapped in ``jobs`` child processes
    (default: one per core, :func:`default_jobs`), each taking the next document when it
    is done, and written here in the order given: the store is the same whatever
    ``jobs`` is. A stop kills the children at once: extraction makes single C-level
    calls (a regular expression or a ``str.translate`` over a 10 MB text) that hold the
    GIL for seconds, during which no thread of their process could react.

    ``extract`` is :func:`mskg.ingest.extract_text` or a function of the same signature
    (the tests pass one that reuses extractions), used when not ``isolate``; an isolated
    extraction always uses :func:`mskg.ingest.extract_text`.
    """
    from mskg.inference import Additions, Refresh, mark_pending, pending, rules
    from mskg.ingest.identity import same_text_documents

    stop = stop or Stop()
    paths = list(paths)

    def refreshed(reports: list[LoadReport]) -> str:
        """What a stop waited for by the refresh leaves stored."""
        names = ", ".join(r.document for r in reports) or "none"
        return (f"interrupted (Ctrl-C): {len(reports)} of {len(paths)} documents stored ({names}), "
                "the rest left as they were; inferred graphs refreshed")

    stop.total = len(paths)
    seen: dict[str, Path] = {}
    for p in paths:
        doc = document_id(p)
        if doc in seen and seen[doc] != p:
            raise InputError(f"{p}: same document id {doc!r} as {seen[doc]}; rename one of the files")
        seen[doc] = p
    # Read and check every file before anything is written, keeping only its digests: the
    # text's, which the mapper records, and the bytes', which tells it whether the file
    # it reads again is still the one checked.
    work = [_Job(i, document_id(p), p, lenient, *_digests(p, lenient)) for i, p in enumerate(paths)]
    superseded = same_text_documents(store, [(job.document, job.path, job.digest) for job in work], replace=replace)
    if isolate and work:
        mapped: Iterator[_Mapped] = _extract_apart(work, stop, jobs or default_jobs())
    else:
        mapped = (_map(job, extract) for job in work)

    reports: list[LoadReport] = []
    refresh: Refresh | None = None
    additions: Additions | None = None
    stored: set[str] = set()  # the store's graphs when writing began, and those written since
    written = 0  # triples written since the store last flushed its write buffers
    refreshing = False  # a write that is not additive happened: the inferred graphs wait for finish()

    def refresh_later() -> None:
        """Before the first write that is not additive: from now on a stop waits, and
        the inferred graphs are marked stale until :meth:`Refresh.finish`."""
        nonlocal refreshing
        if not refreshing:
            stop.hold()
            stop.changed()
            mark_pending(store)
            refreshing = True

    def begin() -> Refresh:
        stop.start_writing()
        stored.update(store.graphs())
        had_documents = any(g.startswith(DOCUMENT_GRAPHS) for g in stored)
        changed = vocabularies and not vocabularies_current(store)
        missing = any(r.graph not in stored for r in rules())
        full = had_documents and (changed or pending(store) or missing)
        if full:
            refresh_later()
        if changed:
            if not refreshing:  # a store without documents: nothing to refresh
                stop.hold()
            stop.changed()
            load_vocabularies(store)
            if not refreshing:
                stop.release()
        return Refresh(store, full=full)

    finishing = False  # the refresh after the last document has begun
    try:
        for result in mapped:
            if refresh is None:
                refresh = begin()
            stop.check()
            report = result.report
            graph = report.graph
            if (store.adds_atomically and not refresh.full and graph not in stored
                    and not superseded.get(report.document)):
                # new to the store: the document and what it adds to the inferred graphs,
                # one transaction that a stop before its end abandons
                if additions is None:
                    additions = Additions(store)
                trig, inferred = additions.prepare(graph, result.pieces, stop.check)  # hands the pieces on
                try:
                    store.add_trig(stop.committing(trig, report.document, every=1),
                                   statements=report.triples + 1 + inferred)  # and the content digest
                except BaseException:
                    stop.release()
                    raise
                stop.committed(report.document)
                stored.add(graph)
            else:
                refresh_later()
                refresh.before(graph, exists=graph in stored)
                store.replace_graph_text(graph, stop.checked(result.pieces, every=1))
                stored.add(graph)
                refresh.after(graph)
                for old in superseded.get(report.document, []):
                    refresh.before(document_graph(old))
                    store.drop_graph(document_graph(old))
                    refresh.after(document_graph(old))
            reports.append(report)
            written += report.triples
            if written >= FLUSH_EVERY:  # the store's write buffers stay bounded
                store.flush()
                written = 0
            if progress:
                progress(Path(report.path))
        if refresh is None and vocabularies:
            refresh = begin()
        if refreshing:
            # still holding: a Ctrl-C now waits for the refresh (else the inferred graphs
            # would be left stale) and is told that everything was written
            finishing = True
            stop.outcome = refreshed(reports)
            refresh.finish()
    except Interrupted:
        if not refreshing:
            raise Interrupted(stop.account()) from None  # each document written is whole, with its inferences
        refresh.finish()
        stop.outcome = refreshed(reports)
        raise Interrupted(stop.outcome) from None
    except BaseException:
        if refreshing and not finishing:
            refresh.finish()
        raise
    finally:
        close = getattr(mapped, "close", None)
        if close:
            close()
        stop.release()
    if refresh is not None:
        # compaction, or a rewrite of the store, changes no content: Ctrl-C may abandon it
        store.optimize(written=sum(r.triples for r in reports))
    return reports


DOCUMENT_GRAPHS = document_graph("")


def _digests(path: Path, lenient: bool) -> tuple[str, str]:
    from mskg.ingest.identity import text_digest

    text, content = read_document_bytes(path, lenient=lenient)
    return text_digest(text), content


def _extract_apart(work: list[_Job], stop: Stop, jobs: int) -> Iterator[_Mapped]:
    """Map ``work`` in up to ``jobs`` child processes that ``stop`` can kill, yielding the
    results in the order of ``work``; an error in a child comes back raised here.

    Each child takes one document at a time; at most two documents per child are
    extracted ahead of the one being written, so memory stays bounded."""
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("spawn")  # no fork of a process holding store threads
    level = logging.getLogger("mskg").level
    children: list = []
    idle: list = []
    busy: dict = {}  # connection → job index
    done: dict[int, _Mapped] = {}
    ahead = 2 * jobs
    queue = iter(work)
    following = 0  # index of the next result to yield
    sent = 0
    try:
        for _ in range(min(jobs, len(work))):
            mine, theirs = context.Pipe(duplex=True)
            child = context.Process(target=_child, args=(theirs, level), daemon=True)
            stop.start_child(child)
            theirs.close()
            children.append((child, mine))
            idle.append(mine)
        while following < len(work):
            while idle and sent < len(work) and sent - following < ahead:
                conn = idle.pop()
                job = next(queue)
                conn.send(job)
                busy[conn] = job.index
                sent += 1
            if following in done:
                yield done.pop(following)
                following += 1
                continue
            ready = wait(list(busy), timeout=0.1)
            stop.check()
            for conn in ready:
                index = busy.pop(conn)
                try:
                    kind, value = conn.recv()
                except (EOFError, OSError):
                    stop.check()
                    raise InputError(f"{work[index].path}: the extraction process ended without an answer") from None
                if kind == "error":
                    raise value
                done[index] = value
                idle.append(conn)
            for child, conn in children:
                if conn in busy and not child.is_alive() and not conn.poll(0):
                    stop.check()
                    raise InputError(f"{work[busy[conn]].path}: the extraction process ended without an answer "
                                     f"(exit code {child.exitcode})")
    finally:
        for child, conn in children:
            try:
                conn.send(None)  # no more work
            except OSError:
                pass
        for child, conn in children:
            if not stop.requested:
                child.join(timeout=5)
            if child.is_alive():
                child.kill()
            conn.close()


def _child(conn, level: int) -> None:
    """An extraction process: Ctrl-C is the parent's business; it maps the documents it
    is sent, one at a time, and sends back each result or the error, until told to stop."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=level or logging.WARNING, format="mskg: %(message)s")
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        while (job := conn.recv()) is not None:
            try:
                conn.send(("ok", _map(job)))
            except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
                conn.send(("error", exc))
    except (EOFError, OSError):
        pass  # the parent is gone or closed the pipe
    conn.close()
    # Nothing is left to flush; tearing down the interpreter and its lexicons takes a
    # second or more, which the parent would wait for.
    os._exit(0)
def _exit_with_parent(parent: int) -> None:
    """End the extraction process when the process that started it is gone (killed,
    SIGTERM): nobody would read its result."""
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
