"""Users, their assignments (role at a unit), API tokens and failed logins."""

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.core.scoping import ScopedQuerySet
from antq.units.models import Unit


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")
    UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")
    APPROVER = "approver", _("Cán bộ xét duyệt")
    DATA_ENTRY = "data_entry", _("Cán bộ nhập liệu")
    VIEWER = "viewer", _("Người xem")


# From the least privilege to the most: how every list of roles is ordered, so
# the role a manager picks for a new account is a choice, never a default.
ROLES_BY_PRIVILEGE = (
    Role.VIEWER,
    Role.DATA_ENTRY,
    Role.APPROVER,
    Role.UNIT_ADMIN,
    Role.SYSTEM_ADMIN,
)


class AssignmentQuerySet(ScopedQuerySet):
    scope_path_field = "unit__path"


class Assignment(models.Model):
    """A role held at a unit; it reaches the unit's whole subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"], name="accounts_assignment_unique_role_at_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 is stored, the raw value is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên gợi nhớ"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"token #{self.pk} · {self.user}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired


class LoginFailure(models.Model):
    """A failed sign-in; recent rows for a user name or address throttle new attempts."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["ip_address", "at"], name="accounts_loginfail_ip_at_idx")]

    def __str__(self) -> str:
        return f"{self.username} @ {self.at:%d/%m/%Y %H:%M}"
