from django.conf import settings

from antq.accounts.access import MANAGE_USERS, VIEW_AUDIT, scope_paths
from antq.accounts.middleware import session_seconds_left


def session_expiry(request) -> dict:
    """Seconds of inactivity before the session ends, and how many are left
    since it last renewed (for the expiry warning), and which menu entries
    the user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_seconds_left": session_seconds_left(request),
        "nav_manage_users": scope_paths(user, MANAGE_USERS) != [],
        "nav_view_audit": scope_paths(user, VIEW_AUDIT) != [],
    }
