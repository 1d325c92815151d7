from django.contrib import admin

from antq.assessments.models import Campaign, CriteriaSet, Criterion, ScoreItem, ScoreSheet
from antq.audit.admin import AuditedModelAdmin


@admin.register(Campaign)
class CampaignAdmin(AuditedModelAdmin):
    """Periods, deadlines, who recognizes whom (e.g. {"school": "province"}), the
    classification bands and the cap rule are configured here."""

    list_display = ["province", "year", "status", "area_deadline", "other_deadline"]
    list_filter = ["status", "year"]
    raw_id_fields = ["province"]

    def audit_unit_path(self, obj) -> str:
        return obj.province.path


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(AuditedModelAdmin):
    list_display = ["title", "year", "target", "province", "locked_at"]
    list_filter = ["year", "target"]
    inlines = [CriterionInline]
    raw_id_fields = ["province"]

    def has_change_permission(self, request, obj=None):
        # A set used by an assessment is frozen: past results never change.
        return super().has_change_permission(request, obj) and not (obj and obj.is_locked)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_locked)


class ScoreItemInline(admin.TabularInline):
    model = ScoreItem
    extra = 0


@admin.register(ScoreSheet)
class ScoreSheetAdmin(AuditedModelAdmin):
    list_display = ["title", "year", "target", "locked_at"]
    inlines = [ScoreItemInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.locked_at)
