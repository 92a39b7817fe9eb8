"""Question in, answer out: turns a classified message (intent, entities, text) and the
conversation's state into the reply. No Rasa imports: the actions translate trackers into
`Turn` and `Reply` into utterances and slot events.

`respond(session, turn)` reads the store's snapshot once, builds the reply from it alone
(`answer`, which neither queries nor writes), then writes what the turn recorded (questions
it could not answer, a pick from "did you mean", the kinds of warning sign it sent to care) in
the session's transaction.

Order of precedence for every message: warning signs, then the disclaimer (once per
conversation), then the answer. Conversational intents (greet, "what else?", "the second
one", ...) have a handler each (`HANDLERS`); every other intent asks the topic the store
gives it, and every article answer ends through `article_reply`.

Needs the store (`bot.store`), `bot.safety` and `bot.wording`.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from bot import store
from bot.safety import warning_signs
from bot.store import Snapshot
from bot.store.snapshot import normal
from bot.understanding import asks_a_way_of_doing_it, normalise, thanks_and_leaves
from bot.wording import (  # noqa: F401  (the names callers import from here)
    ALSO_COVERS,
    ALSO_MENTIONS,
    ANOTHER_METHOD,
    CAPABILITIES,
    CAUTION,
    CAUTION_ONLY,
    DID_YOU_MEAN,
    DISCLAIMER,
    EMPTY,
    GOODBYE,
    GREETING,
    HOW_TO_EXERCISE,
    NO_OPTIONS,
    NO_STEPS,
    NO_WORDS,
    NOTHING_TO_EXPAND,
    ONE_EXERCISE,
    OTHER_EXERCISES,
    OUT_OF_SCOPE,
    PASSAGE_IN_FULL,
    RATE_HELPFUL,
    RATE_UNHELPFUL,
    RATE_WHICH_WAY,
    RATED_HELPFUL,
    RATED_UNHELPFUL,
    RATING_UNKNOWN,
    READ_PASSAGE,
    SCOPE,
    SEEK_CARE,
    SOURCE,
    THANKS,
    THANKS_GOODBYE,
    UNAVAILABLE,
)

# Two corrections for how the NLU hears questions; the topics are named by key.
# "How do I do it?" is classified as this topic's intent whatever "it" is.
HOW_TO_TOPIC = "how_to_foam_roll"
# The next intent the classifier heard, when its warning sign is not confirmed.
CAUTION_CONFIDENCE = 0.05
# ... or, when the classifier has nothing else, the clause classifier's own second reading.
INSTEAD_CONFIDENCE = 0.3
# "What does stretching do?" is classified as a foam-rolling question: a named remedy wins.
FOAM_ROLLING_GUESSES = ("foam_rolling", "how_to_foam_roll")
# "Did this help?": a button payload names the answer (`rate_answer`, entities ref and
# helpful); typed `/helpful` or `/unhelpful` rates the latest answer. The conversation keeps
# the refs of its latest answers ("ref:topic", slot `answer_refs`); older ones are not rated.
RATING_INTENTS = ("rate_answer", "helpful", "unhelpful")
RATING_PAYLOAD = "/rate_answer"  # channels put the rating buttons in a row of their own
KEPT_ANSWERS = 20
# Offered after a thumbs down: how to reach a person.
PROFESSIONAL_TOPIC = "professional"

ORDINALS = {
    "first": 1,
    "1st": 1,
    "one": 1,
    "second": 2,
    "2nd": 2,
    "two": 2,
    "third": 3,
    "3rd": 3,
    "three": 3,
    "fourth": 4,
    "4th": 4,
    "four": 4,
    "fifth": 5,
    "5th": 5,
    "five": 5,
}


@dataclass
class Turn:
    """One classified message and the conversation's state before it."""

    text: str
    intent: str | None = None
    confidence: float = 0.0
    ranking: list[tuple[str, float]] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)  # {"entity": label, "value": text}
    state: dict = field(default_factory=dict)
    # Each clause of the message with its own classification (rasa_addons/nlu/clauses.py):
    # {"text", "start", "end", "intent", "confidence"}.
    clauses: list[dict] = field(default_factory=list)
    earlier: str | None = None  # the reader's previous message, for signs split over two


