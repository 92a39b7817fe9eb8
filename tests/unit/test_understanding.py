"""The text rules that read a message before the classifier: clauses, small talk,
alternatives, rankings and the points the article does not make."""

from __future__ import annotations

import pytest

from bot.compose import _rules, _subjects
from bot.content import load_content
from bot.understanding import (
    asks_a_way_of_doing_it,
    asks_for_help_with_pain,
    asks_if_it_helps,
    asks_in_a_sentence,
    asks_outright,
    asks_to_rank,
    asks_what_else_helps,
    asks_what_helps,
    asks_what_to_avoid,
    compares_methods,
    compile_uncovered,
    is_only_small_talk,
    is_question,
    left_out,
    listed_subjects,
    mentions,
    normalise,
    on_a_budget,
    split_clauses,
    told_as_disliked,
    told_as_done,
    uncovered_point,
    wants_alternatives,
)

METHODS = {
    "foam_rolling": ["foam roller", "foam rolling", "roller", "rolling"],
    "stretching": ["stretching", "stretches", "stretch"],
    "posture": ["posture", "planks"],
}


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "how do i roll my upper back, and is it enough?",
            ["how do i roll my upper back", "is it enough?"],
        ),
        (
            "Two quick ones: what should I wear? Also how often?",
            ["what should I wear?", "how often?"],
        ),
        ("what to avoid + do bridges help", ["what to avoid", "do bridges help"]),
        ("1. best stretches 2. good posture", ["best stretches", "good posture"]),
        ("what's foam rolling for", ["what's foam rolling for"]),
        ("stretches and posture tips?", ["stretches and posture tips?"]),
        ("my back hurts and I run a lot", ["my back hurts and I run a lot"]),
    ],
)
def test_messages_split_into_their_questions(text, parts):
    clauses = split_clauses(text)
    assert [c.text for c in clauses] == parts
    assert all(text[c.start : c.end] == c.text for c in clauses)


@pytest.mark.parametrize("text", ["hiya!", "thanks so much :)", "ok bye", "cheers, take care"])
def test_small_talk_alone(text):
    assert is_only_small_talk(text)


@pytest.mark.parametrize("text", ["thanks, and what about shoes?", "nothing worked, now what"])
def test_small_talk_with_more_is_not_only_small_talk(text):
    assert not is_only_small_talk(text)


@pytest.mark.parametrize(
    "text",
    [
        "no foam roller at home, what can I do?",
        "rolling is too painful for me, any other way?",
        "I'm sick of stretching, what could replace it",
        "apart from stretches what else",
        "can't do planks with my wrist, anything else for posture?",
        "stretching is out of the question after my shoulder op",
        "my physio has already corrected my posture, so what more is there",
        "foam rolling is a pain in the neck, what are my other choices",
        "planks bore me to tears, suggest something different",
        "stretching made things worse, so what do i do now",
        "what can i do that isn't foam rolling",
        "i can't get on the floor to roll, is there another way",
        "my posture's fine, a physio checked it. anything besides that?",
        "stretching is already part of my routine. anything new?",
        "left my roller at work, what can I do tonight?",
    ],
)
def test_asks_for_alternatives(text):
    assert wants_alternatives(text, mentions(text, METHODS))


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("I'd rather not change the way I run, got any other ideas?", "technique"),
        ("a coach sorted out my running style already, anything else worth doing", "technique"),
        ("changing my stride isn't an option for me, what can i do instead", "technique"),
        ("i'm not going to change how i run, what are the other fixes", "technique"),
        ("i don't want to spend money on new kit, what else helps", "equipment"),
        ("tips that aren't about my running form, please", "technique"),
        ("any non-kit ways to help my upper back", "equipment"),
    ],
)
def test_the_methods_names_in_the_content_reach_alternatives(text, method):
    methods = _rules(None)[0]
    named = mentions(text, methods)
    assert next(iter(named)) == method
    assert wants_alternatives(text, named)


