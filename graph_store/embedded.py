"""The embedded on-disk backend: a pyoxigraph (RocksDB) store in a directory.

Transactions, as pyoxigraph documents them: each ``Store.update`` and each
``Store.extend`` call is one transaction (all or nothing), and the store gives
"repeatable read" isolation — a query runs on a snapshot and only sees committed
writes. Replacing a graph therefore writes the new triples into a staging graph
(committed chunk by chunk) and then swaps it in with one update,
``DROP SILENT GRAPH <g> ; MOVE SILENT GRAPH <staging> TO GRAPH <g>``. A failure or
a kill before that update leaves the previous graph untouched; the leftover
staging graph is removed by the next write.

Query dataset: Oxigraph's own union default graph (``use_default_graph_as_union``),
which it evaluates as one index lookup per pattern. An explicit list of default
graphs costs one lookup per graph and pattern: with hundreds of documents, queries
that took a second took minutes. The union would also take in a staging graph, so
while one exists — a write of this handle in progress, or one left by a killed run —
queries fall back to the explicit list of the other graphs. A query and the start
of a write exclude each other for a moment (``_Visibility``), so no query decides
on the union just before a staging graph appears in its snapshot.

Only one process can open a store directory for writing (RocksDB holds a lock);
inside one process a store handle can be shared by threads. Readers open the store
read-only (``EmbeddedStore(path, read_only=True)``, pyoxigraph's ``Store.read_only``),
which takes no lock: ``mskg query`` and ``mskg stats`` work while an ingest writes,
and see what the writer has committed when they open. A read-only store must exist:
a mistyped path is an error, never a new empty store.
"""

from __future__ import annotations

import gc
import itertools
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import rdflib

from mskg.errors import InputError
from mskg.graph_store.bindings import with_inlined_bindings
from mskg.graph_store import rewrite
from mskg.graph_store.chunks import ChunkReader
from mskg.graph_store.interface import GraphStore, QueryResult
from mskg.graph_store.staging import is_staging, new_staging_graph
from mskg.graph_store.terms import rdflib_triple, to_rdflib

log = logging.getLogger("mskg")

CHUNK = 10_000

#: statements ``add_trig`` writes with Oxigraph's bulk loader, whose one ingestion of files
#: is atomic up to its batch of a million quads
BULK_ATOMIC = 500_000

#: files Oxigraph's bulk loader writes into the store's folder before it ingests them
_BULK_FILES = "bulk-*.sst"

#: RocksDB's info logs of earlier openings: each opening for writing keeps the last one
#: (150-500 kB, the options of its twelve column families) and RocksDB keeps up to a
#: thousand of them
_OLD_INFO_LOGS = "LOG.old.*"


def _swap_update(graph: str, staging: str) -> str:
    return f"DROP SILENT GRAPH <{graph}> ;\nMOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>"


def _data(triples: Iterable[ox.Triple]) -> str:
    """Triples as the body of DATA blocks: pyoxigraph writes each term escaped."""
    return "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)


def _drop_update(graphs: Iterable[str]) -> str:
    return " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)


