import pytest
from django.urls import reverse

from renstra.models import Element, Plan, User
from renstra.services.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_seed


@pytest.mark.django_db
def test_demo_loads_the_sample_once_with_one_account_per_role(client):
    first = demo_seed()
    counts = (Plan.objects.count(), Element.objects.count(), User.objects.count())
    second = demo_seed()
    assert first.created_plan and not second.created_plan
    assert (Plan.objects.count(), Element.objects.count(), User.objects.count()) == counts
    assert Element.objects.filter(plan=first.plan, kind="sub_kegiatan").count() == 41

    workspace = reverse("renstra:workspace", args=[first.plan.public_id])
    expected = {"perencana": 200, "verifikator": 200, "kepala": 200, "warga": 404, "lsm": 404}
    for username, status in expected.items():
        assert client.login(username=username, password=DEMO_PASSWORD), username
        assert client.get(workspace).status_code == status, username
        client.logout()
    assert {u for u, *_ in DEMO_ACCOUNTS} <= set(User.objects.values_list("username", flat=True))
