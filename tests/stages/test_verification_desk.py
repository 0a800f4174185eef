"""The verification desk: submission with findings, the verifier's review, the decision, the
unit's answers and resubmission (stages/verification_desk.py, stages/views_desk.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renstra.errors import ElementInUse
from renstra.services.cascade import element_delete
from stages import services
from stages import verification_desk as desk
from stages.models import CHECKLIST_RULES, ReviewItem, StageRecord, VerificationReview
from tests.factories import build_cascade


@pytest.fixture
def cascade(plan):
    return build_cascade(plan)


@pytest.fixture
def drafted(plan, cascade, planner):
    services.plan_start_drafting(plan=plan, actor=planner)
    services.plan_refine_draft(plan=plan, actor=planner)
    return plan


@pytest.fixture
def submitted(drafted, head):
    desk.plan_submit(plan=drafted, actor=head, note="Surat pengantar", reason="Segera dibahas")
    return drafted


@pytest.fixture
def review(submitted, verifier):
    return desk.verification_start(plan=submitted, actor=verifier)


@pytest.fixture
def returned(review, verifier, cascade):
    desk.review_item_add(
        review=review,
        actor=verifier,
        element=cascade["program"][0],
        text="Program belum terhubung ke program RPJMD.",
    )
    desk.review_item_add(
        review=review, actor=verifier, kind="recommendation", text="Lengkapi BAB II."
    )
    desk.verification_return(review=review, actor=verifier, note="Perbaiki dua butir.")
    return review


def _urls(plan, item=None):
    gets = {
        "desk": reverse("stages:desk", args=[plan.public_id]),
        "submission": reverse("stages:submission", args=[plan.public_id]),
    }
    posts = {
        "desk_start": reverse("stages:desk_start", args=[plan.public_id]),
        "desk_checklist": reverse("stages:desk_checklist", args=[plan.public_id]),
        "desk_item_add": reverse("stages:desk_item_add", args=[plan.public_id]),
        "desk_decide": reverse("stages:desk_decide", args=[plan.public_id]),
        "submit": reverse("stages:submit", args=[plan.public_id]),
    }
    if item is not None:
        posts["desk_item_remove"] = reverse(
            "stages:desk_item_remove", args=[plan.public_id, item.pk]
        )
        posts["item_answer"] = reverse("stages:item_answer", args=[plan.public_id, item.pk])
    return gets, posts


# --- Access ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, returned):
    gets, posts = _urls(returned.plan, returned.items.first())
    for url in [*gets.values(), *posts.values()]:
        response = client.post(url) if url in posts.values() else client.get(url)
        assert response.status_code == 302 and "/masuk/" in response["Location"], url


def test_outsider_gets_404(client, returned, outsider):
    client.force_login(outsider)
    gets, posts = _urls(returned.plan, returned.items.first())
    for url in gets.values():
        assert client.get(url).status_code == 404, url
    for url in posts.values():
        assert client.post(url).status_code == 404, url


def test_insiders_without_the_right_get_403(client, returned, planner, head, verifier):
    plan = returned.plan
    gets, posts = _urls(plan, returned.items.first())
    client.force_login(planner)  # edit, not verify / approve
    assert client.get(gets["desk"]).status_code == 403
    for name in ("desk_start", "desk_checklist", "desk_item_add", "desk_decide", "submit"):
        assert client.post(posts[name]).status_code == 403, name
    assert client.post(posts["desk_item_remove"]).status_code == 403
    client.force_login(verifier)  # verify, not edit / approve
    assert client.get(gets["submission"]).status_code == 403
    assert client.post(posts["item_answer"]).status_code == 403
    assert client.post(posts["submit"]).status_code == 403
    client.force_login(head)  # approve, not edit
    assert client.post(posts["item_answer"], {f"i{1}-answer": "x"}).status_code == 403


def test_permitted_users_get_200(client, returned, planner, head, verifier):
    gets, _posts = _urls(returned.plan)
    client.force_login(verifier)
    assert client.get(gets["desk"]).status_code == 200
    for user in (planner, head):
        client.force_login(user)
        assert client.get(gets["submission"]).status_code == 200


# --- Submission ------------------------------------------------------------------------


def test_submit_with_errors_needs_a_reason(client, drafted, head):
    assert desk.live_findings(drafted).errors > 0
    with pytest.raises(desk.SubmissionNeedsReason):
        desk.plan_submit(plan=drafted, actor=head, note="Pengantar")
    drafted.refresh_from_db()
    assert drafted.stage == "rancangan"

    client.force_login(head)
    url = reverse("stages:submit", args=[drafted.public_id])
    response = client.post(url, {"note": "Pengantar", "reason": ""})
    assert response.status_code == 400
    assert "Tuliskan alasan" in response.content.decode()
    drafted.refresh_from_db()
    assert drafted.stage == "rancangan"

    response = client.post(url, {"note": "Pengantar", "reason": "Data RPJMD belum final"})
    assert response.status_code == 302
    drafted.refresh_from_db()
    assert drafted.stage == "diajukan"
    record = StageRecord.objects.get(plan=drafted, closed_at__isnull=True)
    assert "Pengantar" in record.note and "Data RPJMD belum final" in record.note
    assert record.version is not None


def test_clean_plan_is_submitted_without_reason(drafted, head, monkeypatch):
    monkeypatch.setattr(desk.engine, "verify_plan", lambda plan, **kw: [])
    record = desk.plan_submit(plan=drafted, actor=head, note="Pengantar")
    assert record.stage == "diajukan" and record.note == "Pengantar"


def test_submission_only_by_the_head(drafted, planner):
    with pytest.raises(desk.DeskForbidden):
        desk.plan_submit(plan=drafted, actor=planner, reason="x")


def test_generic_transition_to_diajukan_goes_to_the_submission_page(client, drafted, head):
    client.force_login(head)
    response = client.post(reverse("stages:transition", args=[drafted.public_id, "diajukan"]))
    assert response["Location"] == reverse("stages:submission", args=[drafted.public_id])
    drafted.refresh_from_db()
    assert drafted.stage == "rancangan"


# --- The desk --------------------------------------------------------------------------


def test_start_opens_a_review_of_the_submitted_version(review, submitted):
    submitted.refresh_from_db()
    assert submitted.stage == "verifikasi"
    first = StageRecord.objects.get(plan=submitted, stage="diajukan")
    assert review.version == first.version
    assert [c.rule for c in review.checklist.order_by("id")] == list(CHECKLIST_RULES)


def test_returning_without_items_or_note_is_refused(review, verifier, client):
    with pytest.raises(desk.ReturnNeedsItems):
        desk.verification_return(review=review, actor=verifier)
    client.force_login(verifier)
    url = reverse("stages:desk_decide", args=[review.plan.public_id])
    client.post(url, {"decision": "return", "note": ""})
    review.refresh_from_db()
    assert review.is_open
    review.plan.refresh_from_db()
    assert review.plan.stage == "verifikasi"
    # A general note alone is a list.
    desk.verification_return(review=review, actor=verifier, note="Lengkapi lampiran.")
    review.refresh_from_db()
    assert review.decision == VerificationReview.Decision.RETURNED


def test_checklist_notes_are_saved_from_the_page(client, review, verifier):
    client.force_login(verifier)
    data = {f"{rule}-note": "" for rule in CHECKLIST_RULES}
    data.update({"V17-checked": "on", "V17-note": "SPM kesehatan tercakup.", "V21-note": "Kurang"})
    response = client.post(reverse("stages:desk_checklist", args=[review.plan.public_id]), data)
    assert response.status_code == 302
    items = {c.rule: c for c in review.checklist.all()}
    assert items["V17"].checked and items["V17"].note == "SPM kesehatan tercakup."
    assert not items["V21"].checked and items["V21"].note == "Kurang"
    assert items["V17"].updated_by == verifier
    assert items["V17"].history.first().history_user == verifier
    page = client.get(reverse("stages:desk", args=[review.plan.public_id])).content.decode()
    assert "SPM kesehatan tercakup." in page


def test_items_are_added_per_element_from_the_page(client, review, verifier, cascade):
    client.force_login(verifier)
    program = cascade["program"][0]
    url = reverse("stages:desk_item_add", args=[review.plan.public_id])
    client.post(url, {"kind": "finding", "element": program.pk, "rule": "V3", "text": "Tautan"})
    client.post(url, {"kind": "recommendation", "element": "", "rule": "", "text": "Umum"})
    items = list(review.items.order_by("id"))
    assert [(i.element, i.rule, i.kind) for i in items] == [
        (program, "V3", "finding"),
        (None, "", "recommendation"),
    ]
    assert items[0].created_by == verifier and "Program uji 1" in items[0].where
    page = client.get(reverse("stages:desk", args=[review.plan.public_id])).content.decode()
    assert reverse("renstra:element_detail", args=[review.plan.public_id, program.pk]) in page


def test_an_element_with_a_finding_cannot_be_deleted(returned, planner, cascade):
    sub = cascade["sub_kegiatan"][1]
    desk_item = returned.items.first()
    desk_item.element = sub
    desk_item.save()
    sub.plan.refresh_from_db()
    with pytest.raises(ElementInUse):
        element_delete(element=sub, actor=planner)


def test_accept_freezes_the_verified_version(review, verifier):
    record = desk.verification_accept(review=review, actor=verifier, note="Sesuai")
    assert record.stage == "diterima" and record.version.kind == "verified"
    review.refresh_from_db()
    assert review.decision == "accepted" and review.decided_by == verifier
    with pytest.raises(desk.ReviewClosed):
        desk.review_item_add(review=review, actor=verifier, text="terlambat")


# --- Answers and resubmission ------------------------------------------------------------


def test_resubmit_refused_while_items_are_unanswered(returned, planner, head, client):
    plan = returned.plan
    plan.refresh_from_db()
    first, second = returned.items.order_by("id")
    desk.review_item_answer(item=first, actor=planner, answer="Sudah ditautkan.")
    with pytest.raises(desk.ItemsUnanswered) as caught:
        desk.plan_resubmit(plan=plan, actor=head, reason="x")
    assert "#2" in caught.value.text and "Rekomendasi" in caught.value.text
    assert "#1" not in caught.value.text
    client.force_login(head)
    response = client.post(
        reverse("stages:submit", args=[plan.public_id]), {"note": "", "reason": "x"}
    )
    assert response.status_code == 400 and "belum ditanggapi" in response.content.decode()

    client.force_login(planner)
    answer_url = reverse("stages:item_answer", args=[plan.public_id, second.pk])
    client.post(answer_url, {f"i{second.pk}-answer": "BAB II dilengkapi."})
    second.refresh_from_db()
    assert second.answer == "BAB II dilengkapi." and second.answered_by == planner

    record = desk.plan_resubmit(plan=plan, actor=head, reason="Masih menunggu RPJMD")
    assert record.stage == "diajukan"
    assert set(returned.items.values_list("answer_version", flat=True)) == {record.version_id}
    # Answers are closed once the plan has gone back.
    with pytest.raises(desk.NotAnswerable):
        desk.review_item_answer(item=first, actor=planner, answer="lagi")


def test_unit_sees_the_returned_list(client, returned, planner):
    client.force_login(planner)
    page = client.get(reverse("stages:submission", args=[returned.plan.public_id]))
    text = page.content.decode()
    assert "Program belum terhubung ke program RPJMD." in text
    assert "Lengkapi BAB II." in text and "Perbaiki dua butir." in text
    for item in returned.items.all():
        assert f'name="i{item.pk}-answer"' in text


# --- Workspace and query counts ----------------------------------------------------------


def test_workspace_shows_findings_with_links(client, drafted, planner):
    client.force_login(planner)
    text = client.get(reverse("renstra:workspace", args=[drafted.public_id])).content.decode()
    summary = desk.live_findings(drafted)
    assert "Temuan verifikasi otomatis" in text
    assert f"{summary.errors} galat" in text and f"{summary.warnings} peringatan" in text
    linked = next(f for f in summary.findings if f.element_id)
    assert reverse("renstra:element_detail", args=[drafted.public_id, linked.element_id]) in text
    assert reverse("stages:submission", args=[drafted.public_id]) in text


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_desk_query_count_does_not_grow_with_findings(client, plan, head, verifier, planner):
    from tests.factories import PlanFactory

    small_plan = plan
    build_cascade(small_plan)
    big_plan = PlanFactory(unit=plan.unit)
    build_cascade(big_plan, programs=4, kegiatan=3, subs=3)
    counts = []
    for p in (small_plan, big_plan):
        services.plan_start_drafting(plan=p, actor=planner)
        services.plan_refine_draft(plan=p, actor=planner)
        desk.plan_submit(plan=p, actor=head, reason="x")
        review = desk.verification_start(plan=p, actor=verifier)
        for element in p.elements.all()[: (2 if p is small_plan else 12)]:
            desk.review_item_add(review=review, actor=verifier, element=element, text="t")
        client.force_login(verifier)
        counts.append(_count(client, reverse("stages:desk", args=[p.public_id])))
    assert desk.live_findings(big_plan).total > desk.live_findings(small_plan).total
    assert ReviewItem.objects.filter(review__plan=big_plan).count() == 12
    assert counts[0] == counts[1]
