"""PDF render jobs: request a document, render it in the background, keep the file.

`document_request` is the service the views call; `render_document_file` is the task
(django.tasks, kept in the database by django-tasks-db and run by `manage.py db_worker`).
The task reads the content, builds the document and hands it to a child process that has a
time and a memory limit (`worker.render_in_child`); the file is stored under its SHA-256.

The core does not import the stages app: versions are described and their content is read
through two providers it registers (`renstra.providers`):

- "document_versions": callable(plan) -> list[VersionInfo], every frozen version;
- "document_content": callable(plan, number | None) -> the content (`PlanContent`) of
  version `number`, or of the live draft when None.
"""

import inspect
import logging
import re
import tempfile
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.db.models import Q
from django.tasks import TaskResultStatus, task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from ..errors import RenstraError
from ..models import DocumentFile, Plan
from ..providers import collect, providers
from .storage import content_key, file_sha256, store_rendered
from .worker import RenderFailed, render_in_child

logger = logging.getLogger(__name__)

# How long a "running" row may go without finishing before a new request starts again
# (its worker died): the render time limit plus a margin for reading and storing.
STALE_MARGIN = timedelta(minutes=2)
# What the render child calls: (document, pdf_variant) -> (bytes, info). A dotted path,
# because the child is a fresh interpreter that imports it.
DEFAULT_RENDER_FUNCTION = "renstra.document.jobs.pdf_in_child"
RENDER_FUNCTION = DEFAULT_RENDER_FUNCTION


class DocumentUnavailable(RenstraError):
    """The version asked for does not exist, or the variant is not offered for it."""


@dataclass(frozen=True)
class VersionInfo:
    """A frozen version as the stages app describes it to the core."""

    number: int
    label: str
    frozen_at: datetime
    kind: str = ""
    ratified: bool = False


def plan_versions(plan: Plan) -> list[VersionInfo]:
    """Every frozen version of `plan` (from the "document_versions" providers), oldest first."""
    return sorted(collect("document_versions", plan), key=lambda v: v.number)


def version_info(plan: Plan, number: int) -> VersionInfo | None:
    return next((v for v in plan_versions(plan) if v.number == number), None)


def _content_of(plan: Plan, number: int | None):
    found = providers("document_content")
    if not found:
        raise DocumentUnavailable(_("Tidak ada penyedia isi versi (aplikasi tahapan)."))
    return found[0](plan, number)


def _document_version() -> str:
    from renstra import document

    return str(getattr(document, "RENDERER_VERSION", ""))


def default_variant(info: VersionInfo | None) -> str:
    """Ratified versions are archived (PDF/A, tagged); everything else is a plain PDF."""
    if info is not None and info.ratified:
        return DocumentFile.Variant.ARCHIVAL
    return DocumentFile.Variant.PDF


def _pdf_variant(variant: str) -> str | None:
    return None if variant == DocumentFile.Variant.PDF else variant


def verify_url(document_file: DocumentFile) -> str:
    """The absolute address of the document's verify page (what its QR code encodes)."""
    base = settings.RENSTRA_PUBLIC_URL or document_file.site_url.rstrip("/")
    return base + reverse("verify_code", args=[document_file.verify_token])


def _silence_limit() -> timedelta | None:
    """How long a running row may go without its worker's mark (three beats); None when
    the marks are switched off (RENSTRA_RENDER_BEAT_SECONDS=0)."""
    beat = float(settings.RENSTRA_RENDER_BEAT_SECONDS)
    return timedelta(seconds=3 * beat) if beat > 0 else None


def _is_stale(document_file: DocumentFile, now: datetime) -> bool:
    """A pending row whose render can no longer finish: its worker died while running
    (no mark for three beats, or running past the time limit), or its task ended without
    marking the row (it crashed before it could)."""
    if document_file.status == DocumentFile.Status.RUNNING:
        if document_file.started_at is None:
            return True
        limit = timedelta(seconds=settings.RENSTRA_RENDER_TIMEOUT) + STALE_MARGIN
        if document_file.started_at < now - limit:
            return True
        silence = _silence_limit()
        last = document_file.beat_at or document_file.started_at
        return silence is not None and last < now - silence
    if document_file.status == DocumentFile.Status.QUEUED and document_file.task_id:
        try:
            result = render_document_file.get_result(document_file.task_id)
        except Exception:  # the task row was pruned or the backend changed
            return True
        return result.is_finished
    return False


