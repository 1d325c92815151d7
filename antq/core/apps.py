from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "antq.core"
    verbose_name = "Dùng chung"

    def ready(self):
        from antq.core.cache import create_cache_table

        # every `antq migrate` (make run, antq serve, the test database)
        # leaves the shared counters' table in place
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="antq_cache_table")
