"""GET /api/dataValueSets: values in DHIS2's JSON, CSV, XML (DXF2) or ADX,
named in the request's id schemes (UIDs by default; codes for ADX).

Only approved reports are exported unless `includeUnapproved=true` (antq's
own parameter: DHIS2 has no field for a value's approval, so an export says
it by what it contains). antq deletes values outright, so `includeDeleted`
has nothing more to add."""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from xml.sax.saxutils import quoteattr

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from antq.accounts.access import VIEW
from antq.core.periods import InvalidPeriod, Period, parse
from antq.indicators.dhis2.readers import ADX, BREAKDOWN_CATEGORY, CSV, JSON, XML
from antq.indicators.identifiers import DEFAULT_OPTION_CODE, DEFAULT_OPTION_UID, option_name
from antq.indicators.importers.options import CODE, SCHEMES, UID, BadParameter, IdSchemes
from antq.indicators.models import DataValue, Indicator, ReportForm, Submission
from antq.units.models import Unit

LISTS = ("dataSet", "dataElement", "period", "orgUnit")
FLAGS = ("children", "includeDeleted", "includeUnapproved")
SCHEME_NAMES = {
    "idScheme": "id",
    "dataElementIdScheme": "data_element",
    "orgUnitIdScheme": "org_unit",
    "categoryOptionComboIdScheme": "option",
    "attributeOptionComboIdScheme": "option",
    "dataSetIdScheme": "data_set",
}
OTHERS = ("startDate", "endDate", "lastUpdated", "lastUpdatedDuration", "limit")
DURATION = re.compile(r"^(\d+)([dhms])$")
CSV_HEADER = [
    "dataelement", "period", "orgunit", "catoptcombo", "attroptcombo", "value",
    "storedby", "lastupdated", "comment", "followup", "deleted",
]  # fmt: skip
ADX_DURATIONS = {"monthly": "P1M", "quarterly": "P3M", "sixmonthly": "P6M", "yearly": "P1Y"}


class IllegalQuery(ValueError):
    """A query DHIS2 would refuse as illegal (409)."""


@dataclass
class Query:
    forms: list[ReportForm] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    units: list[Unit] = field(default_factory=list)
    children: bool = False
    updated_since: datetime | None = None
    limit: int | None = None
    approved_only: bool = True
    schemes: IdSchemes = field(default_factory=IdSchemes)


def _flag(name: str, text: str) -> bool:
    value = {"true": True, "false": False}.get(text.strip().lower())
    if value is None:
        raise BadParameter(name, _("%(name)s phải là true hoặc false.") % {"name": name})
    return value


def read_query(user, parameters, kind: str) -> Query:
    """The export a request asks for. Raises BadParameter (400), IllegalQuery
    (409), Http404 (a unit the caller does not see)."""
    for name in parameters:
        if name not in (*LISTS, *FLAGS, *SCHEME_NAMES, *OTHERS, "paging", "fields"):
            raise BadParameter(
                name, _("Tham số %(name)s không được hỗ trợ; xem docs/dhis2.md.") % {"name": name}
            )
    query = Query(schemes=IdSchemes(id=CODE if kind == ADX else UID))
    schemes = {}
    for name, kind_name in SCHEME_NAMES.items():
        if name in parameters:
            text = parameters[name].strip().upper()
            if text not in SCHEMES:
                raise BadParameter(name, _("%(name)s phải là UID hoặc CODE.") % {"name": name})
            schemes[kind_name] = SCHEMES[text]
    query.schemes = IdSchemes(**({"id": query.schemes.id} | schemes))
    query.children = _flag("children", parameters.get("children", "false"))
    _flag("includeDeleted", parameters.get("includeDeleted", "false"))
    query.approved_only = not _flag(
        "includeUnapproved", parameters.get("includeUnapproved", "false")
    )
    query.forms = _named(ReportForm.objects.all(), parameters.getlist("dataSet"), "dataSet")
    query.indicators = _named(
        Indicator.objects.all(), parameters.getlist("dataElement"), "dataElement"
    )
    if not query.forms and not query.indicators:
        raise IllegalQuery(_("Cần ít nhất một dataSet hoặc dataElement."))
    if kind == ADX and not query.forms:
        raise IllegalQuery(_("ADX cần dataSet."))
    _read_time(query, parameters)
    names = parameters.getlist("orgUnit")
    if not names:
        raise IllegalQuery(_("Cần ít nhất một orgUnit."))
    day = query.end or (query.periods[-1].end if query.periods else timezone.localdate())
    query.units = [_unit(user, name, day) for name in names]
    if "limit" in parameters:
        try:
            query.limit = int(parameters["limit"])
        except ValueError:
            raise BadParameter("limit", _("limit phải là số nguyên.")) from None
        if query.limit < 0:
            raise IllegalQuery(_("limit không được nhỏ hơn 0."))
    return query


