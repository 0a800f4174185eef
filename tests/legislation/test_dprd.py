"""The DPRD consultation: the stage table, submission (who, frozen version, commission
notified, members' access), notes only while the window is open (controlled clock),
the commission's letter, the unit's answers, pokir, approval."""

import itertools
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from legislation import selectors, services
from legislation.errors import (
    ItemsUnanswered,
    NoPartnerCommission,
    NotCommissionMember,
    ReviewWindowClosed,
)
from legislation.models import DprdReview, ItemResponse, NoteKind, ReviewNote
from stages import services as stage_services
from stages.errors import TransitionForbidden, TransitionNotAllowed
from stages.models import Version
from stages.transitions import all_stages, get_stage, get_transition
from tests.factories import ElementFactory, PlanFactory, RegionFactory, UnitFactory
from tests.legislation.helpers import (
    commission_for,
    dprd_member,
    submitted,
    technocratic_done,
)
from tests.stages.helpers import place

pytestmark = pytest.mark.django_db

LEGISLATIVE = {
    ("reviu_selesai", "pembahasan_dprd"): ("approve", "dprd"),
    ("pembahasan_dprd", "reviu_selesai"): ("approve", None),
    ("reviu_selesai", "penetapan"): ("ratify", "ratified"),
}
STAGES = [s.code for s in all_stages()]


def test_the_legislative_moves_are_registered():
    stage = get_stage("pembahasan_dprd")
    assert stage.flow == "legislative" and not stage.locked and not stage.final
    for (source, target), (need, freeze) in LEGISLATIVE.items():
        move = get_transition(source, target)
        assert move is not None, (source, target)
        assert (move.need, move.freeze) == (need, freeze)
    # Into and out of the DPRD stage: only these moves.
    touching = {
        (s, t)
        for s, t in itertools.product(STAGES, STAGES)
        if "pembahasan_dprd" in (s, t) and get_transition(s, t) is not None
    }
    assert touching == {
        ("reviu_selesai", "pembahasan_dprd"),
        ("pembahasan_dprd", "reviu_selesai"),
    }


@pytest.mark.parametrize("source", STAGES)
def test_dprd_submission_only_from_reviu_selesai(plan, head, source):
    member = dprd_member(plan.unit.region, "komisi4")
    commission_for(plan.unit, [member])
    place(plan, source)
    if source == "reviu_selesai":
        review = submitted(plan, head)
        assert review.plan.stage == "pembahasan_dprd"
        return
    with pytest.raises(TransitionNotAllowed):
        submitted(plan, head)
    assert not DprdReview.objects.exists()


def test_submission_freezes_the_dprd_version_and_notifies_the_commission(plan, head):
    technocratic_done(plan)
    member = dprd_member(plan.unit.region, "komisi4", email="komisi4@dprd.example")
    other = dprd_member(plan.unit.region, "komisi1", email="komisi1@dprd.example")
    commission = commission_for(plan.unit, [member])
    commission_for(UnitFactory(region=plan.unit.region), [other], name="Komisi I")
    review = submitted(plan, head, commission)
    plan.refresh_from_db()
    assert plan.stage == "pembahasan_dprd" and not plan.locked
    assert review.version.kind == Version.Kind.DPRD
    assert review.commission == commission and review.submitted_by == head
    assert review.window_end > review.window_start
    # Mail goes out after the commit (see below); in-app notifications at once.
    assert other not in _told(review)


def _told(review):
    """Who was notified of `review`: in-app notifications when participation offers the
    kind, else the e-mail recipients (mail goes out on commit)."""
    try:
        from participation.models import Notification

        if "dprd_review" in Notification.Kind.values:
            return {n.user for n in Notification.objects.filter(key=f"dprd-review:{review.pk}")}
    except ImportError:
        pass
    from django.contrib.auth import get_user_model

    addresses = {a for m in mail.outbox for a in m.to}
    return set(get_user_model().objects.filter(email__in=addresses))


