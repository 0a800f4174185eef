"""Health checks for /health/: the database, the shared cache and the task worker.

The worker's heartbeat is a real job: `worker_heartbeat` is enqueued (at most once per
RENSTRA_WORKER_HEARTBEAT_SECONDS, by whichever web process is asked first) and the
db_worker runs it like any other task. The worker counts as alive while the last heartbeat
it completed is younger than three intervals; the rows live in django-tasks-db's own table,
so every web node sees the same answer."""

import logging
import secrets
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

log = logging.getLogger(__name__)
HEARTBEAT_PATH = "renstra.health.worker_heartbeat"
_ENQUEUE_KEY = "renstra:health:heartbeat-enqueued"
_KEEP_HEARTBEATS = 10


@task()
def worker_heartbeat() -> str:
    """Run by the worker: proves it takes jobs. Prunes old heartbeat rows."""
    keep = (
        DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH)
        .exclude(finished_at=None)
        .order_by("-finished_at")
        .values_list("pk", flat=True)[:_KEEP_HEARTBEATS]
    )
    DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH).exclude(finished_at=None).exclude(
        pk__in=list(keep)
    ).delete()
    return timezone.now().isoformat()


def _timed(check) -> dict[str, Any]:
    started = time.monotonic()
    try:
        result = check()
    except Exception as exc:  # any failure of the dependency is a failed check
        log.warning("health check failed: %s", exc, extra={"check": check.__name__})
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def check_cache() -> dict[str, Any]:
    # A key of its own per probe: with one shared key, concurrent probes overwrite each
    # other between set and get and report a healthy cache as failed (bench/load saw 40%
    # of /health/ answers 503 at 20 concurrent requests).
    token = secrets.token_hex(8)
    key = f"renstra:health:probe:{token}"
    cache.set(key, token, timeout=30)
    read = cache.get(key)
    cache.delete(key)
    if read != token:
        return {"ok": False, "error": "the value written was not read back"}
    backend = str(settings.CACHES["default"]["BACKEND"])
    return {"ok": True, "backend": backend.rsplit(".", 1)[-1]}


def check_worker() -> dict[str, Any]:
    interval = settings.RENSTRA_WORKER_HEARTBEAT_SECONDS
    now = timezone.now()
    heartbeats = DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH)
    last = heartbeats.successful().order_by("-finished_at").values_list("finished_at", flat=True)
    last_done = last.first()
    pending = heartbeats.ready().exists()
    age = (now - last_done).total_seconds() if last_done else None
    if not pending and (age is None or age > interval) and cache.add(_ENQUEUE_KEY, 1, interval):
        worker_heartbeat.enqueue()
        pending = True
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    ok = age is not None and age <= 3 * interval
    result: dict[str, Any] = {
        "ok": ok,
        "last_heartbeat": last_done.isoformat() if last_done else None,
        "heartbeat_age_seconds": round(age, 1) if age is not None else None,
        "heartbeat_pending": pending,
        "queue_ready": ready.count(),
        "queue_oldest_age_seconds": round((now - oldest).total_seconds(), 1) if oldest else None,
    }
    if not ok:
        result["error"] = (
            "no heartbeat completed yet: is `manage.py db_worker` running?"
            if age is None
            else f"last heartbeat {round(age)} s ago (limit {3 * interval} s)"
        )
    return result


CHECKS = {"database": check_database, "cache": check_cache, "worker": check_worker}


def run_checks(skip: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    """Every check's result; the worker check needs the database, so it is skipped (and
    failed) when the database is down."""
    results: dict[str, Any] = {}
    for name, check in CHECKS.items():
        if name in skip:
            continue
        if name == "worker" and not results.get("database", {"ok": True})["ok"]:
            results[name] = {"ok": False, "error": "database unavailable", "ms": 0.0}
            continue
        results[name] = _timed(check)
    return results
