from django.conf import settings


def session_expiry(request) -> dict:
    """Seconds of inactivity before the session ends, for the expiry warning."""
    if getattr(request, "user", None) is None or not request.user.is_authenticated:
        return {}
    return {"session_idle_seconds": settings.SESSION_COOKIE_AGE}
