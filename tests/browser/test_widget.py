"""The web widget in real headless Chromium (Debian's), driven by Playwright, against the
running assistant: the launcher on the demo page (an unrelated article with one script tag),
open, ask, pick a suggestion, close, the unread count, reopen with the history, a 375-px
phone, keyboard only, reduced motion, a script that does not block the page, a host page with
aggressive global CSS and its own `io`, clearing the conversation, messages queued until the
session is confirmed, a damaged or expired stored history, the thumbs up / down pair, and the
inline mode. Each state is saved as a screenshot in tests/screenshots/."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parent.parent / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
ROOT = "document.querySelector('upper-back-chat, #upper-back-chat').shadowRoot"
WAIT = 30_000


@pytest.fixture(scope="module")
def playwright(assistant):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make browser` installs Debian's chromium package")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def made_up_pages_browser(playwright):
    """Chromium for pages the test makes up (served by Playwright, not by a server): Chromium
    counts those as public pages and its local-network checks would keep them from the
    assistant on the loopback address, which every real page from that server may reach."""
    args = [*ARGS, "--disable-features=LocalNetworkAccessChecks"]
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
    yield browser
    browser.close()


@pytest.fixture
def new_page(browser):
    """A page in a fresh browser context (its own localStorage)."""
    contexts = []

    def make(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.dialogs = []
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        return page

    yield make
    for context in contexts:
        context.close()


def demo(assistant, name: str = "") -> str:
    return f"{assistant.url}/webhooks/widget/{name}"


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"widget-{name}.png"
    page.screenshot(path=str(path), animations="disabled")
    assert path.stat().st_size > 5_000


def inside(page, expression: str):
    """Evaluate `expression` with `root` bound to the widget's shadow root."""
    return page.evaluate(f"() => {{ const root = {ROOT}; return {expression}; }}")


def focused(page) -> str:
    """The focused element inside the widget as 'tag.class#id', or what has focus outside."""
    return page.evaluate(f"""() => {{
        const host = document.querySelector('upper-back-chat, #upper-back-chat');
        if (document.activeElement !== host) return 'outside:' + document.activeElement.tagName;
        const el = {ROOT}.activeElement;
        return el ? el.tagName.toLowerCase() + '.' + el.className + '#' + el.id : 'none';
    }}""")


def panel_open(page) -> bool:
    return inside(
        page, "getComputedStyle(root.querySelector('.ubc-panel')).visibility === 'visible'"
    )


def closes(page) -> None:
    """Waits until the panel is hidden (after its closing animation, when there is one)."""
    expect(page.locator(".ubc-panel")).to_be_hidden(timeout=WAIT)


def bot_texts(page) -> list[str]:
    return page.locator(".ubc-bot").all_inner_texts()


def wait_for_answer(page, expected: str) -> str:
    """The bot messages after the last user message, once they contain `expected`."""
    script = f"""expected => {{
        const all = [...{ROOT}.querySelectorAll('.ubc-msg')];
        const last = all.map(m => m.classList.contains('ubc-user')).lastIndexOf(true);
        if (last < 0) return false;
        const text = all.slice(last + 1).map(m => m.textContent).join('\\n');
        return text && text.toLowerCase().includes(expected.toLowerCase()) ? text : false;
    }}"""
    try:
        return page.wait_for_function(script, arg=expected, timeout=WAIT).json_value()
    except PlaywrightTimeout:
        raise AssertionError(f"no answer with {expected!r}; the log: {log_of(page)!r}") from None


def log_of(page) -> str:
    return inside(page, "root.querySelector('.ubc-log').textContent")


def ask(page, text: str, expected: str) -> str:
    page.fill("#ubc-input", text)
    page.press("#ubc-input", "Enter")
    return wait_for_answer(page, expected)


def wait_online(page) -> None:
    page.wait_for_function(
        f"{ROOT}.querySelector('.ubc-status').textContent === 'online'", timeout=WAIT
    )


def stored(page) -> str:
    return page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('upper-back-chat:'))"
        ".map(k => localStorage.getItem(k)).join('')"
    )


def poll(page, test, what: str) -> None:
    """Waits until `test()` holds, checking as Playwright delivers the page's events."""
    deadline = time.monotonic() + WAIT / 1000
    while not test():
        assert time.monotonic() < deadline, f"never saw {what}"
        page.wait_for_timeout(50)


