from django.contrib import admin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Consultation, Membership, Minutes, Notification, Organisation, Proposal


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user", "decided_by"]


@admin.register(Organisation)
class OrganisationAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "status", "region"]
    list_filter = ["kind", "status", "region"]
    search_fields = ["name"]
    raw_id_fields = ["verified_by", "registered_by"]
    inlines = [MembershipInline]


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    # Opened and closed through the services (transition primitive): read-only here.
    list_display = ["title", "kind", "plan", "starts_at", "ends_at", "status"]
    list_filter = ["kind", "status", "audience"]
    search_fields = ["title", "plan__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    list_display = ["description", "source", "proposer_name", "status", "plan"]
    list_filter = ["source", "status"]
    search_fields = ["description", "proposer_name", "reference"]
    raw_id_fields = ["plan", "organisation", "proposer", "consultation", "element"]


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ["number", "consultation", "held_on"]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "user", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user"]
