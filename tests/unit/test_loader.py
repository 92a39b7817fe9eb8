"""Loading is idempotent, updates changed passages, upgrades a store an earlier version built
(keeping its unanswered questions) and reports a missing store clearly."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.orm import Session

from bot import store
from bot.content import load_content
from bot.store import loading as loader


def test_second_load_changes_nothing(session):
    before = [(t.key, t.answer) for t in session.scalars(select(store.Topic))]
    assert loader.load(session) == 0
    after = [(t.key, t.answer) for t in session.scalars(select(store.Topic))]
    assert before == after


def test_changed_answer_updates_its_row_only(session):
    content = load_content()
    data = {**content.data, "topics": {**content.data["topics"]}}
    data["topics"]["common"] = {**data["topics"]["common"], "answer": "Yes, very common."}
    assert loader.load(session, dataclasses.replace(content, data=data)) == 1
    assert store.topic(session, "common").answer == "Yes, very common."
    assert loader.load(session) == 1
    assert store.topic(session, "common").answer.startswith("Yes. Upper back pain")


def test_removed_alias_is_pruned(session):
    content = load_content()
    remedies = [dict(r) for r in content.data["remedies"]]
    remedies[0]["aliases"] = [a for a in remedies[0]["aliases"] if a != "smr"]
    writes = loader.load(
        session, dataclasses.replace(content, data={**content.data, "remedies": remedies})
    )
    assert writes == 1
    assert store.resolve_alias(session, label="remedy", text="smr") is None
    assert store.resolve_alias(session, label="remedy", text="Foam-Rolling") == "foam_rolling"


def test_unanswered_log_survives_reload(session):
    store.log_unanswered(
        session, text="best 10k pace?", intent="out_of_scope", confidence=0.9, reason="out_of_scope"
    )
    loader.load(session)
    assert [u.text for u in store.unanswered(session)] == ["best 10k pace?"]


@pytest.mark.parametrize("prepare", ["missing", "empty", "no content version"])
def test_missing_or_empty_store_says_how_to_build_it(tmp_path, prepare):
    engine = create_engine(f"sqlite:///{tmp_path / 'r.db'}", future=True)
    if prepare != "missing":
        store.create_schema(engine)
    if prepare == "no content version":  # built before the snapshot: rows, no version table
        with Session(engine) as session:
            loader.load(session)
            session.commit()
        store.StoreMeta.__table__.drop(engine)
    with Session(engine) as session, pytest.raises(store.StoreNotReady, match="make store"):
        store.ensure_ready(session)


# What an earlier version of the loader built, in part: a topics table without the columns
# that make topics data, a retired table, and an unanswered log with a question in it.
OLD_SCHEMA = [
    "CREATE TABLE sections (id INTEGER PRIMARY KEY, slug VARCHAR(80) NOT NULL UNIQUE, "
    "heading VARCHAR(200) NOT NULL, title VARCHAR(200) NOT NULL, position INTEGER NOT NULL, "
    "body TEXT NOT NULL)",
    "CREATE TABLE topics (id INTEGER PRIMARY KEY, key VARCHAR(80) NOT NULL UNIQUE, "
    "question VARCHAR(300) NOT NULL, answer TEXT NOT NULL, passage TEXT NOT NULL, "
    "items VARCHAR(300) NOT NULL, section_id INTEGER NOT NULL REFERENCES sections (id))",
    "CREATE TABLE facts (id INTEGER PRIMARY KEY, kind VARCHAR(40) NOT NULL, slug VARCHAR(80) "
    "NOT NULL, text TEXT NOT NULL, section_id INTEGER NOT NULL REFERENCES sections (id))",
    "CREATE TABLE unanswered (id INTEGER PRIMARY KEY, text TEXT NOT NULL, asked_at DATETIME "
    "NOT NULL, intent VARCHAR(80), confidence FLOAT, reason VARCHAR(40) NOT NULL, "
    "picked_intent VARCHAR(80))",
    "INSERT INTO sections VALUES (1, 'conclusion', 'Conclusion', 'Conclusion', 0, 'Old.')",
    "INSERT INTO topics VALUES (1, 'common', 'Common?', 'Yes.', 'Old.', '', 1)",
    "INSERT INTO unanswered (text, asked_at, reason) VALUES "
    "('best 10k pace?', '2024-05-01 08:00:00', 'out_of_scope')",
]


def test_a_store_built_by_an_earlier_version_is_upgraded_keeping_its_questions(tmp_path):
    from bot import answers

    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}", future=True)
    with engine.begin() as connection:
        for statement in OLD_SCHEMA:
            connection.execute(text(statement))
    with Session(engine) as session, pytest.raises(store.StoreNotReady, match="make store"):
        store.ensure_ready(session)
    assert loader.upgrade_schema(engine) == [
        "dropped retired table facts",
        "rebuilt content tables (topics changed)",
        "added unanswered.ref",
    ]
    assert "facts" not in inspect(engine).get_table_names()
    with Session(engine) as session:
        assert loader.load(session) > 0
        session.commit()
    assert loader.upgrade_schema(engine) == []
    with Session(engine) as session:
        assert [(u.text, u.ref) for u in store.unanswered(session)] == [("best 10k pace?", None)]
        asked = answers.respond(
            session,
            answers.Turn(
                text="rolling or stretching?",
                intent="nlu_fallback",
                confidence=0.4,
                ranking=[("ask_foam_rolling", 0.4), ("ask_stretches", 0.35)],
                state={},
            ),
        )
        answers.respond(
            session, answers.Turn(text="/ask_stretches", intent="ask_stretches", state=asked.state)
        )
        session.commit()
        assert [(u.text, u.picked_intent) for u in store.unanswered(session)] == [
            ("best 10k pace?", None),
            ("rolling or stretching?", "ask_stretches"),
        ]
