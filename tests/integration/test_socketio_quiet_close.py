"""A reader closing the widget's websocket is not an error: engine.io's Sanic route returns
nothing once a websocket ends, which Sanic 21.12 logged as "Invalid response type None" with
a traceback for every closed connection. The project's socket.io channel runs here in a real
Sanic server on loopback, with a real socket.io client."""

from __future__ import annotations

import asyncio
import logging

import socketio
from sanic import Sanic

from ops.launcher import free_port
from rasa_addons.channels import SafeSocketIOInput


class Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def until(condition, what: str, timeout: float = 20) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not {what} after {timeout} s")
        await asyncio.sleep(0.05)


def test_closing_a_websocket_logs_no_error():
    channel = SafeSocketIOInput.from_credentials(
        {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered"}
    )
    errors = Errors()
    logging.getLogger().addHandler(errors)

    async def ignore(message) -> None:
        return None

    async def scenario() -> None:
        app = Sanic(f"quiet_close_{free_port()}")
        app.blueprint(channel.blueprint(ignore))
        port = free_port()
        server = await app.create_server(
            host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
        )
        await server.startup()
        await server.start_serving()
        try:
            for _ in range(3):
                confirmed = asyncio.Event()
                client = socketio.AsyncClient(reconnection=False)
                client.on("session_confirm", lambda *_, done=confirmed: done.set())
                await client.connect(f"http://127.0.0.1:{port}", transports=["websocket"])
                await client.emit("session_request", {"session_id": None})
                await asyncio.wait_for(confirmed.wait(), 20)
                await client.disconnect()
                await until(lambda: not channel.sio.eio.sockets, "disconnected")
            await asyncio.sleep(0.5)  # the server finishes the closed websocket's request
        finally:
            server.close()
            await server.wait_closed()

    try:
        asyncio.run(scenario())
    finally:
        logging.getLogger().removeHandler(errors)
    assert [r.getMessage() for r in errors.records] == []
