from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "antq.assessments"
    verbose_name = _("An toàn về an ninh, trật tự")

    def ready(self) -> None:
        from antq.assessments.documents import SOURCE
        from antq.documents.composers import register_composer

        register_composer(SOURCE, "antq.assessments.documents.compose")
