"""The Redis lock store against a real redis-server on loopback: turns of one conversation
are served one at a time, and a message queued behind a dead server's ticket is served once
that ticket expires, even when its own ticket expired first (Rasa 3.6 waits forever then)."""

from __future__ import annotations

import asyncio
import time

import pytest
from rasa.core.lock_store import LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from ops.profile import Redis, ensure_installed
from rasa_addons.lock_store import RenewingRedisLockStore


@pytest.fixture(scope="module")
def redis(tmp_path_factory):
    ensure_installed(("redis-server",))
    server = Redis(tmp_path_factory.mktemp("redis"), "lock-store-test-password").start()
    yield server
    server.stop()


def store(redis: Redis) -> RenewingRedisLockStore:
    return RenewingRedisLockStore(
        EndpointConfig(
            url="127.0.0.1", port=redis.port, db=2, password=redis.password, key_prefix="test"
        )
    )


def dead_servers_ticket(lock_store, conversation: str, lifetime: float) -> None:
    """What a server killed mid-turn leaves behind: a ticket nobody will give back."""
    lock_store.issue_ticket(conversation, lifetime)


def test_loaded_from_the_endpoints_file_settings(redis):
    lock_store = store(redis)
    assert lock_store.red.connection_pool.connection_kwargs["port"] == redis.port
    assert lock_store.key_prefix.startswith("test:")


def test_turns_of_one_conversation_are_served_one_at_a_time(redis):
    lock_store, inside, order = store(redis), [], []

    async def turn(n: int) -> None:
        async with lock_store.lock("serial", lock_lifetime=10, wait_time_in_seconds=0.05):
            inside.append(n)
            assert len(inside) == 1
            await asyncio.sleep(0.1)
            order.append(n)
            inside.remove(n)

    async def main() -> None:
        tasks = []
        for n in range(4):
            tasks.append(asyncio.create_task(turn(n)))
            await asyncio.sleep(0.01)
        await asyncio.gather(*tasks)

    asyncio.run(main())
    assert order == [0, 1, 2, 3]
    assert lock_store.get_lock("serial") is None  # cleaned up


def test_a_message_behind_a_dead_servers_ticket_is_served_when_it_expires(redis):
    lock_store = store(redis)
    dead_servers_ticket(lock_store, "orphaned", lifetime=1.0)

    async def turn() -> float:
        start = time.monotonic()
        # our ticket expires before the dead one: Rasa's own store would wait forever here
        async with lock_store.lock("orphaned", lock_lifetime=0.8, wait_time_in_seconds=0.1):
            return time.monotonic() - start

    waited = asyncio.run(asyncio.wait_for(turn(), 10))
    assert 0.9 < waited < 5
    assert lock_store.get_lock("orphaned") is None


def test_rasas_own_store_hangs_in_the_same_situation(redis):
    """The reason for RenewingRedisLockStore: documents the Rasa 3.6 behaviour it fixes."""
    rasa_store = RedisLockStore(
        host="127.0.0.1", port=redis.port, db=2, password=redis.password, key_prefix="rasa"
    )
    dead_servers_ticket(rasa_store, "orphaned", lifetime=1.0)

    async def turn() -> None:
        async with rasa_store.lock("orphaned", lock_lifetime=0.8, wait_time_in_seconds=0.1):
            pass

    with pytest.raises(asyncio.TimeoutError):
        asyncio.run(asyncio.wait_for(turn(), 4))


def test_a_message_that_waits_too_long_fails_and_leaves_no_ticket(redis):
    lock_store = store(redis)
    dead_servers_ticket(lock_store, "stuck", lifetime=30)

    async def turn() -> None:
        async with lock_store.lock("stuck", lock_lifetime=0.3, wait_time_in_seconds=0.05):
            pass

    with pytest.raises(LockError):
        asyncio.run(asyncio.wait_for(turn(), 10))
    left = lock_store.get_lock("stuck")
    assert [t.number for t in left.tickets] == [0]  # only the dead server's; ours cleaned up
    lock_store.delete_lock("stuck")


def test_tickets_taken_at_once_are_all_different_and_one_is_served(redis):
    """Rasa 3.6 reads the lock and writes it back in two steps, so two servers taking tickets
    at once can get the same number; here taking a ticket is one atomic step."""
    import threading

    lock_store, barrier, taken = store(redis), threading.Barrier(8), []

    def take() -> None:
        barrier.wait()
        taken.append(lock_store.take_ticket("crowd", 10))

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(number for number, _ in taken) == list(range(8))
    assert [number for number, served in taken if served] == [0]
    assert [t.number for t in lock_store.get_lock("crowd").tickets] == list(range(8))
    lock_store.delete_lock("crowd")


def test_an_unshared_turn_costs_two_round_trips(redis, monkeypatch):
    """Take the ticket and give it back: one script call each, and no other command (Rasa's
    store sends seven)."""
    lock_store, sent = store(redis), []
    connection_class = lock_store.red.connection_pool.connection_class
    send = connection_class.send_command

    def counting(self, *args, **kwargs):
        sent.append(str(args[0]).upper())
        return send(self, *args, **kwargs)

    async def turn() -> None:
        async with lock_store.lock("alone", lock_lifetime=10):
            pass

    asyncio.run(turn())  # the scripts are loaded on first use
    monkeypatch.setattr(connection_class, "send_command", counting)
    asyncio.run(turn())
    assert sent == ["EVALSHA", "EVALSHA"]
    assert lock_store.get_lock("alone") is None
