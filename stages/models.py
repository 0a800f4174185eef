"""Stage records (a plan's life as a chain) and frozen versions of a plan."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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


# --- Persiapan: the drafting team decree and the work agenda (domain.md §3, stage 1) -----


class TeamRole(models.TextChoices):
    PENGARAH = "pengarah", _("Pengarah")
    PENANGGUNG_JAWAB = "penanggung_jawab", _("Penanggung jawab")
    KETUA = "ketua", _("Ketua")
    WAKIL_KETUA = "wakil_ketua", _("Wakil ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    ANGGOTA = "anggota", _("Anggota")


class TeamDecree(models.Model):
    """The head of region's decree (SK) forming the plan's drafting team."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="team_decree")
    number = models.CharField(_("nomor SK"), max_length=200)
    date = models.DateField(_("tanggal SK"))
    signed_by = models.CharField(_("ditandatangani oleh"), max_length=200)
    note = models.TextField(_("catatan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SK tim penyusun")
        verbose_name_plural = _("SK tim penyusun")

    def __str__(self) -> str:
        return self.number


class TeamMember(models.Model):
    """One member of the drafting team named in the decree, with the role in the team."""

    decree = models.ForeignKey(TeamDecree, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("nama"), max_length=200)
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    role = models.CharField(
        _("kedudukan dalam tim"), max_length=20, choices=TeamRole.choices, default=TeamRole.ANGGOTA
    )
    order = models.PositiveIntegerField(_("urutan"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("anggota tim penyusun")
        verbose_name_plural = _("anggota tim penyusun")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[c.value for c in TeamRole]),
                name="teammember_role_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class AgendaItem(models.Model):
    """One activity of the drafting team's work agenda (agenda kerja) with planned dates."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="agenda_items")
    activity = models.CharField(_("kegiatan"), max_length=300)
    planned_start = models.DateField(_("rencana mulai"))
    planned_end = models.DateField(_("rencana selesai"))
    responsible = models.CharField(_("penanggung jawab"), max_length=200, blank=True)
    done_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda kerja")
        verbose_name_plural = _("agenda kerja")
        ordering = ["planned_start", "planned_end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")),
                name="agendaitem_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.activity

    def is_overdue(self, today: date) -> bool:
        """Not done and its planned end is before `today` (shown, never enforced)."""
        return self.done_on is None and self.planned_end < today


# --- Inspectorate review (APIP reviu, Permendagri 9/2018) ---------------------------------


class InspectorateNote(models.Model):
    """A review note on the version frozen when the review started: about one element of
    the cascade, or general (no element). The unit answers it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="inspectorate_notes")
    version = models.ForeignKey(
        Version, on_delete=models.PROTECT, related_name="inspectorate_notes"
    )
    # Not PROTECT: the plan may still be deleted; the cascade service refuses to delete an
    # element that any row points at, so a noted element stays.
    element = models.ForeignKey(
        "renstra.Element",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspectorate_notes",
        verbose_name=_("elemen"),
    )
    text = models.TextField(_("catatan reviu"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    answer = models.TextField(_("jawaban"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("catatan reviu Inspektorat")
        verbose_name_plural = _("catatan reviu Inspektorat")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True) | ~models.Q(answer=""),
                name="inspectoratenote_answered_has_text",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class InspectorateReviewResult(models.Model):
    """How the inspectorate closed the review of one version: the result and a summary."""

    class Result(models.TextChoices):
        MEMADAI = "memadai", _("Memadai")
        PERLU_PERBAIKAN = "perlu_perbaikan", _("Perlu perbaikan")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="inspectorate_results")
    version = models.ForeignKey(
        Version, on_delete=models.PROTECT, related_name="inspectorate_results"
    )
    record = models.ForeignKey(
        StageRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    result = models.CharField(_("hasil reviu"), max_length=20, choices=Result.choices)
    summary = models.TextField(_("ringkasan hasil reviu"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("ditutup pada"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hasil reviu Inspektorat")
        verbose_name_plural = _("hasil reviu Inspektorat")
        ordering = ["closed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version"], name="inspectorate_result_one_per_version"),
            models.CheckConstraint(
                condition=models.Q(result__in=["memadai", "perlu_perbaikan"]),
                name="inspectorate_result_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_result_display()}"

    @property
    def accepted(self) -> bool:
        return self.result == self.Result.MEMADAI


# --- Bappeda's verification desk (domain.md §3 stage 4, §7) ------------------------------

# The manual part of the verification: the rules a verifier ticks with a note (§7).
CHECKLIST_RULES = ("V7", "V13", "V16", "V17", "V18", "V21")


class VerificationReview(models.Model):
    """One round of Bappeda's verification of one submitted version.

    Opened when the verifier takes the plan up (diajukan → verifikasi); decided by returning
    it for revision (with the list of items) or accepting it. The checklist and the items
    belong to the version verified, not to the live plan."""

    class Decision(models.TextChoices):
        PENDING = "", _("Belum diputuskan")
        RETURNED = "returned", _("Dikembalikan untuk perbaikan")
        ACCEPTED = "accepted", _("Diterima")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="verification_reviews")
    version = models.ForeignKey(
        Version,
        on_delete=models.PROTECT,
        related_name="verification_reviews",
        verbose_name=_("versi yang diverifikasi"),
    )
    opened_at = models.DateTimeField(_("dibuka pada"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(
        _("putusan"), max_length=10, choices=Decision.choices, blank=True, default=""
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("catatan umum"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verifikasi Bappeda")
        verbose_name_plural = _("verifikasi Bappeda")
        ordering = ["plan", "opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(decision=""),
                name="verificationreview_one_open_per_plan",
            ),
            models.CheckConstraint(
                condition=models.Q(decision__in=["", "returned", "accepted"]),
                name="verificationreview_decision_valid",
            ),
            models.CheckConstraint(
                condition=(models.Q(decision="") & models.Q(decided_at__isnull=True))
                | (~models.Q(decision="") & models.Q(decided_at__isnull=False)),
                name="verificationreview_decided_when_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · v{self.version.number} · {self.get_decision_display()}"

    @property
    def is_open(self) -> bool:
        return self.decision == self.Decision.PENDING


class ChecklistItem(models.Model):
    """One manual rule of one review: ticked or not, with the verifier's note."""

    review = models.ForeignKey(
        VerificationReview, on_delete=models.CASCADE, related_name="checklist"
    )
    rule = models.CharField(
        _("aturan"), max_length=4, choices=[(r, r) for r in CHECKLIST_RULES], db_index=False
    )
    checked = models.BooleanField(_("sudah diperiksa dan sesuai"), default=False)
    note = models.TextField(_("catatan"), blank=True)
    updated_at = models.DateTimeField(_("diubah pada"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("butir daftar periksa")
        verbose_name_plural = _("daftar periksa verifikasi")
        ordering = ["review", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "rule"], name="checklistitem_rule_unique"),
            models.CheckConstraint(
                condition=models.Q(rule__in=list(CHECKLIST_RULES)),
                name="checklistitem_rule_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {'✓' if self.checked else '–'}"


class ReviewItem(models.Model):
    """A verifier's finding or recommendation on one element of the verified version (or on
    the plan as a whole), and the unit's answer to it when the plan is resubmitted.

    `element` is SET_NULL so that the row survives; while it points at an element, the
    cascade services refuse to delete that element (renstra.services.cascade), and
    `where` keeps the element's label as it was in the verified version."""

    class Kind(models.TextChoices):
        FINDING = "finding", _("Temuan")
        RECOMMENDATION = "recommendation", _("Rekomendasi")

    review = models.ForeignKey(VerificationReview, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices, default=Kind.FINDING)
    element = models.ForeignKey(
        "renstra.Element",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_items",
        verbose_name=_("elemen"),
    )
    where = models.CharField(_("letak"), max_length=400, blank=True)
    rule = models.CharField(_("aturan"), max_length=4, blank=True)
    text = models.TextField(_("uraian"))
    created_at = models.DateTimeField(_("dibuat pada"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer = models.TextField(_("tanggapan perangkat daerah"), blank=True)
    answered_at = models.DateTimeField(_("ditanggapi pada"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The version the answer went back to Bappeda with (set on resubmission).
    answer_version = models.ForeignKey(
        Version,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answered_items",
        verbose_name=_("versi tanggapan"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("butir verifikasi")
        verbose_name_plural = _("butir verifikasi")
        ordering = ["review", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["finding", "recommendation"]),
                name="reviewitem_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True) | ~models.Q(answer=""),
                name="reviewitem_answered_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def is_answered(self) -> bool:
        return bool(self.answer.strip())