def document_request(
    *,
    plan: Plan,
    version_number: int | None,
    actor: Any,
    variant: str | None = None,
    site_url: str = "",
) -> DocumentFile:
    """The document file for `plan` at version `version_number` (None: the live draft).

    Returns the existing row when the same content was already rendered (served from
    storage) or is being rendered; otherwise creates (or restarts a failed) row and
    enqueues `render_document_file` once the transaction commits. `variant` defaults to
    PDF/A for a ratified version and a plain PDF otherwise. `site_url` ("https://host") is
    where the QR code points when RENSTRA_PUBLIC_URL is not set.

    Raises DocumentUnavailable for an unknown version, or PDF/A asked for an unratified one."""
    info = None
    if version_number is not None:
        info = version_info(plan, version_number)
        if info is None:
            raise DocumentUnavailable(_("Versi %(n)s tidak ada.") % {"n": version_number})
    variant = variant or default_variant(info)
    if variant not in DocumentFile.Variant.values:
        raise DocumentUnavailable(_("Varian dokumen tidak dikenal."))
    if variant == DocumentFile.Variant.ARCHIVAL and not (info and info.ratified):
        raise DocumentUnavailable(_("PDF/A hanya untuk versi yang sudah ditetapkan."))
    key = content_key(
        plan=plan,
        version_number=version_number,
        frozen_at=info.frozen_at if info else None,
        variant=variant,
        document_version=_document_version(),
    )
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        document_file = DocumentFile.objects.select_for_update().filter(content_key=key).first()
        if document_file is not None:
            stored = document_file.file.name or ""
            if document_file.is_done and stored and document_file.file.storage.exists(stored):
                return document_file
            if document_file.is_pending and not _is_stale(document_file, now):
                return document_file
            # Failed, lost its file, or stuck: render again in the same row.
            if document_file.status == DocumentFile.Status.RUNNING:
                _close_lost_task(document_file.task_id, now)
            document_file.status = DocumentFile.Status.QUEUED
            document_file.progress = _("Menunggu giliran")
            document_file.error = ""
            document_file.requested_by = user
            document_file.requested_at = now
            document_file.started_at = None
            document_file.finished_at = None
            document_file.sha256 = ""
            document_file.file.name = ""
            document_file.size = None
            document_file.site_url = site_url or document_file.site_url
            document_file.save()
        else:
            document_file = DocumentFile(
                plan=plan,
                version_number=version_number,
                version_label=info.label if info else "",
                content_key=key,
                variant=variant,
                progress=_("Menunggu giliran"),
                requested_by=user,
                requested_at=now,
                site_url=site_url,
            )
            document_file.full_clean()
            try:
                with transaction.atomic():
                    document_file.save()
            except IntegrityError:
                # Another request created it between our read and our write.
                return DocumentFile.objects.get(content_key=key)
        pk = document_file.pk
        transaction.on_commit(lambda: _enqueue(pk))
    return document_file


def _enqueue(document_file_id: int) -> None:
    result = render_document_file.enqueue(document_file_id=document_file_id)
    DocumentFile.objects.filter(pk=document_file_id).update(task_id=str(result.id)[:64])


@task()
def render_document_file(document_file_id: int) -> dict[str, Any]:
    """The background task: render the row's document and store the file."""
    document_file = document_render(document_file_id=document_file_id)
    return {"status": document_file.status, "sha256": document_file.sha256}


def _progress(document_file: DocumentFile, text: str) -> None:
    document_file.progress = text
    document_file.save(update_fields=["progress"])


def document_render(*, document_file_id: int) -> DocumentFile:
    """Render one queued row now, in this process's child (see `worker`).

    Marks the row running, reads the content, builds the document, renders it with the
    time and memory limits, stores the file under its SHA-256 and marks the row done; on
    any failure the row is marked failed with the error and no file (a new request
    restarts it). Returns the row; raises RenderFailed or the error after recording it."""
    with transaction.atomic():
        document_file = (
            DocumentFile.objects.select_for_update()
            .select_related("plan__unit__region")
            .get(pk=document_file_id)
        )
        if document_file.is_done:
            return document_file
        if document_file.status == DocumentFile.Status.RUNNING and not _is_stale(
            document_file, timezone.now()
        ):
            return document_file
        document_file.status = DocumentFile.Status.RUNNING
        document_file.started_at = document_file.beat_at = timezone.now()
        document_file.attempts += 1
        document_file.progress = _("Membaca isi rencana")
        document_file.save(
            update_fields=["status", "started_at", "beat_at", "attempts", "progress"]
        )
    claimed_at = document_file.started_at  # this claim's mark (retries in-process keep it)
    try:
        with (
            override(settings.LANGUAGE_CODE),
            tempfile.TemporaryDirectory(prefix="renstra-render-") as tmp,
            _beating(document_file.pk, claimed_at),
        ):
            document = _build(document_file)
            _progress(document_file, _("Mencetak PDF"))
            result = _render_retrying(document_file, document, Path(tmp) / "document.pdf")
            _progress(document_file, _("Menyimpan berkas"))
            sha256, size = file_sha256(result.path)
            with transaction.atomic():
                current = _still_ours(document_file.pk, claimed_at)
                if current is not None:
                    # Reclaimed while this worker was stalled, and rendered again by
                    # another: that render's outcome stands, this one is dropped.
                    return current
                store_rendered(document_file, result.path, sha256=sha256)
                document_file.size = size
                document_file.pages = result.info.get("pages")
                document_file.render_seconds = round(result.seconds, 3)
                document_file.status = DocumentFile.Status.DONE
                document_file.progress = _("Selesai")
                document_file.finished_at = document_file.beat_at = timezone.now()
                document_file.full_clean(exclude=["requested_by", "plan"])
                document_file.save()
    except BaseException as exc:
        _fail(document_file, exc, claimed_at)
        raise
    return document_file


