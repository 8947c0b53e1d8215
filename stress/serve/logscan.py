"""The log audit of `make serve-check` (README "Observability"): what the three processes printed while a user
signed up, logged in, reset a forgotten password with the emailed key and logged out.

- every line printed during the journey is one JSON object (the request logs of gunicorn/Django and Next.js, the
  mail worker's lines);
- both servers wrote a request line, and one user action is one request id across both (Next.js passes its id to
  Django as X-Request-ID);
- no line of the whole run holds a secret of the journey: the passwords, a token or any other cookie value, an
  emailed key, the metrics token.
"""

from __future__ import annotations

import json
from collections.abc import Iterable


def scan(
    journey_lines: Iterable[str], all_lines: Iterable[str], secrets: Iterable[str]
) -> tuple[dict[str, int], list[str]]:
    """Raises AssertionError naming the first broken rule (and the line number, never the secret). Returns counts
    of request lines per server, and an example: the two servers' lines of one request id (a login if any)."""
    api_ids: dict[str, str] = {}
    web_ids: dict[str, str] = {}
    for number, line in enumerate(journey_lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            raise AssertionError(f"journey line {number} is not JSON: {line[:200]!r}") from None
        if not isinstance(record, dict):
            raise AssertionError(f"journey line {number} is JSON but not an object")
        if record.get("logger") == "latchkey.request" and record.get("request_id"):
            api_ids.setdefault(str(record["request_id"]), line)
        elif record.get("service") == "latchkey-web" and record.get("request_id"):
            web_ids.setdefault(str(record["request_id"]), line)
    if not api_ids or not web_ids:
        raise AssertionError(f"request lines: {len(api_ids)} from Django, {len(web_ids)} from Next.js; want both")
    shared = sorted(set(api_ids) & set(web_ids), key=lambda rid: "/api/auth/login/" not in api_ids[rid])
    if not shared:
        raise AssertionError("no request id appears in both servers' request logs: X-Request-ID is not passed on")
    wanted = sorted({secret for secret in secrets if len(secret) >= 8})
    for number, line in enumerate(all_lines, 1):
        for index, secret in enumerate(wanted):
            if secret in line:
                raise AssertionError(f"log line {number} holds secret #{index} of the journey (not shown here)")
    counts = {"django_requests": len(api_ids), "nextjs_requests": len(web_ids), "shared_ids": len(shared)}
    return counts, [web_ids[shared[0]], api_ids[shared[0]]]
