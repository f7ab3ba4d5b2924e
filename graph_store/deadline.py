"""Queries that stop on Ctrl-C and on a time limit, whatever the engine does meanwhile.

A SPARQL engine evaluates a query in native code (pyoxigraph releases the GIL and
does not look at Python's signals), so a query run in the main thread would ignore
Ctrl-C until it finishes, and nothing could bound its time. :func:`call` runs the
query in a daemon worker thread and waits for it in slices: a SIGINT raises
``KeyboardInterrupt`` in the waiting main thread at once, a deadline raises
:class:`~mskg.errors.TimeLimitError`. The abandoned worker only reads, so the store
is unchanged; it ends with the process.

>>> call(lambda: 6 * 7, timeout=5)
42
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from mskg.errors import TimeLimitError

T = TypeVar("T")

#: how often the waiting thread wakes up (seconds); signals interrupt the wait anyway
SLICE = 0.1


def call(
    work: Callable[[], T],
    *,
    timeout: float | None,
    what: str = "the query",
    on_interrupt: Callable[[], bool] | None = None,
    settled: Callable[[], bool] | None = None,
) -> T:
    """``work()``, interrupted by SIGINT and stopped after ``timeout`` seconds (None: never).

    On Ctrl-C the worker is abandoned, unless ``on_interrupt()`` returns True: the
    worker has been asked to stop at a safe point (a writer that must not stop
    half-way) and is waited for — until it ends, or until ``settled()`` says that what
    is left changes no content (a compaction) — then ``KeyboardInterrupt`` is raised:
    the worker's own (saying what it stored), or one saying that the work had written
    everything when it ended or settled without stopping.

    :raises TimeLimitError: ``work`` ran longer than ``timeout``.
    :raises KeyboardInterrupt: Ctrl-C while waiting.
    """
    if timeout is not None and timeout <= 0:
        timeout = None
    if threading.current_thread() is not threading.main_thread() and timeout is None:
        return work()  # signals reach only the main thread; nothing to gain here
    outcome: dict[str, object] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            outcome["error"] = exc
        finally:
            done.set()

    worker = threading.Thread(target=run, name="mskg-query", daemon=True)
    worker.start()
    import time

    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while not done.wait(SLICE if deadline is None else max(0.0, min(SLICE, deadline - time.monotonic()))):
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeLimitError(
                    f"{what} ran longer than {timeout:g} s and was stopped; narrow it "
                    "(parameters, LIMIT) or give a longer --timeout (0: no limit)"
                )
    except KeyboardInterrupt:
        if on_interrupt is None or not on_interrupt():
            raise
        _wait_ignoring_interrupts(done, settled)
        error = outcome.get("error")
        if isinstance(error, KeyboardInterrupt) and str(error):
            raise error from None  # the worker's account of what it stored
        if error is None or isinstance(error, KeyboardInterrupt):
            raise KeyboardInterrupt(
                f"interrupted (Ctrl-C) after {what} had written everything; what was left changes no content"
            ) from None
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def _wait_ignoring_interrupts(done: threading.Event, settled: Callable[[], bool] | None = None) -> None:
    """Until ``done`` is set, or ``settled()`` holds (then a moment more, for a worker
    that is raising what it stored)."""
    while True:
        try:
            if settled is None:
                done.wait()
                return
            if done.wait(SLICE / 10):
                return
            if settled():
                done.wait(SLICE)
                return
        except KeyboardInterrupt:
            continue
