"""Custom Rasa input channels, configured in credentials.yml:

- `SafeRestInput`: Rasa's REST channel at the same URL (/webhooks/rest/webhook) that refuses
  malformed requests with a 4xx and answers oversized or non-text messages politely.
- `SafeSocketIOInput`: Rasa's socket.io channel (the web widget's) with the same message checks.
- `WidgetInput`: serves the web widget and its demo page at /webhooks/widget/.
"""
from __future__ import annotations

import re
from typing import Any, Awaitable, Callable

from pathlib import Path

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from bot import speedups

speedups.install()  # Rasa loads this module at start-up (credentials.yml): see bot/speedups.py

MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 128
NOT_TEXT = "I can only read text messages. What would you like to know about upper back pain?"
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
        if not isinstance(message.text, str):
            await message.output_channel.send_text_message(message.sender_id, NOT_TEXT)
            return None
        message.text = clean_text(message.text)
        if len(message.text) > MAX_MESSAGE_CHARS:
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
        return message

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()

    def get_metadata(self, request: Request) -> dict | None:
        metadata = _body(request).get("metadata")
        return metadata if isinstance(metadata, dict) else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        return super().blueprint(guard(on_new_message))


class SafeSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(guard(on_new_message))


WEB_DIR = Path(__file__).resolve().parent.parent / "web"
WIDGET_FILES = {
    "": ("index.html", "text/html; charset=utf-8"),
    "widget.js": ("widget.js", "application/javascript; charset=utf-8"),
    "vendor/socket.io.min.js": ("vendor/socket.io.min.js", "application/javascript; charset=utf-8"),
}


class WidgetInput(InputChannel):
    """Serves web/: the embeddable widget, its socket.io client and a demo page."""

    @classmethod
    def name(cls) -> str:
        return "widget"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        web = Blueprint("widget_webhook", __name__)

        async def serve(request: Request, path: str = ""):
            name, content_type = WIDGET_FILES[path]
            return await response.file(WEB_DIR / name, mime_type=content_type,
                                       headers={"Cache-Control": "no-cache",
                                                "X-Content-Type-Options": "nosniff"})

        web.add_route(serve, "/", methods=["GET"], name="page")
        web.add_route(lambda request: serve(request, "widget.js"), "/widget.js",
                      methods=["GET"], name="script")
        web.add_route(lambda request: serve(request, "vendor/socket.io.min.js"),
                      "/vendor/socket.io.min.js", methods=["GET"], name="socketio_client")
        return web
