from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "antq.accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        from antq.accounts.access import assigned_paths
        from antq.core.scoping import register_scope_function

        register_scope_function(assigned_paths)
        _forget_tokens_on_change()


def _forget_tokens_on_change() -> None:
    """A token or user saved or deleted (revoked, locked, password changed)
    drops this process's cached token owners (`services.token_user`)."""
    from django.db.models.signals import post_delete, post_save

    from antq.accounts.models import ApiToken, User

    def forget(**_kwargs) -> None:
        from antq.accounts.services import forget_cached_tokens

        forget_cached_tokens()

    for model in (ApiToken, User):
        for signal in (post_save, post_delete):
            signal.connect(forget, sender=model, weak=False, dispatch_uid=f"antq-tokens-{model}")
