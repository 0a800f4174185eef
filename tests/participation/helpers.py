"""Shared set-up for the participation tests: organisations, members, consultations."""

from datetime import timedelta

from django.utils import timezone

from participation.models import Consultation, Membership, Organisation
from participation.services.consultations import consultation_open
from renstra.services.roles import role_grant
from stages.models import StageRecord
from stages.transitions import get_stage
from tests.factories import UserFactory


def make_organisation(region, name="LSM Uji", status="verified", kind="ngo"):
    reason = "Dokumen tidak lengkap" if status == "rejected" else ""
    return Organisation.objects.create(
        region=region, name=name, kind=kind, status=status, status_reason=reason
    )


def make_member(organisation, *, username=None, representative=False, **kwargs):
    user = UserFactory(**({"username": username} if username else {}), **kwargs)
    Membership.objects.create(
        organisation=organisation,
        user=user,
        status=Membership.Status.APPROVED,
        is_representative=representative,
    )
    if representative:
        role_grant(user=user, role="stakeholder", scope=organisation)
    return user


def put_in_stage(plan, stage):
    """Put `plan` in `stage` with one open record (set-up only; bypasses the table)."""
    from renstra.models import Plan

    StageRecord.objects.filter(plan=plan, closed_at__isnull=True).update(closed_at=timezone.now())
    StageRecord.objects.create(
        plan=plan, stage=stage, flow=get_stage(stage).flow, opened_at=timezone.now()
    )
    Plan.objects.filter(pk=plan.pk).update(stage=stage, locked=get_stage(stage).locked)
    plan.refresh_from_db()
    return plan


def open_consultation(
    plan,
    actor,
    *,
    kind=Consultation.Kind.PUBLIC,
    audience=Consultation.Audience.PUBLIC,
    starts_at=None,
    ends_at=None,
    invited=(),
    title="Konsultasi publik rancangan Renstra",
    place="Aula Bappeda",
    stage="rancangan",
):
    """Open a consultation on `plan` (put in `stage` first unless already there)."""
    if plan.stage != stage:
        put_in_stage(plan, stage)
    now = timezone.now()
    return consultation_open(
        plan=plan,
        actor=actor,
        kind=kind,
        title=title,
        starts_at=starts_at or now - timedelta(hours=1),
        ends_at=ends_at or now + timedelta(days=7),
        audience=audience,
        invited_organisations=invited,
        place=place,
        agenda="1. Pembukaan\n2. Paparan\n3. Diskusi",
    )
