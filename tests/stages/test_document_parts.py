"""The appendix "Riwayat Penyusunan" and the document of a frozen version."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from renstra.document import build_document, document_pdf
from renstra.services.history import tracked_save
from stages.document_parts import baseline_version, document_appendix
from stages.models import Version
from stages.services import transition
from stages.versions import version_content, version_freeze
from tests.factories import build_cascade


@pytest.fixture
def two_versions(plan, planner, head):
    made = build_cascade(plan, programs=1, kegiatan=1, subs=2)
    transition(plan=plan, to_stage="rancangan_awal", actor=planner, note="Mulai menyusun")
    first = version_freeze(
        plan=plan, label="Rancangan konsultasi", kind=Version.Kind.CONSULTATION, actor=planner
    )
    sub = made["sub_kegiatan"][1]
    sub.text = "Sub kegiatan yang diubah"
    tracked_save(sub, actor=planner, reason="ubah")
    second = version_freeze(plan=plan, label="Rancangan kedua", actor=planner)
    return first, second


def test_appendix_lists_records_changes_and_verification(plan, planner, two_versions):
    first, second = two_versions
    assert baseline_version(plan, second) == first
    stages_part, changes, verification = document_appendix(plan, second)
    records = stages_part.render()
    assert "Mulai menyusun" in records  # the record's note
    assert planner.display_name in records  # who opened it
    html = changes.render()
    assert "Sub kegiatan yang diubah" in html
    assert "1 perubahan" in html
    assert "kesalahan" in verification.render()
    # The first version has nothing earlier to compare with.
    assert "Belum ada versi sebelumnya" in document_appendix(plan, first)[1].render()


def test_version_pdf_carries_the_appendix_and_the_watermark(plan, two_versions):
    _first, second = two_versions
    second.plan = plan
    document = build_document(
        plan=plan,
        content=version_content(second),
        version_label=second.label,
        version_date=second.frozen_at,
    )
    text = " ".join(
        (p.extract_text() or "") for p in PdfReader(io.BytesIO(document_pdf(document))).pages
    )
    text = " ".join(text.split())
    assert "RIWAYAT PENYUSUNAN" in text
    assert "Sub kegiatan yang diubah" in text
    assert "Rancangan konsultasi" in text
    assert "RANCANGAN" in text


def test_version_document_page_access(client, plan, two_versions, planner, outsider):
    _first, second = two_versions
    url = reverse("stages:version_document", args=[plan.public_id, second.number])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(planner)
    response = client.get(url)
    assert response.status_code == 200
    assert "Rancangan kedua" in response.content.decode()
    missing = reverse("stages:version_document", args=[plan.public_id, 99])
    assert client.get(missing).status_code == 404
