from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save


class PerformanceConfig(AppConfig):
    name = "laa.performance"
    label = "performance"

    def ready(self) -> None:
        # Django's app registry: models and what reads them load once the apps are ready.
        from laa.agreements.reward_element import read_budgets_with  # noqa: PLC0415
        from laa.hub.models import LedgerEntry  # noqa: PLC0415
        from laa.performance import permissions  # noqa: F401, PLC0415  registers the app's permissions
        from laa.performance.reward_reading import budgets_of  # noqa: PLC0415
        from laa.performance.tasks import compare_after_import  # noqa: PLC0415

        def after_import(sender, instance, created: bool, **kwargs) -> None:
            """A hub import committed: compare the new values in the background (ADR 0026, "Later")."""
            if created:
                transaction.on_commit(compare_after_import.enqueue)

        post_save.connect(after_import, sender=LedgerEntry, weak=False, dispatch_uid="performance-compare-after-import")
        # The agreement document states its reward element's potential grant from the net
        # budget requirements recorded here (published money: everyone reads it).
        read_budgets_with(lambda agreement: budgets_of(None, agreement))
