"""Moving old audit history out of the live table: the one way an entry leaves.

The entries before a day are written to a gzip file of JSON lines (one entry
per line, every column), the file's SHA-256 is computed, and then, in one
transaction, the entries are deleted through the database's unlock row and an
`archive` entry records what left, how many, and the file's name and digest.
If anything fails after the file is written, the transaction rolls back and
the file is removed: entries are either in the table or in a checked file.
"""

import gzip
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.core.access import VIEW_AUDIT, require
from antq.core.actors import Actor

COLUMNS = [f.attname for f in AuditEntry._meta.concrete_fields]


@dataclass
class Archived:
    count: int
    path: Path | None
    sha256: str


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _write(entries, path: Path) -> int:
    count = 0
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for row in entries.values_list(*COLUMNS).iterator(chunk_size=2000):
            record = dict(zip(COLUMNS, row, strict=True))
            handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            count += 1
    return count


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def audit_archive(*, by: Actor, before: date, folder: Path) -> Archived:
    """Move every entry dated before `before` into a file under `folder`.
    Returns how many moved, the file and its SHA-256 (no file when none).
    The whole log is the nation's: Refused unless `by` is a system
    administrator (or the system itself, as `antq archive_audit`)."""
    require(by, VIEW_AUDIT, None, _("Chỉ quản trị hệ thống mới chuyển nhật ký ra tệp lưu trữ."))
    entries = AuditEntry.objects.filter(at__lt=_start_of(before)).order_by("at", "id")
    if not entries.exists():
        return Archived(0, None, "")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = folder / f"audit-before-{before:%Y%m%d}-{stamp}.jsonl.gz"
    try:
        with transaction.atomic():
            # the ids written are the ids deleted, whatever lands meanwhile
            last_id = entries.order_by("-id").values_list("id", flat=True).first()
            chosen = entries.filter(id__lte=last_id)
            count = _write(chosen, path)
            sha256 = _digest(path)
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO audit_unlock (token) VALUES (1)")
                cursor.execute(
                    "DELETE FROM audit_auditentry WHERE at < %s AND id <= %s",
                    [_start_of(before), last_id],
                )
                deleted = cursor.rowcount
                cursor.execute("DELETE FROM audit_unlock")
            if deleted != count:
                raise RuntimeError(f"archived {count} entries but {deleted} matched the delete")
            audit_record(
                actor=by,
                action=AuditEntry.Action.ARCHIVE,
                object_type="audit.auditentry",
                object_repr=f"Nhật ký trước {before:%d/%m/%Y}",
                after={"count": count, "before": before.isoformat(), "file": path.name,
                       "sha256": sha256},
            )  # fmt: skip
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Archived(count, path, sha256)


def archived_entries(path: Path):
    """The entries of an archive file, as dicts (for reading an archive back)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)
