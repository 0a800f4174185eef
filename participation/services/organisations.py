"""Organisations: registration with a document, verification by the region's
administrator, members joining through a request that a representative approves."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_users_with_perms

from renstra.models import Region
from renstra.services.history import tracked_save
from renstra.services.roles import role_grant

from ..errors import OrganisationError
from ..models import Membership, Notification, Organisation
from .notifications import notify
from .uploads import sniff_document


def _clean(value: str | None, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def _active_users_with_perm(obj: models.Model, perm: str) -> list[Any]:
    """Active users holding `perm` on `obj` (directly or through a group), by pk."""
    users = get_users_with_perms(obj, only_with_perms_in=[perm], with_superusers=False)
    if not isinstance(users, QuerySet):  # only attach_perms=True returns something else
        raise TypeError(f"get_users_with_perms returned {type(users).__name__}, not a QuerySet")
    return list(users.filter(is_active=True).order_by("pk"))


def region_admins(region: Region) -> list[Any]:
    """Active users who administer `region` (admin Bappeda). Two queries."""
    return _active_users_with_perm(region, "administer_region")


def may_administer(user: Any, region: Region) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or ObjectPermissionChecker(user).has_perm("administer_region", region)


def organisation_representatives(organisation: Organisation) -> list[Any]:
    return _active_users_with_perm(organisation, "represent_organisation")


@transaction.atomic
def organisation_register(
    *,
    region: Region,
    name: str,
    kind: str,
    actor: Any,
    document: UploadedFile | None,
    address: str = "",
    contact_email: str = "",
    description: str = "",
    role: str = "",
) -> Organisation:
    """Register an organisation (pending verification) with its registration document
    (PDF, PNG or JPEG, by content; size limited). The registering person becomes its
    representative (an approved membership and the stakeholder role). The region's
    administrators are notified.

    Raises OrganisationError (no document, bad file, name taken in the region, invalid
    kind or e-mail). Nothing is written when it raises."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    name = _clean(name, 200)
    if not name:
        raise OrganisationError(_("Isi nama organisasi."))
    if kind not in Organisation.Kind.values:
        raise OrganisationError(_("Pilih jenis organisasi."))
    if document is None:
        raise OrganisationError(
            _("Unggah dokumen registrasi organisasi (akta, SK, atau surat keterangan terdaftar).")
        )
    content_type, extension = sniff_document(document)
    if Organisation.objects.filter(region=region, name__iexact=name).exists():
        raise OrganisationError(_("Organisasi dengan nama ini sudah terdaftar di daerah ini."))
    organisation = Organisation(
        region=region,
        name=name,
        kind=kind,
        address=_clean(address, 300),
        contact_email=(contact_email or "").strip(),
        description=(description or "").strip()[:5000],
        registration_document_type=content_type,
        registered_by=actor,
        registered_at=timezone.now(),
    )
    document.name = f"dokumen.{extension}"
    organisation.registration_document = document
    try:
        organisation.full_clean()
    except Exception as error:  # ValidationError: the first message, in the user's words
        messages = getattr(error, "messages", None) or [str(error)]
        raise OrganisationError(messages[0]) from None
    tracked_save(organisation, actor=actor, reason=_("Organisasi didaftarkan"))
    membership = Membership(
        organisation=organisation,
        user=actor,
        role=_clean(role, 200),
        status=Membership.Status.APPROVED,
        is_representative=True,
        decided_at=timezone.now(),
        decided_by=actor,
    )
    tracked_save(membership, actor=actor, reason=_("Pendaftar organisasi"))
    role_grant(user=actor, role="stakeholder", scope=organisation)
    url = reverse("participation:organisation_review", args=[organisation.pk])
    for admin in region_admins(region):
        notify(
            user=admin,
            kind=Notification.Kind.ORGANISATION,
            subject=_("Organisasi baru menunggu verifikasi: %(name)s") % {"name": name},
            body=_("Didaftarkan oleh %(who)s.") % {"who": actor.display_name},
            url=url,
        )
    return organisation


