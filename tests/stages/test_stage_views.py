"""Stage pages: access triad, transitions from the browser, constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renstra.services.history import tracked_save
from stages import services
from stages.models import StageRecord
from stages.versions import version_freeze
from tests.factories import IndicatorFactory, IndicatorTargetFactory, build_cascade


def _urls(plan, version=None):
    urls = [
        reverse("stages:timeline", args=[plan.public_id]),
        reverse("stages:compare", args=[plan.public_id]),
    ]
    if version is not None:
        urls.append(reverse("stages:version_detail", args=[plan.public_id, version.number]))
    return urls


@pytest.fixture
def version(plan, planner):
    return version_freeze(plan=plan, label="Rancangan uji", actor=planner)


def test_anonymous_is_sent_to_login(client, plan, version):
    for url in _urls(plan, version):
        response = client.get(url)
        assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_outsider_gets_404(client, plan, version, outsider):
    client.force_login(outsider)
    for url in _urls(plan, version):
        assert client.get(url).status_code == 404
    post = client.post(reverse("stages:transition", args=[plan.public_id, "rancangan_awal"]))
    assert post.status_code == 404


@pytest.mark.parametrize("role", ["planner", "head", "verifier", "inspector", "ratifier"])
def test_permitted_get_200(client, plan, version, role, request):
    client.force_login(request.getfixturevalue(role))
    for url in _urls(plan, version):
        assert client.get(url).status_code == 200, url
    compare = client.get(reverse("stages:compare", args=[plan.public_id]), {"a": 1, "b": 1})
    assert compare.status_code == 200


def test_transition_buttons_follow_the_role(client, plan, planner, head, verifier):
    url = reverse("stages:timeline", args=[plan.public_id])
    move = reverse("stages:transition", args=[plan.public_id, "rancangan_awal"])
    client.force_login(verifier)
    assert move not in client.get(url).content.decode()
    assert client.post(move).status_code == 403
    client.force_login(planner)
    assert move in client.get(url).content.decode()
    response = client.post(move, {"note": "SK tim penyusun terbit"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.stage == "rancangan_awal"
    assert StageRecord.objects.get(plan=plan, closed_at__isnull=True).note == (
        "SK tim penyusun terbit"
    )
    # A move that is not in the table from here: refused with a message, nothing written.
    bad = client.post(reverse("stages:transition", args=[plan.public_id, "penetapan"]))
    assert bad.status_code == 302
    plan.refresh_from_db()
    assert plan.stage == "rancangan_awal"
    page = client.get(url).content.decode()
    assert "tidak diizinkan" in page


def test_freeze_from_the_page(client, plan, planner, verifier, ratifier):
    url = reverse("stages:versions", args=[plan.public_id])
    client.force_login(ratifier)
    assert client.post(url, {"label": "x"}).status_code == 403
    client.force_login(planner)
    response = client.post(url, {"label": "Draf untuk rapat"})
    assert response.status_code == 302
    assert plan.versions.get().label == "Draf untuk rapat"


def _grow(plan, planner, head, verifier):
    build_cascade(plan, programs=3, kegiatan=2, subs=3)
    indicator = IndicatorFactory(element=plan.elements.get(kind="sasaran"))
    for year in plan.years:
        IndicatorTargetFactory(indicator=indicator, year=year, value=str(year))
    services.plan_start_drafting(plan=plan, actor=planner, note="a")
    services.plan_refine_draft(plan=plan, actor=planner, note="b")
    services.plan_submit_for_verification(plan=plan, actor=head, note="c")
    services.verification_start(plan=plan, actor=verifier)
    services.verification_return(plan=plan, actor=verifier, note="d")
    section = plan.sections.get(number="1.1")
    section.body = "<p>Teks baru untuk perbandingan.</p>"
    tracked_save(section, actor=planner, reason="x")
    version_freeze(plan=plan, label="besar", actor=planner)


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_data(client, plan, planner, head, verifier):
    client.force_login(planner)
    version_freeze(plan=plan, label="v1", actor=planner)
    version_freeze(plan=plan, label="v2", actor=planner)
    timeline = reverse("stages:timeline", args=[plan.public_id])
    compare = reverse("stages:compare", args=[plan.public_id])
    detail = reverse("stages:version_detail", args=[plan.public_id, 2])
    small = (
        _count(client, timeline),
        _count(client, compare, {"a": 1, "b": 2}),
        _count(client, detail),
    )
    _grow(plan, planner, head, verifier)
    n = plan.versions.count()
    detail = reverse("stages:version_detail", args=[plan.public_id, n])
    large = (
        _count(client, timeline),
        _count(client, compare, {"a": 1, "b": n}),
        _count(client, detail),
    )
    assert large == small
