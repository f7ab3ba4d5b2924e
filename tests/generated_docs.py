"""The script that regenerates the README's generated parts (``scripts/readme.py``, run by
``make docs``), for the tests that check it and the snapshot switches that call it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "readme.py"


def script():
    """``scripts/readme.py`` as a module (it is not part of the package)."""
    spec = importlib.util.spec_from_file_location("readme_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def regenerate() -> None:
    """Rewrite the README's generated parts, after a snapshot they read was regenerated."""
    script().main([])
