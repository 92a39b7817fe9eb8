"""The action reads the article's content from the snapshot, an in-memory copy: the snapshot
must say exactly what the store says, cost one query per turn, and follow every change the
loader makes without a restart, including one made by another process on a file database."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, event, select
from sqlalchemy.orm import sessionmaker
from sqlalchemy.orm.attributes import instance_state

from bot import answers, store
from bot.content import load_content
from bot.settings import ROOT
from bot.store import loading as loader


def _columns(row) -> dict:
    return {c.key: getattr(row, c.key) for c in instance_state(row).mapper.column_attrs}


def test_snapshot_holds_every_row_the_store_holds(session):
    snapshot = store.snapshot_of(session)
    for model, key, held in (
        (store.Topic, "key", snapshot.topics),
        (store.Exercise, "slug", snapshot.exercises),
        (store.Equipment, "slug", snapshot.equipment),
        (store.Remedy, "slug", snapshot.remedy_by_slug),
        (store.ExerciseKind, "kind", snapshot.kinds),
    ):
        rows = list(session.scalars(select(model)))
        assert rows and sorted(held) == sorted(getattr(r, key) for r in rows)
        for row in rows:
            copied = held[getattr(row, key)]
            assert {k: getattr(copied, k) for k in _columns(row)} == _columns(row)
            if hasattr(row, "section"):
                assert copied.section.heading == row.section.heading
    topics = list(session.scalars(select(store.Topic)))
    assert snapshot.topic_by_intent == {
        t.intent: snapshot.topics[t.key] for t in topics if t.intent
    }
    assert [t.key for t in snapshot.starters] == ["overview", "foam_rolling", "stretches"]
    assert [r.slug for r in store.remedies(session)] == [
        r.slug for r in session.scalars(select(store.Remedy).order_by(store.Remedy.id))
    ]
    for alias in session.scalars(select(store.Alias)):
        assert (
            store.resolve_alias(session, label=alias.label, text=alias.text.upper()) == alias.slug
        )
    assert store.resolve_alias(session, label="remedy", text="acupuncture") is None


def test_snapshot_rows_are_read_only(session):
    topic = store.topic(session, "common")
    with pytest.raises(AttributeError, match="read-only"):
        topic.answer = "changed"


def test_a_turn_makes_one_content_query_once_the_snapshot_is_made(factory, engine):
    turn = answers.Turn(
        text="which stretches help?",
        intent="ask_stretches",
        confidence=0.9,
        ranking=[("ask_stretches", 0.9)],
        entities=[],
        state={},
    )
    with factory() as session:
        first = answers.respond(session, turn)
    statements: list[str] = []
    event.listen(
        engine, "before_cursor_execute", lambda conn, cursor, sql, *args: statements.append(sql)
    )
    with factory() as session:
        again = answers.respond(session, turn)
    assert shown(again) == shown(first) and "stretch" in first.messages[-1].text.lower()
    reads = [sql for sql in statements if not sql.lstrip().upper().startswith("INSERT")]
    assert len(reads) == 1 and "store_meta" in reads[0]
    # the one write: the answer given, for its rating buttons
    assert [sql.split()[2] for sql in statements if sql not in reads] == ["answered"]


def shown(reply: answers.Reply) -> list[tuple[str, list[dict]]]:
    """A reply's texts and buttons, but for the rating buttons (their ref is new each time)."""
    return [
        (m.text, [b for b in m.buttons if not b["payload"].startswith(answers.RATING_PAYLOAD)])
        for m in reply.messages
    ]


def test_loader_changes_the_version_only_when_content_changes(session):
    version = store.content_version(session)
    assert version
    assert loader.load(session) == 0
    assert store.content_version(session) == version
    content = load_content()
    data = {**content.data, "topics": {**content.data["topics"]}}
    data["topics"]["common"] = {**data["topics"]["common"], "answer": "Yes, very common."}
    assert loader.load(session, dataclasses.replace(content, data=data)) == 1
    assert store.content_version(session) not in (None, version)
    assert store.topic(session, "common").answer == "Yes, very common."


def test_change_by_another_process_is_seen_on_the_next_turn(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'remedies.db'}"
    engine = create_engine(url, future=True)
    store.create_schema(engine)
    factory = sessionmaker(bind=engine, future=True, expire_on_commit=False)
    with factory.begin() as session:
        loader.load(session)
    with factory() as session:
        before = store.topic(session, "common").answer
    assert not before.endswith("(updated)")
    # `make store` in another process, with one answer of the content changed
    script = (
        "import dataclasses\n"
        "from bot import store\nfrom bot.store import loading as loader\n"
        "from bot.content import load_content\n"
        "c = load_content()\n"
        "topics = {**c.data['topics']}\n"
        "topics['common'] = {**topics['common'], 'answer': topics['common']['answer'] + ' (updated)'}\n"
        "with store.session_scope() as s:\n"
        "    print(loader.load(s, dataclasses.replace(c, data={**c.data, 'topics': topics})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
    with factory() as session:
        assert store.topic(session, "common").answer == before + " (updated)"
