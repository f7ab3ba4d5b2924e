"""Gold annotation files: reading and checking the parts the evaluator scores.

A gold file is one JSON object per document in the format described by the gold
annotations' README (``document``, ``plan``, ``measures``, ``targets``, ``places``,
``agencies``, ``non_targets``). Only what scoring needs is read; unknown extra
fields are ignored. ``document`` is required; the lists default to empty when
absent, so a gold file may annotate only part of a document's facts. Anything
malformed raises :class:`mskg.errors.InputError` naming the file and the entry,
and so does a measure whose ``parent`` is not a measure of the file or lies below
the measure itself.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mskg.errors import InputError

SECTION_KINDS = frozenset({"group"})
MEASURE_KINDS = frozenset({"measure", "sub-measure", "project"})


@dataclass(frozen=True)
class GoldItem:
    """A gold section or measure (an entry of ``measures``)."""

    id: str
    kind: str
    title: str
    domains: tuple[str, ...] = ()
    lead: tuple[str, ...] = field(default=(), metadata={"key": "lead_agencies"})  # printed forms
    cooperating: tuple[str, ...] = field(default=(), metadata={"key": "cooperating_agencies"})  # printed forms
    agencies_full: dict[str, str] = field(default_factory=dict)  # printed → full
    parent: str | None = None  # id of the enclosing item

    def full_name(self, printed: str) -> str:
        """The gold full name of a printed agency: ``agencies_full`` else the printed form."""
        return self.agencies_full.get(printed) or printed


@dataclass(frozen=True)
class GoldAgency:
    """An entry of the ``agencies`` registry: an agency string of the file, resolved."""

    full: str
    level: str | None = None  # province … street, or collective / enterprise
    type: str | None = None  # government_department, …, enterprise or collective

    @property
    def collective(self) -> bool:
        """A collective reference (各县（市、区）人民政府), not one agency."""
        return "collective" in (self.level, self.type)


@dataclass(frozen=True)
class GoldTarget:
    id: str
    quote: str
    value: float
    unit: str
    comparator: str
    year: int | None
    baseline_value: float | None
    restates: str | None = None


@dataclass(frozen=True)
class GoldDocument:
    """What one gold file says about its document."""

    path: Path  # the gold file
    document: str  # file name of the document, relative to the documents folder
    items: tuple[GoldItem, ...] = ()
    targets: tuple[GoldTarget, ...] = ()
    non_target_quotes: tuple[str, ...] = ()
    place_fulls: tuple[str, ...] = ()
    agencies: tuple[GoldAgency, ...] = ()

    def sections(self) -> list[GoldItem]:
        return [i for i in self.items if i.kind in SECTION_KINDS]

    def measures(self) -> list[GoldItem]:
        return [i for i in self.items if i.kind in MEASURE_KINDS]

    def printed_agencies(self) -> dict[str, str]:
        """Every printed agency form of the document → its gold full name (first wins)."""
        out: dict[str, str] = {}
        for item in self.items:
            for printed, full in item.agencies_full.items():
                out.setdefault(printed, full)
        return out


def gold_files(gold_dir: str | Path) -> list[Path]:
    """The gold files (``*.json``) of a folder, sorted by name.

    :raises InputError: when the folder does not exist or holds no gold file.
    """
    d = Path(gold_dir)
    if not d.is_dir():
        raise InputError(f"{d}: no such folder of gold files")
    files = sorted(p for p in d.iterdir() if p.is_file() and p.suffix.lower() == ".json")
    if not files:
        raise InputError(f"{d}: no gold files (*.json) in this folder")
    return files


def load_gold(path: str | Path) -> GoldDocument:
    """Read one gold file.

    :raises InputError: when the file is unreadable, not JSON, or malformed.
    """
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise InputError(f"{p}: cannot read the gold file ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise InputError(f"{p}: the gold file is not UTF-8 text") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise InputError(f"{p}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    reader = _Reader(p)
    data = reader.object(data, "the gold file")
    document = data.get("document")
    if not isinstance(document, str) or not document.strip():
        raise InputError(f'{p}: missing "document" (the file name of the annotated document)')
    items = tuple(reader.item(m, i) for i, m in enumerate(reader.list(data, "measures")))
    reader.check_parents(items)
    return GoldDocument(
        path=p,
        document=document,
        items=items,
        targets=tuple(reader.target(t, i) for i, t in enumerate(reader.list(data, "targets"))),
        non_target_quotes=tuple(
            reader.string(reader.object(n, f"non_targets[{i}]"), "quote", f"non_targets[{i}]")
            for i, n in enumerate(reader.list(data, "non_targets"))
        ),
        place_fulls=tuple(
            reader.string(reader.object(x, f"places[{i}]"), "full", f"places[{i}]")
            for i, x in enumerate(reader.list(data, "places"))
        ),
        agencies=tuple(
            reader.build(GoldAgency, reader.object(a, f"agencies[{i}]"), f"agencies[{i}]")
            for i, a in enumerate(reader.list(data, "agencies"))
        ),
    )


class _Reader:
    """Typed access to the JSON of one gold file, with errors that say where."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, problem: str) -> InputError:
        return InputError(f"{self.path}: {where}: {problem}")

    def object(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, "expected a JSON object")
        return value

    def list(self, data: dict, key: str, where: str = "") -> list:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(f"{where}{key}", "expected a list")
        return value

    def string(self, data: dict, key: str, where: str, *, optional: bool = False) -> str | None:
        value = data.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value:
            raise self.fail(where, f'"{key}" must be a non-empty string')
        return value

    def number(self, data: dict, key: str, where: str, *, optional: bool = False) -> float | None:
        value = data.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(where, f'"{key}" must be a number')
        return float(value)

    def strings(self, data: dict, key: str, where: str) -> tuple[str, ...]:
        values = self.list(data, key, f"{where}.")
        if not all(isinstance(v, str) and v for v in values):
            raise self.fail(where, f'"{key}" must be a list of non-empty strings')
        return tuple(values)

    def integer(self, data: dict, key: str, where: str) -> int | None:
        value = data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise self.fail(where, f'"{key}" must be an integer or null')
        return value

    def names(self, data: dict, key: str, where: str) -> dict[str, str]:
        value = data.get(key) or {}
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise self.fail(where, f'"{key}" must map printed names to full names')
        return dict(value)

    def record(self, value: Any, key: str, index: int, *, id_optional: bool = False) -> tuple[dict, str, str]:
        """Entry ``index`` of list ``key`` (``measures``, ``targets``) as an object, with its
        ``id`` (the entry's position when the id is optional and missing) and the place to
        name in errors about it (``measure 3.1``)."""
        where = f"{key}[{index}]"
        data = self.object(value, where)
        ident = self.string(data, "id", where, optional=id_optional) or where
        return data, ident, f"{key.rstrip('s')} {ident}"

    def item(self, value: Any, index: int) -> GoldItem:
        m, item_id, where = self.record(value, "measures", index)
        return self.build(GoldItem, m, where, id=item_id)

    def target(self, value: Any, index: int) -> GoldTarget:
        t, target_id, where = self.record(value, "targets", index, id_optional=True)
        return self.build(GoldTarget, t, where, id=target_id)

    def check_parents(self, items: tuple[GoldItem, ...]) -> None:
        """Every ``parent`` names a measure of the file, and no measure encloses itself."""
        by_id = {i.id: i for i in items}
        for item in items:
            seen = {item.id}
            parent = item.parent
            while parent is not None:
                if parent not in by_id:
                    raise self.fail(f"measure {item.id}", f"its parent {parent!r} is not a measure of this file")
                if parent in seen:
                    raise self.fail(f"measure {item.id}", f"its parents go round in a circle through {parent!r}")
                seen.add(parent)
                parent = by_id[parent].parent

    def build(self, kind: type, data: dict, where: str, **given: Any) -> Any:
        """An instance of the gold dataclass ``kind`` from the JSON object ``data``: each
        field not ``given`` read from its key (the field's name, or its ``key`` metadata) and
        checked against the field's type, so the dataclass is the one statement of the format."""
        types = _hints(kind)
        values = dict(given)
        for f in dataclasses.fields(kind):
            if f.name not in values:
                values[f.name] = _READERS[types[f.name]](self, data, f.metadata.get("key", f.name), where)
        return kind(**values)


@functools.cache
def _hints(kind: type) -> dict[str, Any]:
    """The field types of a gold dataclass (resolved once: a gold file builds thousands)."""
    return typing.get_type_hints(kind)


#: How each field type of the gold dataclasses is read and checked.
_READERS = {
    str: _Reader.string,
    str | None: functools.partial(_Reader.string, optional=True),
    float: _Reader.number,
    float | None: functools.partial(_Reader.number, optional=True),
    int | None: _Reader.integer,
    tuple[str, ...]: _Reader.strings,
    dict[str, str]: _Reader.names,
}
