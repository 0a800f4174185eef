"""Helpers for the stages tests: put a plan in a stage as if transitions had led there."""

from django.utils import timezone

from renstra.models import Plan
from stages.models import StageRecord
from stages.transitions import get_stage


def place(plan: Plan, stage: str) -> Plan:
    """Put `plan` in `stage` with one open record (test set-up only: bypasses the table)."""
    StageRecord.objects.filter(plan=plan, closed_at__isnull=True).update(closed_at=timezone.now())
    StageRecord.objects.create(
        plan=plan, stage=stage, flow=get_stage(stage).flow, opened_at=timezone.now()
    )
    Plan.objects.filter(pk=plan.pk).update(stage=stage, locked=get_stage(stage).locked)
    plan.refresh_from_db()
    return plan
