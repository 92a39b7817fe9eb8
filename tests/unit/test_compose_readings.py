"""How a whole message's reading gives way to its clauses' readings: one question among
statements that set the scene is answered even when the model, reading the whole message,
takes it as unclear or out of scope. Clauses are given as the NLU clause component would."""

from __future__ import annotations

import pytest

from bot import compose
from bot.answers import Turn
from tests.compose_turns import ask, clause, unsure


@pytest.mark.parametrize("whole", ["nlu_fallback", "out_of_scope"])
def test_one_question_after_a_statement_is_answered(session, whole):
    text = "ran a hilly 10k in the rain today, how do i use the roller on my back"
    reply = ask(
        session,
        text,
        whole,
        [
            ("ran a hilly 10k in the rain today", "out_of_scope"),
            ("how do i use the roller on my back", "ask_how_to_foam_roll"),
        ],
    )
    assert reply.parts == ["how_to_foam_roll"]


def test_a_second_question_the_model_cannot_place_keeps_the_message_unanswered(session):
    text = "can i run with a cold, and how do i use the roller on my back"
    reply = ask(
        session,
        text,
        "out_of_scope",
        [
            ("can i run with a cold", "out_of_scope"),
            ("how do i use the roller on my back", "ask_how_to_foam_roll"),
        ],
    )
    assert reply.parts != ["how_to_foam_roll"]


def test_a_confident_reading_of_the_whole_message_stands(session):
    text = "ran a hilly 10k today, how do i use the roller on my back"
    reply = ask(
        session,
        text,
        "ask_stretches",
        [
            ("ran a hilly 10k today", "out_of_scope"),
            ("how do i use the roller on my back", "ask_how_to_foam_roll"),
        ],
    )
    assert reply.parts == ["stretches"]


def test_a_greeting_around_one_question_is_answered_by_the_clause(session):
    text = "heya!! do my trainers matter"
    reply = ask(
        session,
        text,
        "ask_foam_rolling_alone",
        [("heya!!", "greet"), ("do my trainers matter", "ask_equipment")],
    )
    assert reply.parts == ["equipment"]


def test_a_question_after_a_statement_does_not_override_a_confident_whole(session):
    text = "my trainers are new. do they matter"
    reply = ask(
        session,
        text,
        "ask_equipment",
        [("my trainers are new.", "ask_equipment"), ("do they matter", "ask_professional")],
    )
    assert reply.parts == ["equipment"]


def test_a_question_the_clause_model_cannot_place_asks_about_the_subject_it_names(session):
    text = "how often should i stretch, and is a hydration pack any use"
    reply = ask(
        session,
        text,
        "ask_frequency",
        [
            ("how often should i stretch", "ask_frequency"),
            ("is a hydration pack any use", "out_of_scope"),
        ],
    )
    assert reply.parts == ["frequency", "equipment"]


def test_a_question_about_an_uncovered_point_stays_uncovered(session):
    text = "how often should i stretch, and how much does a foam roller cost"
    reply = ask(
        session,
        text,
        "ask_frequency",
        [
            ("how often should i stretch", "ask_frequency"),
            ("how much does a foam roller cost", "out_of_scope"),
        ],
    )
    assert reply.parts == ["frequency", "not_covered"]


def test_a_question_naming_two_subjects_is_not_guessed(session):
    text = "how often should i stretch, and is a backpack worse than bad posture"
    reply = ask(
        session,
        text,
        "ask_frequency",
        [
            ("how often should i stretch", "ask_frequency"),
            ("is a backpack worse than bad posture", "out_of_scope"),
        ],
    )
    assert "equipment" not in reply.parts and "posture" not in reply.parts


def test_a_ranking_of_one_topics_options_is_half_covered_when_the_model_is_unsure(session):
    text = "which bridge variation is the best one for my hips"
    reply = ask(session, text, "out_of_scope", [(text, "out_of_scope")])
    assert reply.parts == ["strengthening"]
    assert reply.messages[0].text.startswith("The article doesn't say which")


