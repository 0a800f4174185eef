"""Walking the real URL configuration for the permission matrix and the probes."""

import copy
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from renstra.services.roles import role_grant
from tests.factories import UnitFactory, UserFactory

from .world import build_world

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

ROLES = [
    "anonymous",
    "citizen",
    "stakeholder",
    "planner",
    "other_planner",
    "head",
    "verifier",
    "inspector",
    "dprd_member",
    "ratifier",
    "administrator",
]


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name" (or "name")
    pattern: str
    params: tuple[str, ...]


def all_routes() -> list[Route]:
    """Every URL pattern of the project, includes resolved, with its qualified name."""
    found: list[Route] = []

    def walk(patterns, prefix: str, namespace: str, params: tuple[str, ...]):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                walk(
                    p.url_patterns,
                    prefix + str(p.pattern),
                    ns,
                    params + tuple(p.pattern.regex.groupindex),
                )
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
                found.append(
                    Route(name, prefix + str(p.pattern), params + tuple(p.pattern.regex.groupindex))
                )

    walk(get_resolver().url_patterns, "", "", ())
    return found


class _Rollback(Exception):
    pass


def outcome(response) -> str:
    """The status as the matrix writes it: "login" for a redirect to the login page."""
    if response.status_code in (301, 302, 303) and response.get("Location", "").startswith(
        (reverse("login"), reverse("admin:login"))
    ):
        return "login"
    return str(response.status_code)


def request(client: Client, method: str, url: str, data=None, *, follow=False) -> str:
    """One request whose database effects are rolled back (every request sees the same
    world, whatever the previous one changed). The client's cookies are put back too: a
    logout or a session rotation must not change who makes the next request. With
    `follow`, a GET that redirects is followed and the final page's status counts."""
    saved = copy.deepcopy(client.cookies)
    result = "?"
    try:
        with transaction.atomic():
            if method == "GET":
                response = client.get(url, follow=follow)
            else:
                response = client.post(url, data or {})
            result = outcome(response)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            raise _Rollback
    except _Rollback:
        pass
    finally:
        client.cookies = saved
    return result


def build_users(world, other_unit) -> dict[str, object]:
    region, unit = world.region, world.unit

    def user(name, role=None, scope=None):
        made = UserFactory(username=name)
        if role:
            role_grant(user=made, role=role, scope=scope)
        return made

    return {
        "anonymous": None,
        "citizen": user("warga_matriks"),
        "stakeholder": world.stakeholder,
        "planner": user("perencana_matriks", "planner", unit),
        "other_planner": user("perencana_lain_matriks", "planner", other_unit),
        "head": user("kepala_matriks", "head", unit),
        "verifier": user("verifikator_matriks", "verifier", region),
        "inspector": user("inspektur_matriks", "inspector", region),
        "dprd_member": world.dprd_user,
        "ratifier": user("sekda_matriks", "ratifier", region),
        "administrator": user("admin_matriks", "region_admin", region),
    }


def clients(users) -> dict[str, Client]:
    made = {}
    for role, user in users.items():
        client = Client()
        if user is not None:
            client.force_login(user, backend=MODEL_BACKEND)
        made[role] = client
    return made


def setup_world(region_factory):
    region = region_factory()
    unit = UnitFactory(region=region)
    other_unit = UnitFactory(region=region)
    world = build_world(region, unit, tag="a")
    return world, other_unit


def media_root_for_tests(tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
