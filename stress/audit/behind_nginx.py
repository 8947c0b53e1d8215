"""The audit against the compose topology: browser -> nginx (deploy/nginx.conf) -> Next.js -> Django.

    .venv/bin/python stress/audit/behind_nginx.py            # through deploy/nginx.conf: must pass
    .venv/bin/python stress/audit/behind_nginx.py --direct   # browser straight to Next.js: must pass too

As in docker-compose.yml, Django trusts the Next.js server's address (DJANGO_TRUSTED_PROXIES), and Next.js sends
it only the address it vouches for: behind deploy/nginx.conf the last X-Forwarded-For entry (TRUSTED_PROXY_HOPS=1),
reached directly its socket peer (0). Either way the audit's forged X-Forwarded-For lines must PASS. The production
pieces come from tools/stack.py (gunicorn, PostgreSQL, Redis, `next start` of frontend/.next).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "stress" / "multinode"))
from run import start_nginx  # noqa: E402

from tools.stack import VENV_BIN, Stack  # noqa: E402

GENEROUS = {f"THROTTLE_RATE_{s}": "100000/min" for s in ("REGISTER", "REFRESH", "PASSWORD_RESET", "EMAIL", "ACCOUNT")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--direct", action="store_true", help="audit Next.js directly, without nginx in front")
    args = parser.parse_args()
    if not (ROOT / "frontend" / ".next" / "BUILD_ID").exists():
        raise SystemExit("no production build in frontend/.next: run `cd frontend && npm run build` first")
    with Stack() as stack:
        database, redis = stack.database(), stack.redis()
        # The Next.js server connects from loopback here, as 172.30.0.10 does in docker-compose.yml.
        api = stack.backend(
            database_url=database,
            redis_url=redis.url,
            workers=2,
            extra_env={"DJANGO_TRUSTED_PROXIES": "127.0.0.1,::1", "THROTTLE_RATE_LOGIN": "30/min", **GENEROUS},
        )
        web = stack.frontend(api_url=api.url, extra_env={"TRUSTED_PROXY_HOPS": "0" if args.direct else "1"})
        url = web.url
        if not args.direct:
            proxy = start_nginx(stack, [web], name="nginx-deploy", deploy_conf=True, ready="/login")
            url = proxy.url.replace("127.0.0.1", "localhost")
        print(f"web app {url} ({'Next.js directly' if args.direct else 'deploy/nginx.conf -> Next.js'}), API {api.url}")
        audit = subprocess.run(
            [str(VENV_BIN / "python"), str(ROOT / "stress" / "audit" / "audit.py"), "--url", url, "--api", api.url],
            check=False,
        )
    return audit.returncode


if __name__ == "__main__":
    sys.exit(main())
