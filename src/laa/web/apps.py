from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "laa.web"
    label = "web"