def test_notification_mail_goes_out_on_commit(plan, head, django_capture_on_commit_callbacks):
    technocratic_done(plan)
    member = dprd_member(plan.unit.region, "komisi4", email="komisi4@dprd.example")
    other = dprd_member(plan.unit.region, "komisi1", email="komisi1@dprd.example")
    with django_capture_on_commit_callbacks(execute=True):
        review = submitted(plan, head, commission_for(plan.unit, [member]))
    told = _told(review)
    assert member in told and other not in told


def test_who_may_submit(plan, planner, head, verifier, region_admin, ratifier):
    technocratic_done(plan)
    member = dprd_member(plan.unit.region, "komisi4")
    commission_for(plan.unit, [member])
    for user in (planner, verifier, ratifier, member):
        with pytest.raises(TransitionForbidden):
            submitted(plan, user)
    review = submitted(plan, region_admin)  # Bappeda (administer) may, like the head
    assert review.submitted_by == region_admin


def test_submission_needs_a_partner_commission(plan, head):
    technocratic_done(plan)
    with pytest.raises(NoPartnerCommission) as caught:
        submitted(plan, head)
    assert "komisi DPRD" in caught.value.text
    plan.refresh_from_db()
    assert plan.stage == "reviu_selesai"


def test_window_must_end_after_now(plan, head):
    technocratic_done(plan)
    commission_for(plan.unit, [dprd_member(plan.unit.region, "k")])
    with pytest.raises(ValidationError):
        services.dprd_submit(plan=plan, actor=head, window_end=timezone.now() - timedelta(days=1))
    plan.refresh_from_db()
    assert plan.stage == "reviu_selesai"


def test_members_see_only_versions_submitted_to_their_region(plan, head):
    member = dprd_member(plan.unit.region, "komisi4")
    elsewhere = dprd_member(RegionFactory(), "dprd_lain")
    commission = commission_for(plan.unit, [member])
    # Another plan of the region, never submitted.
    other = PlanFactory(unit=UnitFactory(region=plan.unit.region))
    technocratic_done(plan)
    assert list(selectors.reviews_for_member(member)) == []
    review = submitted(plan, head, commission)
    # A member of the region who joined no commission still reads it (the DPRD's review).
    colleague_after = dprd_member(plan.unit.region, "baru")
    assert list(selectors.reviews_for_member(member)) == [review]
    assert list(selectors.reviews_for_member(elsewhere)) == []
    assert list(selectors.reviews_for_member(colleague_after)) == []  # granted at submission
    assert selectors.review_access(member, review).view
    assert not selectors.review_access(elsewhere, review).view
    # The stage hook granted the frozen DPRD version, and no other version of the plan.
    assert member.has_perm("stages.view_version", review.version)
    others = Version.objects.filter(plan=plan).exclude(pk=review.version_id)
    assert others.exists()
    assert not any(member.has_perm("stages.view_version", v) for v in others)
    assert not elsewhere.has_perm("stages.view_version", review.version)
    # The member reads the frozen version through the review, not the live plan.
    from renstra.access import plan_access

    assert not plan_access(member, plan).view
    assert not plan_access(member, other).view


def test_notes_only_while_the_window_is_open(plan, head):
    technocratic_done(plan)
    member = dprd_member(plan.unit.region, "komisi4")
    start = timezone.now()
    review = submitted(plan, head, commission_for(plan.unit, [member]), days=10, now=start)
    before = start - timedelta(seconds=1)
    inside = start + timedelta(days=5)
    at_end = review.window_end
    for moment in (before, at_end, at_end + timedelta(days=1)):
        with pytest.raises(ReviewWindowClosed):
            services.note_add(review=review, actor=member, kind="question", text="?", now=moment)
    assert not ReviewNote.objects.exists()
    note = services.note_add(
        review=review, actor=member, kind="question", text="Mengapa?", now=inside
    )
    assert note.created_at == inside
    # Leaving the DPRD stage closes the review: no note even inside the window.
    services.dprd_finish(plan=plan, actor=head)
    review.refresh_from_db()
    assert review.closed_at is not None
    with pytest.raises(ReviewWindowClosed):
        services.note_add(review=review, actor=member, kind="question", text="?", now=inside)


