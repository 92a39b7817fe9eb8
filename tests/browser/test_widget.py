"""The web widget in real headless Chromium (Debian's), driven by Playwright, against the
running assistant: ask and see the answer, click a suggestion, an XSS payload stays text,
history survives a reload, it fits a 375-px screen, and a screenshot is saved."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOT = Path(__file__).resolve().parent.parent / "screenshots" / "widget.png"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def page(assistant):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make browser` installs Debian's chromium package")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 375, "height": 740})
        page = context.new_page()
        page.dialogs = []
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        page.goto(assistant.url + "/webhooks/widget/")
        yield page
        browser.close()


def log_text(page) -> str:
    return page.inner_text(".ubc-log")


def wait_for_answer(page, expected: str) -> str:
    """The bot messages after the last user message, once they contain `expected`."""
    script = """expected => {
        const all = [...document.querySelectorAll('.ubc-msg')];
        const last = all.map(m => m.classList.contains('ubc-user')).lastIndexOf(true);
        const text = all.slice(last + 1).map(m => m.innerText).join('\\n');
        return text.toLowerCase().includes(expected.toLowerCase()) ? text : false;
    }"""
    return page.wait_for_function(script, arg=expected, timeout=30_000).json_value()


def ask(page, text: str, expected: str) -> str:
    page.fill("#ubc-input", text)
    page.press("#ubc-input", "Enter")
    return wait_for_answer(page, expected)


def test_greets_and_answers_a_question(page):
    page.wait_for_selector(".ubc-bot", timeout=30_000)
    assert "informational assistant" in log_text(page)
    answer = ask(page, "which stretches help my upper back?", "Stretching Exercises")
    assert "cat-cow stretch" in answer


def test_clicking_a_suggestion_answers_it(page):
    button = page.locator(".ubc-reply").first
    title = button.inner_text()
    button.click()
    answer = wait_for_answer(page, "Source:")
    assert page.locator(".ubc-user").last.inner_text().endswith(title)
    assert "planks" in answer.lower()


def test_html_in_messages_is_shown_as_text(page):
    payload = "<img src=x onerror=alert(1)>"
    ask(page, payload, "")
    assert page.locator(".ubc-user").last.inner_text().endswith(payload)
    assert page.locator(".ubc-log img").count() == 0
    assert page.dialogs == []


def test_history_survives_a_reload(page):
    before = log_text(page)
    page.reload()
    page.wait_for_selector(".ubc-bot")
    page.wait_for_function("document.querySelector('.ubc-status').textContent === 'online'")
    assert log_text(page) == before
    answer = ask(page, "is foam rolling enough by itself?", "Source:")
    assert "not be enough" in answer
    assert "informational assistant" not in answer


def test_fits_a_375px_screen_and_is_accessible(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = page.locator(".ubc").bounding_box()
    assert box["width"] <= 375
    assert page.get_attribute(".ubc-log", "aria-live") == "polite"
    assert page.locator("label[for=ubc-input]").count() == 1
    page.focus("#ubc-input")
    assert page.evaluate("document.activeElement.id") == "ubc-input"
    # Shift+Tab leaves the input backwards into the conversation: the last suggestion button
    # (the latest answer offers some), which the keyboard can then press
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate("""() => {
        const el = document.activeElement;
        return {id: el.id, inLog: !!el.closest('.ubc-log'), reply: el.classList.contains('ubc-reply'),
                text: el.innerText};
    }""")
    assert focused["id"] != "ubc-input" and focused["inLog"], focused
    assert focused["reply"], focused
    assert focused["text"] == page.locator(".ubc-reply").last.inner_text()
    page.keyboard.press("Tab")  # and forward again, back to the input
    assert page.evaluate("document.activeElement.id") == "ubc-input"
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000
