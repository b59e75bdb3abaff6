from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "laa.dashboards"
    label = "dashboards"
