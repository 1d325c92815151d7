from django.contrib import admin

from antq.reports.models import ReportTemplate, TemplateSection


class SectionInline(admin.StackedInline):
    model = TemplateSection
    extra = 0
    fields = [
        ("key", "order", "number", "level"),
        "heading",
        "figures",
        ("table", "chart", "chart_indicator"),
        "placeholder",
    ]


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_default"]
    inlines = [SectionInline]
