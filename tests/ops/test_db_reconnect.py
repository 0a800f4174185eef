"""The application's database connections cut (issue 7, faults; the in-suite form of
"PostgreSQL restarted": bench/faults/pg_restart.py restarts the server itself).

Produced by: a real gunicorn (one worker, one thread, so one persistent connection,
CONN_MAX_AGE > 0) serves the test database; a planner reads the workspace and saves a
section; then every backend of the test database other than the test's own is ended with
pg_terminate_backend (what a PostgreSQL restart or a failover does to the application).
The very next requests (a read and a write) must succeed without restarting the
application: Django's connection health check (CONN_HEALTH_CHECKS) finds the dead
connection at the start of the request and opens a new one.
"""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from renstra.models import Section
from tests.conftest import PASSWORD
from tests.ops.http import Browser, database_url, start_gunicorn, stop

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL backends"),
]


def _terminate_others() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def _revision(body: bytes) -> str:
    return re.search(rb'name="revision" value="(\d+)"', body).group(1).decode()


def test_requests_recover_after_the_connections_are_cut(plan, planner, tmp_path):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    section = Section.objects.get(plan=plan, number="1.1")
    workspace = reverse("renstra:workspace", args=[plan.public_id])
    editor = reverse(
        "renstra:section_detail", args=[plan.public_id, section.chapter.number, section.pk]
    )
    server, base = start_gunicorn(
        database_url(connection.settings_dict), log_path=tmp_path / "gunicorn.log"
    )
    try:
        browser = Browser(base)
        assert browser.login(planner.username, PASSWORD) == 302
        assert browser.get(workspace)[0] == 200
        status, page = browser.get(editor)
        assert status == 200
        data = {"title": section.title, "body": "<p>Sebelum</p>", "revision": _revision(page)}
        assert browser.post(editor, data)[0] == 302

        assert _terminate_others() >= 1  # the server's persistent connection

        status, page = browser.get(editor)
        assert status == 200, page[:500]
        data = {"title": section.title, "body": "<p>Sesudah</p>", "revision": _revision(page)}
        assert browser.post(editor, data)[0] == 302
        assert browser.get(workspace)[0] == 200
    finally:
        stop(server)
    section.refresh_from_db()
    assert (section.body, section.revision) == ("<p>Sesudah</p>", 3)
    log = (tmp_path / "gunicorn.log").read_text()
    assert "Traceback" not in log, log[-3000:]
