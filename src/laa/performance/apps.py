from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "laa.performance"
    label = "performance"

    def ready(self) -> None:
        from laa.agreements.reward_element import read_budgets_with
        from laa.performance import permissions  # noqa: F401  registers the app's permissions
        from laa.performance.reward_reading import budgets_of

        # The agreement document states its reward element's potential grant from the net
        # budget requirements recorded here (published money: everyone reads it).
        read_budgets_with(lambda agreement: budgets_of(None, agreement))
