"""A file of any size is read as a stream and written in batches inside one
transaction: a report whose values are spread over several batches is judged
whole, and a conflict in the last batch leaves nothing of the earlier ones."""

import io
import json

import pytest

from antq.core.actors import SYSTEM
from antq.indicators import importers
from antq.indicators.importers import Payload, values_import
from antq.indicators.models import DataValue, ProvinceTotal, Submission
from antq.indicators.totals import totals_mismatches


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(importers, "BATCH", 2)


def stream(*rows, tail: str = "]}") -> Payload:
    values = ",".join(
        json.dumps(dict(zip(["dataElement", "period", "orgUnit", "value"], r, strict=True)))
        for r in rows
    )
    return Payload(io.BytesIO(('{"dataValues": [' + values + tail).encode()))


def test_a_report_spread_over_batches_is_checked_whole(monthly_form, tree, small_batches):
    """TP_KHAM_PHA ≤ TP_SO_VU: 5 solved arrives before the 6 cases it is
    measured against, in a later batch; the import must not refuse it."""
    summary = values_import(
        by=SYSTEM,
        rows=stream(
            ("TP_KHAM_PHA", "202607", "06688", "5"),
            ("TT_BUOI", "202607", "06688", "2"),
            ("TT_BUOI", "202608", "06688", "1"),
            ("TP_SO_VU", "202607", "06688", "6"),
        ),
    )
    assert summary.conflicts == [] and summary.imported == 4
    assert Submission.objects.filter(period="202607").get().version == 2  # bumped once
    assert totals_mismatches() == []


def test_a_rule_broken_across_batches_is_refused(monthly_form, tree, small_batches):
    summary = values_import(
        by=SYSTEM,
        rows=stream(
            ("TP_SO_VU", "202607", "06688", "6"),
            ("TT_BUOI", "202607", "06688", "2"),
            ("TT_BUOI", "202608", "06688", "1"),
            ("TP_KHAM_PHA", "202607", "06688", "7"),
        ),
    )
    assert [c["value"] for c in summary.conflicts] == [
        "Số vụ khám phá không được lớn hơn số vụ phạm tội."
    ]
    assert summary.imported == 0
    assert not DataValue.objects.exists() and not Submission.objects.exists()


def test_a_file_broken_after_its_first_batches_writes_nothing(monthly_form, tree, small_batches):
    summary = values_import(
        by=SYSTEM,
        rows=stream(
            ("TT_BUOI", "202607", "06688", "2"),
            ("TT_BUOI", "202608", "06688", "1"),
            ("TT_BUOI", "202609", "06688", "3"),
            tail=', {"dataElement": "TT_',
        ),
        source="nam-2026.json",
    )
    assert summary.conflicts[0]["object"] == "nam-2026.json"
    assert summary.conflicts[0]["value"].startswith("JSON không hợp lệ")
    assert not DataValue.objects.exists() and not ProvinceTotal.objects.exists()


def test_csv_columns_in_any_case_and_a_bom_are_read(monthly_form, tree):
    data = "\ufeffDATAELEMENT,Period,orgunit,Value\nTT_BUOI,202607,06688,4\n".encode()
    summary = values_import(by=SYSTEM, rows=Payload(io.BytesIO(data), "text/csv"))
    assert (summary.imported, summary.conflicts) == (1, [])


def test_thousands_of_conflicts_are_counted_and_the_first_thousand_listed(monthly_form, tree):
    rows = [
        {"dataElement": f"KHONG_CO_{n}", "period": "202607", "orgUnit": "06688", "value": "1"}
        for n in range(1500)
    ]
    summary = values_import(by=SYSTEM, rows=rows)
    assert summary.conflict_count == 1500 and len(summary.conflicts) == 1000
    assert summary.as_dhis2()["description"] == "Có 1.500 lỗi; không giá trị nào được ghi."
    assert summary.as_dhis2()["rejectedIndexes"] == list(range(1500))


def test_the_same_refusal_of_many_values_is_one_conflict_with_their_indexes(monthly_form, tree):
    rows = [{"dataElement": "KHONG_CO", "period": "202607", "orgUnit": "06688", "value": "1"}]
    summary = values_import(by=SYSTEM, rows=rows * 1500)
    (conflict,) = summary.conflicts
    assert conflict["errorCode"] == "E7610" and conflict["property"] == "dataElement"
    assert conflict["indexes"] == list(range(1500))
    assert summary.as_dhis2()["importCount"]["ignored"] == 1500


def test_whole_numbers_are_held_to_the_indicator_bounds(monthly_form, tree):
    from antq.indicators.models import Indicator

    Indicator.objects.filter(code="TT_BUOI").update(max_value=50)
    summary = values_import(
        by=SYSTEM,
        rows=stream(("TT_BUOI", "202607", "06688", "51"), ("TT_LUOT", "202607", "06688", "-3")),
    )
    messages = [c["value"] for c in summary.conflicts]
    assert len(messages) == 2 and "không được lớn hơn 50" in messages[0]
    assert "không được nhỏ hơn 0" in messages[1]
    assert not DataValue.objects.exists()