def test_a_ranking_of_a_topic_without_options_is_not_turned_into_its_answer(session):
    text = "which foam roller is the best one for my hips"
    reply = ask(session, text, "out_of_scope", [(text, "out_of_scope")])
    assert reply.parts != ["foam_rolling"]


def test_a_clause_the_model_is_unsure_of_does_not_block_the_one_question(session):
    text = "hills leave me puffing which is normal, but what should i change in my stride"
    turn = Turn(
        text=text,
        intent="nlu_fallback",
        confidence=0.45,
        entities=[],
        state={"disclaimer_shown": True},
        clauses=[
            clause("hills leave me puffing which is normal", text, "ask_common", 0.3),
            clause("what should i change in my stride", text, "ask_running_technique", 0.8),
        ],
    )
    assert compose.respond(session, turn).parts == ["running_technique"]


def test_how_to_do_it_after_a_question_about_something_not_done_asks_its_own_topic(session):
    text = "do loads of runners get this, and how do i roll it out"
    reply = ask(
        session,
        text,
        "nlu_fallback",
        [
            ("do loads of runners get this", "ask_common"),
            ("how do i roll it out", "ask_how_to_foam_roll"),
        ],
    )
    assert reply.parts == ["common", "how_to_foam_roll"]


def test_how_to_do_it_after_a_method_still_points_back_to_that_method(session):
    text = "what stretches help, and how do i do them"
    reply = ask(
        session,
        text,
        "ask_stretches",
        [("what stretches help", "ask_stretches"), ("how do i do them", "ask_how_to_foam_roll")],
    )
    assert reply.parts[0] == "stretches"
    assert "how_to_foam_roll" not in reply.parts


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("thanks, bye", "thank"),
        ("cheers! that's all for today", "thank"),
        ("bye, thank you", "goodbye"),
    ],
)
def test_thanks_and_a_goodbye_in_one_message_get_both(session, text, intent):
    from bot import wording

    reply = ask(session, text, intent, clauses=[(text, intent)])
    assert [m.text for m in reply.messages] == [wording.THANKS_GOODBYE]
    assert reply.parts == ["goodbye"]


@pytest.mark.parametrize(("text", "intent"), [("thanks!", "thank"), ("bye", "goodbye")])
def test_thanks_or_a_goodbye_alone_stay_as_they_are(session, text, intent):
    from bot import wording

    reply = ask(session, text, intent, clauses=[(text, intent)])
    expected = wording.THANKS if intent == "thank" else wording.GOODBYE
    assert reply.messages[0].text == expected
    assert reply.parts == [intent]


def test_a_part_not_understood_is_said_to_be_unclear_or_uncovered_not_just_uncovered(session):
    from bot import wording

    text = "which stretches help? and what helps?"
    reply = ask(
        session,
        text,
        "ask_stretches",
        [("which stretches help?", "ask_stretches"), ("what helps?", "bot_capabilities")],
    )
    assert reply.parts == ["stretches", "not_covered"]
    assert reply.messages[-1].text == wording.OUT_OF_SCOPE_PART.format(text="what helps?")
    assert "didn't understand" in reply.messages[-1].text


@pytest.mark.parametrize(
    ("told", "asked", "intent", "expected"),
    [
        (
            "I do long trail runs in the mountains with a hydration pack",
            "Should I change how I carry my water?",
            "ask_equipment",
            "equipment",
        ),
        (
            "my toes go numb in the cold until i warm up",
            "what stretches should i do for my upper back",
            "ask_stretches",
            "stretches",
        ),
        (
            "I fell behind on my training plan when work got hectic",
            "Which stretches would help?",
            "ask_stretches",
            "stretches",
        ),
    ],
)
def test_the_readers_circumstances_are_not_what_they_ask(session, told, asked, intent, expected):
    text = f"{told}. {asked}"
    reply = ask(session, text, intent, [(told, "out_of_scope"), (asked, intent)])
    assert reply.parts == [expected]


