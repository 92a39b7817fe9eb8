"""What a message from outside may carry, and whose conversation it is, as plain Python for the
channels (rasa_addons.channels, rasa_addons.slack) and their unit tests:

- `clean_text` / `clean_value`: control and invisible formatting characters, and lone
  surrogates (a "\\ud800" a client's JSON did not pair: no character, not writable as UTF-8),
  dropped from a message's text and from every string in its metadata;
- `kept_metadata`: a client's metadata capped at MAX_METADATA_BYTES (over it:
  `MetadataTooLarge`) and reduced to METADATA_KEYS;
- `SessionIds`: socket.io session ids issued by the server, 32 random hex digits and their
  HMAC-SHA256 (truncated to 32 hex digits) under a secret;
- `SeenEvents`: the Slack event ids received lately, bounded in number and in time.

Needs: the standard library (and redis.asyncio, installed with Rasa, for SharedSeenEvents); no
Rasa import.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 128
# Metadata a client sends with a message (REST `metadata`, socket.io's metadata key): over
# this many bytes (as compact JSON with \uXXXX escapes) the message is refused, on REST with a
# 413. Of the rest only the keys in METADATA_KEYS are kept, the ones some part of the
# assistant reads: none does today, so no metadata a client sends is stored or sent on.
MAX_METADATA_BYTES = 4096
METADATA_KEYS: frozenset[str] = frozenset()
# Sanic's limit for any request body (its default is 100 MB); nginx allows the same 64 KB.
MAX_REQUEST_BYTES = 64 * 1024
# One socket.io message (engine.io's default is 1 MB): a 2,000-character message and its
# metadata fit several times over. A binary event (no part of the assistant sends one) may
# announce at most MAX_ATTACHMENTS attachments.
MAX_SOCKET_BYTES = 32 * 1024
MAX_ATTACHMENTS = 2
# Slack retries an event immediately, after one minute and after five; a signed request is
# accepted for five minutes.
EVENT_ID_SECONDS = 15 * 60
EVENT_ID_LIMIT = 10_000

CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff\ud800-\udfff]"
)
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Drop control and invisible formatting characters and lone surrogates; keep newlines
    and tabs as spaces."""
    return CONTROL.sub("", text).replace("\r", " ").replace("\t", " ").strip()


def clean_value(value: Any) -> Any:
    """`value` (parsed JSON) with lone surrogates dropped from every string in it."""
    if isinstance(value, str):
        return _SURROGATE.sub("", value)
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    return value


class MetadataTooLarge(ValueError):
    """A message's metadata is over MAX_METADATA_BYTES."""

    def __init__(self) -> None:
        super().__init__(f"metadata must be at most {MAX_METADATA_BYTES:,} bytes of JSON")


def kept_metadata(metadata: Any, keys: frozenset[str] = METADATA_KEYS) -> dict:
    """The metadata a client sent, as the assistant keeps it: only `keys`, lone surrogates
    dropped. Raises MetadataTooLarge over MAX_METADATA_BYTES (measured before any key is
    dropped); anything but an object is no metadata."""
    if not isinstance(metadata, dict):
        return {}
    try:
        size = len(json.dumps(metadata, separators=(",", ":")))  # ASCII: one byte a character
    except (TypeError, ValueError, RecursionError):
        raise MetadataTooLarge() from None
    if size > MAX_METADATA_BYTES:
        raise MetadataTooLarge()
    return {k: clean_value(v) for k, v in metadata.items() if k in keys}


class SessionIds:
    """Session ids issued under `secret`: 32 random hex digits, then the first 32 hex digits
    of their HMAC-SHA256. Only a holder of the secret can make one that `issued` accepts."""

    _FORM = re.compile(r"[0-9a-f]{64}")

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _signature(self, nonce: str) -> str:
        return hmac.new(self._secret, nonce.encode(), hashlib.sha256).hexdigest()[:32]

    def new(self) -> str:
        nonce = secrets.token_hex(16)
        return nonce + self._signature(nonce)

    def issued(self, value: Any) -> bool:
        return (
            isinstance(value, str)
            and self._FORM.fullmatch(value) is not None
            and hmac.compare_digest(value[32:], self._signature(value[:32]))
        )


class SeenEvents:
    """Event ids received in the last `seconds`, at most `limit` of them (the oldest are
    forgotten first). `clock` is a monotonic clock in seconds."""

    def __init__(
        self,
        seconds: float = EVENT_ID_SECONDS,
        limit: int = EVENT_ID_LIMIT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds, self.limit, self.clock = seconds, limit, clock
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, event_id: str) -> bool:
        """Whether `event_id` was not received in the last `seconds` (remembering it now)."""
        now = self.clock()
        while self._seen and next(iter(self._seen.values())) <= now - self.seconds:
            self._seen.popitem(last=False)
        if event_id in self._seen:
            return False
        self._seen[event_id] = now
        while len(self._seen) > self.limit:
            self._seen.popitem(last=False)
        return True

    def __len__(self) -> int:
        return len(self._seen)


class SharedSeenEvents:
    """Event ids remembered in Redis for `seconds` (SET NX EX): every Rasa server of the
    production profile sees the ids any of them received. When Redis does not answer, the
    process's own memory (`SeenEvents`) decides, so an event is still answered."""

    def __init__(self, url: str, seconds: float = EVENT_ID_SECONDS, prefix: str = "slack-event:"):
        import redis.asyncio  # installed with Rasa; only the production profile needs it

        self.seconds, self.prefix = int(seconds), prefix
        self.redis = redis.asyncio.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.local = SeenEvents(seconds)

    async def first_time(self, event_id: str) -> bool:
        local = self.local.first_time(event_id)
        try:
            stored = await self.redis.set(self.prefix + event_id, 1, nx=True, ex=self.seconds)
        except Exception:  # noqa: BLE001 - Redis away: this process's memory decides
            logging.getLogger(__name__).warning("Slack event ids: Redis unavailable")
            return local
        return bool(stored) and local