@dataclass
class Message:
    text: str
    buttons: list[dict] = field(default_factory=list)


@dataclass
class Reply:
    messages: list[Message]
    state: dict  # state changes to remember (slot values)
    topic: str | None = None  # the topic answered, for tests and logs
    records: list = field(default_factory=list)  # written at the end of the turn
    # What the reply answered, in order: topic keys, or seek_care, alternatives, not_covered,
    # did_you_mean, greet, goodbye, thank, other (bot/compose.py fills it in).
    parts: list[str] = field(default_factory=list)
    excluded: str | None = None  # alternatives: the method left out
    closest: str | None = None  # not covered: the topic whose passage is given as the closest
    section: str | None = None  # the section an article answer cites (its slug)


def __getattr__(name: str):
    """INTENT_TOPICS: topic key by intent, of the project's own content, for tools that list
    the FAQ intents; answers themselves read the topics from the store's snapshot."""
    if name == "INTENT_TOPICS":
        from bot.content import load_content

        return load_content().intent_topics()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _button(title: str, payload: str) -> dict:
    return {"title": title, "payload": payload}


def topic_button(topic: store.Topic) -> dict:
    return _button(topic.question, "/" + topic.intent)


def source_line(section: store.Section) -> str:
    return SOURCE.format(title=section.title)


def and_list(names: list[str]) -> str:
    """ "a", "a and b", "a, b and c" """
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def suggestions(snap: Snapshot, key: str | None, discussed: list[str]) -> list[dict]:
    """2-3 questions to ask next: the topic's own suggestions not yet discussed; when fewer
    than two are left, the starters not yet discussed, then the topic's own again."""
    topic = snap.topics.get(key or "")
    candidates = list(topic.next_topics) if topic else [t.key for t in snap.starters]
    picks = [k for k in candidates if k not in discussed and k != key]
    if len(picks) < 2:
        for k in [*(t.key for t in snap.starters if t.key not in discussed), *candidates]:
            if k != key and k not in picks:
                picks.append(k)
    return [topic_button(snap.topics[k]) for k in picks[:3]]


def scope_buttons(snap: Snapshot) -> list[dict]:
    return [topic_button(topic) for topic in snap.starters]


def article_reply(
    snap: Snapshot,
    key: str,
    text: str,
    state: dict,
    *,
    source: store.Section | None,
    changes: dict | None = None,
    after: str | None = None,
) -> Reply:
    """The one way an article answer ends: the topic marked discussed, 2-3 questions to ask
    next and, under an answer quoted from a `source` section, its source line and a button
    for the full passage (not under the full passage itself); `after` follows the source."""
    discussed = list(dict.fromkeys([*state.get("discussed", []), key]))
    buttons = suggestions(snap, key, discussed)
    if source is not None:
        text = f"{text}\n\n{source_line(source)}"
        buttons.append(_button(READ_PASSAGE, '/ask_more{"topic":"%s"}' % key))
    if after:
        text = f"{text}\n\n{after}"
    changes = {"topic": key, **(changes or {}), "discussed": discussed}
    cited = source or snap.topics[key].section
    return Reply([Message(text, buttons)], changes, topic=key, section=cited.slug)


def rating_buttons(ref: str) -> list[dict]:
    return [
        _button(RATE_HELPFUL, RATING_PAYLOAD + '{"ref":"%s","helpful":true}' % ref),
        _button(RATE_UNHELPFUL, RATING_PAYLOAD + '{"ref":"%s","helpful":false}' % ref),
    ]


def offer_rating(snap: Snapshot, turn: Turn, reply: Reply) -> None:
    """An article answer ends with "did this help?": the answer is recorded (the question as
    asked, its topic and section, no sender) under a new ref, which the rating buttons carry
    and the conversation keeps as its latest answer."""
    if not reply.topic or not reply.messages or reply.topic not in snap.topics:
        return
    section = reply.section or snap.topics[reply.topic].section.slug
    record = store.AnsweredRecord(turn.text, reply.topic, section)
    reply.records.append(record)
    reply.messages[-1].buttons.extend(rating_buttons(record.ref))
    kept = [*(turn.state.get("answer_refs") or []), f"{record.ref}:{reply.topic}"]
    reply.state["answer_refs"] = kept[-KEPT_ANSWERS:]


