"""Django admin for every model, history-aware; Region, Unit and Plan show their
object permissions (role grants) through guardian's admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import models as m


@admin.register(m.User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Renstra", {"fields": ("full_name",)}))
    list_display = ["username", "full_name", "email", "is_staff", "is_active"]


class GuardedHistoryAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    pass


def _plan_locked(obj) -> bool:
    plan_id = getattr(obj, "plan_id", None)
    if not plan_id:
        return False
    return m.Plan.objects.filter(pk=plan_id, locked=True).exists()


class LockedPlanContentMixin:
    """Content of a locked plan (the stage decides `Plan.locked`) is read-only in the
    admin too: no change, delete or inline add. Works for ModelAdmins (obj is the row)
    and inlines (obj is the parent row); both carry `plan_id`. The model signals of the
    stages app refuse the write underneath as well."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and _plan_locked(obj):
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _plan_locked(obj):
            return False
        return super().has_delete_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request, obj=None):
        if obj is not None and _plan_locked(obj):
            return False
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj)  # type: ignore[misc]
        return super().has_add_permission(request)  # type: ignore[misc]


@admin.register(m.Region)
class RegionAdmin(GuardedHistoryAdmin):
    list_display = ["code", "name", "level"]
    search_fields = ["code", "name"]


@admin.register(m.Unit)
class UnitAdmin(GuardedHistoryAdmin):
    list_display = ["code", "name", "abbreviation", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name", "abbreviation"]


@admin.register(m.Plan)
class PlanAdmin(GuardedHistoryAdmin):
    list_display = ["title", "unit", "start_year", "end_year", "stage", "locked"]
    list_filter = ["stage", "locked", "unit__region"]
    search_fields = ["title", "public_id"]
    # Stage and lock are set only by the stage transitions (stages.services.transition).
    readonly_fields = ["public_id", "stage", "locked"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.locked:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.locked:
            return False
        return super().has_delete_permission(request, obj)


class ChapterInline(LockedPlanContentMixin, admin.TabularInline):
    model = m.Section
    extra = 0
    fields = ["number", "title", "position"]


@admin.register(m.Chapter)
class ChapterAdmin(LockedPlanContentMixin, SimpleHistoryAdmin):
    list_display = ["plan", "number", "title"]
    list_filter = ["plan__unit"]
    inlines = [ChapterInline]


@admin.register(m.Section)
class SectionAdmin(LockedPlanContentMixin, SimpleHistoryAdmin):
    list_display = ["plan", "number", "title", "revision"]
    list_filter = ["plan__unit"]
    search_fields = ["title", "body"]


@admin.register(m.StrategicIssue)
class StrategicIssueAdmin(LockedPlanContentMixin, SimpleHistoryAdmin):
    list_display = ["plan", "ref", "text", "rank"]


class IndicatorInline(LockedPlanContentMixin, admin.StackedInline):
    model = m.Indicator
    extra = 0
    fk_name = "element"
    exclude = ["plan"]


class FundingInline(LockedPlanContentMixin, admin.TabularInline):
    model = m.Funding
    extra = 0
    exclude = ["plan"]


@admin.register(m.Element)
class ElementAdmin(LockedPlanContentMixin, SimpleHistoryAdmin):
    list_display = ["plan", "kind", "code", "ref", "text"]
    list_filter = ["kind", "plan__unit"]
    search_fields = ["code", "ref", "text"]
    raw_id_fields = ["parent", "rpjmd_sasaran", "rpjmd_program", "nomenclature"]
    inlines = [IndicatorInline, FundingInline]


@admin.register(m.Indicator)
class IndicatorAdmin(LockedPlanContentMixin, SimpleHistoryAdmin):
    list_display = ["name", "unit", "kind", "element"]
    search_fields = ["name"]
    raw_id_fields = ["element", "plan"]


@admin.register(m.IndicatorTarget)
class IndicatorTargetAdmin(LockedPlanContentMixin, SimpleHistoryAdmin):
    list_display = ["indicator", "year", "value", "number"]
    raw_id_fields = ["indicator", "plan"]


@admin.register(m.Funding)
class FundingAdmin(LockedPlanContentMixin, SimpleHistoryAdmin):
    list_display = ["element", "year", "amount"]
    raw_id_fields = ["element", "plan"]


@admin.register(m.DeclaredTotal)
class DeclaredTotalAdmin(LockedPlanContentMixin, SimpleHistoryAdmin):
    list_display = ["plan", "code", "name"]


@admin.register(m.Rpjmd)
class RpjmdAdmin(SimpleHistoryAdmin):
    list_display = ["title", "region", "start_year", "end_year"]


for model in (
    m.RpjmdMisi,
    m.RpjmdTujuan,
    m.RpjmdSasaran,
    m.RpjmdProgram,
    m.RpjmdIndicator,
    m.RpjmdProgramCeiling,
    m.UnitCeiling,
):
    admin.site.register(model, SimpleHistoryAdmin)


class NomenclatureItemInline(admin.TabularInline):
    model = m.NomenclatureItem
    extra = 0


@admin.register(m.NomenclatureVersion)
class NomenclatureVersionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "decree", "loaded_at"]


@admin.register(m.NomenclatureItem)
class NomenclatureItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "version"]
    list_filter = ["version", "kind"]
    search_fields = ["code", "name"]
