"""A server stopped while widgets are connected logs no error: engine.io's ping task for each
connection was left pending, and destroyed when the server's loop closed ("Task was destroyed
but it is pending!", one error per connection). A separate assistant is started here, so that
stopping it leaves the other tests' assistant running."""

from __future__ import annotations

import asyncio
import re

import socketio

from tests.servers import Assistant

PROBLEM = re.compile(r"Traceback \(most recent call last\)|\b(ERROR|CRITICAL)\b")


def test_stopping_with_widgets_connected_logs_no_error(tmp_path):
    bot = Assistant(tmp_path).start()
    clients: list[socketio.AsyncClient] = []
    loop = asyncio.new_event_loop()

    async def connect() -> None:
        for _ in range(5):
            confirmed = asyncio.Event()
            client = socketio.AsyncClient(reconnection=False)
            client.on("session_confirm", lambda *_, done=confirmed: done.set())
            await client.connect(bot.url, transports=["websocket"])
            await client.emit("session_request", {"session_id": None})
            await asyncio.wait_for(confirmed.wait(), 20)
            clients.append(client)

    try:
        loop.run_until_complete(connect())
    finally:
        bot.stop()  # with the widgets still connected
        for client in clients:
            loop.run_until_complete(client.disconnect())
        loop.close()
    log = bot.rasa_log().read_text(encoding="utf-8", errors="replace")
    assert len(clients) == 5
    assert [line for line in log.splitlines() if PROBLEM.search(line)] == []
