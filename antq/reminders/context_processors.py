from antq.reminders.models import Notification


def unread_notifications(request) -> dict:
    """The bell's count on every page: one indexed COUNT, only when signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(user=user).unread().count()}
