"""A whole message is read as readers write it: every question answered in order, "instead
of X" gets the other methods, points the article does not make are said to be uncovered, a
ranking it does not give is told so, small talk only when that is all, and a warning sign
first. The clauses are given as the NLU clause component would give them."""

from __future__ import annotations

import pytest

from bot import compose, store, wording
from bot.answers import Turn
from tests.compose_turns import ask, clause


def test_two_questions_are_answered_in_order_with_suggestions_after_the_last(session):
    text = "which stretches should I do, and how should I fix my posture?"
    reply = ask(
        session,
        text,
        "ask_stretches",
        [
            ("which stretches should I do", "ask_stretches"),
            ("how should I fix my posture?", "ask_posture"),
        ],
    )
    assert reply.parts == ["stretches", "posture"]
    first, second = reply.messages
    assert store.topic(session, "stretches").answer in first.text
    assert store.topic(session, "posture").answer in second.text
    assert "Source:" in first.text and "Source:" in second.text
    assert first.buttons == [] and second.buttons


def test_three_questions_keep_the_readers_order(session):
    text = "Three things: what does rolling do? what should I avoid? do planks help?"
    reply = ask(
        session,
        text,
        "ask_foam_rolling",
        [
            ("what does rolling do?", "ask_foam_rolling"),
            ("what should I avoid?", "ask_avoid"),
            ("do planks help?", "ask_strengthening"),
        ],
    )
    assert reply.parts == ["foam_rolling", "avoid", "strengthening"]


def test_greeting_with_a_question_answers_the_question(session):
    text = "thanks a lot! and how often should I do it?"
    reply = ask(
        session,
        text,
        "thank",
        [("thanks a lot!", "thank"), ("how often should I do it?", "ask_frequency")],
    )
    assert reply.parts == ["frequency"]


def test_a_message_that_only_ends_in_a_goodbye_word_is_not_a_goodbye(session):
    text = "none of what I did at home worked so far, now what"
    reply = ask(session, text, "goodbye", [(text, "ask_overview")])
    assert wording.GOODBYE not in [m.text for m in reply.messages]


def test_goodbye_alone_is_a_goodbye(session):
    reply = ask(session, "ok bye, thanks", "goodbye", [("ok bye, thanks", "goodbye")])
    assert reply.parts == ["goodbye"]


def test_instead_of_a_method_gets_the_other_methods_with_it_left_out(session):
    reply = ask(
        session, "is there anything I could do in place of the foam roller?", "ask_foam_rolling"
    )
    assert reply.parts == ["alternatives"] and reply.excluded == "foam_rolling"
    text = reply.messages[0].text
    assert text.startswith("Besides foam rolling")
    assert "Stretching:" in text and "Foam rolling:" not in text


def test_a_method_that_did_not_help_gets_the_others(session):
    reply = ask(session, "stretching has done nothing for me, what else?", "ask_stretches")
    assert reply.parts == ["alternatives"] and reply.excluded == "stretching"


@pytest.mark.parametrize(
    "told, left_out",
    [
        ("i stretch and foam roll already", ("Stretching", "Foam rolling")),
        (
            "I already have good shoes and use my foam roller daily.",
            ("Proper equipment", "Foam rolling"),
        ),
    ],
)
def test_every_method_the_reader_tells_of_is_left_out(session, told, left_out):
    text = f"{told} What else?"
    reply = ask(
        session,
        text,
        "ask_what_else",
        [(told, "out_of_scope", 0.3), ("What else?", "ask_what_else")],
    )
    assert reply.parts == ["alternatives"]
    message = reply.messages[0].text
    lead = message.splitlines()[0].lower()
    assert all(name.lower() in lead for name in left_out)
    assert not any(f"- {name}:" in message for name in left_out)
    assert "- Running technique:" in message


def test_telling_of_every_method_gives_the_others_than_the_one_asked_around(session):
    told = (
        "I stretch, foam roll, work on my posture, fixed my running technique and have good shoes."
    )
    reply = ask(
        session,
        f"{told} what else",
        "ask_what_else",
        [(told, "out_of_scope", 0.3), ("what else", "ask_what_else")],
    )
    assert reply.parts == ["alternatives"]
    assert reply.messages[0].text.count("\n- ") == 4


def test_a_named_exercise_counts_as_its_method(session):
    reply = ask(session, "my wrists can't take planks, any other ideas", "ask_strengthening")
    assert reply.excluded == "posture"


