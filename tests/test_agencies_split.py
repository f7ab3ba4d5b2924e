"""split_names on agency lists as the genre prints them."""

from __future__ import annotations

from pathlib import Path

from mskg.ingest.agencies import split_names

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def names(text: str) -> list[str]:
    out = split_names(text)
    for s, e, name in out:
        assert text[s:e] == name
    return [n for _, _, n in out]


def test_brackets_stay_whole_and_mixed_separators() -> None:
    text = "县发展和改革局、市生态环境局汶上县分局、市公共资源交易服务中心汶上分中心，相关驻汶单位，各乡镇（街道）"
    assert names(text) == [
        "县发展和改革局",
        "市生态环境局汶上县分局",
        "市公共资源交易服务中心汶上分中心",
        "相关驻汶单位",
        "各乡镇（街道）",
    ]


def test_half_width_brackets_and_trailing_deng() -> None:
    assert names("镇人民政府(街道办事处)、各县(市、区);各开发区管理办公室等") == [
        "镇人民政府(街道办事处)",
        "各县(市、区)",
        "各开发区管理办公室",
    ]


def test_table_cell_with_note_line() -> None:
    cell = "市民政局\n（黑体字为牵头单位，下同）\n市住房城乡建设局\n市财政局\n各县（市、区）\n"
    assert names(cell) == ["市民政局", "市住房城乡建设局", "市财政局", "各县（市、区）"]


def test_label_and_role_words_are_not_part_of_names() -> None:
    assert names("牵头单位：县委组织部") == ["县委组织部"]
    assert names("市民政局牵头，市财政局、市卫生健康委配合") == ["市民政局", "市财政局", "市卫生健康委"]
    assert names("责任单位: 市教育局等有关部门") == ["市教育局"]
    assert names("市卫生健康委、市民政局等12个部门") == ["市卫生健康委", "市民政局"]


def test_marks_and_role_words_in_traditional_script() -> None:
    assert names("縣教育體育局（牽頭）、縣財政局") == ["縣教育體育局", "縣財政局"]
    assert names("市民政局牽頭,市財政局、市衛生健康委配合") == ["市民政局", "市財政局", "市衛生健康委"]
    # a bracket that is part of a name stays
    assert names("各縣(市、區)人民政府配合") == ["各縣(市、區)人民政府"]


def test_mark_symbols_are_not_part_of_names() -> None:
    assert names("★区住建局、区城管局*、区财政局") == ["区住建局", "区城管局", "区财政局"]
    # the @ of a mention, as a note-taking app prints a unit
    assert names("@区总工会 @团区委、＠区妇联") == ["区总工会", "团区委", "区妇联"]


def test_offsets_are_shifted() -> None:
    text = "x" * 10 + "县民政局、团县委"
    out = split_names(text[10:], offset=10)
    assert out == [(10, 14, "县民政局"), (15, 18, "团县委")]
    assert all(text[s:e] == n for s, e, n in out)


def test_word_broken_by_line_is_joined() -> None:
    out = split_names("市住房城乡建\n设局\n市财政局")
    assert [n for _, _, n in out] == ["市住房城乡建\n设局", "市财政局"]


def test_seed_responsibility_lines() -> None:
    text = (CORPUS / "000_e71d73c36a34a15e.txt").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.startswith("配合单位：")]
    assert lines
    for line in lines:
        for _, _, name in split_names(line):
            assert "：" not in name and "、" not in name.replace("（市、区）", "")
            assert not name.startswith("配合")


def test_names_run_together_or_cut_by_a_space() -> None:
    # a table cell whose line breaks were lost, and a space after a bare level word
    assert names("市民政局市财政局县委组织部") == ["市民政局", "市财政局", "县委组织部"]
    assert names("市 民政局、市财政局") == ["市 民政局", "市财政局"]
    # a branch or sub-centre is one name, not two
    assert names("市生态环境局汶上县分局") == ["市生态环境局汶上县分局"]
    assert names("市民政局 市财政局") == ["市民政局", "市财政局"]


def test_line_break_between_two_complete_names_separates_them() -> None:
    # names of mass organisations end in 联/协, not in a usual body character
    assert names("市残联\n市民政局") == ["市残联", "市民政局"]
    assert names("县科协\n县财政局\n县妇联\n团县委") == ["县科协", "县财政局", "县妇联", "团县委"]
    assert names("区工商联\r\n区总工会") == ["区工商联", "区总工会"]
    # a word broken by the line is still joined, also before a level character
    assert names("市住房城乡建\n设局") == ["市住房城乡建\n设局"]
    assert names("县城\n市管理局") == ["县城\n市管理局"]
