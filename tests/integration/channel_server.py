"""The project's socket.io channel alone in a real Sanic server on loopback, for tests that
need the channel's code with a real client but not the whole assistant."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sanic import Sanic

from ops.launcher import free_port
from rasa_addons.channels import SafeSocketIOInput


def socketio_channel() -> SafeSocketIOInput:
    return SafeSocketIOInput.from_credentials(
        {
            "user_message_evt": "user_uttered",
            "bot_message_evt": "bot_uttered",
            "session_persistence": True,
        }
    )


@asynccontextmanager
async def serving(channel: SafeSocketIOInput, name: str) -> AsyncIterator[int]:
    """Serve `channel` (its messages go nowhere) and yield the port."""

    async def ignore(message) -> None:
        return None

    # Sanic 21.12 rewrites its request handler's code when an app starts; a second app in one
    # process fails on the rewritten code unless test mode keeps the original.
    Sanic.test_mode = True
    app = Sanic(f"{name}_{free_port()}")
    app.blueprint(channel.blueprint(ignore))
    port = free_port()
    server = await app.create_server(
        host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
    )
    await server.startup()
    await server.start_serving()
    try:
        yield port
    finally:
        server.close()
        await server.wait_closed()


async def until(condition, what: str, timeout: float = 20) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not {what} after {timeout} s")
        await asyncio.sleep(0.05)
