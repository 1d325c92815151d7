from django.contrib import admin

from antq.audit.admin import ReadOnlyAdmin
from antq.units.models import LineageEvent, LineageLink, Unit


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    """Units change through the pages, the API and the loader (all audited)."""

    list_display = ["code", "name", "type", "kind", "valid_from", "valid_to", "is_demo"]
    list_filter = ["type", "is_demo"]
    search_fields = ["code", "name_folded"]
    readonly_fields = ["path", "depth", "name_folded"]
    raw_id_fields = ["parent"]


class LineageLinkInline(admin.TabularInline):
    model = LineageLink
    raw_id_fields = ["predecessor", "successor"]
    extra = 0


@admin.register(LineageEvent)
class LineageEventAdmin(ReadOnlyAdmin):
    list_display = ["kind", "date", "note"]
    list_filter = ["kind", "date"]
    inlines = [LineageLinkInline]
