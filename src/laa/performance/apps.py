from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "laa.performance"
    label = "performance"

    def ready(self) -> None:
        from laa.performance import permissions  # noqa: F401  registers the app's permissions
