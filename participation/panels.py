"""The workspace panel (provider slot "workspace_panels"): the plan's consultations and
proposals — links to their pages, the running consultation, and which proposals each
element of the cascade answers."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from renstra.access import plan_access
from renstra.models import Plan

from .models import Proposal
from .selectors.consultations import plan_open_consultation
from .selectors.proposals import proposals_by_element


def workspace_proposals_panel(plan: Plan, user) -> list[tuple[str, str, dict]]:
    """Nothing for people who cannot see the plan; else the links, the consultation the
    plan is in (if any), the proposal counts by status and the answered proposals grouped
    by element. Three queries (two when the plan has no proposal)."""
    access = plan_access(user, plan)
    if not access.view:
        return []
    counts = dict(
        Proposal.objects.filter(plan=plan)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    context = {
        "consultation": plan_open_consultation(plan),
        "groups": proposals_by_element(plan) if counts else [],
        "has_proposals": bool(counts),
        "open_count": counts.get(Proposal.Status.OPEN, 0),
        "answered_count": counts.get(Proposal.Status.ANSWERED, 0),
        "declined_count": counts.get(Proposal.Status.DECLINED, 0),
        "proposals_url": reverse("participation:proposals", args=[plan.public_id]),
        "consultations_url": reverse("participation:plan_consultations", args=[plan.public_id]),
    }
    return [
        (
            _("Partisipasi: konsultasi dan usulan"),
            "participation/includes/workspace_proposals.html",
            context,
        )
    ]
