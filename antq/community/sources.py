"""Models, sites and exemplary examples as derived indicators: counted at
the end of a period (examples: of its year), with a year earlier."""

from antq.community import selectors
from antq.core.periods import Period, years_before
from antq.indicators.sources import register_source


def _measure(measure: str):
    def count(root, period: Period, view: str, by_child: bool) -> dict:
        days = (period.end, years_before(period.end))
        return selectors.figures(measure, root=root, days=days, view=view, by_child=by_child)

    return count


def register() -> None:
    register_source("community.models", _measure("models"))
    register_source("community.sites", _measure("sites"))
    register_source("community.examples", _measure("examples"))
