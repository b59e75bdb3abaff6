from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "laa.places"
    label = "places"
