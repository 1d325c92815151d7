"""A backup restores into an empty database and media folder with the same rows
and files; a damaged or newer archive, or a target that is not empty, is
refused with a clear message and changes nothing."""

import contextlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from antq.core.backup import table_counts
from conftest import database_url
from tests.world import build_world

# backup and restore run as other processes, on the wall clock
pytestmark = pytest.mark.real_clock
ROOT = Path(__file__).resolve().parents[3]
SAMPLE = """
import hashlib, json
from pathlib import Path
from django.conf import settings
from antq.core.backup import table_counts
from antq.units.models import Unit
from antq.indicators.models import DataValue
from antq.audit.models import AuditEntry
media = Path(settings.MEDIA_ROOT)
print(json.dumps({
    "counts": table_counts(),
    "units": sorted(Unit.objects.values_list("code", "name", "path", "version")),
    "values": sorted(map(str, DataValue.objects.values_list("unit__code", "period", "value"))),
    "audit": list(AuditEntry.objects.order_by("pk").values_list("action", "object_repr"))[-20:],
    "files": sorted((str(p.relative_to(media)), hashlib.sha256(p.read_bytes()).hexdigest())
                    for p in media.rglob("*") if p.is_file()),
}, default=str))
"""


def run(*arguments: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def restore_database() -> str:
    """The PostgreSQL database a restore goes into, named after the tests' own
    database, so that parallel workers (test_antq_gw0, test_antq_gw1) never share it."""
    return f"{connection.settings_dict['NAME']}_restore"


def target_environment(tmp_path: Path) -> dict:
    """A fresh, empty database of the same kind as the tests', and an empty folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTQ_", "DJANGO_"))}
    env |= {"ANTQ_VAR_DIR": str(tmp_path / "target"), "PYTHONPATH": str(ROOT)}
    if connection.vendor == "sqlite":
        return env | {"DATABASE_URL": database_url(str(tmp_path / "restored.sqlite3"))}
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {restore_database()}")
        cursor.execute(f"CREATE DATABASE {restore_database()}")
    return env | {"DATABASE_URL": database_url(restore_database())}


@pytest.fixture
def world_with_files(transactional_db, tree, personas):
    build_world(tree, personas)  # decisions with DOCX/PDF, evidence, reports, audit
    assert any(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def test_a_backup_restores_the_same_rows_and_files(world_with_files, tmp_path):
    archive = tmp_path / "antq.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    env = target_environment(tmp_path)
    try:
        restored = run("restore", str(archive), env=env)
        assert restored.returncode == 0, restored.stderr
        assert "Đã khôi phục" in restored.stdout
        after = json.loads(run("shell", "--no-imports", "-c", SAMPLE, env=env).stdout)
        here = _sample_here()
        assert after["counts"] == here["counts"]
        assert after["units"] == here["units"]
        assert after["values"] == here["values"]
        assert after["audit"] == here["audit"]
        assert after["files"] == here["files"] and after["files"]

        again = run("restore", str(archive), env=env)
        assert again.returncode != 0
        assert "không trống; chỉ khôi phục vào thư mục trống" in again.stderr
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {restore_database()}")


def _sample_here() -> dict:
    namespace: dict = {}
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(SAMPLE, namespace)
    return json.loads(output.getvalue())


def test_a_damaged_or_newer_archive_is_refused_and_changes_nothing(world_with_files, tmp_path):
    archive = tmp_path / "antq.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    env = target_environment(tmp_path)
    try:
        damaged = tmp_path / "damaged.tar"
        newer = tmp_path / "newer.tar"
        with tarfile.open(archive) as source:
            manifest = json.loads(source.extractfile("manifest.json").read())
            members = [(m, source.extractfile(m).read()) for m in source.getmembers()]
        for target, change in [(damaged, "content"), (newer, "migration")]:
            with tarfile.open(target, "w") as out:
                for member, data in members:
                    if member.name == "manifest.json" and change == "migration":
                        changed = manifest | {
                            "migrations": [*manifest["migrations"], ["units", "9999_future"]]
                        }
                        data = json.dumps(changed).encode()
                    elif member.name.endswith(".pdf") and change == "content":
                        data = data[:-10] + b"0123456789"
                    member.size = len(data)
                    out.addfile(member, io.BytesIO(data))
        refused_damaged = run("restore", str(damaged), env=env)
        assert refused_damaged.returncode != 0
        assert "bị hỏng" in refused_damaged.stderr and "sai mã kiểm tra" in refused_damaged.stderr
        refused_newer = run("restore", str(newer), env=env)
        assert "phiên bản antq mới hơn" in refused_newer.stderr
        assert "units.9999_future" in refused_newer.stderr
        # nothing was written: the target still takes the good archive
        assert not (tmp_path / "target" / "media").exists()
        assert run("restore", str(archive), env=env).returncode == 0
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {restore_database()}")


def test_counts_are_read_in_the_database(world_with_files):
    counts = table_counts()
    assert counts["units_unit"] > 5 and counts["audit_auditentry"] > 10


def test_a_backup_into_a_missing_folder_is_a_clear_error(transactional_db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="không tồn tại"):
        call_command("backup", str(tmp_path / "khong-co" / "antq.tar"), stdout=io.StringIO())
