"""Rasa's Redis lock store, with each step done atomically in one round trip, and a fix for
waiters whose ticket expires.

Rasa serialises the turns of one conversation with ticket locks kept in Redis: each message
takes a ticket that expires after TICKET_LOCK_LIFETIME seconds, and waits until its ticket
is the first one left. Rasa 3.6 does this with separate reads and writes of the lock: seven
round trips to Redis a message when nobody waits (issue: GET and SET; check: GET; clean up:
GET, SET, GET and DEL), each blocking the server's event loop, and two messages issuing
tickets at once can both read the lock before either writes it back. Here the same steps
run as Lua scripts, which Redis runs atomically: one round trip to take a ticket and learn
whether it is being served, one to give it back, and one per check while waiting. The lock
is stored in Rasa's format (`TicketLock`), so Rasa's own methods (`get_lock`, ...) read it.

When a Rasa server dies mid-turn its ticket stays until it expires; the message retried on
another server waits behind it. But the waiting message's own ticket was issued at almost
the same time and can expire first: the queue is then empty, and Rasa 3.6 waits for
"ticket 0" forever (until the load balancer gives up on the request). Here a message whose
ticket has expired while waiting takes a new one, so it is served as soon as the dead
server's ticket is gone.

Configured in the endpoints file written by `rasa_addons.endpoints`:

    lock_store:
      type: rasa_addons.lock_store.RenewingRedisLockStore
      url: 127.0.0.1
      port: 6379
      ...   # Rasa's RedisLockStore settings

Needs: Rasa 3.6's RedisLockStore and TicketLock (the lock format), a Redis server with Lua
scripting (any Redis since 2.6).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

MAX_WAIT_LIFETIMES = 3  # a message waits at most this many lock lifetimes, then fails

# Shared by the scripts: the lock at KEYS[1] as a list of {number, expires} (each ticket is
# a JSON string inside Rasa's JSON, as TicketLock.dumps writes it), without the tickets that
# expired before `now`; and the lock written back, or deleted when no ticket is left.
_COMMON = """
local function load(now)
  local raw = redis.call('GET', KEYS[1])
  local tickets = {}
  if raw then
    for _, item in ipairs(cjson.decode(raw).tickets or {}) do
      local t = cjson.decode(item)
      if t.expires >= now then table.insert(tickets, t) end
    end
  end
  return tickets
end
local function save(tickets)
  if #tickets == 0 then redis.call('DEL', KEYS[1]) return end
  local items = {}
  for i, t in ipairs(tickets) do
    items[i] = cjson.encode({number = t.number, expires = t.expires})
  end
  redis.call('SET', KEYS[1], cjson.encode({conversation_id = ARGV[1], tickets = items}))
end
"""
# ARGV: conversation id, now, lifetime -> {ticket number, 1 if it is served now else 0}
_TAKE = (
    _COMMON
    + """
local now = tonumber(ARGV[2])
local tickets = load(now)
local number = 0
if #tickets > 0 then number = tickets[#tickets].number + 1 end
table.insert(tickets, {number = number, expires = now + tonumber(ARGV[3])})
save(tickets)
if tickets[1].number == number then return {number, 1} end
return {number, 0}
"""
)
# ARGV: conversation id, now, ticket -> 1 served now, 0 still waiting, -1 the ticket expired
_CHECK = (
    _COMMON
    + """
local tickets = load(tonumber(ARGV[2]))
local number = tonumber(ARGV[3])
save(tickets)
for i, t in ipairs(tickets) do
  if t.number == number then
    if i == 1 then return 1 end
    return 0
  end
end
return -1
"""
)
# ARGV: conversation id, now, ticket: the ticket (and any expired one) removed
_GIVE_BACK = (
    _COMMON
    + """
local tickets = load(tonumber(ARGV[2]))
local number = tonumber(ARGV[3])
local left = {}
for _, t in ipairs(tickets) do
  if t.number ~= number then table.insert(left, t) end
end
save(left)
return #left
"""
)


class RenewingRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # loaded by its module path from the endpoints file
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs}
        super().__init__(**kwargs)
        self._take = self.red.register_script(_TAKE)
        self._check = self.red.register_script(_CHECK)
        self._give_back = self.red.register_script(_GIVE_BACK)

    def _key(self, conversation_id: str) -> list[str]:
        return [self.key_prefix + conversation_id]

    def take_ticket(self, conversation_id: str, lifetime: float) -> tuple[int, bool]:
        """A new ticket, and whether it is the one served now."""
        number, served = self._take(
            keys=self._key(conversation_id),
            args=[conversation_id, repr(time.time()), repr(lifetime)],
        )
        return int(number), served == 1

    def check_ticket(self, conversation_id: str, ticket: int) -> bool | None:
        """Whether `ticket` is served now; None when it has expired."""
        state = self._check(
            keys=self._key(conversation_id), args=[conversation_id, repr(time.time()), ticket]
        )
        return None if state < 0 else state == 1

    def give_back(self, conversation_id: str, ticket: int) -> None:
        self._give_back(
            keys=self._key(conversation_id), args=[conversation_id, repr(time.time()), ticket]
        )

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        ticket, served = self.take_ticket(conversation_id, lock_lifetime)
        deadline = time.monotonic() + MAX_WAIT_LIFETIMES * lock_lifetime
        try:
            while not served:
                if time.monotonic() > deadline:
                    raise LockError(f"Waited too long for conversation '{conversation_id}'.")
                await asyncio.sleep(wait_time_in_seconds)
                served = self.check_ticket(conversation_id, ticket)
                if served is None:
                    # Our ticket expired while we waited: queue again rather than wait for a
                    # ticket nobody holds any more (the renewed one is the one given back).
                    logger.info(
                        "Ticket %s for a conversation expired while waiting; renewed", ticket
                    )
                    ticket, served = self.take_ticket(conversation_id, lock_lifetime)
            yield TicketLock(conversation_id)  # Rasa's callers do not use the lock object
        finally:
            self.give_back(conversation_id, ticket)


__all__ = ["RenewingRedisLockStore", "LockError", "MAX_WAIT_LIFETIMES"]
