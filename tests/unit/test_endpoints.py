"""Rasa's endpoints come from environment variables only, and passwords are never printed."""

from __future__ import annotations

import pytest

from rasa_addons.endpoints import ConfigError, describe, endpoints


def test_defaults_keep_conversations_in_sqlite_and_locks_in_memory():
    config = endpoints({})
    assert config["action_endpoint"]["url"] == "http://127.0.0.1:5055/webhook"
    assert config["tracker_store"]["dialect"] == "sqlite"
    assert config["tracker_store"]["db"].endswith("var/tracker.db")
    assert "lock_store" not in config


def test_production_urls():
    config = endpoints(
        {
            "TRACKER_STORE_URL": "postgresql://rasa:s%40cret@db.internal:6543/convs",
            "LOCK_STORE_URL": "redis://:hunter2@cache:6380/3",
            "ACTION_SERVER_URL": "http://10.0.0.5:5055/webhook",
            "TRACKER_WINDOW": "50",
        }
    )
    tracker = config["tracker_store"]
    assert (tracker["dialect"], tracker["url"], tracker["port"], tracker["db"]) == (
        "postgresql",
        "db.internal",
        6543,
        "convs",
    )
    assert (tracker["username"], tracker["password"], tracker["window"]) == ("rasa", "s@cret", 50)
    lock = config["lock_store"]
    assert (lock["type"], lock["url"], lock["port"], lock["db"], lock["password"]) == (
        "rasa_addons.lock_store.RenewingRedisLockStore",
        "cache",
        6380,
        3,
        "hunter2",
    )
    assert config["action_endpoint"]["url"] == "http://10.0.0.5:5055/webhook"
    line = describe(config)
    assert "s@cret" not in line and "hunter2" not in line and "db.internal" in line


@pytest.mark.parametrize(
    "name,value", [("TRACKER_STORE_URL", "mysql://x/y"), ("LOCK_STORE_URL", "memcached://x")]
)
def test_unsupported_urls_are_refused(name, value):
    with pytest.raises(ConfigError):
        endpoints({name: value})
