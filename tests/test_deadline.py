"""Ctrl-C around a writer (mskg.graph_store.deadline.call): the main thread is interrupted
as the SIGINT handler interrupts it (``_thread.interrupt_main``), the worker is real."""

from __future__ import annotations

import _thread
import signal
import threading
import time

import pytest

from mskg.graph_store import deadline
from mskg.loading import Interrupted


@pytest.fixture(autouse=True)
def _sigint_raises():
    """SIGINT raises KeyboardInterrupt here, as in an interactive shell: a test runner
    started in the background inherits SIGINT ignored, and then ``interrupt_main`` does
    nothing."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _interrupt_after(seconds: float) -> None:
    threading.Timer(seconds, _thread.interrupt_main).start()


def test_a_writer_is_waited_for_until_it_has_written_not_until_it_ends():
    """Ctrl-C while writing waits for the write; what follows it (a compaction that
    changes no content) is abandoned, and the message says everything was written."""
    state = {"writing": True}
    compaction = threading.Event()

    def work():
        time.sleep(0.5)
        state["writing"] = False
        compaction.wait(30)
        return "done"

    _interrupt_after(0.1)
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt, match="had written everything"):
            deadline.call(work, timeout=None, what="the ingest", on_interrupt=lambda: True,
                          settled=lambda: not state["writing"])
        assert time.monotonic() - started < 5
    finally:
        compaction.set()


def test_the_writers_own_account_of_what_it_stored_is_kept():
    """A writer that stops at a safe point says what it stored: that message reaches the
    user, not a generic one."""
    stop = threading.Event()

    def work():
        stop.wait(30)
        raise Interrupted("interrupted (Ctrl-C): 1 of 2 documents stored (a)")

    def request() -> bool:
        stop.set()
        return True

    _interrupt_after(0.1)
    with pytest.raises(KeyboardInterrupt, match="1 of 2 documents stored"):
        deadline.call(work, timeout=None, what="the ingest", on_interrupt=request, settled=lambda: False)


def test_a_reader_is_abandoned_at_once():
    release = threading.Event()
    _interrupt_after(0.1)
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            deadline.call(lambda: release.wait(30), timeout=None)
        assert time.monotonic() - started < 5
    finally:
        release.set()
