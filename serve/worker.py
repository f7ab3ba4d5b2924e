"""Queries run in a worker process that can be stopped: the time limit of ``mskg serve``.

pyoxigraph gives no way to interrupt a running query, and a thread cannot be killed, so
every job goes to a child process that opens the store itself (read-only for the
embedded store, afresh for each job, so an ingest that finished is seen). A job that
passes the time limit is stopped by killing the child; the next job starts a new one.
Jobs run one at a time; the answer is already serialised bytes.
"""

from __future__ import annotations

import multiprocessing
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from mskg.formats import RDF, RESULTS

#: media types by result format (SELECT/ASK and graphs)
MEDIA_TYPES = {f.name: f.media_type for f in (*RESULTS.only("json", "csv", "tsv"), *RDF.only("turtle", "ntriples", "jsonld"))}


@dataclass
class Answer:
    """What a job gave: HTTP status, media type and body (or an error message)."""

    status: int
    media_type: str
    body: bytes


class QueryTimeout(Exception):
    """The job passed the time limit and was stopped."""


def _render(result: Any, fmt: str) -> tuple[str, bytes]:
    from mskg.results import render, render_boolean

    if result.kind == "select":
        fmt = fmt if fmt in ("json", "csv", "tsv") else "json"
        return fmt, render(result.variables, result.rows, fmt).encode("utf-8")
    if result.kind == "ask":
        return "json", render_boolean(bool(result.boolean), "json").encode("utf-8")
    fmt = fmt if fmt in ("turtle", "ntriples", "jsonld") else "turtle"
    rdflib_format = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}[fmt]
    return fmt, result.graph.serialize(format=rdflib_format).encode("utf-8")


def _job(store_options: dict, job: tuple) -> Answer:
    from mskg.errors import EndpointError, MskgError
    from mskg.graph_store import open_store

    try:
        with open_store(**store_options) as store:
            kind = job[0]
            if kind == "sparql":
                _, text, fmt = job
                result = store.query(text)
            elif kind == "stored":
                from mskg.queries import run

                _, name, values, fmt = job
                result = run(store, name, values)
            elif kind == "void":
                from mskg.graph_store.void import void_description

                _, endpoint = job
                return Answer(200, MEDIA_TYPES["turtle"], void_description(store, endpoint=endpoint))
            else:  # pragma: no cover - the app sends only the kinds above
                raise ValueError(kind)
            fmt, body = _render(result, fmt)
            return Answer(200, MEDIA_TYPES[fmt] + ("; charset=utf-8" if fmt in ("csv", "tsv") else ""), body)
    except EndpointError as exc:
        return Answer(502, "text/plain; charset=utf-8", str(exc).encode("utf-8"))
    except MskgError as exc:
        return Answer(400, "text/plain; charset=utf-8", str(exc).encode("utf-8"))


def _serve(conn: Connection, store_options: dict) -> None:
    """The child: answer jobs from ``conn`` until it closes."""
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = _job(store_options, job)
        except Exception as exc:  # noqa: BLE001 - the parent reports it; the child stays up
            answer = Answer(500, "text/plain; charset=utf-8", f"internal error: {type(exc).__name__}: {exc}".encode())
        conn.send(answer)


class QueryRunner:
    """Runs jobs in a child process, one at a time, each within ``timeout`` seconds."""

    def __init__(self, store_options: dict, timeout: float) -> None:
        self.store_options = store_options
        self.timeout = timeout
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def start(self) -> None:
        with self._lock:
            self._ensure()

    def _ensure(self) -> Connection:
        if self._process is None or not self._process.is_alive():
            parent, child = self._context.Pipe()
            self._process = self._context.Process(
                target=_serve, args=(child, self.store_options), name="mskg-query", daemon=True
            )
            self._process.start()
            child.close()
            self._conn = parent
        assert self._conn is not None
        return self._conn

    def run(self, job: tuple) -> Answer:
        """The answer to ``job``; QueryTimeout when it took longer than the limit."""
        with self._lock:
            conn = self._ensure()
            conn.send(job)
            if conn.poll(self.timeout):
                try:
                    return conn.recv()
                except (EOFError, OSError):
                    self._stop()
                    return Answer(500, "text/plain; charset=utf-8", b"the query process ended without an answer")
            self._stop()
            raise QueryTimeout(f"the query ran longer than the time limit of {self.timeout:g} s and was stopped")

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(10)
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None

    def close(self) -> None:
        with self._lock:
            self._stop()
