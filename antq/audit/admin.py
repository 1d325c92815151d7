from django.contrib import admin

from antq.audit.configuration import frozen_fields
from antq.audit.models import AuditEntry
from antq.audit.services import (
    audit_record,
    configuration_create,
    configuration_update,
    snapshot,
)


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin writes are writes: each save or delete leaves an audit entry."""

    def audit_unit_path(self, obj) -> str:
        return ""

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
            obj=obj,
            unit_path=self.audit_unit_path(obj),
            before=before,
            after=snapshot(obj),
            note="admin",
        )

    def save_formset(self, request, form, formset, change):
        # Inline rows (criteria of a set, roles of a user) are writes as well.
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            audit_record(
                actor=request.user,
                action=AuditEntry.Action.DELETE,
                obj=deleted,
                unit_path=self._inline_path(deleted, form.instance),
                before=snapshot(deleted),
                note="admin",
            )
            deleted.delete()
        for instance in instances:
            instance.save()
            audit_record(
                actor=request.user,
                action=AuditEntry.Action.UPDATE,
                obj=instance,
                unit_path=self._inline_path(instance, form.instance),
                after=snapshot(instance),
                note="admin",
            )
        formset.save_m2m()

    def _inline_path(self, instance, parent) -> str:
        unit = getattr(instance, "unit", None)
        return unit.path if unit is not None else self.audit_unit_path(parent)

    def delete_model(self, request, obj):
        audit_record(
            actor=request.user,
            action=AuditEntry.Action.DELETE,
            obj=obj,
            unit_path=self.audit_unit_path(obj),
            before=snapshot(obj),
            note="admin",
        )
        super().delete_model(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit log is append-only."""

    list_display = ["at", "actor_name", "action", "source", "object_type", "object_repr"]
    list_filter = ["action", "source", "object_type"]
    search_fields = ["actor_name", "object_repr"]


class ConfigurationAdmin(AuditedModelAdmin):
    """A configuration table in /admin/ (`audit.configuration`): saved
    through `configuration_create` / `configuration_update` (audited, system
    administrators only); the code, and once the entry is used what defines
    its figures, are read-only; nothing is deleted, an entry is set inactive."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + [f for f in frozen_fields(obj) if f not in readonly] if obj else readonly

    def save_model(self, request, obj, form, change):
        names = {f.name for f in obj._meta.concrete_fields if not f.primary_key}
        if change:
            current = type(obj)._base_manager.get(pk=obj.pk)
            changes = {n: getattr(obj, n) for n in form.changed_data if n in names}
            configuration_update(by=request.user, entry=current, changes=changes)
            return
        values = {n: getattr(obj, n) for n in names if n in form.cleaned_data}
        obj.pk = configuration_create(by=request.user, model=type(obj), values=values).pk
