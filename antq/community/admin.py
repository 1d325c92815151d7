"""Categories of self-management models in /admin/ (`audit.configuration`)."""

from django.contrib import admin

from antq.audit.admin import ConfigurationAdmin
from antq.community.models import ModelCategory


@admin.register(ModelCategory)
class ModelCategoryAdmin(ConfigurationAdmin):
    list_display = ["code", "name", "order", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name"]
