"""Typed "/restart" runs Rasa's own action_restart, which says domain.yml's utter_restart:
it must say what bot/wording.py says (the integration test checks the server says it)."""

from __future__ import annotations

import yaml

from bot import wording
from bot.settings import ROOT


def test_the_restart_reply_is_the_one_in_wording():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert domain["responses"]["utter_restart"] == [{"text": wording.RESTARTED}]
    assert list(domain["responses"]) == ["utter_restart"]
