"""maps/0003 moves every point typed before onto its own row (festival site,
model's site, team) and back again: no point is lost either way."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("maps", "0002_location")]
AFTER = [("maps", "0003_points_on_their_rows")]


def _state(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_every_location_lands_on_its_row_and_comes_back(tree, personas):
    from antq.forces.services import team_create

    team = team_create(by=personas.officer_a, unit=tree.area_a, established_on=date(2025, 7, 1))
    try:
        old = _state(BEFORE)
        old.get_model("maps", "Location").objects.create(
            team_id=team.pk, latitude=Decimal("20.95123"), longitude=Decimal("107.05211")
        )

        new = _state(AFTER)
        moved = new.get_model("forces", "Team").objects.get(pk=team.pk)
        assert (moved.latitude, moved.longitude) == (Decimal("20.95123"), Decimal("107.05211"))

        back = _state(BEFORE)
        location = back.get_model("maps", "Location").objects.get()
        assert (location.team_id, location.latitude) == (team.pk, Decimal("20.95123"))
    finally:
        _state(AFTER)
