"""The permission matrix (permission_matrix.py) walked against the real URL configuration.

One test: every URL pattern (includes resolved) must be in the matrix (or be a Django admin
URL, covered by the ADMIN rule), every matrix entry must still exist, and every declared
(URL, method, role) must give the declared outcome. Each request runs in a transaction
that is rolled back, so every request sees the same world."""

import pytest
from django.urls import NoReverseMatch, reverse

from tests.factories import RegionFactory, UserFactory

from .permission_matrix import ADMIN, MATRIX, ROLES
from .urls_kwargs import KWARGS
from .walker import MODEL_BACKEND, all_routes, build_users, clients, request, setup_world

ADMIN_SAMPLE = {"object_id": "1", "app_label": "renstra", "content_type_id": "1", "url": "x"}


def _is_admin(route) -> bool:
    return route.name.startswith("admin:") or route.pattern.startswith("admin/")


@pytest.mark.django_db
def test_every_url_and_role_gives_the_declared_outcome(media, client):
    routes = all_routes()
    names = {r.name for r in routes}
    missing = sorted(r.pattern for r in routes if not _is_admin(r) and r.name not in MATRIX)
    assert not missing, f"URLs missing from tests/security/permission_matrix.py: {missing}"
    stale = sorted(set(MATRIX) - names)
    assert not stale, f"matrix entries for URLs that no longer exist: {stale}"
    no_kwargs = sorted(
        r.name for r in routes if r.name in MATRIX and r.params and r.name not in KWARGS
    )
    assert not no_kwargs, f"URLs with parameters but no kwargs in urls_kwargs.py: {no_kwargs}"

    world, other_unit = setup_world(RegionFactory)
    by_role = clients(build_users(world, other_unit))
    wrong = []
    checked = 0
    for route in routes:
        if _is_admin(route):
            continue
        entry = MATRIX[route.name]
        url = reverse(route.name, kwargs=KWARGS[route.name](world) if route.params else {})
        for method in ("GET", "POST"):
            expected = entry.expected(method)
            if expected is None:
                continue
            for role in ROLES:
                got = request(by_role[role], method, url)
                token = "ok" if got in {"200", "201", "202", "204", "302", "400", "409"} else got
                checked += 1
                if token not in expected[role]:
                    wrong.append(
                        f"{method} {url} ({route.name}) as {role}: {got}, "
                        f"expected {'|'.join(sorted(expected[role]))}"
                    )

    # The admin: every admin URL sends the anonymous visitor and a non-staff administrator
    # to the admin login; a superuser gets in.
    admin_urls = []
    for route in routes:
        if not _is_admin(route):
            continue
        if not route.name:  # the admin's unnamed redirects and catch-all
            path = route.pattern.replace("<path:object_id>", "1").replace("(?P<url>.*)$", "x/")
            admin_urls.append("/" + path)
            continue
        if route.name in ("admin:login", "admin:logout"):
            continue  # the admin's own login page is public; logging out is harmless
        kwargs = {p: ADMIN_SAMPLE.get(p, "1") for p in route.params}
        try:
            admin_urls.append(reverse(route.name, kwargs=kwargs))
        except NoReverseMatch:
            try:  # simple-history's admin history pages use unnamed groups
                admin_urls.append(reverse(route.name, args=["1", "1"]))
            except NoReverseMatch:
                wrong.append(f"admin URL {route.name} could not be reversed with {kwargs}")
    expected_admin = ADMIN.expected("GET")
    for url in admin_urls:
        for role in ("anonymous", "administrator"):
            got = request(by_role[role], "GET", url)
            checked += 1
            if got not in expected_admin[role]:
                wrong.append(f"GET {url} (admin) as {role}: {got}")
    root = UserFactory(username="root_matriks", is_superuser=True, is_staff=True)
    client.force_login(root, backend=MODEL_BACKEND)
    assert client.get(reverse("admin:index")).status_code == 200

    assert checked > 1000
    assert not wrong, f"{len(wrong)} of {checked} outcomes differ:\n" + "\n".join(wrong)
