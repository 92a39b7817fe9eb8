"""Rasa's Redis lock store, rebuilt so that one conversation has one turn at a time for as
long as that turn runs, across servers, with every step one atomic round trip to Redis made
off the event loop.

Rasa serialises the turns of one conversation with ticket locks: each message takes a ticket
that expires after TICKET_LOCK_LIFETIME seconds and waits until its ticket is the first one
left. Rasa 3.6's RedisLockStore reads and writes the whole lock in separate steps through a
synchronous client (the server's event loop stands still for each round trip), numbers
tickets from the lock itself (the numbers restart at 0 whenever the queue empties), never
renews a ticket (a turn that outlives the lifetime, for instance while the tracker store waits
for a restarting database, lets the next turn in beside it), and every waiter rewrites the
whole lock on every poll. Here:

- The queue of a conversation is a sorted set at `<prefix>queue:<conversation>`: one member
  per ticket, `<number>:<random token>`, scored with its expiry on Redis's clock (ms), so every
  server counts lifetimes on the same clock. A ticket's number comes from INCR on
  `<prefix>seq:<conversation>`, so numbers only grow; the random token keeps a ticket unique
  even if Redis restarts empty and the counter starts again. Giving a ticket back removes
  exactly that member: a server that stalled past its lifetime and gives back late can never
  remove another turn's ticket (fencing).
- The ticket served is the lowest number among the unexpired members.
- A turn's ticket is renewed every third of the lifetime while the turn runs (a background
  task), and a waiting turn renews its own ticket with each poll; only a dead server's ticket
  expires. Each renewal and poll writes the caller's own member and nothing else.
- Each step (take, poll-and-renew, give back) is one Lua script, which Redis runs atomically,
  sent by redis-py's synchronous client in one of the store's own threads: waiting for Redis
  never blocks the event loop. (redis.asyncio 4.6 was tried first: in the production
  profile under load some turns never left the lock, with Redis commands left pending in
  the client; the cause was not found, and the synchronous client in threads has no such
  hang.)

Rasa's synchronous methods (`get_lock`, `issue_ticket`, `delete_lock`) still work through the
synchronous client, for tools and tests; Rasa's server calls only `lock()`.

Configured in the endpoints file written by `rasa_addons.endpoints`:

    lock_store:
      type: rasa_addons.lock_store.RenewingRedisLockStore
      url: 127.0.0.1
      port: 6379
      ...   # Rasa's RedisLockStore settings

Needs: Rasa 3.6's RedisLockStore and TicketLock, redis-py, a Redis server 5 or newer (scripts
that read TIME before writing).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import secrets
import time
from collections import deque
from collections.abc import AsyncGenerator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, suppress
from typing import Any

import redis
from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

MAX_WAIT_LIFETIMES = 3  # a message waits at most this many lock lifetimes, then fails
COUNTER_TTL_MS = 24 * 3600 * 1000  # a conversation's ticket counter outlives any turn
RENEWALS_PER_LIFETIME = 3
REDIS_THREADS = 4  # lock steps at once per process, off the event loop

# Shared by the scripts: Redis's clock in ms, the number in a member, and the member served
# (the lowest number among the tickets not expired at `now`).
_COMMON = """
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function number(member) return tonumber(string.match(member, '^(%d+):')) end
local function served(now)
  local best, best_member = nil, nil
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf')) do
    local n = number(m)
    if best == nil or n < best then best, best_member = n, m end
  end
  return best_member
end
local function keep(expires, now)
  if redis.call('PTTL', KEYS[1]) < expires - now then
    redis.call('PEXPIREAT', KEYS[1], expires)
  end
end
"""
# KEYS: queue, counter. ARGV: lifetime ms, token, counter ttl ms -> {member, 1 served / 0}
_TAKE = (
    _COMMON
    + """
local now = now_ms()
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. now)
local n = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
local member = n .. ':' .. ARGV[2]
local expires = now + tonumber(ARGV[1])
redis.call('ZADD', KEYS[1], expires, member)
keep(expires, now)
if served(now) == member then return {member, 1} end
return {member, 0}
"""
)
# KEYS: queue. ARGV: member, lifetime ms -> 1 served now, 0 waiting, -1 the ticket is gone
# (expired, or Redis restarted empty). Renews the member's own expiry, nothing else.
_RENEW = (
    _COMMON
    + """
