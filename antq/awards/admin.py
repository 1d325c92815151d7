"""Award types and their conditions in /admin/ (`audit.configuration`: a
type's level and recipients stay once it has nominations, codes kept, types
deactivated instead of deleted, every change audited with its conditions
before and after)."""

from django.contrib import admin

from antq.audit.admin import ConfigurationAdmin
from antq.awards.models import AwardType


@admin.register(AwardType)
class AwardTypeAdmin(ConfigurationAdmin):
    list_display = ["code", "name", "level", "for_collectives", "for_individuals", "active"]
    list_filter = ["level", "active"]
    search_fields = ["code", "name"]
