"""A text index for searching activities: SQLite's FTS5 with the trigram
tokenizer (a table of the folded text kept by triggers), PostgreSQL's
pg_trgm GIN on the same column. Both answer `LIKE '%word%'` through the
index; the rows are unchanged."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE activities_activity_fts USING fts5("
    "search_text, content='activities_activity', content_rowid='id', tokenize='trigram')",
    "INSERT INTO activities_activity_fts(rowid, search_text) "
    "SELECT id, search_text FROM activities_activity",
    "CREATE TRIGGER activities_activity_fts_insert AFTER INSERT ON activities_activity BEGIN "
    "INSERT INTO activities_activity_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER activities_activity_fts_delete AFTER DELETE ON activities_activity BEGIN "
    "INSERT INTO activities_activity_fts(activities_activity_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER activities_activity_fts_update AFTER UPDATE OF search_text "
    "ON activities_activity BEGIN "
    "INSERT INTO activities_activity_fts(activities_activity_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO activities_activity_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_BACK = [
    "DROP TRIGGER activities_activity_fts_update",
    "DROP TRIGGER activities_activity_fts_delete",
    "DROP TRIGGER activities_activity_fts_insert",
    "DROP TABLE activities_activity_fts",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX act_search_trgm ON activities_activity USING gin (search_text gin_trgm_ops)",
]
POSTGRES_BACK = ["DROP INDEX act_search_trgm"]


def forward(apps, schema_editor):
    statements = SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRES
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = SQLITE_BACK if schema_editor.connection.vendor == "sqlite" else POSTGRES_BACK
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("activities", "0006_threat_groups")]
    operations = [migrations.RunPython(forward, backward)]
