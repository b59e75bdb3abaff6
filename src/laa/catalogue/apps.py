from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "laa.catalogue"
    label = "catalogue"

    def ready(self) -> None:
        from laa.catalogue import permissions  # noqa: F401  registers the app's permissions
