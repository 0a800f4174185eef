"""Bottom-up proposals (usulan): recorded with their source and proposer, then disposed
of — answered by a program, kegiatan or sub kegiatan of the plan, or declined with a
reason. Proposals are not plan content: they may be recorded and disposed of in any
stage (a DPRD pokir arrives while the plan is locked for review)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renstra.access import plan_access
from renstra.errors import EditConflict
from renstra.models import Element, ElementKind, Plan
from renstra.services.history import tracked_save

from ..errors import ProposalError
from ..models import Consultation, Organisation, Proposal

ANSWERING_KINDS = (ElementKind.PROGRAM, ElementKind.KEGIATAN, ElementKind.SUB_KEGIATAN)


def _text(value: str | None, limit: int, *, multiline: bool = False) -> str:
    value = (value or "").replace("\x00", "").strip()
    if not multiline:
        value = " ".join(value.split())
    return value[:limit]


@transaction.atomic
def proposal_create(
    *,
    plan: Plan,
    source: str,
    proposer_name: str,
    location: str,
    description: str,
    actor: Any,
    organisation: Organisation | None = None,
    volume: str = "",
    reference: str = "",
    proposer: Any = None,
    consultation: Consultation | None = None,
    check_access: bool = True,
) -> Proposal:
    """Record a proposal on `plan` (open, awaiting disposition). The proposer is free
    text; with an organisation and no name, the organisation's name. `check_access`
    False lets another flow record one on the actor's behalf (the legislation flow
    records the DPRD's pokir).

    Raises PermissionDenied (no edit right on the plan), ProposalError (unknown source,
    empty description or proposer, a consultation of another plan)."""
    if check_access and not plan_access(actor, plan).edit:
        raise PermissionDenied
    if source not in Proposal.Source.values:
        raise ProposalError(_("Pilih sumber usulan."))
    description = _text(description, 5000, multiline=True)
    if not description:
        raise ProposalError(_("Isi uraian usulan."))
    proposer_name = _text(proposer_name, 300) or (organisation.name if organisation else "")
    if not proposer_name:
        raise ProposalError(_("Isi nama pengusul."))
    if consultation is not None and consultation.plan_id != plan.pk:
        raise ProposalError(_("Konsultasi itu bukan milik rencana ini."))
    proposal = Proposal(
        plan=plan,
        source=source,
        reference=_text(reference, 100),
        organisation=organisation,
        proposer=proposer,
        proposer_name=proposer_name,
        consultation=consultation,
        location=_text(location, 300),
        description=description,
        volume=_text(volume, 200),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    tracked_save(proposal, actor=actor, reason=_("Usulan dicatat"))
    return proposal


@transaction.atomic
def proposal_dispose(
    *,
    proposal: Proposal,
    actor: Any,
    element: Element | None = None,
    decline_reason: str = "",
    note: str = "",
    revision: int | None = None,
) -> Proposal:
    """Dispose of a proposal: answered by `element` (a program, kegiatan or sub kegiatan
    of the same plan), or declined with `decline_reason`. A later disposition replaces an
    earlier one (recorded in the history). `revision` is the one the editor saw.

    Raises PermissionDenied (no edit right), EditConflict (changed since `revision`),
    ProposalError (neither or both, an element of another plan or of another kind)."""
    locked = (
        Proposal.objects.select_for_update(of=("self",)).select_related("plan").get(pk=proposal.pk)
    )
    if not plan_access(actor, locked.plan).edit:
        raise PermissionDenied
    if revision is not None and revision != locked.revision:
        raise EditConflict(
            _("Usulan ini telah diubah oleh orang lain sejak Anda membukanya. Muat ulang."),
            current=locked,
        )
    decline_reason = _text(decline_reason, 5000, multiline=True)
    if element is not None and decline_reason:
        raise ProposalError(_("Pilih salah satu: dijawab oleh elemen, atau tidak diakomodasi."))
    if element is None and not decline_reason:
        raise ProposalError(
            _(
                "Pilih program/kegiatan/sub kegiatan yang menjawab, atau tuliskan alasan "
                "tidak diakomodasi."
            )
        )
    if element is not None:
        if element.plan_id != locked.plan_id:
            raise ProposalError(_("Elemen itu bukan bagian dari rencana ini."))
        if element.kind not in ANSWERING_KINDS:
            raise ProposalError(_("Usulan dijawab oleh program, kegiatan, atau sub kegiatan."))
    locked.element = element
    locked.decline_reason = decline_reason
    locked.disposition_note = _text(note, 5000, multiline=True)
    locked.status = Proposal.Status.ANSWERED if element is not None else Proposal.Status.DECLINED
    locked.disposed_by = actor
    locked.disposed_at = timezone.now()
    locked.revision += 1
    tracked_save(
        locked,
        actor=actor,
        reason=_("Usulan diakomodasi") if element is not None else _("Usulan tidak diakomodasi"),
    )
    return locked
