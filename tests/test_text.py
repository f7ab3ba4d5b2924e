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


def test_compact_drops_white_space_and_noise_and_maps_back() -> None:
    from mskg.ingest.text import Compact

    text = "市残联\n[bookmark: _GoBack]市民政局　牵头\t完成"
    view = normalised(text)
    c = Compact(view)
    assert c.text == "市残联市民政局牵头完成"
    assert len(c.index) == len(c.text)
    assert all(view[i] == ch for i, ch in zip(c.index, c.text))
    s, e = c.find("市民政局牵头")
    assert text[s:e] == "市民政局　牵头"
    assert c.find("民政局 牵头", s + 1) == (s + 1, e)
    assert c.find("市残联", s) is None
    inner = Compact(view, 3, 8)
    assert inner.text == view[3:8].strip() and inner.index[0] == 4


@pytest.mark.parametrize("path", DOCUMENTS[:2], ids=lambda p: p.stem)
def test_compact_of_a_document_keeps_every_other_character(path: Path) -> None:
    from mskg.ingest.text import Compact, noise_spans

    view = normalised(read_document(path))
    c = Compact(view)
    noise = {i for a, b in noise_spans(view) for i in range(a, b)}
    expected = [i for i, ch in enumerate(view) if not ch.isspace() and i not in noise]
    assert c.index == expected
    assert c.text == "".join(view[i] for i in expected)
