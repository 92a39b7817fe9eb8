"""Messaging channels switch on only when all their environment variables are set."""

from __future__ import annotations

from rasa_addons.credentials import channels

BASE = {
    "rasa_addons.channels.SafeRestInput",
    "rasa_addons.channels.SafeSocketIOInput",
    "rasa_addons.channels.WidgetInput",
}
SLACK = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cret"}
TELEGRAM = {
    "TELEGRAM_TOKEN": "1:abc",
    "TELEGRAM_VERIFY": "faq_bot",
    "TELEGRAM_WEBHOOK_URL": "https://faq.example.org/webhooks/telegram/webhook",
    "TELEGRAM_SECRET_TOKEN": "a" * 32,
}


def test_no_variables_no_messaging_channels():
    assert set(channels({})) == BASE


def test_slack_needs_token_and_signing_secret():
    assert set(channels({"SLACK_BOT_TOKEN": "xoxb-1"})) == BASE
    config = channels({**SLACK, "SLACK_API_URL": "http://127.0.0.1:9/api/"})[
        "rasa_addons.slack.SlackChannel"
    ]
    assert config["slack_token"] == "xoxb-1" and config["slack_signing_secret"] == "s3cret"
    assert config["api_url"] == "http://127.0.0.1:9/api/"
    assert "errors_ignore_retry" not in config  # retries are told apart by event id


def test_telegram_needs_all_four_variables():
    for missing in TELEGRAM:
        env = {k: v for k, v in TELEGRAM.items() if k != missing}
        assert set(channels(env)) == BASE, missing
    config = channels(TELEGRAM)["rasa_addons.telegram.SecureTelegramInput"]
    assert config["secret_token"] == "a" * 32 and config["verify"] == "faq_bot"
