"""Slack: Rasa's connector with three changes, configured by `rasa_addons.credentials` from
SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_CHANNEL and SLACK_API_URL.

- Replies go through a Web API base URL that can be set (SLACK_API_URL, default Slack's own),
  so the tests can capture them with a stand-in on loopback.
- Messages pass the same checks as on the other channels (`rasa_addons.channels.guard`).
- Slack's retries of an event are acknowledged and not answered again: the first delivery is
  already being answered, whatever the retry's reason (Rasa skips only `http_timeout` ones).

Signatures (`X-Slack-Signature`, `X-Slack-Request-Timestamp`, five minutes' tolerance) are
verified by Rasa's `SlackInput`; answers' buttons go out as Block Kit `actions` blocks and a
click comes back as the button's payload.

Needs: Rasa 3.6's Slack connector and slack_sdk (both installed with Rasa), and
rasa_addons.channels for the message checks.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint
from slack_sdk.web.async_client import AsyncWebClient

from rasa_addons.channels import guard

SLACK_API_URL = "https://slack.com/api/"


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


class SlackChannel(SlackInput):
    api_url: str = SLACK_API_URL

    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SlackChannel:
        channel = super().from_credentials(credentials)
        channel.api_url = (credentials or {}).get("api_url") or SLACK_API_URL
        return channel

    def get_output_channel(
        self, channel: str | None = None, thread_id: str | None = None
    ) -> SlackOutput:
        return SlackOutput(
            self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(guard(on_new_message))