def test_a_point_the_article_does_not_make_is_said_plainly_then_the_closest(session):
    reply = ask(session, "should I put ice on it after a long run?", "ask_overview")
    assert reply.parts == ["not_covered"] and reply.topic is None
    text = reply.messages[0].text
    assert text.startswith("The article doesn't cover ice or heat")
    assert "The closest thing the article does say (not an answer to that)" in text


def test_uncovered_questions_are_logged_for_the_editors(session):
    ask(session, "how much does a decent roller cost", "ask_equipment")
    session.commit()
    assert [u.reason for u in store.unanswered(session)] == ["not_covered"]


def test_a_ranking_the_article_does_not_give_is_half_covered(session):
    reply = ask(
        session, "which one is best for my neck?", "ask_stretches", state={"topic": "stretches"}
    )
    assert reply.parts == ["stretches"]
    text = reply.messages[0].text
    assert text.startswith("The article doesn't say which stretch works best")
    assert store.topic(session, "stretches").answer in text


def test_a_warning_sign_comes_first_and_alone_in_a_compound_message(session):
    text = "my chest feels tight, and which stretches help?"
    reply = ask(
        session,
        text,
        "ask_stretches",
        [("my chest feels tight", "warning_signs"), ("which stretches help?", "ask_stretches")],
    )
    assert reply.parts == ["seek_care"]


def test_a_sign_split_over_two_messages_is_caught(session):
    reply = ask(
        session,
        "and now the pain goes down my left arm",
        "ask_overview",
        earlier="my upper back has ached for days",
    )
    assert reply.parts == ["seek_care"]


def test_the_previous_message_is_remembered_for_the_next_turn(session):
    reply = ask(session, "which stretches help?", "ask_stretches")
    assert reply.state["previous_message"] == "which stretches help?"


def test_one_question_is_answered_as_before(session):
    reply = ask(
        session,
        "which stretches help?",
        "ask_stretches",
        [("which stretches help?", "ask_stretches")],
    )
    assert reply.parts == ["stretches"]
    assert reply.messages[0].buttons


def test_besides_it_means_besides_the_subject_under_discussion(session):
    reply = ask(
        session,
        "and what could I do alongside it?",
        "ask_overview",
        state={"topic": "how_to_foam_roll"},
    )
    assert reply.parts == ["alternatives"] and reply.excluded == "foam_rolling"


def test_which_one_is_best_is_about_the_latest_list_discussed(session):
    reply = ask(
        session,
        "which one is best for my neck?",
        "out_of_scope",
        state={"topic": "frequency", "discussed": ["stretches", "frequency"]},
    )
    assert reply.parts == ["stretches"]
    assert reply.messages[0].text.startswith("The article doesn't say which stretch")


def test_a_best_question_about_something_else_is_not_taken_for_the_list(session):
    reply = ask(
        session,
        "what is the best marathon pace?",
        "out_of_scope",
        state={"topic": "stretches", "discussed": ["stretches"]},
    )
    assert reply.parts == ["not_covered"]


def test_a_question_that_lists_topics_asks_for_each_in_order(session):
    text = "could you go over posture, core work and shoes?"
    reply = ask(session, text, "ask_posture", [(text, "ask_posture")])
    assert reply.parts == ["posture", "strengthening", "equipment"]
    assert [m.buttons == [] for m in reply.messages] == [True, True, False]


def test_the_clause_intent_stands_for_its_own_method_in_a_list(session):
    text = "how do I foam roll and stretch"
    reply = ask(session, text, "ask_how_to_foam_roll", [(text, "ask_how_to_foam_roll")])
    assert reply.parts == ["how_to_foam_roll", "stretches"]


def test_a_question_about_listed_topics_is_one_question(session):
    text = "how often should I do the cat-cow and bridges"
    reply = ask(session, text, "ask_frequency", [(text, "ask_frequency")])
    assert reply.parts == ["frequency"]


def test_a_question_relating_two_topics_is_not_a_list(session):
    text = "does foam rolling help my posture"
    reply = ask(session, text, "ask_foam_rolling", [(text, "ask_foam_rolling")])
    assert reply.parts == ["foam_rolling"]


