from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForcesConfig(AppConfig):
    name = "antq.forces"
    verbose_name = _("Tổ bảo vệ an ninh, trật tự")

    def ready(self) -> None:
        from antq.forces.sources import register

        register()