class Socket:
    """The page's socket.io websocket routed through the test: frames from the server can be
    held back, and what the page sends is recorded."""

    def __init__(self, page, hold: str | None = None):
        self.held, self.sent, self.hold, self.page = [], [], hold, page
        self.route = None
        page.route_web_socket("**/socket.io/**", self._handle)

    def _handle(self, ws):
        self.route = ws
        server = ws.connect_to_server()

        def from_page(message):
            self.sent.append(message)
            server.send(message)

        def from_server(message):
            if self.hold and self.hold in str(message):
                self.held.append(message)
            else:
                ws.send(message)

        ws.on_message(from_page)
        server.on_message(from_server)

    def wait(self, test, what: str) -> None:
        poll(self.page, test, what)

    def release(self) -> None:
        self.hold = None
        for message in self.held:
            self.route.send(message)
        self.held = []

    def user_messages(self) -> list[str]:
        out = []
        for frame in self.sent:
            frame = str(frame)
            if frame.startswith("42"):
                event, *data = json.loads(frame[2:])
                if event == "user_uttered":
                    out.append(data[0]["message"])
        return out


# The launcher on the demo page, one reader's visit in order ---------------------------------


@pytest.fixture(scope="module")
def visit(browser, assistant):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(demo(assistant))
    yield page
    context.close()


def test_demo_page_shows_the_article_and_a_closed_launcher(visit):
    assert "Riverside Runners" in visit.inner_text("h1") or "Autumn" in visit.inner_text("h1")
    launcher = visit.locator(".ubc-launcher")
    launcher.wait_for(state="visible", timeout=WAIT)
    box = launcher.bounding_box()
    assert box["width"] == box["height"] == 60
    assert DESKTOP["width"] - (box["x"] + box["width"]) == 20  # bottom-right corner
    assert DESKTOP["height"] - (box["y"] + box["height"]) == 20
    assert launcher.get_attribute("aria-expanded") == "false"
    closes(visit)
    assert visit.locator(".ubc-badge").is_hidden()
    shot(visit, "1-closed")


def test_opening_moves_focus_in_and_greets_with_the_starter_questions(visit):
    visit.click(".ubc-launcher")
    assert panel_open(visit)
    assert visit.get_attribute(".ubc-launcher", "aria-expanded") == "true"
    assert focused(visit) == "input.ubc-input#ubc-input"
    visit.wait_for_selector(".ubc-bot", timeout=WAIT)
    assert "informational assistant" in " ".join(bot_texts(visit))
    starters = visit.locator(".ubc-starters .ubc-reply").all_inner_texts()
    assert starters == [
        "Which stretches help my upper back?",
        "How do I use a foam roller?",
        "What running posture should I keep?",
    ]
    assert visit.inner_text(".ubc-title") == "Upper back pain FAQ"
    head = inside(visit, "getComputedStyle(root.querySelector('.ubc-head')).backgroundColor")
    assert head == "rgb(31, 95, 139)"  # data-accent
    assert visit.get_attribute(".ubc-log", "aria-live") == "polite"
    assert visit.get_attribute(".ubc-log", "role") == "log"
    assert "7 days" in visit.inner_text(".ubc-note")
    shot(visit, "2-open")


def test_asking_a_question_answers_it(visit):
    answer = ask(visit, "which stretches help my upper back?", "Stretching Exercises")
    assert "cat-cow stretch" in answer
    assert visit.locator(".ubc-starters").count() == 0  # offered only before the first question
    shot(visit, "3-answer")


def test_picking_a_suggestion_answers_it(visit):
    button = visit.locator(".ubc-replies .ubc-reply", has_text="strengthen")
    title = button.inner_text()
    button.click()
    answer = wait_for_answer(visit, "Source:")
    assert visit.locator(".ubc-user").last.inner_text().endswith(title)
    assert "planks" in answer.lower()
    shot(visit, "4-suggestion")


def test_close_button_closes_and_gives_focus_back_to_the_launcher(visit):
    visit.click(".ubc-close")
    closes(visit)
    assert focused(visit) == "button.ubc-launcher#"
    assert visit.get_attribute(".ubc-launcher", "aria-expanded") == "false"
    shot(visit, "5-closed-again")


