"""Admin for the legislative flow. Reference data (commissions, region settings, flagship
programs) is maintained here; the flow's records (reviews, notes, letters, answers,
ratifications) are written by the services only and are read-only here; flagship links
are plan content and locked with the plan."""

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