def topic_reply(
    snap: Snapshot, key: str, state: dict, *, template: str = "{answer}", after: str | None = None
) -> Reply:
    topic = snap.topics[key]
    changes: dict = {"options": _options(topic)}
    remedy = snap.remedy_by_topic.get(key)
    if remedy:
        changes["remedy"] = remedy.slug
    return article_reply(
        snap,
        key,
        template.format(answer=topic.answer),
        state,
        source=topic.section,
        changes=changes,
        after=after,
    )


def _options(topic: store.Topic) -> list[str] | None:
    """The numbered items of a list answer, so "the second one" can pick one."""
    return [f"{topic.list_of}:{slug}" for slug in topic.items] or None


def _exercise_reply(snap: Snapshot, slug: str, state: dict) -> Reply:
    exercise = snap.exercises[slug]
    kind = snap.kinds[exercise.kind]
    topic = snap.exercise_topic(exercise)
    siblings = [snap.exercises[s] for s in topic.items if s != slug]
    text = exercise.purpose
    if siblings:
        names = [snap.kinds[e.kind].called.format(name=e.name) for e in siblings]
        text += " " + OTHER_EXERCISES.format(others=kind.others, names=" and ".join(names))
    if kind.steps_note:
        text += " " + NO_STEPS
    return article_reply(
        snap,
        topic.key,
        text,
        state,
        source=exercise.section,
        changes={"exercise": slug, "remedy": exercise.remedy.slug},
    )


def _exercise_how_to(snap: Snapshot, state: dict) -> Reply:
    """How to do a stretch or strengthening exercise: the article names them without steps."""
    exercise = snap.exercises.get(state.get("exercise") or "")
    topic = snap.exercise_topic(exercise) if exercise else snap.topics[state["topic"]]
    kind = snap.kind_by_topic[topic.key]
    if exercise:
        subject, it = ONE_EXERCISE.format(name=exercise.name), "it"
    else:
        # "the cat-cow stretch, the shoulder blade squeeze and the chest opener", "planks and
        # bridges": a name in the singular takes "the", as when it is asked about alone
        names = [snap.exercises[s].name for s in topic.items]
        subject = and_list([n if n.endswith("s") else ONE_EXERCISE.format(name=n) for n in names])
        it = "them"
    text = HOW_TO_EXERCISE.format(subject=subject, it=it, says=kind.answer)
    return article_reply(snap, topic.key, text, state, source=topic.section)


def _equipment_reply(snap: Snapshot, slug: str, state: dict) -> Reply:
    item = snap.equipment[slug]
    topic = snap.listing["equipment"]
    names = [snap.equipment[s].name for s in topic.items if s != slug]
    text = (
        f"{item.purpose} {ALSO_MENTIONS.format(names=and_list(names))}" if names else item.purpose
    )
    return article_reply(
        snap,
        topic.key,
        text,
        state,
        source=item.section,
        changes={"remedy": snap.remedy_by_topic[topic.key].slug},
    )


def _passage_reply(snap: Snapshot, key: str, state: dict) -> Reply:
    section = snap.topics[key].section
    text = PASSAGE_IN_FULL.format(heading=section.heading, body=section.body)
    return article_reply(snap, key, text, state, source=None)


def _entities(snap: Snapshot, turn: Turn) -> dict[str, str]:
    """First recognised slug per entity label; unknown surface texts are dropped."""
    found: dict[str, str] = {}
    for ent in turn.entities:
        label, value = ent.get("entity"), ent.get("value")
        if not isinstance(value, str) or label in found:
            continue
        if label == "topic" and value in snap.topics:
            found[label] = value
        elif label in ("remedy", "exercise", "equipment", "body_part"):
            if normal(value) == "technique" and "technique" not in normalise(turn.text):
                continue  # "the right technique for foam rolling": not running technique
            slug = snap.aliases.get((label, normal(value)))
            if slug:
                found[label] = slug
    return found


