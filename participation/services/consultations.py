"""Consultations: opening one on a frozen version (a stage record of the participatory
flow), the comment window the server enforces on every write, and closing."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from renstra.access import plan_access
from renstra.models import Plan
from renstra.services.history import tracked_save
from stages.errors import TransitionForbidden
from stages.services import transition

from ..errors import (
    ConsultationAlreadyClosed,
    ConsultationInvalid,
    ConsultationNotOpen,
    ConsultationUnanswered,
    NotInAudience,
)
from ..models import (
    Consultation,
    Membership,
    Notification,
    Organisation,
    OrganisationUserObjectPermission,
)
from ..selectors.organisations import user_organisation_ids
from ..stages import FORUM_STAGE, PUBLIC_STAGE
from .notifications import notify

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


# --- Opening and closing -----------------------------------------------------------------


def _stage_for(kind: str) -> str:
    return PUBLIC_STAGE if kind == Consultation.Kind.PUBLIC else FORUM_STAGE


def consultation_audience_users(consultation: Consultation) -> list[Any]:
    """The people a consultation is addressed to: approved members and representatives of
    the invited organisations (invited audience) or of every verified organisation of the
    plan's region (other audiences). Two queries."""
    from django.contrib.auth import get_user_model

    organisations = Organisation.objects.filter(status=Organisation.Status.VERIFIED)
    if consultation.audience == Consultation.Audience.INVITED:
        organisations = organisations.filter(invited_consultations=consultation)
    else:
        organisations = organisations.filter(region_id=consultation.plan.unit.region_id)
    ids = list(organisations.values_list("pk", flat=True))
    if not ids:
        return []
    users = get_user_model().objects.filter(
        Q(memberships__organisation_id__in=ids, memberships__status=Membership.Status.APPROVED)
        | Q(
            pk__in=OrganisationUserObjectPermission.objects.filter(
                content_object_id__in=ids, permission__codename="represent_organisation"
            ).values("user_id")
        ),
        is_active=True,
    )
    return list(users.distinct().order_by("pk"))


def _window_text(consultation: Consultation) -> str:
    return _("%(start)s s.d. %(end)s WIB") % {
        "start": format_jakarta(consultation.starts_at),
        "end": format_jakarta(consultation.ends_at),
    }


@transaction.atomic
def consultation_open(
    *,
    plan: Plan,
    actor: Any,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    audience: str,
    invited_organisations: Iterable[Organisation] = (),
    place: str = "",
    online_link: str = "",
    agenda: str = "",
    at: datetime | None = None,
) -> Consultation:
    """Open a consultation on `plan`: move the plan into the forum or public-consultation
    stage through the transition primitive (which freezes the consultation version), write
    the consultation on that version and stage record, and notify the organisations it is
    addressed to (after commit, by mail as each person chose).

    Raises ConsultationInvalid (window not ending after it starts or already over, invited
    audience without verified invited organisations, forum without place or link),
    TransitionNotAllowed (not from this stage), TransitionForbidden (no edit right).
    Nothing is written when it raises."""
    now = at or timezone.now()
    title = (title or "").strip()
    invited = list(invited_organisations)
    if not title:
        raise ConsultationInvalid(_("Beri judul konsultasi."))
    if ends_at <= starts_at:
        raise ConsultationInvalid(_("Waktu penutupan harus sesudah waktu pembukaan."))
    if ends_at <= now:
        raise ConsultationInvalid(_("Waktu penutupan sudah lewat; pilih waktu yang akan datang."))
    if kind in (Consultation.Kind.FORUM_PD, Consultation.Kind.FORUM_LINTAS_PD) and not (
        place.strip() or online_link.strip()
    ):
        raise ConsultationInvalid(_("Forum memerlukan tempat atau tautan daring."))
    if audience == Consultation.Audience.INVITED:
        if not invited:
            raise ConsultationInvalid(_("Pilih organisasi yang diundang."))
        if any(not o.is_verified for o in invited):
            raise ConsultationInvalid(_("Hanya organisasi terverifikasi yang dapat diundang."))
    elif invited:
        invited = []  # only an invited audience keeps a list
    if kind not in Consultation.Kind.values or audience not in Consultation.Audience.values:
        raise ConsultationInvalid()

    record = transition(
        plan=plan, to_stage=_stage_for(kind), actor=actor, note=title, freeze=str(title)
    )
    consultation = Consultation(
        plan=record.plan,
        version=record.version,
        stage_record=record,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        audience=audience,
        place=place.strip(),
        online_link=online_link.strip(),
        agenda=agenda.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=now,
    )
    tracked_save(consultation, actor=actor, reason=_("Konsultasi dibuka"))
    if invited:
        consultation.invited_organisations.set(invited)

    subject = _("Konsultasi dibuka: %(title)s") % {"title": title}
    body = _("%(unit)s membuka %(kind)s atas %(plan)s, %(window)s.") % {
        "unit": plan.unit.name,
        "kind": consultation.get_kind_display(),
        "plan": plan.title,
        "window": _window_text(consultation),
    }
    if consultation.place:
        body += "\n" + _("Tempat: %(place)s") % {"place": consultation.place}
    for user in consultation_audience_users(consultation):
        notify(
            user=user,
            kind=Notification.Kind.CONSULTATION_OPENED,
            subject=subject,
            body=body,
            url=consultation.get_absolute_url(),
            key=f"opened:{consultation.pk}",
        )
    return consultation


