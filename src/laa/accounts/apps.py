from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "laa.accounts"
    label = "accounts"

    def ready(self) -> None:
        from laa.accounts import (
            permissions,  # noqa: F401  registers the rules predicates
            throttle,  # noqa: F401  audits sign-in lockouts
        )
