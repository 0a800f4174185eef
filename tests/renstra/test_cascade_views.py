"""The cascade pages: access, forms, conflicts, locks, query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renstra.models import (
    Element,
    Funding,
    Indicator,
    NomenclatureItem,
    NomenclatureVersion,
    Plan,
    StrategicIssue,
)
from renstra.services import cascade as svc
from tests.factories import IndicatorFactory, IndicatorTargetFactory, build_cascade

pytestmark = pytest.mark.django_db


def _urls(plan, made, indicator, issue):
    pid = plan.public_id
    sub, keg = made["sub_kegiatan"][0], made["kegiatan"][0]
    return {
        # name: (url, readable by a verifier with GET, POST data)
        "element_detail": (
            reverse("renstra:element_detail", args=[pid, sub.pk]),
            True,
            {"revision": 1, "code": sub.code, "text": "Baru"},
        ),
        "element_new": (
            reverse("renstra:element_new", args=[pid]) + "?kind=tujuan",
            False,
            {"kind": "tujuan", "text": "Tujuan baru"},
        ),
        "element_move": (
            reverse("renstra:element_move", args=[pid, sub.pk]),
            None,
            {"direction": "down"},
        ),
        "element_delete": (
            reverse("renstra:element_delete", args=[pid, sub.pk]),
            False,
            {"confirmed": "1"},
        ),
        "indicator_new": (
            reverse("renstra:indicator_new", args=[pid, keg.pk]),
            None,
            {"new-name": "Indikator baru"},
        ),
        "indicator_edit": (
            reverse("renstra:indicator_edit", args=[pid, keg.pk, indicator.pk]),
            None,
            {f"ind{indicator.pk}-revision": 1, f"ind{indicator.pk}-name": "Ubah"},
        ),
        "indicator_delete": (
            reverse("renstra:indicator_delete", args=[pid, keg.pk, indicator.pk]),
            False,
            {"confirmed": "1"},
        ),
        "funding_edit": (
            reverse("renstra:funding_edit", args=[pid, sub.pk]),
            None,
            {"amount_2026": "5.000.000"},
        ),
        "nomenclature_search": (
            reverse("renstra:nomenclature_search", args=[pid, sub.pk]) + "?q=1.02",
            True,
            None,
        ),
        "nomenclature_pick": (
            reverse("renstra:nomenclature_pick", args=[pid, sub.pk]),
            None,
            {"item": 0, "revision": 1},
        ),
        "issue_list": (
            reverse("renstra:issue_list", args=[pid]),
            True,
            {"new-text": "Isu baru"},
        ),
        "issue_edit": (
            reverse("renstra:issue_edit", args=[pid, issue.pk]),
            True,
            {"revision": 1, "text": "Isu diubah"},
        ),
        "issue_delete": (
            reverse("renstra:issue_delete", args=[pid, issue.pk]),
            False,
            {"confirmed": "1"},
        ),
    }


@pytest.fixture
def setup(plan, planner):
    made = build_cascade(plan, programs=1, kegiatan=1, subs=2)
    indicator = IndicatorFactory(element=made["kegiatan"][0])
    issue = svc.issue_create(plan=plan, text="Isu strategis uji", actor=planner)
    return made, indicator, issue


def test_access_triad_on_every_view(
    client, plan, setup, planner, outsider, citizen, stakeholder, dprd_member, verifier
):
    made, indicator, issue = setup
    for name, (url, verifier_reads, data) in _urls(plan, made, indicator, issue).items():
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"], name
        for user in (outsider, citizen, stakeholder, dprd_member):
            client.force_login(user)
            # POST-only views answer GET with 405 before looking anything up.
            expected = 405 if verifier_reads is None and name != "indicator_edit" else 404
            assert client.get(url).status_code == expected, (name, user.username)
            if data is not None:
                assert client.post(url, data).status_code == 404, (name, user.username)
        client.force_login(verifier)
        expected = {True: 200, False: 403, None: 405}[verifier_reads]
        if name == "indicator_edit":
            expected = 302  # GET points at the indicator on the element page
        assert client.get(url).status_code == expected, name
        if verifier_reads:
            assert b'method="post"' not in client.get(url).content.split(b"<main")[1], name
        if data is not None:
            assert client.post(url, data).status_code == 403, name
        client.force_login(planner)
        assert client.get(url).status_code in (200, 302, 405), name


def test_planner_writes_through_every_view(client, plan, setup, planner):
    made, indicator, issue = setup
    client.force_login(planner)
    version = NomenclatureVersion.objects.create(name="demo", level="kabkota")
    item = NomenclatureItem.objects.create(
        version=version, kind="sub_kegiatan", code="1.02.02.2.01.0002", name="Pembangunan"
    )
    urls = _urls(plan, made, indicator, issue)
    sub = made["sub_kegiatan"][0]
    for name, (url, _reads, data) in urls.items():
        if data is None or name.endswith("delete"):
            continue
        if name == "nomenclature_pick":
            data = {"item": item.pk, "revision": Element.objects.get(pk=sub.pk).revision}
        if name == "element_detail":
            data = {**data, "revision": Element.objects.get(pk=sub.pk).revision}
        response = client.post(url, data)
        assert response.status_code == 302, (name, response.content.decode()[:2000])
    sub.refresh_from_db()
    assert sub.code == item.code and sub.nomenclature == item
    assert Funding.objects.get(element=sub, year=2026).amount == Decimal(5_000_000)
    assert Element.objects.filter(plan=plan, kind="tujuan", text="Tujuan baru").exists()
    assert StrategicIssue.objects.get(pk=issue.pk).text == "Isu diubah"
    assert Indicator.objects.get(pk=indicator.pk).name == "Ubah"
    for name in ("indicator_delete", "issue_delete"):
        assert client.post(urls[name][0], {"confirmed": "1"}).status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
    assert not StrategicIssue.objects.filter(pk=issue.pk).exists()


def test_delete_without_confirmation_shows_the_confirm_page(client, plan, setup, planner):
    made, _indicator, _issue = setup
    sub = made["sub_kegiatan"][0]
    client.force_login(planner)
    url = reverse("renstra:element_delete", args=[plan.public_id, sub.pk])
    response = client.post(url)
    assert response.status_code == 200 and b'name="confirmed"' in response.content
    assert Element.objects.filter(pk=sub.pk).exists()
    response = client.post(url, {"confirmed": "1"})
    assert response.status_code == 302
    assert not Element.objects.filter(pk=sub.pk).exists()
    assert Element.history.filter(id=sub.pk, history_type="-").get().history_user == planner


def test_delete_with_children_is_refused_with_a_message(client, plan, setup, planner):
    made, _indicator, _issue = setup
    keg = made["kegiatan"][0]
    client.force_login(planner)
    url = reverse("renstra:element_delete", args=[plan.public_id, keg.pk])
    response = client.post(url, {"confirmed": "1"}, follow=True)
    assert "elemen turunan" in response.content.decode()
    assert Element.objects.filter(pk=keg.pk).exists()


def test_locked_plan_refuses_every_write_view(client, plan, setup, planner):
    made, indicator, issue = setup
    Plan.objects.filter(pk=plan.pk).update(locked=True)
    client.force_login(planner)
    snapshot = (
        list(Element.objects.values_list("id", "text", "code", "position")),
        list(Funding.objects.values_list("id", "amount")),
        list(Indicator.objects.values_list("id", "name")),
        list(StrategicIssue.objects.values_list("id", "text")),
    )
    urls = _urls(plan, made, indicator, issue)
    for name, (url, _reads, data) in urls.items():
        if data is None:
            continue
        response = client.post(url, data, follow=True)
        if name == "nomenclature_pick":
            continue  # item 0 does not exist: 404 before any write
        assert "terkunci" in response.content.decode(), name
    assert snapshot == (
        list(Element.objects.values_list("id", "text", "code", "position")),
        list(Funding.objects.values_list("id", "amount")),
        list(Indicator.objects.values_list("id", "name")),
        list(StrategicIssue.objects.values_list("id", "text")),
    )
    page = client.get(urls["element_detail"][0])
    assert page.status_code == 200 and b'id="element-form"' not in page.content


def test_element_conflict_returns_409_with_both_versions(client, plan, setup, planner, head):
    made, _indicator, _issue = setup
    sub = made["sub_kegiatan"][0]
    svc.element_update(
        element=sub, expected_revision=1, changes={"text": "Versi orang lain"}, actor=planner
    )
    client.force_login(planner)
    url = reverse("renstra:element_detail", args=[plan.public_id, sub.pk])
    response = client.post(url, {"revision": 1, "code": sub.code, "text": "Versi saya"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Versi orang lain" in body and "Versi saya" in body
    assert 'name="revision" value="2"' in body
    assert Element.objects.get(pk=sub.pk).text == "Versi orang lain"


def test_indicator_conflict_returns_409_and_keeps_typed_targets(client, plan, setup, planner):
    made, indicator, _issue = setup
    svc.indicator_update(
        indicator=indicator, expected_revision=1, changes={}, targets={2026: "9"}, actor=planner
    )
    client.force_login(planner)
    url = reverse(
        "renstra:indicator_edit", args=[plan.public_id, made["kegiatan"][0].pk, indicator.pk]
    )
    p = f"ind{indicator.pk}-"
    response = client.post(
        url, {p + "revision": 1, p + "name": indicator.name, p + "target_2026": "0,75"}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert 'value="0,75"' in body and ">9<" in body


def test_targets_and_funding_through_the_page(client, plan, setup, planner):
    made, indicator, _issue = setup
    keg, sub = made["kegiatan"][0], made["sub_kegiatan"][0]
    client.force_login(planner)
    p = f"ind{indicator.pk}-"
    url = reverse("renstra:indicator_edit", args=[plan.public_id, keg.pk, indicator.pk])
    data = {p + "revision": 1, p + "name": indicator.name, p + "target_2026": "0,75"}
    data[p + "target_2027"] = "A"
    assert client.post(url, data).status_code == 302
    targets = {t.year: t for t in indicator.targets.all()}
    assert targets[2026].number == Decimal("0.75") and targets[2027].number is None

    funding_url = reverse("renstra:funding_edit", args=[plan.public_id, sub.pk])
    response = client.post(funding_url, {"amount_2026": "-5"})
    assert response.status_code == 400 and "tidak boleh negatif" in response.content.decode()
    response = client.post(funding_url, {"amount_2026": "Rp 1.500.000", "amount_2027": ""})
    assert response.status_code == 302
    program_page = client.get(
        reverse("renstra:element_detail", args=[plan.public_id, made["program"][0].pk])
    )
    assert "Rp 2.500.000" in program_page.content.decode()


def test_element_page_labels_every_grid_input(client, plan, setup, planner):
    made, indicator, _issue = setup
    client.force_login(planner)
    page = client.get(
        reverse("renstra:element_detail", args=[plan.public_id, made["kegiatan"][0].pk])
    )
    body = page.content.decode()
    for year in plan.years:
        assert f'for="id_ind{indicator.pk}-target_{year}"' in body
    sub_page = client.get(
        reverse("renstra:element_detail", args=[plan.public_id, made["sub_kegiatan"][0].pk])
    ).content.decode()
    for year in plan.years:
        assert f'for="id_amount_{year}"' in sub_page
    assert "js/grid.js" in sub_page and "data-grid-total" in sub_page


def test_element_page_query_count_is_constant(client, plan, planner):
    made = build_cascade(plan, programs=1, kegiatan=1, subs=1)
    keg = made["kegiatan"][0]
    client.force_login(planner)
    url = reverse("renstra:element_detail", args=[plan.public_id, keg.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    IndicatorTargetFactory(indicator=IndicatorFactory(element=keg), year=2026)
    count()  # warm the content-type cache
    small = count()
    for n in range(6):
        ind = IndicatorFactory(element=keg)
        for year in plan.years:
            IndicatorTargetFactory(indicator=ind, year=year, value=str(n))
        svc.element_create(plan=plan, kind="sub_kegiatan", parent=keg, text=f"S{n}", actor=planner)
    build_cascade(plan, programs=2, kegiatan=2, subs=2)
    assert count() == small


def test_new_element_under_a_parent(client, plan, setup, planner):
    made, _indicator, _issue = setup
    program = made["program"][0]
    client.force_login(planner)
    url = reverse("renstra:element_new", args=[plan.public_id])
    page = client.get(url, {"kind": "kegiatan", "parent": program.pk})
    assert page.status_code == 200
    response = client.post(
        url, {"kind": "kegiatan", "parent": program.pk, "text": "Kegiatan baru", "code": ""}
    )
    assert response.status_code == 302
    created = Element.objects.get(text="Kegiatan baru")
    assert created.parent == program
    assert created.position > made["kegiatan"][0].position
    # a parent of the wrong kind is not found
    wrong = client.get(url, {"kind": "kegiatan", "parent": made["sasaran"][0].pk})
    assert wrong.status_code == 404


def test_move_buttons_reorder_children(client, plan, planner):
    made = build_cascade(plan, programs=2, kegiatan=1, subs=1)
    p1, p2 = made["program"]
    client.force_login(planner)
    url = reverse("renstra:element_move", args=[plan.public_id, p2.pk])
    back = reverse("renstra:element_detail", args=[plan.public_id, made["sasaran"][0].pk])
    response = client.post(url, {"direction": "up", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert list(Element.objects.filter(kind="program").order_by("position")) == [p2, p1]
    wrong = client.post(url, {"parent": made["kegiatan"][0].pk}, follow=True)
    assert wrong.status_code == 200
    p2.refresh_from_db()
    assert p2.parent == made["sasaran"][0]


def test_nomenclature_search_fragment_and_page(client, plan, setup, planner):
    made, _indicator, _issue = setup
    version = NomenclatureVersion.objects.create(name="demo", level="kabkota")
    NomenclatureItem.objects.bulk_create(
        [
            NomenclatureItem(version=version, kind="program", code="1.02.02", name="Program"),
            NomenclatureItem(
                version=version, kind="sub_kegiatan", code="1.02.02.2.01.0002", name="Bangun"
            ),
        ]
    )
    client.force_login(planner)
    sub = made["sub_kegiatan"][0]
    url = reverse("renstra:nomenclature_search", args=[plan.public_id, sub.pk])
    fragment = client.get(url, {"q": "bangun"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert "1.02.02.2.01.0002" in body and "<html" not in body and "1.02.02<" not in body
    page = client.get(url, {"q": "bangun"})
    assert "<html" in page.content.decode() and "Gunakan" in page.content.decode()


def test_workspace_tree_links_elements_and_offers_add_tujuan(client, plan, setup, planner):
    made, _indicator, _issue = setup
    client.force_login(planner)
    body = client.get(reverse("renstra:workspace", args=[plan.public_id])).content.decode()
    assert reverse("renstra:element_detail", args=[plan.public_id, made["program"][0].pk]) in body
    assert reverse("renstra:element_new", args=[plan.public_id]) + "?kind=tujuan" in body
