"""Consultations: opening through the transition primitive, the server-side window with a
controlled clock, the audience rule, closing (as answered only when all is answered),
reminders."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from participation.errors import (
    ConsultationAlreadyClosed,
    ConsultationInvalid,
    ConsultationNotOpen,
    ConsultationUnanswered,
    NotInAudience,
)
from participation.models import Comment, Consultation, Notification, OfficialResponse
from participation.services.consultations import (
    consultation_assert_can_comment,
    consultation_close,
    send_consultation_reminders,
)
from stages.errors import TransitionForbidden, TransitionNotAllowed
from stages.models import StageRecord, Version
from tests.factories import UserFactory
from tests.participation.helpers import (
    make_member,
    make_organisation,
    open_consultation,
    put_in_stage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def window():
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    return start, start + timedelta(days=5)


def test_open_moves_the_plan_and_freezes_the_consultation_version(plan, planner):
    consultation = open_consultation(plan, planner, kind="forum_pd", audience="verified")
    plan.refresh_from_db()
    assert plan.stage == "forum_pd"
    record = consultation.stage_record
    assert record.stage == "forum_pd" and record.closed_at is None
    assert record.previous.stage == "rancangan"
    assert consultation.version == record.version
    assert consultation.version.kind == Version.Kind.CONSULTATION
    assert consultation.history.first().history_user == planner


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ends_at": "before"}, "sesudah waktu pembukaan"),
        ({"ends_at": "past"}, "sudah lewat"),
        ({"audience": "invited"}, "organisasi yang diundang"),
        ({"kind": "forum_pd", "place": ""}, "tempat atau tautan"),
    ],
)
def test_open_refuses_bad_input_and_writes_nothing(plan, planner, kwargs, message):
    put_in_stage(plan, "rancangan")
    records = StageRecord.objects.count()
    now = timezone.now()
    options = dict(kwargs)
    if options.get("ends_at") == "before":
        options["starts_at"], options["ends_at"] = now + timedelta(days=2), now + timedelta(days=1)
    elif options.get("ends_at") == "past":
        options["starts_at"], options["ends_at"] = now - timedelta(days=2), now - timedelta(days=1)
    with pytest.raises(ConsultationInvalid) as caught:
        open_consultation(plan, planner, **options)
    assert message in caught.value.text
    assert StageRecord.objects.count() == records
    assert not Consultation.objects.exists()
    plan.refresh_from_db()
    assert plan.stage == "rancangan"


def test_open_needs_the_edit_right_and_an_allowed_stage(plan, head, planner):
    with pytest.raises(TransitionForbidden):
        open_consultation(plan, head)
    put_in_stage(plan, "diajukan")
    with pytest.raises(TransitionNotAllowed):
        open_consultation(plan, planner, stage="diajukan")
    assert not Consultation.objects.exists()


def test_window_refuses_one_second_before_and_at_closing(plan, planner, region, window):
    start, end = window
    consultation = open_consultation(plan, planner, starts_at=start, ends_at=end)
    citizen = UserFactory()
    with pytest.raises(ConsultationNotOpen) as before:
        consultation_assert_can_comment(
            consultation=consultation, user=citizen, at=start - timedelta(seconds=1)
        )
    assert "belum dibuka" in before.value.text
    # The time is shown in Asia/Jakarta (UTC+7) with "WIB".
    local = timezone.localtime(start, timezone.get_fixed_timezone(7 * 60))
    assert f"{local:%H:%M} WIB" in before.value.text
    assert (
        consultation_assert_can_comment(consultation=consultation, user=citizen, at=start) is None
    )
    assert (
        consultation_assert_can_comment(
            consultation=consultation, user=citizen, at=end - timedelta(seconds=1)
        )
        is None
    )
    with pytest.raises(ConsultationNotOpen) as after:
        consultation_assert_can_comment(consultation=consultation, user=citizen, at=end)
    assert "telah ditutup" in after.value.text
    with pytest.raises(ConsultationNotOpen):
        consultation_assert_can_comment(
            consultation=consultation, user=citizen, at=end + timedelta(seconds=1)
        )


def test_window_uses_the_server_clock_by_default(plan, planner, window):
    start, end = window
    consultation = open_consultation(plan, planner, starts_at=start, ends_at=end)
    citizen = UserFactory()
    before = start - timedelta(seconds=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=before),
        pytest.raises(ConsultationNotOpen),
    ):
        consultation_assert_can_comment(consultation=consultation, user=citizen)
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(seconds=1)):
        consultation_assert_can_comment(consultation=consultation, user=citizen)


def test_verified_audience_refuses_an_unverified_organisations_member(plan, planner, region):
    consultation = open_consultation(plan, planner, audience="verified")
    pending = make_organisation(region, "Komunitas Baru", status="pending")
    member = make_member(pending)
    with pytest.raises(NotInAudience) as caught:
        consultation_assert_can_comment(consultation=consultation, user=member)
    assert "belum terverifikasi" in caught.value.text
    assert "Komunitas Baru" in caught.value.text
    with pytest.raises(NotInAudience) as lone:
        consultation_assert_can_comment(consultation=consultation, user=UserFactory())
    assert "organisasi terverifikasi" in lone.value.text
    verified = make_organisation(region, "LSM Terverifikasi")
    ok = make_member(verified)
    assert consultation_assert_can_comment(consultation=consultation, user=ok) == verified


def test_invited_audience(plan, planner, region):
    invited = make_organisation(region, "LSM Diundang")
    other = make_organisation(region, "LSM Lain")
    consultation = open_consultation(
        plan, planner, kind="forum_pd", audience="invited", invited=[invited]
    )
    assert (
        consultation_assert_can_comment(consultation=consultation, user=make_member(invited))
        == invited
    )
    with pytest.raises(NotInAudience) as caught:
        consultation_assert_can_comment(consultation=consultation, user=make_member(other))
    assert "tidak diundang" in caught.value.text
    # The unit's own planners take part without an organisation.
    assert consultation_assert_can_comment(consultation=consultation, user=planner) is None


def test_stakeholder_role_counts_as_membership(plan, planner, stakeholder):
    consultation = open_consultation(plan, planner, audience="verified")
    organisation = consultation_assert_can_comment(consultation=consultation, user=stakeholder)
    assert organisation.name == "LSM Sehat Bersama"


def test_anonymous_and_unconfirmed_are_refused(plan, planner, client):
    from django.contrib.auth.models import AnonymousUser

    consultation = open_consultation(plan, planner)
    with pytest.raises(NotInAudience) as anonymous:
        consultation_assert_can_comment(consultation=consultation, user=AnonymousUser())
    assert "Masuk" in anonymous.value.text
    with pytest.raises(NotInAudience) as inactive:
        consultation_assert_can_comment(
            consultation=consultation, user=UserFactory(is_active=False)
        )
    assert "Konfirmasi" in inactive.value.text


def _comment(consultation, author, **kwargs):
    return Comment.objects.create(
        consultation=consultation,
        plan=consultation.plan,
        version=consultation.version,
        author=author,
        body="Mohon target ditinjau.",
        **kwargs,
    )


def test_close_as_answered_refused_while_comments_are_unanswered(plan, planner):
    consultation = open_consultation(plan, planner)
    comment = _comment(consultation, UserFactory())
    with pytest.raises(ConsultationUnanswered) as caught:
        consultation_close(consultation=consultation, actor=planner, answered=True)
    assert "1 masukan belum dijawab" in caught.value.text
    consultation.refresh_from_db()
    assert consultation.status == "open"
    plan.refresh_from_db()
    assert plan.stage == "konsultasi_publik"

    # The unit may close the window itself; the stage record closes back to the draft.
    consultation_close(consultation=consultation, actor=planner, answered=False)
    consultation.refresh_from_db()
    assert consultation.status == "closed" and consultation.closed_by == planner
    plan.refresh_from_db()
    assert plan.stage == "rancangan"
    assert consultation.stage_record.closed_at is not None
    with pytest.raises(ConsultationNotOpen):
        consultation_assert_can_comment(consultation=consultation, user=UserFactory())

    OfficialResponse.objects.create(comment=comment, kind="noted", reason="Dicatat.")
    consultation_close(consultation=consultation, actor=planner, answered=True)
    consultation.refresh_from_db()
    assert consultation.status == "answered"
    with pytest.raises(ConsultationAlreadyClosed):
        consultation_close(consultation=consultation, actor=planner, answered=True)


def test_close_needs_the_edit_right(plan, planner, head):
    consultation = open_consultation(plan, planner)
    with pytest.raises(TransitionForbidden):
        consultation_close(consultation=consultation, actor=head, answered=False)


def test_forum_close_keeps_the_stage_until_the_minutes(plan, planner):
    consultation = open_consultation(plan, planner, kind="forum_pd", audience="verified")
    consultation_close(consultation=consultation, actor=planner, answered=False)
    plan.refresh_from_db()
    assert plan.stage == "forum_pd"


def test_opening_notifies_the_audience_and_reminders_are_idempotent(
    plan, planner, region, django_capture_on_commit_callbacks
):
    verified = make_organisation(region, "LSM Kabar")
    member = make_member(verified, email="anggota@example.org")
    outsider_org = make_organisation(region, "LSM Belum", status="pending")
    not_told = make_member(outsider_org)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        consultation = open_consultation(
            plan, planner, audience="verified", ends_at=now + timedelta(days=1)
        )
    notes = Notification.objects.filter(user=member)
    assert [n.kind for n in notes] == ["consultation_opened"]
    assert notes[0].url == consultation.get_absolute_url()
    assert not Notification.objects.filter(user=not_told).exists()
    assert [m.to for m in mail.outbox] == [["anggota@example.org"]]

    with django_capture_on_commit_callbacks(execute=True):
        assert send_consultation_reminders() == 1
        assert send_consultation_reminders() == 0
    assert Notification.objects.filter(user=member, kind="consultation_closing").count() == 1
    assert len(mail.outbox) == 2


def test_reminders_skip_consultations_closing_later(plan, planner, region):
    make_member(make_organisation(region, "LSM Kabar"))
    open_consultation(plan, planner, audience="verified")  # closes in seven days
    assert send_consultation_reminders() == 0


def test_summary_in_the_document_appendix(plan, planner, region, django_assert_num_queries):
    from participation.document_parts import document_appendix
    from participation.services.proposals import proposal_create
    from renstra.models import Section

    consultation = open_consultation(plan, planner)
    section = Section.objects.filter(plan=plan).order_by("id").first()
    organisation = make_organisation(region, "LSM Ringkas")
    member = make_member(organisation)
    first = _comment(
        consultation,
        member,
        organisation=organisation,
        target="section",
        section=section,
        quote="Latar",
        where_label="1.1 Latar Belakang",
    )
    _comment(consultation, UserFactory())
    _comment(consultation, UserFactory(), state="hidden")  # hidden: not an input
    OfficialResponse.objects.create(comment=first, kind="noted", reason="Dicatat.")
    proposal_create(
        plan=plan,
        source="public_comment",
        proposer_name="Warga",
        location="",
        description="Taman kota",
        actor=planner,
        consultation=consultation,
    )
    with django_assert_num_queries(9):
        parts = document_appendix(plan, None)
    summary = str(parts[0].html)
    assert parts[0].title == "Ringkasan konsultasi dan Forum Perangkat Daerah"
    assert "2 masukan" in summary and "1 belum dijawab" in summary
    assert "1.1 Latar Belakang" in summary
    assert "LSM Ringkas" in summary and "Perorangan" in summary
    assert "Dicatat" in summary
    assert "Belum ditindaklanjuti" in summary  # the proposal from this consultation