@pytest.mark.parametrize(
    ("told", "asked", "intent"),
    [
        # the question points back at the circumstance
        ("I mostly run on a treadmill", "is that bad for my upper back?", "ask_avoid"),
        # a point that is not a circumstance (another sport) stays what is asked about
        ("I also play tennis twice a week", "does my posture matter?", "ask_posture"),
        # the circumstance asked about
        ("my back is stiff", "should i run on trails or on a treadmill?", "ask_running_technique"),
    ],
)
def test_a_point_asked_about_or_pointed_back_at_stays_uncovered(session, told, asked, intent):
    text = f"{told}. {asked}"
    reply = ask(session, text, intent, [(told, "out_of_scope"), (asked, intent)])
    assert reply.parts == ["not_covered"]


def test_a_question_naming_a_subject_after_the_readers_circumstances_is_answered(session):
    told = "I do long trail runs with a hydration pack and my upper back gets sore."
    asked = "Should I change how I carry my water?"
    text = f"{told} {asked}"
    reply = ask(
        session, text, "ask_equipment", [(told, "ask_equipment"), (asked, "out_of_scope", 0.3)]
    )
    assert reply.parts == ["equipment"]


def test_an_unsure_reading_that_names_its_topics_subject_is_answered(session):
    text = "wats overstrideing and y is it bad 4 my back"
    ranking = [
        ("nlu_fallback", 0.45),
        ("ask_running_technique", 0.45),
        ("ask_equipment", 0.34),
    ]
    assert compose.respond(session, unsure(text, ranking)).parts == ["running_technique"]


@pytest.mark.parametrize(
    "ranking",
    [
        # out of scope with confidence: a near-miss about the subject ("what length of roller")
        [("out_of_scope", 0.47), ("ask_foam_rolling", 0.29), ("ask_how_to_foam_roll", 0.07)],
        # unsure, but not between the named topic and another
        [("nlu_fallback", 0.45), ("ask_equipment", 0.4), ("ask_how_to_foam_roll", 0.3)],
    ],
)
def test_a_named_subject_alone_does_not_overrule_the_model(session, ranking):
    text = "what length of foam roller should i buy"
    assert compose.respond(session, unsure(text, ranking)).parts != ["foam_rolling"]


@pytest.mark.parametrize(
    "statement, intent, exclude",
    [
        ("Already keep my shoulders loose and my spine neutral.", "ask_posture", "posture"),
        (
            "head up, soft landing, short strides, done all that.",
            "ask_running_technique",
            "technique",
        ),
        ("Sitting up straight isn't the issue for me.", "ask_posture", "posture"),
    ],
)
def test_what_else_after_a_method_described_as_done_leaves_that_method_out(
    session, statement, intent, exclude
):
    text = f"{statement} Other ideas?"
    reply = ask(
        session, text, intent, [(statement, intent, 0.8), ("Other ideas?", "ask_what_else")]
    )
    assert reply.parts == ["alternatives"]
    assert reply.excluded == exclude


def test_what_else_after_a_statement_the_model_cannot_place_names_no_method(session):
    statement = "Already keep my shoulders loose and my spine neutral."
    text = f"{statement} Other ideas?"
    reply = ask(
        session,
        text,
        "ask_what_else",
        [(statement, "ask_posture", 0.2), ("Other ideas?", "ask_what_else")],
    )
    assert reply.excluded != "posture"


def test_a_named_method_said_to_be_fine_before_other_changes_is_left_out(session):
    text = "My trainers are fine and so is my waist pack. Any other changes?"
    reply = ask(
        session,
        text,
        "ask_equipment",
        [
            ("My trainers are fine and so is my waist pack.", "out_of_scope", 0.34),
            ("Any other changes?", "ask_what_else"),
        ],
    )
    assert reply.parts == ["alternatives"] and reply.excluded == "equipment"


