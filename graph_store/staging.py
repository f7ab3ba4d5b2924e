"""Staging graphs: where a replacement graph is written before it is moved into place.

A staging graph lives under a reserved namespace of the graph space; its name holds
the time it was created, so a remote store can tell an abandoned one (a killed run)
from one another client is writing right now. Staging graphs are never listed by
``graphs()`` and never part of a query's dataset.

>>> name = new_staging_graph()
>>> is_staging(name)
True
>>> created_at(name) > 0
True
>>> is_staging("https://w3id.org/mskg/graph/document/x")
False
"""

from __future__ import annotations

import re
import secrets
import time

from mskg.identifiers import GRAPH

STAGING_PREFIX = GRAPH + "staging/"

#: A graph name inside the reserved namespace that is never written: the dataset
#: used for queries when the store holds no graph at all.
EMPTY_GRAPH = STAGING_PREFIX + "empty"

_NAME = re.compile(re.escape(STAGING_PREFIX) + r"(\d+)-([0-9a-f]+)$")


def new_staging_graph() -> str:
    """A fresh staging-graph IRI: creation time in milliseconds and a random token."""
    return f"{STAGING_PREFIX}{time.time_ns() // 1_000_000}-{secrets.token_hex(8)}"


def is_staging(graph: str) -> bool:
    """True for every IRI of the reserved namespace (staging graphs and EMPTY_GRAPH)."""
    return graph.startswith(STAGING_PREFIX)


def created_at(graph: str) -> float:
    """Creation time (seconds since the epoch) of a staging graph; 0.0 if unknown."""
    match = _NAME.match(graph)
    return int(match.group(1)) / 1000 if match else 0.0
