"""Proposal reads: a plan's proposals for its page, per element for the workspace, and
the coverage table for the document appendix."""

from collections import defaultdict
from datetime import datetime

from django.db.models import QuerySet

from renstra.models import Element, Plan

from ..models import Proposal


def plan_proposals(plan: Plan, *, source: str = "", status: str = "") -> QuerySet[Proposal]:
    rows = Proposal.objects.filter(plan=plan).select_related(
        "organisation", "element", "consultation", "disposed_by"
    )
    if source:
        rows = rows.filter(source=source)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("created_at", "id")


def proposals_by_element(plan: Plan) -> list[tuple[Element, list[Proposal]]]:
    """The elements that answer at least one proposal, in cascade order, each with its
    proposals. One query."""
    rows = (
        Proposal.objects.filter(plan=plan, status=Proposal.Status.ANSWERED)
        .select_related("element", "organisation")
        .order_by("element__position", "element_id", "created_at", "id")
    )
    groups: dict[int, list[Proposal]] = defaultdict(list)
    elements: dict[int, Element] = {}
    for proposal in rows:
        element = proposal.element
        if element is None:  # the proposal_disposition_complete constraint forbids it
            raise ValueError(f"Answered proposal {proposal.pk} has no answering element.")
        elements[element.pk] = element
        groups[element.pk].append(proposal)
    return [(elements[pk], groups[pk]) for pk in elements]


def proposal_coverage(plan: Plan, *, at: datetime | None = None) -> list[dict]:
    """Every proposal of `plan` with its disposition — as they stood at `at` (a version's
    freezing time, from the history) or now — and the code and text of the answering
    element at that moment. Two queries."""
    if at is None:
        proposals = list(plan_proposals(plan))
        element_rows = {p.element_id: p.element for p in proposals if p.element_id}
    else:
        proposals = sorted(
            Proposal.history.as_of(at).filter(plan_id=plan.pk),
            key=lambda p: (p.created_at, p.pk),
        )
        ids = {p.element_id for p in proposals if p.element_id}
        element_rows = (
            {e.pk: e for e in Element.history.as_of(at).filter(id__in=ids)} if ids else {}
        )
    sources = dict(Proposal.Source.choices)
    statuses = dict(Proposal.Status.choices)
    result = []
    for p in proposals:
        element = element_rows.get(p.element_id) if p.element_id else None
        result.append(
            {
                "source": str(sources.get(p.source, p.source)),
                "reference": p.reference,
                "proposer": p.proposer_name,
                "location": p.location,
                "description": p.description,
                "volume": p.volume,
                "status": p.status,
                "status_label": str(statuses.get(p.status, p.status)),
                "element": (
                    f"{element.code} {element.text}".strip() if element is not None else ""
                ),
                "element_kind": element.get_kind_display() if element is not None else "",
                "reason": p.decline_reason or p.disposition_note,
            }
        )
    return result
