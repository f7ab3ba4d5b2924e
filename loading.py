"""Load documents and vocabularies into a graph store: the work behind ``ingest`` and ``build``."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mskg.errors import InputError
from mskg.identifiers import ONTOLOGY_GRAPH, SCHEMES_GRAPH, document_graph, document_id
from mskg.ingest import extract_text, read_document
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


class Stop:
    """A request to stop a load, made from another thread (Ctrl-C in the main thread).

    Before the first write the load is simply abandoned: nothing was written. Once it
    writes, it stops at the next safe point — between chunks of a document's staging
    graph, or between documents — refreshes the inferred graphs and raises
    :class:`Interrupted`. The lock makes "has it started writing?" and "stop" one step.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requested = False
        self._writing = False
        self._children: list = []  # extraction processes, killed on request

    def request(self) -> bool:
        """Ask the load to stop; True when it must be waited for (it is writing)."""
        with self._lock:
            self._requested = True
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
                raise Interrupted("interrupted (Ctrl-C) before anything was written; the store is unchanged")
            child.start()
            self._children.append(child)

    def start_writing(self) -> None:
        with self._lock:
            if self._requested:
                raise Interrupted("interrupted (Ctrl-C) before anything was written; the store is unchanged")
            self._writing = True

    def finish_writing(self) -> None:
        """The load has written everything: from now on it can be abandoned again."""
        with self._lock:
            self._writing = False

    @property
    def requested(self) -> bool:
        return self._requested

    def check(self) -> None:
        if self._requested:
            raise Interrupted("interrupted (Ctrl-C)")

    def checked(self, triples: Iterable, every: int = 1000) -> Iterator:
        """``triples``, stopping with :class:`Interrupted` when a stop is requested."""
        for i, triple in enumerate(triples):
            if i % every == 0:
                self.check()
            yield triple


class Interrupted(KeyboardInterrupt):
    """A load stopped on request; the message says what was stored."""


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
) -> list[LoadReport]:
    """Extract each document and replace its named graph, one atomic write per document.

    Every file is read and extracted before anything is written, so an unreadable file
    (:class:`mskg.errors.InputError`) or a Ctrl-C during extraction leaves the store as
    it was. A document whose text (normalised, see :func:`mskg.ingest.identity.text_digest`)
    equals a stored document's under another name is refused unless ``replace``, which
    drops the stored one. ``lenient`` reads past undecodable bytes (see
    :func:`mskg.ingest.read_document`). With ``vocabularies`` the ontology and concept schemes are
    replaced first. After the documents, the inference rules (``mskg.inference``)
    refresh their graphs, since they read the union of all documents; a mark in the
    store says they are stale until then (``mskg validate`` reports a run killed in
    between). ``stop`` lets another thread stop the load (see :class:`Stop`).

    With ``isolate`` the extraction runs in a child process, so that a stop takes
    effect at once: extraction makes single C-level calls (a regular expression or a
    ``str.translate`` over a 10 MB text) that hold the GIL for seconds, during which no
    thread of this process, not even the one that receives Ctrl-C, can run.

    ``extract`` is :func:`mskg.ingest.extract_text` or a function of the same signature
    (the tests pass one that reuses extractions); an isolated extraction always uses
    :func:`mskg.ingest.extract_text`.
    """
    from mskg.inference import mark_pending, materialise
    from mskg.ingest.identity import same_text_documents
    from mskg.ingest.rdf import extraction_to_graph

    stop = stop or Stop()
    paths = list(paths)
    texts = [(p, read_document(p, lenient=lenient)) for p in paths]
    seen: dict[str, Path] = {}
    for p, _ in texts:
        doc = document_id(p)
        if doc in seen and seen[doc] != p:
            raise InputError(f"{p}: same document id {doc!r} as {seen[doc]}; rename one of the files")
        seen[doc] = p
    superseded = same_text_documents(store, [(document_id(p), p, text) for p, text in texts], replace=replace)
    jobs = [(document_id(p), p.name, text) for p, text in texts]
    if isolate:
        extractions = _extract_apart(jobs, stop)
    else:
        extractions = [extract(text, document=doc, path=name) for doc, name, text in jobs]
    extracted = []
    for (p, _), (doc, _, _), ex in zip(texts, jobs, extractions):
        stop.check()
        extracted.append((p, doc, ex, extraction_to_graph(ex)))
    stop.start_writing()
    reports: list[LoadReport] = []
    try:
        if extracted or vocabularies:
            mark_pending(store)
        if vocabularies:
            load_vocabularies(store)
        for p, doc, ex, graph in extracted:
            stop.check()
            store.replace_graph(document_graph(doc), stop.checked(graph))
            for old in superseded.get(doc, []):
                store.drop_graph(document_graph(old))
            reports.append(
                LoadReport(
                    document=doc,
                    path=str(p),
                    graph=document_graph(doc),
                    title=ex.plan.title,
                    kind=ex.plan.kind,
                    items=len(ex.items),
                    responsibilities=sum(len(i.responsibilities) for i in ex.items),
                    targets=len(ex.targets),
                    places=len(ex.places),
                    triples=len(graph),
                    notices=tuple(ex.notices),
                )
            )
            if progress:
                progress(p)
    except Interrupted:
        materialise(store)
        stored = ", ".join(r.document for r in reports) or "none"
        raise Interrupted(
            f"interrupted (Ctrl-C): {len(reports)} of {len(extracted)} documents stored ({stored}), "
            "the rest left as they were; inferred graphs refreshed"
        ) from None
    finally:
        stop.finish_writing()
    if extracted or vocabularies:
        materialise(store)
    stop.finish_writing()  # compaction changes no content: Ctrl-C may abandon it
    if extracted or vocabularies:
        store.optimize()
    return reports


def _extract(job: tuple[str, str, str]):
    document, name, text = job
    return extract_text(text, document=document, path=name)


def _extract_apart(jobs: list[tuple[str, str, str]], stop: Stop) -> list:
    """Extract ``jobs`` in a child process that ``stop`` can kill; errors come back as raised."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # no fork of a process holding store threads
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(jobs, sender, logging.getLogger("mskg").level), daemon=True)
    stop.start_child(child)
    sender.close()
    try:
        while not receiver.poll(0.1):
            stop.check()
            if not child.is_alive() and not receiver.poll(0):
                raise InputError(f"the extraction process ended without an answer (exit code {child.exitcode})")
        try:
            kind, value = receiver.recv()
        except EOFError:
            stop.check()
            raise InputError(f"the extraction process ended without an answer (exit code {child.exitcode})") from None
    finally:
        child.join(timeout=5) if not stop.requested else None
        if child.is_alive():
            child.kill()
        receiver.close()
    if kind == "error":
        raise value
    return value


def _child(jobs, sender, level: int) -> None:
    """The extraction process: Ctrl-C is the parent's business; results or the error go back."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=level or logging.WARNING, format="mskg: %(message)s")
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        sender.send(("ok", [_extract(job) for job in jobs]))
    except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
        sender.send(("error", exc))
    finally:
        sender.close()


def _exit_with_parent(parent: int) -> None:
    """End the extraction process when the process that started it is gone (killed,
    SIGTERM): nobody would read its result."""
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
