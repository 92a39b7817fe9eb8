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
from bot.settings import ROOT
from bot.store import loading as loader


@pytest.fixture
def engine():
    engine = create_engine(
        "sqlite://", future=True, poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    store.create_schema(engine)
    return engine


@pytest.fixture
def factory(engine):
    factory = sessionmaker(bind=engine, future=True, expire_on_commit=False)
    with factory() as session:
        loader.load(session)
        session.commit()
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
