"""Rasa's Redis lock store, with a fix for waiters whose ticket expires.

Rasa serialises the turns of one conversation with ticket locks kept in Redis: each message
takes a ticket that expires after TICKET_LOCK_LIFETIME seconds, and waits until its ticket
is the first one left. When a Rasa server dies mid-turn its ticket stays until it expires;
the message retried on another server waits behind it. But the waiting message's own ticket
was issued at almost the same time and can expire first: the queue is then empty, and
Rasa 3.6 waits for "ticket 0" forever (until the load balancer gives up on the request).

`RenewingRedisLockStore` takes a new ticket when its own has expired while waiting, so the
message is served as soon as the dead server's ticket is gone.

Configured in the endpoints file written by `bot.endpoints`:

    lock_store:
      type: bot.lock_store.RenewingRedisLockStore
      url: 127.0.0.1
      port: 6379
      ...   # Rasa's RedisLockStore settings
"""
from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Optional

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

MAX_WAIT_LIFETIMES = 3  # a message waits at most this many lock lifetimes, then fails


class RenewingRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # loaded by its module path from the endpoints file
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs}
        super().__init__(**kwargs)

    @asynccontextmanager
    async def lock(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        deadline = time.monotonic() + MAX_WAIT_LIFETIMES * lock_lifetime
        try:
            while True:
                lock = self.get_lock(conversation_id)
                if lock is None or lock._ticket_for_ticket_number(ticket) is None:
                    # Our ticket expired while we waited: queue again rather than wait for a
                    # ticket nobody holds any more (the renewed one is the one cleaned up).
                    logger.info("Ticket %s for a conversation expired while waiting; renewed",
                                ticket)
                    ticket = self.issue_ticket(conversation_id, lock_lifetime)
                    continue
                if not lock.is_locked(ticket):
                    break
                if time.monotonic() > deadline:
                    raise LockError(f"Waited too long for conversation '{conversation_id}'.")
                await asyncio.sleep(wait_time_in_seconds)
                self.update_lock(conversation_id)
            yield lock
        finally:
            self.cleanup(conversation_id, ticket)
