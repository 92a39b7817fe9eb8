"""Clause rules for how readers type compound messages: a question mark with no space after
it, a short follow-up that starts with a preposition ("and for how long"), an aside closed by
"anyway", "I just want to know ...", and a question about what the message named just before
it ("hip pads or a belt, do they help?") kept with that name; greetings as readers type them ("heya", "morning")."""

from __future__ import annotations

import pytest

from bot.understanding import is_only_small_talk, is_question, split_clauses


def texts(message: str) -> list[str]:
    return [c.text for c in split_clauses(message)]


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        ("which planks?how many days a week?", ["which planks?", "how many days a week?"]),
        ("is cat cow ok!What else", ["is cat cow ok!", "What else"]),
        ("how should i stretch and for how many weeks", ["how should i stretch", "how many weeks"]),
        (
            "what shoes, and in what order do i add the rest",
            ["what shoes", "what order do i add the rest"],
        ),
        (
            "my watch says i was slow today, anyway how do i fix my stride",
            ["my watch says i was slow today", "how do i fix my stride"],
        ),
        (
            "no chest trouble at all, i just want to know about planks",
            ["no chest trouble at all", "i just want to know about planks"],
        ),
        # an introduction with a courtesy, then each question on its own
        (
            "Two questions, if I may: is this common among runners, and which exercises should "
            "be avoided?",
            ["is this common among runners", "which exercises should be avoided?"],
        ),
        # a next question about what the first named
        (
            "stretches for neck and shoulders, then how many times a week do i do them",
            ["stretches for neck and shoulders", "how many times a week do i do them"],
        ),
        # after a complete question, a name heads the next one; "how exactly?" stays with its
        # subject
        (
            "Planks, good or bad for my back? Plyometrics, should I stop them?",
            ["Planks, good or bad for my back?", "Plyometrics, should I stop them?"],
        ),
        (
            "landing on balls of feet, how exactly? and planks, how useful are they?",
            ["landing on balls of feet, how exactly?", "planks, how useful are they?"],
        ),
        # "and if so", "as well as which", a list item before "+", "also" after a question,
        # two questions typed without a stop, "Please," and "Then," as leads, a condition
        (
            "Is foam rolling good for upper back pain, and if so how often?",
            ["Is foam rolling good for upper back pain", "how often?"],
        ),
        (
            "how to foam roll my upper back as well as which stretches go with it",
            ["how to foam roll my upper back", "which stretches go with it"],
        ),
        ("shoes + see physio?", ["shoes", "see physio?"]),
        (
            "good stretches for this? also is it normal",
            ["good stretches for this?", "is it normal"],
        ),
        (
            "my shoulders creep up when i run how do i relax them what stretches help",
            ["my shoulders creep up when i run how do i relax them", "what stretches help"],
        ),
        (
            "Please, how I do the foam roll and how many time in the week?",
            ["how I do the foam roll", "how many time in the week?"],
        ),
        (
            "First, is this a common problem? Then, what should I actually do about it?",
            ["is this a common problem?", "what should I actually do about it?"],
        ),
        (
            "If I foam roll and stretch, is that enough to sort it?",
            ["If I foam roll and stretch, is that enough to sort it?"],
        ),
        # a courtesy before the question, and a next question "after that"
        (
            "I was wondering, if it's not too much trouble, how do I position myself on a roller?",
            ["how do I position myself on a roller?"],
        ),
        (
            "Could you explain what the cat-cow is for, and after that how foam rolling helps?",
            ["Could you explain what the cat-cow is for", "how foam rolling helps?"],
        ),
        # indirect questions
        (
            "I should like to know whether foam rolling helps, plus whether my running technique "
            "is at fault.",
            [
                "I should like to know whether foam rolling helps",
                "whether my running technique is at fault.",
            ],
        ),
    ],
)
def test_more_shapes_of_compound_messages_split(message, parts):
    assert texts(message) == parts


@pytest.mark.parametrize(
    "message",
    [
        "a waist pack or a vest, are they any use?",
        "side planks or glute bridges, which is better",
        "cat camel - how do i do it properly",
        "my trainers are two years old. is that a problem for my shoulders",
        "i hunch when tired. how do i fix that?",
        "I slouch when running, how do I stop?",
        "Stride length and upper back pain: is there a connection?",
        "I've been told I overstride. Could that be behind my upper back pain?",
        "my mate reckons a roller is all you need. is he right about that?",
    ],
)
def test_a_question_about_what_was_just_named_stays_with_it(message):
    assert texts(message) == [message]


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        # a bare topic and an unrelated question: two questions
        (
            "chest opener or cat cow, and should i get a coach?",
            ["chest opener or cat cow", "should i get a coach?"],
        ),
        # the first clause asks already: the second is its own question
        (
            "how do i use a roller? are they expensive",
            ["how do i use a roller?", "are they expensive"],
        ),
        ("is the cat cow ok?yes", ["is the cat cow ok?yes"]),
        # a heading and its question; a count and its questions
        (
            "foam rolling: good or overrated? and how do i actually do it",
            ["foam rolling: good or overrated?", "how do i actually do it"],
        ),
        (
            "Right, three things: is back pain common in runners, what stretches help",
            ["Right, three things", "is back pain common in runners", "what stretches help"],
        ),
        # a question that names its own subject does not point back
        (
            "my nose runs in the cold. what do hip pads do for back pain?",
            ["my nose runs in the cold.", "what do hip pads do for back pain?"],
        ),
        ("hip pads or a belt, what do they do?", ["hip pads or a belt, what do they do?"]),
        # "when i run" tells; "when should i" asks
        (
            "i slouch at my desk and when i run, my back aches. how do i fix my posture",
            ["i slouch at my desk and when i run, my back aches.", "how do i fix my posture"],
        ),
        (
            "which stretches help, and when should i do them",
            ["which stretches help", "when should i do them"],
        ),
        (
            "legs burning today lol, but what i wanted to ask is how often to stretch",
            ["legs burning today lol", "what i wanted to ask is how often to stretch"],
        ),
    ],
)
def test_other_messages_keep_their_split(message, parts):
    assert texts(message) == parts


