"""The README and the package map say what the code does: their generated parts are
current, and every command and sub-package is described."""

from __future__ import annotations

import importlib.util
import pkgutil
import re
from pathlib import Path

import generated_docs
import pytest

import mskg
from mskg.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def test_the_generated_parts_of_the_readme_are_current():
    script = generated_docs.script()
    text = README.read_text(encoding="utf-8")
    names = set(re.findall(r"<!-- generated: ([\w-]+) \(make docs\) -->", text))
    assert names == set(script.PARTS), f"README has generated parts {sorted(names)}, the script {sorted(script.PARTS)}"
    assert script.generate(text) == text, "README.md is stale: run `make docs` and commit the result"


@pytest.mark.parametrize("old, stale", [
    ("| `--bom` |", "| `--bom-old` |"),  # the command reference
    ("| seed corpus (", "| seed corpus (4"),  # the score table
    ("… (2 rows; IRI columns and long cells trimmed here)", "… (3 rows; IRI columns and long cells trimmed here)"),  # a count
])
def test_a_stale_readme_is_detected(old, stale):
    text = README.read_text(encoding="utf-8")
    changed = text.replace(old, stale, 1)
    assert changed != text and generated_docs.script().generate(changed) == text


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_in_the_reference_with_every_option(name):
    text = README.read_text(encoding="utf-8")
    section = text.split(f"#### `mskg {name}`\n", 1)[1].split("\n#### ", 1)[0]
    for param in main.commands[name].params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("-") and opt not in ("-h", "--help"):
                assert opt in section, f"the reference of `mskg {name}` lacks {opt}"


def test_the_package_map_names_every_sub_package():
    packages = {f"mskg.{info.name}" for info in pkgutil.iter_modules(mskg.__path__) if info.ispkg}
    packages.discard("mskg.tests")
    named = set(re.findall(r"``(mskg(?:\.\w+)+)``", mskg.__doc__))
    missing = sorted(p for p in packages if p not in named)
    assert not missing, f"mskg/__init__.py does not describe {missing}"
    unknown = sorted(n for n in named if importlib.util.find_spec(n) is None)
    assert not unknown, f"mskg/__init__.py names modules that do not exist: {unknown}"
