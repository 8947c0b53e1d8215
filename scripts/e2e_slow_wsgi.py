"""Django behind a queue, for frontend/e2e/slow-backend.spec.ts only; the app never imports this.

A sign-in (login or signup) from a browser whose user agent contains E2E_SLOW_MARKER waits E2E_SLOW_SECONDS before
Django sees it, as a request does that queues behind a busy server. When Django has answered it, the path and the
status are appended to E2E_SLOW_LOG, so the test knows the late request was processed, and what came of it.
"""

import os
import time
from typing import Any

from config.wsgi import application as django_application

MARKER = os.environ.get("E2E_SLOW_MARKER", "latchkey-e2e-slow")
DELAY = float(os.environ.get("E2E_SLOW_SECONDS", "0"))
LOG = os.environ.get("E2E_SLOW_LOG", "")
SIGN_INS = {"/api/auth/login/", "/api/auth/register/"}


def application(environ: dict[str, Any], start_response: Any) -> Any:
    slow = (
        environ.get("REQUEST_METHOD") == "POST"
        and environ.get("PATH_INFO") in SIGN_INS
        and MARKER in environ.get("HTTP_USER_AGENT", "")
    )
    if not slow:
        return django_application(environ, start_response)
    time.sleep(DELAY)
    statuses: list[str] = []

    def recording_start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
        statuses.append(status.split(" ", 1)[0])
        return start_response(status, headers, exc_info)

    body = django_application(environ, recording_start_response)
    if LOG:
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(f"{environ['PATH_INFO']} {statuses[0] if statuses else '?'}\n")
    return body
