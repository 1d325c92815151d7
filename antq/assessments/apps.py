from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "antq.assessments"
    verbose_name = _("An toàn về an ninh, trật tự")
