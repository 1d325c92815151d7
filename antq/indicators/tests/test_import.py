import json

import pytest

from antq.audit.models import AuditEntry
from antq.core.actors import SYSTEM
from antq.core.periods import parse
from antq.indicators.importers import parse_payload, values_export, values_import
from antq.indicators.models import DataValue, Submission


def payload(*rows):
    return {
        "dataValues": [
            dict(zip(["dataElement", "period", "orgUnit", "value"], r, strict=True)) for r in rows
        ]
    }


def test_a_dhis2_payload_imports_and_exports_back_identically(monthly_form, personas, tree):
    document = payload(
        ("TT_BUOI", "202607", "06688", "4"),
        ("TP_SO_VU", "202607", "06688", "2"),
        ("TP_KHAM_PHA", "202607", "06688", "1"),
    )
    document["dataValues"].append(
        {
            "dataElement": "TP_SO_VU",
            "period": "202608",
            "orgUnit": "06688",
            "categoryOptionCombo": "ma_tuy",
            "value": "3",
            "comment": "Hai vụ tàng trữ",
        }
    )
    summary = values_import(by=personas.officer_a, rows=parse_payload(json.dumps(document)))
    assert summary.as_dhis2()["status"] == "SUCCESS"
    assert summary.as_dhis2()["importCount"] == {
        "imported": 4,
        "updated": 0,
        "ignored": 0,
        "deleted": 0,
    }
    exported = values_export(
        form=monthly_form, root=tree.commune_a, first=parse("202607"), last=parse("202608")
    )
    again = values_import(by=personas.officer_a, rows=parse_payload(json.dumps(exported)))
    assert (again.imported, again.updated, again.ignored) == (0, 0, 4)
    assert {
        (v["dataElement"], v["categoryOptionCombo"], v["value"]) for v in exported["dataValues"]
    } == {
        ("TT_BUOI", "", "4"),
        ("TP_SO_VU", "", "2"),
        ("TP_KHAM_PHA", "", "1"),
        ("TP_SO_VU", "ma_tuy", "3"),
    }
    assert AuditEntry.objects.filter(action="import").count() == 2


def test_csv_in_dhis2_columns_is_accepted_and_updates_count(monthly_form, personas, tree):
    first = "dataelement,period,orgunit,categoryoptioncombo,value\nTT_BUOI,202607,06688,,4\n"
    values_import(by=personas.officer_a, rows=parse_payload(first, "text/csv"))
    second = "dataelement,period,orgunit,categoryoptioncombo,value\nTT_BUOI,202607,06688,,6\n"
    summary = values_import(by=personas.officer_a, rows=parse_payload(second, "text/csv"))
    assert (summary.imported, summary.updated) == (0, 1)
    assert DataValue.objects.get().value == 6


def test_one_conflict_means_nothing_is_written(monthly_form, personas, tree):
    rows = parse_payload(
        json.dumps(
            payload(
                ("TT_BUOI", "202607", "06688", "4"),
                ("TT_BUOI", "2026Q3", "06688", "4"),
                ("KHONG_CO", "202607", "06688", "1"),
                ("TT_BUOI", "202607", "99999", "1"),
                ("TT_BUOI", "202607", "06673", "1"),
                ("TP_KHAM_PHA", "202607", "06688", "5"),
                ("TP_SO_VU", "202607", "06688", "abc"),
            )
        )
    )
    summary = values_import(by=personas.officer_a, rows=rows).as_dhis2()
    assert summary["status"] == "ERROR" and summary["importCount"]["imported"] == 0
    messages = " | ".join(c["value"] for c in summary["conflicts"])
    assert "báo cáo theo kỳ tháng" in messages
    assert "Không có chỉ tiêu nhập được mã “KHONG_CO”" in messages
    assert "Không có đơn vị mã “99999”" in messages
    assert "Bạn không có quyền nhập số liệu cho Phường Bãi Cháy" in messages
    assert "“abc” không phải là số" in messages
    assert not DataValue.objects.exists()


def test_rules_are_checked_with_values_already_stored(monthly_form, personas, tree):
    values_import(
        by=personas.officer_a,
        rows=parse_payload(json.dumps(payload(("TP_SO_VU", "202607", "06688", "2")))),
    )
    summary = values_import(
        by=personas.officer_a,
        rows=parse_payload(json.dumps(payload(("TP_KHAM_PHA", "202607", "06688", "3")))),
    )
    assert "Số vụ khám phá không được lớn hơn số vụ phạm tội." in summary.conflicts[0]["value"]


def test_approved_reports_are_locked_against_imports(monthly_form, personas, tree):
    Submission.objects.create(
        form=monthly_form,
        unit=tree.commune_a,
        period="202607",
        period_start=parse("202607").start,
        status="approved",
    )
    summary = values_import(
        by=SYSTEM, rows=parse_payload(json.dumps(payload(("TT_BUOI", "202607", "06688", "4"))))
    )
    assert "đã nộp hoặc đã duyệt" in summary.conflicts[0]["value"]


def test_a_reused_code_means_the_unit_of_that_period(monthly_form, tree):
    """06688 was Phường Bạch Đằng before 01/07/2025 and Phường Hạ Long after."""
    values_import(
        by=SYSTEM,
        rows=parse_payload(
            json.dumps(
                payload(("TT_BUOI", "202506", "06688", "1"), ("TT_BUOI", "202507", "06688", "2"))
            )
        ),
    )
    units = dict(DataValue.objects.values_list("period", "unit__name"))
    assert units == {"202506": "Phường Bạch Đằng", "202507": "Phường Hạ Long"}


def test_broken_payloads_are_refused_with_a_message(monthly_form):

    for text in ("{not json", '{"x": 1}'):
        with pytest.raises(ValueError):
            parse_payload(text)
