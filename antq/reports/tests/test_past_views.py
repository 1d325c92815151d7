"""A closed province's past, as published, in pages: the report list and a
report labelled with whose figures they are, the dashboard's note, a unit
asked for on a day it did not exist (422), and the public page archived
under today's province carrying it."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from antq.accounts.access import SystemActor
from antq.accounts.models import Role
from antq.activities.services import activity_create
from antq.activities.tests.conftest import entry
from antq.reports.models import Report, ReportTemplate
from antq.units.models import REFORM_2025_CLOSE, Unit
from conftest import make_unit, make_user


@pytest.fixture
def vinh_long_officer(tree):
    return make_user("vinhlong.canbo", Role.APPROVER, tree.vinh_long)


@pytest.fixture
def ben_tre_report(tree, personas):
    """Tỉnh Bến Tre's report of 2024, issued before the merger (its document in
    the register: number 7, 20/12/2024)."""
    from django.test import TestCase

    from antq.documents.services import document_create, document_issue
    from antq.reports.documents import SOURCE

    report = Report.objects.create(
        template=ReportTemplate.objects.get(is_default=True),
        unit=tree.ben_tre,
        scope_path=tree.ben_tre.path,
        period="2024",
        view="published",
        status=Report.Status.ISSUED,
        figures={"unit": "Tỉnh Bến Tre", "period": "2024", "note": "", "sections": []},
    )
    draft = document_create(
        by=personas.system_admin,
        unit=tree.ben_tre,
        purpose="report",
        source_kind=SOURCE,
        source_id=report.pk,
        number=7,
        day=date(2024, 12, 20),
        signer_name="Trần Văn Chủ",
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        report.document = document_issue(by=personas.system_admin, document=draft)
    report.save(update_fields=["document"])
    return report


def test_todays_province_finds_and_reads_the_closed_provinces_report(
    client, tree, ben_tre_report, vinh_long_officer, personas
):
    client.force_login(vinh_long_officer)
    listed = client.get(
        reverse("movement:report-list"), {"unit": tree.ben_tre.pk, "view": "published"}
    ).content.decode()
    assert "Tỉnh Bến Tre (đến 30/06/2025)" in listed
    assert reverse("movement:report-detail", args=[ben_tre_report.pk]) in listed
    page = client.get(reverse("movement:report-detail", args=[ben_tre_report.pk]))
    assert page.status_code == 200
    assert "Tỉnh Bến Tre (đến 30/06/2025), như đã công bố" in page.content.decode()
    client.force_login(personas.province_approver)  # Quảng Ninh's
    assert (
        client.get(reverse("movement:report-detail", args=[ben_tre_report.pk])).status_code == 404
    )


def test_a_unit_asked_for_on_a_day_it_did_not_exist_is_a_422_page_with_its_successor(
    client, tree, vinh_long_officer
):
    client.force_login(vinh_long_officer)
    response = client.get(
        reverse("movement:report-list"), {"unit": tree.ben_tre.pk, "as_of": "2026-01-01"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Tỉnh Bến Tre chỉ tồn tại đến 30/06/2025, không còn vào ngày 01/01/2026." in page
    assert f"unit={tree.vinh_long.pk}" in page
    summary = client.get(
        reverse("activities:activity-summary"), {"unit": tree.ben_tre.pk, "as_of": "2026-01-01"}
    )
    assert summary.status_code == 422


def test_the_dashboard_says_whose_figures_it_shows(client, tree, vinh_long_officer):
    from antq.indicators.services import catalogue_load

    catalogue_load()
    client.force_login(vinh_long_officer)
    page = client.get(
        reverse("reports:dashboard"),
        {"unit": tree.ben_tre.pk, "view": "published", "period": "2024"},
    ).content.decode()
    assert "Tỉnh Bến Tre (đến 30/06/2025), như đã công bố" in page
    restated = client.get(
        reverse("reports:dashboard"), {"unit": tree.ben_tre.pk, "period": "2024"}
    ).content.decode()
    assert "Tỉnh Bến Tre (đến 30/06/2025) không còn" in restated


def test_the_closed_provinces_public_page_is_archived_under_its_successor(client, tree):
    cache.clear()
    city = make_unit(
        parent=tree.ben_tre,
        code="829",
        name="Thành phố Bến Tre",
        type=Unit.Type.DISTRICT,
        kind=Unit.Kind.THANH_PHO,
        valid_to=REFORM_2025_CLOSE,
    )
    activity_create(
        by=SystemActor("lưu trữ"),
        data=entry(city, date(2025, 3, 10), title="Ra quân tuyên truyền", is_public=True),
    )
    old = client.get("/cong-khai/83/")
    assert old.status_code == 302 and old["Location"] == "/cong-khai/86/luu-tru/83/"
    page = client.get("/cong-khai/86/luu-tru/83/").content.decode()
    assert "Trang lưu trữ. Tỉnh Bến Tre hoạt động đến 30/06/2025" in page
    assert "như đã công bố" in page and "Ra quân tuyên truyền" in page
    assert 'href="/cong-khai/86/"' in page
    today = client.get("/cong-khai/86/").content.decode()
    assert 'href="/cong-khai/86/luu-tru/83/"' in today
    assert client.get("/cong-khai/22/luu-tru/83/").status_code == 404
