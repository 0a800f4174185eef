"""Public consultation pages (no account): per region, a consultation with its draft as
the document HTML and as PDF; query counts that do not grow with the data. The unit's
consultation pages: the access triad, opening through the form, the generic stage
button sent to the consultation page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.models import Consultation
from renstra.document import jobs
from renstra.models import DocumentFile
from tests.factories import PlanFactory, UnitFactory
from tests.participation.helpers import make_organisation, open_consultation, put_in_stage

pytestmark = pytest.mark.django_db


def _consultations(region, planner, n):
    """n consultations on n plans of units in `region` (the planner's unit first)."""
    from renstra.services.roles import role_grant

    made = []
    for i in range(n):
        unit = UnitFactory(region=region)
        role_grant(user=planner, role="planner", scope=unit)
        plan = PlanFactory(unit=unit)
        made.append(open_consultation(plan, planner, title=f"Konsultasi {i}"))
    return made


def test_index_and_region_pages_are_public(client, plan, planner, region):
    consultation = open_consultation(plan, planner)
    index = client.get(reverse("participation:public_index"))
    assert index.status_code == 200
    assert region.name in index.content.decode()
    page = client.get(reverse("participation:region", args=[region.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert consultation.title in body
    assert "Sedang dibuka" in body
    assert client.get(reverse("participation:region", args=[999999])).status_code == 404


def test_region_page_splits_open_and_past(client, plan, planner, region):
    consultation = open_consultation(plan, planner)
    consultation.ends_at = timezone.now() - timedelta(minutes=1)
    consultation.starts_at = timezone.now() - timedelta(days=1)
    consultation.save()
    body = client.get(reverse("participation:region", args=[region.pk])).content.decode()
    past = body.index("Konsultasi yang telah lewat")
    assert body.index(consultation.title) > past
    assert "Waktu berakhir" in body


def test_region_page_queries_constant(client, region, planner, django_assert_max_num_queries):
    _consultations(region, planner, 2)
    url = reverse("participation:region", args=[region.pk])
    with django_assert_max_num_queries(8) as small:
        client.get(url)
    _consultations(region, planner, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Konsultasi ") >= 10


def test_consultation_page_shows_the_frozen_draft(client, plan, planner):
    from renstra.models import Section
    from renstra.services.sections import section_update

    section = Section.objects.filter(plan=plan).order_by("id").first()
    section_update(
        section=section,
        title=section.title,
        body="<p>Teks yang dikonsultasikan.</p>",
        actor=planner,
        expected_revision=section.revision,
    )
    consultation = open_consultation(plan, planner)
    section.refresh_from_db()
    section_update(
        section=section,
        title=section.title,
        body="<p>Teks sesudah konsultasi dibuka.</p>",
        actor=planner,
        expected_revision=section.revision,
    )
    response = client.get(consultation.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Teks yang dikonsultasikan." in body
    assert "Teks sesudah konsultasi dibuka." not in body
    assert "Aula Bappeda" in body and "Paparan" in body
    assert reverse("participation:consultation_pdf", args=[consultation.public_id]) in body
    # Anonymous: no manage link.
    assert reverse("participation:consultation_manage", args=[consultation.public_id]) not in body


def test_consultation_page_queries_constant(
    client, plan, planner, unit, django_assert_max_num_queries
):
    from renstra.models import ElementKind
    from tests.factories import ElementFactory

    small = open_consultation(plan, planner)
    with django_assert_max_num_queries(60) as counted:
        client.get(small.get_absolute_url())
    # A plan with much more content: the same number of queries.
    bigger = PlanFactory(unit=unit)
    for i in range(15):
        tujuan = ElementFactory(plan=bigger, kind=ElementKind.TUJUAN, text=f"Tujuan {i}")
        ElementFactory(plan=bigger, kind=ElementKind.SASARAN, parent=tujuan, text=f"Sasaran {i}")
    large = open_consultation(bigger, planner, title="Konsultasi rencana besar")
    with django_assert_max_num_queries(len(counted.captured_queries)):
        response = client.get(large.get_absolute_url())
    assert "Sasaran 14" in response.content.decode()


def test_unknown_consultation_is_404(client):
    assert (
        client.get(reverse("participation:consultation_detail", args=["tidak-ada"])).status_code
        == 404
    )


def test_pdf_is_prepared_then_served(client, plan, planner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    consultation = open_consultation(plan, planner)
    url = reverse("participation:consultation_pdf", args=[consultation.public_id])
    pending = client.get(url)
    assert pending.status_code == 202
    assert 'http-equiv="refresh"' in pending.content.decode()
    document_file = DocumentFile.objects.get()
    assert document_file.version_number == consultation.version.number
    jobs.document_render(document_file_id=document_file.pk)
    ready = client.get(url)
    assert ready.status_code == 200
    assert ready["Content-Type"] == "application/pdf"
    assert b"".join(ready.streaming_content).startswith(b"%PDF-")
    assert DocumentFile.objects.count() == 1  # served from storage, not rendered again


def test_manage_page_access_triad(client, plan, planner, head, outsider):
    consultation = open_consultation(plan, planner)
    url = reverse("participation:consultation_manage", args=[consultation.public_id])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(head)
    assert client.get(url).status_code == 403
    client.force_login(planner)
    assert client.get(url).status_code == 200


def test_plan_consultations_access_triad(client, plan, planner, head, outsider):
    url = reverse("participation:plan_consultations", args=[plan.public_id])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(head)
    assert client.get(url).status_code == 200  # reads; no form
    assert client.post(url, {}).status_code == 403
    client.force_login(planner)
    assert "Buka konsultasi" in client.get(url).content.decode()


def test_open_through_the_form(client, plan, planner, region):
    put_in_stage(plan, "rancangan")
    invited = make_organisation(region, "LSM Diundang")
    client.force_login(planner)
    url = reverse("participation:plan_consultations", args=[plan.public_id])
    data = {
        "kind": "forum_pd",
        "title": "Forum PD 2026",
        "starts_at": "2031-03-01T09:00",
        "ends_at": "2031-03-01T08:00",
        "audience": "invited",
        "invited_organisations": [invited.pk],
        "place": "Aula Dinas",
        "online_link": "",
        "agenda": "Pembahasan",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400
    assert "sesudah waktu pembukaan" in bad.content.decode()
    assert "Forum PD 2026" in bad.content.decode()  # typed input kept
    assert not Consultation.objects.exists()
    response = client.post(url, {**data, "ends_at": "2031-03-01T15:00"})
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    # Entered as WIB (UTC+7).
    assert consultation.starts_at.astimezone(timezone.UTC).hour == 2
    assert list(consultation.invited_organisations.all()) == [invited]
    plan.refresh_from_db()
    assert plan.stage == "forum_pd"


def test_generic_stage_button_goes_to_the_consultation_page(client, plan, planner):
    put_in_stage(plan, "rancangan")
    client.force_login(planner)
    response = client.post(reverse("stages:transition", args=[plan.public_id, "forum_pd"]))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "participation:plan_consultations", args=[plan.public_id]
    )
    plan.refresh_from_db()
    assert plan.stage == "rancangan"


def test_close_view(client, plan, planner, head):
    consultation = open_consultation(plan, planner)
    url = reverse("participation:consultation_close", args=[consultation.public_id])
    client.force_login(head)
    assert client.post(url, {}).status_code == 403
    client.force_login(planner)
    response = client.post(url, {}, follow=True)
    assert "Konsultasi ditutup." in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == "closed"


def test_generic_close_button_goes_to_the_manage_page(client, plan, planner):
    consultation = open_consultation(plan, planner, kind="forum_pd", audience="verified")
    client.force_login(planner)
    response = client.post(reverse("stages:transition", args=[plan.public_id, "rancangan"]))
    assert response["Location"] == reverse(
        "participation:consultation_manage", args=[consultation.public_id]
    )
    plan.refresh_from_db()
    assert plan.stage == "forum_pd"


def test_reminder_command(plan, planner, region):
    from io import StringIO

    from django.core.management import call_command

    from tests.participation.helpers import make_member

    make_member(make_organisation(region, "LSM Pengingat"))
    open_consultation(
        plan, planner, audience="verified", ends_at=timezone.now() + timedelta(hours=30)
    )
    out = StringIO()
    call_command("send_consultation_reminders", stdout=out)
    call_command("send_consultation_reminders", stdout=out)
    assert out.getvalue().splitlines() == ["1 reminder(s) created", "0 reminder(s) created"]


def test_consulted_draft_is_cached_per_version(client, plan, planner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    consultation = open_consultation(plan, planner)
    url = consultation.get_absolute_url()
    with CaptureQueriesContext(connection) as first:
        one = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as second:
        two = client.get(url).content.decode()
    assert len(second.captured_queries) < len(first.captured_queries)
    draft, end = "Rancangan yang dikonsultasikan", "</main>"
    assert one[one.index(draft) : one.index(end)] == two[two.index(draft) : two.index(end)]
