"""No lost updates: an edit based on an older version is refused with what
changed since, in the services, the pages and the API; nothing is written."""

from decimal import Decimal

import pytest
from django.urls import reverse

from antq.audit.versions import StaleVersion
from antq.core.periods import parse
from antq.indicators.models import DataValue, ReportForm
from antq.indicators.services import catalogue_load, values_save
from antq.units.models import Unit
from antq.units.services import unit_update


def test_a_unit_saved_by_someone_else_refuses_the_older_edit_and_says_what_changed(personas, tree):
    opened = tree.area_a.version
    unit_update(unit=Unit.objects.get(pk=tree.area_a.pk), by=personas.officer_a, households=350)

    with pytest.raises(StaleVersion) as caught:
        unit_update(
            unit=Unit.objects.get(pk=tree.area_a.pk),
            by=personas.province_approver,
            expected_version=opened,
            households=400,
        )
    stale = caught.value
    assert (stale.expected, stale.current) == (opened, opened + 1)
    [change] = stale.changes
    assert change["actor"] == "xa.a"
    assert [(f["label"], f["before"], f["after"]) for f in change["fields"]] == [
        ("số hộ", 320, 350)
    ]
    assert Unit.objects.get(pk=tree.area_a.pk).households == 350


def test_the_unit_page_shows_the_other_change_keeps_my_input_and_saves_on_purpose(
    client, personas, tree
):
    url = reverse("units:unit-edit", args=[tree.area_a.pk])
    client.force_login(personas.province_approver)
    page = client.get(url)
    opened = page.context["form"]["version"].value()
    unit_update(unit=Unit.objects.get(pk=tree.area_a.pk), by=personas.officer_a, households=350)

    form = {
        "type": "residential_area",
        "kind": tree.area_a.kind,
        "code": tree.area_a.code,
        "name": tree.area_a.name,
        "households": "400",
        "version": opened,
    }
    response = client.post(url, form)
    assert response.status_code == 200
    text = response.content.decode()
    assert "đã được xa.a sửa sau khi bạn mở" in text
    assert "số hộ: 320 → <strong>350</strong>" in text
    assert 'value="400"' in text
    assert Unit.objects.get(pk=tree.area_a.pk).households == 350

    # saving again from the conflict screen is a deliberate overwrite
    again = client.post(url, form | {"version": response.context["form"].data["version"]})
    assert again.status_code == 302
    assert Unit.objects.get(pk=tree.area_a.pk).households == 400


def test_the_api_answers_409_with_the_current_version_and_the_changes(client, personas, tree):
    client.force_login(personas.officer_a)
    url = f"/api/v1/units/{tree.area_a.code}"
    first = client.patch(url, {"households": 350, "version": 1}, content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] == 2

    late = client.patch(url, {"households": 400, "version": 1}, content_type="application/json")
    assert late.status_code == 409
    body = late.json()
    assert (body["current_version"], body["your_version"]) == (2, 1)
    assert body["changes"][0]["fields"][0]["after"] == 350
    assert Unit.objects.get(pk=tree.area_a.pk).households == 350


@pytest.fixture
def monthly(db):
    catalogue_load()
    return ReportForm.objects.get(code="BC-THANG-XA")


def test_a_monthly_report_typed_in_two_tabs_never_loses_the_first_save(
    client, personas, tree, monthly
):
    url = reverse("indicators:entry", args=["BC-THANG-XA", tree.commune_a.pk, "202610"])
    client.force_login(personas.officer_a)
    values_save(
        by=personas.officer_a,
        form=monthly,
        unit=tree.commune_a,
        period=parse("202610"),
        values={"TT_BUOI": {"": Decimal(3)}},
    )
    opened = client.get(url).context["form"]["version"].value()
    values_save(  # the other tab
        by=personas.officer_a,
        form=monthly,
        unit=tree.commune_a,
        period=parse("202610"),
        values={"TT_BUOI": {"": Decimal(6)}},
        expected_version=opened,
    )
    response = client.post(url, {"v__TT_BUOI": "9", "version": opened})
    assert response.status_code == 409  # like every stale write: the page again, nothing saved
    assert "TT_BUOI: 3 → <strong>6</strong>" in response.content.decode()
    assert 'value="9"' in response.content.decode()  # what I typed is still there
    assert DataValue.objects.get(indicator__code="TT_BUOI").value == Decimal(6)


def test_an_assessment_saved_meanwhile_is_not_overwritten(personas, tree):
    from antq.assessments.services.campaigns import campaign_open, registration_create
    from antq.assessments.services.workflow import assessment_save, assessment_start

    campaign = campaign_open(by=personas.province_approver, province=tree.province, year=2026)
    registration_create(by=personas.officer_a, campaign=campaign, unit=tree.area_a)
    assessment = assessment_start(by=personas.officer_a, campaign=campaign, unit=tree.area_a)
    opened = assessment.version
    assessment_save(
        by=personas.officer_a, assessment=assessment, meeting={"chair": "Trưởng khu phố"}
    )
    with pytest.raises(StaleVersion) as caught:
        assessment_save(
            by=personas.officer_a,
            assessment=assessment,
            meeting={"chair": "Bí thư chi bộ"},
            expected_version=opened,
        )
    assert any(f["after"] == "Trưởng khu phố" for f in caught.value.changes[0]["fields"])
    assessment.refresh_from_db()
    assert assessment.meeting_chair == "Trưởng khu phố"


def test_a_page_form_never_turns_a_refused_right_or_a_wrong_state_into_a_form_error():
    from django import forms
    from django.core.exceptions import ValidationError

    from antq.audit.versions import form_save
    from antq.core.access import Refused
    from antq.core.workflow import WrongState

    def fails(error):
        def save():
            raise error

        return save

    form = forms.Form(data={})
    form.is_valid()
    with pytest.raises(Refused):
        form_save(form, fails(Refused("Không sửa được khu phố này.")))
    with pytest.raises(WrongState):
        form_save(form, fails(WrongState("Đã duyệt.", current="approved")))
    assert form.errors == {}
    assert form_save(form, fails(ValidationError("Cần nhập tên."))) == (None, None)
    assert form.errors == {"__all__": ["Cần nhập tên."]}
