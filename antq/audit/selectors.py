from datetime import date

from django.db.models import QuerySet

from antq.audit.models import AuditEntry
from antq.core.access import VIEW_AUDIT


def audit_list(
    *,
    user,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    """Audit entries in the part of the tree `user` may audit, newest first.

    Entries without a unit (sign-ins, failed sign-ins) are visible only to
    system administrators: their scope is everywhere."""
    entries = AuditEntry.objects.for_user(user, VIEW_AUDIT)
    if actor:
        entries = entries.filter(actor_name__icontains=actor)
    if action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    return entries.select_related("actor").order_by("-at", "-id")
