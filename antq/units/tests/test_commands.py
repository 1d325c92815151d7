import pytest
from django.core.management import CommandError, call_command

from antq.audit.models import AuditEntry
from antq.units.models import Unit


def test_import_units_command_imports_a_file_and_reports_counts(tmp_path, tree, capsys):
    path = tmp_path / "don-vi.csv"
    path.write_text(
        "Tên,Loại đơn vị,Loại hình,Số hộ\nKhu phố Cao Xanh,Khu dân cư,khu phố,210\n",
        encoding="utf-8",
    )
    call_command("import_units", str(path), "--commune", "06688")
    assert "thêm 1" in capsys.readouterr().out
    assert Unit.objects.get(name="Khu phố Cao Xanh").parent == tree.commune_a
    assert AuditEntry.objects.filter(action="import").exists()


def test_import_units_command_prints_every_error_and_writes_nothing(tmp_path, tree, capsys):
    path = tmp_path / "loi.csv"
    path.write_text("Tên,Loại đơn vị,Loại hình\n,Khu dân cư,khu phố\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_units", str(path), "--commune", "06688")
    assert "Dòng 2, cột A (Tên): Cần nhập tên." in capsys.readouterr().err
    assert Unit.objects.filter(parent=tree.commune_a).count() == 2


def test_import_units_command_needs_an_open_commune(tmp_path, tree):
    path = tmp_path / "x.csv"
    path.write_text("Tên\nA\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Không có xã"):
        call_command("import_units", str(path), "--commune", "83")


def test_import_units_as_a_person_without_the_right_says_why_and_writes_nothing(
    tmp_path, tree, personas
):
    path = tmp_path / "don-vi.csv"
    path.write_text("Tên,Loại đơn vị,Loại hình\nKhu phố Lạ,Khu dân cư,khu phố\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Bạn không có quyền sửa dữ liệu của đơn vị này"):
        call_command("import_units", str(path), "--commune", "06688", "--user", "xa.b")
    assert not Unit.objects.filter(name="Khu phố Lạ").exists()


def test_restate_queues_the_job_as_the_named_system(tree, capsys):
    from antq.core.models import Job

    call_command("restate")
    job = Job.objects.get(kind="restate")
    assert (job.status, job.created_by, job.source) == (Job.Status.DONE, None, "cli")
    assert "Xong:" in capsys.readouterr().out