def test_an_answer_arriving_while_closed_shows_an_unread_count(visit):
    visit.click(".ubc-launcher")
    assert panel_open(visit)
    # ask and close in one task, so the answer can only arrive once the panel is closed
    inside(
        visit,
        """(() => {
            root.querySelector('#ubc-input').value = 'is foam rolling enough by itself?';
            root.querySelector('.ubc-form').requestSubmit();
            root.querySelector('#ubc-input').dispatchEvent(
                new KeyboardEvent('keydown', {key: 'Escape', bubbles: true, composed: true}));
        })()""",
    )
    closes(visit)
    answer = wait_for_answer(visit, "Source:")  # while closed
    assert "not be enough" in answer
    count = inside(
        visit,
        """(() => { const all = [...root.querySelectorAll('.ubc-msg')];
            return all.length - 1 - all.map(m => m.classList.contains('ubc-user')).lastIndexOf(true);
        })()""",
    )  # the messages of that answer
    assert count >= 1
    assert visit.locator(".ubc-badge").is_visible()
    assert visit.inner_text(".ubc-badge") == str(count)
    assert f"({count} unread message" in visit.get_attribute(".ubc-launcher", "aria-label")
    shot(visit, "6-unread")
    visit.click(".ubc-launcher")
    assert visit.locator(".ubc-badge").is_hidden()
    assert "unread" not in visit.get_attribute(".ubc-launcher", "aria-label")


def test_reopening_after_a_reload_shows_the_history(visit):
    before = log_of(visit)
    visit.reload()
    visit.locator(".ubc-launcher").wait_for(state="visible", timeout=WAIT)
    closes(visit)
    visit.click(".ubc-launcher")
    wait_online(visit)
    assert log_of(visit) == before
    answer = ask(visit, "what running posture should I keep?", "Source:")
    assert "informational assistant" not in answer  # the same conversation, no new greeting
    shot(visit, "7-reopened-with-history")


def test_clear_forgets_the_history_and_starts_a_new_conversation(visit):
    old_session = json.loads(stored(visit))["sessionId"]
    assert "cat-cow" in stored(visit)
    visit.click(".ubc-clear")
    visit.wait_for_function(
        f"{ROOT}.querySelector('.ubc-log').textContent.includes('informational assistant')",
        timeout=WAIT,
    )  # the new conversation's greeting
    wait_online(visit)
    assert visit.locator(".ubc-user").count() == 0
    assert "informational assistant" in log_of(visit)
    assert "cat-cow" not in stored(visit)
    new_session = json.loads(stored(visit))["sessionId"]
    assert new_session and new_session != old_session
    assert focused(visit) == "input.ubc-input#ubc-input"
    shot(visit, "8-cleared")
    visit.reload()
    visit.click(".ubc-launcher")
    wait_online(visit)
    assert "cat-cow" not in log_of(visit)


def settled_box(locator):
    """The element's box once its transitions have ended (the panel slides in over 0.2 s;
    measured during the slide, it is a fraction of a pixel off)."""
    locator.evaluate("el => Promise.all(el.getAnimations().map(a => a.finished))")
    return locator.bounding_box()


# One page each --------------------------------------------------------------------------


def test_on_a_375px_phone_the_panel_fills_the_screen(new_page, assistant):
    page = new_page(PHONE, is_mobile=True, has_touch=True)
    page.goto(demo(assistant))
    page.click(".ubc-launcher")
    page.wait_for_selector(".ubc-bot", timeout=WAIT)
    box = settled_box(page.locator(".ubc-panel"))
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 375, 740)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.locator(".ubc-close").is_visible()
    ask(page, "how do I foam roll my upper back?", "Source:")
    shot(page, "9-phone")
    page.focus(".ubc-send")  # full screen, Tab stays in the panel
    page.keyboard.press("Tab")
    assert focused(page) == "button.ubc-btn ubc-clear#"
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "button.ubc-send#"
    page.click(".ubc-close")
    closes(page)
    assert page.locator(".ubc-launcher").is_visible()


def test_keyboard_only(new_page, assistant):
    page = new_page()
    page.goto(demo(assistant))
    page.locator(".ubc-launcher").wait_for(state="visible", timeout=WAIT)
    for _ in range(10):  # from the top of the page, Tab reaches the launcher
        page.keyboard.press("Tab")
        if focused(page) == "button.ubc-launcher#":
            break
    assert focused(page) == "button.ubc-launcher#"
    page.keyboard.press("Enter")
    assert panel_open(page)
    assert focused(page) == "input.ubc-input#ubc-input"
    page.wait_for_selector(".ubc-bot", timeout=WAIT)
    page.keyboard.type("which stretches help my upper back?")
    page.keyboard.press("Enter")
    wait_for_answer(page, "Stretching Exercises")
    # Shift+Tab from the input reaches the latest answer's last suggestion; Enter picks it
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "button.ubc-reply#"
    shot(page, "10-keyboard")
    title = inside(page, "root.activeElement.innerText")
    assert title == page.locator(".ubc-reply").last.inner_text()
    page.keyboard.press("Enter")
    assert page.locator(".ubc-user").last.inner_text().endswith(title)
    assert focused(page) == "input.ubc-input#ubc-input"  # not lost with the picked button
    wait_for_answer(page, "")
    page.keyboard.press("Escape")
    closes(page)
    assert focused(page) == "button.ubc-launcher#"


