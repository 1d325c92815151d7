"""The map elsewhere: `{% map_card root %}` on the dashboard (drawn in the
browser) and `{% public_map province %}` on a province's public page (a
picture rendered on the server: the public page runs no script)."""

import base64

from django import template
from django.utils.translation import gettext as _

from antq.maps.measures import MeasureError
from antq.maps.points import PUBLIC_KINDS, points_under
from antq.maps.selectors import build_map
from antq.maps.spec import map_spec, to_svg

register = template.Library()


@register.inclusion_tag("maps/_card.html", takes_context=True)
def map_card(context, root):
    """The share of units recognised, under the dashboard's unit (the nation's
    provinces, a province's communes), with a link to the map page."""
    request = context["request"]
    try:
        the_map = build_map(user=request.user, root=root, height=300, with_points=False)
    except MeasureError:
        return {"map": None}
    return {"map": the_map, "root": root}


@register.inclusion_tag("maps/_public.html")
def public_map(province):
    """The province's communes by recognition, with the festival sites."""
    the_map = build_map(user=None, root=province, link=False, with_points=False, height=480)
    points = points_under(province, the_map.units.as_of, the_map.units.units, kinds=PUBLIC_KINDS)
    spec = map_spec(
        title=f"{the_map.measure.name} — {the_map.place}",
        units=the_map.units,
        figures=the_map.figures,
        points=points,
        height=480,
    )
    svg = to_svg(spec)
    return {
        "map": the_map,
        "svg": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
        "alt": _("Bản đồ: %(m)s, %(p)s") % {"m": the_map.measure.name, "p": the_map.place},
        "rows": the_map.rows(),
    }
