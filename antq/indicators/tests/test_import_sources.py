"""Who wrote the file decides how its numbers read: a workbook is typed by
people ("1.480" is 1480, "7,5" is 7.5), DHIS2's JSON and CSV are written by
programs ("1.5" is one and a half). Either way an import is audited report by
report, and its queries do not grow with the units it touches."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.audit.models import AuditEntry
from antq.audit.versions import StaleVersion
from antq.core.actors import SYSTEM
from antq.core.periods import parse
from antq.core.tabular import Column, write_workbook
from antq.indicators.importers import parse_payload, values_import
from antq.indicators.models import DataValue, FormIndicator, Indicator, Submission
from antq.indicators.services import values_save
from antq.indicators.snapshot import catalogue_snapshot
from antq.units.models import REFORM_2025_CLOSE, Unit
from conftest import link, make_unit


@pytest.fixture
def hours(monthly_form) -> Indicator:
    """A figure with decimals on the form: hours of outreach."""
    indicator = Indicator.objects.create(
        code="TT_GIO", name="Số giờ tuyên truyền", value_type=Indicator.ValueType.DECIMAL
    )
    FormIndicator.objects.create(form=monthly_form, indicator=indicator, order=99)
    return indicator


def value(code: str, period: str = "202607") -> Decimal:
    return DataValue.objects.get(indicator__code=code, period=period).value


def test_a_workbook_cell_of_1_480_people_is_1480(tmp_path, personas, tree, hours):
    columns = [Column("unit", "Mã đơn vị"), Column("period", "Kỳ")]
    columns += [Column(f"{code}__", code) for code in ("TT_LUOT", "TT_GIO")]
    book = tmp_path / "thang7.xlsx"
    book.write_bytes(
        write_workbook([("BC-THANG-XA", columns, [["06688", "202607", "1.480", "7,5"]])])
    )
    call_command("import_values", str(book), "--user", "xa.a")
    assert value("TT_LUOT") == 1480 and value("TT_GIO") == Decimal("7.5")


def test_a_workbook_number_cell_keeps_its_decimals(tmp_path, personas, tree, hours):
    columns = [Column("unit", "Mã đơn vị"), Column("period", "Kỳ"), Column("TT_GIO__", "TT_GIO")]
    book = tmp_path / "thang7.xlsx"
    book.write_bytes(write_workbook([("BC-THANG-XA", columns, [["06688", "202607", 1.125]])]))
    call_command("import_values", str(book), "--user", "xa.a", stdout=io.StringIO())
    assert value("TT_GIO") == Decimal("1.125")


def test_a_dhis2_value_of_1_5_hours_is_one_and_a_half(personas, tree, hours):
    rows = [
        {"dataElement": "TT_GIO", "period": "202607", "orgUnit": "06688", "value": "1.5"},
        {"dataElement": "TT_GIO", "period": "202608", "orgUnit": "06688", "value": "1.500"},
        {"dataElement": "TT_LUOT", "period": "202607", "orgUnit": "06688", "value": "1480"},
    ]
    summary = values_import(
        by=personas.officer_a, rows=parse_payload(json.dumps({"dataValues": rows}))
    )
    assert summary.as_dhis2()["status"] == "SUCCESS", summary.conflicts
    assert value("TT_GIO") == Decimal("1.5") and value("TT_GIO", "202608") == Decimal("1.5")
    assert value("TT_LUOT") == 1480


def test_a_dhis2_csv_reads_the_point_as_a_decimal_point(tmp_path, personas, tree, monthly_form):
    csv = tmp_path / "thang7.csv"
    csv.write_text("dataelement,period,orgunit,value\nTT_LUOT,202607,06688,1.480\n")
    out = io.StringIO()
    with pytest.raises(CommandError, match="xung đột"):
        call_command("import_values", str(csv), "--user", "xa.a", stdout=out)
    assert "Lượt người dự tuyên truyền phải là số nguyên." in out.getvalue()  # 1,48 people
    assert not DataValue.objects.exists()


def test_an_import_writes_one_audit_entry_per_report_it_changes(personas, tree, monthly_form):
    rows = [
        {"dataElement": "TT_BUOI", "period": period, "orgUnit": code, "value": "3"}
        for period in ("202607", "202608")
        for code in ("06688", "06673")
    ]
    values_import(by=SYSTEM, rows=parse_payload(json.dumps({"dataValues": rows})), source="t.json")
    entries = AuditEntry.objects.filter(object_type="indicators.submission")
    assert entries.count() == 4 == Submission.objects.count()
    assert {(e.before["version"], e.after["version"], e.note) for e in entries} == {
        (1, 2, "t.json")
    }
    assert AuditEntry.objects.filter(action="import").count() == 1
    report = Submission.objects.get(unit=tree.commune_a, period="202607")
    # each entry reads like one the report would have been given on its own
    entry = entries.get(object_id=str(report.pk))
    assert (entry.object_repr, entry.unit_path) == (str(report), report.unit.path)
    assert (entry.actor_name, entry.source) == ("hệ thống", "system")
    with pytest.raises(StaleVersion, match="hệ thống"):  # the page opened before the import
        values_save(
            by=personas.officer_a,
            form=monthly_form,
            unit=tree.commune_a,
            period=parse("202607"),
            values={"TT_BUOI": {"": Decimal(4)}},
            expected_version=report.version - 1,
        )


def test_an_import_moves_a_new_report_like_a_first_save_and_an_old_one_by_one(
    personas, tree, monthly_form
):
    """A report the import creates ends at version 2, as a first save leaves
    it (created at 1, moved once); one that existed moves one version up.
    Each says so in its audit entry."""
    values_save(
        by=personas.officer_a, form=monthly_form, unit=tree.commune_a, period=parse("202607"),
        values={"TT_BUOI": {"": Decimal(1)}},
    )  # fmt: skip
    saved = Submission.objects.get(unit=tree.commune_a, period="202607")
    rows = [
        {"dataElement": "TT_BUOI", "period": "202607", "orgUnit": code, "value": "3"}
        for code in ("06688", "06673")
    ]
    values_import(by=SYSTEM, rows=parse_payload(json.dumps({"dataValues": rows})), source="t.json")
    old = Submission.objects.get(pk=saved.pk)
    new = Submission.objects.get(unit=tree.commune_b, period="202607")
    assert (old.version, new.version) == (saved.version + 1, 2)
    moves = {
        e.object_id: (e.before["version"], e.after["version"])
        for e in AuditEntry.objects.filter(object_type="indicators.submission", note="t.json")
    }
    assert moves == {str(old.pk): (saved.version, old.version), str(new.pk): (1, 2)}


def _communes(tree, count: int, start: int) -> list[Unit]:
    """Communes closed in 2025, each carried by commune A (placing a closed
    unit follows its lineage)."""
    communes = []
    for i in range(start, start + count):
        commune = make_unit(
            parent=tree.district,
            code=f"07{i:03d}",
            name=f"Xã Thử {i}",
            type=Unit.Type.COMMUNE,
            kind=Unit.Kind.XA,
            valid_to=REFORM_2025_CLOSE,
        )
        link(commune, tree.commune_a)
        communes.append(commune)
    return communes


def _queries_to_import(communes: list[Unit]) -> int:
    catalogue_snapshot()  # the catalogue is read once per process, not per import
    rows = [
        {"dataElement": "TT_BUOI", "period": "202506", "orgUnit": c.code, "value": "2"}
        for c in communes
    ]
    with CaptureQueriesContext(connection) as queries:
        summary = values_import(by=SYSTEM, rows=rows)
    assert not summary.conflicts, summary.conflicts
    return len(queries)


def test_the_queries_of_an_import_do_not_grow_with_its_units(tree, monthly_form):
    few = _queries_to_import(_communes(tree, 2, 0))
    many = _queries_to_import(_communes(tree, 8, 2))
    assert many == few
    assert DataValue.objects.filter(restated_commune=tree.commune_a).count() == 10


def test_a_name_written_as_a_number_or_a_list_is_read_as_its_text(tree, monthly_form):
    """JSON lets a program write 7 or [1] where a code belongs: each is
    refused by its text, as a string would be, never a 500."""
    rows = [
        {"dataElement": 7, "period": "202607", "orgUnit": "06688", "value": "3"},
        {"dataElement": ["TT_BUOI"], "period": "202607", "orgUnit": "06688", "value": "3"},
        {"dataElement": "TT_BUOI", "period": 202607, "orgUnit": "06688", "value": "3"},
    ]
    summary = values_import(by=SYSTEM, rows=rows, source="t.json")
    objects = {c["object"]: c["errorCode"] for c in summary.conflicts}
    assert objects == {"7": "E7610", "['TT_BUOI']": "E7610"}  # unknown data elements
    assert summary.imported == 0  # all or nothing: the valid third row waits too