local now = now_ms()
local expires = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not expires or tonumber(expires) < now then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return -1
end
local renewed = now + tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], 'XX', renewed, ARGV[1])
keep(renewed, now)
if served(now) == ARGV[1] then return 1 end
return 0
"""
)
# KEYS: queue. ARGV: member -> how many tickets are left
_GIVE_BACK = """
redis.call('ZREM', KEYS[1], ARGV[1])
return redis.call('ZCARD', KEYS[1])
"""


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class RenewingRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # loaded by its module path from the endpoints file
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs}
        super().__init__(**kwargs)
        self._take = self.red.register_script(_TAKE)
        self._renew = self.red.register_script(_RENEW)
        self._give_back = self.red.register_script(_GIVE_BACK)
        self._threads = ThreadPoolExecutor(REDIS_THREADS, thread_name_prefix="lock-store")

    # keys, and Redis calls off the event loop

    def _queue(self, conversation_id: str) -> str:
        return f"{self.key_prefix}queue:{conversation_id}"

    def _counter(self, conversation_id: str) -> str:
        return f"{self.key_prefix}seq:{conversation_id}"

    async def _off_loop(self, call: Callable[..., Any], **kwargs: Any) -> Any:
        """`call(**kwargs)` in one of the store's threads."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, functools.partial(call, **kwargs))

    # the steps, asynchronous (used by lock(), each in a thread) and synchronous

    def _take_args(self, conversation_id: str, lifetime: float) -> dict:
        return {
            "keys": [self._queue(conversation_id), self._counter(conversation_id)],
            "args": [max(1, round(lifetime * 1000)), secrets.token_hex(8), COUNTER_TTL_MS],
        }

    async def take(self, conversation_id: str, lifetime: float) -> tuple[str, bool]:
        """A new ticket, and whether it is the one served now. A turn cancelled meanwhile (the
        reader's client gave up) still gets its ticket taken in the thread: it is given back
        as soon as it is, instead of holding up the conversation's next turns until it
        expires."""
        taking = asyncio.ensure_future(
            self._off_loop(self.take_ticket, conversation_id=conversation_id, lifetime=lifetime)
        )
        try:
            return await asyncio.shield(taking)
        except asyncio.CancelledError:
            taking.add_done_callback(functools.partial(self._give_back_taken, conversation_id))
            raise

    def _give_back_taken(self, conversation_id: str, taking: asyncio.Future) -> None:
        if taking.cancelled() or taking.exception() is not None:
            return  # no ticket was taken, or Redis failed: nothing to give back
        ticket, _ = taking.result()
        giving = asyncio.ensure_future(self.release(conversation_id, ticket))
        _GIVING_BACK.add(giving)  # held until done (the loop keeps only weak references)
        giving.add_done_callback(_GIVING_BACK.discard)
        giving.add_done_callback(_log_give_back_error)

    async def renew(self, conversation_id: str, ticket: str, lifetime: float) -> bool | None:
        """Extend `ticket` by `lifetime`: whether it is served now, None when it is gone."""
        state = await self._off_loop(
            self._renew,
            keys=[self._queue(conversation_id)],
            args=[ticket, max(1, round(lifetime * 1000))],
        )
        return None if state < 0 else state == 1

    async def release(self, conversation_id: str, ticket: str) -> None:
        await self._off_loop(self.give_back, conversation_id=conversation_id, ticket=ticket)

    def take_ticket(self, conversation_id: str, lifetime: float) -> tuple[str, bool]:
        member, served = self._take(**self._take_args(conversation_id, lifetime))
        return _text(member), served == 1

    def give_back(self, conversation_id: str, ticket: str) -> None:
        self._give_back(keys=[self._queue(conversation_id)], args=[ticket])

    # Rasa's synchronous interface, on the same keys

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            member, _ = self.take_ticket(conversation_id, lock_lifetime)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        return int(member.split(":", 1)[0])

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        now = self.red.time()
        now_ms = now[0] * 1000 + now[1] // 1000
        members = self.red.zrangebyscore(
            self._queue(conversation_id), now_ms, "+inf", withscores=True
        )
        if not members:
            return None
        tickets = sorted(
            (Ticket(int(_text(m).split(":", 1)[0]), score / 1000) for m, score in members),
            key=lambda t: t.number,
        )
        return TicketLock(conversation_id, deque(tickets))

    def delete_lock(self, conversation_id: str) -> None:
        deleted = self.red.delete(self._queue(conversation_id))
        self._log_deletion(conversation_id, bool(deleted))

    def save_lock(self, lock: TicketLock) -> None:
        raise NotImplementedError("tickets are taken with take_ticket or lock()")

    # one turn

    async def _keep_renewed(self, conversation_id: str, ticket: str, lifetime: float) -> None:
        """While the turn runs: renew its ticket every third of the lifetime. A Redis error is
        logged and tried again at the next renewal; a ticket found gone (Redis restarted
        empty, or this process stood still for a whole lifetime) is logged."""
        while True:
            await asyncio.sleep(lifetime / RENEWALS_PER_LIFETIME)
            try:
                if await self.renew(conversation_id, ticket, lifetime) is None:
                    logger.warning("A running turn's lock ticket was gone when renewed")
            except redis.RedisError as error:
                logger.warning("Could not renew a running turn's lock ticket: %s", error)

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        try:
            ticket, served = await self.take(conversation_id, lock_lifetime)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        poll = min(wait_time_in_seconds, lock_lifetime / RENEWALS_PER_LIFETIME)
        deadline = time.monotonic() + MAX_WAIT_LIFETIMES * lock_lifetime
        renewing: asyncio.Task | None = None
        try:
            while not served:
                if time.monotonic() > deadline:
                    raise LockError(f"Waited too long for conversation '{conversation_id}'.")
                await asyncio.sleep(poll)
                served = await self.renew(conversation_id, ticket, lock_lifetime)
                if served is None:  # gone while waiting (Redis restarted empty): queue again
                    logger.info("A waiting turn's lock ticket was gone; taking a new one")
                    ticket, served = await self.take(conversation_id, lock_lifetime)
            renewing = asyncio.create_task(
                self._keep_renewed(conversation_id, ticket, lock_lifetime)
            )
            yield TicketLock(conversation_id)  # Rasa's callers do not use the lock object
        except redis.RedisError as error:
            raise LockError(f"Lock store unreachable: {error}") from error
        finally:
            if renewing is not None:
                renewing.cancel()
                with suppress(asyncio.CancelledError):
                    await renewing
            try:
                await self.release(conversation_id, ticket)
            except redis.RedisError as error:  # the ticket expires by itself then
                logger.warning("Could not give a lock ticket back: %s", error)


def _log_give_back_error(giving: asyncio.Future) -> None:
    if not giving.cancelled() and giving.exception() is not None:
        logger.warning("Could not give a lock ticket back: %s", giving.exception())


# Give-backs of tickets whose turn was cancelled while taking them, until they are done.
_GIVING_BACK: set[asyncio.Future] = set()


__all__ = ["RenewingRedisLockStore", "LockError", "MAX_WAIT_LIFETIMES"]
