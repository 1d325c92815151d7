"""A dataValueSets request body → the set's own fields and its rows, in the
format its Content-Type names: DHIS2's JSON, its CSV (columns by position,
the first row a header), DXF2 XML, or ADX. XML is read with defusedxml
(no DTD, no entities: no XXE, no entity bomb); JSON with a bounded depth."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import ijson
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

from antq.indicators.importers import MAX_VALUES

JSON, CSV, XML, ADX = "json", "csv", "xml", "adx"
CONTENT_TYPES = {
    "application/json": JSON,
    "application/csv": CSV,
    "text/csv": CSV,
    "application/xml": XML,
    "text/xml": XML,
    "application/adx+xml": ADX,
    "application/xml+adx": ADX,
}
# DHIS2's CSV columns, in its order (the header row is not read)
CSV_COLUMNS = (
    "dataElement",
    "period",
    "orgUnit",
    "categoryOptionCombo",
    "attributeOptionCombo",
    "value",
    "storedBy",
    "lastUpdated",
    "comment",
    "followup",
    "deleted",
)
SET_FIELDS = ("dataSet", "completeDate", "period", "orgUnit", "attributeOptionCombo")
ROW_FIELDS = frozenset(CSV_COLUMNS) | {"created"}
MAX_DEPTH = 4  # {"dataValues": [{"dataElement": "…"}]} is three deep
BREAKDOWN_CATEGORY = "PHAN_TO"  # antq's one ADX category: the breakdown of an indicator


class UnsupportedType(ValueError):
    """A Content-Type antq does not read (415)."""


@dataclass
class Body:
    """The set's fields (`dataSet`, `period`, `orgUnit`, …), the import
    parameters it carries itself (XML attributes, JSON keys), and its rows."""

    kind: str
    fields: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, str] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)


def kind_of(content_type: str) -> str:
    kind = CONTENT_TYPES.get((content_type or "").split(";")[0].strip().lower())
    if kind is None:
        raise UnsupportedType(
            _("Không đọc được kiểu nội dung “%(type)s”; dùng JSON, CSV, XML hoặc ADX.")
            % {"type": content_type or "?"}
        )
    return kind


def read_body(data: bytes, content_type: str, *, first_row_is_header: bool = True) -> Body:
    """Raises UnsupportedType (415) or ValueError (400) with a sentence."""
    kind = kind_of(content_type)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    reader = {JSON: _json, CSV: _csv, XML: _xml, ADX: _adx}[kind]
    body = Body(kind)
    try:
        if kind == CSV:
            _csv(body, data, first_row_is_header)
        else:
            reader(body, data)
    except UnicodeDecodeError:
        raise ValueError(_("Tệp không phải văn bản UTF-8.")) from None
    if len(body.rows) > MAX_VALUES:
        raise ValueError(_("Quá nhiều giá trị (tối đa %(max)s).") % {"max": MAX_VALUES})
    return body


def _json(body: Body, data: bytes) -> None:
    """DHIS2's JSON set, event by event: set fields and parameters at the top
    level, values in `dataValues`; deeper than MAX_DEPTH is refused."""
    row: dict | None = None
    depth = 0
    try:
        for prefix, event, value in ijson.parse(io.BytesIO(data)):
            if event in {"start_map", "start_array"}:
                depth += 1
                if depth > MAX_DEPTH:
                    raise ValueError(_("JSON lồng quá sâu."))
                if prefix == "dataValues.item" and event == "start_map":
                    row = {}
            elif event in {"end_map", "end_array"}:
                depth -= 1
                if prefix == "dataValues.item" and event == "end_map":
                    body.rows.append(row or {})
                    row = None
            elif prefix.startswith("dataValues.item.") and row is not None:
                row[prefix.removeprefix("dataValues.item.")] = value
            elif "." not in prefix and prefix and prefix != "dataValues":
                target = body.fields if prefix in SET_FIELDS else body.parameters
                target[prefix] = (
                    ""
                    if value is None
                    else str(value).lower()
                    if isinstance(value, bool)
                    else str(value)
                )
    except ijson.JSONError as exc:
        raise ValueError(_("JSON không hợp lệ: %(error)s") % {"error": exc}) from None
    if depth != 0:
        raise ValueError(_("JSON không hợp lệ: thiếu dấu đóng."))


def _csv(body: Body, data: bytes, first_row_is_header: bool) -> None:
    text = io.StringIO(data.decode("utf-8"), newline="")
    try:
        reader = csv.reader(text)
        if first_row_is_header:
            next(reader, None)
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(CSV_COLUMNS):
                raise ValueError(
                    _("Dòng CSV có %(count)s cột; DHIS2 có tối đa %(max)s (xem docs/dhis2.md).")
                    % {"count": len(cells), "max": len(CSV_COLUMNS)}
                )
            body.rows.append(
                {key: cell.strip() for key, cell in zip(CSV_COLUMNS, cells, strict=False)}
            )
    except csv.Error as exc:
        raise ValueError(_("CSV không hợp lệ: %(error)s") % {"error": exc}) from None


def _elements(data: bytes) -> Iterator[tuple[str, str, dict]]:
    """(event, local name, attributes) of an XML document, safely."""
    try:
        for event, element in iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True):
            yield event, element.tag.rpartition("}")[2], dict(element.attrib)
            if event == "end":
                element.clear()
    except DefusedXmlException:
        raise ValueError(_("XML có DTD hoặc thực thể: không được nhận.")) from None
    except SyntaxError as exc:  # xml.etree.ElementTree.ParseError
        raise ValueError(_("XML không hợp lệ: %(error)s") % {"error": exc}) from None


def _xml(body: Body, data: bytes) -> None:
    for event, name, attributes in _elements(data):
        if event != "start":
            continue
        if name == "dataValueSet":
            for key, value in attributes.items():
                (body.fields if key in SET_FIELDS else body.parameters)[key] = value
        elif name == "dataValue":
            body.rows.append(attributes)
        else:
            raise ValueError(_("Thẻ XML “%(name)s” không có trong DXF2.") % {"name": name})


def _adx(body: Body, data: bytes) -> None:
    """ADX: values grouped by orgUnit, period (ISO: 2026-07-01/P1M) and
    dataSet; a breakdown is the PHAN_TO attribute (or categoryOptionCombo)."""
    group: dict = {}
    for event, name, attributes in _elements(data):
        if event != "start":
            continue
        if name == "adx":
            continue
        if name == "group":
            group = dict(attributes)
            if "period" in group:
                group["period"] = adx_period(group["period"])
            body.fields.setdefault("dataSet", group.get("dataSet", ""))
        elif name == "dataValue":
            row = {k: v for k, v in group.items() if k not in {"dataSet", "completeDate"}}
            for key, value in attributes.items():
                if key == BREAKDOWN_CATEGORY:
                    row["categoryOptionCombo"] = value
                elif key in ROW_FIELDS:
                    row[key] = value
                else:  # a dimension antq does not have: refused as an unknown breakdown
                    row["categoryOptionCombo"] = f"{key}={value}"
            body.rows.append(row)
        else:
            raise ValueError(_("Thẻ ADX “%(name)s” không được nhận.") % {"name": name})


def adx_period(text: str) -> str:
    """ADX's period (start/duration) as DHIS2's id: 2026-07-01/P1M → 202607;
    anything antq has no period for is returned as it is (refused later)."""
    start, _slash, duration = text.partition("/")
    try:
        day = date.fromisoformat(start)
    except ValueError:
        return text
    if day.day != 1:
        return text
    if duration == "P1M":
        return f"{day.year}{day.month:02d}"
    if duration == "P3M" and day.month % 3 == 1:
        return f"{day.year}Q{day.month // 3 + 1}"
    if duration == "P6M" and day.month in {1, 7}:
        return f"{day.year}S{1 if day.month == 1 else 2}"
    if duration == "P1Y" and day.month == 1:
        return str(day.year)
    return text
