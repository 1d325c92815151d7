"""Per-process caches that every process drops the moment the data changes.

Some reads are the same for every request and change rarely (the statistics
catalogue: indicators, forms, lines, rules). Each process keeps its own copy,
keyed by the data's *generation*: a row of `core.Generation` that every write
to the data sets to a new random token, in the writing transaction. A request
reads the token (one small query) and reuses its copy when the token is the
one it was built under; otherwise it builds it again.

The token is random, not a counter, so a change rolled back never leaves a
token that a later change could reuse: a copy built inside a transaction
that rolled back is never taken for the data committed later.

    CATALOGUE = Generation("catalogue", Indicator, ReportForm, ...)
    snapshot = CATALOGUE.cached(build)  # build() -> the copy, read-only

Every write path of the watched models changes the generation: saves and
deletes (signals), and the query-set writes that send no signal (`update`,
`bulk_create`, `bulk_update`, `delete`) when the models use
`GenerationQuerySet` (`watched_manager`). A raw SQL write must call
`bump()` itself.
"""

import secrets
from collections.abc import Callable
from typing import Any

from django.db import connection, models
from django.db.models.signals import m2m_changed, post_delete, post_save

__all__ = ["Generation", "GenerationQuerySet", "generation_token"]

_GENERATIONS: dict[str, "Generation"] = {}


def generation_token(name: str) -> str:
    """The current token of `name` ("" before its first change)."""
    from antq.core.models import Generation as Row

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {Row._meta.db_table} WHERE name = %s", [name])  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else ""


class Generation:
    """A named generation watched over `models`, with this process's copy."""

    def __init__(self, name: str, *watched: type[models.Model]) -> None:
        self.name = name
        self.token = ""  # the token the copy was built under
        self.copy: Any = None
        _GENERATIONS[name] = self
        for model in watched:
            self.watch(model)

    def watch(self, model: type[models.Model]) -> None:
        uid = f"antq-generation-{self.name}-{model._meta.label}"
        post_save.connect(self._changed, sender=model, weak=False, dispatch_uid=uid + "-save")
        post_delete.connect(self._changed, sender=model, weak=False, dispatch_uid=uid + "-del")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                self._changed, sender=through, weak=False, dispatch_uid=uid + "-m2m"
            )
        model._generation = self  # read by GenerationQuerySet

    def _changed(self, **_kwargs) -> None:
        self.bump()

    def bump(self) -> None:
        """A new token, in the current transaction; this process's copy is
        dropped at once."""
        from antq.core.models import Generation as Row

        self.copy, self.token = None, ""
        table = Row._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (name, token) VALUES (%s, %s) "  # noqa: S608
                "ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token",
                [self.name, secrets.token_hex(12)],
            )

    def cached(self, build: Callable[[], Any]) -> Any:
        """This process's copy, built again by `build()` when the generation
        changed since it was built. The copy is shared by every request of
        the process: treat it as read-only."""
        token = generation_token(self.name)
        if self.copy is None or token != self.token:
            self.copy, self.token = build(), token
        return self.copy

    def forget(self) -> None:
        """Drop this process's copy (tests that change the data in SQL)."""
        self.copy, self.token = None, ""


class GenerationQuerySet(models.QuerySet):
    """A query set whose bulk writes (no signals) change its model's generation."""

    def _bump(self) -> None:
        generation = getattr(self.model, "_generation", None)
        if generation is not None:
            generation.bump()

    def update(self, **kwargs):
        done = super().update(**kwargs)
        self._bump()
        return done

    def bulk_create(self, objs, *args, **kwargs):
        made = super().bulk_create(objs, *args, **kwargs)
        self._bump()
        return made

    def bulk_update(self, objs, *args, **kwargs):
        done = super().bulk_update(objs, *args, **kwargs)
        self._bump()
        return done

    def delete(self):
        done = super().delete()
        self._bump()
        return done

    delete.alters_data = True
    delete.queryset_only = True
    update.alters_data = True
