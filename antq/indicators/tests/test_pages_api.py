import json

from django.urls import reverse

from antq.indicators.models import DataValue, Submission
from conftest import PASSWORD

from .conftest import put_approved as put

ENTRY = "indicators:entry"


def test_the_officer_enters_a_month_sees_rule_errors_and_submits(
    client, personas, tree, monthly_form
):
    client.force_login(personas.officer_a)
    url = reverse(ENTRY, args=["BC-THANG-XA", tree.commune_a.pk, "202607"])
    assert "Tháng 7/2026" in client.get(url).content.decode()
    bad = client.post(url, {"v__TP_SO_VU__trom_cap": "1", "v__TP_KHAM_PHA": "3", "save": "1"})
    assert "Số vụ khám phá không được lớn hơn số vụ phạm tội." in bad.content.decode()
    assert not DataValue.objects.exists()
    check = client.post(
        reverse("indicators:entry-check", args=["BC-THANG-XA", tree.commune_a.pk, "202607"]),
        {"v__TT_LUOT": "1.480", "v__TT_BUOI": "nhiều"},
    )
    assert "không phải là số" in check.content.decode()
    good = {
        "v__TT_BUOI": "4",
        "v__TT_LUOT": "1.480",
        "v__NT_TIN_BAO": "2",
        "v__TP_SO_VU__trom_cap": "3",
        "v__TP_KHAM_PHA": "2",
        "v__TNGT_SO_VU": "0",
        "comment__TT_BUOI": "Tuyên truyền lưu động",
    }
    client.post(url, {**good, "submit": "1"})
    submission = Submission.objects.get()
    assert submission.status == "submitted"
    assert DataValue.objects.get(indicator__code="TT_LUOT").value == 1480
    assert DataValue.objects.get(indicator__code="TT_BUOI").comment == "Tuyên truyền lưu động"


def test_the_province_approves_and_commune_b_cannot_see_commune_a(
    client, personas, tree, monthly_form
):
    submission = Submission.objects.create(
        form=monthly_form,
        unit=tree.commune_a,
        period="202607",
        period_start="2026-07-01",
        status="submitted",
    )
    client.force_login(personas.officer_b)
    url = reverse(ENTRY, args=["BC-THANG-XA", tree.commune_a.pk, "202607"])
    assert client.get(url).status_code == 404
    client.force_login(personas.province_approver)
    assert "Phường Hạ Long" in client.get(reverse("indicators:approval-list")).content.decode()
    client.post(reverse("indicators:submission-approve", args=[submission.pk]))
    submission.refresh_from_db()
    assert submission.status == "approved"


def test_completeness_page_lists_who_is_late(client, personas, tree, monthly_form):
    client.force_login(personas.province_approver)
    page = client.get(
        reverse("indicators:completeness"), {"first": "202607", "last": "202608"}
    ).content.decode()
    assert 'id="completeness"' in page and "Phường Bãi Cháy" in page


def test_dashboard_shows_figures_with_change_and_exports_workbook_and_charts(
    client, personas, tree, monthly_form
):
    put(tree.commune_a, "202607", TT_BUOI=8)
    put(tree.commune_a, "202507", TT_BUOI=4)
    client.force_login(personas.province_approver)
    url = reverse("reports:dashboard")
    page = client.get(url, {"period": "202607", "indicator": "TT_BUOI"}).content.decode()
    assert "+100,0% so với cùng kỳ" in page and 'id="bar-spec"' in page
    workbook = client.get(url, {"period": "202607", "export": "xlsx"})
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    svg = client.get(url, {"period": "202607", "export": "svg"}).content.decode()
    assert svg.startswith("<svg") and "Phường Hạ Long" in svg


def test_api_accepts_dhis2_json_and_answers_409_on_conflicts(client, personas, tree, monthly_form):
    token = client.post(
        "/api/v1/auth/token",
        {"username": "xa.a", "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    good = {
        "dataValues": [
            {"dataElement": "TT_BUOI", "period": "202607", "orgUnit": "06688", "value": "5"}
        ]
    }
    response = client.post(
        "/api/v1/statistics/dataValueSets",
        json.dumps(good),
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 200 and response.json()["importCount"]["imported"] == 1
    bad = {
        "dataValues": [
            {"dataElement": "TT_BUOI", "period": "2026Q3", "orgUnit": "06688", "value": "5"}
        ]
    }
    response = client.post(
        "/api/v1/statistics/dataValueSets", json.dumps(bad), content_type="application/json", **auth
    )
    assert response.status_code == 409 and response.json()["status"] == "ERROR"
    Submission.objects.update(status=Submission.Status.APPROVED)  # figures count approved data
    rolled = client.get(
        "/api/v1/statistics/rollup",
        {"indicator": "TT_BUOI", "period": "2026Q3", "unit": "06688"},
        **auth,
    ).json()
    assert rolled["rows"][0]["value"] == "5.00"
    assert rolled["unit_used"]["name"] == "Phường Hạ Long"
    assert (
        client.get(
            "/api/v1/statistics/rollup", {"indicator": "TT_BUOI", "period": "2026Q9"}, **auth
        ).status_code
        == 422
    )


def test_the_system_administrator_sees_completeness_by_province(
    client, personas, tree, monthly_form
):
    client.force_login(personas.system_admin)
    page = client.get(
        reverse("indicators:completeness"), {"first": "202607", "last": "202607"}
    ).content.decode()
    assert 'id="completeness-national"' in page and "Tỉnh Quảng Ninh" in page


def test_a_web_import_runs_as_a_job_and_shows_its_summary(client, personas, tree, monthly_form):
    import io

    client.force_login(personas.officer_a)
    upload = io.BytesIO(b"dataelement,period,orgunit,value\nTT_BUOI,202607,06688,7\n")
    upload.name = "thang7.csv"
    response = client.post(reverse("indicators:import"), {"file": upload})
    assert response.status_code == 302 and "/cong-viec/" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Đã nhập." in page and "Thêm 1" in page
    client.force_login(personas.officer_b)
    assert client.get(response["Location"]).status_code == 404


def test_a_broken_upload_is_refused_at_once(client, personas, tree, monthly_form):
    import io

    client.force_login(personas.officer_a)
    upload = io.BytesIO(b"{not json")
    upload.name = "x.json"
    response = client.post(reverse("indicators:import"), {"file": upload})
    assert response.status_code == 200 and "JSON không hợp lệ" in response.content.decode()


def test_dashboard_key_figures_follow_the_form_order(client, personas, tree, monthly_form):
    from antq.core.periods import parse
    from antq.reports.selectors import kpis

    codes = [
        k.indicator.code
        for k in kpis(form=monthly_form, root=tree.province, period=parse("202607"))
    ]
    form_order = [line.indicator.code for line in monthly_form.lines.all()]
    assert codes[: len(form_order)] == form_order