class _Visibility:
    """Queries on the union graph and writes that create a staging graph, kept apart.

    A query that runs on the union registers itself; a write waits until none runs
    before its staging graph exists, and while it exists every new query lists its
    graphs explicitly instead.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._union_queries = 0
        self.active: set[str] = set()  # staging graphs this handle is writing now

    def begin_query(self, staging_on_disk: Callable[[], bool]) -> bool:
        """True when the query may run on the union graph (then call end_query)."""
        with self._cond:
            if self.active or staging_on_disk():
                return False
            self._union_queries += 1
            return True

    def end_query(self) -> None:
        with self._cond:
            self._union_queries -= 1
            self._cond.notify_all()

    def begin_write(self, staging: str) -> None:
        with self._cond:
            self._cond.wait_for(lambda: self._union_queries == 0)
            self.active.add(staging)

    def end_write(self, staging: str) -> None:
        with self._cond:
            self.active.discard(staging)


class OxigraphStore(GraphStore):
    """Shared logic for pyoxigraph-backed stores (on disk here)."""

    patches_in_place = True
    adds_atomically = True

    def __init__(self, store: ox.Store) -> None:
        super().__init__()
        self._store = store
        self._lock = threading.Lock()
        self._visibility = _Visibility()
        self._active = self._visibility.active  # staging graphs this handle is writing now
        self.chunk_size = CHUNK  # triples per write transaction into a staging graph
        self._swept = False  # no staging graph left by another run since this handle swept

    @property
    def oxigraph_store(self) -> ox.Store:
        """The underlying pyoxigraph store, for work that runs its own queries over it
        (validation compiled to SPARQL); read it, never write it directly."""
        return self._store

    def _graph_names(self) -> list[str]:
        return [g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]

    def _visible(self) -> list[ox.NamedNode]:
        return [ox.NamedNode(g) for g in self._graph_names() if not is_staging(g)]

    def _remove_stale_staging(self) -> None:
        # The directory lock makes this handle the only writer, so every staging
        # graph it is not writing itself was left by a failed or killed run: one
        # sweep per handle finds them all (listing the graphs costs tens of
        # milliseconds, once per document of an ingest before), unless one of its own
        # writes could not drop its staging graph.
        if self._swept:
            return
        with self._lock:
            stale = [g for g in self._graph_names() if is_staging(g) and g not in self._active]
        if stale:
            self._store.update(_drop_update(stale))
        self._swept = True

    def _replace(self, graph: str, triples: Iterator[ox.Triple]) -> None:
        def write(target: ox.NamedNode) -> None:
            quads = (ox.Quad(t.subject, t.predicate, t.object, target) for t in triples)
            while chunk := list(itertools.islice(quads, self.chunk_size)):
                self._store.extend(chunk)

        self._staged(graph, write)

    def _replace_text(self, graph: str, pieces: Iterator[str]) -> None:
        """N-Triples parsed by Oxigraph. A graph new to the store is one ``load`` into
        its place: a single transaction, nothing copied (a 10 MB document's graph takes
        half the memory it takes through a staging graph, whose swap copies it). A graph
        that replaces a stored one goes into a staging graph, a transaction per piece,
        and is swapped in."""
        if not self._store.contains_named_graph(ox.NamedNode(graph)):
            self._remove_stale_staging()
            self._load("".join(pieces), ox.NamedNode(graph))
            return

        def write(target: ox.NamedNode) -> None:
            for piece in pieces:
                self._load(piece, target)

        self._staged(graph, write)

    def _staged(self, graph: str, write: Callable[[ox.NamedNode], None]) -> None:
        """``write(staging)`` fills a fresh staging graph, which then replaces ``graph``
        in one update; on any failure the staging graph is dropped and ``graph`` stays."""
        self._remove_stale_staging()
        staging = new_staging_graph()
        self._visibility.begin_write(staging)
        try:
            write(ox.NamedNode(staging))
            self._store.update(_swap_update(graph, staging))
        except BaseException:
            try:
                self._store.update(_drop_update([staging]))
            except Exception:  # noqa: BLE001 - the original error matters more
                self._swept = False  # left behind: the next write removes it
            raise
        finally:
            self._visibility.end_write(staging)

    def _load(self, text: str, graph: ox.NamedNode) -> None:
        if not text:
            return
        try:
            self._store.load(input=text, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        except SyntaxError as exc:
            raise InputError(f"invalid N-Triples: {exc}") from None

    def _patch(self, graph: str, remove: set[ox.Triple], add: set[ox.Triple]) -> None:
        if not remove and not add:
            return
        self._remove_stale_staging()
        name = f"<{graph}>"
        self._store.update(
            f"DELETE DATA {{ GRAPH {name} {{\n{_data(remove)}\n}} }} ;\n"
            f"INSERT DATA {{ GRAPH {name} {{\n{_data(add)}\n}} }}"
        )

    def _drop(self, graph: str) -> None:
        self._remove_stale_staging()
        self._store.update(_drop_update([graph]))

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        # pyoxigraph's extend is one transaction that reads the iterable as it goes: an
        # exception raised by the iterable abandons it, nothing written.
        self._check_open()
        self._remove_stale_staging()
        self._store.extend(quads)

    def add_trig(self, chunks: Iterable[bytes], *, statements: int | None = None) -> None:
        # A few hundred thousand statements written as one RocksDB transaction cost about
        # 1.6 kB of memory each (the batch, its index and the memtables it fills); pyoxigraph's
        # extend first copies every quad given into a list of its own too. Up to
        # BULK_ATOMIC statements, Oxigraph's bulk loader writes them instead: it sorts them
        # into one compressed file per index and ingests those files in one atomic step
        # (it cuts batches of a million), about 1.1 kB each; nothing is written before the
        # last piece is read, and files left by a process killed while it builds them are
        # removed when the store is next opened for writing.
        self._check_open()
        self._remove_stale_staging()
        reader = ChunkReader(iter(chunks))
        try:
            if statements is not None and statements <= BULK_ATOMIC:
                self._store.bulk_load(input=reader, format=ox.RdfFormat.TRIG)
            else:
                self._store.load(input=reader, format=ox.RdfFormat.TRIG)
        except SyntaxError as exc:
            raise InputError(f"invalid TriG: {exc}") from None

    def _staging_on_disk(self) -> bool:
        return any(is_staging(g) for g in self._graph_names())

    def _query(
        self, sparql: str, kind: str, bindings: dict[str, ox.NamedNode | ox.Literal], graphs: list[str] | None = None
    ) -> QueryResult:
        union = graphs is None and self._visibility.begin_query(self._staging_on_disk)
        try:
            if graphs is not None:
                chosen = [ox.NamedNode(g) for g in graphs]
                dataset: dict = {"default_graph": chosen, "named_graphs": chosen}
            elif union:
                dataset = {"use_default_graph_as_union": True}
            else:
                visible = self._visible()
                dataset = {"default_graph": visible, "named_graphs": visible}
            # Each bound variable becomes its term, written by pyoxigraph at the variable's
            # places (found by the SPARQL scanner): the parameter then holds inside UNION
            # branches, subqueries and FILTERs alike, as on a remote server, and Oxigraph
            # plans with a constant — a text compared in a FILTER is then tested as each
            # string is read, before the joins, where a VALUES row (what substitutions
            # fall back to for a variable the SELECT does not project) was joined in after
            # them: the rewritten source-sentence at ×40 took 5.4 s of CPU instead of 0.45 s.
            result = self._store.query(with_inlined_bindings(sparql, bindings), **dataset)
            return _result(result, kind)
        except SyntaxError as exc:
            raise InputError(f"malformed SPARQL query: {exc}") from None
        except (ValueError, RuntimeError, OSError) as exc:
            # evaluation errors, and failures of a SERVICE call made by the query
            raise InputError(f"cannot run the SPARQL query: {exc}") from None
        finally:
            if union:
                self._visibility.end_query()

    def optimize(self, *, written: int | None = None) -> None:
        """Compact RocksDB's files after a bulk of writes (a store of replaced graphs
        otherwise keeps the tombstones and the staging copies: several times larger).
        ``written`` is ignored here (see :meth:`EmbeddedStore.optimize`)."""
        self._check_open()
        self._store.optimize()

    def flush(self) -> None:
        self._check_open()
        if not getattr(self, "read_only", False):
            self._store.flush()

    def _quads(self, graph: str | None) -> Iterator[ox.Quad]:
        if graph is not None:
            yield from self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
            return
        for name in self._visible():
            yield from self._store.quads_for_pattern(None, None, None, name)


def _result(result: object, kind: str) -> QueryResult:
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        # a term repeats down a column (a plan's title, an indicator's name): each distinct
        # term is converted once (2,800 rows of shared-indicators: 0.10 → 0.01 s)
        converted: dict = {None: None}

        def term(t):  # noqa: ANN001, ANN202 - a pyoxigraph term or None
            try:
                return converted[t]
            except KeyError:
                converted[t] = out = to_rdflib(t)
                return out

        rows = [tuple(term(sol[v]) for v in variables) for sol in result]
        return QueryResult("select", variables=variables, rows=rows)
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    graph = rdflib.Graph()
    for triple in result:  # type: ignore[attr-defined]
        graph.add(rdflib_triple(triple))
    return QueryResult("construct", graph=graph)


class EmbeddedStore(OxigraphStore):
    """An on-disk Oxigraph store in directory ``path`` (created if missing), or, with
    ``read_only``, an existing store opened for reading beside a writer."""

    backend = "embedded"

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> None:
        from mskg.graph_store import DEFAULT_STORE_PATH

        self.path = Path(path if path is not None else DEFAULT_STORE_PATH)
        self.read_only = read_only
        if self.path.exists() and not self.path.is_dir():
            raise InputError(f"store path {str(self.path)!r} is a file, not a store directory")
        if read_only:
            super().__init__(self._open_read_only())
            return
        if self.path.is_dir() and any(self.path.iterdir()) and not (self.path / "CURRENT").is_file():
            # Not a database (RocksDB keeps a CURRENT file): never litter a user's folder.
            raise InputError(
                f"store path {str(self.path)!r} is a folder with other content, not a store; "
                "give a new or empty folder"
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create the folder of store {str(self.path)!r}: {exc.strerror or exc}") from None
        super().__init__(self._open_writable())
        self._sweep_folder()

    def _open_writable(self) -> ox.Store:
        try:
            return ox.Store(str(self.path))
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise InputError(
                    f"store {str(self.path)!r} is in use by another process (it is locked); "
                    "wait for that process to finish or use another --store path"
                ) from None
            raise InputError(f"cannot open store {str(self.path)!r}: {message}") from None

    def _sweep_folder(self) -> None:
        """Holding the store's lock, no other process writes here: what a killed process
        left is removed — a bulk loader's files it had not ingested (never part of the
        store), a rewrite's folder beside the store (a copy not yet in place, or the
        previous store after the exchange) — and RocksDB's info logs of earlier openings."""
        for left in itertools.chain(self.path.glob(_BULK_FILES), self.path.glob(_OLD_INFO_LOGS)):
            left.unlink(missing_ok=True)
        for folder in rewrite.leftovers(self.path):
            shutil.rmtree(folder, ignore_errors=True)

    def optimize(self, *, written: int | None = None) -> None:
        """Compact the store after a bulk of writes; after a load that wrote ``written``
        statements, a large share of the store (:func:`rewrite.worth_it`), rewrite it
        instead through Oxigraph's bulk loader, whose files are compressed: the corpus ×10
        takes 187 bytes per statement instead of 341 (see :mod:`mskg.graph_store.rewrite`;
        a store of more than :data:`rewrite.PART` statements is only compacted).

        The rewrite closes this handle's RocksDB instance for a moment: no other thread
        may use the handle meanwhile. It changes no content; a process killed during it
        leaves the store as it was before or as rewritten, whole either way."""
        self._check_open()
        if 0 < (written or 0) <= rewrite.PART and not self.read_only and rewrite.can_exchange() and not self._active:
            total = len(self._store)  # (a count of one index: 0.2 s for a million statements)
            if rewrite.worth_it(written, total) and self._rewrite(total):
                return
        if not self.read_only:  # (a rewrite that could not reopen the store leaves a reader)
            self._store.optimize()

    def _rewrite(self, total: int) -> bool:
        """Bulk-load the store's ``total`` quads into a folder beside it and exchange the
        two folders; False when the store was left as it was (the reason logged)."""
        target = rewrite.sibling(self.path)
        try:
            copy = ox.Store(str(target))
            rewrite.copy(self._store, copy)
            copy.flush()
            copied = len(copy)
            del copy  # the only reference: RocksDB closes the copy here
        except (OSError, RuntimeError, ValueError) as exc:
            shutil.rmtree(target, ignore_errors=True)
            log.warning("the store was compacted, not rewritten: writing its copy failed: %s", exc)
            return False
        if copied != total:
            shutil.rmtree(target, ignore_errors=True)
            log.warning("the store was compacted, not rewritten: its copy holds %d statements, not %d", copied, total)
            return False
        return self._swap(target)

    def _swap(self, target: Path) -> bool:
        """Put the store rewritten at ``target`` in this one's place.

        This handle's instance is closed first (an instance still open would, when it
        closes, delete from the store's path every file it does not know: the new store's)
        and the store's lock file held with a lock of our own, so that no other process
        opens the store between that and the exchange. False when the store could not be
        exchanged: the handle is then open again on the store as it was."""
        import fcntl

        with self._lock:
            self._store = None  # type: ignore[assignment]
            gc.collect()  # a cycle may hold the last reference to an iterator of the store
            if not self._closed_here():
                shutil.rmtree(target, ignore_errors=True)
                # still open through another object of this process: read through it
                self._store = ox.Store.read_only(str(self.path))
                self.read_only = True
                log.warning("the store was not rewritten: another object of this process keeps it open "
                            "(or it cannot be opened for writing again); this handle is read-only from now on")
                return False
            lock: int | None = os.open(self.path / "LOCK", os.O_RDWR)
            try:
                try:
                    fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    why = "another process opened it"
                else:
                    why = rewrite.exchange(self.path, target)
                if why:
                    # Before RocksDB locks that same file again: closing a descriptor of a
                    # file releases every lock the process holds on it, RocksDB's too.
                    os.close(lock)
                    lock = None
                try:
                    self._store = self._open_writable()
                except InputError as exc:  # another process opened the store meanwhile
                    self._store = ox.Store.read_only(str(self.path))
                    self.read_only = True
                    log.warning("%s; this handle is read-only from now on", exc)
            finally:
                if lock is not None:
                    os.close(lock)  # the previous store's lock file, now in the folder beside
        if self.read_only:
            shutil.rmtree(target, ignore_errors=True)  # the previous store, or the unused copy
        else:
            self._sweep_folder()  # that folder, and the info log of the instance closed
        if why:
            log.warning("the store was not rewritten: %s", why)
            return False
        return True

    def _closed_here(self) -> bool:
        """Is this process's RocksDB instance of the store closed? RocksDB refuses a second
        instance of a store in one process ("lock hold by current process"): an opening
        that succeeds (closed again at once) says so."""
        for _ in range(20):  # an iterator another thread is finishing: wait for it a moment
            try:
                probe = ox.Store(str(self.path))
            except OSError as exc:
                if "lock hold by current process" not in str(exc):
                    return False  # nor can it be reopened for writing: the caller reads it
                time.sleep(0.05)
                continue
            del probe
            return True
        return False

    def _open_read_only(self) -> ox.Store:
        if not (self.path / "CURRENT").is_file():
            raise InputError(
                f"no store at {str(self.path)!r}: check --store (or MSKG_STORE), "
                "or create the store first with mskg build or mskg ingest"
            )
        for attempt in range(self._REOPENS + 1):
            try:
                return ox.Store.read_only(str(self.path))
            except (OSError, RuntimeError) as exc:
                # a file listed when the opening began was compacted away by a writer: again
                if attempt < self._REOPENS and "No such file or directory" in str(exc):
                    continue
                raise InputError(f"cannot open store {str(self.path)!r} for reading: {exc}") from None
        raise AssertionError("unreachable")

    # A read-only opening reads the file list of the moment it opens; a writer's
    # compaction may delete a file of that list afterwards ("No such file or directory").
    # Nothing is wrong with the store: open it again, on the writer's new files.
    _REOPENS = 3

    def _vanished(self, exc: BaseException) -> bool:
        return self.read_only and "No such file or directory" in str(exc)

    def _again(self, work):
        for attempt in range(self._REOPENS + 1):
            try:
                return work()
            except (OSError, RuntimeError, InputError) as exc:
                if attempt == self._REOPENS or not self._vanished(exc):
                    raise
                self._store = self._open_read_only()

    def _graph_names(self) -> list[str]:
        return self._again(super()._graph_names)

    def _query(
        self, sparql: str, kind: str, bindings: dict[str, ox.NamedNode | ox.Literal], graphs: list[str] | None = None
    ) -> QueryResult:
        return self._again(lambda: super(EmbeddedStore, self)._query(sparql, kind, bindings, graphs))

    def export(self, output, fmt: str, *, graphs=None, extra=()) -> None:  # noqa: ANN001 - as GraphStore.export
        # Nothing reaches ``output`` before every quad was read: a reading stopped by a
        # file the writer compacted away starts again on a new opening.
        extra = list(extra)
        self._again(lambda: super(EmbeddedStore, self).export(output, fmt, graphs=graphs, extra=extra))

    def _replace(self, graph: str, triples: Iterator[ox.Triple]) -> None:
        self._refuse_write()
        super()._replace(graph, triples)

    def _drop(self, graph: str) -> None:
        self._refuse_write()
        super()._drop(graph)

    def _replace_text(self, graph: str, pieces: Iterator[str]) -> None:
        self._refuse_write()
        super()._replace_text(graph, pieces)

    def _patch(self, graph: str, remove: set[ox.Triple], add: set[ox.Triple]) -> None:
        self._refuse_write()
        super()._patch(graph, remove, add)

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        self._refuse_write()
        super().add_quads(quads)

    def add_trig(self, chunks: Iterable[bytes], *, statements: int | None = None) -> None:
        self._refuse_write()
        super().add_trig(chunks, statements=statements)

    def _refuse_write(self) -> None:
        if self.read_only:
            raise InputError(f"store {str(self.path)!r} is open read-only; writing needs a read-write opening")

    def _close(self) -> None:
        if not self.read_only and not getattr(self, "_interrupted", False):
            self._store.flush()
        del self._store

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path)!r})"
