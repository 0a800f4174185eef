"""Organisations taking part (NGO, CSO, CBO, academics, business, media, other units) and
their members. An organisation registers with a document; a region administrator verifies
or rejects it with a reason."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from renstra.models import Region


def registration_document_upload_to(instance: "Organisation", filename: str) -> str:
    # Random name: the uploader's file name is never trusted (nor shown in the URL).
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"participation/organisations/{secrets.token_urlsafe(16)}.{extension[:5]}"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NGO = "ngo", _("LSM / NGO")
        CSO = "cso", _("Organisasi masyarakat sipil")
        CBO = "cbo", _("Komunitas / CBO")
        ACADEMIC = "academic", _("Akademisi")
        BUSINESS = "business", _("Dunia usaha")
        MEDIA = "media", _("Media")
        UNIT = "unit", _("Perangkat daerah lain")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu verifikasi")
        VERIFIED = "verified", _("Terverifikasi")
        REJECTED = "rejected", _("Ditolak")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    contact_email = models.EmailField(_("e-mail kontak"), blank=True)
    description = models.TextField(_("keterangan"), blank=True)
    registration_document = models.FileField(
        _("dokumen registrasi"),
        upload_to=registration_document_upload_to,
        blank=True,
        max_length=200,
    )
    registration_document_type = models.CharField(
        _("jenis berkas dokumen"), max_length=60, blank=True
    )
    status_reason = models.TextField(_("alasan keputusan"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(_("didaftarkan pada"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")
        ordering = ["name"]
        permissions = [("represent_organisation", _("Mewakili organisasi"))]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="organisation_region_name_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "verified", "rejected"]),
                name="organisation_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(status_reason=""),
                name="organisation_rejected_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["region", "status"], name="organisation_region_status")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED


class Membership(models.Model):
    """A person in an organisation. A request waits until a representative of the
    organisation (or a region administrator) approves it; inputs are attributed to the
    organisation only through an approved membership."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Menunggu persetujuan")
        APPROVED = "approved", _("Disetujui")
        DECLINED = "declined", _("Ditolak")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("jabatan dalam organisasi"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    is_representative = models.BooleanField(_("wakil organisasi"), default=False)
    requested_at = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("alasan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("keanggotaan organisasi")
        verbose_name_plural = _("keanggotaan organisasi")
        ordering = ["organisation", "requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="membership_organisation_user_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["requested", "approved", "declined"]),
                name="membership_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["user", "status"], name="membership_user_status")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class OrganisationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)


class OrganisationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)
