"""Question in, answer out: turns a classified message (intent, entities, text) and the
conversation's state into the reply, from the remedy store only. No Rasa imports: the
actions translate trackers into `Turn` and `Reply` into utterances and slot events.

Order of precedence for every message: warning signs, then the disclaimer (once per
conversation), then the answer.
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot import store
from bot.safety import warning_signs

INTENT_TOPICS = {
    "ask_foam_rolling": "foam_rolling",
    "ask_how_to_foam_roll": "how_to_foam_roll",
    "ask_stretches": "stretches",
    "ask_posture": "posture",
    "ask_strengthening": "strengthening",
    "ask_equipment": "equipment",
    "ask_running_technique": "running_technique",
    "ask_foam_rolling_alone": "foam_rolling_alone",
    "ask_avoid": "avoid",
    "ask_overview": "overview",
    "ask_frequency": "frequency",
    "ask_professional": "professional",
    "ask_common": "common",
}
TOPIC_INTENTS = {topic: intent for intent, topic in INTENT_TOPICS.items()}

# Where a reader usually goes next from each topic; suggestions skip what was discussed.
NEXT_TOPICS = {
    "foam_rolling": ["how_to_foam_roll", "foam_rolling_alone", "stretches"],
    "how_to_foam_roll": ["foam_rolling_alone", "stretches", "frequency"],
    "stretches": ["strengthening", "avoid", "posture"],
    "posture": ["strengthening", "running_technique", "equipment"],
    "strengthening": ["posture", "avoid", "stretches"],
    "equipment": ["running_technique", "posture", "overview"],
    "running_technique": ["professional", "posture", "equipment"],
    "foam_rolling_alone": ["overview", "stretches", "how_to_foam_roll"],
    "avoid": ["stretches", "strengthening", "professional"],
    "overview": ["foam_rolling", "stretches", "posture"],
    "frequency": ["overview", "foam_rolling_alone", "stretches"],
    "professional": ["running_technique", "overview", "avoid"],
    "common": ["overview", "foam_rolling", "stretches"],
    "introduction": ["overview", "foam_rolling", "stretches"],
}
STARTER_TOPICS = ["overview", "foam_rolling", "stretches"]
METHOD_ORDER = ["foam_rolling", "stretching", "posture", "equipment", "technique"]
# Which of the five methods a discussed topic covers, for "what else?".
TOPIC_METHODS = {
    "foam_rolling": "foam_rolling", "how_to_foam_roll": "foam_rolling",
    "foam_rolling_alone": "foam_rolling", "stretches": "stretching", "posture": "posture",
    "strengthening": "posture", "equipment": "equipment", "running_technique": "technique",
    "professional": "technique",
}

DISCLAIMER = (
    "Before we start: I'm an informational assistant that answers from one article about upper "
    "back pain from running. I'm not a medical professional and this isn't medical advice. "
    "If you have chest pain, numbness, breathlessness, fever or pain after a fall, see a doctor."
)
SCOPE = (
    "foam rolling (what it does and how to do it), stretches, posture, strengthening exercises, "
    "equipment, running technique, what to avoid, and whether foam rolling alone is enough"
)
OUT_OF_SCOPE = (
    "Sorry, the article I answer from doesn't cover that, so I'd rather not guess. "
    f"I can tell you about upper back pain from running: {SCOPE}."
)
CAPABILITIES = (
    "I'm an assistant for runners with upper back pain. I answer from one article, about "
    f"{SCOPE}. Ask in your own words, or pick a question below."
)
GREETING = "Hi! Ask me anything about relieving upper back pain from running."
GOODBYE = "Take care, and good luck with your running!"
THANKS = "You're welcome! Anything else about your upper back?"
EMPTY = "Your message looks empty. What would you like to know about upper back pain from running?"
NOTHING_TO_EXPAND = "More about what? Pick a topic, or ask me a question."
NO_OPTIONS = "I didn't give you a list to pick from. Here is what I can tell you about:"
DID_YOU_MEAN = "I'm not sure which you mean. Did you mean one of these?"

ORDINALS = {
    "first": 1, "1st": 1, "one": 1, "second": 2, "2nd": 2, "two": 2, "third": 3, "3rd": 3,
    "three": 3, "fourth": 4, "4th": 4, "four": 4, "fifth": 5, "5th": 5, "five": 5,
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


@dataclass
class Message:
    text: str
    buttons: list[dict] = field(default_factory=list)


@dataclass
class Reply:
    messages: list[Message]
    state: dict  # state changes to remember (slot values)
    topic: str | None = None  # the topic answered, for tests and logs


def _button(title: str, payload: str) -> dict:
    return {"title": title, "payload": payload}


def _topic_button(session: Session, key: str) -> dict:
    topic = store.topic(session, key)
    return _button(topic.question, "/" + TOPIC_INTENTS[key])


def suggestions(session: Session, key: str | None, discussed: list[str]) -> list[dict]:
    """2-3 questions to ask next, those not yet discussed first."""
    candidates = NEXT_TOPICS.get(key or "", STARTER_TOPICS)
    fresh = [k for k in candidates if k not in discussed and k != key]
    picks = (fresh + [k for k in candidates if k not in fresh and k != key])[:3]
    return [_topic_button(session, k) for k in picks]


def _source(section: store.Section) -> str:
    return f"Source: the article's section “{section.heading if section.slug != 'introduction' else section.title}”."


def _entities(session: Session, turn: Turn) -> dict[str, str]:
    """First recognised slug per entity label; unknown surface texts are dropped."""
    found: dict[str, str] = {}
    for ent in turn.entities:
        label, value = ent.get("entity"), ent.get("value")
        if not isinstance(value, str) or label in found:
            continue
        if label == "topic" and store.topic(session, value):
            found[label] = value
        elif label in ("remedy", "exercise", "equipment", "body_part"):
            slug = store.resolve_alias(session, label=label, text=value)
            if slug:
                found[label] = slug
    return found


def _ordinal(text: str, count: int) -> int | None:
    words = re.findall(r"[a-z0-9]+", text.lower())
    if "last" in words:
        return count
    for word in words:
        if word in ORDINALS:
            return ORDINALS[word]
    return None


def _topic_reply(session: Session, key: str, state: dict, prefix: str = "") -> Reply:
    topic = store.topic(session, key)
    discussed = list(dict.fromkeys([*state.get("discussed", []), key]))
    text = f"{prefix}{topic.answer}\n\n{_source(topic.section)}"
    buttons = suggestions(session, key, discussed) + [
        _button("Read the full passage", '/ask_more{"topic":"%s"}' % key)
    ]
    options = _options(session, topic)
    changes = {"topic": key, "discussed": discussed, "options": options}
    remedy = next((r.slug for r in store.remedies(session) if r.topic_key == key), None)
    if remedy:
        changes["remedy"] = remedy
    return Reply([Message(text, buttons)], changes, topic=key)


def _options(session: Session, topic: store.Topic) -> list[str] | None:
    """The numbered items of a list answer, so "the second one" can pick one."""
    if not topic.items:
        return None
    slugs = topic.items.split(",")
    if topic.key == "overview":
        return [f"remedy:{slug}" for slug in slugs]
    if topic.key == "equipment":
        return [f"equipment:{slug}" for slug in slugs]
    return [f"exercise:{slug}" for slug in slugs]


def _exercise_reply(session: Session, slug: str, state: dict) -> Reply:
    exercise = store.exercise(session, slug)
    siblings = [
        e for e in (store.exercise(session, s) for s in _sibling_slugs(session, exercise))
        if e.slug != slug
    ]
    text = exercise.purpose
    if siblings:
        text += " The article's other " + (
            "stretches are " if exercise.kind == "stretch" else "strengthening exercise is "
        ) + " and ".join(f"the {e.name}" if e.kind == "stretch" else e.name for e in siblings) + "."
    if exercise.kind == "stretch":
        text += " The article doesn't describe how to perform it step by step."
    key = exercise.remedy.topic_key if exercise.kind == "stretch" else "strengthening"
    discussed = list(dict.fromkeys([*state.get("discussed", []), key]))
    body = f"{text}\n\n{_source(exercise.section)}"
    buttons = suggestions(session, key, discussed) + [
        _button("Read the full passage", '/ask_more{"topic":"%s"}' % key)
    ]
    changes = {"topic": key, "exercise": slug, "remedy": exercise.remedy.slug,
               "discussed": discussed}
    return Reply([Message(body, buttons)], changes, topic=key)


def _sibling_slugs(session: Session, exercise: store.Exercise) -> list[str]:
    key = "stretches" if exercise.kind == "stretch" else "strengthening"
    return store.topic(session, key).items.split(",")


def _named_topic(session: Session, ents: dict[str, str]) -> str | None:
    """The topic a message names through its entities, if any."""
    if "topic" in ents:
        return ents["topic"]
    if "exercise" in ents:
        exercise = store.exercise(session, ents["exercise"])
        return "stretches" if exercise.kind == "stretch" else "strengthening"
    if "equipment" in ents:
        return "equipment"
    if "remedy" in ents:
        return store.remedy(session, ents["remedy"]).topic_key
    return None


_POINTER = re.compile(r"\b(it|that|this|them|those|these|one|ones)\b", re.IGNORECASE)


def _points_back(text: str, ents: dict[str, str]) -> bool:
    """A follow-up refers to the subject under discussion instead of naming one."""
    return not ents and bool(_POINTER.search(text))


def _exercise_how_to(session: Session, state: dict) -> Reply:
    """How to do a stretch or strengthening exercise: the article names them without steps."""
    key = state.get("topic") if state.get("topic") in ("stretches", "strengthening") else None
    exercise = store.exercise(session, state["exercise"]) if state.get("exercise") else None
    if exercise:
        key = "stretches" if exercise.kind == "stretch" else "strengthening"
    topic = store.topic(session, key)
    names = [store.exercise(session, s).name for s in topic.items.split(",")]
    subject = f"the {exercise.name}" if exercise else " and ".join(names)
    what = ("Stretches that target the upper back, shoulders and neck improve flexibility and "
            "reduce tension." if key == "stretches" else
            "Planks and bridges strengthen the muscles supporting your back, which leads to "
            "better posture.")
    text = (f"The article names {subject} but doesn't describe how to do "
            f"{'it' if exercise else 'them'} step by step. What it does say: {what}"
            f"\n\n{_source(topic.section)}")
    discussed = list(dict.fromkeys([*state.get("discussed", []), key]))
    buttons = suggestions(session, key, discussed) + [
        _button("Read the full passage", '/ask_more{"topic":"%s"}' % key)]
    return Reply([Message(text, buttons)], {"topic": key, "discussed": discussed}, topic=key)


def _equipment_reply(session: Session, slug: str, state: dict) -> Reply:
    item = store.equipment(session, slug)
    others = [s for s in store.topic(session, "equipment").items.split(",") if s != slug]
    names = [store.equipment(session, s).name for s in others]
    text = (f"{item.purpose} The article also mentions " + ", ".join(names[:-1])
            + f" and {names[-1]}." if names else item.purpose)
    discussed = list(dict.fromkeys([*state.get("discussed", []), "equipment"]))
    body = f"{text}\n\n{_source(item.section)}"
    buttons = suggestions(session, "equipment", discussed) + [
        _button("Read the full passage", '/ask_more{"topic":"equipment"}')
    ]
    changes = {"topic": "equipment", "remedy": "equipment", "discussed": discussed}
    return Reply([Message(body, buttons)], changes, topic="equipment")


def _passage_reply(session: Session, key: str, state: dict) -> Reply:
    topic = store.topic(session, key)
    section = topic.section
    text = f"“{section.heading}”, in full:\n\n{section.body}"
    discussed = list(dict.fromkeys([*state.get("discussed", []), key]))
    return Reply([Message(text, suggestions(session, key, discussed))],
                 {"topic": key, "discussed": discussed}, topic=key)


def _scope_buttons(session: Session) -> list[dict]:
    return [_topic_button(session, k) for k in STARTER_TOPICS]


def _unanswered(session: Session, turn: Turn, reason: str) -> Reply:
    store.log_unanswered(session, text=turn.text, intent=turn.intent,
                         confidence=turn.confidence, reason=reason)
    return Reply([Message(OUT_OF_SCOPE, _scope_buttons(session))], {}, topic=None)


def _answer(session: Session, turn: Turn) -> Reply:
    state = turn.state
    intent = turn.intent or "nlu_fallback"
    ents = _entities(session, turn)

    if intent == "greet":
        return Reply([Message(GREETING, _scope_buttons(session))], {})
    if intent == "goodbye":
        return Reply([Message(GOODBYE)], {})
    if intent == "thank":
        return Reply([Message(THANKS, suggestions(session, state.get("topic"),
                                                  state.get("discussed", [])))], {})
    if intent == "bot_capabilities":
        return Reply([Message(CAPABILITIES, _scope_buttons(session))], {})
    if intent == "out_of_scope":
        return _unanswered(session, turn, "out_of_scope")
    if intent == "nlu_fallback":
        close = [(name, conf) for name, conf in turn.ranking
                 if name in INTENT_TOPICS and conf >= 0.2][:2]
        if len(close) == 2:
            row = store.log_unanswered(session, text=turn.text, intent=turn.intent,
                                       confidence=turn.confidence, reason="ambiguous")
            buttons = [_topic_button(session, INTENT_TOPICS[name]) for name, _ in close]
            return Reply([Message(DID_YOU_MEAN, buttons)],
                         {"clarifying": [str(row.id), *(name for name, _ in close)]})
        return _unanswered(session, turn, "fallback")

    if intent == "ask_more":
        named = _named_topic(session, ents)
        if named and named != state.get("topic"):  # "tell me about stretching": a new subject
            if "exercise" in ents:
                return _exercise_reply(session, ents["exercise"], state)
            return _topic_reply(session, named, state)
        key = ents.get("topic") or state.get("topic")
        if not key:
            return Reply([Message(NOTHING_TO_EXPAND, _scope_buttons(session))], {})
        return _passage_reply(session, key, state)
    if intent == "ask_what_else":
        covered = {TOPIC_METHODS.get(key) for key in state.get("discussed", [])}
        remaining = [store.remedy(session, slug) for slug in METHOD_ORDER if slug not in covered]
        if remaining:
            reply = _topic_reply(session, remaining[0].topic_key, state,
                                 prefix="Another method from the article: ")
            if len(remaining) > 1:
                names = [r.name for r in remaining[1:]]
                listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
                reply.messages[0].text += f"\n\nThe article also covers {listed}: just ask."
            return reply
        return _topic_reply(session, "overview", state)
    if intent == "choose_option":
        options = state.get("options") or []
        index = _ordinal(turn.text, len(options))
        if not options or not index or index > len(options):
            return Reply([Message(NO_OPTIONS, _scope_buttons(session))], {})
        kind, slug = options[index - 1].split(":", 1)
        if kind == "exercise":
            return _exercise_reply(session, slug, state)
        if kind == "equipment":
            return _equipment_reply(session, slug, state)
        return _topic_reply(session, store.remedy(session, slug).topic_key, state)

    key = INTENT_TOPICS.get(intent)
    if key is None:
        return _unanswered(session, turn, "unknown_intent")
    # "How do I do it?" points back at the subject under discussion, when that isn't foam rolling.
    if key == "how_to_foam_roll" and _points_back(turn.text, ents) and state.get("topic") not in (
        None, "foam_rolling", "how_to_foam_roll", "foam_rolling_alone"):
        if state.get("exercise") or state.get("topic") in ("stretches", "strengthening"):
            return _exercise_how_to(session, state)
        return _topic_reply(session, state["topic"], state)
    # A named exercise or piece of equipment narrows a general question about its group.
    if "exercise" in ents and key in ("stretches", "strengthening", "posture", "foam_rolling",
                                      "how_to_foam_roll", "overview"):
        return _exercise_reply(session, ents["exercise"], state)
    if "equipment" in ents and key in ("equipment", "overview", "posture"):
        return _equipment_reply(session, ents["equipment"], state)
    # "What does stretching do?" classified as the foam-rolling question: the named method wins.
    if key in ("foam_rolling", "how_to_foam_roll") and ents.get("remedy", "foam_rolling") != "foam_rolling":
        return _topic_reply(session, store.remedy(session, ents["remedy"]).topic_key, state)
    return _topic_reply(session, key, state)


def respond(session: Session, turn: Turn) -> Reply:
    """The whole reply to one message."""
    store.ensure_ready(session)
    turn.state = {name: value for name, value in turn.state.items() if value is not None}
    text = turn.text if isinstance(turn.text, str) else ""
    signs = warning_signs(text)
    if signs or turn.intent == "warning_signs":
        reply = Reply([Message(_seek_care(signs))], {"topic": None, "options": None}, topic=None)
    elif not text.strip():
        reply = Reply([Message(EMPTY, _scope_buttons(session))], {})
    else:
        reply = _answer(session, turn)
    clarifying = turn.state.get("clarifying")
    if clarifying:
        if turn.intent in clarifying[1:]:
            store.record_pick(session, unanswered_id=int(clarifying[0]), intent=turn.intent)
        reply.state.setdefault("clarifying", None)
    if not turn.state.get("disclaimer_shown"):
        # Seek-care advice always comes first; otherwise the disclaimer opens the conversation.
        position = len(reply.messages) if signs or turn.intent == "warning_signs" else 0
        reply.messages.insert(position, Message(DISCLAIMER))
        reply.state["disclaimer_shown"] = True
    return reply


def _seek_care(signs: list[str]) -> str:
    described = " and ".join(signs[:2]) if len(signs) <= 2 else ", ".join(signs[:3])
    return (
        f"What you describe{f' ({described})' if signs else ''} can be a warning sign that needs a doctor, not "
        "self-treatment. Please stop exercising and get medical care now. If it is sudden or "
        "severe, or comes with chest pain, trouble breathing or fainting, call your local "
        "emergency number (911 in the US) or go to urgent care. I can't assess symptoms, so "
        "I won't suggest exercises for this."
    )


UNAVAILABLE = "Sorry, my answers are temporarily unavailable. Please try again in a moment."
TERMINAL_WIDTH = 76


def for_terminal(text: str, width: int = TERMINAL_WIDTH) -> str:
    """Wrap each line of a reply for `rasa shell`, whose button menu cuts a long line at the
    terminal's edge instead of wrapping it."""
    return "\n".join(textwrap.fill(line, width) if line.strip() else ""
                     for line in text.split("\n"))
