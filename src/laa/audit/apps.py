from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "laa.audit"
    label = "audit"
