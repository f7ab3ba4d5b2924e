"""The traditional → simplified conversion used by the place and agency resolvers."""

from __future__ import annotations

from pathlib import Path

import pytest
from opencc import OpenCC

from mskg.ingest import read_document
from mskg.ingest.text import normalised, simplified

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted((ROOT / "data" / "corpus").glob("*.txt")) + sorted((ROOT / "tests" / "documents").glob("*.txt"))


@pytest.fixture(scope="module")
def opencc() -> OpenCC:
    return OpenCC("t2s")


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_documents_convert_as_opencc_converts_them(path: Path, opencc: OpenCC) -> None:
    text = read_document(path)
    assert simplified(text) == opencc.convert(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "，。、",
        "市民政局牽頭，各區縣（市）配合",
        "乾隆年間的乾燥天氣",  # a phrase keeps 乾, the character alone does not
        "覆蓋全縣",
        "頭髮、發展",  # one simplified character for two traditional ones
        "全面覆盖城乡",  # simplified text with a key that has several candidates
        "ABC 123\n\t-",
    ],
)
def test_strings_convert_as_opencc_converts_them(text: str, opencc: OpenCC) -> None:
    assert simplified(text) == opencc.convert(text)


def test_simplified_text_is_returned_unchanged() -> None:
    text = "县民政局牵头，县财政局配合，2025年底前完成。"
    assert simplified(text) is text


def test_normalised_view_keeps_the_length() -> None:
    text = "（一）縣民政局牽頭　２０２５年"
    view = normalised(text)
    assert len(view) == len(text)
    assert view == "(一)县民政局牵头 2025年"
