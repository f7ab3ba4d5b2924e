"""Text handed to pyoxigraph's parsers and writers in pieces, so that neither side holds
all of it: a readable stream over an iterator of byte strings, and lines joined into
pieces of a bounded size.

>>> reader = ChunkReader(iter([b"<a> <b> ", b"<c> .\\n"]))
>>> reader.read()
b'<a> <b> <c> .\\n'
>>> list(batches([b"ab", b"cd", b"e"], size=3))
[b'abcd', b'e']
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator


class ChunkReader(io.RawIOBase):
    """A readable binary stream over ``chunks``, read from the iterator only as the
    reader asks: an exception the iterator raises (a stop request) reaches the reader
    (pyoxigraph's parser passes it on unchanged, abandoning a load)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self._chunks = chunks
        self._pending = b""
        self._at = 0  # bytes of ``_pending`` already read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # noqa: ANN001 - a writable buffer
        while self._at >= len(self._pending):
            self._pending, self._at = next(self._chunks, None), 0
            if self._pending is None:
                self._pending = b""
                return 0
        n = min(len(buffer), len(self._pending) - self._at)
        buffer[:n] = self._pending[self._at:self._at + n]
        self._at += n
        return n


def batches(lines: Iterable[bytes], size: int = 1 << 16) -> Iterator[bytes]:
    """``lines`` joined into pieces of about ``size`` bytes."""
    batch: list[bytes] = []
    held = 0
    for line in lines:
        batch.append(line)
        held += len(line)
        if held >= size:
            yield b"".join(batch)
            batch, held = [], 0
    if batch:
        yield b"".join(batch)
