from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "antq.awards"
    verbose_name = _("Thi đua, khen thưởng")

    def ready(self) -> None:
        from antq.awards.documents import PROPOSAL, SOURCE
        from antq.awards.sources import register
        from antq.documents.composers import register_composer

        register()
        register_composer(SOURCE, "antq.awards.documents.compose")
        # a Tờ trình changes nothing in the round: it is issued on the register's page
        register_composer(PROPOSAL, "antq.awards.documents.compose_proposal", issued_here=True)