@pytest.mark.parametrize(
    "text",
    [
        "how do i foam roll, i can't get it right",
        "how should i change my running style",
        "my posture has improved, does foam rolling help too",
        "does a backpack make it worse",
        "does a really firm foam roller hurt more than a soft one?",
        "can i just foam roll and skip all the other stuff?",
    ],
)
def test_a_question_about_a_method_is_not_a_request_for_others(text):
    methods = _rules(None)[0]
    assert not wants_alternatives(text, mentions(text, methods))


@pytest.mark.parametrize(
    "text",
    [
        "my upper back hurts, does a foam roller help?",
        "is foam rolling enough or not enough",
        "how do I stretch my upper back",
        "which stretches help?",
        "which exercises should i skip and what should i do instead for strength",
    ],
)
def test_plain_questions_do_not_ask_for_alternatives(text):
    assert not wants_alternatives(text, mentions(text, METHODS))


def test_rankings_and_questions():
    assert asks_to_rank("which one works best for the neck")
    assert not asks_to_rank("which stretches help")
    assert is_question("do bridges help")
    assert not is_question("my coach mentioned it")
    # an aside that tells ("..., which is normal") is not a question; "which" asking is
    assert not is_question("i get out of breath on hills, which is normal")
    assert is_question("chest opener or cat-cow, which is better")
    # a question in a later sentence, without a question mark
    text = "my coach filmed me. is that bad for my back"
    assert not is_question(text) and asks_in_a_sentence(text)
    assert not asks_in_a_sentence("my coach filmed me. it was fun")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("how much is a decent foam roller", "price"),
        ("is ice better than a heat pack", "ice_heat"),
        ("can I take ibuprofen for it", "medication"),
        ("would a massage gun work better than rolling", "massage_tools"),
        ("my knees hurt too, what helps", "other_body_parts"),
        ("how long should I hold the chest opener", "hold_time"),
        ("does it hurt?", "pressure"),
        ("can you give me a routine", "routine"),
        ("is this serious?", "causes"),
        ("could my upper back pain be something serious", "causes"),
        ("is it bad to run with upper back pain", "rest"),
        ("is there a daily routine I can follow?", "routine"),
        ("my 14 year old son gets upper back pain from running, what should he do", "who"),
        ("is foam rolling meant to hurt", "pressure"),
        ("how many minutes a day should i spend on the roller", "hold_time"),
        ("how long should a stretching session be", "hold_time"),
        ("when can i run again", "recovery_time"),
        ("do chiropractors help with this kind of thing", "practitioners"),
        ("would an osteopath be worth a go", "practitioners"),
        ("what diameter of roller suits a small person", "roller_kinds"),
        ("is 40 km a week too much with a sore upper back", "training_volume"),
        ("how far can i run before it starts hurting", "training_volume"),
        ("my marathon is in 3 weeks, can i race with this sore back", "rest"),
        ("should i pull out of the half marathon", "rest"),
        ("where's the best place to get running shoes fitted", "price"),
        ("how many weeks of foam rolling before i notice a difference", "recovery_time"),
        ("how long before i should feel better", "recovery_time"),
        ("my roller has gone soft, how often should you replace one?", "gear_details"),
        ("how often do i need new shoes", "gear_details"),
        ("do physios offer payment plans? i'm on a tight budget", "price"),
        ("can i get physio for free on the nhs", "price"),
        ("which pillow is best for a stiff upper back", "sleep"),
        ("should i be sleeping on my back or my side", "sleep"),
        ("is running in wet weather bad for my back", "terrain"),
        ("is running in this heat bad for my back", "terrain"),
        ("should i put heat on it", "ice_heat"),
        ("what cadence should i aim for", "cadence"),
        ("are sit-ups ok for my back", "other_exercises"),
        ("can i still do chin ups", "other_exercises"),
        ("do i need a special roller for the upper back or will any do", "roller_kinds"),
        ("what kind of foam roller should i buy", "roller_kinds"),
        ("can i roll my calves the same way?", "other_body_parts"),
    ],
)
def test_points_the_article_does_not_make(text, slug):
    points = compile_uncovered(load_content().data["uncovered"])
    assert uncovered_point(text, points).slug == slug


