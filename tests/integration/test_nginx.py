"""The production profile's nginx (ops/nginx.conf, filled in by ops/profile.py) for real on
loopback, in front of stand-in upstream servers that record every request they receive: a
message that reached a server which then died is never sent to another one (so it cannot be
processed twice), a server that refuses connections is still skipped, and per-address request
and connection limits turn a flood away while a reader on another address is served.

Readers come from their own loopback addresses (127.0.0.0/8 all reaches nginx), as readers
on the internet come from theirs."""

from __future__ import annotations

import http.client
import json
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ops.launcher import free_port, wait_until
from ops.profile import Nginx, ensure_installed


class Upstream:
    """A stand-in Rasa server on loopback. mode "ok" answers every POST; "die" reads the whole
    request, records it, and closes the connection without answering (a server killed while
    its turn ran); "hold" answers once `release` is set."""

    def __init__(self, mode: str = "ok"):
        self.mode, self.received, self.release = mode, [], threading.Event()
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                upstream.received.append(json.loads(body)["message"])
                if upstream.mode == "die":
                    self.close_connection = True
                    self.connection.close()
                    return
                if upstream.mode == "hold":
                    upstream.release.wait(60)
                reply = json.dumps([{"text": "ok"}]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module", autouse=True)
def nginx_installed():
    ensure_installed(("nginx",))


@pytest.fixture
def front(tmp_path):
    """nginx from ops/nginx.conf in front of the given upstream ports."""
    started: list[Nginx] = []

    def start(ports: list[int]) -> Nginx:
        nginx = Nginx(Path(tmp_path) / f"nginx-{len(started)}", ports).start()
        started.append(nginx)
        return nginx

    yield start
    for nginx in started:
        nginx.stop()


def post(port: int, message: str, source: str = "127.0.0.1") -> int:
    """POST one REST message to nginx from `source`; the status nginx answers with."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=60, source_address=(source, 0)
    )
    try:
        body = json.dumps({"sender": "reader", "message": message})
        connection.request(
            "POST", "/webhooks/rest/webhook", body, {"Content-Type": "application/json"}
        )
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_a_message_whose_server_died_is_not_sent_to_another(front):
    """nginx must not resend a POST that reached a server: the dying one may have stored the
    turn already, and the other would store and answer it a second time."""
    dying, healthy = Upstream("die"), Upstream("ok")
    try:
        nginx = front([dying.port, healthy.port])
        statuses = {}
        for n in range(20):  # until one message has reached the dying server
            statuses[f"message {n}"] = post(nginx.port, f"message {n}")
            if dying.received:
                break
        assert dying.received, "no message reached the dying server"
        received = Counter(dying.received + healthy.received)
        assert [m for m, times in received.items() if times > 1] == []  # none processed twice
        assert statuses[dying.received[0]] == 502  # the reader is told, not silently retried
        assert all(statuses[m] == 200 for m in healthy.received)
    finally:
        dying.stop()
        healthy.stop()


def test_a_server_that_refuses_connections_is_skipped(front):
    """Nothing was sent to a server that is down (connection refused): the message goes to
    the other one, and the reader sees no error."""
    healthy = Upstream("ok")
    try:
        nginx = front([free_port(), healthy.port])
        statuses = [post(nginx.port, f"message {n}") for n in range(6)]
        assert statuses == [200] * 6
        assert healthy.received == [f"message {n}" for n in range(6)]
    finally:
        healthy.stop()


def test_a_flood_from_one_address_is_refused_while_a_reader_is_served(front):
    """150 requests at once from one address: nginx refuses those over its per-address rate
    and connection limits with 429 (or 503) before they reach a server, while a reader on
    another address sending one message after another gets every answer."""
    upstream = Upstream("hold")
    try:
        nginx = front([upstream.port])
        with ThreadPoolExecutor(150) as pool:
            flood = [pool.submit(post, nginx.port, f"flood {n}", "127.0.0.3") for n in range(150)]
            refused = lambda: sum(1 for f in flood if f.done() and f.result() in (429, 503))  # noqa: E731
            wait_until(lambda: refused() > 0, "a flood request refused", 30, interval=0.05)
            upstream.mode = "ok"  # the reader's answers are not held
            reader = [post(nginx.port, f"reader {n}", "127.0.0.4") for n in range(5)]
            upstream.release.set()
            statuses = Counter(f.result() for f in flood)
        assert reader == [200] * 5
        assert set(statuses) <= {200, 429, 503}
        assert statuses[429] + statuses[503] >= 100, statuses  # most of the flood turned away
        assert len([m for m in upstream.received if m.startswith("flood")]) == statuses[200]
    finally:
        upstream.stop()
