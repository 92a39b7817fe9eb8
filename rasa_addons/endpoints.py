"""Writes the endpoints file Rasa starts with, from environment variables only:

- ACTION_SERVER_URL: the action server's webhook
  (default http://127.0.0.1:$ACTIONS_PORT/webhook, ACTIONS_PORT defaulting to 5055)
- TRACKER_STORE_URL: where conversations are kept, as an SQLAlchemy URL
  (default sqlite:///var/tracker.db; postgresql://user:password@host:port/db in production),
  through `rasa_addons.tracker_store.WindowedSQLTrackerStore`; TRACKER_WINDOW sets how many recent
  events a turn loads (default 10, `tracker_store.DEFAULT_WINDOW`)
- LOCK_STORE_URL: redis://[:password@]host:port/db for the Redis lock store
  (`rasa_addons.lock_store.RenewingRedisLockStore`, Rasa's with a fix for expired tickets), needed when
  several Rasa processes or Sanic workers serve the same conversations (default: in memory)

    python -m rasa_addons.endpoints var/endpoints.yml

The file is created with mode 0600 (rasa_addons.secret_files) because it can hold database
passwords.

Needs: PyYAML and rasa_addons.tracker_store (for its default window); it reads the environment
it is given and nothing else.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from bot.settings import ROOT
from rasa_addons.secret_files import write_private
from rasa_addons.tracker_store import DEFAULT_WINDOW


class ConfigError(ValueError):
    """A setting that cannot be turned into an endpoint."""


def _tracker_store(url: str, window: int) -> dict:
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///") :])
        path = path if path.is_absolute() else ROOT / path
        path.parent.mkdir(parents=True, exist_ok=True)
        return {
            "type": "rasa_addons.tracker_store.WindowedSQLTrackerStore",
            "dialect": "sqlite",
            "db": str(path),
            "window": window,
        }
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres", "postgresql+psycopg2"):
        raise ConfigError("TRACKER_STORE_URL must be a sqlite:/// or postgresql:// URL")
    store = {
        "type": "rasa_addons.tracker_store.WindowedSQLTrackerStore",
        "dialect": "postgresql",
        "url": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "db": parts.path.lstrip("/") or "rasa",
        "window": window,
    }
    if parts.username:
        store["username"] = unquote(parts.username)
    if parts.password:
        store["password"] = unquote(parts.password)
    return store


def _lock_store(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise ConfigError("LOCK_STORE_URL must be a redis:// URL")
    store = {
        "type": "rasa_addons.lock_store.RenewingRedisLockStore",
        "url": parts.hostname or "127.0.0.1",
        "port": parts.port or 6379,
        "db": int(parts.path.lstrip("/") or 1),
        "key_prefix": "lock",
        "use_ssl": parts.scheme == "rediss",
    }
    if parts.username:
        store["username"] = unquote(parts.username)
    if parts.password:
        store["password"] = unquote(parts.password)
    return store


def endpoints(environ: dict[str, str] | None = None) -> dict:
    env = os.environ if environ is None else environ
    actions_port = env.get("ACTIONS_PORT") or "5055"
    # The action reads slots and the latest message only: Rasa need not send it the domain.
    config: dict = {
        "action_endpoint": {
            "url": env.get("ACTION_SERVER_URL") or f"http://127.0.0.1:{actions_port}/webhook",
            "enable_selective_domain": True,
        }
    }
    window = int(env.get("TRACKER_WINDOW") or DEFAULT_WINDOW)
    config["tracker_store"] = _tracker_store(
        env.get("TRACKER_STORE_URL") or "sqlite:///var/tracker.db", window
    )
    if env.get("LOCK_STORE_URL"):
        config["lock_store"] = _lock_store(env["LOCK_STORE_URL"])
    return config


def describe(config: dict) -> str:
    """One line naming the stores, without passwords."""
    tracker = config["tracker_store"]
    where = (
        tracker["db"]
        if tracker["dialect"] == "sqlite"
        else f"postgresql://{tracker['url']}:{tracker['port']}/{tracker['db']}"
    )
    lock = config.get("lock_store")
    return f"conversations in {where}; locks in " + (
        f"redis://{lock['url']}:{lock['port']}/{lock['db']}" if lock else "memory"
    )


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else ROOT / "var" / "endpoints.yml")
    try:
        config = endpoints()
    except (ConfigError, ValueError) as error:
        print(f"rasa_addons.endpoints: {error}", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    write_private(out, yaml.safe_dump(config, sort_keys=False))
    print(describe(config))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
