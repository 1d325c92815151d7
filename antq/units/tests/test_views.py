import io

from django.urls import reverse
from python_calamine import CalamineWorkbook

from antq.activities.models import Activity
from antq.activities.services import activity_create
from antq.activities.tests.conftest import entry
from antq.audit.models import AuditEntry
from antq.core.models import Job
from antq.units.models import Unit
from conftest import client_for


def test_search_finds_ben_tre_with_or_without_diacritics(client, personas, tree):
    client.force_login(personas.system_admin)
    for query in ("ben tre", "Bến Tre", "BEN TRE"):
        page = client.get(reverse("units:unit-search"), {"q": query, "closed": "on"})
        assert "Tỉnh Bến Tre" in page.content.decode(), query


def test_search_answers_htmx_with_the_results_partial_only(client, personas):
    client.force_login(personas.officer_a)
    page = client.get(reverse("units:unit-search"), {"q": "dong tam"}, HTTP_HX_REQUEST="true")
    body = page.content.decode()
    assert "Khu phố Đồng Tâm" in body and "<html" not in body


def test_a_closed_province_shows_where_it_went(client, personas, tree):
    client.force_login(personas.system_admin)
    page = client.get(reverse("units:unit-detail", args=[tree.ben_tre.pk])).content.decode()
    assert "đã ngừng hoạt động" in page and "Tỉnh Vĩnh Long" in page
    assert "Số liệu của đơn vị này được tính vào" in page


def test_tree_children_load_one_level_at_a_time(client, personas, tree):
    client.force_login(personas.province_approver)
    page = client.get(reverse("units:unit-children", args=[tree.province.pk])).content.decode()
    assert "Phường Hạ Long" in page and "Khu phố Đồng Tâm" not in page
    assert "Thành phố Hạ Long" not in page  # closed districts stay hidden by default


def test_create_form_re_renders_with_the_services_error(client, personas, tree):
    client.force_login(personas.officer_a)
    url = reverse("units:unit-create", args=[tree.commune_a.pk])
    response = client.post(
        url, {"type": "residential_area", "kind": "khu_pho", "name": "khu pho dong tam"}
    )
    assert response.status_code == 200
    assert "Đã có khu dân cư tên" in response.content.decode()
    ok = client.post(
        url,
        {
            "type": "residential_area",
            "kind": "khu_pho",
            "name": "Khu phố Cái Dăm",
            "households": "150",
        },
    )
    created = Unit.objects.get(name="Khu phố Cái Dăm")
    assert ok["Location"] == reverse("units:unit-detail", args=[created.pk])


