"""Answers come from the store, by intent, entities and conversation state."""

from __future__ import annotations

import pytest

from bot import answers, store, wording
from bot.answers import Turn


def ask(session, text, intent, entities=None, state=None, **kw):
    state = {"disclaimer_shown": True, **(state or {})}
    return answers.respond(
        session,
        Turn(
            text=text,
            intent=intent,
            confidence=kw.pop("confidence", 0.9),
            entities=entities or [],
            state=state,
            **kw,
        ),
    )


def text_of(reply):
    return "\n".join(m.text for m in reply.messages)


def test_each_faq_intent_answers_its_topic_with_source_and_suggestions(session):
    for intent, key in answers.INTENT_TOPICS.items():
        reply = ask(session, "question", intent)
        topic = store.topic(session, key)
        assert reply.topic == key
        assert topic.answer in reply.messages[0].text
        assert f"“{topic.section.heading}”" in reply.messages[0].text
        buttons = reply.messages[0].buttons
        assert 3 <= len(buttons) - 2 <= 4  # suggestions, then "did this help?"
        assert [b["title"] for b in buttons[-2:]] == [answers.RATE_HELPFUL, answers.RATE_UNHELPFUL]
        assert all(len(b["payload"].encode()) <= 64 for b in buttons)  # Telegram's callback_data


def test_named_exercise_gets_its_own_answer(session):
    reply = ask(
        session,
        "how does the chest opener help?",
        "ask_stretches",
        entities=[{"entity": "exercise", "value": "chest opener"}],
    )
    text = text_of(reply)
    assert text.startswith("The chest opener is one of the three stretches")
    assert "cat-cow stretch and the shoulder blade squeeze" in text
    assert reply.state["exercise"] == "chest_opener"


def test_named_equipment_gets_its_own_answer(session):
    text = text_of(
        ask(
            session,
            "does a running belt help",
            "ask_equipment",
            entities=[{"entity": "equipment", "value": "Running Belt"}],
        )
    )
    assert text.startswith("A quality running belt helps distribute the impact")


def test_unknown_entity_values_are_ignored(session):
    reply = ask(
        session,
        "stretches",
        "ask_stretches",
        entities=[{"entity": "exercise", "value": "<script>"}, {"entity": "topic", "value": 3}],
    )
    assert reply.topic == "stretches"


def test_disclaimer_once_and_first(session):
    first = answers.respond(session, Turn(text="hello", intent="greet", state={}))
    assert first.messages[0].text == answers.DISCLAIMER
    assert first.state["disclaimer_shown"] is True
    second = ask(session, "hi again", "greet")
    assert answers.DISCLAIMER not in text_of(second)


def test_warning_signs_come_first_with_no_self_treatment(session):
    reply = answers.respond(
        session,
        Turn(text="my chest hurts, which stretches should I do?", intent="ask_stretches", state={}),
    )
    assert "medical care" in reply.messages[0].text and "chest pain" in reply.messages[0].text
    assert reply.messages[-1].text == answers.DISCLAIMER
    text = text_of(reply).lower()
    for advice in ("cat-cow", "shoulder blade", "plank", "back and forth", "running belt"):
        assert advice not in text
    assert all(not m.buttons for m in reply.messages)


def test_warning_intent_without_a_sign_found_reminds_of_care_then_answers(session):
    """The classifier alone does not send a reader to care (it cannot read "I don't have
    chest pain"), but its worry is passed on before the answer to what else was asked."""
    reply = ask(
        session,
        "i don't get chest pain, which stretches help?",
        "warning_signs",
        ranking=[("warning_signs", 0.6), ("ask_stretches", 0.3)],
    )
    assert reply.messages[0].text == answers.CAUTION
    assert reply.topic == "stretches"


def test_warning_intent_with_nothing_else_asked_reminds_of_care(session):
    reply = ask(
        session, "something feels really wrong", "warning_signs", ranking=[("warning_signs", 0.9)]
    )
    # no answer from the article follows, so none is announced
    assert reply.messages[0].text == answers.CAUTION_ONLY
    assert "doctor" in text_of(reply)
    assert "here is what the article says" not in text_of(reply)


def test_out_of_scope_is_honest_and_logged(session):
    reply = ask(session, "what is a good pace for a 10k", "out_of_scope", confidence=0.97)
    assert reply.messages[0].text == answers.OUT_OF_SCOPE
    logged = store.unanswered(session)
    assert [(u.text, u.reason) for u in logged] == [
        ("what is a good pace for a 10k", "out_of_scope")
    ]


