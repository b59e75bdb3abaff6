from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "laa.places"
    label = "places"

    def ready(self) -> None:
        from laa.places import permissions  # noqa: F401  registers the app's permissions
