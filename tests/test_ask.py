"""`mskg ask`: questions in Chinese and English mapped to stored queries, offline and
deterministically, measured on the question table tests/data/questions.tsv."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from mskg.cli import main
from mskg.errors import InputError
from mskg.queries import load_all
from mskg.queries.questions import GraphNames, QuestionMapper, ask, entities, explain

HERE = Path(__file__).resolve().parent
TABLE = HERE / "data" / "questions.tsv"

def table(part: str = "tune") -> list[tuple[str, str, dict[str, str], bool]]:
    """(question, query, parameters, new wording) of one part of the table."""
    return [(q, query, expected, new) for q, query, expected, new, _, p in rows() if p == part]


def rows() -> list[tuple[str, str, dict[str, str], bool, str, str]]:
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    out = []
    for question, query, params, new, case, part in list(csv.reader(lines, delimiter="\t"))[1:]:
        expected = {} if params == "-" else dict(p.split("=", 1) for p in params.split(";"))
        out.append((question, query, expected, new == "yes", case, part))
    return out


QUESTIONS = table()


@pytest.fixture(scope="module")
def corpus(corpus_store):
    return corpus_store  # the session's corpus store (conftest.py), shared: read only


@pytest.fixture(scope="module")
def mapper(corpus):
    return QuestionMapper.for_store(corpus)


def mapped(mapper, question):
    best = mapper.map(question).best
    return (best.name, best.parameters) if best else ("-", {})


# -- the table itself -------------------------------------------------------------------


def test_question_table_is_large_mixed_and_half_new():
    everything = rows()
    assert len(everything) >= 150
    zh = [q for q, *_ in everything if any("\u4e00" <= c <= "\u9fff" for c in q)]
    en = [q for q, *_ in everything if q[:1].isascii()]
    assert len(zh) >= 50 and len(en) >= 40
    adversarial = [r for r in everything if r[4] != "answer"]
    assert len(adversarial) * 3 >= len(everything)
    assert {r[4] for r in adversarial} == {"wrong-place", "other-agency", "unanswerable", "out-of-domain"}
    assert all(r[1] == "-" for r in adversarial)
    assert len(table("held")) >= 50
    assert sum(new for *_, new in QUESTIONS) * 2 >= len(QUESTIONS)
    examples = {e for q in load_all().values() for e in q.questions}
    for question, query, _, new, _, _ in everything:
        assert query == "-" or query in load_all(), query
        if new:
            assert question not in examples, f"{question!r} is an example question, not new wording"


@pytest.mark.slow  # runs every query of the question table on the corpus
def test_expected_parameters_exist_in_the_corpus_graph(corpus):
    """Every expected parameter is a value the corpus graph supports: the query finds rows."""
    from mskg.queries import run

    store = corpus
    for question, query, expected, _ in QUESTIONS:
        if query != "-" and expected:
            assert run(store, query, expected).rows, f"{question}: {query} {expected} finds nothing"


# -- accuracy -------------------------------------------------------------------------------


def test_question_table_accuracy_at_least_90_percent(mapper):
    wrong = []
    for question, query, expected, _ in QUESTIONS:
        got = mapped(mapper, question)
        if got != (query, expected):
            wrong.append(f"{question!r}: expected {query} {expected}, got {got[0]} {got[1]}")
    accuracy = 1 - len(wrong) / len(QUESTIONS)
    assert accuracy >= 0.90, "\n".join(wrong)


def test_held_back_questions_at_least_90_percent_and_adversarial_ones_declined(mapper):
    """The held-back part of the table: written before the mapper was changed for it, and
    never used to adjust it; only scored. Every adversarial one is declined."""
    held = [r for r in rows() if r[5] == "held"]
    wrong = [r[0] for r in held if mapped(mapper, r[0]) != (r[1], r[2])]
    assert 1 - len(wrong) / len(held) >= 0.90, wrong
    answered = {r[0] for r in held if r[4] != "answer" and mapped(mapper, r[0])[0] != "-"}
    assert answered == set()


@pytest.mark.parametrize("question, reason", [
    ("吕梁市民政局负责哪些工作", "no agency 吕梁市民政局"),
    ("上海市民政局负责哪些工作", "no agency 上海市民政局"),
    ("汶上县交通局牵头了哪些工作", "no agency 汶上县交通局"),
    ("北京市有哪些养老措施", "no plan of 北京市"),
    ("which measures in Shanghai have no lead agency", "named Shanghai"),
    ("how many people live in Linyi", "does not count"),
    # a place no list knows, in the place of a place or of the subject, that no document holds
    ("火星上有哪些养老措施", "named 火星"),
    ("在火星有多少项民生实事", "named 火星"),
    ("霍格沃茨的教育工作谁牵头", "named 霍格沃茨"),
    ("Gotham有哪些养老措施", "named Gotham"),
    # an agency by how its name ends (lexicons/agencies.ttl)
    ("国家航天局负责哪些工作", "no agency 国家航天局"),
    ("联合国开发署牵头了哪些措施", "no agency 联合国开发署"),
    # a year or a plan the graph holds nothing of
    ("2035年到期的目标有哪些", "nothing of the year 2035"),
    ("十三五规划里有哪些养老措施", "no plan 十三五规划"),
])
def test_names_not_in_the_graph_decline_instead_of_being_replaced(mapper, question, reason):
    mapping = mapper.map(question)
    assert mapping.best is None
    assert any(reason in o for o in mapping.objections), mapping.objections


@pytest.mark.parametrize("question", [
    "城市里有哪些养老措施",  # 城市 is in the documents: a word, not an unknown place
    "养老工作中哪些部门是配合单位",  # 工作中: words of the stored questions
    "哪个部门牵头的工作最多",  # 部门 alone names no agency
    "有关部门牵头了哪些工作",  # several bodies, not one agency
])
def test_ordinary_words_in_the_place_of_a_name_are_not_refused(mapper, question):
    assert not mapper.map(question).objections


def test_a_plan_named_by_part_of_its_title_is_honoured(corpus, mapper):
    """十四五 is in the titles of two stored plans: the plan parameter takes it and is bound
    to both; 十三五 is in none and declines the question."""
    answer = ask(corpus, "十四五规划里有哪些措施没有牵头单位", mapper=mapper)
    assert (answer.query.name, answer.parameters) == ("measures-without-lead", {"plan": "十四五"})
    assert len(answer.bindings["__plan"]) == 2 and answer.result.rows


def test_a_name_no_parameter_takes_declines_the_question(mapper):
    """measures-without-lead took no place: the question about 济宁 was answered for every
    place. It takes a place now; a query that cannot take a named thing is not chosen."""
    best = mapper.map("which measures in 济宁 have no lead agency").best
    assert (best.name, best.parameters) == ("measures-without-lead", {"place": "济宁"})
    top = mapper.map("哪个部门牵头的养老工作最多")  # busiest-agencies takes no domain
    assert top.best is None or "domain" in top.best.parameters


def test_counting_questions_count(mapper):
    best = mapper.map("临沂2021年有多少项民生实事").best
    assert (best.name, best.parameters) == ("measure-count", {"place": "临沂", "year": "2021"})
    assert "count" in load_all()["measure-count"].tags


def test_new_wordings_are_mapped_too(mapper):
    new = [(q, query, exp) for q, query, exp, is_new in QUESTIONS if is_new]
    right = sum(mapped(mapper, q) == (query, exp) for q, query, exp in new)
    assert right / len(new) >= 0.85


@pytest.mark.parametrize("question", ["哪些部门共同牵头养老工作", "which agencies co-lead elder-care work"])
def test_acceptance_questions_answer_from_the_co_lead_query(corpus, mapper, question):
    answer = ask(corpus, question, mapper=mapper)
    assert answer.query.name == "co-leading-agencies"
    assert answer.parameters == {"domain": "elderly_care"}
    assert answer.result.rows
    assert {"nameA", "nameB", "planTitle", "leadTogether"} <= set(answer.result.variables)


@pytest.mark.parametrize("question", ["今天天气怎么样", "what is the capital of France", "汶上县民政局"])
def test_no_guess_when_nothing_fits(corpus, mapper, question):
    answer = ask(corpus, question, mapper=mapper)
    assert answer.result is None and answer.query is None
    text = explain(answer)
    assert "no stored query fits" in text or "declined:" in text
    assert len(answer.mapping.nearest()) == 3
    assert text.count("mskg query ") == 3


def test_mapping_is_deterministic(corpus, mapper):
    again = QuestionMapper.for_store(corpus)
    for question, *_ in QUESTIONS:
        first, second = mapper.map(question), again.map(question)
        assert [(c.name, c.score, c.parameters) for c in first.candidates] == [
            (c.name, c.score, c.parameters) for c in second.candidates
        ]


def test_empty_question_is_an_input_error(mapper):
    with pytest.raises(InputError, match="empty question"):
        mapper.map("   ")


# -- recognising names --------------------------------------------------------------------


def test_entities_prefer_the_longest_name_and_read_years_and_quotes():
    # the graph labels a place with its short name too (济宁), as ingest names it
    names = GraphNames.from_rows(
        [("place", "济宁市", "济宁市"), ("place", "济宁市", "济宁"), ("agency", "济宁市民政局", "济宁市民政局"), ("domain", "education", "教育"),
         ("category", "education", "教育")]
    )
    found = entities("济宁市民政局2025年在教育方面有哪些提到“食堂”的措施", names)
    assert [(e.kind, e.value) for e in found] == [
        ("agency", "济宁市民政局"), ("year", "2025"), ("domain", "education"), ("text", "食堂")
    ]
    assert found[2].reading("category") == "education"  # the other reading stays available
    assert [(e.kind, e.value) for e in entities("济宁的养老工作", names)] == [("place", "济宁市"), ("domain", "elderly_care")]


def test_english_names_stop_at_word_boundaries():
    names = GraphNames.from_rows([])
    kinds = [(e.kind, e.value) for e in entities("the leaders of housing", names)]
    assert ("role", "lead") not in kinds and ("domain", "housing") in kinds


# -- the command ------------------------------------------------------------------------------


def test_ask_command_prints_query_parameters_and_answer(corpus_store_copy):
    path = corpus_store_copy  # a copy: the session's store holds the lock on its folder
    runner = CliRunner()
    result = runner.invoke(main, ["--store", str(path), "ask", "哪些部门共同牵头养老工作"])
    assert result.exit_code == 0, result.output
    assert "co-leading-agencies" in result.stdout
    assert "-p domain=elderly_care" in result.stdout
    assert "nameA" in result.stdout
    explained = runner.invoke(main, ["--store", str(path), "ask", "which agencies co-lead elder-care work", "--explain"])
    assert explained.exit_code == 0
    assert "SELECT" in explained.stdout and "elder-care→domain:elderly_care" in explained.stdout
    assert "bindings: ?_domain = <https://w3id.org/mskg/scheme/domain/elderly_care>" in explained.stdout
    declined = runner.invoke(main, ["--store", str(path), "ask", "今天天气怎么样"])
    assert declined.exit_code == 4
    assert "no stored query fits" in declined.stderr and declined.stdout == ""
    assert "e.g. “" in declined.stderr  # the nearest stored questions
    other = runner.invoke(main, ["--store", str(path), "ask", "吕梁市民政局负责哪些工作"])
    assert other.exit_code == 4 and "吕梁市民政局" in other.stderr and "济宁市民政局的" not in other.stdout
    assert "-p agency=济宁市民政局" not in other.stderr  # never suggested in its place
    listed = runner.invoke(main, ["queries"])
    assert listed.exit_code == 0 and "co-leading-agencies" in listed.stdout and "domain (domain, default elderly_care)" in listed.stdout
    ran = runner.invoke(main, ["--store", str(path), "query", "targets-due-in-year", "-p", "year=2025", "--format", "csv"])
    assert ran.exit_code == 0 and ran.stdout.startswith("planTitle,")
    bad = runner.invoke(main, ["--store", str(path), "query", "targets-due-in-year", "-p", "year=} ; DROP ALL"])
    assert bad.exit_code == 2 and "whole number" in bad.output
