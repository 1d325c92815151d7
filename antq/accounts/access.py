"""The one scoping function: what a user may do, and where.

A user holds assignments (role × unit). A role grants actions; an assignment
grants them over the unit's whole subtree. Every page, API endpoint, export and
download asks here first:

- `scope_paths(user, action)` → the unit paths under which `action` is allowed
  (None = everywhere, for system administrators);
- `Model.objects.for_user(user, action)` filters any scoped query set with it;
- `get_for_user(queryset, user, action, **lookup)` fetches one row:
  outside what the user may *see* → 404; visible but not allowed → 403.
"""

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from antq.accounts.models import Role

VIEW = "view"
EDIT = "edit"
APPROVE = "approve"
MANAGE_USERS = "manage_users"
VIEW_AUDIT = "view_audit"

ACTIONS = (VIEW, EDIT, APPROVE, MANAGE_USERS, VIEW_AUDIT)

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(ACTIONS),
    Role.UNIT_ADMIN: frozenset({VIEW, EDIT, MANAGE_USERS, VIEW_AUDIT}),
    Role.APPROVER: frozenset({VIEW, EDIT, APPROVE}),
    Role.DATA_ENTRY: frozenset({VIEW, EDIT}),
    Role.VIEWER: frozenset({VIEW}),
}

_CACHE_ATTR = "_antq_scope_cache"
M = TypeVar("M", bound=Model)


def is_system_admin(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or Role.SYSTEM_ADMIN in _roles_by_path(user).values_roles()


class _Grants(dict):
    """path → set of roles, for one user, cached on the user object per request."""

    def values_roles(self) -> set[str]:
        return set().union(*self.values()) if self else set()


def _roles_by_path(user) -> _Grants:
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    grants = _Grants()
    rows = user.assignments.filter(unit__valid_to__isnull=True).values_list("unit__path", "role")
    for path, role in rows:
        grants.setdefault(path, set()).add(role)
    setattr(user, _CACHE_ATTR, grants)
    return grants


def forget_cached_scope(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def scope_paths(user, action: str) -> list[str] | None:
    """Unit paths under which `user` may do `action`; None means everywhere.

    Anonymous or inactive users get an empty list (nowhere). Paths nested in
    another granted path are dropped so the filter stays short.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if is_system_admin(user):
        return None
    paths = sorted(
        path
        for path, roles in _roles_by_path(user).items()
        if any(action in ROLE_ACTIONS[role] for role in roles)
    )
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(prefix) for prefix in kept):
            kept.append(path)
    return kept


def can(user, action: str, path: str) -> bool:
    """May `user` do `action` on something whose unit path is `path`?"""
    paths = scope_paths(user, action)
    return paths is None or any(path.startswith(prefix) for prefix in paths)


def get_for_user(queryset: QuerySet[M], user, action: str, **lookup) -> M:
    """One row of `queryset` matching `lookup`: 404 if the user cannot see it, 403 if
    they can see it but may not `action` it."""
    visible = queryset.for_user(user, VIEW)
    try:
        obj = visible.get(**lookup)
    except (visible.model.DoesNotExist, visible.model.MultipleObjectsReturned, ValueError):
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền truy cập.")) from None
    if action != VIEW and not queryset.for_user(user, action).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    return obj


def home_units(user):
    """The units a user's assignments point at, shallowest first (their starting points)."""
    from antq.units.models import Unit

    if is_system_admin(user):
        return Unit.objects.filter(parent__isnull=True, valid_to__isnull=True).order_by("name")
    return Unit.objects.filter(path__in=list(_roles_by_path(user).keys())).order_by("depth", "name")


def requested_unit(request):
    """The unit whose subtree a page shows: `?unit=<id>` (404 outside what the
    user may see), else the user's first starting unit (None without any)."""
    from antq.units.models import Unit

    text = request.GET.get("unit", "")
    if text.isdigit():
        return get_for_user(Unit.objects.all(), request.user, VIEW, pk=int(text))
    return home_units(request.user).first()
