"""`{% view_note unit view start end %}`: beside a page of figures, whose
figures they are, said plainly ("Tỉnh Bến Tre (đến 30/06/2025), như đã công
bố"), and what the page does not show (another unit's past), with links that
open the same page for those units (`units.history.view_notes`)."""

from datetime import date

from django import template

from antq.units.history import unit_label, view_label, view_notes
from antq.units.models import PUBLISHED, RESTATED

register = template.Library()


@register.inclusion_tag("units/partials/_view_note.html", takes_context=True)
def view_note_year(context, unit, view: str, year, param: str = "unit") -> dict:
    """`view_note` for a calendar year."""
    year = int(year)
    return view_note(context, unit, view, date(year, 1, 1), date(year, 12, 31), param)


@register.inclusion_tag("units/partials/_view_note.html", takes_context=True)
def view_note(context, unit, view: str, start: date, end: date, param: str = "unit") -> dict:
    """`param`: the query parameter that names the unit on this page (links
    open the same page for another unit); "" for no links."""
    request = context.get("request")
    notes = []
    for note in view_notes(unit, view, start, end):
        links = []
        for other in note["units"]:
            # a unit of the past is read as published; today's carrier as restated
            other_view = RESTATED if other.is_open and view == RESTATED else PUBLISHED
            query = request.GET.copy() if request is not None and param else None
            url = ""
            if query is not None:
                query[param] = str(other.pk)
                query["view"] = other_view
                url = f"{request.path}?{query.urlencode()}"
            links.append({"label": view_label(other, other_view), "url": url})
        notes.append({"text": note["text"], "links": links})
    return {"label": view_label(unit, view), "notes": notes}


@register.filter(name="unit_label")
def unit_label_filter(unit) -> str:
    """ "Tỉnh Bến Tre (đến 30/06/2025)"; a unit still open, its name."""
    return unit_label(unit) if unit is not None else ""
