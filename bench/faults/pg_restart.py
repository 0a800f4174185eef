"""PostgreSQL restarted under load: requests fail only during the outage, then recover
without restarting the application, and nothing is half-written.

    .venv/bin/python bench/faults/pg_restart.py [--seconds 24] [--restart-at 8] [--restarts 1]

CAREFUL: this restarts the machine's PostgreSQL server (pg_ctlcluster ... restart), which
every other database on it shares; the outage lasts a few seconds. Never run it from the
test suite (tests/ops/test_db_reconnect.py is the in-suite form: pg_terminate_backend).

What it does, bounded in time and self-stopping:
1. drops and re-creates the database `renstra_faults` (or --database), migrates it, seeds a
   region, a unit, a planner and a plan;
2. starts gunicorn (2 workers x 2 threads, CONN_MAX_AGE 60 with health checks) on a free
   loopback port;
3. runs client threads: readers (plan list, workspace), section editors (GET the editor,
   POST a new body with the revision read), a plan creator (a plan = 1 plan row, 8
   chapters, 13 sections and their history, one transaction) and citizens commenting on an
   open public consultation (a comment and its history record);
4. restarts PostgreSQL at --restart-at seconds, waits until it accepts connections again;
5. stops the clients at --seconds, stops gunicorn and checks:
   - every failed request overlaps the outage (restart start .. ready + 1 s grace);
   - requests succeed again after the outage, with the same gunicorn processes;
   - no half-written rows: every plan has its whole skeleton and one open stage record
     at most, every section's revision = 1 + its edit history records, every save the
     client saw succeed is there (revision - 1 >= acknowledged saves, and at most
     acknowledged + saves whose answer was lost), the same for comments, and every comment
     has its creation history record.
Prints a table and exits 1 when a check fails.
"""

import argparse
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

BASE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE))

from tests.ops.http import Browser, start_gunicorn, stop  # noqa: E402

PG = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "sandi-uji-123"
GRACE = 1.0  # seconds after the server accepts connections again