@pytest.mark.parametrize(
    "text",
    [
        "my coach says i overstride, how do i actually fix that",
        "Physio says I'm a heavy heel striker. Should I be landing on my forefoot?",
    ],
)
def test_a_professional_the_reader_quotes_is_not_the_question(session, text):
    reply = ask(session, text, "ask_professional", [(text, "ask_professional", 0.7)])
    assert reply.parts == ["running_technique"]


def test_asking_whether_to_see_the_professional_stays_that_question(session):
    text = "my coach says i overstride, should i see a physio about my gait?"
    reply = ask(session, text, "ask_professional", [(text, "ask_professional", 0.7)])
    assert reply.parts == ["professional"]


@pytest.mark.parametrize(
    "text, intent, exclude",
    [
        ("without buying equipement how fix back", "ask_equipment", "equipment"),
        ("other than tecnique changes what can do", "ask_what_else", "technique"),
        ("already have good shoes and belt, what other", "ask_equipment", "equipment"),
    ],
)
def test_terse_and_misspelt_requests_for_other_methods(session, text, intent, exclude):
    reply = ask(session, text, intent, [(text, intent)])
    assert reply.parts == ["alternatives"] and reply.excluded == exclude


def test_instead_without_a_method_still_asks_for_the_others(session):
    text = "rolling hurts my back. what can i do instead?"
    reply = ask(
        session,
        text,
        "ask_foam_rolling",
        [
            ("rolling hurts my back.", "ask_foam_rolling"),
            ("what can i do instead?", "ask_what_else"),
        ],
    )
    assert reply.parts == ["alternatives"] and reply.excluded == "foam_rolling"


@pytest.mark.parametrize(
    ("text", "reading", "expected"),
    [
        ("night night, talk soon", "goodbye", ["goodbye"]),
        ("good afternoon from a rainy manchester", "greet", ["greet"]),
        # a question is not taken as small talk
        ("good afternoon, what helps a stiff upper back?", "greet", None),
    ],
)
def test_an_unsure_message_that_asks_nothing_is_taken_as_its_small_talk(
    session, text, reading, expected
):
    ranking = [("nlu_fallback", 0.45), (reading, 0.44), ("ask_overview", 0.3)]
    parts = compose.respond(session, unsure(text, ranking)).parts
    assert parts == expected if expected else reading not in parts


def test_what_else_in_the_same_group_is_not_a_request_for_other_methods(session):
    text = "the chest opener is my fav stretch, what else is in that group"
    reply = ask(
        session,
        text,
        "ask_stretches",
        [
            ("the chest opener is my fav stretch", "ask_stretches"),
            ("what else is in that group", "ask_what_else"),
        ],
    )
    assert reply.parts != ["alternatives"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is foam rolling enough by itself or do I need other things too?", ["foam_rolling_alone"]),
        ("is the roller enough or are there other methods I need?", ["foam_rolling_alone"]),
        # an explicit failure still asks for the others
        ("foam rolling doesn't help, what else is there?", ["alternatives"]),
    ],
)
def test_whether_a_method_is_enough_is_not_a_request_for_the_others(session, text, expected):
    reply = ask(session, text, "ask_foam_rolling_alone", [(text, "ask_foam_rolling_alone")])
    assert reply.parts == expected


def test_one_question_naming_what_it_asks_and_what_it_leaves_out_is_about_the_first(session):
    text = "How do I correct my running gait on my own without any fancy kit?"
    reply = ask(session, text, "ask_running_technique", [(text, "ask_running_technique", 0.56)])
    assert reply.parts == ["running_technique"]


