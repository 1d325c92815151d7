"""`/api/v1/maps`: the units of a map with their shapes, the figures that
colour them, and the measures to choose from (docs/maps.md).

- `GET /units?parent=<code>&as_of=<date>&detail=coarse|medium|fine&level=…`:
  the children of `parent` (without it: the provinces of the nation, or its
  communes with `level=commune`) as a GeoJSON FeatureCollection; imported
  boundaries where every unit has one on the day, else tiles of the sơ đồ
  (`schematic: true`, each feature's `col` and `row`); `format=topojson`
  answers the same units as a TopoJSON Topology (object `units`).
- `GET /values?parent=<code>&measure=…&period=…&as_of=…`: each unit's figure,
  as read, and its legend class; the legend.
- `GET /measures`: the measures a user may choose.
"""

import json
from datetime import date

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from antq.accounts.access import VIEW, require
from antq.core.api import ErrorOut, error_body
from antq.maps.geometry import COMMUNE, PROVINCE, map_units
from antq.maps.measures import MeasureError, figures, measure_named, measures_for, read_period
from antq.maps.models import SHAPES
from antq.maps.topojson import topology
from antq.units.codes import unit_from_code

router = Router(tags=["maps"])


class MapQuery(Schema):
    parent: str | None = Field(None, description="Mã đơn vị; bỏ trống: toàn quốc")
    as_of: date | None = Field(None, description="Ngày của các đơn vị (mặc định: hôm nay)")
    level: str = Field(PROVINCE, pattern=f"^({PROVINCE}|{COMMUNE})$")


class UnitsQuery(MapQuery):
    detail: str = Field("coarse", pattern="^(coarse|medium|fine)$")
    format: str = Field("geojson", pattern="^(geojson|topojson)$")


class ValuesQuery(MapQuery):
    measure: str = Field(..., max_length=80, description="recognition, indicator:<mã>, …")
    period: str = Field(..., max_length=20, description="2026, 202611, 2026Q3, 202601..202606")


class MeasureOut(Schema):
    key: str
    name: str
    kind: str = Field(description="share (%), number hoặc category")
    period_kind: str = Field(description="year hoặc period")
    unit_label: str


class ValueOut(Schema):
    code: str
    name: str
    value: float | str | None
    label: str
    klass: str = Field(alias="class")


class LegendOut(Schema):
    label: str
    colour: str
    count: int


class ValuesOut(Schema):
    parent: str | None
    measure: MeasureOut
    period: str
    period_label: str
    values: list[ValueOut]
    legend: list[LegendOut]


def _root(request, query: MapQuery):
    as_of = query.as_of or timezone.localdate()
    if query.parent:
        return unit_from_code(request, query.parent, as_of=as_of), as_of
    require(request.auth, VIEW, None, _("Chỉ quản trị hệ thống xem bản đồ toàn quốc."))
    return None, as_of


def _bad(field: str, error: Exception) -> dict:
    return error_body(str(error), [{"loc": ["query", field], "msg": str(error)}])


@router.get("/units", response={200: dict, 403: ErrorOut, 404: ErrorOut})
def units(request, query: Query[UnitsQuery]):
    root, as_of = _root(request, query)
    result = map_units(
        root, as_of, level=query.level if root is None else PROVINCE, detail=query.detail
    )
    return HttpResponse(_units_body(result, query.detail, query.format), content_type=JSON)


JSON = "application/json; charset=utf-8"
KEPT_ANSWERS = 64  # per process and generation of the boundaries


def _units_body(result, detail: str, kind: str) -> bytes:
    """The answer as JSON, kept per process while the boundaries and the
    units drawn are the same (the national TopoJSON costs a second to build)."""
    key = (
        kind,
        detail,
        result.root.pk if result.root else None,
        result.as_of,
        result.level,
        tuple((u.pk, u.code, u.name, u.short_name) for u in result.units),
    )
    kept = SHAPES.cached(dict).setdefault("answers", {})
    if key in kept:
        return kept[key]
    about = {
        "parent": result.root.code if result.root else None,
        "as_of": result.as_of.isoformat(),
        "schematic": result.schematic,
    }
    if kind == "topojson":
        body = {**topology(result.features), **about}
    else:
        body = {"type": "FeatureCollection", **about, "features": result.features}
    answer = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    if len(kept) >= KEPT_ANSWERS:
        kept.clear()
    kept[key] = answer
    return answer


@router.get(
    "/values",
    response={200: ValuesOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    by_alias=True,
)
def values(request, query: Query[ValuesQuery]):
    root, as_of = _root(request, query)
    try:
        measure = measure_named(request.auth, query.measure)
    except MeasureError as error:
        return Status(400, _bad("measure", error))
    try:
        period = read_period(measure, query.period)
    except MeasureError as error:
        return Status(400, _bad("period", error))
    result = map_units(root, as_of, level=query.level if root is None else PROVINCE)
    try:
        figs = figures(measure=measure, period=period, root=root, units=result.units, as_of=as_of)
    except MeasureError as error:
        return Status(400, _bad("period", error))
    counts = figs.counts()
    return {
        "parent": root.code if root else None,
        "measure": measure.__dict__,
        "period": query.period,
        "period_label": figs.period_label,
        "values": [
            {
                "code": u.code,
                "name": u.name,
                "value": figs.values.get(u.code),
                "label": figs.labels.get(u.code, "—"),
                "class": figs.classes.get(u.code, ""),
            }
            for u in result.units
        ],
        "legend": [
            {"label": label, "colour": colour, "count": counts[label]}
            for label, colour in figs.legend
        ],
    }


@router.get("/measures", response=list[MeasureOut])
def measures(request):
    return [m.__dict__ for m in measures_for(request.auth)]
