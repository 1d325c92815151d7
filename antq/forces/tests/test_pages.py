"""Force pages and API through the kernel: a refused write is a 403 and a
wrong-state move (a dissolved team) a 409, never a form error, and neither
changes anything; allowances are read as an office writes them."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from antq.accounts.access import SystemActor
from antq.audit.models import AuditEntry
from antq.core.tabular import TabularError
from antq.forces.importers import members_import
from antq.forces.models import Member, Rating
from antq.forces.services import ratings_save, team_dissolve
from antq.forces.tests.test_importers import GOOD, csv_upload

PERSON = {"full_name": "Phạm Thị Lan", "birth_year": "1985", "gender": "female",
          "role": "to_pho", "appointed_on": "2025-08-01"}  # fmt: skip
MEMBER = {"full_name": "Phạm Thị Lan", "birth_year": 1985, "gender": "female",
          "role": "to_pho", "appointed_on": "2025-08-01"}  # fmt: skip


def test_a_refused_write_answers_403_on_the_page_and_in_the_api_and_changes_nothing(
    client, personas, team_a, auth
):
    viewer = auth(personas.viewer)
    trail = AuditEntry.objects.count()
    client.force_login(personas.viewer)
    page = client.post(reverse("forces:member-add", args=[team_a.pk]), PERSON)
    assert page.status_code == 403
    rating = client.post(
        f"{reverse('forces:rating')}?unit={team_a.restated_commune_id}&year=2026",
        {f"team-{team_a.pk}": "good"},
    )
    assert rating.status_code == 403
    api = client.post(
        f"/api/v1/teams/{team_a.pk}/members", MEMBER, content_type="application/json", **viewer
    )
    assert api.status_code == 403 and api.json()["detail"]
    assert not Member.objects.exists() and not Rating.objects.exists()
    assert AuditEntry.objects.count() == trail


def test_a_dissolved_team_recognises_no_one_and_is_dissolved_once(client, personas, team_a, auth):
    officer = auth(personas.officer_a)
    team_dissolve(by=personas.officer_a, team=team_a, on=date(2026, 10, 1))
    trail = AuditEntry.objects.count()
    client.force_login(personas.officer_a)
    again = client.post(reverse("forces:team-dissolve", args=[team_a.pk]), {"on": "2026-11-01"})
    assert again.status_code == 409 and "Đã giải thể" in again.content.decode()
    page = client.post(reverse("forces:member-add", args=[team_a.pk]), PERSON)
    assert page.status_code == 409
    api = client.post(
        f"/api/v1/teams/{team_a.pk}/members", MEMBER, content_type="application/json", **officer
    )
    assert api.status_code == 409
    assert api.json()["current_state"] == "dissolved"
    team_a.refresh_from_db()
    assert team_a.dissolved_on == date(2026, 10, 1)
    assert not Member.objects.exists()
    assert AuditEntry.objects.count() == trail


def test_allowances_are_read_as_an_office_writes_them(client, personas, team_a, auth):
    client.force_login(personas.officer_a)
    page = client.post(
        reverse("forces:member-add", args=[team_a.pk]), PERSON | {"allowance": "1.300.000"}
    )
    assert page.status_code == 302, page.context["form"].errors
    assert Member.objects.get().allowance == Decimal(1_300_000)
    api = client.post(
        f"/api/v1/teams/{team_a.pk}/members",
        MEMBER | {"full_name": "Hoàng Văn Đức", "role": "to_vien", "allowance": "700.000"},
        content_type="application/json",
        **auth(personas.officer_a),
    )
    assert api.status_code == 201 and Decimal(api.json()["allowance"]) == 700_000


def test_an_imported_allowance_that_is_no_number_is_refused_by_row_and_column(personas, team_a):
    word = GOOD[0].replace("1.300.000", "một triệu")
    with pytest.raises(TabularError) as caught:
        members_import(upload=csv_upload(word), filename="tv.csv", by=personas.officer_a)
    assert [str(e) for e in caught.value.errors] == [
        "Dòng 2, cột G (Phụ cấp (đồng/tháng)): “một triệu” không phải là số."
    ]
    assert not Member.objects.exists()


def test_the_system_rates_without_being_a_person(tree, personas, team_a):
    written = ratings_save(
        by=SystemActor("nhập xếp loại"),
        commune=tree.commune_a,
        year=2026,
        teams={team_a.pk: "good"},
    )
    assert written == 1
    assert Rating.objects.get().rated_by is None
    entry = AuditEntry.objects.get(object_type="forces.rating")
    assert entry.actor is None and "nhập xếp loại" in entry.actor_name


def test_the_import_command_without_a_user_imports_as_the_system(tree, team_a, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "tv.csv"
    path.write_bytes(csv_upload(*GOOD).getvalue())
    call_command("import_members", str(path), stdout=io.StringIO())
    assert Member.objects.count() == 3
    entry = AuditEntry.objects.get(action="import")
    assert entry.actor is None and entry.actor_name.startswith("hệ thống")
