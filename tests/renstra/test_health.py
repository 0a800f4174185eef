"""GET /health/: database, cache and worker heartbeat (renstra/health.py)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db.utils import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from renstra import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


# The worker closes the connection between jobs (as in production), which ends a test's
# wrapping transaction: tests that run it use a real, committed database.
worker_db = pytest.mark.django_db(transaction=True)


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def _get(client, query=""):
    response = client.get(reverse("health") + query)
    return response, response.json()


def test_no_heartbeat_yet_is_503_and_enqueues_one(client):
    response, body = _get(client)
    assert response.status_code == 503
    assert body["status"] == "fail"
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]
    worker = body["checks"]["worker"]
    assert not worker["ok"] and "db_worker" in worker["error"]
    assert worker["heartbeat_pending"] is True
    assert DBTaskResult.objects.filter(task_path=health.HEARTBEAT_PATH).ready().count() == 1
    # Asked again at once: no second heartbeat job.
    _get(client)
    assert DBTaskResult.objects.filter(task_path=health.HEARTBEAT_PATH).count() == 1
    assert response["Cache-Control"].startswith("max-age=0")


@worker_db
def test_the_worker_running_the_heartbeat_makes_it_healthy(client):
    _get(client)
    _run_worker()
    response, body = _get(client)
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    worker = body["checks"]["worker"]
    assert worker["ok"] and worker["heartbeat_age_seconds"] < 60
    assert worker["queue_ready"] == 0


@worker_db
def test_an_old_heartbeat_is_503(client, settings):
    _get(client)
    _run_worker()
    old = timezone.now() - timedelta(seconds=3 * settings.RENSTRA_WORKER_HEARTBEAT_SECONDS + 5)
    DBTaskResult.objects.filter(task_path=health.HEARTBEAT_PATH).update(finished_at=old)
    cache.clear()
    response, body = _get(client)
    assert response.status_code == 503
    assert "last heartbeat" in body["checks"]["worker"]["error"]
    # A fresh heartbeat was asked for; once the worker runs it, healthy again.
    _run_worker()
    assert _get(client)[0].status_code == 200


@worker_db
def test_heartbeats_are_pruned(client):
    for _ in range(15):
        health.worker_heartbeat.enqueue()
    _run_worker()
    assert DBTaskResult.objects.filter(task_path=health.HEARTBEAT_PATH).count() <= 11


def test_database_down_is_503(client):
    def check_database():
        raise OperationalError("down")

    with mock.patch.dict(health.CHECKS, {"database": check_database}):
        response, body = _get(client)
    assert response.status_code == 503
    database = body["checks"]["database"]
    assert (database["ok"], database["error"]) == (False, "OperationalError: down")
    assert body["checks"]["worker"]["error"] == "database unavailable"


def test_cache_down_is_503(client):
    with mock.patch.object(health.cache, "set", side_effect=ConnectionError("redis down")):
        response, body = _get(client, "?skip=worker")
    assert response.status_code == 503
    assert body["checks"]["cache"]["error"] == "ConnectionError: redis down"
    assert "worker" not in body["checks"]


def test_skip_worker_for_a_load_balancer_probe(client):
    response, body = _get(client, "?skip=worker,unknown")
    assert response.status_code == 200
    assert set(body["checks"]) == {"database", "cache"}


def test_public_and_get_only(client):
    assert client.post(reverse("health")).status_code == 405


@pytest.fixture
def redis_cache(settings, tmp_path):
    """A real Redis server on a free port as the default cache (skipped without one)."""
    import shutil
    import socket
    import subprocess
    import time

    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(  # noqa: S603
        [server, "--port", str(port), "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }
    yield process
    process.kill()
    process.wait()


def test_health_with_redis_then_redis_stopped(client, redis_cache):
    response, body = _get(client, "?skip=worker")
    assert response.status_code == 200, body
    assert body["checks"]["cache"]["backend"] == "RedisCache"
    redis_cache.kill()
    redis_cache.wait()
    response, body = _get(client, "?skip=worker")
    assert response.status_code == 503
    assert "ConnectionError" in body["checks"]["cache"]["error"]
