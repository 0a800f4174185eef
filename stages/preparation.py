"""Persiapan (domain.md §3, stage 1): the drafting team decree and the work agenda.

The unit's planners (`edit` on the plan) maintain them while the plan's content may change;
every write is recorded in the history with the actor and a reason. Raise PermissionDenied
without `edit`, PlanLocked while the plan is locked, ValidationError on bad data.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from renstra.access import plan_access
from renstra.models import Plan
from renstra.services.history import tracked_delete, tracked_save
from renstra.services.plans import plan_assert_editable

from .models import AgendaItem, TeamDecree, TeamMember, TeamRole


def _assert_may_edit(plan: Plan, actor: Any) -> None:
    if not plan_access(actor, plan).edit:
        raise PermissionDenied
    plan_assert_editable(plan)


def today_jakarta() -> date:
    """Today's date in the project time zone (Asia/Jakarta)."""
    return timezone.localdate()


# --- Reads ----------------------------------------------------------------------------


def plan_preparation(plan: Plan) -> tuple[TeamDecree | None, list[AgendaItem]]:
    """The plan's decree (members prefetched) and agenda items, in two or three queries."""
    decree = (
        TeamDecree.objects.filter(plan=plan)
        .prefetch_related(Prefetch("members", queryset=TeamMember.objects.order_by("order", "id")))
        .first()
    )
    agenda = list(AgendaItem.objects.filter(plan=plan).order_by("planned_start", "id"))
    return decree, agenda


# --- Decree ---------------------------------------------------------------------------


@transaction.atomic
def team_decree_save(
    *, plan: Plan, actor: Any, number: str, date: date, signed_by: str, note: str = ""
) -> TeamDecree:
    """Create or update the plan's team decree. Returns it."""
    _assert_may_edit(plan, actor)
    decree = TeamDecree.objects.select_for_update().filter(plan=plan).first()
    creating = decree is None
    if decree is None:
        decree = TeamDecree(plan=plan)
    decree.number, decree.date, decree.signed_by, decree.note = (
        number.strip(),
        date,
        signed_by.strip(),
        note.strip(),
    )
    reason = _("SK tim penyusun dicatat") if creating else _("SK tim penyusun diubah")
    return tracked_save(decree, actor=actor, reason=reason)


@transaction.atomic
def team_member_add(
    *,
    plan: Plan,
    actor: Any,
    name: str,
    position: str = "",
    role: str = TeamRole.ANGGOTA,
    order: int | None = None,
) -> TeamMember:
    """Add a member to the plan's decree (which must exist: ValidationError otherwise).
    Without `order` the member goes last. Returns the member."""
    _assert_may_edit(plan, actor)
    decree = TeamDecree.objects.filter(plan=plan).first()
    if decree is None:
        raise ValidationError(_("Catat SK tim penyusun dulu sebelum menambah anggota."))
    if order is None:
        last = decree.members.order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 1
    member = TeamMember(
        decree=decree, name=name.strip(), position=position.strip(), role=role, order=order
    )
    return tracked_save(member, actor=actor, reason=_("Anggota tim penyusun ditambahkan"))


@transaction.atomic
def team_member_update(
    *, member: TeamMember, actor: Any, name: str, position: str, role: str, order: int
) -> TeamMember:
    """Change a member's name, position, role in the team and order. Returns it."""
    _assert_may_edit(member.decree.plan, actor)
    member.name, member.position, member.role, member.order = (
        name.strip(),
        position.strip(),
        role,
        order,
    )
    return tracked_save(
        member,
        actor=actor,
        reason=_("Anggota tim penyusun diubah"),
        update_fields=["name", "position", "role", "order"],
    )


@transaction.atomic
def team_member_delete(*, member: TeamMember, actor: Any) -> None:
    """Remove a member from the decree (recorded in the history)."""
    _assert_may_edit(member.decree.plan, actor)
    tracked_delete(member, actor=actor, reason=_("Anggota tim penyusun dihapus"))


# --- Agenda ---------------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(
    *,
    plan: Plan,
    actor: Any,
    activity: str,
    planned_start: date,
    planned_end: date,
    responsible: str = "",
    done_on: date | None = None,
) -> AgendaItem:
    """Add an activity to the work agenda. Returns it; ValidationError when the planned
    end is before the start."""
    _assert_may_edit(plan, actor)
    item = AgendaItem(
        plan=plan,
        activity=activity.strip(),
        planned_start=planned_start,
        planned_end=planned_end,
        responsible=responsible.strip(),
        done_on=done_on,
    )
    return tracked_save(item, actor=actor, reason=_("Agenda kerja ditambahkan"))


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    actor: Any,
    activity: str,
    planned_start: date,
    planned_end: date,
    responsible: str = "",
    done_on: date | None = None,
) -> AgendaItem:
    """Change an agenda item (dates, responsible, the date it was done). Returns it."""
    _assert_may_edit(item.plan, actor)
    item.activity, item.planned_start, item.planned_end = (
        activity.strip(),
        planned_start,
        planned_end,
    )
    item.responsible, item.done_on = responsible.strip(), done_on
    return tracked_save(
        item,
        actor=actor,
        reason=_("Agenda kerja diubah"),
        update_fields=["activity", "planned_start", "planned_end", "responsible", "done_on"],
    )


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor: Any) -> None:
    """Remove an agenda item (recorded in the history)."""
    _assert_may_edit(item.plan, actor)
    tracked_delete(item, actor=actor, reason=_("Agenda kerja dihapus"))
