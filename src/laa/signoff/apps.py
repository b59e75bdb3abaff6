from django.apps import AppConfig


class SignoffConfig(AppConfig):
    name = "laa.signoff"
    label = "signoff"

    def ready(self) -> None:
        from laa.signoff import permissions  # noqa: F401  registers the app's permissions
