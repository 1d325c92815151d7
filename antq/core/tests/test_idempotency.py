"""A page form is applied once however often it is sent (a double click, the
browser's "send again", two tabs at once): the second send answers with the
first one's result and writes nothing."""

import threading
from datetime import date

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from antq.activities.models import Activity, ActivityKind
from antq.audit.models import AuditEntry
from antq.core.models import ClientSubmission
from antq.forces.models import Member
from antq.forces.services import team_create

KEY = "0f3c2a9e8b7d4c1f"


def _activity(tree) -> dict:
    return {
        "unit": tree.commune_a.pk,
        "kind": ActivityKind.objects.get(code="tuyen_truyen").pk,
        "title": "Tuyên truyền lưu động",
        "date": "05/10/2026",
        "attendance": "60",
        "client_key": KEY,
    }


MEMBER = {"full_name": "Phạm Thị Lan", "birth_year": "1985", "gender": "female",
          "role": "to_pho", "appointed_on": "2025-08-01", "client_key": KEY}  # fmt: skip


@pytest.fixture
def team(tree, personas):
    return team_create(
        by=personas.officer_a, unit=tree.area_a, established_on=date(2025, 7, 1),
        decision_number="125/QĐ-UBND", decision_date=date(2025, 6, 25),
        decision_signer="Trần Văn Bình",
    )  # fmt: skip


def test_the_activity_form_carries_a_fresh_one_time_key(client, personas):
    client.force_login(personas.officer_a)
    first = client.get(reverse("activities:activity-create")).context["form"]
    second = client.get(reverse("activities:activity-create")).context["form"]
    assert first["client_key"].value() != second["client_key"].value()
    assert 'name="client_key"' in str(first["client_key"])


def test_a_double_submitted_activity_is_recorded_once(client, personas, tree):
    client.force_login(personas.officer_a)
    url = reverse("activities:activity-create")
    first = client.post(url, _activity(tree))
    trail = AuditEntry.objects.count()
    second = client.post(url, _activity(tree), follow=True)
    assert Activity.objects.count() == 1
    assert first.status_code == 302
    assert second.redirect_chain[0][0] == first["Location"]
    assert "đã được gửi" in second.content.decode()
    assert AuditEntry.objects.count() == trail


def test_the_same_member_posted_twice_is_added_once(client, personas, team):
    client.force_login(personas.officer_a)
    url = reverse("forces:member-add", args=[team.pk])
    first = client.post(url, MEMBER)
    second = client.post(url, MEMBER)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Member.objects.filter(team=team).count() == 1


def test_a_form_shown_again_with_errors_frees_its_key(client, personas, tree):
    client.force_login(personas.officer_a)
    url = reverse("activities:activity-create")
    wrong = client.post(url, _activity(tree) | {"attendance": "12,5"})
    assert wrong.status_code == 200
    right = client.post(url, _activity(tree))
    assert right.status_code == 302
    assert Activity.objects.count() == 1


def test_another_persons_key_is_another_key(client, personas, tree):
    url = reverse("activities:activity-create")
    client.force_login(personas.officer_a)
    client.post(url, _activity(tree))
    client.force_login(personas.province_approver)
    client.post(url, _activity(tree))
    assert Activity.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_same_member_posted_twice_at_once_is_added_once(tree, personas, team):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; simultaneous sends are tested on PostgreSQL")
    url = reverse("forces:member-add", args=[team.pk])
    barrier = threading.Barrier(2)
    answers: list[int] = []

    def send() -> None:
        try:
            client = Client()
            client.force_login(personas.officer_a)
            barrier.wait()
            answers.append(client.post(url, MEMBER).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [302, 302]
    assert Member.objects.filter(team=team).count() == 1
    assert ClientSubmission.objects.get(key=KEY).result.endswith(f"/{team.pk}/")


CREATE_PAGES = [
    ("forces:team-create", None),
    ("plans:plan-create", None),
    ("plans:task-add", "plan"),
    ("plans:committee-list", None),
    ("community:model-create", None),
    ("community:example-create", None),
    ("awards:record-create", None),
]


@pytest.mark.parametrize(("name", "argument"), CREATE_PAGES)
def test_each_create_form_carries_a_one_time_key(world, name, argument):
    client = Client()
    client.force_login(world.personas.province_approver)
    args = [getattr(world, argument).pk] if argument else []
    page = client.get(reverse(name, args=args))
    assert page.status_code == 200
    assert 'name="client_key"' in page.content.decode(), name


def test_a_double_submitted_team_is_founded_once(client, personas, tree):
    from antq.forces.models import Team

    client.force_login(personas.officer_a)
    url = reverse("forces:team-create")
    data = {"unit": tree.area_a.pk, "established_on": "01/07/2025", "client_key": KEY}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302, first.content
    assert second["Location"] == first["Location"]
    assert Team.objects.filter(unit=tree.area_a).count() == 1


def test_a_double_submitted_committee_is_set_up_once(client, personas, tree):
    from antq.plans.models import Committee

    client.force_login(personas.officer_a)
    url = reverse("plans:committee-list")
    data = {"unit": tree.commune_a.pk, "name": "Ban Chỉ đạo 138 phường", "client_key": KEY,
            "decision_number": "12/QĐ-UBND", "decision_date": "02/01/2026"}  # fmt: skip
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302, first.content
    assert second["Location"] == first["Location"]
    assert Committee.objects.count() == 1
