"""Every page of the flow that is not public sends an anonymous visitor to the login page
(GET and POST), and changes nothing."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.participation.helpers import make_organisation, open_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(plan, planner, region):
    consultation = open_consultation(plan, planner, kind="forum_pd", audience="verified")
    organisation = make_organisation(region, "LSM Masuk")
    return {"plan": plan, "consultation": consultation, "organisation": organisation}


PAGES = [
    ("plan_consultations", "plan"),
    ("proposals", "plan"),
    ("consultation_manage", "consultation"),
    ("consultation_close", "consultation"),
    ("minutes", "consultation"),
    ("organisations", None),
    ("organisation_register", None),
    ("organisation_directory", None),
    ("organisation_detail", "organisation"),
    ("organisation_document", "organisation"),
    ("organisation_join", "organisation"),
    ("organisation_review", "organisation"),
    ("notifications", None),
    ("notifications_read", None),
]


@pytest.mark.parametrize(("name", "arg"), PAGES, ids=[p[0] for p in PAGES])
def test_anonymous_is_sent_to_login(client, objects, name, arg):
    obj = objects.get(arg) if arg else None
    args = []
    if obj is not None:
        args = [getattr(obj, "public_id", None) or obj.pk]
    url = reverse(f"participation:{name}", args=args)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code in (302, 405)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    objects["consultation"].refresh_from_db()
    assert objects["consultation"].status == "open"
