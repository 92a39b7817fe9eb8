"""Shared fixtures: an in-memory SQLite remedy store loaded from the article for each test,
and the Tracker / CollectingDispatcher / domain the Rasa SDK hands an action."""

from __future__ import annotations

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import StaticPool

from bot import store
from bot.content import load_content
from bot.settings import ROOT
from bot.store import loading as loader


def _memory_engine():
    engine = create_engine(
        "sqlite://", future=True, poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    store.create_schema(engine)
    return engine


# The store loaded from the content once per content object (load_content reads a folder
# once), copied into each test's own database: loading it costs about 30 ms a test.
_LOADED: list[tuple[object, object]] = []


def _loaded_store(content):
    for loaded_content, engine in _LOADED:
        if loaded_content is content:
            return engine
    engine = _memory_engine()
    with sessionmaker(bind=engine, future=True)() as session:
        loader.load(session, content)
        session.commit()
    _LOADED.append((content, engine))
    return engine


@pytest.fixture
def engine():
    return _memory_engine()


@pytest.fixture
def factory(engine):
    source, target = _loaded_store(load_content()).raw_connection(), engine.raw_connection()
    try:
        source.driver_connection.backup(target.driver_connection)
    finally:
        source.close()
        target.close()
    factory = sessionmaker(bind=engine, future=True, expire_on_commit=False)
    store.set_session_factory(factory)
    yield factory
    store.set_session_factory(None)


@pytest.fixture
def session(factory):
    with factory() as session:
        yield session
        session.commit()


@pytest.fixture
def domain():
    return yaml.safe_load((ROOT / "domain.yml").read_text())


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


def make_tracker(text, intent, confidence=0.95, entities=None, slots=None, ranking=None):
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
        "entities": entities or [],
    }
    return Tracker("test-user", slots or {}, message, [], False, None, {}, "action_listen")


@pytest.fixture
def tracker_for():
    return make_tracker


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    """The real assistant (action server + Rasa with the project's channels) on free ports."""
    from tests.servers import Assistant

    bot = Assistant(tmp_path_factory.mktemp("assistant")).start()
    yield bot
    bot.stop()
