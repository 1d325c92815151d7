from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "antq.core"
    verbose_name = "Dùng chung"