def _remedies_named(snap: Snapshot, turn: Turn) -> set[str]:
    """Every method a message names (`_entities` keeps only the first)."""
    return {
        slug
        for ent in turn.entities
        if ent.get("entity") == "remedy" and isinstance(ent.get("value"), str)
        for slug in [snap.aliases.get(("remedy", normal(ent["value"])))]
        if slug
    }


def _named_topic(snap: Snapshot, ents: dict[str, str]) -> str | None:
    """The topic a message names through its entities, if any."""
    if "topic" in ents:
        return ents["topic"]
    if "exercise" in ents:
        return snap.exercise_topic(snap.exercises[ents["exercise"]]).key
    if "equipment" in ents:
        return snap.listing["equipment"].key
    if "remedy" in ents:
        return snap.remedy_by_slug[ents["remedy"]].topic_key
    return None


_POINTER = re.compile(r"\b(it|that|this|them|those|these|one|ones)\b", re.IGNORECASE)


def _points_back(text: str, ents: dict[str, str]) -> bool:
    """A follow-up refers to the subject under discussion instead of naming one."""
    return not ents and bool(_POINTER.search(text))


def _ordinal(text: str, count: int) -> int | None:
    words = re.findall(r"[a-z0-9]+", text.lower())
    if "last" in words:
        return count
    for word in words:
        if word in ORDINALS:
            return ORDINALS[word]
    return None


def _unanswered(snap: Snapshot, turn: Turn, reason: str) -> Reply:
    record = store.UnansweredRecord(turn.text, turn.intent, turn.confidence, reason)
    return Reply([Message(OUT_OF_SCOPE, scope_buttons(snap))], {}, topic=None, records=[record])


# Conversational intents ---------------------------------------------------------------------
# Each handler gets the snapshot, the turn (its state without unset slots) and the entities
# the turn names that the article has.


def _greet(snap: Snapshot, turn: Turn, ents: dict) -> Reply:
    return Reply([Message(GREETING, scope_buttons(snap))], {})


def _goodbye(snap: Snapshot, turn: Turn, ents: dict) -> Reply:
    return Reply([Message(THANKS_GOODBYE if thanks_and_leaves(turn.text) else GOODBYE)], {})


def _thank(snap: Snapshot, turn: Turn, ents: dict) -> Reply:
    if thanks_and_leaves(turn.text):  # "thanks, bye": a goodbye, with no more suggestions
        return _goodbye(snap, turn, ents)
    state = turn.state
    return Reply(
        [Message(THANKS, suggestions(snap, state.get("topic"), state.get("discussed", [])))], {}
    )


def _capabilities(snap: Snapshot, turn: Turn, ents: dict) -> Reply:
    return Reply([Message(CAPABILITIES, scope_buttons(snap))], {})


def _out_of_scope(snap: Snapshot, turn: Turn, ents: dict) -> Reply:
    return _unanswered(snap, turn, "out_of_scope")


def _fallback(snap: Snapshot, turn: Turn, ents: dict) -> Reply:
    """Unsure between two topics: ask which; the question is logged either way."""
    close = [
        (name, conf) for name, conf in turn.ranking if name in snap.topic_by_intent and conf >= 0.2
    ][:2]
    if len(close) != 2:
        return _unanswered(snap, turn, "fallback")
    record = store.UnansweredRecord(turn.text, turn.intent, turn.confidence, "ambiguous")
    buttons = [topic_button(snap.topic_by_intent[name]) for name, _ in close]
    return Reply(
        [Message(DID_YOU_MEAN, buttons)],
        {"clarifying": [record.ref, *(name for name, _ in close)]},
        records=[record],
    )


def _more(snap: Snapshot, turn: Turn, ents: dict) -> Reply:
    state = turn.state
    named = _named_topic(snap, ents)
    if named and named != state.get("topic"):  # "tell me about stretching": a new subject
        if "exercise" in ents:
            return _exercise_reply(snap, ents["exercise"], state)
        return topic_reply(snap, named, state)
    key = ents.get("topic") or state.get("topic")
    if not key:
        return Reply([Message(NOTHING_TO_EXPAND, scope_buttons(snap))], {})
    return _passage_reply(snap, key, state)


