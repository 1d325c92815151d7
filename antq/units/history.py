"""How a unit's history reads: its lifetime, its label on a page, whose
figures a view shows, and what to pick instead when a unit is asked for on a
day it did not exist.

- `unit_label(unit)`: "Tỉnh Bến Tre (đến 30/06/2025)";
- `picker_label(unit)`: with its parent, "Khu phố Bắc Sơn — Phường Cẩm Phả";
- `view_label(unit, view)`: "Tỉnh Bến Tre (đến 30/06/2025), như đã công bố";
- `units_instead(unit, day)`: the units that held its place that day
  (successors after it closed, predecessors before it opened, else the
  nearest ancestor that existed);
- `UnitNotOnDay`: the answer to such a request (422 in the API and on pages).
"""

from datetime import date, timedelta

from django.utils.translation import gettext as _

from antq.core.answers import Alternative, Unprocessable
from antq.core.vietnamese import format_date
from antq.units.models import PUBLISHED, LineageLink, Unit


def lifetime(unit: Unit) -> str:
    """ "từ 01/07/2025", "đến 30/06/2025", "01/01/2010 – 30/06/2025", or ""."""
    start, end = format_date(unit.valid_from), format_date(unit.valid_to)
    if start and end:
        return f"{start} – {end}"
    if end:
        return _("đến %(day)s") % {"day": end}
    if start:
        return _("từ %(day)s") % {"day": start}
    return ""


def unit_label(unit: Unit) -> str:
    """The unit's name, with its closing date once it has closed."""
    if unit.valid_to is None:
        return unit.name
    return f"{unit.name} ({lifetime(unit)})"


def picker_label(unit: Unit) -> str:
    """How a picker lists a unit: "Khu phố Bắc Sơn — Phường Cẩm Phả"
    (`unit.parent` should be selected with it)."""
    parent = unit.parent if unit.parent_id else None
    return f"{unit_label(unit)} — {parent.name}" if parent is not None else unit_label(unit)


def view_label(unit: Unit | None, view: str) -> str:
    """Whose figures a page shows, said plainly: "Tỉnh Bến Tre (đến
    30/06/2025), như đã công bố" or "Tỉnh Vĩnh Long, theo đơn vị hiện nay"."""
    name = unit_label(unit) if unit is not None else _("Toàn quốc")
    if view == PUBLISHED:
        return _("%(unit)s, như đã công bố") % {"unit": name}
    return _("%(unit)s, theo đơn vị hiện nay") % {"unit": name}


def _walk(unit: Unit, day: date, forward: bool) -> list[Unit]:
    """Units reached through lineage from `unit` (successors when `forward`,
    else predecessors) that existed on `day`, nearest first, one query per
    generation."""
    found: list[Unit] = []
    seen = {unit.pk}
    frontier = [unit.pk]
    while frontier:
        if forward:
            links = LineageLink.objects.filter(predecessor__in=frontier).select_related("successor")
            reached = [link.successor for link in links.order_by("-is_primary", "successor__name")]
        else:
            links = LineageLink.objects.filter(successor__in=frontier).select_related("predecessor")
            reached = [link.predecessor for link in links.order_by("predecessor__name")]
        frontier = []
        for other in reached:
            if other.pk in seen:
                continue
            seen.add(other.pk)
            if other.is_valid_on(day):
                found.append(other)
            else:
                frontier.append(other.pk)
    return found


def units_instead(unit: Unit, day: date) -> list[Unit]:
    """What held `unit`'s place on `day`, when it did not exist then: its
    successors after it closed (with none, today's unit carrying it), its
    predecessors before it opened, else its nearest ancestor that existed on
    `day`."""
    closed_before = unit.valid_to is not None and day > unit.valid_to
    found = _walk(unit, day, forward=closed_before)
    if found:
        return found
    if closed_before and unit.carrier_path and unit.carrier_path != unit.path:
        carrier = Unit.objects.filter(path=unit.carrier_path).first()  # no successor: its carrier
        if carrier is not None and carrier.is_valid_on(day):
            return [carrier]
    ancestors = Unit.objects.in_bulk(unit.ancestor_ids[:-1])
    for pk in reversed(unit.ancestor_ids[:-1]):
        ancestor = ancestors.get(pk)
        if ancestor is not None and ancestor.is_valid_on(day):
            return [ancestor]
    return []


