"""Back up and restore antq: the database and the media files in one archive.

    antq-backup.tar
    ├── manifest.json   antq version, database vendor, applied migrations,
    │                   row counts per table, SHA-256 of every other member
    ├── database.sqlite3 (SQLite, by its online backup API: consistent while
    │   antq runs)  or  database.dump (PostgreSQL, pg_dump custom format)
    └── media/…         uploaded evidence, generated documents, job inputs

A restore goes into an empty database and an empty media folder only, checks
every checksum first, refuses an archive made by a newer antq (migrations this
code does not know), and compares the row counts afterwards.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = 1
Say = Callable[[str], None]


class BackupError(Exception):
    """The archive cannot be made or restored; the message says why, in Vietnamese."""


@dataclass
class Manifest:
    data: dict

    @property
    def migrations(self) -> set[tuple[str, str]]:
        return {tuple(m) for m in self.data["migrations"]}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    """Rows per table of every installed model, read in the database."""
    counts = {}
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in existing and table not in counts:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations() -> list[list[str]]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted([app, name] for app, name in loader.applied_migrations)


def _dump_database(folder: Path) -> Path:
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        source = sqlite3.connect(config["NAME"])
        destination = sqlite3.connect(target)
        with destination:
            source.backup(destination)
        source.close()
        destination.close()
        return target
    target = folder / "database.dump"
    _run_pg(["pg_dump", "--format=custom", "--no-owner", "--file", str(target)], config)
    return target


def _pg_environment(config: dict) -> dict:
    env = dict(os.environ)
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]:
        if config.get(key):
            env[variable] = str(config[key])
    return env


def _run_pg(command: list[str], config: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"Không tìm thấy lệnh {command[0]} (gói postgresql-client).")
    result = subprocess.run(  # noqa: S603 (fixed PostgreSQL client commands)
        command, env=_pg_environment(config), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} không chạy được: {result.stderr.strip()[:500]}")


def backup_create(path: Path, *, say: Say = lambda message: None) -> dict:
    """Write the archive at `path`; returns its manifest."""
    media = Path(settings.MEDIA_ROOT)
    if not path.parent.is_dir():
        raise BackupError(f"Thư mục {path.parent} không tồn tại; hãy tạo trước hoặc chọn chỗ khác.")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        say("Sao lưu cơ sở dữ liệu…")
        database = _dump_database(folder)
        files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
        say(f"Tính mã kiểm tra của {len(files)} tệp…")
        checksums = {database.name: _sha256(database)}
        checksums |= {f"media/{p.relative_to(media).as_posix()}": _sha256(p) for p in files}
        manifest = {
            "format": FORMAT,
            "antq_version": _version(),
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": applied_migrations(),
            "counts": table_counts(),
            "checksums": checksums,
        }
        say("Đóng gói…")
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            payload = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(payload)
            archive.addfile(info, io.BytesIO(payload))
            archive.add(database, arcname=database.name)
            for number, file in enumerate(files, start=1):
                archive.add(file, arcname=f"media/{file.relative_to(media).as_posix()}")
                if number % 200 == 0:
                    say(f"  {number}/{len(files)} tệp")
        partial.replace(path)  # a half-written archive never carries the final name
    return manifest


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("antq")
    except PackageNotFoundError:
        return "dev"


def _read_manifest(archive: tarfile.TarFile) -> Manifest:
    try:
        member = archive.getmember("manifest.json")
        data = json.loads(archive.extractfile(member).read())
    except (KeyError, ValueError, AttributeError):
        raise BackupError("Tệp không phải bản sao lưu của antq (thiếu manifest.json).") from None
    if data.get("format") != FORMAT:
        raise BackupError(f"Định dạng bản sao lưu {data.get('format')} không được hỗ trợ.")
    return Manifest(data)


def _check_compatible(manifest: Manifest) -> None:
    if manifest.data["database"] != connection.vendor:
        raise BackupError(
            f"Bản sao lưu là của {manifest.data['database']}, còn cơ sở dữ liệu đích là "
            f"{connection.vendor}."
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = sorted(manifest.migrations - set(loader.disk_migrations))
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            "Bản sao lưu được tạo bởi phiên bản antq mới hơn (có các migration chưa có ở "
            f"đây: {names}). Hãy cập nhật antq trước khi khôi phục."
        )


def _check_empty_target() -> None:
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(media.iterdir()):
        raise BackupError(f"Thư mục tệp {media} không trống; chỉ khôi phục vào thư mục trống.")
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError("Cơ sở dữ liệu đích đã có bảng; chỉ khôi phục vào cơ sở dữ liệu trống.")


def _extract_verified(archive: tarfile.TarFile, manifest: Manifest, folder: Path) -> None:
    expected = manifest.data["checksums"]
    names = {m.name for m in archive.getmembers() if m.isfile()} - {"manifest.json"}
    if names != set(expected):
        raise BackupError("Bản sao lưu bị hỏng: danh sách tệp không khớp với manifest.")
    for member in archive.getmembers():
        if member.name == "manifest.json" or not member.isfile():
            continue
        archive.extract(member, folder, filter="data")
        if _sha256(folder / member.name) != expected[member.name]:
            raise BackupError(f"Bản sao lưu bị hỏng: {member.name} sai mã kiểm tra.")


def backup_restore(path: Path, *, say: Say = lambda message: None) -> dict:
    """Restore the archive at `path` into this (empty) database and media folder.
    Raises BackupError, having changed nothing, for a damaged, foreign or newer
    archive or a target that is not empty. Returns the manifest."""
    try:
        archive = tarfile.open(path, "r")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu: {exc}") from None
    with archive, tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        manifest = _read_manifest(archive)
        _check_compatible(manifest)
        _check_empty_target()
        say("Kiểm tra mã của từng tệp…")
        _extract_verified(archive, manifest, folder)
        say("Khôi phục cơ sở dữ liệu…")
        config = connection.settings_dict
        connection.close()
        if connection.vendor == "sqlite":
            shutil.copyfile(folder / "database.sqlite3", config["NAME"])
        else:
            command = ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", config["NAME"]]
            _run_pg([*command, str(folder / "database.dump")], config)
        say("Khôi phục các tệp…")
        if (folder / "media").exists():
            shutil.copytree(folder / "media", settings.MEDIA_ROOT, dirs_exist_ok=True)
    restored = table_counts()
    differ = {
        t: (n, restored.get(t)) for t, n in manifest.data["counts"].items() if restored.get(t) != n
    }
    if differ:
        raise BackupError(f"Số dòng sau khi khôi phục khác bản sao lưu: {differ}")
    return manifest.data