@transaction.atomic
def organisation_decide(
    *, organisation: Organisation, actor: Any, approve: bool, reason: str = ""
) -> Organisation:
    """Verify (approve) or reject an organisation, with a reason (required to reject).
    Only the region's administrator (or a superuser). The representatives are notified.

    Raises PermissionDenied, OrganisationError (no reason to reject)."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not may_administer(actor, locked.region):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not approve and not reason:
        raise OrganisationError(_("Tuliskan alasan penolakan."))
    locked.status = Organisation.Status.VERIFIED if approve else Organisation.Status.REJECTED
    locked.status_reason = reason
    locked.verified_by = actor
    locked.verified_at = timezone.now()
    tracked_save(
        locked,
        actor=actor,
        reason=(_("Organisasi diverifikasi") if approve else _("Organisasi ditolak"))
        + (f": {reason}" if reason else ""),
        update_fields=["status", "status_reason", "verified_by", "verified_at"],
    )
    subject = (
        _("Organisasi %(name)s terverifikasi")
        if approve
        else _("Pendaftaran organisasi %(name)s ditolak")
    ) % {"name": locked.name}
    for user in organisation_representatives(locked):
        notify(
            user=user,
            kind=Notification.Kind.ORGANISATION,
            subject=subject,
            body=reason,
            url=reverse("participation:organisation_detail", args=[locked.pk]),
        )
    organisation.status, organisation.status_reason = locked.status, locked.status_reason
    return locked


@transaction.atomic
def membership_request(*, organisation: Organisation, user: Any, role: str = "") -> Membership:
    """Ask to join `organisation` (not a rejected one). A declined request may be made
    again. The representatives are notified.

    Raises OrganisationError (rejected organisation, already a member or waiting)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied
    if organisation.status == Organisation.Status.REJECTED:
        raise OrganisationError(_("Organisasi ini ditolak; tidak dapat menerima anggota."))
    membership = (
        Membership.objects.select_for_update().filter(organisation=organisation, user=user).first()
    )
    if membership is not None and membership.status != Membership.Status.DECLINED:
        raise OrganisationError(
            _("Anda sudah menjadi anggota organisasi ini.")
            if membership.is_approved
            else _("Permintaan Anda sedang menunggu persetujuan.")
        )
    if membership is None:
        membership = Membership(organisation=organisation, user=user)
    membership.role = _clean(role, 200)
    membership.status = Membership.Status.REQUESTED
    membership.decided_at = None
    membership.decided_by = None
    membership.decision_reason = ""
    tracked_save(membership, actor=user, reason=_("Permintaan bergabung"))
    for representative in organisation_representatives(organisation):
        notify(
            user=representative,
            kind=Notification.Kind.ORGANISATION,
            subject=_("%(who)s ingin bergabung dengan %(name)s")
            % {"who": user.display_name, "name": organisation.name},
            url=reverse("participation:organisation_detail", args=[organisation.pk]),
        )
    return membership


@transaction.atomic
def membership_decide(
    *,
    membership: Membership,
    actor: Any,
    approve: bool,
    reason: str = "",
    representative: bool = False,
) -> Membership:
    """Approve or decline a join request (a representative of the organisation or the
    region's administrator). `representative` also makes the member a representative
    (the stakeholder role). The person is notified.

    Raises PermissionDenied, OrganisationError (decline without reason)."""
    locked = (
        Membership.objects.select_for_update()
        .select_related("organisation__region", "user")
        .get(pk=membership.pk)
    )
    organisation = locked.organisation
    checker_ok = getattr(actor, "is_authenticated", False) and (
        ObjectPermissionChecker(actor).has_perm("represent_organisation", organisation)
        or may_administer(actor, organisation.region)
    )
    if not checker_ok:
        raise PermissionDenied
    reason = (reason or "").strip()
    if not approve and not reason:
        raise OrganisationError(_("Tuliskan alasan penolakan."))
    locked.status = Membership.Status.APPROVED if approve else Membership.Status.DECLINED
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.decision_reason = reason
    locked.is_representative = bool(approve and representative)
    tracked_save(
        locked,
        actor=actor,
        reason=_("Keanggotaan disetujui") if approve else _("Keanggotaan ditolak"),
        update_fields=[
            "status",
            "decided_at",
            "decided_by",
            "decision_reason",
            "is_representative",
        ],
    )
    if locked.is_representative:
        role_grant(user=locked.user, role="stakeholder", scope=organisation)
    notify(
        user=locked.user,
        kind=Notification.Kind.ORGANISATION,
        subject=(
            _("Anda kini anggota %(name)s")
            if approve
            else _("Permintaan bergabung dengan %(name)s ditolak")
        )
        % {"name": organisation.name},
        body=reason,
        url=reverse("participation:organisation_detail", args=[organisation.pk]),
    )
    membership.status = locked.status
    return locked
