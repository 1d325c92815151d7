"""The deadline save path: the catalogue read once per process and dropped at
the first edit, the save answering its report (and submitting it when
asked), the submission in a few statements."""

import json

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from antq.core.actors import SYSTEM
from antq.core.generations import generation_token
from antq.indicators.importers import values_import
from antq.indicators.models import FormIndicator, Indicator, Submission, ValidationRule
from antq.indicators.services import submission_submit
from antq.indicators.snapshot import CATALOGUE, catalogue_snapshot
from conftest import PASSWORD


def _full_form(monthly_form, unit_code: str, period: str) -> list[dict]:
    rows = []
    for line in monthly_form.lines.select_related("indicator"):
        for option in [o["code"] for o in line.indicator.options] or [""]:
            row = {"dataElement": line.indicator.code, "period": period, "orgUnit": unit_code}
            rows.append(row | {"value": "1"} | ({"categoryOptionCombo": option} if option else {}))
    return rows


def _token(client) -> dict:
    token = client.post(
        "/api/v1/auth/token",
        {"username": "xa.a", "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_catalogue_is_built_once_and_reused_while_nothing_changes(monthly_form):
    first = catalogue_snapshot()
    with CaptureQueriesContext(connection) as queries:
        again = catalogue_snapshot()
    assert again is first
    assert len(queries) == 1  # the generation's token, nothing else


def test_an_edit_of_an_indicator_is_seen_by_the_next_import_at_once(tree, monthly_form):
    row = {"dataElement": "TT_BUOI", "period": "202506", "orgUnit": "06688", "value": "80"}
    catalogue_snapshot()
    Indicator.objects.filter(code="TT_BUOI").update(max_value=50)  # a bulk write: no signal
    summary = values_import(by=SYSTEM, rows=[row])
    assert summary.conflicts and "50" in summary.conflicts[0]["value"]
    indicator = Indicator.objects.get(code="TT_BUOI")
    indicator.max_value = None
    indicator.save()  # a save: the signal
    assert not values_import(by=SYSTEM, rows=[row]).conflicts


def test_every_kind_of_catalogue_write_changes_the_generation(monthly_form):
    line = FormIndicator.objects.filter(form=monthly_form).first()
    writes = [
        lambda: ValidationRule.objects.create(
            form=monthly_form, left="TT_BUOI", operator="<=", right="TT_BUOI", message="x"
        ),
        lambda: ValidationRule.objects.filter(message="x").delete(),
        lambda: FormIndicator.objects.bulk_update([line], ["required"]),
        lambda: monthly_form.save(),
        lambda: Indicator.objects.bulk_create(
            [Indicator(code="MOI", name="Chỉ tiêu mới", formula="TT_BUOI")]
        ),
    ]
    for write in writes:
        before = catalogue_snapshot()
        token = generation_token("catalogue")
        write()
        assert generation_token("catalogue") != token
        assert catalogue_snapshot() is not before


def test_a_change_rolled_back_leaves_no_token_a_later_change_could_reuse(monthly_form):
    catalogue_snapshot()
    committed = generation_token("catalogue")
    try:
        with transaction.atomic():
            Indicator.objects.filter(code="TT_BUOI").update(name="Tạm")
            inside = catalogue_snapshot()
            assert inside.indicators["TT_BUOI"].name == "Tạm"
            raise RuntimeError
    except RuntimeError:
        pass
    assert generation_token("catalogue") == committed
    assert catalogue_snapshot().indicators["TT_BUOI"].name != "Tạm"
    CATALOGUE.forget()


def test_the_save_answers_the_report_it_wrote(client, personas, tree, monthly_form):
    auth = _token(client)
    rows = _full_form(monthly_form, "06688", "202607")
    response = client.post(
        "/api/v1/statistics/dataValueSets",
        json.dumps({"dataValues": rows}),
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 200, response.json()
    (report,) = response.json()["reports"]
    stored = Submission.objects.get(unit=tree.commune_a, period="202607")
    assert report == {
        "id": stored.pk,
        "form": "BC-THANG-XA",
        "unit": "06688",
        "period": "202607",
        "status": "draft",
        "return_reason": "",
        "version": stored.version,
    }


def test_submit_true_saves_and_submits_in_one_call_and_a_retry_submits_once(
    client, personas, tree, monthly_form
):
    auth = _token(client)
    body = json.dumps({"dataValues": _full_form(monthly_form, "06688", "202607")})
    url = "/api/v1/statistics/dataValueSets?submit=true"
    first = client.post(url, body, content_type="application/json", **auth)
    assert first.status_code == 200, first.json()
    assert first.json()["reports"][0]["status"] == "submitted"
    stored = Submission.objects.get(unit=tree.commune_a, period="202607")
    assert (
        stored.status == Submission.Status.SUBMITTED and stored.submitted_by == personas.officer_a
    )
    retry = client.post(url, body, content_type="application/json", **auth)
    assert retry.status_code == 200 and retry.json()["reports"][0]["status"] == "submitted"


def test_submit_true_on_an_incomplete_form_keeps_the_values_and_says_why(
    client, personas, tree, monthly_form
):
    auth = _token(client)
    row = {"dataElement": "TT_BUOI", "period": "202607", "orgUnit": "06688", "value": "3"}
    response = client.post(
        "/api/v1/statistics/dataValueSets?submit=true",
        json.dumps({"dataValues": [row]}),
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 409
    answer = response.json()
    assert answer["conflicts"][0]["errorCode"] == "ANTQ_COMPLETE"
    assert answer["conflicts"][0]["value"].startswith("Cần nhập")
    assert answer["reports"][0]["status"] == "draft"
    assert answer["importCount"]["imported"] == 1


def test_submitting_a_report_takes_a_few_statements(personas, tree, monthly_form):
    summary = values_import(by=SYSTEM, rows=_full_form(monthly_form, "06688", "202607"))
    assert not summary.conflicts
    submission = Submission.objects.select_related("unit", "form").get(
        unit=tree.commune_a, period="202607"
    )
    catalogue_snapshot()
    with CaptureQueriesContext(connection) as queries:
        submission_submit(by=personas.officer_a, submission=submission)
    # lock, catalogue token, values, the rights, update, audit (+ savepoint or BEGIN/COMMIT)
    assert len(queries) <= 8, [q["sql"][:80] for q in queries]