def test_only_dprd_members_of_the_region_write_notes(plan, head, planner, verifier):
    technocratic_done(plan)
    member = dprd_member(plan.unit.region, "komisi4")
    review = submitted(plan, head, commission_for(plan.unit, [member]))
    elsewhere = dprd_member(RegionFactory(), "dprd_lain")
    for user in (head, planner, verifier, elsewhere):
        with pytest.raises(PermissionDenied):
            services.note_add(review=review, actor=user, kind="question", text="?")


def test_note_targets_are_checked_and_text_is_plain(plan, head):
    element = ElementFactory(plan=plan, kind="tujuan", text="Tujuan A")
    other_element = ElementFactory(kind="tujuan")
    technocratic_done(plan)
    member = dprd_member(plan.unit.region, "komisi4")
    review = submitted(plan, head, commission_for(plan.unit, [member]))
    with pytest.raises(ValidationError) as caught:
        services.note_add(
            review=review,
            actor=member,
            kind="recommendation",
            text="x",
            spec=services.NoteTargetSpec(target="element", element=other_element),
        )
    assert "element" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.note_add(review=review, actor=member, kind="pokir", text="Jalan desa")
    assert caught.value.message_dict["location"] == ["Pokir memerlukan lokasi usulan."]
    note = services.note_add(
        review=review,
        actor=member,
        kind="recommendation",
        text='<script>alert(1)</script><b>Naikkan</b> target & "cakupan"',
        visibility="public",
        spec=services.NoteTargetSpec(target="element", element=element),
    )
    assert note.text == 'Naikkan target & "cakupan"'
    assert note.where == str(element) and note.element == element
    history = ReviewNote.history.get(id=note.pk)
    assert history.history_user == member


def test_pokir_becomes_a_bottom_up_proposal(plan, head):
    technocratic_done(plan)
    member = dprd_member(plan.unit.region, "komisi4")
    review = submitted(plan, head, commission_for(plan.unit, [member]))
    note = services.note_add(
        review=review,
        actor=member,
        kind=NoteKind.POKIR,
        text="Puskesmas pembantu",
        location="Desa Sukamaju",
        proposed_volume="1 unit",
    )
    assert (note.location, note.proposed_volume) == ("Desa Sukamaju", "1 unit")
    from participation.models import Proposal

    proposal = Proposal.objects.get(plan=plan, source="pokir")
    assert note.proposal == proposal
    assert proposal.description == "Puskesmas pembantu"
    assert proposal.location == "Desa Sukamaju" and proposal.volume == "1 unit"
    assert proposal.status == Proposal.Status.OPEN


def test_letter_by_commission_members_only(plan, head, planner):
    element = ElementFactory(plan=plan, kind="tujuan")
    technocratic_done(plan)
    member = dprd_member(plan.unit.region, "komisi4")
    outsider_member = dprd_member(plan.unit.region, "komisi1")
    review = submitted(plan, head, commission_for(plan.unit, [member]))
    for user in (outsider_member, head, planner):
        with pytest.raises(NotCommissionMember):
            services.letter_issue(
                review=review, actor=user, number="1", date=date(2026, 1, 1), items=[("a", [])]
            )
    with pytest.raises(ValidationError) as caught:
        services.letter_issue(review=review, actor=member, number="", date=None, items=[("  ", [])])
    assert set(caught.value.message_dict) == {"number", "date", "items"}
    letter = services.letter_issue(
        review=review,
        actor=member,
        number="170/1/DPRD",
        date=date(2026, 1, 1),
        items=[("Pertama", [element]), ("Kedua", [])],
    )
    assert [(i.position, i.text) for i in letter.items.all()] == [(1, "Pertama"), (2, "Kedua")]
    assert list(letter.items.get(position=1).elements.all()) == [element]
    with pytest.raises(ValidationError) as caught:
        services.letter_issue(
            review=review,
            actor=member,
            number="170/1/DPRD",
            date=date(2026, 1, 2),
            items=[("x", [])],
        )
    assert caught.value.message_dict["number"] == ["Nomor surat ini sudah dipakai komisi."]


