"""The table of allowed transitions, driven over every (from, to) pair."""

import itertools

import pytest
from django.core.exceptions import ImproperlyConfigured

from renstra.errors import RenstraError
from renstra.models import Plan
from stages import services
from stages.errors import TransitionForbidden, TransitionNotAllowed
from stages.models import StageRecord, Version
from stages.transitions import all_stages, get_stage, get_transition, transitions_from
from tests.stages.helpers import place

# The technocratic table (domain.md §3); flows may add their own moves.
EXPECTED = {
    ("persiapan", "rancangan_awal"),
    ("rancangan_awal", "rancangan"),
    ("rancangan", "diajukan"),
    ("diajukan", "verifikasi"),
    ("verifikasi", "dikembalikan"),
    ("dikembalikan", "diajukan"),
    ("verifikasi", "diterima"),
    ("diterima", "rancangan_akhir"),
    ("rancangan_akhir", "reviu_apip"),
    ("reviu_apip", "rancangan_akhir"),
    ("reviu_apip", "reviu_selesai"),
    ("reviu_selesai", "penetapan"),
    ("penetapan", "perubahan"),
    ("perubahan", "rancangan"),
    ("perubahan", "diajukan"),
}
CORE = {code for pair in EXPECTED for code in pair}
STAGES = [s.code for s in all_stages()]
PAIRS = list(itertools.product(STAGES, STAGES))


def test_core_table_is_the_expected_one():
    core_moves = {(s, t) for s in CORE for t in CORE if get_transition(s, t) is not None}
    assert core_moves == EXPECTED


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{s}->{t}" for s, t in PAIRS])
def test_every_pair(plan, superuser, source, target):
    place(plan, source)
    records_before = StageRecord.objects.count()
    versions_before = Version.objects.count()
    plans_before = Plan.objects.count()
    history_before = Plan.history.filter(id=plan.pk).count()
    move = get_transition(source, target)

    if move is None or move.guard is not None:
        # Not in the table, or guarded by a flow whose preconditions a bare call does not
        # meet (penetapan: only through the ratification service): refused, nothing written.
        with pytest.raises(TransitionNotAllowed if move is None else RenstraError) as caught:
            services.transition(plan=plan, to_stage=target, actor=superuser, note="x")
        if move is None:
            assert "tidak diizinkan" in caught.value.text
        plan.refresh_from_db()
        assert plan.stage == source
        assert plan.locked == get_stage(source).locked
        assert StageRecord.objects.count() == records_before
        assert Version.objects.count() == versions_before
        assert Plan.objects.count() == plans_before
        assert Plan.history.filter(id=plan.pk).count() == history_before
        return

    record = services.transition(plan=plan, to_stage=target, actor=superuser, note="catatan")
    assert record.stage == target
    assert record.note == "catatan"
    assert record.opened_by == superuser
    assert record.closed_at is None
    assert record.previous.stage == source
    assert record.flow == get_stage(target).flow
    assert (record.version is not None) == bool(move.freeze)
    if move.freeze:
        assert record.version.kind == move.freeze
    if move.amend:
        # A new plan; the ratified one is untouched and its record stays open.
        assert record.plan.pk != plan.pk
        assert record.plan.stage == target
        plan.refresh_from_db()
        assert plan.stage == source
        assert Plan.history.filter(id=plan.pk).count() == history_before
        assert record.previous.closed_at is None
    else:
        plan.refresh_from_db()
        assert plan.stage == target
        assert plan.locked == get_stage(target).locked
        assert record.previous.closed_at is not None
        assert record.previous.closed_by == superuser
        assert Plan.history.filter(id=plan.pk).count() == history_before + 1
        assert StageRecord.objects.filter(plan=plan, closed_at__isnull=True).count() == 1


def test_unknown_stage_is_refused(plan, superuser):
    with pytest.raises(TransitionNotAllowed):
        services.transition(plan=plan, to_stage="tidak_ada", actor=superuser)
    assert not StageRecord.objects.exists()


def test_first_transition_writes_the_initial_record(plan, planner):
    record = services.plan_start_drafting(plan=plan, actor=planner, note="SK tim terbit")
    first = record.previous
    assert first.stage == "persiapan" and first.closed_by == planner
    assert list(StageRecord.objects.filter(plan=plan).values_list("stage", flat=True)) == [
        "persiapan",
        "rancangan_awal",
    ]