@pytest.mark.parametrize("text", ["heya!", "morning all", "evening, bot", "mornin :)"])
def test_more_greetings_are_small_talk(text):
    assert is_only_small_talk(text)


@pytest.mark.parametrize("text", ["morning runs hurt", "heya, how do i stretch"])
def test_a_greeting_word_with_more_is_not_only_small_talk(text):
    assert not is_only_small_talk(text)


@pytest.mark.parametrize(
    "text", ["need a stretch for my neck", "looking for core exercises", "want posture drills"]
)
def test_a_request_without_a_question_word_asks(text):
    assert is_question(text)


def test_a_request_keeps_its_own_clause_before_a_question_with_a_pronoun():
    message = "need planks for my core also what should i skip because of it"
    assert texts(message) == ["need planks for my core", "what should i skip because of it"]


@pytest.mark.parametrize("text", ["i need new shoes", "my coach wants me to slow down"])
def test_telling_what_one_needs_is_not_a_question(text):
    assert not is_question(text)


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        ("a) which stretches b) how often", ["which stretches", "how often"]),
        ("(a) do planks help (b) do bridges help", ["do planks help", "do bridges help"]),
        # "worth it" judges the action, not something named before
        (
            "my gait is a mess, is a running coach worth it",
            ["my gait is a mess", "is a running coach worth it"],
        ),
    ],
)
def test_lettered_items_and_worth_it_split(message, parts):
    assert texts(message) == parts


@pytest.mark.parametrize("text", ["best way to roll my traps", "the right way to land"])
def test_asking_for_the_way_to_do_something_asks(text):
    assert is_question(text)


def test_n_typed_for_and_joins_two_questions():
    assert texts("what stretches n how often") == ["what stretches", "how often"]


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        (
            "how do i strengthen my back or should i just see a physio",
            ["how do i strengthen my back", "should i just see a physio"],
        ),
        (
            "is foam rolling enough or should i also get my technique checked",
            ["is foam rolling enough", "should i also get my technique checked"],
        ),
        (
            "hi there, two things: is this common, and what stretches help",
            ["is this common", "what stretches help"],
        ),
        (
            "hi, quick q - is this common, and what should I avoid?",
            ["is this common", "what should I avoid?"],
        ),
    ],
)
def test_or_should_i_and_a_greeted_intro_split(message, parts):
    assert texts(message) == parts


def test_or_between_two_things_is_one_question():
    assert texts("should i foam roll or stretch") == ["should i foam roll or stretch"]


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        (
            "exercises to avoid / core exercises to do",
            ["exercises to avoid", "core exercises to do"],
        ),
        ("1 which stretch 2 which shoes", ["which stretch", "which shoes"]),
        (
            "1 which stretch 2 which shoes 3 see physio?",
            ["which stretch", "which shoes", "see physio?"],
        ),
        # counted items only when the message numbers them from 1
        ("1 thing: do i need 2 rollers", ["1 thing", "do i need 2 rollers"]),
        # a number that counts is not an item
        ("i run 3 times a week, which stretches", ["i run 3 times a week", "which stretches"]),
        ("is the cat/cow good", ["is the cat/cow good"]),
        # questions closed by their question word
        (
            "roller benefit what, physiotherapist when",
            ["roller benefit what", "physiotherapist when"],
        ),
        ("land soft how, and planks how many", ["land soft how", "planks how many"]),
        ("foam rolling benefit, stretching which", ["foam rolling benefit", "stretching which"]),
        # "or what" closes nothing
        (
            "i always wonder about rolling, like is it improving blood flow or what",
            ["i always wonder about rolling, like is it improving blood flow or what"],
        ),
    ],
)
def test_terse_items_split(message, parts):
    assert texts(message) == parts


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        (
            "is this common in runners what should i do about it",
            ["is this common in runners", "what should i do about it"],
        ),
        (
            "upper back pain runners common what can i do",
            ["upper back pain runners common", "what can i do"],
        ),
        # the same words inside one sentence
        ("not sure what i should do", ["not sure what i should do"]),
        ("i want to know what can i do", ["i want to know what can i do"]),
        ("which stretches should i do", ["which stretches should i do"]),
    ],
)
def test_a_second_question_typed_without_a_stop_splits(message, parts):
    assert texts(message) == parts


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        (
            "first off, how do i roll my upper back, secondly what about posture",
            ["how do i roll my upper back", "what about posture"],
        ),
        ("first, which stretches? second, which shoes?", ["which stretches?", "which shoes?"]),
        ("first aid for a sore back?", ["first aid for a sore back?"]),
        # a question word at the end closes the question before it
        (
            "change my running technique to help my upper back, how",
            ["change my running technique to help my upper back, how"],
        ),
    ],
)
def test_items_told_by_their_order_and_a_closing_question_word(message, parts):
    assert texts(message) == parts
