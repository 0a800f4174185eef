"""The legislation pages: access triads (anonymous → login, outsider → 404, insider without
the right → 403, permitted → 200/302), forms keeping typed input with Indonesian errors,
and query counts that do not grow with the data."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from legislation import services
from legislation.models import DprdReview, ItemResponse, Ratification, ReviewNote
from tests.factories import ElementFactory, PlanFactory, RegionFactory, UserFactory, build_cascade
from tests.legislation.helpers import (
    commission_for,
    dprd_member,
    ratify_kwargs,
    submitted,
    technocratic_done,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(region):
    return dprd_member(region, "komisi4")


@pytest.fixture
def review(plan, head, member):
    technocratic_done(plan)
    return submitted(plan, head, commission_for(plan.unit, [member]))


@pytest.fixture
def letter(review, member):
    return services.letter_issue(
        review=review,
        actor=member,
        number="170/1/DPRD",
        date=date(2026, 1, 10),
        items=[("Tambah indikator imunisasi", []), ("Naikkan target", [])],
    )


def _get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def _post(client, user, url, data=None, **extra):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.post(url, data or {}, **extra)


def test_member_home_lists_only_submitted_reviews_of_the_region(client, review, member):
    url = reverse("legislation:member_home")
    assert _get(client, None, url).status_code == 302
    response = _get(client, member, url)
    assert response.status_code == 200
    assert review.plan.title in response.content.decode()
    stranger = dprd_member(RegionFactory(), "lain")
    response = _get(client, stranger, url)
    assert review.plan.title not in response.content.decode()


def test_header_links_dprd_members_to_their_reviews(client, member, planner):
    url = reverse("legislation:member_home")
    link = f'href="{url}"'
    assert link in _get(client, member, reverse("renstra:plan_list")).content.decode()
    assert link not in _get(client, planner, reverse("renstra:plan_list")).content.decode()


def test_review_page_triad(client, review, member, planner, head, outsider, verifier):
    url = reverse("legislation:review", args=[review.pk])
    assert _get(client, None, url).status_code == 302
    assert _get(client, outsider, url).status_code == 404  # planner of another unit
    assert _get(client, dprd_member(RegionFactory(), "lain"), url).status_code == 404
    for user in (member, planner, head, verifier):
        assert _get(client, user, url).status_code == 200, user
    # Only a member writing in the window gets the note form; the unit does not.
    assert "Tulis catatan" in _get(client, member, url).content.decode()
    assert "Tulis catatan" not in _get(client, planner, url).content.decode()


def test_review_document_shows_the_frozen_version(client, review, member, outsider):
    url = reverse("legislation:review_document", args=[review.pk])
    assert _get(client, None, url).status_code == 302
    assert _get(client, outsider, url).status_code == 404
    response = _get(client, member, url)
    assert response.status_code == 200
    assert review.plan.title in response.content.decode()


def test_note_add_view(client, review, member, planner, outsider):
    url = reverse("legislation:note_add", args=[review.pk])
    data = {"kind": "recommendation", "target": "plan", "visibility": "public", "text": "Usul"}
    assert _post(client, None, url, data).status_code == 302
    assert not ReviewNote.objects.exists()
    assert _post(client, outsider, url, data).status_code == 404
    assert _post(client, planner, url, data).status_code == 403
    # Bad input: an Indonesian message, nothing saved, typed text kept.
    bad = dict(data, kind="pokir", text="Jalan desa rusak")
    response = _post(client, member, url, bad)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Pokir memerlukan lokasi usulan." in body and "Jalan desa rusak" in body
    assert not ReviewNote.objects.exists()
    response = _post(client, member, url, data)
    assert response.status_code == 302
    assert ReviewNote.objects.get().text == "Usul"


def test_note_refused_after_the_window(client, review, member):
    DprdReview.objects.filter(pk=review.pk).update(
        window_start=timezone.now() - timedelta(days=20),
        window_end=timezone.now() - timedelta(days=1),
    )
    url = reverse("legislation:note_add", args=[review.pk])
    data = {"kind": "question", "target": "plan", "visibility": "internal", "text": "Telat"}
    response = _post(client, member, url, data)
    assert response.status_code == 400
    assert "Masa telaah DPRD untuk versi ini tidak sedang berjalan" in response.content.decode()
    assert not ReviewNote.objects.exists()
    page = _get(client, member, reverse("legislation:review", args=[review.pk]))
    assert "Tulis catatan" not in page.content.decode()


@pytest.fixture
def colleague(region):
    """A DPRD member of the region in another commission (reads the review, no letter)."""
    return dprd_member(region, "komisi1")


def test_letter_issue_view(client, colleague, review, member, planner):
    url = reverse("legislation:letter_issue", args=[review.pk])
    data = {
        "number": "170/5/DPRD",
        "date": "2026-01-15",
        "summary": "",
        "butir-TOTAL_FORMS": "3",
        "butir-INITIAL_FORMS": "0",
        "butir-MIN_NUM_FORMS": "0",
        "butir-MAX_NUM_FORMS": "50",
        "butir-0-text": "Pertama",
        "butir-1-text": "",
        "butir-2-text": "Ketiga",
    }
    assert _post(client, planner, url, data).status_code == 403
    assert _post(client, colleague, url, data).status_code == 403  # not in the commission
    late = dprd_member(review.plan.unit.region, "baru")  # joined after the submission
    assert _post(client, late, url, data).status_code == 404
    response = _post(client, member, url, dict(data, number=""))
    assert response.status_code == 400
    assert "Pertama" in response.content.decode()
    response = _post(client, member, url, data)
    assert response.status_code == 302
    letter = review.letters.get()
    assert [i.text for i in letter.items.all()] == ["Pertama", "Ketiga"]


def test_plan_dprd_page_and_answer(client, review, letter, planner, head, outsider, verifier):
    plan = review.plan
    url = reverse("legislation:plan_dprd", args=[plan.public_id])
    assert _get(client, None, url).status_code == 302
    assert _get(client, outsider, url).status_code == 404
    response = _get(client, planner, url)
    assert response.status_code == 200
    assert "170/1/DPRD" in response.content.decode()
    item = letter.items.get(position=1)
    answer = reverse("legislation:item_respond", args=[item.pk])
    assert _post(client, verifier, answer, {"status": "accepted"}).status_code == 403
    assert _post(client, outsider, answer, {"status": "accepted"}).status_code == 404
    response = _post(client, planner, answer, {"status": "not_accepted", "change": "Tak ada"})
    assert response.status_code == 400
    assert (
        "Tulis alasan bila rekomendasi tidak atau sebagian diterima." in response.content.decode()
    )
    assert "Tak ada" in response.content.decode()
    assert not ItemResponse.objects.exists()
    response = _post(client, head, answer, {"status": "accepted", "change": "Ditambah"})
    assert response.status_code == 302
    assert ItemResponse.objects.get().status == "accepted"


def test_plan_dprd_query_count_does_not_grow(client, plan, head, member, planner):
    technocratic_done(plan)
    review = submitted(plan, head, commission_for(plan.unit, [member]))
    url = reverse("legislation:plan_dprd", args=[plan.public_id])
    client.force_login(planner)

    def letters(n, start):
        for i in range(n):
            letter = services.letter_issue(
                review=review,
                actor=member,
                number=f"L{start + i}",
                date=date(2026, 1, 1),
                items=[(f"Butir {j}", []) for j in range(3)],
            )
            services.item_respond(item=letter.items.first(), actor=planner, status="accepted")

    letters(1, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    letters(5, 10)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), (len(small), len(large))


def test_review_page_query_count_does_not_grow(client, review, member, planner):
    url = reverse("legislation:review", args=[review.pk])
    client.force_login(member)

    def notes(n):
        for i in range(n):
            services.note_add(review=review, actor=member, kind="question", text=f"N{i}")

    notes(1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    notes(6)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), (len(small), len(large))


def test_dprd_submit_and_finish_views(client, plan, head, planner, member, region_admin):
    technocratic_done(plan)
    commission = commission_for(plan.unit, [member])
    page = reverse("legislation:plan_dprd", args=[plan.public_id])
    assert "Ajukan ke DPRD" in _get(client, head, page).content.decode()
    url = reverse("legislation:dprd_submit", args=[plan.public_id])
    data = {"commission": commission.pk, "window_end": "2030-01-31", "note": "Pengantar"}
    assert _post(client, planner, url, data).status_code == 403
    response = _post(client, head, url, dict(data, window_end="2000-01-01"))
    assert response.status_code == 400
    assert "Akhir masa telaah harus sesudah hari ini." in response.content.decode()
    assert "Pengantar" in response.content.decode()
    assert _post(client, head, url, data).status_code == 302
    review = DprdReview.objects.get()
    assert review.window_end.date() == date(2030, 2, 1) or review.window_end.year == 2030
    finish = reverse("legislation:dprd_finish", args=[plan.public_id])
    assert _post(client, planner, finish).status_code == 403
    assert _post(client, region_admin, finish).status_code == 302
    plan.refresh_from_db()
    assert plan.stage == "reviu_selesai"


def test_generic_transition_button_goes_through_the_legislation_pages(client, plan, head, ratifier):
    technocratic_done(plan)
    url = reverse("stages:transition", args=[plan.public_id, "pembahasan_dprd"])
    response = _post(client, head, url)
    assert response.status_code == 302
    assert response["Location"] == reverse("legislation:plan_dprd", args=[plan.public_id])
    url = reverse("stages:transition", args=[plan.public_id, "penetapan"])
    response = _post(client, ratifier, url)
    assert response["Location"] == reverse("legislation:ratify", args=[plan.public_id])
    plan.refresh_from_db()
    assert plan.stage == "reviu_selesai"


def test_ratify_page_triad_and_checklist(client, plan, planner, outsider, ratifier):
    technocratic_done(plan, minutes=False)
    url = reverse("legislation:ratify", args=[plan.public_id])
    assert _get(client, None, url).status_code == 302
    assert _get(client, outsider, url).status_code == 404
    response = _get(client, planner, url)  # the unit sees the checklist, not the form
    assert response.status_code == 200
    body = response.content.decode()
    assert "Berita acara Forum Perangkat Daerah tercatat" in body
    assert "Penetapan belum dapat dilakukan." in body
    assert 'name="perkada_number"' not in body
    data = {
        "perkada_number": "12 Tahun 2026",
        "perkada_date": "2026-02-01",
        "signatory": "Bupati Uji",
    }
    assert _post(client, planner, url, data).status_code == 403
    response = _post(client, ratifier, url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Penetapan ditolak. Syarat yang belum terpenuhi:" in body
    assert "12 Tahun 2026" in body  # typed input kept
    assert not Ratification.objects.exists()


def test_ratify_view_ratifies_with_a_scan(client, plan, ratifier):
    technocratic_done(plan)
    url = reverse("legislation:ratify", args=[plan.public_id])
    page = _get(client, ratifier, url).content.decode()
    assert "Semua syarat terpenuhi." in page
    bad_scan = SimpleUploadedFile("p.pdf", b"GIF89a", content_type="application/pdf")
    data = {
        "perkada_number": "12 Tahun 2026",
        "perkada_date": "2026-02-01",
        "signatory": "Bupati Uji",
        "signed_scan": bad_scan,
    }
    response = _post(client, ratifier, url, data)
    assert response.status_code == 400
    assert "Pindaian Perkada harus berkas PDF." in response.content.decode()
    data["signed_scan"] = SimpleUploadedFile("p.pdf", b"%PDF-1.4\n%%EOF", "application/pdf")
    response = _post(client, ratifier, url, data)
    assert response.status_code == 302
    page = _get(client, ratifier, url).content.decode()
    assert "Telah ditetapkan" in page and "12 Tahun 2026" in page


def test_ratification_document_view(client, plan, ratifier, planner):
    technocratic_done(plan)
    services.plan_ratify(plan=plan, actor=ratifier, **ratify_kwargs())
    url = reverse("legislation:ratification_document", args=[plan.public_id])
    assert _post(client, planner, url).status_code == 403
    response = _post(client, ratifier, url)
    assert response.status_code == 302


def test_coverage_page_and_links(client, plan, planner, head, outsider):
    from renstra.models import Rpjmd, RpjmdMisi, RpjmdSasaran, RpjmdTujuan

    rpjmd = Rpjmd.objects.create(region=plan.unit.region, start_year=2025, end_year=2029)
    plan.rpjmd = rpjmd
    plan.save(update_fields=["rpjmd"])
    misi = RpjmdMisi.objects.create(rpjmd=rpjmd, code="1", text="Misi sehat")
    RpjmdMisi.objects.create(rpjmd=rpjmd, code="2", text="Misi tanpa pelayan")
    tujuan = RpjmdTujuan.objects.create(rpjmd=rpjmd, misi=misi, code="T1", text="T")
    sasaran = RpjmdSasaran.objects.create(rpjmd=rpjmd, tujuan=tujuan, code="S1", text="S")
    made = build_cascade(plan)
    made["sasaran"][0].rpjmd_sasaran = sasaran
    made["sasaran"][0].save()
    flagship = services.flagship_program_save(
        rpjmd=rpjmd, actor=None, code="PU1", name="Berobat gratis", units=[plan.unit]
    )
    url = reverse("legislation:coverage", args=[plan.public_id])
    assert _get(client, None, url).status_code == 302
    assert _get(client, outsider, url).status_code == 404
    body = _get(client, head, url).content.decode()
    assert "Misi sehat" in body and "Misi tanpa pelayan" in body and "Berobat gratis" in body
    assert "Belum dilayani" in body
    data = {"element": made["tujuan"][0].pk, "flagships": [flagship.pk]}
    assert _post(client, head, url, data).status_code == 403
    assert _post(client, planner, url, data).status_code == 302
    from legislation.models import FlagshipLink

    assert FlagshipLink.objects.get().flagship == flagship
    assert _post(client, planner, url, {"element": "", "flagships": []}).status_code == 400


def test_workspace_shows_the_legislation_panel(client, review, planner):
    response = _get(client, planner, review.plan.get_absolute_url())
    assert response.status_code == 200
    assert reverse("legislation:plan_dprd", args=[review.plan.public_id]) in (
        response.content.decode()
    )


def test_element_referenced_by_a_recommendation_stays(plan, head, member, planner):
    element = ElementFactory(plan=plan, kind="tujuan")
    technocratic_done(plan)
    review = submitted(plan, head, commission_for(plan.unit, [member]))
    services.letter_issue(
        review=review, actor=member, number="X", date=date(2026, 1, 1), items=[("a", [element])]
    )
    from renstra.errors import RenstraError
    from renstra.services.cascade import element_delete

    with pytest.raises(RenstraError):
        element_delete(element=element, actor=planner)
    assert UserFactory  # factories imported for the fixtures above


def test_internal_notes_are_for_the_dprd_only(client, review, member, planner, head):
    services.note_add(review=review, actor=member, kind="question", text="RAHASIA-KOMISI")
    services.note_add(
        review=review, actor=member, kind="question", text="TERBUKA-UNTUK-UMUM", visibility="public"
    )
    url = reverse("legislation:review", args=[review.pk])
    for user in (planner, head):
        body = _get(client, user, url).content.decode()
        assert "TERBUKA-UNTUK-UMUM" in body and "RAHASIA-KOMISI" not in body
    body = _get(client, member, url).content.decode()
    assert "TERBUKA-UNTUK-UMUM" in body and "RAHASIA-KOMISI" in body


def test_workspace_links_the_political_coverage_while_drafting(client, plan, planner):
    response = _get(client, planner, plan.get_absolute_url())
    assert reverse("legislation:coverage", args=[plan.public_id]) in response.content.decode()


@pytest.mark.parametrize("name", ["legislation:coverage", "legislation:ratify"])
def test_coverage_and_ratify_pages_query_count_does_not_grow(client, plan, ratifier, name):
    build_cascade(plan, programs=1)
    technocratic_done(plan)
    client.force_login(ratifier)
    url = reverse(name, args=[plan.public_id])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    plan.locked = False  # set-up only: add content to the same plan
    from renstra.models import Plan

    Plan.objects.filter(pk=plan.pk).update(locked=False)
    build_cascade(plan, programs=5)
    Plan.objects.filter(pk=plan.pk).update(locked=True)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), (len(small), len(large))


def test_review_approve_view(client, plan, head, planner, member, outsider):
    from legislation.models import RegionSetting

    RegionSetting.objects.create(region=plan.unit.region, dprd_approval_required=True)
    technocratic_done(plan)
    review = submitted(plan, head, commission_for(plan.unit, [member]))
    letter = services.letter_issue(
        review=review, actor=member, number="9/DPRD", date=date(2026, 1, 2), items=[("a", [])]
    )
    page = reverse("legislation:review", args=[review.pk])
    assert "Catat persetujuan" in _get(client, member, page).content.decode()
    assert "Catat persetujuan" not in _get(client, planner, page).content.decode()
    url = reverse("legislation:review_approve", args=[review.pk])
    assert _post(client, None, url, {"reference": "170/1"}).status_code == 302
    assert _post(client, outsider, url, {"reference": "170/1"}).status_code == 404
    assert _post(client, planner, url, {"reference": "170/1"}).status_code == 403
    response = _post(client, member, url, {"reference": "170/1"})
    assert response.status_code == 400
    assert "9/DPRD #1" in response.content.decode()  # the unanswered item is named
    services.item_respond(item=letter.items.get(), actor=planner, status="accepted")
    assert _post(client, member, url, {"reference": "170/1"}).status_code == 302
    review.refresh_from_db()
    assert review.approval_reference == "170/1"


def test_member_home_query_count_does_not_grow(client, plan, head, member):
    technocratic_done(plan)
    submitted(plan, head, commission_for(plan.unit, [member]))
    client.force_login(member)
    url = reverse("legislation:member_home")
    client.get(url)  # warm-up: the first request of a session reads more
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(3):
        other = PlanFactory(unit=plan.unit)
        technocratic_done(other)
        submitted(other, head)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.content.decode().count("/legislasi/telaah/") == 4
    assert len(large) == len(small), (len(small), len(large))
