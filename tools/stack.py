"""Starts pieces of the production configuration on free local ports, for benchmarks, load and fault tests.

    with Stack() as stack:
        db = stack.database()                      # a fresh database on the shared PostgreSQL (127.0.0.1:5432)
        pg = stack.private_postgres()              # or a private cluster on its own port, safe to stop/start
        redis = stack.redis()                      # a private redis-server on its own port
        api = stack.backend(database_url=db, redis_url=redis, workers=2)
        web = stack.frontend(api_url=api.url)      # `next start` of frontend/.next (run `next build` first)

Every process is started in its own process group and stopped (with its children) when the block ends.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PG_BIN = (
    Path("/usr/lib/postgresql")
    / (os.listdir("/usr/lib/postgresql")[0] if Path("/usr/lib/postgresql").exists() else "15")
    / "bin"
)
SHARED_POSTGRES = os.environ.get("STACK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


def _as_postgres(program: str, *args: str) -> list[str]:
    """A PostgreSQL server program run as the postgres user (it refuses to run as root)."""
    return ["runuser", "-u", "postgres", "--", str(PG_BIN / program), *args]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer within {timeout} s")
        time.sleep(0.2)


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"nothing listens on port {port} after {timeout} s")
        time.sleep(0.1)


def production_env(**overrides: str) -> dict[str, str]:
    """Debug off, fresh secrets, plain HTTP on loopback, generous limits unless overridden."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "JWT_", "THROTTLE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        JWT_SIGNING_KEY=secrets.token_urlsafe(64),
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1",
        # Nothing here may call the internet: the breach check is off unless a harness serves it a range on
        # loopback (scripts/breach_range.py; stress/serve/check.py does).
        BREACHED_PASSWORDS_URL="",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


@dataclass
class Service:
    name: str
    url: str
    port: int
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    restart: list[str] = field(default_factory=list)


