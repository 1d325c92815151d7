"""Rules that span several rows hold when two officers save at the same
moment (PostgreSQL; SQLite runs one writer at a time and hides the race)."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from antq.forces.models import Member, Rating, Team
from antq.forces.services import member_add, ratings_save, team_create
from antq.forces.tests.conftest import person


def at_once(*calls) -> list[str]:
    """Run the calls in threads released together; "done" or the refusal."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call) -> None:
        try:
            barrier.wait(timeout=30)
            call()
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; concurrent saves are tested on PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_two_officers_setting_up_the_same_areas_team_make_one(postgresql, tree, personas):
    def create():
        team_create(by=personas.officer_a, unit=tree.area_a, established_on=date(2025, 7, 1))

    assert at_once(create, create) == ["done", "refused"]
    assert Team.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_leaders_recognised_at_once_make_one(postgresql, tree, personas, team_a):
    def leader(name):
        return lambda: member_add(
            by=personas.officer_a,
            team=Team.objects.get(pk=team_a.pk),
            data=person(name, role="to_truong"),
        )

    assert at_once(leader("Lê Văn Tâm"), leader("Trần Văn Hai")) == ["done", "refused"]
    assert Member.objects.filter(role="to_truong").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_20_percent_cap_holds_for_two_simultaneous_savers(postgresql, tree, personas, team_a):
    """Five members rated well: one may be rated with distinction. Two
    officers each rating a different member "xuất sắc" at once: one is refused."""
    by = personas.officer_a
    members = [member_add(by=by, team=team_a, data=person(f"Thành viên {i}")) for i in range(5)]
    ratings_save(by=by, commune=tree.commune_a, year=2026, members={m.pk: "good" for m in members})

    def distinguish(member):
        return lambda: ratings_save(
            by=by, commune=tree.commune_a, year=2026, members={member.pk: "excellent"}
        )

    assert at_once(distinguish(members[0]), distinguish(members[1])) == ["done", "refused"]
    assert Rating.objects.filter(level="excellent").count() == 1
