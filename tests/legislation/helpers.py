"""Set-up for the legislation tests: a plan that has gone through the technocratic and
participatory flows (verification accepted, inspectorate review closed, forum minutes),
the region's DPRD (a commission partnering the unit), and a DPRD submission."""

from datetime import date, timedelta

from django.utils import timezone

from legislation import services
from participation.models import Consultation, Minutes
from renstra.services.roles import role_grant
from stages.models import InspectorateReviewResult, VerificationReview, Version
from stages.versions import version_freeze
from tests.factories import UserFactory
from tests.stages.helpers import place


def technocratic_done(plan, *, verification=True, inspectorate=True, minutes=True):
    """Record what the other flows leave behind (each optional) and put the plan in
    reviu_selesai, the stage ratification or the DPRD submission starts from."""
    now = timezone.now()
    if minutes:
        forum = version_freeze(plan=plan, label="Forum PD", kind=Version.Kind.CONSULTATION)
        consultation = Consultation.objects.create(
            plan=plan,
            version=forum,
            kind=Consultation.Kind.FORUM_PD,
            title="Forum Perangkat Daerah",
            starts_at=now - timedelta(days=30),
            ends_at=now - timedelta(days=29),
        )
        Minutes.objects.create(
            consultation=consultation, number="BA/01/2026", held_on=date(2026, 1, 5)
        )
    if verification:
        verified = version_freeze(plan=plan, label="Diverifikasi", kind=Version.Kind.SUBMITTED)
        VerificationReview.objects.create(
            plan=plan,
            version=verified,
            opened_at=now - timedelta(days=20),
            decision=VerificationReview.Decision.ACCEPTED,
            decided_at=now - timedelta(days=10),
        )
    if inspectorate:
        reviewed = version_freeze(plan=plan, label="Reviu", kind=Version.Kind.REVIEW)
        InspectorateReviewResult.objects.create(
            plan=plan,
            version=reviewed,
            result=InspectorateReviewResult.Result.MEMADAI,
            summary="Memadai",
            closed_at=now - timedelta(days=5),
        )
    place(plan, "reviu_selesai")
    return plan


def dprd_member(region, username, **kwargs):
    user = UserFactory(username=username, **kwargs)
    role_grant(user=user, role="dprd_member", scope=region)
    return user


def commission_for(unit, members, *, name="Komisi IV", actor=None):
    return services.commission_save(
        region=unit.region,
        actor=actor,
        name=name,
        field="Kesejahteraan rakyat",
        members=members,
        partner_units=[unit],
    )


def submitted(plan, head, commission=None, *, days=14, now=None):
    """Submit `plan` (in reviu_selesai) to the DPRD; returns the review."""
    return services.dprd_submit(
        plan=plan,
        actor=head,
        commission=commission,
        window_end=(now or timezone.now()) + timedelta(days=days),
        note="Surat pengantar",
        now=now,
    )


def ratify_kwargs(**overrides):
    values = {
        "perkada_number": "12 Tahun 2026",
        "perkada_date": date(2026, 2, 1),
        "signatory": "Drs. H. Bupati Uji",
        "signatory_title": "Bupati Uji",
    }
    values.update(overrides)
    return values
