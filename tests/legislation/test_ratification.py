"""Ratification (penetapan): the precondition checklist names what is unmet and refuses;
with everything met the plan is ratified through the transition primitive; the region's
approval setting changes the DPRD precondition; the Perkada's signed scan is a PDF."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from legislation import services
from legislation.errors import RatificationRefused, ScanInvalid
from legislation.models import Ratification, RegionSetting
from renstra.models import Plan
from stages.errors import TransitionForbidden, TransitionNotAllowed
from stages.models import StageRecord, Version
from tests.factories import ElementFactory
from tests.legislation.helpers import (
    commission_for,
    dprd_member,
    ratify_kwargs,
    submitted,
    technocratic_done,
)
from tests.stages.helpers import place

pytestmark = pytest.mark.django_db


def _labels(plan, **kwargs):
    return {p.code: p for p in services.ratification_checklist(plan, **kwargs)}


def test_checklist_all_met_after_the_other_flows(plan):
    technocratic_done(plan)
    checklist = _labels(plan)
    assert list(checklist) == ["verification", "inspectorate", "forum_minutes", "dprd", "findings"]
    assert all(p.met for p in checklist.values()), checklist


@pytest.mark.parametrize(
    ("missing", "code", "label"),
    [
        ("verification", "verification", "Verifikasi Bappeda diterima"),
        ("inspectorate", "inspectorate", "Reviu Inspektorat selesai"),
        ("minutes", "forum_minutes", "Berita acara Forum Perangkat Daerah tercatat"),
    ],
)
def test_ratification_refused_naming_the_unmet_precondition(plan, ratifier, missing, code, label):
    technocratic_done(plan, **{missing: False})
    assert not _labels(plan)[code].met
    records, versions = StageRecord.objects.count(), Version.objects.count()
    history = Plan.history.filter(id=plan.pk).count()
    with pytest.raises(RatificationRefused) as caught:
        services.plan_ratify(plan=plan, actor=ratifier, **ratify_kwargs())
    assert caught.value.unmet == [label]
    assert label in caught.value.text
    assert caught.value.text.startswith("Penetapan ditolak. Syarat yang belum terpenuhi:")
    plan.refresh_from_db()
    assert plan.stage == "reviu_selesai"
    assert not Ratification.objects.exists()
    assert StageRecord.objects.count() == records
    assert Version.objects.count() == versions
    assert Plan.history.filter(id=plan.pk).count() == history


def test_refusal_names_every_unmet_precondition(plan, ratifier):
    ElementFactory(plan=plan, kind="tujuan", text="Tujuan tanpa apa pun")  # error findings
    place(plan, "reviu_selesai")
    with pytest.raises(RatificationRefused) as caught:
        services.plan_ratify(plan=plan, actor=ratifier, **ratify_kwargs())
    assert caught.value.unmet == [
        "Verifikasi Bappeda diterima",
        "Reviu Inspektorat selesai",
        "Berita acara Forum Perangkat Daerah tercatat",
        "Tidak ada temuan galat (atau alasannya dicatat)",
    ]


def test_error_findings_need_a_recorded_reason(plan, ratifier):
    ElementFactory(plan=plan, kind="tujuan", text="Tujuan tanpa indikator")
    technocratic_done(plan)
    findings = _labels(plan)["findings"]
    assert not findings.met and "temuan galat" in findings.detail
    with pytest.raises(RatificationRefused) as caught:
        services.plan_ratify(plan=plan, actor=ratifier, **ratify_kwargs())
    assert caught.value.unmet == ["Tidak ada temuan galat (atau alasannya dicatat)"]
    assert _labels(plan, findings_reason="Disepakati dengan Bappeda")["findings"].met
    ratification = services.plan_ratify(
        plan=plan,
        actor=ratifier,
        findings_reason="<b>Disepakati</b> dengan Bappeda",
        **ratify_kwargs(),
    )
    assert ratification.findings_reason == "Disepakati dengan Bappeda"


def test_unanswered_dprd_recommendation_blocks_until_answered(plan, head, planner, ratifier):
    technocratic_done(plan)
    member = dprd_member(plan.unit.region, "komisi4")
    review = submitted(plan, head, commission_for(plan.unit, [member]))
    letter = services.letter_issue(
        review=review,
        actor=member,
        number="170/12/DPRD",
        date=date(2026, 1, 20),
        items=[("Tambahkan indikator imunisasi", []), ("Naikkan target", [])],
    )
    services.dprd_finish(plan=plan, actor=head)
    with pytest.raises(RatificationRefused) as caught:
        services.plan_ratify(plan=plan, actor=ratifier, **ratify_kwargs())
    assert caught.value.unmet == ["Setiap rekomendasi DPRD telah ditanggapi"]
    detail = _labels(plan)["dprd"].detail
    assert "170/12/DPRD #1" in detail and "170/12/DPRD #2" in detail
    first, second = letter.items.order_by("position")
    services.item_respond(item=first, actor=planner, status="accepted", change="Ditambahkan")
    assert "170/12/DPRD #1" not in _labels(plan)["dprd"].detail
    services.item_respond(item=second, actor=head, status="not_accepted", reason="Di luar pagu")
    ratification = services.plan_ratify(plan=plan, actor=ratifier, **ratify_kwargs())
    plan.refresh_from_db()
    assert plan.stage == "penetapan" and plan.locked
    assert ratification.version.kind == Version.Kind.RATIFIED


def test_approval_required_changes_the_dprd_precondition(plan, head, planner, ratifier):
    technocratic_done(plan)
    RegionSetting.objects.create(region=plan.unit.region, dprd_approval_required=True)
    dprd = _labels(plan)["dprd"]
    # Never submitted: consultative regions may ratify, this one needs the approval.
    assert not dprd.met
    assert dprd.label == "Rekomendasi DPRD ditanggapi dan rencana disetujui DPRD"
    assert "persetujuan belum dicatat" in dprd.detail
    member = dprd_member(plan.unit.region, "komisi4")
    review = submitted(plan, head, commission_for(plan.unit, [member]))
    letter = services.letter_issue(
        review=review, actor=member, number="1/DPRD", date=date(2026, 1, 2), items=[("A", [])]
    )
    services.item_respond(
        item=letter.items.get(), actor=planner, status="partly", reason="Sebagian"
    )
    services.dprd_finish(plan=plan, actor=head)
    # Every item answered, but no approval yet.
    with pytest.raises(RatificationRefused) as caught:
        services.plan_ratify(plan=plan, actor=ratifier, **ratify_kwargs())
    assert caught.value.unmet == ["Rekomendasi DPRD ditanggapi dan rencana disetujui DPRD"]
    services.dprd_approve(review=review, actor=member, reference="170/99/DPRD")
    assert _labels(plan)["dprd"].met
    services.plan_ratify(plan=plan, actor=ratifier, **ratify_kwargs())


def test_consultative_region_answers_are_enough_without_approval(plan, head, ratifier):
    technocratic_done(plan)
    assert not services.region_setting(plan.unit.region).dprd_approval_required
    member = dprd_member(plan.unit.region, "komisi4")
    submitted(plan, head, commission_for(plan.unit, [member]))
    services.dprd_finish(plan=plan, actor=head)
    assert _labels(plan)["dprd"].met  # no letter, nothing to answer
    services.plan_ratify(plan=plan, actor=ratifier, **ratify_kwargs())


def test_only_the_ratifier_ratifies(plan, head, verifier, region_admin):
    technocratic_done(plan)
    for user in (head, verifier, region_admin):
        with pytest.raises(TransitionForbidden):
            services.plan_ratify(plan=plan, actor=user, **ratify_kwargs())
    plan.refresh_from_db()
    assert plan.stage == "reviu_selesai"


def test_ratification_only_from_the_ready_stage(plan, ratifier):
    technocratic_done(plan)
    place(plan, "rancangan_akhir")
    with pytest.raises(TransitionNotAllowed):
        services.plan_ratify(plan=plan, actor=ratifier, **ratify_kwargs())


def test_perkada_fields_are_required(plan, ratifier):
    technocratic_done(plan)
    with pytest.raises(ValidationError) as caught:
        services.plan_ratify(
            plan=plan, actor=ratifier, perkada_number=" ", perkada_date=None, signatory=""
        )
    assert set(caught.value.message_dict) == {"perkada_number", "perkada_date", "signatory"}


def test_signed_scan_must_be_a_pdf_by_content(plan, ratifier):
    technocratic_done(plan)
    fake = SimpleUploadedFile("perkada.pdf", b"<html>not a pdf</html>", "application/pdf")
    with pytest.raises(ScanInvalid) as caught:
        services.plan_ratify(plan=plan, actor=ratifier, signed_scan=fake, **ratify_kwargs())
    assert caught.value.text == "Pindaian Perkada harus berkas PDF."
    plan.refresh_from_db()
    assert plan.stage == "reviu_selesai"


def test_signed_scan_size_limit(plan, ratifier, settings):
    technocratic_done(plan)
    settings.LEGISLATION_SCAN_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("p.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1), "application/pdf")
    with pytest.raises(ScanInvalid) as caught:
        services.plan_ratify(plan=plan, actor=ratifier, signed_scan=big, **ratify_kwargs())
    assert "terlalu besar" in caught.value.text


def test_ratify_records_the_perkada_scan_and_requests_the_official_pdfa(plan, ratifier):
    technocratic_done(plan)
    scan = SimpleUploadedFile("perkada.pdf", b"%PDF-1.4\nscan\n%%EOF\n", "application/pdf")
    ratification = services.plan_ratify(
        plan=plan, actor=ratifier, signed_scan=scan, **ratify_kwargs()
    )
    ratification.refresh_from_db()
    assert ratification.perkada_number == "12 Tahun 2026"
    assert ratification.ratified_by == ratifier and ratification.published_at
    assert len(ratification.signed_scan_sha256) == 64
    assert ratification.signed_scan.read().startswith(b"%PDF-")
    assert ratification.document.variant == "pdf/a-3a"
    assert ratification.document.version_number == ratification.version.number
    record = StageRecord.objects.get(plan=plan, closed_at__isnull=True)
    assert record.stage == "penetapan" and record.version == ratification.version
    latest = Ratification.history.filter(id=ratification.pk).first()
    assert latest.history_user == ratifier
    assert latest.history_change_reason == "Ditetapkan dengan Perkada"


@pytest.mark.parametrize("who", ["ratifier", "superuser"])
def test_the_bare_transition_into_penetapan_is_refused(request, plan, who):
    """Only the ratification service moves a plan into penetapan: the transition primitive
    called directly (another view, the shell) is refused, naming the Perkada and any unmet
    precondition, and nothing is written."""
    from stages.models import StageRecord
    from stages.services import transition

    actor = request.getfixturevalue(who)
    technocratic_done(plan, minutes=False)
    records, versions = StageRecord.objects.count(), plan.versions.count()
    history = Plan.history.filter(id=plan.pk).count()
    with pytest.raises(RatificationRefused) as caught:
        transition(plan=plan, to_stage="penetapan", actor=actor)
    assert "Perkada" in str(caught.value)
    assert "Berita acara Forum Perangkat Daerah tercatat" in str(caught.value)
    plan.refresh_from_db()
    assert plan.stage == "reviu_selesai"
    assert StageRecord.objects.count() == records and plan.versions.count() == versions
    assert Plan.history.filter(id=plan.pk).count() == history
