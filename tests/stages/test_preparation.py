"""Persiapan: team decree, members and work agenda — services, history, pages."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renstra.errors import PlanLocked
from stages import preparation
from stages.models import AgendaItem, TeamDecree, TeamMember
from tests.stages.helpers import place


def _decree(plan, actor):
    return preparation.team_decree_save(
        plan=plan,
        actor=actor,
        number="188.45/123/KPTS/2025",
        date=date(2025, 1, 15),
        signed_by="Bupati Uji",
    )


def test_decree_saved_with_history_and_actor(plan, planner):
    decree = _decree(plan, planner)
    assert decree.history.count() == 1
    first = decree.history.get()
    assert (
        first.history_user == planner and first.history_change_reason == "SK tim penyusun dicatat"
    )
    again = preparation.team_decree_save(
        plan=plan, actor=planner, number="188/1", date=date(2025, 2, 1), signed_by="Bupati"
    )
    assert again.pk == decree.pk and TeamDecree.objects.count() == 1
    latest = again.history.first()
    assert latest.number == "188/1" and latest.history_change_reason == "SK tim penyusun diubah"


def test_members_added_updated_deleted_with_history(plan, planner):
    with pytest.raises(ValidationError):
        preparation.team_member_add(plan=plan, actor=planner, name="dr. A")
    _decree(plan, planner)
    ketua = preparation.team_member_add(
        plan=plan, actor=planner, name="dr. Ani", position="Kepala Dinas", role="ketua"
    )
    anggota = preparation.team_member_add(plan=plan, actor=planner, name="Budi")
    assert (ketua.order, anggota.order) == (1, 2)
    preparation.team_member_update(
        member=anggota,
        actor=planner,
        name="Budi S.",
        position="Kasubbag",
        role="sekretaris",
        order=2,
    )
    anggota.refresh_from_db()
    assert anggota.role == "sekretaris" and anggota.history.first().history_user == planner
    anggota_id = anggota.pk
    preparation.team_member_delete(member=anggota, actor=planner)
    assert list(TeamMember.objects.values_list("name", flat=True)) == ["dr. Ani"]
    deleted = TeamMember.history.filter(id=anggota_id, history_type="-").get()
    assert deleted.history_user == planner


def test_agenda_saved_and_dates_checked(plan, planner):
    item = preparation.agenda_item_add(
        plan=plan,
        actor=planner,
        activity="Pengumpulan data",
        planned_start=date(2025, 1, 1),
        planned_end=date(2025, 1, 31),
        responsible="Subbag Perencanaan",
    )
    assert item.history.get().history_user == planner
    with pytest.raises(ValidationError):
        preparation.agenda_item_add(
            plan=plan,
            actor=planner,
            activity="Mundur",
            planned_start=date(2025, 2, 1),
            planned_end=date(2025, 1, 1),
        )
    preparation.agenda_item_update(
        item=item,
        actor=planner,
        activity="Pengumpulan data",
        planned_start=date(2025, 1, 1),
        planned_end=date(2025, 1, 31),
        done_on=date(2025, 1, 30),
    )
    item.refresh_from_db()
    assert item.done_on == date(2025, 1, 30) and not item.is_overdue(date(2025, 3, 1))
    preparation.agenda_item_delete(item=item, actor=planner)
    assert not AgendaItem.objects.exists()


def test_only_planners_and_only_while_editable(plan, planner, head):
    with pytest.raises(PermissionDenied):
        _decree(plan, head)
    place(plan, "diajukan")
    with pytest.raises(PlanLocked):
        _decree(plan, planner)


# --- Pages ----------------------------------------------------------------------------


@pytest.fixture
def filled(plan, planner):
    _decree(plan, planner)
    member = preparation.team_member_add(plan=plan, actor=planner, name="dr. Ani", role="ketua")
    item = preparation.agenda_item_add(
        plan=plan,
        actor=planner,
        activity="Rapat tim",
        planned_start=date(2025, 1, 1),
        planned_end=date(2025, 1, 2),
    )
    return member, item


def _get_urls(plan, member, item):
    return [
        reverse("stages:member_edit", args=[plan.public_id, member.pk]),
        reverse("stages:agenda_edit", args=[plan.public_id, item.pk]),
    ]


def _post_urls(plan, member, item):
    return [
        reverse("stages:decree_save", args=[plan.public_id]),
        reverse("stages:member_add", args=[plan.public_id]),
        reverse("stages:member_delete", args=[plan.public_id, member.pk]),
        reverse("stages:agenda_add", args=[plan.public_id]),
        reverse("stages:agenda_delete", args=[plan.public_id, item.pk]),
    ]


def test_access_triad(client, plan, filled, outsider, head, planner):
    page = reverse("stages:preparation", args=[plan.public_id])
    gets = [page, *_get_urls(plan, *filled)]
    posts = _post_urls(plan, *filled)
    for url in gets + posts:
        response = client.get(url) if url in gets else client.post(url)
        assert response.status_code == 302 and "/masuk/" in response["Location"], url
    client.force_login(outsider)
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url).status_code == 404, url
    client.force_login(head)  # sees the plan, may not edit the team
    assert client.get(page).status_code == 200
    for url in gets[1:]:
        assert client.get(url).status_code == 403, url
    for url in posts:
        assert client.post(url).status_code == 403, url
    client.force_login(planner)
    for url in gets:
        assert client.get(url).status_code == 200, url


def test_planner_fills_the_page(client, plan, planner):
    client.force_login(planner)
    url = reverse("stages:decree_save", args=[plan.public_id])
    response = client.post(url, {"number": "", "date": "2025-13-01", "signed_by": "Bupati"})
    assert response.status_code == 400 and "Bupati" in response.content.decode()
    response = client.post(
        url, {"number": "188/7", "date": "2025-01-15", "signed_by": "Bupati Uji", "note": ""}
    )
    assert response.status_code == 302
    assert TeamDecree.objects.get(plan=plan).history.get().history_user == planner
    client.post(
        reverse("stages:member_add", args=[plan.public_id]),
        {"member-name": "dr. Ani", "member-position": "Kepala", "member-role": "ketua"},
    )
    member = TeamMember.objects.get()
    response = client.post(
        reverse("stages:member_edit", args=[plan.public_id, member.pk]),
        {"name": "dr. Ani, M.Kes", "position": "Kepala", "role": "pengarah", "order": "1"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == "pengarah"
    bad = client.post(
        reverse("stages:agenda_add", args=[plan.public_id]),
        {
            "agenda-activity": "Rapat",
            "agenda-planned_start": "2025-02-01",
            "agenda-planned_end": "2025-01-01",
        },
    )
    assert bad.status_code == 400 and "tidak boleh sebelum" in bad.content.decode()
    client.post(
        reverse("stages:agenda_add", args=[plan.public_id]),
        {
            "agenda-activity": "Rapat",
            "agenda-planned_start": "2025-01-01",
            "agenda-planned_end": "2025-01-02",
        },
    )
    assert AgendaItem.objects.get().history.get().history_user == planner


def test_overdue_items_highlighted(client, plan, planner):
    today = timezone.localdate()
    late = preparation.agenda_item_add(
        plan=plan,
        actor=planner,
        activity="Terlambat",
        planned_start=today - timedelta(days=9),
        planned_end=today - timedelta(days=1),
    )
    preparation.agenda_item_add(
        plan=plan,
        actor=planner,
        activity="Tepat",
        planned_start=today,
        planned_end=today + timedelta(days=5),
    )
    client.force_login(planner)
    page = client.get(reverse("stages:preparation", args=[plan.public_id])).content.decode()
    assert page.count('class="overdue"') == 1
    assert late.is_overdue(today)


def test_locked_plan_refuses_with_message(client, plan, planner):
    place(plan, "diajukan")
    client.force_login(planner)
    page = client.get(reverse("stages:preparation", args=[plan.public_id])).content.decode()
    assert reverse("stages:agenda_add", args=[plan.public_id]) not in page
    response = client.post(
        reverse("stages:decree_save", args=[plan.public_id]),
        {"number": "1", "date": "2025-01-01", "signed_by": "Bupati"},
        follow=True,
    )
    assert "terkunci" in response.content.decode() and not TeamDecree.objects.exists()


def test_page_queries_constant(client, plan, planner, django_assert_max_num_queries):
    client.force_login(planner)
    url = reverse("stages:preparation", args=[plan.public_id])
    _decree(plan, planner)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    preparation.team_member_add(plan=plan, actor=planner, name="A")
    base = count()
    for i in range(6):
        preparation.team_member_add(plan=plan, actor=planner, name=f"Anggota {i}")
        preparation.agenda_item_add(
            plan=plan,
            actor=planner,
            activity=f"Kegiatan {i}",
            planned_start=date(2025, 1, 1),
            planned_end=date(2025, 1, 2),
        )
    assert count() == base
