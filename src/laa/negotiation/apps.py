from django.apps import AppConfig


class NegotiationConfig(AppConfig):
    name = "laa.negotiation"
    label = "negotiation"
