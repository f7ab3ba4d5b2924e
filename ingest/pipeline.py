"""The extraction pipeline: one function from text to ``Extraction``.

Foundation stage: the plan and its metadata only. Structure, agencies, targets and
places are added by their own modules.
"""

from __future__ import annotations

import re

from mskg.ingest.model import Extraction, Plan, Span

_TITLE = re.compile(r"[^\n]*(?:方案|规划|实事|计划|意见)[^\n]*")


def extract(text: str, *, document: str, path: str) -> Extraction:
    m = _TITLE.search(text)
    if m:
        title = m.group(0).strip()
        start = m.start() + m.group(0).index(title)
        plan = Plan(title=title, kind="other", span=Span.of(text, start, start + len(title)))
    else:
        first = next((ln for ln in text.splitlines() if ln.strip()), "").strip()
        start = text.index(first)
        plan = Plan(title=first, kind="other", span=Span.of(text, start, start + len(first)))
    return Extraction(document=document, path=path, text=text, plan=plan)
