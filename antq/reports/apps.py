from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "antq.reports"
    verbose_name = _("Báo cáo, biểu đồ")

    def ready(self) -> None:
        from antq.documents.composers import register_composer
        from antq.reports.documents import SOURCE

        register_composer(SOURCE, "antq.reports.documents.compose")
