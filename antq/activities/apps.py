from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "antq.activities"
    verbose_name = _("Hoạt động của phong trào")

    def ready(self) -> None:
        # The statistics engine counts activities without importing this app.
        from antq.activities.sources import register

        register()
