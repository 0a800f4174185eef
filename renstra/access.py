"""Permission helpers: one per object type, combining lookup and check.

Outsiders get 404 (the object's existence is not revealed); insiders without the right
get 403. Stage locks are a separate check (`PlanLocked`), raised by the services.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user

from .models import Plan, Region, Unit


@dataclass(frozen=True)
class PlanAccess:
    """What one user may do with one plan."""

    view: bool = False
    edit: bool = False
    approve: bool = False
    verify: bool = False
    review: bool = False
    ratify: bool = False
    administer: bool = False

    def allows(self, need: str) -> bool:
        return bool(getattr(self, need))


def plan_access(user, plan: Plan) -> PlanAccess:
    """The user's rights on `plan`, from grants on its unit, its region and the plan itself."""
    if not user.is_authenticated or not user.is_active:
        return PlanAccess()
    if user.is_superuser:
        return PlanAccess(True, True, True, True, True, True, True)
    checker = ObjectPermissionChecker(user)
    unit_perms = set(checker.get_perms(plan.unit))
    region_perms = set(checker.get_perms(plan.unit.region))
    plan_perms = set(checker.get_perms(plan))
    region_view = "view_region_plans" in region_perms
    return PlanAccess(
        view=bool({"view_unit_plans", "edit_unit_plans"} & unit_perms)
        or region_view
        or "view_plan" in plan_perms,
        edit="edit_unit_plans" in unit_perms,
        approve="approve_unit_plans" in unit_perms,
        verify="verify_region_plans" in region_perms,
        review="review_region_plans" in region_perms,
        ratify="ratify_region_plans" in region_perms,
        administer="administer_region" in region_perms,
    )


def get_plan_for_user(user, public_id: str, need: str = "view") -> tuple[Plan, PlanAccess]:
    """The plan with `public_id` and the user's access to it.

    Raises Http404 when the plan does not exist or the user may not see it at all, and
    PermissionDenied when the user may see it but lacks `need`."""
    try:
        plan = Plan.objects.select_related("unit__region", "rpjmd").get(public_id=public_id)
    except Plan.DoesNotExist:
        raise Http404 from None
    access = plan_access(user, plan)
    if not access.view:
        raise Http404
    if not access.allows(need):
        raise PermissionDenied
    return plan, access


def units_for_user(user, perm: str = "renstra.view_unit_plans") -> QuerySet[Unit]:
    return get_objects_for_user(user, perm, klass=Unit, accept_global_perms=False)


def regions_for_user(user, perm: str) -> QuerySet[Region]:
    return get_objects_for_user(user, perm, klass=Region, accept_global_perms=False)


def unit_for_user(user, unit_id: int, need: str = "edit_unit_plans") -> Unit:
    """A unit the user may act on (`need` is a unit permission codename); else 404/403."""
    try:
        unit = Unit.objects.select_related("region").get(pk=unit_id)
    except (Unit.DoesNotExist, ValueError):
        raise Http404 from None
    if user.is_superuser:
        return unit
    checker = ObjectPermissionChecker(user)
    perms = set(checker.get_perms(unit))
    region_perms = set(checker.get_perms(unit.region))
    if not perms and not ({"view_region_plans", "administer_region"} & region_perms):
        raise Http404
    if need not in perms and not (
        need == "edit_unit_plans" and "administer_region" in region_perms
    ):
        raise PermissionDenied
    return unit
