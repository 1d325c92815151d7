"""The read-only metadata a DHIS2 client needs to name antq's data: data
sets (report forms), data elements (indicators), organisation units (every
version of every unit the caller sees, with `level`, `path` of UIDs,
`parent` and `children`) and category option combos (the breakdowns), with
DHIS2's field names, `fields`, simple `filter`s and paging."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import VIEW
from antq.indicators.identifiers import DEFAULT_OPTION_CODE, DEFAULT_OPTION_UID, option_uid
from antq.indicators.importers.options import BadParameter
from antq.indicators.models import Indicator, ReportForm
from antq.units.models import Unit

VERSION = "2.40.0"  # the DHIS2 whose answers antq's follow
PERIOD_TYPES = {
    "monthly": "Monthly",
    "quarterly": "Quarterly",
    "sixmonthly": "SixMonthly",
    "yearly": "Yearly",
}
VALUE_TYPES = {
    "integer": "INTEGER_ZERO_OR_POSITIVE",
    "decimal": "NUMBER",
    "percent": "PERCENTAGE",
    "boolean": "BOOLEAN",
}
DEFAULT_FIELDS = ("id", "displayName")
MAX_PAGE = 1000
FILTER_FIELDS = {"id": "uid", "code": "code", "name": "name", "displayName": "name"}


def system_info() -> dict:
    now = timezone.localtime()
    return {
        "version": VERSION,
        "revision": "antq",
        "systemName": "antq",
        "serverDate": now.isoformat(timespec="milliseconds")[:23],
        "serverTimeZoneId": str(now.tzinfo),
        "calendar": "iso8601",
        "dateFormat": "yyyy-mm-dd",
        "contextPath": "",
    }


def data_set(form: ReportForm) -> dict:
    name = str(form.name)
    return {
        "id": form.uid,
        "code": form.code,
        "name": name,
        "displayName": name,
        "shortName": form.code,
        "periodType": PERIOD_TYPES.get(form.period_type, form.period_type),
        "dataSetElements": [
            {"dataElement": {"id": line.indicator.uid}} for line in form.lines.all()
        ],
        "categoryCombo": {"id": "bjDvmb4bfuf"},  # DHIS2's default category combo
    }


def data_element(indicator: Indicator) -> dict:
    return {
        "id": indicator.uid,
        "code": indicator.code,
        "name": indicator.name,
        "displayName": indicator.name,
        "shortName": indicator.code,
        "valueType": VALUE_TYPES.get(indicator.value_type, "NUMBER"),
        "aggregationType": indicator.aggregation.upper(),
        "domainType": "AGGREGATE",
        "categoryOptionCombos": [{"id": DEFAULT_OPTION_UID}]
        + [{"id": option_uid(o["code"])} for o in indicator.options],
    }


def organisation_unit(unit: Unit, uids: dict[int, str], children: list[str]) -> dict:
    path_ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    return {
        "id": unit.uid,
        "code": unit.code,
        "name": unit.name,
        "displayName": unit.name,
        "shortName": unit.short_name or unit.name,
        "level": unit.depth + 1,
        "path": "/" + "/".join(uids.get(pk, "") for pk in path_ids),
        "parent": {"id": uids[unit.parent_id]} if unit.parent_id in uids else None,
        "children": [{"id": uid} for uid in children],
        "openingDate": unit.valid_from.isoformat() if unit.valid_from else None,
        "closedDate": unit.valid_to.isoformat() if unit.valid_to else None,
    }


def category_option_combos() -> list[dict]:
    combos = {DEFAULT_OPTION_CODE: "default"}
    for indicator in Indicator.objects.filter(active=True).exclude(options=[]):
        for option in indicator.options:
            combos.setdefault(option["code"], option.get("label") or option["code"])
    return [
        {
            "id": DEFAULT_OPTION_UID if code == DEFAULT_OPTION_CODE else option_uid(code),
            "code": code,
            "name": name,
            "displayName": name,
        }
        for code, name in combos.items()
    ]


def unit_queryset(user, parameters):
    units = Unit.objects.for_user(user, VIEW)
    if "level" in parameters:
        try:
            units = units.filter(depth=int(parameters["level"]) - 1)
        except ValueError:
            raise BadParameter("level", _("level phải là số nguyên.")) from None
    for text in parameters.getlist("filter"):
        units = units.filter(
            _filter(text, {**FILTER_FIELDS, "level": "depth", "parent.id": "parent__uid"})
        )
    return units.order_by("path")


def _filter(text: str, fields: dict[str, str]) -> Q:
    """DHIS2's `filter=field:operator:value` for eq, in, like/ilike."""
    name, _sep, rest = text.partition(":")
    operator, _sep, value = rest.partition(":")
    column = fields.get(name)
    if column is None or operator not in {"eq", "in", "like", "ilike", "!eq"}:
        raise BadParameter(
            "filter", _("filter “%(text)s” không được hỗ trợ (eq, in, like).") % {"text": text}
        )
    if column == "depth" and operator in {"eq", "!eq"}:
        value = str(int(value) - 1) if value.isdigit() else "-1"
    if operator == "in":
        return Q(**{f"{column}__in": value.strip("[]").split(",")})
    if operator in {"like", "ilike"}:
        return Q(**{f"{column}__icontains": value})
    return ~Q(**{column: value}) if operator == "!eq" else Q(**{column: value})


def filtered(queryset, parameters):
    for text in parameters.getlist("filter"):
        queryset = queryset.filter(_filter(text, FILTER_FIELDS))
    return queryset


def page_of(items_count: int, parameters) -> tuple[int, int, int | None]:
    """(page, page size, pages) from DHIS2's page, pageSize and paging."""
    if parameters.get("paging", "true").lower() == "false":
        return 1, max(items_count, 1), None
    try:
        page = max(1, int(parameters.get("page", 1)))
        size = min(MAX_PAGE, max(1, int(parameters.get("pageSize", 50))))
    except ValueError:
        raise BadParameter("page", _("page và pageSize phải là số nguyên.")) from None
    return page, size, max(1, -(-items_count // size))


def select(item: dict, parameters) -> dict:
    """DHIS2's `fields`: a list of names (`id,name`), `*` or `:all`; a
    nested selection (`children[id,name]`) keeps the named object."""
    text = parameters.get("fields", "")
    if text in {"*", ":all", ":owner"}:
        return item
    names = [part.split("[")[0].strip() for part in _split(text)] if text else DEFAULT_FIELDS
    return {name: item[name] for name in names if name in item}


def _split(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += {"[": 1, "]": -1}.get(char, 0)
        current += char
    return [*parts, current]
