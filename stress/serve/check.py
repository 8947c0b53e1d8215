"""`make serve-check`: a fresh `make serve` (scripts/serve.sh) against PostgreSQL and Redis, walked through in a
real browser, then audited.

    .venv/bin/python stress/serve/check.py [--no-build] [--no-audit]

1. Starts scripts/serve.sh exactly as an operator would, with an env file (a throwaway database on the shared
   PostgreSQL server, a private redis-server, fresh secrets, mail written to files), on free loopback ports.
2. The smoke journey in Chromium: a breached password refused on its field (a range server on loopback,
   scripts/breach_range.py), sign up, land on /dashboard showing the name, log out, log in, /dashboard again,
   log out, reset the forgotten password with the emailed key, log in with the new one, log out; the mails arrive
   through the mail worker.
3. The logs and metrics (stress/serve/logscan.py): every line printed during the journey is JSON, one request id
   spans both servers, no line holds a password, token, cookie value or emailed key; /metrics of both servers
   answer only with METRICS_TOKEN and count the journey's logins (summed over gunicorn's workers).
4. stress/audit/audit.py against it (the deployment's ASVS self-test), with the login limit lowered to 30/min so the
   audit's burst meets its 429.
Exits non-zero when any step fails, printing the last lines of make serve's output.
"""

from __future__ import annotations

import argparse
import email
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from stress.serve.logscan import scan

from tools.stack import ROOT, Stack, free_port, wait_for

sys.path.insert(0, str(ROOT / "scripts"))
from breach_range import DEMO_BREACHED, RangeServer

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
READY_TIMEOUT = 600.0  # seconds: the first run builds Next.js on a 2-core machine
METRICS_TOKEN = secrets.token_urlsafe(32)


def env_file(
    path: Path,
    *,
    database_url: str,
    redis_url: str,
    mail_dir: Path,
    backend: int,
    frontend: int,
    metrics: int,
    breached_passwords_url: str,
) -> None:
    settings = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "JWT_SIGNING_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        # One file per message (EMAIL_FILE_PATH: django-environ reads filemail:///abs/path as a relative path).
        "EMAIL_URL": "filemail://",
        "EMAIL_FILE_PATH": str(mail_dir),
        "FRONTEND_URL": f"http://localhost:{frontend}",
        "HOST": "localhost",
        "BACKEND_PORT": str(backend),
        "FRONTEND_PORT": str(frontend),
        # Plain HTTP on loopback (make serve turns Django's HTTPS redirect off); browsers accept the Secure __Host-
        # cookies on localhost.
        "DJANGO_API_DOCS": "true",
        # The audit trips the login limit on purpose and needs a few dozen attempts before that.
        "THROTTLE_RATE_LOGIN": "30/min",
        "METRICS_TOKEN": METRICS_TOKEN,
        "METRICS_PORT": str(metrics),
        # The breach check runs for real, against a range server on loopback: nothing here calls the internet.
        "BREACHED_PASSWORDS_URL": breached_passwords_url,
    }
    path.write_text("".join(f"{key}={value}\n" for key, value in settings.items()), encoding="utf-8")


def mails_to(mail_dir: Path, address: str) -> list[str]:
    """The decoded text bodies of the mails to `address` (Django's file backend: messages separated by a dash line)."""
    bodies = []
    for path in sorted(mail_dir.glob("*")):
        for raw in re.split(r"\n-{79}\n", path.read_text(errors="replace")):
            message = email.message_from_string(raw)
            if address not in str(message.get("To", "")):
                continue
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    payload = part.get_payload(decode=True)
                    bodies.append(payload.decode(errors="replace") if isinstance(payload, bytes) else str(payload))
    return bodies


def wait_for_link(mail_dir: Path, address: str, path: str) -> str:
    """The first link to `path` mailed to `address`, waiting up to 60 s for the mail worker."""
    deadline = time.monotonic() + 60
    while True:
        for body in mails_to(mail_dir, address):
            match = re.search(rf"https?://[^\s]+{re.escape(path)}\?[^\s]+", body)
            if match:
                return match.group(0)
        if time.monotonic() > deadline:
            raise AssertionError(f"no mail to {address} with a {path} link within 60 s: is the mail worker running?")
        time.sleep(0.5)