@pytest.mark.parametrize(
    ("text", "intent", "clauses", "expected"),
    [
        pytest.param(
            "is foam rolling on its own going to sort my back out? i run about 20 miles a week",
            "ask_foam_rolling_alone",
            [
                ("is foam rolling on its own going to sort my back out?", "ask_foam_rolling_alone"),
                ("i run about 20 miles a week", "out_of_scope"),
            ],
            ["foam_rolling_alone"],
            id="on its own does not point back at the reader's circumstances",
        ),
        pytest.param(
            "is rolling worth it or should i just stretch instead",
            "nlu_fallback",
            [
                ("is rolling worth it", "ask_foam_rolling", 0.9),
                ("should i just stretch instead", "ask_stretches", 0.36),
            ],
            ["foam_rolling", "stretches"],
            id="a method named with instead is a question about that method",
        ),
        pytest.param(
            "cheers! that's all for today",
            "out_of_scope",
            [("cheers!", "thank", 0.96), ("that's all for today", "goodbye", 0.71)],
            ["goodbye"],
            id="small talk the model cannot place is read from its clauses",
        ),
    ],
)
def test_a_message_is_answered_by_what_its_clauses_ask(session, text, intent, clauses, expected):
    assert ask(session, text, intent, clauses).parts == expected


@pytest.mark.parametrize(
    "text, ranking",
    [
        # read as posture, not sure: how the feet land is running technique
        (
            "do i need to come down on the balls of my feet more when i jog",
            [("ask_posture", 0.66), ("ask_running_technique", 0.07), ("ask_more", 0.05)],
        ),
        # unclear: "a better way of running" asks how to run
        (
            "is there a better way of running so my upper back stops aching?",
            [("nlu_fallback", 0.45), ("ask_running_technique", 0.3), ("ask_equipment", 0.2)],
        ),
        # out of scope: where the head goes
        (
            "should i keep my head up or look at the ground a few metres ahead?",
            [("out_of_scope", 0.6), ("ask_posture", 0.2), ("ask_running_technique", 0.1)],
        ),
        # read as the overview: it names how the reader runs
        (
            "would changing how i run help my back at all",
            [("ask_overview", 0.5), ("ask_running_technique", 0.35), ("out_of_scope", 0.03)],
        ),
        # read as posture, not sure: leaning forward is how one runs
        (
            "do i lean too far forward when i run? a friend said i look like i'm toppling",
            [("ask_posture", 0.49), ("ask_running_technique", 0.2), ("ask_more", 0.05)],
        ),
        # own pain and a plea for help: where to look points to how one runs
        (
            "any tips on where to look when i run? my upper back is a mess after",
            [("nlu_fallback", 0.45), ("ask_overview", 0.3), ("ask_posture", 0.2)],
        ),
        # text-speak: "how i shud run" is "how i should run"
        (
            "how i shud run 2 not hurt bak",
            [("out_of_scope", 0.51), ("ask_frequency", 0.09), ("ask_running_technique", 0.07)],
        ),
        # the question is the second sentence, without a question mark
        (
            "coach told me i stare at the ground the whole time. is that bad for my upper back",
            [("nlu_fallback", 0.45), ("ask_professional", 0.4), ("ask_running_technique", 0.09)],
        ),
    ],
)
def test_an_unsure_reading_gives_way_to_how_one_runs(session, text, ranking):
    assert compose.respond(session, unsure(text, ranking)).parts == ["running_technique"]


@pytest.mark.parametrize(
    "text, ranking, expected",
    [
        # a sure reading of posture stands
        (
            "how should i hold my head when i sit at my desk all day",
            [("ask_posture", 0.9), ("ask_running_technique", 0.05), ("ask_more", 0.01)],
            ["posture"],
        ),
        # asking whether to have someone watch stays the question about a professional
        (
            "should i pay someone to film my landing",
            [("ask_professional", 0.6), ("ask_running_technique", 0.3), ("ask_more", 0.01)],
            ["professional"],
        ),
        # a sure out-of-scope reading stands
        (
            "how do i run a faster 10k",
            [("out_of_scope", 0.93), ("ask_running_technique", 0.03), ("ask_posture", 0.01)],
            ["not_covered"],
        ),
        # a statement with no question, about how one runs: the advice on it, not the coach
        (
            "coach told me i stare at the ground the whole time",
            [("nlu_fallback", 0.45), ("ask_professional", 0.4), ("ask_running_technique", 0.09)],
            ["running_technique"],
        ),
        # another topic named beside it: the model's reading stands
        (
            "what stretches help after working on my landing",
            [("ask_stretches", 0.7), ("ask_running_technique", 0.2), ("ask_more", 0.01)],
            ["stretches"],
        ),
    ],
)
def test_how_one_runs_does_not_overrule_a_sure_or_other_reading(session, text, ranking, expected):
    assert compose.respond(session, unsure(text, ranking)).parts == expected


