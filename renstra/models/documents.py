"""Rendered documents: one row per distinct thing rendered (plan, version, variant, renderer).

A row is the render job and, once done, the stored file. The same content rendered twice
is served from storage: `content_key` is unique, so a second request finds the first row.
Written only by `renstra.document.jobs`."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .plan import Plan


def new_verify_token() -> str:
    """The id printed (as a QR code) on the document's last page: random, URL-safe, never
    64 hex digits, so /verify/<code>/ tells it apart from a file's SHA-256."""
    return "d" + secrets.token_urlsafe(15)


def document_upload_to(instance: "DocumentFile", filename: str) -> str:
    # Content-addressed: the name is the file's hash, known when the file is stored.
    return f"renstra/documents/{instance.plan.public_id}/{instance.sha256}.pdf"


class DocumentFile(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu giliran")
        RUNNING = "running", _("Sedang disusun")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    class Variant(models.TextChoices):
        PDF = "pdf", _("PDF")
        # PDF/A-3 level A: archival and tagged (structure for screen readers).
        ARCHIVAL = "pdf/a-3a", _("PDF/A-3a (arsip, bertanda aksesibilitas)")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="document_files")
    # The stages app owns versions; the core keeps the number only (NULL: the live draft).
    version_number = models.PositiveIntegerField(_("nomor versi"), null=True, blank=True)
    version_label = models.CharField(_("label versi"), max_length=200, blank=True)
    content_key = models.CharField(_("kunci isi"), max_length=64, unique=True)
    variant = models.CharField(_("varian"), max_length=20, choices=Variant.choices)
    verify_token = models.CharField(
        _("kode verifikasi"), max_length=32, unique=True, default=new_verify_token, editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.CharField(_("kemajuan"), max_length=200, blank=True)
    error = models.TextField(_("galat"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    task_id = models.CharField(max_length=64, blank=True)
    # Scheme and host the QR code points to when RENSTRA_PUBLIC_URL is not set.
    site_url = models.CharField(max_length=200, blank=True)
    file = models.FileField(_("berkas"), upload_to=document_upload_to, blank=True, max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("halaman"), null=True, blank=True)
    render_seconds = models.FloatField(_("lama penyusunan (detik)"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("diminta pada"))
    started_at = models.DateTimeField(_("mulai disusun"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    # Marked by the rendering worker every RENSTRA_RENDER_BEAT_SECONDS while it renders;
    # a running row whose mark grows old belongs to a worker that died (jobs.reclaim_abandoned).
    beat_at = models.DateTimeField(_("tanda hidup pekerja"), null=True, blank=True)

    class Meta:
        verbose_name = _("berkas dokumen")
        verbose_name_plural = _("berkas dokumen")
        ordering = ["-requested_at", "-id"]
        indexes = [
            # The workers' sweep: running rows by their last mark (jobs.reclaim_abandoned).
            models.Index(
                fields=["beat_at"],
                condition=models.Q(status="running"),
                name="documentfile_running_beat",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"],
                condition=~models.Q(sha256=""),
                name="documentfile_sha256_unique",
            ),
            # Never a "done" row without its stored file and hash.
            models.CheckConstraint(
                condition=~models.Q(status="done")
                | (~models.Q(sha256="") & ~models.Q(file="") & models.Q(size__isnull=False)),
                name="documentfile_done_has_file",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="documentfile_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.version_display} · {self.variant}"

    def get_absolute_url(self) -> str:
        return reverse("renstra:document_progress", args=[self.plan.public_id, self.pk])

    @property
    def version_display(self) -> str:
        if self.version_number is None:
            return str(_("rancangan terkini"))
        return f"v{self.version_number} {self.version_label}".strip()

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_pending(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def filename(self) -> str:
        version = "terkini" if self.version_number is None else f"v{self.version_number}"
        suffix = "-pdfa" if self.variant == self.Variant.ARCHIVAL else ""
        unit = slugify(self.plan.unit.abbreviation or self.plan.unit.code) or "pd"
        years = f"{self.plan.start_year}-{self.plan.end_year}"
        return f"renstra-{unit}-{years}-{version}{suffix}.pdf"
