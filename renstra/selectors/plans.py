from django.db.models import Q, QuerySet

from ..access import regions_for_user, units_for_user
from ..models import Plan, Unit


def plans_visible_to(user) -> QuerySet[Plan]:
    """Plans the user may open: their units' plans, their regions' plans (Bappeda and
    region roles), and plans shared with them directly. Unit and region are joined."""
    qs = Plan.objects.select_related("unit__region")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    units = units_for_user(user, "renstra.view_unit_plans") | units_for_user(
        user, "renstra.edit_unit_plans"
    )
    regions = regions_for_user(user, "renstra.view_region_plans")
    from guardian.shortcuts import get_objects_for_user

    direct = get_objects_for_user(user, "renstra.view_plan", klass=Plan, accept_global_perms=False)
    return qs.filter(
        Q(unit__in=units.values("pk"))
        | Q(unit__region__in=regions.values("pk"))
        | Q(pk__in=direct.values("pk"))
    )


def units_editable_by(user) -> QuerySet[Unit]:
    """Units in which the user may create and draft plans."""
    if user.is_superuser:
        return Unit.objects.select_related("region")
    return units_for_user(user, "renstra.edit_unit_plans").select_related("region")
