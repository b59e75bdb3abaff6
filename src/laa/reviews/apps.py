from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "laa.reviews"
    label = "reviews"

    def ready(self) -> None:
        from laa.reviews import permissions  # noqa: F401  registers the app's permissions
