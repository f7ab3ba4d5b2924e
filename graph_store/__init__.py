"""Graph stores: one small interface, three backends.

>>> with open_store(memory=True) as store:
...     store.graphs()
[]

Backends are imported lazily, by name, when chosen (in the manner of rdflib's
plugin registry): ``embedded`` (pyoxigraph on disk, the default, at
``.mskg/store``), ``memory`` (an rdflib Dataset), ``remote`` (a SPARQL 1.1 server).
"""

from __future__ import annotations

import importlib

from mskg.graph_store.export import ExportPart, export_dataset, export_format
from mskg.graph_store.interface import GraphStore, QueryResult
from mskg.graph_store.statistics import stats

DEFAULT_STORE_PATH = ".mskg/store"

#: backend name → "module:class", imported only when the backend is used
BACKENDS: dict[str, str] = {
    "embedded": "mskg.graph_store.embedded:EmbeddedStore",
    "memory": "mskg.graph_store.memory:MemoryStore",
    "remote": "mskg.graph_store.remote:RemoteStore",
}


def backend_class(name: str) -> type[GraphStore]:
    """The store class registered as ``name``."""
    from mskg.errors import InputError

    try:
        module_name, class_name = BACKENDS[name].split(":")
    except KeyError:
        raise InputError(f"unknown store backend {name!r}; choose one of: {', '.join(BACKENDS)}") from None
    return getattr(importlib.import_module(module_name), class_name)


def open_store(
    *,
    path: str | None = None,
    memory: bool = False,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    user: str | None = None,
    password: str | None = None,
    batch: int | None = None,
    read_only: bool = False,
) -> GraphStore:
    """Open a store: ``endpoint`` given → remote; ``memory`` → in-memory; else embedded
    on disk at ``path`` (default ``.mskg/store``, created if missing). ``read_only``
    opens an existing embedded store for reading, beside a process that writes it
    (other backends ignore it); ``batch``, the triples per write request to a remote
    store (None: its default).

    :raises InputError: conflicting options, a store path that is a file or is locked
        by another process, a read-only store path that holds no store, a malformed
        endpoint URL, a batch below 1.
    :raises EndpointError: the endpoint is unreachable or refuses the credentials.
    """
    from mskg.errors import InputError

    if endpoint:
        if memory or path:
            raise InputError("choose one store: an endpoint, an in-memory store or a store path")
        return backend_class("remote")(endpoint, update_endpoint, user, password, batch=batch)  # type: ignore[call-arg]
    if update_endpoint:
        raise InputError("an update endpoint was given without a SPARQL endpoint")
    # user and password are ignored without an endpoint: the CLI passes them from
    # the environment whatever the store.
    if memory:
        if path:
            raise InputError("choose one store: an in-memory store or a store path")
        return backend_class("memory")()
    return backend_class("embedded")(path or DEFAULT_STORE_PATH, read_only=read_only)  # type: ignore[call-arg]


__all__ = [
    "BACKENDS",
    "DEFAULT_STORE_PATH",
    "ExportPart",
    "GraphStore",
    "QueryResult",
    "backend_class",
    "export_dataset",
    "export_format",
    "open_store",
    "stats",
]
