from django.contrib import admin
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from antq.accounts.models import Assignment, User
from antq.accounts.services import user_access_revoke
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            user_access_revoke(by=request.user, user=obj)  # locked here as on the page

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            user_access_revoke(by=request.user, user=user)  # as on the password page
            if user.pk == request.user.pk:
                update_session_auth_hash(request, user)
        return response
