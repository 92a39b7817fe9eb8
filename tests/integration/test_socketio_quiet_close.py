"""A reader closing the widget's websocket is not an error: engine.io's Sanic route returns
nothing once a websocket ends, which Sanic 21.12 logged as "Invalid response type None" with
a traceback for every closed connection. The project's socket.io channel runs here in a real
Sanic server on loopback, with a real socket.io client."""

from __future__ import annotations

import asyncio
import logging

import socketio

from tests.integration.channel_server import serving, socketio_channel, until


class Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_closing_a_websocket_logs_no_error():
    channel, errors = socketio_channel(), Errors()

    async def scenario() -> None:
        async with serving(channel, "quiet_close") as port:
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

    logging.getLogger().addHandler(errors)
    try:
        asyncio.run(scenario())
    finally:
        logging.getLogger().removeHandler(errors)
    assert [r.getMessage() for r in errors.records] == []
