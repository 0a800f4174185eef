from decimal import Decimal

from django.urls import reverse

from renstra.services.cascade import funding_set
from tests.factories import build_cascade


def test_element_history_panel_shows_funding_changes_with_the_planner(client, plan, planner):
    sub = build_cascade(plan)["sub_kegiatan"][0]
    funding_set(element=sub, amounts={2026: Decimal("2500000")}, actor=planner)
    client.force_login(planner)
    url = reverse("renstra:element_detail", args=[plan.public_id, sub.pk])
    page = client.get(url).content.decode()
    panel = page[page.index("history-panel") :]
    assert planner.display_name in panel
    assert "2026: " in panel and "2500000" in panel.replace(".", "").replace(",00", "")


def test_element_history_query_count_does_not_grow(
    client, plan, planner, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sub = build_cascade(plan)["sub_kegiatan"][0]
    client.force_login(planner)
    url = reverse("renstra:element_detail", args=[plan.public_id, sub.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for amount in range(1, 15):
        funding_set(element=sub, amounts={2026: Decimal(amount * 1000)}, actor=planner)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
