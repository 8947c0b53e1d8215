"""Three backend nodes behind a local nginx, sharing one PostgreSQL database and one Redis.

    .venv/bin/python stress/multinode/run.py [--nodes 3]

Shows, with assertions (exit 1 on the first failure), that the nodes behave as one service:

1. nginx spreads requests over every node and sets X-Forwarded-For from $remote_addr; the nodes trust only
   nginx's address (DJANGO_TRUSTED_PROXIES=127.0.0.1).
2. A logout, and a session revoke, on one node take effect on every node at once: the access token is refused by
   each node directly (not only through nginx). Checked twice: with a fresh Redis (revocation checks go to the
   database until the cache has been up for an access-token lifetime) and with a Redis that has been up long
   enough to be trusted (revocation checks answered from Redis alone).
3. Rate limits count across nodes: with THROTTLE_RATE_LOGIN=6/min, six logins spread over the nodes exhaust the
   limit, and the seventh, on any node, gets 429 with Retry-After.
4. A client-supplied X-Forwarded-For cannot change the rate-limit identity (through nginx, or directly).
5. `manage.py rotate_signing_key`, run with one node's environment, is seen by all: every node soon signs with
   the new kid, accepts tokens signed with it, lists it in its JWKS, and still accepts tokens of the old key.
6. deploy/nginx.conf (the compose reverse proxy), run as written with its upstream pointed at a node, drops a
   forged X-Forwarded-For: a client that sends a new one with every login is still limited.

Clients connect from distinct loopback addresses (127.0.0.11, .12, ...) so each has its own rate-limit identity,
distinct from nginx's 127.0.0.1. nginx is Debian's package (installed here when missing, as root); it runs as its
own master on a free port with a config in a temporary folder, and is stopped at the end.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tools.stack import VENV_BIN, Service, Stack, free_port, production_env, wait_for  # noqa: E402

LOGIN_LIMIT = 6
GENEROUS = {f"THROTTLE_RATE_{s}": "100000/min" for s in ("REGISTER", "REFRESH", "PASSWORD_RESET", "EMAIL", "ACCOUNT")}
PASSWORD = "copper kettle meadow 7"
TIMEOUT = 15


class CheckFailed(AssertionError):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)
    print(f"  ok   {message}", flush=True)


# ---- HTTP clients with their own source address -------------------------------------------------------------------
class SourceAddressAdapter(HTTPAdapter):
    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def client(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", SourceAddressAdapter(address))
    return session


class Addresses:
    """A new loopback source address for each client that needs its own rate-limit identity."""

    def __init__(self) -> None:
        self.next = 11

    def __call__(self) -> str:
        self.next += 1
        return f"127.0.0.{self.next - 1}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def kid_of(token: str) -> str:
    header = token.split(".")[0]
    return str(json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"])


def sid_of(token: str) -> str:
    payload = token.split(".")[1]
    return str(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["sid"])


# ---- nginx ----------------------------------------------------------------------------------------------------------
# One master in the foreground with -p/-c, private paths only; {{...}} are literal braces for str.format.
NGINX_MAIN = """\
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
"""

NGINX_CONF = (
    "# Written by stress/multinode/run.py.\n"
    + NGINX_MAIN
    + """\
    upstream api {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://api;
            proxy_set_header Host $host;
            # Replace, never append: whatever X-Forwarded-For the client sent is dropped here.
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            # A refused login must not be retried on another node (it would count twice).
            proxy_next_upstream error timeout;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""
)


def ensure_nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("nginx is missing: install Debian's package (apt-get install -y nginx) and run again")
    print("installing nginx (Debian package) ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-q", "nginx"], check=True, env=env, stdout=subprocess.DEVNULL)
    return "/usr/sbin/nginx"


DEPLOY_WRAPPER = (
    "# deploy/nginx.conf, wrapped as the nginx image's main config would wrap it, with local addresses.\n"
    + NGINX_MAIN
    + """\
{body}
}}
"""
)


