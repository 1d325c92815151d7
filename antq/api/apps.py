from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "antq.api"
    verbose_name = "API"