def test_rights_follow_the_table(plan, planner, head, verifier, inspector):
    services.plan_start_drafting(plan=plan, actor=planner)
    services.plan_refine_draft(plan=plan, actor=planner)
    with pytest.raises(TransitionForbidden):
        services.plan_submit_for_verification(plan=plan, actor=planner)
    record = services.plan_submit_for_verification(plan=plan, actor=head, note="Surat 050/1")
    assert record.version.kind == Version.Kind.SUBMITTED
    assert plan.locked
    with pytest.raises(TransitionForbidden):
        services.verification_start(plan=plan, actor=head)
    services.verification_start(plan=plan, actor=verifier)
    services.verification_return(plan=plan, actor=verifier, note="Perbaiki target")
    assert not plan.locked
    services.plan_resubmit(plan=plan, actor=head)
    services.verification_start(plan=plan, actor=verifier)
    accepted = services.verification_accept(plan=plan, actor=verifier)
    assert accepted.version.kind == Version.Kind.VERIFIED
    services.final_draft_start(plan=plan, actor=planner)
    services.inspectorate_review_start(plan=plan, actor=head)
    with pytest.raises(TransitionForbidden):
        services.inspectorate_review_close(plan=plan, actor=verifier)
    services.inspectorate_review_close(plan=plan, actor=inspector, accepted=False)
    assert plan.stage == "rancangan_akhir"
    services.inspectorate_review_start(plan=plan, actor=head)
    services.inspectorate_review_close(plan=plan, actor=inspector)
    assert plan.stage == "reviu_selesai"
    chain = list(StageRecord.objects.filter(plan=plan).order_by("opened_at", "id"))
    assert all(r.previous_id == p.pk for p, r in itertools.pairwise(chain))
    assert [v.number for v in plan.versions.all()] == [1, 2, 3, 4, 5]


def test_amendment_copies_the_ratified_plan(plan, superuser):
    from tests.factories import IndicatorFactory, IndicatorTargetFactory, build_cascade

    made = build_cascade(plan)
    indicator = IndicatorFactory(element=made["sasaran"][0])
    IndicatorTargetFactory(indicator=indicator, year=2027, value="15")
    issue = plan.issues.create(text="Isu uji", ref="I1")
    made["sasaran"][0].issues.add(issue)
    # Ratified (the legislation tests ratify through the checklist and the Perkada).
    from stages.versions import version_freeze

    version_freeze(plan=plan, label="Penetapan", kind=Version.Kind.RATIFIED, actor=superuser)
    place(plan, "penetapan")
    record = services.plan_amend(plan=plan, actor=superuser)
    amendment = record.plan
    assert amendment.stage == "perubahan" and not amendment.locked
    assert amendment.elements.count() == plan.elements.count()
    assert amendment.indicators.get().targets.get().value == "15"
    assert amendment.elements.get(kind="sasaran").issues.get().text == "Isu uji"
    assert amendment.sections.count() == plan.sections.count()
    # Its first version can be rebuilt from the history, links included.
    from stages.versions import version_compare, version_content

    version = version_freeze(plan=amendment, label="awal", actor=superuser)
    content = version_content(version)
    assert [i.text for i in content.tree.of_kind("sasaran")[0].element.issues.all()] == ["Isu uji"]
    # Compared across plans by code/ref: nothing changed.
    ratified = plan.versions.get(kind=Version.Kind.RATIFIED)
    assert version_compare(ratified, version).totals["all"] == 0


def test_flows_can_register_stages():
    from stages import transitions

    with pytest.raises(ImproperlyConfigured):
        transitions.allow("rancangan", "tidak_terdaftar", need="edit", label="x")
    transitions.register_stage(
        "forum_uji",
        "Forum uji",
        flow=transitions.Flow.PARTICIPATORY,
        locked=True,
        after="rancangan",
    )
    try:
        transitions.allow(
            "rancangan", "forum_uji", need="edit", label="Buka", freeze="consultation"
        )
        assert "forum_uji" in [t.target for t in transitions_from("rancangan")]
    finally:
        transitions.forbid("rancangan", "forum_uji")
        transitions._stages.pop("forum_uji")
