"""Consultations: a Forum Perangkat Daerah, a joint forum across units, or a public
consultation on a frozen version of a plan. Each is a stage record of the participatory
flow (written by the transition primitive) with a window that the server enforces."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renstra.models import Plan
from renstra.models.plan import new_public_id
from stages.models import StageRecord, Version

from .organisations import Organisation


class Consultation(models.Model):
    class Kind(models.TextChoices):
        FORUM_PD = "forum_pd", _("Forum Perangkat Daerah")
        FORUM_LINTAS_PD = "forum_lintas_pd", _("Forum Lintas Perangkat Daerah")
        PUBLIC = "public", _("Konsultasi publik")

    class Audience(models.TextChoices):
        INVITED = "invited", _("Organisasi yang diundang")
        VERIFIED = "verified", _("Semua organisasi terverifikasi")
        PUBLIC = "public", _("Masyarakat umum")

    class Status(models.TextChoices):
        OPEN = "open", _("Dibuka")
        CLOSED = "closed", _("Ditutup")
        ANSWERED = "answered", _("Ditutup, semua masukan dijawab")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="consultations")
    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    version = models.ForeignKey(
        Version,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("versi yang dikonsultasikan"),
    )
    stage_record = models.OneToOneField(
        StageRecord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation",
        verbose_name=_("catatan tahap"),
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("judul"), max_length=300)
    starts_at = models.DateTimeField(_("dibuka mulai"))
    ends_at = models.DateTimeField(_("ditutup pada"))
    audience = models.CharField(
        _("peserta"), max_length=10, choices=Audience.choices, default=Audience.VERIFIED
    )
    invited_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="invited_consultations",
        verbose_name=_("organisasi yang diundang"),
    )
    place = models.CharField(_("tempat"), max_length=300, blank=True)
    online_link = models.URLField(_("tautan daring"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("ditutup oleh unit pada"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("konsultasi")
        verbose_name_plural = _("konsultasi")
        ordering = ["-starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="consultation_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["forum_pd", "forum_lintas_pd", "public"]),
                name="consultation_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(audience__in=["invited", "verified", "public"]),
                name="consultation_audience_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "closed", "answered"]),
                name="consultation_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open") | models.Q(closed_at__isnull=False),
                name="consultation_closed_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "starts_at"], name="consultation_plan_starts"),
            models.Index(fields=["status", "ends_at"], name="consultation_status_ends"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:consultation_detail", args=[self.public_id])

    def is_open_at(self, at) -> bool:  # type: ignore[no-untyped-def]
        """Whether comments are accepted at `at`: inside the window and not closed."""
        return self.status == self.Status.OPEN and self.starts_at <= at < self.ends_at

    @property
    def is_open_now(self) -> bool:
        return self.is_open_at(timezone.now())

    @property
    def is_forum(self) -> bool:
        return self.kind in (self.Kind.FORUM_PD, self.Kind.FORUM_LINTAS_PD)
