"""The daily reminders run, and a person's choice of reminders.

`reminders_send(today)` looks at what is due in the next
`settings.ANTQ_REMINDER_DAYS` days or overdue (never the history of a unit
closed in a reform: its plan's past occurrences), finds the people responsible
(assigned with a role that enters or approves data at the unit itself, so
nobody hears about a unit outside their scope), and writes one notification
per person and thing, never twice (a unique key). Then it e-mails the new
ones to those who want it, when they have an address."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import get_connection, send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import Refused, SystemActor
from antq.accounts.models import Assignment, Role, User
from antq.assessments.selectors import areas_missing_by_commune, late_dossiers, open_campaigns
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.core.periods import containing
from antq.core.vietnamese import format_date
from antq.indicators.models import ReportForm
from antq.indicators.selectors import returned_submissions, units_not_submitted
from antq.plans.selectors import occurrences_open, responsible_unit
from antq.reminders.models import Kind, Notification, Preference

RESPONSIBLE_ROLES = [Role.DATA_ENTRY, Role.APPROVER, Role.UNIT_ADMIN]
REMINDERS_ACTOR = SystemActor("reminders")  # the daily run: no person starts it
Progress = Callable[[int, int], None]
CHUNK = 500


@dataclass
class Reminder:
    """Something to tell the people responsible for `unit_id`."""

    kind: str
    key: str
    unit_id: int
    text: str
    url: str
    due: date | None = None


def _responsible(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """unit id → the active users assigned there with a role that acts on it."""
    people: dict[int, list[int]] = {}
    ids = list(dict.fromkeys(unit_ids))
    for start in range(0, len(ids), CHUNK):
        rows = Assignment.objects.filter(
            unit_id__in=ids[start : start + CHUNK],
            role__in=RESPONSIBLE_ROLES,
            user__is_active=True,
        ).values_list("unit_id", "user_id")
        for unit_id, user_id in rows:
            people.setdefault(unit_id, []).append(user_id)
    return people


def _statistics(today: date, days: int) -> list[Reminder]:
    reminders = []
    for form in ReportForm.objects.filter(is_open=True):
        period = containing(today, form.period_type).previous
        deadline = period.deadline(form.deadline_days)
        if today > deadline:
            kind, key = Kind.STATISTICS_OVERDUE, "stat-overdue"
            text = _("Báo cáo %(f)s %(p)s của %(u)s đã quá hạn (%(d)s).")
        elif deadline - today <= timedelta(days=days):
            kind, key = Kind.STATISTICS_DUE, "stat-due"
            text = _("Báo cáo %(f)s %(p)s của %(u)s: hạn nộp %(d)s.")
        else:
            continue
        units = units_not_submitted(form, period).values_list("pk", "name")
        for unit_id, name in units.iterator(chunk_size=2000):
            reminders.append(
                Reminder(
                    kind,
                    f"{key}:{form.code}:{period.id}:{unit_id}",
                    unit_id,
                    text % {"f": form.name, "p": period.label.lower(), "u": name,
                            "d": format_date(deadline)},
                    reverse("indicators:entry", args=[form.code, unit_id, period.id]),
                    deadline,
                )
            )  # fmt: skip
    for submission in returned_submissions():
        reminders.append(
            Reminder(
                Kind.STATISTICS_RETURNED,
                f"stat-returned:{submission.pk}:{submission.version}",
                submission.unit_id,
                _("Báo cáo %(p)s của %(u)s bị trả lại: %(r)s")
                % {"p": submission.period_label.lower(), "u": submission.unit.name,
                   "r": submission.return_reason[:120]},
                reverse("indicators:entry", args=[submission.form.code, submission.unit_id,
                                                  submission.period]),
            )
        )  # fmt: skip
    return reminders


def _assessments(today: date, days: int) -> list[Reminder]:
    reminders = []
    for campaign in open_campaigns():
        reminders += _assessments_overdue(campaign, today)
        deadline = campaign.area_deadline
        if not today <= deadline <= today + timedelta(days=days):
            continue
        for commune_id, missing in areas_missing_by_commune(campaign).items():
            reminders.append(
                Reminder(
                    Kind.ASSESSMENT_DUE,
                    f"assess-due:{campaign.pk}:{commune_id}",
                    commune_id,
                    _("Còn %(n)s khu dân cư chưa nộp hồ sơ “An toàn về ANTT” năm %(y)s; hạn %(d)s.")
                    % {"n": missing, "y": campaign.year, "d": format_date(deadline)},
                    reverse("assessments:registration-list", args=[campaign.pk, commune_id]),
                    deadline,
                )
            )
    return reminders


def _assessments_overdue(campaign, today: date) -> list[Reminder]:
    """Past a deadline: each commune with residential areas that have not
    submitted, and each commune, agency, enterprise or school whose own
    dossier is missing."""
    reminders = []
    year, url_of = campaign.year, "assessments:assessment-edit"
    if today > campaign.area_deadline:
        deadline = format_date(campaign.area_deadline)
        for commune_id, missing in areas_missing_by_commune(campaign).items():
            reminders.append(
                Reminder(
                    Kind.ASSESSMENT_OVERDUE,
                    f"assess-overdue:{campaign.pk}:{commune_id}",
                    commune_id,
                    _("Còn %(n)s khu dân cư chưa nộp hồ sơ “An toàn về ANTT” năm %(y)s; "
                      "đã quá hạn %(d)s.") % {"n": missing, "y": year, "d": deadline},
                    reverse("assessments:registration-list", args=[campaign.pk, commune_id]),
                    campaign.area_deadline,
                )
            )  # fmt: skip
    deadline = format_date(campaign.other_deadline)
    for unit_id, name in late_dossiers(campaign, today=today).values_list("pk", "name"):
        reminders.append(
            Reminder(
                Kind.ASSESSMENT_OVERDUE,
                f"dossier-overdue:{campaign.pk}:{unit_id}",
                unit_id,
                _("Hồ sơ “An toàn về ANTT” năm %(y)s của %(u)s chưa nộp; đã quá hạn %(d)s.")
                % {"y": year, "u": name, "d": deadline},
                reverse(url_of, args=[campaign.pk, unit_id]),
                campaign.other_deadline,
            )
        )
    return reminders


def _tasks(today: date, days: int) -> list[Reminder]:
    reminders = []
    for occurrence in occurrences_open(today - timedelta(days=days), today + timedelta(days=days)):
        task = occurrence.task
        overdue = occurrence.due < today
        text = (
            _("Nhiệm vụ “%(t)s” (%(p)s) đã quá hạn %(d)s.")
            if overdue
            else _("Nhiệm vụ “%(t)s” (%(p)s): hạn %(d)s.")
        )
        reminders.append(
            Reminder(
                Kind.TASK_OVERDUE if overdue else Kind.TASK_DUE,
                f"task-{'overdue' if overdue else 'due'}:{occurrence.pk}",
                responsible_unit(occurrence),
                text % {"t": task.text[:80], "p": f"{task.plan.number}/{task.plan.symbol}",
                        "d": format_date(occurrence.due)},
                reverse("plans:progress", args=[occurrence.pk]),
                occurrence.due,
            )
        )  # fmt: skip
    return reminders


def _disabled() -> set[tuple[int, str]]:
    return set(Preference.objects.filter(enabled=False).values_list("user_id", "kind"))


def _new_notifications(reminders: list[Reminder]) -> list[Notification]:
    people = _responsible(r.unit_id for r in reminders)
    disabled = _disabled()
    wanted = [
        Notification(user_id=user_id, kind=r.kind, key=r.key, unit_id=r.unit_id,
                     text=r.text[:300], url=r.url, due=r.due)
        for r in reminders
        for user_id in people.get(r.unit_id, [])
        if (user_id, r.kind) not in disabled
    ]  # fmt: skip
    fresh = []
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        seen = set(
            Notification.objects.filter(key__in={n.key for n in chunk}).values_list(
                "user_id", "key"
            )
        )
        fresh += [n for n in chunk if (n.user_id, n.key) not in seen]
    Notification.objects.bulk_create(fresh, batch_size=CHUNK, ignore_conflicts=True)
    return fresh


def _email(fresh: list[Notification]) -> int:
    """One message per person with their new reminders, to those who have an
    address and did not turn e-mail off."""
    from django.contrib.auth import get_user_model

    by_user: dict[int, list[Notification]] = {}
    for notification in fresh:
        by_user.setdefault(notification.user_id, []).append(notification)
    no_email = set(Preference.objects.filter(email=False).values_list("user_id", "kind"))
    users = get_user_model().objects.filter(pk__in=by_user).exclude(email="")
    messages = []
    for user in users:
        items = [n for n in by_user[user.pk] if (user.pk, n.kind) not in no_email]
        if not items:
            continue
        body = "\n".join(f"- {n.text}\n  {settings.ANTQ_SITE_URL}{n.url}" for n in items)
        messages.append(
            (
                _("[antq] %(n)s việc cần làm") % {"n": len(items)},
                body
                + "\n\n"
                + _("Đổi loại nhắc việc nhận được: %(u)s")
                % {"u": settings.ANTQ_SITE_URL + reverse("reminders:preferences")},
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
        )
    if messages:
        send_mass_mail(messages, fail_silently=False, connection=get_connection())
        Notification.objects.filter(
            user_id__in=[u.pk for u in users], key__in=[n.key for n in fresh]
        ).update(emailed_at=timezone.now())
    return len(messages)


def reminders_send(*, today: date | None = None, progress: Progress | None = None) -> dict:
    """The daily run: notifications for what is due soon or overdue, e-mails
    for the new ones. Running it again the same day adds nothing."""
    today = today or timezone.localdate()
    days = settings.ANTQ_REMINDER_DAYS
    steps = (_statistics, _assessments, _tasks)
    reminders: list[Reminder] = []
    for index, step in enumerate(steps):
        if progress:
            progress(index, len(steps) + 1)
        reminders += step(today, days)
    with transaction.atomic():
        fresh = _new_notifications(reminders)
        audit_record(
            actor=REMINDERS_ACTOR,
            action=AuditEntry.Action.CREATE,
            object_type="reminders.notification",
            object_repr=_("Nhắc việc ngày %(d)s") % {"d": format_date(today)},
            after={"notifications": len(fresh), "day": today.isoformat()},
        )
    emails = _email(fresh)
    if progress:
        progress(len(steps) + 1, len(steps) + 1)
    return {"reminders": len(reminders), "notifications": len(fresh), "emails": emails}


@transaction.atomic
def preferences_save(*, by: User, choices: dict[str, tuple[bool, bool]]) -> None:
    """Save `by`'s choice per kind: (in the app, by e-mail); audited."""
    before = {p.kind: [p.enabled, p.email] for p in by.reminder_preferences.all()}
    for kind, (enabled, email) in choices.items():
        if kind in Kind.values:
            Preference.objects.update_or_create(
                user=by, kind=kind, defaults={"enabled": enabled, "email": email and enabled}
            )
    after = {p.kind: [p.enabled, p.email] for p in by.reminder_preferences.all()}
    if after != before:
        audit_record(
            actor=by,
            action=AuditEntry.Action.UPDATE,
            object_type="reminders.preference",
            object_id=str(by.pk),
            object_repr=_("Nhắc việc của %(u)s") % {"u": by.get_username()},
            before=before,
            after=after,
        )


def notification_open(*, by: User, notification: Notification) -> Notification:
    """Mark one of `by`'s notifications read (their own reading, not data).
    Raises Refused for someone else's."""
    if notification.user_id != by.pk:
        raise Refused()
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, by: User) -> int:
    return Notification.objects.filter(user=by).unread().update(read_at=timezone.now())
