"""Who may do what, and where: the policy behind the one rights mechanism.

A user holds assignments (role × unit). A role grants actions; an assignment
grants them over the unit's whole subtree. `scope_paths` turns a user's
assignments into path prefixes and is registered with `core.scoping` when the
accounts app is ready; the mechanism every caller uses (`require`, `can`,
`get_for_user`, `Refused`, the actions) lives in `antq.core.access` and is
re-exported here, so a domain app imports rights from one module:

    from antq.accounts.access import EDIT, Actor, require

- `scope_paths(user, action)` (from `assigned_paths`) → the unit paths under
  which `action` is allowed (None = everywhere, for system administrators);
- `Model.objects.for_user(user, action)` filters any scoped query set with it;
- `require(by, action, where)` refuses a write with `Refused` (403).
"""

from typing import TypeAlias

from django.utils.translation import gettext_lazy

from antq.accounts.models import Role, User
from antq.core.access import (
    ACTIONS,
    APPROVE,
    EDIT,
    MANAGE_USERS,
    VIEW,
    VIEW_AUDIT,
    Refused,
    can,
    get_for_user,
    is_system_admin,
    require,
    require_somewhere,
    scope_paths,
)
from antq.core.actors import SYSTEM, SystemActor, actor_of
from antq.units.selectors import home_units, requested_unit

__all__ = [
    "ACTIONS",
    "APPROVE",
    "EDIT",
    "MANAGE_USERS",
    "ROLE_ACTIONS",
    "SYSTEM",
    "VIEW",
    "VIEW_AUDIT",
    "Actor",
    "Refused",
    "SystemActor",
    "actor_of",
    "can",
    "forget_cached_scope",
    "get_for_user",
    "home_units",
    "is_system_admin",
    "outranks",
    "rank_at",
    "requested_unit",
    "require",
    "require_outranks",
    "require_somewhere",
    "role_rank",
    "roles_of",
    "scope_paths",
]

#: who does a write: a person, or the system for work no person started
Actor: TypeAlias = User | SystemActor

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(ACTIONS),
    Role.UNIT_ADMIN: frozenset({VIEW, EDIT, MANAGE_USERS, VIEW_AUDIT}),
    Role.APPROVER: frozenset({VIEW, EDIT, APPROVE}),
    Role.DATA_ENTRY: frozenset({VIEW, EDIT}),
    Role.VIEWER: frozenset({VIEW}),
}

#: roles from the highest down: nobody acts on an account holding a role
#: above their own, nor grants one (accounts.services)
ROLE_ORDER = [Role.SYSTEM_ADMIN, Role.UNIT_ADMIN, Role.APPROVER, Role.DATA_ENTRY, Role.VIEWER]
TOP_RANK = len(ROLE_ORDER)

_CACHE_ATTR = "_antq_scope_cache"


def role_rank(role: str) -> int:
    """5 for a system administrator down to 1 for a viewer."""
    return TOP_RANK - ROLE_ORDER.index(role)


def rank_at(user, path: str) -> int:
    """The highest rank `user` holds over the unit at `path`: their roles at
    that unit or above it (0 with none). A system administrator, a superuser
    and the system itself rank first everywhere."""
    if isinstance(user, SystemActor) or _holds_everywhere(user):
        return TOP_RANK
    if not getattr(user, "is_active", False):
        return 0
    roles = [
        role
        for granted, held in _roles_by_path(user).items()
        if path.startswith(granted)
        for role in held
    ]
    return max((role_rank(role) for role in roles), default=0)


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


def roles_of(user) -> set[str]:
    """The roles `user` holds at open units, read once per request with their
    rights (no query of its own when a right was checked already)."""
    return _roles_by_path(user).values_roles()


def forget_cached_scope(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _holds_everywhere(user) -> bool:
    return user.is_superuser or Role.SYSTEM_ADMIN in _roles_by_path(user).values_roles()


def assigned_paths(user, action: str) -> list[str] | None:
    """Unit paths under which `user`'s assignments allow `action`; None means
    everywhere (a system administrator).

    Anonymous or inactive users get an empty list (nowhere). Paths nested in
    another granted path are dropped so the filter stays short. Registered
    with `core.scoping`; callers ask `scope_paths` (core.access), which also
    checks the action and answers for the system actor.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if _holds_everywhere(user):
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


# --- acting on another account ------------------------------------------------

ABOVE_YOU = gettext_lazy(
    "Tài khoản này giữ vai trò cao hơn vai trò của bạn: bạn không thao tác trên tài khoản này."
)


def require_outranks(by: Actor, user: User) -> None:
    """Refused unless `by` ranks at least as high as each role `user` holds,
    where it is held (a commune administrator does not act on a province
    administrator who also views the commune). The one check before any act
    on another account: locking, roles, tokens."""
    if isinstance(by, SystemActor):
        return
    if user.is_superuser and not by.is_superuser:
        raise Refused(ABOVE_YOU)
    held = user.assignments.filter(unit__valid_to__isnull=True).values_list("role", "unit__path")
    if any(role_rank(role) > rank_at(by, path) for role, path in held):
        raise Refused(ABOVE_YOU)


def outranks(by: Actor, user: User) -> bool:
    """May `by` act on `user`'s account at all (see require_outranks)?"""
    try:
        require_outranks(by, user)
    except Refused:
        return False
    return True
