"""The Redis lock store against a real redis-server on loopback: turns of one conversation
are served one at a time, even when a turn outlives the lock lifetime; a message queued behind
a dead server's ticket is served once that ticket expires (Rasa 3.6 can wait forever then); a
late give-back cannot remove another turn's ticket; waiting neither rewrites the queue nor
blocks the event loop."""

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


def dead_servers_ticket(lock_store, conversation: str, lifetime: float) -> int:
    """What a server killed mid-turn leaves behind: a ticket nobody will give back."""
    return lock_store.issue_ticket(conversation, lifetime)


def test_loaded_from_the_endpoints_file_settings(redis):
    lock_store = store(redis)
    assert lock_store.red.connection_pool.connection_kwargs["port"] == redis.port
    assert lock_store.key_prefix.startswith("test:")


def test_turns_of_one_conversation_are_served_one_at_a_time(redis):
    lock_store, inside, order = store(redis), [], []
    all_queued = asyncio.Event()

    async def turn(n: int) -> None:
        async with lock_store.lock("serial", lock_lifetime=10, wait_time_in_seconds=0.05):
            inside.append(n)
            assert len(inside) == 1
            await all_queued.wait()
            await asyncio.sleep(0.05)
            order.append(n)
            inside.remove(n)

    async def main() -> None:
        tasks = []
        for n in range(4):
            tasks.append(asyncio.create_task(turn(n)))
            while len(getattr(lock_store.get_lock("serial"), "tickets", [])) < n + 1:
                await asyncio.sleep(0.01)  # turn n has its ticket: the next one queues behind
        all_queued.set()
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
    dead = dead_servers_ticket(lock_store, "stuck", lifetime=30)

    async def turn() -> None:
        async with lock_store.lock("stuck", lock_lifetime=0.3, wait_time_in_seconds=0.05):
            pass

    with pytest.raises(LockError):
        asyncio.run(asyncio.wait_for(turn(), 10))
    left = lock_store.get_lock("stuck")
    assert [t.number for t in left.tickets] == [dead]  # only the dead server's; ours cleaned up
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
    numbers = sorted(int(ticket.split(":")[0]) for ticket, _ in taken)
    assert numbers == list(range(numbers[0], numbers[0] + 8))
    assert [int(ticket.split(":")[0]) for ticket, served in taken if served] == numbers[:1]
    assert [t.number for t in lock_store.get_lock("crowd").tickets] == numbers
    lock_store.delete_lock("crowd")


def test_an_unshared_turn_costs_two_round_trips(redis):
    """Take the ticket and give it back: one script call each, and no other command (Rasa's
    store sends seven), as Redis's own command statistics count them."""
    lock_store, admin = store(redis), client(redis)

    async def turns() -> None:
        async with lock_store.lock("alone", lock_lifetime=10):
            pass  # the scripts are loaded on first use
        admin.config_resetstat()
        async with lock_store.lock("alone", lock_lifetime=10):
            pass

    asyncio.run(turns())
    stats = admin.info("commandstats")  # (it counts the commands the scripts run as well)
    assert stats["cmdstat_evalsha"]["calls"] == 2
    rasas = ("cmdstat_get", "cmdstat_set", "cmdstat_del", "cmdstat_eval", "cmdstat_script|load")
    assert not [name for name in rasas if name in stats]
    assert lock_store.get_lock("alone") is None


# Issue 15, item 5: a turn keeps its place for as long as it runs, a late give-back cannot
# remove another turn's ticket, and waiting neither rewrites the queue nor blocks the loop.


def redis_now(redis: Redis) -> float:
    """Redis's own clock, the one ticket lifetimes are counted on."""
    seconds, micros = client(redis).time()
    return seconds + micros / 1e6


def client(redis: Redis):
    import redis as redis_py

    return redis_py.Redis(host="127.0.0.1", port=redis.port, db=2, password=redis.password)


def test_a_turn_longer_than_the_lock_lifetime_keeps_the_lock(redis):
    """Two servers (two stores) and a turn that outlives its lifetime, as when the tracker
    store retries through a PostgreSQL restart: the second turn must not start before the
    first ends. The first turn runs until Redis's clock is well past its ticket's lifetime,
    while the second polls every 50 ms."""
    first, second, inside, overlaps = store(redis), store(redis), [], []
    lifetime = 0.6

    async def long_turn(started: asyncio.Event) -> None:
        async with first.lock("long", lock_lifetime=lifetime, wait_time_in_seconds=0.05):
            inside.append("long")
            started.set()
            expired_at = redis_now(redis) + lifetime + 1.0
            while redis_now(redis) < expired_at:  # the lifetime is over, many polls later
                await asyncio.sleep(0.05)
            inside.remove("long")

    async def next_turn() -> None:
        async with second.lock("long", lock_lifetime=lifetime, wait_time_in_seconds=0.05):
            overlaps.extend(inside)

    async def main() -> None:
        started = asyncio.Event()
        turn = asyncio.create_task(long_turn(started))
        await started.wait()
        await asyncio.gather(turn, next_turn())

    asyncio.run(asyncio.wait_for(main(), 20))
    assert overlaps == []  # the second turn began only after the first had ended