def test_low_confidence_between_two_topics_offers_both(session):
    reply = ask(
        session,
        "rolling or stretching?",
        "nlu_fallback",
        confidence=0.4,
        ranking=[("nlu_fallback", 0.45), ("ask_foam_rolling", 0.4), ("ask_stretches", 0.35)],
    )
    assert reply.messages[0].text == answers.DID_YOU_MEAN
    assert [b["payload"] for b in reply.messages[0].buttons] == [
        "/ask_foam_rolling",
        "/ask_stretches",
    ]
    assert store.unanswered(session)[0].reason == "ambiguous"


def test_fallback_without_a_close_pair_is_out_of_scope(session):
    reply = ask(
        session,
        "zzzz",
        "nlu_fallback",
        confidence=0.3,
        ranking=[("nlu_fallback", 0.45), ("out_of_scope", 0.3), ("greet", 0.2)],
    )
    assert reply.messages[0].text == answers.OUT_OF_SCOPE


def test_empty_message_gets_a_polite_prompt(session):
    assert text_of(ask(session, "   ", None)) == answers.EMPTY


def test_tell_me_more_gives_the_whole_section(session):
    reply = ask(session, "tell me more", "ask_more", state={"topic": "stretches"})
    assert store.section(session, "stretching-exercises").body in text_of(reply)


def test_what_else_moves_to_a_method_not_yet_discussed(session):
    reply = ask(
        session, "what else?", "ask_what_else", state={"discussed": ["foam_rolling", "stretches"]}
    )
    assert reply.topic == "posture"


def test_the_second_one_picks_from_the_last_list(session):
    listed = ask(session, "which stretches", "ask_stretches")
    reply = ask(session, "the second one", "choose_option", state=listed.state)
    assert text_of(reply).startswith("The shoulder blade squeeze")


def test_choose_without_a_list_explains(session):
    assert text_of(ask(session, "the second one", "choose_option")).startswith(answers.NO_OPTIONS)


def test_named_method_wins_over_a_foam_rolling_guess(session):
    reply = ask(
        session,
        "what does stretching do",
        "ask_foam_rolling",
        entities=[{"entity": "remedy", "value": "stretching"}],
    )
    assert reply.topic == "stretches"


def test_a_foam_rolling_question_that_names_a_fault_first_stays_foam_rolling(session):
    # the fault ("hunched", a posture name) is told, foam rolling is what is asked about
    reply = ask(
        session,
        "hunched over a laptop all week, can a foam roller undo some of that?",
        "ask_foam_rolling",
        entities=[
            {"entity": "remedy", "value": "hunched"},
            {"entity": "remedy", "value": "foam roller"},
        ],
    )
    assert reply.topic == "foam_rolling"


def test_how_do_i_do_it_follows_the_subject(session):
    rolled = ask(session, "what does foam rolling do", "ask_foam_rolling")
    assert (
        ask(session, "how do I do it?", "ask_how_to_foam_roll", state=rolled.state).topic
        == "how_to_foam_roll"
    )
    stretched = ask(session, "which stretches help", "ask_stretches")
    reply = ask(session, "how do I do it?", "ask_how_to_foam_roll", state=stretched.state)
    assert reply.topic == "stretches" and "doesn't describe how to do them" in text_of(reply)
    named = "the cat-cow stretch, the shoulder blade squeeze and the chest opener but"
    assert f"The article names {named}" in text_of(reply)
    posture = ask(session, "posture?", "ask_posture")
    assert (
        ask(session, "how do I do that", "ask_how_to_foam_roll", state=posture.state).topic
        == "posture"
    )


def test_a_fresh_question_wins_over_context(session):
    stretched = ask(session, "which stretches help", "ask_stretches")
    reply = ask(
        session,
        "how do I use a foam roller?",
        "ask_how_to_foam_roll",
        state=stretched.state,
        entities=[{"entity": "remedy", "value": "foam roller"}],
    )
    assert reply.topic == "how_to_foam_roll"


def test_tell_me_about_a_new_subject_answers_it(session):
    reply = ask(
        session,
        "tell me about stretching",
        "ask_more",
        entities=[{"entity": "remedy", "value": "stretching"}],
        state={"topic": "foam_rolling"},
    )
    assert reply.topic == "stretches" and "cat-cow" in text_of(reply)


def test_the_pick_after_did_you_mean_is_answered_and_kept(session):
    asked = ask(
        session,
        "rolling or stretching?",
        "nlu_fallback",
        confidence=0.4,
        ranking=[("nlu_fallback", 0.45), ("ask_foam_rolling", 0.4), ("ask_stretches", 0.35)],
    )
    picked = ask(session, "/ask_stretches", "ask_stretches", state=asked.state)
    assert picked.topic == "stretches" and picked.state["clarifying"] is None
    assert store.unanswered(session)[0].picked_intent == "ask_stretches"