def _named(queryset, names: list[str], what: str) -> list:
    found = []
    for name in names:
        row = queryset.filter(Q(uid=name) | Q(code=name)).first()
        if row is None:
            raise IllegalQuery(_("Không có %(what)s “%(name)s”.") % {"what": what, "name": name})
        found.append(row)
    return found


def _read_time(query: Query, parameters) -> None:
    for text in parameters.getlist("period"):
        try:
            query.periods.append(parse(text))
        except InvalidPeriod as exc:
            raise IllegalQuery(str(exc)) from None
    if not query.periods and ("startDate" in parameters or "endDate" in parameters):
        query.start = parse_date(parameters.get("startDate", "") or "")
        query.end = parse_date(parameters.get("endDate", "") or "")
        if query.start is None or query.end is None:
            raise IllegalQuery(_("startDate và endDate cần cả hai, dạng YYYY-MM-DD."))
        if query.start > query.end:
            raise IllegalQuery(_("startDate phải trước endDate."))
    if "lastUpdated" in parameters:
        text = parameters["lastUpdated"]
        moment = parse_datetime(text) or (
            datetime.combine(parse_date(text), time()) if parse_date(text) else None
        )
        if moment is None:
            raise BadParameter("lastUpdated", _("lastUpdated phải là ngày hoặc thời điểm ISO."))
        query.updated_since = moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    if "lastUpdatedDuration" in parameters:
        match = DURATION.match(parameters["lastUpdatedDuration"].strip())
        if match is None:
            raise BadParameter(
                "lastUpdatedDuration", _("lastUpdatedDuration dạng 10d, 12h, 30m hoặc 45s.")
            )
        unit = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}[match[2]]
        query.updated_since = timezone.now() - timedelta(**{unit: int(match[1])})
    if not (query.periods or query.start or query.updated_since):
        raise IllegalQuery(_("Cần period, hoặc startDate và endDate, hoặc lastUpdated(Duration)."))


def _unit(user, name: str, day: date) -> Unit:
    visible = Unit.objects.for_user(user, VIEW)
    unit = visible.filter(uid=name).first() or visible.filter(code=name).valid_on(day).first()
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị “%(name)s” trong phạm vi của bạn.") % {"name": name})
    return unit


def values_of(user, query: Query):
    """The values asked for, as dicts of what the writers need, in order."""
    rows = DataValue.objects.for_user(user, VIEW)
    indicators = {i.pk for i in query.indicators}
    for form in query.forms:
        indicators.update(form.indicators.values_list("pk", flat=True))
    rows = rows.filter(indicator__in=indicators)
    units = Q()
    for unit in query.units:
        units |= Q(unit__path__prefix=unit.path) if query.children else Q(unit=unit)
    rows = rows.filter(units)
    if query.periods:
        rows = rows.filter(period__in=[p.id for p in query.periods])
    elif query.start:
        rows = rows.filter(period_start__gte=query.start, period_start__lte=query.end)
    if query.updated_since:
        rows = rows.filter(updated_at__gte=query.updated_since)
    if query.approved_only:
        approved = Submission.objects.filter(
            unit=OuterRef("unit"),
            period=OuterRef("period"),
            form__lines__indicator=OuterRef("indicator"),
            status=Submission.Status.APPROVED,
        )
        rows = rows.filter(Exists(approved))
    rows = rows.order_by("period_start", "unit__code", "indicator__code", "option").values(
        "indicator__code", "indicator__uid", "period", "period_type", "period_start",
        "unit__code", "unit__uid", "option", "value", "comment", "updated_at",
        "stored_by__username",
    )  # fmt: skip
    for row in rows[: query.limit] if query.limit is not None else rows.iterator(2000):
        if query.end and Period(row["period_start"], row["period_type"]).end > query.end:
            continue
        yield row


