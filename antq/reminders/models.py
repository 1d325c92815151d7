"""Reminders: what a daily job tells the people responsible (deadlines in the
next days, reports returned, work overdue), in the app always and by e-mail
when they want it and a mail server is configured."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from antq.units.models import Unit


class Kind(models.TextChoices):
    STATISTICS_DUE = "statistics_due", _("Báo cáo thống kê sắp đến hạn")
    STATISTICS_OVERDUE = "statistics_overdue", _("Báo cáo thống kê quá hạn")
    STATISTICS_RETURNED = "statistics_returned", _("Báo cáo thống kê bị trả lại")
    ASSESSMENT_DUE = "assessment_due", _("Hồ sơ “An toàn về ANTT” sắp đến hạn")
    ASSESSMENT_OVERDUE = "assessment_overdue", _("Hồ sơ “An toàn về ANTT” quá hạn")
    TASK_DUE = "task_due", _("Nhiệm vụ kế hoạch sắp đến hạn")
    TASK_OVERDUE = "task_overdue", _("Nhiệm vụ kế hoạch quá hạn")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One reminder for one person. `key` names what it is about, so a daily
    run never tells the same thing twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("loại"), max_length=24, choices=Kind.choices)
    key = models.CharField(max_length=120)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("nội dung"), max_length=300)
    url = models.CharField(max_length=300)
    due = models.DateField(_("hạn"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="reminders_once_per_user")
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="reminders_unread")]

    def __str__(self) -> str:
        return self.text


class Preference(models.Model):
    """Which reminders a person gets, and which also by e-mail. No row means
    the default: in the app and by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences"
    )
    kind = models.CharField(_("loại"), max_length=24, choices=Kind.choices)
    enabled = models.BooleanField(_("nhận nhắc việc"), default=True)
    email = models.BooleanField(_("gửi cả thư điện tử"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="reminders_one_preference")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"