def _what_else(snap: Snapshot, turn: Turn, ents: dict) -> Reply:
    """The next method, in the article's order, that no discussed topic covered."""
    state = turn.state
    covered = {snap.topics[key].method for key in state.get("discussed", []) if key in snap.topics}
    remaining = [remedy for remedy in snap.remedies if remedy.slug not in covered]
    if not remaining:
        return topic_reply(snap, snap.listing["remedy"].key, state)
    after = (
        ALSO_COVERS.format(methods=and_list([r.name for r in remaining[1:]]))
        if len(remaining) > 1
        else None
    )
    return topic_reply(snap, remaining[0].topic_key, state, template=ANOTHER_METHOD, after=after)


def _choose(snap: Snapshot, turn: Turn, ents: dict) -> Reply:
    state = turn.state
    options = state.get("options") or []
    index = _ordinal(turn.text, len(options))
    if not options or not index or index > len(options):
        return Reply([Message(NO_OPTIONS, scope_buttons(snap))], {})
    kind, slug = options[index - 1].split(":", 1)
    if kind == "exercise":
        return _exercise_reply(snap, slug, state)
    if kind == "equipment":
        return _equipment_reply(snap, slug, state)
    return topic_reply(snap, snap.remedy_by_slug[slug].topic_key, state)


_NEGATIVE = re.compile(r"👎|\b(?:not|unhelpful|useless)\b|n't\b", re.IGNORECASE)
_POSITIVE = re.compile(r"👍|\b(?:helpful|helped|useful)\b", re.IGNORECASE)


# A thumb typed on its own (any skin tone, repeated or not), or a rating button's title typed,
# rates the latest answer whatever the classifier made of it: the NLU cannot learn emoji.
_THUMBS = re.compile(
    r"\s*([👍👎])[\U0001F3FB-\U0001F3FF\s👍👎]*(helpful|not helpful)?[\s.!]*", re.IGNORECASE
)


def typed_rating(text: str) -> str | None:
    """`helpful` or `unhelpful` for a message that is only a thumb or a rating button's
    title ("👍", "👎🏽", "👍 Helpful", "👎 Not helpful"), else None."""
    found = _THUMBS.fullmatch(text or "")
    if not found or ("👍" in text and "👎" in text):
        return None
    up = found.group(1) == "👍"
    if found.group(2) and (found.group(2).lower() == "helpful") != up:
        return None  # "👍 Not helpful": which?
    return "helpful" if up else "unhelpful"


def _typed_verdict(text: str) -> bool | None:
    if _NEGATIVE.search(text or ""):
        return False
    return True if _POSITIVE.search(text or "") else None


def _answered(state: dict) -> dict[str, str]:
    """The conversation's latest answers, topic key by ref, oldest first."""
    kept = (str(item).partition(":") for item in state.get("answer_refs") or [])
    return {ref: key for ref, _, key in kept if ref}


def _verdict(turn: Turn, answered: dict[str, str]) -> tuple[str | None, bool | None]:
    """The answer a rating names (its ref; typed: the latest answer) and the verdict (None:
    not given)."""
    latest = next(reversed(answered), None)
    if turn.intent in ("helpful", "unhelpful"):
        return latest, turn.intent == "helpful"
    given = {e.get("entity"): e.get("value") for e in turn.entities}
    verdict = given.get("helpful")
    if isinstance(verdict, str):
        verdict = {"true": True, "false": False}.get(verdict.strip().lower())
    elif verdict is None:  # a button's title typed: "👎 Not helpful"
        verdict = _typed_verdict(turn.text)
    ref = given.get("ref", latest)  # "rate it", typed: the latest answer
    return (ref if isinstance(ref, str) else None), (verdict if isinstance(verdict, bool) else None)