def test_unit_answers_every_item(plan, head, planner, verifier):
    technocratic_done(plan)
    member = dprd_member(plan.unit.region, "komisi4")
    review = submitted(plan, head, commission_for(plan.unit, [member]))
    letter = services.letter_issue(
        review=review, actor=member, number="1", date=date(2026, 1, 1), items=[("a", [])]
    )
    item = letter.items.get()
    with pytest.raises(PermissionDenied):
        services.item_respond(item=item, actor=verifier, status="accepted")
    with pytest.raises(PermissionDenied):
        services.item_respond(item=item, actor=member, status="accepted")
    with pytest.raises(ValidationError) as caught:
        services.item_respond(item=item, actor=planner, status="not_accepted", reason=" ")
    assert "reason" in caught.value.message_dict
    version = Version.objects.filter(plan=plan).last()
    response = services.item_respond(
        item=item,
        actor=planner,
        status="partly",
        reason="Sebagian, sesuai pagu",
        change="Target dinaikkan",
        version=version,
    )
    assert response.version == version and response.responded_by == planner
    # An answer may be changed until ratification; the history keeps both.
    services.item_respond(item=item, actor=head, status="accepted", change="Semua")
    assert ItemResponse.objects.get(item=item).status == "accepted"
    assert ItemResponse.history.filter(item_id=item.pk).count() == 2


def test_approval_needs_every_item_answered(plan, head, planner):
    technocratic_done(plan)
    member = dprd_member(plan.unit.region, "komisi4")
    review = submitted(plan, head, commission_for(plan.unit, [member]))
    letter = services.letter_issue(
        review=review, actor=member, number="1/A", date=date(2026, 1, 1), items=[("a", [])]
    )
    with pytest.raises(ItemsUnanswered) as caught:
        services.dprd_approve(review=review, actor=member, reference="170/2")
    assert "1/A #1" in caught.value.text
    services.item_respond(item=letter.items.get(), actor=planner, status="accepted")
    with pytest.raises(NotCommissionMember):
        services.dprd_approve(review=review, actor=head, reference="170/2")
    review = services.dprd_approve(review=review, actor=member, reference="170/2")
    assert review.is_approved and review.approved_by == member


def test_commission_members_must_be_dprd_members_of_the_region(plan, planner):
    with pytest.raises(ValidationError) as caught:
        commission_for(plan.unit, [planner])
    assert "Bukan anggota DPRD" in caught.value.message_dict["members"][0]


def test_finishing_freezes_the_result_and_closes_the_review(plan, head, planner):
    technocratic_done(plan)
    member = dprd_member(plan.unit.region, "komisi4")
    review = submitted(plan, head, commission_for(plan.unit, [member]))
    with pytest.raises(TransitionForbidden):
        services.dprd_finish(plan=plan, actor=planner)
    record = services.dprd_finish(plan=plan, actor=head, note="Selesai")
    assert record.stage == "reviu_selesai"
    assert record.version.label == "Versi hasil pembahasan DPRD"
    review.refresh_from_db()
    assert review.closed_by == head
    # The generic transition does the same (the hook closes the review).
    review2 = submitted(plan, head)
    stage_services.transition(plan=plan, to_stage="reviu_selesai", actor=head)
    review2.refresh_from_db()
    assert review2.closed_at is not None
