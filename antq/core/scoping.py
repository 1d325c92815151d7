"""The query-set half of scoping: every scoped model reaches a unit path.

Which paths a user may read or write is decided in one place,
`antq.accounts.access`, which registers its `scope_paths` here when the
accounts app is ready (core imports nothing of the domain); this mixin only
turns a list of path prefixes into one filter, so each model declares where its
unit path lives and nothing more.
"""

from collections.abc import Callable, Iterable

from django.db import models
from django.db.models import Q

ScopeFunction = Callable[[object, str], list[str] | None]
_scope_paths: ScopeFunction | None = None


def register_scope_function(function: ScopeFunction) -> None:
    """Install the one function that answers "under which unit paths may this
    user do this action" (None = everywhere, [] = nowhere)."""
    global _scope_paths
    _scope_paths = function


def scope_function() -> ScopeFunction:
    """The registered policy; fails closed when none is (no rows, no rights)."""
    if _scope_paths is None:
        raise RuntimeError("no scope function registered (is antq.accounts installed?)")
    return _scope_paths


class ScopedQuerySet(models.QuerySet):
    #: lookup from this model to its unit's materialized path; several when a
    #: row is reached through either of two units (a task's progress: through
    #: the plan's issuer, or by the lead unit that reports it)
    scope_path_field: str | tuple[str, ...] = "unit__path"

    def within_paths(self, paths: Iterable[str] | None) -> "ScopedQuerySet":
        """Rows under any of `paths` (by any of the scope fields); None means
        everywhere, an empty list nowhere."""
        if paths is None:
            return self
        fields = self.scope_path_field
        fields = (fields,) if isinstance(fields, str) else fields
        condition = Q()
        for path in paths:
            for field in fields:
                condition |= Q(**{f"{field}__prefix": path})
        if not condition:
            return self.none()
        return self.filter(condition)

    def for_user(self, user, action: str) -> "ScopedQuerySet":
        """Rows `user` may `action` (see antq.core.access.ACTIONS)."""
        from antq.core.access import scope_paths  # same layer; access imports this module

        return self.within_paths(scope_paths(user, action))