def sh(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


def prepare(database: str, env: dict) -> None:
    sh("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", database)
    sh("createdb", "-h", "127.0.0.1", "-U", "postgres", database)
    sh(sys.executable, "manage.py", "migrate", "-v", "0", cwd=BASE, env=env)


def seed() -> dict:
    from renstra.services.plans import plan_create
    from renstra.services.roles import role_grant
    from tests.factories import RegionFactory, UnitFactory, UserFactory

    region = RegionFactory()
    unit = UnitFactory(region=region)
    planner = UserFactory(username="perencana_gangguan")
    role_grant(user=planner, role="planner", scope=unit)
    plan = plan_create(
        unit=unit, title="Renstra uji gangguan", start_year=2026, end_year=2030, actor=planner
    )
    sections = list(plan.sections.order_by("pk").values_list("pk", "chapter__number"))
    # An open public consultation on a second plan, for comment writes.
    from datetime import timedelta

    from django.utils import timezone

    from participation.models import Consultation
    from stages.models import Version
    from stages.versions import version_freeze

    consulted = plan_create(
        unit=unit, title="Renstra konsultasi uji", start_year=2026, end_year=2030, actor=planner
    )
    frozen = version_freeze(plan=consulted, label="Konsultasi", kind=Version.Kind.CONSULTATION)
    consultation = Consultation.objects.create(
        plan=consulted,
        version=frozen,
        kind=Consultation.Kind.PUBLIC,
        title="Konsultasi uji gangguan",
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(days=1),
        audience=Consultation.Audience.PUBLIC,
    )
    citizens = [UserFactory(username=f"warga_gangguan_{i}").username for i in range(8)]
    return {
        "citizens": citizens,
        "consultation": consultation.public_id,
        "planner": planner.username,
        "plan": plan.public_id,
        "unit": unit.pk,
        "sections": sections,
    }


class Log:
    def __init__(self):
        self.rows: list[tuple[str, float, float, int]] = []  # kind, start, end, status
        self.lock = threading.Lock()
        self.acked: dict[int, int] = {}  # section pk -> saves answered 302
        self.lost: dict[int, int] = {}  # section pk -> saves whose answer was lost
        self.comments_acked = 0
        self.comments_lost = 0

    def add(self, kind, start, status):
        with self.lock:
            self.rows.append((kind, start, time.monotonic(), status))


def call(log: Log, kind: str, fn):
    start = time.monotonic()
    try:
        status, body = fn()
    except Exception:
        status, body = 0, b""
    log.add(kind, start, status)
    return status, body


def logged_in(base, seeded, timeout, username=None) -> Browser:
    browser = Browser(base, timeout=timeout)
    if browser.login(username or seeded["planner"], PASSWORD) != 302:
        raise SystemExit("could not log in before the load started")
    return browser


def reader(browser, seeded, log, done):
    while not done.is_set():
        call(log, "read", lambda: browser.get(f"/rencana/{seeded['plan']}/"))
        call(log, "read", lambda: browser.get("/rencana/"))


def editor(browser, seeded, log, done, section):
    pk, chapter = section
    url = f"/rencana/{seeded['plan']}/bab/{chapter}/subbab/{pk}/"
    n = 0
    while not done.is_set():
        status, page = call(log, "read", lambda: browser.get(url))
        match = re.search(rb'name="revision" value="(\d+)"', page) if status == 200 else None
        if not match:
            time.sleep(0.05)
            continue
        n += 1
        data = {"title": "Subbab", "body": f"<p>Simpan ke-{n}</p>", "revision": match.group(1)}
        status, _ = call(log, "write", lambda data=data: browser.post(url, data))
        with log.lock:
            if status == 302:
                log.acked[pk] = log.acked.get(pk, 0) + 1
            elif status == 0 or status >= 500:  # the answer was lost: it may have committed
                log.lost[pk] = log.lost.get(pk, 0) + 1


def creator(browser, seeded, log, done):
    n = 0
    while not done.is_set():
        n += 1
        data = {
            "unit": seeded["unit"],
            "title": f"Renstra tambahan {n}",
            "start_year": 2026,
            "end_year": 2030,
        }
        call(log, "write", lambda data=data: browser.post("/rencana/baru/", data))


def commenter(browsers, seeded, log, done):
    """Citizens take turns (each stays under the per-person comment rate limit)."""
    url = f"/partisipasi/konsultasi/{seeded['consultation']}/komentar/kirim/"
    n = 0
    while not done.is_set():
        browser = browsers[n % len(browsers)]
        n += 1
        data = {"target": "plan", "body": f"Komentar ke-{n} saat gangguan"}
        status, _ = call(log, "write", lambda b=browser, d=data: b.post(url, d))
        with log.lock:
            if status == 302:
                log.comments_acked += 1
            elif status == 0 or status >= 500:
                log.comments_lost += 1
        time.sleep(0.6)


def restart_postgres(version: str) -> tuple[float, float]:
    started = time.monotonic()
    sh("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart")
    while subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode:
        time.sleep(0.1)
    return started, time.monotonic()


def consistency(seeded, log) -> list[str]:
    from django.db import connections
    from django.db.models import Count

    from renstra.models import Plan, Section
    from stages.models import StageRecord

    connections.close_all()  # the restart cut this process's connection too
    from renstra.services.plans import SKELETON

    n_sections = sum(len(sections) for _n, _t, sections in SKELETON)
    problems = []
    for plan in Plan.objects.annotate(
        n_chapters=Count("chapters", distinct=True), n_sections=Count("sections", distinct=True)
    ):
        if plan.n_chapters != len(SKELETON) or plan.n_sections != n_sections:
            problems.append(
                f"plan {plan.pk}: {plan.n_chapters} chapters, {plan.n_sections} sections"
            )
        if StageRecord.objects.filter(plan=plan, closed_at__isnull=True).count() > 1:
            problems.append(f"plan {plan.pk}: more than one open stage record")
    edits = dict(
        Section.history.filter(history_type="~")
        .values("id")
        .annotate(n=Count("history_id"))
        .values_list("id", "n")
    )
    for section in Section.objects.all():
        n = edits.get(section.pk, 0)
        if section.revision != 1 + n:
            problems.append(f"section {section.pk}: revision {section.revision}, {n} edits")
        acked, lost = log.acked.get(section.pk, 0), log.lost.get(section.pk, 0)
        if not acked <= section.revision - 1 <= acked + lost:
            problems.append(
                f"section {section.pk}: revision {section.revision}, {acked} saves acknowledged, "
                f"{lost} lost answers"
            )
    from participation.models import Comment

    comments = Comment.objects.filter(consultation__public_id=seeded["consultation"])
    stored = comments.count()
    if not log.comments_acked <= stored <= log.comments_acked + log.comments_lost:
        problems.append(
            f"comments: {stored} stored, {log.comments_acked} acknowledged, "
            f"{log.comments_lost} lost answers"
        )
    recorded = Comment.history.filter(
        history_type="+", consultation_id__in=comments.values("consultation_id")
    ).count()
    if recorded != stored:
        problems.append(f"comments: {stored} stored but {recorded} creation history records")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=24)
    parser.add_argument("--restart-at", type=float, default=8)
    parser.add_argument("--restarts", type=int, default=1)
    parser.add_argument("--after", type=float, default=8, help="seconds of load after")
    parser.add_argument("--database", default="renstra_faults")
    args = parser.parse_args()
    version = sorted(os.listdir("/etc/postgresql"))[-1]

    url = f"{PG}/{args.database}"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="renstra.settings",
        SECRET_KEY=env.get("SECRET_KEY") or "fault-check-secret-key-not-for-production",
        SECURE_SSL="0",
        TESTING="1",
        CONN_MAX_AGE="60",
    )
    os.environ.update(env)
    prepare(args.database, env)
    import django

    django.setup()
    seeded = seed()
    from django.db import connections

    connections.close_all()

    log_path = Path("/tmp") / f"pg_restart_gunicorn_{os.getpid()}.log"
    server, base = start_gunicorn(
        url, workers=2, threads=2, log_path=log_path, settings_module="renstra.settings"
    )
    log, outages, done = Log(), [], threading.Event()
    try:
        browsers = [logged_in(base, seeded, 30) for _ in range(5)]  # log in before the clock
        citizens = [logged_in(base, seeded, 30, name) for name in seeded["citizens"]]
        worker_pids = sorted(sh("pgrep", "-P", str(server.pid)).stdout.split())
        t0 = time.monotonic()
        threads = [
            threading.Thread(target=reader, args=(browsers[i], seeded, log, done)) for i in (0, 1)
        ]
        threads += [
            threading.Thread(target=editor, args=(browsers[2 + i], seeded, log, done, s))
            for i, s in enumerate(seeded["sections"][:2])
        ]
        threads.append(threading.Thread(target=creator, args=(browsers[4], seeded, log, done)))
        threads.append(threading.Thread(target=commenter, args=(citizens, seeded, log, done)))
        for t in threads:
            t.start()
        for i in range(args.restarts):
            at = t0 + args.restart_at * (i + 1)
            time.sleep(max(0.0, at - time.monotonic()))
            outages.append(restart_postgres(version))
        # Run on for --seconds in all, and at least --after seconds past the last outage.
        end = max(t0 + args.seconds, (outages[-1][1] if outages else 0) + args.after)
        time.sleep(max(0.0, end - time.monotonic()))
        done.set()
        for t in threads:
            t.join(args.seconds + 30)
        same_workers = sorted(sh("pgrep", "-P", str(server.pid)).stdout.split()) == worker_pids
    finally:
        done.set()
        stop(server)

    def during(start, end):
        return any(start <= b + GRACE and end >= a for a, b in outages)

    phases = {"before": [0, 0], "outage": [0, 0], "after": [0, 0]}
    stray = []
    for kind, start, end, status in log.rows:
        ok = status in (200, 302)
        if during(start, end):
            phase = "outage"
        elif outages and start > outages[-1][1]:
            phase = "after"
        else:
            phase = "before"
        phases[phase][0 if ok else 1] += 1
        if not ok and phase != "outage":
            stray.append((kind, round(start - t0, 2), status))

    print(f"PostgreSQL {version} restarted {len(outages)}x under load; gunicorn 2x2 on {base}")
    for a, b in outages:
        print(f"  outage {a - t0:6.2f} s .. {b - t0:6.2f} s ({b - a:.2f} s until it accepts again)")
    print(f"{'phase':<8} {'ok':>6} {'failed':>7}")
    for phase, (ok, failed) in phases.items():
        print(f"{phase:<8} {ok:>6} {failed:>7}")
    problems = consistency(seeded, log)
    writes_ok = sum(1 for k, _s, _e, st in log.rows if k == "write" and st in (200, 302))
    print(f"writes acknowledged: {writes_ok}; section saves {dict(log.acked)}")
    print(f"answers lost (may or may not have committed): {dict(log.lost)}")
    print(f"comments acknowledged: {log.comments_acked}, answers lost: {log.comments_lost}")
    print(f"gunicorn workers {worker_pids}, the same after the outage: {same_workers}")
    checks = {
        "failures only during the outage": not stray,
        "requests succeed after the outage": phases["after"][0] > 0,
        "application not restarted": same_workers,
        "nothing half-written": not problems,
    }
    for name, passed in checks.items():
        print(f"  {'PASS' if passed else 'FAIL'}  {name}")
    for item in stray[:10]:
        print("  failure outside the outage:", item)
    for item in problems[:10]:
        print("  inconsistent:", item)
    print(f"gunicorn log: {log_path}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
