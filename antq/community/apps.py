from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "antq.community"
    verbose_name = _("Mô hình tự quản, điển hình")

    def ready(self) -> None:
        from antq.community.services import community_restate
        from antq.community.sources import register
        from antq.indicators.jobs import register_restate

        register()
        register_restate("community", community_restate)
