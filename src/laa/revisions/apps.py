from django.apps import AppConfig


class RevisionsConfig(AppConfig):
    name = "laa.revisions"
    label = "revisions"

    def ready(self) -> None:
        from laa.revisions import permissions  # noqa: F401  registers the app's permissions
