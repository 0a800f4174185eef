"""Comments on a consulted draft, their attachments, reports and moderation, and the
unit's official responses (tindak lanjut).

A comment belongs to the version it was made on (domain.md §3: "comments belong to the
version they were made on"). A comment on a passage keeps the quoted text and its
character position in the section's plain text, so it can be found again in later
versions (`participation.anchors`). References to plan content (section, element,
indicator) carry no database constraint: the content may be deleted from the live plan
later, and the comment must survive with its snapshot label (`where_label`)."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renstra.models import Element, Indicator, Plan, Section
from stages.models import Version

from .consultations import Consultation
from .organisations import Organisation


def _content_ref(model, name: str, verbose: Any):
    return models.ForeignKey(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose,
    )


class CommentTarget(models.TextChoices):
    PLAN = "plan", _("Rencana secara keseluruhan")
    SECTION = "section", _("Bagian teks subbab")
    ELEMENT = "element", _("Elemen kaskade")
    TARGET = "target", _("Target indikator per tahun")
    FUNDING = "funding", _("Pendanaan per tahun")


class Comment(models.Model):
    class State(models.TextChoices):
        VISIBLE = "visible", _("Tampil")
        REPORTED = "reported", _("Disembunyikan sementara (menunggu moderator)")
        HIDDEN = "hidden", _("Disembunyikan oleh moderator")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    # The first comment of the thread (NULL for a thread's first comment itself): all
    # replies of a page's threads load in one query, however deep the thread.
    root = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisasi"),
    )
    target = models.CharField(
        _("yang dikomentari"),
        max_length=10,
        choices=CommentTarget.choices,
        default=CommentTarget.PLAN,
    )
    section = _content_ref(Section, "section", _("subbab"))
    element = _content_ref(Element, "element", _("elemen"))
    indicator = _content_ref(Indicator, "indicator", _("indikator"))
    year = models.PositiveSmallIntegerField(_("tahun"), null=True, blank=True)
    quote = models.TextField(_("kutipan"), blank=True)
    # Offset of the quote in the section's plain text (the text content of its HTML).
    position = models.PositiveIntegerField(_("posisi kutipan"), null=True, blank=True)
    where_label = models.CharField(_("letak"), max_length=500, blank=True)
    body = models.TextField(_("komentar"))
    state = models.CharField(
        _("status tampil"), max_length=10, choices=State.choices, default=State.VISIBLE
    )
    created_at = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("komentar")
        verbose_name_plural = _("komentar")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target__in=["plan", "section", "element", "target", "funding"]),
                name="comment_target_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["visible", "reported", "hidden"]),
                name="comment_state_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(target="section")
                | (models.Q(section__isnull=False) & ~models.Q(quote="")),
                name="comment_section_has_quote",
            ),
            models.CheckConstraint(
                condition=~models.Q(target__in=["element", "funding"])
                | models.Q(element__isnull=False),
                name="comment_element_named",
            ),
            models.CheckConstraint(
                condition=~models.Q(target="target") | models.Q(indicator__isnull=False),
                name="comment_indicator_named",
            ),
            models.CheckConstraint(
                condition=~models.Q(target__in=["target", "funding"])
                | models.Q(year__isnull=False),
                name="comment_cell_has_year",
            ),
            models.CheckConstraint(
                condition=models.Q(parent__isnull=True, root__isnull=True)
                | models.Q(parent__isnull=False, root__isnull=False),
                name="comment_reply_has_root",
            ),
            models.CheckConstraint(condition=~models.Q(body=""), name="comment_body_not_empty"),
        ]
        indexes = [
            models.Index(
                fields=["consultation", "created_at", "id"],
                condition=models.Q(root__isnull=True),
                name="comment_threads",
            ),
            models.Index(fields=["root", "created_at", "id"], name="comment_replies"),
            models.Index(fields=["plan", "section"], name="comment_plan_section"),
            models.Index(fields=["consultation", "section"], name="comment_cons_section"),
        ]

    def __str__(self) -> str:
        text = self.body if len(self.body) <= 60 else self.body[:57] + "…"
        return f"#{self.pk} {text}"

    def get_absolute_url(self) -> str:
        return (
            reverse("participation:comments", args=[self.consultation.public_id])
            + f"?utas={self.root_id or self.pk}#komentar-{self.pk}"
        )

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    @property
    def is_hidden(self) -> bool:
        return self.state != self.State.VISIBLE


def attachment_path(instance: "CommentAttachment", filename: str) -> str:
    """A stored name that says nothing of the upload's name: a random id and the
    extension of the detected type (the user's file name is kept in `name` only)."""
    ext = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.content_type, "bin"
    )
    return f"partisipasi/lampiran/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class CommentAttachment(models.Model):
    """A file attached to a comment (PDF, PNG or JPEG, type read from its content)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("berkas"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(_("jenis berkas"), max_length=40)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lampiran komentar")
        verbose_name_plural = _("lampiran komentar")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content_type__in=["application/pdf", "image/png", "image/jpeg"]),
                name="attachment_type_allowed",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CommentReport(models.Model):
    """Someone finds a comment inappropriate. Open reports (not yet decided by a
    moderator) count towards hiding the comment automatically."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("alasan laporan"))
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("laporan komentar")
        verbose_name_plural = _("laporan komentar")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_person"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="report_has_reason"),
        ]
        indexes = [
            models.Index(
                fields=["comment"],
                condition=models.Q(resolved_at__isnull=True),
                name="report_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.reason[:60]}"


class ModerationAction(models.Model):
    """The log of every moderation step: a report, the automatic hiding after enough
    reports, a moderator hiding or showing a comment (with the reason)."""

    class Action(models.TextChoices):
        REPORT = "report", _("Dilaporkan")
        AUTO_HIDE = "auto_hide", _("Disembunyikan otomatis setelah laporan")
        HIDE = "hide", _("Disembunyikan oleh moderator")
        UNHIDE = "unhide", _("Ditampilkan kembali oleh moderator")

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="moderation_actions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("tindakan"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("alasan"), blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        verbose_name = _("tindakan moderasi")
        verbose_name_plural = _("tindakan moderasi")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=["report", "auto_hide", "hide", "unhide"]),
                name="moderation_action_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(action__in=["report", "hide", "unhide"]) | ~models.Q(reason=""),
                name="moderation_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["comment", "created_at"], name="moderation_comment")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.comment_id}"


class OfficialResponse(models.Model):
    """The unit's answer to one comment (tindak lanjut). Accepted or partly accepted
    answers name where the input was applied: a section or an element, in a version."""

    class Kind(models.TextChoices):
        ACCEPTED = "accepted", _("Diterima")
        PARTLY = "partly", _("Diterima sebagian")
        NOT_ACCEPTED = "not_accepted", _("Tidak diterima")
        NOTED = "noted", _("Dicatat")

    APPLIED_KINDS = ("accepted", "partly")

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="response")
    kind = models.CharField(_("tanggapan"), max_length=12, choices=Kind.choices)
    reason = models.TextField(_("alasan"))
    applied_version = models.ForeignKey(
        Version,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diterapkan pada versi"),
    )
    applied_section = _content_ref(Section, "applied_section", _("diterapkan pada subbab"))
    applied_element = _content_ref(Element, "applied_element", _("diterapkan pada elemen"))
    applied_label = models.CharField(_("letak penerapan"), max_length=500, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("dijawab pada"), default=timezone.now)
    # Optimistic concurrency: an edit names the revision it started from.
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tanggapan resmi")
        verbose_name_plural = _("tanggapan resmi")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["accepted", "partly", "not_accepted", "noted"]),
                name="response_kind_valid",
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="response_has_reason"),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["accepted", "partly"])
                | (
                    models.Q(applied_version__isnull=False)
                    & (
                        models.Q(applied_section__isnull=False)
                        | models.Q(applied_element__isnull=False)
                    )
                ),
                name="response_accepted_has_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.comment_id}"

    @property
    def has_link(self) -> bool:
        return self.applied_version_id is not None