def start_nginx(
    stack: Stack,
    backends: list[Service],
    *,
    name: str = "nginx",
    deploy_conf: bool = False,
    ready: str = "/api/health/",
) -> Service:
    """Our own nginx master on a free port; with deploy_conf, deploy/nginx.conf with its upstream made local."""
    binary = ensure_nginx()
    prefix = stack.workdir / name
    prefix.mkdir()
    stack.workdir.chmod(0o755)  # the worker process runs as nobody and needs to reach its temp folders
    port = free_port()
    if deploy_conf:
        body = (ROOT / "deploy" / "nginx.conf").read_text()
        for old, new in (
            ("server frontend:3000;", f"server 127.0.0.1:{backends[0].port};"),
            ("listen 80;", f"listen 127.0.0.1:{port};"),
        ):
            if old not in body:
                raise CheckFailed(f"deploy/nginx.conf no longer contains {old!r}: update this test")
            body = body.replace(old, new)
        text = DEPLOY_WRAPPER.format(prefix=prefix, body=body)
    else:
        servers = "\n".join(f"        server 127.0.0.1:{b.port};" for b in backends)
        text = NGINX_CONF.format(prefix=prefix, port=port, servers=servers)
    conf = prefix / "nginx.conf"
    conf.write_text(text)
    flags = ["-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
    subprocess.run([binary, "-t", "-q", *flags], check=True)
    service = Service(name, f"http://127.0.0.1:{port}", port)
    service.process = stack.spawn(name, [binary, *flags])
    wait_for(f"{service.url}{ready}")
    return service


# ---- the checks ---------------------------------------------------------------------------------------------------
class Cluster:
    def __init__(self, nodes: list[Service], proxy: Service, node_env: dict[str, str]) -> None:
        self.nodes, self.proxy, self.node_env = nodes, proxy, node_env
        self.address = Addresses()

    def register(self) -> dict[str, Any]:
        email = f"multi-{uuid.uuid4().hex[:12]}@example.com"
        response = client(self.address()).post(
            f"{self.proxy.url}/api/auth/register/",
            json={"email": email, "password": PASSWORD, "name": "Multi Node"},
            timeout=TIMEOUT,
        )
        check(response.status_code == 201, f"register through nginx -> 201 (got {response.status_code})")
        return {"email": email, **response.json()}

    def login(self, email: str, node: Service | None = None) -> dict[str, Any]:
        url = (node or self.proxy).url
        response = client(self.address()).post(
            f"{url}/api/auth/login/", json={"email": email, "password": PASSWORD}, timeout=TIMEOUT
        )
        if response.status_code != 200:
            raise CheckFailed(f"login on {url} -> {response.status_code} {response.text[:200]}")
        return dict(response.json())

    def me_on_every_node(self, access: str) -> list[int]:
        return [
            requests.get(f"{n.url}/api/auth/me/", headers=bearer(access), timeout=TIMEOUT).status_code
            for n in self.nodes
        ]

    # 1 ---------------------------------------------------------------------------------------------------------------
    def proxy_spreads(self) -> None:
        print("\n[1] nginx in front of every node", flush=True)
        seen = {
            requests.get(f"{self.proxy.url}/api/health/", timeout=TIMEOUT).headers.get("X-Upstream")
            for _ in range(3 * len(self.nodes))
        }
        expected = {f"127.0.0.1:{n.port}" for n in self.nodes}
        check(seen == expected, f"nginx answered from every node: {sorted(seen - {None})}")

    def wait_for_memory_checks(self, timeout: float = 60.0) -> None:
        """Polls each node's health until its workers say they check revocations from pushed memory."""
        deadline = time.monotonic() + timeout
        for node in self.nodes:
            streak = 0
            while streak < 6:  # consecutive answers, so that every worker of the node has been asked
                if time.monotonic() > deadline:
                    raise CheckFailed(f"node {node.url} never switched to in-memory revocation checks")
                health = requests.get(f"{node.url}/api/health/", timeout=TIMEOUT).json()
                streak = streak + 1 if health.get("revocation_check") == "memory" else 0
                time.sleep(0.2)
        check(True, "every node checks revocations from pushed memory (health: revocation_check=memory)")

    # 2 ---------------------------------------------------------------------------------------------------------------
    def revocation(self, label: str) -> None:
        print(f"\n[2] logout and session revoke on one node reach every node at once ({label})", flush=True)
        first, last = self.nodes[0], self.nodes[-1]
        user = self.register()
        check(self.me_on_every_node(user["access"]) == [200] * len(self.nodes), "access token works on every node")
        response = requests.post(f"{first.url}/api/auth/logout/", json={"refresh": user["refresh"]}, timeout=TIMEOUT)
        check(response.status_code == 204, f"logout on node 1 -> 204 (got {response.status_code})")
        statuses = self.me_on_every_node(user["access"])
        check(statuses == [401] * len(self.nodes), f"right after logout, /me on every node -> {statuses}")
        statuses = [
            requests.post(f"{n.url}/api/auth/refresh/", json={"refresh": user["refresh"]}, timeout=TIMEOUT).status_code
            for n in self.nodes
        ]
        check(statuses == [401] * len(self.nodes), f"the logged-out refresh token on every node -> {statuses}")

        one = self.login(user["email"], node=first)
        other = self.login(user["email"], node=last)
        check(self.me_on_every_node(other["access"]) == [200] * len(self.nodes), "a second session works everywhere")
        response = requests.delete(
            f"{self.nodes[1].url}/api/auth/sessions/{sid_of(other['access'])}/",
            headers=bearer(one["access"]),
            timeout=TIMEOUT,
        )
        check(
            response.status_code == 204, f"revoke of the second session on node 2 -> 204 (got {response.status_code})"
        )
        statuses = self.me_on_every_node(other["access"])
        check(
            statuses == [401] * len(self.nodes), f"right after the revoke, its access token on every node -> {statuses}"
        )
        statuses = self.me_on_every_node(one["access"])
        check(statuses == [200] * len(self.nodes), f"the revoking session still works on every node -> {statuses}")

    def trust_cache(self) -> None:
        """Tells the revocation set that Redis has been up for an hour (a restart would erase this key)."""
        code = (
            "import time; from django.core.cache import cache; from usersessions.revocation_feed import SENTINEL_KEY; "
            "cache.set(SENTINEL_KEY, time.time() - 3600, timeout=None)"
        )
        subprocess.run(
            [str(VENV_BIN / "python"), "manage.py", "shell", "-c", code],
            cwd=ROOT / "backend",
            env=self.node_env,
            check=True,
            capture_output=True,
        )

    # 3, 4 ------------------------------------------------------------------------------------------------------------
    def _bad_login(
        self, url: str, session: requests.Session, headers: dict[str, str] | None = None
    ) -> requests.Response:
        # A new unknown email each time, so the per-account lockout never answers instead of the throttle.
        body = {"email": f"nobody-{uuid.uuid4().hex[:10]}@example.com", "password": "wrong password 123"}
        return session.post(f"{url}/api/auth/login/", json=body, headers=headers or {}, timeout=TIMEOUT)

    def rate_limits(self) -> None:
        print(f"\n[3] THROTTLE_RATE_LOGIN={LOGIN_LIMIT}/min counts across nodes", flush=True)
        session = client(self.address())
        per_node = {n.port: 0 for n in self.nodes}
        for i in range(LOGIN_LIMIT):
            node = self.nodes[i % len(self.nodes)]
            response = self._bad_login(node.url, session)
            per_node[node.port] += 1
            check(response.status_code == 401, f"login #{i + 1} on node {i % len(self.nodes) + 1} -> 401")
        check(max(per_node.values()) < LOGIN_LIMIT, f"no node alone saw {LOGIN_LIMIT} logins: {per_node}")
        for index, node in enumerate(self.nodes, 1):
            response = self._bad_login(node.url, session)
            check(
                response.status_code == 429 and response.headers.get("Retry-After", "").isdigit(),
                f"the next login on node {index} -> {response.status_code}, Retry-After "
                f"{response.headers.get('Retry-After')}",
            )

        print(
            "\n[4] the rate-limit identity is the address nginx saw; X-Forwarded-For from clients is ignored",
            flush=True,
        )
        attacker_address, bystander_address = self.address(), self.address()
        attacker = client(attacker_address)
        for _ in range(LOGIN_LIMIT):
            self._bad_login(self.proxy.url, attacker)
        response = self._bad_login(self.proxy.url, attacker)
        check(response.status_code == 429, f"{attacker_address} through nginx after {LOGIN_LIMIT} logins -> 429")
        for spoof in ("203.0.113.9", "127.0.0.1", f"198.51.100.{uuid.uuid4().int % 250}, {bystander_address}"):
            response = self._bad_login(self.proxy.url, attacker, {"X-Forwarded-For": spoof})
            check(response.status_code == 429, f"... with X-Forwarded-For: {spoof} through nginx -> still 429")
        for index, node in enumerate(self.nodes, 1):
            response = self._bad_login(node.url, attacker, {"X-Forwarded-For": "203.0.113.10"})
            check(
                response.status_code == 429,
                f"... directly on node {index} with a forged X-Forwarded-For (untrusted peer) -> still 429",
            )
        response = self._bad_login(self.proxy.url, client(bystander_address))
        check(
            response.status_code == 401,
            f"another client ({bystander_address}) through the same nginx is not limited -> 401",
        )
        upstream_lines = (self.proxy_log()).count(attacker_address)
        check(upstream_lines >= LOGIN_LIMIT + 1, "nginx logged the attacker's real address (its $remote_addr)")

    def proxy_log(self) -> str:
        return (Path(self.node_env["NGINX_PREFIX"]) / "access.log").read_text()

    # 5 ---------------------------------------------------------------------------------------------------------------
    def key_rotation(self) -> None:
        print("\n[5] a signing-key rotation on one node is seen by every node", flush=True)
        user = self.register()
        old_access = user["access"]
        old_kid = kid_of(old_access)
        out = subprocess.run(
            [str(VENV_BIN / "python"), "manage.py", "rotate_signing_key"],
            cwd=ROOT / "backend",
            env=self.node_env,
            check=True,
            capture_output=True,
            text=True,
        )
        new_kid = out.stdout.split()[3].rstrip(";") if out.stdout.startswith("New signing key") else ""
        check(bool(new_kid) and new_kid != old_kid, f"rotate_signing_key with node 1's env: {old_kid} -> {new_kid}")
        for index, node in enumerate(self.nodes, 1):
            jwks = requests.get(f"{node.url}/api/auth/jwks/", timeout=TIMEOUT).json()
            kids = {key["kid"] for key in jwks["keys"]}
            check({old_kid, new_kid} <= kids, f"node {index} publishes both kids in its JWKS")
        # Each process re-reads the active key at most every ACTIVE_KEY_TTL_SECONDS (5 s).
        started = time.monotonic()
        fresh: dict[int, str] = {}
        while len(fresh) < len(self.nodes) and time.monotonic() - started < 15:
            for index, node in enumerate(self.nodes, 1):
                if index not in fresh:
                    token = self.login(user["email"], node=node)["access"]
                    if kid_of(token) == new_kid:
                        fresh[index] = token
            time.sleep(0.5)
        check(
            len(fresh) == len(self.nodes),
            f"every node signs with the new kid within {time.monotonic() - started:.1f} s (limit 15 s)",
        )
        for index, token in fresh.items():
            statuses = self.me_on_every_node(token)
            check(
                statuses == [200] * len(self.nodes),
                f"a new-kid token from node {index} is accepted by every node -> {statuses}",
            )
        statuses = self.me_on_every_node(old_access)
        check(statuses == [200] * len(self.nodes), f"the token signed before the rotation still works -> {statuses}")
        response = requests.post(
            f"{self.nodes[-1].url}/api/auth/refresh/", json={"refresh": user["refresh"]}, timeout=TIMEOUT
        )
        check(
            # Either key may sign the result: the other worker of that node may still be inside its 5 s key cache.
            response.status_code == 200 and kid_of(response.json()["access"]) in (old_kid, new_kid),
            f"an old-key refresh token refreshes on the last node ({response.status_code} {response.text[:120]})",
        )


def deploy_proxy(cluster: Cluster, stack: Stack) -> None:
    """deploy/nginx.conf itself, in a real nginx: its X-Forwarded-For handling keeps forged addresses out."""
    print("\n[6] deploy/nginx.conf drops a forged X-Forwarded-For (its upstream pointed at node 1)", flush=True)
    proxy = start_nginx(stack, cluster.nodes, name="nginx-deploy", deploy_conf=True)
    address = cluster.address()
    forger = client(address)
    for i in range(LOGIN_LIMIT):
        response = cluster._bad_login(proxy.url, forger, {"X-Forwarded-For": f"203.0.113.{i + 1}"})
        if response.status_code != 401:
            raise CheckFailed(f"login #{i + 1} through deploy/nginx.conf -> {response.status_code}")
    response = cluster._bad_login(proxy.url, forger, {"X-Forwarded-For": "203.0.113.200"})
    check(
        response.status_code == 429,
        f"{address} forging a new X-Forwarded-For each time is limited after {LOGIN_LIMIT} logins -> 429",
    )
    response = cluster._bad_login(proxy.url, client(cluster.address()))
    check(response.status_code == 401, "another client through deploy/nginx.conf is not limited -> 401")
    secret = f"SECRET{uuid.uuid4().hex}"
    requests.get(f"{proxy.url}/reset-password?uid=MQ&token={secret}", timeout=TIMEOUT)
    log = stack.workdir / "nginx-deploy.log"
    wait_until = time.monotonic() + 10
    while "/reset-password" not in log.read_text() and time.monotonic() < wait_until:
        time.sleep(0.1)
    text = log.read_text()
    check("/reset-password" in text and secret not in text, "its access log has the path of a reset link, not its key")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=3, choices=(2, 3))
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node")
    args = parser.parse_args()

    started = time.monotonic()
    with Stack() as stack:
        database, redis = stack.database(), stack.redis()
        extra = {"DJANGO_TRUSTED_PROXIES": "127.0.0.1", "THROTTLE_RATE_LOGIN": f"{LOGIN_LIMIT}/min", **GENEROUS}
        nodes = [
            stack.backend(
                database_url=database, redis_url=redis.url, workers=args.workers, migrate=i == 0, extra_env=extra
            )
            for i in range(args.nodes)
        ]
        proxy = start_nginx(stack, nodes)
        node_env = production_env(DATABASE_URL=database, REDIS_URL=redis.url, **stack.secrets, **extra)
        node_env["NGINX_PREFIX"] = str(stack.workdir / "nginx")
        print(
            f"{args.nodes} nodes ({', '.join(n.url for n in nodes)}) behind nginx {proxy.url}; "
            f"PostgreSQL {database.rsplit('/', 1)[-1]} on the shared server, private Redis :{redis.port}"
        )
        cluster = Cluster(nodes, proxy, node_env)
        try:
            cluster.proxy_spreads()
            cluster.revocation("fresh Redis: revocations checked in the database")
            cluster.trust_cache()
            cluster.revocation("Redis trusted: revocations checked in Redis only")
            cluster.wait_for_memory_checks()
            cluster.revocation("revocations pushed to every process: checked in memory, no round trip")
            cluster.rate_limits()
            cluster.key_rotation()
            deploy_proxy(cluster, stack)
        except (CheckFailed, requests.RequestException) as exc:
            print(f"\nFAIL: {exc}")
            print(f"logs of this run (removed at exit): {stack.workdir}")
            for log in sorted(stack.workdir.glob("*.log")):
                print(f"--- {log.name} (tail)\n{log.read_text(errors='replace')[-3000:]}")
            return 1
    print(f"\nPASS: {args.nodes} nodes behave as one service ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
