"""Consultations: opening one on a frozen version (a stage record of the participatory
flow), the comment window the server enforces on every write, and closing."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import formats, timezone

from renstra.access import plan_access

from ..errors import ConsultationNotOpen, NotInAudience
from ..models import Consultation, Organisation
from ..selectors.organisations import user_organisation_ids

JAKARTA = ZoneInfo("Asia/Jakarta")


def format_jakarta(moment: datetime) -> str:
    """`moment` as a date and time in Asia/Jakarta (the time printed with "WIB")."""
    return formats.date_format(timezone.localtime(moment, JAKARTA), "j F Y H:i")


def consultation_assert_open(*, consultation: Consultation, at: datetime | None = None) -> None:
    """Raise ConsultationNotOpen unless `at` (default: now) is inside the window
    [starts_at, ends_at) and the unit has not closed the consultation. Checked by every
    write that belongs to the window (comments, replies, attachments)."""
    at = at or timezone.now()
    if at < consultation.starts_at:
        raise ConsultationNotOpen(
            ConsultationNotOpen.not_yet % {"when": format_jakarta(consultation.starts_at)}
        )
    if consultation.status != Consultation.Status.OPEN:
        raise ConsultationNotOpen(
            ConsultationNotOpen.ended
            % {"when": format_jakarta(consultation.closed_at or consultation.ends_at)}
        )
    if at >= consultation.ends_at:
        raise ConsultationNotOpen(
            ConsultationNotOpen.ended % {"when": format_jakarta(consultation.ends_at)}
        )


def consultation_commenting_organisations(
    *, consultation: Consultation, user: Any
) -> list[Organisation]:
    """The organisations through which `user` may give input to `consultation` (by the
    audience rule): verified organisations of the plan's region that the user acts for;
    for an invited audience only the invited ones. Two queries."""
    ids = user_organisation_ids(user)
    if not ids:
        return []
    organisations = Organisation.objects.filter(
        pk__in=ids, status=Organisation.Status.VERIFIED
    ).order_by("name")
    if consultation.audience == Consultation.Audience.INVITED:
        organisations = organisations.filter(invited_consultations=consultation)
    return list(organisations)


def consultation_assert_can_comment(
    *,
    consultation: Consultation,
    user: Any,
    at: datetime | None = None,
    organisation: Organisation | None = None,
) -> Organisation | None:
    """Check that `user` may write input to `consultation` at `at` (default: now).

    Returns the organisation the input is attributed to (`organisation` when given and
    allowed; else the user's first eligible organisation by name; None for a citizen in
    a public consultation or a member of the plan's own unit or region staff).

    Raises ConsultationNotOpen (before the window, after it, or closed by the unit — the
    message gives the time in WIB) and NotInAudience (not logged in, unconfirmed account,
    no organisation / an unverified one where the audience is verified organisations, an
    organisation not invited)."""
    if not getattr(user, "is_authenticated", False):
        raise NotInAudience(NotInAudience.login)
    if not user.is_active:
        raise NotInAudience(NotInAudience.unconfirmed)
    consultation_assert_open(consultation=consultation, at=at)

    eligible = consultation_commenting_organisations(consultation=consultation, user=user)
    if organisation is not None:
        if organisation.pk not in {o.pk for o in eligible}:
            raise NotInAudience(_audience_message(consultation, user))
        return organisation
    if eligible:
        return eligible[0]
    if consultation.audience == Consultation.Audience.PUBLIC:
        return None
    # The unit's own staff and the region's officials take part in their own consultation
    # (replies, clarifications) without an organisation.
    if plan_access(user, consultation.plan).view:
        return None
    raise NotInAudience(_audience_message(consultation, user))


def _audience_message(consultation: Consultation, user: Any) -> str:
    ids = user_organisation_ids(user)
    if not ids:
        return str(NotInAudience.no_organisation)
    unverified = (
        Organisation.objects.filter(pk__in=ids)
        .exclude(status=Organisation.Status.VERIFIED)
        .order_by("name")
        .first()
    )
    if consultation.audience == Consultation.Audience.INVITED:
        return str(NotInAudience.not_invited)
    if unverified is not None:
        return str(NotInAudience.unverified % {"organisation": unverified.name})
    return str(NotInAudience.no_organisation)