def test_a_running_cadence_is_a_point_the_article_does_not_make(session):
    text = "what cadence should i aim for, like 180 steps per minute?"
    ranking = [("ask_running_technique", 0.7), ("out_of_scope", 0.2), ("ask_more", 0.01)]
    reply = compose.respond(session, unsure(text, ranking))
    assert reply.parts == ["not_covered"]
    assert "running coach" in reply.messages[0].text


def test_tightening_the_stomach_while_jogging_is_posture(session):
    text = "should i be tightening my stomach muscles when i jog"
    ranking = [("out_of_scope", 0.69), ("ask_strengthening", 0.1), ("ask_posture", 0.1)]
    assert compose.respond(session, unsure(text, ranking)).parts == ["posture"]


def test_how_one_sits_at_a_desk_is_posture(session):
    text = "how should i be sitting at my desk so my back is better for running?"
    ranking = [("nlu_fallback", 0.45), ("ask_posture", 0.3), ("ask_equipment", 0.2)]
    assert compose.respond(session, unsure(text, ranking)).parts == ["posture"]


@pytest.mark.parametrize(
    "first, second, whole, readings",
    [
        # neither clause placed by the clause model
        (
            "Is there a gentler way of running for my upper back?",
            "Oh, and how should I be sitting at work?",
            "ask_how_to_foam_roll",
            [("ask_overview", 0.22), ("out_of_scope", 0.49)],
        ),
        # the first read, not surely, as another topic
        (
            "is there a right way to run with upper back pain?",
            "and what about my desk posture",
            "ask_posture",
            [("ask_overview", 0.44), ("ask_posture", 0.92)],
        ),
    ],
)
def test_two_questions_each_pointing_to_its_topic_get_both(session, first, second, whole, readings):
    text = f"{first} {second}"
    clauses = [(first, *readings[0]), (second, *readings[1])]
    assert ask(session, text, whole, clauses).parts == ["running_technique", "posture"]


@pytest.mark.parametrize(
    "ranking",
    [
        # the model hears a warning sign the safety check does not find
        [("warning_signs", 0.59), ("out_of_scope", 0.09), ("ask_frequency", 0.06)],
        [("nlu_fallback", 0.45), ("out_of_scope", 0.3), ("ask_frequency", 0.1)],
    ],
)
def test_own_pain_and_is_it_normal_asks_whether_it_is_common(session, ranking):
    text = "my shoulder blades ache after parkrun every week, normal?"
    assert compose.respond(session, unsure(text, ranking)).parts == ["common"]


def test_is_it_normal_about_something_else_is_not_the_common_question(session):
    text = "my hands go cold on winter runs, is that normal?"
    ranking = [("nlu_fallback", 0.45), ("out_of_scope", 0.3), ("ask_frequency", 0.1)]
    assert compose.respond(session, unsure(text, ranking)).parts != ["common"]


def test_only_what_helps_after_another_answer_asks_for_the_overview(session):
    text = "ok so what helps with it?"
    ranking = [("nlu_fallback", 0.45), ("ask_common", 0.3), ("out_of_scope", 0.1)]
    assert compose.respond(session, unsure(text, ranking)).parts == ["overview"]


