from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "laa.agreements"
    label = "agreements"
