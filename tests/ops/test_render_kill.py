"""The render killed in the middle (issue 7, faults).

Produced by: the real background worker (`manage.py db_worker --batch`) runs the render
task; a watcher thread SIGKILLs the render child process while it renders (after it has
signalled that it started, before it has written anything). Checked while the render is
down: the row is not done, nothing is in storage, the download view answers 404 (never a
partial file). Then: the task retries the render in a new child and completes; exactly
one complete file is stored, its hash matches, the download serves all of it.
"""

import hashlib
import os
import signal
import subprocess
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from renstra.document import jobs, worker
from renstra.document.worker import RenderFailed
from renstra.models import DocumentFile
from tests.renstra import document_standin

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def slow_render(monkeypatch, media, tmp_path):
    """The stand-in document whose render child marks its start in `marker` and is slow."""
    import renstra.document

    marker = tmp_path / "render-started"

    def build(**kwargs):
        document = document_standin.build_document(**kwargs)
        document.version_label = str(marker)
        return document

    monkeypatch.setattr(renstra.document, "build_document", build, raising=False)
    monkeypatch.setattr(jobs, "RENDER_FUNCTION", "tests.ops.render_standin.pdf_in_child")
    return marker


@pytest.fixture
def children(monkeypatch):
    """Every render child process started, in order."""
    started: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def popen(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        started.append(process)
        return process

    monkeypatch.setattr(worker.subprocess, "Popen", popen)
    return started


def _renders_started(marker) -> int:
    return len(marker.read_text().splitlines()) if marker.exists() else 0


def _stored(media):
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def _killer(children, marker, kills: int, observed: list, check=None):
    """Kill the first `kills` render children mid-render (SIGKILL), recording what was
    observable right after each kill (via `check`)."""

    def run():
        try:
            kill_all()
        finally:
            connections.close_all()

    def kill_all():
        for n in range(1, kills + 1):
            deadline = time.monotonic() + 60
            while _renders_started(marker) < n or len(children) < n:
                if time.monotonic() > deadline:
                    observed.append("timeout waiting for render")
                    return
                time.sleep(0.05)
            os.kill(children[n - 1].pid, signal.SIGKILL)
            children[n - 1].wait(10)
            if check:
                observed.append(check())

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_killed_render_is_retried_by_the_worker_and_completes(
    media, slow_render, children, plan, planner
):
    document_file = jobs.document_request(plan=plan, version_number=None, actor=planner)
    download = reverse("renstra:document_download", args=[plan.public_id, document_file.pk])
    viewer = Client()
    viewer.force_login(planner, backend="django.contrib.auth.backends.ModelBackend")

    def while_down():
        row = DocumentFile.objects.get(pk=document_file.pk)
        response = viewer.get(download)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return {
            "status": row.status,
            "file": row.file.name,
            "stored": _stored(media),
            "download": response.status_code,
            "pdf_served": body.startswith(b"%PDF"),
        }

    observed: list = []
    thread = _killer(children, slow_render, 1, observed, while_down)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    thread.join(30)

    assert observed == [
        {"status": "running", "file": "", "stored": [], "download": 404, "pdf_served": False}
    ]
    assert children[0].returncode == -signal.SIGKILL
    assert len(children) == 2 and _renders_started(slow_render) == 2

    document_file.refresh_from_db()
    assert document_file.status == DocumentFile.Status.DONE, document_file.error
    assert document_file.attempts == 2
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    stored = _stored(media)
    assert len(stored) == 1
    data = stored[0].read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert hashlib.sha256(data).hexdigest() == document_file.sha256
    assert document_file.size == len(data)

    response = viewer.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data


def test_render_killed_every_time_fails_cleanly_and_a_new_request_restarts_it(
    media, settings, slow_render, children, plan, planner
):
    settings.RENSTRA_RENDER_ATTEMPTS = 2
    document_file = jobs.document_request(plan=plan, version_number=None, actor=planner)
    observed: list = []
    thread = _killer(children, slow_render, 2, observed)
    with pytest.raises(RenderFailed) as caught:
        jobs.document_render(document_file_id=document_file.pk)
    thread.join(30)
    assert caught.value.reason == "crashed"
    assert observed == []
    document_file.refresh_from_db()
    assert document_file.status == DocumentFile.Status.FAILED
    assert document_file.error.startswith("crashed")
    assert document_file.attempts == 2
    assert not document_file.file and not document_file.sha256
    assert _stored(media) == []
    viewer = Client()
    viewer.force_login(planner, backend="django.contrib.auth.backends.ModelBackend")
    download = reverse("renstra:document_download", args=[plan.public_id, document_file.pk])
    assert viewer.get(download).status_code == 404

    again = jobs.document_request(plan=plan, version_number=None, actor=planner)
    assert again.pk == document_file.pk and again.status == DocumentFile.Status.QUEUED
    done = jobs.document_render(document_file_id=again.pk)
    assert done.status == DocumentFile.Status.DONE and len(_stored(media)) == 1
