"""How one runs, asked in the reader's own words: the words that point to a topic, the
settings and faults named around the question, and the points that only look uncovered."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot import compose
from bot.understanding import is_question
from tests.compose_turns import ask, clause, unsure

UNPLACED = [("nlu_fallback", 0.45), ("ask_running_technique", 0.26), ("out_of_scope", 0.15)]


@pytest.mark.parametrize(
    "text, ranking, expected",
    [
        # two words point to how one runs ("how to run", "jolting"), one to posture
        ("how to run with less jolting through my upper body", UNPLACED, ["running_technique"]),
        # a request put as an order
        ("teach me to run so my back stops hurting", UNPLACED, ["running_technique"]),
        # a question after a comma, without a question mark
        (
            "i keep watching my own feet when i jog, is that bad for my upper back",
            UNPLACED,
            ["running_technique"],
        ),
        # "soft or hard" said of landing, not of a roller
        (
            "how am i supposed to land, soft or hard",
            [("ask_running_technique", 0.71), ("out_of_scope", 0.11)],
            ["running_technique"],
        ),
        # running on the forefoot is how one runs, not whether to keep running
        (
            "is it ok to run on my forefoot or will that make my back worse",
            [("nlu_fallback", 0.45), ("ask_avoid", 0.32), ("out_of_scope", 0.12)],
            ["running_technique"],
        ),
        # where one runs is the setting of a question about landing
        (
            "tips for landing lighter on tarmac? my upper back takes a beating on road runs",
            [("ask_running_technique", 0.65), ("out_of_scope", 0.2)],
            ["running_technique"],
        ),
        # how the feet meet the ground, in the reader's words
        ("my feet smack the pavement so loud, is that bad for my back", UNPLACED, None),
        ("is running up on my tiptoes better for my back", UNPLACED, None),
        ("would running more quietly take the strain off my back", UNPLACED, None),
        ("i bob up and down a lot when i jog, should i fix that", UNPLACED, None),
        ("big loping steps downhill, bad for my upper back?", UNPLACED, None),
    ],
)
def test_how_one_runs_in_the_readers_words(session, text, ranking, expected):
    expected = expected or ["running_technique"]
    assert compose.respond(session, unsure(text, ranking)).parts == expected


@pytest.mark.parametrize(
    "text, ranking",
    [
        # one word for each topic: no telling which
        ("how to run with my upper body", UNPLACED),
        # a pair of kinds of roller
        ("soft or hard roller, which one is better", [("ask_foam_rolling", 0.6)]),
        ("my roller: should i get a firm or a soft one", [("ask_foam_rolling", 0.6)]),
        # whether to keep running
        ("is it ok to run today", [("nlu_fallback", 0.45), ("ask_avoid", 0.3)]),
        # where to run, with no word of how
        ("should i run on tarmac or on grass", [("ask_running_technique", 0.6)]),
    ],
)
def test_near_misses_stay_honest(session, text, ranking):
    assert compose.respond(session, unsure(text, ranking)).parts != ["running_technique"]


@pytest.mark.parametrize(
    "text, point",
    [
        ("soft or hard roller, which one is better", "kind of foam roller"),
        ("is it ok to run today", "keep running"),
        ("should i run on tarmac or on grass", "where or in what conditions to run"),
        ("how slow should my easy runs be so my back isn't strained", "how far to run"),
        ("does a 4mm or 10mm heel-to-toe drop change how my foot lands", "details of shoes"),
        ("where i can buy the hip pads in my city?", "where to buy"),
        ("stretches for lower back after running?", "other parts of the body"),
        ("where can I pick up a foam roller near me", "where to buy"),
        ("Salomon or Nathan hydration vest, which is gentler on the upper back?", "brands"),
        ("I hold my breath on hills. Is there a way of breathing that helps?", "how to breathe"),
    ],
)
def test_the_near_misses_are_told_the_point(session, text, point):
    reply = compose.respond(session, unsure(text, [("ask_running_technique", 0.6)]))
    assert reply.parts == ["not_covered"]
    assert point in reply.messages[0].text


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        # children and teenagers as the ones asked about
        ("is foam rolling safe for my teenager?", "ask_foam_rolling", ["not_covered"]),
        ("can kids do these stretches", "ask_stretches", ["not_covered"]),
        # on rest days is when, not whether, to rest
        (
            "what's good to do on my rest days for my back, planks?",
            "ask_strengthening",
            ["strengthening"],
        ),
        ("do i need rest days when my upper back hurts", "ask_strengthening", ["not_covered"]),
        (
            "my son gets upper back pain from cross country, what helps",
            "ask_overview",
            ["not_covered"],
        ),
        # ... or only part of the reader's day
        (
            "once the kids are asleep i do my runs, how often should i stretch?",
            "ask_frequency",
            ["frequency"],
        ),
        (
            "my teenager laughed at my cat-cow, but does it actually help?",
            "ask_stretches",
            ["stretches"],
        ),
    ],
)
def test_a_group_asked_about_and_a_group_only_mentioned(session, text, intent, expected):
    assert ask(session, text, intent, [(text, intent)]).parts == expected


def test_asking_whether_a_method_is_what_hurts_is_not_a_failure_of_it(session):
    text = "could running with really long strides be what's hurting my upper back?"
    intent = "ask_running_technique"
    assert ask(session, text, intent, [(text, intent)]).parts == ["running_technique"]


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("how do i quit overstriding", "ask_running_technique", "running_technique"),
        ("I can't stop hunching over when I run, what should I do?", "ask_posture", "posture"),
        ("i hate slouching but i do it all day, how do i fix it", "ask_posture", "posture"),
    ],
)
def test_putting_a_fault_aside_asks_for_the_method(session, text, intent, expected):
    assert ask(session, text, intent, [(text, intent)]).parts == [expected]


def test_a_method_that_failed_still_leaves_it_out(session):
    text = "I'm trying to fix my overstriding but it's not working, what else can I do"
    reply = ask(
        session,
        text,
        "nlu_fallback",
        [
            ("I'm trying to fix my overstriding but it's not working", "ask_running_technique"),
            ("what else can I do", "ask_what_else"),
        ],
    )
    assert reply.parts == ["alternatives"]
    assert reply.excluded == "technique"


def test_requests_and_questions_after_a_comma():
    assert is_question("show me the stretches")
    assert is_question("walk me through foam rolling")
    assert is_question("i slouch at my desk, is that why")
    assert not is_question("the problem is that my back hurts")
    assert not is_question("my coach showed me a drill")


@pytest.mark.parametrize(
    "text, ranking, expected",
    [
        # a part of the body and what it does: how one runs
        (
            "jogging with my head poking forward like a tortoise - is that why my upper back hurts?",
            UNPLACED,
            ["running_technique"],
        ),
        (
            "My elbows swing right across my body. Should they go straight back and forth instead?",
            [("ask_posture", 0.47), ("ask_running_technique", 0.3)],
            ["running_technique"],
        ),
        # ... or how one holds oneself
        (
            "do you have any advice on carrying myself better during a run, I feel all crumpled up",
            [("warning_signs", 0.61), ("ask_posture", 0.2)],
            ["posture"],
        ),
        (
            "My husband says I run with my back all curved over. Is that what's causing my pain?",
            [("ask_running_technique", 0.46), ("ask_posture", 0.4)],
            ["posture"],
        ),
        # a fault named in other words
        (
            "I'm on my feet all day in a shop and I think I slump. Could that be adding to my "
            "upper back pain from running?",
            [("nlu_fallback", 0.45), ("ask_posture", 0.3)],
            ["posture"],
        ),
    ],
)
def test_what_the_body_does_points_to_the_topic(session, text, ranking, expected):
    assert compose.respond(session, unsure(text, ranking)).parts == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # how the body moves, without the article's words
        ("what's the proper way to move my body when i go jogging?", ["running_technique"]),
        ("how should my legs move so each run is easier on my upper back", ["running_technique"]),
        ("could the way i actually run be the reason my shoulders ache?", ["running_technique"]),
        ("i've been told i'm stepping too heavily, how do i fix it", ["running_technique"]),
        ("what should my arms be doing, and my feet be doing, on a run", ["running_technique"]),
        ("my eyes are glued to the pavement on runs, does that matter?", ["running_technique"]),
        # holding the stomach in, said plainly
        ("do i need to suck in my belly while i run", ["posture"]),
        ("should i tense my abs on a long run", ["posture"]),
        ("is pulling my belly button to my spine a good idea on runs?", ["posture"]),
        ("how should i hold my back while i sit at my laptop", ["posture"]),
        ("how should my head be on a long run?", ["running_technique"]),
    ],
)
def test_how_the_body_moves_in_plain_words(session, text, expected):
    assert compose.respond(session, unsure(text, UNPLACED)).parts == expected


@pytest.mark.parametrize(
    "text",
    [
        "what can i do on my days off running to make my back stronger?",
        "which moves build up the muscles that keep my spine steady?",
        "the one where you lie on your back and lift your hips, is it worth doing?",
    ],
)
def test_building_the_backs_support_in_plain_words(session, text):
    ranking = [("nlu_fallback", 0.45), ("ask_posture", 0.3), ("ask_running_technique", 0.2)]
    assert compose.respond(session, unsure(text, ranking)).parts == ["strengthening"]


@pytest.mark.parametrize(
    "text",
    [
        # how the back feels as it tightens, and getting on slowly, are not how one holds oneself
        "my upper back keeps tightening up on long runs, what helps",
        "i'm 70 and still plodding along happily, what helps a stiff upper back?",
    ],
)
def test_a_tightening_back_and_plodding_on_are_not_cues(session, text):
    ranking = [("nlu_fallback", 0.45), ("ask_overview", 0.3), ("ask_posture", 0.2)]
    parts = compose.respond(session, unsure(text, ranking)).parts
    assert not {"posture", "running_technique"} & set(parts)


def test_how_the_back_feels_is_not_posture(session):
    text = "my upper back is tight and stiff after long runs, what helps"
    ranking = [("nlu_fallback", 0.45), ("ask_overview", 0.3), ("ask_posture", 0.2)]
    assert compose.respond(session, unsure(text, ranking)).parts == ["overview"]


@pytest.mark.parametrize(
    "story, asked, ranking, topic, picked",
    [
        # a fault that only posture corrects
        (
            "had a rubbish sleep before the race and felt sluggish.",
            "how can i fix slumping on runs?",
            [("out_of_scope", 0.93), ("warning_signs", 0.01)],
            "posture",
            True,
        ),
        # a method with several questions of its own: its name does not pick one
        (
            "heart's pounding with excitement for race day,",
            "can i foam roll my upper back without anyone helping?",
            [("nlu_fallback", 0.45), ("ask_foam_rolling_alone", 0.3)],
            "foam_rolling",
            False,
        ),
    ],
)
def test_the_one_question_after_a_story(session, story, asked, ranking, topic, picked):
    text = f"{story} {asked}"
    clauses = [clause(story, text, "out_of_scope", 0.6), clause(asked, text, "out_of_scope", 0.3)]
    parts = compose.respond(session, unsure(text, ranking, clauses)).parts
    assert (parts == [topic]) is picked


@pytest.mark.parametrize(
    "text, asks",
    [
        ("When I run I pound the tarmac really hard.", False),
        ("my coach is happy with how my feet land", False),
        ("how i run matters to me", False),
        ("how I must land my foot", True),
        ("when i run should i land on my toes", True),
        ("not sure what i should do about it", True),
        # a condition before the question
        ("when the ache kicks in mid-run", False),
        ("when should i foam roll", True),
    ],
)
def test_a_question_word_that_starts_a_statement(text, asks):
    assert is_question(text) is asks


@pytest.mark.parametrize(
    "text, ranking, expected",
    [
        # the one exercise named says which list is asked about
        (
            "my spine barely arches when i do cat cow on all fours, is it still worth doing",
            [("nlu_fallback", 0.45), ("warning_signs", 0.43), ("ask_posture", 0.14)],
            ["stretches"],
        ),
        # high-impact exercise by name
        (
            "should i knock box jumps on the head until my back settles down?",
            [("nlu_fallback", 0.45), ("ask_avoid", 0.3), ("ask_running_technique", 0.2)],
            ["avoid"],
        ),
        # the reader's own pain, and what one is supposed to do about it
        (
            "ok so my upper back is wrecked from running, whats a runner supposed to do about it",
            [("nlu_fallback", 0.45), ("ask_overview", 0.34), ("ask_common", 0.14)],
            ["overview"],
        ),
        # what helps the back, which the model, unsure, reads as what the assistant can do
        (
            "right so what really helps?",
            [("bot_capabilities", 0.6), ("ask_foam_rolling", 0.1), ("out_of_scope", 0.05)],
            ["overview"],
        ),
        # the whole of the advice, in the reader's words
        (
            "so what's the game plan here, my upper back is sore after every run",
            [("nlu_fallback", 0.45), ("out_of_scope", 0.41), ("ask_equipment", 0.2)],
            ["overview"],
        ),
    ],
)
def test_what_the_message_names_says_which_topic(session, text, ranking, expected):
    assert compose.respond(session, unsure(text, ranking)).parts == expected


def test_what_the_assistant_can_do_read_surely_stays_so(session):
    text = "what can you help me with?"
    ranking = [("bot_capabilities", 0.99), ("ask_overview", 0.01)]
    assert compose.respond(session, unsure(text, ranking)).parts != ["overview"]


def test_an_unconfirmed_sign_then_the_exercise_it_names(session):
    # the classifier hears a warning sign the safety check does not find; the question is
    # about the plank it names, not the kit the next reading guesses
    text = "my arms shake and my bum sticks up when I hold a plank, is it still doing my back any good?"
    ranking = [("warning_signs", 0.63), ("ask_equipment", 0.1), ("ask_strengthening", 0.09)]
    reply = compose.respond(session, unsure(text, ranking))
    assert reply.parts == ["strengthening"]
    assert "see a doctor" in reply.messages[0].text


def test_counting_a_hold_is_a_point_the_article_does_not_make(session):
    text = "When I do the chest opener, am I supposed to count to 20 or 30 before letting go?"
    ranking = [("nlu_fallback", 0.45), ("choose_option", 0.33), ("ask_stretches", 0.1)]
    assert compose.respond(session, unsure(text, ranking)).parts == ["not_covered"]


def test_a_named_item_gives_way_to_the_questions_own_words(session):
    # "where I look" points to how one runs: the shoes named are not the question
    told = "my neighbour says I stare at my shoes the whole time."
    asked = "Does where I look make any difference to my back?"
    text = f"{told} {asked}"
    clauses = [
        clause(told, text, "warning_signs", 0.22),
        clause(asked, text, "ask_running_technique", 0.41),
    ]
    ranking = [("nlu_fallback", 0.45), ("ask_equipment", 0.31), ("out_of_scope", 0.15)]
    reply = compose.respond(session, unsure(text, ranking, clauses))
    assert reply.parts == ["running_technique"]


@pytest.mark.parametrize(
    "first, join, second, expected",
    [
        # a statement that holds a question word does not ask
        (
            ("my coach is happy with how my feet land", "ask_professional", 0.35),
            ", ",
            ("but what strengthening exercises support the upper back?", "ask_strengthening", 1.0),
            ["strengthening"],
        ),
        # a next question about what the first named: both are asked
        (
            ("stretches for neck and shoulders", "ask_stretches", 1.0),
            ", then ",
            ("how many times a week do i do them", "ask_frequency", 0.93),
            ["stretches", "frequency"],
        ),
    ],
)
def test_which_clauses_ask(session, first, join, second, expected):
    text = f"{first[0]}{join}{second[0]}"
    reply = ask(session, text, second[1], [first, second])
    assert reply.parts == expected


def test_the_hand_on_the_lower_back_is_the_how_to(session):
    text = "when rolling do i put one hand on my lower back?"
    reply = compose.respond(session, unsure(text, [("ask_how_to_foam_roll", 0.7)]))
    assert reply.parts == ["how_to_foam_roll"]


@pytest.mark.parametrize(
    "text, ranking, expected",
    [
        # questions the reader answers at once tell what is not so
        (
            "pins and needles? nope. dizziness? nope. just want to know if foam rolling alone "
            "will sort my back out",
            [("ask_foam_rolling_alone", 0.92), ("warning_signs", 0.04)],
            ["foam_rolling_alone"],
        ),
        # the heat of a race is not heat as a treatment
        (
            "my running buddy fainted from the heat at a race last summer, that aside, is foam "
            "rolling enough by itself?",
            [("ask_foam_rolling_alone", 0.63), ("warning_signs", 0.14)],
            ["foam_rolling_alone"],
        ),
    ],
)
def test_what_the_story_says_is_not_the_question(session, text, ranking, expected):
    assert compose.respond(session, unsure(text, ranking)).parts == expected


def test_a_question_answered_at_once():
    assert not is_question("pins and needles? nope.")
    assert is_question("pins and needles?")


def test_how_often_points_to_frequency_over_the_exercise_named(session):
    # an unconfirmed warning sign ("my chest feels..."), then how often to do the stretch
    text = (
        "my chest feels nicely open after the chest opener, how many times a week should I do it?"
    )
    ranking = [("warning_signs", 0.6), ("ask_frequency", 0.3), ("ask_stretches", 0.04)]
    assert compose.respond(session, unsure(text, ranking)).parts == ["frequency"]


@pytest.mark.parametrize(
    "text, intent, expected, excluded",
    [
        # "instead" of the fault named, not of the method
        (
            "A video said overstriding wrecks the upper back. How should my stride look instead?",
            "ask_running_technique",
            ["running_technique"],
            None,
        ),
        # a method set aside
        (
            "Leaving running technique aside, what options are there for upper back pain?",
            "ask_overview",
            ["alternatives"],
            "technique",
        ),
        # "the other way round" is a comparison, not other methods
        (
            "Is a running belt better than hip pads for my back, or the other way round?",
            "ask_equipment",
            ["equipment"],
            None,
        ),
    ],
)
def test_instead_aside_and_the_other_way_round(session, text, intent, expected, excluded):
    sentences = [t for t in text.replace(". ", ".|").split("|")]
    clauses = [(t, intent if t == sentences[-1] else "out_of_scope") for t in sentences]
    reply = ask(session, text, intent, clauses)
    assert reply.parts == expected
    assert reply.excluded == excluded


def test_how_long_of_a_point_the_article_does_not_make(session):
    first, second = "should i use ice or heat", "for how long"
    text = f"{first} and {second}"
    reply = ask(
        session, text, "out_of_scope", [(first, "out_of_scope", 0.9), (second, "ask_frequency")]
    )
    assert reply.parts == ["not_covered"]


UNPLACED_FOLLOW_UP = [("nlu_fallback", 0.45), ("ask_avoid", 0.3), ("ask_foam_rolling", 0.2)]


def _after(text, topic, ranking=UNPLACED_FOLLOW_UP):
    turn = unsure(text, ranking)
    return replace(turn, state={**turn.state, "topic": topic, "discussed": [topic]})


@pytest.mark.parametrize(
    "text, topic",
    [
        ("is that bad for my upper back?", "running_technique"),
        ("how do i get out of that habit then?", "posture"),
        ("should i be doing those every day?", "strengthening"),
    ],
)
def test_a_follow_up_that_points_back_asks_about_the_answer(session, text, topic):
    reply = compose.respond(session, _after(text, topic))
    assert reply.parts == [topic]
    # the same answer again, said as such
    assert reply.messages[0].text.startswith("That's all the article says on it: ")


def test_a_follow_up_leans_to_the_same_methods_topic_the_model_reads(session):
    ranking = [("nlu_fallback", 0.45), ("ask_foam_rolling", 0.3), ("ask_stretches", 0.1)]
    turn = _after("and what's the point of it, exactly?", "how_to_foam_roll", ranking)
    assert compose.respond(session, turn).parts == ["foam_rolling"]


def test_a_follow_up_with_no_answer_before_it_is_not_placed(session):
    assert compose.respond(session, unsure("is that bad for my upper back?", UNPLACED)).parts != [
        "running_technique"
    ]


@pytest.mark.parametrize(
    "text, topic",
    [
        # "it" is the pain, and the question what helps
        ("ok so what helps with it?", "common"),
        # its own words point elsewhere, or to a point the article does not make
        ("is it ok to do that with my stride too?", "stretches"),
        ("roughly what would i pay for one of those?", "equipment"),
    ],
)
def test_a_follow_up_with_its_own_subject_is_not_about_the_answer(session, text, topic):
    assert compose.respond(session, _after(text, topic)).parts != [topic]


def test_paying_attention_is_not_a_price(session):
    text = "what should i pay attention to in my posture when my back starts hurting on a run?"
    assert ask(session, text, "ask_posture", [(text, "ask_posture")]).parts == ["posture"]


@pytest.mark.parametrize(
    "text, topic, excluded",
    [
        ("honestly i hate it. any other options?", "how_to_foam_roll", "foam_rolling"),
        ("that didn't do much for me, what else is there?", "stretches", "stretching"),
        ("i don't want to change how i run, any other fixes?", "running_technique", "technique"),
    ],
)
def test_other_methods_after_the_answer_failed_or_is_disliked(session, text, topic, excluded):
    reply = compose.respond(session, _after(text, topic))
    assert reply.parts == ["alternatives"]
    assert reply.excluded == excluded


@pytest.mark.parametrize(
    "topic, left_open",
    [("posture", "which of its three points"), ("running_technique", "which of its tips")],
)
def test_which_of_posture_or_technique_tips_matters_most_is_half_covered(session, topic, left_open):
    reply = compose.respond(session, _after("of those, which one matters most?", topic))
    assert reply.parts == [topic]
    assert left_open in reply.messages[0].text


@pytest.mark.parametrize(
    "text, expected",
    [
        # how long to keep at it is how often
        ("do i have to keep at this forever?", ["frequency"]),
        ("is a one-off session enough or do i need more?", ["frequency"]),
        # a desk set-up is a point the article does not make, unless only told
        ("would an ergonomic office chair take the strain off my upper back?", ["not_covered"]),
        (
            "i work at a standing desk all day. how should i hold my shoulders when i run?",
            ["posture"],
        ),
    ],
)
def test_how_long_to_keep_at_it_and_desks(session, text, expected):
    ranking = [("nlu_fallback", 0.45), ("ask_posture", 0.3), ("ask_professional", 0.2)]
    turn = unsure(text, ranking)
    if "." in text:
        told, asked = text.split(". ")
        turn = unsure(
            text,
            ranking,
            [
                clause(told + ".", text, "out_of_scope", 0.5),
                clause(asked, text, "ask_posture", 0.8),
            ],
        )
    assert compose.respond(session, turn).parts == expected


@pytest.mark.parametrize(
    "text, intent",
    [
        # everyday names for the article's things, read unsurely as their topic
        ("what does lying on a foam cylinder do for my back?", "ask_foam_rolling"),
        ("should i quit star jumps at circuits for now?", "ask_avoid"),
        ("how do i stop taking such giant steps?", "ask_running_technique"),
        ("any bendy moves for a tight upper back?", "ask_stretches"),
    ],
)
def test_everyday_names_for_the_articles_things(session, text, intent):
    ranking = [("nlu_fallback", 0.45), (intent, 0.3), ("out_of_scope", 0.2)]
    parts = compose.respond(session, unsure(text, ranking)).parts
    assert parts == [intent.removeprefix("ask_")]


@pytest.mark.parametrize(
    "text, intent, topic, expected",
    [
        # "the technique for that" after foam rolling: a way of doing it
        (
            "walk me through the technique for that, step by step",
            "ask_how_to_foam_roll",
            "foam_rolling",
            "how_to_foam_roll",
        ),
        # a how-to's "it" after the overview, which is no method
        (
            "where do my hands go while i'm lying on it?",
            "ask_how_to_foam_roll",
            "overview",
            "how_to_foam_roll",
        ),
    ],
)
def test_what_a_how_to_points_back_at(session, text, intent, topic, expected):
    assert compose.respond(session, _after(text, topic, [(intent, 0.9)])).parts == [expected]


@pytest.mark.parametrize(
    "text", ["what can i actually do about it?", "so what could i realistically try?"]
)
def test_what_can_i_actually_do_asks_what_helps(session, text):
    assert compose.respond(session, unsure(text, UNPLACED)).parts == ["overview"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # no question, but how the reader runs or holds themselves, told
        ("I stare down at my feet for most of my runs", ["running_technique"]),
        ("my footsteps are so loud people hear me coming", ["running_technique"]),
        ("my shoulders creep up to my ears on every hill", ["posture"]),
    ],
)
def test_how_one_runs_told_without_a_question_gets_the_advice(session, text, expected):
    ranking = [("nlu_fallback", 0.45), ("out_of_scope", 0.3), ("ask_common", 0.1)]
    assert compose.respond(session, unsure(text, ranking)).parts == expected


def test_a_statement_with_no_cue_is_still_not_covered(session):
    text = "went for a lovely long run by the river today"
    ranking = [("nlu_fallback", 0.45), ("out_of_scope", 0.3), ("ask_common", 0.1)]
    assert compose.respond(session, unsure(text, ranking)).parts == ["not_covered"]
