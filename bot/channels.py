"""Custom Rasa input channels that refuse malformed requests with a 4xx and answer oversized
messages politely, so bad input never crashes a handler or reaches a conversation.

`SafeRestInput` keeps Rasa's REST channel and its URL (/webhooks/rest/webhook) and only adds
the checks. Configured in credentials.yml as `bot.channels.SafeRestInput`.
"""
from __future__ import annotations

import re
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage
from sanic.request import Request

MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 128
TOO_LONG = (
    f"That message is too long for me (over {MAX_MESSAGE_CHARS:,} characters). "
    "Could you ask your question in a sentence or two?"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


def clean_text(text: str) -> str:
    """Drop control and invisible formatting characters; keep newlines and tabs as spaces."""
    return _CONTROL.sub("", text).replace("\r", " ").replace("\t", " ").strip()


def guard(on_new_message: Callable[[UserMessage], Awaitable[Any]]):
    """Answer an oversized message politely instead of handing it to the assistant."""

    async def guarded(message: UserMessage) -> Any:
        if message.text is not None and len(message.text) > MAX_MESSAGE_CHARS:
            await message.output_channel.send_text_message(message.sender_id, TOO_LONG)
            return None
        return await on_new_message(message)

    return guarded


def _body(request: Request) -> dict:
    try:
        body = request.json
    except Exception:  # sanic raises on undecodable JSON; answer 400 rather than 500
        raise InvalidUsage("The request body must be a JSON object.")
    if not isinstance(body, dict):
        raise InvalidUsage('The request body must be a JSON object like {"sender": "...", "message": "..."}.')
    return body


def valid_sender(sender: Any) -> str:
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender.strip():
        raise InvalidUsage('"sender" must be a non-empty string identifying the conversation.')
    if len(sender) > MAX_SENDER_CHARS or _CONTROL.search(sender):
        raise InvalidUsage(f'"sender" must be at most {MAX_SENDER_CHARS} printable characters.')
    return sender


class SafeRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    async def _extract_sender(self, req: Request) -> str:
        return valid_sender(_body(req).get("sender"))

    def _extract_message(self, req: Request) -> str:
        message = _body(req).get("message")
        if not isinstance(message, str):
            raise InvalidUsage('"message" must be a string.')
        return clean_text(message)

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()

    def get_metadata(self, request: Request) -> dict | None:
        metadata = _body(request).get("metadata")
        return metadata if isinstance(metadata, dict) else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        return super().blueprint(guard(on_new_message))
