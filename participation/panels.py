"""The workspace panel (provider slot "workspace_panels"): which proposals each element of
the cascade answers, and how many proposals wait for a disposition."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from renstra.access import plan_access
from renstra.models import Plan

from .models import Proposal
from .selectors.proposals import proposals_by_element


def workspace_proposals_panel(plan: Plan, user) -> list[tuple[str, str, dict]]:
    """Nothing for people who cannot see the plan or when it has no proposals; else the
    answered proposals grouped by element and the counts by status. Two queries."""
    access = plan_access(user, plan)
    if not access.view:
        return []
    counts = dict(
        Proposal.objects.filter(plan=plan)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    if not counts:
        return []
    context = {
        "groups": proposals_by_element(plan),
        "open_count": counts.get(Proposal.Status.OPEN, 0),
        "answered_count": counts.get(Proposal.Status.ANSWERED, 0),
        "declined_count": counts.get(Proposal.Status.DECLINED, 0),
        "proposals_url": reverse("participation:proposals", args=[plan.public_id]),
    }
    return [(_("Usulan yang dijawab"), "participation/includes/workspace_proposals.html", context)]