@pytest.mark.parametrize(
    "text",
    [
        "which stretches help my upper back",
        "what equipment should I use",
        "how do I foam roll",
        "should I see a physio",
        "my upper back hurts after running, what helps",
        "does a running belt help",
        "how far should i lean forward when i run",
        "should i keep my chin up when running",
        "should i sit up straight at my desk",
        "are small posture adjustments worth it",
        "how often should i foam roll each week",
        "how long have runners had this problem",
        "is a light backpack ok to run with",
        "how often should i foam roll",
        "how long should i foam roll before a run",
        "do i need new shoes",
        "no budget for lessons, so how should I change my stride?",
        "money is tight, which stretches can i do at home?",
        "I can't afford a physio, which stretches can I do at home?",
        "foam rolling is part of my routine, what else helps?",
        "My daughter keeps nagging me to get a foam roller, does it do anything?",
        "is it ok to run with a backpack",
    ],
)
def test_questions_the_article_answers_are_not_uncovered(text):
    points = compile_uncovered(load_content().data["uncovered"])
    assert uncovered_point(text, points) is None


@pytest.mark.parametrize(
    "text",
    [
        "foam rolling didn't help, now what",
        "stretching makes it worse, what else",
        "nothing i've tried has worked, what now?",
    ],
)
def test_now_what_after_a_failure_asks_for_alternatives(text):
    assert wants_alternatives(text, mentions(text, _rules(None)[0]))


def test_something_done_instead_is_told_not_asked():
    text = "my bike got a flat so I ran instead, should I get my form checked by a coach?"
    assert not wants_alternatives(text, mentions(text, _rules(None)[0]), alone=True)
    asked = "I can't foam roll today, what can I do instead?"
    assert wants_alternatives(asked, mentions(asked, _rules(None)[0]), alone=True)


@pytest.mark.parametrize(
    "text",
    [
        "upper back always sore the day after my long run, any tips?",
        "my upper back gets tight on long runs, what should i do",
        "sore between the shoulder blades after running, help",
        "my traps are killing me after runs, any tips",
        "how do i stop my upper back aching on long runs",
        "what makes upper back pain from running go away? had it for weeks",
        "my upper back is stiff after my runs, what helps overall?",
    ],
)
def test_own_pain_from_running_and_a_plea_for_help(text):
    assert asks_for_help_with_pain(text)


@pytest.mark.parametrize(
    "text",
    [
        "my upper back is tight from sitting at a desk all day, what should i do",
        "my upper back is sore after runs, should i take ibuprofen",
        "any tips for running in the rain",
    ],
)
def test_other_pain_or_a_specific_question_is_not_a_plea_for_help(text):
    assert not asks_for_help_with_pain(text)


def test_two_names_of_one_subject_are_one_list_item():
    # "the cat cow stretch": "cat cow" and "stretch" both name the stretches
    text = "tell me abt the cat cow stretch and abt planks"
    assert listed_subjects(text, _subjects(None)) == ["stretches", "strengthening"]


@pytest.mark.parametrize(
    ("text", "outright"),
    [
        ("does foam rolling help", True),
        ("is this common?", True),
        ("can I do planks", True),
        ("changing how I run feels awkward", False),
        ("forget posture", False),
        ("can't really get down on the floor to use a foam roller", False),
        ("posture already good", False),
    ],
)
def test_a_clause_shaped_as_a_question(text, outright):
    assert asks_outright(text) is outright


@pytest.mark.parametrize(
    ("text", "helps"),
    [
        ("what else can I do?", True),
        ("any other ideas", True),
        ("is there anything else", True),
        ("what can I do instead?", False),
        ("ok, now what?", False),
        ("i've heard of the chest opener but what else is there", False),
    ],
)
def test_what_else_helps_in_general(text, helps):
    assert asks_what_else_helps(text) is helps