def test_template_download_is_a_real_workbook_of_the_communes_units(client, personas, tree):
    client.force_login(personas.officer_a)
    response = client.get(reverse("units:unit-template", args=[tree.commune_a.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    values = rows.to_python()
    assert values[0][0] == "Danh sách đơn vị thuộc Phường Hạ Long"
    header = values[4]
    assert header[:4] == ["Mã", "Tên *", "Loại đơn vị *", "Loại hình *"]
    assert values[5][:4] == ["06688-001", "Khu phố Đồng Tâm", "Khu dân cư", "khu phố"]


def test_upload_with_errors_lists_them_and_writes_nothing(client, personas, tree):
    client.force_login(personas.officer_a)
    upload = io.BytesIO("Tên;Loại đơn vị;Loại hình\nThôn Mới;Làng;thôn\n".encode())
    upload.name = "loi.csv"
    response = client.post(reverse("units:unit-import", args=[tree.commune_a.pk]), {"file": upload})
    page = response.content.decode()
    assert "Dòng 2, cột B (Loại đơn vị)" in page and "chưa ghi dòng nào" in page
    assert not Unit.objects.filter(name="Thôn Mới").exists()


def test_upload_of_another_file_type_is_refused_by_the_form(client, personas, tree):
    client.force_login(personas.officer_a)
    upload = io.BytesIO(b"%PDF-1.4")
    upload.name = "x.pdf"
    response = client.post(reverse("units:unit-import", args=[tree.commune_a.pk]), {"file": upload})
    assert "Chỉ nhận tệp .xlsx hoặc .csv." in response.content.decode()


def test_numbers_and_dates_are_shown_the_vietnamese_way(client, personas, tree):
    tree.area_a.households = 1480
    tree.area_a.save()
    client.force_login(personas.officer_a)
    page = client.get(reverse("units:unit-detail", args=[tree.area_a.pk])).content.decode()
    assert "1.480" in page and "01/07/2025" in page


def _edit(area: Unit, **changes) -> dict:
    values = {
        "kind": area.kind,
        "name": area.name,
        "code": area.code,
        "households": area.households or "",
        "population": area.population or "",
        "address": area.address,
        "note": area.note,
        "version": area.version,
    }
    return values | changes


def test_a_viewer_posting_a_unit_edit_is_refused_with_403_and_nothing_changes(
    client, personas, tree
):
    page = client_for(client, personas.viewer)
    response = page.post(
        reverse("units:unit-edit", args=[tree.area_a.pk]), _edit(tree.area_a, households="999")
    )
    assert response.status_code == 403
    tree.area_a.refresh_from_db()
    assert (tree.area_a.households, tree.area_a.version) == (320, 1)
    assert not AuditEntry.objects.filter(object_type="units.unit").exists()


def test_an_officer_types_the_households_as_an_office_writes_them(client, personas, tree):
    page = client_for(client, personas.officer_a)
    url = reverse("units:unit-edit", args=[tree.area_a.pk])
    response = page.post(url, _edit(tree.area_a, households="1.480"))
    assert response.status_code == 302
    tree.area_a.refresh_from_db()
    assert tree.area_a.households == 1480
    assert 'value="1.480"' in page.get(url).content.decode()


def test_a_household_count_with_a_fraction_is_a_form_error(client, personas, tree):
    page = client_for(client, personas.officer_a)
    url = reverse("units:unit-edit", args=[tree.area_a.pk])
    response = page.post(url, _edit(tree.area_a, households="12,5"))
    assert response.status_code == 200
    assert "“12,5” phải là số nguyên." in response.content.decode()
    tree.area_a.refresh_from_db()
    assert tree.area_a.households == 320


def _close(page, unit: Unit):
    return page.post(
        reverse("units:unit-close", args=[unit.pk]),
        {"date": "2026-12-01", "reason": "Sáp nhập", "version": unit.version},
    )


def test_closing_an_area_moves_what_was_recorded_for_it_to_its_commune(
    client, personas, tree, django_capture_on_commit_callbacks
):
    activity = activity_create(by=personas.officer_a, data=entry(tree.area_a))
    assert activity.scope_path == tree.area_a.path
    page = client_for(client, personas.officer_a)

    with django_capture_on_commit_callbacks(execute=True):
        assert _close(page, tree.area_a).status_code == 302

    activity = Activity.objects.get(pk=activity.pk)
    assert activity.scope_path == tree.commune_a.path
    assert activity.restated_commune_id == tree.commune_a.pk
    job = Job.objects.get(kind="restate")
    assert (job.status, job.created_by) == (Job.Status.DONE, personas.officer_a)
    assert job.result["activities.activity"] == 1
    restated = AuditEntry.objects.get(action="restate", object_type="activities.activity")
    assert (restated.actor, restated.source) == (personas.officer_a, "web")


def test_closing_a_unit_nothing_was_recorded_for_queues_no_restatement(
    client, personas, tree, django_capture_on_commit_callbacks
):
    page = client_for(client, personas.officer_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert _close(page, tree.school_a).status_code == 302
    assert callbacks == []
    assert not Job.objects.filter(kind="restate").exists()


def test_the_unit_tree_costs_six_queries_with_two_factor_sign_in_required(
    client, personas, settings, django_assert_num_queries
):
    """The session, the person, their second factor, their rights and roles
    (one query), the bell's count, the units: no session write, no second
    read of the roles."""
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(personas.officer_a)
    client.get(reverse("units:unit-tree"))
    with django_assert_num_queries(6):
        assert client.get(reverse("units:unit-tree")).status_code == 200
