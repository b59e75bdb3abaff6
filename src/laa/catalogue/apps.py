from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "laa.catalogue"
    label = "catalogue"
