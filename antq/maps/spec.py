"""One map definition for the page and the paper: a Vega-Lite `geoshape`
spec, drawn in the browser by the Vega bundle antq serves itself and rendered
to SVG/PNG by vl-convert for downloads and documents."""

import vl_convert
from django.utils.translation import gettext as _

from antq.maps.geometry import MapUnits, tile_centre
from antq.maps.measures import Figures

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # an identifier, never fetched
FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"
VI_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}
LABELLED_TILES = 70  # tiles carry their names up to this many units
DARK_COLOURS = {"#3182bd", "#08519c", "#2c7bb6", "#d7191c"}
POINT_SHAPES = {"festival": "triangle-up", "model": "diamond", "team": "square"}
POINT_COLOURS = {"festival": "#a4161a", "model": "#6a3d9a", "team": "#222222"}


def map_spec(
    *,
    title: str,
    units: MapUnits,
    figures: Figures,
    points: list[dict] | None = None,
    link: str | None = None,
    height: int = 520,
) -> dict:
    """The spec of a map of `units` coloured by `figures`. `link` (a URL with
    `{code}`, kept in `usermeta`) makes every unit a link to its own map; `points` are dicts with
    kind, name, lat and lon (placed in their unit's tile on a sơ đồ, where
    they carry `unit` instead of coordinates of their own)."""
    features = []
    for feature in units.features:
        code = feature["properties"]["code"]
        properties = {
            **feature["properties"],
            "value": figures.labels.get(code, "—"),
            "klass": figures.classes.get(code, ""),
        }
        geometry = feature["geometry"] if units.schematic else units.drawn[code]
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    domain = [label for label, _colour in figures.legend]
    colours = [colour for _label, colour in figures.legend]
    subtitle = [figures.period_label]
    if units.schematic:
        subtitle.append(_("Sơ đồ: mỗi ô là một đơn vị, đặt gần vị trí thực; không phải ranh giới."))
    shapes = {
        "data": {"values": features},
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.6},
        "encoding": {
            "color": {
                "field": "properties.klass",
                "type": "nominal",
                "scale": {"domain": domain, "range": colours},
                "legend": {
                    "title": figures.measure.name,
                    "orient": "bottom",
                    "direction": "vertical",
                    "labelLimit": 320,
                    "symbolType": "square",
                    "titleLimit": 480,
                },
            },
            "tooltip": [
                {"field": "properties.name", "title": _("Đơn vị")},
                {"field": "properties.value", "title": figures.measure.name},
            ],
        },
    }
    if link:  # maps.js follows a click on a unit (and the table's links do the same)
        shapes["mark"]["cursor"] = "pointer"
    layers = [shapes]
    colours = dict(figures.legend)
    dark = {code for code, klass in figures.classes.items() if colours.get(klass) in DARK_COLOURS}
    if units.schematic and len(features) <= LABELLED_TILES:
        layers.append(
            {
                "data": {"values": [_label_point(f, dark) for f in units.features]},
                "mark": {
                    "type": "text",
                    "fontSize": 9 if len(features) > 40 else 10,
                    "baseline": "middle",
                    "lineHeight": 11,
                },
                "encoding": {
                    "longitude": {"field": "x", "type": "quantitative"},
                    "latitude": {"field": "y", "type": "quantitative"},
                    "text": {"field": "label"},
                    # white on the dark classes, so a name stays readable
                    "color": {
                        "condition": {"test": "datum.dark", "value": "#ffffff"},
                        "value": "#111111",
                    },
                },
            }
        )
    if points:
        layers.append(_points_layer(units, points))
    spec = {
        "$schema": SCHEMA,
        "title": {"text": title_lines(title), "subtitle": subtitle, "font": FONT, "fontSize": 14},
        "description": title,
        "width": "container",
        "height": height,
        "projection": {"type": "identity"} if units.schematic else {"type": "mercator"},
        "layer": layers,
        "config": {
            "font": FONT,
            "aria": False,
            "mark": {"aria": False},
            "view": {"stroke": None},
            "legend": {"labelFont": FONT, "titleFont": FONT},
        },
    }
    if link:  # one template, not a URL per unit (3,321 communes)
        spec["usermeta"] = {"link": link}
    return spec


TITLE_LINE = 60  # characters: a longer title is cut at its dash onto two lines


def title_lines(title: str) -> str | list[str]:
    """The title, on two lines when it is long ("Tỷ lệ báo cáo đã nộp: …" /
    "— Tỉnh Quảng Ninh"), so a narrow map does not clip it at both ends."""
    if len(title) <= TITLE_LINE or " — " not in title:
        return title
    head, _dash, tail = title.rpartition(" — ")
    return [head, f"— {tail}"]


def _label_point(feature: dict, dark: set[str]) -> dict:
    """A tile's name on two lines at most ("Hồ Chí" / "Minh"), in the tile's
    upper part (its points sit below)."""
    x, y = tile_centre(feature)
    y -= 0.1
    words = feature["properties"]["short"].split()
    half = (len(words) + 1) // 2 if len(" ".join(words)) > 8 else len(words)
    lines = [" ".join(words[:half]), " ".join(words[half:])]
    return {
        "x": x,
        "y": y,
        "label": [line for line in lines if line],
        "dark": feature["properties"]["code"] in dark,
    }


def _points_layer(units: MapUnits, points: list[dict]) -> dict:
    centres = (
        {f["properties"]["code"]: tile_centre(f) for f in units.features} if units.schematic else {}
    )
    values = []
    seen: dict[str, int] = {}
    for point in points:
        if units.schematic:
            centre = centres.get(point.get("unit", ""))
            if centre is None:
                continue
            # several points of one tile sit side by side inside it
            index = seen[point["unit"]] = seen.get(point["unit"], -1) + 1
            x, y = centre[0] - 0.25 + 0.25 * (index % 3), centre[1] + 0.3 - 0.16 * (index // 3)
        else:
            x, y = point["lon"], point["lat"]
        values.append({**point, "x": x, "y": y, "kind_label": str(point["kind_label"])})
    kinds = sorted({p["kind"] for p in points})
    return {
        "data": {"values": values},
        "mark": {
            "type": "point",
            "filled": True,
            "size": 60,
            "stroke": "#ffffff",
            "strokeWidth": 0.8,
        },
        "encoding": {
            "longitude": {"field": "x", "type": "quantitative"},
            "latitude": {"field": "y", "type": "quantitative"},
            "shape": {
                "field": "kind_label",
                "type": "nominal",
                "title": _("Điểm"),
                "scale": {
                    "domain": [str(p) for p in _kind_labels(points, kinds)],
                    "range": [POINT_SHAPES[k] for k in kinds],
                },
                "legend": {"orient": "bottom"},
            },
            "color": {"value": "#a4161a"},
            "tooltip": [
                {"field": "kind_label", "title": _("Loại")},
                {"field": "name", "title": _("Tên")},
            ],
        },
    }


def _kind_labels(points: list[dict], kinds: list[str]) -> list[str]:
    names = {p["kind"]: str(p["kind_label"]) for p in points}
    return [names[k] for k in kinds]


def _static(spec: dict) -> dict:
    return {**spec, "width": 640}


def to_svg(spec: dict) -> str:
    return vl_convert.vegalite_to_svg(_static(spec), format_locale=VI_LOCALE)


def to_png(spec: dict, scale: float = 2) -> bytes:
    return vl_convert.vegalite_to_png(_static(spec), scale=scale, format_locale=VI_LOCALE)