def test_a_late_give_back_does_not_remove_another_turns_ticket(redis):
    """A stalled server's ticket expires; a new turn is served; then the stalled server wakes
    up and gives its old ticket back. The new turn must still hold the lock: a third turn
    waits behind it."""
    lock_store, inside, overlaps = store(redis), [], []
    stalled, _ = lock_store.take_ticket("fenced", 0.3)
    expires = redis_now(redis) + 0.3
    while redis_now(redis) < expires + 0.1:
        time.sleep(0.05)

    async def turn(name: str, entered: asyncio.Event, leave: asyncio.Event) -> None:
        async with lock_store.lock("fenced", lock_lifetime=10, wait_time_in_seconds=0.05):
            overlaps.extend(inside)
            inside.append(name)
            entered.set()
            await leave.wait()
            inside.remove(name)

    async def main() -> None:
        entered, leave = asyncio.Event(), asyncio.Event()
        second = asyncio.create_task(turn("second", entered, leave))
        await entered.wait()
        lock_store.give_back("fenced", stalled)  # the late give-back
        third_entered, third_leaves = asyncio.Event(), asyncio.Event()
        third = asyncio.create_task(turn("third", third_entered, third_leaves))
        for _ in range(10):  # ten of the third turn's polls
            await asyncio.sleep(0.05)
        entered_early = third_entered.is_set()
        leave.set()
        third_leaves.set()
        await asyncio.gather(second, third)
        return entered_early

    third_entered_early = asyncio.run(asyncio.wait_for(main(), 20))
    assert not third_entered_early and overlaps == []


def test_a_waiting_turn_does_not_rewrite_the_queue(redis):
    """Redis's keyspace notifications show every change to the lock's keys while one turn
    waits behind another: waiting may touch its own ticket, never rewrite or delete the
    whole queue."""
    lock_store, watcher = store(redis), client(redis)
    watcher.config_set("notify-keyspace-events", "KA")
    events = watcher.pubsub()
    events.psubscribe(f"__keyspace@2__:{lock_store.key_prefix}*")
    try:

        async def main() -> None:
            holding, release = asyncio.Event(), asyncio.Event()

            async def holder() -> None:
                async with lock_store.lock("queue", lock_lifetime=30, wait_time_in_seconds=0.05):
                    holding.set()
                    await release.wait()

            task = asyncio.create_task(holder())
            await holding.wait()
            await asyncio.sleep(0)  # the holder is in: what follows is only the waiter's work
            drain(events)
            waiter = asyncio.create_task(waiting_turn(lock_store))
            for _ in range(10):
                await asyncio.sleep(0.05)
            seen = drain(events)
            release.set()
            await asyncio.gather(task, waiter)
            return seen

        seen = asyncio.run(asyncio.wait_for(main(), 20))
        assert seen, "no keyspace event while a turn waited"
        whole_queue_writes = [e for e in seen if e in ("set", "del", "expired")]
        assert whole_queue_writes == [], seen
    finally:
        events.close()
        watcher.config_set("notify-keyspace-events", "")


async def waiting_turn(lock_store) -> None:
    async with lock_store.lock("queue", lock_lifetime=30, wait_time_in_seconds=0.05):
        pass


def drain(pubsub) -> list[str]:
    found = []
    while (message := pubsub.get_message(timeout=0.01)) is not None:
        if message["type"] == "pmessage":
            found.append(message["data"].decode())
    return found


def test_waiting_for_a_frozen_redis_does_not_block_the_server(redis):
    """Redis frozen (SIGSTOP) while a turn asks for its ticket: the server's event loop must
    go on serving other work (a heartbeat task here) while that turn waits."""
    import os
    import signal
    import threading

    lock_store, beats, asked = store(redis), [], threading.Event()
    asyncio.run(waiting_turn(lock_store))  # connections made and scripts loaded before
    done = threading.Event()

    async def main() -> None:
        async def heartbeat() -> None:
            while not done.is_set():
                beats.append(time.monotonic())
                await asyncio.sleep(0.01)

        beat = asyncio.create_task(heartbeat())
        await asyncio.sleep(0)
        asked.set()
        try:
            await waiting_turn(lock_store)
        except Exception:  # noqa: BLE001 - a timeout from the frozen Redis is fine here
            pass
        done.set()
        await beat

    os.kill(redis.proc.pid, signal.SIGSTOP)
    thread = threading.Thread(target=lambda: asyncio.run(main()), daemon=True)
    try:
        thread.start()
        asked.wait(10)
        count = len(beats)
        deadline = time.monotonic() + 5
        while len(beats) < count + 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        kept_beating = len(beats) >= count + 20
    finally:
        os.kill(redis.proc.pid, signal.SIGCONT)
    thread.join(30)
    assert kept_beating, "the event loop stood still while Redis did not answer"


def test_a_turn_cancelled_while_taking_its_ticket_leaves_no_ticket(redis):
    """A reader who gives up (the client disconnects, and Sanic cancels the turn) while the
    turn's ticket is being taken in a thread: the ticket is taken anyway, and must be given
    back, or the reader's next messages wait for it to expire (a minute by default)."""
    lock_store = store(redis)
    # Hold the thread pool: each take then waits its turn, so the cancel comes mid-take.
    gate = __import__("threading").Event()
    blockers = [
        lock_store._threads.submit(gate.wait) for _ in range(lock_store._threads._max_workers)
    ]

    async def scenario() -> float:
        turn = asyncio.ensure_future(lock_store.lock("gave-up", lock_lifetime=30).__aenter__())
        await asyncio.sleep(0.1)
        turn.cancel()  # the take is queued for a thread
        gate.set()
        with pytest.raises(asyncio.CancelledError):
            await turn
        await asyncio.sleep(0.3)  # the take finishes in its thread
        began = time.monotonic()
        async with lock_store.lock("gave-up", lock_lifetime=30, wait_time_in_seconds=0.05):
            return time.monotonic() - began

    try:
        waited = asyncio.run(asyncio.wait_for(scenario(), 20))
    finally:
        gate.set()
        for blocker in blockers:
            blocker.result()
    assert lock_store.get_lock("gave-up") is None or not lock_store.get_lock("gave-up").tickets
    assert waited < 5, f"the next turn waited {waited:.1f} s for a ticket nobody held"
