from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "antq.indicators"
    verbose_name = _("Thống kê định kỳ")

    def ready(self) -> None:
        # every catalogue write changes its generation from the start
        from antq.indicators import snapshot  # noqa: F401
