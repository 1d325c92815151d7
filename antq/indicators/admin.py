"""Indicators and report forms in /admin/ (`audit.configuration`): what a
value means (type, aggregation, unit, options, formula) and a form's period
and reporting units stay once data exist, codes kept, entries deactivated or
closed instead of deleted, every change audited; a form's lines and rules are
its inlines."""

from django.contrib import admin

from antq.audit.admin import ConfigurationAdmin
from antq.indicators.models import FormIndicator, Indicator, ReportForm, ValidationRule


@admin.register(Indicator)
class IndicatorAdmin(ConfigurationAdmin):
    list_display = ["code", "name", "unit_label", "aggregation", "category", "active"]
    list_filter = ["category", "aggregation", "active"]
    search_fields = ["code", "name"]


class FormIndicatorInline(admin.TabularInline):
    model = FormIndicator
    raw_id_fields = ["indicator"]
    extra = 0


class ValidationRuleInline(admin.TabularInline):
    model = ValidationRule
    extra = 0


@admin.register(ReportForm)
class ReportFormAdmin(ConfigurationAdmin):
    list_display = ["code", "name", "period_type", "deadline_days", "is_open"]
    list_filter = ["period_type", "is_open"]
    search_fields = ["code", "name"]
    inlines = [FormIndicatorInline, ValidationRuleInline]
