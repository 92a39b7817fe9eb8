"""The one custom action: read the classified message and the conversation's slots from the
tracker, ask `bot.compose.respond` for the reply (one store session, one transaction: the
turn's records are written when it commits), utter it, and remember state in slots. A store
that is missing or unreachable gets a polite reply, after a few retries for the latter.

Needs the Rasa SDK, SQLAlchemy and `bot`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import OperationalError

from bot import answers, compose, store, wording

logger = logging.getLogger(__name__)

STATE_SLOTS = (
    "disclaimer_shown",
    "topic",
    "remedy",
    "exercise",
    "discussed",
    "options",
    "clarifying",
    "previous_message",
    "answer_refs",
)
# Every turn ends by listening (data/rules.yml); saying so spares Rasa a second prediction.
LISTEN = FollowupAction("action_listen")
UNAVAILABLE = wording.UNAVAILABLE
RETRY_DELAYS = (0.1, 0.3, 0.6, 1.0, 2.0)  # seconds: rides out a database restart


def turn_from_tracker(tracker: Tracker) -> answers.Turn:
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    return answers.Turn(
        text=message.get("text") or "",
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        ranking=[
            (r.get("name"), float(r.get("confidence") or 0.0))
            for r in message.get("intent_ranking") or []
        ],
        entities=list(message.get("entities") or []),
        state={name: tracker.get_slot(name) for name in STATE_SLOTS},
        clauses=[c for c in message.get("clauses") or [] if isinstance(c, dict)],
        earlier=tracker.get_slot("previous_message"),
    )


class ActionRespond(Action):
    def name(self) -> str:
        return "action_respond"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        turn = turn_from_tracker(tracker)
        for delay in (*RETRY_DELAYS, None):
            try:
                with store.session_scope() as session:
                    reply = compose.respond(session, turn)
                break
            except store.StoreNotReady as error:
                logger.error("%s", error)
            except OperationalError as error:  # the database restarting or unreachable
                if delay is not None:
                    logger.warning("Remedy store unreachable, retrying in %.2f s", delay)
                    await asyncio.sleep(delay)  # a failed transaction was rolled back whole
                    continue
                logger.error("Remedy store unreachable: %s", str(error.orig).strip())
            dispatcher.utter_message(text=UNAVAILABLE)
            return [LISTEN]
        terminal = tracker.get_latest_input_channel() == "cmdline"  # rasa shell
        for message in reply.messages:
            text = answers.for_terminal(message.text) if terminal else message.text
            dispatcher.utter_message(text=text, buttons=message.buttons or None)
        return [
            SlotSet(name, value) for name, value in reply.state.items() if name in STATE_SLOTS
        ] + [LISTEN]
