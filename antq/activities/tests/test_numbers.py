"""Counts are read as an office writes them ("1.480" is one thousand four
hundred eighty) by the one number reader, in the form, the API and imports."""

import io

from django.urls import reverse

from antq.activities.importers import activities_import
from antq.activities.models import Activity, ActivityKind
from antq.core.tabular import TabularError

API = "/api/v1/activities"


def test_the_form_takes_1_480_people_and_1_480_leaflets(client, personas, tree):
    client.force_login(personas.officer_a)
    answer = client.post(
        reverse("activities:activity-create"),
        {
            "unit": tree.commune_a.pk,
            "kind": ActivityKind.objects.get(code="tuyen_truyen").pk,
            "title": "Tuyên truyền lưu động",
            "date": "05/10/2026",
            "attendance": "1.480",
            "output_to_roi": "1.480",
        },
    )
    assert answer.status_code == 302, answer.context["form"].errors
    activity = Activity.objects.get()
    assert activity.attendance == 1480
    assert {o.kind.code: o.count for o in activity.outputs.all()} == {"to_roi": 1480}


def test_the_form_refuses_a_fraction_or_a_negative_count_in_vietnamese(client, personas, tree):
    client.force_login(personas.officer_a)
    answer = client.post(
        reverse("activities:activity-create"),
        {
            "unit": tree.commune_a.pk,
            "kind": ActivityKind.objects.get(code="tuyen_truyen").pk,
            "title": "Tuyên truyền",
            "date": "05/10/2026",
            "attendance": "12,5",
            "output_to_roi": "-5",
        },
    )
    errors = answer.context["form"].errors
    assert errors["attendance"] == ["“12,5” phải là số nguyên."]
    assert errors["output_to_roi"] == ["Không được nhỏ hơn 0."]
    assert not Activity.objects.exists()


def test_the_api_takes_counts_as_json_numbers_or_as_written(client, personas, tree, auth):
    body = {
        "unit": "06688",
        "kind": "tuyen_truyen",
        "title": "Tuyên truyền",
        "date": "2026-10-05",
        "attendance": "1.480",
        "outputs": {"bai_mang": "1.480", "to_roi": 300},
    }
    created = client.post(API, body, content_type="application/json", **auth(personas.officer_a))
    assert created.status_code == 201, created.json()
    assert created.json()["attendance"] == 1480
    assert created.json()["outputs"] == {"bai_mang": 1480, "to_roi": 300}
    refused = client.post(
        API,
        {**body, "attendance": "mười"},
        content_type="application/json",
        **auth(personas.officer_a),
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"][-1] == "attendance"


def test_an_import_reads_counts_with_the_same_reader(personas, tree):
    header = "Mã đơn vị;Ngày;Loại hoạt động;Tên hoạt động;Số người dự;Tờ rơi\n"
    good = io.BytesIO(
        (header + "06688;05/10/2026;Tuyên truyền;Tuyên truyền;1.480;2.000\n").encode()
    )
    activities_import(upload=good, filename="a.csv", by=personas.officer_a)
    activity = Activity.objects.get()
    assert activity.attendance == 1480 and activity.outputs.get().count == 2000
    bad = io.BytesIO((header + "06688;06/10/2026;Tuyên truyền;Khác;12,5;\n").encode())
    try:
        activities_import(upload=bad, filename="b.csv", by=personas.officer_a)
    except TabularError as error:
        messages = [str(e) for e in error.errors]
    assert messages == ["Dòng 2, cột E (Số người dự): “12,5” phải là số nguyên."]
