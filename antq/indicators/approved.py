"""Figures count approved data only (issue 23): a value moves a figure on the
dashboard, the home page, the public page or a report once the report that
holds it is approved. A draft, a report submitted but not yet approved and
one returned for a correction count nowhere.

A value is approved when its unit's report of its period is approved on a
form that carries its indicator."""

from django.db.models import Exists, OuterRef, Q

from antq.indicators.models import Submission


def approved_values() -> Q:
    """The condition on DataValue rows: their report is approved."""
    return Q(
        Exists(
            Submission.objects.filter(
                unit=OuterRef("unit_id"),
                period=OuterRef("period"),
                status=Submission.Status.APPROVED,
                form__lines__indicator=OuterRef("indicator_id"),
            )
        )
    )