def test_reduced_motion_turns_the_panel_animation_off(new_page, assistant):
    durations = "getComputedStyle(root.querySelector('.ubc-panel')).transitionDuration"
    moving = new_page(reduced_motion="no-preference")
    moving.goto(demo(assistant))
    moving.locator(".ubc-launcher").wait_for(timeout=WAIT)
    assert any(float(d.rstrip("s")) > 0 for d in inside(moving, durations).split(","))
    still = new_page(reduced_motion="reduce")
    still.goto(demo(assistant))
    still.locator(".ubc-launcher").wait_for(timeout=WAIT)
    assert all(float(d.rstrip("s")) == 0 for d in inside(still, durations).split(","))


def test_the_script_does_not_block_the_page(new_page, assistant):
    page = new_page()
    held = []
    page.route("**/webhooks/widget/widget.js", lambda route: held.append(route))
    # the page finishes parsing while the widget's script has not even arrived
    page.goto(demo(assistant), wait_until="domcontentloaded")
    poll(page, lambda: held, "the request for widget.js")
    assert page.evaluate("document.readyState") != "loading"
    assert page.locator("h1").is_visible()
    assert page.locator("upper-back-chat").count() == 0
    held[0].continue_()
    page.locator(".ubc-launcher").wait_for(state="visible", timeout=WAIT)
    tag = page.locator("script[src='widget.js']")
    assert tag.get_attribute("async") is not None and tag.get_attribute("defer") is not None


def test_a_hostile_host_page_neither_breaks_it_nor_is_changed_by_it(new_page, assistant):
    page = new_page()
    page.goto(demo(assistant, "hostile.html"))
    launcher = page.locator(".ubc-launcher")
    launcher.wait_for(state="visible", timeout=WAIT)
    box = launcher.bounding_box()
    assert box["width"] == box["height"] == 60
    assert box["x"] == 20  # data-position="bottom-left"
    launcher.click()
    assert panel_open(page)
    page.wait_for_selector(".ubc-bot", timeout=WAIT)
    panel = settled_box(page.locator(".ubc-panel"))
    assert panel["width"] == 380 and panel["x"] == 20
    style = inside(
        page,
        """(() => { const s = getComputedStyle(root.querySelector('.ubc-msg'));
            return [s.fontSize, s.color, s.textTransform, s.margin]; })()""",
    )
    assert style == ["15px", "rgb(27, 27, 27)", "none", "0px"]
    assert page.locator("#ubc-input").is_visible() and page.locator(".ubc-send").is_visible()
    answer = ask(page, "which stretches help my upper back?", "Stretching Exercises")
    assert "cat-cow stretch" in answer
    # the page keeps its own io and AMD loader, and no style of the widget's reached it
    assert page.evaluate("window.io()") == "the page's own io"
    assert page.evaluate("window.define.amd.jQuery") is True
    assert page.evaluate("document.querySelectorAll('style').length") == 1
    assert page.evaluate("getComputedStyle(document.querySelector('p')).fontSize") == "31px"
    shot(page, "11-hostile-page")


def test_a_message_typed_before_the_session_is_confirmed_waits_and_is_sent(new_page, assistant):
    page = new_page()
    socket = Socket(page, hold="session_confirm")
    page.goto(demo(assistant))
    page.click(".ubc-launcher")
    socket.wait(lambda: socket.held, "the server's session_confirm")
    page.fill("#ubc-input", "which stretches help my upper back?")
    page.press("#ubc-input", "Enter")
    pending = page.locator(".ubc-user.ubc-pending")
    assert pending.count() == 1
    assert "waiting to send" in pending.inner_text()
    assert socket.user_messages() == []  # nothing sent before the confirmation
    assert "which stretches" in json.loads(stored(page))["outbox"][0]["message"]
    shot(page, "12-queued-before-confirm")
    socket.release()
    assert "cat-cow stretch" in wait_for_answer(page, "Stretching Exercises")
    assert page.locator(".ubc-pending").count() == 0
    assert socket.user_messages() == ["/greet", "which stretches help my upper back?"]
    assert json.loads(stored(page))["outbox"] == []