def _rate(snap: Snapshot, turn: Turn, ents: dict) -> Reply:
    """A thumbs up gets a short thanks; a thumbs down the closest other topics, how to reach
    a person and the full passage. The rating is recorded against the answer's ref (one per
    answer: a second click changes it). An answer this conversation does not hold (an old or
    made-up ref) gets a polite reply and records nothing."""
    answered = _answered(turn.state)
    ref, helpful = _verdict(turn, answered)
    key = answered.get(ref or "")
    if key not in snap.topics:
        return Reply([Message(RATING_UNKNOWN)], {}, parts=["rating"])
    if helpful is None:
        return Reply([Message(RATE_WHICH_WAY, rating_buttons(ref))], {}, parts=["rating"])
    records = [store.RatingRecord(ref=ref, helpful=helpful)]
    if helpful:
        return Reply([Message(RATED_HELPFUL)], {}, records=records, parts=["rating"])
    professional = snap.topics.get(PROFESSIONAL_TOPIC)
    person = [topic_button(professional)] if professional and professional.key != key else []
    buttons = [b for b in suggestions(snap, key, [key]) if b not in person][:2] + person
    buttons.append(_button(READ_PASSAGE, '/ask_more{"topic":"%s"}' % key))
    return Reply([Message(RATED_UNHELPFUL, buttons)], {}, records=records, parts=["rating"])


HANDLERS: dict[str, Callable[[Snapshot, Turn, dict], Reply]] = {
    "greet": _greet,
    "goodbye": _goodbye,
    "thank": _thank,
    "bot_capabilities": _capabilities,
    "out_of_scope": _out_of_scope,
    "nlu_fallback": _fallback,
    "ask_more": _more,
    "ask_what_else": _what_else,
    "choose_option": _choose,
    "rate_answer": _rate,
    "helpful": _rate,
    "unhelpful": _rate,
}


def _topic_question(snap: Snapshot, turn: Turn, ents: dict, topic: store.Topic) -> Reply:
    """An intent that asks a topic, read in the light of the conversation and the entities."""
    state, key = turn.state, topic.key
    # "How do I do it?" points back at the subject under discussion, when that isn't this
    # topic's method (foam rolling).
    subject = snap.topics.get(state.get("topic") or "")
    if (
        key == HOW_TO_TOPIC
        and _points_back(turn.text, ents)
        and subject is not None
        # "where do I put my hands while I'm lying on it?" after the overview: "it" is a
        # method, and the overview is none
        and subject.method is not None
        and subject.method != topic.method
    ):
        if state.get("exercise") or subject.key in snap.kind_by_topic:
            return _exercise_how_to(snap, state)
        return topic_reply(snap, subject.key, state)
    # A named exercise or piece of equipment narrows a general question about its group.
    if "exercise" in ents and "exercise" in topic.narrowed_by:
        return _exercise_reply(snap, ents["exercise"], state)
    if "equipment" in ents and "equipment" in topic.narrowed_by:
        return _equipment_reply(snap, ents["equipment"], state)
    if (
        key in FOAM_ROLLING_GUESSES
        and ents.get("remedy", topic.method) != topic.method
        # "walk me through the technique for that": a way of doing it, not running technique
        and not asks_a_way_of_doing_it(turn.text)
        # "I slouch at my desk all day, would foam rolling help with that?": foam rolling is
        # named too, so it is what the question asks about
        and topic.method not in _remedies_named(snap, turn)
    ):
        return topic_reply(snap, snap.remedy_by_slug[ents["remedy"]].topic_key, state)
    return topic_reply(snap, key, state)


def _answer(snap: Snapshot, turn: Turn) -> Reply:
    intent = turn.intent or "nlu_fallback"
    ents = _entities(snap, turn)
    handler = HANDLERS.get(intent)
    if handler is not None:
        return handler(snap, turn, ents)
    topic = snap.topic_by_intent.get(intent)
    if topic is None:
        return _unanswered(snap, turn, "unknown_intent")
    return _topic_question(snap, turn, ents, topic)


