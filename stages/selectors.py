"""Reads for the stage pages and the core's providers."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renstra.access import PlanAccess
from renstra.models import Plan

from .models import StageRecord, Version
from .transitions import Transition, get_stage, stage_label, transitions_from


@dataclass
class TimelineEntry:
    stage: str
    label: str
    flow: str
    opened_at: datetime
    opened_by: str
    closed_at: datetime | None
    closed_by: str
    note: str
    version: Version | None
    due: datetime | None
    record: StageRecord | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def overdue(self) -> bool:
        """Past its due date (never a hard stop: only shown)."""
        if self.due is None:
            return False
        return (self.closed_at or timezone.now()) > self.due


def due_days() -> dict[str, int]:
    return dict(getattr(settings, "RENSTRA_DUE_DAYS", {}))


def _name(user) -> str:
    return user.display_name if user else "—"


def plan_timeline(plan: Plan) -> list[TimelineEntry]:
    """The plan's stage records, oldest first, with due dates from RENSTRA_DUE_DAYS
    (days a stage may take). A plan without records shows its current stage since its
    creation. One query."""
    records = list(
        StageRecord.objects.filter(plan=plan)
        .select_related("opened_by", "closed_by", "version")
        .order_by("opened_at", "id")
    )
    days = due_days()
    entries = []
    for r in records:
        if r.version is not None:
            r.version.plan = plan  # for its URL, without a query per row
        due = r.opened_at + timedelta(days=days[r.stage]) if r.stage in days else None
        entries.append(
            TimelineEntry(
                stage=r.stage,
                label=r.stage_label,
                flow=r.get_flow_display(),
                opened_at=r.opened_at,
                opened_by=_name(r.opened_by),
                closed_at=r.closed_at,
                closed_by=_name(r.closed_by) if r.closed_at else "",
                note=r.note,
                version=r.version,
                due=due,
                record=r,
            )
        )
    if not entries:
        opened = plan.created_at or timezone.now()
        try:
            flow = str(get_stage(plan.stage).flow)
        except LookupError:
            flow = ""
        entries.append(
            TimelineEntry(
                stage=plan.stage,
                label=stage_label(plan.stage),
                flow=flow,
                opened_at=opened,
                opened_by="—",
                closed_at=None,
                closed_by="",
                note="",
                version=None,
                due=opened + timedelta(days=days[plan.stage]) if plan.stage in days else None,
            )
        )
    return entries


def plan_lock_reason(plan: Plan) -> str | None:
    """Why the plan's content may not change now (None when it may)."""
    if not plan.locked:
        return None
    try:
        stage = get_stage(plan.stage)
    except LookupError:
        return _("Rencana ini terkunci.")
    if stage.final:
        return _("Rencana ini sudah ditetapkan: isinya tidak dapat diubah lagi.")
    return _("Rencana ini sedang pada tahap “%(stage)s”: isinya hanya dapat dibaca.") % {
        "stage": stage.label
    }


def available_transitions(plan: Plan, access: PlanAccess) -> list[Transition]:
    """The moves from the plan's stage that `access` allows (no queries)."""
    return [t for t in transitions_from(plan.stage) if access.allows(t.need)]


def plan_versions(plan: Plan) -> QuerySet[Version]:
    return Version.objects.filter(plan=plan).select_related("created_by").order_by("-number")
