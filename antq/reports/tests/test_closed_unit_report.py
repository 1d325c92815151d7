"""A closed province's report of a year it lived in, drafted today by the
province carrying its past (issue 22): Tỉnh Vĩnh Long drafts Tỉnh Bến Tre's
2022 report as published (its own units of the time), framed as drafted
later from the data entered and never issued; the restated view and a year
after the closure are refused with a message naming Tỉnh Vĩnh Long. Through
the service, the API and the page with its searchable unit picker."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from antq.accounts.access import Refused
from antq.accounts.models import Role
from antq.reports.models import Report
from antq.reports.services import IssueInput, report_create, report_issue
from conftest import make_user


@pytest.fixture
def vinh_long_officer(tree):
    tree.ben_tre.refresh_from_db()  # its carrier was set when Vĩnh Long was linked
    return make_user("vinhlong.canbo", Role.APPROVER, tree.vinh_long)


def _picker(page: str) -> str:
    return re.search(r'data-url="([^"]+)"', page).group(1).replace("&amp;", "&")


def test_todays_province_drafts_the_closed_provinces_2022_report_as_published(
    tree, vinh_long_officer
):
    report = report_create(by=vinh_long_officer, unit=tree.ben_tre, period="2022", view="published")
    assert report.unit == tree.ben_tre and report.view == "published"
    assert report.figures["note"].startswith(
        "Tỉnh Bến Tre hoạt động đến ngày 30/06/2025. Báo cáo này được lập ngày "
    )
    assert "không phải văn bản Tỉnh Bến Tre đã ban hành" in report.figures["note"]
    assert Report.objects.for_user(vinh_long_officer, "view").filter(pk=report.pk).exists()


def test_the_closed_provinces_report_is_refused_restated_or_after_its_closure_naming_the_successor(
    tree, vinh_long_officer
):
    with pytest.raises(ValidationError) as restated:
        report_create(by=vinh_long_officer, unit=tree.ben_tre, period="2022", view="restated")
    assert restated.value.message_dict["view"] == [
        "Tỉnh Bến Tre chỉ hoạt động đến 30/06/2025; số liệu tính theo đơn vị hiện nay nằm "
        "trong báo cáo của Tỉnh Vĩnh Long (mã 86). Chọn “Như đã công bố” để lập báo cáo "
        "của Tỉnh Bến Tre theo đơn vị khi đó."
    ]
    with pytest.raises(ValidationError) as later:
        report_create(by=vinh_long_officer, unit=tree.ben_tre, period="2026", view="published")
    assert later.value.message_dict["period"] == [
        "Tỉnh Bến Tre chỉ tồn tại đến 30/06/2025: báo cáo năm 2026 lập cho Tỉnh Vĩnh Long (mã 86)."
    ]
    assert not Report.objects.exists()


def test_another_province_may_not_draft_the_closed_provinces_report(tree, personas):
    with pytest.raises(Refused):
        report_create(
            by=personas.province_approver, unit=tree.ben_tre, period="2022", view="published"
        )


def test_a_report_drafted_today_for_a_closed_province_is_never_issued(
    tree, vinh_long_officer, client
):
    report = report_create(by=vinh_long_officer, unit=tree.ben_tre, period="2022", view="published")
    with pytest.raises(ValidationError) as refused:
        report_issue(
            by=vinh_long_officer,
            report=report,
            data=IssueInput(date=date(2026, 1, 5), signer_name="Trần Văn Chủ"),
        )
    assert "báo cáo lập sau từ số liệu đã nhập chỉ để tra cứu, không ban hành" in str(refused.value)
    client.force_login(vinh_long_officer)
    page = client.get(reverse("movement:report-detail", args=[report.pk])).content.decode()
    assert "Tỉnh Bến Tre (đến 30/06/2025), như đã công bố" in page
    assert "không phải văn bản Tỉnh Bến Tre đã ban hành" in page
    assert 'value="issue"' not in page


def test_the_api_drafts_the_closed_provinces_report_by_its_code_for_that_year(
    client, auth, tree, vinh_long_officer
):
    headers = auth(vinh_long_officer)
    made = client.post(
        "/api/v1/reports",
        {"unit": "83", "period": "2022", "view": "published"},
        content_type="application/json",
        **headers,
    )
    assert made.status_code == 201, made.json()
    assert made.json()["unit"] == "83"
    restated = client.post(
        "/api/v1/reports",
        {"unit": "83", "period": "2023", "view": "restated"},
        content_type="application/json",
        **headers,
    )
    assert restated.status_code == 422
    assert "Tỉnh Vĩnh Long (mã 86)" in str(restated.json()["errors"])


def test_the_page_picks_the_closed_province_for_2022_and_drafts_its_report(
    client, tree, vinh_long_officer
):
    client.force_login(vinh_long_officer)
    page = client.get(reverse("movement:report-list")).content.decode()
    assert 'role="combobox"' in page and 'data-date-field="period"' in page
    url = _picker(page)

    def labels(q: str, on: str) -> list[str]:
        return [item["label"] for item in client.get(f"{url}&q={q}&on={on}").json()["items"]]

    assert labels("ben tre", "2022") == ["Tỉnh Bến Tre (đến 30/06/2025)"]
    assert labels("ben tre", "2025S1") == ["Tỉnh Bến Tre (đến 30/06/2025)"]
    assert labels("ben tre", "2026") == []
    assert labels("vinh long", "2026") == ["Tỉnh Vĩnh Long"]
    refused = client.post(
        reverse("movement:report-list"),
        {"unit": tree.ben_tre.pk, "period": "2022", "view": "restated"},
    )
    assert refused.status_code == 200
    assert "nằm trong báo cáo của Tỉnh Vĩnh Long (mã 86)" in refused.content.decode()
    made = client.post(
        reverse("movement:report-list"),
        {"unit": tree.ben_tre.pk, "period": "2022", "view": "published"},
    )
    assert made.status_code == 302, made.context["form"].errors
    assert Report.objects.get().unit == tree.ben_tre


def test_a_system_administrator_leaves_the_picker_empty_for_the_nations_report(
    client, tree, personas
):
    client.force_login(personas.system_admin)
    page = client.get(reverse("movement:report-list")).content.decode()
    assert "Để trống: báo cáo toàn quốc." in page
    made = client.post(
        reverse("movement:report-list"), {"unit": "", "period": "2025", "view": "restated"}
    )
    assert made.status_code == 302, made.context["form"].errors
    assert Report.objects.get().unit is None
    client.force_login(personas.province_approver)  # a province's officer must choose one
    refused = client.post(
        reverse("movement:report-list"), {"unit": "", "period": "2025", "view": "restated"}
    )
    assert refused.status_code == 200 and Report.objects.count() == 1