@pytest.mark.parametrize(
    "text, topic, expected",
    [
        # the methods, ranked, with no list discussed
        ("so what's the single most effective thing then", None, "overview"),
        # the list just discussed, ranked
        ("if i could only buy one thing which should it be", "equipment", "equipment"),
        ("whats the most effective of the two", "strengthening", "strengthening"),
    ],
)
def test_rankings_in_other_words_are_told_what_the_article_leaves_open(
    session, text, topic, expected
):
    state = {"topic": topic} if topic else {}
    reply = ask(session, text, "nlu_fallback", [(text, "out_of_scope", 0.6)], state=state)
    assert reply.parts == [expected]
    assert "doesn't say which" in reply.messages[0].text


def test_first_time_here_is_not_a_ranking(session):
    text = "hi hi, first time using this thing"
    reply = ask(session, text, "greet", [(text, "greet", 0.44)])
    assert reply.parts == ["greet"]


def test_a_sure_question_after_a_statement_outweighs_an_unsure_whole(session):
    told = "I feel light on my feet in my new shoes,"
    asked = "how should I land to protect my upper back?"
    text = f"{told} {asked}"
    clauses = [(told, "warning_signs", 0.46), (asked, "ask_running_technique", 0.91)]
    read = [clause(c[0], text, c[1], c[2]) for c in clauses]
    unsure_whole = compose.respond(session, unsure(text, [("ask_equipment", 0.64)], read))
    assert unsure_whole.parts == ["running_technique"]
    sure_whole = ask(session, text, "ask_equipment", clauses)  # read at 0.9
    assert sure_whole.parts == ["equipment"]


TECHNIQUE = ["running_technique"]
BOTH = ["running_technique", "professional"]


@pytest.mark.parametrize(
    "second, confidence, expected",
    [
        ("how would I know if I'm doing it", 0.65, TECHNIQUE),
        ("can someone tell if I do it", 0.7, TECHNIQUE),
        # the answer on running technique says a coach can assess it
        ("would a coach be able to spot it", 0.6, TECHNIQUE),
        # sure of its reading: a question of its own
        ("can someone tell if I do it", 0.9, BOTH),
        ("and should I see a physio about it", 0.85, BOTH),
    ],
)
def test_an_unsure_clause_on_what_the_answer_before_quotes_goes_on_asking_it(
    session, second, confidence, expected
):
    # the advice to see a coach is part of the paragraph on running technique
    text = f"what is overstriding and {second}"
    clauses = [
        ("what is overstriding", "ask_running_technique", 0.98),
        (second, "ask_professional", confidence),
    ]
    assert ask(session, text, "ask_professional", clauses).parts == expected


@pytest.mark.parametrize(
    "first, second, expected",
    [
        (
            ("How do I keep my head up on long runs", "ask_running_technique", 0.9),
            ("does it really make a difference?", "ask_equipment", 0.45),
            ["running_technique"],
        ),
        (
            ("How do I keep my head up on long runs", "ask_running_technique", 0.9),
            ("will that actually work", "ask_common", 0.45),
            ["running_technique"],
        ),
        (
            ("How do I keep my head up on long runs", "ask_running_technique", 0.9),
            ("and does it genuinely help my back?", "out_of_scope", 0.45),
            ["running_technique"],
        ),
        # read as another question about the same method: whether foam rolling does anything
        (
            ("How do I use the foam roller", "ask_how_to_foam_roll", 0.94),
            ("and does it actually do anything?", "ask_foam_rolling", 0.78),
            ["how_to_foam_roll", "foam_rolling"],
        ),
        # the benefits of foam rolling are not part of the how-to
        (
            ("How do I use the foam roller", "ask_how_to_foam_roll", 0.95),
            ("what is it good for", "ask_foam_rolling", 0.6),
            ["how_to_foam_roll", "foam_rolling"],
        ),
        # a new thing to try, not whether the last one helps
        (
            ("which shoes should I get", "ask_equipment", 0.9),
            ("and does it help to land on the balls of my feet?", "ask_running_technique", 0.6),
            ["equipment", "running_technique"],
        ),
    ],
)
def test_asking_whether_it_helps_is_about_the_question_before(session, first, second, expected):
    text = f"{first[0]}, {second[0]}"
    assert ask(session, text, first[1], [first, second]).parts == expected
