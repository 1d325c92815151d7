from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction

from antq.audit.admin import AuditedModelAdmin, ReadOnlyAdmin
from antq.core.forms import add_service_errors
from antq.units.models import LineageEvent, LineageLink, Unit
from antq.units.services import DATE_FIELDS, unit_update


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    """Units are created and closed through the pages, the API and the loader
    (all audited); here a system administrator corrects a unit's founding and
    closing dates and its note, through the same service (`unit_update`,
    which checks them against the parent's and the children's lives)."""

    list_display = ["code", "name", "type", "kind", "valid_from", "valid_to", "is_demo"]
    list_filter = ["type", "kind", "is_demo"]
    search_fields = ["code", "name_folded"]
    fields = ["code", "name", "type", "kind", "parent", "valid_from", "valid_to", "note", "path"]
    readonly_fields = ["code", "name", "type", "kind", "parent", "path"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # an open unit's closing date is set by closing it, never typed here
        if obj is not None and obj.is_open:
            return [*self.readonly_fields, "valid_to"]
        return self.readonly_fields

    def audit_unit_path(self, obj) -> str:
        return obj.path

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type("UnitDatesForm", (_DatesForm, form), {"by": request.user})

    def save_model(self, request, obj, form, change):
        unit_update(unit=Unit.objects.get(pk=obj.pk), by=request.user, **form.date_changes())


class _DatesForm(forms.ModelForm):
    """Checks the new dates with the service itself, in a transaction rolled
    back, so a refusal shows on the form and nothing is saved."""

    by = None

    def date_changes(self) -> dict:
        return {n: self.cleaned_data[n] for n in self.changed_data if n in DATE_FIELDS}

    def clean(self):
        data = super().clean()
        if self.errors or self.instance.pk is None:
            return data
        try:
            with transaction.atomic():
                unit = Unit.objects.get(pk=self.instance.pk)
                unit_update(unit=unit, by=self.by, **self.date_changes())
                transaction.set_rollback(True)
        except ValidationError as error:
            add_service_errors(self, error)
        return data


class LineageLinkInline(admin.TabularInline):
    model = LineageLink
    raw_id_fields = ["predecessor", "successor"]
    extra = 0


@admin.register(LineageEvent)
class LineageEventAdmin(ReadOnlyAdmin):
    list_display = ["kind", "date", "note"]
    list_filter = ["kind", "date"]
    inlines = [LineageLinkInline]
