"""A real OpenID Provider for tests: runs frontend/e2e/oidc-provider/server.mjs (npm oidc-provider) under Node."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import tempfile
import threading
import weakref
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl, urljoin, urlsplit

import requests

REPO_ROOT = Path(__file__).resolve().parents[3]
SERVER_SCRIPT = REPO_ROOT / "frontend" / "e2e" / "oidc-provider" / "server.mjs"
HTTP_TIMEOUT = 10
# More than the longest legitimate chain (authorize → login page → resume → consent → resume → client).
MAX_HOPS = 12


class OidcProviderError(RuntimeError):
    pass


class OidcProvider:
    """One harness process. `start()` blocks until it serves; `authorize()` plays the user's browser."""

    def __init__(self, *, start_timeout: float = 20.0) -> None:
        self.start_timeout = start_timeout
        self._process: subprocess.Popen[str] | None = None
        self._workdir: tempfile.TemporaryDirectory[str] | None = None
        self._stderr: IO[str] | None = None
        self._issuer: str | None = None
        self._finalizer: weakref.finalize[..., Any] | None = None

    def start(self, accounts: Mapping[str, Mapping[str, Any]], clients: Sequence[Mapping[str, Any]]) -> None:
        if self._process is not None:
            raise OidcProviderError("the harness is already running")
        node = shutil.which("node")
        if node is None:
            raise OidcProviderError("node is not on PATH: the OpenID Provider harness runs under Node.js")
        self._workdir = tempfile.TemporaryDirectory(prefix="oidc-harness-")
        config = Path(self._workdir.name) / "config.json"
        config.write_text(json.dumps({"accounts": accounts, "clients": list(clients)}))
        # A file, not a pipe: nobody reads stderr while the tests run, and a full pipe would block Node.
        self._stderr = open(Path(self._workdir.name) / "stderr.log", "w+")  # noqa: SIM115
        self._process = subprocess.Popen(  # noqa: S603
            [node, str(SERVER_SCRIPT), "--port", "0", "--config", str(config)],
            cwd=SERVER_SCRIPT.parent,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )
        # Should a test session end without stop(), Node must not outlive it.
        self._finalizer = weakref.finalize(self, self._process.terminate)
        assert self._process.stdout is not None
        ready = self._read_ready_line(self._process.stdout)
        self._issuer = ready["issuer"]

    def _read_ready_line(self, stdout: IO[str]) -> dict[str, Any]:
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
        try:
            line = lines.get(timeout=self.start_timeout)
        except queue.Empty:
            line = ""
        try:
            ready = json.loads(line)
            if not isinstance(ready, dict) or "issuer" not in ready:
                raise ValueError(line)
        except ValueError:
            log = self._stderr_text()
            self.stop()
            raise OidcProviderError(
                f"the OpenID Provider harness did not come up within {self.start_timeout}s "
                f"(stdout: {line!r}); its stderr:\n{log}"
            ) from None
        return ready

    def _stderr_text(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.flush()
        self._stderr.seek(0)
        return self._stderr.read()

    def stop(self) -> None:
        if self._process is not None:
            if self._finalizer is not None:
                self._finalizer.detach()
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            if self._process.stdout is not None:
                self._process.stdout.close()
            self._process = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None
        self._issuer = None

    @property
    def issuer(self) -> str:
        if self._issuer is None:
            raise OidcProviderError("the harness is not running")
        return self._issuer

    @property
    def github_api_url(self) -> str:
        """Base of the GitHub API emulation (`/user`, `/user/emails`); authorize and token are the OIDC endpoints."""
        return f"{self.issuer}/github"

    def tamper(
        self, claims: Mapping[str, Any] | None = None, drop: Sequence[str] = (), foreign_key: bool = False
    ) -> None:
        """Changes the ID token of the next successful token response, once (see server.mjs)."""
        response = requests.post(
            f"{self.issuer}/__test__/tamper",
            json={"claims": dict(claims or {}), "drop": list(drop), "foreign_key": foreign_key},
            timeout=HTTP_TIMEOUT,
        )
        response.raise_for_status()

    def reset(self) -> None:
        requests.post(f"{self.issuer}/__test__/reset", timeout=HTTP_TIMEOUT).raise_for_status()

    def authorize(self, authorization_url: str, login: str = "alice", deny: bool = False) -> dict[str, str]:
        """Signs in as `login` (or denies) and returns the query of the redirect to the client's redirect_uri.

        Only the provider's own pages are requested: the redirect_uri itself is not, so the caller decides what
        to do with the code (usually: hand it to the API under test).
        """
        provider_origin = _origin(self.issuer)
        redirect_uri = dict(parse_qsl(urlsplit(authorization_url).query)).get("redirect_uri")
        browser = requests.Session()
        submitted = False
        response = browser.get(authorization_url, allow_redirects=False, timeout=HTTP_TIMEOUT)
        for _ in range(MAX_HOPS):
            if response.is_redirect:
                target = urljoin(response.url, response.headers["Location"])
                if _origin(target) != provider_origin:
                    if redirect_uri is None or target.split("?", 1)[0] != redirect_uri:
                        raise OidcProviderError(f"the provider redirected to {target}, not to {redirect_uri}")
                    return dict(parse_qsl(urlsplit(target).query))
                response = browser.get(target, allow_redirects=False, timeout=HTTP_TIMEOUT)
                continue
            form = _LoginFormParser.parse(response.text) if response.ok or response.status_code == 400 else None
            if form is None or submitted:
                raise OidcProviderError(
                    f"unexpected page from the provider ({response.status_code} {response.url}): "
                    f"{form.alert if form and form.alert else response.text[:500]}"
                )
            data = {"action": "deny"} if deny else {"login": login, "action": "login"}
            response = browser.post(
                urljoin(response.url, form.action), data=data, allow_redirects=False, timeout=HTTP_TIMEOUT
            )
            submitted = True
        raise OidcProviderError(f"no redirect to the client after {MAX_HOPS} hops")


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


class _LoginFormParser(HTMLParser):
    """Finds the harness's login form (its action) and the error it shows after an unknown login."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.alert = ""
        self._in_alert = False

    @classmethod
    def parse(cls, html: str) -> _LoginFormParser | None:
        parser = cls()
        parser.feed(html)
        return parser if parser.action is not None else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self.action = attributes.get("action") or ""
        self._in_alert = attributes.get("role") == "alert"

    def handle_data(self, data: str) -> None:
        if self._in_alert:
            self.alert += data

    def handle_endtag(self, tag: str) -> None:
        self._in_alert = False
