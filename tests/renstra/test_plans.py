import pytest
from django.urls import reverse

from renstra.models import Chapter, Section
from renstra.services.plans import plan_create


@pytest.mark.django_db
def test_plan_create_makes_the_chapter_skeleton_with_history(unit, planner):
    plan = plan_create(
        unit=unit, title="Renstra Uji", start_year=2026, end_year=2028, actor=planner
    )
    assert [c.number for c in Chapter.objects.filter(plan=plan)] == list(range(1, 9))
    assert Section.objects.filter(plan=plan).count() == 13
    assert plan.years == [2026, 2027, 2028]
    assert plan.history.get().history_user == planner
    assert Section.history.filter(plan=plan).count() == 13
    assert len(plan.public_id) >= 20


@pytest.mark.django_db
@pytest.mark.parametrize("end_year", [2027, 2032])
def test_plan_period_outside_three_to_six_years_is_refused(unit, planner, end_year):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        plan_create(unit=unit, title="X", start_year=2026, end_year=end_year, actor=planner)


def test_workspace_access_triad(
    client, plan, planner, outsider, citizen, dprd_member, stakeholder, verifier
):
    url = reverse("renstra:workspace", args=[plan.public_id])
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    for user in (outsider, citizen, dprd_member, stakeholder):
        client.force_login(user)
        assert client.get(url).status_code == 404, user.username
    for user in (planner, verifier):
        client.force_login(user)
        assert client.get(url).status_code == 200, user.username


def test_plan_list_shows_only_visible_plans(client, plan, planner, outsider):
    client.force_login(outsider)
    assert plan.title not in client.get(reverse("renstra:plan_list")).content.decode()
    client.force_login(planner)
    assert plan.title in client.get(reverse("renstra:plan_list")).content.decode()


def test_plan_list_names_the_stage_not_its_code(client, plan, planner):
    client.force_login(planner)
    page = client.get(reverse("renstra:plan_list")).content.decode()
    assert "<td>persiapan</td>" not in page
    assert "Persiapan" in page


def test_public_ids_never_start_with_a_dash(monkeypatch):
    """A plan id is also a management-command argument: "-abc…" would parse as an option
    (verify_renstra, render_renstra)."""
    from renstra.models import plan as plan_module

    drawn = iter(["-dash1234567890abcdefgh", "_under234567890abcdefgh", "Ok34567890abcdefghijkl"])
    monkeypatch.setattr(plan_module.secrets, "token_urlsafe", lambda n: next(drawn))
    assert plan_module.new_public_id() == "Ok34567890abcdefghijkl"
