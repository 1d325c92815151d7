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
