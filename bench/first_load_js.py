"""First-load JavaScript: what a browser fetches to run a page, summed from `frontend/.next/static` (raw and gzip).

    cd frontend && npx next build && cd .. && .venv/bin/python bench/first_load_js.py
    .venv/bin/python bench/first_load_js.py --no-baseline     # skip building the empty app (about 15 s)

Every script the page's HTML references counts (the `<script>` tags and the client-component chunks named in the
RSC payload), except `<script nomodule>`: Next's legacy polyfills, which every browser that runs ES modules skips
without fetching. They are reported on their own. The baseline is an empty Next.js app (one layout, one page)
built from the same node_modules in the same run, so the figure says what the app adds over the framework.

run.py's Next.js section reports the same figures; on its own this script starts only what the pages need
(tools/stack.py: a throwaway database, Redis, gunicorn, `next start`) and one signed-in user for the protected pages.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"

# Issue 14: an empty Next.js 16 page ships about 135 kB; these pages may add 10 kB to it.
TARGET_KB = 145
TARGET_PAGES = ("/login", "/signup", "/dashboard")
PROTECTED = ("/dashboard", "/settings")

_SCRIPT_REF = re.compile(r'/_next/static/([^"\'\s\\]+?\.js)')
_NOMODULE_TAG = re.compile(r"<script\b[^>]*\bnomodule\b[^>]*>", re.IGNORECASE)

# Only what the measurement needs from the app: a root layout and a page, React's strict mode. The app's own
# choices (next-intl, fonts, the CSP) are what is being measured, so they stay out.
_EMPTY_APP = {
    "package.json": '{"name": "first-load-js-baseline", "private": true}\n',
    "next.config.mjs": "export default { reactStrictMode: true, poweredByHeader: false };\n",
    "app/layout.jsx": (
        "export default function RootLayout({ children }) {\n"
        '  return <html lang="en"><body>{children}</body></html>;\n'
        "}\n"
    ),
    "app/page.jsx": "export default function Page() {\n  return <p>Empty</p>;\n}\n",
}


@dataclass(frozen=True)
class Scripts:
    """Bytes of a page's scripts: what module-capable browsers fetch, and the nomodule polyfills apart."""

    raw: int
    gzip: int
    nomodule_raw: int
    nomodule_gzip: int

    @property
    def gzip_kb(self) -> float:
        return self.gzip / 1024


def scripts_in(html: str, static_dir: Path) -> Scripts:
    """Sizes of the scripts `html` references that exist under `static_dir` (a build's `.next/static`)."""
    nomodule = {src for tag in _NOMODULE_TAG.findall(html) for src in _SCRIPT_REF.findall(tag)}
    sizes = {"module": [0, 0], "nomodule": [0, 0]}
    for src in sorted(set(_SCRIPT_REF.findall(html))):
        file = static_dir / src
        if file.exists():
            content = file.read_bytes()
            total = sizes["nomodule" if src in nomodule else "module"]
            total[0] += len(content)
            total[1] += len(gzip.compress(content, 9))
    return Scripts(*sizes["module"], *sizes["nomodule"])


