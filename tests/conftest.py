"""Role fixtures (domain.md §4) shared by every test package, and `media`.

`unit` belongs to `region`; `other_unit` to the same region (its planner is `outsider`);
`plan` is an empty plan (chapter skeleton) of `unit`. `media` puts uploaded and rendered
files in the test's own folder (and returns it)."""

import pytest

from renstra.services.roles import role_grant
from tests.factories import PlanFactory, RegionFactory, UnitFactory, UserFactory

PASSWORD = "sandi-uji-123"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RENSTRA_PUBLIC_URL = "https://renstra.example.go.id"  # what QR codes point to
    return settings.MEDIA_ROOT


@pytest.fixture
def region(db):
    return RegionFactory()


@pytest.fixture
def unit(region):
    return UnitFactory(region=region)


@pytest.fixture
def other_unit(region):
    return UnitFactory(region=region)


@pytest.fixture
def plan(unit):
    return PlanFactory(unit=unit)


def _user_with(role, scope, **kwargs):
    user = UserFactory(**kwargs)
    if role:
        role_grant(user=user, role=role, scope=scope)
    return user


@pytest.fixture
def planner(unit):
    return _user_with("planner", unit, username="perencana")


@pytest.fixture
def head(unit):
    return _user_with("head", unit, username="kepala")


@pytest.fixture
def verifier(region):
    return _user_with("verifier", region, username="verifikator")


@pytest.fixture
def inspector(region):
    return _user_with("inspector", region, username="inspektur")


@pytest.fixture
def dprd_member(region):
    return _user_with("dprd_member", region, username="anggota_dprd")


@pytest.fixture
def ratifier(region):
    return _user_with("ratifier", region, username="sekda")


@pytest.fixture
def region_admin(region):
    return _user_with("region_admin", region, username="admin_bappeda")


@pytest.fixture
def stakeholder(region):
    from participation.models import Organisation

    org = Organisation.objects.create(
        region=region, name="LSM Sehat Bersama", kind="ngo", status="verified"
    )
    return _user_with("stakeholder", org, username="lsm")


@pytest.fixture
def citizen(db):
    return UserFactory(username="warga")


@pytest.fixture
def outsider(other_unit):
    """A planner of another unit in the same region."""
    return _user_with("planner", other_unit, username="perencana_lain")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def planner_client(client, planner):
    client.force_login(planner)
    return client
