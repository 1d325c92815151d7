"""Points on a map: the 19/8 festival sites, the self-management models'
sites and the security teams' headquarters that have coordinates."""

from datetime import date

from antq.units.models import Unit


def points_under(root: Unit | None, as_of: date) -> list[dict]:
    return []
