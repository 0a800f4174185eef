"""The load benchmark: gunicorn on loopback, locust headless, one table.

    .venv/bin/python bench/load/run.py [--seconds 30] [--levels 10 50 100] [--reuse]

Bounded in time and count: (re)creates the database `renstra_load` and seeds it
(bench/load/seed.py: the 10x plan ratified for the portal, the 10x plan under an open
public consultation with 2,000 comments, 400 citizens, a planner, stored PDFs; --reuse
keeps an earlier seed), starts gunicorn (3 workers x 4 threads, Redis cache db 5), then
runs locust:

- reference: the trivial view (/health/?skip=worker: a database and a cache round trip)
  with 20 users and no think time;
- the public plan page alone (/publik/rencana/<id>/), 20 users, no think time;
- the regional mix at each level (users think 0.5-1.5 s between requests): 35% portal
  plan page, 10% consultation page, 15% planner workspace, 15% comment writes, 15% stored
  PDF downloads (public and planner).

Prints requests per second, p50/p95/p99 (ms) and errors per run and per request kind in
the mix, with the machine's load average. Never fails on a number.
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = HERE.parents[1]
sys.path.insert(0, str(BASE))

from tests.ops.http import free_port, stop  # noqa: E402

DB = "renstra_load"
PG = "postgres://postgres@127.0.0.1:5432"


def env_for() -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{PG}/{DB}",
        DJANGO_SETTINGS_MODULE="renstra.settings",
        SECRET_KEY=env.get("SECRET_KEY") or "load-benchmark-secret-key-not-for-production",
        SECURE_SSL="0",
        TESTING="1",  # static files without a collectstatic manifest
        REDIS_URL=env.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/5"),
        CACHE_KEY_PREFIX="renstra_load",
        RENSTRA_REQUIRE_2FA="0",
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(BASE),
        MEDIA_ROOT=str(Path(tempfile.gettempdir()) / "renstra_load_media"),
        LOAD_SEED_FILE=str(Path(tempfile.gettempdir()) / "renstra_load_seed.json"),
    )
    return env


def run(*args, env=None, check=True, **kwargs):
    return subprocess.run(args, check=check, env=env, cwd=BASE, **kwargs)


def seed(env) -> None:
    run("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", DB)
    run("createdb", "-h", "127.0.0.1", "-U", "postgres", DB)
    run(sys.executable, "manage.py", "migrate", "-v", "0", env=env)
    run("redis-cli", "-n", "5", "FLUSHDB", stdout=subprocess.DEVNULL)
    run(sys.executable, str(HERE / "seed.py"), env=env)


def wait_healthy(base: str, seconds: float = 120) -> int:
    deadline = time.monotonic() + seconds
    status = 0
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/health/?skip=worker", timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            pass
        time.sleep(1)
    return status


def locust(base, env, scenario, users, seconds, offset, out: Path) -> dict:
    prefix = out / f"{scenario}-{users}"
    run(
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--only-summary",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "5",
        "--host",
        base,
        "--csv",
        str(prefix),
        "--loglevel",
        "ERROR",
        {"trivial": "TrivialUser", "portal": "PortalUser", "mix": "RegionalUser"}[scenario],
        env={**env, "LOAD_USER_OFFSET": str(offset)},
        check=False,  # locust exits 1 when a request failed: the table shows them
        stdout=subprocess.DEVNULL,
        stderr=open(f"{prefix}.log", "wb"),  # noqa: SIM115
    )
    with open(f"{prefix}_stats.csv") as fh:
        return {row["Name"]: row for row in csv.DictReader(fh)}


def line(label: str, row: dict) -> str:
    def num(key):
        value = row.get(key) or "0"
        return float(value) if value != "N/A" else 0.0

    return (
        f"{label:<34} {num('Requests/s'):>8.1f} {num('50%'):>7.0f} {num('95%'):>7.0f} "
        f"{num('99%'):>7.0f} {int(num('Failure Count')):>7d} {int(num('Request Count')):>8d}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--levels", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database")
    args = parser.parse_args()
    env = env_for()
    if not (args.reuse and Path(env["LOAD_SEED_FILE"]).exists()):
        seed(env)

    port = free_port()
    logs = Path(tempfile.mkdtemp(prefix="renstra-load-"))
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "renstra.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--threads",
            "4",
            "--timeout",
            "60",
        ],
        cwd=BASE,
        env=env,
        stdout=open(logs / "gunicorn.log", "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    results = []
    try:
        health = wait_healthy(base)
        load_before = os.getloadavg()
        rows = locust(base, env, "trivial", 20, min(args.seconds, 20), 0, logs)
        results.append(("reference: /health/, 20 users", rows["Aggregated"]))
        rows = locust(base, env, "portal", 20, min(args.seconds, 20), 0, logs)
        results.append(("portal plan page, 20 users", rows["Aggregated"]))
        offset = 0
        mixes = []
        for users in args.levels:
            rows = locust(base, env, "mix", users, args.seconds, offset, logs)
            offset += users
            results.append((f"mix, {users} users", rows["Aggregated"]))
            mixes.append((users, rows))
        load_after = os.getloadavg()
    finally:
        stop(gunicorn)

    header = (
        f"{'run':<34} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'errors':>7} {'requests':>8}"
    )
    print(f"gunicorn 3 workers x 4 threads on {base}; health before the runs: {health}")
    print(header)
    for label, row in results:
        print(line(label, row))
    for users, rows in mixes:
        print(f"\nmix at {users} users, per request kind:")
        for name, row in rows.items():
            if name != "Aggregated":
                print(line("  " + name, row))
    trivial = float(results[0][1]["Requests/s"] or 0)
    portal = float(results[1][1]["Requests/s"] or 0)
    if trivial:
        print(f"\nportal plan page / trivial view throughput: {portal / trivial:.2f} (aim >= 0.5)")
    print(
        f"load average (1, 5, 15 min) before {tuple(round(x, 1) for x in load_before)}, "
        f"after {tuple(round(x, 1) for x in load_after)}; {os.cpu_count()} cores shared "
        f"with locust itself and other work; logs in {logs}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
