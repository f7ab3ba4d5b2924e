"""Files named on the command line: files as given, folders expanded by suffix."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mskg.errors import InputError


def expand(paths: Iterable[str | Path], suffixes: Iterable[str], *, what: str) -> list[Path]:
    """Files as given, and the files of each folder whose suffix is in ``suffixes``, sorted.

    ``what`` names the files in messages ("documents", "shapes files").

    :raises InputError: for a path that does not exist or a folder with no such file.
    """
    wanted = {s.lower() for s in suffixes}
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in wanted)
            if not found:
                raise InputError(f"{p}: no {what} ({', '.join('*' + s for s in sorted(wanted))}) in this folder")
            out.extend(found)
        elif p.is_file():
            out.append(p)
        elif p.exists():
            # a FIFO, a device or a socket: read_document names the kind and refuses it
            out.append(p)
        else:
            raise InputError(f"{p}: no such file or folder (looking for {what})")
    return out
