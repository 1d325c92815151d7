from decimal import Decimal

import pytest

from antq.core.actors import SYSTEM
from antq.core.periods import parse
from antq.indicators.models import ReportForm, Submission
from antq.indicators.services import catalogue_load, write_values


@pytest.fixture
def monthly_form(db):
    catalogue_load()
    return ReportForm.objects.get(code="BC-THANG-XA")


def put(unit, period_id: str, **values) -> None:
    """Store values directly (as an earlier import would have)."""
    write_values(
        by=SYSTEM,
        unit=unit,
        period=parse(period_id),
        values={code: {"": Decimal(v)} for code, v in values.items()},
        comments={},
    )


def put_approved(unit, period_id: str, **values) -> None:
    """Store values of an approved report: figures count approved data only
    (the report is approved first, so the province totals count them too)."""
    period = parse(period_id)
    for form in ReportForm.objects.filter(lines__indicator__code__in=list(values)).distinct():
        Submission.objects.update_or_create(
            form=form,
            unit=unit,
            period=period.id,
            defaults={"period_start": period.start, "status": Submission.Status.APPROVED},
        )
    put(unit, period_id, **values)
