"""Organisations: registration with a document (type by content, size limit),
verification by the region's administrator (with a reason to reject), members joining
through requests a representative approves; the pages' access triads."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participation.errors import OrganisationError
from participation.models import Membership, Notification, Organisation
from participation.selectors.organisations import user_organisation_ids
from participation.services.organisations import (
    membership_decide,
    membership_request,
    organisation_decide,
    organisation_register,
)
from tests.factories import RegionFactory, UserFactory
from tests.participation.helpers import make_member, make_organisation

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _pdf(name="akta.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _register(region, actor, **kwargs):
    options = {"name": "LSM Peduli Desa", "kind": "ngo", "document": _pdf()}
    options.update(kwargs)
    return organisation_register(region=region, actor=actor, **options)


def test_register_makes_the_registrant_its_representative(region, region_admin):
    person = UserFactory()
    organisation = _register(region, person, role="Ketua")
    assert organisation.status == "pending"
    assert organisation.registration_document_type == "application/pdf"
    assert organisation.registration_document.name.endswith(".pdf")
    assert "akta" not in organisation.registration_document.name  # not the user's file name
    membership = Membership.objects.get(organisation=organisation)
    assert membership.user == person and membership.is_representative and membership.is_approved
    assert organisation.pk in user_organisation_ids(person)
    assert organisation.history.first().history_user == person
    # The region's administrator is told.
    assert Notification.objects.filter(user=region_admin, kind="organisation").count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Unggah dokumen"),
        (SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"), "Jenis berkas"),
        (SimpleUploadedFile("a.pdf", b"", "application/pdf"), "kosong"),
    ],
)
def test_bad_documents_are_refused(region, upload, message):
    with pytest.raises(OrganisationError) as caught:
        _register(region, UserFactory(), document=upload)
    assert message in caught.value.text
    assert not Organisation.objects.exists()


def test_document_size_limit(region, settings):
    settings.PARTICIPATION_DOCUMENT_MAX_BYTES = 100
    with pytest.raises(OrganisationError) as caught:
        _register(region, UserFactory(), document=_pdf(data=PDF + b"0" * 200))
    assert "terlalu besar" in caught.value.text
    assert not Organisation.objects.exists()


def test_png_accepted_and_duplicate_name_refused(region):
    _register(region, UserFactory(), document=SimpleUploadedFile("a.png", PNG, "image/png"))
    with pytest.raises(OrganisationError) as caught:
        _register(region, UserFactory(), name="lsm peduli desa")
    assert "sudah terdaftar" in caught.value.text


def test_only_the_regions_administrator_verifies(region, region_admin):
    representative = UserFactory()
    organisation = _register(region, representative)
    with pytest.raises(PermissionDenied):
        organisation_decide(organisation=organisation, actor=representative, approve=True)
    other_admin = UserFactory()
    from renstra.services.roles import role_grant

    role_grant(user=other_admin, role="region_admin", scope=RegionFactory())
    with pytest.raises(PermissionDenied):
        organisation_decide(organisation=organisation, actor=other_admin, approve=True)
    with pytest.raises(OrganisationError) as no_reason:
        organisation_decide(organisation=organisation, actor=region_admin, approve=False)
    assert "alasan" in no_reason.value.text
    organisation.refresh_from_db()
    assert organisation.status == "pending"

    organisation_decide(
        organisation=organisation, actor=region_admin, approve=False, reason="Akta tidak terbaca"
    )
    organisation.refresh_from_db()
    assert organisation.status == "rejected"
    assert organisation.status_reason == "Akta tidak terbaca"
    assert organisation.verified_by == region_admin
    told = Notification.objects.get(user=representative, kind="organisation")
    assert "ditolak" in told.subject and told.body == "Akta tidak terbaca"

    organisation_decide(organisation=organisation, actor=region_admin, approve=True)
    organisation.refresh_from_db()
    assert organisation.is_verified
    reasons = [h.history_change_reason for h in organisation.history.all()]
    assert any("Akta tidak terbaca" in (r or "") for r in reasons)


def test_join_request_and_decisions(region):
    organisation = make_organisation(region, "LSM Terbuka")
    representative = make_member(organisation, representative=True)
    person = UserFactory()
    membership = membership_request(organisation=organisation, user=person, role="Relawan")
    assert membership.status == "requested"
    assert organisation.pk not in user_organisation_ids(person)
    assert Notification.objects.filter(user=representative).count() == 1
    with pytest.raises(OrganisationError) as twice:
        membership_request(organisation=organisation, user=person)
    assert "menunggu" in twice.value.text
    with pytest.raises(PermissionDenied):
        membership_decide(membership=membership, actor=UserFactory(), approve=True)
    with pytest.raises(OrganisationError):
        membership_decide(membership=membership, actor=representative, approve=False)
    membership_decide(
        membership=membership, actor=representative, approve=False, reason="Bukan anggota"
    )
    membership.refresh_from_db()
    assert membership.status == "declined"
    # A declined person may ask again; approval makes inputs attributable.
    membership_request(organisation=organisation, user=person)
    membership_decide(membership=membership, actor=representative, approve=True)
    assert organisation.pk in user_organisation_ids(person)
    assert Notification.objects.filter(user=person, subject__contains="anggota").exists()


def test_rejected_organisation_takes_no_members(region):
    organisation = make_organisation(region, "LSM Ditolak", status="rejected")
    with pytest.raises(OrganisationError):
        membership_request(organisation=organisation, user=UserFactory())


# --- Pages ---------------------------------------------------------------------------------


def test_register_page(client, region):
    url = reverse("participation:organisation_register")
    assert client.get(url).status_code == 302
    person = UserFactory()
    client.force_login(person)
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "region": region.pk,
            "name": "Komunitas Sungai",
            "kind": "cbo",
            "document": SimpleUploadedFile("a.pdf", b"GIF89a", "application/pdf"),
        },
    )
    assert bad.status_code == 400
    assert "Jenis berkas" in bad.content.decode()
    assert "Komunitas Sungai" in bad.content.decode()  # typed input kept
    response = client.post(
        url, {"region": region.pk, "name": "Komunitas Sungai", "kind": "cbo", "document": _pdf()}
    )
    assert response.status_code == 302
    assert Organisation.objects.get().name == "Komunitas Sungai"


def test_detail_and_document_access_triad(client, region, region_admin):
    organisation = make_organisation(region, "LSM Dokumen", status="pending")
    organisation.registration_document = _pdf()
    organisation.registration_document_type = "application/pdf"
    organisation.save()
    member = make_member(organisation)
    for name in ("organisation_detail", "organisation_document"):
        url = reverse(f"participation:{name}", args=[organisation.pk])
        client.logout()
        assert client.get(url).status_code == 302
        client.force_login(UserFactory())
        assert client.get(url).status_code == 404
        client.force_login(member)
        assert client.get(url).status_code == 200
        client.force_login(region_admin)
        assert client.get(url).status_code == 200


def test_review_page_access_triad_and_decision(client, region, region_admin):
    organisation = make_organisation(region, "LSM Tinjau", status="pending")
    member = make_member(organisation, representative=True)
    url = reverse("participation:organisation_review", args=[organisation.pk])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(region_admin)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"decision": "reject", "reason": ""})
    assert bad.status_code == 400 and "alasan" in bad.content.decode()
    assert client.post(url, {"decision": "approve", "reason": ""}).status_code == 302
    organisation.refresh_from_db()
    assert organisation.is_verified


def test_my_organisations_page_lists_memberships_and_queue(
    client, region, region_admin, django_assert_max_num_queries
):
    organisation = make_organisation(region, "LSM Saya")
    person = make_member(organisation)
    client.force_login(person)
    page = client.get(reverse("participation:organisations"))
    assert page.status_code == 200 and "LSM Saya" in page.content.decode()
    assert "Menunggu verifikasi" not in page.content.decode()
    make_organisation(region, "LSM Antre 1", status="pending")
    client.force_login(region_admin)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("participation:organisations"))
    for i in range(2, 10):
        make_organisation(region, f"LSM Antre {i}", status="pending")
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = client.get(reverse("participation:organisations")).content.decode()
    assert "LSM Antre 9" in body


def test_join_through_the_directory_and_approve(client, region):
    organisation = make_organisation(region, "LSM Direktori")
    representative = make_member(organisation, representative=True)
    person = UserFactory()
    client.force_login(person)
    page = client.get(reverse("participation:organisation_directory"), {"q": "Direktori"})
    assert "LSM Direktori" in page.content.decode()
    client.post(
        reverse("participation:organisation_join", args=[organisation.pk]), {"role": "Anggota"}
    )
    membership = Membership.objects.get(user=person)
    decide = reverse("participation:membership_decide", args=[membership.pk])
    client.force_login(UserFactory())
    assert client.post(decide, {"decision": "approve"}).status_code == 404
    client.force_login(person)  # a requester sees the organisation but may not decide
    assert client.post(decide, {"decision": "approve"}).status_code == 403
    client.force_login(representative)
    assert client.post(decide, {"decision": "approve"}).status_code == 302
    membership.refresh_from_db()
    assert membership.is_approved
