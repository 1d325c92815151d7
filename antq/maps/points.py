"""Points on a map: the 19/8 festival sites, the self-management models'
sites and the security teams' headquarters that have a point of their own
(`core.geo.Located`: entered in their own forms, API, or from the map)."""

from datetime import date

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from antq.accounts.access import VIEW
from antq.activities.models import FestivalSite
from antq.community.models import Site
from antq.core.vietnamese import format_number
from antq.forces.models import Team
from antq.units.models import Unit

FESTIVAL, MODEL, TEAM = "festival", "model", "team"
KINDS = {
    FESTIVAL: (_("Điểm tổ chức Ngày hội"), "festival_site", FestivalSite),
    MODEL: (_("Điểm áp dụng mô hình tự quản"), "model_site", Site),
    TEAM: (_("Trụ sở Tổ bảo vệ ANTT"), "team", Team),
}
PUBLIC_KINDS = (FESTIVAL,)
MOST_POINTS = 2000  # a map shows at most this many (the rest are in the list)


def points_under(
    root: Unit | None,
    as_of: date,
    units: list[Unit],
    *,
    user=None,
    kinds: tuple[str, ...] = (FESTIVAL, MODEL, TEAM),
) -> list[dict]:
    """The points of `kinds` under `root` that `user` may see (None: the public,
    festival sites only), each with the code of the map's unit holding it. The
    nation's map has none: a province's or a commune's shows them."""
    if root is None or not units:
        return []
    paths = {u.path: u.code for u in units}
    points: list[dict] = []
    for kind in kinds:
        label, _field, model = KINDS[kind]
        if user is None and kind not in PUBLIC_KINDS:
            continue
        visible = model.objects.all() if user is None else model.objects.for_user(user, VIEW)
        rows = visible.filter(
            latitude__isnull=False, longitude__isnull=False, unit__path__prefix=root.path
        ).select_related("unit")
        if kind == FESTIVAL:  # the last festival up to the map's day
            year = rows.filter(plan__year__lte=as_of.year).aggregate(year=Max("plan__year"))["year"]
            rows = rows.filter(plan__year=year)
        for row in rows.order_by("pk")[:MOST_POINTS]:
            subject = row
            owner = _owner_code(paths, subject.unit.path)
            points.append(
                {
                    "kind": kind,
                    "kind_label": str(label),
                    "name": _name(kind, subject),
                    "lat": float(row.latitude),
                    "lon": float(row.longitude),
                    "lat_text": format_number(row.latitude, 5),
                    "lon_text": format_number(row.longitude, 5),
                    "unit": owner or "",
                    "subject": subject.pk,
                }
            )
    return points


def _name(kind: str, subject) -> str:
    if kind == FESTIVAL:
        return f"{subject.unit.name} ({subject.planned_on:%d/%m/%Y})"
    if kind == TEAM:
        return f"{subject.name or _('Tổ bảo vệ')} · {subject.unit.name}"
    return str(subject)


def _owner_code(paths: dict[str, str], path: str) -> str | None:
    position = 1
    while True:
        position = path.find("/", position) + 1
        if position == 0:
            return None
        owner = paths.get(path[:position])
        if owner is not None:
            return owner
