"""No figures for a period to come (issue 21: "no statistics period or import
row may carry a date after today"). The suite runs on 02/12/2026: December
2026 is under way and may be entered; January 2027 has not begun. Refused
on the entry page, through the API and in imports, with a Vietnamese
sentence, and nothing is written."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from antq.core.periods import parse
from antq.indicators.importers import parse_payload, values_import
from antq.indicators.models import DataValue, Submission
from antq.indicators.services import values_save

ENTRY = "indicators:entry"
REFUSAL = "Kỳ báo cáo Tháng 1/2027 bắt đầu ngày 01/01/2027, sau ngày hôm nay"


def test_the_service_refuses_figures_for_a_month_that_has_not_begun(monthly_form, personas, tree):
    with pytest.raises(ValidationError) as refused:
        values_save(
            by=personas.officer_a,
            form=monthly_form,
            unit=tree.commune_a,
            period=parse("202701"),
            values={"TT_BUOI": {"": Decimal(4)}},
        )
    assert refused.value.message_dict["period"][0].startswith(REFUSAL)
    assert not Submission.objects.exists() and not DataValue.objects.exists()


def test_the_month_under_way_is_taken(monthly_form, personas, tree):
    values_save(
        by=personas.officer_a,
        form=monthly_form,
        unit=tree.commune_a,
        period=parse("202612"),
        values={"TT_BUOI": {"": Decimal(4)}},
    )
    assert DataValue.objects.get().value == 4


def test_the_entry_page_of_a_month_to_come_says_why_and_writes_nothing(
    client, personas, tree, monthly_form
):
    client.force_login(personas.officer_a)
    url = reverse(ENTRY, args=["BC-THANG-XA", tree.commune_a.pk, "202701"])
    page = client.get(url).content.decode()
    assert REFUSAL in page
    assert 'name="submit"' not in page  # no buttons to save or submit
    posted = client.post(url, {"v__TT_BUOI": "4", "save": "1"})
    assert posted.status_code == 200 and REFUSAL in posted.content.decode()
    assert not Submission.objects.exists() and not DataValue.objects.exists()


def test_the_current_month_does_not_link_to_the_next_one(client, personas, tree, monthly_form):
    client.force_login(personas.officer_a)
    page = client.get(reverse(ENTRY, args=["BC-THANG-XA", tree.commune_a.pk, "202612"]))
    assert "Tháng 1/2027" not in page.content.decode()
    earlier = client.get(reverse(ENTRY, args=["BC-THANG-XA", tree.commune_a.pk, "202611"]))
    assert "Tháng 12/2026 »" in earlier.content.decode()


def test_an_imported_row_of_a_month_to_come_refuses_the_whole_import(monthly_form, personas):
    rows = {
        "dataValues": [
            {"dataElement": "TT_BUOI", "period": "202611", "orgUnit": "06688", "value": "4"},
            {"dataElement": "TT_BUOI", "period": "202701", "orgUnit": "06688", "value": "4"},
        ]
    }
    summary = values_import(by=personas.officer_a, rows=parse_payload(json.dumps(rows)))
    answer = summary.as_dhis2()
    assert answer["status"] == "ERROR" and answer["importCount"]["imported"] == 0
    [conflict] = answer["conflicts"]
    assert conflict["object"] == "202701" and conflict["value"].startswith(REFUSAL)
    assert not DataValue.objects.exists()


def test_the_api_refuses_a_period_to_come_as_a_conflict(client, personas, monthly_form):
    client.force_login(personas.officer_a)
    csv = "dataelement,period,orgunit,catoptcombo,attroptcombo,value\nTT_BUOI,2027Q1,06688,,,5\n"
    csv += "TT_BUOI,202701,06688,,,5\n"
    answer = client.post("/api/v1/statistics/dataValueSets", csv, content_type="text/csv")
    assert answer.status_code == 409, answer.json()
    assert REFUSAL in json.dumps(answer.json(), ensure_ascii=False)
    assert not DataValue.objects.exists()