def test_report_groups_similar_questions(session):
    from bot.report import group, render

    for text in (
        "how do I treat shin splints",
        "how to treat shin splints?",
        "shin splints treatment",
        "best 10k pace",
        "what is a good 10k pace",
    ):
        store.log_unanswered(
            session, text=text, intent="out_of_scope", confidence=0.9, reason="out_of_scope"
        )
    groups = group(store.unanswered(session))
    assert [g.count for g in groups] == [3, 2]
    report = render(groups, 10)
    assert "x3" in report and "shin splints" in report.splitlines()[2]


def test_what_else_counts_related_topics_as_their_method(session):
    reply = ask(session, "what else?", "ask_what_else", state={"discussed": ["foam_rolling_alone"]})
    assert reply.topic == "stretches"


def test_terminal_replies_are_wrapped_without_losing_words():
    text = (
        "Stretches that target the upper back, shoulders and neck can improve flexibility "
        "and reduce tension. The article names three: 1. the cat-cow stretch, 2. the "
        "shoulder blade squeeze, 3. the chest opener.\n\nSource: the article's section."
    )
    wrapped = answers.for_terminal(text)
    assert all(len(line) <= answers.TERMINAL_WIDTH for line in wrapped.splitlines())
    assert wrapped.split() == text.split()
    assert "\n\nSource" in wrapped


def test_an_answer_is_built_without_the_database_and_its_records_written_at_the_end(
    session, engine
):
    from sqlalchemy import event

    snapshot = store.snapshot_of(session)
    statements: list[str] = []
    event.listen(
        engine, "before_cursor_execute", lambda conn, cursor, sql, *a: statements.append(sql)
    )
    turn = Turn(
        text="rolling or stretching?",
        intent="nlu_fallback",
        confidence=0.4,
        ranking=[("nlu_fallback", 0.45), ("ask_foam_rolling", 0.4), ("ask_stretches", 0.35)],
        state={"disclaimer_shown": True},
    )
    reply = answers.answer(snapshot, turn)
    assert statements == []
    [record] = reply.records
    assert (record.text, record.reason) == ("rolling or stretching?", "ambiguous")
    assert reply.state["clarifying"] == [record.ref, "ask_foam_rolling", "ask_stretches"]
    picked = answers.answer(
        snapshot,
        Turn(text="/ask_stretches", intent="ask_stretches", state={**turn.state, **reply.state}),
    )
    assert statements == []
    assert [type(r) for r in picked.records] == [store.AnsweredRecord, store.PickRecord]
    assert picked.records[1] == store.PickRecord(record.ref, "ask_stretches")
    store.save_records(session, reply.records + picked.records)
    assert [(u.ref, u.picked_intent) for u in store.unanswered(session)] == [
        (record.ref, "ask_stretches")
    ]


def test_a_pick_for_a_question_no_longer_logged_is_skipped(session):
    reply = ask(
        session,
        "/ask_stretches",
        "ask_stretches",
        state={"clarifying": ["17", "ask_foam_rolling", "ask_stretches"]},
    )
    assert reply.topic == "stretches" and reply.state["clarifying"] is None
    assert store.unanswered(session) == []


@pytest.mark.parametrize("text", ["🙂", "??", "..."])
def test_a_message_with_no_words_is_asked_for_a_question(session, text):
    reply = ask(session, text, "greet")
    assert reply.parts == ["other"]
    assert reply.messages[-1].text == wording.NO_WORDS
    assert reply.messages[-1].buttons


def test_a_thumb_alone_is_still_a_rating(session):
    reply = ask(session, "👍", "greet")
    assert all(m.text != wording.NO_WORDS for m in reply.messages)


def test_suggestions_leave_out_topics_already_discussed(session):
    posture = store.topic(session, "posture").question
    reply = ask(session, "which shoes help", "ask_equipment", state={"discussed": ["posture"]})
    suggested = [b["title"] for b in reply.messages[0].buttons]
    assert posture not in suggested
    assert len([t for t in suggested if t.endswith("?")]) >= 2


def test_with_fewer_than_two_left_the_starters_fill_in(session):
    equipment = store.topic(session, "equipment")
    discussed = [k for k in equipment.next_topics][:2]
    reply = ask(session, "which shoes help", "ask_equipment", state={"discussed": discussed})
    questions = {b["title"] for b in reply.messages[0].buttons}
    fresh = {
        store.topic(session, k).question
        for k in [*equipment.next_topics, *(t.key for t in store.snapshot_of(session).starters)]
        if k not in discussed and k != "equipment"
    }
    assert len(questions & fresh) >= 2
    assert not questions & {store.topic(session, k).question for k in discussed}