def test_a_bare_topic_among_questions_is_asked_too(session):
    text = "the cat-cow or the chest opener, and also do I need a physio?"
    reply = ask(
        session,
        text,
        "ask_stretches",
        [
            ("the cat-cow or the chest opener", "ask_stretches"),
            ("do I need a physio?", "ask_professional"),
        ],
    )
    assert reply.parts == ["stretches", "professional"]


def test_a_statement_naming_a_topic_is_not_asked(session):
    text = "my shoes are old, what stretches help?"
    reply = ask(
        session,
        text,
        "ask_stretches",
        [("my shoes are old", "ask_equipment"), ("what stretches help?", "ask_stretches")],
    )
    assert reply.parts == ["stretches"]


def test_a_bare_topic_that_the_next_question_asks_about_is_one_question(session):
    text = "the cat-cow - how does it help my back?"
    reply = ask(
        session,
        text,
        "ask_stretches",
        [("the cat-cow", "ask_stretches"), ("how does it help my back?", "ask_overview")],
    )
    assert len(reply.parts) == 1


def test_a_question_wrapped_in_thanks_is_answered_when_the_whole_is_unclear(session):
    text = "lovely, cheers. and what about my running form?"
    reply = ask(
        session,
        text,
        "nlu_fallback",
        [("lovely, cheers.", "thank"), ("what about my running form?", "ask_running_technique")],
    )
    assert reply.parts == ["running_technique"]


def test_own_pain_and_a_plea_for_help_gets_the_overview_when_the_model_is_unsure(session):
    text = "upper back always sore the day after my long run, any tips?"
    reply = ask(session, text, "out_of_scope", [(text, "out_of_scope")])
    assert reply.parts == ["overview"]


def test_a_plea_for_help_that_names_a_method_is_left_to_the_model(session):
    text = "my upper back is tight after runs and stretching, any tips?"
    reply = ask(session, text, "nlu_fallback", [(text, "nlu_fallback")])
    assert reply.parts != ["overview"]


def test_what_else_helps_beside_other_questions_is_one_more_question(session):
    text = "is this common in runners? does foam rolling help? what else can I do?"
    reply = ask(
        session,
        text,
        "ask_common",
        [
            ("is this common in runners?", "ask_common"),
            ("does foam rolling help?", "ask_foam_rolling"),
            ("what else can I do?", "ask_what_else"),
        ],
    )
    assert reply.parts == ["common", "foam_rolling", "overview"]


def test_a_clause_that_asks_only_what_helps_asks_for_the_overview(session):
    text = "three qs: is this common? what helps? how often?"
    reply = ask(
        session,
        text,
        "ask_common",
        [
            ("three qs: is this common?", "ask_common"),
            ("what helps?", "bot_capabilities", 0.36),
            ("how often?", "ask_frequency"),
        ],
    )
    assert reply.parts == ["common", "overview", "frequency"]


def test_what_helps_after_a_point_the_article_does_not_make_is_about_that_point(session):
    text = "what about knee pain from running, any advice"
    reply = ask(
        session,
        text,
        "out_of_scope",
        [
            ("what about knee pain from running", "out_of_scope", 0.64),
            ("any advice", "ask_what_else", 0.29),
        ],
    )
    assert "overview" not in reply.parts


def test_a_reader_on_a_budget_gets_the_methods_that_need_nothing_bought(session):
    text = "money is tight so I can't buy anything, what can I do about my upper back?"
    reply = ask(
        session,
        text,
        "ask_equipment",
        [
            ("money is tight so I can't buy anything", "out_of_scope", 0.27),
            ("what can I do about my upper back?", "ask_overview", 0.79),
        ],
    )
    assert reply.parts == ["alternatives"] and reply.excluded == "equipment"
    assert "Proper equipment:" not in reply.messages[0].text


def test_a_budget_with_a_question_about_price_is_not_a_request_for_alternatives(session):
    text = "how much is a foam roller? I'm on a budget"
    reply = ask(
        session,
        text,
        "out_of_scope",
        [("how much is a foam roller?", "out_of_scope"), ("I'm on a budget", "goodbye", 0.29)],
    )
    assert reply.parts != ["alternatives"]


def test_what_else_after_a_statement_about_a_method_still_gets_the_others(session):
    text = "foam rolling hurts my back. what else can I do?"
    reply = ask(
        session,
        text,
        "ask_foam_rolling",
        [
            ("foam rolling hurts my back.", "ask_foam_rolling"),
            ("what else can I do?", "ask_what_else"),
        ],
    )
    assert reply.parts == ["alternatives"] and reply.excluded == "foam_rolling"