def smoke(url: str, mail_dir: Path) -> list[str]:
    """Sign up, log out, log in, log out, reset the password by mail, log in with the new one, log out, in
    Chromium; raises on the first step that does not behave. Returns the journey's secrets: the passwords, the
    cookie values (the tokens among them) and the emailed keys."""
    from playwright.sync_api import expect, sync_playwright

    email_address, password, name = (
        f"serve-{secrets.token_hex(4)}@example.com",
        secrets.token_urlsafe(16),
        "Serve Smoke",
    )
    new_password = secrets.token_urlsafe(16)
    found = [password, new_password, METRICS_TOKEN]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context()
        page = context.new_page()

        def keep_cookies() -> None:
            # Short values (the language) are no secret and would match ordinary words.
            found.extend(cookie["value"] for cookie in context.cookies() if len(cookie.get("value", "")) >= 16)

        def log_in(secret: str) -> None:
            page.get_by_label("Email").fill(email_address)
            page.get_by_label("Password").fill(secret)
            page.get_by_role("button", name="Log in", exact=True).click()
            page.wait_for_url("**/dashboard")
            expect(page.get_by_text(name).first).to_be_visible()
            keep_cookies()

        def log_out() -> None:
            page.get_by_role("button", name="Log out").first.click()
            page.wait_for_url("**/login**")

        page.goto(f"{url}/dashboard")
        page.wait_for_url("**/login**")
        print("  signed out, /dashboard leads to /login", flush=True)
        page.goto(f"{url}/signup")
        page.get_by_label("Name").fill(name)
        page.get_by_label("Email").fill(email_address)
        page.get_by_label("Password").fill(DEMO_BREACHED[0])
        page.get_by_role("button", name="Create account", exact=True).click()
        expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")
        expect(page.get_by_label("Password")).to_have_accessible_description(re.compile("appeared in a data breach"))
        print("  a breached password is refused on its field (range server on loopback)", flush=True)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Create account", exact=True).click()
        page.wait_for_url("**/dashboard")
        expect(page.get_by_text(name).first).to_be_visible()
        keep_cookies()
        print("  signed up, /dashboard greets the new account", flush=True)
        log_out()
        page.goto(f"{url}/dashboard")
        page.wait_for_url("**/login**")
        print("  logged out, /dashboard leads to /login again", flush=True)
        log_in(password)
        print("  logged in, /dashboard again", flush=True)
        log_out()
        page.goto(f"{url}/forgot-password")
        page.get_by_label("Email").fill(email_address)
        page.get_by_role("button", name="Send reset link").click()
        expect(page.get_by_role("main").get_by_role("status")).to_contain_text("If an account uses")
        reset_link = wait_for_link(mail_dir, email_address, "/reset-password")
        page.goto(reset_link)
        page.get_by_label("New password").fill(new_password)
        page.get_by_role("button", name="Set new password").click()
        expect(page.get_by_role("main").get_by_role("status")).to_contain_text("Your password has been changed.")
        page.goto(f"{url}/login")
        log_in(new_password)
        print("  reset the password with the emailed key, logged in with the new one", flush=True)
        log_out()
        browser.close()
    verify_link = wait_for_link(mail_dir, email_address, "/verify-email")
    print("  the mail worker delivered the verification and reset mails", flush=True)
    for link in (verify_link, reset_link):
        found.extend(value for _, value in parse_qsl(urlsplit(link).query) if len(value) >= 8)
    return found


def scrape(url: str, token: str | None) -> tuple[int, str]:
    response = requests.get(url, headers={"Authorization": f"Bearer {token}"} if token else {}, timeout=10)
    return response.status_code, response.text


