import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from renstra.roles import all_roles, get_role
from renstra.services.roles import role_grant, role_revoke
from tests.conftest import PASSWORD


def test_custom_user_model_is_ours():
    assert get_user_model()._meta.label == "renstra.User"


def test_login_logout_and_password_change(client, planner):
    response = client.post(reverse("login"), {"username": "perencana", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("renstra:plan_list")

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "kata-sandi-baru-2026",
            "new_password2": "kata-sandi-baru-2026",
        },
    )
    assert response.status_code == 302
    planner.refresh_from_db()
    assert planner.check_password("kata-sandi-baru-2026")

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("renstra:plan_list")).status_code == 302


def test_wrong_password_is_refused_in_indonesian(client, planner):
    response = client.post(reverse("login"), {"username": "perencana", "password": "salah"})
    assert response.status_code == 200
    assert "sandi yang benar" in response.content.decode().lower()


@pytest.mark.django_db
def test_every_role_of_the_domain_is_registered():
    codes = {role.code for role in all_roles()}
    assert {
        "planner",
        "head",
        "verifier",
        "inspector",
        "stakeholder",
        "dprd_member",
        "ratifier",
        "region_admin",
    } <= codes


def test_role_grants_are_scoped_and_revocable(unit, other_unit, region):
    from tests.factories import UserFactory

    user = UserFactory()
    role_grant(user=user, role="planner", scope=unit)
    assert user.has_perm("renstra.edit_unit_plans", unit)
    assert not user.has_perm("renstra.edit_unit_plans", other_unit)
    role_revoke(user=user, role="planner", scope=unit)
    user = get_user_model().objects.get(pk=user.pk)  # fresh permission cache
    assert not user.has_perm("renstra.edit_unit_plans", unit)
    with pytest.raises(ValueError):
        role_grant(user=user, role="verifier", scope=unit)
    assert get_role("verifier").scope == "renstra.region"


def test_role_grants_are_visible_in_the_admin(client, superuser, unit, planner):
    client.force_login(superuser)
    url = reverse("admin:renstra_unit_permissions", args=[unit.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert planner.full_name in response.content.decode()


def test_interface_is_indonesian_even_when_the_browser_asks_for_english(client, planner):
    client.force_login(planner)
    response = client.get(reverse("renstra:plan_list"), headers={"accept-language": "en-US,en"})
    assert '<html lang="id">' in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("renstra:plan_list"))
    assert '<html lang="en">' in response.content.decode()
