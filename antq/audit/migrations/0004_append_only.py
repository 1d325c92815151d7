"""Audit entries are append-only in the database too: triggers refuse UPDATE
and DELETE on the audit table, on SQLite and PostgreSQL alike. The one way
entries leave is `antq archive_audit`, which, inside its own transaction,
puts a row in `audit_unlock` (invisible to every other transaction), deletes
what it archived, and removes the row again."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion

SQLITE = [
    "CREATE TABLE audit_unlock (token integer NOT NULL)",
    """CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
    """CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry
       WHEN NOT EXISTS (SELECT 1 FROM audit_unlock)
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER audit_entry_no_delete",
    "DROP TRIGGER audit_entry_no_update",
    "DROP TABLE audit_unlock",
]
POSTGRESQL = [
    "CREATE TABLE audit_unlock (token integer NOT NULL)",
    """CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_unlock) THEN
           RETURN OLD;
         END IF;
         RAISE EXCEPTION 'audit entries are append-only' USING ERRCODE = 'restrict_violation';
       END $$""",
    """CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER audit_entry_append_only ON audit_auditentry",
    "DROP FUNCTION audit_entry_append_only()",
    "DROP TABLE audit_unlock",
]


def forwards(apps, schema_editor):
    statements = POSTGRESQL if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = (
        POSTGRESQL_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    )
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_export_action"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người thực hiện",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "Tạo mới"),
                    ("update", "Sửa"),
                    ("close", "Đóng"),
                    ("delete", "Xóa"),
                    ("import", "Nhập từ tệp"),
                    ("login", "Đăng nhập"),
                    ("login_failed", "Đăng nhập sai"),
                    ("logout", "Đăng xuất"),
                    ("password", "Đổi mật khẩu"),
                    ("token", "Cấp mã API"),
                    ("restate", "Quy về đơn vị hiện nay"),
                    ("export", "Xuất dữ liệu cá nhân"),
                    ("archive", "Chuyển nhật ký sang lưu trữ"),
                ],
                max_length=20,
                verbose_name="thao tác",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
