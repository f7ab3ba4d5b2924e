"""The bundled sample corpus: five real seed documents and their manifest."""

from __future__ import annotations

import json
from importlib.resources import as_file, files
from pathlib import Path


def corpus_dir() -> Path:
    """The folder of the bundled corpus (a real path, also inside an installed wheel)."""
    ref = files("mskg.data") / "corpus"
    with as_file(ref) as path:  # package data is installed as plain files
        return Path(path)


def manifest() -> dict:
    """The corpus manifest: file, title, kind, locality, year, where it was published."""
    return json.loads((corpus_dir() / "manifest.json").read_text(encoding="utf-8"))


def corpus_files() -> list[Path]:
    """The corpus documents in manifest order."""
    root = corpus_dir()
    return [root / d["file"] for d in manifest()["documents"]]
