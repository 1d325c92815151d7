"""Append-only audit log: who changed what, when, from what to what."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from antq.core.fields import PathField
from antq.core.scoping import ScopedQuerySet


class AppendOnly(TypeError):
    """An attempt to change or remove an audit entry. The database refuses the
    same with a trigger; `antq archive_audit` is the one way entries leave."""

    def __init__(self):
        super().__init__("audit entries are append-only (antq archive_audit moves old ones)")


class AuditQuerySet(ScopedQuerySet):
    # The path is copied at write time so an entry stays in scope (and readable)
    # even after its object or unit changes.
    scope_path_field = "unit_path"

    def update(self, **kwargs):
        raise AppendOnly()

    def delete(self):
        raise AppendOnly()

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnly()


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Sửa")
        CLOSE = "close", _("Đóng")
        DELETE = "delete", _("Xóa")
        IMPORT = "import", _("Nhập từ tệp")
        LOGIN = "login", _("Đăng nhập")
        LOGIN_FAILED = "login_failed", _("Đăng nhập sai")
        LOGOUT = "logout", _("Đăng xuất")
        PASSWORD = "password", _("Đổi mật khẩu")
        TOKEN = "token", _("Cấp mã API")
        RESTATE = "restate", _("Quy về đơn vị hiện nay")
        EXPORT = "export", _("Xuất dữ liệu cá nhân")
        READ = "read", _("Xem dữ liệu cá nhân")
        ARCHIVE = "archive", _("Chuyển nhật ký sang lưu trữ")

    class Source(models.TextChoices):
        WEB = "web", _("Giao diện web")
        API = "api", _("API")
        CLI = "cli", _("Dòng lệnh")
        SYSTEM = "system", _("Hệ thống")

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    # PROTECT, not SET_NULL: an entry is never updated, so a person who acted
    # is deactivated, never deleted (the trigger would refuse the update).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=150, blank=True)
    action = models.CharField(_("thao tác"), max_length=20, choices=Action.choices)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices)
    object_type = models.CharField(_("loại đối tượng"), max_length=100)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    unit_path = PathField(blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(
                fields=["unit_path"],
                name="audit_entry_unit_path_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["object_type", "object_id"], name="audit_entry_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly()

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """What the write changed; the version counter moves with every write and
        is left out."""
        before, after = self.before or {}, self.after or {}
        keys = sorted((set(before) | set(after)) - {"version"})
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

    def readable_changes(self) -> list[tuple[str, str | None, str | None]]:
        """The changes in words: Vietnamese field names, dates dd/mm/yyyy
        (`audit.readable`)."""
        from antq.audit.readable import readable_changes

        return readable_changes(self)

    @property
    def actor_display(self) -> str:
        """The person's name where there is one, else what was recorded."""
        return self.actor.display_name if self.actor_id and self.actor else self.actor_name
