"""Every development set (tests/dev/*.yml) stays apart from what it must not copy: none of its
messages equals, or is one word away from, a training example (data/) or a message of a
held-out file (tests/heldout/), so rules tuned on it are not tuned to either. Uses the
held-out leak checker (tests/heldout/leaks.py). Pure Python."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from tests.heldout import leaks

ROOT = Path(__file__).resolve().parents[2]
DEV_FILES = leaks.dev_files(ROOT)


@cache
def _index(path: Path) -> leaks.Index:
    """A held-out or data file's texts, indexed once for every development set."""
    return leaks.Index(leaks.read_texts(path))


def test_the_development_sets_are_found():
    assert len(DEV_FILES) >= 5


@pytest.mark.parametrize("path", DEV_FILES, ids=lambda p: p.name)
def test_a_development_set_copies_no_training_or_held_out_message(path):
    dev = leaks.read_texts(path)
    assert len(dev) >= 50
    found = {
        str(path.relative_to(ROOT)): [leak.text for leak in leaks.find_leaks(dev, _index(path))]
        for path in leaks.heldout_files(ROOT) + leaks.data_files(ROOT)
    }
    # only the development set's side is shown: held-out messages stay unread
    assert {k: v for k, v in found.items() if v} == {}


def test_the_check_would_catch_a_copied_training_example():
    data = leaks.read_texts(leaks.data_files(ROOT)[0])
    assert leaks.find_leaks([data[0] + " pls"], data)


@pytest.mark.parametrize("path", DEV_FILES, ids=lambda p: p.name)
def test_every_development_message_has_a_kind_and_an_expectation(path):
    messages = yaml.safe_load(path.read_text())["messages"]
    assert all(m.get("kind") and m.get("expect") for m in messages)