def test_instead_beside_a_question_about_a_method_still_gets_the_others(session):
    text = "does foam rolling work? what can I do instead?"
    reply = ask(
        session,
        text,
        "ask_foam_rolling",
        [
            ("does foam rolling work?", "ask_foam_rolling"),
            ("what can I do instead?", "ask_what_else"),
        ],
    )
    assert reply.parts == ["alternatives"] and reply.excluded == "foam_rolling"


def _entity(text, label, value):
    start = text.index(value)
    return {"entity": label, "value": value, "start": start, "end": start + len(value)}


def test_a_name_in_a_list_narrows_only_its_own_topic(session):
    text = "posture tips & shoe advice"
    entities = [_entity(text, "remedy", "posture"), _entity(text, "equipment", "shoe")]
    reply = ask(session, text, "ask_posture", [(text, "ask_posture")], entities=entities)
    assert reply.parts == ["posture", "equipment"]
    assert store.topic(session, "posture").answer in reply.messages[0].text


def test_a_ranking_between_two_names_is_not_a_list(session):
    text = "of the cat-cow and planks, which is best for my back?"
    entities = [_entity(text, "exercise", "planks"), _entity(text, "exercise", "cat-cow")]
    reply = ask(
        session, text, "ask_strengthening", [(text, "ask_strengthening")], entities=entities
    )
    assert len(reply.parts) == 1


def test_a_fragment_the_clause_model_is_sure_of_is_asked_among_questions(session):
    text = "exercises to avoid / core exercises to do"
    reply = ask(
        session,
        text,
        "ask_strengthening",
        [
            ("exercises to avoid", "ask_avoid", 0.99),
            ("core exercises to do", "ask_strengthening", 0.99),
        ],
    )
    assert reply.parts == ["avoid", "strengthening"]


def test_a_statement_is_not_a_fragment_that_asks(session):
    text = "my shoes are old, which stretches help?"
    reply = ask(
        session,
        text,
        "ask_stretches",
        [("my shoes are old", "ask_equipment", 0.99), ("which stretches help?", "ask_stretches")],
    )
    assert reply.parts == ["stretches"]


def test_a_topic_named_with_a_typo_is_still_named(session):
    text = "foam roller how position body, which strech after"
    reply = ask(
        session,
        text,
        "ask_how_to_foam_roll",
        [
            ("foam roller how position body", "ask_how_to_foam_roll"),
            ("which strech after", "out_of_scope", 0.42),
        ],
    )
    assert reply.parts == ["how_to_foam_roll", "stretches"]


def test_a_word_two_letters_from_a_topics_name_is_not_taken_for_it(session):
    text = "how do i foam roll, and which streeetch after"
    reply = ask(
        session,
        text,
        "ask_how_to_foam_roll",
        [
            ("how do i foam roll", "ask_how_to_foam_roll"),
            ("which streeetch after", "out_of_scope", 0.42),
        ],
    )
    assert reply.parts != ["how_to_foam_roll", "stretches"]


@pytest.mark.parametrize(
    "text",
    [
        # a plea for help with the reader's own upper back pain from running
        "my legs felt like jelly after my first 10k, but my upper back aches. what can i do",
        # no running named: after a sign the safety check does not find, the message is about
        # the reader's body, so any request for help is for help with it
        "my legs were like jelly after the gym, normal for me. any tips for my stiff upper back?",
    ],
)
def test_a_weak_reading_left_after_an_unconfirmed_warning_sign_gives_way_to_a_request_for_help(
    session, text
):
    # The model hears a warning sign the safety check does not find; what it heard besides
    # is weak (0.09): the article's overview, after the reminder of when to see a doctor.
    turn = Turn(
        text=text,
        intent="warning_signs",
        confidence=0.6,
        ranking=[("warning_signs", 0.6), ("ask_avoid", 0.09), ("ask_stretches", 0.08)],
        state={"disclaimer_shown": True},
        clauses=[clause(text, text, "warning_signs", 0.6)],
    )
    reply = compose.respond(session, turn)
    assert reply.parts == ["overview"]
    assert reply.messages[0].text == wording.CAUTION


