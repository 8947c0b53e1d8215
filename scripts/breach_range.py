"""A stand-in for the Pwned Passwords range API on loopback, for the backend tests, the browser tests and
`make serve-check`: GET <url>/<5 hex> answers `SUFFIX:COUNT` lines (CRLF), as https://api.pwnedpasswords.com/range/
does, with the suffixes of the given breached passwords (count > 0) and padding lines of count 0 among them.

    python scripts/breach_range.py --port-file /tmp/port "a breached password" ...

prints nothing, listens on 127.0.0.1 (port 0: any free one, written to --port-file once listening) until killed.
In a test: `RangeServer(breached=[...])`; `.mode` makes it hang until closed, answer 500 or answer garbage, drip a
genuine range a byte at a time, or send a genuine range behind megabytes of padding; `.requests` holds the (path,
headers) of each request it saw. Standard library only."""

import argparse
import hashlib
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# What `make serve-check` and the browser tests sign up with to see the field error (and nothing else uses).
DEMO_BREACHED = ("breached demo password 1",)
BREACHED_COUNT = 3861493  # what the corpus says for "password1"; any count > 0 means "seen in a breach"
PADDING_LINES = 5  # the real API pads to 800-1000 lines; a few show the parser ignores count-0 lines
DRIP_PAUSE = 0.05  # seconds between the bytes of "drip": each read is quick, the whole answer takes seconds
HUGE_BYTES = 8 << 20  # padding ahead of the genuine range in "huge": the real API's answers are under 100 KB


def sha1_split(password: str) -> tuple[str, str]:
    """The API's key: upper-case hex SHA-1 of the UTF-8 password, as (5-character prefix, 35-character suffix)."""
    digest = hashlib.sha1(password.encode(), usedforsecurity=False).hexdigest().upper()
    return digest[:5], digest[5:]


class RangeServer:
    """`breached`: passwords listed with a count. `padded`: passwords whose suffix appears with count 0, as padding
    would. `mode`: "ok", "hang" (never answers until close()), "error" (HTTP 500) or "garbage" (200, not a range)."""

    def __init__(self, breached: tuple[str, ...] = DEMO_BREACHED, padded: tuple[str, ...] = (), port: int = 0) -> None:
        self.counts: dict[str, dict[str, int]] = {}
        for passwords, count in ((breached, BREACHED_COUNT), (padded, 0)):
            for password in passwords:
                prefix, suffix = sha1_split(password)
                self.counts.setdefault(prefix, {})[suffix] = count
        self.mode = "ok"
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._closing = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/range/"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def body(self, prefix: str) -> bytes:
        lines = dict(self.counts.get(prefix, {}))
        while len(lines) < len(self.counts.get(prefix, {})) + PADDING_LINES:
            lines.setdefault(secrets.token_hex(18)[:35].upper(), 0)
        return "\r\n".join(f"{suffix}:{count}" for suffix, count in sorted(lines.items())).encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers.items())))
                if server.mode == "hang":
                    server._closing.wait()
                    return
                status, body = 200, b"<html><body>Service Unavailable</body></html>"
                if server.mode == "error":
                    status = 500
                elif server.mode in ("ok", "drip", "huge"):
                    body = server.body(self.path.rsplit("/", 1)[-1])
                padding = b"0" * 35 + b":0\r\n"
                blocks = HUGE_BYTES // (1000 * len(padding)) if server.mode == "huge" else 0
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(blocks * 1000 * len(padding) + len(body)))
                self.end_headers()
                try:
                    for _ in range(blocks):
                        self.wfile.write(padding * 1000)
                    if server.mode != "drip":
                        self.wfile.write(body)
                        return
                    for byte in body:
                        if server._closing.wait(DRIP_PAUSE):
                            return
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                except OSError:  # the client gave up on the answer
                    return

            def log_message(self, format: str, *args: object) -> None:
                return None

        return Handler

    def close(self) -> None:
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("breached", nargs="*", default=list(DEMO_BREACHED))
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", type=Path)
    args = parser.parse_args()
    server = RangeServer(breached=tuple(args.breached), port=args.port)
    if args.port_file:
        args.port_file.write_text(str(server.port), encoding="utf-8")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.close()
        sys.exit(0)


if __name__ == "__main__":
    main()
