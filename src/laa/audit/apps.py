from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "laa.audit"
    label = "audit"

    def ready(self) -> None:
        from laa.audit import permissions  # noqa: F401  registers the app's permissions
