"""The user's cache of derived data files (township table, tokenizer dictionary, records
of lexicon files that passed their shapes).

Files are derived from installed packages and lexicons, named by what they were made
from, and written atomically; a cache that cannot be written or read is simply not
used, so ingest never fails because of it.

The folder is ``$MSKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/mskg``, else
``~/.cache/mskg``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import IO


def cache_dir() -> Path:
    """The folder of mskg's cache files (not created here)."""
    if os.environ.get("MSKG_CACHE_DIR"):
        return Path(os.environ["MSKG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mskg"


def write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> bool:
    """Write ``path`` through a temporary file renamed into place, so a concurrent
    reader sees the old file or the whole new one. False when it cannot be written."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        return False


def touch(path: Path) -> None:
    """Mark a cache file as just used (its modification time), so pruning keeps it."""
    try:
        os.utime(path)
    except OSError:
        pass


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Remove all but the ``keep`` most recently used files matching ``pattern``.

    Several checkouts or versions of mskg may share one cache folder, each with files made
    from its own lexicons: removing every other file would make them rebuild theirs in
    turn, so the few used last stay."""
    try:
        found = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    except OSError:
        return
    for old in found[keep:]:
        try:
            old.unlink()
        except OSError:
            pass