def test_a_reader_who_cannot_afford_a_professional_asks_what_they_can_do_themselves(session):
    text = "I can't afford a physio, what can I do?"
    reply = ask(
        session,
        text,
        "ask_professional",
        [
            ("I can't afford a physio", "ask_professional", 0.82),
            ("what can I do?", "bot_capabilities", 0.36),
        ],
    )
    assert reply.parts == ["overview"]


def test_a_professional_the_reader_cannot_afford_is_not_the_question(session):
    text = "can't afford a running coach, how do I fix my stride on my own?"
    reply = ask(session, text, "ask_professional", [(text, "ask_professional", 0.67)])
    assert reply.parts == ["running_technique"]


def test_an_uncovered_point_names_who_can_answer_it(session):
    price = ask(session, "how much is a decent foam roller?", "out_of_scope")
    medication = ask(session, "can I take ibuprofen for it?", "out_of_scope")
    assert price.parts == medication.parts == ["not_covered"]
    assert "The shop or the practitioner can." in price.messages[0].text
    assert "doctor" not in price.messages[0].text
    assert wording.ASK_BY_DEFAULT in medication.messages[0].text


def test_what_else_after_something_ruled_out_that_names_no_method_lists_every_method(session):
    text = "that squishy tube thing is not for me. what other methods are there"
    reply = ask(
        session,
        text,
        "out_of_scope",
        [
            ("that squishy tube thing is not for me.", "out_of_scope", 0.33),
            ("what other methods are there", "ask_what_else", 0.89),
        ],
    )
    assert reply.parts == ["alternatives"] and reply.excluded is None
    assert reply.messages[0].text.startswith(wording.ALL_METHODS)


def test_under_the_weather_is_not_a_question_about_running_conditions(session):
    text = "was a bit under the weather so skipped my runs, now my upper back is tight, what helps"
    reply = ask(session, text, "nlu_fallback", [(text, "nlu_fallback", 0.45)])
    assert reply.parts == ["overview"]


def test_a_clause_that_asks_only_what_to_stop_doing_asks_what_to_avoid(session):
    text = "can a physio help, and is there anything i should stop doing in the meantime"
    reply = ask(
        session,
        text,
        "ask_professional",
        [
            ("can a physio help", "ask_professional", 0.96),
            ("is there anything i should stop doing in the meantime", "ask_avoid", 0.22),
        ],
    )
    assert reply.parts == ["professional", "avoid"]


def test_two_methods_set_against_each_other_get_the_article_s_advice_to_combine_them(session):
    text = "foam rolling or stretching, which is more effective?"
    reply = ask(session, text, "nlu_fallback", [(text, "nlu_fallback", 0.45)])
    assert reply.parts == ["overview"]
    assert reply.messages[0].text.startswith("The article doesn't say which method works best")


def test_a_ranking_beside_another_method_is_not_a_comparison_of_methods(session):
    text = "which stretches are best, and should I foam roll too?"
    reply = ask(
        session,
        text,
        "ask_frequency",
        [
            ("which stretches are best", "ask_stretches"),
            ("should I foam roll too?", "ask_frequency"),
        ],
    )
    assert "overview" not in reply.parts


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        # the technique of foam rolling, named beside the roller
        (
            "what's the right technique for foam rolling my upper back?",
            "ask_how_to_foam_roll",
            ["how_to_foam_roll"],
        ),
        (
            "got a roller but no idea about technique, where do my hands go",
            "ask_how_to_foam_roll",
            ["how_to_foam_roll"],
        ),
        # running technique stays running technique
        (
            "what technique should i use when running",
            "ask_running_technique",
            ["running_technique"],
        ),
    ],
)
def test_technique_near_the_roller_is_how_to_foam_roll(session, text, intent, expected):
    entities = [{"entity": "remedy", "value": "technique"}]
    if "roll" in text:
        entities.append(
            {"entity": "remedy", "value": "roller" if "roller" in text else "foam rolling"}
        )
    assert ask(session, text, intent, [(text, intent)], entities=entities).parts == expected


def test_the_closest_passage_drops_the_yes_that_answered_its_own_question(session):
    text = "why does my upper back hurt when i run"
    reply = ask(session, text, "nlu_fallback", [(text, "nlu_fallback", 0.45)])
    assert reply.parts == ["not_covered"]
    message = reply.messages[0].text
    assert "(not an answer to that): Upper back pain from running is a common issue" in message
    assert "Yes." not in message