def absence_message(unit: Unit, day: date, instead: list[Unit] | None = None) -> str:
    """Why `unit` cannot be used on `day`, and what to pick instead."""
    values = {"unit": unit.name, "day": format_date(day)}
    if unit.valid_to is not None and day > unit.valid_to:
        message = _("%(unit)s chỉ tồn tại đến %(end)s, không còn vào ngày %(day)s.") % (
            values | {"end": format_date(unit.valid_to)}
        )
    else:
        message = _("%(unit)s có từ %(start)s, chưa có vào ngày %(day)s.") % (
            values | {"start": format_date(unit.valid_from)}
        )
        if unit.is_below_commune:
            message += " " + _("Nếu đơn vị có từ trước, hãy sửa ngày thành lập của đơn vị.")
    instead = units_instead(unit, day) if instead is None else instead
    if instead:
        names = ", ".join(f"{unit_label(u)} ({_('mã')} {u.code})" for u in instead)
        message += " " + _("Vào ngày đó hãy chọn: %(units)s.") % {"units": names}
    return message


class UnitNotOnDay(Unprocessable):
    """A unit asked for on a day it did not exist: 422, with its name, its
    dates and the units to pick instead."""

    def __init__(self, unit: Unit, day: date):
        instead = units_instead(unit, day)
        super().__init__(
            absence_message(unit, day, instead),
            [Alternative(unit_label(u), u.code, u.pk) for u in instead],
        )
        self.unit, self.day = unit, day


def predecessors_in(unit: Unit, start: date, end: date) -> list[Unit]:
    """The units whose past `unit` holds that existed between `start` and
    `end` (through every generation of lineage), by name."""
    found: dict[int, Unit] = {}
    frontier = [unit.pk]
    seen = {unit.pk}
    while frontier:
        links = LineageLink.objects.filter(successor__in=frontier).select_related("predecessor")
        frontier = []
        for link in links:
            other = link.predecessor
            if other.pk in seen:
                continue
            seen.add(other.pk)
            frontier.append(other.pk)
            lived = (other.valid_from is None or other.valid_from <= end) and (
                other.valid_to is None or other.valid_to >= start
            )
            if lived:
                found[other.pk] = other
    return sorted(found.values(), key=lambda u: u.name_folded)


def view_notes(unit: Unit | None, view: str, start: date, end: date) -> list[dict]:
    """What a page of `unit`'s figures from `start` to `end` in `view` must
    say beside them, so no other unit's figures are shown silently: each note
    is `{"text", "units"}` (the units to open instead)."""
    if unit is None:
        return []
    notes = []
    name = unit_label(unit)
    if view == PUBLISHED:
        if unit.valid_from is not None and unit.valid_from > start:
            earlier = predecessors_in(unit, start, unit.valid_from)
            text = _(
                "%(unit)s có từ %(day)s. Như đã công bố, số liệu trước ngày đó thuộc các đơn vị "
                "khi đó; trang này không gộp chúng vào."
            ) % {"unit": name, "day": format_date(unit.valid_from)}
            notes.append({"text": text, "units": earlier})
        if unit.valid_to is not None and unit.valid_to < end:
            later = units_instead(unit, unit.valid_to + timedelta(days=1))
            text = _("%(unit)s ngừng hoạt động từ sau %(day)s; số liệu sau đó thuộc:") % {
                "unit": name,
                "day": format_date(unit.valid_to),
            }
            notes.append({"text": text, "units": later})
    elif unit.valid_to is not None:
        carrier = Unit.objects.filter(path=unit.carrier_path).first() if unit.carrier_path else None
        text = _(
            "%(unit)s không còn: theo đơn vị hiện nay, số liệu của đơn vị này được tính vào "
            "đơn vị đang giữ lịch sử của nó. Để xem như đã công bố, chọn “Như đã công bố”."
        ) % {"unit": name}
        notes.append({"text": text, "units": [carrier] if carrier is not None else []})
    else:
        earlier = predecessors_in(unit, start, end)
        if earlier:
            text = _("Theo đơn vị hiện nay, số liệu gồm cả của các đơn vị trước đây:")
            notes.append({"text": text, "units": earlier})
    return notes