def check_metrics(api: str, metrics: str, web: str) -> None:
    """Both /metrics refuse a scrape without the token and count the journey with it. gunicorn runs two workers:
    the one answering the scrape reports the logins whichever worker served them (multiprocess mode). The API's
    metrics are on their own port, which serves nothing else."""
    for url in (f"{api}/metrics", f"{metrics}/api/health/"):
        status, _ = scrape(url, METRICS_TOKEN)
        if status != 404:
            raise AssertionError(f"{url} answered {status}, want 404 (METRICS_PORT serves /metrics alone)")
    api = metrics
    for base in (api, web):
        status, _ = scrape(f"{base}/metrics", None)
        if status != 401:
            raise AssertionError(f"{base}/metrics without the token answered {status}, want 401")
    status, body = scrape(f"{api}/metrics", METRICS_TOKEN)
    logins = 'latchkey_http_requests_total{method="POST",route="/api/auth/login/",status="200"} 2.0'
    if status != 200 or logins not in body or 'latchkey_security_events_total{kind="login_succeeded"} 2.0' not in body:
        raise AssertionError(f"the API's /metrics ({status}) does not count the journey's two logins: {logins}")
    status, body = scrape(f"{web}/metrics", METRICS_TOKEN)
    if status != 200 or 'latchkey_web_http_requests_total{method="GET",route="/dashboard",status="200"}' not in body:
        raise AssertionError(f"the Next.js /metrics ({status}) does not count the journey's /dashboard visits")
    print("  /metrics: 401 without the token; both servers counted the journey", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-build", action="store_true", help="reuse frontend/.next/standalone when present")
    parser.add_argument("--no-audit", action="store_true", help="the smoke journey only")
    args = parser.parse_args()
    breach_range = RangeServer()  # threads in this process; gone with it
    with Stack() as stack:
        mail_dir = stack.workdir / "mail"
        mail_dir.mkdir()
        backend, frontend, metrics = free_port(), free_port(), free_port()
        config = stack.workdir / "serve.env"
        env_file(
            config,
            database_url=stack.database(),
            redis_url=stack.redis().url,
            mail_dir=mail_dir,
            backend=backend,
            frontend=frontend,
            metrics=metrics,
            breached_passwords_url=breach_range.url,
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "JWT_", "THROTTLE_"))}
        env.update(ENV_FILE=str(config), SERVE_SKIP_BUILD="true" if args.no_build else "false")
        serve = stack.spawn("serve", ["bash", str(ROOT / "scripts" / "serve.sh")], env=env)
        log = stack.workdir / "serve.log"
        url = f"http://localhost:{frontend}"
        try:
            wait_for(f"http://127.0.0.1:{backend}/api/health/", timeout=READY_TIMEOUT)
            wait_for(f"{url}/login", timeout=READY_TIMEOUT)
            print(f"make serve is up: {url}", flush=True)
            journey_start = log.stat().st_size
            found = smoke(url, mail_dir)
            journey = log.read_bytes()[journey_start:].decode(errors="replace").splitlines()[1:]  # [0]: maybe partial
            check_metrics(f"http://127.0.0.1:{backend}", f"http://127.0.0.1:{metrics}", url)
            status = 0
            if not args.no_audit:
                audit = [sys.executable, str(ROOT / "stress" / "audit" / "audit.py"), "--url", url]
                status = subprocess.run([*audit, "--api", f"http://localhost:{backend}"], check=False).returncode
            if serve.poll() is not None:
                raise AssertionError(f"make serve exited with status {serve.returncode} during the check")
            counts, example = scan(journey, log.read_text(errors="replace").splitlines(), found)
            print(f"  logs: every journey line is JSON, no secret in any line, {counts}; one request id:", flush=True)
            print("\n".join(f"    {line}" for line in example), flush=True)
        except Exception:
            print("--- make serve's output (tail)", file=sys.stderr)
            print("".join(log.read_text(errors="replace").splitlines(keepends=True)[-60:]), file=sys.stderr)
            raise
        return status


if __name__ == "__main__":
    sys.exit(main())
