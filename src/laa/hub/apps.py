from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "laa.hub"
    label = "hub"
    verbose_name = "Data Interchange Hub"

    def ready(self) -> None:
        from laa.hub import permissions  # noqa: F401  registers the rules predicates
