from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save


def _after_import(sender, instance, created: bool, **kwargs) -> None:
    """A hub import committed: compare the new values in the background (ADR 0026, "Later")."""
    if created:
        from laa.performance.tasks import compare_after_import  # noqa: PLC0415 - the app's tasks load after the apps

        transaction.on_commit(compare_after_import.enqueue)


class PerformanceConfig(AppConfig):
    name = "laa.performance"
    label = "performance"

    def ready(self) -> None:
        from laa.hub.models import LedgerEntry  # noqa: PLC0415 - models load after the apps
        from laa.performance import permissions  # noqa: F401  registers the app's permissions

        post_save.connect(_after_import, sender=LedgerEntry, dispatch_uid="performance-compare-after-import")
