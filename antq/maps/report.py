"""The map of a movement report: the province's communes (or the nation's
provinces) by the share of units recognised "An toàn về ANTT" in the year,
as a chart entry of the report's frozen figures ({"title", "spec"}), drawn
by the report's documents like its other charts (PNG in the DOCX, SVG in
the PDF)."""

from datetime import date

from django.utils import timezone

from antq.core.actors import SystemActor
from antq.maps.geometry import PROVINCE
from antq.maps.measures import RECOGNITION
from antq.maps.selectors import build_map
from antq.maps.spec import FONT
from antq.units.models import Unit

READER = SystemActor("report")  # the figures of a report are read for its unit as a whole


def report_map(*, root: Unit | None, year: int) -> dict | None:
    """None below a province (a commune's report has no map) or when no unit
    of the map has a figure."""
    if root is not None and root.type != Unit.Type.PROVINCE:
        return None
    as_of = min(date(year, 12, 31), timezone.localdate())
    the_map = build_map(
        user=READER,
        root=root,
        measure_key=RECOGNITION,
        period_text=str(year),
        as_of=as_of,
        level=PROVINCE,
        link=False,
        with_points=False,
        height=560,
    )
    if all(value is None for value in the_map.figures.values.values()):
        return None
    what = "các xã, phường, đặc khu" if root is not None else "các tỉnh, thành phố"
    title = f"Tỷ lệ đơn vị đạt “An toàn về ANTT” năm {year} của {what} — {the_map.place}"
    if the_map.units.schematic:
        title += " (sơ đồ)"
    # the caption under the picture names the map: the picture does not repeat
    # it, and says only that it is a sơ đồ, on one line anchored at the start
    # (WeasyPrint places a multi-line title's <tspan>s from the middle)
    spec = {k: v for k, v in the_map.spec.items() if k != "title"}
    if the_map.units.schematic:
        what = "xã, phường, đặc khu" if root is not None else "tỉnh, thành phố"
        spec["title"] = _note(
            f"Sơ đồ: mỗi ô là một {what}, đặt gần vị trí thực; không phải ranh giới hành chính."
        )
    return {"title": title, "spec": spec, "kind": "map"}


def _note(text: str) -> dict:
    return {
        "text": text,
        "anchor": "start",
        "font": FONT,
        "fontSize": 11,
        "fontWeight": "normal",
        "fontStyle": "italic",
    }


def paper_spec(entry: dict) -> dict:
    """The spec a document draws under the map's caption. A report frozen
    before the caption alone named its map carries the title (and the
    period, and the sơ đồ note as a multi-line subtitle) in the picture too:
    drawn without them, the note kept on one line. The figures are as frozen."""
    spec = entry["spec"]
    title = spec.get("title")
    if not isinstance(title, dict) or title.get("text") != entry["title"]:
        return spec
    spec = {k: v for k, v in spec.items() if k != "title"}
    notes = [line for line in title.get("subtitle") or [] if str(line).startswith("Sơ đồ")]
    if notes:
        spec["title"] = _note(notes[0])
    return spec
