"""The query-set half of scoping: every scoped model reaches a unit path.

Which paths a user may read or write is decided in one place,
`antq.accounts.access`; this mixin only turns a list of path prefixes into one
filter, so each model declares where its unit path lives and nothing more.
"""

from collections.abc import Iterable

from django.db import models
from django.db.models import Q


class ScopedQuerySet(models.QuerySet):
    #: lookup from this model to its unit's materialized path
    scope_path_field: str = "unit__path"

    def within_paths(self, paths: Iterable[str] | None) -> "ScopedQuerySet":
        """Rows under any of `paths`; None means everywhere, an empty list nowhere."""
        if paths is None:
            return self
        condition = Q()
        for path in paths:
            condition |= Q(**{f"{self.scope_path_field}__prefix": path})
        if not condition:
            return self.none()
        return self.filter(condition)

    def for_user(self, user, action: str) -> "ScopedQuerySet":
        """Rows `user` may `action` (see antq.accounts.access.ACTIONS)."""
        # Imported here: accounts builds on this module, not the other way round.
        from antq.accounts.access import scope_paths

        return self.within_paths(scope_paths(user, action))
