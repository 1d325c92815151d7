from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "antq.community"
    verbose_name = _("Mô hình tự quản, điển hình")

    def ready(self) -> None:
        from antq.community.sources import register

        register()
