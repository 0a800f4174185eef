"""Stage records and versions are written by the transition primitive only: read-only here."""

from django.contrib import admin

from .models import StageRecord, Version


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StageRecord)
class StageRecordAdmin(ReadOnlyAdmin):
    list_display = ["plan", "stage", "flow", "opened_at", "opened_by", "closed_at", "version"]
    list_filter = ["stage", "flow"]
    search_fields = ["plan__title", "plan__public_id", "note"]


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ["plan", "number", "label", "kind", "stage", "frozen_at", "created_by"]
    list_filter = ["kind"]
    search_fields = ["plan__title", "label"]
