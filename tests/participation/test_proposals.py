"""Proposals (usulan): recorded with source and proposer, disposed of by an element of the
plan or declined with a reason; the workspace panel per element; the coverage table in
the document appendix (as of a version's freezing)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from participation.document_parts import document_appendix
from participation.errors import ProposalError
from participation.models import Proposal
from participation.services.proposals import proposal_create, proposal_dispose
from renstra.errors import EditConflict
from renstra.models import ElementKind
from stages.versions import version_freeze
from tests.factories import ElementFactory, PlanFactory
from tests.participation.helpers import make_organisation, put_in_stage

pytestmark = pytest.mark.django_db


def _program(plan, code="1.02.02", text="Program Pemenuhan Upaya Kesehatan"):
    tujuan = ElementFactory(plan=plan, kind=ElementKind.TUJUAN)
    sasaran = ElementFactory(plan=plan, kind=ElementKind.SASARAN, parent=tujuan)
    strategi = ElementFactory(plan=plan, kind=ElementKind.STRATEGI, parent=sasaran)
    kebijakan = ElementFactory(plan=plan, kind=ElementKind.KEBIJAKAN, parent=strategi)
    return ElementFactory(
        plan=plan, kind=ElementKind.PROGRAM, parent=kebijakan, code=code, text=text
    )


def _proposal(plan, actor, **kwargs):
    options = {
        "source": "musrenbang",
        "proposer_name": "Desa Sukamaju",
        "location": "Kecamatan Cibeber",
        "description": "Pembangunan posyandu",
    }
    options.update(kwargs)
    return proposal_create(plan=plan, actor=actor, **options)


def test_create_and_answer(plan, planner, region):
    organisation = make_organisation(region, "LSM Usul")
    proposal = _proposal(
        plan, planner, organisation=organisation, proposer_name="", volume="1 unit"
    )
    assert proposal.status == "open"
    assert proposal.proposer_name == "LSM Usul"
    assert proposal.history.first().history_user == planner
    program = _program(plan)
    disposed = proposal_dispose(
        proposal=proposal, actor=planner, element=program, revision=proposal.revision
    )
    assert disposed.status == "answered" and disposed.element == program
    assert disposed.revision == 2
    assert disposed.history.first().history_change_reason == "Usulan diakomodasi"


def test_locked_plan_still_takes_proposals(plan, planner):
    put_in_stage(plan, "diajukan")
    assert plan.locked
    proposal = _proposal(plan, planner, source="pokir", proposer_name="Fraksi A")
    assert proposal.pk


def test_other_flows_record_on_behalf(plan, dprd_member):
    with pytest.raises(PermissionDenied):
        _proposal(plan, dprd_member, source="pokir")
    proposal = _proposal(plan, dprd_member, source="pokir", check_access=False)
    assert proposal.created_by == dprd_member


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"source": "lain"}, "sumber"),
        ({"description": "   "}, "uraian"),
        ({"proposer_name": ""}, "pengusul"),
    ],
)
def test_bad_input_refused(plan, planner, kwargs, message):
    with pytest.raises(ProposalError) as caught:
        _proposal(plan, planner, **kwargs)
    assert message in caught.value.text.lower()
    assert not Proposal.objects.exists()


def test_dispose_rules(plan, planner, head):
    proposal = _proposal(plan, planner)
    tujuan = ElementFactory(plan=plan, kind=ElementKind.TUJUAN)
    foreign = _program(PlanFactory(unit=plan.unit))
    with pytest.raises(ProposalError):
        proposal_dispose(proposal=proposal, actor=planner)
    with pytest.raises(ProposalError) as kind:
        proposal_dispose(proposal=proposal, actor=planner, element=tujuan)
    assert "program" in kind.value.text
    with pytest.raises(ProposalError):
        proposal_dispose(proposal=proposal, actor=planner, element=foreign)
    with pytest.raises(PermissionDenied):
        proposal_dispose(proposal=proposal, actor=head, decline_reason="x")
    declined = proposal_dispose(
        proposal=proposal, actor=planner, decline_reason="Kewenangan desa (Dana Desa)"
    )
    assert declined.status == "declined"
    with pytest.raises(EditConflict):
        proposal_dispose(proposal=proposal, actor=planner, decline_reason="y", revision=1)


def test_coverage_in_the_appendix_as_of_the_version(plan, planner):
    program = _program(plan, code="1.02.03", text="Program Posyandu")
    answered = _proposal(plan, planner, description="Posyandu baru")
    proposal_dispose(proposal=answered, actor=planner, element=program)
    version = version_freeze(plan=plan, label="Rancangan", actor=planner)
    later = _proposal(plan, planner, description="Usulan sesudah versi")
    proposal_dispose(proposal=later, actor=planner, decline_reason="Di luar kewenangan")

    parts = {part.title: str(part.html) for part in document_appendix(plan, version)}
    coverage = parts["Usulan dan tindak lanjutnya"]
    assert "Posyandu baru" in coverage and "1.02.03 Program Posyandu" in coverage
    assert "Usulan sesudah versi" not in coverage
    live = {part.title: str(part.html) for part in document_appendix(plan, None)}
    assert "Di luar kewenangan" in live["Usulan dan tindak lanjutnya"]


def test_no_appendix_without_consultations_or_proposals(plan):
    assert document_appendix(plan, None) == []


def test_workspace_panel_lists_proposals_per_element(client, plan, planner, outsider):
    program = _program(plan, code="1.02.04", text="Program Gizi")
    proposal = _proposal(plan, planner, description="Makanan tambahan balita")
    proposal_dispose(proposal=proposal, actor=planner, element=program)
    _proposal(plan, planner, description="Belum dijawab")
    client.force_login(planner)
    body = client.get(plan.get_absolute_url()).content.decode()
    assert "Usulan yang dijawab" in body
    assert "Makanan tambahan balita" in body and "1.02.04" in body
    assert "1 diakomodasi, 0 tidak diakomodasi, 1 belum ditindaklanjuti" in body


def test_proposals_page_access_triad_and_create(client, plan, planner, head, outsider):
    url = reverse("participation:proposals", args=[plan.public_id])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(head)
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403
    client.force_login(planner)
    bad = client.post(url, {"source": "reses", "proposer_name": "Anggota DPRD", "description": ""})
    assert bad.status_code == 400 and "Anggota DPRD" in bad.content.decode()
    ok = client.post(
        url,
        {"source": "reses", "proposer_name": "Anggota DPRD", "description": "Jalan desa"},
    )
    assert ok.status_code == 302
    assert Proposal.objects.get().source == "reses"


def test_proposals_page_queries_constant(client, plan, planner, django_assert_max_num_queries):
    for i in range(2):
        _proposal(plan, planner, description=f"Usulan {i}")
    client.force_login(planner)
    url = reverse("participation:proposals", args=[plan.public_id])
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    program = _program(plan)
    for i in range(2, 20):
        p = _proposal(plan, planner, description=f"Usulan {i}")
        proposal_dispose(proposal=p, actor=planner, element=program)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = client.get(url).content.decode()
    assert "Usulan 19" in body


def test_dispose_page(client, plan, planner, head, outsider):
    proposal = _proposal(plan, planner)
    program = _program(plan)
    url = reverse("participation:proposal_dispose", args=[plan.public_id, proposal.pk])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(head)
    assert client.get(url).status_code == 403
    client.force_login(planner)
    assert client.get(url).status_code == 200
    stale = client.post(url, {"outcome": "answered", "element": program.pk, "revision": 0})
    assert stale.status_code == 409
    response = client.post(
        url, {"outcome": "answered", "element": program.pk, "revision": proposal.revision}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.element == program


def test_workspace_panel_links_and_running_consultation(client, plan, planner):
    from tests.participation.helpers import open_consultation

    client.force_login(planner)
    body = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("participation:plan_consultations", args=[plan.public_id]) in body
    assert "Belum ada usulan yang dicatat." in body
    consultation = open_consultation(plan, planner)
    body = client.get(plan.get_absolute_url()).content.decode()
    assert "Konsultasi berjalan" in body and consultation.get_absolute_url() in body
