from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "antq.plans"
    verbose_name = _("Kế hoạch")

    def ready(self) -> None:
        from antq.indicators.jobs import register_restate
        from antq.plans.services import plans_restate

        register_restate("plans", plans_restate)
