"""Loading is idempotent, updates changed passages and reports a missing store clearly."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot import store
from bot.store import loading as loader
from bot.content import load_content


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
    writes = loader.load(session, dataclasses.replace(content, data={**content.data, "remedies": remedies}))
    assert writes == 1
    assert store.resolve_alias(session, label="remedy", text="smr") is None
    assert store.resolve_alias(session, label="remedy", text="Foam-Rolling") == "foam_rolling"


def test_unanswered_log_survives_reload(session):
    store.log_unanswered(session, text="best 10k pace?", intent="out_of_scope", confidence=0.9,
                         reason="out_of_scope")
    loader.load(session)
    assert [u.text for u in store.unanswered(session)] == ["best 10k pace?"]


@pytest.mark.parametrize("prepare", ["missing", "empty", "no content version"])
def test_missing_or_empty_store_says_how_to_build_it(tmp_path, prepare):
    engine = create_engine(f"sqlite:///{tmp_path / 'r.db'}", future=True)
    if prepare != "missing":
        store.create_schema(engine)
    if prepare == "no content version":  # built before the content copy: rows, no version table
        with Session(engine) as session:
            loader.load(session)
            session.commit()
        store.StoreMeta.__table__.drop(engine)
    with Session(engine) as session, pytest.raises(store.StoreNotReady, match="make store"):
        store.ensure_ready(session)
