"""Slack: Rasa's connector with three changes, configured by `rasa_addons.credentials` from
SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_CHANNEL and SLACK_API_URL.

- Replies go through a Web API base URL that can be set (SLACK_API_URL, default Slack's own),
  so the tests can capture them with a stand-in on loopback.
- Messages pass the same checks as on the other channels (`rasa_addons.channels.guard`).
- Each event is answered once, by its `event_id`: a retry or a replay of an event already
  received is acknowledged and not answered again, whatever its retry headers say, and a
  retry of an event whose first delivery never arrived (`connection_failed`, `http_error`)
  is answered. The ids are remembered for 15 minutes, at most 10,000 of them
  (`input_limits.SeenEvents`), in each Rasa process; with LOCK_STORE_URL set (the production
  profile's Redis), in Redis too (`input_limits.SharedSeenEvents`), so a retry that reaches
  another server than the first delivery is not answered twice either.

Signatures (`X-Slack-Signature`, `X-Slack-Request-Timestamp`, five minutes' tolerance) are
verified by Rasa's `SlackInput`; answers' buttons go out as Block Kit `actions` blocks (the
"did this help?" buttons in a block of their own) and a click comes back as the button's
payload.

Needs: Rasa 3.6's Slack connector and slack_sdk (both installed with Rasa), and
rasa_addons.channels for the message checks.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from slack_sdk.web.async_client import AsyncWebClient

from bot import settings
from bot.answers import RATING_PAYLOAD
from rasa_addons.channels import guard
from rasa_addons.input_limits import SeenEvents, SharedSeenEvents

logger = logging.getLogger(__name__)

SLACK_API_URL = "https://slack.com/api/"


def event_id(request: Request) -> str | None:
    """The `event_id` of an Events API request (interactive payloads have none)."""
    if request.headers.get("content-type") != "application/json":
        return None
    try:
        found = (request.json or {}).get("event_id")
    except Exception:  # noqa: BLE001 - not an event: nothing to deduplicate
        return None
    return found if isinstance(found, str) and found else None


class SlackOutput(SlackBot):
    def __init__(
        self,
        token: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        proxy: str | None = None,
        api_url: str = SLACK_API_URL,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, proxy=proxy, base_url=api_url.rstrip("/") + "/")

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """The text, then the suggestions in `actions` blocks of at most five and the rating
        buttons in one of their own (Rasa's SlackBot drops every button past five)."""
        rating = [b for b in buttons if str(b["payload"]).startswith(RATING_PAYLOAD)]
        others = [b for b in buttons if b not in rating]
        rows = [others[i : i + 5] for i in range(0, len(others), 5)] + [rating]
        blocks = [{"type": "section", "text": {"type": "plain_text", "text": text}}]
        blocks += [
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": b["title"]},
                        "value": b["payload"],
                    }
                    for b in row
                ],
            }
            for row in rows
            if row
        ]
        await self._post_message(
            channel=self.slack_channel or recipient_id, as_user=True, text=text, blocks=blocks
        )


class SlackChannel(SlackInput):
    api_url: str = SLACK_API_URL

    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SlackChannel:
        channel = super().from_credentials(credentials)
        channel.api_url = (credentials or {}).get("api_url") or SLACK_API_URL
        # no retry is dropped for its reason alone (Rasa drops `http_timeout` ones): events
        # are told apart by their id instead
        channel.errors_ignore_retry = ()
        url = settings.shared_events_url()
        channel.seen_events = SharedSeenEvents(url) if url else SeenEvents()
        return channel

    async def process_message(
        self,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender_id: str | None,
        metadata: dict | None,
    ) -> Any:
        found = event_id(request)
        first = self.seen_events.first_time(found) if found is not None else True
        if inspect.isawaitable(first):
            first = await first
        if not first:
            logger.info(
                "Slack event %s received again (retry %s, %s): not answered twice",
                found,
                request.headers.get("x-slack-retry-num"),
                request.headers.get("x-slack-retry-reason"),
            )
            return response.text("", headers={"X-Slack-No-Retry": "1"})
        return await super().process_message(request, on_new_message, text, sender_id, metadata)

    def get_output_channel(
        self, channel: str | None = None, thread_id: str | None = None
    ) -> SlackOutput:
        return SlackOutput(
            self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(guard(on_new_message, self.name()))
