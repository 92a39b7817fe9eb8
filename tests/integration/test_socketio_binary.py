"""python-socketio 5.9.0 keeps an unfinished binary event (its header came, its attachments
never did) in `AsyncServer._binary_packet` after the connection is gone. The project's
socket.io channel runs here in a real Sanic server on loopback, a real socket.io client sends
such headers and disconnects, and the server must hold no pending packet afterwards.
(Through the whole assistant: tests/integration/test_input_limits.py.)"""

from __future__ import annotations

import asyncio

import socketio
from sanic import Sanic

from ops.launcher import free_port
from rasa_addons.channels import SafeSocketIOInput

HEADER = '51-["user_uttered",{"_placeholder":true,"num":0}]'  # one attachment, never sent


async def until(condition, what: str, timeout: float = 20) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not {what} after {timeout} s")
        await asyncio.sleep(0.05)


def test_unfinished_binary_events_are_dropped_when_their_connection_goes():
    channel = SafeSocketIOInput.from_credentials(
        {
            "user_message_evt": "user_uttered",
            "bot_message_evt": "bot_uttered",
            "session_persistence": True,
        }
    )

    async def ignore(message) -> None:
        return None

    async def scenario() -> None:
        app = Sanic(f"binary_{free_port()}")
        app.blueprint(channel.blueprint(ignore))
        port = free_port()
        server = await app.create_server(
            host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
        )
        await server.startup()
        await server.start_serving()
        sio = channel.sio
        try:
            for transport in ("websocket", "polling"):
                for _ in range(5):
                    client = socketio.AsyncClient(reconnection=False)
                    await client.connect(f"http://127.0.0.1:{port}", transports=[transport])
                    await client.eio.send(HEADER)
                    await until(lambda: sio._binary_packet, "holding the header")
                    await client.disconnect()
                    await until(lambda: not sio.eio.sockets, "disconnected")
                    assert sio._binary_packet == {}, f"{transport}: {len(sio._binary_packet)}"
        finally:
            server.close()
            await server.wait_closed()

    asyncio.run(scenario())
