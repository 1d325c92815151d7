"""The force as derived indicators: teams, active members and trained
members at the end of a period (and a year earlier), per unit."""

from antq.core.periods import Period, years_before
from antq.forces import selectors
from antq.indicators.sources import register_source


def _measure(measure: str):
    def count(root, period: Period, view: str, by_child: bool) -> dict:
        days = (period.end, years_before(period.end))
        return selectors.figures(measure, root=root, days=days, view=view, by_child=by_child)

    return count


def register() -> None:
    register_source("forces.teams", _measure("teams"))
    register_source("forces.members", _measure("members"))
    register_source("forces.trained_members", _measure("trained"))
