"""Rights, checked in one place: the mechanism every page, API endpoint,
service, export and download calls.

The *policy* (which roles grant which actions, over which units) is
`antq.accounts.access`, which registers its `scope_paths` with
`core.scoping` when the accounts app is ready; everything here asks that one
function, so the tree (`units`) and the audit pages can check rights without
importing the accounts app. Domain apps import these names from
`antq.accounts.access`, which re-exports them.

- `require(by, action, where)`: the one right check of every service; raises
  `Refused` (a `PermissionDenied`), which pages and the API each turn into a
  403 in one place (`core.middleware.RefusalMiddleware`, `api.api`).
- `can(by, action, path)`: the same question, answered with a bool.
- `require_somewhere(by, action)`: may `by` do `action` anywhere at all (a
  page listing what they may act on)?
- `get_for_user(queryset, user, action, **lookup)`: one row; outside what
  the user may *see* → 404; visible but not allowed → 403.

`by` is a person (a `User`) or the typed system actor (`core.actors`), never
None: background work says it is the system instead of switching checks off.
"""

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from antq.core import scoping
from antq.core.actors import SystemActor

VIEW = "view"
EDIT = "edit"
APPROVE = "approve"
MANAGE_USERS = "manage_users"
VIEW_AUDIT = "view_audit"

ACTIONS = (VIEW, EDIT, APPROVE, MANAGE_USERS, VIEW_AUDIT)

M = TypeVar("M", bound=Model)


class Refused(PermissionDenied):
    """A right the actor does not hold where it tried to act. Its message is
    Vietnamese and meant for the person; pages answer 403 with it, the API
    403 in its error body. Only ever a missing right: an unwritable folder is
    an OSError, a server fault, never a refusal."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Bạn không có quyền thực hiện thao tác này."))

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def scope_paths(user, action: str) -> list[str] | None:
    """Unit paths under which `user` may do `action`; None means everywhere
    (a system administrator, or the system actor); [] nowhere."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if isinstance(user, SystemActor):
        return None
    return scoping.scope_function()(user, action)


def is_system_admin(user) -> bool:
    """Everywhere allowed: a system administrator, or the system itself."""
    return scope_paths(user, VIEW) is None


def can(user, action: str, path: str) -> bool:
    """May `user` do `action` on something whose unit path is `path`?"""
    paths = scope_paths(user, action)
    return paths is None or any(path.startswith(prefix) for prefix in paths)


def require(by, action: str, where, message: str | None = None) -> None:
    """Refuse (raise `Refused` with `message`) unless `by` may `action` at
    `where`: a unit, a unit's materialized path, or None for the nation as a
    whole (national configuration), which only a system administrator holds.

    `by` is never None: background work passes the system actor; None is a
    programming error (TypeError), never a check switched off."""
    if by is None:
        raise TypeError("require(): `by` is None; background work acts as SYSTEM")
    path = where if isinstance(where, str) or where is None else where.path
    paths = scope_paths(by, action)
    allowed = paths is None or (
        path is not None and any(path.startswith(prefix) for prefix in paths)
    )
    if not allowed:
        raise Refused(message)


def require_somewhere(by, action: str, message: str | None = None) -> None:
    """Refuse (`Refused` with `message`) unless `by` may `action` under at
    least one unit: the check of a page that lists what a person may act on
    (the users they manage, the audit log they may read), before it is
    narrowed to their scope. `by` is never None (TypeError)."""
    if by is None:
        raise TypeError("require_somewhere(): `by` is None; background work acts as SYSTEM")
    if scope_paths(by, action) == []:
        raise Refused(message)


def get_for_user(queryset: QuerySet[M], user, action: str, **lookup) -> M:
    """One row of `queryset` matching `lookup`: 404 if the user cannot see it, 403 if
    they can see it but may not `action` it."""
    visible = queryset.for_user(user, VIEW)
    try:
        obj = visible.get(**lookup)
    except (visible.model.DoesNotExist, visible.model.MultipleObjectsReturned, ValueError):
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền truy cập.")) from None
    if action != VIEW and not queryset.for_user(user, action).filter(pk=obj.pk).exists():
        raise Refused()
    return obj
