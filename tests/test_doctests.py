"""Docstring examples are tests: every module's doctests run and pass."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import mskg


def modules() -> list[str]:
    names = ["mskg"]
    for info in pkgutil.walk_packages(mskg.__path__, prefix="mskg."):
        if ".tests" in info.name or info.name.startswith("mskg.bench"):
            continue
        names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", modules())
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
