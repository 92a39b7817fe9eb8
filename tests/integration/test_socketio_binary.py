"""python-socketio 5.9.0 keeps an unfinished binary event (its header came, its attachments
never did) in `AsyncServer._binary_packet` after the connection is gone. The project's
socket.io channel runs here in a real Sanic server on loopback, a real socket.io client sends
such headers and disconnects, and the server must hold no pending packet afterwards.
(Through the whole assistant: tests/integration/test_input_limits.py.)"""

from __future__ import annotations

import asyncio

import socketio

from tests.integration.channel_server import serving, socketio_channel, until

HEADER = '51-["user_uttered",{"_placeholder":true,"num":0}]'  # one attachment, never sent


def test_unfinished_binary_events_are_dropped_when_their_connection_goes():
    channel = socketio_channel()

    async def scenario() -> None:
        async with serving(channel, "binary") as port:
            sio = channel.sio  # made with the channel's blueprint
            for transport in ("websocket", "polling"):
                for _ in range(5):
                    client = socketio.AsyncClient(reconnection=False)
                    await client.connect(f"http://127.0.0.1:{port}", transports=[transport])
                    await client.eio.send(HEADER)
                    await until(lambda: sio._binary_packet, "holding the header")
                    await client.disconnect()
                    await until(lambda: not sio.eio.sockets, "disconnected")
                    assert sio._binary_packet == {}, f"{transport}: {len(sio._binary_packet)}"

    asyncio.run(scenario())
