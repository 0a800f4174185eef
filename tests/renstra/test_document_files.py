"""Document files: request, background render in a limited child, storage, download, verify.

Choice for the task backend in tests: the same database backend as in production
(django-tasks-db). Most tests call the render service directly (`document_render`, what
the task runs); one test goes the whole way: the request enqueues on commit, the real
`db_worker` command runs the queue once in-process, and the file is in storage."""

import hashlib
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from renstra.document import jobs
from renstra.document.storage import live_fingerprint
from renstra.document.worker import RenderFailed
from renstra.models import DocumentFile
from renstra.services.sections import chapter_update
from stages.models import Version
from stages.versions import version_freeze
from tests.renstra import document_standin

STANDIN = "tests.renstra.document_standin.pdf_in_child"


@pytest.fixture
def standin(monkeypatch, media):
    """The stand-in document (until the document package's own is wired in)."""
    import renstra.document

    monkeypatch.setattr(
        renstra.document, "build_document", document_standin.build_document, raising=False
    )
    monkeypatch.setattr(jobs, "RENDER_FUNCTION", STANDIN)


def _request(plan, user, number=None, **kwargs):
    return jobs.document_request(plan=plan, version_number=number, actor=user, **kwargs)


def _rendered(plan, user, number=None):
    document_file = _request(plan, user, number)
    return jobs.document_render(document_file_id=document_file.pk)


def _stored_files(media):
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


@pytest.mark.django_db(transaction=True)
def test_request_enqueues_and_the_worker_renders_once(media, plan, planner):
    version = version_freeze(plan=plan, label="Rancangan awal", actor=planner)

    first = _request(plan, planner, version.number)
    assert first.status == DocumentFile.Status.QUEUED
    assert DBTaskResult.objects.count() == 1  # enqueued on commit (autocommit here)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    first.refresh_from_db()
    assert first.status == DocumentFile.Status.DONE, first.error
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    stored = _stored_files(media)
    assert len(stored) == 1
    data = stored[0].read_bytes()
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == first.sha256
    assert first.size == len(data)
    assert first.pages >= 2

    # The same version again: the same row and file, nothing new enqueued or rendered.
    again = _request(plan, planner, version.number)
    assert again.pk == first.pk
    assert again.status == DocumentFile.Status.DONE
    assert DBTaskResult.objects.count() == 1
    assert _stored_files(media) == stored


