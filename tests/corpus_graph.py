"""Copies of a store into any backend.

Tests share the session's corpus store (``corpus_store``, ``corpus_store_path`` and
``corpus_store_copy`` in conftest.py). The stored-query and picture tests copy a store
graph by graph into the in-memory store and a remote server.
"""

from __future__ import annotations


def copy_store(source, target) -> None:
    """Replace every graph of ``target`` by the same graph of ``source`` (as N-Triples,
    read by the target's own parser)."""
    for graph in source.graphs():
        target.replace_graph_text(graph, source.dump("ntriples", graph=graph).decode("utf-8"))
