from django.apps import AppConfig


class MaaConfig(AppConfig):
    name = "laa.maa"
    label = "maa"
    verbose_name = "Multi-area agreements"

    def ready(self) -> None:
        from laa.agreements.shared_designation import register
        from laa.maa import permissions  # noqa: F401  registers the app's permissions
        from laa.maa.queries import designated_for_area

        register(designated_for_area)  # the LAA's 35 counts the MAAs' designated targets (ADR 0028)
