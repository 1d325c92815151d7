"""A team's member list is personal data: every reading of it is audited, on
the page (which is also what is printed), through the API and one member at a
time, at the team's unit, so those who see the people see who read them."""

from django.test import Client

from antq.audit.models import AuditEntry


def _reads():
    return list(AuditEntry.objects.filter(action=AuditEntry.Action.READ).order_by("pk"))


def test_reading_the_member_list_on_the_page_is_audited(world):
    client = Client()
    client.force_login(world.personas.viewer)
    assert client.get(f"/luc-luong/{world.team_a.pk}/").status_code == 200
    [entry] = _reads()
    assert (entry.actor, entry.object_id, entry.source) == (
        world.personas.viewer, str(world.team_a.pk), AuditEntry.Source.WEB,
    )  # fmt: skip
    assert entry.unit_path == world.team_a.scope_path
    assert entry.after == {"people": world.team_a.members.count()}


def test_reading_the_member_list_through_the_api_is_audited(world):
    client = Client()
    client.force_login(world.personas.officer_a)
    answer = client.get(f"/api/v1/teams/{world.team_a.pk}/members")
    assert answer.status_code == 200
    [entry] = _reads()
    assert (entry.actor, entry.after) == (world.personas.officer_a, {"people": len(answer.json())})
    assert entry.unit_path == world.team_a.scope_path


def test_reading_one_member_is_audited(world):
    client = Client()
    client.force_login(world.personas.officer_a)
    assert client.get(f"/luc-luong/thanh-vien/{world.member_a.pk}/").status_code == 200
    [entry] = _reads()
    assert (entry.object_type, entry.object_id) == ("forces.member", str(world.member_a.pk))


def test_a_refused_reading_is_not_a_reading(world):
    client = Client()
    client.force_login(world.personas.officer_b)
    assert client.get(f"/luc-luong/{world.team_a.pk}/").status_code == 404
    assert client.get(f"/api/v1/teams/{world.team_a.pk}/members").status_code == 404
    assert _reads() == []