def test_request_twice_while_queued_is_one_job(
    standin, plan, planner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = _request(plan, planner)
    with django_capture_on_commit_callbacks(execute=True):
        second = _request(plan, planner)
    assert len(callbacks) == 1
    assert second.pk == first.pk
    assert DBTaskResult.objects.count() == 1
    assert DocumentFile.objects.count() == 1


def test_render_stores_the_file_under_its_hash(standin, media, plan, planner):
    document_file = _rendered(plan, planner)
    assert document_file.status == DocumentFile.Status.DONE
    assert document_file.file.name.endswith(f"/{document_file.sha256}.pdf")
    with document_file.file.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == document_file.sha256
    assert document_file.render_seconds > 0
    assert document_file.verify_token in jobs.verify_url(document_file)


def test_timeout_kills_the_render_and_leaves_no_file(
    monkeypatch, standin, media, settings, plan, planner
):
    settings.RENSTRA_RENDER_TIMEOUT = 1

    def slow(**kwargs):
        document = document_standin.build_document(**kwargs)
        document.sleep = 30
        return document

    import renstra.document

    monkeypatch.setattr(renstra.document, "build_document", slow)
    document_file = _request(plan, planner)
    with pytest.raises(RenderFailed) as caught:
        jobs.document_render(document_file_id=document_file.pk)
    assert caught.value.reason == "timeout"
    document_file.refresh_from_db()
    assert document_file.status == DocumentFile.Status.FAILED
    assert document_file.error.startswith("timeout")
    assert not document_file.file and not document_file.sha256
    assert _stored_files(media) == []

    # Failed is retryable: a new request puts the same row back in the queue.
    again = _request(plan, planner)
    assert again.pk == document_file.pk
    assert again.status == DocumentFile.Status.QUEUED


def test_memory_limit_fails_the_render(monkeypatch, standin, media, settings, plan, planner):
    settings.RENSTRA_RENDER_MAX_MB = 1200

    def greedy(**kwargs):
        document = document_standin.build_document(**kwargs)
        document.allocate_mb = 4000
        return document

    import renstra.document

    monkeypatch.setattr(renstra.document, "build_document", greedy)
    document_file = _request(plan, planner)
    with pytest.raises(RenderFailed) as caught:
        jobs.document_render(document_file_id=document_file.pk)
    assert caught.value.reason == "memory"
    document_file.refresh_from_db()
    assert document_file.status == DocumentFile.Status.FAILED
    assert _stored_files(media) == []


def test_live_draft_key_changes_after_an_edit(standin, plan, planner):
    before = _request(plan, planner)
    fingerprint = live_fingerprint(plan)
    chapter = plan.chapters.get(number=1)
    chapter_update(
        chapter=chapter,
        title=chapter.title,
        body="<p>Teks baru.</p>",
        expected_revision=chapter.revision,
        actor=planner,
    )
    assert live_fingerprint(plan) > fingerprint
    after = _request(plan, planner)
    assert after.pk != before.pk
    assert after.content_key != before.content_key


def test_frozen_version_key_does_not_change_after_an_edit(standin, plan, planner):
    version = version_freeze(plan=plan, label="Beku", actor=planner)
    before = _request(plan, planner, version.number)
    chapter = plan.chapters.get(number=1)
    chapter_update(
        chapter=chapter, title="Baru", body="", expected_revision=chapter.revision, actor=planner
    )
    assert _request(plan, planner, version.number).pk == before.pk


def test_archival_variant_only_for_a_ratified_version(standin, plan, planner):
    draft = version_freeze(plan=plan, label="Draf", actor=planner)
    with pytest.raises(jobs.DocumentUnavailable):
        _request(plan, planner, draft.number, variant=DocumentFile.Variant.ARCHIVAL)
    assert _request(plan, planner, draft.number).variant == DocumentFile.Variant.PDF
    ratified = version_freeze(plan=plan, label="Ditetapkan", kind=Version.Kind.RATIFIED)
    assert _request(plan, planner, ratified.number).variant == DocumentFile.Variant.ARCHIVAL
    with pytest.raises(jobs.DocumentUnavailable):
        _request(plan, planner, 99)


# --- Views -----------------------------------------------------------------------------


def test_download_access(client, standin, plan, planner, outsider):
    document_file = _rendered(plan, planner)
    url = reverse("renstra:document_download", args=[plan.public_id, document_file.pk])

    response = client.get(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]

    client.force_login(outsider)
    assert client.get(url).status_code == 404

    client.force_login(planner)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-SHA256"] == document_file.sha256
    assert "attachment" in response["Content-Disposition"]
    assert document_file.filename in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == document_file.sha256


def test_request_view_and_progress(client, standin, plan, planner, outsider):
    client.force_login(outsider)
    url = reverse("renstra:document_request", args=[plan.public_id])
    assert client.post(url, {"version": ""}).status_code == 404
    assert client.get(reverse("renstra:document_files", args=[plan.public_id])).status_code == 404

    client.force_login(planner)
    assert client.get(reverse("renstra:document_files", args=[plan.public_id])).status_code == 200
    response = client.post(url, {"version": ""})
    document_file = DocumentFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == document_file.get_absolute_url()

    fragment = client.get(document_file.get_absolute_url(), headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert b'hx-trigger="every 2s"' in fragment.content
    assert b"<html" not in fragment.content

    jobs.document_render(document_file_id=document_file.pk)
    fragment = client.get(document_file.get_absolute_url(), headers={"HX-Request": "true"})
    assert b"hx-trigger" not in fragment.content
    download = reverse("renstra:document_download", args=[plan.public_id, document_file.pk])
    assert download.encode() in fragment.content
    page = client.get(document_file.get_absolute_url())
    assert page.status_code == 200 and b"<html" in page.content


def test_download_before_done_is_404(client, standin, plan, planner):
    document_file = _request(plan, planner)
    client.force_login(planner)
    url = reverse("renstra:document_download", args=[plan.public_id, document_file.pk])
    assert client.get(url).status_code == 404


def test_verify_confirms_the_hash_and_rejects_a_modified_file(client, standin, plan, planner):
    document_file = _rendered(plan, planner)
    with document_file.file.open("rb") as fh:
        data = fh.read()

    # Public: no login.
    response = client.get(reverse("verify_code", args=[document_file.sha256]))
    assert response.status_code == 200
    assert "Diterbitkan oleh sistem ini" in response.text
    assert plan.title in response.text
    assert plan.unit.name in response.text
    assert document_file.sha256 in response.text

    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("renstra.pdf", data, content_type="application/pdf")
    response = client.post(reverse("verify"), {"file": upload})
    assert response.status_code == 200
    assert "Diterbitkan oleh sistem ini" in response.text

    modified = bytearray(data)
    modified[len(modified) // 2] ^= 0x01
    upload = SimpleUploadedFile("renstra.pdf", bytes(modified), content_type="application/pdf")
    response = client.post(reverse("verify"), {"file": upload})
    assert "Bukan dokumen yang diterbitkan oleh sistem ini" in response.text
    assert hashlib.sha256(modified).hexdigest() in response.text
    assert plan.title not in response.text

    unknown = hashlib.sha256(bytes(modified)).hexdigest()
    response = client.get(reverse("verify_code", args=[unknown]))
    assert response.status_code == 404
    assert "Bukan dokumen yang diterbitkan oleh sistem ini" in response.text


def test_verify_by_qr_token_names_the_document(client, standin, plan, planner):
    document_file = _rendered(plan, planner)
    response = client.get(reverse("verify_code", args=[document_file.verify_token]))
    assert response.status_code == 200
    assert "Kode QR ini milik dokumen" in response.text
    assert document_file.sha256 in response.text
    assert client.get(reverse("verify_code", args=["dTidakAda"])).status_code == 404


def test_verify_form_and_limits(client, settings, standin, plan, planner):
    assert client.get(reverse("verify")).status_code == 200
    assert client.post(reverse("verify"), {"sha256": "abc"}).status_code == 400
    sha = "a" * 64
    response = client.post(reverse("verify"), {"sha256": sha.upper()})
    assert response.status_code == 302
    assert response["Location"] == reverse("verify_code", args=[sha])
    settings.RENSTRA_VERIFY_MAX_BYTES = 10
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 100)
    assert client.post(reverse("verify"), {"file": upload}).status_code == 413


def test_verify_of_a_failed_or_pending_file_is_not_issued(client, standin, plan, planner):
    document_file = _request(plan, planner)
    response = client.get(reverse("verify_code", args=[document_file.verify_token]))
    assert response.status_code == 404


def test_the_real_document_renders_with_its_qr_code(media, plan, planner):
    """No stand-in: the document package builds the document, the child renders it."""
    version = version_freeze(plan=plan, label="Rancangan awal", actor=planner)
    document_file = _rendered(plan, planner, version.number)
    assert document_file.status == DocumentFile.Status.DONE, document_file.error
    with document_file.file.open("rb") as fh:
        data = fh.read()
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == document_file.sha256
    assert document_file.pages and document_file.pages >= 2
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) == document_file.pages
    last_page = reader.pages[-1].extract_text()
    assert document_file.verify_token in last_page.replace("\n", "")


# A worker that dies mid-render (the process itself, not its render child): its row stops
# being marked; the sweep every worker runs queues it again (tests/ops/test_worker_kill.py
# kills real workers; these pin the rules).


def _as_running(document_file, *, started_ago, beat_ago, attempts=1):
    now = timezone.now()
    DocumentFile.objects.filter(pk=document_file.pk).update(
        status=DocumentFile.Status.RUNNING,
        attempts=attempts,
        started_at=now - timedelta(seconds=started_ago),
        beat_at=now - timedelta(seconds=beat_ago),
    )
    document_file.refresh_from_db()
    if document_file.task_id:
        DBTaskResult.objects.filter(pk=document_file.task_id).update(
            status="RUNNING", worker_ids=["dead-worker"]
        )
    return document_file


def test_sweep_queues_again_a_render_whose_worker_went_silent(
    standin, media, settings, plan, planner, django_capture_on_commit_callbacks
):
    settings.RENSTRA_RENDER_BEAT_SECONDS = 10
    version = version_freeze(plan=plan, label="Rancangan awal", actor=planner)
    with django_capture_on_commit_callbacks(execute=True):
        silent = _request(plan, planner)
        live = _request(plan, planner, version.number)
    silent = _as_running(silent, started_ago=60, beat_ago=31)
    live = _as_running(live, started_ago=60, beat_ago=5)
    lost_task = silent.task_id

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert jobs.reclaim_abandoned() == [silent.pk]
    assert len(callbacks) == 1

    silent.refresh_from_db()
    assert silent.status == DocumentFile.Status.QUEUED
    assert silent.started_at is None and silent.beat_at is None
    assert silent.task_id and silent.task_id != lost_task
    lost = DBTaskResult.objects.get(pk=lost_task)
    assert lost.status == "FAILED" and lost.finished_at is not None
    assert DBTaskResult.objects.get(pk=silent.task_id).status == "READY"
    live.refresh_from_db()
    assert live.status == DocumentFile.Status.RUNNING
    assert DBTaskResult.objects.get(pk=live.task_id).status == "RUNNING"

    done = jobs.document_render(document_file_id=silent.pk)
    assert done.status == DocumentFile.Status.DONE and done.attempts == 2
    assert len(_stored_files(media)) == 1


def test_sweep_fails_a_render_that_used_up_its_attempts(
    standin, settings, plan, planner, django_capture_on_commit_callbacks
):
    settings.RENSTRA_RENDER_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        document_file = _request(plan, planner)
    document_file = _as_running(document_file, started_ago=120, beat_ago=60, attempts=2)
    tasks = DBTaskResult.objects.count()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert jobs.reclaim_abandoned() == [document_file.pk]
    assert callbacks == [] and DBTaskResult.objects.count() == tasks

    document_file.refresh_from_db()
    assert document_file.status == DocumentFile.Status.FAILED
    assert document_file.error.startswith("crashed: the worker stopped")
    # Failed is retryable by hand: a new request queues it again.
    assert _request(plan, planner).status == DocumentFile.Status.QUEUED


def test_sweep_is_off_without_beats(standin, settings, plan, planner):
    settings.RENSTRA_RENDER_BEAT_SECONDS = 0
    document_file = _as_running(_request(plan, planner), started_ago=120, beat_ago=120)
    assert jobs.reclaim_abandoned() == []
    document_file.refresh_from_db()
    assert document_file.status == DocumentFile.Status.RUNNING


def test_request_restarts_a_silent_render_and_waits_for_a_marked_one(
    standin, settings, plan, planner, django_capture_on_commit_callbacks
):
    settings.RENSTRA_RENDER_BEAT_SECONDS = 10
    with django_capture_on_commit_callbacks(execute=True):
        document_file = _request(plan, planner)
    document_file = _as_running(document_file, started_ago=60, beat_ago=5)
    assert _request(plan, planner).status == DocumentFile.Status.RUNNING
    lost_task = _as_running(document_file, started_ago=60, beat_ago=31).task_id
    with django_capture_on_commit_callbacks(execute=True):
        again = _request(plan, planner)
    assert again.pk == document_file.pk and again.status == DocumentFile.Status.QUEUED
    assert DBTaskResult.objects.get(pk=lost_task).status == "FAILED"
    again.refresh_from_db()
    assert DBTaskResult.objects.get(pk=again.task_id).status == "READY"


def test_a_render_taken_over_while_it_ran_drops_its_result(
    monkeypatch, standin, media, plan, planner
):
    """A worker stalled past three beats (a frozen VM) whose row another worker claimed:
    when it wakes up, its result is neither stored nor allowed to overwrite the row."""
    document_file = _request(plan, planner)
    other_claim = timezone.now() + timedelta(seconds=1)
    render = jobs._render_retrying

    def stalled_then_taken_over(row, document, out_path):
        result = render(row, document, out_path)
        DocumentFile.objects.filter(pk=row.pk).update(started_at=other_claim, attempts=2)
        return result

    monkeypatch.setattr(jobs, "_render_retrying", stalled_then_taken_over)
    current = jobs.document_render(document_file_id=document_file.pk)
    assert current.status == DocumentFile.Status.RUNNING
    assert current.started_at == other_claim and not current.sha256
    assert _stored_files(media) == []

    def taken_over_then_failed(row, document, out_path):
        DocumentFile.objects.filter(pk=row.pk).update(started_at=other_claim, attempts=3)
        raise RenderFailed("error", "the document could not be printed")

    DocumentFile.objects.filter(pk=document_file.pk).update(status=DocumentFile.Status.QUEUED)
    monkeypatch.setattr(jobs, "_render_retrying", taken_over_then_failed)
    with pytest.raises(RenderFailed):
        jobs.document_render(document_file_id=document_file.pk)
    document_file.refresh_from_db()
    assert document_file.status == DocumentFile.Status.RUNNING and not document_file.error


@pytest.mark.django_db(transaction=True)
def test_a_render_marks_its_row_while_it_runs_and_only_its_own_claim(settings, plan, planner):
    settings.RENSTRA_RENDER_BEAT_SECONDS = 0.1
    document_file = _as_running(_request(plan, planner), started_ago=0, beat_ago=0)
    claimed_at, first = document_file.started_at, document_file.beat_at
    with jobs._beating(document_file.pk, claimed_at):
        time.sleep(0.6)
    document_file.refresh_from_db()
    assert document_file.beat_at >= first + timedelta(seconds=0.3)

    # Taken over by another claim: this render's marks no longer touch the row.
    marked = document_file.beat_at
    with jobs._beating(document_file.pk, claimed_at - timedelta(seconds=1)):
        time.sleep(0.4)
    document_file.refresh_from_db()
    assert document_file.beat_at == marked
