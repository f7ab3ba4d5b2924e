"""A flat numbered list of realistic, varied titles, for tests that a list whose items share
one numbering style and run 1..N in order is read as N sibling measures.

Titles are lines of the bundled corpus and of tests/documents with their own leading
numbering removed: long and short ones, some ending in 。 or ：, some with a quantity, some
that read like a category name (实施城市管理工程) or an agency.
"""

from __future__ import annotations

import re
from pathlib import Path

from mskg.data import corpus_files
from mskg.ingest import read_document

DOCUMENTS = Path(__file__).parent / "documents"
# any leading numbering: 一、 （一） (1) 1. 1、 1．① 第一条 第一章 ◆ ● ■ ▲ ★ · 【…】
LEADING_NUMBER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节条部分篇]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|[一二三四五六七八九十百]+[、.．]|\d+(?:[.．]\d+)*[、.．](?!\d)|[①-⑳]|[◆●■▲★·•\-—]+)\s*"
)

# lines of a document that no list item is titled by: table rows, unit lines (牵头单位：…),
# labelled values (具体措施：…), document numbers, dates, numbers, issuers and covering
# letters (印发), the document's own title, routing (抄送, 附件)
NOT_A_TITLE = re.compile(r"^\d|^[^，。：:]{2,6}[:：].|[\s|〔]|单位[:：]|^(?:关于|抄送|附件|附表)|印发|(?:政府|办公室)$|^\d{4}年\d{1,2}月\d{1,2}日$")


def varied_titles() -> list[str]:
    """Distinct titles of 6 to 60 characters, in the order the texts give them."""
    texts = [read_document(p) for p in corpus_files()]
    texts += [p.read_text(encoding="utf-8") for p in sorted(DOCUMENTS.glob("*.txt"))]
    seen: dict[str, None] = {}
    for text in texts:
        for line in text.splitlines():
            title = line.strip()
            while (bare := LEADING_NUMBER.sub("", title, count=1)) != title:
                title = bare.strip()
            if 6 <= len(title) <= 60 and not NOT_A_TITLE.search(title):
                seen.setdefault(title)
    return list(seen)


def flat_list(count: int, marker: str = "{}.") -> str:
    """``count`` items ``1.`` … (or another ``marker`` with one ``{}``), one per line, titled in
    turn by the varied titles, under a list heading."""
    titles = varied_titles()
    lines = ["某市2024年民生实事项目清单", ""]
    lines += [marker.format(i) + titles[(i - 1) % len(titles)] for i in range(1, count + 1)]
    return "\n".join(lines) + "\n"
