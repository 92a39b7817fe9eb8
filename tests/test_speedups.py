"""The reused action-response validator accepts and refuses exactly what Rasa's check does."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

import bot.channels  # noqa: F401  (installs the validator, as the Rasa server does)
from bot import speedups

GOOD = {"events": [{"event": "slot", "name": "topic", "value": "stretches"}],
        "responses": [{"text": "Try the cat-cow stretch.", "buttons": [{"title": "t", "payload": "/p"}]}]}
BAD = [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot"}]},  # a slot event without its name
    {"responses": ["not an object"]},
]


def test_installed_on_rasas_remote_action():
    assert RemoteAction._validate_action_result is speedups._validate_action_result


def test_valid_response_passes():
    assert RemoteAction("action_respond", None)._validate_action_result(GOOD) is True


@pytest.mark.parametrize("response", BAD)
def test_invalid_responses_fail_as_with_rasas_check(response):
    with pytest.raises(ValidationError) as ours:
        RemoteAction("action_respond", None)._validate_action_result(response)
    with pytest.raises(ValidationError) as reference:
        validate(response, RemoteAction.action_response_format_spec())
    assert ours.value.message.startswith(reference.value.message)
    assert "Failed to validate Action server response" in ours.value.message
