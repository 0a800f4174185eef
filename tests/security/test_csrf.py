"""CSRF on every state change: each URL the permission matrix declares a POST for, posted
by a client that enforces CSRF checks (as a browser without the token would), answers 403
and changes nothing — whether the user is allowed the action or not."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import RegionFactory

from .permission_matrix import MATRIX, ROLES
from .urls_kwargs import KWARGS
from .walker import MODEL_BACKEND, all_routes, build_users, request, setup_world


@pytest.mark.django_db
def test_every_post_without_the_csrf_token_is_403(media):
    world, other_unit = setup_world(RegionFactory)
    users = build_users(world, other_unit)
    routes = {r.name: r for r in all_routes()}
    checked, passed_through = 0, []
    for name, entry in MATRIX.items():
        expected = entry.expected("POST")
        if expected is None:
            continue
        # The role the matrix lets through (the anonymous visitor for public forms).
        role = next((r for r in ROLES if "ok" in expected[r]), "planner")
        client = Client(enforce_csrf_checks=True)
        if users[role] is not None:
            client.force_login(users[role], backend=MODEL_BACKEND)
        kwargs = KWARGS[name](world) if routes[name].params else {}
        got = request(client, "POST", reverse(name, kwargs=kwargs))
        checked += 1
        if got != "403":
            passed_through.append(f"POST {name} as {role}: {got}")
    assert checked > 60
    assert not passed_through, "\n".join(passed_through)
