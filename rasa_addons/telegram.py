"""Telegram: an input channel that only accepts updates carrying the webhook's secret token.

Rasa 3.6's Telegram connector accepts any POST to its webhook (it only asks Telegram for the
bot's name) and registers the webhook without a secret. This channel, configured by
`rasa_addons.credentials` from TELEGRAM_TOKEN, TELEGRAM_VERIFY (the bot's username),
TELEGRAM_WEBHOOK_URL, TELEGRAM_SECRET_TOKEN and TELEGRAM_API_URL:

- registers its webhook at start-up with `secret_token`, so Telegram sends that secret in the
  `X-Telegram-Bot-Api-Secret-Token` header of every update, and checks the bot's username;
- refuses with 403, before reading the body, any update without the right header
  (compared in constant time), and with 400 any body that is not a JSON update;
- answers text messages and inline-keyboard taps (`callback_query`), and politely tells a
  reader who sends a photo or sticker that it reads text only;
- sends answers with their suggestions as an inline keyboard (one button per row, the two
  "did this help?" buttons side by side in the last row).

Needs: aiohttp (Telegram's Bot API over HTTPS, or TELEGRAM_API_URL), Sanic, and
rasa_addons.channels for the message checks; not Rasa's own Telegram connector.
"""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request

from bot.answers import RATING_PAYLOAD
from rasa_addons.channels import NOT_TEXT, guard

logger = logging.getLogger(__name__)

TELEGRAM_API_URL = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET = re.compile(r"^[A-Za-z0-9_-]{16,256}$")


class TelegramError(RasaException):
    """The Bot API answered with ok=false or could not be reached."""


class TelegramOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, token: str, api_url: str = TELEGRAM_API_URL) -> None:
        self._base = f"{api_url.rstrip('/')}/bot{token}/"

    async def call(self, method: str, payload: dict[str, Any]) -> Any:
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as http:
                async with http.post(self._base + method, json=payload) as r:
                    body = await r.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise TelegramError(f"Telegram {method} failed: {type(error).__name__}") from None
        if not isinstance(body, dict) or not body.get("ok"):
            raise TelegramError(f"Telegram {method} failed: {(body or {}).get('description')}")
        return body.get("result")

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in text.strip().split("\n\n"):
            await self.call("sendMessage", {"chat_id": recipient_id, "text": part})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        keys = [{"text": b["title"], "callback_data": b["payload"]} for b in buttons]
        rating = [k for k in keys if k["callback_data"].startswith(RATING_PAYLOAD)]
        keyboard = [[k] for k in keys if k not in rating] + ([rating] if rating else [])
        await self.call(
            "sendMessage",
            {"chat_id": recipient_id, "text": text, "reply_markup": {"inline_keyboard": keyboard}},
        )


class SecureTelegramInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SecureTelegramInput:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials.get("access_token"),
            credentials.get("verify"),
            credentials.get("webhook_url"),
            credentials.get("secret_token"),
            credentials.get("api_url") or TELEGRAM_API_URL,
        )

    def __init__(
        self,
        access_token: str,
        verify: str,
        webhook_url: str,
        secret_token: str,
        api_url: str = TELEGRAM_API_URL,
    ) -> None:
        if not access_token or not verify or not webhook_url:
            raise RasaException("Telegram needs a token, the bot's username and a webhook URL.")
        if not isinstance(secret_token, str) or not _SECRET.match(secret_token):
            raise RasaException(
                "TELEGRAM_SECRET_TOKEN must be 16-256 characters of A-Z, a-z, 0-9, _ and -."
            )
        self.access_token, self.verify, self.webhook_url = access_token, verify, webhook_url
        self.secret_token = secret_token
        self.api_url = api_url

    def get_output_channel(self) -> TelegramOutput:
        return TelegramOutput(self.access_token, self.api_url)

    async def register(self) -> None:
        """Check the token belongs to the configured bot, then set the webhook and its secret."""
        out = self.get_output_channel()
        me = await out.call("getMe", {})
        if (me or {}).get("username") != self.verify:
            raise TelegramError("TELEGRAM_VERIFY does not match the bot's username")
        await out.call(
            "setWebhook",
            {
                "url": self.webhook_url,
                "secret_token": self.secret_token,
                "allowed_updates": ["message", "edited_message", "callback_query"],
            },
        )
        logger.info("Telegram webhook registered")

    def authentic(self, request: Request) -> bool:
        sent = request.headers.get(SECRET_HEADER, "")
        return hmac.compare_digest(sent.encode(), self.secret_token.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        web = Blueprint("secure_telegram_webhook", __name__)
        handle = guard(on_new_message, self.name())

        @web.listener("after_server_start")
        async def register(_app, _loop) -> None:
            try:
                await self.register()
            except TelegramError as error:  # the other channels keep working
                logger.error("Telegram is not connected: %s", error)

        @web.route("/", methods=["GET"])
        async def health(_: Request):
            return response.json({"status": "ok"})

        @web.route("/webhook", methods=["POST"])
        async def webhook(request: Request):
            if not self.authentic(request):
                return response.text("forbidden", status=403)
            try:
                update = request.json
            except Exception:
                update = None
            if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
                return response.text("a Telegram update is a JSON object", status=400)
            out = self.get_output_channel()
            callback = update.get("callback_query")
            message = update.get("message") or update.get("edited_message")
            if isinstance(callback, dict):
                text = callback.get("data")
                chat = ((callback.get("message") or {}).get("chat") or {}).get("id")
            elif isinstance(message, dict):
                text = message.get("text")
                chat = (message.get("chat") or {}).get("id")
            else:
                return response.text("ignored")  # other update kinds: nothing to answer
            if not isinstance(chat, int):
                return response.text("an update needs a chat id", status=400)
            sender = str(chat)
            try:
                if isinstance(callback, dict) and callback.get("id"):
                    await out.call("answerCallbackQuery", {"callback_query_id": callback["id"]})
                if not isinstance(text, str):
                    await out.send_text_message(sender, NOT_TEXT)
                else:
                    await handle(UserMessage(text, out, sender, input_channel=self.name()))
            except TelegramError as error:
                logger.error("%s", error)
            return response.text("ok")

        return web
