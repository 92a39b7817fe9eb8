"""Stand-ins for the Slack Web API and the Telegram Bot API: real HTTP servers on loopback
that record every call and answer as the real APIs do, so the tests can read what the
assistant sent."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class StandIn:
    """Records POSTs; answers {"ok": true, "result": results[method]} (Telegram's shape) or
    {"ok": true, ...results[method]} (Slack's shape) by the last part of the path."""

    def __init__(self, results: dict[str, object], telegram: bool):
        self.calls: list[dict] = []
        self.lock = threading.Lock()
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw or b"{}")
                else:
                    body = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                method = self.path.rstrip("/").rsplit("/", 1)[-1]
                with standin.lock:
                    standin.calls.append(
                        {
                            "method": method,
                            "path": self.path,
                            "headers": dict(self.headers),
                            "body": body,
                        }
                    )
                result = results.get(method, True)
                payload = (
                    {"ok": True, "result": result}
                    if telegram
                    else {"ok": True, **(result if isinstance(result, dict) else {})}
                )
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def of(self, method: str) -> list[dict]:
        with self.lock:
            return [c for c in self.calls if c["method"] == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 20) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.of(method)) >= count:
                return self.of(method)
            time.sleep(0.1)
        raise AssertionError(f"{method} was called {len(self.of(method))} times, not {count}")

    def wait_until(self, method: str, predicate, timeout: float = 20) -> dict:
        """The first call of `method` whose body satisfies `predicate`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [c for c in self.of(method) if predicate(c["body"])]
            if found:
                return found[0]
            time.sleep(0.1)
        raise AssertionError(f"no {method} call matched: {self.of(method)}")

    def clear(self) -> None:
        with self.lock:
            self.calls.clear()

    def stop(self) -> None:
        self.server.shutdown()
