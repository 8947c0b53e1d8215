"""`make serve-check`: a fresh `make serve` (scripts/serve.sh) against PostgreSQL and Redis, walked through in a
real browser, then audited.

    .venv/bin/python stress/serve/check.py [--no-build] [--no-audit]

1. Starts scripts/serve.sh exactly as an operator would, with an env file (a throwaway database on the shared
   PostgreSQL server, a private redis-server, fresh secrets, mail written to files), on free loopback ports.
2. The smoke journey in Chromium: sign up, land on /dashboard showing the name, log out, log in, /dashboard again,
   log out; the emailed verification link arrives through the mail worker.
3. stress/audit/audit.py against it (the deployment's ASVS self-test), with the login limit lowered to 30/min so the
   audit's burst meets its 429.
Exits non-zero when any step fails, printing the last lines of make serve's output.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tools.stack import ROOT, Stack, free_port, wait_for

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
READY_TIMEOUT = 600.0  # seconds: the first run builds Next.js on a 2-core machine


def env_file(path: Path, *, database_url: str, redis_url: str, mail_dir: Path, backend: int, frontend: int) -> None:
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
    }
    path.write_text("".join(f"{key}={value}\n" for key, value in settings.items()), encoding="utf-8")


def smoke(url: str, mail_dir: Path) -> None:
    """Sign up, log out, log in, log out, in Chromium; raises on the first step that does not behave."""
    from playwright.sync_api import expect, sync_playwright

    email, password, name = f"serve-{secrets.token_hex(4)}@example.com", secrets.token_urlsafe(16), "Serve Smoke"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        page.goto(f"{url}/dashboard")
        page.wait_for_url("**/login**")
        print("  signed out, /dashboard leads to /login", flush=True)
        page.goto(f"{url}/signup")
        page.get_by_label("Name").fill(name)
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Create account", exact=True).click()
        page.wait_for_url("**/dashboard")
        expect(page.get_by_text(name).first).to_be_visible()
        print("  signed up, /dashboard greets the new account", flush=True)
        page.get_by_role("button", name="Log out").first.click()
        page.wait_for_url("**/login**")
        page.goto(f"{url}/dashboard")
        page.wait_for_url("**/login**")
        print("  logged out, /dashboard leads to /login again", flush=True)
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in", exact=True).click()
        page.wait_for_url("**/dashboard")
        expect(page.get_by_text(name).first).to_be_visible()
        print("  logged in, /dashboard again", flush=True)
        page.get_by_role("button", name="Log out").first.click()
        page.wait_for_url("**/login**")
        browser.close()
    deadline = time.monotonic() + 60
    while not any(email in p.read_text(errors="replace") for p in mail_dir.glob("*") if p.is_file()):
        if time.monotonic() > deadline:
            raise AssertionError(f"no mail to {email} in {mail_dir} within 60 s: is the mail worker running?")
        time.sleep(0.5)
    print("  the mail worker delivered the verification mail", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-build", action="store_true", help="reuse frontend/.next/standalone when present")
    parser.add_argument("--no-audit", action="store_true", help="the smoke journey only")
    args = parser.parse_args()
    with Stack() as stack:
        mail_dir = stack.workdir / "mail"
        mail_dir.mkdir()
        backend, frontend = free_port(), free_port()
        config = stack.workdir / "serve.env"
        env_file(
            config,
            database_url=stack.database(),
            redis_url=stack.redis().url,
            mail_dir=mail_dir,
            backend=backend,
            frontend=frontend,
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
            smoke(url, mail_dir)
            status = 0
            if not args.no_audit:
                audit = [sys.executable, str(ROOT / "stress" / "audit" / "audit.py"), "--url", url]
                status = subprocess.run([*audit, "--api", f"http://localhost:{backend}"], check=False).returncode
            if serve.poll() is not None:
                raise AssertionError(f"make serve exited with status {serve.returncode} during the check")
        except Exception:
            print("--- make serve's output (tail)", file=sys.stderr)
            print("".join(log.read_text(errors="replace").splitlines(keepends=True)[-60:]), file=sys.stderr)
            raise
        return status


if __name__ == "__main__":
    sys.exit(main())
