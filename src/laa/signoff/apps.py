from django.apps import AppConfig


class SignoffConfig(AppConfig):
    name = "laa.signoff"
    label = "signoff"

    def ready(self) -> None:
        from laa.signoff import rules  # noqa: F401  registers the app's permission predicates
