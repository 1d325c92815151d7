"""How a unit code from a request becomes one unit.

Codes were reused in the 2025 reform (today's Vĩnh Long and the former one are
both `86`), so a code means a unit only on a day. The rule, for every endpoint
that takes a unit code with a period:

- an explicit `as_of` date wins;
- `view=restated` reads figures under today's units, so the code is today's unit;
- `view=published` reads them as they were reported, so the code is the unit
  valid at the end of the period (or, if none was, at its start);
- without either, today.

A code that named a unit, but not on that day, answers 422 with the unit's
name, its dates and what to pick instead (`units.history.UnitNotOnDay`); a
code that names nothing the caller may see answers 404.

Answers name the unit they used (`UnitUsedOut`), so a client sees which one it got.
"""

from datetime import date

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema

from antq.core.periods import Period
from antq.units.history import UnitNotOnDay
from antq.units.models import Unit
from antq.units.selectors import unit_by_code, unit_versions


class UnitUsedOut(Schema):
    code: str
    name: str
    type: str
    valid_from: date | None
    valid_to: date | None


def unit_days(
    *, view: str | None = None, period: Period | None = None, as_of: date | None = None
) -> list[date]:
    """The days, in order of preference, on which a code is looked up."""
    if as_of is not None:
        return [as_of]
    if view == "published" and period is not None:
        return [period.end, period.start]
    return [timezone.localdate()]


def _absent(request, code: str, day: date) -> Unit | None:
    """The unit the caller may see that carried `code` nearest to `day`,
    when none carried it that day (None: the code means nothing to them)."""
    versions = unit_versions(user=request.auth, code=code)
    if not versions:
        return None
    ordinal = day.toordinal()

    def distance(unit: Unit) -> int:
        start = unit.valid_from.toordinal() if unit.valid_from else ordinal
        end = unit.valid_to.toordinal() if unit.valid_to else ordinal
        return max(start - ordinal, ordinal - end, 0)

    return min(versions, key=distance)


def unit_from_code(
    request,
    code: str,
    *,
    view: str | None = None,
    period: Period | None = None,
    as_of: date | None = None,
) -> Unit:
    """The unit `code` means for this request (see the module's rule), among the
    units the caller may see (today's units and those whose past they carry).
    A code that names a unit, but not on that day, is a `UnitNotOnDay` (422:
    its name, dates and what to pick instead); a code that names nothing the
    caller may see is a 404."""
    days = unit_days(view=view, period=period, as_of=as_of)
    for day in days:
        unit = unit_by_code(user=request.auth, code=code, as_of=day)
        if unit is not None:
            return unit
    nearest = _absent(request, code, days[0])
    if nearest is not None:
        raise UnitNotOnDay(nearest, days[0])
    raise Http404(
        _("Không tìm thấy đơn vị mã %(code)s vào ngày %(day)s.")
        % {"code": code, "day": days[0].strftime("%d/%m/%Y")}
    )


def carried_unit_from_code(request, code: str, *, day: date, view: str | None = None) -> Unit:
    """`unit_from_code` on `day`: since units are seen from today's unit
    carrying them, this reaches the units closed in a reform whose history a
    unit in the caller's scope carries (a commune officer naming a commune
    merged into theirs, a province officer a district abolished in 2025)."""
    return unit_from_code(request, code, view=view, as_of=day)
