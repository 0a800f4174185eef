"""Participatory flow. For now: organisations, the scope of the stakeholder role.
Consultations, comments, responses, proposals and minutes arrive with their issue."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from renstra.models import Region


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

    class Meta:
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")
        ordering = ["name"]
        permissions = [("represent_organisation", _("Mewakili organisasi"))]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="organisation_region_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)


class OrganisationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)
