"""What every API router shares, below every app: the error body and the
number types that read Vietnamese writing ("1.480", "7,5") as well as JSON
numbers. Each app's `api.py` imports these; `antq.api` mounts the routers and
turns exceptions into these bodies."""

from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator, WithJsonSchema

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


#: a count in a JSON body: 1480, or "1.480" as an office writes it
Count = Annotated[
    int,
    BeforeValidator(lambda value: _read_number(value, integer=True)),
    WithJsonSchema({"type": "integer"}),
]
#: a quantity in a JSON body: 7.5, or "7,5" / "1.480,5"
Number = Annotated[
    Decimal,
    BeforeValidator(lambda value: _read_number(value, integer=False)),
    WithJsonSchema({"type": "number"}),
]
