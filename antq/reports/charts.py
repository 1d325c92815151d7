"""Vega-Lite chart definitions: one spec for the page (drawn by the Vega bundle
served locally) and for documents (rendered to SVG/PNG by vl-convert)."""

import functools
import hashlib
from pathlib import Path

import vl_convert
from django.conf import settings

# Vietnamese number format in charts: 1.480 and 12,5.
VI_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # an identifier, never fetched
FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"
MONTH_LABEL = (
    "test(/^[0-9]{6}$/, datum.value)"
    " ? slice(datum.value, 4) + '/' + slice(datum.value, 0, 4) : datum.value"
)


def _base(title: str, values: list[dict]) -> dict:
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "font": FONT, "fontSize": 14},
        # the picture is named by its title; its marks stay out of the
        # accessibility tree (an empty chart's mark group would be an unnamed
        # graphic), and the page's table says the same figures to a reader
        "description": title,
        "width": "container",
        "height": 260,
        "data": {"values": values},
        "config": {
            "font": FONT,
            "aria": False,
            "mark": {"aria": False},
            "axis": {"labelFont": FONT, "titleFont": FONT},
        },
    }


def bar_by_unit(title: str, unit_label: str, rows: list[tuple[str, float]]) -> dict:
    spec = _base(title, [{"don_vi": name, "gia_tri": value} for name, value in rows])
    spec.update(
        {
            "mark": {"type": "bar", "color": "#0b4f8a"},
            "encoding": {
                "y": {"field": "don_vi", "type": "nominal", "sort": "-x", "title": None},
                "x": {
                    "field": "gia_tri",
                    "type": "quantitative",
                    "title": unit_label,
                    "axis": {"format": ",d", "tickMinStep": 1},
                },
                "tooltip": [
                    {"field": "don_vi", "title": "Đơn vị"},
                    {"field": "gia_tri", "title": unit_label, "format": ",.2~f"},
                ],
            },
        }
    )
    spec["height"] = max(160, 18 * len(rows))
    return spec


def line_over_time(title: str, unit_label: str, points: list[tuple[str, str, float]]) -> dict:
    """points: (period id, label, value)."""
    spec = _base(
        title, [{"ky": pid, "nhan": label, "gia_tri": value} for pid, label, value in points]
    )
    spec.update(
        {
            "mark": {"type": "line", "point": True, "color": "#a4161a"},
            "encoding": {
                "x": {
                    "field": "ky",
                    "type": "ordinal",
                    "title": None,
                    "sort": None,
                    # a month id 202611 reads 11/2026; other periods as they are
                    "axis": {"labelExpr": MONTH_LABEL},
                },
                "y": {
                    "field": "gia_tri",
                    "type": "quantitative",
                    "title": unit_label,
                    "axis": {"format": ",d", "tickMinStep": 1},
                },
                "tooltip": [
                    {"field": "nhan", "title": "Kỳ"},
                    {"field": "gia_tri", "title": unit_label, "format": ",.2~f"},
                ],
            },
        }
    )
    return spec


def _static_width(spec: dict) -> dict:
    return {**spec, "width": 640}


def to_svg(spec: dict) -> str:
    return vl_convert.vegalite_to_svg(_static_width(spec), format_locale=VI_LOCALE)


def to_png(spec: dict) -> bytes:
    return vl_convert.vegalite_to_png(_static_width(spec), scale=2, format_locale=VI_LOCALE)


@functools.cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script, built offline by vl-convert
    (about 0.9 MB, 3 s) and cached on disk between processes."""
    cache_dir = Path(settings.VAR_DIR) / "cache"
    key = hashlib.sha256(vl_convert.get_vega_version().encode()).hexdigest()[:12]
    path = cache_dir / f"vega-bundle-{key}.js"
    if path.exists():
        return path.read_text(encoding="utf-8")
    bundle = vl_convert.javascript_bundle()
    cache_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(bundle, encoding="utf-8")
    return bundle
