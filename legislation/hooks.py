"""Stage hooks of the legislative flow (run inside the transition's transaction)."""

from typing import Any

from django.utils import timezone

from renstra.models import Plan


def review_close_on_leave(*, plan: Plan, record: Any, actor: Any) -> None:
    """Leaving the DPRD consultation closes its open review (notes can no longer be
    written; letters and answers stay)."""
    from .models import DprdReview
    from .services import _user

    for review in DprdReview.objects.filter(plan=plan, closed_at__isnull=True):
        review.closed_at = timezone.now()
        review.closed_by = _user(actor)
        review._history_user = _user(actor)
        review._change_reason = "Pembahasan DPRD ditutup"
        review.save(update_fields=["closed_at", "closed_by"])


def transition_page(plan: Plan, move: Any) -> str | None:
    """Provider "transition_page": the DPRD submission (window, commission), its closing
    (freezes the result) and ratification (checklist, Perkada) happen on their own pages."""
    from django.urls import reverse

    if move.target == "penetapan":
        return reverse("legislation:ratify", args=[plan.public_id])
    if move.target == "pembahasan_dprd" or move.source == "pembahasan_dprd":
        return reverse("legislation:plan_dprd", args=[plan.public_id])
    return None


def demo_seed(*, plan: Plan, users: dict) -> None:
    """Provider "demo_seed": Komisi IV of the demo region's DPRD partners the demo unit,
    with the demo DPRD member in it. Idempotent."""
    from .models import Commission

    commission, _ = Commission.objects.get_or_create(
        region=plan.unit.region,
        name="Komisi IV",
        defaults={"field": "Kesejahteraan rakyat (kesehatan, pendidikan, sosial)"},
    )
    commission.partner_units.add(plan.unit)
    member = users.get("dprd")
    if member is not None:
        commission.members.add(member)
