from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "laa.api"
    label = "api"
