"""Stage hooks of the legislative flow (run inside the transition's transaction)."""

from typing import Any

from django.utils import timezone

from renstra.models import Plan


def review_close_on_leave(*, plan: Plan, record: Any, actor: Any) -> None:
    """Leaving the DPRD consultation closes its open review (notes can no longer be
    written; letters and answers stay)."""
    from renstra.services.history import attribute

    from .models import DprdReview
    from .services import _user

    for review in DprdReview.objects.filter(plan=plan, closed_at__isnull=True):
        review.closed_at = timezone.now()
        review.closed_by = _user(actor)
        attribute(review, actor=actor, reason="Pembahasan DPRD ditutup")
        review.save(update_fields=["closed_at", "closed_by"])


def grant_version_to_dprd(*, plan: Plan, record: Any, actor: Any) -> None:
    """Entering pembahasan_dprd: the region's DPRD members (now) may read the version
    frozen for them — that version only, not the live plan nor any other version."""
    from guardian.shortcuts import assign_perm

    from .services import VERSION_PERM, dprd_members

    if record.version is None:
        return
    for member in dprd_members(plan.unit.region):
        assign_perm(VERSION_PERM, member, record.version)


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


def copy_flagship_links_on_amend(*, plan: Plan, record: Any, actor: Any) -> None:
    """On entering perubahan (an amendment: `plan` is the new copy, `record.previous` the
    ratification record of the plan it amends): carry the flagship links over to the
    copied goals. The core copies elements level by level in id order, so the two plans'
    elements pair up in (depth, id) order."""
    from simple_history.utils import bulk_create_with_history

    from renstra.models import Element

    from .models import FlagshipLink

    previous = getattr(record, "previous", None)
    if previous is None or previous.plan_id == plan.pk:
        return
    links = list(FlagshipLink.objects.filter(plan_id=previous.plan_id))
    if not links or FlagshipLink.objects.filter(plan=plan).exists():
        return

    def ordered(plan_id: int) -> list[int]:
        parents = dict(Element.objects.filter(plan_id=plan_id).values_list("id", "parent_id"))

        def depth(pk: int) -> int:
            d = 0
            while parents.get(pk):
                pk = parents[pk]
                d += 1
            return d

        return sorted(parents, key=lambda pk: (depth(pk), pk))

    mapping = dict(zip(ordered(previous.plan_id), ordered(plan.pk), strict=False))
    user = actor if getattr(actor, "is_authenticated", False) else None
    bulk_create_with_history(
        [
            FlagshipLink(
                plan=plan, element_id=mapping[link.element_id], flagship_id=link.flagship_id
            )
            for link in links
            if link.element_id in mapping
        ],
        FlagshipLink,
        default_user=user,
        default_change_reason="Disalin untuk perubahan Renstra",
    )
