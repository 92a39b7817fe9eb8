"""Turns for bot.compose tests, with their clauses given as the NLU clause component would
give them (text, offsets, intent, confidence)."""

from __future__ import annotations

from bot import compose
from bot.answers import Turn


def clause(text, message, intent, confidence=0.9):
    start = message.index(text)
    return {
        "text": text,
        "start": start,
        "end": start + len(text),
        "intent": intent,
        "confidence": confidence,
    }


def ask(session, text, intent, clauses=(), state=None, entities=None, earlier=None):
    """`clauses`: (text, intent) or (text, intent, confidence) for each clause."""
    state = {"disclaimer_shown": True, **(state or {})}
    turn = Turn(
        text=text,
        intent=intent,
        confidence=0.9,
        entities=entities or [],
        state=state,
        clauses=[clause(c[0], text, *c[1:]) for c in clauses],
        earlier=earlier,
    )
    return compose.respond(session, turn)


def unsure(text, ranking, clauses=None):
    """A turn the model reads unsurely: `ranking` as (intent, confidence), best first; one
    clause, the whole message, read as the best intent unless `clauses` are given."""
    return Turn(
        text=text,
        intent=ranking[0][0],
        confidence=ranking[0][1],
        ranking=ranking,
        entities=[],
        state={"disclaimer_shown": True},
        clauses=clauses or [clause(text, text, ranking[0][0], ranking[0][1])],
    )
