"""Object-level probes: every object-addressed URL asked with ids of objects that belong to
another unit, another region or another organisation answers 404 — never data.

Three worlds (tests/security/world.py): A (the users' own unit), C (another unit of the
same region), B (another region, with its own organisation, RPJMD, DPRD review...).
For every URL with an object id in its path and every method the matrix declares:

- mixed: A's parent object with one child id taken from B or C (A's plan with B's
  section, A's consultation with C's comment, ...), asked by a role of A that may use the
  URL on A's own objects -> 404;
- foreign: every id from B, asked by the same role -> 404, for URLs that are not open to
  every logged-in user (public consultations and portals are public in every region).

A GET that redirects (e.g. the indicator editor sends GET to its element's page) is
followed, and the page it leads to must be 404 as well.
"""

import pytest
from django.urls import reverse

from tests.factories import RegionFactory

from .permission_matrix import MATRIX, ROLES
from .urls_kwargs import KWARGS
from .walker import build_users, clients, request
from .world import build_world

CONSTANT_KEYS = {"kind", "number", "to_stage", "token", "code"}
# GET of these only redirects to a page of the user's own object, where the foreign id is
# a fragment (#ind-<id>), never looked up: the page shown is the user's own.
OWN_PAGE_REDIRECTS = {("renstra:indicator_edit", "indicator_id")}
OK = {"200", "201", "202", "204", "302", "400", "409"}


def _insider(entry, method):
    """The first role the matrix lets through on A's own objects (None: nobody)."""
    expected = entry.expected(method)
    if expected is None:
        return None
    return next((r for r in ROLES if "ok" in expected[r] and r != "anonymous"), None)


@pytest.mark.django_db
def test_ids_of_other_units_regions_and_organisations_are_404(media):
    from tests.factories import UnitFactory

    region_a, region_b = RegionFactory(), RegionFactory()
    unit_a, unit_c, unit_b = (
        UnitFactory(region=region_a),
        UnitFactory(region=region_a),
        UnitFactory(region=region_b),
    )
    a = build_world(region_a, unit_a, tag="a")
    c = build_world(region_a, unit_c, tag="c")
    b = build_world(region_b, unit_b, tag="b")
    by_role = clients(build_users(a, unit_c))

    leaks, probes = [], 0
    for name, make in KWARGS.items():
        entry = MATRIX[name]
        own = make(a)
        ids = [k for k in own if k not in CONSTANT_KEYS]
        if not ids:
            continue
        variants = []
        for other, label in ((c, "other unit"), (b, "other region")):
            theirs = make(other)
            if len(ids) > 1:
                for key in ids:
                    if key != "public_id" and theirs[key] != own[key]:
                        variants.append((f"{label}: {key}", {**own, key: theirs[key]}))
                    elif key == "public_id":
                        # their parent, our child ids
                        variants.append(
                            (
                                f"{label}: parent",
                                {**theirs, **{k: own[k] for k in ids if k != "public_id"}},
                            )
                        )
        for method in ("GET", "POST"):
            role = _insider(entry, method)
            if role is None:
                continue
            expected = entry.expected(method)
            public = "ok" in expected["citizen"]
            cases = list(variants)
            if not public:
                cases.append(("other region: all ids", make(b)))
            for label, kwargs in cases:
                url = reverse(name, kwargs=kwargs)
                # A redirect is followed: it must lead to a 404 too, not to the object.
                got = request(by_role[role], method, url, follow=True)
                probes += 1
                key = label.split(": ")[-1]
                if got == "200" and method == "GET" and (name, key) in OWN_PAGE_REDIRECTS:
                    continue
                if got != "404":
                    leaks.append(f"{method} {url} ({name}, {label}) as {role}: {got}")
    assert probes > 150
    assert not leaks, f"{len(leaks)} of {probes} probes did not answer 404:\n" + "\n".join(leaks)
