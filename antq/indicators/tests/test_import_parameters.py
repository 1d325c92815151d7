"""DHIS2's import parameters on antq's own `/api/v1/statistics/dataValueSets`
(issue 26, "defect first"): a dry run writes nothing, each importStrategy
does what DHIS2 says, and a parameter antq does not support is refused."""

import json

import pytest

from antq.audit.models import AuditEntry
from antq.indicators.models import DataValue
from antq.indicators.tests.conftest import put

URL = "/api/v1/statistics/dataValueSets"

FOUR = {
    "dataValues": [
        {"dataElement": code, "period": "202607", "orgUnit": "06688", "value": value}
        for code, value in (
            ("TT_BUOI", "4"),
            ("TT_LUOT", "120"),
            ("TP_SO_VU", "2"),
            ("TP_KHAM_PHA", "1"),
        )
    ]
}


@pytest.fixture
def officer(client, personas, monthly_form):
    client.force_login(personas.officer_a)
    return client


def post(client, query: str, document: dict):
    return client.post(f"{URL}{query}", json.dumps(document), content_type="application/json")


def stored() -> dict[str, int]:
    return {v.indicator.code: int(v.value) for v in DataValue.objects.select_related("indicator")}


def test_a_dry_run_answers_what_would_be_imported_and_writes_nothing(officer):
    entries = AuditEntry.objects.count()
    answer = post(officer, "?dryRun=true", FOUR)
    assert answer.status_code == 200
    assert answer.json()["importCount"] == {"imported": 4, "updated": 0, "ignored": 0, "deleted": 0}
    assert not DataValue.objects.exists()
    assert AuditEntry.objects.count() == entries
    assert (
        officer.get(
            f"{URL}?dataSet=BC-THANG-XA&orgUnit=06688&startPeriod=202607&endPeriod=202607"
        ).json()["dataValues"]
        == []
    )


def test_a_dry_run_with_a_conflict_lists_it_and_writes_nothing(officer):
    document = {
        "dataValues": [
            *FOUR["dataValues"],
            {"dataElement": "KHONG_CO", "period": "202607", "orgUnit": "06688", "value": "1"},
        ]
    }
    answer = post(officer, "?dryRun=true", document)
    assert answer.status_code == 409
    assert answer.json()["conflicts"][0]["errorCode"] == "E7610"
    assert not DataValue.objects.exists()


def test_create_keeps_an_existing_value_and_counts_it_ignored(officer, tree):
    put(tree.commune_a, "202607", TT_BUOI=9)
    answer = post(officer, "?importStrategy=CREATE", FOUR)
    assert answer.json()["importCount"] == {"imported": 3, "updated": 0, "ignored": 1, "deleted": 0}
    assert stored()["TT_BUOI"] == 9


def test_update_changes_existing_values_only(officer, tree):
    put(tree.commune_a, "202607", TT_BUOI=9)
    answer = post(officer, "?importStrategy=UPDATE", FOUR)
    assert answer.json()["importCount"] == {"imported": 0, "updated": 1, "ignored": 3, "deleted": 0}
    assert stored() == {"TT_BUOI": 4}


def test_delete_removes_the_values_named_whatever_their_value(officer, tree):
    put(tree.commune_a, "202607", TT_BUOI=9, TT_LUOT=50)
    answer = post(officer, "?importStrategy=DELETE", FOUR)
    assert answer.json()["importCount"] == {"imported": 0, "updated": 0, "ignored": 2, "deleted": 2}
    assert stored() == {}


def test_create_and_update_is_the_default(officer, tree):
    put(tree.commune_a, "202607", TT_BUOI=9)
    answer = post(officer, "", FOUR)
    assert answer.json()["importCount"] == {"imported": 3, "updated": 1, "ignored": 0, "deleted": 0}


@pytest.mark.parametrize(
    "query",
    [
        "?preheatCache=true&mergeMode=MERGE",
        "?strictPeriods=true",
        "?importStrategy=NEW",
        "?dryRun=yes",
        "?idScheme=NAME",
        "?skipAudit=true",
        "?async=true",
        "?dataElementIdScheme=ATTRIBUTE:abc",
    ],
)
def test_an_unsupported_parameter_is_refused_and_nothing_is_written(officer, query):
    answer = post(officer, query, FOUR)
    assert answer.status_code in {400, 422}, answer.content
    assert answer.json()["detail"]
    assert not DataValue.objects.exists()


def test_atomic_mode_none_writes_the_valid_values_and_reports_the_others(officer):
    document = {
        "dataValues": [
            *FOUR["dataValues"],
            {"dataElement": "TT_BUOI", "period": "202607", "orgUnit": "06673", "value": "1"},
        ]
    }
    answer = post(officer, "?atomicMode=NONE", document)
    body = answer.json()
    assert answer.status_code == 409 and body["status"] == "WARNING"
    assert body["importCount"] == {"imported": 4, "updated": 0, "ignored": 1, "deleted": 0}
    assert body["rejectedIndexes"] == [4]
    assert body["conflicts"][0]["indexes"] == [4] and body["conflicts"][0]["errorCode"] == "E7617"
    assert len(stored()) == 4


def test_all_or_nothing_stays_the_default_and_counts_every_value_ignored(officer):
    document = {
        "dataValues": [
            *FOUR["dataValues"],
            {"dataElement": "TT_BUOI", "period": "202607", "orgUnit": "06673", "value": "1"},
        ]
    }
    body = post(officer, "", document).json()
    assert body["status"] == "ERROR"
    assert body["importCount"] == {"imported": 0, "updated": 0, "ignored": 5, "deleted": 0}
    assert not DataValue.objects.exists()


def test_a_broken_rule_refuses_only_its_report_when_atomic_mode_is_none(officer, tree):
    document = {
        "dataValues": [
            {"dataElement": "TP_SO_VU", "period": "202607", "orgUnit": "06688", "value": "1"},
            {"dataElement": "TP_KHAM_PHA", "period": "202607", "orgUnit": "06688", "value": "5"},
            {"dataElement": "TT_BUOI", "period": "202608", "orgUnit": "06688", "value": "3"},
        ]
    }
    body = post(officer, "?atomicMode=NONE", document).json()
    assert body["importCount"] == {"imported": 1, "updated": 0, "ignored": 2, "deleted": 0}
    assert body["conflicts"][0]["errorCode"] == "ANTQ_RULE" and body["rejectedIndexes"] == [0, 1]


def test_skip_existing_check_never_overwrites_a_stored_value(officer, tree):
    put(tree.commune_a, "202607", TT_BUOI=9)
    body = post(officer, "?skipExistingCheck=true", FOUR).json()
    assert body["importCount"]["ignored"] == 1 and stored()["TT_BUOI"] == 9
