"""Inspectorate review: notes on the frozen version, the unit's answers, closing with a
result through the named transition; pages with the access triad."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renstra.errors import ElementInUse
from renstra.services.cascade import element_delete
from stages import inspectorate, services
from stages.models import InspectorateNote, InspectorateReviewResult, StageRecord, Version
from tests.factories import ElementFactory
from tests.stages.helpers import place


@pytest.fixture
def element(plan):
    return ElementFactory(plan=plan, text="Meningkatnya derajat kesehatan")


@pytest.fixture
def elements(plan):
    return [ElementFactory(plan=plan) for _ in range(6)]


@pytest.fixture
def reviewed(plan, head, element, elements):
    """The plan under review, entered through the named transition (freezes a version);
    its elements are made before, since the review locks the content."""
    place(plan, "rancangan_akhir")
    services.inspectorate_review_start(plan=plan, actor=head)
    plan.refresh_from_db()
    return plan


def test_note_on_the_frozen_version(reviewed, element, inspector):
    note = inspectorate.note_add(
        plan=reviewed, actor=inspector, text="Indikator belum SMART", element=element
    )
    general = inspectorate.note_add(plan=reviewed, actor=inspector, text="Lampirkan SK tim")
    record = StageRecord.objects.get(plan=reviewed, closed_at__isnull=True)
    assert record.stage == "reviu_apip" and record.version.kind == Version.Kind.REVIEW
    assert note.version == record.version == general.version
    assert general.element is None and note.created_by == inspector
    assert note.history.get().history_user == inspector


def test_notes_only_in_review_stage(plan, inspector):
    for stage in ("persiapan", "rancangan_akhir", "reviu_selesai", "verifikasi"):
        place(plan, stage)
        with pytest.raises(inspectorate.ReviewNotOpen):
            inspectorate.note_add(plan=plan, actor=inspector, text="x")
    assert not InspectorateNote.objects.exists()


def test_note_needs_review_right(reviewed, planner, verifier):
    for who in (planner, verifier):
        with pytest.raises(PermissionDenied):
            inspectorate.note_add(plan=reviewed, actor=who, text="x")


def test_note_element_of_another_plan_refused(reviewed, inspector):
    stranger = ElementFactory()
    with pytest.raises(ValidationError):
        inspectorate.note_add(plan=reviewed, actor=inspector, text="x", element=stranger)


def test_unit_answers(reviewed, inspector, planner, head, verifier):
    note = inspectorate.note_add(plan=reviewed, actor=inspector, text="Perbaiki target")
    with pytest.raises(PermissionDenied):
        inspectorate.note_answer(note=note, actor=verifier, answer="x")
    with pytest.raises(PermissionDenied):
        inspectorate.note_answer(note=note, actor=inspector, answer="x")
    with pytest.raises(ValidationError):
        inspectorate.note_answer(note=note, actor=planner, answer="  ")
    answered = inspectorate.note_answer(note=note, actor=planner, answer="Target diperbaiki")
    assert answered.is_answered and answered.answered_by == planner
    again = inspectorate.note_answer(note=note, actor=head, answer="Disetujui kepala")
    assert again.answer == "Disetujui kepala"
    assert [h.answer for h in note.history.order_by("history_date")] == [
        "",
        "Target diperbaiki",
        "Disetujui kepala",
    ]


@pytest.mark.parametrize(
    ("result", "stage"), [("memadai", "reviu_selesai"), ("perlu_perbaikan", "rancangan_akhir")]
)
def test_close_with_result_through_the_transition(reviewed, inspector, result, stage):
    inspectorate.note_add(plan=reviewed, actor=inspector, text="Belum dijawab")  # not blocking
    version = inspectorate.review_version(reviewed)
    outcome = inspectorate.review_close(
        plan=reviewed, actor=inspector, result=result, summary="Ringkasan reviu"
    )
    reviewed.refresh_from_db()
    assert reviewed.stage == stage
    record = StageRecord.objects.get(plan=reviewed, closed_at__isnull=True)
    assert outcome.record == record and record.stage == stage
    assert record.note == "Ringkasan reviu" and record.opened_by == inspector
    assert outcome.version == version and outcome.closed_by == inspector
    assert outcome.history.get().history_user == inspector


def test_close_refused(plan, reviewed, inspector, planner):
    with pytest.raises(PermissionDenied):
        inspectorate.review_close(plan=reviewed, actor=planner, result="memadai", summary="x")
    with pytest.raises(ValidationError):
        inspectorate.review_close(plan=reviewed, actor=inspector, result="lulus", summary="x")
    with pytest.raises(ValidationError):
        inspectorate.review_close(plan=reviewed, actor=inspector, result="memadai", summary=" ")
    inspectorate.review_close(plan=reviewed, actor=inspector, result="memadai", summary="ok")
    with pytest.raises(inspectorate.ReviewNotOpen):
        inspectorate.review_close(plan=reviewed, actor=inspector, result="memadai", summary="ok")
    assert InspectorateReviewResult.objects.count() == 1


def test_noted_element_cannot_be_deleted(reviewed, element, inspector, planner):
    inspectorate.note_add(plan=reviewed, actor=inspector, text="x", element=element)
    inspectorate.review_close(
        plan=reviewed, actor=inspector, result="perlu_perbaikan", summary="Perbaiki"
    )
    with pytest.raises(ElementInUse):
        element_delete(element=element, actor=planner)


# --- Pages ----------------------------------------------------------------------------


def _review_urls(plan):
    return [reverse("stages:inspectorate_review", args=[plan.public_id])]


def _review_posts(plan):
    return [
        reverse("stages:inspectorate_note_add", args=[plan.public_id]),
        reverse("stages:inspectorate_close", args=[plan.public_id]),
    ]


def test_access_triad(client, reviewed, inspector, planner, head, verifier, outsider):
    note = inspectorate.note_add(plan=reviewed, actor=inspector, text="Catatan")
    answers = reverse("stages:inspectorate_answers", args=[reviewed.public_id])
    answer_post = reverse("stages:inspectorate_note_answer", args=[reviewed.public_id, note.pk])
    gets = [*_review_urls(reviewed), answers]
    posts = [*_review_posts(reviewed), answer_post]
    for url in gets:
        assert "/masuk/" in client.get(url)["Location"]
    for url in posts:
        assert "/masuk/" in client.post(url)["Location"]
    client.force_login(outsider)
    for url in gets:
        assert client.get(url).status_code == 404
    for url in posts:
        assert client.post(url).status_code == 404
    client.force_login(planner)  # the unit: answers, does not review
    assert client.get(_review_urls(reviewed)[0]).status_code == 403
    for url in _review_posts(reviewed):
        assert client.post(url).status_code == 403
    assert client.get(answers).status_code == 200
    client.force_login(head)
    assert client.get(answers).status_code == 200
    client.force_login(verifier)  # sees the plan, neither reviews nor answers
    assert client.get(_review_urls(reviewed)[0]).status_code == 403
    assert client.get(answers).status_code == 403
    assert client.post(answer_post).status_code == 403
    client.force_login(inspector)
    assert client.get(_review_urls(reviewed)[0]).status_code == 200
    assert client.get(answers).status_code == 403


def test_review_journey(client, reviewed, element, inspector, planner):
    client.force_login(inspector)
    page = reverse("stages:inspectorate_review", args=[reviewed.public_id])
    bad = client.post(reverse("stages:inspectorate_note_add", args=[reviewed.public_id]), {})
    assert bad.status_code == 400
    response = client.post(
        reverse("stages:inspectorate_note_add", args=[reviewed.public_id]),
        {"element": element.pk, "text": "Indikator sasaran tanpa formula"},
    )
    assert response.status_code == 302
    note = InspectorateNote.objects.get()
    assert note.element == element
    assert "1 catatan belum dijawab" in client.get(page).content.decode()

    client.force_login(planner)
    answers = reverse("stages:inspectorate_answers", args=[reviewed.public_id])
    url = reverse("stages:inspectorate_note_answer", args=[reviewed.public_id, note.pk])
    empty = client.post(url, {f"note{note.pk}-answer": ""})
    assert empty.status_code == 400
    client.post(url, {f"note{note.pk}-answer": "Formula ditambahkan"})
    note.refresh_from_db()
    assert note.answer == "Formula ditambahkan" and note.answered_by == planner
    assert "0 catatan belum dijawab" in client.get(answers).content.decode()

    client.force_login(inspector)
    close = reverse("stages:inspectorate_close", args=[reviewed.public_id])
    assert client.post(close, {"result": "lulus", "summary": "x"}).status_code == 400
    response = client.post(close, {"result": "memadai", "summary": "Reviu memadai"})
    assert response.status_code == 302
    reviewed.refresh_from_db()
    assert reviewed.stage == "reviu_selesai"
    # After closing: the page reads, but offers no more forms.
    content = client.get(page).content.decode()
    assert "Memadai" in content and 'name="text"' not in content


def test_pages_query_counts_constant(client, reviewed, elements, inspector, planner):
    def count(user, url):
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    review = reverse("stages:inspectorate_review", args=[reviewed.public_id])
    answers = reverse("stages:inspectorate_answers", args=[reviewed.public_id])
    first = inspectorate.note_add(plan=reviewed, actor=inspector, text="x", element=elements[0])
    inspectorate.note_answer(note=first, actor=planner, answer="y")
    base = count(inspector, review), count(planner, answers)
    for i, element in enumerate(elements[1:]):
        note = inspectorate.note_add(plan=reviewed, actor=inspector, text=f"n{i}", element=element)
        inspectorate.note_answer(note=note, actor=planner, answer="ok")
    assert (count(inspector, review), count(planner, answers)) == base
