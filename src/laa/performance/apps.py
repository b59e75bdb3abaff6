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
        from laa.agreements.reward_element import read_budgets_with  # noqa: PLC0415 - apps load first
        from laa.hub.models import LedgerEntry  # noqa: PLC0415 - models load after the apps
        from laa.performance import permissions  # noqa: F401  registers the app's permissions
        from laa.performance.reward_reading import budgets_of  # noqa: PLC0415 - models load after the apps

        post_save.connect(_after_import, sender=LedgerEntry, dispatch_uid="performance-compare-after-import")
        # The agreement document states its reward element's potential grant from the net
        # budget requirements recorded here (published money: everyone reads it).
        read_budgets_with(lambda agreement: budgets_of(None, agreement))
