"""Bottom-up proposals (usulan): community and DPRD input with its source and what
became of it — answered by an element of the cascade, or declined with a reason."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renstra.models import Element, Plan

from .consultations import Consultation
from .organisations import Organisation


class Proposal(models.Model):
    class Source(models.TextChoices):
        MUSRENBANG = "musrenbang", _("Musrenbang")
        POKIR = "pokir", _("Pokok-pokok pikiran DPRD")
        RESES = "reses", _("Reses DPRD")
        FORUM_PD = "forum_pd", _("Forum Perangkat Daerah")
        PUBLIC_COMMENT = "public_comment", _("Masukan konsultasi publik")
        MANDATORY = "mandatory", _("Mandatori (kewajiban peraturan)")
        INNOVATION = "innovation", _("Inovasi")

    class Status(models.TextChoices):
        OPEN = "open", _("Belum ditindaklanjuti")
        ANSWERED = "answered", _("Diakomodasi")
        DECLINED = "declined", _("Tidak diakomodasi")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="proposals")
    source = models.CharField(_("sumber"), max_length=20, choices=Source.choices)
    reference = models.CharField(_("nomor/rujukan"), max_length=100, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("organisasi pengusul"),
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("pengusul (akun)"),
    )
    proposer_name = models.CharField(_("pengusul"), max_length=300)
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("konsultasi"),
    )
    location = models.CharField(_("lokasi"), max_length=300, blank=True)
    description = models.TextField(_("uraian usulan"))
    volume = models.CharField(_("volume"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # The program / kegiatan / sub kegiatan that answers it (cascade guards keep a
    # referenced element from being deleted; SET_NULL only if the plan itself goes).
    element = models.ForeignKey(
        Element,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("dijawab oleh"),
    )
    decline_reason = models.TextField(_("alasan tidak diakomodasi"), blank=True)
    disposition_note = models.TextField(_("catatan tindak lanjut"), blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    disposed_at = models.DateTimeField(_("ditindaklanjuti pada"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dicatat pada"), default=timezone.now)
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("usulan")
        verbose_name_plural = _("usulan")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    source__in=[
                        "musrenbang",
                        "pokir",
                        "reses",
                        "forum_pd",
                        "public_comment",
                        "mandatory",
                        "innovation",
                    ]
                ),
                name="proposal_source_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open")
                | models.Q(status="answered", element__isnull=False)
                | (models.Q(status="declined") & ~models.Q(decline_reason="")),
                name="proposal_disposition_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "status"], name="proposal_plan_status"),
            models.Index(fields=["plan", "source"], name="proposal_plan_source"),
        ]

    def __str__(self) -> str:
        return self.description[:80]
