"""Warning-sign replies are counted for the editor's report: one `Triage` row per kind of sign,
written with the turn, holding neither the message text nor anything about the reader."""

from __future__ import annotations

from sqlalchemy import inspect, select

from bot import compose, safety, store
from bot.answers import Turn


def ask(session, text, intent="ask_overview", earlier=None):
    state = {"disclaimer_shown": True}
    turn = Turn(text=text, intent=intent, confidence=0.9, state=state, earlier=earlier)
    reply = compose.respond(session, turn)
    session.flush()
    return reply


def triage(session) -> list[str]:
    return [row.sign for row in session.scalars(select(store.Triage).order_by(store.Triage.id))]


def test_a_warning_sign_reply_records_each_kind_of_sign(session):
    reply = ask(session, "I have chest pain and I can't catch my breath when I run")
    assert reply.parts == ["seek_care"]
    assert triage(session) == [safety.CHEST, safety.BREATH]


def test_a_sign_split_over_two_messages_is_recorded_once_with_the_second(session):
    ask(session, "my upper back has ached for days", "ask_overview")
    assert triage(session) == []
    ask(session, "and now the pain goes down my left arm", earlier="my upper back has ached")
    assert triage(session) == [safety.SPREAD]


def test_ordinary_and_denied_questions_record_no_triage(session):
    ask(session, "which stretches help?", "ask_stretches")
    ask(session, "no chest pain, just a stiff upper back", "ask_overview")
    assert triage(session) == []


def test_the_triage_table_holds_the_sign_and_the_time_only(session, engine):
    text = "I fell off my bike yesterday and my upper back hurts"
    ask(session, text)
    session.commit()
    columns = {c["name"] for c in inspect(engine).get_columns("triage")}
    assert columns == {"id", "sign", "at"}
    rows = session.scalars(select(store.Triage)).all()
    assert [r.sign for r in rows] == [safety.TRAUMA]
    assert all(text not in r.sign and r.at is not None for r in rows)
