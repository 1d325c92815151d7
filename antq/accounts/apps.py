from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "antq.accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        from antq.accounts.access import assigned_paths
        from antq.core.scoping import register_scope_function

        register_scope_function(assigned_paths)
