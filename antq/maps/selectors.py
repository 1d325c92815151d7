"""A map as the page, the dashboard card, the public page, the report and the
API read it: the units of a root on a day, their figures for a measure, the
points, and the Vega-Lite spec drawing them."""

from dataclasses import dataclass
from datetime import date
from html import escape
from urllib.parse import quote

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from antq.assessments.models import Assessment
from antq.maps.geometry import COMMUNE, PROVINCE, MapUnits, map_units
from antq.maps.measures import RECOGNITION, Figures, Measure, figures, measure_named, read_period
from antq.maps.points import points_under
from antq.maps.spec import map_spec
from antq.units.models import Unit


@dataclass
class Map:
    root: Unit | None
    place: str
    units: MapUnits
    measure: Measure
    period_text: str
    figures: Figures
    points: list[dict]
    spec: dict

    def rows(self) -> list[dict]:
        """The table beside the map: the same figures, one row per unit."""
        colours = dict(self.figures.legend)
        return [
            {
                "code": u.code,
                "name": u.name,
                "value": self.figures.labels.get(u.code, "—"),
                "klass": self.figures.classes.get(u.code, ""),
                "colour": colour_class(colours.get(self.figures.classes.get(u.code, ""), "")),
                "drillable": u.type in {Unit.Type.PROVINCE, Unit.Type.COMMUNE},
            }
            for u in sorted(self.units.units, key=lambda u: u.name_folded or u.name)
        ]

    def table_rows(self, link: str) -> str:
        """The table's rows as HTML, each unit's name a link to its own map
        (`link`: a query with `{code}`). Written here, not by a template loop:
        3,321 rows cost a template seconds, this a few milliseconds."""
        out = []
        for row in self.rows():
            name = escape(row["name"])
            if row["drillable"]:
                href = escape(link.replace("{code}", quote(row["code"], safe="")))
                name = f'<a href="{href}">{name}</a>'
            out.append(
                f'<tr data-code="{escape(row["code"])}" data-class="{escape(row["klass"])}">'
                f'<td>{name}</td><td class="num">{escape(row["value"])}</td>'
                f'<td><span class="swatch {escape(row["colour"])}" aria-hidden="true"></span>'
                f"{escape(row['klass'])}</td></tr>"
            )
        return mark_safe("\n".join(out))  # noqa: S308 (every value escaped above)

    def legend(self) -> list[tuple[str, str, int]]:
        """(class, colour class of the page's CSS, how many units are in it)."""
        counts = self.figures.counts()
        return [
            (label, colour_class(colour), counts[label]) for label, colour in self.figures.legend
        ]


def colour_class(colour: str) -> str:
    """The CSS class of a legend colour (maps.css): no inline style under the CSP."""
    return f"c-{colour.lstrip('#')}" if colour else ""


def default_period(measure: Measure, today: date | None = None) -> str:
    """A yearly measure: the last year with recognitions (the year running
    has none until its decisions); else last month."""
    today = today or timezone.localdate()
    if measure.period_kind == "year":
        last = Assessment.objects.filter(
            status=Assessment.Status.RECOGNIZED, campaign__year__lte=today.year
        ).aggregate(year=Max("campaign__year"))["year"]
        return str(last or today.year)
    from antq.core.periods import containing

    return containing(today, "monthly").previous.id


def build_map(
    *,
    user,
    root: Unit | None,
    measure_key: str = RECOGNITION,
    period_text: str = "",
    as_of: date | None = None,
    level: str = PROVINCE,
    detail: str = "coarse",
    link: bool = True,
    with_points: bool = True,
    height: int = 520,
) -> Map:
    """Raises MeasureError (a Vietnamese message) for a measure or period that
    cannot be read. `root` must already be fetched through the user's scope."""
    as_of = as_of or timezone.localdate()
    measure = measure_named(user, measure_key)
    period_text = period_text or default_period(measure)
    period = read_period(measure, period_text)
    units = map_units(root, as_of, level=level if root is None else PROVINCE, detail=detail)
    figs = figures(measure=measure, period=period, root=root, units=units.units, as_of=as_of)
    points = points_under(root, as_of, units.units, user=user) if with_points else []
    place = root.name if root else _("Toàn quốc")
    url = None
    if link and units.units and units.units[0].type in {Unit.Type.PROVINCE, Unit.Type.COMMUNE}:
        url = (
            reverse("maps:map")
            + f"?unit={{code}}&measure={measure.key}&period={period_text}&as_of={as_of:%Y-%m-%d}"
        )
    title = f"{measure.name} — {place}"
    spec = map_spec(title=title, units=units, figures=figs, points=points, link=url, height=height)
    return Map(root, place, units, measure, period_text, figs, points, spec)


__all__ = ["COMMUNE", "PROVINCE", "Map", "build_map", "default_period"]
