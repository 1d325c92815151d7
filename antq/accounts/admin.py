from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from antq.accounts.models import Assignment, User
from antq.audit.admin import AuditedModelAdmin


class AssignmentInline(admin.TabularInline):
    """Roles in the administration site; nobody edits their own (nobody
    grants themselves a role)."""

    model = Assignment
    raw_id_fields = ["unit"]
    extra = 0

    def _own(self, request, obj) -> bool:
        return obj is not None and obj.pk == request.user.pk

    def has_add_permission(self, request, obj=None):
        return not self._own(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._own(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._own(request, obj) and super().has_delete_permission(request, obj)


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    fieldsets = [*BaseUserAdmin.fieldsets, ("antq", {"fields": ["full_name", "position", "phone"]})]
    list_display = ["username", "full_name", "position", "is_active"]
    inlines = [AssignmentInline]
