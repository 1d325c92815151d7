"""The audit log is append-only at every layer: the query set, the model and
the database (triggers on SQLite and PostgreSQL). `antq archive_audit` is the
one way entries leave, and it leaves an entry of its own."""

import gzip
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from antq.audit.archive import archived_entries
from antq.audit.models import AppendOnly, AuditEntry
from antq.audit.services import audit_record, audit_record_each
from antq.core.actors import SYSTEM


@pytest.fixture
def entry(personas) -> AuditEntry:
    return audit_record(
        actor=personas.officer_a, action="update", object_type="units.unit", object_id="1",
        unit_path="/1/", before={"households": 320}, after={"households": 400},
    )  # fmt: skip


def test_an_entry_edited_and_saved_again_is_refused(entry):
    entry.after = {"households": 1}
    with pytest.raises(AppendOnly):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).after == {"households": 400}


def test_an_entry_cannot_be_deleted_one_at_a_time_or_in_bulk(entry):
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(note="x")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.bulk_update([entry], ["note"])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_auditentry SET note = 'sửa lén' WHERE id = %s",
     "DELETE FROM audit_auditentry WHERE id = %s"],
)  # fmt: skip
def test_the_database_refuses_plain_sql_that_changes_or_removes_an_entry(entry, statement):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [entry.pk])
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.note == ""


def test_a_bulk_move_writes_one_entry_per_row(personas, tree):
    units = [tree.area_a, tree.area_b, tree.school_a]
    audit_record_each(
        actor=personas.province_approver, action="update", objects=units,
        unit_path_of=lambda unit: unit.path, after_of=lambda unit: {"name": unit.name},
    )  # fmt: skip
    entries = AuditEntry.objects.filter(object_type="units.unit").order_by("object_id")
    assert [e.object_id for e in entries] == sorted(str(u.pk) for u in units)
    assert {e.actor_name for e in entries} == {"tinh.duyet"}


def test_the_system_actor_is_named_in_the_log(tree):
    entry = audit_record(actor=SYSTEM, action="restate", object_type="x")
    assert (entry.actor_id, entry.actor_name) == (None, "hệ thống")


def test_archiving_moves_old_entries_to_a_checked_file_and_says_so(entry, tmp_path, personas):
    old = audit_record(actor=personas.officer_b, action="create", object_type="units.unit")
    # entries cannot be back-dated through the ORM: the archive is asked for
    # everything before tomorrow instead
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    call_command("archive_audit", before=tomorrow, to=str(tmp_path))

    files = list(tmp_path.glob("audit-before-*.jsonl.gz"))
    assert len(files) == 1
    ids = {row["id"] for row in archived_entries(files[0])}
    assert {entry.pk, old.pk} <= ids
    assert not AuditEntry.objects.filter(pk__in=ids).exists()
    receipt = AuditEntry.objects.get(action=AuditEntry.Action.ARCHIVE)
    assert receipt.after["count"] == len(ids)
    assert receipt.after["file"] == files[0].name
    with gzip.open(files[0], "rt", encoding="utf-8") as handle:
        first = json.loads(handle.readline())
    assert first["actor_name"] and "before" in first


def test_archiving_nothing_writes_no_file(tmp_path, db):
    call_command("archive_audit", before="2000-01-01", to=str(tmp_path))
    assert list(tmp_path.iterdir()) == []
    assert not AuditEntry.objects.exists()


def test_only_a_system_administrator_archives_the_log(entry, tmp_path, personas):
    from antq.audit.archive import audit_archive
    from antq.core.access import Refused

    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(Refused):
        audit_archive(by=personas.unit_admin, before=tomorrow, folder=tmp_path)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert list(tmp_path.iterdir()) == []


def test_emptying_the_whole_table_is_refused(entry):
    """SQLite: DELETE without WHERE; PostgreSQL: TRUNCATE too, which fires no
    row trigger (refused by a statement trigger since migration 0005)."""
    statements = ["DELETE FROM audit_auditentry"]
    if connection.vendor == "postgresql":
        statements.append("TRUNCATE audit_auditentry")
    for statement in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
