"""The built wheel installs one import package with its data files; the console script runs."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("mskg-*.whl")
    return found


@pytest.mark.slow  # builds the wheel with pip
def test_wheel_has_one_top_level_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"mskg"}
    # generic names must not leak to the top of site-packages
    assert not any(n.startswith(("ingest/", "queries/", "cli.py", "tests/")) for n in names)


@pytest.mark.slow
def test_wheel_carries_data_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "mskg/cli.py" in names
    assert "mskg/ontology/mskg.ttl" in names
    assert any(n.startswith("mskg/queries/") and n.endswith(".rq") for n in names)
    assert any(n.startswith("mskg/shapes/") and n.endswith(".ttl") for n in names)
    assert "mskg/data/corpus/manifest.json" in names
    assert sum(n.startswith("mskg/data/corpus/") and n.endswith(".txt") for n in names) == 5
    assert not any("/tests/" in n or n.startswith("mskg/tests") for n in names)


def test_console_script_runs():
    exe = Path(sys.executable).with_name("mskg")
    done = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("mskg, version ")


def test_every_sub_package_is_listed_for_the_wheel():
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    code = {"mskg"} | {
        "mskg." + p.parent.name
        for p in ROOT.glob("*/__init__.py")
        if p.parent.name not in {"tests", "build", "bench", "scripts"}
    }
    # data-only folders inside a package: declared too, or setuptools warns and may drop them
    data = {
        "mskg." + ".".join(d.relative_to(ROOT).parts)
        for package in code - {"mskg"}
        for d in (ROOT / package.split(".")[1]).iterdir()
        if d.is_dir() and d.name != "__pycache__" and not (d / "__init__.py").exists()
    }
    assert code | data == listed
