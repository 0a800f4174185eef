"""The worker itself killed in the middle of a PDF render (issue 7, faults).

Produced by: real task workers (`manage.py db_worker`, subprocesses on the test database)
render a real document; once the row says it is printing and the worker has render
children, the worker process that claimed the task is SIGKILLed (what the OOM killer, a
deploy or a lost machine does). Checked while it is down: the row is not done, nothing is
stored, the download answers 404, and the render children died with their worker (they
do not run on for nobody). Then the render is finished by another worker — a live one
sweeping (first test) or a new one started after the kill (second) — with exactly one
complete stored file whose hash matches, served whole; the dead worker's task record is
closed as failed. Beats are 0.5 s here (RENSTRA_RENDER_BEAT_SECONDS), so a silent row is
reclaimed after 1.5 s.
"""

import hashlib
import os
import signal
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from renstra.document import jobs
from renstra.models import DocumentFile
from tests.ops.http import database_url, start_worker, stop

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="workers in other processes"),
]

PRINTING = "Mencetak PDF"


@pytest.fixture
def launch(media, tmp_path):
    """Start workers on the test database; every one still running is stopped after."""
    started = []
    env = {
        "MEDIA_ROOT": str(media),
        "RENSTRA_RENDER_CACHE_DIR": str(tmp_path / "render-cache"),
        "RENSTRA_PUBLIC_URL": "https://renstra.example.go.id",
        "RENSTRA_RENDER_BEAT_SECONDS": "0.5",
    }

    def start(worker_id: str, batch: bool = False):
        process = start_worker(
            database_url(connection.settings_dict),
            worker_id=worker_id,
            batch=batch,
            extra_env=env,
            log_path=tmp_path / f"{worker_id}.log",
        )
        started.append(process)
        return process

    yield start
    for process in started:
        stop(process)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out after {seconds:g} s waiting for {what}")


def _stored(media) -> list[Path]:
    return sorted(p for p in Path(media).rglob("*") if p.is_file()) if Path(media).exists() else []


def _printing_in(workers: dict, document_file: DocumentFile):
    """(worker id, process, render children) once a worker is printing the row."""
    row = DocumentFile.objects.get(pk=document_file.pk)
    if row.status != DocumentFile.Status.RUNNING or row.progress != PRINTING or not row.task_id:
        return None
    task = DBTaskResult.objects.get(pk=row.task_id)
    if not task.worker_ids:
        return None
    worker_id = task.worker_ids[-1]
    process = workers[worker_id]
    children = _children(process.pid)
    return (worker_id, process, children) if children else None


def _kill_mid_render(workers, document_file, download, viewer, media):
    worker_id, process, children = _wait(
        lambda: _printing_in(workers, document_file), 120, "a worker printing the document"
    )
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    row = DocumentFile.objects.get(pk=document_file.pk)
    assert row.status == DocumentFile.Status.RUNNING and not row.file and not row.sha256
    assert _stored(media) == []
    assert viewer.get(download).status_code == 404
    _wait(lambda: not any(_alive(pid) for pid in children), 10, "the render children to die")
    return worker_id, row.task_id


def _assert_finished_once(document_file, lost_task_id, media, download, viewer, survivor):
    document_file.refresh_from_db()
    assert document_file.status == DocumentFile.Status.DONE, document_file.error
    assert document_file.attempts == 2
    lost = DBTaskResult.objects.get(pk=lost_task_id)
    assert lost.status == "FAILED"
    assert lost.exception_class_path == "renstra.document.worker.WorkerLost"
    finished = DBTaskResult.objects.get(pk=document_file.task_id)
    assert finished.pk != lost.pk and finished.status == "SUCCESSFUL"
    assert finished.worker_ids == [survivor]
    stored = _stored(media)
    assert len(stored) == 1
    data = stored[0].read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert hashlib.sha256(data).hexdigest() == document_file.sha256
    response = viewer.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data


def _task_ended(document_file) -> bool:
    row = DocumentFile.objects.get(pk=document_file.pk)
    return (
        row.status in {"done", "failed"}
        and DBTaskResult.objects.filter(
            pk=row.task_id, status__in=["SUCCESSFUL", "FAILED"]
        ).exists()
    )


def _request(plan, planner):
    document_file = jobs.document_request(plan=plan, version_number=None, actor=planner)
    download = reverse("renstra:document_download", args=[plan.public_id, document_file.pk])
    viewer = Client()
    viewer.force_login(planner, backend="django.contrib.auth.backends.ModelBackend")
    return document_file, download, viewer


def test_a_live_worker_takes_over_the_render_of_a_killed_one(launch, media, plan, planner):
    workers = {name: launch(name) for name in ("worker-a", "worker-b")}
    document_file, download, viewer = _request(plan, planner)

    killed, lost_task = _kill_mid_render(workers, document_file, download, viewer, media)
    survivor = next(name for name in workers if name != killed)

    _wait(lambda: _task_ended(document_file), 180, "the surviving worker to finish the render")
    _assert_finished_once(document_file, lost_task, media, download, viewer, survivor)
    assert workers[survivor].poll() is None


def test_a_restarted_worker_finishes_the_render_its_predecessor_died_in(
    launch, media, plan, planner
):
    workers = {"worker-1": launch("worker-1")}
    document_file, download, viewer = _request(plan, planner)
    _killed, lost_task = _kill_mid_render(workers, document_file, download, viewer, media)

    time.sleep(2)  # past three missed beats: the row is abandoned
    restarted = launch("worker-2", batch=True)
    assert restarted.wait(180) == 0
    _assert_finished_once(document_file, lost_task, media, download, viewer, "worker-2")