class Stack:
    def __init__(self, workdir: Path | None = None) -> None:
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="latchkey-stack-"))
        self._processes: list[subprocess.Popen[bytes]] = []
        self._databases: list[str] = []
        self._clusters: list[Path] = []
        self.secrets = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(64), "JWT_SIGNING_KEY": secrets.token_urlsafe(64)}

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- processes ---------------------------------------------------------------------------------------------
    def spawn(
        self,
        name: str,
        command: list[str],
        *,
        env: dict[str, str] | None = None,
        cwd: Path = ROOT,
        user: str | None = None,
    ) -> subprocess.Popen[bytes]:
        log = (self.workdir / f"{name}.log").open("ab")
        if user:
            command = ["runuser", "-u", user, "--", *command]
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self._processes.append(process)
        return process

    def stop(self, process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def close(self) -> None:
        for process in reversed(self._processes):
            self.stop(process)
        for cluster in self._clusters:
            subprocess.run(_as_postgres("pg_ctl", "-D", str(cluster), "stop", "-m", "immediate"), capture_output=True)
        for name in self._databases:
            subprocess.run(
                ["psql", SHARED_POSTGRES + "/postgres", "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
                capture_output=True,
                check=False,
            )
        shutil.rmtree(self.workdir, ignore_errors=True)

    # ---- data stores -------------------------------------------------------------------------------------------
    def database(self, name: str | None = None, *, server: Service | None = None) -> str:
        """A new, empty database on the shared PostgreSQL server (or on `server`, a private_postgres()); dropped at
        the end (a private cluster goes away whole)."""
        name = name or f"latchkey_{uuid.uuid4().hex[:10]}"
        base = server.url.rsplit("/", 1)[0] if server is not None else SHARED_POSTGRES
        subprocess.run(["psql", base + "/postgres", "-qc", f'CREATE DATABASE "{name}"'], check=True)
        if server is None:
            self._databases.append(name)
        return f"{base}/{name}"

    def database_copy(self, url: str) -> str:
        """A new database on the shared server holding what the database at `url` holds now (CREATE DATABASE ...
        TEMPLATE), dropped at the end. PostgreSQL copies only a database nobody is connected to: the source's
        sessions are ended first (an app server's next request connects again: CONN_HEALTH_CHECKS)."""
        source = url.rsplit("/", 1)[1]
        name = f"latchkey_{uuid.uuid4().hex[:10]}"
        sql = (
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{source}' "
            "AND pid <> pg_backend_pid()"
        )
        for attempt in range(5):
            subprocess.run(["psql", SHARED_POSTGRES + "/postgres", "-qAtc", sql], check=True, capture_output=True)
            copy = subprocess.run(
                ["psql", SHARED_POSTGRES + "/postgres", "-qc", f'CREATE DATABASE "{name}" TEMPLATE "{source}"'],
                capture_output=True,
                text=True,
            )
            if copy.returncode == 0:
                self._databases.append(name)
                return f"{SHARED_POSTGRES}/{name}"
            time.sleep(0.2 * (attempt + 1))  # a server connected again between the two statements
        raise RuntimeError(f"could not copy {source}: {copy.stderr.strip()}")

    def private_postgres(self) -> Service:
        """A PostgreSQL cluster of our own on a free port: tests may stop and restart it."""
        port = free_port()
        data = self.workdir / f"pg-{port}"
        data.mkdir()
        shutil.chown(data, "postgres", "postgres")
        self.workdir.chmod(0o755)
        subprocess.run(
            _as_postgres("initdb", "-D", str(data), "-A", "trust", "-U", "postgres"), check=True, capture_output=True
        )
        self._clusters.append(data)
        service = Service("postgres", f"postgres://postgres@127.0.0.1:{port}/postgres", port)
        service.restart = _as_postgres(
            "pg_ctl", "-D", str(data), "-w", "-l", str(data / "server.log"),
            "-o", f"-p {port} -k /tmp -c listen_addresses=127.0.0.1", "start",
        )  # fmt: skip
        self.start_postgres(service)
        return service

    def start_postgres(self, service: Service) -> None:
        subprocess.run(service.restart, check=True, capture_output=True)
        wait_for_port(service.port)

    def stop_postgres(self, service: Service) -> None:
        data = service.restart[service.restart.index("-D") + 1]
        subprocess.run(_as_postgres("pg_ctl", "-D", data, "-w", "stop", "-m", "fast"), check=True, capture_output=True)

    def redis(self) -> Service:
        port = free_port()
        service = Service("redis", f"redis://127.0.0.1:{port}/0", port)
        service.restart = [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.workdir),
        ]
        service.process = self.spawn(f"redis-{port}", service.restart)
        wait_for_port(port)
        return service

    def start_redis(self, service: Service) -> None:
        service.process = self.spawn(f"redis-{service.port}", service.restart)
        wait_for_port(service.port)

    # ---- app servers -------------------------------------------------------------------------------------------
    def backend(
        self,
        *,
        database_url: str,
        redis_url: str = "",
        workers: int = 2,
        port: int | None = None,
        migrate: bool = True,
        extra_env: dict[str, str] | None = None,
        gunicorn_args: list[str] | None = None,
        access_log: bool = True,
        cpus: str | None = None,
    ) -> Service:
        """gunicorn on `database_url`; `cpus`: a taskset CPU list the master and its workers are pinned to."""
        port = port or free_port()
        env = production_env(DATABASE_URL=database_url, REDIS_URL=redis_url, **self.secrets, **(extra_env or {}))
        backend_dir = ROOT / "backend"
        if migrate:
            subprocess.run(
                [str(VENV_BIN / "python"), "manage.py", "migrate", "--noinput", "-v0"],
                cwd=backend_dir,
                env=env,
                check=True,
            )
        command = [
            *(["taskset", "-c", cpus] if cpus else []),
            str(VENV_BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            # Several servers run at once here: gunicorn's default control socket path is one per machine.
            "--no-control-socket",
            *(["--access-logfile", "-"] if access_log else []),
            *(gunicorn_args or []),
        ]
        service = Service("backend", f"http://127.0.0.1:{port}", port)
        service.process = self.spawn(f"backend-{port}", command, env=env, cwd=backend_dir)
        wait_for(f"{service.url}/api/health/")
        return service

    def worker(self, *, database_url: str, extra_env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        env = production_env(DATABASE_URL=database_url, **self.secrets, **(extra_env or {}))
        return self.spawn(
            "worker",
            [str(VENV_BIN / "python"), "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2"],
            env=env,
            cwd=ROOT / "backend",
        )

    def frontend(self, *, api_url: str, port: int | None = None, extra_env: dict[str, str] | None = None) -> Service:
        port = port or free_port()
        env = {
            **os.environ,
            "API_URL": api_url,
            "NEXT_TELEMETRY_DISABLED": "1",
            "NODE_ENV": "production",
            **(extra_env or {}),
        }
        command = ["node", "node_modules/next/dist/bin/next", "start", "-p", str(port), "-H", "127.0.0.1"]
        service = Service("frontend", f"http://localhost:{port}", port)
        service.process = self.spawn(f"frontend-{port}", command, env=env, cwd=ROOT / "frontend")
        wait_for(f"http://127.0.0.1:{port}/")
        return service
