"""Rewards as a derived indicator: collectives and individuals awarded in
the year the period ends in, with the year before."""

from antq.awards import selectors
from antq.core.periods import Period
from antq.indicators.sources import register_source


def _awarded(root, period: Period, view: str, by_child: bool) -> dict:
    year = period.end.year
    return selectors.figures(root=root, years=(year, year - 1), by_child=by_child, view=view)


def register() -> None:
    register_source("awards.awarded", _awarded)
