from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from antq.accounts.models import Assignment, User
from antq.audit.admin import AuditedModelAdmin


class AssignmentInline(admin.TabularInline):
    model = Assignment
    raw_id_fields = ["unit"]
    extra = 0


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    fieldsets = [*BaseUserAdmin.fieldsets, ("antq", {"fields": ["full_name", "position", "phone"]})]
    list_display = ["username", "full_name", "position", "is_active"]
    inlines = [AssignmentInline]
