from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "antq.plans"
    verbose_name = _("Kế hoạch")

    def ready(self) -> None:
        from antq.documents.composers import register_composer
        from antq.plans.documents import SOURCE

        register_composer(SOURCE, "antq.plans.documents.compose", page="plans:plan-detail")
