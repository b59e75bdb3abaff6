from django.apps import AppConfig


class SignoffConfig(AppConfig):
    name = "laa.signoff"
    label = "signoff"
