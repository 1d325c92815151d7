"""Activities as derived indicators of the statistics engine: activities of
a kind, attendance and items of an output kind, per unit and period, in both
views. Registered when the app is ready, so the statistics never import it."""

from antq.activities import selectors
from antq.core.periods import Period, years_before
from antq.indicators.sources import register_source


def _measure(measure: str, argument: str = ""):
    def count(root, period: Period, view: str, by_child: bool) -> dict:
        current = (period.start, period.end)
        previous = (years_before(period.start), years_before(period.end))
        return selectors.figures(
            measure,
            argument,
            root=root,
            current=current,
            previous=previous,
            view=view,
            by_child=by_child,
        )

    return count


def register() -> None:
    register_source("activities.kind", family=lambda code: _measure("kind", code))
    register_source("activities.output", family=lambda code: _measure("output", code))
    register_source("activities.attendance", _measure("attendance"))
