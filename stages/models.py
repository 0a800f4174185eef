"""Stage records (a plan's life as a chain) and frozen versions of a plan."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renstra.models import Plan

from .transitions import Flow, stage_label


class Version(models.Model):
    """A named, frozen snapshot of a whole plan at `frozen_at`.

    Freezing writes this row only: the content is the plan's history as of `frozen_at`
    (every content model has HistoricalRecords), read back by `stages.versions`."""

    class Kind(models.TextChoices):
        MANUAL = "manual", _("Manual")
        CONSULTATION = "consultation", _("Konsultasi publik / Forum PD")
        SUBMITTED = "submitted", _("Diajukan ke Bappeda")
        VERIFIED = "verified", _("Terverifikasi Bappeda")
        REVIEW = "review", _("Reviu Inspektorat")
        DPRD = "dprd", _("Konsultasi DPRD")
        RATIFIED = "ratified", _("Ditetapkan")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("nomor versi"))
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.MANUAL)
    stage = models.CharField(_("tahap"), max_length=40)
    frozen_at = models.DateTimeField(_("dibekukan pada"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("versi rencana")
        verbose_name_plural = _("versi rencana")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="version_plan_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="version_number_pos"),
        ]

    def __str__(self) -> str:
        return f"v{self.number} {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("stages:version_detail", args=[self.plan.public_id, self.number])

    @property
    def stage_label(self) -> str:
        return stage_label(self.stage)


class StageRecord(models.Model):
    """One stage of one plan: opened by a transition into it, closed by the next one.

    Records are written only by `stages.services.transition`; the open record of a plan
    (closed_at NULL) is its current stage, and at most one is open."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="stage_records")
    stage = models.CharField(_("tahap"), max_length=40)
    flow = models.CharField(_("alur"), max_length=20, choices=Flow.choices)
    opened_at = models.DateTimeField(_("dibuka pada"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("catatan"), blank=True)
    version = models.ForeignKey(
        Version, on_delete=models.PROTECT, null=True, blank=True, related_name="stage_records"
    )
    # May point at a record of another plan: an amendment's first record follows the
    # ratification record of the plan it amends.
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="following"
    )

    class Meta:
        verbose_name = _("catatan tahap")
        verbose_name_plural = _("catatan tahap")
        ordering = ["plan", "opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(closed_at__isnull=True),
                name="stagerecord_one_open_per_plan",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_at__isnull=True)
                | models.Q(closed_at__gte=models.F("opened_at")),
                name="stagerecord_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.stage_label}"

    @property
    def stage_label(self) -> str:
        return stage_label(self.stage)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
