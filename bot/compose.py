"""The reply to a whole message: reads what the reader asks (bot.understanding) and builds
the reply from the answers to each part (bot.answers), in the reader's order.

Order of precedence: warning signs (this message, or this one with the reader's previous one)
first, and alone; then "besides / instead of X" (the article's other methods, X left out);
then every question of a compound message, each citing its section, with the suggestions
after the last part; then, for one question: a point the article does not make is said to be
uncovered, with the closest passage marked as such; "which one is best" is told what the
article says and what it leaves open; small talk is taken as small talk only when that is
all the message says. Everything else is `answers.answer`, one question by its intent.

Needs the remedy store (through bot.answers and bot.store) and the content's `uncovered`,
`half_covered` and alias data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from types import MappingProxyType

from sqlalchemy.orm import Session

from bot import answers, store, wording
from bot.answers import Message, Reply, Turn
from bot.content import load_content
from bot.safety import distance
from bot.store import Snapshot
from bot.store.models import Topic
from bot.store.snapshot import normal
from bot.understanding import (
    Uncovered,
    asks_for_help,
    asks_for_help_with_pain,
    asks_if_common_with_pain,
    asks_if_it_helps,
    asks_in_a_sentence,
    asks_instead_of,
    asks_outright,
    asks_to_rank,
    asks_what_else,
    asks_what_else_helps,
    asks_what_helps,
    asks_what_to_avoid,
    besides_the_subject,
    cant_afford,
    compares_methods,
    compile_aliases,
    compile_uncovered,
    is_only_small_talk,
    is_question,
    left_out,
    listed_subjects,
    mentions,
    normalise,
    on_a_budget,
    point_only_told,
    professional_only_reported,
    ranks_the_methods,
    told_as_disliked,
    told_as_done,
    told_as_next,
    uncovered_point,
    wants_alternatives,
)

SMALL_TALK = ("greet", "goodbye", "thank")
OVERVIEW = "overview"
AVOID = "avoid"
COMMON = "common"
# The method whose list is of things to buy (the equipment of remedies.yml).
EQUIPMENT = "equipment"
PROFESSIONAL = "professional"
ALONE = "foam_rolling_alone"
# A message read as "is X enough on its own" this surely asks that, "other things" and all.
SURE_ALONE = 0.8
# Readings of a whole message that answer nothing: a clause that asks may still be answered.
UNCLEAR = ("nlu_fallback", "out_of_scope")
CAPABILITIES = "bot_capabilities"  # "what can you do?"
POINTS_BACK = re.compile(
    r"\b(?:one|ones|them|those|these|it|that|this|both|the (?:two|three))\b", re.IGNORECASE
)
# What a follow-up calls what was just answered ("is that bad?", "how do I stop it?").
_POINTS_AT_IT = re.compile(r"\b(?:it|that|this|those|these|them)\b", re.IGNORECASE)
# A clause's own classification counts when it is at least this sure.
CLAUSE_CONFIDENCE = 0.35
# An unsure reading of a message that asks nothing is taken as small talk from this sure.
SMALL_TALK_READING = 0.3
# An unclear message's reading that names its own topic's subject is taken from this sure.
NAMED_READING = 0.2
# The FallbackClassifier's threshold (config.yml): a reading below it, as the answers fall back
# on when the model hears a warning sign the safety check does not find, is an unsure one.
SURE_READING = 0.45
# The reader's previous message is kept (cut to this length) for signs split over two.
EARLIER_CHARS = 500
_KINDS = {
    wording.OUT_OF_SCOPE: "not_covered",
    wording.DID_YOU_MEAN: "did_you_mean",
    wording.GREETING: "greet",
    wording.GOODBYE: "goodbye",
    wording.THANKS_GOODBYE: "goodbye",
    wording.THANKS: "thank",
}


@lru_cache(maxsize=4)
def _rules(version: str | None) -> tuple[dict[str, re.Pattern], list[Uncovered], dict[str, str]]:
    """Method names (with their exercises and equipment), the uncovered points and what each
    list topic leaves open, from the content files (once per content version)."""
    data = load_content().data
    methods: dict[str, list[str]] = {r["slug"]: list(r["aliases"]) for r in data["remedies"]}
    for exercise in data["exercises"]:
        methods.setdefault(exercise["remedy"], []).extend(exercise["aliases"])
    for item in data["equipment"]:
        methods.setdefault(EQUIPMENT, []).extend(item["aliases"])
    open_points = {h["topic"]: h["leaves_open"] for h in data.get("half_covered", [])}
    return compile_aliases(methods), compile_uncovered(data.get("uncovered", [])), open_points


@lru_cache(maxsize=4)
def _faults(version: str | None) -> re.Pattern | None:
    """The names of what a method corrects (`faults` in remedies.yml: "overstriding",
    "hunching"), once per content version; None when the content names none."""
    faults = [f for r in load_content().data["remedies"] for f in r.get("faults") or ()]
    return compile_aliases({"faults": faults}).get("faults")


def _names_fault(snap: Snapshot, text: str) -> bool:
    pattern = _faults(snap.version)
    return pattern is not None and pattern.search(normalise(text)) is not None


def _leavable(snap: Snapshot, said: str, named: dict[str, list]) -> dict[str, list]:
    """The methods named, each with the names that can leave it out: not the names of what it
    corrects ("how do I quit overstriding", "I can't stop hunching" ask for the method)."""
    pattern = _faults(snap.version)
    if pattern is None:
        return named
    faults = {(m.start(), m.end()) for m in pattern.finditer(normalise(said))}
    return {method: [s for s in spans if s not in faults] for method, spans in named.items()}


@lru_cache(maxsize=4)
def _subjects(version: str | None) -> dict[str, re.Pattern]:
    """Topic key -> the names that ask for it ("stretches", "the cat-cow", "shoes", "core
    work"): a list of them in one question asks for each (once per content version)."""
    return compile_aliases(_subject_names(version))


@lru_cache(maxsize=4)
def _item_names(version: str | None) -> dict[str, list[str]]:
    """Topic key -> the names of the exercises and pieces of equipment it lists ("the
    cat-cow", "a plank", "a running belt"), as the content gives them."""
    data = load_content().data
    kinds = data["exercise_kinds"]
    names: dict[str, list[str]] = {}
    for e in data["exercises"]:
        names.setdefault(kinds[e["kind"]]["topic"], []).extend(e["aliases"])
    for item in data["equipment"]:
        names.setdefault("equipment", []).extend(item["aliases"])
    return names


@lru_cache(maxsize=4)
def _items(version: str | None) -> dict[str, re.Pattern]:
    """Topic key -> a pattern of the names of its exercises and equipment, once per content
    version."""
    return compile_aliases(_item_names(version))


def _named_item_topic(snap: Snapshot, text: str) -> Topic | None:
    """The one topic an exercise or piece of equipment the text names belongs to, when the
    text names no other topic's subject."""
    t = normalise(text)
    keys = [k for k, p in _items(snap.version).items() if p.search(t)]
    named = _named_topic(snap, text)
    if len(keys) != 1 or named is None or named.key != keys[0]:
        return None
    # "my neighbour says I stare at my shoes. does where I look matter?": the question's own
    # words point elsewhere
    pointed = [k for k, n in _cue_counts(snap.version, t).items() if k != named.key and n]
    return None if pointed else named


@lru_cache(maxsize=4)
def _subject_names(version: str | None) -> dict[str, list[str]]:
    """Topic key -> the names of its subject, as the content gives them."""
    data = load_content().data
    names: dict[str, list[str]] = {}
    for r in data["remedies"]:
        names.setdefault(r["topic"], []).extend(r["aliases"])
    for key, items in _item_names(version).items():
        names.setdefault(key, []).extend(items)
    for key, topic in data["topics"].items():
        names.setdefault(key, []).extend(topic.get("aliases") or [])
    return names


@lru_cache(maxsize=4)
def _cues(version: str | None) -> dict[str, re.Pattern]:
    """Topic key -> its names and the words that point to it without naming it ("how should
    I run", "landing": running technique), for the topics the content gives such words."""
    data = load_content().data
    names = _subject_names(version)
    return compile_aliases(
        {
            key: [*names.get(key, []), *topic["cues"]]
            for key, topic in data["topics"].items()
            if topic.get("cues")
        }
    )


@lru_cache(maxsize=4)
def _cue_pairs(version: str | None) -> dict[str, re.Pattern]:
    """Topic key -> a part of the body and what it does, near each other, either way round
    ("my elbows swing across my body", "poking my head forward"), once per content version."""
    found = {}
    for key, topic in load_content().data["topics"].items():
        pairs = topic.get("cue_pairs")
        if pairs:
            parts, actions = (
                compile_aliases({"x": pairs[k]})["x"].pattern for k in ("parts", "actions")
            )
            gap = rf"(?:\W+[\w'-]+){{0,{int(pairs['within']) - 1}}}?\W+"
            found[key] = re.compile(f"{parts}{gap}{actions}|{actions}{gap}{parts}")
    return found


@lru_cache(maxsize=256)
def _cue_counts(version: str | None, t: str) -> Mapping[str, int]:
    """Topic key -> how many distinct words and cue pairs in the normalised text point to
    it, once per text (a message asks it from several places); read-only, as it is shared."""
    found = {k: {m.group() for m in p.finditer(t)} for k, p in _cues(version).items()}
    for key, pattern in _cue_pairs(version).items():
        found.setdefault(key, set()).update(m.group() for m in pattern.finditer(t))
    return MappingProxyType({k: len(words) for k, words in found.items()})


def _cued_topic(snap: Snapshot, text: str) -> Topic | None:
    """The one topic with such words that the text points to, when it names no other topic."""
    t = normalise(text)
    hits = _cue_counts(snap.version, t)
    keys = sorted((k for k in hits if hits[k]), key=lambda k: -hits[k])
    if len(keys) > 1 and hits[keys[0]] >= 2 and hits[keys[0]] > hits[keys[1]]:
        # "how to run with less jolting through my upper body": two words point to how one
        # runs, one to posture; the topic more words point to
        keys = keys[:1]
    if len(keys) != 1:
        return None
    others = [k for k, p in _subjects(snap.version).items() if k != keys[0] and p.search(t)]
    return None if others else _askable(snap, keys[0])


def _quoted_in(snap: Snapshot, intent: str, outer: str | None) -> bool:
    """Whether the passage of `intent`'s topic is part of the passage of `outer`'s, as the
    article's advice to see a coach is part of its paragraph on running technique."""
    inner, whole = snap.topic_by_intent.get(intent), snap.topic_by_intent.get(outer or "")
    if inner is None or whole is None or inner is whole:
        return False
    return normal(inner.passage) in normal(whole.passage)


def _asking(turn: Turn, topic: Topic) -> Turn:
    """The turn read as asking `topic`'s question, by a rule rather than the model."""
    return replace(turn, intent=topic.intent, confidence=1.0, ranking=[])


def _askable(snap: Snapshot, key: str) -> Topic | None:
    """The topic `key`, when it can be asked (it has an intent)."""
    topic = snap.topics.get(key)
    return topic if topic is not None and topic.intent else None


def _overview(snap: Snapshot) -> Topic | None:
    """The article's overview (what helps), when it can be asked."""
    return _askable(snap, OVERVIEW)


def _statements(turn: Turn) -> list[dict]:
    """The clauses of a message that tell rather than ask: neither a question nor "what
    else"."""
    return [c for c in turn.clauses if not asks_what_else(c["text"]) and not is_question(c["text"])]


def _kind(reply: Reply) -> list[str]:
    """What a reply of bot.answers answered: its topic, or what kind of reply it is."""
    if reply.topic:
        return [reply.topic]
    first = reply.messages[0].text if reply.messages else ""
    return [_KINDS.get(first, "other")]


def _told_methods(snap: Snapshot, turn: Turn) -> list[str]:
    """The methods named in the clauses of a message that tell rather than ask ("I already
    have good shoes and roll daily. What else?": equipment, foam rolling), in order."""
    methods, _, _ = _rules(snap.version)
    told: list[str] = []
    for clause in turn.clauses:
        for sentence in re.split(r"(?<=[.!?;])\s+", clause["text"]):
            if not is_question(sentence) and not asks_what_else(sentence):
                told += [m for m in mentions(sentence, methods) if m not in told]
    return told


def _alternatives(snap: Snapshot, turn: Turn, named: dict[str, list], said: str) -> Reply:
    """The article's other methods, the one the reader wants left out named first (`named`:
    spans in `said`, the message as read)."""
    topic = snap.topics.get(turn.state.get("topic") or "")
    excluded = left_out(said, named) or (topic.method if topic else None)
    # "i stretch and foam roll already, anything else?": every method the reader tells of is
    # left out, the one asked around first
    told = [m for m in _told_methods(snap, turn) if m != excluded and m in snap.remedy_by_slug]
    if all(r.slug in {excluded, *told} for r in snap.remedies):
        told = []  # every method told of: the others than the one asked around
    left = {excluded, *told}
    others = [r for r in snap.remedies if r.slug not in left]
    lines = [
        wording.ALTERNATIVE_LINE.format(
            name=r.name[:1].upper() + r.name[1:], answer=snap.topics[r.topic_key].answer
        )
        for r in others
    ]
    names = [snap.remedy_by_slug[m].name for m in [excluded, *told] if m in snap.remedy_by_slug]
    lead = (
        wording.ALTERNATIVES.format(method=answers.and_list(names))
        if names
        else wording.ALL_METHODS
    )
    text = "\n\n".join([lead, *lines, wording.ALTERNATIVES_SOURCE])
    discussed = list(turn.state.get("discussed", []))
    fresh = [r for r in others if r.topic_key not in discussed] or others
    buttons = [answers.topic_button(snap.topics[r.topic_key]) for r in fresh[:3]]
    changes = {"topic": None, "options": [f"remedy:{r.slug}" for r in others]}
    return Reply([Message(text, buttons)], changes, parts=["alternatives"], excluded=excluded)


_YES_NO = re.compile(r"^(?:Yes|No)[.,!]\s+")


def _uncovered(snap: Snapshot, turn: Turn, point: Uncovered) -> Reply:
    """Said plainly; then the closest passage, marked as such, never as the answer."""
    text = wording.NOT_COVERED.format(point=point.point, ask=point.ask or wording.ASK_BY_DEFAULT)
    if point.closest and point.closest in snap.topics:
        topic = snap.topics[point.closest]
        # "Yes. Upper back pain from running is common ...": the passage without the yes or
        # no that answered its own question, which is not the one asked
        closest = wording.CLOSEST.format(answer=_YES_NO.sub("", topic.answer))
        reply = answers.article_reply(
            snap, topic.key, f"{text}\n\n{closest}", turn.state, source=topic.section
        )
        reply.topic = None
    else:
        reply = Reply([Message(text, answers.scope_buttons(snap))], {})
    record = store.UnansweredRecord(turn.text, turn.intent, turn.confidence, "not_covered")
    reply.records.append(record)
    reply.parts = ["not_covered"]
    reply.closest = point.closest
    return reply


def _question(snap: Snapshot, turn: Turn) -> Reply:
    """One question: uncovered points, then small talk that is not all the message says,
    then rankings the article does not give, then the question's own answer."""
    methods, points, open_points = _rules(snap.version)
    point = uncovered_point(turn.text, points)
    if point and point_only_told(
        [
            (
                c["text"],
                (
                    c["intent"] in snap.topic_by_intent
                    and float(c["confidence"]) >= CLAUSE_CONFIDENCE
                )
                or _named_topic(snap, c["text"]) is not None,
            )
            for c in turn.clauses
        ],
        points,
    ):
        point = None  # told as the reader's story, not asked: the question is answered
    if point and point.setting and point.closest:
        # "tips for landing lighter on tarmac?": where one runs is the setting of a question
        # whose own words point to the topic the article answers it with
        cued = _cued_topic(snap, turn.text)
        if cued is not None and cued.key == point.closest:
            point = None
    if point:
        return _uncovered(snap, turn, point)
    asked = [
        c
        for c in turn.clauses
        if c["intent"] not in SMALL_TALK
        and float(c["confidence"]) >= CLAUSE_CONFIDENCE
        and is_question(c["text"])
    ]
    # The other clauses, when the message has more than one and exactly one of them asks.
    beside = (
        [c for c in turn.clauses if c is not asked[0]]
        if len(asked) == 1 and len(turn.clauses) > 1
        else None
    )
    # "hiya! quick one: do i need special shoes": a greeting around one question; the
    # clause, read without the greeting, is the question.
    greeted = beside is not None and all(is_only_small_talk(c["text"]) for c in beside)
    # "Great thanks, what about my running form?" unclear as a whole: its one question.
    # So too one question among statements that set the scene ("my hands go numb in the
    # cold, but how do I foam roll?"): the model, reading the whole, may take it as
    # unclear or out of scope; the clause that asks is the question.
    wrapped = (
        beside is not None
        and (
            turn.intent in UNCLEAR
            # "I feel light on my feet in my new shoes, how should I land?": the model, unsure
            # of the whole, hears the statement; the clause that asks is sure of its question
            or (
                turn.confidence < SURE_ALONE
                and float(asked[0]["confidence"]) >= SURE_ALONE
                and asked[0]["intent"] != turn.intent
            )
        )
        and all(
            is_only_small_talk(c["text"])
            or not is_question(c["text"])
            or (c["intent"] not in UNCLEAR and float(c["confidence"]) < CLAUSE_CONFIDENCE)
            for c in beside
        )
    )
    if (
        turn.intent in UNCLEAR
        and is_only_small_talk(turn.text)
        and turn.clauses
        and all(c["intent"] in SMALL_TALK for c in turn.clauses)
    ):
        # "cheers! that's all for today": small talk that the model, reading the whole,
        # cannot place; its clauses say which.
        readings = [c["intent"] for c in turn.clauses]
        intent = next((i for i in ("goodbye", "thank") if i in readings), readings[0])
        turn = replace(turn, intent=intent, confidence=1.0, ranking=[])
    if (turn.intent in SMALL_TALK and not is_only_small_talk(turn.text)) or wrapped or greeted:
        # "nothing I've tried has worked, what now?" is not a goodbye: a question the clause
        # classifier reads with confidence is answered instead of the small talk.
        if asked:
            turn = replace(
                turn,
                intent=asked[0]["intent"],
                confidence=float(asked[0]["confidence"]),
                ranking=[],
            )
    if (
        turn.intent == CAPABILITIES
        and turn.confidence < SURE_ALONE
        and asks_what_helps(turn.text)
        and (overview := _overview(snap)) is not None
    ):
        # "so what actually helps?": what helps the back, not what the assistant can do
        # ("what can you help me with?" names the assistant and is read surely)
        turn = _asking(turn, overview)
    weak = turn.confidence < SURE_READING
    if turn.intent in UNCLEAR or weak:
        # A message the model cannot place may ask in general, when it names nothing.
        general = None
        if (
            asks_for_help_with_pain(turn.text)
            # A weak reading left after a warning sign the safety check does not find: the
            # message tells of the reader's body, so any request for help is for help with it.
            or (weak and asks_for_help(turn.text))
            # "ok so what helps with it?": only what helps, in general
            or (turn.intent in UNCLEAR and asks_what_helps(turn.text))
        ):
            # "upper back always sore after my long run, any tips?": what the article says helps
            general = _overview(snap)
        if general is None and asks_if_common_with_pain(turn.text):
            # "my shoulder blades ache after parkrun every week, normal?": whether it is common
            general = _askable(snap, COMMON)
        if (
            general is not None
            and _named_topic(snap, turn.text) is None
            and not mentions(turn.text, methods)
            # "any tips for standing taller? my upper back is a mess": pointed at one topic
            and _cued_topic(snap, turn.text) is None
        ):
            turn = _asking(turn, general)
    reading = snap.topic_by_intent.get(turn.intent or "")
    if (
        reading is not None
        and reading.key == PROFESSIONAL
        and (professional_only_reported(turn.text) or cant_afford(turn.text))
    ):
        # "my coach says I overstride, how do I fix that?", "I can't afford a coach, so how do
        # I sort out my running form myself?": the coach is not what is asked about; the
        # subject the question names is.
        named = _named_topic(snap, turn.text)
        if named is not None and named.key != PROFESSIONAL:
            turn = _asking(turn, named)
    reading = snap.topic_by_intent.get(turn.intent or "")
    # A sure out-of-scope reading stands ("how do I run a faster 10k?" is not technique).
    unclear = turn.intent == "nlu_fallback" or (
        turn.intent in UNCLEAR and turn.confidence < SURE_ALONE
    )
    if (unclear and asks_in_a_sentence(turn.text)) or (
        reading is not None and reading.key != PROFESSIONAL and turn.confidence < SURE_ALONE
    ):
        # "should I be up on my toes more when I jog?", "is there a proper way to run that
        # puts less strain on my back?": how one runs, which the model, unsure, reads as
        # posture or cannot place.
        cued = _cued_topic(snap, turn.text)
        if cued is not None and (reading is None or cued.key != reading.key):
            turn = _asking(turn, cued)
    if (
        unclear
        and not is_question(turn.text)
        and not any(is_question(c["text"]) for c in turn.clauses)
        and not is_only_small_talk(turn.text)
    ):
        # "I stare down at my feet for most of the run": no question, but how the reader
        # runs or holds themselves, told; the article's advice on it rather than "not covered"
        cued = _cued_topic(snap, turn.text)
        if cued is not None:
            turn = _asking(turn, cued)
    if turn.intent == "nlu_fallback" and not is_question(turn.text):
        # "night night, talk soon", "good afternoon from a rainy manchester": no question,
        # and the model's best reading is small talk.
        best = next(((n, c) for n, c in turn.ranking if n != "nlu_fallback"), None)
        if best is not None and best[0] in SMALL_TALK and best[1] >= SMALL_TALK_READING:
            turn = replace(turn, intent=best[0], confidence=best[1])
    if turn.intent == "nlu_fallback" and is_question(turn.text):
        # "wats overstrideing and y is it bad 4 my back": unsure between readings, one of
        # which is the topic whose subject the question names.
        named = _named_topic(snap, turn.text)
        close = [
            name
            for name, conf in turn.ranking
            if name in snap.topic_by_intent and conf >= NAMED_READING
        ][:2]
        if named is not None and named.intent in close:
            turn = _asking(turn, named)
    if (turn.intent == "nlu_fallback" or turn.confidence < SURE_READING) and is_question(turn.text):
        # "my spine barely arches when i do cat cow on all fours, is it still worth doing":
        # unsure, or barely placed, and the one exercise or piece of kit it names says which
        # list it asks about
        item = _named_item_topic(snap, turn.text)
        if item is not None and item.intent != turn.intent:
            turn = _asking(turn, item)
    if turn.intent in UNCLEAR and len(turn.clauses) > 1:
        # "had a rubbish sleep before the race and felt sluggish. how can i fix slumping on
        # runs?": the model, reading the whole, hears the story; the one clause that asks
        # names a fault that only one topic's method corrects.
        asking = [c["text"] for c in turn.clauses if is_question(c["text"])]
        if (
            len(asking) == 1
            and not uncovered_point(asking[0], points)
            and _names_fault(snap, asking[0])
        ):
            named = _named_topic(snap, asking[0])
            if named is not None:
                turn = _asking(turn, named)
    if turn.intent in UNCLEAR and asks_to_rank(turn.text):
        # "which stretch is best for my neck": a ranking of one topic's options
        topic = _named_topic(snap, turn.text)
        if topic is not None and topic.key in open_points:
            turn = _asking(turn, topic)
    topic = snap.topic_by_intent.get(turn.intent or "")
    if asks_to_rank(turn.text):
        # "Which one is best?" is about the latest list discussed, even after other answers.
        recent = [turn.state.get("topic"), *reversed(turn.state.get("discussed") or [])]
        listed = next((k for k in recent if k in open_points), None)
        subject = topic.key if topic and topic.key in open_points else listed
        # With no topic of its own the question must point back: "which one", "of those".
        pointed = topic is not None or bool(POINTS_BACK.search(turn.text))
        if (
            topic is None
            and listed is None
            and OVERVIEW in open_points
            and ranks_the_methods(turn.text)
        ):
            # "so what's the single most effective thing then", no list discussed: the
            # methods, ranked
            subject, pointed = OVERVIEW, True
        if subject in open_points and pointed and (topic is None or topic.key in open_points):
            template = wording.HALF_COVERED.replace("{leaves_open}", open_points[subject])
            reply = answers.topic_reply(snap, subject, turn.state, template=template)
            reply.parts = [subject]
            return reply
    reply = answers._answer(snap, turn)
    reply.parts = reply.parts or _kind(reply)
    return reply


def _clause_turns(snap: Snapshot, turn: Turn, points: list[Uncovered]) -> list[Turn]:
    """One turn per question of a compound message, with its own entities and intent: the
    clauses that ask something the clause classifier reads with confidence, or that ask
    about a point the article does not make. Fewer than two: not a compound message."""
    turns = []
    methods, _, _ = _rules(snap.version)
    overview = _overview(snap)
    avoid = _askable(snap, AVOID)
    # "is this common? what helps? how often?": with no method and no uncovered point named
    # ("knee pain, any advice?" asks about the knee), a clause that asks only what helps asks
    # what the article says helps. The message is searched only when a clause asks so.
    helps = [asks_what_helps(c["text"]) for c in turn.clauses]
    general = (
        any(helps)
        and overview is not None
        and not mentions(turn.text, methods)
        and not uncovered_point(turn.text, points)
    )
    for i, clause in enumerate(turn.clauses):
        intent, confidence = clause["intent"], float(clause["confidence"])
        text = clause["text"]
        if (
            i > 0
            and _HOW_LONG_OR_OFTEN.match(text)
            and uncovered_point(turn.clauses[i - 1]["text"], points)
        ):
            # "should i use ice or heat and for how long": how long of the point before, which
            # the article does not make either
            continue
        if general and helps[i]:
            intent, confidence = overview.intent, 1.0
        elif avoid is not None and asks_what_to_avoid(text):
            # "can a physio help, and is there anything I should stop doing in the meantime"
            intent, confidence = avoid.intent, 1.0
        elif (
            (intent in UNCLEAR or confidence < CLAUSE_CONFIDENCE)
            and is_question(text)
            and not uncovered_point(text, points)
        ):
            # "... and does a hydration vest help": a question the clause model cannot place
            # that names one topic's subject, or points to it ("a way of running that's kinder
            # on the back?"), asks about that topic.
            named = _named_topic(snap, text) or _cued_topic(snap, text)
            if named is not None:
                intent, confidence = named.intent, 1.0
        elif (
            confidence < SURE_ALONE
            and intent in snap.topic_by_intent
            and snap.topic_by_intent[intent].key != PROFESSIONAL
            and is_question(text)
        ):
            # "is there a right way to run with upper back pain? and ...": a clause read, not
            # surely, as another topic, that points to one topic only, asks about that topic.
            cued = _cued_topic(snap, text)
            if cued is not None:
                intent, confidence = cued.intent, 1.0
        if (
            turns
            and turns[-1].confidence >= SURE_ALONE
            and asks_if_it_helps(text)
            and _named_topic(snap, text) is None
        ):
            # "how do I keep my head up, and does it really make a difference?": whether what
            # was just asked about helps, which its answer tells, unless the clause is read as
            # another question about the same method ("how do I use the roller, and does it
            # actually do anything?": its benefits)
            before = snap.topic_by_intent.get(turns[-1].intent or "")
            own = snap.topic_by_intent.get(intent or "")
            if before is not None and not (own and own.method and own.method == before.method):
                intent, confidence = before.intent, 1.0
        if (
            turns
            and confidence < SURE_ALONE
            and intent in snap.topic_by_intent
            and _quoted_in(snap, intent, turns[-1].intent)
            and _POINTS_AT_IT.search(text)
            and not uncovered_point(text, points)
            and _named_topic(snap, text) is None
            and _cued_topic(snap, text) is None
        ):
            # "what is overstriding and how would I know if I'm doing it": a clause that
            # names nothing, points back, and is read, not surely, as a topic whose passage
            # the answer before already gives (a coach assessing the running style) goes on
            # asking the question before it.
            intent, confidence = turns[-1].intent, 1.0
        # A question, or a bare name of a topic among other questions ("cat-cow or chest
        # opener, and do I need a physio?"), unless the next one asks about it ("chest
        # openers - how do they help?").
        following = turn.clauses[i + 1] if i + 1 < len(turn.clauses) else None
        # "stretches for neck and shoulders, then how often do i do them": a next question
        about_it = following is not None and bool(POINTS_BACK.search(following["text"]))
        if about_it and told_as_next(turn.text, int(clause["end"]), int(following["start"])):
            about_it = False
        topical = is_question(text) or (
            intent in snap.topic_by_intent
            and (_names_a_subject(snap, text) or _fragment(text) and confidence >= SURE_FRAGMENT)
            and not about_it
        )
        asked = intent not in SMALL_TALK and confidence >= CLAUSE_CONFIDENCE and topical
        if not (asked or (is_question(text) and uncovered_point(text, points))):
            continue
        entities = [
            e for e in turn.entities if clause["start"] <= int(e.get("start", -1)) < clause["end"]
        ]
        one = replace(
            turn,
            text=text,
            intent=intent,
            confidence=confidence,
            ranking=[(intent, confidence)],
            entities=entities,
            clauses=[],
        )
        turns.extend(_listed(snap, one) if asked else [one])
    return turns if len(turns) > 1 else []


# A follow-up that asks only how long or how often: "and for how long", "how often?"
_HOW_LONG_OR_OFTEN = re.compile(
    r"^(?:and )?(?:for )?(?:how (?:long|often|many times|much)|for what time)\W*$", re.IGNORECASE
)
FRAGMENT_WORDS = 6
# A fragment among questions that the clause classifier places this surely on a topic asks
# for it: "exercises to avoid / core exercises to do".
SURE_FRAGMENT = 0.95
STATEMENT = re.compile(r"(?:i|i'm|im|i've|ive|my|me|we|our|it|it's|its|they|he|she|this|that)\b")


def _fragment(text: str) -> bool:
    """A few words that do not tell: "exercises to avoid", not "my shoes are old"."""
    t = normalise(text)
    return len(t.split()) <= FRAGMENT_WORDS and not STATEMENT.match(t)


def _names_a_subject(snap: Snapshot, text: str) -> bool:
    """A short fragment that names a topic: "stretches or posture", "the chest opener"."""
    return _fragment(text) and any(
        p.search(normalise(text)) for p in _subjects(snap.version).values()
    )


@lru_cache(maxsize=4)
def _subject_words(version: str | None) -> dict[str, list[str]]:
    """The words of the topics' names, five letters or more, by their first letter."""
    words: dict[str, list[str]] = {}
    for names in _subject_names(version).values():
        for word in sorted(set(re.findall(r"[a-z]{5,}", " ".join(names).lower()))):
            words.setdefault(word[0], []).append(word)
    return words


def _respelled(snap: Snapshot, text: str) -> str:
    """The text with each word one typo away from a word of a topic's name spelled as that
    word ("which strech after": "which stretch after")."""
    known = _subject_words(snap.version)

    def fix(m: re.Match) -> str:
        word = m.group()
        candidates = known.get(word[0], [])
        if len(word) < 5 or word in candidates:
            return word
        near = [c for c in candidates if distance(word, c, 1) <= 1]
        return near[0] if len(near) == 1 else word

    return re.sub(r"[a-z]+", fix, text)


def _named_topic(snap: Snapshot, text: str) -> Topic | None:
    """The one topic (with an intent) whose subject the text names ("a hydration vest":
    equipment), typos of one letter allowed; None when it names none, or several."""
    t = normalise(text)
    subjects = _subjects(snap.version)
    keys = [k for k, p in subjects.items() if p.search(t)]
    if not keys:
        respelled = _respelled(snap, t)
        keys = [k for k, p in subjects.items() if p.search(respelled)]
    topic = snap.topics.get(keys[0]) if len(keys) == 1 else None
    return topic if topic is not None and topic.intent else None


def _listed(snap: Snapshot, turn: Turn) -> list[Turn]:
    """ "Stretches and posture tips?", "technique, strength work and gear": one question that
    lists topics asks for each of them, in order; the clause's own intent stands for the
    topic it is about ("how do I foam roll and stretch": the how-to, then the stretches)."""
    topics = listed_subjects(turn.text, _subjects(snap.version))
    if len(topics) < 2 or asks_to_rank(turn.text):
        return [turn]  # "planks or bridges, which is better": one question, a ranking
    own = snap.topic_by_intent.get(turn.intent or "")
    if own is not None and own.method is None:
        return [turn]  # "how often should I do stretches and planks": one question about both
    # Each name belongs to its own topic: in "posture tips & shoe advice" the shoe does not
    # narrow the question about posture to shoes.
    named = [
        answers._named_topic(snap, answers._entities(snap, replace(turn, entities=[e])))
        for e in turn.entities
    ]
    turns = []
    for key in topics:
        topic = snap.topics.get(key)
        if topic is None or not topic.intent:
            continue
        if own is not None and own.key not in topics and own.method == topic.method:
            topic = own  # the specific question about the same method
        entities = [e for e, k in zip(turn.entities, named) if k == key or k not in topics]
        turns.append(replace(_asking(turn, topic), entities=entities))
    return turns or [turn]


def _compound(snap: Snapshot, turn: Turn, parts: list[Turn]) -> Reply:
    """Each question answered in order, each citing its section; suggestions after the last."""
    replies: list[Reply] = []
    state = dict(turn.state)
    for part in parts:
        asked = dict(state)
        subject = snap.topics.get(asked.get("topic") or "")
        if subject is not None and subject.method is None and subject.key not in snap.kind_by_topic:
            # "is back ache normal, and how do i roll it out": "it" cannot be an answer that
            # is nothing to do (how common it is, when to see someone); the reader's own
            # subject is meant.
            asked.pop("topic")
        reply = _question(snap, replace(part, state=asked))
        if reply.parts in (["did_you_mean"], ["other"]):
            reply = Reply(
                [Message(wording.OUT_OF_SCOPE_PART.format(text=part.text))],
                {},
                parts=["not_covered"],
                records=reply.records,
            )
        if any(r.parts == reply.parts for r in replies):
            continue  # two wordings of one question
        state.update(reply.state)
        replies.append(reply)
    if len(replies) == 1:
        return replies[0]
    messages = [
        Message(m.text, m.buttons if i == len(replies) - 1 else [])
        for i, r in enumerate(replies)
        for m in r.messages
    ]
    changes: dict = {}
    for r in replies:
        changes.update(r.state)
    return Reply(
        messages,
        changes,
        topic=next((r.topic for r in reversed(replies) if r.topic), None),
        records=[rec for r in replies for rec in r.records],
        parts=[p for r in replies for p in r.parts],
    )


# A statement the clause classifier places on one method's topic this surely says which
# method the reader means without naming it.
DESCRIBED_METHOD = CLAUSE_CONFIDENCE


def _described_method(snap: Snapshot, turn: Turn) -> str | None:
    """ "Already keep my shoulders loose and my spine neutral. Other ideas?": the method of
    the statement before "what else" that tells of something done, fine or failed, read by
    the clause classifier; for one clause ("head up, short strides, done all that, what
    now?"), the message's own reading."""
    if len(turn.clauses) == 1:
        told = [{**turn.clauses[0], "intent": turn.intent, "confidence": turn.confidence}]
    else:
        told = _statements(turn)
    for clause in told:
        topic = snap.topic_by_intent.get(clause["intent"] or "")
        if (
            topic is not None
            and topic.method
            and float(clause["confidence"]) >= DESCRIBED_METHOD
            and told_as_done(clause["text"])
        ):
            return topic.method
    return None


def _asks_what_helps(turn: Turn, reading: Topic | None) -> bool:
    """The message asks what helps, in general: "what can I do?", "any other ideas?", "is
    there anything I can do", "my upper back aches after runs, any tips?", or the model reads
    it as the overview."""
    return (
        asks_what_else(turn.text)
        or asks_for_help(turn.text)
        or asks_for_help_with_pain(turn.text)
        or any(asks_what_helps(c["text"]) for c in turn.clauses)
        or (reading is not None and reading.key == OVERVIEW)
    )


def _message(snap: Snapshot, turn: Turn) -> Reply:
    methods, points, _ = _rules(snap.version)
    named = mentions(turn.text, methods)
    said = turn.text
    if not named:
        # "without buying equipement how fix back": a method's name with a typo
        said = _respelled(snap, normalise(turn.text))
        named = mentions(said, methods)
    leavable = _leavable(snap, said, named)
    overview = _overview(snap)
    if overview is not None and asks_to_rank(said) and compares_methods(said, named):
        # "foam rolling or stretching, which is more effective?": the article ranks no method;
        # it suggests combining them.
        return _question(snap, _asking(turn, overview))
    parts = _clause_turns(snap, turn, points)
    # "I don't own a roller. What else?": the second question is about the first's method.
    # Beside other questions ("is this common? does foam rolling help? what else can I do?")
    # "what else can I do" asks what helps, as one more question; "instead", "now what" do not.
    # "should i just stretch instead": a question about the method it names.
    asking_else = [
        asks_what_else(p.text) and not (mentions(p.text, methods) and asks_instead_of(p.text))
        for p in parts
    ]
    helps = [asks_what_else_helps(p.text) for p in parts]
    others = [p for p, e in zip(parts, asking_else) if not e and asks_outright(p.text)]
    alone = len(parts) < 2 or (
        any(asking_else) and (not others or any(e and not h for e, h in zip(asking_else, helps)))
    )
    if not alone and overview is not None:
        parts = [_asking(p, overview) if h else p for p, h in zip(parts, helps)]
    subject = snap.topics.get(turn.state.get("topic") or "")
    besides = not named and subject is not None and besides_the_subject(turn.text)
    if not named and subject is not None and subject.method and asks_what_else(turn.text):
        # "I hate it honestly. other options?", "didnt do much for me, what else could I try",
        # right after an answer: what was answered failed or is disliked; the other methods
        besides = besides or told_as_done(turn.text) or told_as_disliked(said)
    asks_else_alone = not named and alone and asks_what_else(turn.text)
    described = _described_method(snap, turn) if asks_else_alone else None
    # "the cylinder massage thing isn't for me. what other methods are there": something done
    # or ruled out, told, and no telling which method it is: every method, not the next one.
    told_done = (
        asks_else_alone
        and described is None
        and len(turn.clauses) > 1
        and any(told_as_done(c["text"]) for c in _statements(turn))
    )
    reading = snap.topic_by_intent.get(turn.intent or "")
    if reading is not None and reading.key == ALONE and turn.confidence >= SURE_ALONE:
        # "is foam rolling enough by itself or do I need other things too?": whether the
        # method is enough (its answer names the others); only an explicit "instead of X",
        # "X hurts", ... asks for the others.
        alone = False
    # "How do I correct my running gait without any fancy kit?": one question that names what
    # it asks about as well as what it leaves out is about the first.
    wanted = (
        len(turn.clauses) == 1
        and reading is not None
        and reading.method is not None
        and turn.confidence >= CLAUSE_CONFIDENCE
        and len(named) > 1
        and reading.method in named
        and reading.method != left_out(said, leavable)
    )
    # "money is tight so I can't buy anything, what can I do?": with nothing named, every
    # method but the one of things to buy.
    budget = (
        not named
        and described is None
        and EQUIPMENT in snap.remedy_by_slug
        and on_a_budget(said)
        and _asks_what_helps(turn, reading)
    )
    # "overstriding wrecks the back. how should my stride look instead?": with a fault named,
    # "instead" is instead of the fault
    faulted = sum(map(len, leavable.values())) < sum(map(len, named.values()))
    said_else = re.sub(r"\binstead\b", " ", said, flags=re.IGNORECASE) if faulted else said
    if (
        turn.intent not in SMALL_TALK
        and not wanted
        and (
            besides
            or described
            or budget
            or told_done
            or wants_alternatives(said_else, leavable, alone=alone)
        )
    ):
        left = {described: []} if described else {EQUIPMENT: []} if budget else {}
        return _alternatives(snap, turn, leavable or left, said)
    if not named and overview is not None and cant_afford(said) and _asks_what_helps(turn, reading):
        # "I can't afford a physio, what can I do?": what the reader can do themselves.
        return _question(snap, _asking(turn, overview))
    if parts:
        return _compound(snap, turn, parts)
    followed = _followed_up(snap, turn)
    reply = _question(snap, followed)
    if (
        followed is not turn
        and reply.parts == [turn.state.get("topic")]
        and reply.messages
        and not turn.clauses[1:]
    ):
        # the same answer as the one just given: said as such
        first = reply.messages[0]
        reply.messages[0] = replace(
            first, text=wording.SAID_ALREADY.format(answer=_lowered_first(first.text))
        )
    return reply


def _lowered_first(text: str) -> str:
    """'Improving your ...' -> 'improving your ...' to follow a colon; names kept."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _followed_up(snap: Snapshot, turn: Turn) -> Turn:
    """A one-question message the model cannot place, asked right after an answer and calling
    it "it", "that" or "those" ("is that bad for my upper back?", "how do I break that
    habit?"), with nothing in it that points elsewhere or that the article does not cover: a
    question about what was just answered. Of that method's topics, the one the model leans
    to ("and what's the benefit of it" after how to foam roll: what foam rolling does)."""
    last = _askable(snap, turn.state.get("topic") or "")
    if (
        last is None
        or turn.intent not in UNCLEAR
        or not is_question(turn.text)
        or not _POINTS_AT_IT.search(turn.text)
        or asks_to_rank(turn.text)
        # "ok so what helps with it?": "it" is the pain, and the question what helps
        or _asks_what_helps(turn, None)
        or uncovered_point(turn.text, _rules(snap.version)[1])
        or _named_topic(snap, turn.text) is not None
        or _cued_topic(snap, turn.text) is not None
    ):
        return turn
    leaning = next(
        (snap.topic_by_intent[name] for name, _ in turn.ranking if name in snap.topic_by_intent),
        None,
    )
    if leaning is not None and last.method is not None and leaning.method == last.method:
        return _asking(turn, leaning)
    return _asking(turn, last)


def answer(snap: Snapshot, turn: Turn) -> Reply:
    """The whole reply to one message, from the snapshot alone (records for the caller)."""
    reply = answers.answer(snap, turn, build=_message)
    if isinstance(turn.text, str) and turn.text.strip():
        reply.state["previous_message"] = turn.text[:EARLIER_CHARS]
    return reply


def respond(session: Session, turn: Turn) -> Reply:
    """The whole reply to one message; its records written in the session's transaction."""
    return answers.respond(session, turn, reply_to=answer)
