"""Provider "demo_seed": the demo stakeholder is the representative member of its
organisation, a second verified organisation and one awaiting verification exist, and the
demo plan has proposals from three sources — one answered by a program, one declined,
one open. Idempotent."""

from typing import Any

from renstra.models import ElementKind, Plan

from .models import Membership, Organisation, Proposal
from .services.proposals import proposal_create, proposal_dispose


def demo_seed(*, plan: Plan, users: dict[str, Any]) -> None:
    region = plan.unit.region
    stakeholder = users.get("lsm")
    organisation = Organisation.objects.filter(region=region, name="LSM Sehat Bersama").first()
    if stakeholder is not None and organisation is not None:
        Membership.objects.get_or_create(
            organisation=organisation,
            user=stakeholder,
            defaults={
                "status": Membership.Status.APPROVED,
                "is_representative": True,
                "role": "Koordinator program",
            },
        )
    Organisation.objects.get_or_create(
        region=region,
        name="Forum Peduli Kesehatan Ibu dan Anak",
        defaults={"kind": Organisation.Kind.CBO, "status": Organisation.Status.VERIFIED},
    )
    Organisation.objects.get_or_create(
        region=region,
        name="Ikatan Bidan Kecamatan",
        defaults={"kind": Organisation.Kind.CSO, "status": Organisation.Status.PENDING},
    )

    planner = users.get("perencana")
    if planner is None or Proposal.objects.filter(plan=plan).exists():
        return
    answered = proposal_create(
        plan=plan,
        source=Proposal.Source.MUSRENBANG,
        proposer_name="Musrenbang Kecamatan Cibeber",
        location="Kecamatan Cibeber",
        description="Penambahan posyandu dan pelatihan kader di desa terpencil",
        volume="6 posyandu",
        organisation=organisation,
        actor=planner,
        check_access=False,
    )
    program = plan.elements.filter(kind=ElementKind.PROGRAM).order_by("position", "id").first()
    if program is not None and _may_edit(planner, plan):
        proposal_dispose(
            proposal=answered,
            actor=planner,
            element=program,
            note="Diakomodasi melalui program ini mulai tahun kedua.",
        )
    declined = proposal_create(
        plan=plan,
        source=Proposal.Source.INNOVATION,
        proposer_name="Komunitas Peduli Gizi",
        location="Seluruh kabupaten",
        description="Aplikasi pemantauan gizi balita berbasis pesan singkat",
        actor=planner,
        check_access=False,
    )
    if _may_edit(planner, plan):
        proposal_dispose(
            proposal=declined,
            actor=planner,
            decline_reason="Sudah tersedia melalui aplikasi nasional (e-PPGBM).",
        )
    proposal_create(
        plan=plan,
        source=Proposal.Source.POKIR,
        proposer_name="H. Ahmad Fauzi (Komisi IV DPRD)",
        location="Kecamatan Sukamaju",
        description="Rehabilitasi puskesmas pembantu",
        reference="Pokir 2026/IV/12",
        actor=planner,
        check_access=False,
    )


def _may_edit(user: Any, plan: Plan) -> bool:
    from renstra.access import plan_access

    return plan_access(user, plan).edit
