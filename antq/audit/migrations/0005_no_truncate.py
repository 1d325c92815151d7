"""PostgreSQL's TRUNCATE empties a table without firing its row triggers, so
0004's append-only trigger did not stop `TRUNCATE audit_auditentry`: a
statement trigger refuses it too, except inside the transaction holding
the unlock row (`antq flush`, which Django runs as TRUNCATE there). (SQLite has no TRUNCATE: its
`DELETE FROM` without WHERE fires the row trigger.) Every existing entry is
kept: this migration adds a trigger and nothing else."""

from django.db import migrations

POSTGRESQL = [
    """CREATE FUNCTION audit_entry_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF EXISTS (SELECT 1 FROM audit_unlock) THEN
           RETURN NULL;  -- `antq flush` (the audit app's), which holds the unlock row
         END IF;
         RAISE EXCEPTION 'audit entries are append-only' USING ERRCODE = 'restrict_violation';
       END $$""",
    """CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_no_truncate()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER audit_entry_no_truncate ON audit_auditentry",
    "DROP FUNCTION audit_entry_no_truncate()",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_append_only")]

    operations = [migrations.RunPython(forwards, backwards)]
