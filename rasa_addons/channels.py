"""Custom Rasa input channels, configured in credentials.yml:

- `SafeRestInput`: Rasa's REST channel at the same URL (/webhooks/rest/webhook) that refuses
  malformed requests with a 4xx and answers oversized or non-text messages politely.
- `SafeSocketIOInput`: Rasa's socket.io channel (the web widget's) with the same message checks.
- `WidgetInput`: serves the web widget and its demo page at /webhooks/widget/.

Needs: Rasa 3.6's REST and socket.io channels (Sanic), bot.settings and bot.answers. Importing
it changes nothing in Rasa: the replacements of rasa_addons/patches.py are installed by the
entry point (`python -m rasa_addons run`); the REST channel only closes their shared HTTP
session when the server stops.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from bot import settings
from bot.answers import UNAVAILABLE
from rasa_addons import patches

logger = logging.getLogger(__name__)

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
    """Check a message before the assistant sees it, and make sure every turn gets a reply.

    Oversized or non-text messages are answered politely here. When a turn produces no reply
    at all (the action server is down, or a store failed: Rasa logs the error and says
    nothing), the reader is told the answers are temporarily unavailable instead of silence.
    """

    async def guarded(message: UserMessage) -> Any:
        out = message.output_channel
        if not isinstance(message.text, str):
            await out.send_text_message(message.sender_id, NOT_TEXT)
            return None
        message.text = clean_text(message.text)
        if len(message.text) > MAX_MESSAGE_CHARS:
            await out.send_text_message(message.sender_id, TOO_LONG)
            return None
        sent = 0
        send_response = out.send_response

        async def counted(recipient_id: str, reply: dict) -> None:
            nonlocal sent
            sent += 1
            await send_response(recipient_id, reply)

        out.send_response = counted
        try:
            return await on_new_message(message)
        except Exception:  # noqa: BLE001 - logged, and the reader still gets an answer
            logger.exception("A turn failed")
            return None
        finally:
            out.send_response = send_response
            if not sent:
                await out.send_text_message(message.sender_id, UNAVAILABLE)

    return guarded


def _body(request: Request) -> dict:
    try:
        body = request.json
    except Exception:  # sanic raises on undecodable JSON; answer 400 rather than 500
        raise InvalidUsage("The request body must be a JSON object.") from None
    if not isinstance(body, dict):
        raise InvalidUsage(
            'The request body must be a JSON object like {"sender": "...", "message": "..."}.'
        )
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
        rest = super().blueprint(guard(on_new_message))

        @rest.listener("before_server_stop")
        async def close_client_sessions(*_: Any) -> None:
            await patches.close_sessions()  # the action server connections kept open

        return rest


class SafeSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        web = super().blueprint(guard(on_new_message))
        # Rasa disables socket.io's origin check (any web page could talk to the bot in its
        # visitors' names): accept the server's own origin and those in CORS_ORIGINS only.
        self.sio.eio.cors_allowed_origins = settings.allowed_origins()
        self._check_events()
        return web

    def _check_events(self) -> None:
        """Rasa's socket.io handlers trust the client's event data: a string instead of an
        object, a 10,000-character session id or metadata that is not JSON raise inside them
        and the reader hears nothing. Check the data first and answer politely instead."""
        sio, handlers = self.sio, self.sio.handlers["/"]
        ask, request = handlers[self.user_message_evt], handlers["session_request"]
        bot_evt, metadata_key = self.bot_message_evt, self.metadata_key

        async def session_request(sid: str, data: Any = None, *_: Any) -> None:
            session = data.get("session_id") if isinstance(data, dict) else None
            try:
                session = valid_sender(session) if session is not None else None
            except InvalidUsage:
                session = None  # a new conversation instead of an unusable id
            await request(sid, {"session_id": session})

        async def user_uttered(sid: str, data: Any = None, *_: Any) -> None:
            if not isinstance(data, dict) or not isinstance(data.get("message", ""), str):
                await sio.emit(bot_evt, {"text": NOT_TEXT}, room=sid)
                return
            try:
                session = valid_sender(data.get("session_id"))
            except InvalidUsage as error:
                await sio.emit(
                    bot_evt, {"text": f"Sorry, I could not read that: {error}"}, room=sid
                )
                return
            metadata = data.get(metadata_key)
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = None
            await ask(
                sid,
                {
                    "message": data.get("message", ""),
                    "session_id": session,
                    metadata_key: metadata if isinstance(metadata, dict) else {},
                },
            )

        handlers[self.user_message_evt] = user_uttered
        handlers["session_request"] = session_request


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
            return await response.file(
                WEB_DIR / name,
                mime_type=content_type,
                headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"},
            )

        web.add_route(serve, "/", methods=["GET"], name="page")
        web.add_route(
            lambda request: serve(request, "widget.js"),
            "/widget.js",
            methods=["GET"],
            name="script",
        )
        web.add_route(
            lambda request: serve(request, "vendor/socket.io.min.js"),
            "/vendor/socket.io.min.js",
            methods=["GET"],
            name="socketio_client",
        )
        return web
