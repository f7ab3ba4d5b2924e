"""Rewriting an embedded store through Oxigraph's bulk loader, which compresses its files.

Why: pyoxigraph opens RocksDB with ``OptimizeLevelStyleCompaction``, which leaves level 0
and the base level uncompressed (``compression_per_level=kNoCompression:kNoCompression:
kLZ4Compression:…`` in the store's OPTIONS file). With dynamic level sizes the base level
is the last level until a column family holds 512 MB, so every file a compaction writes
into a store of a few million statements is uncompressed; only the files of the bulk
loader are LZ4-compressed, and only until a compaction merges them with others. An ingest
writes each document with one bulk load, compactions merge those files, and the store ends
uncompressed: 336 bytes per statement for the corpus ×40, against 190 for the same quads
bulk-loaded into an empty store. pyoxigraph offers no option to change this.

How: the store's quads are bulk-loaded into a new folder beside it, in one part, whose
files go to the last level, one file per column family; the two folders are then exchanged
in one atomic rename (``renameat2(RENAME_EXCHANGE)`` on Linux, ``renamex_np(RENAME_SWAP)`` on
macOS): a kill at any moment leaves one complete store at the store's path, and a folder
left beside it is removed by the next opening for writing (:func:`leftovers`). Where the
system cannot exchange two folders the store is compacted as before, never replaced in two
steps.

Limits: the bulk loader holds one load in memory, and its set of encoded quads is sized
for the whole load: up to 917,504 statements it has 2**20 slots (of about 160 bytes, one
encoded quad), above that 2**21 (Rust's hash tables keep a load factor of 7/8). Loaded
from an N-Quads file in a process of their own, 917,000 statements peaked at 802 MB and
the corpus ×40's 925,019 at 970 MB (1,023 MB copied from the open store, 1,024 MB within
the ingest); the ingest of the corpus ×39 (902,104 statements), rewritten,
peaked at 945 MB. So a store of more than :data:`PART` statements is only compacted.
pyoxigraph's bulk loaders take no memory or batch size (the Rust loader does), and
feeding the loader from an N-Quads file written by ``Store.dump``, the old store closed,
saves only the old store's caches (970 MB instead of 1,023 for the corpus ×40).
Loading in two parts would keep the memory bounded and the files compressed (the
second part's files go to level 0, where one file per column family starts no
compaction), but every read then merges two files per index: the stored queries took 1.5
times the CPU time at ×40 (plan-overview and shared-indicators twice), against the same
time for one part as for the uncompressed store. Rewriting costs about as much as writing
the store again (16–20 CPU-seconds for a million statements), so a load rewrites the store
only when it wrote a large share of it (:func:`worth_it`); the next compaction (a later
small ingest) writes uncompressed files again.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import secrets
import sys
from pathlib import Path

import pyoxigraph as ox

#: the largest store rewritten: one load of this many statements peaks at 802 MB; above
#: 917,504 the loader's hash set of quads doubles (the corpus ×40, 925,019: 1,024 MB in
#: the ingest, over the 1 GB the ingest may take)
PART = 917_000

#: a load rewrites the store when it wrote at least this share of its statements
SHARE = 0.25

_SUFFIX = ".rewrite-"


def worth_it(written: int, total: int) -> bool:
    """Is rewriting a store of ``total`` statements worth it after ``written`` were
    written? When they are at least :data:`SHARE` of it (the rewrite costs about as
    much as writing the store again) and the store fits in one load (:data:`PART`)."""
    return 0 < total <= PART and written >= SHARE * total


def sibling(store: Path) -> Path:
    """A new folder name beside ``store`` for its rewrite (hidden, never in use)."""
    return store.with_name(f".{store.name}{_SUFFIX}{secrets.token_hex(6)}")


def leftovers(store: Path) -> list[Path]:
    """Folders a rewrite of ``store`` left beside it: a copy being written, or the
    previous store after the exchange, when the process was killed before removing it."""
    return sorted(store.parent.glob(f".{store.name}{_SUFFIX}*"))


def copy(source: ox.Store, target: ox.Store) -> None:
    """Every quad of ``source`` bulk-loaded into the empty ``target`` in one load (one
    file per column family, in the last level)."""
    target.bulk_extend(source)


def can_exchange() -> bool:
    """Does this system offer an atomic exchange of two folders?"""
    return _exchange_function() is not None


def exchange(a: Path, b: Path) -> str | None:
    """Swap folders ``a`` and ``b`` in one atomic rename; None when done, else why not
    (the system or the file system cannot, or the rename failed): nothing moved then."""
    function = _exchange_function()
    if function is None:
        return f"{sys.platform} offers no atomic exchange of two folders"
    if sys.platform == "darwin":
        result = function(os.fsencode(a), os.fsencode(b), _RENAME_SWAP)
    else:
        result = function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return None
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return f"the file system of {a} cannot exchange two folders atomically"
    return f"cannot exchange {a} and {b}: {os.strerror(code)}"


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h
_RENAME_SWAP = 2  # macOS stdio.h


def _exchange_function():  # noqa: ANN202 - a ctypes function or None
    if sys.platform.startswith("linux"):
        name, args = "renameat2", [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    elif sys.platform == "darwin":
        name, args = "renamex_np", [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
    else:
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        function = getattr(libc, name)
    except (OSError, AttributeError):  # a C library without it (glibc before 2.28, musl)
        return None
    function.argtypes = args
    function.restype = ctypes.c_int
    return function