@pytest.mark.parametrize(
    ("text", "helps"),
    [
        ("what can i do", True),
        ("how fix", True),
        ("what helps?", True),
        ("so how do i fix this??", True),
        ("any way relieve at home", True),
        ("what do runners do about it", True),
        ("what can i do at home in the meantime", True),
        ("How can I ease my upper back pain?", True),
        ("what can i do about my upper back?", True),
        ("so what actually helps overall?", True),
        ("ok so what helps with it?", True),
        ("n wat helps", True),
        ("wat can i do", True),
        ("right, so what works then?", True),
        ("what helps my shoulders", False),
        ("how do i foam roll", False),
        ("what can i do for my neck", False),
        ("is it common", False),
    ],
)
def test_a_clause_that_asks_only_what_helps(text, helps):
    assert asks_what_helps(text) is helps


@pytest.mark.parametrize(
    "text",
    [
        "new shoes made no difference, what helps my upper back?",
        "stretching hasn't done anything for me, what can i do",
        "my posture is already good, what helps?",
        "posture already fine, how else can i help my back",
        "i don't care about my running technique, what helps my back",
        "no money for new gear, what can i do for my upper back",
    ],
)
def test_a_method_ruled_out_in_more_words_asks_for_the_others(text):
    assert wants_alternatives(text, mentions(text, _rules(None)[0]), alone=False)


@pytest.mark.parametrize(
    "text",
    [
        "does good posture make a difference?",
        "is my posture already good enough if i stand straight?",
        "i care about my technique, how do i fix it",
    ],
)
def test_asking_about_a_method_is_not_ruling_it_out(text):
    assert not wants_alternatives(text, mentions(text, _rules(None)[0]), alone=False)


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("running form tips also posture", ["running_technique", "posture"]),
        ("tips posture, tips technique, tips gear", ["posture", "running_technique", "equipment"]),
        ("gimme stretches & strength moves", ["stretches", "strengthening"]),
    ],
)
def test_terse_lists_of_topics(text, listed):
    assert listed_subjects(text, _subjects(None)) == listed


@pytest.mark.parametrize(
    "text",
    [
        "does a light backpack help or hurt?",
        "does foam rolling hurt at first?",
        "will stretching hurt my back more?",
    ],
)
def test_asking_whether_a_method_hurts_is_a_question_about_it(text):
    assert not wants_alternatives(text, mentions(text, _rules(None)[0]), alone=False)


def test_a_method_that_hurts_still_asks_for_the_others():
    text = "foam rolling hurts too much, what can i do"
    assert wants_alternatives(text, mentions(text, _rules(None)[0]), alone=False)


@pytest.mark.parametrize(
    "text",
    [
        "already keep my shoulders loose",
        "head up, soft landing, short strides, done all that",
        "sitting up straight isn't the issue for me",
        "my trainers are fine",
        "the lumpy foam thing is agony",
        "don't own one of those rubber tubes",
    ],
)
def test_told_as_done(text):
    assert told_as_done(text)


@pytest.mark.parametrize(
    "text", ["how do i keep my shoulders loose", "my trainers are old", "i land on my heels"]
)
def test_not_told_as_done(text):
    assert not told_as_done(text)


@pytest.mark.parametrize(
    ("text", "method"),
    [
        (
            "I'm as flexible as a plank and stretches frustrate me. anything besides stretching?",
            "stretching",
        ),
        ("planks are fine but rolling hurts, what else", "foam_rolling"),
        ("i do planks and stretches, what else", "posture"),
    ],
)
def test_the_method_left_out_is_the_one_the_cue_is_about(text, method):
    assert left_out(text, mentions(text, METHODS)) == method


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("money is tight so I can't buy anything", True),
        ("I'm on a tight budget", True),
        ("I'm broke at the moment", True),
        ("I don't want to spend anything on this", True),
        ("cheap ways to ease it?", True),
        ("anything that won't cost me?", True),
        ("I'm a student living off a student loan", True),
        ("I can't afford it right now", True),
        ("I can't afford a physio", False),
        ("i cant afford new shoes", False),
        ("how much does a roller cost", False),
        ("broke my personal record!! now upper back tight", False),
    ],
)
def test_a_reader_who_cannot_or_will_not_pay(text, budget):
    assert on_a_budget(text) is budget


