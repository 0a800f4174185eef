"""A small HTTP client and process launchers for the fault checks (tests/ops and
bench/faults): a real gunicorn serving the application on loopback, a real task worker,
and a client with cookies and Django's CSRF token, on the standard library only."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def database_url(settings_dict: dict) -> str:
    """The DATABASE_URL of a PostgreSQL connection's settings (the test database, for the
    processes a fault check starts)."""
    s = settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    return f"postgres://{s['USER']}{password}@{host}/{s['NAME']}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies, CSRF, no redirects followed (a 302 is an answer to check)."""

    def __init__(self, base: str, timeout: float = 10):
        self.base = base.rstrip("/")
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, bytes]:
        body = None
        headers = {"Accept-Language": "id", "Referer": self.base + path}
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            token = self.csrf_cookie()
            if token:
                headers["X-CSRFToken"] = token
        req = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 - http on loopback
        try:
            with self.opener.open(req, timeout=self.timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def get(self, path: str) -> tuple[int, bytes]:
        return self.request(path)

    def post(self, path: str, data: dict) -> tuple[int, bytes]:
        return self.request(path, data)

    def csrf_cookie(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def login(self, username: str, password: str, path: str = "/masuk/") -> int:
        self.get(path)
        status, _ = self.post(path, {"username": username, "password": password})
        return status


def _environment(database_url: str, settings_module: str, extra_env: dict | None) -> dict:
    """This process's environment pointed at `database_url`, for an application process."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "SECRET_KEY": env.get("SECRET_KEY") or "fault-check-secret-key-not-for-production",
            "SECURE_SSL": "0",
            "TESTING": "1",
            "PYTHONPATH": str(BASE_DIR),
        }
    )
    env.update(extra_env or {})
    return env


def start_gunicorn(
    database_url: str,
    *,
    port: int | None = None,
    workers: int = 1,
    threads: int = 1,
    extra_env: dict | None = None,
    log_path: Path | None = None,
    settings_module: str = "tests.settings",
) -> tuple[subprocess.Popen, str]:
    """gunicorn on 127.0.0.1 serving the application against `database_url`; returns the
    process (own process group) and its base URL once it answers."""
    port = port or free_port()
    env = _environment(database_url, settings_module, extra_env)
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603 - our own interpreter
        [
            sys.executable,
            "-m",
            "gunicorn",
            "renstra.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        stop(process)
        raise RuntimeError("gunicorn did not start within 60 s")
    return process, base


def start_worker(
    database_url: str,
    *,
    worker_id: str,
    batch: bool = False,
    extra_env: dict | None = None,
    log_path: Path | None = None,
    settings_module: str = "tests.settings",
) -> subprocess.Popen:
    """`manage.py db_worker` against `database_url` (own process group), polling every
    0.1 s; with `batch` it exits once the queue is empty."""
    env = _environment(database_url, settings_module, extra_env)
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1"]
    command += ["--no-startup-delay", "--worker-id", worker_id, "--verbosity", "2"]
    if batch:
        command.append("--batch")
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    return subprocess.Popen(  # noqa: S603 - our own interpreter
        command, cwd=BASE_DIR, env=env, stdout=log, stderr=log, start_new_session=True
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, 15)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait(5)
