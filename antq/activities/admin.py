"""Configuration of activities in /admin/: kinds, output kinds, threat
categories and their groups (`audit.configuration`: codes kept, entries
deactivated instead of deleted, every change audited)."""

from django.contrib import admin

from antq.activities.models import ActivityKind, OutputKind, ThreatCategory
from antq.audit.admin import ConfigurationAdmin


@admin.register(ActivityKind)
class ActivityKindAdmin(ConfigurationAdmin):
    list_display = ["code", "name", "order", "active"]
    list_filter = ["active"]
    list_editable = ["order"]
    search_fields = ["code", "name"]


@admin.register(OutputKind)
class OutputKindAdmin(ConfigurationAdmin):
    list_display = ["code", "name", "unit_label", "order", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name"]


@admin.register(ThreatCategory)
class ThreatCategoryAdmin(ConfigurationAdmin):
    list_display = ["code", "name", "parent", "order", "active"]
    list_filter = ["active", "parent"]
    search_fields = ["code", "name"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":  # groups are the top level only
            kwargs["queryset"] = ThreatCategory.objects.filter(parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
