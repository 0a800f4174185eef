"""RPJMD reference maintenance in the browser: access, history, refusals, ceiling grid."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renstra.models import (
    Rpjmd,
    RpjmdMisi,
    RpjmdProgram,
    RpjmdProgramCeiling,
    RpjmdSasaran,
    UnitCeiling,
)
from renstra.services import reference as svc
from tests.factories import ElementFactory, UnitFactory


@pytest.fixture
def rpjmd(region, region_admin):
    return svc.rpjmd_save(
        actor=region_admin,
        region=region,
        title="RPJMD Uji",
        start_year=2025,
        end_year=2029,
        visi="Sehat dan sejahtera",
    )


@pytest.fixture
def filled(rpjmd, region_admin, unit):
    misi = svc.reference_item_save(actor=region_admin, rpjmd=rpjmd, kind="misi", code="1", text="M")
    tujuan = svc.reference_item_save(
        actor=region_admin, rpjmd=rpjmd, kind="tujuan", code="1.1", text="T", parent=misi
    )
    sasaran = svc.reference_item_save(
        actor=region_admin, rpjmd=rpjmd, kind="sasaran", code="1.1.1", text="S", parent=tujuan
    )
    program = svc.program_save(
        actor=region_admin,
        rpjmd=rpjmd,
        code="1.02.02",
        name="Program Pemenuhan Upaya Kesehatan",
        sasaran=sasaran,
        units=[unit],
    )
    return {"misi": misi, "tujuan": tujuan, "sasaran": sasaran, "program": program}


def _urls(rpjmd, filled):
    p = filled["program"].pk
    return [
        reverse("renstra:rpjmd_list"),
        reverse("renstra:rpjmd_new"),
        reverse("renstra:rpjmd_detail", args=[rpjmd.pk]),
        reverse("renstra:rpjmd_edit", args=[rpjmd.pk]),
        reverse("renstra:rpjmd_unit_ceilings", args=[rpjmd.pk]),
        reverse("renstra:rpjmd_item_new", args=[rpjmd.pk, "misi"]),
        reverse("renstra:rpjmd_item", args=[rpjmd.pk, "tujuan", filled["tujuan"].pk]),
        reverse("renstra:rpjmd_program_new", args=[rpjmd.pk]),
        reverse("renstra:rpjmd_program", args=[rpjmd.pk, p]),
        reverse("renstra:rpjmd_program_ceilings", args=[rpjmd.pk, p]),
    ]


def _posts(rpjmd, filled):
    return [
        reverse("renstra:rpjmd_item_delete", args=[rpjmd.pk, "misi", filled["misi"].pk]),
        reverse("renstra:rpjmd_program_delete", args=[rpjmd.pk, filled["program"].pk]),
    ]


def test_access_triad(client, rpjmd, filled, outsider, verifier, region_admin, superuser):
    urls, posts = _urls(rpjmd, filled), _posts(rpjmd, filled)
    for url in urls:
        assert "/masuk/" in client.get(url)["Location"], url
    for url in posts:
        assert "/masuk/" in client.post(url)["Location"], url
    client.force_login(outsider)  # a unit's planner: no region role
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url).status_code == 404, url
    client.force_login(verifier)  # a region member without administer_region
    for url in urls:
        assert client.get(url).status_code == 403, url
    for url in posts:
        assert client.post(url).status_code == 403, url
    for who in (region_admin, superuser):
        client.force_login(who)
        for url in urls:
            assert client.get(url).status_code == 200, url
    client.force_login(region_admin)
    assert client.get(reverse("renstra:rpjmd_item_new", args=[rpjmd.pk, "nope"])).status_code == 404


def test_admin_of_another_region_gets_404(client, rpjmd):
    from renstra.services.roles import role_grant
    from tests.factories import RegionFactory, UserFactory

    stranger = UserFactory()
    role_grant(user=stranger, role="region_admin", scope=RegionFactory())
    client.force_login(stranger)
    assert client.get(reverse("renstra:rpjmd_detail", args=[rpjmd.pk])).status_code == 404
    assert rpjmd.title not in client.get(reverse("renstra:rpjmd_list")).content.decode()


def test_edits_recorded_in_history(client, rpjmd, region_admin, unit):
    client.force_login(region_admin)
    response = client.post(
        reverse("renstra:rpjmd_edit", args=[rpjmd.pk]),
        {"title": "RPJMD 2025-2029", "start_year": "2025", "end_year": "2029", "visi": "Baru"},
    )
    assert response.status_code == 302
    latest = rpjmd.history.first()
    assert latest.visi == "Baru" and latest.history_user == region_admin
    assert latest.history_change_reason == "RPJMD diubah"
    client.post(
        reverse("renstra:rpjmd_item_new", args=[rpjmd.pk, "misi"]),
        {"code": "2", "text": "Misi dua"},
    )
    misi = RpjmdMisi.objects.get(code="2")
    assert misi.history.get().history_user == region_admin
    client.post(
        reverse("renstra:rpjmd_program_new", args=[rpjmd.pk]),
        {"code": "1.02.01", "name": "Program Penunjang", "units": [unit.pk]},
    )
    program = RpjmdProgram.objects.get(code="1.02.01")
    assert list(program.units.all()) == [unit]
    assert program.history.first().history_user == region_admin


def test_new_rpjmd_in_administered_region_only(client, region, region_admin):
    from tests.factories import RegionFactory

    other = RegionFactory()
    client.force_login(region_admin)
    url = reverse("renstra:rpjmd_new")
    refused = client.post(url, {"region": other.pk, "start_year": 2025, "end_year": 2029})
    assert refused.status_code == 200 and not Rpjmd.objects.exists()
    response = client.post(
        url, {"region": region.pk, "title": "RPJMD", "start_year": 2025, "end_year": 2029}
    )
    assert response.status_code == 302
    assert Rpjmd.objects.get().history.get().history_user == region_admin


def test_delete_refused_while_referenced(client, rpjmd, filled, region_admin, plan):
    client.force_login(region_admin)
    tujuan = ElementFactory(plan=plan, kind="tujuan", rpjmd_sasaran=filled["sasaran"])
    url = reverse("renstra:rpjmd_item_delete", args=[rpjmd.pk, "sasaran", filled["sasaran"].pk])
    page = client.post(url, follow=True).content.decode()
    assert "tidak dapat dihapus" in page and plan.title in page
    assert RpjmdSasaran.objects.filter(pk=filled["sasaran"].pk).exists()
    # A misi with a tujuan under it: refused too, naming what refers to it.
    with pytest.raises(svc.ReferenceInUse, match="tujuan RPJMD"):
        svc.reference_item_delete(actor=region_admin, item=filled["misi"])
    # A program a plan links to.
    sasaran = ElementFactory(plan=plan, kind="sasaran", parent=tujuan)
    ElementFactory(plan=plan, kind="program", parent=sasaran, rpjmd_program=filled["program"])
    with pytest.raises(svc.ReferenceInUse):
        svc.program_delete(actor=region_admin, program=filled["program"])


def test_delete_unreferenced_with_history(rpjmd, region_admin):
    misi = svc.reference_item_save(actor=region_admin, rpjmd=rpjmd, kind="misi", code="9", text="x")
    pk = misi.pk
    svc.reference_item_delete(actor=region_admin, item=misi)
    assert not RpjmdMisi.objects.filter(pk=pk).exists()
    assert RpjmdMisi.history.get(id=pk, history_type="-").history_user == region_admin


def test_ceiling_grid_parses_indonesian_money(client, rpjmd, filled, region_admin, unit):
    client.force_login(region_admin)
    url = reverse("renstra:rpjmd_program_ceilings", args=[rpjmd.pk, filled["program"].pk])
    cell = f"c-{unit.pk}-2025"
    response = client.post(url, {cell: "1.234.567", f"c-{unit.pk}-2026": "Rp 2.000.000,50"})
    assert response.status_code == 302
    rows = dict(RpjmdProgramCeiling.objects.values_list("year", "amount"))
    assert rows == {2025: Decimal("1234567"), 2026: Decimal("2000000.50")}
    first = RpjmdProgramCeiling.objects.get(year=2025)
    assert first.history.get().history_user == region_admin
    page = client.get(url).content.decode()
    assert 'value="1.234.567"' in page
    # Clearing a cell removes it.
    client.post(url, {cell: "1.234.567", f"c-{unit.pk}-2026": ""})
    assert not RpjmdProgramCeiling.objects.filter(year=2026).exists()


def test_ceiling_grid_refuses_bad_input_keeping_it(client, rpjmd, region_admin, unit):
    client.force_login(region_admin)
    url = reverse("renstra:rpjmd_unit_ceilings", args=[rpjmd.pk])
    response = client.post(url, {f"c-{unit.pk}-2025": "12.5OO.000", f"c-{unit.pk}-2026": "5.000"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "bukan nilai Rupiah" in page and 'value="12.5OO.000"' in page
    assert 'value="5.000"' in page and not UnitCeiling.objects.exists()
    assert client.post(url, {f"c-{unit.pk}-2025": "-5"}).status_code == 400
    assert client.post(url, {f"c-{unit.pk}-2025": "10.000.000"}).status_code == 302
    ceiling = UnitCeiling.objects.get()
    assert (
        ceiling.amount == Decimal("10000000") and ceiling.history.get().history_user == region_admin
    )


def test_list_and_detail_query_counts_constant(client, region, region_admin, rpjmd, filled):
    client.force_login(region_admin)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    list_url = reverse("renstra:rpjmd_list")
    detail = reverse("renstra:rpjmd_detail", args=[rpjmd.pk])
    grid = reverse("renstra:rpjmd_unit_ceilings", args=[rpjmd.pk])
    base = count(list_url), count(detail), count(grid)
    for i in range(4):
        svc.rpjmd_save(
            actor=region_admin,
            region=region,
            title=f"R{i}",
            start_year=2030 + i * 6,
            end_year=2034 + i * 6,
        )
        misi = svc.reference_item_save(
            actor=region_admin, rpjmd=rpjmd, kind="misi", code=f"m{i}", text="x"
        )
        tujuan = svc.reference_item_save(
            actor=region_admin, rpjmd=rpjmd, kind="tujuan", code=f"t{i}", text="x", parent=misi
        )
        sasaran = svc.reference_item_save(
            actor=region_admin, rpjmd=rpjmd, kind="sasaran", code=f"s{i}", text="x", parent=tujuan
        )
        svc.program_save(
            actor=region_admin,
            rpjmd=rpjmd,
            code=f"p{i}",
            name="x",
            sasaran=sasaran,
            units=[UnitFactory(region=region), UnitFactory(region=region)],
        )
    assert (count(list_url), count(detail), count(grid)) == base
