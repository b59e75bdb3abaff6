from django.apps import AppConfig


class NegotiationConfig(AppConfig):
    name = "laa.negotiation"
    label = "negotiation"

    def ready(self) -> None:
        from laa.negotiation import permissions  # noqa: F401  registers the app's permissions
