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

import asyncio
import json
import logging
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from engineio import packet as engineio_packet
from engineio.async_drivers import sanic as sanic_driver
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage, PayloadTooLarge
from sanic.request import Request
from sanic.server.websockets.frame import WebsocketFrameAssembler
from sanic.server.websockets.impl import WebsocketImplProtocol

from bot import settings
from bot.answers import UNAVAILABLE
from rasa_addons import patches
from rasa_addons.input_limits import (
    CONTROL,
    MAX_ATTACHMENTS,
    MAX_MESSAGE_CHARS,
    MAX_REQUEST_BYTES,
    MAX_SENDER_CHARS,
    MAX_SOCKET_BYTES,
    MetadataTooLarge,
    SessionIds,
    clean_text,
    clean_value,
    kept_metadata,
)

logger = logging.getLogger(__name__)

NOT_TEXT = "I can only read text messages. What would you like to know about upper back pain?"
TOO_LONG = (
    f"That message is too long for me (over {MAX_MESSAGE_CHARS:,} characters). "
    "Could you ask your question in a sentence or two?"
)
_CONTROL = CONTROL


def guard(on_new_message: Callable[[UserMessage], Awaitable[Any]], channel: str):
    """Check a message before the assistant sees it, and make sure every turn gets a reply.

    The conversation is keyed by the channel's name and the channel's own id ("rest:me",
    "slack:U024BE7LH", "telegram:42", "socketio:<session>"), so an id sent on one channel
    never reaches a conversation of another; replies still go to the channel's own id.
    Oversized or non-text messages are answered politely here, and lone surrogates dropped
    from the text and metadata. When a turn produces no reply at all (the action server is
    down, or a store failed: Rasa logs the error and says nothing), the reader is told the
    answers are temporarily unavailable instead of silence.
    """
    prefix = f"{channel}:"

    async def guarded(message: UserMessage) -> Any:
        out = message.output_channel
        recipient = str(message.sender_id)
        if not isinstance(message.text, str):
            await out.send_text_message(recipient, NOT_TEXT)
            return None
        message.text = clean_text(message.text)
        if len(message.text) > MAX_MESSAGE_CHARS:
            await out.send_text_message(recipient, TOO_LONG)
            return None
        message.sender_id = prefix + recipient
        message.metadata = clean_value(message.metadata)
        sent = 0
        send_response = out.send_response

        async def counted(_conversation: str, reply: dict) -> None:
            nonlocal sent
            sent += 1
            await send_response(recipient, reply)

        out.send_response = counted
        try:
            return await on_new_message(message)
        except Exception:  # noqa: BLE001 - logged, and the reader still gets an answer
            logger.exception("A turn failed")
            return None
        finally:
            out.send_response = send_response
            if not sent:
                await out.send_text_message(recipient, UNAVAILABLE)

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
        try:
            return kept_metadata(_body(request).get("metadata")) or None
        except MetadataTooLarge as error:
            raise PayloadTooLarge(str(error)) from None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        rest = super().blueprint(guard(on_new_message, self.name()))

        @rest.listener("before_server_start")
        async def limit_requests(app: Any, *_: Any) -> None:
            # read by each new connection: every channel's requests, not only REST's
            app.config.REQUEST_MAX_SIZE = MAX_REQUEST_BYTES

        @rest.listener("before_server_stop")
        async def close_client_sessions(*_: Any) -> None:
            await patches.close_sessions()  # the action server connections kept open

        return rest


_session_ids: SessionIds | None = None


def session_ids() -> SessionIds:
    """The session ids of this process, signed with SOCKETIO_SESSION_SECRET (or, unset, a
    random secret made once for this process, with a warning)."""
    global _session_ids
    if _session_ids is None:
        configured = settings.socketio_session_secret()
        if configured is None:
            logger.warning(
                "SOCKETIO_SESSION_SECRET is not set: web widget session ids are signed with a "
                "secret made for this process, so after a restart, or on another server, "
                "readers start new conversations."
            )
        _session_ids = SessionIds(configured.encode() if configured else secrets.token_bytes(32))
    return _session_ids


class CheckedWebSocket(sanic_driver.WebSocket):
    """engine.io's Sanic websocket, ended like a closed one when a frame is not an engine.io
    packet: engine.io decodes frames outside its error handling, so an empty or junk frame
    ("x") raised ValueError with a traceback in the log and left the connection's writer
    task and socket behind."""

    async def wait(self) -> Any:
        data = await super().wait()
        # engine.io's own decoder judges the frame; a text frame's payload after its type
        # is parsed as JSON there, never fails (it stays text), and is left out here so that
        # each message is not parsed twice.
        probe = data[:1] if isinstance(data, str) and not data.startswith("b") else data
        try:
            engineio_packet.Packet(encoded_packet=probe)
        except Exception:  # noqa: BLE001 - any undecodable frame ends the connection
            logger.info("socket.io: a frame that is not an engine.io packet; closing")
            return None
        return data


