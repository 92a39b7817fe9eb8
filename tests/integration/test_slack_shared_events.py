"""Slack event ids in the production profile's Redis: with two Rasa servers, an event that
one of them received is not answered by the other when Slack retries it there; with Redis
away, each server's own memory still answers every event once."""

from __future__ import annotations

import asyncio

import pytest

from ops.profile import Redis, ensure_installed
from rasa_addons.input_limits import SharedSeenEvents


@pytest.fixture(scope="module")
def redis(tmp_path_factory):
    ensure_installed(("redis-server",))
    server = Redis(tmp_path_factory.mktemp("redis"), "slack-events-test-password").start()
    yield server
    server.stop()


def test_an_event_received_by_one_server_is_not_answered_by_the_other(redis):
    async def main():
        first_server, second_server = SharedSeenEvents(redis.url()), SharedSeenEvents(redis.url())
        return [
            await first_server.first_time("Ev-delivered"),
            await second_server.first_time("Ev-delivered"),  # Slack's retry, other server
            await second_server.first_time("Ev-new"),
        ]

    assert asyncio.run(main()) == [True, False, True]


def test_with_redis_away_each_server_still_answers_an_event_once(tmp_path):
    ensure_installed(("redis-server",))
    server = Redis(tmp_path, "slack-events-test-password").start()
    url = server.url()
    server.stop()

    async def main():
        events = SharedSeenEvents(url)
        return [await events.first_time("Ev-1"), await events.first_time("Ev-1")]

    assert asyncio.run(main()) == [True, False]