def answer(
    snap: Snapshot, turn: Turn, build: Callable[[Snapshot, Turn], Reply] | None = None
) -> Reply:
    """The whole reply to one message, from the snapshot alone; what it records is in
    `reply.records`, for the caller to write. `build` answers a message that is neither a
    warning sign nor empty (default: one question, by its intent)."""
    turn = replace(
        turn, state={name: value for name, value in turn.state.items() if value is not None}
    )
    text = turn.text if isinstance(turn.text, str) else ""
    typed = typed_rating(text) if turn.intent not in RATING_INTENTS else None
    if typed:
        turn = replace(turn, intent=typed, confidence=1.0)
    signs = warning_signs(text, earlier=turn.earlier)
    urgent = bool(signs)
    caution = not signs and turn.intent == "warning_signs"
    if caution:
        # The classifier hears a warning sign that the safety check does not find: negated
        # ("I don't have chest pain"), an idiom, or a wording neither knows. The reader gets
        # the answer to what else they ask, after a reminder of when to see a doctor.
        asked = [
            (name, conf)
            for name, conf in turn.ranking
            if name != "warning_signs" and conf >= CAUTION_CONFIDENCE
        ]
        instead = (turn.clauses[0].get("instead") or {}) if len(turn.clauses) == 1 else {}
        if not asked and float(instead.get("confidence") or 0) >= INSTEAD_CONFIDENCE:
            # The clause classifier's reading of the question without the sign.
            asked = [(str(instead["intent"]), float(instead["confidence"]))]
        turn = replace(
            turn,
            intent=asked[0][0] if asked else "out_of_scope",
            confidence=asked[0][1] if asked else 0.0,
        )
    if urgent:
        reply = Reply(
            [Message(_seek_care(signs))],
            {"topic": None, "options": None},
            topic=None,
            parts=["seek_care"],
            records=[store.TriageRecord(sign) for sign in signs],
        )
    elif not text.strip():
        reply = Reply([Message(EMPTY, scope_buttons(snap))], {}, parts=["other"])
    elif not re.search(r"[^\W_]", text) and turn.intent not in RATING_INTENTS:
        # "🙂", "??": no word to read
        reply = Reply([Message(NO_WORDS, scope_buttons(snap))], {}, parts=["other"])
    else:
        reply = (_answer if turn.intent in RATING_INTENTS else build or _answer)(snap, turn)
        offer_rating(snap, turn, reply)
        if caution:
            # "Otherwise, here is what the article says" only before what the article says
            from_article = reply.topic in snap.topics or any(
                p in snap.topics or p == "alternatives" for p in reply.parts
            )
            reply.messages.insert(0, Message(CAUTION if from_article else CAUTION_ONLY))
    clarifying = turn.state.get("clarifying")
    if clarifying:
        if turn.intent in clarifying[1:]:
            reply.records.append(store.PickRecord(ref=str(clarifying[0]), intent=turn.intent))
        reply.state.setdefault("clarifying", None)
    if not turn.state.get("disclaimer_shown"):
        # Seek-care advice always comes first; otherwise the disclaimer opens the conversation.
        reply.messages.insert(len(reply.messages) if urgent else 0, Message(DISCLAIMER))
        reply.state["disclaimer_shown"] = True
    return reply


def respond(
    session: Session, turn: Turn, reply_to: Callable[[Snapshot, Turn], Reply] | None = None
) -> Reply:
    """The reply to one message (`reply_to`, default: one question, `answer`), from the
    store's snapshot; its records written in the session's transaction."""
    store.ensure_ready(session)
    reply = (reply_to or answer)(store.snapshot_of(session), turn)
    store.save_records(session, reply.records)
    return reply


def _seek_care(signs: list[str]) -> str:
    described = " and ".join(signs[:2]) if len(signs) <= 2 else ", ".join(signs[:3])
    return SEEK_CARE.format(described=f" ({described})" if signs else "")


TERMINAL_WIDTH = 76


def for_terminal(text: str, width: int = TERMINAL_WIDTH) -> str:
    """Wrap each line of a reply for `rasa shell`, whose button menu cuts a long line at the
    terminal's edge instead of wrapping it."""
    return "\n".join(
        textwrap.fill(line, width) if line.strip() else "" for line in text.split("\n")
    )
