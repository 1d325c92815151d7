"""Criteria antq answers itself, with the numbers behind each answer.

A commune's "100 % registered" and "≥ 70 % recognized" are counted in SQL over
the residential areas and units it manages (its open children of assessed
types). "Crime lower than last year" needs the statistics module; until it
has figures the criterion is answered by hand, and says so.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from antq.assessments.models import ASSESSED_TYPES, Assessment, Criterion, Registration
from antq.units.models import Unit


def managed_units(assessment: Assessment):
    """What a commune manages for this campaign: its children of assessed types
    that existed at the end of the assessment period."""
    unit = assessment.unit
    day = assessment.campaign.other_period_end
    return Unit.objects.filter(parent=unit, type__in=ASSESSED_TYPES).valid_on(day)


def _percent(numerator: int, denominator: int) -> Decimal:
    if not denominator:
        return Decimal("0")
    value = Decimal(numerator * 100) / Decimal(denominator)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def compute(assessment: Assessment, criterion: Criterion) -> dict | None:
    """The computed value of `criterion` for `assessment`: {"value", "numerator",
    "denominator", "explanation"}, or None when antq has no data (answer by hand)."""
    source = criterion.source
    if source in {Criterion.Source.REGISTERED_ALL, Criterion.Source.RECOGNIZED_SHARE}:
        # A commune manages tens of units: counting against their ids keeps each
        # count an index lookup whatever the planner knows about the tables.
        units = list(managed_units(assessment).values_list("pk", flat=True))
        denominator = len(units)
        if source == Criterion.Source.REGISTERED_ALL:
            numerator = Registration.objects.filter(
                campaign=assessment.campaign, unit__in=units
            ).count()
            label = _("%(n)s/%(d)s đơn vị thuộc quyền quản lý đã đăng ký")
        else:
            numerator = Assessment.objects.filter(
                campaign=assessment.campaign,
                unit__in=units,
                status=Assessment.Status.RECOGNIZED,
            ).count()
            label = _("%(n)s/%(d)s đơn vị thuộc quyền quản lý được công nhận")
        value = _percent(numerator, denominator)
        return {
            "value": str(value),
            "numerator": numerator,
            "denominator": denominator,
            "explanation": label % {"n": numerator, "d": denominator} + f" ({value} %)",
        }
    return None
