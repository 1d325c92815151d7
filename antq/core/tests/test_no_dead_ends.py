"""No dead ends: a job whose result is a page opens it when done (the job page
polling it is sent there, and so is whoever opens it later); a system
administrator chooses the province the dashboard shows."""

from antq.core.models import Job


def _done_job(user, url: str) -> Job:
    return Job.objects.create(
        kind="movement_report",
        label="Lấy số liệu báo cáo năm 2026",
        runner="x",
        created_by=user,
        status=Job.Status.DONE,
        result={"report": 7, "label": "Báo cáo năm 2026", "url": url},
    )


def test_the_polling_job_page_is_sent_to_the_result_when_done(client, personas):
    job = _done_job(personas.province_approver, "/bao-cao/7/")
    client.force_login(personas.province_approver)
    answer = client.get(f"/cong-viec/{job.pk}/", HTTP_HX_REQUEST="true")
    assert answer["HX-Redirect"] == "/bao-cao/7/"
    assert client.get(f"/cong-viec/{job.pk}/")["Location"] == "/bao-cao/7/"


def test_a_result_address_off_the_site_is_never_followed(client, personas):
    job = _done_job(personas.province_approver, "https://example.com/")
    client.force_login(personas.province_approver)
    assert client.get(f"/cong-viec/{job.pk}/").status_code == 200


def test_a_system_administrator_chooses_the_province_on_the_dashboard(client, personas, tree):
    from antq.indicators.services import catalogue_load

    catalogue_load()
    client.force_login(personas.system_admin)
    page = client.get("/bang-dieu-khien/").content.decode()
    assert 'id="dashboard-province"' in page
    assert f'<option value="{tree.province.pk}">Tỉnh Quảng Ninh</option>' in page
    chosen = client.get(f"/bang-dieu-khien/?unit={tree.province.pk}").content.decode()
    assert f'<option value="{tree.province.pk}" selected>Tỉnh Quảng Ninh</option>' in chosen
    client.force_login(personas.province_approver)
    assert 'id="dashboard-province"' not in client.get("/bang-dieu-khien/").content.decode()
