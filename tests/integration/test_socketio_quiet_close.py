"""A reader closing the widget's websocket is not an error: engine.io's Sanic route returns
nothing once a websocket ends, which Sanic 21.12 logged as "Invalid response type None" with
a traceback for every closed connection. Nor is a client sending junk frames and vanishing:
engine.io raised on a frame that is not an engine.io packet, and Sanic left the tasks of
frames nobody read pending until the garbage collector destroyed them ("Task was destroyed but
it is pending!"). The project's socket.io channel runs here in a real Sanic server on
loopback, with a real socket.io client and a raw websocket client."""

from __future__ import annotations

import asyncio
import gc
import logging
import re

import socketio
import websockets

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


def test_junk_frames_vanished_clients_and_server_closes_leave_nothing_behind():
    channel, errors = socketio_channel(), Errors()

    async def vanish(url: str, origin: str) -> None:
        ws = await websockets.connect(url, origin=origin)
        await ws.recv()  # engine.io's open packet
        await ws.send("40")  # socket.io connect
        await ws.send("x")  # not an engine.io packet: the server stops reading
        for _ in range(3):  # frames nobody will read
            await ws.send('42["user_uttered",{}]')
        ws.transport.abort()  # gone without a close frame

    async def closed_by_the_server(url: str, origin: str) -> None:
        ws = await websockets.connect(url, origin=origin)
        await ws.recv()
        await ws.send("40")
        # a binary event announcing more attachments than allowed: the server disconnects
        # while its read of the next frame is waiting
        await ws.send('4599-["user_uttered",{"_placeholder":true,"num":0}]')
        await asyncio.sleep(0.2)
        ws.transport.abort()

    async def scenario() -> list[asyncio.Task]:
        async with serving(channel, "junk_frames") as port:
            url = f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket"
            for client in (vanish, closed_by_the_server) * 20:
                try:
                    await client(url, f"http://127.0.0.1:{port}")
                except websockets.ConnectionClosed:
                    pass  # the server closed first: as good
            await until(lambda: not channel.sio.eio.sockets, "all sockets closed")
            await asyncio.sleep(1)
            # Sanic's frame and read tasks (engine.io's ping and service tasks end by themselves)
            left = [
                t
                for t in asyncio.all_tasks()
                if re.search(r"Websocket(ImplProtocol|FrameAssembler)\.", repr(t.get_coro()))
            ]
            gc.collect()  # what the collector would find some hundreds of connections later
            await asyncio.sleep(0.1)
            return left

    logging.getLogger().addHandler(errors)
    try:
        left = asyncio.run(scenario())
    finally:
        logging.getLogger().removeHandler(errors)
    assert [repr(t.get_coro()) for t in left] == []  # no frame task waits for a reader
    assert [r.getMessage() for r in errors.records] == []
