"""Admin for the legislative flow. Reference data (commissions, region settings, flagship
programs) is maintained here; the flow's records (reviews, notes, letters, answers,
ratifications) are written by the services only and are read-only here; flagship links
are plan content and locked with the plan."""

from collections.abc import Callable
from functools import partial
from operator import attrgetter
from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from renstra.admin import LockedPlanContentMixin

from . import models as m


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.RegionSetting)
class RegionSettingAdmin(SimpleHistoryAdmin):
    list_display = ["region", "dprd_approval_required", "review_window_days"]


@admin.register(m.Commission)
class CommissionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "field"]
    list_filter = ["region"]
    search_fields = ["name", "field"]
    filter_horizontal = ["members", "partner_units"]


@admin.register(m.FlagshipProgram)
class FlagshipProgramAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "rpjmd"]
    list_filter = ["rpjmd"]
    search_fields = ["code", "name"]
    filter_horizontal = ["units"]


@admin.register(m.FlagshipLink)
class FlagshipLinkAdmin(LockedPlanContentMixin, SimpleHistoryAdmin):
    list_display = ["plan", "element", "flagship"]
    raw_id_fields = ["plan", "element", "flagship"]


@admin.register(m.DprdReview)
class DprdReviewAdmin(ReadOnlyHistoryAdmin):
    list_display = ["plan", "version", "commission", "window_start", "window_end", "closed_at"]


@admin.register(m.ReviewNote)
class ReviewNoteAdmin(ReadOnlyHistoryAdmin):
    list_display = ["plan", "member", "kind", "target", "visibility", "created_at"]
    list_filter = ["kind", "visibility"]


@admin.register(m.RecommendationLetter)
class RecommendationLetterAdmin(ReadOnlyHistoryAdmin):
    list_display = ["number", "date", "commission", "plan"]


@admin.register(m.RecommendationItem)
class RecommendationItemAdmin(ReadOnlyHistoryAdmin):
    list_display = ["letter", "position", "text"]


@admin.register(m.ItemResponse)
class ItemResponseAdmin(ReadOnlyHistoryAdmin):
    list_display = ["item", "status", "responded_by", "responded_at"]


@admin.register(m.Ratification)
class RatificationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["plan", "perkada_number", "perkada_date", "signatory", "ratified_at"]


def lock_ratified_admins(site: admin.AdminSite = admin.site) -> None:
    """Every admin of a record that belongs to a plan — whichever flow registered it — and
    the plan's own admin refuse change and delete once the plan is ratified (the page is
    then read-only), instead of failing on the model guard beneath. Called from
    LegislationConfig.ready(), after every app's admin module is loaded."""
    from renstra.models import Plan

    from .guards import _PATHS, _final, plan_id_of

    for model, model_admin in site._registry.items():
        plan_of: Callable[[Any], int | None]
        if model is Plan:
            plan_of = attrgetter("pk")
        elif model in _PATHS:
            plan_of = partial(plan_id_of, paths=_PATHS[model])
        else:
            continue
        for name in ("has_change_permission", "has_delete_permission"):
            original = getattr(model_admin, name)

            def refuse(request, obj=None, _original=original, _plan_of=plan_of):
                if obj is not None and _final(_plan_of(obj)):
                    return False
                return _original(request, obj)

            setattr(model_admin, name, refuse)
