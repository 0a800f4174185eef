from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(GuardedModelAdmin):
    list_display = ["name", "kind", "status", "region"]
    list_filter = ["kind", "status", "region"]
    search_fields = ["name"]
