"""Model pages and API through the kernel: a refused write is a 403 and a
wrong-state move a 409, never a form error, and neither changes anything;
counts are read as an office writes them ("1.480")."""

from datetime import date

import pytest
from django.urls import reverse

from antq.audit.models import AuditEntry
from antq.community.importers import models_import
from antq.community.models import CommunityModel, ModelCategory, Site
from antq.community.services import model_update, site_end
from antq.community.tests.test_importers import GOOD, csv_upload
from antq.core.tabular import TabularError
from antq.core.workflow import WrongState


def test_a_refused_write_answers_403_on_the_page_and_in_the_api_and_changes_nothing(
    client, personas, tree, camera_a, auth
):
    viewer = auth(personas.viewer)
    trail = AuditEntry.objects.count()
    client.force_login(personas.viewer)
    edit = client.post(
        reverse("community:model-edit", args=[camera_a.pk]),
        {"name": "Đổi tên", "category": camera_a.category_id, "lead_organisation": "cong_an",
         "status": "paused", "version": camera_a.version},
    )  # fmt: skip
    assert edit.status_code == 403
    site = camera_a.sites.get()
    evaluate = client.post(
        reverse("community:site-evaluate", args=[site.pk]), {"year": 2026, "result": "effective"}
    )
    assert evaluate.status_code == 403
    api = client.post(
        f"/api/v1/models/{camera_a.pk}/sites",
        {"unit": "06688-002", "started_on": "2026-02-01"},
        content_type="application/json",
        **viewer,
    )
    assert api.status_code == 403 and api.json()["detail"]
    camera_a.refresh_from_db()
    assert (camera_a.name, camera_a.status, camera_a.version) == ("Camera an ninh", "active", 1)
    assert Site.objects.count() == 1 and not site.evaluations.exists()
    assert AuditEntry.objects.count() == trail


def test_an_ended_model_stays_ended_and_a_page_asking_otherwise_answers_409(
    client, personas, camera_a
):
    by = personas.officer_a
    model_update(by=by, model=camera_a, status="paused")
    model_update(by=by, model=camera_a, status="active")
    model_update(by=by, model=camera_a, status="ended")
    client.force_login(by)
    url = reverse("community:model-edit", args=[camera_a.pk])
    offered = client.get(url).context["form"].fields["status"].widget.choices
    assert [value for value, _label in offered] == ["ended"]  # no move leads out of it
    trail = AuditEntry.objects.count()
    answer = client.post(
        url,
        {"name": "Camera an ninh", "category": camera_a.category_id,
         "lead_organisation": "cong_an", "status": "active", "version": camera_a.version},
    )  # fmt: skip
    assert answer.status_code == 409
    assert "Đã kết thúc" in answer.content.decode()
    assert CommunityModel.objects.get(pk=camera_a.pk).status == "ended"
    assert AuditEntry.objects.count() == trail


def test_a_site_stops_once(personas, camera_a):
    site = camera_a.sites.get()
    site_end(by=personas.officer_a, site=site, on=date(2026, 6, 30))
    with pytest.raises(WrongState) as stopped:
        site_end(by=personas.officer_a, site=site, on=date(2026, 7, 31))
    assert stopped.value.current == "ended"
    site.refresh_from_db()
    assert site.ended_on == date(2026, 6, 30)


def test_counts_are_read_as_an_office_writes_them(client, personas, tree, auth):
    client.force_login(personas.officer_a)
    page = client.post(
        reverse("community:model-create"),
        {"name": "Camera an ninh", "category": ModelCategory.objects.get(code="cong_nghe").pk,
         "lead_organisation": "cong_an",
         "unit": tree.commune_a.pk, "started_on": "2025-08-01", "site_unit": tree.area_a.pk,
         "groups": "2", "participants": "1.480", "participant_kind": "households"},
    )  # fmt: skip
    assert page.status_code == 302, page.context["form"].errors
    assert Site.objects.get().participants == 1480
    model = CommunityModel.objects.get()
    api = client.post(
        f"/api/v1/models/{model.pk}/sites",
        {"unit": "06688-002", "started_on": "2026-02-01", "participants": "2.150"},
        content_type="application/json",
        **auth(personas.officer_a),
    )
    assert api.status_code == 201 and api.json()["participants"] == 2150


def test_an_imported_count_is_read_with_its_thousands_and_a_word_is_refused_by_row_and_column(
    personas, tree
):
    thousands = GOOD[0].replace(";2;120;", ";2;1.480;")
    models_import(upload=csv_upload(thousands), filename="mh.csv", by=personas.officer_a)
    assert Site.objects.get().participants == 1480
    word = GOOD[1].replace(";1;40;", ";1;abc;")
    with pytest.raises(TabularError) as caught:
        models_import(upload=csv_upload(word), filename="mh.csv", by=personas.officer_a)
    assert [str(e) for e in caught.value.errors] == [
        "Dòng 2, cột H (Số tham gia): “abc” không phải là số."
    ]


def test_recognising_an_exemplary_model_is_an_approvers_judgement_not_a_clerks(
    client, personas, tree, camera_a
):
    from antq.accounts.models import Role
    from conftest import make_user

    clerk = make_user("xa.a.nhaplieu", Role.DATA_ENTRY, tree.commune_a)
    url = reverse("community:model-recognise", args=[camera_a.pk])
    client.force_login(clerk)
    assert (
        "Công nhận điển hình"
        not in client.get(reverse("community:model-detail", args=[camera_a.pk])).content.decode()
    )
    assert client.post(url, {"year": 2026}).status_code == 403
    camera_a.refresh_from_db()
    assert camera_a.exemplary_year is None
    client.force_login(personas.officer_a)
    assert client.post(url, {"year": 2026}).status_code == 302
    camera_a.refresh_from_db()
    assert camera_a.exemplary_year == 2026
