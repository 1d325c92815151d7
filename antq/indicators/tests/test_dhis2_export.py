"""GET /api/dataValueSets with DHIS2's parameters and formats (issue 26:
period and startDate/endDate, children, repeated orgUnit, lastUpdated,
limit, CSV/XML/ADX, the .json suffix), and the metadata a client reads."""

import base64
import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from antq.indicators.models import Submission
from antq.indicators.tests.conftest import put
from conftest import PASSWORD

A, B = "mYatoOgQjSD", "h6XlqEJegSF"
FORM = "AU22dybCodT"


def basic(user) -> dict:
    raw = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {raw}"}


@pytest.fixture
def province(personas, monthly_form, tree):
    for unit, month, value in (
        (tree.commune_a, "202607", 4),
        (tree.commune_a, "202608", 5),
        (tree.commune_b, "202607", 6),
    ):
        put(unit, month, TT_BUOI=value)
        Submission.objects.create(
            form=monthly_form,
            unit=unit,
            period=month,
            period_start=f"{month[:4]}-{month[4:]}-01",
            status=Submission.Status.APPROVED,
        )
    return Client(**basic(personas.province_approver))


def got(client, query: str, path: str = "/api/dataValueSets.json"):
    answer = client.get(path + query)
    assert answer.status_code == 200, answer.content
    return {(v["orgUnit"], v["period"], v["value"]) for v in answer.json()["dataValues"]}


def test_period_names_dhis2s_periods(province):
    assert got(province, f"?dataSet={FORM}&period=202607&orgUnit={A}") == {(A, "202607", "4")}


def test_start_and_end_dates_span_periods(province):
    query = f"?dataSet={FORM}&startDate=2026-07-01&endDate=2026-08-31&orgUnit={A}"
    assert got(province, query) == {(A, "202607", "4"), (A, "202608", "5")}


def test_children_is_false_by_default_and_true_returns_the_subtree(province, tree):
    province_uid = tree.province.uid
    assert got(province, f"?dataSet={FORM}&period=202607&orgUnit={province_uid}") == set()
    assert got(province, f"?dataSet={FORM}&period=202607&orgUnit={province_uid}&children=true") == {
        (A, "202607", "4"), (B, "202607", "6"),
    }  # fmt: skip


def test_a_repeated_org_unit_keeps_every_one(province):
    assert got(province, f"?dataSet={FORM}&period=202607&orgUnit={A}&orgUnit={B}") == {
        (A, "202607", "4"), (B, "202607", "6"),
    }  # fmt: skip


def test_limit_and_last_updated_are_honoured(province):
    base = f"?dataSet={FORM}&startDate=2026-01-01&endDate=2026-12-31&orgUnit={A}&orgUnit={B}"
    assert len(got(province, base + "&limit=2")) == 2
    assert got(province, base + "&lastUpdated=2030-01-01") == set()
    assert len(got(province, base + "&lastUpdatedDuration=1d")) == 3


def test_only_approved_reports_unless_asked(province, tree):
    Submission.objects.filter(unit=tree.commune_b).update(status=Submission.Status.SUBMITTED)
    query = f"?dataSet={FORM}&period=202607&orgUnit={A}&orgUnit={B}"
    assert got(province, query) == {(A, "202607", "4")}
    assert len(got(province, query + "&includeUnapproved=true")) == 2


def test_csv_xml_and_adx_exports(province):
    query = f"?dataSet={FORM}&period=202607&orgUnit={A}"
    rows = list(
        csv.reader(io.StringIO(province.get("/api/dataValueSets.csv" + query).content.decode()))
    )
    assert rows[0][:6] == [
        "dataelement",
        "period",
        "orgunit",
        "catoptcombo",
        "attroptcombo",
        "value",
    ]
    assert rows[1][:6] == ["TMGq00zsI6m", "202607", A, "HllvX50cXC0", "HllvX50cXC0", "4"]
    xml = ET.fromstring(province.get("/api/dataValueSets.xml" + query).content)
    assert xml.tag.endswith("dataValueSet") and xml[0].attrib["value"] == "4"
    adx = ET.fromstring(province.get("/api/dataValueSets.adx" + query).content)
    group = adx[0]
    assert group.attrib["period"] == "2026-07-01/P1M" and group.attrib["orgUnit"] == "06688"
    assert group[0].attrib == {"dataElement": "TT_BUOI", "value": "4"}
    by_accept = province.get("/api/dataValueSets" + query, HTTP_ACCEPT="application/csv")
    assert by_accept["Content-Type"].startswith("application/csv")


def test_antqs_export_imports_back_unchanged(province):
    for suffix, kind in ((".json", "application/json"), (".csv", "application/csv"),
                         (".xml", "application/xml"), (".adx", "application/adx+xml")):  # fmt: skip
        exported = province.get(
            f"/api/dataValueSets{suffix}?dataSet={FORM}&period=202607&orgUnit={A}&orgUnit={B}"
        )
        answer = province.post("/api/dataValueSets", exported.content, content_type=kind)
        body = answer.json()
        assert answer.status_code == 200, (suffix, body)
        assert body["response"]["importCount"] == {
            "imported": 0,
            "updated": 0,
            "ignored": 2,
            "deleted": 0,
        }


def test_an_unknown_parameter_or_a_foreign_unit_is_refused(province, personas):
    assert (
        province.get(
            f"/api/dataValueSets?dataSet={FORM}&period=202607&orgUnit={A}&compression=zip"
        ).status_code
        == 400
    )
    officer_b = Client(**basic(personas.officer_b))
    assert (
        officer_b.get(f"/api/dataValueSets?dataSet={FORM}&period=202607&orgUnit={A}").status_code
        == 404
    )
    assert province.get(f"/api/dataValueSets?period=202607&orgUnit={A}").status_code == 409


def test_metadata_lists_use_dhis2s_names_and_paging(province, tree):
    units = province.get(
        "/api/organisationUnits.json?fields=id,code,level,path,children&pageSize=2"
    ).json()
    assert units["pager"]["pageSize"] == 2 and units["pager"]["total"] >= 5
    first = units["organisationUnits"][0]
    assert set(first) == {"id", "code", "level", "path", "children"}
    one = province.get(f"/api/organisationUnits/{A}").json()
    assert one["level"] == 2 and one["path"] == f"/{tree.province.uid}/{A}"
    assert {"id": tree.area_a.uid} in one["children"]
    level = province.get("/api/organisationUnits?filter=level:eq:1&paging=false&fields=code").json()
    assert {"code": "22"} in level["organisationUnits"]
    sets = province.get("/api/dataSets?fields=id,code,periodType").json()["dataSets"]
    assert {"id": FORM, "code": "BC-THANG-XA", "periodType": "Monthly"} in sets
    elements = province.get(
        "/api/dataElements?filter=code:eq:TP_SO_VU&fields=id,valueType,categoryOptionCombos"
    ).json()
    (element,) = elements["dataElements"]
    assert (
        element["id"] == "zXvC4T3TGLy" and {"id": "eWXJYy4srgK"} in element["categoryOptionCombos"]
    )
    combos = province.get("/api/categoryOptionCombos?fields=id,code&paging=false").json()
    assert {"id": "HllvX50cXC0", "code": "default"} in combos["categoryOptionCombos"]
