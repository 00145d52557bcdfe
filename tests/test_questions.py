"""The named-question catalogue: every question valid, read-only, portable (Neo4j's linter), and answering on the
embedded engine; typed parameters resolved and refused clearly."""

from __future__ import annotations

import pytest

from regkg.errors import NotFoundError, QueryError, UnknownActorError, UnknownConceptError
from regkg.graph import questions
from regkg.graph.store import check_read_only
from tests.test_cypher_statements import lint

REQUIRED = ("duties-touching-concept", "cooperation-on-concept", "duties-of-actor-at-level", "actors-in-two-concepts",
            "responsibility-path", "duties-without-bearer")
EXAMPLES = {"regulation": "guangzhou_digital_economy_draft"}


def test_catalogue_has_the_required_questions_each_read_only():
    found = questions.catalogue()
    assert set(REQUIRED) <= set(found)
    for question in found.values():
        check_read_only(question.cypher)
        assert "$limit" in question.cypher and question.title and question.description
        for param in question.params:
            assert f"${param.name}" in question.cypher, f"{question.name} never uses ${param.name}"


def test_every_question_passes_neo4js_linter():
    report = lint([q.cypher for q in questions.catalogue().values()])
    problems = [f"{r['query']}\n  -> {r['diagnostics']}" for r in report if r["diagnostics"]]
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def store(api_home):
    from regkg.graph.store.embedded import EmbeddedStore
    from regkg.settings import load_settings

    opened = EmbeddedStore(load_settings(home=api_home))
    yield opened
    opened.close()


@pytest.mark.parametrize("name", sorted(questions.catalogue()))
def test_every_question_answers_on_the_embedded_engine(store, name):
    question = questions.get(name)
    given = {p.name: p.example or EXAMPLES.get(p.type) for p in question.params if p.required or p.example}
    answer = questions.ask(store, name, given, limit=50)
    assert answer["rows"], f"{name} with its examples {given} should find something"
    assert answer["columns"] and set(answer["rows"][0]) == set(answer["columns"])


def test_parameters_are_resolved_and_checked(store):
    answer = questions.ask(store, "duties-touching-concept", {"concept": "Data Centers"})
    assert answer["parameters"]["concept"] == "concept:data-centre"
    level = questions.ask(store, "duties-of-actor-at-level", {"actor": "工业和信息化主管部门", "level": "市"})
    assert all(isinstance(a, str) and a.startswith("actor:") for a in level["parameters"]["actor"])
    with pytest.raises(UnknownConceptError):
        questions.ask(store, "duties-touching-concept", {"concept": "no such concept at all"})
    with pytest.raises(UnknownActorError):
        questions.ask(store, "duties-of-actor-at-level", {"actor": "nobody-at-all", "level": "市"})
    with pytest.raises(NotFoundError):
        questions.ask(store, "duties-without-bearer", {"regulation": "nope"})
    with pytest.raises(QueryError, match="needs parameter level"):
        questions.ask(store, "duties-of-actor-at-level", {"actor": "工业和信息化部门"})
    with pytest.raises(QueryError, match="no parameter"):
        questions.ask(store, "laws-cited", {"x": "1"})
    with pytest.raises(NotFoundError) as unknown:
        questions.get("duties-touching-concepts")
    assert "duties-touching-concept" in unknown.value.details["suggestions"]