def check_websocket_frames(sio: Any) -> None:
    """Serve this server's websockets through CheckedWebSocket (engine.io keeps its async
    driver in a dict shared by every server: this server gets its own copy)."""
    sio.eio._async = {**sio.eio._async, "websocket": CheckedWebSocket}


# Tasks Sanic's websocket protocol starts for incoming frames, held until they end.
_FRAME_TASKS: set[asyncio.Task] = set()


def keep_websocket_frame_tasks() -> None:
    """Sanic 21.12's websocket protocol starts tasks it keeps no reference to: one for each
    batch of incoming frames and for the end of input, and one for each read (`recv` waits
    for the frame assembler in a task of its own, which stays behind when the read is
    cancelled, as engine.io's read timeout does). A frame nobody reads, or a read nobody
    waits for, leaves its task waiting for good; the garbage collector then destroys it and
    asyncio logs "Task was destroyed but it is pending!", some hundreds of connections later.
    Here each such task is held until it ends, and the ones a connection still has waiting
    are cancelled when it is lost. Replaces four methods of Sanic's websocket classes once per
    process; idempotent."""
    cls = WebsocketImplProtocol
    if getattr(cls, "_frame_tasks_kept", False):
        return
    data_task, eof_task, connection_lost = (
        cls.async_data_received,
        cls.async_eof_received,
        cls.connection_lost,
    )
    get = WebsocketFrameAssembler.get

    def held(run: Callable[..., Awaitable[Any]], owner: Callable[[Any], Any]):
        async def step(self: Any, *args: Any, **kwargs: Any) -> Any:
            task, protocol = asyncio.current_task(), owner(self)
            if task is None or task.get_coro().cr_code is not step.__code__:
                return await run(self, *args, **kwargs)  # awaited inside another task
            if protocol.__dict__.get("_lost"):
                return None  # started after its connection was lost: nothing to do
            mine = protocol.__dict__.setdefault("_frame_tasks", set())
            _FRAME_TASKS.add(task)
            mine.add(task)
            try:
                return await run(self, *args, **kwargs)
            finally:
                _FRAME_TASKS.discard(task)
                mine.discard(task)

        step.__name__, step.__qualname__ = run.__name__, run.__qualname__  # as asyncio shows it
        return step

    def on_lost(self: Any, exc: Exception | None) -> None:
        connection_lost(self, exc)
        self._lost = True
        for task in list(self.__dict__.get("_frame_tasks", ())):
            task.cancel()

    def itself(protocol: Any) -> Any:
        return protocol

    def its_protocol(assembler: Any) -> Any:
        return assembler.protocol

    cls.async_data_received = held(data_task, itself)
    cls.async_eof_received = held(eof_task, itself)
    cls.connection_lost = on_lost
    WebsocketFrameAssembler.get = held(get, its_protocol)
    cls._frame_tasks_kept = True


def stop_background_tasks_at_shutdown(sio: Any, web: Blueprint) -> None:
    """engine.io starts a ping task for each connection (and a service task) and keeps no
    reference to the ping tasks: a server stopped with widgets connected had each destroyed
    while pending, one "Task was destroyed but it is pending!" error per connection in its
    log. Here they are held, and before the server stops engine.io's own `shutdown` ends its
    service task and the rest are cancelled."""
    eio, tasks = sio.eio, set()
    start = eio.start_background_task

    def start_held(target: Callable[..., Any], *args: Any, **kwargs: Any) -> asyncio.Task:
        task = start(target, *args, **kwargs)
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        return task

    eio.start_background_task = start_held

    async def stop(*_: Any) -> None:
        await eio.shutdown()
        for task in list(tasks):
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    web.listener("before_server_stop")(stop)


def mark_websocket_route(sio: Any) -> None:
    """engine.io's Sanic route returns nothing once a websocket closes, and Sanic 21.12 logs
    that as an error with a traceback ("Invalid response type None") for every reader who
    closes the widget, unless the route's handler is marked as a websocket handler, as
    Sanic's own websocket routes are. Called before the route is added (at registration)."""
    handle = sio.eio.handle_request

    async def handle_request(*args: Any, **kwargs: Any) -> Any:
        return await handle(*args, **kwargs)

    handle_request.is_websocket = True  # type: ignore[attr-defined]
    sio.eio.handle_request = handle_request


class SafeSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel with the message checks, size limits, and session ids the
    server issues: `session_request` with an id it did not issue (or none) is confirmed with a
    new one, and a socket may only send `user_uttered` for the session it was confirmed.
    Session ids are signed with SOCKETIO_SESSION_SECRET, so a reload, a second tab or another
    server sharing the secret continue the conversation."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        web = super().blueprint(guard(on_new_message, self.name()))
        # Rasa disables socket.io's origin check (any web page could talk to the bot in its
        # visitors' names): accept the server's own origin and those in CORS_ORIGINS only.
        self.sio.eio.cors_allowed_origins = settings.allowed_origins()
        self.sio.eio.max_http_buffer_size = MAX_SOCKET_BYTES
        ids = session_ids()  # read (or made) once, when the server starts
        self._check_events(ids)
        guard_binary_events(self.sio)
        mark_websocket_route(self.sio)
        check_websocket_frames(self.sio)
        keep_websocket_frame_tasks()
        stop_background_tasks_at_shutdown(self.sio, web)
        return web

    def _check_events(self, ids: SessionIds) -> None:
        """Rasa's socket.io handlers trust the client's event data: a string instead of an
        object, a 10,000-character session id or metadata that is not JSON raise inside them
        and the reader hears nothing, and any session id is joined or spoken in. Check the
        data first and answer politely instead."""
        sio, handlers = self.sio, self.sio.handlers["/"]
        ask, request = handlers[self.user_message_evt], handlers["session_request"]
        bot_evt, metadata_key = self.bot_message_evt, self.metadata_key

        async def session_request(sid: str, data: Any = None, *_: Any) -> None:
            session = data.get("session_id") if isinstance(data, dict) else None
            if not ids.issued(session):
                session = ids.new()  # a new conversation, not one the client names
            for room in sio.rooms(sid):
                if room not in (sid, session):
                    sio.leave_room(sid, room)  # one session per connection
            await request(sid, {"session_id": session})

        async def refuse(sid: str, reason: str) -> None:
            await sio.emit(bot_evt, {"text": f"Sorry, I could not read that: {reason}"}, room=sid)

        async def user_uttered(sid: str, data: Any = None, *_: Any) -> None:
            if not isinstance(data, dict) or not isinstance(data.get("message", ""), str):
                await sio.emit(bot_evt, {"text": NOT_TEXT}, room=sid)
                return
            try:
                session = valid_sender(data.get("session_id"))
            except InvalidUsage as error:
                await refuse(sid, str(error))
                return
            if not ids.issued(session) or session not in sio.rooms(sid):
                await refuse(sid, "this connection has no such session (please reload).")
                return
            metadata = data.get(metadata_key)
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = None
            try:
                metadata = kept_metadata(metadata)
            except MetadataTooLarge as error:
                await refuse(sid, f"{error}.")
                return
            await ask(
                sid,
                {"message": data.get("message", ""), "session_id": session, metadata_key: metadata},
            )

        handlers[self.user_message_evt] = user_uttered
        handlers["session_request"] = session_request


def guard_binary_events(sio: Any) -> None:
    """python-socketio 5.9.0 keeps a binary event whose attachments have not all arrived in
    `sio._binary_packet` until they do, and for good when the connection goes first; its
    header may announce up to 9,999,999,999 attachments. Here a pending event is dropped when
    its connection goes, and a connection whose pending event announces more than
    MAX_ATTACHMENTS attachments, or holds more than MAX_SOCKET_BYTES, is closed."""
    on_message, on_disconnect = sio._handle_eio_message, sio._handle_eio_disconnect
    held: dict[str, int] = {}  # engine.io id -> bytes of its pending binary event so far

    async def message(eio_sid: str, data: Any) -> None:
        await on_message(eio_sid, data)
        pending = sio._binary_packet.get(eio_sid)
        if pending is None:
            held.pop(eio_sid, None)
            return
        held[eio_sid] = held.get(eio_sid, 0) + len(data)
        if pending.attachment_count > MAX_ATTACHMENTS or held[eio_sid] > MAX_SOCKET_BYTES:
            sio._binary_packet.pop(eio_sid, None)
            held.pop(eio_sid, None)
            await sio.eio.disconnect(eio_sid)

    async def disconnect(eio_sid: str) -> None:
        sio._binary_packet.pop(eio_sid, None)
        held.pop(eio_sid, None)
        await on_disconnect(eio_sid)

    sio.eio.on("message", message)
    sio.eio.on("disconnect", disconnect)


WEB_DIR = Path(__file__).resolve().parent.parent / "web"
WIDGET_FILES = {
    "": ("index.html", "text/html; charset=utf-8"),
    "widget.js": ("widget.js", "application/javascript; charset=utf-8"),
    "vendor/socket.io.min.js": ("vendor/socket.io.min.js", "application/javascript; charset=utf-8"),
}


class WidgetInput(InputChannel):
    """Serves web/: the embeddable widget (one script tag: a launcher, or inline), its
    socket.io client, the demo page (an unrelated article with the script tag), the inline
    demo and a host page with aggressive global CSS that the browser tests embed it in."""

    FILES = {
        **WIDGET_FILES,
        "inline.html": ("inline.html", "text/html; charset=utf-8"),
        "hostile.html": ("hostile.html", "text/html; charset=utf-8"),
    }

    @classmethod
    def name(cls) -> str:
        return "widget"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        web = Blueprint("widget_webhook", __name__)

        def serving(path: str):
            name, content_type = self.FILES[path]

            async def serve(request: Request):
                return await response.file(
                    WEB_DIR / name,
                    mime_type=content_type,
                    headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"},
                )

            return serve

        for path in self.FILES:
            route_name = "page" if not path else path.replace("/", "_").replace(".", "_")
            web.add_route(serving(path), "/" + path, methods=["GET"], name=route_name)
        return web
