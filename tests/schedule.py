"""The order in which the test modules are handed to the workers: the heaviest first.

`make test` runs the modules on two workers (``--dist loadfile``: a module's tests stay on
one worker, so its module fixtures are built once), each worker taking the next module
when it is done with one. pytest-xdist's own order puts the modules with the most tests
first, which left a module of four tests and two minutes (both SHACL engines over the
corpus) for the end, with the other worker idle. Given the modules heaviest first
(``--no-loadscope-reorder`` keeps this order), the last modules handed out are the
cheapest, and both workers finish at about the same time.

The weights are the seconds each module took in a recorded run (``module_costs.json``:
``{"tests/test_x.py": {"fast": s, "slow": s}}``, the time of its tests not marked slow and
of those marked slow); a module not recorded weighs the median. Record them again after
adding or moving heavy tests:

    .venv/bin/python -m pytest -n 2 --dist loadfile --record-module-costs

Only the order changes: which tests run, and what they assert, does not.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from pathlib import Path

import pytest

COSTS = Path(__file__).with_name("module_costs.json")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--record-module-costs", action="store_true", default=False,
                     help=f"write the seconds each test module took to {COSTS.name} (heaviest modules run first)")


def _module(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def _slow(item: pytest.Item) -> bool:
    return item.get_closest_marker("slow") is not None


@pytest.hookimpl(trylast=True)  # after `-m` and `-k` have deselected
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Sort the modules by their recorded seconds, heaviest first; a module's tests keep
    their order and stay together."""
    costs = json.loads(COSTS.read_text(encoding="utf-8")) if COSTS.exists() else {}
    chosen: dict[str, set[str]] = defaultdict(set)
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        module = _module(item.nodeid)
        first.setdefault(module, index)
        chosen[module].add("slow" if _slow(item) else "fast")
    weight = {m: sum(costs[m].get(kind, 0.0) for kind in kinds) for m, kinds in chosen.items() if m in costs}
    default = statistics.median(weight.values()) if weight else 0.0
    items.sort(key=lambda item: (-weight.get(_module(item.nodeid), default), first[_module(item.nodeid)]))


class _Recorder:
    """Seconds per module and kind from the reports the workers send (setup, call and
    teardown), written when the session ends."""

    def __init__(self) -> None:
        self.seconds: dict[str, dict[str, float]] = defaultdict(lambda: {"fast": 0.0, "slow": 0.0})

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        kind = "slow" if "slow" in report.keywords else "fast"  # a report's keywords hold its markers
        self.seconds[_module(report.nodeid)][kind] += report.duration

    @pytest.hookimpl
    def pytest_sessionfinish(self) -> None:
        write_costs({m: {k: round(v, 1) for k, v in kinds.items()} for m, kinds in self.seconds.items()})


def write_costs(recorded: dict[str, dict[str, float]]) -> None:
    """Merge ``recorded`` into ``module_costs.json`` (modules not run keep their figures),
    one line per module."""
    table = json.loads(COSTS.read_text(encoding="utf-8")) if COSTS.exists() else {}
    table.update(recorded)
    lines = [f" {json.dumps(m)}: {json.dumps(table[m])}" for m in sorted(table)]
    COSTS.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("record_module_costs") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(_Recorder(), "module-costs-recorder")
