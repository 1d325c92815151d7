"""Triggers that guard data (the audit table's append-only rule, the activity
search index) live outside Django's models, so a later migration that rebuilds
their table (SQLite's ALTER of a column, a new default) drops them without a
word: the audit table becomes editable again, or new activities stop being
found. Every trigger a migration creates must exist after all migrations ran."""

import importlib
import pkgutil
import re

import pytest
from django.apps import apps
from django.db import connection

CREATE_TRIGGER = re.compile(r"CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", re.IGNORECASE)


def triggers_declared_by_migrations(vendor: str) -> dict[str, str]:
    """{trigger: migration} for the triggers whose SQL is written for `vendor`.
    Our migrations keep each vendor's statements in module-level lists named
    for it (SQLITE…, POSTGRES…); a list named otherwise is SQLite's."""
    declared = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("antq."):
            continue
        try:
            package = importlib.import_module(f"{config.name}.migrations")
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for name, value in vars(module).items():
                if not (name.isupper() and isinstance(value, list | tuple)):
                    continue
                if "REVERSE" in name or "BACK" in name:
                    continue
                written_for = "postgresql" if "POSTGRES" in name else "sqlite"
                if written_for != vendor:
                    continue
                for statement in value:
                    for trigger in CREATE_TRIGGER.findall(str(statement)):
                        declared.setdefault(trigger, f"{config.label}.{info.name}")
    return declared


def triggers_in_database() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_every_trigger_a_migration_creates_survives_the_later_migrations():
    declared = triggers_declared_by_migrations(connection.vendor)
    assert declared, "the scan found no trigger: the audit table's guard must be among them"
    present = triggers_in_database()
    missing = {name: where for name, where in declared.items() if name not in present}
    assert missing == {}, f"dropped by a later migration (restore them there): {missing}"


@pytest.mark.django_db
def test_the_audit_tables_guard_is_among_the_triggers_checked():
    expected = {"sqlite": "audit_entry_no_update", "postgresql": "audit_entry_append_only"}
    assert expected[connection.vendor] in triggers_declared_by_migrations(connection.vendor)
