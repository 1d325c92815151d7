from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "antq.reminders"
    verbose_name = "Nhắc việc"