@pytest.mark.parametrize(
    ("text", "avoid"),
    [
        ("is there anything i should stop doing in the meantime", True),
        ("what should i avoid?", True),
        ("anything to skip?", True),
        ("which exercises should i avoid", True),
        ("is there anything i should do", False),
        ("what should i avoid doing with my shoulders", False),
    ],
)
def test_a_clause_that_asks_only_what_to_avoid(text, avoid):
    assert asks_what_to_avoid(text) is avoid


@pytest.mark.parametrize(
    ("text", "compared"),
    [
        ("foam rolling or stretching, which is more effective?", True),
        ("is stretching better than foam rolling?", True),
        ("posture vs technique, which matters more?", True),
        ("which stretches are best, and should I foam roll too?", False),
        ("stretching and posture tips please", False),
    ],
)
def test_methods_set_against_each_other(text, compared):
    assert compares_methods(text, mentions(text, _rules(None)[0])) is compared


@pytest.mark.parametrize(
    "text",
    [
        "dont hav foam roller wat else i can do",
        "streching hurts my neck, alternatvs?",
    ],
)
def test_text_speak_is_read_by_the_rules_as_the_words_it_stands_for(text):
    assert wants_alternatives(text, mentions(text, METHODS))


def test_normalising_keeps_words_that_mean_something():
    assert normalise("Wat  stretchs SHUD i do, 2 or 4?") == "what stretches should i do, 2 or 4?"
    assert normalise("shudder at the thought") == "shudder at the thought"


@pytest.mark.parametrize(
    "text, read",
    [
        ("is my foam rolling technique wrong?", "is my foam rolling way wrong?"),
        ("the technique for using the roller", "the way for using the roller"),
        # running between them, or right before it: running technique
        ("i foam roll after runs but is my technique the problem?", None),
        ("is foam rolling enough or should i fix my running technique?", None),
        ("what technique should i use when running", None),
    ],
)
def test_technique_near_the_roller_is_read_as_the_way_to_roll(text, read):
    assert normalise(text) == (read or text)


@pytest.mark.parametrize(
    "predicate, text, expected",
    [
        # asks only whether what the clause before named helps
        (asks_if_it_helps, "and does it really make a difference?", True),
        (asks_if_it_helps, "does it actually do anything?", True),
        (asks_if_it_helps, "will that actually work", True),
        (asks_if_it_helps, "does it genuinely make a difference to my back?", True),
        (asks_if_it_helps, "would that help my back for running", True),
        # a new thing to try, not whether the last one helps
        (asks_if_it_helps, "does it help to land on the balls of my feet?", False),
        (asks_if_it_helps, "does it hurt", False),
        (asks_if_it_helps, "do they sell them in shops", False),
        # dislikes what was answered
        (told_as_disliked, "I hate it honestly", True),
        (told_as_disliked, "not a fan of that one", True),
        (told_as_disliked, "didnt do much for me", True),
        (told_as_disliked, "I don't want to change it", True),
        (told_as_disliked, "I love it", False),
        (told_as_disliked, "does it do much for the upper back?", False),
        # the way of doing what was answered, not running technique
        (asks_a_way_of_doing_it, "walk me through the technique for that", True),
        (asks_a_way_of_doing_it, "what's the right form for doing it", True),
        (asks_a_way_of_doing_it, "any form of doing it is fine", True),
        (asks_a_way_of_doing_it, "is my running form the reason for it", False),
        (asks_a_way_of_doing_it, "what technique should i use when running", False),
    ],
)
def test_what_a_follow_up_clause_says_of_the_answer_before(predicate, text, expected):
    assert predicate(text) is expected