def _still_ours(document_file_id: int, claimed_at: datetime) -> DocumentFile | None:
    """Lock the row before storing; None when it is still this render's (running, the
    same claim), otherwise the row as the sweep or another worker left it."""
    current = DocumentFile.objects.select_for_update().get(pk=document_file_id)
    if current.status == DocumentFile.Status.RUNNING and current.started_at == claimed_at:
        return None
    logger.warning(
        "render of document file %s was taken over while it ran (now %s); its result is dropped",
        document_file_id,
        current.status,
    )
    return current


@contextmanager
def _beating(document_file_id: int, claimed_at: datetime) -> Iterator[None]:
    """While the body runs, mark the row every RENSTRA_RENDER_BEAT_SECONDS (a thread with
    its own connection), so a sweep can tell a live render from one whose worker died."""
    beat = float(settings.RENSTRA_RENDER_BEAT_SECONDS)
    if beat <= 0:
        yield
        return
    stop = threading.Event()

    def mark() -> None:
        try:
            while not stop.wait(beat):
                try:
                    with transaction.atomic():
                        if connection.vendor == "postgresql":
                            # Never wait long on the row (the render's own transaction
                            # may hold it); the next beat tries again.
                            with connection.cursor() as cursor:
                                cursor.execute("SET LOCAL lock_timeout = '2s'")
                        DocumentFile.objects.filter(
                            pk=document_file_id,
                            status=DocumentFile.Status.RUNNING,
                            started_at=claimed_at,
                        ).update(beat_at=timezone.now())
                except DatabaseError as exc:
                    logger.warning("render beat of document file %s: %s", document_file_id, exc)
        finally:
            connections.close_all()  # this thread's connections

    thread = threading.Thread(target=mark, name=f"render-beat-{document_file_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def reclaim_abandoned(*, now: datetime | None = None) -> list[int]:
    """Put back in the queue the renders whose worker died: rows running with no mark for
    three beats (RENSTRA_RENDER_BEAT_SECONDS). Each gets a new task (the dead worker's task
    record is closed as failed); a row that has used up RENSTRA_RENDER_ATTEMPTS renders is
    marked failed instead (a document that kills its worker every time must not loop).
    Rows another sweep holds are skipped. Returns the ids of the rows handled. Run by every
    worker at start and periodically (`manage.py db_worker`)."""
    silence = _silence_limit()
    if silence is None:
        return []
    now = now or timezone.now()
    cutoff = now - silence
    attempts = max(1, int(settings.RENSTRA_RENDER_ATTEMPTS))
    handled: list[int] = []
    with transaction.atomic():
        rows = (
            DocumentFile.objects.select_for_update(skip_locked=True)
            .filter(status=DocumentFile.Status.RUNNING)
            .filter(
                Q(beat_at__lt=cutoff)
                | Q(beat_at=None, started_at__lt=cutoff)
                | Q(beat_at=None, started_at=None)
            )
        )
        for row in rows:
            _close_lost_task(row.task_id, now)
            if row.attempts >= attempts:
                row.status = DocumentFile.Status.FAILED
                row.progress = _("Gagal")
                row.error = (
                    f"crashed: the worker stopped during the render ({row.attempts} renders)"
                )
                row.finished_at = now
                row.save(update_fields=["status", "progress", "error", "finished_at"])
            else:
                row.status = DocumentFile.Status.QUEUED
                row.progress = _("Menunggu giliran")
                row.started_at = row.beat_at = None
                row.save(update_fields=["status", "progress", "started_at", "beat_at"])
                transaction.on_commit(partial(_enqueue, row.pk))
            logger.warning(
                "document file %s: its worker stopped during render %s; %s",
                row.pk,
                row.attempts,
                "failed" if row.status == DocumentFile.Status.FAILED else "queued again",
            )
            handled.append(row.pk)
    return handled


def _close_lost_task(task_id: str, now: datetime) -> None:
    """The dead worker's task record stays "running" for ever: close it as failed."""
    from django_tasks_db.models import DBTaskResult

    if not task_id:
        return
    try:
        DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path="renstra.document.worker.WorkerLost",
            traceback="The worker running this task stopped (killed or lost) before it ended.",
        )
    except (ValueError, ValidationError):  # not a task id of this backend
        return


