"""What every API router shares, below every app: the error body and the
number types that read Vietnamese writing ("1.480", "7,5") as well as JSON
numbers. Each app's `api.py` imports these; `antq.api` mounts the routers and
turns exceptions into these bodies.

Every number a request carries has a range, so none can overflow the column it
is written to (SQLite stores whatever it is given, and the row then breaks
every page that reads it): `number_for(Model, "field")` takes a DecimalField's
digits, `digits(12, 2)` states them, `Count` fits an integer column, `Offset`
a list offset, `Id` a row id (in a path, a query or a body), `Version` the
version a write read. A test refuses an unbounded number in any request
(tests/test_decimal_bounds.py), and another an API parameter typed a bare
`int` (core/tests/test_kernel_rules.py)."""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator, WithJsonSchema

from antq.core.geo import read_degrees
from antq.core.periods import FIRST_YEAR
from antq.core.vietnamese import NotANumber, parse_number


class ErrorOut(Schema):
    """Every 4xx and 5xx of the API: a sentence for people, the places for programs."""

    detail: str
    errors: list[dict] = []
    current_state: str | None = Field(
        None, description="409 của một bước sai trạng thái: trạng thái hiện tại (mã)"
    )
    current_state_label: str | None = Field(None, description="trạng thái hiện tại (tên)")
    current_version: int | None = Field(
        None, description="409 của một bản sửa dựa trên phiên bản cũ: phiên bản hiện tại"
    )
    alternatives: list[dict] | None = Field(
        None,
        description="422 của một đơn vị không tồn tại vào ngày hỏi: các đơn vị nên chọn thay "
        "(code, name)",
    )


class VersionRequired(Exception):
    """A PUT without the version it was based on: it would overwrite blindly
    whatever changed since it was read. Answered 428 (`antq.api`)."""

    def __init__(self):
        from django.utils.translation import gettext as _

        super().__init__(
            _(
                "Cần gửi phiên bản đã đọc (trường version) để sửa: đọc lại bản ghi, rồi gửi "
                "kèm version của nó."
            )
        )


def require_version(version: int | None) -> int:
    """The version a PUT says it read; raises VersionRequired (428) when it
    says none. Every PUT of the API calls it (a test sends each one without)."""
    if version is None:
        raise VersionRequired()
    return version


def error_body(detail: str, errors: list[dict] | None = None, **extra) -> dict:
    return {"detail": str(detail), "errors": errors or [], **extra}


def _read_number(value, *, integer: bool):
    if isinstance(value, str):
        try:
            parsed = parse_number(value, integer=integer)
        except NotANumber as error:
            raise ValueError(str(error)) from None
        return None if parsed is None else (int(parsed) if integer else parsed)
    return value


#: the largest integer an integer column holds on both databases (PostgreSQL's
#: `integer` is 32 bits; SQLite's 64)
INTEGER_MAX = 2**31 - 1

#: a count in a JSON body: 1480, or "1.480" as an office writes it
Count = Annotated[
    int,
    BeforeValidator(lambda value: _read_number(value, integer=True)),
    Field(ge=-INTEGER_MAX, le=INTEGER_MAX),
    WithJsonSchema({"type": "integer", "minimum": -INTEGER_MAX, "maximum": INTEGER_MAX}),
]

#: where a page of a list starts: never past what a 64-bit integer holds
OFFSET_MAX = 10**9
Offset = Annotated[int, Field(ge=0, le=OFFSET_MAX)]

#: the largest row id (a BigAutoField: 64 bits on both databases)
ID_MAX = 2**63 - 1

#: the id of a row, in a path (`/activities/{int:pk}` takes `pk: Id`), a
#: query or a body (`"origin": 12`, `"assessments": [3, 4]`): 1 to ID_MAX,
#: so 2**63 is a 422 naming the parameter, never an overflow in the database
Id = Annotated[int, Field(ge=1, le=ID_MAX)]