def page_html(port: int, path: str, cookie: str = "") -> tuple[int, str]:
    """(HTTP status, HTML) of a page of `next start` on 127.0.0.1:port, asked for as localhost (the app's host)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": f"localhost:{port}", "Accept": "text/html"}
    if cookie:
        headers["Cookie"] = cookie
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    html = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, html


def page_scripts(port: int, path: str, cookie: str = "") -> tuple[int, Scripts]:
    status, html = page_html(port, path, cookie)
    return status, scripts_in(html, FRONTEND / ".next" / "static")


def app_pages() -> list[str]:
    """The app's pages without parameters, from the build's route manifest."""
    routes = json.loads((FRONTEND / ".next" / "app-path-routes-manifest.json").read_text())
    return sorted(
        {
            route
            for key, route in routes.items()
            if key.endswith("/page") and "[" not in route and not route.startswith("/_")
        }
    )


def cookie_for(page: str, signed_in: str) -> str:
    return signed_in if page.startswith(PROTECTED) else ""


def empty_app_scripts() -> Scripts:
    """Builds an empty Next.js app with the frontend's node_modules and measures its one page.

    The app is made inside frontend/ (a dot-directory, removed afterwards) so that Node and Turbopack resolve `next`
    and `react` from frontend/node_modules as for the app itself; its page is static, so its HTML is read from the
    build without starting a server.
    """
    workdir = Path(tempfile.mkdtemp(prefix=".first-load-js-baseline-", dir=FRONTEND))
    try:
        for name, text in _EMPTY_APP.items():
            (workdir / name).parent.mkdir(parents=True, exist_ok=True)
            (workdir / name).write_text(text)
        subprocess.run(
            ["node", str(FRONTEND / "node_modules" / "next" / "dist" / "bin" / "next"), "build"],
            cwd=workdir,
            check=True,
            capture_output=True,
            env={**os.environ, "NEXT_TELEMETRY_DISABLED": "1", "NODE_ENV": "production"},
        )
        html = (workdir / ".next" / "server" / "app" / "index.html").read_text()
        return scripts_in(html, workdir / ".next" / "static")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def target_rows(number: str, js: dict[str, tuple[int, Scripts]], baseline: Scripts | None) -> list[str]:
    """Rows of run.py's Targets table (| # | Measure | Subject | Baseline | Ratio | Target | Status |)."""
    rows = []
    for page in TARGET_PAGES:
        if page not in js:
            continue
        scripts = js[page][1]
        base = f"{baseline.gzip_kb:.1f} kB" if baseline else "not measured"
        ratio = f"{scripts.gzip / baseline.gzip:.2f}x" if baseline else "-"
        rows.append(
            f"| {number} | First-load JavaScript of {page}, gzip (module scripts; baseline: an empty Next.js app "
            f"built in the same run) | {scripts.gzip_kb:.1f} kB | {base} | {ratio} | <= {TARGET_KB} kB | "
            f"{met(scripts.gzip_kb <= TARGET_KB)} |"
        )
    return rows


def table(js: dict[str, tuple[int, Scripts]], baseline: Scripts | None) -> list[str]:
    lines = [
        "| Page | HTTP status | JS raw kB | JS gzip kB | nomodule polyfills, gzip kB (skipped by modern browsers) |",
        "|---|---|---|---|---|",
    ]
    rows = list(js.items())
    if baseline:
        rows.append(("empty Next.js app (baseline)", (200, baseline)))
    for page, (status, s) in rows:
        lines.append(f"| {page} | {status} | {s.raw / 1024:.1f} | {s.gzip_kb:.1f} | {s.nomodule_gzip / 1024:.1f} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-baseline", action="store_true", help="do not build and measure the empty app")
    args = parser.parse_args()
    if not (FRONTEND / ".next" / "BUILD_ID").exists():
        print("no frontend/.next build: run `cd frontend && npx next build` first", file=sys.stderr)
        return 2
    baseline = None if args.no_baseline else empty_app_scripts()

    # The protected pages need a user the backend knows and a session cookie it accepts.
    import run

    from tools.stack import Stack, production_env

    with Stack() as stack:
        db, redis = stack.database(), stack.redis()
        run.django_setup(production_env(DATABASE_URL=db, REDIS_URL=redis.url, **stack.secrets))
        api = stack.backend(database_url=db, redis_url=redis.url, workers=1, access_log=False)
        from django.contrib.auth.hashers import make_password

        run.users_add(1, 1, make_password(run.PASSWORD))
        pair = run.tokens_mint(1)[0]
        signed_in = f"access={pair.access}; refresh={pair.refresh}"
        web = stack.frontend(api_url=api.url, extra_env={"COOKIE_SECURE": "false"})
        js = {page: page_scripts(web.port, page, cookie_for(page, signed_in)) for page in app_pages()}
        from django.db import connection

        connection.close()

    print("\n".join(table(js, baseline)))
    print()
    print("\n".join(target_rows("7", js, baseline)))
    return 0 if all(js[p][1].gzip_kb <= TARGET_KB for p in TARGET_PAGES if p in js) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
