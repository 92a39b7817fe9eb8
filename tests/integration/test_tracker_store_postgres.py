"""The windowed tracker store against a real PostgreSQL on loopback, reached through a TCP
relay the test can turn into a black hole (connections accepted, never answered), as a
database host that has gone away behind a firewall looks: a turn waiting for the database
must not stop the server's event loop, and connecting must give up after a timeout so the
turn fails (and its reader is told) instead of hanging for good."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain

from bot.settings import ROOT
from ops.launcher import wait_until
from ops.profile import Postgres, ensure_installed
from rasa_addons.tracker_store import WindowedSQLTrackerStore


class Relay:
    """127.0.0.1:port -> PostgreSQL, until `black_hole()`: from then on every connection is
    accepted and left unanswered, and the open ones are cut."""

    def __init__(self, target: int):
        self.target, self.hole, self.held = target, False, []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.hole:
                self.held.append(client)
                continue
            server = socket.create_connection(("127.0.0.1", self.target))
            self.open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def black_hole(self) -> None:
        self.hole = True
        for s in self.open:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        self.listener.close()
        for s in self.held + self.open:
            s.close()


@pytest.fixture(scope="module")
def postgres():
    ensure_installed(("postgresql",))
    directory = Path(tempfile.mkdtemp(prefix="faq-tracker-pg-"))
    os.chmod(directory, 0o755)  # PostgreSQL runs as its own user
    server = Postgres(directory / "postgres", "tracker-test-password").start()
    yield server
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def relay(postgres):
    relay = Relay(postgres.port)
    yield relay
    relay.close()


def make_store(postgres: Postgres, relay: Relay) -> WindowedSQLTrackerStore:
    return WindowedSQLTrackerStore(
        domain=Domain.load(ROOT / "domain.yml"),
        dialect="postgresql",
        host="127.0.0.1",
        port=relay.port,
        db="faq",
        username="faq",
        password=postgres.password,
    )


def run_in_thread(work) -> tuple[threading.Thread, dict]:
    """asyncio.run(work()) in a daemon thread; the outcome lands in the returned dict."""
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["result"] = asyncio.run(work())
        except BaseException as error:  # noqa: BLE001 - reported to the test
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, outcome


def test_a_turn_waiting_for_the_database_does_not_stop_the_event_loop(postgres, relay):
    store, beats = make_store(postgres, relay), []
    relay.black_hole()
    store.engine.dispose()  # the next turn has to connect again
    done = threading.Event()

    async def main() -> None:
        async def heartbeat() -> None:
            while not done.is_set():
                beats.append(time.monotonic())
                await asyncio.sleep(0.01)

        beat = asyncio.create_task(heartbeat())
        await asyncio.sleep(0)
        try:
            await store.retrieve("reader")
        finally:
            done.set()
            await beat

    thread, _ = run_in_thread(main)
    try:
        wait_until(lambda: relay.held, "the store connecting to the unanswering database", 30)
        count = len(beats)
        deadline = time.monotonic() + 5
        while len(beats) < count + 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        kept_beating = len(beats) >= count + 20
    finally:
        done.set()
        relay.close()  # whatever waits on the database fails now
    thread.join(60)
    assert kept_beating, "the event loop stood still while the database did not answer"


def test_connecting_to_an_unanswering_database_times_out(postgres, relay):
    store = make_store(postgres, relay)
    relay.black_hole()
    store.engine.dispose()
    thread, outcome = run_in_thread(lambda: store.retrieve("reader"))
    try:
        wait_until(lambda: relay.held, "the store connecting to the unanswering database", 30)
        # the store retries for up to 15 s, each connection attempt must give up on its own
        wait_until(lambda: not thread.is_alive(), "the turn giving up", 60, interval=0.1)
    finally:
        relay.close()
    thread.join(30)
    assert isinstance(outcome.get("error"), sa.exc.OperationalError), outcome
    assert len(relay.held) > 1  # it tried again, each time giving up


def test_a_new_database_gets_its_tables_after_other_stores_in_the_process(postgres, relay):
    # Several stores in one process (the test suite, a server's workers) used to attach one
    # more copy of the events index to Rasa's shared table each: on a new PostgreSQL database
    # Rasa's create_all then failed on the copy and rolled back the events table itself.
    make_store(postgres, relay)
    make_store(postgres, relay)
    with make_store(postgres, relay).engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE events, conversation_slots"))
    store = make_store(postgres, relay)
    with store.engine.connect() as connection:
        names = sa.inspect(connection).get_table_names()
    assert {"events", "conversation_slots"} <= set(names)
