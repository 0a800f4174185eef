"""A Renstra: the plan, its chapters and sections, strategic issues, declared totals."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .reference import Region, Rpjmd, Unit


def new_public_id() -> str:
    """A non-guessable identifier for URLs (128 bits, URL-safe) that starts with a letter or
    digit: one starting with "-" would be read as an option by the management commands
    that take a plan id (`verify_renstra -abc…`)."""
    while True:
        token = secrets.token_urlsafe(16)
        if token[0].isalnum():
            return token


class Plan(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="plans")
    rpjmd = models.ForeignKey(
        Rpjmd, on_delete=models.PROTECT, null=True, blank=True, related_name="plans"
    )
    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    title = models.CharField(_("judul"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("tahun awal"))
    end_year = models.PositiveSmallIntegerField(_("tahun akhir"))
    baseline_year = models.PositiveSmallIntegerField(_("tahun kondisi awal"), null=True, blank=True)
    # Set by the stage transitions (stages app): content may not change while locked.
    locked = models.BooleanField(_("terkunci"), default=False)
    stage = models.CharField(_("tahap"), max_length=40, default="persiapan")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rencana strategis")
        verbose_name_plural = _("rencana strategis")
        ordering = ["-start_year", "unit__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year") + 2)
                & models.Q(end_year__lte=models.F("start_year") + 5),
                name="plan_period_3_to_6_years",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("renstra:workspace", args=[self.public_id])

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def region(self) -> Region:
        return self.unit.region

    @property
    def effective_baseline_year(self) -> int:
        return self.baseline_year or self.start_year - 1


class Chapter(models.Model):
    """BAB I..VIII of the document; `body` is the HTML before the first section."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveSmallIntegerField(_("nomor bab"))
    title = models.CharField(_("judul"), max_length=300)
    body = models.TextField(_("isi"), blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bab")
        verbose_name_plural = _("bab")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="chapter_plan_number_unique")
        ]

    def __str__(self) -> str:
        return f"BAB {self.roman} {self.title}"

    @property
    def roman(self) -> str:
        numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
        return numerals[self.number - 1] if 0 < self.number <= len(numerals) else str(self.number)


class Section(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(_("nomor"), max_length=20)
    title = models.CharField(_("judul"), max_length=300)
    body = models.TextField(_("isi"), blank=True)
    position = models.PositiveIntegerField(default=0)
    # Optimistic concurrency: a save must name the revision it started from.
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("subbab")
        verbose_name_plural = _("subbab")
        ordering = ["chapter__number", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "number"], name="section_chapter_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class StrategicIssue(models.Model):
    """Isu strategis (BAB III.5) with its urgency/seriousness/growth scores."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="issues")
    ref = models.CharField(_("kode"), max_length=40, blank=True)
    text = models.TextField(_("isu strategis"))
    rank = models.PositiveIntegerField(_("peringkat"), null=True, blank=True)
    urgency = models.DecimalField(
        _("urgensi"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    seriousness = models.DecimalField(
        _("keseriusan"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    growth = models.DecimalField(
        _("perkembangan"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    position = models.PositiveIntegerField(default=0)
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("isu strategis")
        verbose_name_plural = _("isu strategis")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "ref"], condition=~models.Q(ref=""), name="issue_plan_ref_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def score(self):
        parts = [self.urgency, self.seriousness, self.growth]
        return sum(parts) if all(p is not None for p in parts) else None


class DeclaredTotal(models.Model):
    """A header row (urusan / bidang urusan) total as printed by an imported document.

    Kept for comparison with the computed sums only (rule V20)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="declared_totals")
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=300, blank=True)
    funding = models.JSONField(_("pagu per tahun"), default=dict)
    funding_final = models.CharField(max_length=24, blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("total yang dinyatakan")
        verbose_name_plural = _("total yang dinyatakan")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PerformanceRecord(models.Model):
    """One row of T-C.23 (service performance in the previous period, BAB II).

    `targets` / `realisations` map a year of the previous period ("2021") to the value as
    printed ("98%", "A"); the achievement ratio is computed, never stored."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="performance_records")
    position = models.PositiveIntegerField(default=0)
    indicator = models.TextField(_("indikator kinerja sesuai tugas dan fungsi"))
    target_nspk = models.CharField(_("target NSPK"), max_length=100, blank=True)
    target_ikk = models.CharField(_("target IKK"), max_length=100, blank=True)
    target_other = models.CharField(_("target indikator lainnya"), max_length=100, blank=True)
    targets = models.JSONField(_("target Renstra per tahun"), default=dict, blank=True)
    realisations = models.JSONField(_("realisasi per tahun"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("capaian kinerja periode lalu")
        verbose_name_plural = _("capaian kinerja periode lalu")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.indicator


class BudgetRecord(models.Model):
    """One row of T-C.24 (budget and realisation in the previous period, BAB II).

    `budgets` / `realisations` map a year ("2021") to an exact decimal string in Rupiah
    (the exchange format's money: "7742388142", "2499850.00"); ratios and average growth
    are computed, never stored."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_records")
    position = models.PositiveIntegerField(default=0)
    description = models.TextField(_("uraian"))
    budgets = models.JSONField(_("anggaran per tahun"), default=dict, blank=True)
    realisations = models.JSONField(_("realisasi per tahun"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("anggaran periode lalu")
        verbose_name_plural = _("anggaran periode lalu")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description