DAMAGED = [
    "{not json",
    '"a string"',
    "[1, 2, 3]",
    json.dumps({"savedAt": "soon", "history": "none"}),
    json.dumps(
        {
            "savedAt": "NOW",
            "sessionId": 42,
            "outbox": "x",
            "history": [
                None,
                5,
                {"from": "bot", "text": {"x": 1}},
                {"from": "user", "text": "an earlier question kept"},
                {"from": "bot", "text": "an earlier answer", "replies": "nope", "rate": {"up": 1}},
                {"from": "bot", "text": "with odd buttons", "replies": [None, {"title": 3}]},
            ],
        }
    ),
]


@pytest.mark.parametrize(
    "saved", DAMAGED, ids=["not-json", "string", "list", "wrong-types", "bad-entries"]
)
def test_a_damaged_stored_history_does_not_stop_it(new_page, assistant, saved):
    page = new_page()
    key = "upper-back-chat:" + assistant.url
    page.add_init_script(
        "localStorage.setItem(%s, %s.replace('\"NOW\"', String(Date.now())))"
        % (json.dumps(key), json.dumps(saved))
    )
    page.goto(demo(assistant))
    page.click(".ubc-launcher")
    wait_online(page)
    if "kept" in saved:  # what could be read is shown, and the conversation goes on
        assert "an earlier question kept" in log_of(page)
        assert "with odd buttons" in log_of(page)
    else:
        page.wait_for_selector(".ubc-bot", timeout=WAIT)
        assert "informational assistant" in log_of(page)
    if "kept" in saved:
        shot(page, "13-damaged-history")
    assert "cat-cow stretch" in ask(page, "which stretches help my upper back?", "Stretching")


@pytest.mark.parametrize("days_ago, kept", [(8, False), (6, True)])
def test_the_stored_history_expires_after_seven_days(new_page, assistant, days_ago, kept):
    page = new_page()
    key = "upper-back-chat:" + assistant.url
    page.add_init_script(
        "if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1');"
        " localStorage.setItem(%s, JSON.stringify({savedAt: Date.now() - %d * 86400000,"
        " history: [{from: 'user', text: 'my chest hurts when I run'},"
        " {from: 'bot', text: 'an old answer'}]})); }" % (json.dumps(key), days_ago)
    )
    page.goto(demo(assistant))
    page.click(".ubc-launcher")
    wait_online(page)
    log = log_of(page)
    assert ("my chest hurts" in log) is kept
    assert ("my chest hurts" in stored(page)) is kept
    assert ("has been forgotten" in page.inner_text(".ubc-note")) is not kept
    if not kept:
        page.wait_for_selector(".ubc-bot", timeout=WAIT)
        shot(page, "14-history-expired")


def test_rating_buttons_become_a_thumbs_pair_under_the_answer(new_page, assistant):
    page = new_page()
    socket = Socket(page)
    page.goto(demo(assistant))
    page.click(".ubc-launcher")
    ask(page, "which stretches help my upper back?", "Stretching Exercises")
    page.wait_for_selector(".ubc-rating", timeout=WAIT)
    rate = page.locator(".ubc-rate")
    assert rate.evaluate_all("bs => bs.map(b => b.getAttribute('aria-label'))") == [
        "Helpful",
        "Not helpful",
    ]
    assert rate.evaluate_all("bs => bs.map(b => b.getAttribute('aria-pressed'))") == [
        "false",
        "false",
    ]
    # the rating pair follows the message with the source; the other buttons stay suggestions
    assert "Source:" in inside(
        page, "root.querySelector('.ubc-rating').previousSibling.textContent"
    )
    titles = page.locator(".ubc-reply").all_inner_texts()
    assert titles and not any("elpful" in t or "👍" in t or "👎" in t for t in titles)
    users = page.locator(".ubc-user").count()
    up = socket_payload(socket, page, "[aria-label=Helpful]", "true")
    assert page.get_attribute("[aria-label=Helpful]", "aria-pressed") == "true"
    assert page.get_attribute("[aria-label='Not helpful']", "aria-pressed") == "false"
    wait_for_answer(page, "glad it helped")  # the server recorded it
    assert page.locator(".ubc-user").count() == users  # not echoed as a reader message
    down = socket_payload(socket, page, "[aria-label='Not helpful']", "false")  # changeable
    assert up.replace("true", "false") == down
    assert page.get_attribute("[aria-label=Helpful]", "aria-pressed") == "false"
    assert page.get_attribute("[aria-label='Not helpful']", "aria-pressed") == "true"
    wait_for_answer(page, "closest other topics")
    assert page.locator(".ubc-user").count() == users
    page.locator(".ubc-rating").first.scroll_into_view_if_needed()
    shot(page, "15-rating")
    # a second click on the pressed one sends nothing: the next frame is the next question
    page.click("[aria-label='Not helpful']")
    ask(page, "how do I foam roll my upper back?", "Source:")
    assert socket.user_messages()[-2:] == [down, "how do I foam roll my upper back?"]
    page.reload()
    page.click(".ubc-launcher")
    pressed = page.locator(".ubc-rating").first.locator("[aria-pressed=true]")
    assert pressed.get_attribute("aria-label") == "Not helpful"