def _named_row(row: dict, schemes: IdSchemes) -> dict:
    by = schemes.of
    return {
        "dataElement": row["indicator__uid" if by("data_element") == UID else "indicator__code"],
        "period": row["period"],
        "orgUnit": row["unit__uid" if by("org_unit") == UID else "unit__code"],
        "categoryOptionCombo": option_name(row["option"], by("option")),
        "attributeOptionCombo": DEFAULT_OPTION_UID if by("option") == UID else DEFAULT_OPTION_CODE,
        "value": format(row["value"].normalize(), "f"),
        "storedBy": row["stored_by__username"] or "antq",
        "lastUpdated": timezone.localtime(row["updated_at"]).isoformat(timespec="milliseconds")[
            :23
        ],
        "comment": row["comment"],
        "followup": False,
    }


def render(query: Query, rows: Iterable[dict], kind: str) -> tuple[str, str]:
    """(content, content type) of the export in `kind`."""
    named = (_named_row(row, query.schemes) | {"_row": row} for row in rows)
    data_set = ""
    if len(query.forms) == 1:
        form = query.forms[0]
        data_set = form.uid if query.schemes.of("data_set") == UID else form.code
    if kind == CSV:
        return _csv(named), "application/csv; charset=utf-8"
    if kind == XML:
        return _xml(named, data_set), "application/xml; charset=utf-8"
    if kind == ADX:
        return _adx(named, data_set), "application/adx+xml; charset=utf-8"
    return _json(named, data_set), JSON


def _json(named, data_set: str) -> dict:
    values = []
    for value in named:
        value.pop("_row")
        if not value["comment"]:
            value.pop("comment")
        values.append(value)
    return ({"dataSet": data_set} if data_set else {}) | {"dataValues": values}


def _csv(named) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for v in named:
        writer.writerow(
            [v["dataElement"], v["period"], v["orgUnit"], v["categoryOptionCombo"],
             v["attributeOptionCombo"], v["value"], v["storedBy"], v["lastUpdated"],
             v["comment"], "false", "false"]
        )  # fmt: skip
    return out.getvalue()


def _attributes(pairs) -> str:
    return " ".join(f"{key}={quoteattr(str(value))}" for key, value in pairs if value != "")


def _xml(named, data_set: str) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0"'
        f"{' dataSet=' + quoteattr(data_set) if data_set else ''}>",
    ]
    for v in named:
        keys = ("dataElement", "period", "orgUnit", "categoryOptionCombo",
                "attributeOptionCombo", "value", "storedBy", "lastUpdated", "comment")  # fmt: skip
        lines.append(f"  <dataValue {_attributes((k, v[k]) for k in keys)}/>")
    lines.append("</dataValueSet>")
    return "\n".join(lines) + "\n"


def adx_period(row: dict) -> str:
    start = row["period_start"]
    return f"{start.isoformat()}/{ADX_DURATIONS.get(row['period_type'], 'P1M')}"


def _adx(named, data_set: str) -> str:
    exported = timezone.now().isoformat(timespec="seconds")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<adx xmlns="urn:ihe:qrph:adx:2015" exported="{exported}">',
    ]
    group = None
    for v in named:
        key = (v["orgUnit"], v["period"])
        if key != group:
            if group is not None:
                lines.append("  </group>")
            group = key
            pairs = (
                ("orgUnit", v["orgUnit"]),
                ("period", adx_period(v["_row"])),
                ("dataSet", data_set),
            )
            lines.append(f"  <group {_attributes(pairs)}>")
        option = v["_row"]["option"]
        pairs = [("dataElement", v["dataElement"])]
        if option:
            pairs.append((BREAKDOWN_CATEGORY, v["categoryOptionCombo"]))
        pairs.append(("value", v["value"]))
        lines.append(f"    <dataValue {_attributes(pairs)}/>")
    if group is not None:
        lines.append("  </group>")
    lines.append("</adx>")
    return "\n".join(lines) + "\n"
