"""Agency names: split printed lists, resolve printed forms to one identity per body.

Interface used by the pipeline (kept stable):

- ``split_names(text, offset=0) -> list[tuple[int, int, str]]``: the agency names in
  a printed list (``县民政局、县财政局，各县（市、区）``) as (start, end, name) with
  offsets shifted by ``offset``; names containing brackets stay whole.
- ``resolve(printed, jurisdiction) -> Agency``: the formal full name, kind, level,
  functional category and jurisdiction of a printed form, given the plan's
  jurisdiction (a ``Place`` or None).

STUB: naive implementation, to be replaced by the lexicon-driven resolver.
"""

from __future__ import annotations

import re

from mskg.ingest.model import Agency, Place

_SEP = re.compile(r"[、，,；;\s]+")


def split_names(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text + "、"):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and (i == len(text) or _SEP.fullmatch(ch)):
            name = text[start:i].strip()
            if name:
                s = start + text[start:i].index(name)
                out.append((offset + s, offset + s + len(name), name))
            start = i + 1
    return out


def resolve(printed: str, jurisdiction: Place | None) -> Agency:
    full = printed
    if jurisdiction is not None:
        for prefix, level in (("县", "county"), ("市", "city"), ("区", "district"), ("省", "province")):
            if printed.startswith(prefix) and jurisdiction.name.endswith(prefix):
                full = jurisdiction.name + printed[1:]
                break
    kind = "collective" if printed.startswith(("各", "相关")) else "government_department"
    return Agency(full=full, kind=kind, aliases=[printed])
