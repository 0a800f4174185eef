import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renstra.models import Element, Plan
from tests.renstra.exchange_helpers import mutated, row_counts, sample_bytes

UPLOAD = reverse("renstra:import_upload")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def contoh(region, unit):
    """The fixtures' region and unit renamed to the sample file's."""
    region.code, region.name = "99.01", "Kabupaten Contoh"
    region.save()
    unit.name = "Dinas Kesehatan Kabupaten Contoh"
    unit.save()
    return unit


def _file(content=None, name="renstra.json"):
    return SimpleUploadedFile(name, content if content is not None else sample_bytes())


def test_anonymous_is_sent_to_login(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_users_without_planning_rights_are_refused(client, citizen, verifier, stakeholder):
    for user in (citizen, verifier, stakeholder):
        client.force_login(user)
        assert client.get(UPLOAD).status_code == 403, user.username
        assert client.post(UPLOAD, {"file": _file()}).status_code == 403, user.username


def test_planner_uploads_previews_and_confirms(client, planner, contoh, media):
    client.force_login(planner)
    page = client.get(UPLOAD)
    assert page.status_code == 200
    assert 'for="id_file"' in page.content.decode()
    response = client.post(UPLOAD, {"file": _file()})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Dinas Kesehatan Kabupaten Contoh" in html and "2026–2030" in html
    assert ">41<" in html and ">14<" in html and ">5<" in html
    assert "202.553.400.000" in html  # total funding of 2026 from the leaves
    assert Plan.objects.count() == 0
    assert len(list((media / "imports").iterdir())) == 1
    done = client.post(response["Location"])
    plan = Plan.objects.get()
    assert done.status_code == 302 and done["Location"] == plan.get_absolute_url()
    assert plan.unit == contoh
    assert Element.objects.filter(plan=plan, kind="sub_kegiatan").count() == 41
    assert plan.history.get().history_user == planner
    assert list((media / "imports").iterdir()) == []
    assert client.get(done["Location"]).status_code == 200
    # The token is spent: confirming again does nothing.
    assert client.post(response["Location"]).status_code == 404
    assert Plan.objects.count() == 1


def test_invalid_upload_lists_paths_in_indonesian_and_creates_nothing(client, planner, contoh):
    client.force_login(planner)
    bad = mutated(lambda d: d["goals"][0]["objectives"][0]["programs"][0].update(code=5, kode="x"))
    before = row_counts()
    response = client.post(UPLOAD, {"file": _file(bad)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "goals[0].objectives[0].programs[0].code" in html
    assert "harus bertipe teks" in html
    assert "goals[0].objectives[0].programs[0].kode" in html and "kunci tidak dikenal" in html
    assert "Tidak ada data yang disimpan" in html
    assert row_counts() == before


def test_not_json_and_too_large_are_refused(client, planner, contoh, settings):
    client.force_login(planner)
    response = client.post(UPLOAD, {"file": _file(b"{oops")})
    assert "bukan JSON yang sah" in response.content.decode()
    response = client.post(UPLOAD, {"file": _file(name="renstra.txt")})
    assert response.status_code == 200 and Plan.objects.count() == 0
    settings.RENSTRA_IMPORT_MAX_BYTES = 100
    response = client.post(UPLOAD, {"file": _file()})
    assert "terlalu besar" in response.content.decode()
    assert Plan.objects.count() == 0


def test_planner_of_another_unit_gets_a_clear_refusal(client, outsider, contoh):
    client.force_login(outsider)
    before = row_counts()
    response = client.post(UPLOAD, {"file": _file()})
    assert response.status_code == 403
    html = response.content.decode()
    assert "unit.name" in html and "Dinas Kesehatan Kabupaten Contoh" in html
    assert row_counts() == before


def test_planner_cannot_create_a_unit(client, planner, region):
    region.code, region.name = "99.01", "Kabupaten Contoh"
    region.save()
    client.force_login(planner)
    response = client.post(UPLOAD, {"file": _file()})
    assert response.status_code == 403 and Plan.objects.count() == 0


def test_unknown_region_is_reported_not_created(client, planner):
    client.force_login(planner)
    response = client.post(UPLOAD, {"file": _file()})
    assert response.status_code == 403
    assert "belum terdaftar" in response.content.decode()
    assert Plan.objects.count() == 0


def test_region_admin_may_import_into_a_new_unit(client, region_admin, region):
    region.code, region.name = "99.01", "Kabupaten Contoh"
    region.save()
    client.force_login(region_admin)
    response = client.post(UPLOAD, {"file": _file()})
    assert response.status_code == 302
    assert "akan dibuat" in client.get(response["Location"]).content.decode()
    client.post(response["Location"])
    plan = Plan.objects.get()
    assert plan.unit.region == region and plan.unit.name == "Dinas Kesehatan Kabupaten Contoh"


def test_preview_token_belongs_to_the_uploading_session(client, planner, contoh, outsider):
    client.force_login(planner)
    location = client.post(UPLOAD, {"file": _file()})["Location"]
    client.force_login(outsider)  # a new session
    assert client.get(location).status_code == 404
    assert client.post(location).status_code == 404
    bogus = reverse("renstra:import_preview", args=["..%2F..%2Fetc"])
    assert client.get(bogus).status_code == 404
    assert Plan.objects.count() == 0


def test_permission_is_checked_again_on_confirm(client, planner, contoh):
    from renstra.services.roles import role_revoke

    client.force_login(planner)
    location = client.post(UPLOAD, {"file": _file()})["Location"]
    role_revoke(user=planner, role="planner", scope=contoh)
    assert client.post(location).status_code == 403
    assert Plan.objects.count() == 0


def test_plan_list_links_to_the_import(client, planner):
    client.force_login(planner)
    assert UPLOAD in client.get(reverse("renstra:plan_list")).content.decode()
