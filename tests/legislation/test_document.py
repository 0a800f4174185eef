"""What the legislative flow puts into the document: the coverage of misi and flagship
programs and the DPRD's recommendations with answers (appendix), and the Perkada on the
ratified version (ratification page, no RANCANGAN watermark); the official PDF/A is
rendered on ratification, its hash recorded, and verifiable."""

import hashlib
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse

from legislation import services
from legislation.document_parts import document_appendix
from legislation.models import Ratification
from legislation.selectors import flagship_links_at, plan_coverage
from renstra.document import build_document, document_html
from renstra.models import Rpjmd, RpjmdMisi, RpjmdSasaran, RpjmdTujuan
from renstra.selectors.cascade import plan_tree
from stages.models import Version
from stages.versions import version_content
from tests.factories import build_cascade
from tests.legislation.helpers import (
    commission_for,
    dprd_member,
    ratify_kwargs,
    submitted,
    technocratic_done,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def political(plan, planner):
    """An RPJMD with two misi (one served through an RPJMD sasaran) and two flagship
    programs assigned to the unit (one linked to the plan's tujuan)."""
    rpjmd = Rpjmd.objects.create(region=plan.unit.region, start_year=2025, end_year=2029)
    plan.rpjmd = rpjmd
    plan.save(update_fields=["rpjmd"])
    served = RpjmdMisi.objects.create(rpjmd=rpjmd, code="1", text="Masyarakat sehat")
    RpjmdMisi.objects.create(rpjmd=rpjmd, code="2", text="Misi yang tak terlayani")
    tujuan = RpjmdTujuan.objects.create(rpjmd=rpjmd, misi=served, code="T1", text="T")
    sasaran = RpjmdSasaran.objects.create(rpjmd=rpjmd, tujuan=tujuan, code="S1", text="S")
    made = build_cascade(plan, programs=2)
    made["sasaran"][0].rpjmd_sasaran = sasaran
    made["sasaran"][0].save()
    linked = services.flagship_program_save(
        rpjmd=rpjmd, actor=None, code="PU1", name="Berobat gratis", units=[plan.unit]
    )
    services.flagship_program_save(
        rpjmd=rpjmd, actor=None, code="PU2", name="Unggulan tanpa pelayan", units=[plan.unit]
    )
    services.flagship_program_save(
        rpjmd=rpjmd, actor=None, code="PU9", name="Milik dinas lain", units=[]
    )
    services.flagship_links_set(
        plan=plan, element=made["tujuan"][0], flagships=[linked], actor=planner
    )
    return made


def test_coverage_of_misi_and_flagship_programs(plan, political):
    coverage = plan_coverage(plan, plan_tree(plan, with_indicators=False))
    misi = {r.code: r for r in coverage.misi}
    assert [n.element.ref for n in misi["1"].targets] == ["T1.S1"]
    assert [n.element.text for n in misi["1"].programs] == ["Program uji 1", "Program uji 2"]
    assert misi["1"].goals == []  # the tujuan itself has no RPJMD sasaran of its own
    assert not misi["2"].served
    flagships = {r.code: r for r in coverage.flagships}
    assert set(flagships) == {"PU1", "PU2"}  # only the programs assigned to the unit
    assert [n.element.ref for n in flagships["PU1"].goals] == ["T1"]
    assert [n.element.ref for n in flagships["PU1"].targets] == ["T1.S1"]
    assert len(flagships["PU1"].programs) == 2
    assert {r.code for r in coverage.unserved} == {"2", "PU2"}


def test_coverage_reads_a_constant_number_of_queries(
    plan, political, django_assert_max_num_queries
):
    tree = plan_tree(plan, with_indicators=False)
    with django_assert_max_num_queries(4):
        plan_coverage(plan, tree)
    build_cascade(plan, programs=4)
    tree = plan_tree(plan, with_indicators=False)
    with django_assert_max_num_queries(4):
        plan_coverage(plan, tree)


def test_flagship_links_as_of_a_version(plan, political, planner):
    version = Version.objects.create(
        plan=plan, number=1, label="v1", kind="manual", stage=plan.stage, frozen_at=_now()
    )
    before = flagship_links_at(plan, version)
    services.flagship_links_set(
        plan=plan, element=political["tujuan"][0], flagships=[], actor=planner
    )
    assert flagship_links_at(plan) == []
    assert flagship_links_at(plan, version) == before and len(before) == 1


def _now():
    from django.utils import timezone

    return timezone.now()


def test_appendix_has_the_coverage_and_the_answered_recommendations(plan, political, head, planner):
    technocratic_done(plan)
    member = dprd_member(plan.unit.region, "komisi4")
    review = submitted(plan, head, commission_for(plan.unit, [member]))
    letter = services.letter_issue(
        review=review,
        actor=member,
        number="170/7/DPRD",
        date=date(2026, 1, 9),
        items=[("Tambahkan puskesmas keliling", [political["program"][0]])],
    )
    services.item_respond(
        item=letter.items.get(), actor=planner, status="partly", reason="Bertahap sesuai pagu"
    )
    parts = document_appendix(plan, None)
    titles = [p.title for p in parts]
    assert titles == [
        "Keterkaitan dengan misi dan program unggulan kepala daerah",
        "Rekomendasi DPRD dan tanggapan perangkat daerah",
    ]
    coverage_html, recommendations_html = (str(p.render()) for p in parts)
    assert "Masyarakat sehat" in coverage_html and "Belum dilayani" in coverage_html
    assert "Berobat gratis" in coverage_html and "Milik dinas lain" not in coverage_html
    assert "170/7/DPRD" in recommendations_html
    assert "Diterima sebagian" in recommendations_html
    assert "Bertahap sesuai pagu" in recommendations_html
    # The DPRD version (frozen before the letter) has no recommendations yet.
    version = review.version
    version.plan = plan
    assert [p.title for p in document_appendix(plan, version)] == titles[:1]


def test_ratified_version_has_the_perkada_page_and_no_draft_watermark(plan, ratifier):
    technocratic_done(plan)
    ratification = services.plan_ratify(
        plan=plan,
        actor=ratifier,
        **ratify_kwargs(signatory="H. Ahmad Bupati", signatory_title="Bupati Uji"),
    )
    version = ratification.version
    version.plan = plan
    document = build_document(
        plan=plan,
        content=version_content(version),
        version_label=version.label,
        version_date=version.frozen_at,
    )
    assert not document.is_draft
    assert document.ratification.number == "12 Tahun 2026"
    assert document.ratification.head_name == "H. Ahmad Bupati"
    html = document_html(document, for_print=True)
    assert "12 Tahun 2026" in html and "H. Ahmad Bupati" in html
    assert 'class="watermark"' not in html
    # Any other version keeps the watermark.
    earlier = Version.objects.filter(plan=plan).exclude(pk=version.pk).last()
    earlier.plan = plan
    draft = build_document(
        plan=plan,
        content=version_content(earlier),
        version_label=earlier.label,
        version_date=earlier.frozen_at,
    )
    assert draft.is_draft and 'class="watermark"' in document_html(draft, for_print=True)


def test_ratifying_renders_the_official_pdfa_and_records_its_hash(plan, ratifier, settings, client):
    """No stand-in: the real document is rendered right after the ratification commits."""
    settings.LEGISLATION_RATIFY_RENDER = "now"
    build_cascade(plan)
    technocratic_done(plan)
    services.plan_ratify(plan=plan, actor=ratifier, findings_reason="Data uji", **ratify_kwargs())
    ratification = Ratification.objects.select_related("document").get(plan=plan)
    document = ratification.document
    assert document.is_done, document.error
    assert document.variant == "pdf/a-3a"
    assert ratification.document_sha256 == document.sha256
    with document.file.open("rb") as fh:
        data = fh.read()
    assert hashlib.sha256(data).hexdigest() == ratification.document_sha256
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    assert "Peraturan Bupati Uji Nomor 12 Tahun 2026 tanggal 1 Februari 2026" in text
    assert "RANCANGAN" not in text
    # PDF/A identification in the XMP metadata (the stream may be compressed).
    xmp = reader.trailer["/Root"].get("/Metadata")
    assert xmp is not None and b"pdfaid" in xmp.get_object().get_data()
    # Anyone can verify the file by its hash.
    response = client.get(reverse("verify_code", args=[ratification.document_sha256]))
    assert response.status_code == 200
    assert plan.title in response.content.decode()
    # The hash is written once; the ratification does not change afterwards.
    assert Ratification.history.filter(id=ratification.pk).count() == 2
    from legislation.errors import PlanRatified

    ratification.document_sha256 = "0" * 64
    with pytest.raises(PlanRatified):
        ratification.save(update_fields=["document_sha256"])


def test_the_worker_renders_the_official_pdf_and_the_hash_is_recorded(
    plan, ratifier, django_capture_on_commit_callbacks
):
    """The default: ratifying enqueues the render (on commit); when the worker has stored
    the file, the ratification gets its hash."""
    from renstra.document import jobs

    technocratic_done(plan)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ratification = services.plan_ratify(plan=plan, actor=ratifier, **ratify_kwargs())
    assert callbacks, "the render was not enqueued"
    document = ratification.document
    assert document.status == "queued" and ratification.document_sha256 == ""
    jobs.document_render(document_file_id=document.pk)  # what the worker's task does
    ratification.refresh_from_db()
    document.refresh_from_db()
    assert document.is_done and ratification.document_sha256 == document.sha256
