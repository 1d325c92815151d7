"""How a unit code from a request becomes one unit.

Codes were reused in the 2025 reform (today's Vĩnh Long and the former one are
both `86`), so a code means a unit only on a day. The rule, for every endpoint
that takes a unit code with a period:

- an explicit `as_of` date wins;
- `view=restated` reads figures under today's units, so the code is today's unit;
- `view=published` reads them as they were reported, so the code is the unit
  valid at the end of the period (or, if none was, at its start);
- without either, today.

Answers name the unit they used (`UnitUsedOut`), so a client sees which one it got.
"""

from datetime import date

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema

from antq.core.periods import Period
from antq.units.models import Unit
from antq.units.selectors import unit_by_code, units_for_entry


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


def unit_from_code(
    request,
    code: str,
    *,
    view: str | None = None,
    period: Period | None = None,
    as_of: date | None = None,
) -> Unit:
    """The unit `code` means for this request (see the module's rule), among the
    units the caller may see; 404 naming the code when there is none."""
    days = unit_days(view=view, period=period, as_of=as_of)
    for day in days:
        unit = unit_by_code(user=request.auth, code=code, as_of=day)
        if unit is not None:
            return unit
    raise Http404(
        _("Không tìm thấy đơn vị mã %(code)s vào ngày %(day)s.")
        % {"code": code, "day": days[0].strftime("%d/%m/%Y")}
    )


def carried_unit_from_code(request, code: str, *, day: date, view: str | None = None) -> Unit:
    """`unit_from_code`, and beyond it the units closed in a reform whose
    history a unit in the caller's scope carries (a commune officer naming a
    commune merged into theirs, for a day it existed)."""
    try:
        return unit_from_code(request, code, view=view, as_of=day)
    except Http404:
        unit = units_for_entry(request.auth, "view").filter(code=code).valid_on(day).first()
        if unit is None:
            raise
        return unit