#: a positive whole number kept in an integer column: the version a write
#: was based on (`version`), a register number
Positive = Annotated[int, Field(ge=1, le=INTEGER_MAX)]
Version = Positive

#: a year a request filters on (`?year=2026`)
Year = Annotated[int, Field(ge=1945, le=2100)]


def digits(max_digits: int, decimal_places: int) -> Any:
    """A quantity for a column of `max_digits` digits, `decimal_places` of
    them decimals (a DecimalField's): 7.5, or "7,5" / "1.480,5". A value
    with more digits before or after the point is a 422 in Vietnamese."""
    limit = 10 ** (max_digits - decimal_places)
    return Annotated[
        Decimal,
        BeforeValidator(lambda value: _read_number(value, integer=False)),
        Field(max_digits=max_digits, decimal_places=decimal_places, allow_inf_nan=False),
        WithJsonSchema({"type": "number", "exclusiveMinimum": -limit, "exclusiveMaximum": limit}),
    ]


def number_for(model, field_name: str) -> Any:
    """The quantity type of `model.field_name` (a DecimalField): its digits,
    read from the model, so the API and the column never disagree."""
    field = model._meta.get_field(field_name)
    return digits(field.max_digits, field.decimal_places)


def _read_degrees(value):
    if isinstance(value, str | int | float | Decimal) and not isinstance(value, bool):
        return read_degrees(value)
    return value


#: a latitude or longitude (WGS84 degrees): 20.95123, "20,95123" or
#: "20.95123" (`Degrees | None = None` where optional); the service checks
#: that the point lies in Vietnam
Degrees = Annotated[
    Decimal,
    BeforeValidator(_read_degrees),
    Field(ge=-180, le=180, max_digits=8, decimal_places=5, allow_inf_nan=False),
    WithJsonSchema({"type": "number", "minimum": -180, "maximum": 180}),
]


#: a quantity stored in no column of its own (the widest the database keeps:
#: 18 digits, 4 of them decimals); a column's value takes `number_for`
Number = digits(18, 4)


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: the earliest day a request may name (a founding, an appointment, a
#: decision): before it, the year is a typo
EARLIEST_DAY = dt.date(1945, 1, 1)


def _read_day(value, *, earliest: dt.date):
    """A day as JSON writes it ("2026-10-25"), never a number: pydantic would
    read 0 or "0" as 1 January 1970."""
    from django.utils.translation import gettext as _

    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    elif isinstance(value, str) and _ISO_DAY.match(value.strip()):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(_("Ngày “%(text)s” không có thật.") % {"text": value}) from None
    else:
        raise ValueError(_("Ngày viết dạng năm-tháng-ngày, ví dụ 2026-10-25."))
    if not earliest <= day <= dt.date(2100, 12, 31):
        raise ValueError(
            _("Ngày %(day)s nằm ngoài khoảng antq ghi nhận (%(first)s–31/12/2100).")
            % {"day": day.strftime("%d/%m/%Y"), "first": earliest.strftime("%d/%m/%Y")}
        )
    return day


def day(earliest: dt.date = EARLIEST_DAY) -> Any:
    """A date in a request: "yyyy-mm-dd" text from `earliest` to 2100. Every
    date a request carries is one (a test refuses a plain `date`)."""
    return Annotated[
        dt.date,
        BeforeValidator(lambda value: _read_day(value, earliest=earliest)),
        WithJsonSchema(
            {
                "type": "string",
                "format": "date",
                "pattern": _ISO_DAY.pattern,
                "description": f"năm-tháng-ngày, từ {earliest.isoformat()}",
            }
        ),
    ]


#: a date in a request (`day()`); an event antq records (an activity) takes
#: `day(EVENT_DAY)`: from the first year antq keeps data for
Day = day()
EVENT_DAY = dt.date(FIRST_YEAR, 1, 1)
EventDay = day(EVENT_DAY)
