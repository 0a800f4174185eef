"""Minutes (berita acara) of a forum: agreed points, attendance and signatories."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renstra.models import Element

from .consultations import Consultation
from .organisations import Organisation


class Minutes(models.Model):
    consultation = models.OneToOneField(
        Consultation, on_delete=models.PROTECT, related_name="minutes"
    )
    number = models.CharField(_("nomor berita acara"), max_length=200)
    held_on = models.DateField(_("tanggal pelaksanaan"))
    place = models.CharField(_("tempat"), max_length=300, blank=True)
    chair = models.CharField(_("pimpinan forum"), max_length=200, blank=True)
    summary = models.TextField(_("ringkasan jalannya forum"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("berita acara")
        verbose_name_plural = _("berita acara")

    def __str__(self) -> str:
        return self.number


class MinutesPoint(models.Model):
    """One agreed point (kesepakatan), optionally tied to elements of the cascade."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="points")
    order = models.PositiveIntegerField(_("urutan"), default=0)
    text = models.TextField(_("kesepakatan"))
    elements = models.ManyToManyField(
        Element, blank=True, related_name="minutes_points", verbose_name=_("elemen terkait")
    )
    history = HistoricalRecords(m2m_fields=[elements])

    class Meta:
        verbose_name = _("butir kesepakatan")
        verbose_name_plural = _("butir kesepakatan")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class MinutesAttendee(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="attendees")
    order = models.PositiveIntegerField(_("urutan"), default=0)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation_name = models.CharField(_("instansi/organisasi"), max_length=300, blank=True)
    name = models.CharField(_("nama"), max_length=200)
    role = models.CharField(_("jabatan/peran"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("peserta forum")
        verbose_name_plural = _("peserta forum")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class MinutesSignatory(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="signatories")
    order = models.PositiveIntegerField(_("urutan"), default=0)
    name = models.CharField(_("nama"), max_length=200)
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    representing = models.CharField(_("mewakili"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("penanda tangan")
        verbose_name_plural = _("penanda tangan")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name