def _render_retrying(document_file: DocumentFile, document: Any, out_path: Path):
    """Render in the child; a child killed from outside (SIGKILL from the OOM killer or an
    operator: reason "crashed") is started again, up to RENSTRA_RENDER_ATTEMPTS renders in
    all. A timeout, the memory limit or an error in the document is not retried (it would
    fail the same way). The child writes a temporary file and renames it, and the parent
    only stores a file the child finished, so a killed render leaves nothing behind."""
    attempts = max(1, int(getattr(settings, "RENSTRA_RENDER_ATTEMPTS", 3)))
    for attempt in range(1, attempts + 1):
        try:
            return _render_once(document, _pdf_variant(document_file.variant), out_path)
        except RenderFailed as exc:
            if exc.reason != "crashed" or attempt == attempts:
                raise
            logger.warning(
                "render of document file %s crashed (attempt %s of %s), retrying: %s",
                document_file.pk,
                attempt,
                attempts,
                exc,
            )
            document_file.attempts += 1
            document_file.save(update_fields=["attempts"])
    raise AssertionError("unreachable")  # pragma: no cover


def _render_once(document: Any, pdf_variant: str | None, out_path: Path):
    """A plain PDF in parts (`assemble`: parallel children, cached parts); an archival
    variant in one pass through RENDER_FUNCTION (PDF/A needs the one document). A
    RENDER_FUNCTION replaced (tests' stand-ins) renders everything in one pass."""
    if (
        pdf_variant is None
        and RENDER_FUNCTION == DEFAULT_RENDER_FUNCTION
        and getattr(settings, "RENSTRA_RENDER_IN_PARTS", True)
    ):
        from .assemble import render_assembled

        return render_assembled(document, out_path=out_path)
    return render_in_child(RENDER_FUNCTION, (document, pdf_variant), out_path=out_path)


def _fail(document_file: DocumentFile, exc: BaseException, claimed_at: datetime) -> None:
    """Mark the row failed, unless it was taken over meanwhile (then that outcome stands)."""
    logger.warning("render of document file %s failed: %s", document_file.pk, exc)
    reason = exc.reason if isinstance(exc, RenderFailed) else type(exc).__name__
    DocumentFile.objects.filter(
        pk=document_file.pk, status=DocumentFile.Status.RUNNING, started_at=claimed_at
    ).update(
        status=DocumentFile.Status.FAILED,
        progress=_("Gagal"),
        error=f"{reason}: {exc}"[:2000],
        file="",
        sha256="",
        size=None,
        finished_at=timezone.now(),
    )
    document_file.refresh_from_db()


def _build(document_file: DocumentFile):
    from renstra.document import build_document

    plan = document_file.plan
    content = _content_of(plan, document_file.version_number)
    info = (
        version_info(plan, document_file.version_number)
        if document_file.version_number is not None
        else None
    )
    _progress(document_file, _("Menyusun dokumen"))
    kwargs: dict[str, Any] = {
        "plan": plan,
        "content": content,
        "version_label": info.label if info else _("Rancangan terkini"),
        "version_date": info.frozen_at if info else timezone.now(),
        "ratification": None,
    }
    # The QR code on the last page points to this document's verify page.
    if "verify_url" in inspect.signature(build_document).parameters:
        kwargs["verify_url"] = verify_url(document_file)
    return build_document(**kwargs)


def pdf_in_child(argument: tuple[Any, str | None]) -> tuple[bytes, dict[str, Any]]:
    """Runs in the render child (see `worker`): the PDF bytes and their page count."""
    from renstra.document import document_pdf

    document, pdf_variant = argument
    data = document_pdf(document, pdf_variant=pdf_variant)
    return data, {"pages": pdf_page_count(data)}


_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_OBJSTM = re.compile(rb"/Type\s*/ObjStm.*?stream\r?\n", re.S)


def pdf_page_count(data: bytes) -> int | None:
    """Pages of a PDF as WeasyPrint writes it: page objects in the file body or in
    compressed object streams. None when it cannot tell (nothing stored depends on it)."""
    count = len(_PAGE.findall(data))
    for match in _OBJSTM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        try:
            count += len(_PAGE.findall(zlib.decompress(data[start:end])))
        except zlib.error:
            return None
    return count or None
