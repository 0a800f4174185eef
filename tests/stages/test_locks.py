"""Editing in a locked stage is refused for every role, by every path."""

import pytest
from django.db import IntegrityError, connection, transaction

from renstra.errors import PlanLocked
from renstra.models import Plan, Section
from renstra.services.plans import plan_assert_editable
from stages import services
from stages.transitions import all_stages
from tests.factories import ElementFactory, build_cascade
from tests.stages.helpers import place

LOCKED = [s.code for s in all_stages() if s.locked]
OPEN = [s.code for s in all_stages() if not s.locked]
ROLES = ["planner", "head", "verifier", "inspector", "ratifier", "region_admin", "superuser"]


@pytest.mark.parametrize("stage", LOCKED)
def test_service_path_refuses_in_locked_stages(plan, stage):
    place(plan, stage)
    with pytest.raises(PlanLocked):
        plan_assert_editable(plan)


@pytest.mark.parametrize("stage", OPEN)
def test_service_path_allows_in_drafting_stages(plan, stage):
    place(plan, stage)
    plan_assert_editable(plan)


def test_the_stage_decides_the_lock(plan, planner, head, verifier):
    services.plan_start_drafting(plan=plan, actor=planner)
    services.plan_refine_draft(plan=plan, actor=planner)
    plan_assert_editable(plan)
    services.plan_submit_for_verification(plan=plan, actor=head)
    with pytest.raises(PlanLocked):
        plan_assert_editable(plan)
    services.verification_start(plan=plan, actor=verifier)
    services.verification_return(plan=plan, actor=verifier)
    plan_assert_editable(plan)


@pytest.mark.parametrize("stage", ["verifikasi", "penetapan"])
def test_model_writes_are_refused(plan, stage):
    made = build_cascade(plan)
    section = plan.sections.first()
    place(plan, stage)
    section.body = "<p>diubah</p>"
    with pytest.raises(PlanLocked), transaction.atomic():
        section.save()
    with pytest.raises(PlanLocked), transaction.atomic():
        made["sub_kegiatan"][0].funding.first().delete()
    with pytest.raises(PlanLocked), transaction.atomic():
        ElementFactory(plan=plan, kind="tujuan", text="baru")
    with pytest.raises(PlanLocked), transaction.atomic():
        made["sasaran"][0].issues.clear()
    assert Section.objects.get(pk=section.pk).body == ""


def test_ratified_plan_row_cannot_change(plan):
    place(plan, "penetapan")
    plan.title = "Judul lain"
    with pytest.raises(PlanLocked), transaction.atomic():
        plan.save()
    with pytest.raises(PlanLocked), transaction.atomic():
        plan.delete()
    assert Plan.objects.get(pk=plan.pk).title != "Judul lain"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database triggers: PostgreSQL")
def test_queryset_update_is_refused_by_the_database(plan):
    build_cascade(plan)
    place(plan, "penetapan")
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.filter(plan=plan).update(body="<p>lewat update</p>")
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(locked=False)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM renstra_funding WHERE plan_id = %s", [plan.pk])


@pytest.mark.parametrize("role", ROLES)
def test_admin_refuses_edits_of_a_locked_plan(client, plan, role, request):
    user = request.getfixturevalue(role)
    user.is_staff = True
    user.is_superuser = role == "superuser"
    user.save()
    client.force_login(user)
    section = plan.sections.first()
    place(plan, "verifikasi")
    url = f"/admin/renstra/section/{section.pk}/change/"
    response = client.post(
        url,
        {
            "plan": plan.pk,
            "chapter": section.chapter_id,
            "number": section.number,
            "title": "Judul diubah",
            "body": "<p>diubah</p>",
            "position": 0,
        },
    )
    assert response.status_code == 403
    section.refresh_from_db()
    assert section.title != "Judul diubah" and section.body == ""
    delete = client.post(f"/admin/renstra/section/{section.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert Section.objects.filter(pk=section.pk).exists()
    plan_change = client.post(f"/admin/renstra/plan/{plan.pk}/change/", {"title": "x"})
    assert plan_change.status_code == 403


def test_admin_allows_superuser_edits_while_drafting(client, plan, superuser):
    client.force_login(superuser)
    section = plan.sections.first()
    response = client.post(
        f"/admin/renstra/section/{section.pk}/change/",
        {
            "plan": plan.pk,
            "chapter": section.chapter_id,
            "number": section.number,
            "title": "Judul diubah",
            "body": "<p>diubah</p>",
            "position": 0,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    section.refresh_from_db()
    assert section.title == "Judul diubah"
