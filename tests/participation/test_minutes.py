"""Minutes (berita acara) of a forum: recording closes the forum stage record through the
transition primitive; the PDF carries the points, attendance and signatories."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from participation.errors import MinutesError
from participation.models import Minutes
from participation.selectors.consultations import forum_minutes_recorded
from participation.services.minutes import (
    AttendeeInput,
    PointInput,
    SignatoryInput,
    minutes_record,
)
from renstra.models import ElementKind
from tests.factories import ElementFactory, PlanFactory
from tests.participation.helpers import open_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(plan, planner):
    return open_consultation(plan, planner, kind="forum_pd", audience="verified")


def _record(forum, actor, **kwargs):
    options = {
        "number": "BA/001/FPD/2026",
        "held_on": forum.starts_at.date(),
        "points": [PointInput("Menambah program pelayanan posyandu di 12 kecamatan")],
        "attendees": [
            AttendeeInput("Siti Aminah", "Ketua", organisation_name="LSM Sehat Bersama"),
            AttendeeInput("Budi Santoso", "Kepala Dinas", organisation_name="Dinas Kesehatan"),
        ],
        "signatories": [SignatoryInput("Budi Santoso", "Kepala Dinas", "Dinas Kesehatan")],
    }
    options.update(kwargs)
    return minutes_record(consultation=forum, actor=actor, **options)


def test_recording_closes_the_forum_and_its_stage_record(plan, planner, forum):
    assert not forum_minutes_recorded(plan)
    element = ElementFactory(plan=plan, kind=ElementKind.TUJUAN, code="T1")
    minutes = _record(forum, planner, points=[PointInput("Tujuan dipertajam", elements=[element])])
    assert forum_minutes_recorded(plan)
    forum.refresh_from_db()
    assert forum.status == "closed" and forum.closed_by == planner
    forum.stage_record.refresh_from_db()
    assert forum.stage_record.closed_at is not None
    plan.refresh_from_db()
    assert plan.stage == "rancangan"
    assert list(minutes.points.get().elements.all()) == [element]
    assert [a.name for a in minutes.attendees.all()] == ["Siti Aminah", "Budi Santoso"]
    assert minutes.history.first().history_user == planner
    with pytest.raises(MinutesError) as again:
        _record(forum, planner)
    assert "sudah dicatat" in again.value.text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"number": " "}, "nomor"),
        ({"points": [PointInput("  ")]}, "butir kesepakatan"),
        ({"attendees": []}, "peserta"),
        ({"signatories": [SignatoryInput("")]}, "penanda tangan"),
    ],
)
def test_incomplete_minutes_are_refused_and_nothing_changes(plan, planner, forum, kwargs, message):
    with pytest.raises(MinutesError) as caught:
        _record(forum, planner, **kwargs)
    assert message in caught.value.text
    assert not Minutes.objects.exists()
    plan.refresh_from_db()
    assert plan.stage == "forum_pd"


def test_elements_of_another_plan_are_refused(plan, planner, forum):
    foreign = ElementFactory(plan=PlanFactory(unit=plan.unit), kind=ElementKind.TUJUAN)
    with pytest.raises(MinutesError):
        _record(forum, planner, points=[PointInput("x", elements=[foreign])])


def test_only_forums_have_minutes_and_only_planners_record(plan, planner, head):
    public = open_consultation(plan, planner)
    with pytest.raises(MinutesError):
        _record(public, planner)


def test_head_may_not_record(plan, planner, head, forum):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _record(forum, head)


def test_pdf_text(client, plan, planner, forum):
    _record(forum, planner)
    response = client.get(reverse("participation:minutes_pdf", args=[forum.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "BERITA ACARA" in text
    assert "BA/001/FPD/2026" in text
    assert "Menambah program pelayanan posyandu" in text
    assert "Siti Aminah" in text and "LSM Sehat Bersama" in text
    assert "Budi Santoso" in text


def test_pdf_404_without_minutes(client, forum):
    response = client.get(reverse("participation:minutes_pdf", args=[forum.public_id]))
    assert response.status_code == 404


def test_minutes_page_access_triad(client, plan, planner, head, outsider, forum):
    url = reverse("participation:minutes", args=[forum.public_id])
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(head)
    assert client.get(url).status_code == 403
    client.force_login(planner)
    assert client.get(url).status_code == 200


def test_minutes_form_records_with_element_codes(client, plan, planner, forum):
    ElementFactory(plan=plan, kind=ElementKind.TUJUAN, code="T1")
    client.force_login(planner)
    url = reverse("participation:minutes", args=[forum.public_id])
    data = {
        "number": "BA/002",
        "held_on": "2026-03-02",
        "place": "Aula",
        "chair": "Sekretaris Dinas",
        "summary": "",
        "points": "Tujuan dipertajam [T1]\nProgram baru untuk lansia",
        "attendees": "Siti Aminah; Ketua; LSM Sehat Bersama\nBudi; Kepala; Dinas",
        "signatories": "Budi; Kepala Dinas; Dinas Kesehatan",
    }
    bad = client.post(url, {**data, "points": "Butir [X9]"})
    assert bad.status_code == 400
    assert "X9" in bad.content.decode()
    assert "Butir [X9]" in bad.content.decode()  # typed input kept
    assert not Minutes.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302
    minutes = Minutes.objects.get()
    points = list(minutes.points.all())
    assert [p.text for p in points] == ["Tujuan dipertajam", "Program baru untuk lansia"]
    assert [e.code for e in points[0].elements.all()] == ["T1"]
    assert minutes.attendees.count() == 2
    assert minutes.signatories.get().representing == "Dinas Kesehatan"
