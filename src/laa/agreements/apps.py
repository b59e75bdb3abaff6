from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "laa.agreements"
    label = "agreements"

    def ready(self) -> None:
        from laa.agreements import permissions  # noqa: F401  registers the app's permissions