def socket_payload(socket, page, selector: str, helpful: str) -> str:
    """Clicks a rating button and returns the /rate_answer payload the page then sent."""
    before = len(socket.user_messages())
    page.click(selector)
    socket.wait(lambda: len(socket.user_messages()) > before, "the rating payload")
    payload = socket.user_messages()[-1]
    assert payload.startswith("/rate_answer{")
    data = json.loads(payload[len("/rate_answer") :])
    assert data["ref"] and data["helpful"] is (helpful == "true")
    return payload


def host_page(page, assistant, body: str) -> None:
    """Opens a page of the test's own making on the assistant's origin (never asked of the
    server: Playwright answers it), with `body` as its content."""
    url = demo(assistant, "made-by-the-test.html")
    html = f"<!doctype html><html lang=en><head><meta charset=utf-8><title>t</title></head><body>{body}</body></html>"
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page.goto(url)


def test_open_on_load_and_settings_that_cannot_be_used(made_up_pages_browser, assistant):
    page = made_up_pages_browser.new_page(viewport=DESKTOP)
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    host_page(
        page,
        assistant,
        "<p>Text</p><script src='widget.js' async data-open='true' data-position='top-middle' "
        "data-accent='url(javascript:alert(1))' data-title='' data-questions='[not json'></script>",
    )
    page.wait_for_selector(".ubc-bot", timeout=WAIT)
    page.add_script_tag(url=demo(assistant, "widget.js"))  # the script a second time
    assert page.locator("upper-back-chat").count() == 1
    assert page.locator(".ubc-launcher").count() == 1
    assert panel_open(page)
    assert focused(page) == "outside:BODY"  # opened for the reader, the page keeps its focus
    assert page.inner_text(".ubc-title") == "Upper back pain FAQ"
    head = inside(page, "getComputedStyle(root.querySelector('.ubc-head')).backgroundColor")
    assert head == "rgb(31, 95, 139)"  # the default accent
    box = page.locator(".ubc-launcher").bounding_box()
    assert DESKTOP["width"] - (box["x"] + box["width"]) == 20  # the default corner
    assert page.locator(".ubc-starters").count() == 0
    # the greeting's own suggestions are offered when the page gives no questions
    assert page.locator(".ubc-replies .ubc-reply").count() > 0
    assert page.dialogs == []


def test_an_older_embed_with_its_own_element_gets_the_inline_panel(
    made_up_pages_browser, assistant
):
    page = made_up_pages_browser.new_page(viewport=DESKTOP)
    host_page(
        page,
        assistant,
        "<h1>Page</h1><div id='upper-back-chat'></div><script src='widget.js' defer></script>",
    )
    page.wait_for_selector(".ubc-bot", timeout=WAIT)
    assert page.locator(".ubc-launcher").count() == 0
    assert page.locator("upper-back-chat").count() == 0  # inside the page's element
    assert page.evaluate("!!document.querySelector('#upper-back-chat').shadowRoot")


# The inline mode ------------------------------------------------------------------------


def test_inline_mode_answers_and_keeps_html_as_text(new_page, assistant):
    page = new_page(PHONE)
    page.goto(demo(assistant, "inline.html"))
    page.wait_for_selector(".ubc-bot", timeout=WAIT)
    assert page.locator(".ubc-launcher").count() == 0
    assert page.locator(".ubc-close").count() == 0
    assert "cat-cow stretch" in ask(page, "which stretches help my upper back?", "Stretching")
    payload = "<img src=x onerror=alert(1)>"
    ask(page, payload, "")
    assert page.locator(".ubc-user").last.inner_text().endswith(payload)
    assert page.locator(".ubc-log img").count() == 0
    assert page.dialogs == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "16-inline")
