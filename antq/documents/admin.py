"""Configuration of the outgoing register in /admin/, every write audited:
issuing bodies and their office holders, who issues what, the legal
documents cited by date, and a province's own DOCX templates (checked for
their placeholders). Documents themselves are only read here: they change
through the register's pages and services."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from antq.audit.admin import AuditedModelAdmin, ConfigurationAdmin, ReadOnlyAdmin
from antq.documents.models import (
    Authority,
    Document,
    DocumentTemplate,
    IssuingBody,
    LegalDocument,
    OfficeHolder,
)
from antq.documents.rendering import TemplateProblem, check_template


class HolderInline(admin.TabularInline):
    model = OfficeHolder
    extra = 1
    fields = ["title", "name", "valid_from", "valid_to"]


@admin.register(IssuingBody)
class IssuingBodyAdmin(AuditedModelAdmin):
    list_display = ["__str__", "kind", "abbreviation", "place", "numbering", "identifier_code"]
    list_filter = ["kind", "numbering"]
    search_fields = ["name", "code", "identifier_code"]
    inlines = [HolderInline]
    raw_id_fields = ["unit"]

    def audit_unit_path(self, obj) -> str:
        return obj.scope_path


@admin.register(Authority)
class AuthorityAdmin(AuditedModelAdmin):
    list_display = ["purpose", "level", "body_kind", "doc_type", "signing_form", "signer_title"]
    list_filter = ["body_kind", "doc_type", "level"]


@admin.register(LegalDocument)
class LegalDocumentAdmin(ConfigurationAdmin):
    list_display = ["number", "topic", "valid_from", "valid_to", "to_verify"]
    list_filter = ["topic"]
    search_fields = ["number", "citation"]


class TemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["doc_type", "unit", "file", "note", "active"]

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload and data.get("doc_type") and hasattr(upload, "read"):
            upload.seek(0)
            try:
                check_template(upload.read(), data["doc_type"])
            except TemplateProblem as problem:
                raise forms.ValidationError({"file": str(problem)}) from None
            upload.seek(0)
        return data


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(AuditedModelAdmin):
    form = TemplateForm
    list_display = ["__str__", "active", "uploaded_at", "uploaded_by"]
    list_filter = ["doc_type", "active"]
    raw_id_fields = ["unit"]

    def save_model(self, request, obj, form, change):
        obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def audit_unit_path(self, obj) -> str:
        return obj.unit.path if obj.unit_id else ""


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "body", "date", "status", "signer_name"]
    list_filter = ["doc_type", "status"]
    search_fields = ["symbol", "subject"]
    verbose_name = _("văn bản đi")
