"""Figures count approved data only (issue 23): a value moves a figure on the
dashboard, the home page, the public page or a report once the report that
holds it is approved. A draft, a report submitted but not yet approved and
one returned for a correction count nowhere.

A value is approved when its unit's report of its period is approved on a
form that carries its indicator.

Where a user asks for it (the dashboard's "Tính cả báo cáo chưa duyệt", the
API's `includeSubmitted=true`), reports submitted but not yet approved count
too, and the page marks the figures as such (`submitted=True`). Drafts and
returned reports never count."""

from django.db.models import Exists, OuterRef, Q

from antq.indicators.models import Submission


def approved_values(*, submitted: bool = False) -> Q:
    """The condition on DataValue rows: their report is approved (or, with
    `submitted`, submitted and waiting for approval)."""
    statuses = [Submission.Status.APPROVED]
    if submitted:
        statuses.append(Submission.Status.SUBMITTED)
    return Q(
        Exists(
            Submission.objects.filter(
                unit=OuterRef("unit_id"),
                period=OuterRef("period"),
                status__in=statuses,
                form__lines__indicator=OuterRef("indicator_id"),
            )
        )
    )
