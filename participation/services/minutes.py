"""Minutes (berita acara) of a forum. Recording them closes the forum's window (if still
open) and its stage record, back to the stage the plan came from (transition primitive)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renstra.access import plan_access
from renstra.models import Element
from renstra.services.history import tracked_save
from stages.services import transition

from ..errors import MinutesError
from ..models import (
    Consultation,
    Minutes,
    MinutesAttendee,
    MinutesPoint,
    MinutesSignatory,
    Organisation,
)


@dataclass
class PointInput:
    text: str
    elements: list[Element] = field(default_factory=list)


@dataclass
class AttendeeInput:
    name: str
    role: str = ""
    organisation: Organisation | None = None
    organisation_name: str = ""


@dataclass
class SignatoryInput:
    name: str
    position: str = ""
    representing: str = ""


def _line(value: str | None, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


@transaction.atomic
def minutes_record(
    *,
    consultation: Consultation,
    actor: Any,
    number: str,
    held_on: date,
    points: list[PointInput],
    attendees: list[AttendeeInput],
    signatories: list[SignatoryInput],
    place: str = "",
    chair: str = "",
    summary: str = "",
) -> Minutes:
    """Record the minutes of a forum: agreed points (each optionally tied to elements of
    the plan), attendance, signatories. Closes the forum window if still open and the
    forum's stage record (back to the stage before the forum).

    Raises PermissionDenied (no edit right on the plan), MinutesError (not a forum,
    already recorded, no number, no point / attendee / signatory, an element of another
    plan). Nothing is written when it raises."""
    locked = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("plan__unit__region", "stage_record__previous")
        .get(pk=consultation.pk)
    )
    if not plan_access(actor, locked.plan).edit:
        raise PermissionDenied
    if not locked.is_forum:
        raise MinutesError(_("Berita acara hanya untuk Forum Perangkat Daerah."))
    if Minutes.objects.filter(consultation=locked).exists():
        raise MinutesError(_("Berita acara forum ini sudah dicatat."))
    number = _line(number, 200)
    if not number:
        raise MinutesError(_("Isi nomor berita acara."))
    points = [p for p in points if (p.text or "").strip()]
    attendees = [a for a in attendees if _line(a.name, 200)]
    signatories = [s for s in signatories if _line(s.name, 200)]
    if not points:
        raise MinutesError(_("Catat sedikitnya satu butir kesepakatan."))
    if not attendees:
        raise MinutesError(_("Catat sedikitnya satu peserta forum."))
    if not signatories:
        raise MinutesError(_("Catat sedikitnya satu penanda tangan."))
    for point in points:
        if any(e.plan_id != locked.plan_id for e in point.elements):
            raise MinutesError(_("Elemen terkait harus bagian dari rencana ini."))

    reason = _("Berita acara dicatat")
    minutes = Minutes(
        consultation=locked,
        number=number,
        held_on=held_on,
        place=_line(place, 300) or locked.place,
        chair=_line(chair, 200),
        summary=(summary or "").strip()[:10000],
        recorded_by=actor,
    )
    tracked_save(minutes, actor=actor, reason=reason)
    for order, point in enumerate(points, 1):
        row = MinutesPoint(minutes=minutes, order=order, text=point.text.strip()[:5000])
        tracked_save(row, actor=actor, reason=reason)
        if point.elements:
            row.elements.set(point.elements)
    for order, attendee in enumerate(attendees, 1):
        tracked_save(
            MinutesAttendee(
                minutes=minutes,
                order=order,
                organisation=attendee.organisation,
                organisation_name=_line(attendee.organisation_name, 300)
                or (attendee.organisation.name if attendee.organisation else ""),
                name=_line(attendee.name, 200),
                role=_line(attendee.role, 200),
            ),
            actor=actor,
            reason=reason,
        )
    for order, signatory in enumerate(signatories, 1):
        tracked_save(
            MinutesSignatory(
                minutes=minutes,
                order=order,
                name=_line(signatory.name, 200),
                position=_line(signatory.position, 200),
                representing=_line(signatory.representing, 300),
            ),
            actor=actor,
            reason=reason,
        )

    if locked.status == Consultation.Status.OPEN:
        locked.status = Consultation.Status.CLOSED
        locked.closed_at = timezone.now()
        locked.closed_by = actor
        tracked_save(
            locked,
            actor=actor,
            reason=_("Forum ditutup dengan berita acara"),
            update_fields=["status", "closed_at", "closed_by"],
        )
    record = locked.stage_record
    if record is not None and record.closed_at is None and record.previous is not None:
        transition(
            plan=locked.plan,
            to_stage=record.previous.stage,
            actor=actor,
            note=_("Berita acara %(number)s") % {"number": number},
        )
    return minutes