def unanswered_count(consultation: Consultation) -> int:
    """Inputs of `consultation` still without an official response (the comments part's
    selector; imported here lazily, the comment modules import this one)."""
    from ..selectors.comments import unanswered_comment_count

    return unanswered_comment_count(consultation)


@transaction.atomic
def consultation_close(
    *, consultation: Consultation, actor: Any, answered: bool, at: datetime | None = None
) -> Consultation:
    """Close the window (the unit may do so at any time) — as "answered" only when every
    comment has an official response; a consultation closed earlier may later be marked
    answered. A public consultation's stage record closes with it (back to the stage it
    came from); a forum's closes when its minutes are recorded.

    Raises TransitionForbidden (no edit right on the plan), ConsultationAlreadyClosed,
    ConsultationUnanswered (with the count). Nothing is written when it raises."""
    now = at or timezone.now()
    locked = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("plan__unit__region", "stage_record__previous")
        .get(pk=consultation.pk)
    )
    if not plan_access(actor, locked.plan).edit:
        raise TransitionForbidden
    if locked.status == Consultation.Status.ANSWERED or (
        locked.status == Consultation.Status.CLOSED and not answered
    ):
        raise ConsultationAlreadyClosed
    if answered:
        count = unanswered_count(locked)
        if count:
            raise ConsultationUnanswered(ConsultationUnanswered.message % {"count": count})
    was_open = locked.status == Consultation.Status.OPEN
    locked.status = Consultation.Status.ANSWERED if answered else Consultation.Status.CLOSED
    if was_open:
        locked.closed_at = now
        locked.closed_by = actor if getattr(actor, "is_authenticated", False) else None
    tracked_save(
        locked,
        actor=actor,
        reason=_("Konsultasi ditutup, semua masukan dijawab")
        if answered
        else _("Konsultasi ditutup"),
        update_fields=["status", "closed_at", "closed_by"],
    )
    record = locked.stage_record
    if (
        not locked.is_forum
        and record is not None
        and record.closed_at is None
        and record.previous is not None
    ):
        transition(
            plan=locked.plan,
            to_stage=record.previous.stage,
            actor=actor,
            note=_("Konsultasi publik ditutup: %(title)s") % {"title": locked.title},
        )
    consultation.status, consultation.closed_at = locked.status, locked.closed_at
    consultation.closed_by = locked.closed_by
    return locked


def send_consultation_reminders(*, at: datetime | None = None) -> int:
    """Tell the audience of every running consultation that closes within two days that
    it is closing. Idempotent (one reminder per person and consultation). Returns how many
    notifications were created."""
    now = at or timezone.now()
    due = Consultation.objects.filter(
        status=Consultation.Status.OPEN,
        starts_at__lte=now,
        ends_at__gt=now,
        ends_at__lte=now + timedelta(days=2),
    ).select_related("plan__unit")
    created = 0
    for consultation in due:
        subject = _("Konsultasi segera ditutup: %(title)s") % {"title": consultation.title}
        body = _("Masukan diterima sampai %(end)s WIB.") % {
            "end": format_jakarta(consultation.ends_at)
        }
        with transaction.atomic():
            for user in consultation_audience_users(consultation):
                if notify(
                    user=user,
                    kind=Notification.Kind.CONSULTATION_CLOSING,
                    subject=subject,
                    body=body,
                    url=consultation.get_absolute_url(),
                    key=f"closing:{consultation.pk}",
                ):
                    created += 1
    return created
